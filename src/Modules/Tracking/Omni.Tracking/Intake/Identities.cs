using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Tracking.Contracts;

namespace Omni.Tracking.Intake;

/// <summary>An identify makes an anonymous visitor a contact: the contact is found or created through the
/// contacts contract by the strongest trait given (external id, then email, then phone), the visitor's id is
/// linked to it, and the visitor's earlier anonymous events join the contact's history. Contacts are never
/// merged here: a visitor who identifies as someone else (another external id) is linked to that contact from
/// then on, and what was already attributed stays with the first.</summary>
internal sealed class Identities(DbSession session, IContactDirectory contacts, Guid orgId)
{
    /// <summary>Links each identify's visitor; returns the events that joined a contact (for watched names).</summary>
    public async Task<List<EventTracked>> LinkAsync(IReadOnlyList<IntakeEvent> identifies, CancellationToken ct)
    {
        var joined = new List<EventTracked>();
        var people = identifies.Select(e => new ContactRequest(Strongest(e.Traits!), e.Traits!.Name)).ToList();
        var found = await contacts.FindOrCreateManyAsync(people, ct);
        for (var i = 0; i < identifies.Count; i++)
        {
            // An identifier Contacts refuses (a malformed phone) identifies no one; the event itself is kept.
            if (found[i].Match is not { } match) continue;
            await using var cmd = await session.CommandAsync("""
                with link as (
                  insert into tracking.identities (org_id, anonymous_id, contact_id) values ($1, $2, $3)
                  on conflict (org_id, anonymous_id) do update set contact_id = excluded.contact_id, updated_at = now())
                update tracking.events set contact_id = $3
                where org_id = $1 and anonymous_id = $2 and contact_id is null
                returning source_id, event_id, name, occurred_at
                """, ct);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, identifies[i].AnonymousId!);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, match.ContactId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                joined.Add(new EventTracked(orgId, match.ContactId, reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return joined;
    }

    private static ContactIdentifier Strongest(IdentifyTraits t) =>
        t.ExternalId is { Length: > 0 } external ? new ContactIdentifier(ContactIdentifierTypes.External, external)
        : t.Email is { Length: > 0 } email ? new ContactIdentifier(ContactIdentifierTypes.Email, email)
        : new ContactIdentifier(ContactIdentifierTypes.Phone, t.Phone!);
}
