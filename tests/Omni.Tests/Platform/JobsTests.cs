using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>The durable jobs table, its worker and the outbox. Every test runs on its own database: each
/// test API runs a worker, and a worker on the shared database would take these tests' jobs (and they its).</summary>
public sealed class JobsTests
{
    // The test's own subscription; modules subscribe to contacts.merged too, each with its own job.
    private const string EventJobTypes = "event:contacts.merged:tests.merged-recorder";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Concurrent_claims_from_many_workers_take_every_pending_job_exactly_once()
    {
        // Given 300 pending jobs and no worker running
        var db = await NewDatabaseAsync("claims");
        await using var api = await TestApi.StartAsync(db, WorkersOff());
        var (_, org) = await api.NewOrgAsync();
        var ids = await InsertJobsAsync(db, org, TestHandlers.CountJob, count: 300);
        await using var source = NpgsqlDataSource.Create(db.App);
        var store = StoreOn(source);

        // When 12 workers claim batches of up to 7, all starting at once, until nothing is left
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claims = new ConcurrentBag<(Guid Job, string Worker, int Attempt)>();
        var workers = Enumerable.Range(1, 12).Select(n => Task.Run(async () =>
        {
            var worker = $"claim-test-worker-{n}";
            await gate.Task;
            while (true)
            {
                var batch = await store.ClaimAsync(worker, 7, TimeSpan.FromMinutes(5), CancellationToken.None);
                if (batch.Count == 0) return;
                foreach (var job in batch) claims.Add((job.Id, worker, job.Attempt));
            }
        })).ToArray();
        gate.SetResult();
        await Task.WhenAll(workers);

        // Then every job was claimed once, by the worker the table names, and the work was shared
        Assert.Equal(300, claims.Count);
        Assert.Equal(ids.Order(), claims.Select(c => c.Job).Order());
        Assert.All(claims, c => Assert.Equal(1, c.Attempt));
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() > 1, "only one worker claimed anything, so nothing competed");
        var rows = await AdminQueryAsync(db, "select id, status, locked_by, attempts from omni.jobs",
            r => (Id: r.GetGuid(0), Status: r.GetString(1), LockedBy: r.GetString(2), Attempts: r.GetInt32(3)));
        var claimedBy = claims.ToDictionary(c => c.Job, c => c.Worker);
        Assert.All(rows, row =>
        {
            Assert.Equal("running", row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(claimedBy[row.Id], row.LockedBy);
        });
    }

    [Fact]
    public async Task Two_api_instances_on_one_database_run_every_job_exactly_once()
    {
        // Given two API instances, each with a worker running 4 jobs at once, on one database
        var db = await NewDatabaseAsync("two_apis");
        await using var first = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Concurrency", "4"), (TestHandlers.InstanceSetting, "first")));
        await using var second = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Concurrency", "4"), (TestHandlers.InstanceSetting, "second")));
        var (_, org) = await first.NewOrgAsync();

        // When 300 jobs are enqueued at once
        var ids = await InsertJobsAsync(db, org, TestHandlers.SlowJob, """{"ms":5}""", count: 300);

        // Then both drain them, each job running once and succeeding on its first attempt
        await EventuallyAsync(async () => await CountAsync(db, "select count(*) from omni.jobs where status in ('pending', 'running')") == 0,
            TimeSpan.FromSeconds(90), async () => $"jobs by status: {await StatusSummaryAsync(db)}");
        Assert.Equal($"{TestHandlers.SlowJob}/succeeded: 300", await StatusSummaryAsync(db));
        Assert.All(ids, id => Assert.Equal(1, TestHandlers.Runs.TryGetValue(id, out var n) ? n : 0));
        Assert.Equal(0, await CountAsync(db, "select count(*) from omni.jobs where attempts <> 1 or completed_at is null"));
        var byInstance = ids.GroupBy(id => TestHandlers.RanOn[id]).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byInstance.ContainsKey("first") && byInstance.ContainsKey("second"),
            $"both workers should have run jobs: {string.Join(", ", byInstance)}");
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_run_by_another_worker_once_its_lease_expires()
    {
        // Given a job claimed under a 1 s lease by a worker that then died
        var db = await NewDatabaseAsync("dead_worker");
        await using (var setup = await TestApi.StartAsync(db, WorkersOff()))
        {
            var (_, org) = await setup.NewOrgAsync();
            await InsertJobsAsync(db, org, TestHandlers.CountJob, count: 1);
        }
        await using var source = NpgsqlDataSource.Create(db.App);
        var claimed = Assert.Single(await StoreOn(source).ClaimAsync("worker-that-dies", 5, TimeSpan.FromSeconds(1), CancellationToken.None));
        var leaseEnd = (await JobAsync(db, claimed.Id)).LockedUntil!.Value;

        // When a live worker starts
        await using var api = await TestApi.StartAsync(db);

        // Then it takes the job over after the lease, runs it once, and it succeeds on its second attempt
        await EventuallyAsync(async () => (await JobAsync(db, claimed.Id)).Status is "succeeded" or "dead", Patience,
            async () => $"job: {await JobAsync(db, claimed.Id)}");
        var job = await JobAsync(db, claimed.Id);
        Assert.Equal(("succeeded", 2), (job.Status, job.Attempts));
        Assert.Null(job.LockedBy);
        Assert.True(job.CompletedAt >= leaseEnd, $"completed at {job.CompletedAt:O}, before the dead worker's lease ended at {leaseEnd:O}");
        Assert.Equal(1, TestHandlers.Runs[claimed.Id]);
    }

