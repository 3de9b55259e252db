// @ts-check
// The window's entry: it starts the window (the passphrase prompt, an error, the first run or the
// app), and wires the screens to the navigation and change events and to the shortcut table. The
// screens never import each other: they publish events (lib/events.js) that this module routes.
// The shell's `changed` event, after every write, redraws what is on screen (lib/changes.js).

import * as api from "./api.js";
import { translatePage } from "./lib/i18n.js";
import { applyLanguage, applyTheme, onThemeChange } from "./lib/prefs.js";
import { coreText } from "./lib/format.js";
import { $, showScreen } from "./lib/dom.js";
import { showError, messageOf, sentence, watchBackupFailures, keepPageClearOfNotices } from "./lib/notices.js";
import { state } from "./lib/state.js";
import { on, go, openQuickLog, refresh, changed } from "./lib/events.js";
import { noteChange, setRefresher, settled, stale } from "./lib/changes.js";
import { bindShortcuts } from "./lib/shortcuts.js";
import { mark } from "./lib/marks.js";
import { setupHelp, openHelp } from "./components/help-dialog.js";
import { isModelUnreadable, showModelUnreadableInPane } from "./components/model-unreadable.js";
import { watchDatabaseHealth } from "./components/damage-notice.js";
import { canUnlock, showUnlock, setupUnlock } from "./screens/unlock.js";
import { showFatal, showFirstRun, setupFirstRun } from "./screens/start.js";
import { refreshList, setupContactList } from "./screens/contacts.js";
import { showDashboard, fetchEarly, dropEarly } from "./screens/dashboard.js";
import { selectContact } from "./screens/contact.js";
import { openContactForm } from "./screens/contact-form.js";
import { setupQuickLog, openQuickLog as showQuickLog, prefillFromView } from "./screens/quick-log.js";
import { showLoops, refreshLoopCount } from "./screens/loops.js";
import { showPosts } from "./screens/posts.js";
import { openMerge } from "./screens/merge.js";
import { openSettings, loadSettings, watchReminders, reopenAt } from "./screens/settings.js";
import { openRating } from "./components/rate-dialog.js";
import { loadCalibrationStatus } from "./components/calibration.js";
import { openTransfer, acceptDroppedFiles } from "./screens/transfer.js";

// Under the strict CSP, a violation is a regression (an inline style, a remote URL): count them
// where the end-to-end test can check that there are none.
document.addEventListener("securitypolicyviolation", (event) => {
  console.warn(`CSP refused ${event.blockedURI || "inline code"} (${event.violatedDirective})`);
  const root = document.documentElement;
  root.dataset.cspViolations = String(Number(root.dataset.cspViolations ?? 0) + 1);
});

window.addEventListener("unhandledrejection", (event) => showError(event.reason));

// A desktop app has no Back, Forward or Reload: right-click keeps only the text fields' own menu
// (copy, paste, spelling), which a user expects there.
document.addEventListener("contextmenu", (event) => {
  const target = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target : null);
  const editable = target?.closest("input, textarea, [contenteditable=''], [contenteditable='true']");
  if (!editable) event.preventDefault();
});
window.addEventListener("error", (event) => showError(event.error ?? event.message));

// ---------------------------------------------------------------------------------------------
// Where each event leads

/**
 * Shows a place in the pane. Errors become a notice here, so a caller can simply await it.
 * @param {import("./lib/events.js").Place} place
 */
async function show(place) {
  try {
    if (place.view === "dashboard") await showDashboard();
    else if (place.view === "contact") {
      await selectContact(place.id);
      if (place.reveal) {
        // A contact just added reaches the list with the refresh that follows its change.
        await settled();
        document.querySelector(`.contact-row[data-id="${place.id}"]`)?.scrollIntoView({ block: "nearest" });
      }
    } else if (place.view === "settings") await openSettings();
    else if (place.view === "loops") await showLoops();
    else if (place.view === "posts") await showPosts();
    else if (place.view === "transfer") openTransfer();
    else if (place.view === "new") openContactForm(null);
    else if (place.view === "edit") openContactForm(place.contact);
  } catch (error) {
    // Without a readable model, a screen of measures says why where it would be.
    if (isModelUnreadable(error)) showModelUnreadableInPane(error);
    else showError(error);
  }
}

/** Redraws what the pane shows where it is (after a change, or a change of theme). */
async function redraw() {
  if (state.view === "dashboard") await showDashboard({ inPlace: true });
  else if (state.view === "loops") await showLoops({ inPlace: true });
  else if (state.view === "posts") await showPosts({ keepFocus: true, inPlace: true });
  else if (state.view === "contact" && state.selected != null) await selectContact(state.selected, { inPlace: true });
}

on("navigate", show);
on("refresh", () => redraw().catch(showError));
on("changed", (change) => {
  // The dashboard's data asked for at start may predate this change.
  dropEarly();
  // Another program (the CLI) may have applied or reset a calibration: the strengths' marks
  // follow. The window's own apply and reset load it themselves.
  if (change.external && change.scope === "everything") loadCalibrationStatus().catch(showError);
  noteChange(change);
});
on("quick-log", showQuickLog);

