#!/usr/bin/env bash
# Shows that the daily reminder is a REAL desktop notification: sent from Settings › Daily reminder
# with the keyboard, shown by a notification service, and that a click on it opens This week.
#
#   scripts/notification-check.sh [OUT_DIR]        # E2E_SKIP_BUILD=1 to skip the debug build
#
# Xvfb has no notification service, so the script runs its own: a private session bus
# (dbus-run-session) with dunst on it, configured to show its bubble at the top right and to run
# the notification's default action on a left click. The debug app runs on that bus, on a throwaway
# copy of the demo network, in English (LANG=en_US.UTF-8) then in French (LANG=fr_FR.UTF-8), at
# 1280x800, WITHOUT the end-to-end test seam. tests/e2e/notification-check.mjs gives the keys and
# the click (xdotool) and checks each step through WebDriver; the bus log must show the Notify call
# and the ActionInvoked "default" signal the click sent back. Screenshots go to OUT_DIR (a new
# folder under /tmp by default), printed at the end. Needs the packages of scripts/setup.sh --test
# and dunst (apt-get install dunst). Takes about 20 s per language after the build.
set -euo pipefail

# Everything below runs on a session bus of its own, so nothing reaches the user's desktop.
if [ -z "${NOTIFICATION_CHECK_BUS:-}" ]; then
  command -v dunst >/dev/null || { echo "notification-check: dunst is missing (apt-get install dunst)" >&2; exit 1; }
  NOTIFICATION_CHECK_BUS=1 exec dbus-run-session -- "$0" "$@"
fi

source "$(dirname "$0")/../tests/e2e/lib.sh"
# The real notifications, not the test seam's files.
unset RAPPORT_E2E_DIALOG

OUT_DIR="${1:-$(mktemp -d "${TMPDIR:-/tmp}/rapport-notification-check.XXXXXX")}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

DUNST_PID=""
MONITOR_PID=""
check_cleanup() {
  if [ -n "$MONITOR_PID" ]; then kill -TERM "$MONITOR_PID" 2>/dev/null || true; fi
  if [ -n "$DUNST_PID" ]; then kill -TERM "$DUNST_PID" 2>/dev/null || true; fi
  e2e_cleanup
}
trap check_cleanup EXIT

e2e_build
if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then (cd "$ROOT" && cargo build -p rapport-cli); fi
DEMO_DB="$E2E_TMP/demo.db"
"$ROOT/target/debug/rapport" --db "$DEMO_DB" demo >/dev/null
e2e_log "demo network written to $DEMO_DB"

e2e_start_display

# A bubble in plain colours at the top right that stays until clicked; a left click runs the
# default action (the app's "open This week") and closes the bubble.
cat >"$E2E_TMP/dunstrc" <<'EOF'
[global]
    monitor = 0
    follow = none
    width = 380
    height = 120
    origin = top-right
    offset = 24x24
    frame_width = 2
    frame_color = "#3b4cca"
    padding = 12
    horizontal_padding = 12
    font = DejaVu Sans 11
    format = "<b>%s</b>\n%b"
    show_indicators = no
    mouse_left_click = do_action, close_current
    mouse_middle_click = close_current
    mouse_right_click = close_all
[urgency_low]
    background = "#ffffff"
    foreground = "#111111"
    timeout = 0
[urgency_normal]
    background = "#ffffff"
    foreground = "#111111"
    timeout = 0
[urgency_critical]
    background = "#ffffff"
    foreground = "#111111"
    timeout = 0
EOF
dunst -config "$E2E_TMP/dunstrc" >"$E2E_TMP/dunst.log" 2>&1 &
DUNST_PID=$!
# Asked of the bus itself: a call to the service before dunst holds its name would have the bus
# start another dunst from its .service file, without the display or this configuration.
notifications_owned() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 1 50); do
  notifications_owned && break
  sleep 0.1
done
notifications_owned || { e2e_log "dunst did not start"; cat "$E2E_TMP/dunst.log" >&2; exit 1; }
e2e_log "dunst answers on the private session bus"
dbus-monitor --session "interface='org.freedesktop.Notifications'" >"$E2E_TMP/bus.log" 2>&1 &
MONITOR_PID=$!

status=0
for lang in en fr; do
  case "$lang" in
    en) export LANG=en_US.UTF-8 ;;
    *) export LANG=fr_FR.UTF-8 ;;
  esac
  # The window follows the system's language, which needs the locale; these machines ship only C,
  # so build it in the scratch folder when the system lacks it (about 3 s, nothing installed).
  if ! locale -a 2>/dev/null | grep -qix "${LANG/UTF-8/utf8}"; then
    mkdir -p "$E2E_TMP/locale"
    localedef -i "${LANG%%.*}" -f UTF-8 "$E2E_TMP/locale/$LANG"
    export LOCPATH="$E2E_TMP/locale"
  fi
  # Each language on a fresh copy of the demo network and fresh window preferences.
  export RAPPORT_DB="$E2E_TMP/$lang.db"
  cp "$DEMO_DB" "$RAPPORT_DB"
  rm -rf "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
  mkdir -p "$XDG_DATA_HOME"
  lines_before=$(wc -l <"$E2E_TMP/bus.log")
  e2e_stop_driver
  e2e_start_driver # tauri-driver hands LANG and RAPPORT_DB to the app it starts
  if ! (cd "$E2E_DIR" && node notification-check.mjs "$lang" "$OUT_DIR"); then
    status=1
    break
  fi
  sleep 0.5 # the monitor writes the last signal
  seen=$(tail -n +"$((lines_before + 1))" "$E2E_TMP/bus.log")
  if ! grep -q 'member=Notify' <<<"$seen" || ! grep -A2 'member=ActionInvoked' <<<"$seen" | grep -q '"default"'; then
    e2e_log "[$lang] the bus did not carry Notify then ActionInvoked \"default\""
    status=1
    break
  fi
  # Notify's arguments: app name, replaced id, icon, title, body.
  words=$(grep -A5 'member=Notify' <<<"$seen" | sed -n 's/^ *string "\(.*\)"$/\1/p' | sed -n '3p;4p' | paste -sd '|')
  e2e_log "[$lang] on the bus: Notify \"${words/|/\": \"}\", then ActionInvoked \"default\" (the click)"
done

if [ "$status" -ne 0 ]; then
  e2e_log "failed; the logs follow"
  tail -n 20 "$E2E_TMP/tauri-driver.log" "$E2E_TMP/dunst.log" "$E2E_TMP/bus.log" >&2 || true
  exit "$status"
fi
e2e_log "a real notification showed and its click opened This week, in English and in French"
echo "$OUT_DIR"