    [Fact]
    public async Task A_job_that_runs_longer_than_its_lease_keeps_it_and_is_not_taken_over()
    {
        // Given two workers sharing a 1 s lease and a job that works for 3.5 s
        var db = await NewDatabaseAsync("renewed_lease");
        await using var first = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Lease", "00:00:01"), (TestHandlers.InstanceSetting, "first")));
        await using var second = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Lease", "00:00:01"), (TestHandlers.InstanceSetting, "second")));
        var (_, org) = await first.NewOrgAsync();

        // When it runs
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.SlowJob, """{"ms":3500}"""));

        // Then its worker renews the lease while it works: one attempt, one run, no takeover
        await EventuallyAsync(async () => (await JobAsync(db, id)).Status == "succeeded", Patience, async () => $"job: {await JobAsync(db, id)}");
        Assert.Equal(1, (await JobAsync(db, id)).Attempts);
        Assert.Equal(1, TestHandlers.Runs[id]);
    }

    [Fact]
    public async Task A_provider_asking_to_retry_later_does_not_use_up_the_jobs_attempts()
    {
        // Given a job allowed 2 attempts whose provider says "retry after 100 ms" four times
        var db = await NewDatabaseAsync("retry_later");
        await using var api = await TestApi.StartAsync(db);
        var (_, org) = await api.NewOrgAsync();
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.RetryLaterJob, """{"succeed_on_call":5}"""));
        await db.AdminExecAsync("update omni.jobs set max_attempts = 2 where id = $1", id);

        // Then it is deferred each time and succeeds on the fifth call, on its first counted attempt
        await EventuallyAsync(async () => (await JobAsync(db, id)).Status is "succeeded" or "dead", Patience, async () => $"job: {await JobAsync(db, id)}");
        var job = await JobAsync(db, id);
        Assert.Equal(("succeeded", 1), (job.Status, job.Attempts));
        Assert.Equal(5, TestHandlers.Calls[id]);
    }

    [Fact]
    public async Task A_job_whose_worker_died_on_its_last_attempt_is_dead_lettered_instead_of_run_again()
    {
        // Given a job allowed one attempt, claimed under a 1 s lease by a worker that then died
        var db = await NewDatabaseAsync("dead_last_try");
        await using (var setup = await TestApi.StartAsync(db, WorkersOff()))
        {
            var (_, org) = await setup.NewOrgAsync();
            await InsertJobsAsync(db, org, TestHandlers.CountJob, maxAttempts: 1);
        }
        await using var source = NpgsqlDataSource.Create(db.App);
        var claimed = Assert.Single(await StoreOn(source).ClaimAsync("worker-that-dies", 5, TimeSpan.FromSeconds(1), CancellationToken.None));

        // When a live worker starts and the lease expires
        await using var api = await TestApi.StartAsync(db);

        // Then the job is dead, saying why, and never ran again
        await EventuallyAsync(async () => (await JobAsync(db, claimed.Id)).Status is "dead" or "succeeded", Patience, async () => $"job: {await JobAsync(db, claimed.Id)}");
        var job = await JobAsync(db, claimed.Id);
        Assert.Equal(("dead", 1, (string?)null), (job.Status, job.Attempts, job.LockedBy));
        Assert.Contains("lease expired after the last attempt", job.LastError);
        Assert.False(TestHandlers.Runs.ContainsKey(claimed.Id));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_dead_lettered_after_its_attempts_and_an_admin_can_retry_it()
    {
        // Given an org with an owner, an admin, an agent and a viewer, another org, and a worker with a 400 ms base backoff
        var db = await NewDatabaseAsync("dead_letter");
        await using var api = await TestApi.StartAsync(db, Settings(("Omni:Jobs:BaseBackoff", "00:00:00.400"), ("Omni:Jobs:PollInterval", "00:00:00.100")));
        var (owner, org) = await api.NewOrgAsync();
        var (stranger, strangerOrg) = await api.NewOrgAsync("Other org");
        var admin = Actors.NewUser();
        var agent = Actors.NewUser();
        var viewer = Actors.NewUser();
        await api.AddMemberAsync(owner, org, admin, "admin");
        await api.AddMemberAsync(owner, org, agent, "agent");
        await api.AddMemberAsync(owner, org, viewer, "viewer");

        // When a job that always fails is enqueued with 4 attempts
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.FailJob, maxAttempts: 4));

        // Then it is dead after exactly 4 attempts, with its last error, and the waits between attempts grow
        await EventuallyAsync(async () => (await JobAsync(db, id)).Status == "dead", Patience, async () => $"job: {await JobAsync(db, id)}");
        var job = await JobAsync(db, id);
        Assert.Equal(4, job.Attempts);
        Assert.Equal("InvalidOperationException: provider said no (attempt 4)", job.LastError);
        Assert.Null(job.LockedBy);
        var attempts = TestHandlers.Failures[id].ToArray();
        Assert.Equal(new[] { 1, 2, 3, 4 }, attempts.Select(a => a.Attempt));
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.At - a.At).ToArray();
        for (var i = 0; i < gaps.Length; i++)
        {
            var least = TimeSpan.FromMilliseconds(400 * Math.Pow(2, i) / 2 - 20); // the backoff's floor, less clock slack
            Assert.True(gaps[i] >= least, $"wait after attempt {i + 1} was {gaps[i].TotalMilliseconds} ms, less than its backoff ({least.TotalMilliseconds} ms)");
        }
        Assert.True(gaps[2] > gaps[0], $"waits should grow: {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");

        // And owners and admins see it among the dead jobs; agents and viewers may not look
        foreach (var manager in new[] { owner, admin })
        {
            using var client = api.Client(manager.Token, org);
            var list = await client.GetAsync("/api/v1/jobs?status=dead");
            var body = await list.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var listed = Assert.Single(body.GetProperty("items").EnumerateArray());
            Assert.Equal(id, listed.GetProperty("id").GetGuid());
            Assert.Equal("dead", listed.GetProperty("status").GetString());
            Assert.Equal(4, listed.GetProperty("attempts").GetInt32());
            Assert.Equal(4, listed.GetProperty("max_attempts").GetInt32());
            Assert.Equal(job.LastError, listed.GetProperty("last_error").GetString());
        }
        foreach (var member in new[] { agent, viewer })
        {
            using var client = api.Client(member.Token, org);
            foreach (var refused in new[] { await client.GetAsync("/api/v1/jobs?status=dead"), await client.GetAsync($"/api/v1/jobs/{id}"),
                         await client.PostAsync($"/api/v1/jobs/{id}/retry", null) })
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Equal("insufficient_permission", (await refused.ReadJsonAsync()).GetProperty("code").GetString());
            }
        }

        // And another org's owner cannot find it
        using (var asStranger = api.Client(stranger.Token, strangerOrg))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.GetAsync($"/api/v1/jobs/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await asStranger.PostAsync($"/api/v1/jobs/{id}/retry", null)).StatusCode);
            var theirs = await (await asStranger.GetAsync("/api/v1/jobs")).ReadJsonAsync();
            Assert.Empty(theirs.GetProperty("items").EnumerateArray());
            Assert.Equal("dead", (await JobAsync(db, id)).Status);
        }

        // When the owner retries it, it is pending again with its attempts reset, and runs a fresh set of attempts
        using var asOwner = api.Client(owner.Token, org);
        var retry = await asOwner.PostAsync($"/api/v1/jobs/{id}/retry", null);
        var retried = await retry.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        Assert.Equal(0, retried.GetProperty("attempts").GetInt32());
        await EventuallyAsync(async () => TestHandlers.Failures[id].Count == 8 && (await JobAsync(db, id)).Status == "dead", Patience,
            async () => $"job: {await JobAsync(db, id)}, attempts run: {TestHandlers.Failures[id].Count}");
        Assert.Equal(4, (await JobAsync(db, id)).Attempts);

        // And a job that succeeded cannot be retried
        var done = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.CountJob));
        await EventuallyAsync(async () => (await JobAsync(db, done)).Status == "succeeded", Patience, async () => $"job: {await JobAsync(db, done)}");
        var notRetryable = await asOwner.PostAsync($"/api/v1/jobs/{done}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, notRetryable.StatusCode);
        Assert.Equal("job_not_retryable", (await notRetryable.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal("succeeded", (await JobAsync(db, done)).Status);
    }

    [Fact]
    public async Task A_handlers_database_work_commits_only_with_the_jobs_completion()
    {
        // Given a handler that writes a row through its job's session and fails on its first attempt
        var db = await NewDatabaseAsync("handler_tx");
        await db.AdminExecAsync(TestHandlers.EffectsTableSql);
        await using var api = await TestApi.StartAsync(db, Settings(("Omni:Jobs:BaseBackoff", "00:00:01")));
        var (_, org) = await api.NewOrgAsync();

        // When its job runs, fails, and is retried
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.EffectJob, """{"fail_attempts":1}"""));
        await EventuallyAsync(async () => (await JobAsync(db, id)).LastError is not null, Patience, async () => $"job: {await JobAsync(db, id)}");

        // Then the failed attempt left no row
        Assert.Equal(0, await CountAsync(db, "select count(*) from jobs_test.effects where job_id = $1 and attempt = 1", id));

        // And once the retry succeeds, exactly its one row exists
        await EventuallyAsync(async () => (await JobAsync(db, id)).Status == "succeeded", Patience, async () => $"job: {await JobAsync(db, id)}");
        var effects = await AdminQueryAsync(db, "select attempt, org_id from jobs_test.effects where job_id = $1", r => (Attempt: r.GetInt32(0), Org: r.GetGuid(1)), id);
        Assert.Equal(new[] { (2, org) }, effects);
        Assert.Equal(2, TestHandlers.Runs[id]);
        Assert.Equal(2, (await JobAsync(db, id)).Attempts);
    }

    [Fact]
    public async Task An_event_is_delivered_once_when_its_request_commits_and_never_when_it_does_not()
    {
        // Given an org with contacts, and a database that will refuse to commit any change that deletes one of them
        var db = await NewDatabaseAsync("outbox");
        await using var api = await TestApi.StartAsync(db);
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var target = (await client.CreateContactAsync(new { name = "Target" })).GetProperty("id").GetGuid();
        var source = (await client.CreateContactAsync(new { name = "Source" })).GetProperty("id").GetGuid();
        var doomedTarget = (await client.CreateContactAsync(new { name = "Doomed target" })).GetProperty("id").GetGuid();
        var undeletable = (await client.CreateContactAsync(new { name = "Undeletable" })).GetProperty("id").GetGuid();
        await db.AdminExecAsync($"""
            create schema jobs_test;
            grant usage on schema jobs_test to authenticated, omni_system;
            create function jobs_test.refuse_commit() returns trigger language plpgsql as $$
            begin
              raise exception 'this commit is refused by the test';
            end
            $$;
            create constraint trigger refuse_deleting_undeletable after delete on contacts.contacts
              deferrable initially deferred for each row when (old.id = '{undeletable}')
              execute function jobs_test.refuse_commit();
            """);

        // When a merge names a source that does not exist
        var missing = await client.PostAsJsonAsync($"/api/v1/contacts/{doomedTarget}/merge", new { source_contact_id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // And a merge publishes its event but its transaction fails at commit
        var failed = await client.PostAsJsonAsync($"/api/v1/contacts/{doomedTarget}/merge", new { source_contact_id = undeletable });
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/contacts/{undeletable}")).StatusCode);

        // And a merge commits
        var merged = await client.PostAsJsonAsync($"/api/v1/contacts/{target}/merge", new { source_contact_id = source });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        // Then only the committed merge left an outbox job, and its event reaches the subscriber exactly once
        await EventuallyAsync(() => Task.FromResult(TestHandlers.Merged.Any(e => e.SourceContactId == source)), Patience,
            async () => $"event jobs: {await StatusSummaryAsync(db)}");
        var jobs = await AdminQueryAsync(db, "select type, status, attempts, payload ->> 'target_contact_id', org_id from omni.jobs where type like $1",
            r => (Type: r.GetString(0), Status: r.GetString(1), Attempts: r.GetInt32(2), Target: r.GetString(3), Org: r.GetGuid(4)), EventJobTypes);
        var job = Assert.Single(jobs);
        Assert.Equal("event:contacts.merged:tests.merged-recorder", job.Type);
        Assert.Equal(target.ToString(), job.Target);
        Assert.Equal(org, job.Org);
        await EventuallyAsync(async () => await CountAsync(db, "select count(*) from omni.jobs where type like $1 and status = 'succeeded'", EventJobTypes) == 1,
            Patience, async () => $"jobs: {await StatusSummaryAsync(db)}");
        Assert.Equal(1, await CountAsync(db, "select attempts from omni.jobs where type like $1", EventJobTypes));
        var delivered = Assert.Single(TestHandlers.Merged, e => e.SourceContactId == source);
        Assert.Equal(target, delivered.TargetContactId);
        Assert.Equal(org, delivered.OrgId);
        Assert.DoesNotContain(TestHandlers.Merged, e => e.TargetContactId == doomedTarget || e.SourceContactId == undeletable);
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_can_neither_complete_nor_fail_the_job()
    {
        // Given a job claimed by worker A whose lease expired, then claimed by worker B
        var db = await NewDatabaseAsync("stale_lease");
        await db.AdminExecAsync(TestHandlers.EffectsTableSql);
        Guid org;
        await using (var setup = await TestApi.StartAsync(db, WorkersOff()))
            (_, org) = await setup.NewOrgAsync();
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.CountJob));
        await using var source = NpgsqlDataSource.Create(db.App);
        var store = StoreOn(source);
        Assert.Equal(id, Assert.Single(await store.ClaimAsync("worker-a", 1, TimeSpan.FromMinutes(5), CancellationToken.None)).Id);
        await db.AdminExecAsync("update omni.jobs set locked_until = now() - interval '1 second' where id = $1", id);
        var takenOver = Assert.Single(await store.ClaimAsync("worker-b", 1, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal((id, 2), (takenOver.Id, takenOver.Attempt));

        // When worker A finishes its work and tries to complete the job in the same transaction
        bool completedByA;
        await using (var sessionA = new DbSession(source))
        {
            await sessionA.BeginAsync(SessionIdentity.System(org, $"job:{id}"), CancellationToken.None);
            await InsertEffectAsync(sessionA, org, id, attempt: 1);
            completedByA = await JobStore.CompleteAsync(sessionA, id, "worker-a", CancellationToken.None);
        }
        // ...or to record a failure
        await store.FailAsync(id, "worker-a", "late failure from worker A", TimeSpan.Zero, permanent: false, countAttempt: true, CancellationToken.None);

        // Then both are refused, its work is gone, and the job is still B's
        Assert.False(completedByA);
        Assert.Equal(0, await CountAsync(db, "select count(*) from jobs_test.effects where job_id = $1", id));
        var job = await JobAsync(db, id);
        Assert.Equal(("running", "worker-b", 2, (string?)null), (job.Status, job.LockedBy, job.Attempts, job.LastError));

        // And B completes it
        await using (var sessionB = new DbSession(source))
        {
            await sessionB.BeginAsync(SessionIdentity.System(org, $"job:{id}"), CancellationToken.None);
            await InsertEffectAsync(sessionB, org, id, attempt: 2);
            Assert.True(await JobStore.CompleteAsync(sessionB, id, "worker-b", CancellationToken.None));
            await sessionB.CommitAsync(CancellationToken.None);
        }
        Assert.Equal("succeeded", (await JobAsync(db, id)).Status);
        Assert.Equal(1, await CountAsync(db, "select count(*) from jobs_test.effects where job_id = $1 and attempt = 2", id));
    }

    [Fact]
    public async Task A_worker_that_outlives_its_lease_has_its_work_rolled_back_when_another_worker_took_the_job()
    {
        // Given a worker running one job at a time under a 1 s lease, and a handler that writes a row then works for 3 s
        var db = await NewDatabaseAsync("outlived_lease");
        await db.AdminExecAsync(TestHandlers.EffectsTableSql);
        await using var api = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Concurrency", "1"), ("Omni:Jobs:Lease", "00:00:01")));
        var (_, org) = await api.NewOrgAsync();
        var id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.StubbornJob, """{"ms":3000}"""));
        await EventuallyAsync(async () => (await JobAsync(db, id)).LockedBy is not null, Patience, async () => $"job: {await JobAsync(db, id)}");

        // When its lease lapses while it still works (its worker stalled: renewals stopped reaching the
        // database, simulated by expiring the lease), and another worker takes the job
        await db.AdminExecAsync("update omni.jobs set locked_until = now() - interval '1 second' where id = $1", id);
        await using var source = NpgsqlDataSource.Create(db.App);
        var takenOver = Assert.Single(await StoreOn(source).ClaimAsync("usurper", 1, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(id, takenOver.Id);

        // Then the first worker notices at its next renewal, and its run ends (the handler finishes or it
        // changed something)...
        bool Warned() => api.Logs.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(id.ToString()) && l.Contains("lost its lease"));
        bool Ended() => api.Logs.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(id.ToString()) && l.Contains("failed"));
        await EventuallyAsync(async () => (Warned() && Ended() && TestHandlers.Runs.ContainsKey(id))
                || await CountAsync(db, "select count(*) from jobs_test.effects where job_id = $1", id) > 0
                || (await JobAsync(db, id)).LockedBy != "usurper",
            Patience, async () => $"job: {await JobAsync(db, id)}");

        // ...without committing its work or touching the job, which stays with the usurper
        Assert.Equal(0, await CountAsync(db, "select count(*) from jobs_test.effects where job_id = $1", id));
        var job = await JobAsync(db, id);
        Assert.Equal(("running", "usurper", 2), (job.Status, job.LockedBy, job.Attempts));
        Assert.Equal(1, TestHandlers.Runs[id]);
        Assert.True(Warned());
    }

    [Fact]
    public async Task A_job_interrupted_by_a_shutdown_goes_back_to_the_queue_at_once_without_using_up_an_attempt()
    {
        // Given a worker (5 minute lease) in the middle of a long job
        var db = await NewDatabaseAsync("shutdown");
        Guid id;
        await using (var api = await TestApi.StartAsync(db, Settings(("Omni:Jobs:Lease", "00:05:00"))))
        {
            var (_, org) = await api.NewOrgAsync();
            id = Assert.Single(await InsertJobsAsync(db, org, TestHandlers.SlowJob, """{"ms":600000}"""));
            await EventuallyAsync(async () => (await JobAsync(db, id)).Status == "running", Patience, async () => $"job: {await JobAsync(db, id)}");

            // When its API shuts down
        }

        // Then the job is pending again, due now, with the interrupted attempt not counted
        var job = await JobAsync(db, id);
        Assert.Equal(("pending", (string?)null, 0), (job.Status, job.LockedBy, job.Attempts));
        Assert.True(job.RunAt <= DateTimeOffset.UtcNow, $"due at {job.RunAt:O}");

        // And the next worker takes it long before the old lease would have ended
        await using var next = await TestApi.StartAsync(db);
        await EventuallyAsync(async () => (await JobAsync(db, id)) is { Status: "running", Attempts: 1 }, Patience, async () => $"job: {await JobAsync(db, id)}");
    }

    [Fact]
    public async Task An_instance_without_a_handler_for_a_job_type_leaves_those_jobs_to_an_instance_that_has_one()
    {
        // Given, as in a rolling deploy, an old instance and a new one that alone handles a new job type
        var db = await NewDatabaseAsync("rolling_deploy");
        await using var old = await TestApi.StartAsync(db, Settings((TestHandlers.InstanceSetting, "old")));
        await using var current = await TestApi.StartAsync(db, Settings((TestHandlers.InstanceSetting, "new")),
            services => services.AddJobHandler<NewTypeHandler>(NewTypeHandler.Type));
        var (_, org) = await old.NewOrgAsync();

        // When jobs of the new type are enqueued
        var ids = await InsertJobsAsync(db, org, NewTypeHandler.Type, count: 40);

        // Then the new instance runs every one of them; none is dead-lettered by the old one
        await EventuallyAsync(async () => await CountAsync(db, "select count(*) from omni.jobs where status in ('pending', 'running')") == 0,
            Patience, async () => $"jobs: {await StatusSummaryAsync(db)}");
        Assert.Equal($"{NewTypeHandler.Type}/succeeded: 40", await StatusSummaryAsync(db));
        Assert.All(ids, id => Assert.Equal("new", TestHandlers.RanOn[id]));
    }

    private sealed class NewTypeHandler(Microsoft.Extensions.Configuration.IConfiguration config) : IJobHandler
    {
        public const string Type = "test.new_type";

        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            TestHandlers.RanOn[job.Id] = config[TestHandlers.InstanceSetting] ?? "";
            TestHandlers.Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    /// <summary>The dispatcher side of the table, for a worker that handles what every test API handles.</summary>
    private static JobStore StoreOn(NpgsqlDataSource source)
    {
        var services = new ServiceCollection();
        TestHandlers.Register(services);
        return new JobStore(source, JobRegistration.JobTypesFrom(services), JobRegistration.HousekeepingFrom(services));
    }

    private static IDictionary<string, string?> WorkersOff() => Settings(("Omni:Jobs:Enabled", "false"));

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)s.Value);

    private static Task<TestDatabase> NewDatabaseAsync(string purpose) =>
        TestCluster.CreateDatabaseAsync($"omni_jobs_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, 19 + purpose.Length)]);

    private static Task<List<Guid>> InsertJobsAsync(TestDatabase db, Guid org, string type, string payload = "{}", int count = 1, int maxAttempts = 8) =>
        AdminQueryAsync(db, """
            insert into omni.jobs (id, org_id, type, payload, max_attempts)
            select gen_random_uuid(), $1, $2, $3::jsonb, $4 from generate_series(1, $5)
            returning id
            """, r => r.GetGuid(0), org, type, payload, maxAttempts, count);

    private static async Task InsertEffectAsync(DbSession session, Guid org, Guid jobId, int attempt)
    {
        await using var cmd = session.CreateCommand("insert into jobs_test.effects (org_id, job_id, attempt) values ($1, $2, $3)");
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, org);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, jobId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, attempt);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed record JobState(string Status, int Attempts, int MaxAttempts, string? LastError, string? LockedBy,
        DateTimeOffset? LockedUntil, DateTimeOffset RunAt, DateTimeOffset? CompletedAt);

    private static async Task<JobState> JobAsync(TestDatabase db, Guid id) =>
        Assert.Single(await AdminQueryAsync(db,
            "select status, attempts, max_attempts, last_error, locked_by, locked_until, run_at, completed_at from omni.jobs where id = $1",
            r => new JobState(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
                r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7)), id));

    private static async Task<long> CountAsync(TestDatabase db, string sql, params object[] args) =>
        Convert.ToInt64(await db.AdminScalarAsync<object>(sql, args));

    private static async Task<string> StatusSummaryAsync(TestDatabase db) =>
        string.Join(", ", await AdminQueryAsync(db, "select type || '/' || status || ': ' || count(*) from omni.jobs group by type, status order by 1", r => r.GetString(0)));

    private static async Task<List<T>> AdminQueryAsync<T>(TestDatabase db, string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/>'s account after <paramref name="timeout"/>.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not so after {timeout.TotalSeconds} s. {await describe()}");
            await Task.Delay(50);
        }
    }
}
