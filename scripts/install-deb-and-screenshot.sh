#!/usr/bin/env bash
# Installs the built .deb with apt, as a user would, and checks that the installed app starts and
# works: on a private virtual display (Xvfb) it
#   1. starts /usr/bin/<app> in a fresh, empty HOME and checks that the window opens and that the app
#      creates its database where the README says (~/.local/share/org.rapport.desktop/rapport.db);
#   2. starts it again on the demo network (RAPPORT_DB) and saves a screenshot of the screen to
#      docs/screenshots/installed-deb.png. Open it and look.
#
#   scripts/install-deb-and-screenshot.sh [path/to/app.deb] [--remove]
#
# The package stays installed unless --remove is given (scripts/measure-performance.sh measures the
# installed app). Remove it later with: sudo apt-get remove -y rapport
set -euo pipefail
# shellcheck source=scripts/lib-installed.sh
source "$(dirname "$0")/lib-installed.sh"

REMOVE=0
DEB_ARG=""
for a in "$@"; do
  case "$a" in
    --remove) REMOVE=1 ;;
    *) DEB_ARG="$a" ;;
  esac
done
SHOT="${SHOT:-$ROOT/docs/screenshots/installed-deb.png}"

DEB="$(realpath "$(find_deb "$DEB_ARG")")"
PKG="$(dpkg-deb -f "$DEB" Package)"
say "installing $DEB (package $PKG, version $(dpkg-deb -f "$DEB" Version))"
need_display_tools
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$DEB"
BIN="$(installed_binary "$DEB")"
say "installed $BIN ($(stat -c %s "$BIN") bytes); files:"
dpkg -L "$PKG" | while read -r f; do if [ -f "$f" ]; then echo "  $f"; fi; done >&2

start_display

# 1. A first start, as a new user: empty HOME, no RAPPORT_DB.
FRESH_HOME="$WORK/home"
mkdir -p "$FRESH_HOME"
env -u XDG_DATA_HOME -u RAPPORT_DB HOME="$FRESH_HOME" WEBKIT_DISABLE_DMABUF_RENDERER=1 "$BIN" >"$WORK/first.log" 2>&1 &
APP_PID=$!
wait_for_window >/dev/null || { cat "$WORK/first.log" >&2; exit 1; }
sleep 2
DB_PATH="$FRESH_HOME/.local/share/org.rapport.desktop/rapport.db"
[ -s "$DB_PATH" ] || { say "no database at $DB_PATH"; cat "$WORK/first.log" >&2; exit 1; }
say "first start: window open, database created at ~/.local/share/org.rapport.desktop/rapport.db"
kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""

# 2. The demo network, and the screenshot.
make_demo_db "$WORK/demo.db"
HOME="$FRESH_HOME" RAPPORT_DB="$WORK/demo.db" WEBKIT_DISABLE_DMABUF_RENDERER=1 "$BIN" >"$WORK/demo.log" 2>&1 &
APP_PID=$!
WID="$(wait_for_window)" || { cat "$WORK/demo.log" >&2; exit 1; }
say "window $WID mapped; letting the dashboard draw"
xdotool mousemove 0 0 # the pointer starts mid-screen, where it would hover over the chart
sleep 4
mkdir -p "$(dirname "$SHOT")"
import -window root "$SHOT"
say "screenshot: $SHOT ($(identify -format '%wx%h' "$SHOT"))"
kill -0 "$APP_PID" 2>/dev/null || { say "the app died"; cat "$WORK/demo.log" >&2; exit 1; }
kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""

if [ "$REMOVE" = 1 ]; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -q "$PKG"
  say "removed $PKG"
else
  say "$PKG stays installed (remove with: ${SUDO:+sudo }apt-get remove -y $PKG)"
fi
