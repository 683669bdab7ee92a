using Omni.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.Directory;

/// <summary>The Contacts module's contract for other modules (see <see cref="IContactDirectory"/>).</summary>
internal sealed class ContactDirectory(ContactsDbContext db, RequestContext request) : IContactDirectory
{
    public async Task<ContactMatch> FindOrCreateAsync(ContactIdentifier identifier, string? displayName, CancellationToken ct)
    {
        var (type, value) = Normalize(identifier);
        var orgId = request.OrgId;
        var phoneLike = IdentifierRules.IsPhoneLike(type);
        var last10 = phoneLike ? IdentifierRules.Last10(value) : null;

        // Serialize concurrent find-or-create calls for the same person: a phone locks on its last 10
        // digits, so "+55 11 98765-4321" and "11987654321" cannot create two contacts side by side.
        var lockKey = $"{orgId}:{(phoneLike ? "phone:" + (last10 ?? value) : type + ":" + value)}";
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", ct);

        var found = await FindNormalizedAsync(orgId, type, value, last10, ct);
        if (found is { } contactId)
        {
            var known = await db.Identifiers.AnyAsync(i => i.OrgId == orgId && i.Type == type && i.Value == value, ct);
            if (!known)
            {
                db.Identifiers.Add(ContactIdentifiers.NewRow(orgId, contactId, type, value, DbClock.Now));
                await db.SaveChangesAsync(ct);
            }
            return new ContactMatch(contactId, Created: false);
        }

        var now = DbClock.Now;
        var contact = new Contact
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgId,
            Name = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim()[..Math.Min(200, displayName.Trim().Length)],
            Email = type == ContactIdentifierTypes.Email ? value : null,
            Phone = phoneLike ? value : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        contact.Identifiers.Add(ContactIdentifiers.NewRow(orgId, contact.Id, type, value, now));
        if (phoneLike && type != ContactIdentifierTypes.Phone
            && !await db.Identifiers.AnyAsync(i => i.OrgId == orgId && i.Type == ContactIdentifierTypes.Phone && i.Value == value, ct))
            contact.Identifiers.Add(ContactIdentifiers.NewRow(orgId, contact.Id, ContactIdentifierTypes.Phone, value, now));
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return new ContactMatch(contact.Id, Created: true);
    }

    public Task<Guid?> FindAsync(ContactIdentifier identifier, CancellationToken ct)
    {
        var (type, value) = Normalize(identifier);
        return FindNormalizedAsync(request.OrgId, type, value, IdentifierRules.IsPhoneLike(type) ? IdentifierRules.Last10(value) : null, ct);
    }

    public Task<ContactSummary?> GetAsync(Guid contactId, CancellationToken ct) =>
        db.Contacts.Where(c => c.Id == contactId && c.OrgId == request.OrgId)
            .Select(c => new ContactSummary(c.Id, c.Name, c.Email, c.Phone))
            .SingleOrDefaultAsync(ct);

    /// <summary>The ingest contract's rule for phones: the exact number first (under any phone-like type),
    /// then the last 10 digits; the oldest identifier wins a tie.</summary>
    private async Task<Guid?> FindNormalizedAsync(Guid orgId, string type, string value, string? last10, CancellationToken ct)
    {
        var types = IdentifierRules.IsPhoneLike(type) ? ContactIdentifierTypes.PhoneLike.ToList() : [type];
        var exact = await db.Identifiers
            .Where(i => i.OrgId == orgId && types.Contains(i.Type) && i.Value == value)
            .OrderBy(i => i.CreatedAt).Select(i => (Guid?)i.ContactId).FirstOrDefaultAsync(ct);
        if (exact is not null || last10 is null) return exact;
        return await db.Identifiers
            .Where(i => i.OrgId == orgId && i.Last10 == last10)
            .OrderBy(i => i.CreatedAt).Select(i => (Guid?)i.ContactId).FirstOrDefaultAsync(ct);
    }

    private static (string Type, string Value) Normalize(ContactIdentifier identifier) =>
        IdentifierRules.TryNormalize(identifier.Type, identifier.Value, out var value, out var error)
            ? (identifier.Type, value)
            : throw new ArgumentException(error, nameof(identifier));
}
