#!/usr/bin/env bash
# Segments over 1,000,000 events: one org, 50,000 contacts, 30 days of page views and track events (RLS on,
# as the non-superuser role). Times POST /api/v1/segments/{id}/refresh, which evaluates the rules in one
# statement and applies the difference to tracking.segment_members: from empty (every member enters), at
# rest (nothing changes), and after the rules change (members exit). Writes results.md.
# Usage: bench/segments/run.sh [runs at rest, default 7]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
RUNS="${1:-7}"
DATA="$(mktemp -d /tmp/omni-bench-segments.XXXXXX)"; chmod 755 "$DATA"
PORT=18087
trap 'bench_stop; rm -rf "$DATA"' EXIT

bench_build
# The job worker is off so that only the measured requests refresh (a create or update queues a refresh job,
# which would otherwise race the measured one).
bench_start "$DATA" "$PORT" Omni__RateLimiting__Enabled=false Omni__Jobs__Enabled=false
export Omni__DataDirectory="$DATA"
BASE="http://127.0.0.1:$PORT/api/v1"
TOKEN=$(bench_token "$DATA" bench@example.com)
ORG=$(curl -fs -X POST "$BASE/orgs" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"Bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
HEADERS=(-H "Authorization: Bearer $TOKEN" -H "X-Org-Id: $ORG" -H 'content-type: application/json')
SOURCE=$(curl -fs -X POST "$BASE/tracking/sources" "${HEADERS[@]}" -d '{"name":"Shop"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)

echo "seeding 1,000,000 events for 50,000 contacts in org $ORG"
START=$(date +%s)
bench_psql "$DATA" <<SQL
set synchronous_commit = off;
select setseed(0.42);
insert into tracking.events (id, org_id, source_id, event_id, type, name, anonymous_id, contact_id, properties, url, occurred_at)
select gen_random_uuid(), '$ORG', '$SOURCE', 'bench-' || g,
       case when r1 < 0.6 then 'page' else 'track' end,
       case when r1 < 0.6 then 'Page View'
            else (array['Viewed Pricing', 'Added To Cart', 'Signed Up', 'Clicked CTA', 'Scrolled'])[1 + floor(r2 * 5)::int] end,
       'anon-' || c, md5('contact-' || c)::uuid,
       case when r1 >= 0.6 then jsonb_build_object('plan', (array['free', 'pro', 'team'])[1 + floor(r3 * 3)::int]) else '{}'::jsonb end,
       case when r1 < 0.6 then 'https://shop.example.com/' || (array['', 'pricing', 'blog/a', 'blog/b', 'docs', 'about', 'features'])[1 + floor(r2 * 7)::int] end,
       now() - make_interval(secs => r3 * 45 * 86400)
from (select g, random() r1, random() r2, random() r3, floor(random() * 50000)::int c from generate_series(1, 1000000) g) s;
vacuum analyze tracking.events;
SQL
SEED_S=$(( $(date +%s) - START ))
EVENTS=$(bench_psql "$DATA" -c "select count(*) from tracking.events")
CONTACTS=$(bench_psql "$DATA" -c "select count(distinct contact_id) from tracking.events")
echo "seeded in $SEED_S s: $EVENTS events, $CONTACTS contacts"

RULES_A='{"name":"Hot pricing visitors","rules":{"conditions":[
  {"type":"event","name":"Viewed Pricing","min_count":2,"within_days":30},
  {"type":"url","op":"prefix","value":"https://shop.example.com/pricing","within_days":30},
  {"type":"property","event":"Added To Cart","key":"plan","op":"equals","value":"pro","within_days":30}]}}'
RULES_B='{"name":"Hot pricing visitors","rules":{"conditions":[
  {"type":"event","name":"Viewed Pricing","min_count":3,"within_days":14},
  {"type":"url","op":"contains","value":"/pricing","within_days":14}]}}'
