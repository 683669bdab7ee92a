#!/usr/bin/env bash
# Idempotent set-up for a Debian machine: Postgres 15 server and headers, pgvector built from Debian's
# source package, Chromium for the browser tests, then a restore of the solution.
# Safe to run again: every step checks first and does nothing when its part is already there.
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '[setup] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    log "not root and no sudo: installing system packages is skipped"; SUDO="__none__"; fi
fi
as_root() { if [ "$SUDO" = "__none__" ]; then return 1; fi; $SUDO "$@"; }

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

command -v dotnet >/dev/null 2>&1 || { log "the .NET 10 SDK is required (https://dot.net): dotnet is not on PATH"; exit 1; }

apt_install "postgresql-${PG_MAJOR}" "postgresql-contrib" "postgresql-server-dev-${PG_MAJOR}" build-essential dpkg-dev ca-certificates

# pgvector: no binary package in bookworm; build Debian's own source package (trixie) against our server.
if [ ! -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  log "building pgvector from Debian's source package"
  list=/etc/apt/sources.list.d/omni-trixie-src.list
  if [ ! -f "$list" ]; then
    echo "deb-src http://deb.debian.org/debian trixie main" | as_root tee "$list" >/dev/null
    as_root apt-get update -qq; apt_updated=1
  fi
  work="$(mktemp -d)"
  chmod 755 "$work"
  ( cd "$work" && apt-get source --download-only -qq pgvector >/dev/null 2>&1 \
      && dpkg-source -x --no-check ./pgvector_*.dsc src >/dev/null \
      && cd src && make -s PG_CONFIG="$PG_CONFIG" >/dev/null && as_root make -s install PG_CONFIG="$PG_CONFIG" >/dev/null )
  rm -rf "$work"
  [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ] || { log "pgvector build failed"; exit 1; }
fi

# Debian's Chromium for the Playwright browser tests (tests/Omni.Tests/Tracking/Browser): Playwright cannot
# download its own browsers here, the tests launch /usr/bin/chromium (or $OMNI_CHROMIUM).
if [ "${OMNI_SKIP_BROWSER:-0}" != "1" ]; then
  apt_install chromium
  [ -x /usr/bin/chromium ] || [ -n "${OMNI_CHROMIUM:-}" ] || { log "chromium did not install: the browser tests cannot run"; exit 1; }
fi

# Load generator for the benchmarks under bench/.
if [ "${OMNI_BENCH:-0}" = "1" ]; then apt_install wrk; fi

log "restoring the solution"
dotnet restore "$ROOT/Omni.sln" -v quiet -nologo
log "ready: postgres $("$PG_CONFIG" --version | awk '{print $2}'), pgvector $(sed -n "s/default_version = '\(.*\)'/\1/p" "$("$PG_CONFIG" --sharedir)/extension/vector.control")"
