#!/usr/bin/env bash
# End-to-end test of the real desktop window: builds the app, starts it through tauri-driver and
# WebKitWebDriver on a private Xvfb display with a fresh database, and runs specs/ with node's
# test runner, then specs-scale/ on a database of 10,000 synthetic contacts, then specs-fr/ (a
# French first session) on a fresh database. Needs the packages
# of scripts/setup.sh --test. Cleans up after itself on any exit.
#
#   tests/e2e/run.sh                 # build, then test
#   E2E_SKIP_BUILD=1 tests/e2e/run.sh
#   E2E_PORT=4460 tests/e2e/run.sh   # when 4444 is taken
#   E2E_SPECS=specs/settings.test.mjs tests/e2e/run.sh   # these specs only, no scale specs
#   E2E_SCALE_SPECS=specs-scale/ tests/e2e/run.sh        # the scale phase only, as the full
#                                  # suite runs it (its 10,000-contact database), or some of its specs;
#                                  # with E2E_SPECS too: those specs, then these scale specs
set -euo pipefail
source "$(dirname "$0")/lib.sh"

e2e_build
if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then (cd "$ROOT" && cargo build -p rapport-cli); fi
# The specs write with the CLI too (specs/refresh.test.mjs), on the window's database.
export RAPPORT_CLI="$ROOT/target/debug/rapport"
SPECS="${E2E_SPECS:-specs/}"
# The scale phase: after specs/ in the full suite; E2E_SCALE_SPECS names its specs, and alone
# (no E2E_SPECS) runs only that phase.
SCALE_SPECS="${E2E_SCALE_SPECS:-}"
SCALE_ONLY=0
if [ -z "${E2E_SPECS:-}" ]; then
  if [ -n "$SCALE_SPECS" ]; then SCALE_ONLY=1; else SCALE_SPECS="specs-scale/"; fi
fi
# The scale specs open a database of 10,000 synthetic contacts, written before the window starts.
BIG_DB="$E2E_TMP/big.db"
if [ -n "$SCALE_SPECS" ]; then
  e2e_log "writing 10,000 synthetic contacts to $BIG_DB"
  "$RAPPORT_CLI" --db "$BIG_DB" demo --contacts 10000 --interactions 30000 >/dev/null
fi
export RAPPORT_DB="$E2E_TMP/rapport.db"
# Where the app saves the files the user asks for (charts), instead of the real Downloads.
export RAPPORT_EXPORT_DIR="$E2E_TMP/exports"
e2e_start_display
e2e_start_driver

status=0
if [ "$SCALE_ONLY" = 0 ]; then
  e2e_log "running the specs against $RAPPORT_APP (database $RAPPORT_DB)"
  # shellcheck disable=SC2086 # several specs may be named, separated by spaces
  (cd "$E2E_DIR" && node --test --test-reporter=spec --test-concurrency=1 $SPECS) || status=$?
fi

if [ "$status" -eq 0 ] && [ -n "$SCALE_SPECS" ]; then
  # tauri-driver hands its environment to the app: start it again on the big database.
  e2e_stop_driver
  export RAPPORT_DB="$BIG_DB"
  e2e_start_driver
  e2e_log "running the scale specs (database $RAPPORT_DB)"
  # shellcheck disable=SC2086 # several specs may be named, separated by spaces
  (cd "$E2E_DIR" && node --test --test-reporter=spec --test-concurrency=1 $SCALE_SPECS) || status=$?
fi
if [ "$status" -eq 0 ] && [ "$SCALE_ONLY" = 0 ]; then
  # A first session in French, on a fresh database: the French demo and French refusals.
  e2e_stop_driver
  export RAPPORT_DB="$E2E_TMP/french.db"
  e2e_start_driver
  e2e_log "running the French specs (database $RAPPORT_DB)"
  (cd "$E2E_DIR" && node --test --test-reporter=spec --test-concurrency=1 specs-fr/) || status=$?
fi
if [ "$status" -ne 0 ]; then
  e2e_log "failed; tauri-driver's log follows"
  tail -n 40 "$E2E_TMP/tauri-driver.log" >&2 || true
fi
exit "$status"
