namespace Omni.Channels.Providers;

/// <summary>A channel as its provider needs it: ids, the opened credentials and the public settings.</summary>
internal sealed record ChannelContext(
    Guid Id,
    Guid OrgId,
    string Type,
    string? ExternalId,
    IReadOnlyDictionary<string, string> Credentials,
    IReadOnlyDictionary<string, string> Settings)
{
    public string Credential(string name) =>
        Credentials.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The channel has no '{name}' credential.");
}
