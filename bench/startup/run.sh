#!/usr/bin/env bash
# Time to ready for the embedded default: the first start (initdb + migrations) and a second start that
# reuses the cluster. Writes results.md. Usage: bench/startup/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"
DATA="$(mktemp -d /tmp/omni-bench-startup.XXXXXX)"; chmod 755 "$DATA"
PORT=18081
trap 'bench_stop; rm -rf "$DATA"' EXIT
bench_build

API_PID=""
ELAPSED=""
timed_start() {
  local t0; t0=$(date +%s.%N)
  bench_start "$DATA" "$PORT"
  ELAPSED=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
}
timed_start; FIRST=$ELAPSED; bench_stop
timed_start; SECOND=$ELAPSED; bench_stop
timed_start; THIRD=$ELAPSED; bench_stop

cat > "$HERE/results.md" <<MD
# Embedded default: time from process start to /readyz answering 200

Measured $(date -u +%Y-%m-%d) on $(nproc) cores with \`bench/startup/run.sh\` (Release build, \`dotnet Omni.Api.dll\`,
data folder in /tmp). The first start runs initdb, starts Postgres and applies every migration; later starts
find the cluster, start it and find every migration recorded. Each run stops the API with SIGTERM, which
stops the Postgres server it started.

| start | seconds to ready | target |
|---|---|---|
| first (initdb + migrations) | $FIRST | |
| second (reuse) | $SECOND | < 5 |
| third (reuse) | $THIRD | < 5 |
MD
cat "$HERE/results.md"
