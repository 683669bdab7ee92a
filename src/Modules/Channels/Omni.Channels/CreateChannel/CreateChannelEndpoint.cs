using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Providers;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.CreateChannel;

internal static class CreateChannelEndpoint
{
    /// <summary>Creates the channel and connects it (Telegram: registers the webhook with a secret token).
    /// Credentials the platform refuses are a 422; a platform that cannot be reached leaves the channel in
    /// <c>error</c>, to be reconnected later.</summary>
    public static async Task<Results<Created<ChannelResponse>, ProblemHttpResult>> Handle(
        CreateChannelRequest body, ChannelsDbContext db, ProviderRegistry providers, ProviderSettings settings, SecretBox box,
        WebhookIntake intake, RequestContext request, CancellationToken ct)
    {
        var provider = providers.Get(body.Type);
        var credentials = (body.Credentials ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var now = DbClock.Now;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(),
            OrgId = request.OrgId,
            Type = provider.Type,
            Name = body.Name.Trim(),
            IngestOnly = !provider.Capabilities.CanSend,
            ExternalId = provider.ExternalIdFrom(credentials),
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var (k, v) in provider.GenerateSecrets(credentials)) credentials[k] = v;
        channel.SealedCredentials = credentials.Count == 0 ? null : ChannelCredentials.Seal(box, channel.Id, credentials);
        var learned = new Dictionary<string, string>(provider.PublicSettings(credentials));
        channel.Settings = ChannelResponse.SettingsJson(learned);

        // Claimed before the platform is touched: connecting a bot that another channel already uses would
        // move that channel's webhook here.
        db.Channels.Add(channel);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (e.IsUniqueViolation("channels_external_id_idx"))
        {
            return ApiProblem.Conflict("channel_taken", "This platform account is already connected as a channel.");
        }

        try
        {
            var context = new ChannelContext(channel.Id, channel.OrgId, channel.Type, channel.ExternalId, credentials, learned);
            foreach (var (k, v) in await provider.ConnectAsync(context, WebhookUrls.For(channel, settings), ct)) learned[k] = v;
        }
        catch (ChannelConnectException e) when (e.CredentialsRejected)
        {
            return ApiProblem.Create(StatusCodes.Status422UnprocessableEntity, "credentials_rejected", e.Message);
        }
        catch (ChannelConnectException e)
        {
            channel.Status = ChannelStatuses.Error;
            channel.LastError = e.Message;
            channel.LastErrorAt = now;
        }
        channel.Settings = ChannelResponse.SettingsJson(learned);
        await db.SaveChangesAsync(ct);
        intake.Forget();
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", ChannelResponse.From(channel, box, WebhookUrls.For(channel, settings)?.ToString()));
    }
}
