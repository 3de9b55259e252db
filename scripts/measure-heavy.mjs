// The window on a heavy network (`rapport bench`'s: 10,000 contacts, 1,000,000 interactions),
// measured through WebDriver against the targets: launch to the complete dashboard (the
// index, its components, the contact list and the index chart), the same after another program
// changed the database, later views (a contact, Open loops, a chart tab), and the memory of the
// whole process tree at rest. Run by scripts/measure-heavy.sh, which builds the network and starts
// tauri-driver with RAPPORT_DB pointing at it.
//
//   node scripts/measure-heavy.mjs <absolute path to the app binary> <rapport CLI> <database>
//
// Launch times run from the app process's start (/proc, 10 ms ticks) to the first poll that finds
// the dashboard complete; view times are measured in the page (performance.now) from the click to
// the first moment the new view is on screen, polled every 2 ms. Prints one JSON line per figure.
// With MEASURE_DETAIL=1, each view's figure is followed by a "detail" line: its start and end at
// the time of day and the window's marks since its start, to line up with the service's calls in
// target/heavy/timings.log and find where a slow figure's time went.

import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

import { newestProcess, stat, uptime, wd } from "./webdriver.mjs";

const [app, cli, db] = process.argv.slice(2);
if (!app || !cli || !db) throw new Error("usage: measure-heavy.mjs <app binary> <rapport CLI> <database>");

/** PSS of `root` and every process under it, in MiB (shared pages counted once in all). */
function treePssMiB(root) {
  const parent = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parent.set(Number(d), Number(stat(d)[1]));
    } catch {
      // gone
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) if (!tree.has(pid) && tree.has(ppid)) (tree.add(pid), (grew = true));
  }
  let kib = 0;
  /** PSS by process name, in MiB (with MEASURE_DETAIL=1). */
  const by = {};
  for (const pid of tree) {
    try {
      const own = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
      kib += own;
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      by[name] = (by[name] ?? 0) + Math.round(own / 1024);
    } catch {
      // gone or unreadable
    }
  }
  return { processes: tree.size, pss_mib: Math.round(kib / 1024), ...(DETAIL ? { by } : {}) };
}

const COMPLETE = `
  const index = document.querySelector('[data-testid="nvi-value"]');
  const rows = document.querySelectorAll('[data-testid="contact-row"]').length;
  const chart = document.querySelector('[data-testid="chart-network"]');
  const components = document.querySelectorAll('[data-testid="component"]').length;
  return !!(index && index.offsetParent !== null && index.textContent.trim() !== '' && rows > 0
    && components > 0 && chart && chart.complete && chart.naturalWidth > 0 && chart.src.startsWith('data:'));`;

const DETAIL = process.env.MEASURE_DETAIL === "1";

/** With MEASURE_DETAIL=1, the figure `label` from `t0` (page time) for `ms`: its start and end and
 * the window's marks since its start, at the time of day (UTC) as in timings.log. */
async function detail(id, label, t0, ms) {
  if (!DETAIL || t0 === null) return;
  const found = await wd("POST", `/session/${id}/execute/sync`, {
    script: `const [t0, ms] = arguments;
      const clock = (t) => new Date(performance.timeOrigin + t).toISOString().slice(11, 23);
      const marks = performance.getEntriesByType("mark").filter((m) => m.startTime >= t0 - 1);
      return { from: clock(t0), to: clock(t0 + ms),
        marks: marks.map((m) => [m.name.replace("rapport:", ""), Math.round(m.startTime - t0)]) };`,
    args: [t0, ms],
  });
  console.log(JSON.stringify({ detail: label, ...found }));
}

async function launch(label) {
  const t0 = uptime();
  const session = await wd("POST", "/session", {
    capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application: app } } },
  });
  const id = session.sessionId;
  let readyAt = null;
  while (readyAt === null) {
    if (await wd("POST", `/session/${id}/execute/sync`, { script: COMPLETE, args: [] })) readyAt = uptime();
    else if (uptime() - t0 > 120) throw new Error("the dashboard was not complete within 120 s");
  }
  const proc = newestProcess(app);
  console.log(JSON.stringify({ figure: label, ms: Math.round((readyAt - proc.start) * 1000) }));
  return { id, proc };
}

