#!/usr/bin/env bash
# One window per database (tauri-plugin-single-instance, issue 15), in the real app: on a private
# session bus and display, a second launch on the same database hands over to the running window
# and exits 0, leaving one window; a launch on another database runs beside it. WebDriver cannot
# start a second instance of the app, hence this script. Needs dbus-run-session (dbus package).
#
#   tests/e2e/single-instance.sh        # after cargo build -p rapport-app
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ -x "$RAPPORT_APP" ] || { e2e_log "no binary at $RAPPORT_APP: cargo build -p rapport-app"; exit 1; }
e2e_start_display
export RAPPORT_DB="$E2E_TMP/one.db" WEBKIT_DISABLE_DMABUF_RENDERER=1

dbus-run-session -- bash -s <<'INNER'
set -euo pipefail
windows() { xdotool search --name '^Rapport$' 2>/dev/null | wc -l; }
"$RAPPORT_APP" >"$E2E_TMP/first.log" 2>&1 &
first=$!
for _ in $(seq 1 100); do [ "$(windows)" -ge 1 ] && break; sleep 0.2; done
[ "$(windows)" -eq 1 ] || { echo "FAIL: the first window did not open"; exit 1; }
status=0; timeout 30 "$RAPPORT_APP" >"$E2E_TMP/second.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || { echo "FAIL: a second launch on the same database exited with $status"; kill "$first"; exit 1; }
sleep 1
[ "$(windows)" -eq 1 ] || { echo "FAIL: $(windows) windows on one database"; kill "$first"; exit 1; }
kill -0 "$first" || { echo "FAIL: the first window is gone"; exit 1; }
echo "ok: a second launch on the same database handed over and exited; one window"
# Another database: another instance, still running when timeout stops it (124).
status=0; RAPPORT_DB="$E2E_TMP/other.db" timeout 8 "$RAPPORT_APP" >"$E2E_TMP/third.log" 2>&1 || status=$?
kill "$first"; wait "$first" 2>/dev/null || true
[ "$status" -eq 124 ] || { echo "FAIL: a launch on another database exited with $status"; exit 1; }
echo "ok: a launch on another database ran beside it"
INNER