SEGMENT=$(curl -fs -X POST "$BASE/segments" "${HEADERS[@]}" -d "$RULES_A" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
refresh() { curl -fs -X POST "$BASE/segments/$SEGMENT/refresh" "${HEADERS[@]}" -o "$DATA/r.json" -w '%{time_total}'; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" "$DATA/r.json"; }
row() { echo "| $1 | $(field entered) | $(field exited) | $(field member_count) | $(field took_ms) | $(awk "BEGIN {printf \"%.1f\", $2 * 1000}") |"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
T=$(refresh); FIRST=$(row "first refresh (from empty)" "$T"); echo "$FIRST"
REST=()
for _ in $(seq 1 "$RUNS"); do T=$(refresh); REST+=("$(row "refresh at rest" "$T")"); echo "${REST[-1]}"; done
curl -fs -X PUT "$BASE/segments/$SEGMENT" "${HEADERS[@]}" -d "$RULES_B" >/dev/null
T=$(refresh); CHANGED=$(row "after the rules change" "$T"); echo "$CHANGED"
curl -fs -X PUT "$BASE/segments/$SEGMENT" "${HEADERS[@]}" -d "$RULES_A" >/dev/null
T=$(refresh); BACK=$(row "rules changed back" "$T"); echo "$BACK"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The plan of segment A's members statement as the API runs it: role authenticated, the user's claims, RLS on.
ME=$(curl -fs "$BASE/me" -H "Authorization: Bearer $TOKEN" | sed -n 's/.*"user_id":"\([^"]*\)".*/\1/p')
PLAN=$(bench_psql "$DATA" <<SQL
begin;
set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"$ME","role":"authenticated","aud":"authenticated","omni_org_id":"$ORG"}', true) \\g /dev/null
explain (analyze, buffers, costs off)
select contact_id from (
  (select contact_id from tracking.events where org_id = '$ORG' and name = 'Viewed Pricing' and occurred_at >= now() - make_interval(days => 30)
     and contact_id is not null group by contact_id having count(*) >= 2)
  intersect
  (select distinct contact_id from tracking.events where org_id = '$ORG' and contact_id is not null and type = 'page'
     and occurred_at >= now() - make_interval(days => 30) and starts_with(url, 'https://shop.example.com/pricing'))
  intersect
  (select distinct contact_id from tracking.events where org_id = '$ORG' and contact_id is not null and occurred_at >= now() - make_interval(days => 30)
     and name = 'Added To Cart' and properties ->> 'plan' = 'pro')) members;
rollback;
SQL
)
echo "$PLAN"

cat > "$HERE/results.md" <<MD
# Segments over 1,000,000 events — one statement per refresh, RLS on

Measured $(date -u +%Y-%m-%d\ %H:%M) UTC on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)), shared
with other work: load average $LOAD_BEFORE before the runs, $LOAD_AFTER after. \`bench/segments/run.sh $RUNS\`:
API in Release on its embedded Postgres 15 (same machine), requests as the non-superuser role under RLS.

Data: one org, $EVENTS events of $CONTACTS contacts over 45 days (60% page views over 7 URLs, 40% track events of 5
names with a \`plan\` property), seeded with SQL and vacuumed (seeding took $SEED_S s).

Segment A: \`Viewed Pricing\` at least twice in 30 days, a page view under \`https://shop.example.com/pricing\` in 30
days, and an \`Added To Cart\` with \`plan = pro\` in 30 days. Segment B (the rules changed): \`Viewed Pricing\` at least 3
times in 14 days and a URL containing \`/pricing\` in 14 days.

\`POST /api/v1/segments/{id}/refresh\`: evaluate the rules (one statement over tracking.events), insert the entered
members, delete the exited ones, update \`member_count\` (the same statement), publish an event per change.
took_ms is measured in the API around that work; the request column is curl's total.

| run | entered | exited | members | took_ms (API) | request ms |
|---|---|---|---|---|---|
$FIRST
$(printf '%s\n' "${REST[@]}")
$CHANGED
$BACK

The members statement of segment A under RLS (\`explain analyze\`, run once after the requests above):

\`\`\`
$PLAN
\`\`\`

Target: under 1 s per evaluation. Nothing subscribes to SegmentEntered/SegmentExited in this run, so no outbox
rows are written (with a subscriber, one multi-row insert per subscriber and event type).
MD
echo "wrote $HERE/results.md"
