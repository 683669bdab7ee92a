using System.Net;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Intake;

/// <summary>Intake by write key: stored once whatever the retries, refused whole when anything is wrong,
/// only from the source's origins, only into the source's org, with times corrected for the client's clock.</summary>
public sealed class TrackIntakeTests
{
    [Fact]
    public async Task A_batch_is_stored_once_and_its_retry_is_counted_as_duplicates()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        var batch = new { write_key = source.WriteKey, sent_at = DateTimeOffset.UtcNow, events = new[] { IntakeKit.Event("PageView", type: "page"), IntakeKit.Event() } };

        var first = await api.PostTrackAsync("batch", batch);
        var retry = await api.PostTrackAsync("batch", batch);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((2, 0), Counts(await first.ReadJsonAsync()));
        Assert.Equal((0, 2), Counts(await retry.ReadJsonAsync()));
        Assert.Equal(2, await api.CountEventsAsync(source.OrgId));
        Assert.Equal(IntakeKit.Origin, first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var stored = await api.Database.AdminScalarAsync<string>(
            "select type || ' ' || name || ' ' || (context->>'utm_source') || ' ' || url from tracking.events where org_id = $1 and type = 'track'", source.OrgId);
        Assert.Equal("track AddToCart ig https://shop.example.com/p/1", stored);
    }

