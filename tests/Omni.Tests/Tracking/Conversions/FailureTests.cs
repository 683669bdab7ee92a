using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>What Meta's answers do to the deliveries: a server error or throttling is retried with backoff
/// and counted on the deliveries, a bad token or a refused payload fails them at once, and an event Meta would
/// refuse for its age is failed without calling Meta.</summary>
public sealed class FailureTests(CapiKit kit) : IClassFixture<CapiKit>
{
    [Fact]
    public async Task A_server_error_then_success_sends_the_batch_once_after_two_attempts()
    {
        // Given Meta answers 503 (transient code 2) once
        var site = await kit.NewSiteAsync();
        kit.Fake.Fail(site.Pixel, CapiFailure.TemporarilyUnavailable);

        // When an event is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-5xx"));
        await site.SettledAsync();

        // Then it was sent once, on the second attempt, and the delivery says so
        Assert.Equal([503, 200], kit.Fake.RequestsFor(site.Pixel).Select(r => r.Status));
        Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        var delivery = await site.DeliveryAsync("evt-5xx");
        Assert.Equal(("sent", 2, null), (delivery.Str("status"), delivery.Int("attempts"), delivery.Str("error_code")));
        Assert.NotNull(delivery.Str("fbtrace_id"));
    }

    [Theory]
    [InlineData(613)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(429)]
    public async Task Throttling_is_retried_after_a_backoff_without_using_up_the_jobs_attempts(int code)
    {
        // Given Meta throttles the first call (a Graph rate-limit code, or a bare 429)
        var site = await kit.NewSiteAsync();
        kit.Fake.Fail(site.Pixel, code switch
        {
            613 => CapiFailure.RateLimit,
            4 => CapiFailure.TooManyCalls,
            17 => CapiFailure.UserRequestLimit,
            _ => CapiFailure.Http(429),
        });

        // When an event is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-throttled"));
        await site.SettledAsync();

        // Then it went again after a backoff (at least half the 0.2 s base) and was sent
        var requests = kit.Fake.RequestsFor(site.Pixel);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(100), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        var delivery = await site.DeliveryAsync("evt-throttled");
        Assert.Equal(("sent", 2), (delivery.Str("status"), delivery.Int("attempts")));
        var job = (await kit.RowsAsync("select status, attempts from omni.jobs where org_id = $1 and type = 'tracking.capi-forward'", site.OrgId)).Single();
        Assert.Equal(("succeeded", 1), (job.Str("status"), job.Int("attempts")));
    }

    [Fact]
    public async Task An_invalid_token_fails_the_deliveries_without_retrying()
    {
        // Given a source whose token Meta does not accept
        var site = await kit.NewSiteAsync(token: "EAAB-revoked-token");

        // When an event is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-bad-token"));
        await site.SettledAsync();

        // Then Meta was called once, answered 190, and the delivery failed for good
        var request = Assert.Single(kit.Fake.RequestsFor(site.Pixel));
        Assert.Equal(401, request.Status);
        var delivery = await site.DeliveryAsync("evt-bad-token");
        Assert.Equal(("failed", "invalid_token", 1), (delivery.Str("status"), delivery.Str("error_code"), delivery.Int("attempts")));
        Assert.Contains("(#190)", delivery.Str("last_error"), StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-revoked-token", delivery.Str("last_error"), StringComparison.Ordinal);
        Assert.DoesNotContain(kit.Api.Logs.Lines, l => l.Contains("EAAB-revoked-token", StringComparison.Ordinal));
        await Task.Delay(500);
        Assert.Single(kit.Fake.RequestsFor(site.Pixel));
    }

    [Fact]
    public async Task A_payload_meta_refuses_fails_with_metas_message_and_is_not_retried()
    {
        // Given Meta refuses the batch with code 100
        var site = await kit.NewSiteAsync();
        kit.Fake.Fail(site.Pixel, CapiFailure.InvalidParameter);

        // When an event is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-refused"));
        await site.SettledAsync();

        // Then the delivery failed with Meta's own explanation
        Assert.Single(kit.Fake.RequestsFor(site.Pixel));
        var delivery = await site.DeliveryAsync("evt-refused");
        Assert.Equal(("failed", "graph_100", 1), (delivery.Str("status"), delivery.Str("error_code"), delivery.Int("attempts")));
        Assert.Contains("The value of client_user_agent is not valid.", delivery.Str("last_error"), StringComparison.Ordinal);
        Assert.NotNull(delivery.Str("fbtrace_id"));
    }

    [Fact]
    public async Task An_event_older_than_seven_days_fails_without_calling_meta()
    {
        // Given an event that happened eight days ago
        var site = await kit.NewSiteAsync();

        // When it is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-old", at: DateTimeOffset.UtcNow.AddDays(-8)));
        await site.SettledAsync();

        // Then Meta never heard of it and the delivery says why
        Assert.Empty(kit.Fake.RequestsFor(site.Pixel));
        var delivery = await site.DeliveryAsync("evt-old");
        Assert.Equal(("failed", "too_old", 0), (delivery.Str("status"), delivery.Str("error_code"), delivery.Int("attempts")));
        Assert.Contains("more than 7 days ago", delivery.Str("last_error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_event_in_a_batch_does_not_sink_the_others()
    {
        // Given a fresh event and one eight days old, queued together
        var site = await kit.NewSiteAsync();
        await site.EnqueueAsync(await site.TrackAsync("evt-fresh"), await site.TrackAsync("evt-stale", at: DateTimeOffset.UtcNow.AddDays(-8)));

        // When the batch is forwarded
        await site.SettledAsync();

        // Then only the fresh one went, and was accepted
        Assert.Equal(["evt-fresh"], kit.Fake.AcceptedFor(site.Pixel).Select(e => e.EventId));
        Assert.Equal("sent", (await site.DeliveryAsync("evt-fresh")).Str("status"));
        Assert.Equal("too_old", (await site.DeliveryAsync("evt-stale")).Str("error_code"));
    }

    [Fact]
    public async Task Server_errors_until_the_attempts_run_out_fail_the_deliveries()
    {
        // Given Meta answers 500 (code 1) to every try the job has (8)
        var site = await kit.NewSiteAsync();
        kit.Fake.Fail(site.Pixel, [.. Enumerable.Repeat(CapiFailure.Unknown, 8)]);

        // When an event is queued
        await site.EnqueueAsync(await site.TrackAsync("evt-down"));
        await site.SettledAsync();

        // Then every try is counted and the last one fails the delivery
        Assert.Equal(8, kit.Fake.RequestsFor(site.Pixel).Count);
        var delivery = await site.DeliveryAsync("evt-down");
        Assert.Equal(("failed", "graph_1", 8), (delivery.Str("status"), delivery.Str("error_code"), delivery.Int("attempts")));
    }
}
