#!/usr/bin/env bash
# End-to-end test of the real desktop window: builds the app, starts it through tauri-driver and
# WebKitWebDriver on a private Xvfb display with a fresh database, and runs specs/ with node's
# test runner. Needs the packages of scripts/setup.sh --test. Cleans up after itself on any exit.
#
#   tests/e2e/run.sh                 # build, then test
#   E2E_SKIP_BUILD=1 tests/e2e/run.sh
#   E2E_PORT=4460 tests/e2e/run.sh   # when 4444 is taken
set -euo pipefail
source "$(dirname "$0")/lib.sh"

e2e_build
export RAPPORT_DB="$E2E_TMP/rapport.db"
# Where the app saves the files the user asks for (charts), instead of the real Downloads.
export RAPPORT_EXPORT_DIR="$E2E_TMP/exports"
e2e_start_display
e2e_start_driver

e2e_log "running the specs against $RAPPORT_APP (database $RAPPORT_DB)"
status=0
(cd "$E2E_DIR" && node --test --test-reporter=spec --test-concurrency=1 specs/) || status=$?
if [ "$status" -ne 0 ]; then
  e2e_log "failed; tauri-driver's log follows"
  tail -n 40 "$E2E_TMP/tauri-driver.log" >&2 || true
fi
exit "$status"
