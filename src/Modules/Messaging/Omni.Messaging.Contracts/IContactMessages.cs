namespace Omni.Messaging.Contracts;

/// <summary>A contact's messages across its conversations, for views that merge them with other activity.
/// Runs in the caller's unit of work and org.</summary>
public interface IContactMessages
{
    /// <summary>Newest first: at most <paramref name="limit"/> messages sent before (<paramref name="beforeAt"/>,
    /// <paramref name="beforeId"/>) when given. Private notes are included (the caller is a member of the org).</summary>
    Task<IReadOnlyList<ContactMessage>> ListAsync(Guid contactId, DateTimeOffset? beforeAt, Guid? beforeId, int limit, CancellationToken ct);
}
