#!/usr/bin/env bash
# Signed WhatsApp webhooks into POST /webhooks/whatsapp: how many per second are acknowledged, where a 200
# means the body and its processing job are committed (so the count of 200s must equal the rows added to
# channels.webhook_events). API in Release on the embedded Postgres (durable: fsync on), a WhatsApp channel
# created through the API (its token checked against a stand-in Graph API), and a C# load generator posting
# text-message webhooks, each with its own wamid and a valid X-Hub-Signature-256, from 32 connections.
# Writes results.md.
# Usage: bench/webhook-intake/run.sh [seconds, default 30] [concurrency, default 32]
#   WORKERS=on also runs the job workers, which then process the webhooks (contacts, conversations,
#   messages) on the same cores while they arrive; by default they are off and intake is measured alone.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
SECONDS_TO_RUN="${1:-30}"
CONCURRENCY="${2:-32}"
WORKERS="${WORKERS:-off}"
DATA="$(mktemp -d /tmp/omni-bench-webhooks.XXXXXX)"; chmod 755 "$DATA"
PORT=18082
GRAPH_PORT=18083
GRAPH_PID=""
trap '[ -n "$GRAPH_PID" ] && kill "$GRAPH_PID" 2>/dev/null; bench_stop; rm -rf "$DATA" "$DATA.log"' EXIT

bench_build
dotnet build "$HERE/loadgen" -c Release -v quiet -nologo >/dev/null
LOADGEN="$HERE/loadgen/bin/Release/net10.0/webhook-loadgen.dll"

