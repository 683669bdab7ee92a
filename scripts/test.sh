#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh), builds, runs every test suite against real Postgres, and ends
# with one line "N passed, N failed" read from the TRX results. Fails when a test fails or none ran.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/TestResults"

"$ROOT/scripts/setup.sh"
rm -rf "$RESULTS"
dotnet build "$ROOT/Omni.sln" -c Release -v quiet -nologo

status=0
dotnet test "$ROOT/Omni.sln" -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" || status=$?

total=0; passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
done
not_passed=$((total - passed))
echo "$passed passed, $not_passed failed"
if [ "$total" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
if [ "$not_passed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
