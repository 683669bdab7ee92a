using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Gateway;
using Omni.Channels.Providers;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.UpdateChannel;

internal static class UpdateChannelEndpoint
{
    public static async Task<Results<Ok<ChannelResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, UpdateChannelRequest body, ChannelsDbContext db, ProviderRegistry providers, ProviderSettings settings, SecretBox box,
        ChannelConnector connector, WebhookIntake intake, RequestContext request, CancellationToken ct)
    {
        var channel = await db.Channels.AsTracking().SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (channel is null) return TypedResults.NotFound();
        var provider = providers.Get(channel.Type);

        if (body.Name is not null) channel.Name = body.Name.Trim();
        if (body.Credentials is { Count: > 0 } changes)
        {
            if (changes.Keys.FirstOrDefault(k => !provider.RequiredCredentials.Contains(k)) is { } unknown)
                return ApiProblem.Validation($"credentials.{unknown}", $"credentials.{unknown} is not a {channel.Type} credential.");
            var credentials = new Dictionary<string, string>(ChannelCredentials.Open(box, channel.Id, channel.SealedCredentials));
            foreach (var (k, v) in changes) credentials[k] = v.Trim();
            channel.SealedCredentials = ChannelCredentials.Seal(box, channel.Id, credentials);
            channel.ExternalId = provider.ExternalIdFrom(credentials);
            if (await ClaimAsync(db, ct) is { } taken) return taken; // before the platform is touched (see CreateChannel)
            if (await connector.ConnectAsync(channel, ct) is { } refused)
                return ApiProblem.Create(StatusCodes.Status422UnprocessableEntity, "credentials_rejected", refused);
        }
        if (body.Status == ChannelStatuses.Disabled) channel.Status = ChannelStatuses.Disabled;
        else if (body.Status == ChannelStatuses.Active && channel.Status == ChannelStatuses.Disabled) await connector.ConnectAsync(channel, ct);
        channel.UpdatedAt = DbClock.Now;
        if (await ClaimAsync(db, ct) is { } conflict) return conflict;
        intake.Forget();
        return TypedResults.Ok(ChannelResponse.From(channel, box, WebhookUrls.For(channel, settings)?.ToString()));
    }

    private static async Task<ProblemHttpResult?> ClaimAsync(ChannelsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("channels_external_id_idx"))
        {
            return ApiProblem.Conflict("channel_taken", "This platform account is already connected as a channel.");
        }
    }
}
