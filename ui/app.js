// The window's behaviour: which screen shows, the contact list and its search, the contact page,
// the add/edit form and the quick log. All data comes through api.js; all text through i18n.js.
// DOM is built with createElement and textContent only, never innerHTML, so a name typed by the
// user can never become markup.

import * as api from "./api.js";
import { ApiError } from "./api.js";
import { t, has, translatePage, ago, dateTime, date, list, number, percent, signed, span } from "./i18n.js";
import { applyLanguage, applyTheme, currentTheme, onThemeChange } from "./prefs.js";
import { settingsScreen } from "./settings.js";
import { transferScreen } from "./transfer.js";
import { componentDetail, coreText, reasonText } from "./format.js";
import { refreshList, searchSoon, setupContactList } from "./contacts.js";
import { showLoops, refreshLoopCount } from "./loops.js";
import { showPosts } from "./posts.js";
import { openMerge, ledgerCard } from "./merge.js";

const CHANNELS = ["in_person", "call", "video", "email", "message", "social", "event", "letter", "other"];
const KINDS = ["introduction", "advice", "knowledge", "help", "referral", "recommendation", "gift", "other"];
const AVATAR_COLOURS = 8;
/** How many interactions a contact page shows before "Show all". */
const HISTORY_PAGE = 25;
/** Open questions shown on a contact page before "N more": the oldest ones, which wait longest. */
const QUESTIONS_SHOWN = 5;
/** Items of each suggestion group shown on the dashboard before "N more". */
const SUGGESTIONS_SHOWN = 4;
/** Dunbar's layers, in the order of the index's `layer_counts`. */
const LAYERS = [5, 15, 50, 150];

const state = {
  info: null,
  contacts: [],
  search: "",
  selected: null,
  view: "dashboard",
  /** The model's settings as stored, and core's defaults: loaded with the window, for labels. */
  settings: null,
  defaults: null,
  lastChannel: "in_person",
  paneSeq: 0,
  /** The dashboard's data asked for at start (see boot), used once by the first dashboard. */
  earlyDashboard: null,
};

// ---------------------------------------------------------------------------------------------
// Small DOM helpers

const $ = (selector, root = document) => root.querySelector(selector);

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function icon(name, cls = "icon") {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", cls);
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(ns, "use");
  use.setAttribute("href", `#${name}`);
  svg.append(use);
  return svg;
}

function debounce(fn, ms) {
  let timer;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.flush = (...args) => {
    clearTimeout(timer);
    return fn(...args);
  };
  return wrapped;
}

function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0].toUpperCase()).join("") || "?";
}

function avatar(contact, size = "") {
  const colour = Math.abs(Number(contact.id)) % AVATAR_COLOURS;
  return h("span", { class: `avatar av-${colour} ${size}`, "aria-hidden": "true" }, initials(contact.display_name));
}

function showScreen(id) {
  for (const el of document.querySelectorAll(".screen")) el.hidden = el.id !== id;
}

// ---------------------------------------------------------------------------------------------
// Errors and notices

function fieldLabel(field) {
  return has(`field.${field}`) ? t(`field.${field}`) : field;
}

/** Core writes its messages to follow a field name ("name: is empty"); alone, they start a sentence. */
function sentence(text) {
  return text ? text[0].toLocaleUpperCase() + text.slice(1) : text;
}

function messageOf(error) {
  if (error instanceof ApiError) {
    if (error.code === "no_tauri") return t("error.no_tauri");
    const text = coreText(error.key, error.params, error.message);
    return error.field ? `${fieldLabel(error.field)}${t("colon")}${text}` : sentence(text);
  }
  return t("error.unknown", { detail: String(error?.message ?? error) });
}

/** A notice; `action` ({ label, run }) adds a button, such as Undo, that also closes it. */
function toast(message, kind = "info", action = null) {
  const el = h(
    "div",
    {
      class: `toast toast-${kind}`,
      role: kind === "error" ? "alert" : "status",
      "data-testid": kind === "error" ? "toast-error" : "toast",
    },
    icon(kind === "error" ? "i-alert" : "i-check"),
    h("p", { class: "toast-text" }, message),
    action
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-small toast-action",
            "data-testid": "toast-action",
            onclick: () => {
              el.remove();
              Promise.resolve(action.run()).catch(showError);
            },
          },
          action.label,
        )
      : null,
    h(
      "button",
      { type: "button", class: "icon-btn", "aria-label": t("toast.close"), onclick: () => el.remove() },
      icon("i-close"),
    ),
  );
  $("#toasts").append(el);
  // Errors stay longer: they are the ones a person needs to read to the end; an undo stays long
  // enough to change one's mind.
  setTimeout(() => el.remove(), kind === "error" ? 12000 : action ? 10000 : 5000);
}

function showError(error) {
  console.error(error);
  toast(messageOf(error), "error");
}

