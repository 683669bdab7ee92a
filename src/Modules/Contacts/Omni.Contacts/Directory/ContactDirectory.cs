using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.Directory;

/// <summary>The Contacts module's contract for other modules (see <see cref="IContactDirectory"/>).</summary>
internal sealed class ContactDirectory(ContactsDbContext db, DbSession session, RequestContext request) : IContactDirectory
{
    /// <summary>One person of <see cref="FindOrCreateManyAsync"/>: the same matching rules and locks.</summary>
    public async Task<ContactMatch> FindOrCreateAsync(ContactIdentifier identifier, string? displayName, CancellationToken ct)
    {
        var lookup = (await FindOrCreateManyAsync([new ContactRequest(identifier, displayName)], ct))[0];
        return lookup.Match ?? throw new ArgumentException(lookup.Error, nameof(identifier));
    }

    public async Task<IReadOnlyList<ContactLookup>> FindOrCreateManyAsync(IReadOnlyList<ContactRequest> people, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var results = new ContactLookup[people.Count];
        var valid = new List<(int Index, string Type, string Value, string? Last10, string Key)>();
        for (var i = 0; i < people.Count; i++)
        {
            var identifier = people[i].Identifier;
            if (!IdentifierRules.TryNormalize(identifier.Type, identifier.Value, out var value, out var error))
            {
                results[i] = new ContactLookup(null, null, error);
                continue;
            }
            var last10 = IdentifierRules.IsPhoneLike(identifier.Type) ? IdentifierRules.Last10(value) : null;
            valid.Add((i, identifier.Type, value, last10, LockKey(orgId, identifier.Type, value, last10)));
        }
        if (valid.Count == 0) return results;

        // The single call's locks, every one of them, in one order.
        await using (var lockAll = await session.CommandAsync("""
            select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest($1::text[]) as k) as keys order by h
            """, ct))
        {
            lockAll.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, valid.Select(v => v.Key).ToArray());
            await lockAll.ExecuteNonQueryAsync(ct);
        }

        // Under the locks, what the org holds.
        var found = await LookupAsync(orgId, valid.Select(v => (v.Type, v.Value, v.Last10)).ToList(), ct);

        // In input order, as the single calls one after another would have done: a person the org does not
        // know yet is created once, and later people of the batch with the same lock key join them.
        var now = DbClock.Now;
        var newContacts = new List<(Guid Id, string? Name, string? Email, string? Phone)>();
        var newIdentifiers = new List<(Guid ContactId, string Type, string Value)>();
        var recorded = new HashSet<(string, string)>();
        var createdByKey = new Dictionary<string, (Guid Id, string? Name)>(StringComparer.Ordinal);
        for (var n = 0; n < valid.Count; n++)
        {
            var (index, type, value, _, key) = valid[n];
            var (contactId, name, known, phoneKnown) = found[n];
            if (contactId is { } existing)
            {
                if (!known && recorded.Add((type, value))) newIdentifiers.Add((existing, type, value));
                results[index] = new ContactLookup(new ContactMatch(existing, Created: false), name, null);
            }
            else if (createdByKey.TryGetValue(key, out var sibling))
            {
                if (recorded.Add((type, value))) newIdentifiers.Add((sibling.Id, type, value));
                results[index] = new ContactLookup(new ContactMatch(sibling.Id, Created: false), sibling.Name, null);
            }
            else
            {
                var phoneLike = IdentifierRules.IsPhoneLike(type);
                var contact = (Id: Guid.CreateVersion7(), Name: CleanName(people[index].DisplayName));
                newContacts.Add((contact.Id, contact.Name, type == ContactIdentifierTypes.Email ? value : null, phoneLike ? value : null));
                if (recorded.Add((type, value))) newIdentifiers.Add((contact.Id, type, value));
                if (phoneLike && type != ContactIdentifierTypes.Phone && !phoneKnown && recorded.Add((ContactIdentifierTypes.Phone, value)))
                    newIdentifiers.Add((contact.Id, ContactIdentifierTypes.Phone, value));
                createdByKey[key] = contact;
                results[index] = new ContactLookup(new ContactMatch(contact.Id, Created: true), contact.Name, null);
            }
        }

