# shellcheck shell=bash
# Shared by run.sh and screenshot.sh (sourced, not run): a private virtual display, tauri-driver
# on it, and a cleanup that stops exactly the processes started here, even when a step fails.
#
# After `e2e_start`: DISPLAY points at the display, WEBDRIVER_URL at tauri-driver, RAPPORT_APP at
# the debug binary, E2E_TMP at a scratch folder removed on exit.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/../.." && pwd)"
: "${E2E_PORT:=4444}"
: "${E2E_NATIVE_PORT:=$((E2E_PORT + 1))}"
export RAPPORT_APP="$ROOT/target/debug/rapport-app"
export WEBDRIVER_URL="http://127.0.0.1:$E2E_PORT/"

XVFB_PID=""
DRIVER_PID=""
E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/rapport-e2e.XXXXXX")"
export E2E_TMP
# The window keeps its own preferences (theme, language) in the webview's storage under
# $XDG_DATA_HOME: a private one per run, so a run neither sees nor changes a user's choices or
# another run's.
export XDG_DATA_HOME="$E2E_TMP/data"
mkdir -p "$XDG_DATA_HOME"
# The views the app keeps between runs (rapport-service's kept.rs) go under $XDG_CACHE_HOME:
# private too, so that a run starts with none and leaves none in the user's cache.
export XDG_CACHE_HOME="$E2E_TMP/cache"
# The window's kept size and position (tauri-plugin-window-state) go under $XDG_CONFIG_HOME, and
# the app's log under $XDG_DATA_HOME: private as well. helpers.mjs's openApp() removes the kept
# size before each session, so every spec opens on the configured 1280x800.
export XDG_CONFIG_HOME="$E2E_TMP/config"
# The test seam of src-tauri/src/desktop.rs (debug builds only): no native dialog opens; a Save
# takes the name it proposes in RAPPORT_EXPORT_DIR unless this file names another path, and an
# Open takes the path this file names. A spec writes the file to answer a dialog.
export RAPPORT_E2E_DIALOG="$E2E_TMP/dialog-answer"
# Another seam of desktop.rs: while this file exists, the app's start-up warm-up waits
# (specs-scale/dashboard-updating.test.mjs holds the window on the views kept from the last run).
export RAPPORT_E2E_HOLD_WARM_UP="$E2E_TMP/hold-warm-up"
: "${RAPPORT_EXPORT_DIR:=$E2E_TMP/exports}"
export RAPPORT_EXPORT_DIR

e2e_cleanup() {
  # tauri-driver runs in its own session (setsid), so its process group holds WebKitWebDriver and
  # any app window it started: stopping the group leaves nothing behind.
  if [ -n "$DRIVER_PID" ]; then kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true; fi
  if [ -n "$XVFB_PID" ]; then kill -TERM "$XVFB_PID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

# Stops tauri-driver (and the app it started), to start it again with another environment.
e2e_stop_driver() {
  if [ -n "$DRIVER_PID" ]; then
    kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true
    wait "$DRIVER_PID" 2>/dev/null || true
    DRIVER_PID=""
  fi
  # WebKitWebDriver, tauri-driver's child, can hold the native port a moment after its parent is
  # gone; a driver started then could not listen on it ("Unable to listen ... port"), and every
  # session of the next suite would fail.
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$E2E_NATIVE_PORT/status" || break
    sleep 0.1
  done
}

e2e_log() { printf '%s e2e: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

e2e_build() {
  if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then
    e2e_log "building rapport-app (debug)"
    (cd "$ROOT" && cargo build -p rapport-app)
  fi
  [ -x "$RAPPORT_APP" ] || { e2e_log "no binary at $RAPPORT_APP"; exit 1; }
  if [ ! -d "$E2E_DIR/node_modules" ]; then
    e2e_log "installing the WebDriver client (npm ci)"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
  fi
}

# A display of its own: -displayfd lets Xvfb pick a free number, so parallel runs never collide.
e2e_start_display() {
  local fdfile="$E2E_TMP/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fdfile" 2>"$E2E_TMP/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$fdfile" ] && break
    sleep 0.1
  done
  [ -s "$fdfile" ] || { e2e_log "Xvfb did not start"; cat "$E2E_TMP/xvfb.log" >&2; exit 1; }
  DISPLAY=":$(tr -d '[:space:]' <"$fdfile")"
  export DISPLAY
  e2e_log "virtual display $DISPLAY"
}

# tauri-driver starts WebKitWebDriver, which starts the app with this environment: RAPPORT_DB
# set here is the database the window opens.
e2e_start_driver() {
  WEBKIT_DISABLE_DMABUF_RENDERER=1 setsid tauri-driver --port "$E2E_PORT" --native-port "$E2E_NATIVE_PORT" \
    --native-driver /usr/bin/WebKitWebDriver >"$E2E_TMP/tauri-driver.log" 2>&1 &
  DRIVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "${WEBDRIVER_URL}status" >/dev/null 2>&1 && break
    kill -0 "$DRIVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  curl -fsS "${WEBDRIVER_URL}status" >/dev/null 2>&1 || {
    e2e_log "tauri-driver did not answer on $WEBDRIVER_URL"
    cat "$E2E_TMP/tauri-driver.log" >&2
    exit 1
  }
  e2e_log "tauri-driver on $WEBDRIVER_URL"
}
