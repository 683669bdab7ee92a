using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omni.Contacts.Data;
using Omni.Platform.Database;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>RLS is the fence between tenants, so it is tested on its own, around the API: every table of
/// ours must have it on and forced, and a member of another org must see and change none of an org's rows
/// even with direct SQL under its own claims.</summary>
public sealed class RowLevelSecurityTests
{
    private const string OurTables = """
        select n.nspname as schema, c.relname as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p')
          and n.nspname not in ('pg_catalog', 'information_schema', 'supabase_migrations', 'auth', 'extensions', 'public')
          and n.nspname not like 'pg\_%'
        order by 1, 2
        """;

    [Fact]
    public async Task Every_table_has_row_level_security_enabled_and_forced_with_policies()
    {
        var db = await TestDatabase.Shared;
        await using var conn = new NpgsqlConnection(db.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select t.schema || '.' || t.name, c.relrowsecurity, c.relforcerowsecurity,
                   (select count(*) from pg_policies p where p.schemaname = t.schema and p.tablename = t.name)
            from ({OurTables}) t
            join pg_class c on c.relname = t.name join pg_namespace n on n.oid = c.relnamespace and n.nspname = t.schema
            """, conn);
        var tables = new List<string>();
        var unfenced = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
                if (!reader.GetBoolean(1) || !reader.GetBoolean(2) || reader.GetInt64(3) == 0) unfenced.Add(reader.GetString(0));
            }
        }

        Assert.Contains("contacts.contacts", tables);
        Assert.Contains("omni.api_keys", tables);
        Assert.Empty(unfenced);
    }

    [Fact]
    public async Task Every_tenant_tables_org_id_is_indexed_for_its_policies()
    {
        var db = await TestDatabase.Shared;
        var unindexed = await QueryListAsync(db, $"""
            select t.schema || '.' || t.name
            from ({OurTables}) t
            where exists (select 1 from information_schema.columns col
                          where col.table_schema = t.schema and col.table_name = t.name and col.column_name = 'org_id')
              and not exists (
                select 1 from pg_index i
                join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
                where n.nspname = t.schema and c.relname = t.name and a.attname = 'org_id')
            """);
        Assert.Empty(unindexed);
    }

    [Fact]
    public async Task A_member_of_another_org_sees_and_changes_none_of_its_rows_even_with_direct_sql()
    {
        var api = await TestApi.Shared;
        var db = api.Database;
        var (ownerA, orgA) = await api.NewOrgAsync("A");
        var (ownerB, orgB) = await api.NewOrgAsync("B");
        await SeedEveryTenantTableAsync(api, ownerA, orgA);

        var tenantTables = await QueryListAsync(db, $"""
            select t.schema || '.' || t.name from ({OurTables}) t
            where exists (select 1 from information_schema.columns col
                          where col.table_schema = t.schema and col.table_name = t.name and col.column_name = 'org_id')
            """);
        tenantTables.Add("omni.orgs");
        Assert.True(tenantTables.Count >= 7, string.Join(", ", tenantTables));

        var identities = new Dictionary<string, SessionIdentity>
        {
            ["user of B acting in B"] = DbAs.User(ownerB.Id, orgB),
            ["user of B with no org chosen"] = DbAs.User(ownerB.Id, null),
            ["system work for B"] = SessionIdentity.System(orgB, "rls-test"),
            ["user of B claiming A"] = DbAs.User(ownerB.Id, orgA),
        };

        foreach (var table in tenantTables)
        {
            var key = table == "omni.orgs" ? "id" : "org_id";
            var rowsOfA = await db.AdminScalarAsync<long>($"select count(*) from {table} where {key} = $1", orgA);
            Assert.True(rowsOfA > 0, $"{table} has no row of org A: seed it in {nameof(SeedEveryTenantTableAsync)} so RLS is tested on it");
            var sample = await db.AdminScalarAsync<string>($"select to_jsonb(t)::text from {table} t where {key} = $1 limit 1", orgA);
            var columns = await QueryListAsync(db, """
                select column_name from information_schema.columns
                where table_schema || '.' || table_name = $1 and is_generated = 'NEVER' order by ordinal_position
                """, table);
            var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));

            foreach (var (who, identity) in identities)
            {
                var seen = await TryWriteAsync(db, identity, $"select count(*) from {table} where {key} = $1", orgA);
                Assert.True(seen is 0 or -1, $"{who} sees {seen} rows of org A in {table}");

                var updated = await TryWriteAsync(db, identity, $"update {table} set {key} = {key} where {key} = $1", orgA);
                Assert.True(updated is 0 or -1, $"{who} updated {updated} rows of org A in {table}");
                var deleted = await TryWriteAsync(db, identity, $"delete from {table} where {key} = $1", orgA);
                Assert.True(deleted is 0 or -1, $"{who} deleted {deleted} rows of org A in {table}");

                var inserted = await TryWriteAsync(db, identity,
                    $"insert into {table} ({columnList}) select {columnList} from jsonb_populate_record(null::{table}, $1::jsonb)", sample);
                Assert.True(inserted == -1, $"{who} could insert a row for org A into {table}");
            }
        }
        Assert.True(await db.AdminScalarAsync<long>("select count(*) from contacts.contacts where org_id = $1", orgA) > 0);
    }

    [Fact]
    public async Task The_contacts_dbcontext_under_another_orgs_claims_sees_nothing_of_the_first_org()
    {
        var api = await TestApi.Shared;
        var (ownerA, orgA) = await api.NewOrgAsync("A");
        var (ownerB, orgB) = await api.NewOrgAsync("B");
        using (var client = api.Client(ownerA.Token))
            await client.CreateContactAsync(new { name = "Only in A", email = $"{Guid.NewGuid():N}@a.example" });

        async Task<int> CountAsync(SessionIdentity identity)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(identity, CancellationToken.None);
            var contacts = scope.ServiceProvider.GetRequiredService<ContactsDbContext>();
            // No org filter at all: only RLS stands between B and A's rows.
            return await contacts.Contacts.CountAsync(c => c.OrgId == orgA);
        }

        Assert.Equal(0, await CountAsync(DbAs.User(ownerB.Id, orgB)));
        Assert.Equal(0, await CountAsync(SessionIdentity.System(orgB, "rls-test")));
        Assert.Equal(1, await CountAsync(DbAs.User(ownerA.Id, orgA)));
        Assert.Equal(1, await CountAsync(SessionIdentity.System(orgA, "rls-test")));
    }

    [Fact]
    public async Task The_anonymous_role_reads_no_tenant_rows()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using (var client = api.Client(owner.Token))
            await client.CreateContactAsync(new { name = "Private" });

        var outcome = await TryWriteAsync(api.Database, SessionIdentity.Anonymous, "select count(*) from contacts.contacts where org_id = $1", org);

        Assert.Equal(-1, outcome); // permission denied, not an empty answer that could later turn into data
    }

    /// <summary>Puts at least one row of <paramref name="org"/> in every tenant table, through the API where
    /// the API can. A module that adds a tenant table adds its seeding here (the test says which is missing).</summary>
    private static async Task SeedEveryTenantTableAsync(TestApi api, TestUser owner, Guid org)
    {
        using var client = api.Client(owner.Token, org);
        var first = await client.CreateContactAsync(new { name = "Ana", email = $"{Guid.NewGuid():N}@a.example", phone = "+5511911112222" });
        var second = await client.CreateContactAsync(new { name = "Ana 2", identifiers = new[] { new { type = "telegram", value = "@ana_two" } } });

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts") { Content = JsonContent.Create(new { name = "Idem" }) })
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }
        // A merge publishes an event: one outbox job per subscribed handler.
        (await client.PostAsJsonAsync($"/api/v1/contacts/{first.GetProperty("id")}/merge",
            new { source_contact_id = second.GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "k", scopes = new[] { "contacts:read" } })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/orgs/{org}/members", new { email = $"{Guid.NewGuid():N}@invited.example", role = "agent" }))
            .EnsureSuccessStatusCode();

        // Messaging: a web chat channel, a contact on it, a conversation, a message with an attachment.
        var channel = await (await client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name = "Site" })).ReadJsonAsync();
        var channelId = channel.GetProperty("id").GetGuid();
        (await client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages", new
        {
            contact_identifier = $"external:{Guid.NewGuid():N}",
            content = new { type = "image", text = "a picture", media_url = "https://cdn.example.com/p.jpg" },
        })).EnsureSuccessStatusCode();

        // Tables whose rows only outside platforms create (webhooks, ingest, early receipts), written as
        // the system would write them for this org.
        await api.Database.AdminExecAsync(
            "insert into channels.webhook_events (id, org_id, channel_id, platform, body) values (gen_random_uuid(), $1, $2, 'whatsapp', '{}')", org, channelId);
        await api.Database.AdminExecAsync(
            "insert into messaging.ingest_connections (id, org_id, connection_id, platform, name, channel_id, api_secret_hash, api_secret_prefix) " +
            "values (gen_random_uuid(), $1, 'rls-' || gen_random_uuid(), 'signal', 'rls', $2, '\\x00', 'x')", org, channelId);
        await api.Database.AdminExecAsync(
            "insert into messaging.status_backlog (id, org_id, channel_id, external_id, status, at) values (gen_random_uuid(), $1, $2, 'wamid.x', 'read', now())", org, channelId);

        // Leads: the default pipeline and its stages, a lead with its totals and history, a note, a rule.
        var lead = await (await client.PostAsJsonAsync("/api/v1/leads",
            new { title = "Deal", value = 100m, currency = "BRL", contact_id = first.GetProperty("id").GetGuid() })).ReadJsonAsync();
        (await client.PostAsJsonAsync($"/api/v1/leads/{lead.GetProperty("id")}/notes", new { body = "call back" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/v1/leads/rules", new { name = "Form", trigger = "tracked_event", event_name = "Lead" })).EnsureSuccessStatusCode();

        // Tracking: a source through the API; its events and what is derived from them as the system writes them.
        var source = (await (await client.PostAsJsonAsync("/api/v1/tracking/sources", new { name = "Site", allowed_origins = new[] { "https://shop.example.com" } }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var contact = first.GetProperty("id").GetGuid();
        await api.Database.AdminExecAsync("""
            with e as (
              insert into tracking.events (id, org_id, source_id, event_id, type, name, anonymous_id, contact_id, occurred_at)
              values (gen_random_uuid(), $1, $2, 'rls-1', 'page', 'PageView', 'anon-rls', $3, now()) returning id),
            i as (insert into tracking.identities (org_id, anonymous_id, contact_id) values ($1, 'anon-rls', $3)),
            w as (insert into tracking.event_watches (org_id, name, watcher) values ($1, 'Lead', 'rls')),
            d as (insert into tracking.capi_deliveries (id, org_id, source_id, event_row_id, event_id, event_name)
                  select gen_random_uuid(), $1, $2, e.id, 'rls-1', 'PageView' from e),
            s as (insert into tracking.segments (id, org_id, name, rules) values (gen_random_uuid(), $1, 'rls', '{}') returning id),
            m as (insert into tracking.segment_members (org_id, segment_id, contact_id) select $1, s.id, $3 from s),
            sm as (insert into tracking.score_models (id, org_id, features, weights, samples, positives)
                   values (gen_random_uuid(), $1, '[]', '[]', 0, 0) returning id)
            insert into tracking.contact_scores (org_id, contact_id, model_id, score) select $1, $3, sm.id, 0.5 from sm
            """, org, source, contact);

        // Projects: a project (members, columns), a task with a checklist item, a comment, a link and its activity.
        var project = await (await client.PostAsJsonAsync("/api/v1/projects", new { name = "RLS" })).ReadJsonAsync();
        var task = await (await client.PostAsJsonAsync("/api/v1/tasks", new
        {
            project_id = project.GetProperty("id").GetGuid(), title = "RLS task", checklist = new[] { "one" },
        })).ReadJsonAsync();
        var taskId = task.GetProperty("id").GetGuid();
        (await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/comments", new { body = "hello" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/links", new { type = "contact", target_id = contact })).EnsureSuccessStatusCode();
    }

    /// <summary>Rows affected, or -1 when Postgres refused (RLS check or missing privilege).</summary>
    private static Task<long> TryWriteAsync(TestDatabase db, SessionIdentity identity, string sql, object arg) =>
        DbAs.RunAsync(db, identity, async s =>
        {
            await using var cmd = s.CreateCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
            try
            {
                return sql.StartsWith("select", StringComparison.Ordinal) ? Convert.ToInt64(await cmd.ExecuteScalarAsync()) : await cmd.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrors.InsufficientPrivilege)
            {
                return -1;
            }
        });

    private static async Task<List<string>> QueryListAsync(TestDatabase db, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