// What "on screen" means for each view, checked in the page (the CSP allows no eval).
const ON_SCREEN = `{
  contact: () => document.querySelector('[data-testid="contact-name"]') !== null
    && document.querySelector('[data-testid="contact-view"]') !== null,
  loops: () => document.querySelector('[data-testid="loops"]') !== null,
  dashboard: () => { const e = document.querySelector('[data-testid="nvi-value"]'); return !!(e && e.offsetParent !== null); },
  dashboardChart: () => { const i = document.querySelector('[data-testid="chart-network"]');
    return !!(i && i.complete && i.naturalWidth > 0 && i.src.startsWith('data:')); },
  tab: (kind) => { const t = document.querySelector('[data-testid="chart-tab-' + kind + '"]');
    const i = document.querySelector('[data-testid="chart-network"]');
    return t.getAttribute('aria-selected') === 'true' && i.complete && i.naturalWidth > 0 && i.src !== window.__before; },
}`;

/** Clicks what `selector` finds and times, in the page, until the view `check` is on screen;
 * then, given `also`, goes on timing from the same click until that check holds too (read by
 * `alsoFigure`). */
async function view(id, label, selector, check, arg = null, also = null) {
  const [ms, t0] = await wd("POST", `/session/${id}/execute/async`, {
    script: `const [selector, check, arg, also, callback] = arguments;
      const onScreen = ${ON_SCREEN};
      const chart = document.querySelector('[data-testid="chart-network"]');
      window.__before = chart ? chart.src : null;
      window.__also = null;
      const target = document.querySelector(selector);
      if (!target) return callback([-1, null]);
      const t0 = performance.now();
      target.click();
      const later = () => onScreen[also]() ? (window.__also = performance.now() - t0) : performance.now() - t0 < 30000 && setTimeout(later, 5);
      const poll = () => onScreen[check](arg) ? (callback([performance.now() - t0, t0]), also && later()) : setTimeout(poll, 2);
      poll();`,
    args: [selector, check, arg, also],
  });
  console.log(JSON.stringify({ figure: label, ms: Math.round(ms) }));
  await detail(id, label, t0, ms);
}

/** The time from a view's click to its `also` check (see `view`), waited for up to 30 s. */
async function alsoFigure(id, label) {
  for (const t0 = uptime(); uptime() - t0 < 30; await new Promise((r) => setTimeout(r, 20))) {
    const ms = await wd("POST", `/session/${id}/execute/sync`, { script: "return window.__also;", args: [] });
    if (ms !== null) return console.log(JSON.stringify({ figure: label, ms: Math.round(ms) }));
  }
  console.log(JSON.stringify({ figure: label, ms: null, note: "not within 30 s" }));
}

// 1. A launch on the network, nothing changed since the last run.
// Only the second launch's process is measured at rest.
let { id } = await launch("launch_to_complete_dashboard_ms (first run on this database)");
let proc;
await wd("DELETE", `/session/${id}`);
await new Promise((r) => setTimeout(r, 1500));
({ id, proc } = await launch("launch_to_complete_dashboard_ms (nothing changed since the last run)"));

