// Start time of the real app to an interactive dashboard, through WebDriver (tauri-driver +
// WebKitWebDriver), with nothing but Node's own fetch. Run by scripts/measure-performance.sh, which
// starts tauri-driver with RAPPORT_DB pointing at the demo network.
//
//   node scripts/measure-startup.mjs <absolute path to the app binary> <runs> [--drop-caches]
//
// One run: open a WebDriver session (WebKitWebDriver starts the app), then ask the page as fast as
// the round trip allows whether the dashboard's index figure ([data-testid=nvi-value]) is drawn and
// visible; the index is the last thing the dashboard draws, after the `dashboard` command has
// answered with the measures of the whole network. The start time is
//
//   (kernel uptime when the page first answers "drawn") - (kernel uptime when the app process started)
//
// both read from /proc in the same clock (CLOCK_BOOTTIME, 10 ms ticks), so WebKitWebDriver's own
// start-up is not counted, while everything the app does is: exec, GTK, the WebKit processes, the
// page, the IPC call, the measures, the drawing. The poll adds at most one round trip (a few ms).
// With --drop-caches the kernel's page cache is emptied before each run (a cold start from disk;
// needs root). Each run also reports when the page started loading and when it fired
// DOMContentLoaded (the point where Tauri's published benchmarks stop their clock), on the same
// clock. Prints one JSON object per run, then a summary.

import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";

import { newestProcess, uptime, wd } from "./webdriver.mjs";

const [app, runsArg = "5", ...flags] = process.argv.slice(2);
if (!app) throw new Error("usage: measure-startup.mjs <app binary> [runs] [--drop-caches]");
const runs = Number(runsArg);
const dropCaches = flags.includes("--drop-caches");

const READY = `const e = document.querySelector('[data-testid="nvi-value"]');
  return !!(e && e.offsetParent !== null && e.textContent.trim() !== '');`;

const results = [];
for (let i = 1; i <= runs; i++) {
  if (dropCaches) {
    execSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
  }
  const t0 = uptime();
  const session = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application: app } } },
  });
  const id = session.sessionId;
  let polls = 0;
  let readyAt = null;
  while (readyAt === null) {
    polls += 1;
    const ready = await wd("POST", `/session/${id}/execute/sync`, { script: READY, args: [] });
    if (ready) readyAt = uptime();
    else if (uptime() - t0 > 60) throw new Error("the dashboard was not drawn within 60 s");
  }
  const proc = newestProcess(app);
  if (!proc || proc.start < t0 - 0.01) throw new Error(`no process of ${app} started by this run`);
  // The page's own milestones, from its Navigation Timing, on the same clock: Date.now() and
  // /proc/uptime read together give the offset between the epoch and uptime (10 ms ticks).
  const nav = await wd("POST", `/session/${id}/execute/sync`, {
    script: `const n = performance.getEntriesByType('navigation')[0];
      const marks = Object.fromEntries(performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('rapport:')).map((m) => [m.name.slice(8), m.startTime]));
      return { origin: performance.timeOrigin, dcl: n.domContentLoadedEventEnd, marks };`,
    args: [],
  });
  const epochMinusUptime = Date.now() / 1000 - uptime();
  const sinceStart = (epochMs) => Math.round((epochMs / 1000 - epochMinusUptime - proc.start) * 1000);
  const title = await wd("GET", `/session/${id}/title`);
  await wd("DELETE", `/session/${id}`);
  const r = {
    run: i,
    cold: dropCaches,
    ready_ms: Math.round((readyAt - proc.start) * 1000),
    page_start_ms: sinceStart(nav.origin),
    dom_content_loaded_ms: sinceStart(nav.origin + nav.dcl),
    with_webdriver_ms: Math.round((readyAt - t0) * 1000),
    // The window's own milestones (performance.mark, through ui/lib/marks.js), on the same clock.
    marks_ms: Object.fromEntries(Object.entries(nav.marks).map(([k, v]) => [k, sinceStart(nav.origin + v)])),
    polls,
    title,
  };
  results.push(r);
  console.log(JSON.stringify(r));
  await new Promise((res) => setTimeout(res, 1500)); // let the processes go before the next run
}

function stats(key) {
  const ms = results.map((r) => r[key]).sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  return { min: ms[0], median, max: ms.at(-1) };
}
console.log(
  JSON.stringify({
    summary: true,
    cold: dropCaches,
    runs: results.length,
    ready_ms: stats("ready_ms"),
    dom_content_loaded_ms: stats("dom_content_loaded_ms"),
    // Median of each of the window's own milestones, in the order they happen.
    marks_median_ms: Object.fromEntries(
      [...new Set(results.flatMap((r) => Object.keys(r.marks_ms)))]
        .map((name) => {
          const ms = results.map((r) => r.marks_ms[name]).filter((v) => v !== undefined).sort((a, b) => a - b);
          const m = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
          return [name, m];
        })
        .sort((a, b) => a[1] - b[1]),
    ),
  }),
);