/** Shows an error inside a form, next to what needs fixing. */
function formError(form, error) {
  const box = $(".form-error", form);
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  if (!error) {
    box.hidden = true;
    return;
  }
  $(".form-error-text", box).textContent = messageOf(error);
  box.hidden = false;
  const input = error instanceof ApiError && error.field ? form.querySelector(`[name="${error.field}"]`) : null;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

// Under the strict CSP, a violation is a regression (an inline style, a remote URL): count them
// where the end-to-end test can check that there are none.
document.addEventListener("securitypolicyviolation", (event) => {
  console.warn(`CSP refused ${event.blockedURI || "inline code"} (${event.violatedDirective})`);
  const root = document.documentElement;
  root.dataset.cspViolations = String(Number(root.dataset.cspViolations ?? 0) + 1);
});

window.addEventListener("unhandledrejection", (event) => showError(event.reason));
window.addEventListener("error", (event) => showError(event.error ?? event.message));

// ---------------------------------------------------------------------------------------------
// Start-up: the first-run screen, the main window, or a readable error

/** A named moment of start-up, read by scripts/measure-startup.mjs (Performance API, no cost). */
function mark(name) {
  performance.mark(`rapport:${name}`);
}

async function boot() {
  mark("boot");
  applyLanguage();
  applyTheme();
  // Charts are drawn by core in one theme: draw them again when the window changes theme.
  onThemeChange(() => {
    if (state.view !== "settings") refreshView().catch(showError);
  });
  translatePage();
  wireStatic();
  // Most starts open on the dashboard: its data is asked for now, beside app_info, rather than
  // one round trip later. Dropped unless the app screen opens straight away.
  state.earlyDashboard = dashboardData().catch(() => null);
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

/** The first screen for what `app_info` said: the passphrase prompt, an error, the first run or the app. */
async function start(info) {
  state.info = info;
  const view = window.location.hash === "#settings" ? "settings" : "dashboard";
  // The early answer is only for a dashboard drawn now: later, a write may have changed it.
  if (info.open_error || info.empty || view !== "dashboard") state.earlyDashboard = null;
  if (info.open_error?.code === "locked" && (await canUnlock())) showUnlock();
  else if (info.open_error) {
    const e = info.open_error;
    showFatal(sentence(coreText(e.key, e.params, e.message)), info.db_path_display);
  } else if (info.empty) showFirstRun();
  else await showApp({ view });
}

/** A locked database this build can open with a passphrase (one without encryption cannot: the
 * fatal screen then says so). */
async function canUnlock() {
  try {
    const status = await api.encryptionStatus();
    return status.available && status.locked;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The passphrase prompt: an encrypted database whose key is not in the keychain

function showUnlock() {
  const path = state.info?.db_path_display;
  $("#unlock-path").replaceChildren(...(path ? tNodes("fatal.path", { path: pathNode(path) }) : []));
  showScreen("unlock");
  $("#unlock-passphrase").focus();
}

async function unlock(event) {
  event.preventDefault();
  const input = $("#unlock-passphrase");
  const error = $("#unlock-error");
  const fail = (text) => {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    input.select();
  };
  if (!input.value.trim()) {
    fail(t("unlock.empty"));
    return;
  }
  const submit = $("#unlock-submit");
  error.hidden = true;
  input.removeAttribute("aria-invalid");
  submit.disabled = true;
  input.readOnly = true;
  $("#unlock-busy").hidden = false;
  try {
    await api.unlockDatabase(input.value);
  } catch (e) {
    // Core's refusal names the file; the prompt already shows it, so say it in the window's language.
    fail(e instanceof ApiError && e.field === "passphrase" ? t("unlock.wrong") : messageOf(e));
    return;
  } finally {
    submit.disabled = false;
    input.readOnly = false;
    $("#unlock-busy").hidden = true;
  }
  input.value = "";
  await start(await api.appInfo());
}

/** A translated sentence with DOM nodes (a path in code type, a link) in place of its {params}. */
function tNodes(key, nodes) {
  const marks = Object.fromEntries(Object.keys(nodes).map((name) => [name, `\u0000${name}\u0000`]));
  return t(key, marks)
    .split("\u0000")
    .map((part, i) => (i % 2 ? nodes[part] : part));
}

function pathNode(path) {
  return h("code", { class: "path" }, path);
}

function showFatal(message, path) {
  $("#fatal-message").textContent = message;
  $("#fatal-path").replaceChildren(...(path ? tNodes("fatal.path", { path: pathNode(path) }) : []));
  showScreen("fatal");
}

function showFirstRun() {
  const path = state.info?.db_path_display;
  $("#first-db").replaceChildren(...(path ? tNodes("first.db", { path: pathNode(path) }) : []));
  showScreen("first-run");
  $("#load-demo").focus();
}

async function loadDemo() {
  const buttons = [$("#load-demo"), $("#start-empty")];
  buttons.forEach((b) => (b.disabled = true));
  $("#first-busy").hidden = false;
  try {
    const summary = await api.loadDemo(chartLang());
    toast(t("toast.demo", { contacts: summary.contacts, interactions: summary.interactions }));
    await showApp();
  } catch (error) {
    showError(error);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $("#first-busy").hidden = true;
  }
}

async function showApp({ view = "dashboard" } = {}) {
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
    await openModel();
  } else await dashboard;
  await Promise.all([list, settings]);
  mark("list-and-settings");
  refreshLoopCount();
}

// ---------------------------------------------------------------------------------------------
// The contact list (its search, filters, sort and pages are in contacts.js)

function markSelected() {
  for (const row of document.querySelectorAll(".contact-row")) {
    if (Number(row.dataset.id) === state.selected) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  }
}

// ---------------------------------------------------------------------------------------------
// The pane: the dashboard, a contact, or the contact form

/** Called with a new pane's sequence number before its data is fetched: if the answer takes
 * more than a moment (a large network being measured), the pane says so instead of freezing. */
function busySoon(seq) {
  setTimeout(() => {
    if (seq !== state.paneSeq || state.paneShown === seq) return;
    $("#pane").replaceChildren(
      h("p", { class: "busy pane-busy", role: "status", "data-testid": "pane-busy" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", {}, t("pane.busy"))),
    );
  }, 400);
}

function setPane(...children) {
  state.paneShown = state.paneSeq;
  const pane = $("#pane");
  pane.replaceChildren(...children);
  pane.scrollTop = 0;
  markNav();
}

/** The sidebar's nav shows where the user is; a contact page is marked in the list instead. */
function markNav() {
  const views = [
    ["dashboard", "#nav-dashboard"],
    ["settings", "#nav-model"],
    ["loops", "#nav-loops"],
    ["posts", "#nav-posts"],
    ["transfer", "#nav-transfer"],
  ];
  for (const [view, id] of views) {
    const nav = $(id);
    if (state.view === view) nav.setAttribute("aria-current", "page");
    else nav.removeAttribute("aria-current");
  }
}

/** The fill of a 0–100 meter: a width set through the CSSOM, which the CSP allows (a style
 * attribute in markup it would refuse). */
function meter(value, cls = "") {
  const fill = h("span", { class: "meter-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, value))}%`;
  return h("span", { class: `meter ${cls}`, "aria-hidden": "true" }, fill);
}

/** A 0–100 figure as people read it at a glance; the exact value is in its tooltip. */
const whole = (x) => number(Math.round(x));

function fact(label, value, { tone = "", testid = null, detail = null, title = null } = {}) {
  return h(
    "div",
    { class: `fact ${tone}`, "data-testid": testid, title },
    h("span", { class: "fact-value" }, value),
    h("span", { class: "fact-label" }, label),
    detail ? h("span", { class: "fact-detail" }, detail) : null,
  );
}

function channelChip(channel) {
  return h("span", { class: `chip ch ch-${channel}` }, t(`channel.${channel}`));
}

/** The dashboard's measures, and names for the contacts that "why it moved" mentions (archived
 * ones included). */
function dashboardData() {
  return Promise.all([api.dashboard(), api.listContacts({ include_archived: true })]);
}

async function showDashboard() {
  state.view = "dashboard";
  state.selected = null;
  markSelected();
  markNav();
  const seq = ++state.paneSeq;
  busySoon(seq);
  const early = state.earlyDashboard;
  state.earlyDashboard = null;
  const [d, everyone] = (early && (await early)) || (await dashboardData());
  mark("dashboard-data");
  if (seq !== state.paneSeq) return;
  const names = new Map(everyone.map((c) => [c.id, c.display_name]));
  const hasHistory = d.strongest.some((m) => m.interactions > 0);

  const head = h(
    "header",
    { class: "dash-head" },
    h(
      "div",
      { class: "sheet-head" },
      h("h1", {}, t("dash.title")),
      h("p", { class: "lead" }, t("dash.lead", { date: date(d.network.at) })),
    ),
    h(
      "button",
      { type: "button", class: "btn", "data-testid": "dash-model", onclick: () => openModel().catch(showError) },
      icon("i-sliders"),
      t("dash.model"),
    ),
  );
  const hero = h("div", { class: "dash-hero" }, indexCard(d, hasHistory), componentsCard(d.network, hasHistory));
  const chart = hasHistory ? chartCard({ kinds: NETWORK_CHARTS, testid: "chart-network" }) : null;
  const below = () =>
    hasHistory
      ? h(
          "div",
          { class: "columns" },
          h("div", { class: "col-main" }, whyCard(d.why, names), suggestionsBlock(d.suggestions)),
          h("aside", { class: "col-side" }, strongestCard(d.strongest)),
        )
      : null;
  // At start, what lies below the fold (why it moved, suggestions, strongest ties) follows the
  // first frame: a fresh window's first layout is slow, and the index is what the user looks for.
  const atStart = Boolean(early);
  const sheet = h("section", { class: "sheet dashboard", "data-testid": "dashboard" }, head, hero, chart, atStart ? null : below());
  setPane(sheet);
  mark("dashboard-in-page");
  requestAnimationFrame(() => {
    mark("dashboard-frame");
    if (!atStart) return;
    setTimeout(() => {
      if (seq !== state.paneSeq) return;
      const rest = below();
      if (rest) sheet.append(rest);
      mark("dashboard-complete");
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Charts: drawn by core as SVG, shown as an image from a data: URL (never as markup in the page,
// which the CSP would refuse anyway), in the theme the window is in.

function chartTheme() {
  return currentTheme();
}

/** The window's language as core names it (charts, the demo): their words follow it. */
function chartLang() {
  return (document.documentElement.lang || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** Saves the chart on show to a file in the Downloads folder, and says where. */
async function saveChart(button, { kind, contact, format }) {
  button.disabled = true;
  try {
    const saved = await api.saveChart({ kind, contact, theme: chartTheme(), lang: chartLang(), format });
    toast(t("chart.saved", { path: saved.path_display }));
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

/** The dashboard's charts, and a contact's, in the order of their tabs. */
const NETWORK_CHARTS = ["index", "layers", "give_take", "follow_through", "calendar", "reactions"];
const CONTACT_CHARTS = ["contact", "give_take", "follow_through", "calendar"];

/**
 * A card of charts with one tab each; the image fills in when core has drawn the chosen one.
 * `contact` draws the charts of one contact (`name` is for the image's description).
 */
function chartCard({ kinds, contact = null, name = "", testid }) {
  const img = h("img", { class: "chart", "data-testid": testid, width: 960, height: 360, alt: "" });
  const hint = h("p", { class: "chart-hint" });
  let seq = 0;
  const show = (kind) => {
    for (const tab of tabs.children) tab.setAttribute("aria-selected", String(tab.dataset.kind === kind));
    img.dataset.kind = kind;
    img.alt = t(`chart.alt.${kind}`, { name });
    hint.textContent = "";
    const mine = ++seq;
    api
      .chartSvg({ kind, contact, theme: chartTheme(), lang: chartLang() })
      .then((svg) => {
        if (mine === seq) img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
      })
      .catch((error) => {
        if (mine === seq) hint.textContent = t("chart.failed", { message: messageOf(error) });
      });
  };
  const tabs = h(
    "div",
    { class: "chart-tabs", role: "tablist" },
    kinds.map((kind) =>
      h(
        "button",
        { type: "button", class: "chart-tab", role: "tab", "data-testid": `chart-tab-${kind}`, dataset: { kind }, onclick: () => show(kind) },
        t(`chart.tab.${kind}`),
      ),
    ),
  );
  const saveButton = (format) =>
    h(
      "button",
      {
        type: "button",
        class: "chart-save",
        "data-testid": `chart-save-${format}`,
        title: t(`chart.save_title.${format}`),
        "aria-label": t(`chart.save_title.${format}`),
        onclick: (event) => saveChart(event.currentTarget, { kind: img.dataset.kind, contact, format }),
      },
      t(`chart.save.${format}`),
    );
  const save = h("div", { class: "chart-saves" }, saveButton("svg"), saveButton("png"));
  show(kinds[0]);
  return h("section", { class: "card chart-card" }, h("div", { class: "chart-bar" }, tabs, save), img, hint);
}

function indexCard(d, hasHistory) {
  const n = d.network;
  if (!hasHistory) {
    // An index of 0, "weak", would blame a user who has not logged anything yet: say what to do.
    return h(
      "section",
      { class: "card nvi nvi-empty", "data-testid": "nvi" },
      h("h2", {}, t("dash.index")),
      h("p", { class: "nvi-empty-title" }, t("dash.empty_title")),
      h("p", { class: "muted" }, t("dash.empty")),
      h(
        "div",
        { class: "nvi-actions" },
        h("button", { type: "button", class: "btn btn-primary", onclick: () => openQuickLog([]) }, icon("i-log"), t("dash.empty_log")),
        h("button", { type: "button", class: "btn", onclick: () => openContactForm(null) }, t("dash.empty_add")),
      ),
    );
  }
  const change = d.why.change;
  const marker = h("span", { class: "scale-marker" });
  marker.style.left = `${Math.max(0, Math.min(100, n.index))}%`;
  return h(
    "section",
    { class: "card nvi", "data-testid": "nvi" },
    h("h2", {}, t("dash.index")),
    h(
      "p",
      { class: "nvi-figure", title: t("dash.index_title", { index: number(n.index, 1) }) },
      h("span", { class: "nvi-value", "data-testid": "nvi-value", dataset: { value: String(n.index) } }, whole(n.index)),
      h("span", { class: "nvi-of" }, t("dash.of_100")),
      h("span", { class: `band band-${n.band}`, "data-testid": "nvi-band", title: t("band.title") }, t(`band.${n.band}`)),
    ),
    // The bands on a 0–100 scale, with the index marked: where "fair" and "strong" begin.
    h(
      "div",
      { class: "scale", title: t("band.title"), "aria-hidden": "true" },
      h("span", { class: "scale-band weak" }),
      h("span", { class: "scale-band fair" }),
      h("span", { class: "scale-band strong" }),
      marker,
    ),
    h("p", { class: "nvi-meaning" }, t(`band_meaning.${n.band}`)),
    h(
      "p",
      {
        class: `nvi-change ${change >= 0.05 ? "up" : change <= -0.05 ? "down" : ""}`,
        "data-testid": "nvi-change",
        title: t("dash.change_title", { from: number(d.why.from.index, 1), to: number(d.why.to.index, 1) }),
      },
      t("dash.change", { change: signed(change) }),
    ),
    h(
      "div",
      { class: "nvi-facts" },
      h("p", { class: "fine" }, t("dash.active", { n: n.active_ties })),
      h(
        "dl",
        { class: "layers", title: t("dash.layers_title") },
        n.layer_counts.map((count, i) =>
          h("div", { class: "layer" }, h("dt", {}, t(`layer.${LAYERS[i]}`)), h("dd", {}, number(count))),
        ),
      ),
    ),
  );
}

function componentsCard(n, hasHistory) {
  const inUse = n.components.filter((c) => c.score != null).reduce((sum, c) => sum + c.weight, 0);
  const all = n.components.reduce((sum, c) => sum + c.weight, 0);
  const rows = n.components.map((raw) => {
    // Core's English line on what the score is made of, written again from its facts.
    const c = { ...raw, detail: componentDetail(raw) };
    const name = t(`component.${c.name}`);
    const known = c.score != null && hasHistory;
    const weight = number(c.weight, 2, 2);
    const summary = h(
      "summary",
      { class: "comp-row" },
      icon("i-chevron", "icon chevron"),
      h("span", { class: "comp-name" }, name),
      known
        ? [
            h("span", { class: "comp-bar", title: t("dash.score_title", { name, score: whole(c.score), detail: c.detail }) }, meter(c.score)),
            h("span", { class: "comp-num", "data-testid": "component-score", dataset: { value: c.score ?? "" }, title: t("dash.score_title", { name, score: whole(c.score), detail: c.detail }) }, whole(c.score)),
          ]
        : h("span", { class: "comp-nodata", title: t("dash.no_data_title") }, t("dash.no_data")),
      h(
        "span",
        { class: "comp-num muted", title: t("dash.weight_title", { weight, sum: number(known ? inUse : all, 2), name, share: percent(c.weight / (all || 1)) }) },
        weight,
      ),
      h(
        "span",
        {
          class: "comp-num comp-points",
          "data-testid": "component-points",
          title: known
            ? t("dash.points_title", { weight, score: number(c.score, 1), sum: number(inUse, 2), points: number(c.contribution, 1) })
            : t("dash.no_data_title"),
        },
        known ? number(c.contribution, 1, 1) : t("m.none"),
      ),
    );
    return h(
      "li",
      { class: "comp", "data-testid": "component", dataset: { name: c.name } },
      h(
        "details",
        {},
        summary,
        h(
          "div",
          { class: "comp-detail" },
          h("p", {}, t(`component_about.${c.name}`)),
          h("p", { class: "muted" }, known ? `${sentence(c.detail)}.` : t(`component_empty.${c.name}`)),
        ),
      ),
    );
  });
  return h(
    "section",
    { class: "card comps", "data-testid": "components" },
    h(
      "div",
      { class: "comp-row comp-cols", "aria-hidden": "true" },
      h("h2", { class: "comp-title" }, t("dash.components")),
      h("span", { class: "comp-num" }, t("dash.col_score")),
      h("span", { class: "comp-num" }, t("dash.col_weight")),
      h("span", { class: "comp-num" }, t("dash.col_points")),
    ),
    h("ul", { class: "comp-list" }, rows),
    h("p", { class: "fine comp-foot" }, t("dash.components_sum")),
  );
}

/** Core's sentence with each named contact made a link to their page. */
function withContactLinks(text, ids, names) {
  const people = ids.map((id) => [names.get(id), id]).filter(([name]) => name);
  if (!people.length) return [text];
  const byName = new Map(people);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Longest names first, so "Ana Lima" wins over "Ana".
  const pattern = new RegExp(`(${[...byName.keys()].sort((a, b) => b.length - a.length).map(escape).join("|")})`, "g");
  const parts = text.split(pattern);
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!byName.has(part)) {
      out.push(part);
      continue;
    }
    const link = h("button", { type: "button", class: "link", "data-testid": "move-contact", onclick: () => openContact(byName.get(part)) }, part);
    // A comma or bracket right after a name stays on its line rather than starting the next one.
    const stuck = /^[,;.)]+/.exec(parts[i + 1] ?? "");
    if (stuck) {
      out.push(h("span", { class: "nowrap" }, link, stuck[0]));
      parts[i + 1] = parts[i + 1].slice(stuck[0].length);
    } else {
      out.push(link);
    }
  }
  return out;
}

function whyCard(why, names) {
  const scored = (n, name) => n.components.find((c) => c.name === name)?.score != null;
  const moves = why.moves.map((m) => {
    const name = t(`component.${m.component}`);
    // Written here from core's reason data, in the window's language; core's English ("Depth
    // +1.2: the reason") for a reason this window does not know, without the name and points.
    const reason = reasonText(m, names) ?? (m.text.includes(": ") ? m.text.slice(m.text.indexOf(": ") + 2) : m.text);
    // Without data at either date, core lets a component stand in at the index's own score so
    // the moves add up; its "move" then only follows the index, and is labelled as such.
    const noData = !scored(why.from, m.component) && !scored(why.to, m.component);
    const steady = noData || Math.abs(m.points) < 0.05;
    return h(
      "li",
      { class: `move ${steady ? "steady" : ""}`, "data-testid": "move" },
      h(
        "span",
        {
          class: `delta ${steady ? "" : m.points > 0 ? "up" : "down"}`,
          title: noData
            ? t("dash.move_nodata_title", { name, points: signed(m.points, 2) })
            : t("dash.move_title", { name, points: signed(m.points, 2) }),
        },
        noData ? t("dash.no_data_short") : steady ? t("dash.steady") : signed(m.points),
      ),
      h("p", { class: "move-text" }, h("strong", {}, name), t("colon"), withContactLinks(reason, m.contacts, names)),
    );
  });
  return h(
    "section",
    { class: "card why", "data-testid": "why" },
    h(
      "header",
      { class: "card-head" },
      h("h2", {}, t("dash.why")),
      h("span", { class: "fine" }, t("dash.why_period")),
      h(
        "span",
        { class: "why-change", title: t("dash.change_title", { from: number(why.from.index, 1), to: number(why.to.index, 1) }) },
        `${number(why.from.index, 1, 1)} → ${number(why.to.index, 1, 1)}`,
      ),
    ),
    h("ul", { class: "moves" }, moves),
  );
}

/** One line per suggestion: who, what, and how long it has waited. */
const SUGGESTION_ITEMS = {
  reconnect: (s) => ({
    detail: t("sugg.reconnect_item", { silent: span(s.days_silent), expected: span(s.expected_days) }),
    title: t("sugg.reconnect_title", { then: whole(s.strength_then), ratio: number(s.days_silent / s.expected_days, 1) }),
  }),
  questions_i_owe: (s) => ({
    detail: t("quote", { text: s.text }),
    meta: t("sugg.question_item", { ago: ago(new Date(Date.now() - s.age_days * 86_400_000)) }),
  }),
  my_turn: (s) => ({ detail: "", meta: t("sugg.turn_item", { span: span(s.days) }), title: dateTime(s.since) }),
  only_take: (s) => ({
    detail: t("sugg.take_item", { received: s.items_received, given: s.items_given }),
    title: t("sugg.take_title", { share: percent(s.share_given) }),
  }),
  only_broadcast: (s) => ({ detail: t("sugg.broadcast_item", { answered: s.answered, touches: s.my_touches }) }),
};

function suggestionsBlock(suggestions) {
  const groups = Object.keys(SUGGESTION_ITEMS).map((kind) => {
    const items = suggestions[kind] ?? [];
    const item = (s) => {
      const { detail, meta, title } = SUGGESTION_ITEMS[kind](s);
      return h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "next-item", "data-testid": "suggestion", dataset: { id: s.contact }, title, onclick: () => openContact(s.contact) },
          h("span", { class: "next-name" }, s.name),
          h("span", { class: "next-detail" }, detail),
          meta ? h("span", { class: "next-meta" }, meta) : null,
        ),
      );
    };
    const list = h("ul", { class: "next-list" }, items.slice(0, SUGGESTIONS_SHOWN).map(item));
    const more =
      items.length > SUGGESTIONS_SHOWN
        ? h(
            "button",
            {
              type: "button",
              class: "btn btn-quiet more",
              onclick: (event) => {
                list.replaceChildren(...items.map(item));
                event.currentTarget.remove();
              },
            },
            t("sugg.more", { n: items.length - SUGGESTIONS_SHOWN }),
          )
        : null;
    return h(
      "section",
      { class: "next-group", "data-testid": `sugg-${kind}` },
      h(
        "header",
        { class: "next-head" },
        h("h3", {}, t(`sugg.${kind}`)),
        items.length ? h("span", { class: "count" }, number(items.length)) : null,
      ),
      h("p", { class: "fine" }, t(`sugg_hint.${kind}`)),
      items.length ? [list, more] : h("p", { class: "next-empty" }, t(`sugg_empty.${kind}`)),
    );
  });
  return h(
    "section",
    { class: "card next-card", "data-testid": "suggestions" },
    h("h2", {}, t("dash.suggestions")),
    groups,
  );
}

function cadenceText(c) {
  if (c.days_since_last == null) return t("cadence.detail_never");
  return t("cadence.detail", { since: span(c.days_since_last), expected: span(c.expected_days) });
}

function strongestCard(ties) {
  const rows = ties
    .filter((m) => m.interactions > 0)
    .map((m) => {
      const status = t(`cadence.${m.cadence.status}`);
      return h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "tie",
            "data-testid": "tie",
            dataset: { id: m.contact },
            title: t("dash.tie_title", { strength: whole(m.strength), cadence: cadenceText(m.cadence) }),
            onclick: () => openContact(m.contact),
          },
          h("span", { class: "tie-name" }, m.name),
          h("span", { class: "tie-strength" }, whole(m.strength)),
          h(
            "span",
            { class: "tie-meta" },
            h("span", { class: `status status-${m.cadence.status}` }, status),
            " · ",
            t(m.layer ? `layer.${m.layer}` : "layer.none"),
          ),
          meter(m.strength, "meter-thin"),
        ),
      );
    });
  return h(
    "section",
    { class: "card ties", "data-testid": "strongest" },
    h("h2", {}, t("dash.strongest")),
    rows.length ? h("ol", { class: "tie-list" }, rows) : h("p", { class: "muted" }, t("dash.strongest_empty")),
  );
}

/** Opens a contact from the dashboard, and shows them in the list too. */
async function openContact(id) {
  await selectContact(id);
  $(`.contact-row[data-id="${id}"]`)?.scrollIntoView({ block: "nearest" });
}

function questionItem(q, { showContact = false } = {}) {
  const mine = q.asked_by === "me";
  return h(
    "li",
    { class: `q-item ${mine ? "q-mine" : "q-theirs"}`, "data-testid": "question" },
    h(
      "button",
      {
        type: "button",
        class: "btn btn-small q-answer",
        "data-testid": "question-answer",
        title: t(mine ? "loops.log_answer" : "loops.answer"),
        onclick: () =>
          openQuickLog([{ id: q.contact, display_name: q.contact_name }], { answers: [q.id], initiatedBy: mine ? "them" : "me" }),
      },
      t(mine ? "question.log_answer_short" : "question.answer_short"),
    ),
    h("p", { class: "q-text" }, q.text),
    h(
      "p",
      { class: "q-meta" },
      showContact ? h("button", { type: "button", class: "link", onclick: () => selectContact(q.contact) }, q.contact_name) : null,
      showContact ? " · " : null,
      mine ? t("question.awaiting") : t("question.you_owe"),
      " · ",
      h("span", { title: dateTime(q.asked_at) }, t("question.asked_ago", { ago: ago(q.asked_at) })),
    ),
  );
}

async function selectContact(id) {
  state.selected = id;
  state.view = "contact";
  markSelected();
  try {
    await renderContact(id);
  } catch (error) {
    showError(error);
  }
}

async function renderContact(id, { showAll = false } = {}) {
  const seq = ++state.paneSeq;
  // Archived contacts have no measures: their page still opens, with core's reason instead.
  const [contact, history, open, measures] = await Promise.all([
    api.getContact(id),
    api.listInteractions({ contact: id }),
    api.listQuestions({ contact: id, open_only: true }),
    api.contactMeasures(id).catch((error) => (error instanceof ApiError && error.code === "not_found" ? error : Promise.reject(error))),
  ]);
  if (seq !== state.paneSeq) return;
  state.view = "contact";

  const sub = [contact.role, contact.company, contact.location].filter(Boolean).join(" · ");

  const head = h(
    "header",
    { class: "contact-head" },
    avatar(contact, "avatar-lg"),
    h(
      "div",
      { class: "contact-title" },
      h(
        "h1",
        { "data-testid": "contact-name" },
        contact.display_name,
        contact.archived ? h("span", { class: "badge badge-muted" }, t("contact.archived")) : null,
      ),
      sub ? h("p", { class: "lead" }, sub) : null,
    ),
    h(
      "div",
      { class: "head-actions" },
      h(
        "button",
        {
          type: "button",
          class: "btn btn-primary",
          "data-testid": "contact-log",
          onclick: () => openQuickLog([{ id: contact.id, display_name: contact.display_name }]),
        },
        icon("i-log"),
        t("contact.log"),
      ),
      h("button", { type: "button", class: "btn", "data-testid": "contact-edit", onclick: () => openContactForm(contact) }, t("contact.edit")),
      contact.archived
        ? null
        : h("button", { type: "button", class: "btn btn-quiet", "data-testid": "contact-merge", onclick: () => openMerge(contact) }, t("merge.button")),
      h(
        "button",
        { type: "button", class: "btn btn-quiet", "data-testid": "contact-archive", onclick: () => toggleArchive(contact) },
        contact.archived ? t("contact.unarchive") : t("contact.archive"),
      ),
    ),
  );

  const m = measures instanceof Error ? null : measures;
  const facts = contactFacts(contact, m, history);

  const shown = showAll ? history : history.slice(0, HISTORY_PAGE);
  const historyBlock = history.length
    ? h(
        "ol",
        { class: "timeline", "data-testid": "interaction-list" },
        shown.map((it) => timelineItem(it, id)),
      )
    : h(
        "div",
        { class: "empty-note" },
        h("p", {}, t("contact.no_history", { name: contact.display_name })),
        h(
          "button",
          { type: "button", class: "btn", onclick: () => openQuickLog([{ id: contact.id, display_name: contact.display_name }]) },
          t("contact.no_history_cta"),
        ),
      );
  const more =
    history.length > shown.length
      ? h(
          "button",
          { type: "button", class: "btn btn-quiet more", onclick: () => renderContact(id, { showAll: true }).catch(showError) },
          t("contact.show_all", { n: history.length }),
        )
      : null;

  // Open loops first: they are what the user can act on.
  const side = [];
  if (open.length) {
    side.push(
      h(
        "section",
        { class: "card", "data-testid": "open-questions" },
        h("h2", {}, t("contact.questions")),
        h("ul", { class: "q-list" }, open.slice(0, QUESTIONS_SHOWN).map((q) => questionItem(q))),
        open.length > QUESTIONS_SHOWN
          ? h(
              "button",
              {
                type: "button",
                class: "btn btn-quiet more",
                onclick: (event) => {
                  event.currentTarget.previousElementSibling.replaceChildren(...open.map((q) => questionItem(q)));
                  event.currentTarget.remove();
                },
              },
              t("contact.more_questions", { n: open.length - QUESTIONS_SHOWN }),
            )
          : null,
      ),
    );
  }
  const ledger = await ledgerCard(contact.id);
  if (seq !== state.paneSeq) return;
  side.push(ledger, detailsCard(contact));

  setPane(
    h(
      "article",
      { class: "sheet contact-view", "data-testid": "contact-view", dataset: { id: contact.id } },
      head,
      facts,
      m && history.length
        ? chartCard({ kinds: CONTACT_CHARTS, contact: contact.id, name: contact.display_name, testid: "chart-contact" })
        : null,
      measuresBlock(contact, measures),
      h(
        "div",
        { class: "columns" },
        h("section", { class: "col-main" }, h("h2", {}, t("contact.history")), historyBlock, more),
        h("aside", { class: "col-side" }, side),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// A contact's measures: strength and its parts, rhythm, whose turn, balance, follow-through

const CADENCE_TONE = { on_track: "ok", due: "warn", overdue: "danger", never: "" };

/** The four headline numbers at the top of a contact's page. */
function contactFacts(contact, m, history) {
  const last = history[0]?.at;
  const lastFact = fact(t("contact.last"), last ? ago(last) : t("contact.never"), {
    testid: "fact-interactions",
    detail: t("contact.interactions_n", { n: history.length }),
    title: last ? dateTime(last) : null,
  });
  // Nothing logged yet: the history's empty note says what to do; no row of zeros above it.
  if (!m && history.length === 0) return null;
  if (!m || m.interactions === 0) return h("div", { class: "facts" }, lastFact);
  const s = state.settings?.strength_weights ?? state.defaults?.strength_weights;
  const p = m.strength_parts;
  const strengthTitle = s
    ? t("m.strength_title", {
        strength: number(m.strength, 1),
        wi: number(s.intimacy, 2),
        wn: number(s.intensity, 2),
        wd: number(s.duration, 2),
        ws: number(s.services, 2),
        sum: number(s.intimacy + s.intensity + s.duration + s.services, 2),
      })
    : null;
  const c = m.cadence;
  const cadenceTitle =
    c.days_since_last == null
      ? null
      : t("cadence.title", {
          since: span(c.days_since_last),
          expected: span(c.expected_days),
          source: t(`cadence_source.${c.source}`),
          ratio: number(c.ratio, 2),
          due: number(state.settings?.due_ratio ?? 1, 2),
          overdue: number(state.settings?.overdue_ratio ?? 1.5, 2),
        });
  const turn = m.turn;
  const whose = turn.whose ?? "none";
  return h(
    "div",
    { class: "facts" },
    fact(t("m.strength"), [h("span", { "data-testid": "strength-value" }, whole(m.strength)), h("span", { class: "fact-unit" }, t("m.of_100"))], {
      testid: "contact-strength",
      detail: t(m.layer ? `layer_short.${m.layer}` : "layer_short.none"),
      title: strengthTitle,
    }),
    fact(t("m.cadence"), t(`cadence.${c.status}`), {
      tone: CADENCE_TONE[c.status],
      testid: "contact-cadence",
      detail: cadenceText(c),
      title: cadenceTitle,
    }),
    fact(t("m.whose_turn"), t(`turn.${whose}`), {
      tone: whose === "me" ? "warn" : "",
      testid: "contact-turn",
      detail: turn.since ? t("turn.detail", { reason: t(`turn_reason.${turn.reason}`), ago: ago(turn.since) }) : t(`turn_reason.${turn.reason}`),
      title: [t("turn.title"), turn.since ? dateTime(turn.since) : null].filter(Boolean).join(" "),
    }),
    lastFact,
  );
}

/** One block of the measures grid: a name, a headline, and what it is made of. */
function measure(name, { testid, title, line, sub = null, extra = null }) {
  return h(
    "section",
    { class: "measure", "data-testid": testid, title },
    h("h3", {}, name),
    line ? h("p", { class: "measure-line" }, line) : null,
    extra,
    sub ? h("p", { class: "measure-sub" }, sub) : null,
  );
}

/** A −1…+1 balance drawn from the middle: left when I reach out more, right when they do. */
function balanceBar(balance) {
  const fill = h("span", { class: "balance-fill" });
  const x = Math.max(-1, Math.min(1, balance ?? 0));
  fill.style.left = `${50 + Math.min(0, x) * 50}%`;
  fill.style.width = `${Math.abs(x) * 50}%`;
  return h(
    "span",
    { class: "balance-wrap", "aria-hidden": "true" },
    h("span", { class: "balance" }, fill, h("span", { class: "balance-mid" })),
    h("span", { class: "balance-ends" }, h("span", {}, t("m.initiative_end_me")), h("span", {}, t("m.initiative_end_them"))),
  );
}

function measuresGrid(m) {
  const s = state.settings ?? state.defaults ?? {};
  const p = m.strength_parts;
  const half = number(Math.round(p.half_life_days));
  const parts = ["intensity", "intimacy", "duration", "services"].map((key) =>
    h(
      "li",
      { class: "part", title: t(`m.part_about.${key}`, { h: half }) },
      h("span", { class: "part-name" }, t(`m.part.${key}`)),
      meter(p[key]),
      h("span", { class: "part-num" }, whole(p[key])),
    ),
  );
  const strength = measure(t("m.strength"), {
    testid: "strength-parts",
    extra: h("ul", { class: "parts" }, parts),
    sub: h("span", { title: t("m.fade_title", { fade: number(p.fade, 2), h: half }) }, t("m.fade", { fade: number(p.fade, 2), h: span(p.half_life_days) })),
  });

  const ini = m.initiative;
  const lean = ini.balance == null ? null : Math.abs(ini.balance) < 0.2 ? "even" : ini.balance < 0 ? "me" : "them";
  const initiative = measure(t("m.initiative"), {
    testid: "measure-initiative",
    title: ini.balance == null ? null : t("m.initiative_title", { balance: signed(ini.balance, 2) }),
    line: t("m.initiative_line", { them: ini.by_them, me: ini.by_me }),
    extra: ini.balance == null ? null : balanceBar(ini.balance),
    sub: lean ? t(`m.initiative_${lean}`) : t("m.none"),
  });

  const conv = m.conversation;
  const conversation = measure(t("m.conversation"), {
    testid: "measure-conversation",
    title: t("m.conversation_title", { days: number(s.reply_window_days ?? 7, 1) }),
    line: conv.answered_share == null ? t("m.none") : t("m.conversation_line", { share: percent(conv.answered_share) }),
    extra: conv.answered_share == null ? null : meter(100 * conv.answered_share),
    sub:
      conv.my_touches > 0
        ? t("m.conversation_sub", { answered: conv.my_touches_answered, mine: conv.my_touches, ratio: percent(conv.ratio ?? 0) })
        : null,
  });

  const g = m.give_take;
  const giveTake = measure(t("m.give_take"), {
    testid: "measure-give-take",
    title: t("m.give_take_title", { given: number(g.given, 1), received: number(g.received, 1) }),
    line:
      g.items_given + g.items_received
        ? t("m.give_take_line", { given: g.items_given, received: g.items_received })
        : h("span", { class: "muted" }, t("m.give_take_none")),
    extra: g.balance == null ? null : h("span", { class: "meter-mid" }, meter(100 * g.balance)),
    sub: g.balance == null ? null : t("m.give_take_sub", { share: percent(g.balance) }),
  });

  const follow = (label, f, testid) =>
    h(
      "li",
      { class: "follow", "data-testid": testid },
      h("span", { class: "follow-who" }, label),
      h("span", { class: "follow-rate" }, f.rate == null ? t("m.none") : percent(f.rate)),
      h(
        "span",
        { class: "follow-sub" },
        [
          f.asked ? t("m.follow_line", { answered: f.answered, asked: f.asked }) : t("m.follow_none"),
          f.median_delay_days != null ? t("m.follow_median", { delay: span(f.median_delay_days) }) : null,
          f.open.length ? t("m.follow_open", { n: f.open.length }) : null,
        ]
          .filter(Boolean)
          .join(" · "),
      ),
    );
  const followThrough = measure(t("m.follow"), {
    testid: "measure-follow-through",
    title: t("m.follow_title", { grace: number(s.question_grace_days ?? 7, 1) }),
    extra: h(
      "ul",
      { class: "follows" },
      follow(t("m.follow_them"), m.my_questions, "follow-them"),
      follow(t("m.follow_you"), m.their_questions, "follow-me"),
    ),
    // The one block not limited to the window: an old unanswered question still counts.
    sub: t("m.follow_all"),
  });

  const r = m.reactions;
  const reactions = measure(t("m.reactions"), {
    testid: "measure-reactions",
    title: t("m.reactions_title", { days: number(s.window_days ?? 365) }),
    line: r.posts ? t("m.reactions_line", { reacted: r.posts_reacted, posts: r.posts }) : h("span", { class: "muted" }, t("m.reactions_none")),
    extra: r.posts ? meter(100 * (r.rate ?? 0)) : null,
    sub: r.posts ? t("m.reactions_sub", { n: r.comments, replied: r.comments_replied }) : null,
  });

  return h(
    "section",
    { class: "measures", "data-testid": "measures" },
    h(
      "header",
      { class: "card-head" },
      h("h2", {}, t("m.title")),
      h("span", { class: "fine" }, t("m.window", { days: number(s.window_days ?? 365) })),
    ),
    h("div", { class: "measure-grid" }, strength, initiative, conversation, giveTake, followThrough, reactions),
  );
}

/** The measures block, or why there is none (archived, or nothing logged yet). */
function measuresBlock(contact, m) {
  if (m instanceof Error) {
    return h("p", { class: "empty-note", "data-testid": "measures-none" }, messageOf(m));
  }
  // With nothing logged, the history's empty note below says what to do.
  if (m.interactions === 0) return null;
  return measuresGrid(m);
}

function detailsCard(contact) {
  const rows = [];
  const add = (label, value, wide = false) => {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
    rows.push(h("div", { class: wide ? "wide" : null }, h("dt", {}, label), h("dd", {}, value)));
  };
  const lines = (items) => items.map((i) => h("span", { class: "line" }, i.value));
  add(t("field.emails"), lines(contact.emails));
  add(t("field.phones"), lines(contact.phones));
  add(t("field.location"), contact.location);
  add(t("field.how_met"), contact.how_met);
  add(t("field.met_on"), contact.met_on ? date(contact.met_on) : null);
  add(t("field.circles"), contact.circles.length ? h("span", { class: "tags" }, contact.circles.map((c) => h("span", { class: "tag" }, c))) : null);
  add(t("field.closeness"), contact.closeness ? t(`closeness.${contact.closeness}`) : null);
  add(t("field.birthday"), contact.birthday);
  add(t("field.notes"), contact.notes ? h("span", { class: "notes" }, contact.notes) : null, true);
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("contact.details")),
    rows.length ? h("dl", { class: "details" }, rows) : null,
    h("p", { class: "fine" }, t("contact.since", { date: date(contact.created_at) })),
  );
}

/** One interaction on a contact's page, showing what it meant for that contact. */
function timelineItem(it, contactId) {
  const others = it.participants.filter((p) => p.id !== contactId).map((p) => p.display_name);
  const items = it.value_items.filter((v) => v.contact === contactId);
  const questions = it.questions.filter((q) => q.contact === contactId);
  const meta = [
    dateTime(it.at),
    it.initiated_by === "me" ? t("party.me_reached") : t("party.them_reached"),
    it.duration_min ? t("interaction.minutes", { n: it.duration_min }) : null,
  ].filter(Boolean);
  return h(
    "li",
    { class: "tl-item", "data-testid": "interaction", dataset: { id: it.id } },
    h("span", { class: `dot ch-${it.channel}`, "aria-hidden": "true" }),
    h(
      "div",
      { class: "tl-body" },
      h("div", { class: "tl-head" }, channelChip(it.channel), h("span", { class: "muted" }, meta.join(" · "))),
      it.summary ? h("p", { class: "tl-summary", "data-testid": "interaction-summary" }, it.summary) : null,
      others.length ? h("p", { class: "muted small" }, t("interaction.with", { names: list(others) })) : null,
      items.length || questions.length
        ? h(
            "ul",
            { class: "tl-tags" },
            items.map((v) =>
              h("li", { class: `tag tag-${v.direction}` }, t(`item.${v.direction}`, { kind: t(`kind.${v.kind}`).toLowerCase() })),
            ),
            questions.map((q) =>
              h(
                "li",
                { class: `tag tag-q ${q.answered_in ? "answered" : "open"}`, "data-testid": "interaction-question" },
                h("span", { class: "tag-q-who" }, q.asked_by === "me" ? t("party.me_asked") : t("party.them_asked")),
                h("span", { class: "tag-q-text" }, q.text),
                h("span", { class: "tag-q-state" }, q.answered_in ? t("question.answered") : t("question.open")),
              ),
            ),
          )
        : null,
    ),
  );
}

async function toggleArchive(contact, { undoable = true } = {}) {
  try {
    const updated = await api.archiveContact(contact.id, !contact.archived);
    toast(
      t(updated.archived ? "toast.archived" : "toast.restored", { name: updated.display_name }),
      "info",
      undoable ? { label: t("toast.undo"), run: () => toggleArchive(updated, { undoable: false }) } : null,
    );
    await refreshList();
    await renderContact(updated.id);
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Adding and editing a contact

function openContactForm(contact) {
  state.view = contact ? "edit" : "new";
  if (!contact) {
    state.selected = null;
    markSelected();
  }
  ++state.paneSeq;
  const form = $("#contact-form-template").content.firstElementChild.cloneNode(true);
  translatePage(form);
  $(".form-title", form).textContent = contact ? t("form.edit_title", { name: contact.display_name }) : t("form.new_title");
  $(".form-lead", form).hidden = Boolean(contact);
  $(".save", form).textContent = contact ? t("form.save_edit") : t("form.save_new");
  if (contact) {
    const set = (name, value) => (form.elements[name].value = value ?? "");
    set("display_name", contact.display_name);
    set("company", contact.company);
    set("role", contact.role);
    set("location", contact.location);
    set("how_met", contact.how_met);
    set("emails", contact.emails[0]?.value);
    set("phones", contact.phones[0]?.value);
    set("circles", contact.circles.join(", "));
    set("closeness", contact.closeness);
    set("notes", contact.notes);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveContact(form, contact);
  });
  $(".cancel", form).addEventListener("click", () => (contact ? selectContact(contact.id) : showDashboard().catch(showError)));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") $(".cancel", form).click();
  });
  setPane(form);
  form.elements.display_name.focus();
}

/** Reads the form into core's ContactFields. Editing starts from the stored record so fields the
 * form does not show (a second email, a birthday) survive the round trip. */
function contactFields(form, contact) {
  const value = (name) => form.elements[name].value.trim();
  const optional = (name) => value(name) || null;
  const base = contact ? structuredClone(contact) : {};
  for (const key of ["id", "archived", "created_at", "updated_at"]) delete base[key];
  const replaceFirst = (current = [], text) => (text ? [{ value: text }, ...current.slice(1)] : current.slice(1));
  return {
    ...base,
    display_name: form.elements.display_name.value,
    company: optional("company"),
    role: optional("role"),
    location: optional("location"),
    how_met: optional("how_met"),
    emails: replaceFirst(base.emails, value("emails")),
    phones: replaceFirst(base.phones, value("phones")),
    circles: value("circles").split(",").map((c) => c.trim()).filter(Boolean),
    closeness: value("closeness") ? Number(value("closeness")) : null,
    notes: form.elements.notes.value,
  };
}

async function saveContact(form, contact) {
  const save = $(".save", form);
  save.disabled = true;
  formError(form, null);
  try {
    const fields = contactFields(form, contact);
    const saved = contact ? await api.updateContact(contact.id, fields) : await api.addContact(fields);
    toast(t(contact ? "toast.saved" : "toast.added", { name: saved.display_name }));
    if (!contact && state.search) {
      // A new contact must be visible at once, whatever was being searched.
      state.search = "";
      $("#search").value = "";
    }
    await refreshList();
    await selectContact(saved.id);
    $(`.contact-row[data-id="${saved.id}"]`)?.scrollIntoView({ block: "nearest" });
  } catch (error) {
    formError(form, error);
  } finally {
    save.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Quick log

const log = {
  dialog: null,
  form: null,
  chips: [],
  suggestions: [],
  active: -1,
  suggestSeq: 0,
  pendingText: "",
};

function setupQuickLog() {
  log.dialog = $("#quick-log");
  log.form = $("#log-form");
  const channels = $("#ql-channels");
  channels.replaceChildren(
    ...CHANNELS.map((c) =>
      h(
        "label",
        { class: `pill ch-${c}` },
        h("input", { type: "radio", name: "channel", value: c, "data-testid": `ql-channel-${c}` }),
        h("span", {}, t(`channel.${c}`)),
      ),
    ),
  );
  for (const select of [$("#ql-gave"), $("#ql-received")]) {
    select.replaceChildren(h("option", { value: "" }, t("log.nothing")), ...KINDS.map((k) => h("option", { value: k }, t(`kind.${k}`))));
  }

  const input = $("#ql-with");
  input.addEventListener("input", () => suggestSoon());
  input.addEventListener("keydown", participantKeys);
  input.addEventListener("blur", () => setTimeout(hideSuggestions, 120));
  $("#ql-tokens").addEventListener("click", () => input.focus());
  log.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuickLog();
  });
  $("#ql-close").addEventListener("click", () => log.dialog.close());
  $("#ql-cancel").addEventListener("click", () => log.dialog.close());
}

function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  return toLocalInput(d);
}

function toLocalInput(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-20T18:30" typed in local time → "2026-11-20T18:30:00+01:00", the offset of that moment. */
function withOffset(local) {
  const d = local ? new Date(local) : new Date();
  if (Number.isNaN(d.getTime())) return withOffset("");
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const base = toLocalInput(d);
  return `${base}:${pad(d.getSeconds())}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

function openQuickLog(prefill = [], { answers = [], initiatedBy = null } = {}) {
  // One dialog at a time: the quick log does not open over the model's settings or the help.
  if (document.querySelector("dialog[open]")) return;
  log.form.reset();
  formError(log.form, null);
  log.chips = prefill.map((c) => ({ id: c.id, display_name: c.display_name }));
  log.preselect = new Set(answers.map(Number));
  if (initiatedBy) $(`input[name="initiated_by"][value="${initiatedBy}"]`, log.form).checked = true;
  renderChips();
  hideSuggestions();
  $(`input[name="channel"][value="${state.lastChannel}"]`, log.form).checked = true;
  $("#ql-at").value = localNow();
  log.dialog.showModal();
  (log.chips.length ? $("#ql-summary") : $("#ql-with")).focus();
}

function renderChips() {
  $("#ql-chips").replaceChildren(
    ...log.chips.map((c) =>
      h(
        "li",
        { class: "chip-token", "data-testid": "ql-chip" },
        h("span", {}, c.display_name),
        h(
          "button",
          {
            type: "button",
            class: "chip-x",
            "aria-label": t("log.remove", { name: c.display_name }),
            onclick: () => {
              log.chips = log.chips.filter((x) => x.id !== c.id);
              renderChips();
              $("#ql-with").focus();
            },
          },
          icon("i-close"),
        ),
      ),
    ),
  );
  $("#ql-with").placeholder = log.chips.length ? "" : t("log.with_placeholder");
  refreshAnswerChoices().catch(showError);
}

/** Open questions with the chosen people: ticking one records that this interaction answers it. */
async function refreshAnswerChoices() {
  const ids = log.chips.map((c) => c.id);
  const lists = await Promise.all(ids.map((contact) => api.listQuestions({ contact, open_only: true })));
  if (ids.join() !== log.chips.map((c) => c.id).join()) return;
  const questions = lists.flat();
  $("#ql-answers-box").hidden = !questions.length;
  $("#ql-answers").replaceChildren(
    ...questions.map((q) =>
      h(
        "li",
        {},
        h(
          "label",
          { class: "check" },
          h("input", { type: "checkbox", name: "answers", value: q.id, checked: log.preselect?.has(q.id) || null, "data-testid": "ql-answer" }),
          h(
            "span",
            {},
            q.text,
            h("span", { class: "muted" }, ` · ${q.contact_name}, ${(q.asked_by === "me" ? t("party.me_asked") : t("party.them_asked")).toLowerCase()} ${ago(q.asked_at)}`),
          ),
        ),
      ),
    ),
  );
}

const suggestSoon = debounce(() => suggest().catch(showError), 120);

async function suggest() {
  const q = $("#ql-with").value.trim();
  const seq = ++log.suggestSeq;
  if (!q) {
    hideSuggestions();
    return [];
  }
  const found = await api.listContacts({ search: q, limit: 40 });
  if (seq !== log.suggestSeq) return log.suggestions;
  log.suggestions = rankByName(found, q)
    .filter((c) => !log.chips.some((x) => x.id === c.id))
    .slice(0, 8);
  log.active = log.suggestions.length ? 0 : -1;
  log.pendingText = q;
  renderSuggestions(q);
  return log.suggestions;
}

/** The search also matches companies, emails and notes; when picking a person, names that start
 * with what was typed come first, then names that contain it, then the rest. */
function rankByName(contacts, q) {
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const needle = fold(q);
  const rank = (c) => {
    const name = fold(c.display_name);
    if (name.startsWith(needle) || name.split(/\s+/).some((w) => w.startsWith(needle))) return 0;
    return name.includes(needle) ? 1 : 2;
  };
  return contacts.map((c, i) => ({ c, r: rank(c), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.c);
}

function renderSuggestions(q) {
  const ul = $("#ql-suggestions");
  const input = $("#ql-with");
  const items = log.suggestions.map((c, i) =>
    h(
      "li",
      {
        id: `ql-opt-${i}`,
        role: "option",
        class: "suggestion",
        "data-testid": "ql-option",
        "aria-selected": i === log.active ? "true" : "false",
        onmousedown: (event) => {
          // Keep the focus in the input, so picking several people flows.
          event.preventDefault();
          pick(c);
        },
      },
      avatar(c, "avatar-sm"),
      h("span", { class: "sugg-name" }, c.display_name),
      c.company ? h("span", { class: "muted" }, c.company) : null,
    ),
  );
  if (!items.length) items.push(h("li", { class: "suggestion none" }, t("log.no_match", { q })));
  ul.replaceChildren(...items);
  ul.hidden = false;
  input.setAttribute("aria-expanded", "true");
  if (log.active >= 0) input.setAttribute("aria-activedescendant", `ql-opt-${log.active}`);
  else input.removeAttribute("aria-activedescendant");
}

function hideSuggestions() {
  $("#ql-suggestions").hidden = true;
  $("#ql-with").setAttribute("aria-expanded", "false");
  $("#ql-with").removeAttribute("aria-activedescendant");
  log.suggestions = [];
  log.active = -1;
}

function pick(contact) {
  if (!log.chips.some((c) => c.id === contact.id)) log.chips.push({ id: contact.id, display_name: contact.display_name });
  $("#ql-with").value = "";
  hideSuggestions();
  renderChips();
  $("#ql-with").focus();
}

/** The typed name, if any, as a participant: the highlighted suggestion, or the first match. */
async function pickTyped() {
  const q = $("#ql-with").value.trim();
  if (!q) return;
  const current = log.pendingText === q && log.suggestions.length ? log.suggestions : await suggestSoon.flush();
  const choice = current[Math.max(log.active, 0)];
  if (choice) pick(choice);
}

function participantKeys(event) {
  const input = event.currentTarget;
  const open = !$("#ql-suggestions").hidden && log.suggestions.length > 0;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!open) return;
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    log.active = (log.active + step + log.suggestions.length) % log.suggestions.length;
    renderSuggestions(input.value.trim());
  } else if (event.key === "Enter" && input.value.trim()) {
    // Enter with a name typed picks that person; with nothing typed it submits the form.
    event.preventDefault();
    pickTyped().catch(showError);
  } else if (event.key === "Escape" && !$("#ql-suggestions").hidden) {
    event.preventDefault();
    event.stopPropagation();
    hideSuggestions();
  } else if (event.key === "Backspace" && !input.value && log.chips.length) {
    log.chips.pop();
    renderChips();
  }
}

function readQuickLog() {
  const f = log.form.elements;
  const questions = [];
  if (f.asked_me.value.trim()) questions.push({ asked_by: "me", text: f.asked_me.value });
  if (f.asked_them.value.trim()) questions.push({ asked_by: "them", text: f.asked_them.value });
  const duration = f.duration_min.value.trim();
  return {
    at: withOffset(f.at.value),
    channel: f.channel.value || state.lastChannel,
    initiated_by: f.initiated_by.value || "me",
    participants: log.chips.map((c) => c.id),
    duration_min: duration ? Math.round(Number(duration)) : null,
    summary: f.summary.value,
    given: f.gave.value ? [{ kind: f.gave.value }] : [],
    received: f.received.value ? [{ kind: f.received.value }] : [],
    questions,
    answers: Array.from(log.form.querySelectorAll('input[name="answers"]:checked')).map((box) => Number(box.value)),
  };
}

async function submitQuickLog() {
  const submit = $("#ql-submit");
  submit.disabled = true;
  formError(log.form, null);
  try {
    await pickTyped();
    const interaction = readQuickLog();
    const logged = await api.logInteraction(interaction);
    state.lastChannel = logged.channel;
    log.dialog.close();
    toast(
      t("log.done", {
        channel: t(`channel.${logged.channel}`).toLowerCase(),
        names: list(logged.participants.map((p) => p.display_name)),
      }),
    );
    await refreshList();
    refreshLoopCount();
    // From the open loops or the posts, stay there; elsewhere, show the person just logged.
    if (state.view === "loops" || state.view === "posts") await refreshView();
    else await selectContact(interaction.participants[0]);
  } catch (error) {
    formError(log.form, error);
  } finally {
    submit.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Settings: a screen of its own, built by settings.js (Ctrl+2, G then S, the sidebar, the dashboard)

async function loadSettings() {
  const [settings, defaults] = await Promise.all([api.getModelSettings(), state.defaults ?? api.defaultModelSettings()]);
  state.settings = settings;
  state.defaults = defaults;
}

async function openModel() {
  if (document.querySelector("dialog[open]")) return;
  await loadSettings();
  state.view = "settings";
  state.selected = null;
  markSelected();
  // After a restore every number may differ: reload the list and the settings, redraw this screen.
  const afterRestore = async () => {
    await refreshList();
    await openModel();
  };
  setPane(settingsScreen({ h, icon, toast, showError, formError, messageOf, sentence, state, afterRestore }));
  $("#settings-title").focus();
}

async function openTransfer() {
  if (document.querySelector("dialog[open]")) return;
  state.view = "transfer";
  state.selected = null;
  markSelected();
  // After an import, the contact list and the measures change: reload them, stay on this screen.
  const afterImport = () => refreshList();
  setPane(transferScreen({ h, icon, toast, showError, messageOf, afterImport }));
  $("#transfer-title").focus();
}

/** Redraws what the pane shows, after something that changes the measures. */
async function refreshView() {
  if (state.view === "dashboard") await showDashboard();
  else if (state.view === "loops") await showLoops();
  else if (state.view === "posts") await showPosts();
  else if (state.view === "contact" && state.selected != null) await renderContact(state.selected);
}

// ---------------------------------------------------------------------------------------------
// Keyboard shortcuts: the help dialog lists every one

const SHORTCUTS = [
  [["key.ctrl", "1"], ["g", "d"], "help.dashboard"],
  [["key.ctrl", "2"], ["g", "s"], "help.model"],
  [["key.ctrl", "3"], ["g", "o"], "help.loops"],
  [["key.ctrl", "4"], ["g", "p"], "help.posts"],
  [["key.ctrl", "I"], ["g", "i"], "help.transfer"],
  [["key.ctrl", "K"], ["key.ctrl", "L"], "help.log"],
  [["key.ctrl", "N"], null, "help.add"],
  [["key.ctrl", "F"], ["/"], "help.search"],
  [["↑", "↓"], null, "help.list"],
  [["key.esc"], null, "help.close"],
  [["?"], null, "help.help"],
];

function setupHelp() {
  const keys = (combo, joiner) => {
    const out = [];
    combo.forEach((k, i) => {
      if (i) out.push(joiner);
      out.push(h("kbd", {}, k.startsWith("key.") ? t(k) : k.toUpperCase()));
    });
    return out;
  };
  const rows = SHORTCUTS.map(([main, alt, label]) => {
    // "G then D" is a sequence; "Ctrl 1" a chord; "↑ ↓" two keys.
    const joiner = (combo) => (combo[0] === "g" ? ` ${t("help.then")} ` : combo[0].startsWith("key.") ? "+" : " ");
    return h(
      "div",
      { class: "key-row" },
      h("dt", {}, keys(main, joiner(main)), alt ? [` ${t("help.or")} `, ...keys(alt, joiner(alt))] : null),
      h("dd", {}, t(label)),
    );
  });
  $("#help-keys").replaceChildren(...rows);
  $("#help-close").addEventListener("click", () => $("#help-dialog").close());
}

function openHelp() {
  const dialog = $("#help-dialog");
  if (document.querySelector("dialog[open]")) return;
  dialog.showModal();
  // The list, not the close button, takes the focus: nothing looks pressed when it opens.
  $("#help-keys").focus();
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wireStatic() {
  $("#load-demo").addEventListener("click", loadDemo);
  $("#unlock-form").addEventListener("submit", (event) => unlock(event).catch(showError));
  $("#unlock-show").addEventListener("change", (event) => {
    $("#unlock-passphrase").type = event.target.checked ? "text" : "password";
  });
  $("#start-empty").addEventListener("click", () => showApp({ view: "new" }).catch(showError));
  $("#home").addEventListener("click", () => showDashboard().catch(showError));
  $("#nav-dashboard").addEventListener("click", () => showDashboard().catch(showError));
  $("#nav-model").addEventListener("click", () => openModel().catch(showError));
  $("#nav-loops").addEventListener("click", () => showLoops().catch(showError));
  $("#nav-posts").addEventListener("click", () => showPosts().catch(showError));
  $("#nav-transfer").addEventListener("click", () => openTransfer().catch(showError));
  $("#open-help").addEventListener("click", openHelp);
  $("#add-contact").addEventListener("click", () => openContactForm(null));
  $("#open-log").addEventListener("click", () => openQuickLog(currentContactPrefill()));

  const search = $("#search");
  search.addEventListener("input", () => {
    state.search = search.value;
    searchSoon();
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      $(".contact-row")?.focus();
    } else if (event.key === "Enter") {
      // Open the first match, once the list reflects what was typed.
      event.preventDefault();
      Promise.resolve(searchSoon.flush()).then(() => {
        const first = $(".contact-row");
        if (first) selectContact(Number(first.dataset.id));
      });
    } else if (event.key === "Escape" && (search.value || state.search)) {
      search.value = "";
      state.search = "";
      searchSoon.flush();
    }
  });
  // The clear button of a search field (and some input methods) change the value without typing.
  for (const type of ["search", "change"]) {
    search.addEventListener(type, () => {
      if (search.value === state.search) return;
      state.search = search.value;
      searchSoon.flush();
    });
  }

  setupContactList();
  setupQuickLog();
  setupHelp();

  // "g" then a letter, as in many keyboard-driven tools: remembered for a moment only.
  let goPressed = 0;
  document.addEventListener("keydown", (event) => {
    if ($("#app").hidden) return;
    const key = event.key.toLowerCase();
    const typing = event.target.closest?.("input, textarea, select");
    const ctrl = event.ctrlKey || event.metaKey;
    const modal = document.querySelector("dialog[open]");
    const go = !ctrl && !typing && !modal && Date.now() - goPressed < 1500;
    goPressed = 0;
    if ((ctrl && key === "1") || (go && key === "d")) {
      event.preventDefault();
      if (!modal) showDashboard().catch(showError);
    } else if ((ctrl && (key === "2" || key === ",")) || (go && (key === "s" || key === "m"))) {
      event.preventDefault();
      if (!modal) openModel().catch(showError);
    } else if ((ctrl && key === "3") || (go && key === "o")) {
      event.preventDefault();
      if (!modal) showLoops().catch(showError);
    } else if ((ctrl && key === "4") || (go && key === "p")) {
      event.preventDefault();
      if (!modal) showPosts().catch(showError);
    } else if ((ctrl && key === "i") || (go && key === "i")) {
      event.preventDefault();
      if (!modal) openTransfer().catch(showError);
    } else if (!ctrl && !typing && !modal && key === "g" && !event.altKey) {
      goPressed = Date.now();
    } else if (!ctrl && !typing && !modal && key === "?") {
      event.preventDefault();
      openHelp();
    } else if (ctrl && (key === "k" || key === "l")) {
      event.preventDefault();
      openQuickLog(currentContactPrefill());
    } else if (ctrl && key === "n") {
      event.preventDefault();
      if (!modal) openContactForm(null);
    } else if (ctrl && key === "f") {
      event.preventDefault();
      if (!modal) search.focus();
    } else if (key === "/" && !typing && !modal) {
      event.preventDefault();
      search.focus();
    }
  });
}

function currentContactPrefill() {
  if (state.view !== "contact" || state.selected == null) return [];
  const c = state.contacts.find((x) => x.id === state.selected);
  const name = c?.display_name ?? $('[data-testid="contact-name"]')?.firstChild?.textContent;
  return name ? [{ id: state.selected, display_name: name }] : [];
}

// What the screens in their own modules (contacts.js, loops.js, posts.js, merge.js) share.
export {
  state,
  busySoon,
  $,
  h,
  icon,
  avatar,
  debounce,
  toast,
  showError,
  messageOf,
  formError,
  setPane,
  markSelected,
  selectContact,
  renderContact,
  openQuickLog,
  channelChip,
  refreshView,
  withOffset,
  localNow,
};

boot().catch(showError);
