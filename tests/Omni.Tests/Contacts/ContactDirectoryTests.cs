using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

/// <summary>The contract other modules (messaging ingest, webhooks) use to turn a participant into a contact.</summary>
public sealed class ContactDirectoryTests
{
    [Fact]
    public async Task A_phone_with_the_same_last_10_digits_finds_the_existing_contact()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var stored = await client.CreateContactIdAsync(new { name = "Local format", phone = "6505551234" });

        var match = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "+1 650 555 1234", "Someone else");

        Assert.Equal(new ContactMatch(stored, Created: false), match);
        Assert.Equal(1, await api.CountContactsAsync(orgId));
        Assert.Equal("Local format", (await client.GetContactAsync(stored)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_local_number_finds_the_contact_stored_with_its_country_code()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var stored = await client.CreateContactIdAsync(new { phone = "+1 650 555 1234" });

        var found = await api.WithDirectoryAsync(orgId, d => d.FindAsync(new ContactIdentifier("phone", "650.555.1234"), CancellationToken.None));
        var match = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.WhatsApp, "(650) 555-1234");

        Assert.Equal(stored, found);
        Assert.Equal(new ContactMatch(stored, Created: false), match);
    }

    [Fact]
    public async Task The_exact_number_wins_over_an_older_contact_that_only_shares_the_last_10_digits()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var older = await client.CreateContactIdAsync(new { name = "Brazil", phone = "+5511987654321" });
        var exact = await client.CreateContactIdAsync(new { name = "Other country", phone = "+11987654321" });

        var exactMatch = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "+1 198 765 4321");
        var last10Match = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "+44 1987654321");

        Assert.Equal(new ContactMatch(exact, Created: false), exactMatch);
        Assert.Equal(new ContactMatch(older, Created: false), last10Match);
    }

    [Fact]
    public async Task An_unknown_phone_creates_a_contact_named_after_the_display_name_and_finds_it_next_time()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var first = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "+55 11 90000-1234", "  Novo Cliente ");
        var second = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "5511900001234", "Another name");

        Assert.True(first.Created);
        Assert.Equal(new ContactMatch(first.ContactId, Created: false), second);
        var contact = await client.GetContactAsync(first.ContactId);
        Assert.Equal("Novo Cliente", contact.GetProperty("name").GetString());
        Assert.Equal("+5511900001234", contact.GetProperty("phone").GetString());
        Assert.Equal([("phone", "+5511900001234")], contact.Identifiers());
    }

    [Fact]
    public async Task An_unknown_whatsapp_number_creates_a_contact_reachable_by_phone_too()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var created = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.WhatsApp, "5511955554444", null);

        Assert.True(created.Created);
        var contact = await client.GetContactAsync(created.ContactId);
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("name").ValueKind);
        Assert.Equal("+5511955554444", contact.GetProperty("phone").GetString());
        Assert.Equal([("phone", "+5511955554444"), ("whatsapp", "+5511955554444")], contact.Identifiers());
        Assert.Equal(new ContactMatch(created.ContactId, false), await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "+5511955554444"));
    }

    [Fact]
    public async Task A_whatsapp_identifier_for_an_existing_phone_attaches_to_that_contact()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var stored = await client.CreateContactIdAsync(new { name = "Maria", phone = "+5511987654321" });

        var match = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.WhatsApp, "5511987654321", "Maria WA");

        Assert.Equal(new ContactMatch(stored, Created: false), match);
        var contact = await client.GetContactAsync(stored);
        Assert.Equal("Maria", contact.GetProperty("name").GetString());
        Assert.Equal([("phone", "+5511987654321"), ("whatsapp", "+5511987654321")], contact.Identifiers());
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Emails_match_exactly_ignoring_case()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var stored = await client.CreateContactIdAsync(new { email = "maria@example.com" });

        var same = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Email, " MARIA@Example.com ");
        var other = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Email, "maria@example.com.br", "Maria BR");

        Assert.Equal(new ContactMatch(stored, Created: false), same);
        Assert.True(other.Created);
        Assert.NotEqual(stored, other.ContactId);
        Assert.Equal("maria@example.com.br", (await client.GetContactAsync(other.ContactId)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Telegram_handles_match_exactly_and_numeric_ids_never_match_phones_by_their_last_digits()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var handle = await client.CreateContactIdAsync(new { identifiers = new[] { new { type = "telegram", value = "@maria_silva" } } });
        var phone = await client.CreateContactIdAsync(new { phone = "+5511987654321" });

        var same = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Telegram, "@Maria_Silva");
        var longer = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Telegram, "@maria_silva2");
        var numeric = await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Telegram, "5511987654321");

        Assert.Equal(new ContactMatch(handle, Created: false), same);
        Assert.True(longer.Created);
        Assert.True(numeric.Created);
        Assert.NotEqual(phone, numeric.ContactId);
        Assert.Equal(4, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task An_invalid_identifier_is_an_argument_exception()
    {
        var api = await TestApi.Shared;
        var (_, orgId) = await api.NewOrgAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => api.FindOrCreateAsync(orgId, "fax", "123"));
        await Assert.ThrowsAsync<ArgumentException>(() => api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, "call me"));
        Assert.Equal(0, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Twenty_concurrent_calls_for_one_new_phone_yield_exactly_one_contact()
    {
        var api = await TestApi.Shared;
        var (_, orgId) = await api.NewOrgAsync();
        // The same person written the ways different platforms write them.
        string[] formats = ["+55 11 97777-6666", "5511977776666", "+5511977776666", "005511977776666"];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await api.FindOrCreateAsync(orgId, ContactIdentifierTypes.Phone, formats[i % formats.Length], $"Caller {i}");
        })).ToArray();
        start.SetResult();
        var matches = await Task.WhenAll(calls);

        Assert.Single(matches.Select(m => m.ContactId).Distinct());
        Assert.Single(matches, m => m.Created);
        Assert.Equal(1, await api.CountContactsAsync(orgId));
        Assert.Equal(1L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from contacts.contact_identifiers where org_id = $1", orgId));
    }

    [Fact]
    public async Task A_contact_created_in_a_unit_of_work_that_rolls_back_does_not_exist()
    {
        var api = await TestApi.Shared;
        var (_, orgId) = await api.NewOrgAsync();

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(SessionIdentity.System(orgId, "test"), CancellationToken.None);
            scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(orgId);
            var directory = scope.ServiceProvider.GetRequiredService<IContactDirectory>();
            var match = await directory.FindOrCreateAsync(new ContactIdentifier("email", "rolled@example.com"), "Rolled", CancellationToken.None);
            Assert.True(match.Created);
            await session.RollbackAsync();
        }

        Assert.Equal(0, await api.CountContactsAsync(orgId));
        Assert.Null(await api.WithDirectoryAsync(orgId, d => d.FindAsync(new ContactIdentifier("email", "rolled@example.com"), CancellationToken.None)));
    }

    [Fact]
    public async Task The_directory_sees_only_the_org_it_acts_for()
    {
        var api = await TestApi.Shared;
        var (clientA, _, orgA) = await api.NewOrgClientAsync();
        var (_, orgB) = await api.NewOrgAsync();
        var inA = await clientA.CreateContactIdAsync(new { name = "In A", email = "a@example.com", phone = "+5511933332222" });

        var summaryInA = await api.WithDirectoryAsync(orgA, d => d.GetAsync(inA, CancellationToken.None));
        var summaryFromB = await api.WithDirectoryAsync(orgB, d => d.GetAsync(inA, CancellationToken.None));
        var foundFromB = await api.WithDirectoryAsync(orgB, d => d.FindAsync(new ContactIdentifier("email", "a@example.com"), CancellationToken.None));
        var createdInB = await api.FindOrCreateAsync(orgB, ContactIdentifierTypes.Phone, "+5511933332222");

        Assert.Equal(new ContactSummary(inA, "In A", "a@example.com", "+5511933332222"), summaryInA);
        Assert.Null(summaryFromB);
        Assert.Null(foundFromB);
        Assert.True(createdInB.Created);
        Assert.NotEqual(inA, createdInB.ContactId);
    }

    [Fact]
    public async Task A_batch_matches_by_the_same_rules_and_joins_people_of_the_batch_who_are_one_person()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var maria = await client.CreateContactIdAsync(new { name = "Maria", phone = "6505551234" });

        var lookups = await api.WithDirectoryAsync(orgId, d => d.FindOrCreateManyAsync(
        [
            new ContactRequest(new ContactIdentifier("whatsapp", "+1 650 555 1234"), "Maria on WhatsApp"), // Maria, by her last 10 digits
            new ContactRequest(new ContactIdentifier("whatsapp", "+55 11 97777-6666"), "  Joao  "),        // new
            new ContactRequest(new ContactIdentifier("phone", "call me"), "Nobody"),                       // invalid
            new ContactRequest(new ContactIdentifier("signal", "5511977776666"), "Joao on Signal"),         // Joao again, other format
            new ContactRequest(new ContactIdentifier("email", "ANA@example.com"), "Ana"),                   // new
            new ContactRequest(new ContactIdentifier("email", "ana@example.com"), "Ana again"),             // Ana again
        ], CancellationToken.None));

        Assert.Equal(new ContactLookup(new ContactMatch(maria, false), "Maria", null), lookups[0]);
        Assert.Equal((true, "Joao"), (lookups[1].Match!.Created, lookups[1].Name));
        Assert.Null(lookups[2].Match);
        Assert.False(string.IsNullOrEmpty(lookups[2].Error));
        Assert.Equal(new ContactLookup(new ContactMatch(lookups[1].Match!.ContactId, false), "Joao", null), lookups[3]);
        Assert.True(lookups[4].Match!.Created);
        Assert.Equal(new ContactMatch(lookups[4].Match!.ContactId, false), lookups[5].Match);
        Assert.Equal(3, await api.CountContactsAsync(orgId));
        // Every identifier recorded once, on its contact: the new WhatsApp number is also a phone
        var identifiers = await api.Database.AdminQueryAsync(
            "select type || ' ' || value || ' ' || (contact_id = $2)::text from contacts.contact_identifiers where org_id = $1 order by 1", r => r.GetString(0), orgId, maria);
        Assert.Equal(
        [
            "email ana@example.com false", "phone +5511977776666 false", "phone +6505551234 true",
            "signal +5511977776666 false", "whatsapp +16505551234 true", "whatsapp +5511977776666 false",
        ], identifiers);
        // and a single call afterwards agrees with the batch
        Assert.Equal(new ContactMatch(lookups[1].Match!.ContactId, false), await api.FindOrCreateAsync(orgId, "phone", "+5511977776666"));
    }

    [Fact]
    public async Task Concurrent_batches_over_the_same_people_in_different_orders_create_each_person_once()
    {
        var api = await TestApi.Shared;
        var (_, orgId) = await api.NewOrgAsync();
        var phones = Enumerable.Range(0, 40).Select(i => $"+55119{i:D8}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var batches = Enumerable.Range(0, 8).Select(b => Task.Run(async () =>
        {
            await start.Task;
            var order = b % 2 == 0 ? phones : phones.Reverse().ToArray();
            var lookups = await api.WithDirectoryAsync(orgId, d => d.FindOrCreateManyAsync(
                order.Select(p => new ContactRequest(new ContactIdentifier("whatsapp", p), null)).ToList(), CancellationToken.None));
            return order.Zip(lookups, (p, l) => (Phone: p, l.Match!.ContactId, l.Match.Created)).ToList();
        })).ToArray();
        start.SetResult();
        var all = (await Task.WhenAll(batches)).SelectMany(x => x).ToList();

        Assert.All(all.GroupBy(x => x.Phone), g => Assert.Single(g.Select(x => x.ContactId).Distinct()));
        Assert.All(all.GroupBy(x => x.Phone), g => Assert.Single(g, x => x.Created));
        Assert.Equal(40, await api.CountContactsAsync(orgId));
    }
}
