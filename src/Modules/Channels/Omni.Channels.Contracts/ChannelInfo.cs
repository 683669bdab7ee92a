namespace Omni.Channels.Contracts;

/// <summary>A channel as other modules see it.</summary>
public sealed record ChannelInfo(Guid Id, Guid OrgId, string Type, string Name, string Status, bool IngestOnly, ChannelCapabilities Capabilities);

/// <summary>What a channel can send. <see cref="CustomerServiceWindow"/>: free-form messages only within
/// this time after the contact last wrote (WhatsApp, Instagram: 24 h); outside it only templates.</summary>
public sealed record ChannelCapabilities(
    bool CanSend,
    IReadOnlyList<string> MessageTypes,
    IReadOnlyDictionary<string, long> MaxMediaBytes,
    bool SupportsTemplates,
    TimeSpan? CustomerServiceWindow);
