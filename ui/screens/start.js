// @ts-check
// The full-window screens before the app: the first run (load the demo network, import my
// contacts, or start empty) and the database error that says why the window cannot open.

import * as api from "../api.js";
import { t } from "../lib/i18n.js";
import { $, showScreen, tNodes, pathNode } from "../lib/dom.js";
import { toast, showError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { chartLang } from "../components/chart-card.js";
import { openImport } from "./transfer.js";

/**
 * @param {string} message
 * @param {string | null} path the database's path, when known
 */
export function showFatal(message, path) {
  $("#fatal-message").textContent = message;
  $("#fatal-path").replaceChildren(...(path ? tNodes("fatal.path", { path: pathNode(path) }) : []));
  showScreen("fatal");
}

export function showFirstRun() {
  const path = state.info?.db_path_display;
  $("#first-db").replaceChildren(...(path ? tNodes("first.db", { path: pathNode(path) }) : []));
  showScreen("first-run");
  $("#load-demo").focus();
}

/**
 * Wires the first run's three choices: `open(view)` shows the app (on the dashboard once the demo
 * is in, then on Import with its Open dialog for "Import my contacts", on the new-contact form
 * when starting empty).
 * @param {(view: "dashboard" | "new") => Promise<void>} open
 */
export function setupFirstRun(open) {
  $("#load-demo").addEventListener("click", () => loadDemo(open));
  $("#start-empty").addEventListener("click", () => open("new").catch(showError));
  $("#start-import").addEventListener("click", () =>
    open("dashboard")
      .then(openImport)
      .catch(showError),
  );
}

/** @param {(view: "dashboard" | "new") => Promise<void>} open */
async function loadDemo(open) {
  const buttons = /** @type {HTMLButtonElement[]} */ ([$("#load-demo"), $("#start-import"), $("#start-empty")]);
  buttons.forEach((b) => (b.disabled = true));
  $("#first-busy").hidden = false;
  try {
    // The demo's words (names of places, answers) in the window's language.
    const summary = await api.loadDemo(chartLang());
    toast(t("toast.demo", { contacts: summary.contacts, interactions: summary.interactions }));
    await open("dashboard");
  } catch (error) {
    showError(error);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $("#first-busy").hidden = true;
  }
}
