namespace Omni.Messaging.Contracts;

/// <summary>Which contacts talk to the org on which kind of channel. Runs in the caller's unit of work and org.</summary>
public interface IContactChannels
{
    /// <summary>The contacts that have a conversation (in any status) on a channel of <paramref name="channelType"/>.</summary>
    Task<IReadOnlyList<Guid>> ContactsWithConversationOnAsync(string channelType, CancellationToken ct);
}
