using Microsoft.Extensions.Configuration;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>How much one ingest request may carry (<c>Omni:Ingest:*</c>). Over either limit: 413.</summary>
internal sealed record IngestLimits(long MaxBodyBytes, int MaxMessages, int MaxConversations)
{
    public const long DefaultMaxBodyBytes = 16 * 1024 * 1024;
    public const int DefaultMaxMessages = 5_000;

    public static IngestLimits From(IConfiguration config)
    {
        var section = config.GetSection("Omni:Ingest");
        return new IngestLimits(
            section.GetValue("MaxBodyBytes", DefaultMaxBodyBytes),
            section.GetValue("MaxMessages", DefaultMaxMessages),
            section.GetValue("MaxConversations", DefaultMaxMessages));
    }
}
