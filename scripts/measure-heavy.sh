#!/usr/bin/env bash
# The window on `rapport bench`'s heavy network (10,000 contacts, 1,000,000 interactions) against
# issue 12's targets, through WebDriver under a private Xvfb display (scripts/measure-heavy.mjs
# says what each figure is). Builds the release app and CLI unless given a binary; the network is
# written once into target/heavy/ and reused.
#
#   scripts/measure-heavy.sh [path to the app binary]
set -euo pipefail
E2E_PORT="${E2E_PORT:-4490}"
# shellcheck source=../tests/e2e/lib.sh
source "$(dirname "$0")/../tests/e2e/lib.sh"

BIN="${1:-$ROOT/target/release/rapport-app}"
CLI="$ROOT/target/release/rapport"
if [ "$#" -eq 0 ]; then
  e2e_log "building the release app and CLI"
  (cd "$ROOT" && cargo build --release -p rapport-app -p rapport-cli)
fi
[ -x "$CLI" ] || (cd "$ROOT" && cargo build --release -p rapport-cli)
BIN="$(realpath "$BIN")"
mkdir -p "$ROOT/target/heavy"
DB="$ROOT/target/heavy/heavy.db"
if [ ! -s "$DB" ]; then
  e2e_log "writing the heavy network to $DB"
  "$CLI" --db "$DB" demo --contacts 10000 --interactions 1000000 >/dev/null
fi
if [ ! -d "$E2E_DIR/node_modules" ]; then (cd "$E2E_DIR" && npm ci --no-audit --no-fund); fi
export RAPPORT_DB="$DB"
# Each call's time under the service's lock, on the app's stderr (rapport-service's timing.rs):
# kept in target/heavy/timings.log for finding where a slow figure's time went.
export RAPPORT_TIMINGS=1
export WEBKIT_DISABLE_DMABUF_RENDERER=1
e2e_start_display
e2e_start_driver
e2e_log "measuring $BIN on $DB (load average $(cut -d' ' -f1-3 /proc/loadavg))"
node "$ROOT/scripts/measure-heavy.mjs" "$BIN" "$CLI" "$DB"
grep 'rapport timing:' "$E2E_TMP/tauri-driver.log" >"$ROOT/target/heavy/timings.log" || true
e2e_log "the service's timings: $ROOT/target/heavy/timings.log"
