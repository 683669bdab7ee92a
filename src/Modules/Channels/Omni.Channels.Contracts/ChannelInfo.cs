namespace Omni.Channels.Contracts;

/// <summary>A channel as other modules see it.</summary>
public sealed record ChannelInfo(Guid Id, Guid OrgId, string Type, string Name, string Status, bool IngestOnly, ChannelCapabilities Capabilities);

/// <summary>What a channel can send. <see cref="CustomerServiceWindow"/>: free-form messages only within
/// this time after the contact last wrote (WhatsApp, Instagram: 24 h); outside it only templates.
/// Text and caption limits count characters (Unicode scalar values). <see cref="MediaByLinkOnly"/>: the
/// platform takes media only as a public URL it fetches (Instagram), so an uploaded file must be reachable
/// by a signed link of ours.</summary>
public sealed record ChannelCapabilities(
    bool CanSend,
    IReadOnlyList<string> MessageTypes,
    IReadOnlyDictionary<string, long> MaxMediaBytes,
    bool SupportsTemplates,
    TimeSpan? CustomerServiceWindow,
    int MaxTextLength = 4096,
    int MaxCaptionLength = 1024,
    bool MediaByLinkOnly = false);
