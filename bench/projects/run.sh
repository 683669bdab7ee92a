#!/usr/bin/env bash
# Projects under load: an org holding 100,000 tasks, one column holding 10,000 of them (RLS on, as the
# non-superuser role). (1) wrk, 32 connections, on two task lists: view=mine and one page of the big column
# by rank; (2) drag-and-drop moves inside the big column through the API: that a move rewrites exactly one
# row (row versions before and after, and pg_stat_user_tables.n_tup_upd), and the move latency over many
# moves (wrk with a script, 1 and 8 connections). Plans are checked with EXPLAIN ANALYZE as the
# authenticated role. Writes results.md.
# Usage: OMNI_BENCH=1 scripts/setup.sh && bench/projects/run.sh [duration, default 30s]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
DURATION="${1:-30s}"
DATA="$(mktemp -d /tmp/omni-bench-projects.XXXXXX)"; chmod 755 "$DATA"
PORT=18086
trap 'bench_stop; rm -rf "$DATA"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: OMNI_BENCH=1 scripts/setup.sh" >&2; exit 1; }
bench_build
bench_start "$DATA" "$PORT" Omni__RateLimiting__Enabled=false
export Omni__DataDirectory="$DATA"
BASE="http://127.0.0.1:$PORT/api/v1"
TOKEN=$(bench_token "$DATA" bench@example.com)
ORG=$(curl -fs -X POST "$BASE/orgs" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"Bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
ME=$(curl -fs "$BASE/me" -H "Authorization: Bearer $TOKEN" | sed -n 's/.*"user_id":"\([^"]*\)".*/\1/p')
HEADERS=(-H "Authorization: Bearer $TOKEN" -H "X-Org-Id: $ORG")
for i in $(seq 1 10); do
  curl -fs -X POST "$BASE/projects" "${HEADERS[@]}" -H 'content-type: application/json' -d "{\"name\":\"Project $i\"}" >/dev/null
done
PROJECT=$(bench_psql "$DATA" -c "select id from projects.projects where org_id = '$ORG' and name = 'Project 1'")
BIG=$(bench_psql "$DATA" -c "select id from projects.columns where project_id = '$PROJECT' and position = 1")

# 10,000 tasks in Project 1's "To do" (the big column) and 90,000 spread over the other 29 columns. Ranks as
# the API makes them: "c" and three base-62 digits, 20 apart. A task in 20 is the bench user's, the others
# go to 20 agents; due dates spread over 200 days around today; tasks in done columns are completed.
echo "seeding 100,000 tasks in org $ORG"
START=$(date +%s)
bench_psql "$DATA" <<SQL
set synchronous_commit = off;
create function pg_temp.b62(n int) returns text language sql immutable as \$\$
  select 'c' || substr(d, n / 3844 % 62 + 1, 1) || substr(d, n / 62 % 62 + 1, 1) || substr(d, n % 62 + 1, 1)
  from (select '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'::text as d) x
\$\$;
create temp table slots as
  select g, case when g <= 10000 then '$BIG'::uuid
                 else (select c.id from projects.columns c where c.org_id = '$ORG' and c.id <> '$BIG'
                       order by c.id offset (g % 29) limit 1) end as column_id
  from generate_series(1, 100000) g;
insert into projects.tasks (id, org_id, project_id, column_id, rank, title, description, priority, assignee_id, due_date,
                            labels, completed_at, created_by, created_at, updated_at)
select gen_random_uuid(), '$ORG', c.project_id, s.column_id,
       pg_temp.b62(20 * row_number() over (partition by s.column_id order by s.g)::int),
       'Task ' || s.g, 'Follow up on order ' || s.g,
       (array['low', 'medium', 'high', 'urgent'])[s.g % 4 + 1],
       case when s.g % 20 = 0 then '$ME'::uuid else md5('agent' || s.g % 20)::uuid end,
       current_date + (s.g % 200 - 100),
       case when s.g % 7 = 0 then '{vip}'::text[] else '{}'::text[] end,
       case when c.is_done then now() end, '$ME', now() - (s.g || ' seconds')::interval, now()
from slots s join projects.columns c on c.id = s.column_id;
vacuum analyze;
SQL
echo "seeded in $(( $(date +%s) - START )) s: $(bench_psql "$DATA" -c "select count(*) from projects.tasks where org_id = '$ORG'") tasks, \
$(bench_psql "$DATA" -c "select count(*) from projects.tasks where column_id = '$BIG'") in the big column"

MINE_URL="$BASE/tasks?view=mine&limit=50"
# A page in the middle of the big column: the keyset cursor the API returns after task 5,000 ("r|" and its rank).
MIDDLE_RANK=$(bench_psql "$DATA" -c "select rank from projects.tasks where column_id = '$BIG' order by rank collate \"C\" offset 4999 limit 1")
MIDDLE=$(printf 'r|%s' "$MIDDLE_RANK" | base64 | tr '+/' '-_' | tr -d '=')
COLUMN_URL="$BASE/tasks?project_id=$PROJECT&column_id=$BIG&limit=50&cursor=$MIDDLE"

measure() { # measure <name> <url>: warm-up, then the measured run; sets OUT_<name>
  local name="$1" url="$2" first
  first=$(curl -fs "$url" "${HEADERS[@]}")
  echo "$name: $(echo "$first" | grep -o '"rank"' | wc -l) tasks in the first page; ${first:0:160}"
  echo "warm-up (20 s: JIT tiering settles)"; wrk -t2 -c32 -d20s "${HEADERS[@]}" "$url" >/dev/null
  echo "measuring $name for $DURATION"
  local out; out=$(wrk -t2 -c32 -d"$DURATION" --latency "${HEADERS[@]}" "$url")
  echo "$out"
  printf -v "OUT_$name" '%s' "$out"
}
stat() { echo "$1" | awk "$2"; }
row() { # row <label> <wrk output> <target>
  local rps p50 p99 errors
  rps=$(stat "$2" '/Requests\/sec/ {print $2}'); p50=$(stat "$2" '/^ +50%/ {print $2}'); p99=$(stat "$2" '/^ +99%/ {print $2}')
  errors=$(stat "$2" '/Non-2xx/ {print $5}'); errors=${errors:-0}
  echo "| $1 | $rps | $p50 | $p99 | $3 | $errors |"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure mine "$MINE_URL"
measure column "$COLUMN_URL"

# Moves. One move first, watched closely: every row version of the big column before and after it.
echo "one move in the big column, watched"
bench_psql "$DATA" -c "create table public.bench_before as select id, xmin::text as v, rank from projects.tasks where column_id = '$BIG'"
read -r MOVED AFTER_ID <<<"$(bench_psql "$DATA" -F ' ' -c "select (select id from projects.tasks where column_id = '$BIG' order by rank collate \"C\" offset 9000 limit 1),
                                                                (select id from projects.tasks where column_id = '$BIG' order by rank collate \"C\" offset 4000 limit 1)")"
UPD_BEFORE=$(bench_psql "$DATA" -c "select n_tup_upd from pg_stat_user_tables where relid = 'projects.tasks'::regclass")
MOVE_ANSWER=$(curl -fs -X POST "$BASE/tasks/$MOVED/move" "${HEADERS[@]}" -H 'content-type: application/json' -d "{\"after_id\":\"$AFTER_ID\"}")
sleep 12 # an idle backend reports its statistics to pg_stat_user_tables within 10 s
UPD_AFTER=$(bench_psql "$DATA" -c "select pg_stat_clear_snapshot(); select n_tup_upd from pg_stat_user_tables where relid = 'projects.tasks'::regclass" | tail -1)
ROWS_REWRITTEN=$(bench_psql "$DATA" -c "select count(*) from public.bench_before b join projects.tasks t using (id) where t.xmin::text <> b.v")
RANKS_CHANGED=$(bench_psql "$DATA" -c "select count(*) from public.bench_before b join projects.tasks t using (id) where t.rank <> b.rank")
PLACED=$(bench_psql "$DATA" -c "select (select id from projects.tasks where column_id = '$BIG' and rank collate \"C\" > (select rank from projects.tasks where id = '$AFTER_ID') order by rank collate \"C\" limit 1) = '$MOVED'")
echo "moved $MOVED after $AFTER_ID: rows rewritten $ROWS_REWRITTEN, ranks changed $RANKS_CHANGED, n_tup_upd +$((UPD_AFTER - UPD_BEFORE)), placed right: $PLACED"

# Many moves: wrk posts moves from a list of 60,000 random (task, after) pairs of the column, so that nearly
# every request moves a task (a pair whose task already sits right below its neighbour changes nothing and
# is not counted: moves are counted by the activity rows they write).
bench_psql "$DATA" -F ' ' -c "with ids as (select array_agg(id) as a from projects.tasks where column_id = '$BIG')
  select a[1 + floor(random() * 10000)::int], a[1 + floor(random() * 10000)::int] from ids, generate_series(1, 60000)" \
  | awk '$1 != $2' >"$DATA/pairs.txt"
cat >"$DATA/move.lua" <<LUA
local moves = {}
for line in io.lines("$DATA/pairs.txt") do
  local task, after = line:match("(%S+) (%S+)")
  moves[#moves + 1] = { task, after }
end
local i = 0
local headers = nil
function setup(thread) thread:set("offset", math.random(#moves)) end
request = function()
  if headers == nil then -- wrk.format's headers replace the -H ones: copy them (authorization, org) and add the type
    headers = { ["Content-Type"] = "application/json" }
    for k, v in pairs(wrk.headers) do headers[k] = v end
  end
  i = i + 1
  local p = moves[(offset + i) % #moves + 1]
  return wrk.format("POST", "/api/v1/tasks/" .. p[1] .. "/move", headers, '{"after_id":"' .. p[2] .. '"}')
end
LUA
UPD_MOVES_BEFORE=$(bench_psql "$DATA" -c "select n_tup_upd from pg_stat_user_tables where relid = 'projects.tasks'::regclass")
moved() { bench_psql "$DATA" -c "select count(*) from projects.task_activity where org_id = '$ORG' and kind = 'moved'"; }
M0=$(moved)
echo "moves, 1 connection, 20 s"; OUT_move1=$(wrk -t1 -c1 -d20s --latency -s "$DATA/move.lua" "${HEADERS[@]}" "http://127.0.0.1:$PORT"); echo "$OUT_move1"
M1=$(moved)
echo "moves, 8 connections, 20 s"; OUT_move8=$(wrk -t2 -c8 -d20s --latency -s "$DATA/move.lua" "${HEADERS[@]}" "http://127.0.0.1:$PORT"); echo "$OUT_move8"
M8=$(moved)
sleep 12
UPD_MOVES_AFTER=$(bench_psql "$DATA" -c "select pg_stat_clear_snapshot(); select n_tup_upd from pg_stat_user_tables where relid = 'projects.tasks'::regclass" | tail -1)
DUPLICATES=$(bench_psql "$DATA" -c "select count(*) - count(distinct rank) from projects.tasks where column_id = '$BIG'")
LONGEST=$(bench_psql "$DATA" -c "select max(length(rank)) from projects.tasks where column_id = '$BIG'")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RSS=$(rss_mb "$API_PID"); HWM=$(hwm_mb "$API_PID")

# Plans, as the API runs them: the authenticated role with the bench user's claims for the org.
explain() {
  bench_psql "$DATA" -c "begin; set local role authenticated;
    select set_config('request.jwt.claims', '{\"sub\":\"$ME\",\"role\":\"authenticated\",\"aud\":\"authenticated\",\"omni_org_id\":\"$ORG\"}', true);
    explain (analyze, costs off, timing off, summary off) $1; rollback;" | grep -v '^$' | sed -n '2,$p'
}
CURSOR_RANK=$(bench_psql "$DATA" -c "select rank from projects.tasks where column_id = '$BIG' order by rank collate \"C\" offset 5000 limit 1")
PLAN_MINE=$(explain "select t.id from projects.tasks t where t.org_id = '$ORG' and t.completed_at is null and t.assignee_id = '$ME' order by t.due_key, t.id limit 51")
PLAN_COLUMN=$(explain "select t.id from projects.tasks t where t.org_id = '$ORG' and t.project_id = '$PROJECT' and t.column_id = '$BIG' and t.rank > '$CURSOR_RANK' order by t.rank limit 51")
PLAN_NEXT=$(explain "select t.rank from projects.tasks t where t.org_id = '$ORG' and t.column_id = '$BIG' and t.id <> '$MOVED' and t.rank > '$CURSOR_RANK' order by t.rank limit 1")

move_row() { # move_row <label> <wrk output> <rows moved>
  local rps p50 p90 p99 errors requests
  rps=$(stat "$2" '/Requests\/sec/ {print $2}'); p50=$(stat "$2" '/^ +50%/ {print $2}'); p90=$(stat "$2" '/^ +90%/ {print $2}')
  p99=$(stat "$2" '/^ +99%/ {print $2}'); errors=$(stat "$2" '/Non-2xx/ {print $5}'); errors=${errors:-0}
  requests=$(stat "$2" '/requests in/ {print $1}')
  echo "| $1 | $rps | $requests | $3 | $p50 | $p90 | $p99 | $errors |"
}

cat > "$HERE/results.md" <<MD
# Projects under load — 100,000 tasks, one column of 10,000, RLS on

Measured $(date -u +'%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)),
API (Release, embedded Postgres 15 on the same machine, requests as the non-superuser role under RLS),
wrk on the same machine: \`bench/projects/run.sh $DURATION\`. Rate limiting off and logs at Warning for the
run; everything else as shipped. Load average (1, 5, 15 min) before the runs: $LOAD_BEFORE; after: $LOAD_AFTER
(the machine may be shared: compare with an idle run before reading much into the numbers).

Data: one org, 10 projects of 3 columns, 100,000 tasks; Project 1's first column holds 10,000 of them,
the other 29 columns about 3,100 each; one task in 20 is the bench user's (about 2,500 of them open).

## Lists (wrk -t2 -c32 -d$DURATION --latency, after a 20 s warm-up)

| route | requests/s | p50 | p99 | p99 target | non-2xx |
|---|---|---|---|---|---|
$(row "GET /tasks?view=mine&limit=50" "$OUT_mine" "< 30 ms")
$(row "GET /tasks?project_id=…&column_id=…&limit=50&cursor=… (page 101 of the 10,000-task column)" "$OUT_column" "< 30 ms")

## Moves in the 10,000-task column

One move (task at position 9,001 dragged below the task at position 4,001), watched:

| check | result |
|---|---|
| rows of the column whose row version changed | $ROWS_REWRITTEN |
| rows of the column whose rank changed | $RANKS_CHANGED |
| pg_stat_user_tables.n_tup_upd delta for projects.tasks | $((UPD_AFTER - UPD_BEFORE)) |
| the task now directly below the one named | $PLACED |

Many moves (\`POST /tasks/{id}/move\` with \`after_id\`, random (task, neighbour) pairs of the column, wrk
with a script): every move is one UPDATE of one row; moves into one column run one after the other (the
column row is locked for the move), so connections beyond one mostly queue.

| run | requests/s | requests | tasks moved | p50 | p90 | p99 | non-2xx |
|---|---|---|---|---|---|---|---|
$(move_row "1 connection, 20 s" "$OUT_move1" $((M1 - M0)))
$(move_row "8 connections, 20 s" "$OUT_move8" $((M8 - M1)))

After both runs: $((M8 - M0)) tasks moved, n_tup_upd of projects.tasks grew by $((UPD_MOVES_AFTER - UPD_MOVES_BEFORE))
(one per move, plus the rows of any rebalance), $DUPLICATES duplicate ranks in the column, longest rank $LONGEST characters.

API resident memory after the runs: $RSS MB (peak $HWM MB).

What these paths cost and why (docs/adr/0018): a list is one statement through EF (role and claims ride
ahead of it in the same round trip, docs/adr/0004) plus the COMMIT, and one index range: view=mine reads the
partial index of open tasks \`(org_id, assignee_id, due_key, id)\`, a column page reads
\`(org_id, column_id, rank)\` from the cursor's rank on (text comparison is leakproof in Postgres 15, so the
keyset condition is an index condition under RLS; the plans are below). A move locks the task row, then the
column row (moves into one column queue behind each other, which is why 8 connections add little), reads
the neighbours' ranks in one statement (index probes), computes the new rank in the API, updates the one
row and writes its activity row in one statement, and commits. Nothing in it depends on how many tasks the
column holds.

## Plans (EXPLAIN ANALYZE as \`authenticated\` with the bench user's claims)

view=mine:
\`\`\`
$PLAN_MINE
\`\`\`

A page of the big column by rank (keyset \`rank > cursor\`):
\`\`\`
$PLAN_COLUMN
\`\`\`

A move's neighbour lookup (the next rank after a task, the moved task excluded):
\`\`\`
$PLAN_NEXT
\`\`\`

## wrk output

\`\`\`
$OUT_mine
\`\`\`

\`\`\`
$OUT_column
\`\`\`

\`\`\`
$OUT_move1
\`\`\`

\`\`\`
$OUT_move8
\`\`\`
MD
echo "wrote $HERE/results.md"
