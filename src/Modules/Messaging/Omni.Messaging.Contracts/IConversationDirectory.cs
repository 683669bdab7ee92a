namespace Omni.Messaging.Contracts;

/// <summary>What other modules may ask about conversations. Runs in the caller's unit of work and org.</summary>
public interface IConversationDirectory
{
    /// <summary>Whether the conversation exists in the current org.</summary>
    Task<bool> ExistsAsync(Guid conversationId, CancellationToken ct);
}
