using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Contacts;

/// <summary>Turns request fields into normalized identifiers and checks none already belongs to another
/// contact of the org (the unique index is the last word under races; this gives the clear message).</summary>
internal static class ContactIdentifiers
{
    public static List<(string Type, string Value)> Normalize(string? email, string? phone, IEnumerable<IdentifierInput>? extra)
    {
        var list = new List<(string, string)>();
        void Add(string type, string? raw)
        {
            if (raw is null) return;
            if (!IdentifierRules.TryNormalize(type, raw, out var value, out var error))
                throw new ApiException(400, "validation_failed", error);
            if (!list.Contains((type, value))) list.Add((type, value));
        }
        Add(ContactIdentifierTypes.Email, email);
        Add(ContactIdentifierTypes.Phone, phone);
        foreach (var i in extra ?? []) Add(i.Type, i.Value);
        return list;
    }

    public static async Task EnsureFreeAsync(ContactsDbContext db, Guid orgId, IReadOnlyCollection<(string Type, string Value)> identifiers,
        Guid? exceptContactId, CancellationToken ct)
    {
        if (identifiers.Count == 0) return;
        var values = identifiers.Select(i => i.Value).ToList();
        var taken = await db.Identifiers
            .Where(i => i.OrgId == orgId && values.Contains(i.Value) && i.ContactId != exceptContactId)
            .Select(i => new { i.Type, i.Value, i.ContactId })
            .ToListAsync(ct);
        var clash = taken.FirstOrDefault(t => identifiers.Contains((t.Type, t.Value)));
        if (clash is not null)
            throw new ApiException(409, "identifier_taken", $"{clash.Type} {clash.Value} already belongs to contact {clash.ContactId}; merge the two contacts instead.");
    }

    /// <summary>The unique index on (org_id, type, value) in the contacts migration.</summary>
    public const string UniqueConstraint = "contact_identifiers_org_id_type_value_key";

    /// <summary>Saves the changes; an identifier a concurrent request took after <see cref="EnsureFreeAsync"/>
    /// looked is the same <c>identifier_taken</c> conflict, not a bare database one.</summary>
    public static async Task SaveAsync(ContactsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(UniqueConstraint))
        {
            throw new ApiException(409, "identifier_taken", "An identifier was just given to another contact; merge the two contacts instead.");
        }
    }

    public static Identifier NewRow(Guid orgId, Guid contactId, string type, string value, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), OrgId = orgId, ContactId = contactId, Type = type, Value = value, CreatedAt = now,
    };
}