// After one or more changes: the stale parts of the screen, each asked for once. The pane goes
// first (the store answers one call at a time, and the pane is what the user looks at); Open
// loops counts the badge from its own answer, which makes the badge fresh before it is asked.
setRefresher(async (isStale) => {
  // Behind the first run, the passphrase prompt or an error there is nothing to refresh.
  if ($("#app").hidden) return;
  const parts = [];
  if (isStale("pane")) parts.push(redraw());
  if (isStale("list")) parts.push(refreshList({ inPlace: true }));
  if (isStale("loops")) parts.push(refreshLoopCount());
  await Promise.all(parts.map((part) => part.catch(showError)));
});
on("merge", openMerge);

// ---------------------------------------------------------------------------------------------
// Start-up: the first-run screen, the main window, or a readable error

async function boot() {
  mark("boot");
  applyLanguage();
  applyTheme();
  // Charts are drawn by core in one theme: draw them again when the window changes theme.
  onThemeChange(() => {
    if (state.view !== "settings") refresh().catch(showError);
  });
  translatePage();
  keepPageClearOfNotices();
  wire();
  // Before anything is asked for, so that no change goes unheard.
  api.listenForChanges(changed).catch(showError);
  // A failed daily backup shows as a notice (issue 15); a file dropped on the window is imported.
  watchBackupFailures().catch(showError);
  // The daily reminder: a click on it opens This week; one that could not show is a notice.
  watchReminders().catch(showError);
  acceptDroppedFiles();
  // The check of the file a few seconds after start: a notice that stays if it is damaged, even
  // over the error screen when the damage broke the start.
  watchDatabaseHealth().catch(showError);
  // Most starts open on the dashboard: its data is asked for now, beside app_info, rather than
  // one round trip later. Dropped unless the app screen opens straight away.
  fetchEarly();
  let info;
  try {
    info = await api.appInfo();
    mark("app-info");
  } catch (error) {
    showFatal(messageOf(error), null);
    return;
  }
  await start(info);
}

/**
 * The first screen for what `app_info` said: the passphrase prompt, an error, the first run or the app.
 * @param {any} info
 */
async function start(info) {
  state.info = info;
  const view = window.location.hash === "#settings" ? "settings" : "dashboard";
  // The early answer is only for a dashboard drawn now: later, a write may have changed it.
  if (info.open_error || info.empty || view !== "dashboard") dropEarly();
  if (info.open_error?.code === "locked" && (await canUnlock())) showUnlock();
  else if (info.open_error) {
    const e = info.open_error;
    showFatal(sentence(coreText(e.key, e.params, e.message)), info.db_path_display);
  } else if (info.empty) showFirstRun();
  else await showApp(view);
}

/** @param {"dashboard" | "settings" | "new"} view */
async function showApp(view = "dashboard") {
  showScreen("app");
  // The first view is what the user waits for at start: its requests go first (the store answers
  // one at a time, in order), and the contact list and the settings arrive after it.
  const dashboard = view === "dashboard" ? showDashboard() : null;
  const list = refreshList().catch(showError);
  const settings = loadSettings();
  if (view === "new") {
    await settings;
    openContactForm(null);
  } else if (view === "settings") {
    // Back on Settings after a change of language restarted the window.
    history.replaceState(null, "", window.location.pathname);
    await openSettings();
  } else await dashboard;
  await Promise.all([list, settings]);
  mark("list-and-settings");
  // Unless a change (the demo just loaded, say) already had it counted.
  if (stale("loops")) refreshLoopCount();
}

// ---------------------------------------------------------------------------------------------
// Wiring: the sidebar's buttons and the shortcuts, each leading to a place

function wire() {
  setupUnlock(start);
  setupFirstRun(showApp);
  /** @type {Record<string, () => unknown>} */
  const actions = {
    dashboard: () => go({ view: "dashboard" }),
    settings: () => go({ view: "settings" }),
    loops: () => go({ view: "loops" }),
    posts: () => go({ view: "posts" }),
    transfer: () => go({ view: "transfer" }),
    log: () => openQuickLog(prefillFromView()),
    add: () => go({ view: "new" }),
    search: () => $("#search").focus(),
    // The settings' accuracy counts the ratings: drawn again when the flow closes over them.
    rate: () => openRating(() => reopenAt("calibration")).catch(showError),
    help: openHelp,
  };
  /** @type {[string, () => unknown][]} */
  const clicks = [
    ["#home", actions.dashboard],
    ["#nav-dashboard", actions.dashboard],
    ["#nav-model", actions.settings],
    ["#nav-loops", actions.loops],
    ["#nav-posts", actions.posts],
    ["#nav-transfer", actions.transfer],
    ["#open-help", actions.help],
    ["#add-contact", actions.add],
    ["#open-log", actions.log],
  ];
  for (const [selector, action] of clicks) $(selector).addEventListener("click", () => action());
  setupContactList();
  setupQuickLog();
  setupHelp();
  bindShortcuts(actions, () => !$("#app").hidden);
}

boot().catch(showError);