dotnet "$LOADGEN" graph "$GRAPH_PORT" >/dev/null 2>&1 &
GRAPH_PID=$!
JOBS=true; [ "$WORKERS" = "on" ] || JOBS=false
bench_start "$DATA" "$PORT" Omni__Providers__WhatsApp__BaseUrl="http://127.0.0.1:$GRAPH_PORT/v23.0/" Omni__Jobs__Enabled="$JOBS"
export Omni__DataDirectory="$DATA"
API="http://127.0.0.1:$PORT"
TOKEN=$(bench_token "$DATA" bench@example.com)
ORG=$(curl -fs -X POST "$API/api/v1/orgs" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"Bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')

NUMBER_ID="106540352242922"
SECRET="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CHANNEL=$(curl -fs -X POST "$API/api/v1/channels" -H "Authorization: Bearer $TOKEN" -H "X-Org-Id: $ORG" -H 'content-type: application/json' \
  -d "{\"type\":\"whatsapp\",\"name\":\"Bench line\",\"credentials\":{\"phone_number_id\":\"$NUMBER_ID\",\"business_account_id\":\"102290129340398\",\"access_token\":\"EAAG-bench\",\"app_secret\":\"$SECRET\",\"verify_token\":\"bench-verify\"}}")
echo "$CHANNEL" | grep -q '"status":"active"' || { echo "channel not active: $CHANNEL" >&2; exit 1; }

count() { bench_psql "$DATA" -c "select count(*) from channels.webhook_events"; }
# CPU seconds used so far by the API and by Postgres (postmaster, its backends, and backends that exited).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { printf "%.2f", t / hz }' "$@"; }
api_cpu() { cpu_of "/proc/$API_PID/stat"; }
pg_cpu() {
  local pm; pm=$(head -1 "$DATA/postgres/postmaster.pid")
  local files="/proc/$pm/stat"; for c in $(ps -o pid= --ppid "$pm"); do files="$files /proc/$c/stat"; done
  awk -v hz="$(getconf CLK_TCK)" -v pm="$pm" '{ t += $14 + $15; if ($1 == pm) t += $16 + $17 } END { printf "%.2f", t / hz }' $files 2>/dev/null
}
echo "warm-up (15 s: JIT tiering, pools)"
dotnet "$LOADGEN" fire "$API" "$NUMBER_ID" "$SECRET" "$CONCURRENCY" 15 >/dev/null
BEFORE=$(count); API_CPU0=$(api_cpu); PG_CPU0=$(pg_cpu)
echo "measuring for $SECONDS_TO_RUN s at $CONCURRENCY connections (workers $WORKERS)"
OUT=$(dotnet "$LOADGEN" fire "$API" "$NUMBER_ID" "$SECRET" "$CONCURRENCY" "$SECONDS_TO_RUN")
AFTER=$(count); API_CPU1=$(api_cpu); PG_CPU1=$(pg_cpu)
echo "$OUT"
field() { echo "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
OK=$(field ok); RATE=$(field ok_per_s); P50=$(field p50_ms); P99=$(field p99_ms); NON200=$(field non200); ERRS=$(field errors)
RECORDED=$((AFTER - BEFORE))
GEN_CPU=$(field cpu_s)
API_CPU=$(awk -v a="$API_CPU1" -v b="$API_CPU0" 'BEGIN { printf "%.1f", a - b }')
PG_CPU=$(awk -v a="$PG_CPU1" -v b="$PG_CPU0" 'BEGIN { printf "%.1f", a - b }')
# CPU time per 1,000 acknowledged webhooks, and the rate the cores could sustain at that cost (API + Postgres +
# load generator all on these cores): a figure that does not depend on what else the machine was doing.
PER_K=$(awk -v a="$API_CPU" -v p="$PG_CPU" -v g="$GEN_CPU" -v n="$OK" 'BEGIN { printf "%.2f s (API %.2f, Postgres %.2f, load generator %.2f)", (a+p+g)*1000/n, a*1000/n, p*1000/n, g*1000/n }')
CAPACITY=$(awk -v a="$API_CPU" -v p="$PG_CPU" -v g="$GEN_CPU" -v n="$OK" -v c="$(nproc)" 'BEGIN { printf "%.0f", n * c / (a+p+g) }')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
JOBS_QUEUED=$(bench_psql "$DATA" -c "select count(*) from omni.jobs where type = 'channels.webhook'")
RSS=$(rss_mb "$API_PID"); HWM=$(hwm_mb "$API_PID")
CONF=$(bench_psql "$DATA" -c "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'commit_delay', 'wal_sync_method', 'max_connections')")

cat > "$HERE/results.md" <<MD
# POST /webhooks/whatsapp — signed webhooks acknowledged per second

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)) with
\`bench/webhook-intake/run.sh $SECONDS_TO_RUN $CONCURRENCY\` (workers $WORKERS): API in Release on the embedded Postgres
($CONF), the load generator (\`bench/webhook-intake/loadgen\`, .NET) on the same machine, $CONCURRENCY connections,
each request a WhatsApp text-message webhook with its own wamid and a valid \`X-Hub-Signature-256\`.
A 200 is sent only after the body and its processing job are committed.

| metric | target | measured |
|---|---|---|
| webhooks acknowledged (200) per second | ≥ 3,000 | $RATE |
| 200s during the run / rows added to channels.webhook_events | equal | $OK / $RECORDED |
| non-200 answers / transport errors | 0 | $NON200 / $ERRS |
| latency p50 / p99 | | $P50 ms / $P99 ms |
| CPU per 1,000 webhooks | | $PER_K |
| webhooks/s the $(nproc) cores sustain at that CPU cost | ≥ 3,000 | $CAPACITY |
| load average at the end (1, 5, 15 min) | idle machine | $LOAD |
| processing jobs queued (warm-up + run) | one per webhook | $JOBS_QUEUED |
| API resident memory after the run (VmRSS / VmHWM) | | $RSS MB / $HWM MB |

\`\`\`
$OUT
\`\`\`
MD
echo "wrote $HERE/results.md"
[ "$OK" = "$RECORDED" ] || { echo "MISMATCH: $OK acknowledged, $RECORDED recorded" >&2; exit 1; }
