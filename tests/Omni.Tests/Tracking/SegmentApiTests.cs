using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>Segment CRUD: validation names the fields, and one org never reaches another's segments.</summary>
public sealed class SegmentApiTests
{
    [Theory]
    [InlineData("""{"name":"","rules":{"conditions":[{"type":"event","name":"x"}]}}""", "name")]
    [InlineData("""{"name":"s","rules":{"conditions":[]}}""", "rules.conditions")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"lifetime_value"}]}}""", "rules.conditions[0].type")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"lead_stage"}]}}""", "rules.conditions[0].stage_id")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"event"}]}}""", "rules.conditions[0].name")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"event","name":"x","min_count":0}]}}""", "rules.conditions[0].min_count")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"url","op":"regex","value":"x"}]}}""", "rules.conditions[0].op")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"score","min":0.8,"max":0.2}]}}""", "rules.conditions[0].max")]
    [InlineData("""{"name":"s","rules":{"conditions":[{"type":"channel","channel_type":"fax"}]}}""", "rules.conditions[0].channel_type")]
    public async Task Given_an_invalid_segment_when_created_then_400_names_the_field(string json, string field)
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();

        var response = await org.Client.PostAsync("/api/v1/segments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var fields = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(fields.Contains(field, StringComparer.OrdinalIgnoreCase), $"{field} not in {string.Join(", ", fields)}");
    }

    [Fact]
    public async Task Given_a_segment_when_updated_listed_and_deleted_then_each_answer_shows_it_as_it_is()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var id = await org.CreateSegmentAsync(new { type = "event", name = "Signed Up" });

        var updated = await org.Client.PutAsJsonAsync($"/api/v1/segments/{id}",
            new { name = "Renamed", rules = new { conditions = new object[] { new { type = "url", op = "prefix", value = "https://x.example/" } } } });
        var listed = await org.GetOkAsync("/api/v1/segments");
        var deleted = await org.Client.DeleteAsync($"/api/v1/segments/{id}");
        var after = await org.Client.GetAsync($"/api/v1/segments/{id}");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.ReadJsonAsync();
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal("prefix", body.GetProperty("rules").GetProperty("conditions")[0].GetProperty("op").GetString());
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Given_another_orgs_segment_when_reached_by_id_then_every_route_is_404_and_lists_leave_it_out()
    {
        var api = await TestApi.Shared;
        var a = await api.NewTrackingOrgAsync();
        var b = await api.NewTrackingOrgAsync();
        var contact = Guid.NewGuid();
        await a.EventAsync(contact, "Signed Up");
        var segment = await a.CreateSegmentAsync(new { type = "event", name = "Signed Up" });
        await a.RefreshAsync(segment);
        var rules = new { name = "x", rules = new { conditions = new object[] { new { type = "event", name = "Signed Up" } } } };

        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync($"/api/v1/segments/{segment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync($"/api/v1/segments/{segment}/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.PostAsJsonAsync($"/api/v1/segments/{segment}/refresh", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.PutAsJsonAsync($"/api/v1/segments/{segment}", rules)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.DeleteAsync($"/api/v1/segments/{segment}")).StatusCode);
        Assert.Equal(0, (await b.GetOkAsync("/api/v1/segments")).GetProperty("items").GetArrayLength());
        var own = await b.CreateSegmentAsync(new { type = "event", name = "Signed Up" });
        await b.RefreshAsync(own);
        Assert.Empty(await b.MembersAsync(own));
        Assert.Equal([contact], await a.MembersAsync(segment));
    }
}
