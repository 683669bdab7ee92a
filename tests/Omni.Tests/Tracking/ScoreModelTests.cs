using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>The conversion model learns an org's own signal and explains each score.</summary>
public sealed class ScoreModelTests
{
    [Fact]
    public async Task Given_an_org_creates_its_first_source_then_periodic_training_is_already_queued_once()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        await org.PostOkAsync("/api/v1/tracking/sources", new { name = "Second site" }, System.Net.HttpStatusCode.Created);

        var pending = await org.Api.Database.AdminQueryAsync(
            "select run_at from omni.jobs where org_id = $1 and type = 'tracking.train-scores' and status = 'pending'", r => r.GetFieldValue<DateTimeOffset>(0), org.OrgId);
        var runAt = Assert.Single(pending);
        Assert.InRange(runAt, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
    }

    [Fact]
    public async Task Given_pricing_views_predict_purchases_when_trained_then_the_holdout_auc_is_at_least_075_and_pricing_is_the_top_factor()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        await org.SeedKnownSignalAsync();

        await org.TrainAsync();

        // A pricing fan who has not bought (yet): the kind of contact the score is for.
        var fan = await org.ContactWhereAsync(
            "count(*) filter (where url like '%/pricing%') >= 4 and count(*) filter (where name = 'Purchase') = 0");
        var score = await org.GetOkAsync($"/api/v1/contacts/{fan}/score");
        Assert.True(score.GetProperty("auc").GetDouble() >= 0.75, $"holdout AUC {score.GetProperty("auc")}");
        Assert.True(score.Score() > 0.5, score.ToString());
        Assert.Equal("url:/pricing", score.GetProperty("factors")[0].GetProperty("feature").GetString());
        Assert.True(score.GetProperty("trained_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        var model = await org.Api.Database.AdminQueryAsync(
            "select features::text, weights::text, samples, positives from tracking.score_models where org_id = $1",
            r => (Features: r.GetString(0), Weights: r.GetString(1), Samples: r.GetInt32(2), Positives: r.GetInt32(3)), org.OrgId);
        Assert.Equal(600, model.Single().Samples);
        Assert.Contains("url:/pricing", model.Single().Features, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_trained_model_when_listing_scores_then_contacts_come_highest_first_within_the_range_across_pages()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        await org.SeedKnownSignalAsync(seed: 0.52);
        await org.TrainAsync();

        var scores = new List<double>();
        string? cursor = null;
        do
        {
            var page = await org.GetOkAsync("/api/v1/scores?min=0.3&max=0.95&limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            scores.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Score()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        var all = await org.Api.Database.AdminScalarAsync<long>(
            "select count(*) from tracking.contact_scores where org_id = $1 and score >= 0.3 and score <= 0.95", org.OrgId);

        Assert.NotEmpty(scores);
        Assert.Equal(all, scores.Count);
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(scores, s => Assert.InRange(s, 0.3 - 1e-6, 0.95 + 1e-6));
        await (await org.Client.GetAsync("/api/v1/scores?min=2")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Given_a_custom_conversion_event_when_trained_then_that_event_is_the_label_and_the_next_retraining_keeps_it()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        await org.SeedKnownSignalAsync(seed: 0.77);
        await org.Api.Database.AdminExecAsync("update tracking.events set name = 'Booked Demo' where org_id = $1 and name = 'Purchase'", org.OrgId);

        await org.TrainAsync("Booked Demo");

        var features = await org.Api.Database.AdminScalarAsync<string>(
            "select features::text from tracking.score_models where org_id = $1 order by trained_at desc limit 1", org.OrgId);
        var stored = System.Text.Json.JsonDocument.Parse(features).RootElement;
        Assert.Equal(["Booked Demo"], stored.GetProperty("conversion_events").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.DoesNotContain("event:Booked Demo", features, StringComparison.Ordinal);
        Assert.True(await org.Api.Database.AdminScalarAsync<long>("select count(*) from tracking.score_models where org_id = $1 and positives > 100", org.OrgId) == 1);
        Assert.Equal(1, await org.Api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.jobs where org_id = $1 and type = 'tracking.train-scores' and status = 'pending' and run_at > now() + interval '1 hour'", org.OrgId));
    }

    [Fact]
    public async Task Given_a_contact_without_a_score_when_read_then_the_score_is_null_and_an_unknown_contact_is_404()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = (await org.Client.CreateContactAsync(new { name = "New", email = $"new-{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();

        var score = await org.GetOkAsync($"/api/v1/contacts/{contact}/score");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, score.GetProperty("score").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/score")).StatusCode);
    }

    [Fact]
    public async Task Given_another_orgs_scores_when_read_then_the_contact_is_404_and_the_list_is_empty()
    {
        var api = await TestApi.Shared;
        var a = await api.NewTrackingOrgAsync();
        var b = await api.NewTrackingOrgAsync();
        await a.SeedKnownSignalAsync(seed: 0.11);
        await a.TrainAsync();
        var contact = await a.ContactWhereAsync("count(*) > 0");

        Assert.True((await a.GetOkAsync($"/api/v1/contacts/{contact}/score")).Score() is > 0 and < 1);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Client.GetAsync($"/api/v1/contacts/{contact}/score")).StatusCode);
        Assert.Equal(0, (await b.GetOkAsync("/api/v1/scores")).GetProperty("items").GetArrayLength());
    }
}