// 2. Later views: the chart tabs first (the dashboard is on show), then a contact, Open loops and
// the dashboard again.
for (const kind of ["layers", "give_take", "index", "layers"]) {
  await view(id, `view_chart_tab_${kind}_ms`, `[data-testid="chart-tab-${kind}"]`, "tab", kind);
}
await view(id, "view_contact_ms", '[data-testid="contact-row"]', "contact");
// Logging one interaction with the contact on screen, from Save to the screen redrawn (the
// window's own marks, as specs/refresh.test.mjs reads them).
const logOne = (id) => wd("POST", `/session/${id}/execute/async`, {
  script: `const done = arguments[0];
    const wait = (ok, then, t0 = performance.now()) => ok() ? then() : performance.now() - t0 > 20000 ? done(-1) : setTimeout(() => wait(ok, then, t0), 5);
    const last = (name) => performance.getEntriesByName("rapport:" + name).at(-1)?.startTime;
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "k", ctrlKey: true, bubbles: true }));
    wait(() => document.querySelectorAll('[data-testid="ql-chip"]').length === 1, () => {
      const field = document.querySelector('[data-testid="ql-summary"]');
      field.value = "Measured by measure-heavy.mjs";
      field.dispatchEvent(new Event("input", { bubbles: true }));
      setTimeout(() => {
        const before = last("log-refreshed") ?? -1;
        document.querySelector("#ql-submit").click();
        wait(() => (last("log-refreshed") ?? -1) > before, () => done([last("log-refreshed") - last("log-save"), last("log-save")]));
      }, 300);
    });`,
  args: [],
});
// With the time of day, to find the calls it made in the service's timings (measure-heavy.sh).
const clock = () => new Date().toISOString().slice(11, 23);
let saved = clock();
let [logged, loggedAt] = await logOne(id);
console.log(JSON.stringify({ figure: "log_one_interaction_to_refreshed_screen_ms", ms: Math.round(logged), saved }));
await detail(id, "log_one_interaction_to_refreshed_screen_ms", loggedAt, logged);
await view(id, "view_open_loops_ms", '[data-testid="nav-loops"]', "loops");
// The index on screen; its chart, drawn from the same data, comes with its own call (and, after a
// write, once the charts are measured again): timed too, from the same click.
await view(id, "view_dashboard_again_ms", '[data-testid="nav-dashboard"]', "dashboard", null, "dashboardChart");

// 3. Memory at rest.
await new Promise((r) => setTimeout(r, 10_000));
console.log(JSON.stringify({ figure: "memory_at_rest", ...treePssMiB(proc.pid) }));
await alsoFigure(id, "view_dashboard_again_chart_ms");
// The same log once the views were measured since the start (the log above comes seconds after
// the launch, before that): the dashboard is then updated from the write, not measured again.
await view(id, "view_contact_ms (later)", '[data-testid="contact-row"]', "contact");
saved = clock();
[logged, loggedAt] = await logOne(id);
console.log(JSON.stringify({ figure: "log_one_interaction_to_refreshed_screen_ms (later)", ms: Math.round(logged), saved }));
await detail(id, "log_one_interaction_to_refreshed_screen_ms (later)", loggedAt, logged);
await view(id, "view_dashboard_again_ms (after the later log)", '[data-testid="nav-dashboard"]', "dashboard", null, "dashboardChart");
await alsoFigure(id, "view_dashboard_again_chart_ms (after the later log)");
// Every other tab right after that log, while its warm-up measures the charts again: each is
// served at once, as measured before the log and marked on its tab ("marked"), or already
// measured again.
for (const kind of ["layers", "give_take", "follow_through", "calendar", "reactions", "index"]) {
  await view(id, `view_chart_tab_${kind}_ms (after the later log)`, `[data-testid="chart-tab-${kind}"]`, "tab", kind);
  const marked = await wd("POST", `/session/${id}/execute/sync`, {
    script: `return document.querySelector('[data-testid="chart-updating"]') !== null;`,
    args: [],
  });
  console.log(JSON.stringify({ tab: kind, marked }));
}
await wd("DELETE", `/session/${id}`);
await new Promise((r) => setTimeout(r, 1500));

// 4. Another program wrote meanwhile: a launch after a CLI write.
execFileSync(cli, ["--db", db, "contact", "add", "Written by the CLI"], { stdio: "ignore" });
({ id, proc } = await launch("launch_to_complete_dashboard_ms (after another program changed the database)"));
// The window may open on the views kept before the CLI's write, marked as being brought up to
// date: the same launch to the mark gone (the dashboard measured again, with the write).
const UPDATED = `if (document.querySelector('[data-testid="dash-updating"]')) return false;${COMPLETE}`;
for (const t0 = uptime(); !(await wd("POST", `/session/${id}/execute/sync`, { script: UPDATED, args: [] })); ) {
  if (uptime() - t0 > 120) throw new Error("the dashboard was still being brought up to date after 120 s");
  await new Promise((r) => setTimeout(r, 10));
}
const upToDate = uptime();
console.log(
  JSON.stringify({
    figure: "launch_to_up_to_date_dashboard_ms (after another program changed the database)",
    ms: Math.round((upToDate - proc.start) * 1000),
  }),
);
await wd("DELETE", `/session/${id}`);
