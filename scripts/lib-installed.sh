# shellcheck shell=bash
# Shared by install-deb-and-screenshot.sh and measure-performance.sh (sourced, not run): the built
# .deb, the installed app, a private virtual display, a demo database, and a cleanup that stops
# exactly the processes started here.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

XVFB_PID=""
APP_PID=""
DRIVER_PID=""
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rapport-installed.XXXXXX")"

installed_cleanup() {
  if [ -n "$APP_PID" ]; then kill -TERM "$APP_PID" 2>/dev/null || true; fi
  # tauri-driver runs in its own session: its group holds WebKitWebDriver and the app it started.
  if [ -n "$DRIVER_PID" ]; then kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true; fi
  if [ -n "$XVFB_PID" ]; then kill -TERM "$XVFB_PID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap installed_cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "$(basename "$0" .sh)" "$*" >&2; }

pkg_missing() { ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Debian packages for a virtual display and screenshots, installed only when missing.
# shellcheck disable=SC2120 # extra packages are optional
need_display_tools() {
  local want=(xvfb xauth xdotool imagemagick x11-utils fonts-dejavu-core dbus-x11 "$@") need=()
  for p in "${want[@]}"; do if pkg_missing "$p"; then need+=("$p"); fi; done
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing ${need[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
}

# The newest .deb that `make bundle` wrote, or the one named by $1.
find_deb() {
  if [ -n "${1:-}" ]; then echo "$1"; return; fi
  local deb
  deb="$(find "$ROOT/target/release/bundle/deb" -maxdepth 1 -name '*.deb' -printf '%T@ %p\n' 2>/dev/null \
    | sort -rn | head -n 1 | cut -d' ' -f2- || true)"
  [ -n "$deb" ] || { say "no .deb in target/release/bundle/deb: run 'make bundle' first"; exit 1; }
  echo "$deb"
}

# The executable the package put in /usr/bin.
installed_binary() {
  local pkg
  pkg="$(dpkg-deb -f "$1" Package)"
  dpkg -L "$pkg" | grep -m 1 '^/usr/bin/' || { say "package $pkg installs nothing in /usr/bin"; exit 1; }
}

# A display of its own: -displayfd lets Xvfb pick a free number, so parallel runs never collide.
start_display() {
  local fdfile="$WORK/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fdfile" 2>"$WORK/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$fdfile" ] && break
    sleep 0.1
  done
  [ -s "$fdfile" ] || { say "Xvfb did not start"; cat "$WORK/xvfb.log" >&2; exit 1; }
  DISPLAY=":$(tr -d '[:space:]' <"$fdfile")"
  export DISPLAY
  say "virtual display $DISPLAY"
}

# The CLI that writes the demo network: $RAPPORT_CLI, else a built one, else a release build.
rapport_cli() {
  if [ -n "${RAPPORT_CLI:-}" ]; then echo "$RAPPORT_CLI"; return; fi
  for c in "$ROOT/target/release/rapport" "$ROOT/target/debug/rapport"; do
    if [ -x "$c" ]; then echo "$c"; return; fi
  done
  say "building the rapport CLI (release)"
  (cd "$ROOT" && cargo build --release -p rapport-cli >&2)
  echo "$ROOT/target/release/rapport"
}

# Writes the demo network (about 150 people, three years of history) to $1.
make_demo_db() {
  local cli
  cli="$(rapport_cli)"
  "$cli" --db "$1" demo >/dev/null
  say "demo network in $1 (written by $cli)"
}

# Waits until a window titled exactly "Rapport" is mapped; prints its id.
wait_for_window() {
  local id=""
  for _ in $(seq 1 300); do
    id="$(xdotool search --onlyvisible --name '^Rapport$' 2>/dev/null | head -n 1 || true)"
    [ -n "$id" ] && break
    if [ -n "$APP_PID" ] && ! kill -0 "$APP_PID" 2>/dev/null; then say "the app exited"; return 1; fi
    sleep 0.1
  done
  [ -n "$id" ] || { say "no Rapport window after 30 s"; return 1; }
  echo "$id"
}
