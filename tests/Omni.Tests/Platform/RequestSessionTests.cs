using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omni.Platform.Database;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

public sealed class RequestSessionTests
{
    [Fact]
    public void The_org_a_request_acts_in_replaces_any_org_claim_the_token_carries()
    {
        var org = Guid.NewGuid();
        var foreign = Guid.NewGuid();

        var plain = SessionIdentity.User("""{"sub":"u1","role":"authenticated"}""", org);
        var smuggled = SessionIdentity.User("{\"sub\":\"u1\",\"omni_org_id\":\"" + foreign + "\",\"user_metadata\":{\"x\":\"omni_org_id\"}}", org);
        var none = SessionIdentity.User($$"""{"sub":"u1","omni_org_id":"{{foreign}}"}""", null);

        Assert.Equal(org.ToString(), System.Text.Json.Nodes.JsonNode.Parse(plain.ClaimsJson)!["omni_org_id"]!.GetValue<string>());
        Assert.Equal(org.ToString(), System.Text.Json.Nodes.JsonNode.Parse(smuggled.ClaimsJson)!["omni_org_id"]!.GetValue<string>());
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(none.ClaimsJson)!["omni_org_id"]);
        Assert.Equal(DbRole.Authenticated, plain.Role);
    }

    [Fact]
    public async Task A_deferred_session_used_around_its_commands_runs_as_the_login_role_and_is_refused()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using (var client = api.Client(owner.Token))
            await client.CreateContactAsync(new { name = "Guarded" });

        await using var scope = api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginDeferredAsync(DbAs.User(owner.Id, org), CancellationToken.None);
        await using var bypass = new NpgsqlCommand("select count(*) from contacts.contacts", session.Connection, session.Transaction);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => bypass.ExecuteScalarAsync());
        Assert.Equal(PostgresErrors.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_member_removed_through_another_instance_gets_no_data_while_this_instance_still_remembers_it()
    {
        var db = await TestDatabase.Shared;
        var first = await TestApi.Shared;
        await using var second = await TestApi.StartAsync(db);
        var (owner, org) = await first.NewOrgAsync();
        var member = Actors.NewUser();
        await first.AddMemberAsync(owner, org, member, "agent");
        using (var asOwner = first.Client(owner.Token))
            await asOwner.CreateContactAsync(new { name = "Secret customer" });

        // The second instance learns (and caches) the membership
        using var viaSecond = second.Client(member.Token);
        var before = await (await viaSecond.GetAsync("/api/v1/contacts")).ReadJsonAsync();
        Assert.Single(before.GetProperty("items").EnumerateArray());

        // The owner removes the member through the first instance
        using (var asOwner = first.Client(owner.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await asOwner.DeleteAsync($"/api/v1/orgs/{org}/members/{member.Id}")).StatusCode);

        // The second instance may still believe in the membership, but the database does not
        var list = await viaSecond.GetAsync("/api/v1/contacts");
        if (list.StatusCode == HttpStatusCode.OK)
            Assert.Empty((await list.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        else
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        var write = await viaSecond.PostAsJsonAsync("/api/v1/contacts", new { name = "Should not land" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(0L, await db.AdminScalarAsync<long>("select count(*) from contacts.contacts where org_id = $1 and name = 'Should not land'", org));
    }
    [Fact]
    public async Task A_session_whose_caller_gives_up_just_as_the_pool_hands_it_a_connection_gives_the_connection_back()
    {
        var db = await TestDatabase.Shared;
        await using var onlyOne = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(db.App) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString).Build();
        var (owner, org) = (Actors.NewUser(), Guid.NewGuid());

        // The first session holds the pool's only connection; the second waits for it.
        var holder = new DbSession(onlyOne);
        await holder.BeginDeferredAsync(DbAs.User(owner.Id, org), CancellationToken.None);
        using var gaveUp = new CancellationTokenSource();
        var waiter = new DbSession(onlyOne);
        var waiting = waiter.BeginDeferredAsync(DbAs.User(owner.Id, org), gaveUp.Token);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        // The connection goes to the waiter, whose request is aborted at that very moment.
        await holder.DisposeAsync();
        gaveUp.Cancel();
        try { await waiting; }
        catch (OperationCanceledException) { }
        await waiter.DisposeAsync();

        // Whichever way the waiter ended, the connection is back in the pool.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var next = new DbSession(onlyOne);
        await next.BeginDeferredAsync(DbAs.User(owner.Id, org), deadline.Token);
        await next.DisposeAsync();
    }
}
