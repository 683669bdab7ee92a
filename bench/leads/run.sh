#!/usr/bin/env bash
# The leads board (GET /api/v1/pipelines/{id}/board?limit=20) and a filtered lead list
# (GET /api/v1/leads?status=open&assignee=me&value_min=500&limit=50) on an org holding 50,000 leads across
# the five stages of its default pipeline (RLS on, as the non-superuser role), 32 concurrent connections
# with wrk, API and Postgres on the same machine. Writes results.md with the plans of both queries as the
# authenticated role.
# Usage: OMNI_BENCH=1 scripts/setup.sh && [BOARD_LIMIT=20] bench/leads/run.sh [duration, default 30s]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
DURATION="${1:-30s}"
DATA="$(mktemp -d /tmp/omni-bench-leads.XXXXXX)"; chmod 755 "$DATA"
PORT=18087
trap 'bench_stop; rm -rf "$DATA"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: OMNI_BENCH=1 scripts/setup.sh" >&2; exit 1; }
bench_build
bench_start "$DATA" "$PORT" Omni__RateLimiting__Enabled=false Omni__Jobs__Enabled=false
export Omni__DataDirectory="$DATA"
TOKEN=$(bench_token "$DATA" bench@example.com)
AUTH=(-H "Authorization: Bearer $TOKEN")
API="http://127.0.0.1:$PORT/api/v1"
ORG=$(curl -fs -X POST "$API/orgs" "${AUTH[@]}" -H 'content-type: application/json' -d '{"name":"Bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
USER_ID=$(curl -fs "$API/me" "${AUTH[@]}" | sed -n 's/.*"user_id":"\([^"]*\)".*/\1/p')
[ -n "$USER_ID" ] || { echo "no user id" >&2; exit 1; }
PIPELINE=$(curl -fs "$API/pipelines" "${AUTH[@]}" -H "X-Org-Id: $ORG" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')
[ -n "$PIPELINE" ] || { echo "no default pipeline" >&2; exit 1; }

echo "seeding 50,000 leads in pipeline $PIPELINE of org $ORG (a quarter assigned to $USER_ID)"
bench_psql "$DATA" <<SQL
with stages as (select id, kind, row_number() over (order by position) - 1 as n from leads.stages where pipeline_id = '$PIPELINE')
insert into leads.leads (id, org_id, pipeline_id, stage_id, title, value, currency, source, status, assignee_id,
                         expected_close_date, custom_fields, created_at, updated_at, stage_entered_at)
select gen_random_uuid(), '$ORG', '$PIPELINE', s.id, 'Deal ' || g, (g % 1000) * 10, case when g % 3 = 0 then 'USD' else 'BRL' end,
       case when g % 2 = 0 then 'ads' else 'website' end, s.kind,
       case g % 4 when 0 then '$USER_ID'::uuid when 1 then null else gen_random_uuid() end,
       current_date + (g % 90), jsonb_build_object('n', g),
       now() - (g || ' seconds')::interval, now(), now() - (g || ' seconds')::interval
from generate_series(1, 50000) g join stages s on s.n = g % 5;
-- As autovacuum would leave it: statistics, and the visibility map that lets index-only scans skip the heap.
vacuum analyze leads.leads;
analyze;
SQL

BOARD="$API/pipelines/$PIPELINE/board?limit=${BOARD_LIMIT:-20}"
LIST="$API/leads?status=open&assignee=me&value_min=500&limit=50"
curl -fs "$BOARD" "${AUTH[@]}" -H "X-Org-Id: $ORG" -o "$DATA/board.json"; head -c 300 "$DATA/board.json"; echo
curl -fs "$LIST" "${AUTH[@]}" -H "X-Org-Id: $ORG" -o "$DATA/list.json"; head -c 300 "$DATA/list.json"; echo

CLAIMS="{\"sub\":\"$USER_ID\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"omni_org_id\":\"$ORG\"}"
PLANS=$(bench_psql "$DATA" <<SQL
begin;
set local role authenticated;
set local request.jwt.claims to '$CLAIMS';
explain (analyze, costs off, timing off, summary on)
select l.id from leads.leads l where l.org_id = '$ORG' and l.status = 'open' and l.assignee_id = '$USER_ID' and l.value >= 500
order by l.created_at desc, l.id desc limit 51;
explain (analyze, costs off, timing off, summary on)
select p.name, s.id, s.name, s.kind, s.position, t.currency, t.lead_count, t.value_total
from leads.pipelines p
join leads.stages s on s.org_id = p.org_id and s.pipeline_id = p.id
left join leads.stage_totals t on t.org_id = s.org_id and t.stage_id = s.id and t.lead_count > 0
where p.org_id = '$ORG' and p.id = '$PIPELINE' order by s.position, s.id, t.currency;
explain (analyze, costs off, timing off, summary on)
select l.id from leads.stages s
cross join lateral (select x.id from leads.leads x where x.org_id = '$ORG' and x.stage_id = s.id order by x.created_at desc, x.id desc limit 21) l
where s.org_id = '$ORG' and s.pipeline_id = '$PIPELINE';
rollback;
SQL
)

measure() { # measure <url>: warm-up, then the measured run; prints wrk's output
  wrk -t2 -c32 -d15s "${AUTH[@]}" -H "X-Org-Id: $ORG" "$1" >/dev/null
  wrk -t2 -c32 -d"$DURATION" --latency "${AUTH[@]}" -H "X-Org-Id: $ORG" "$1"
}
field() { echo "$1" | awk "$2"; }
echo "board: warm-up 15 s, then $DURATION"; LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BOARD_OUT=$(measure "$BOARD"); echo "$BOARD_OUT"
echo "list: warm-up 15 s, then $DURATION"
LIST_OUT=$(measure "$LIST"); echo "$LIST_OUT"; LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RSS=$(rss_mb "$API_PID"); HWM=$(hwm_mb "$API_PID")
row() { # row <name> <wrk output>
  local rps p50 p99 errors
  rps=$(field "$2" '/Requests\/sec/ {print $2}'); p50=$(field "$2" '/^ +50%/ {print $2}'); p99=$(field "$2" '/^ +99%/ {print $2}')
  errors=$(field "$2" '/Non-2xx/ {print $5}'); echo "| $1 | $rps | $p50 | $p99 | ${errors:-0} |"
}

cat > "$HERE/results.md" <<MD
# Leads: the board and a filtered list — 50,000 leads, RLS on

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)),
API (Release, embedded Postgres 15 on the same machine, requests as the non-superuser role under RLS),
wrk on the same machine: \`bench/leads/run.sh $DURATION\` (wrk -t2 -c32 -d$DURATION --latency, after 15 s of warm-up each).
Rate limiting off and logs at Warning for the run; everything else as shipped. One org, one pipeline of five stages,
50,000 leads spread evenly over the stages, a quarter assigned to the caller.

Load average (1, 5, 15 min) before the runs: $LOAD_BEFORE; after: $LOAD_AFTER (the machine is shared; numbers on
an idle machine will differ).

| endpoint | requests/s | p50 | p99 (target < 30 ms) | non-2xx |
|---|---|---|---|---|
$(row "GET /pipelines/{id}/board?limit=20" "$BOARD_OUT")
$(row "GET /leads?status=open&assignee=me&value_min=500&limit=50" "$LIST_OUT")

API resident memory after the runs: $RSS MB (peak $HWM MB).

\`\`\`
$BOARD_OUT

$LIST_OUT
\`\`\`

## Plans, as the authenticated role under the caller's claims

The board never counts leads: per-stage counts and value totals per currency come from \`leads.stage_totals\`, which
statement-level triggers keep as leads are inserted, moved, changed and deleted. Each column's first leads are one
index scan of \`leads_org_stage_idx\` (org, stage, created_at desc, id desc) per stage; the list's filter walks
\`leads_org_status_assignee_idx\` (org, status, assignee, created_at desc, id desc) in order. The RLS policy is the
platform's (\`org_id in (select ... member_org_ids())\`): one hashed subplan per statement, not a call per row.

\`\`\`
$PLANS
\`\`\`
MD
echo "wrote $HERE/results.md"
