using Omni.Channels.Domain;
using Omni.Channels.Providers;
using Omni.Platform.Database;
using Omni.Platform.Security;

namespace Omni.Channels.Gateway;

/// <summary>(Re)connects a channel with its platform and records the outcome on the channel.</summary>
internal sealed class ChannelConnector(ProviderRegistry providers, ProviderSettings settings, ChannelContexts contexts, SecretBox box)
{
    /// <returns>The platform's refusal message when it rejected the credentials, else null.</returns>
    public async Task<string?> ConnectAsync(Channel channel, CancellationToken ct)
    {
        var provider = providers.Get(channel.Type);
        var context = contexts.For(channel);
        if (provider.GenerateSecrets(context.Credentials) is { Count: > 0 } generated)
        {
            var credentials = new Dictionary<string, string>(context.Credentials);
            foreach (var (k, v) in generated) credentials[k] = v;
            channel.SealedCredentials = ChannelCredentials.Seal(box, channel.Id, credentials);
            context = context with { Credentials = credentials };
        }
        try
        {
            var learned = new Dictionary<string, string>(context.Settings);
            foreach (var (k, v) in provider.PublicSettings(context.Credentials)) learned[k] = v;
            foreach (var (k, v) in await provider.ConnectAsync(context, WebhookUrls.For(channel, settings), ct)) learned[k] = v;
            channel.Settings = ChannelResponse.SettingsJson(learned);
            channel.Status = ChannelStatuses.Active;
            channel.LastError = null;
            channel.LastErrorAt = null;
            return null;
        }
        catch (ChannelConnectException e)
        {
            channel.Status = ChannelStatuses.Error;
            channel.LastError = e.Message;
            channel.LastErrorAt = DbClock.Now;
            return e.CredentialsRejected ? e.Message : null;
        }
    }
}
