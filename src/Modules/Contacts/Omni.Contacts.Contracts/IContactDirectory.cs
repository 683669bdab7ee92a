namespace Omni.Contacts.Contracts;

/// <summary>What other modules may ask of Contacts. Runs inside the caller's unit of work (same
/// transaction, same org), so a contact created here commits or rolls back with the caller's change.</summary>
public interface IContactDirectory
{
    /// <summary>The contact an identifier belongs to, creating it when there is none. Phone-like identifiers
    /// match the ingest contract's rule: the exact E.164 number first, then the last 10 digits. Concurrent
    /// calls for the same identifier yield one contact.</summary>
    /// <exception cref="ArgumentException">The identifier's type is unknown or its value is invalid.</exception>
    Task<ContactMatch> FindOrCreateAsync(ContactIdentifier identifier, string? displayName, CancellationToken ct);

    /// <summary>As <see cref="FindOrCreateAsync"/> for many people at once, with the same matching rules and
    /// the same locks (taken in one order, so concurrent batches cannot deadlock each other): one query finds
    /// them all, one statement creates the contacts that are new and one their identifiers. People in the
    /// batch who share an identifier (or a phone's last 10 digits) become one contact. An invalid identifier
    /// gets its <see cref="ContactLookup.Error"/> and does not stop the others. Results are in input order.</summary>
    Task<IReadOnlyList<ContactLookup>> FindOrCreateManyAsync(IReadOnlyList<ContactRequest> people, CancellationToken ct);

    /// <summary>As <see cref="FindOrCreateAsync"/> without creating.</summary>
    Task<Guid?> FindAsync(ContactIdentifier identifier, CancellationToken ct);

    Task<ContactSummary?> GetAsync(Guid contactId, CancellationToken ct);
}

public sealed record ContactMatch(Guid ContactId, bool Created);

public sealed record ContactRequest(ContactIdentifier Identifier, string? DisplayName);

/// <summary>One person of <see cref="IContactDirectory.FindOrCreateManyAsync"/>: the contact (with its current
/// name) or, when the identifier is invalid, why.</summary>
public sealed record ContactLookup(ContactMatch? Match, string? Name, string? Error);

public sealed record ContactSummary(Guid Id, string? Name, string? Email, string? Phone);
