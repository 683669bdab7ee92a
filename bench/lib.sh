#!/usr/bin/env bash
# Shared by the benchmarks: build the API in Release, start it on a private embedded Postgres in a
# throwaway data folder, and talk to that Postgres as its superuser for seeding.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_DLL="$BENCH_ROOT/src/Omni.Api/bin/Release/net10.0/Omni.Api.dll"

bench_build() {
  dotnet build "$BENCH_ROOT/src/Omni.Api" -c Release -v quiet -nologo >/dev/null
}

# bench_start <data dir> <port> [extra env...]: starts the API, waits for /readyz, sets API_PID.
bench_start() {
  local data="$1" port="$2"; shift 2
  env -u DATABASE_URL -u ConnectionStrings__Default "$@" \
    Omni__DataDirectory="$data" Serilog__MinimumLevel__Default=Warning \
    dotnet "$API_DLL" --urls "http://127.0.0.1:$port" >"$data.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "API did not start; see $data.log" >&2; return 1
}

bench_stop() { [ -n "${API_PID:-}" ] || return 0; kill -TERM "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; API_PID=""; }

# bench_psql <data dir> <sql>: runs SQL as the embedded cluster's superuser on database omni.
bench_psql() {
  local data="$1"; shift
  local cluster="$data/postgres"
  [ -f "$cluster/postgresql.conf" ] || cluster="$(ls -d /var/lib/omni/*/postgres | head -1)"
  local port; port=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$cluster/postgresql.conf" | tail -1)
  local pw; pw=$(sed -n 's/.*"postgres_password": "\([^"]*\)".*/\1/p' "$data/secrets.json")
  PGPASSWORD="$pw" psql -h 127.0.0.1 -p "$port" -U postgres -d omni -v ON_ERROR_STOP=1 -qAt "$@"
}

bench_token() { dotnet "$API_DLL" dev-token --email "$2" 2>/dev/null | tail -1; }

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