    [Fact]
    public async Task Concurrent_single_events_are_each_stored_once_and_acknowledged_after_commit()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        var ids = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid().ToString()).ToList();

        var responses = await Task.WhenAll(ids.Concat(ids.Take(20)).Select(id =>
            api.PostTrackAsync("event", new Dictionary<string, object?>(((Dictionary<string, object?>)IntakeKit.Event(eventId: id))) { ["write_key"] = source.WriteKey })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var counts = await Task.WhenAll(responses.Select(async r => Counts(await r.ReadJsonAsync())));
        Assert.Equal(60, counts.Sum(c => c.Accepted));
        Assert.Equal(20, counts.Sum(c => c.Duplicates));
        Assert.Equal(60, await api.CountEventsAsync(source.OrgId));
    }

    [Theory]
    [InlineData("not json", 400, "malformed_json")]
    [InlineData("json and more", 400, "malformed_json")]
    [InlineData("empty", 400, "malformed_json")]
    [InlineData("one bad event", 400, "validation_failed")]
    [InlineData("no events", 400, "validation_failed")]
    [InlineData("too many events", 413, "too_many_events")]
    [InlineData("too large", 413, "payload_too_large")]
    [InlineData("no write key", 401, "write_key_missing")]
    [InlineData("unknown write key", 401, "invalid_write_key")]
    [InlineData("foreign origin", 403, "origin_not_allowed")]
    [InlineData("xml", 415, "unsupported_media_type")]
    public async Task A_bad_request_is_refused_whole_with_a_clear_problem_and_stores_nothing(string @case, int status, string code)
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        object Batch(params object[] events) => new { write_key = source.WriteKey, events };
        var origin = IntakeKit.Origin;
        var contentType = "text/plain";
        object body = @case switch
        {
            "one bad event" => Batch(IntakeKit.Event(), new Dictionary<string, object?> { ["event_id"] = "x", ["type"] = "track", ["properties"] = "not an object" }),
            "no events" => Batch(),
            "too many events" => Batch(Enumerable.Range(0, 501).Select(_ => (object)new { name = "E" }).ToArray()),
            "too large" => Batch(IntakeKit.Event(properties: new { blob = new string('x', 15_000) }), IntakeKit.Event(properties: new { blob = new string('x', 15_000) }),
                Enumerable.Range(0, 40).Select(_ => IntakeKit.Event(properties: new { blob = new string('y', 15_000) })).ToArray()),
            "no write key" => new { events = new[] { IntakeKit.Event() } },
            "unknown write key" => new { write_key = "omni_wk_" + new string('0', 32), events = new[] { IntakeKit.Event() } },
            _ => Batch(IntakeKit.Event()),
        };
        if (@case == "foreign origin") origin = "https://evil.example.net";
        if (@case == "xml") contentType = "application/xml";

        var raw = @case switch
        {
            "not json" => "{\"write_key\": ",
            "json and more" => System.Text.Json.JsonSerializer.Serialize(Batch(IntakeKit.Event())) + " {}",
            "empty" => "",
            _ => null,
        };
        var response = raw is not null
            ? await new HttpClient { BaseAddress = api.BaseAddress }.PostAsync("/api/v1/track/batch", new StringContent(raw, Encoding.UTF8, "text/plain"))
            : await api.PostTrackAsync("batch", body, origin, contentType);

        var problem = await response.ReadJsonAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode} {problem}");
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(0, await api.CountEventsAsync(source.OrgId));
        if (@case == "one bad event") Assert.True(problem.GetProperty("errors").TryGetProperty("events[1].properties", out _), problem.ToString());
    }

    [Fact]
    public async Task A_write_key_of_org_a_only_ever_writes_into_org_a()
    {
        var api = await TestApi.Shared;
        var a = await api.NewSourceAsync();
        var b = await api.NewSourceAsync();

        // Whatever else the body says, and whoever is signed in
        using var client = api.Client(b.Owner.Token, b.OrgId);
        var response = await api.PostTrackAsync("batch", new { write_key = a.WriteKey, org_id = b.OrgId, source_id = b.Id, events = new[] { IntakeKit.Event() } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await api.CountEventsAsync(a.OrgId));
        Assert.Equal(0, await api.CountEventsAsync(b.OrgId));
        Assert.Equal(a.Id, await api.Database.AdminScalarAsync<Guid>("select source_id from tracking.events where org_id = $1", a.OrgId));
    }

    [Fact]
    public async Task Event_times_are_corrected_for_the_clients_clock_and_never_lie_in_the_future()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        // A client whose clock is an hour fast: it sends at its 11:00, the event happened 10 s before
        var clientNow = DateTimeOffset.UtcNow.AddHours(1);
        var batch = new
        {
            write_key = source.WriteKey,
            sent_at = clientNow.ToString("O"),
            events = new[]
            {
                IntakeKit.Event("Earlier", timestamp: clientNow.AddSeconds(-10).ToString("O")),
                IntakeKit.Event("Future", timestamp: clientNow.AddHours(5).ToString("O")),
            },
        };

        var before = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await api.PostTrackAsync("batch", batch)).StatusCode);

        var earlier = await api.Database.AdminScalarAsync<DateTime>("select occurred_at from tracking.events where org_id = $1 and name = 'Earlier'", source.OrgId);
        var future = await api.Database.AdminScalarAsync<TimeSpan>("select occurred_at - received_at from tracking.events where org_id = $1 and name = 'Future'", source.OrgId);
        Assert.InRange(new DateTimeOffset(earlier, TimeSpan.Zero), before.AddSeconds(-12), before.AddSeconds(-8));
        Assert.InRange(future, TimeSpan.FromSeconds(-1), TimeSpan.Zero);
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from tracking.events where org_id = $1 and occurred_at > received_at", source.OrgId));
    }

    [Fact]
    public async Task Ip_and_user_agent_are_kept_as_the_source_says_and_obvious_bots_are_flagged()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync(new { name = "Private", allowed_origins = new[] { IntakeKit.Origin }, anonymize_ip = true, store_user_agent = false });

        await api.PostTrackAsync("event", new Dictionary<string, object?>((Dictionary<string, object?>)IntakeKit.Event("Person")) { ["write_key"] = source.WriteKey });
        await api.PostTrackAsync("event", new Dictionary<string, object?>((Dictionary<string, object?>)IntakeKit.Event("Bot")) { ["write_key"] = source.WriteKey },
            userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)");

        var rows = await api.Database.AdminQueryAsync("select name, host(ip), coalesce(user_agent, '-'), is_bot from tracking.events where org_id = $1 order by name",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)), source.OrgId);
        Assert.Equal([("Bot", "127.0.0.0", "-", true), ("Person", "127.0.0.0", "-", false)], rows);
    }

    private static (int Accepted, int Duplicates) Counts(System.Text.Json.JsonElement json) =>
        (json.GetProperty("accepted").GetInt32(), json.GetProperty("duplicates").GetInt32());
}
