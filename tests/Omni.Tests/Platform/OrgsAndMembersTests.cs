using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

public sealed class OrgsAndMembersTests
{
    [Fact]
    public async Task Creating_an_org_makes_the_caller_its_owner()
    {
        var api = await TestApi.Shared;
        var user = Actors.NewUser();
        using var client = api.Client(user.Token);

        var created = await client.PostAsJsonAsync("/api/v1/orgs", new { name = "  Acme  " });
        var body = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Acme", body.GetProperty("name").GetString());
        Assert.Equal("owner", body.GetProperty("role").GetString());
        var orgs = await (await client.GetAsync("/api/v1/orgs")).ReadJsonAsync();
        Assert.Equal(body.GetProperty("id").GetGuid(), Assert.Single(orgs.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_user_in_several_orgs_must_name_one_and_cannot_name_a_foreign_one()
    {
        var api = await TestApi.Shared;
        var user = Actors.NewUser();
        var first = await api.CreateOrgAsync(user, "First");
        var second = await api.CreateOrgAsync(user, "Second");
        var (_, foreign) = await api.NewOrgAsync();

        using var noHeader = api.Client(user.Token);
        var ambiguous = await noHeader.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        Assert.Equal("org_required", (await ambiguous.ReadJsonAsync()).GetProperty("code").GetString());

        using var inSecond = api.Client(user.Token, second);
        Assert.Equal(HttpStatusCode.OK, (await inSecond.GetAsync("/api/v1/contacts")).StatusCode);

        using var inForeign = api.Client(user.Token, foreign);
        var refused = await inForeign.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("not_a_member", (await refused.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_user_without_an_org_is_told_to_create_one()
    {
        var api = await TestApi.Shared;
        using var client = api.Client(Actors.NewUser().Token);

        var response = await client.GetAsync("/api/v1/contacts");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("no_org", (await response.ReadJsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_write_and_an_agent_cannot_manage_members()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var viewer = Actors.NewUser();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, org, viewer, "viewer");
        await api.AddMemberAsync(owner, org, agent, "agent");

        using var asViewer = api.Client(viewer.Token, org);
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("/api/v1/contacts")).StatusCode);
        var write = await asViewer.PostAsJsonAsync("/api/v1/contacts", new { name = "Nope" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("insufficient_permission", (await write.ReadJsonAsync()).GetProperty("code").GetString());

        using var asAgent = api.Client(agent.Token, org);
        Assert.Equal(HttpStatusCode.Created, (await asAgent.PostAsJsonAsync("/api/v1/contacts", new { name = "Yes" })).StatusCode);
        var manage = await asAgent.PostAsJsonAsync($"/api/v1/orgs/{org}/members", new { email = "x@example.com", role = "agent" });
        Assert.Equal(HttpStatusCode.Forbidden, manage.StatusCode);
        var keys = await asAgent.PostAsJsonAsync("/api/v1/api-keys", new { name = "k", scopes = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
    }

    [Fact]
    public async Task Owners_limit_agents_to_what_is_assigned_to_them_and_a_patch_changes_only_what_it_names()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var before = await (await client.GetAsync($"/api/v1/orgs/{org}")).ReadJsonAsync();
        Assert.False(before.GetProperty("agents_edit_assigned_only").GetBoolean());

        var limited = await client.PatchAsJsonAsync($"/api/v1/orgs/{org}", new { agents_edit_assigned_only = true });
        var body = await limited.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        Assert.True(body.GetProperty("agents_edit_assigned_only").GetBoolean());
        Assert.Equal(before.GetProperty("name").GetString(), body.GetProperty("name").GetString());

        var renamed = await (await client.PatchAsJsonAsync($"/api/v1/orgs/{org}", new { name = "Renamed" })).ReadJsonAsync();
        Assert.True(renamed.GetProperty("agents_edit_assigned_only").GetBoolean());
        Assert.Equal("Renamed", renamed.GetProperty("name").GetString());

        var empty = await client.PatchAsJsonAsync($"/api/v1/orgs/{org}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var blank = await client.PatchAsJsonAsync($"/api/v1/orgs/{org}", new { name = " " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
    }

    [Fact]
    public async Task An_invitation_by_email_becomes_a_membership_when_that_person_first_signs_in()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var invitee = Actors.NewUser();
        using var asOwner = api.Client(owner.Token);

        var invited = await asOwner.PostAsJsonAsync($"/api/v1/orgs/{org}/members", new { email = invitee.Email.ToUpperInvariant(), role = "agent" });
        var body = await invited.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        Assert.Equal("invited", body.GetProperty("status").GetString());

        using var asInvitee = api.Client(invitee.Token);
        var me = await (await asInvitee.GetAsync("/api/v1/me")).ReadJsonAsync();
        var membership = Assert.Single(me.GetProperty("orgs").EnumerateArray());
        Assert.Equal(org, membership.GetProperty("id").GetGuid());
        Assert.Equal("agent", membership.GetProperty("role").GetString());

        var members = await (await asOwner.GetAsync($"/api/v1/orgs/{org}/members")).ReadJsonAsync();
        Assert.Contains(members.GetProperty("items").EnumerateArray(), m => m.GetProperty("user_id").GetGuid() == invitee.Id);
        var invitations = await (await asOwner.GetAsync($"/api/v1/orgs/{org}/invitations")).ReadJsonAsync();
        Assert.Empty(invitations.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_last_owner_can_neither_leave_nor_be_demoted()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token);

        var demote = await client.PatchAsJsonAsync($"/api/v1/orgs/{org}/members/{owner.Id}", new { role = "admin" });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal("last_owner", (await demote.ReadJsonAsync()).GetProperty("code").GetString());

        var leave = await client.DeleteAsync($"/api/v1/orgs/{org}/members/{owner.Id}");
        Assert.Equal(HttpStatusCode.Conflict, leave.StatusCode);

        var second = Actors.NewUser();
        await api.AddMemberAsync(owner, org, second, "owner");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/orgs/{org}/members/{owner.Id}")).StatusCode);
    }

    [Fact]
    public async Task Only_an_owner_grants_the_owner_role()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var admin = Actors.NewUser();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, org, admin, "admin");
        await api.AddMemberAsync(owner, org, agent, "agent");
        using var asAdmin = api.Client(admin.Token);

        var promote = await asAdmin.PatchAsJsonAsync($"/api/v1/orgs/{org}/members/{agent.Id}", new { role = "owner" });
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal("owner_required", (await promote.ReadJsonAsync()).GetProperty("code").GetString());

        var toAdmin = await asAdmin.PatchAsJsonAsync($"/api/v1/orgs/{org}/members/{agent.Id}", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, toAdmin.StatusCode);
    }

    [Fact]
    public async Task A_member_may_leave_but_not_remove_others()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var a = Actors.NewUser();
        var b = Actors.NewUser();
        await api.AddMemberAsync(owner, org, a, "agent");
        await api.AddMemberAsync(owner, org, b, "agent");
        using var asA = api.Client(a.Token);

        Assert.Equal(HttpStatusCode.Forbidden, (await asA.DeleteAsync($"/api/v1/orgs/{org}/members/{b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asA.DeleteAsync($"/api/v1/orgs/{org}/members/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asA.GetAsync($"/api/v1/orgs/{org}")).StatusCode);
    }

    [Fact]
    public async Task An_invitation_waits_until_the_invitees_email_is_verified()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var id = Guid.NewGuid();
        var email = $"unverified-{id:N}@example.com";
        using var asOwner = api.Client(owner.Token);
        (await asOwner.PostAsJsonAsync($"/api/v1/orgs/{org}/members", new { email, role = "admin" })).EnsureSuccessStatusCode();

        // Someone signs up with that address but has not confirmed it yet
        using var unverified = api.Client(TestTokens.Hs256(TestTokens.Claims(id, email, emailVerified: false)));
        var before = await (await unverified.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Empty(before.GetProperty("orgs").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await unverified.GetAsync($"/api/v1/orgs/{org}")).StatusCode);

        // Once the email is confirmed, the next token carries the proof and the invitation is accepted
        using var verified = api.Client(TestTokens.Hs256(TestTokens.Claims(id, email)));
        var after = await (await verified.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal(org, Assert.Single(after.GetProperty("orgs").EnumerateArray()).GetProperty("id").GetGuid());
    }
}