        if (newContacts.Count > 0)
        {
            await using var insert = await session.CommandAsync("""
                insert into contacts.contacts (id, org_id, name, email, phone, created_at, updated_at)
                select t.id, $1, t.name, t.email, t.phone, $6, $6
                from unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) as t(id, name, email, phone)
                """, ct);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, newContacts.Select(c => c.Id).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, newContacts.Select(c => (object?)c.Name ?? DBNull.Value).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, newContacts.Select(c => (object?)c.Email ?? DBNull.Value).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, newContacts.Select(c => (object?)c.Phone ?? DBNull.Value).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, now);
            await insert.ExecuteNonQueryAsync(ct);
        }
        if (newIdentifiers.Count > 0)
        {
            await using var insert = await session.CommandAsync("""
                insert into contacts.contact_identifiers (id, org_id, contact_id, type, value, created_at)
                select t.id, $1, t.contact_id, t.type, t.value, $6
                from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) as t(id, contact_id, type, value)
                """, ct);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, newIdentifiers.Select(_ => Guid.CreateVersion7()).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, newIdentifiers.Select(i => i.ContactId).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, newIdentifiers.Select(i => i.Type).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, newIdentifiers.Select(i => i.Value).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, now);
            await insert.ExecuteNonQueryAsync(ct);
        }
        return results;
    }

    public async Task<Guid?> FindAsync(ContactIdentifier identifier, CancellationToken ct)
    {
        var (type, value) = Normalize(identifier);
        var found = await LookupAsync(request.OrgId, [(type, value, IdentifierRules.IsPhoneLike(type) ? IdentifierRules.Last10(value) : null)], ct);
        return found[0].ContactId;
    }

    public Task<ContactSummary?> GetAsync(Guid contactId, CancellationToken ct) =>
        db.Contacts.Where(c => c.Id == contactId && c.OrgId == request.OrgId)
            .Select(c => new ContactSummary(c.Id, c.Name, c.Email, c.Phone))
            .SingleOrDefaultAsync(ct);

    /// <summary>What the org holds for each identifier (normalized): the match by the contract's rule (exact
    /// number under any phone-like type, then the last 10 digits; the oldest identifier wins), its name, and
    /// whether the identifier itself (and, for a phone-like one, the plain phone) is recorded yet.</summary>
    private async Task<(Guid? ContactId, string? Name, bool Known, bool PhoneKnown)[]> LookupAsync(
        Guid orgId, IReadOnlyList<(string Type, string Value, string? Last10)> identifiers, CancellationToken ct)
    {
        var found = new (Guid? ContactId, string? Name, bool Known, bool PhoneKnown)[identifiers.Count];
        await using (var lookup = await session.CommandAsync("""
            select m.contact_id, c.name, m.known, m.phone_known
            from unnest($2::text[], $3::text[], $4::text[], $5::bool[]) with ordinality as t(type, value, last10, phone_like, ord)
            cross join lateral (select
              coalesce(
                (select i.contact_id from contacts.contact_identifiers i
                 where i.org_id = $1 and i.value = t.value and (i.type = t.type or (t.phone_like and i.type in ('phone', 'whatsapp', 'signal')))
                 order by i.created_at limit 1),
                (select i.contact_id from contacts.contact_identifiers i
                 where t.last10 is not null and i.org_id = $1 and i.last10 = t.last10
                 order by i.created_at limit 1)) as contact_id,
              exists (select 1 from contacts.contact_identifiers i where i.org_id = $1 and i.type = t.type and i.value = t.value) as known,
              t.phone_like and exists (select 1 from contacts.contact_identifiers i
                                       where i.org_id = $1 and i.type = 'phone' and i.value = t.value) as phone_known) as m
            left join contacts.contacts c on c.id = m.contact_id
            order by t.ord
            """, ct))
        {
            lookup.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
            lookup.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, identifiers.Select(v => v.Type).ToArray());
            lookup.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, identifiers.Select(v => v.Value).ToArray());
            lookup.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, identifiers.Select(v => (object?)v.Last10 ?? DBNull.Value).ToArray());
            lookup.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Boolean, identifiers.Select(v => IdentifierRules.IsPhoneLike(v.Type)).ToArray());
            await using var reader = await lookup.ExecuteReaderAsync(ct);
            for (var n = 0; await reader.ReadAsync(ct); n++)
                found[n] = (reader.IsDBNull(0) ? null : reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
        }
        return found;
    }

    /// <summary>What find-or-create serializes on: a phone-like identifier on its last 10 digits, so that
    /// "+55 11 98765-4321" and "11987654321" cannot create two contacts side by side.</summary>
    private static string LockKey(Guid orgId, string type, string value, string? last10) =>
        $"{orgId}:{(IdentifierRules.IsPhoneLike(type) ? "phone:" + (last10 ?? value) : type + ":" + value)}";

    private static string? CleanName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : TextLimits.Truncate(displayName.Trim(), 200);

    private static (string Type, string Value) Normalize(ContactIdentifier identifier) =>
        IdentifierRules.TryNormalize(identifier.Type, identifier.Value, out var value, out var error)
            ? (identifier.Type, value)
            : throw new ArgumentException(error, nameof(identifier));
}
