using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

public static class ScoreKit
{
    /// <summary>600 contacts with a known signal: a quarter view the pricing page 3-5 times and 80% of them buy;
    /// of the rest, a fifth view it once and 6% buy. Every contact also views 2-6 other pages. Each contact's
    /// activity ends at its purchase (or now, without one), so only the pricing views tell buyers apart.</summary>
    public static Task SeedKnownSignalAsync(this TrackingOrg org, double seed = 0.31) =>
        org.Api.Database.AdminExecAsync($$"""
            select setseed({{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}});
            create temp table people on commit drop as
              select id, fan, case when (fan and u1 < 0.8) or (not fan and u1 < 0.06) then now() - make_interval(secs => u2 * 20 * 86400) end as converted_at,
                     2 + floor(u3 * 5)::int as views, case when fan then 3 + floor(u2 * 3)::int when u3 < 0.2 then 1 else 0 end as pricing
              from (select gen_random_uuid() as id, random() < 0.25 as fan, random() as u1, random() as u2, random() as u3 from generate_series(1, 600)) c;
            insert into tracking.events (id, org_id, source_id, event_id, type, name, contact_id, url, context, occurred_at)
              select gen_random_uuid(), '{{org.OrgId}}', '{{org.SourceId}}', gen_random_uuid()::text, 'page', 'Page View', p.id,
                     'https://shop.example.com/' || (array['', 'blog', 'about', 'docs'])[1 + floor(random() * 4)::int],
                     case when random() < 0.3 then '{"utm_source":"newsletter"}'::jsonb else '{}'::jsonb end,
                     coalesce(p.converted_at, now()) - make_interval(secs => (0.1 + random() * 30) * 86400)
              from people p cross join lateral generate_series(1, p.views) k;
            insert into tracking.events (id, org_id, source_id, event_id, type, name, contact_id, url, occurred_at)
              select gen_random_uuid(), '{{org.OrgId}}', '{{org.SourceId}}', gen_random_uuid()::text, 'page', 'Page View', p.id,
                     'https://shop.example.com/pricing?ref=' || k, coalesce(p.converted_at, now()) - make_interval(secs => (0.1 + random() * 30) * 86400)
              from people p cross join lateral generate_series(1, p.pricing) k;
            insert into tracking.events (id, org_id, source_id, event_id, type, name, contact_id, occurred_at)
              select gen_random_uuid(), '{{org.OrgId}}', '{{org.SourceId}}', gen_random_uuid()::text, 'track', 'Scrolled', p.id,
                     coalesce(p.converted_at, now()) - make_interval(secs => (0.1 + random() * 30) * 86400)
              from people p;
            insert into tracking.events (id, org_id, source_id, event_id, type, name, contact_id, occurred_at)
              select gen_random_uuid(), '{{org.OrgId}}', '{{org.SourceId}}', gen_random_uuid()::text, 'track', 'Purchase', p.id, p.converted_at
              from people p where p.converted_at is not null;
            """);

    /// <summary>Queues a training and waits until the org has a model newer than any before.</summary>
    public static async Task TrainAsync(this TrackingOrg org, params string[] conversionEvents)
    {
        var before = await org.Api.Database.AdminScalarAsync<long>("select count(*) from tracking.score_models where org_id = $1", org.OrgId);
        var query = string.Join("&", conversionEvents.Select(e => "conversion_events=" + Uri.EscapeDataString(e)));
        var queued = await org.PostOkAsync($"/api/v1/scores/train?{query}", new { }, HttpStatusCode.Accepted);
        var job = queued.GetProperty("job_id").GetGuid();
        await Eventually.HoldsAsync(
            async () => await org.Api.Database.AdminScalarAsync<long>("select count(*) from tracking.score_models where org_id = $1", org.OrgId) > before,
            async () => await org.Api.Database.AdminScalarAsync<string>("select status || ' ' || coalesce(last_error, '') from omni.jobs where id = $1", job),
            TimeSpan.FromSeconds(60));
    }

    public static async Task<Guid> ContactWhereAsync(this TrackingOrg org, string condition) =>
        await org.Api.Database.AdminScalarAsync<Guid>($"""
            select contact_id from tracking.events e where org_id = $1 and contact_id is not null
            group by contact_id having {condition} order by contact_id limit 1
            """, org.OrgId);

    public static double Score(this JsonElement score) => score.GetProperty("score").GetDouble();
}
