using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

/// <summary>Links to contacts, conversations and leads, each checked through its module's contract. Leads
/// are checked through <see cref="Omni.Leads.Contracts.ILeadDirectory"/>: here a stand-in that knows the
/// leads the test names (<see cref="ProjectsLinkApi"/>); with the Leads module merged, the same calls go
/// to its implementation.</summary>
public sealed class TaskLinksTests(ProjectsLinkApi fixture) : IClassFixture<ProjectsLinkApi>
{
    private TestApi Api => fixture.Api;

    private async Task<(HttpClient Client, Guid OrgId, Guid TaskId, Guid ProjectId)> TaskAsync()
    {
        var (client, _, orgId) = await Api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        return (client, orgId, await client.CreateTaskIdAsync(projectId, "Linked"), projectId);
    }

    private static async Task<Guid> ConversationAsync(HttpClient client)
    {
        var channel = await (await client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name = "Site" })).ReadJsonAsync();
        var sent = await (await client.PostAsJsonAsync($"/api/v1/channels/{channel.GetProperty("id")}/messages",
            new { contact_identifier = $"external:{Guid.NewGuid():N}", content = new { type = "text", text = "hi" } })).ReadJsonAsync();
        return sent.GetProperty("conversation_id").GetGuid();
    }

    [Fact]
    public async Task A_task_links_to_a_contact_and_a_conversation_once_each_and_lists_filter_by_them()
    {
        var (client, _, taskId, projectId) = await TaskAsync();
        var other = await client.CreateTaskIdAsync(projectId, "Unlinked");
        var contact = (await client.CreateContactAsync(new { name = "Maria" })).GetProperty("id").GetGuid();
        var conversation = await ConversationAsync(client);
        var links = $"{ProjectsKit.Tasks}/{taskId}/links";

        var toContact = await client.PostAsJsonAsync(links, new { type = "contact", target_id = contact });
        var again = await client.PostAsJsonAsync(links, new { type = "contact", target_id = contact });
        var toConversation = await client.PostAsJsonAsync(links, new { type = "conversation", target_id = conversation });

        Assert.Equal(HttpStatusCode.Created, toContact.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await toContact.ReadJsonAsync()).GetProperty("id").GetGuid(), (await again.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, toConversation.StatusCode);
        var task = await client.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}");
        Assert.Equal(["contact", "conversation"], task.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("type").GetString()));
        Assert.Equal([taskId], (await client.GetOkAsync($"{ProjectsKit.Tasks}?contact_id={contact}")).Ids());
        Assert.Equal([taskId], (await client.GetOkAsync($"{ProjectsKit.Tasks}?conversation_id={conversation}")).Ids());
        Assert.Equal([other, taskId], (await client.GetOkAsync($"{ProjectsKit.Tasks}?project_id={projectId}")).Ids());

        var linkId = (await toConversation.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{links}/{linkId}")).StatusCode);
        Assert.Empty((await client.GetOkAsync($"{ProjectsKit.Tasks}?conversation_id={conversation}")).Ids());
    }

    [Fact]
    public async Task Unknown_contacts_conversations_and_leads_are_refused_naming_target_id()
    {
        var (client, orgId, taskId, _) = await TaskAsync();
        var (otherOrg, _, _) = await Api.NewOrgClientAsync();
        var foreignContact = (await otherOrg.CreateContactAsync(new { name = "Elsewhere" })).GetProperty("id").GetGuid();
        var links = $"{ProjectsKit.Tasks}/{taskId}/links";

        await (await client.PostAsJsonAsync(links, new { type = "contact", target_id = Guid.NewGuid() })).AssertInvalidFieldAsync("target_id");
        await (await client.PostAsJsonAsync(links, new { type = "contact", target_id = foreignContact })).AssertInvalidFieldAsync("target_id");
        await (await client.PostAsJsonAsync(links, new { type = "conversation", target_id = Guid.NewGuid() })).AssertInvalidFieldAsync("target_id");
        await (await client.PostAsJsonAsync(links, new { type = "lead", target_id = Guid.NewGuid() })).AssertInvalidFieldAsync("target_id");
        await (await client.PostAsJsonAsync(links, new { type = "deal", target_id = Guid.NewGuid() })).AssertInvalidFieldAsync("type");

        Assert.Equal(0, await Api.Database.AdminScalarAsync<long>("select count(*) from projects.task_links where org_id = $1", orgId));
    }

    /// <summary>Against the <see cref="Omni.Leads.Contracts.ILeadDirectory"/> contract (a stand-in here).</summary>
    [Fact]
    public async Task A_task_links_to_a_lead_the_lead_directory_knows_and_lists_filter_by_it()
    {
        var (client, _, taskId, _) = await TaskAsync();
        var lead = Guid.NewGuid();
        ProjectsLinkApi.KnownLeads[lead] = true;

        var response = await client.PostAsJsonAsync($"{ProjectsKit.Tasks}/{taskId}/links", new { type = "lead", target_id = lead });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([taskId], (await client.GetOkAsync($"{ProjectsKit.Tasks}?lead_id={lead}")).Ids());
    }

    [Fact]
    public async Task Deleting_a_contact_drops_its_links_and_keeps_the_task()
    {
        var (client, orgId, taskId, _) = await TaskAsync();
        var contact = (await client.CreateContactAsync(new { name = "Leaving" })).GetProperty("id").GetGuid();
        (await client.PostAsJsonAsync($"{ProjectsKit.Tasks}/{taskId}/links", new { type = "contact", target_id = contact })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/contacts/{contact}")).StatusCode);

        await Eventually.HoldsAsync(
            async () => await Api.Database.AdminScalarAsync<long>("select count(*) from projects.task_links where org_id = $1", orgId) == 0,
            () => Task.FromResult("the contact's link is still there"));
        Assert.Empty((await client.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}")).GetProperty("links").EnumerateArray());
    }

    [Fact]
    public async Task Merging_contacts_moves_the_links_to_the_remaining_contact()
    {
        var (client, _, taskId, _) = await TaskAsync();
        var source = (await client.CreateContactAsync(new { name = "Dup", email = $"{Guid.NewGuid():N}@x.example" })).GetProperty("id").GetGuid();
        var target = (await client.CreateContactAsync(new { name = "Main" })).GetProperty("id").GetGuid();
        (await client.PostAsJsonAsync($"{ProjectsKit.Tasks}/{taskId}/links", new { type = "contact", target_id = source })).EnsureSuccessStatusCode();

        (await client.PostAsJsonAsync($"/api/v1/contacts/{target}/merge", new { source_contact_id = source })).EnsureSuccessStatusCode();

        await Eventually.ValueAsync(async () => (await client.GetOkAsync($"{ProjectsKit.Tasks}?contact_id={target}")).Ids(), ids => ids.SequenceEqual([taskId]));
    }

    [Fact]
    public async Task Assigning_a_task_publishes_task_assigned_for_the_assignee()
    {
        var (client, orgId, taskId, projectId) = await TaskAsync();
        var me = (await client.GetOkAsync("/api/v1/me")).GetProperty("user_id").GetGuid();

        (await client.PatchAsync($"{ProjectsKit.Tasks}/{taskId}", ProjectsKit.Json($$"""{"assignee_id":"{{me}}"}"""))).EnsureSuccessStatusCode();

        var e = await Eventually.ValueAsync(() => Task.FromResult(ProjectsLinkApi.Assigned.FirstOrDefault(a => a.TaskId == taskId)), a => a is not null);
        Assert.Equal((orgId, projectId, me), (e!.OrgId, e.ProjectId, e.AssigneeId));
    }
}
