#!/usr/bin/env bash
# Measures the figures of docs/performance.md on this machine, for the app as the .deb installs it:
#   1. installer sizes (.deb, .rpm), installed size, binary size;
#   2. start time to the first window on screen (xdotool; no WebDriver), warm page cache;
#   3. start time to the dashboard's index figure on screen, watched in the X display's pixels (no
#      WebDriver; scripts/measure-startup-pixels.py), warm;
#   4. start time to an interactive dashboard on the demo network (WebDriver, see
#      scripts/measure-startup.mjs), cold (page cache dropped before each run, when root) and warm;
#   5. memory at rest on the demo network: RSS, PSS and private memory of the app's process and of
#      every process it started (WebKitWebProcess, WebKitNetworkProcess, ...), from
#      /proc/PID/smaps_rollup.
#
#   scripts/measure-performance.sh [--runs N] [--rest SECONDS]
#
# Needs the .deb installed (scripts/install-deb-and-screenshot.sh) and tauri-driver (make setup-test).
# Raw results go to target/perf/; the summary is printed.
set -euo pipefail
# shellcheck source=scripts/lib-installed.sh
source "$(dirname "$0")/lib-installed.sh"

RUNS=10
REST=30
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --rest) REST="$2"; shift 2 ;;
    *) say "unknown argument $1"; exit 2 ;;
  esac
done

OUT="$ROOT/target/perf"
mkdir -p "$OUT"
DEB="$(realpath "$(find_deb "")")"
PKG="$(dpkg-deb -f "$DEB" Package)"
pkg_missing "$PKG" && { say "$PKG is not installed: run scripts/install-deb-and-screenshot.sh"; exit 1; }
BIN="$(installed_binary "$DEB")"
need_display_tools webkit2gtk-driver python3
command -v tauri-driver >/dev/null || { say "no tauri-driver: run 'make setup-test'"; exit 1; }

echo "# Rapport performance, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM," \
  "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "WebKitGTK: $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0), package: $PKG $(dpkg-deb -f "$DEB" Version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Sizes.
echo
echo "## Sizes"
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB (%.2f MB)", b/1048576, b/1e6 }'; }
for f in "$ROOT"/target/release/bundle/deb/*.deb "$ROOT"/target/release/bundle/rpm/*.rpm; do
  [ -f "$f" ] && echo "installer $(basename "$f"): $(stat -c %s "$f") bytes = $(mib "$(stat -c %s "$f")")"
done
echo "installed size (dpkg Installed-Size): $(dpkg-deb -f "$DEB" Installed-Size) KiB"
echo "binary $BIN: $(stat -c %s "$BIN") bytes = $(mib "$(stat -c %s "$BIN")")"
echo "depends: $(dpkg-deb -f "$DEB" Depends)"

start_display
make_demo_db "$WORK/demo.db"
export RAPPORT_DB="$WORK/demo.db"
export WEBKIT_DISABLE_DMABUF_RENDERER=1

# 2. Start to first window, with no WebDriver: uptime when the window is mapped minus the process's
# start (both in /proc's 10 ms ticks); xdotool polls every 10 ms.
echo
echo "## Start to the window on screen (no WebDriver, warm cache, $RUNS runs)"
tick="$(getconf CLK_TCK)"
: >"$OUT/window.txt"
for i in $(seq 1 "$RUNS"); do
  "$BIN" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  until xdotool search --onlyvisible --name '^Rapport$' >/dev/null 2>&1; do
    kill -0 "$APP_PID" 2>/dev/null || { say "the app exited"; cat "$WORK/app.log" >&2; exit 1; }
    sleep 0.01
  done
  read -r up _ </proc/uptime
  start_ticks="$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$APP_PID/stat")"
  awk -v u="$up" -v s="$start_ticks" -v t="$tick" 'BEGIN { printf "%d\n", (u - s / t) * 1000 + 0.5 }' >>"$OUT/window.txt"
  kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
  sleep 1
done
sort -n "$OUT/window.txt" | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
  printf "window mapped after: min %d ms, median %d ms, max %d ms (runs: %d)\n", a[1], m, a[NR], NR }'

# 3. Start to the index figure on screen, from the display's pixels.
echo
echo "## Start to the dashboard's index figure on screen (pixels, no WebDriver, warm cache, $RUNS runs)"
python3 "$ROOT/scripts/measure-startup-pixels.py" "$BIN" "$RUNS" | tee "$OUT/startup-pixels.jsonl"

# 4. Start to the interactive dashboard, through WebDriver.
setsid tauri-driver --port 4455 --native-port 4456 --native-driver /usr/bin/WebKitWebDriver \
  >"$WORK/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
export WEBDRIVER_URL="http://127.0.0.1:4455/"
for _ in $(seq 1 100); do
  curl -fsS "${WEBDRIVER_URL}status" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "${WEBDRIVER_URL}status" >/dev/null || { say "tauri-driver did not start"; cat "$WORK/tauri-driver.log" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
  echo
  echo "## Cold start to the interactive dashboard (page cache dropped before each run, $RUNS runs)"
  node "$ROOT/scripts/measure-startup.mjs" "$BIN" "$RUNS" --drop-caches | tee "$OUT/startup-cold.jsonl"
else
  say "not root: skipping the cold runs (dropping the page cache needs root)"
fi
echo
echo "## Warm start to the interactive dashboard ($RUNS runs)"
node "$ROOT/scripts/measure-startup.mjs" "$BIN" "$RUNS" | tee "$OUT/startup-warm.jsonl"
kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true
DRIVER_PID=""

# 5. Memory at rest: the app and every process under it, $REST seconds after its window mapped.
# PSS shares each shared page among the processes that map it, so the PSS sum is what these
# processes together cost; RSS counts shared libraries once per process.
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
    keep[root] = 1; print root; changed = 1
    while (changed) { changed = 0
      for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; print p; changed = 1 } } }'
}
echo
echo "## Memory at rest on the demo network (${REST} s after the window mapped, 3 runs)"
for i in 1 2 3; do
  "$BIN" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  wait_for_window >/dev/null
  sleep "$REST"
  echo "run $i:"
  printf '  %-22s %7s %10s %10s %10s\n' process pid "RSS MiB" "PSS MiB" "private MiB"
  for p in $(descendants "$APP_PID"); do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    awk -v pid="$p" -v name="$(cat "/proc/$p/comm")" '
      /^Rss:/ { rss = $2 } /^Pss:/ { pss = $2 } /^Private_(Clean|Dirty):/ { priv += $2 }
      END { printf "  %-22s %7d %10.1f %10.1f %10.1f\n", name, pid, rss/1024, pss/1024, priv/1024 }' \
      "/proc/$p/smaps_rollup"
  done | tee "$WORK/mem.txt"
  awk '{ r += $3; p += $4; u += $5; if ($3 > m) m = $3 }
    END { printf "  %-22s %7s %10.1f %10.1f %10.1f   (largest single RSS %.1f MiB)\n", "total", NR " procs", r, p, u, m }' \
    "$WORK/mem.txt" | tee -a "$OUT/memory.txt"
  kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
  sleep 1
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
