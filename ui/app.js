// The window's behaviour: which screen shows, the contact list and its search, the contact page,
// the add/edit form and the quick log. All data comes through api.js; all text through i18n.js.
// DOM is built with createElement and textContent only, never innerHTML, so a name typed by the
// user can never become markup.

import * as api from "./api.js";
import { ApiError } from "./api.js";
import { t, has, translatePage, ago, dateTime, date, list } from "./i18n.js";

const CHANNELS = ["in_person", "call", "video", "email", "message", "social", "event", "letter", "other"];
const KINDS = ["introduction", "advice", "knowledge", "help", "referral", "recommendation", "gift", "other"];
const AVATAR_COLOURS = 8;
/** How many interactions a contact page shows before "Show all". */
const HISTORY_PAGE = 25;
/** Open questions shown on a contact page before "N more": the oldest ones, which wait longest. */
const QUESTIONS_SHOWN = 5;

const state = {
  info: null,
  contacts: [],
  search: "",
  selected: null,
  view: "home",
  lastChannel: "in_person",
  listSeq: 0,
  paneSeq: 0,
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
    return error.field ? `${fieldLabel(error.field)}: ${error.message}` : sentence(error.message);
  }
  return t("error.unknown", { detail: String(error?.message ?? error) });
}

function toast(message, kind = "info") {
  const el = h(
    "div",
    {
      class: `toast toast-${kind}`,
      role: kind === "error" ? "alert" : "status",
      "data-testid": kind === "error" ? "toast-error" : "toast",
    },
    icon(kind === "error" ? "i-alert" : "i-check"),
    h("p", { class: "toast-text" }, message),
    h(
      "button",
      { type: "button", class: "icon-btn", "aria-label": t("toast.close"), onclick: () => el.remove() },
      icon("i-close"),
    ),
  );
  $("#toasts").append(el);
  // Errors stay longer: they are the ones a person needs to read to the end.
  setTimeout(() => el.remove(), kind === "error" ? 12000 : 5000);
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

async function boot() {
  translatePage();
  wireStatic();
  let info;
  try {
    info = await api.appInfo();
  } catch (error) {
    showFatal(messageOf(error), null);
    return;
  }
  state.info = info;
  if (info.open_error) showFatal(sentence(info.open_error.message), info.db_path_display);
  else if (info.empty) showFirstRun();
  else await showApp();
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
    const summary = await api.loadDemo();
    toast(t("toast.demo", { contacts: summary.contacts, interactions: summary.interactions }));
    await showApp();
  } catch (error) {
    showError(error);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $("#first-busy").hidden = true;
  }
}

async function showApp({ view = "home" } = {}) {
  showScreen("app");
  await refreshList();
  if (view === "new") openContactForm(null);
  else await showHome();
}

// ---------------------------------------------------------------------------------------------
// The contact list and its search

async function refreshList() {
  const seq = ++state.listSeq;
  const search = state.search.trim();
  const contacts = await api.listContacts(search ? { search } : {});
  if (seq !== state.listSeq) return; // a newer search already answered
  state.contacts = contacts;
  renderList();
}

const searchSoon = debounce(() => refreshList().catch(showError), 160);

function renderList() {
  const ul = $("#contact-list");
  const search = state.search.trim();
  const n = state.contacts.length;
  $("#contact-count").textContent = search ? t("side.matches", { n }) : t("side.count", { n });
  const rows = state.contacts.map((c) => contactRow(c));
  if (!rows.length) {
    rows.push(h("li", { class: "list-empty" }, search ? t("side.no_match", { q: search }) : t("side.none")));
  }
  ul.replaceChildren(...rows);
}

function contactRow(c) {
  const sub = [c.role, c.company].filter(Boolean).join(" · ");
  const last = c.last_interaction_at ? ago(c.last_interaction_at) : t("side.never");
  const button = h(
    "button",
    {
      type: "button",
      class: "contact-row",
      "data-testid": "contact-row",
      dataset: { id: c.id },
      "aria-current": c.id === state.selected ? "true" : null,
      onclick: () => selectContact(c.id),
      onkeydown: listKeys,
    },
    avatar(c),
    h(
      "span",
      { class: "row-main" },
      h("span", { class: "row-name", "data-testid": "contact-row-name" }, c.display_name),
      sub ? h("span", { class: "row-sub" }, sub) : null,
    ),
    h(
      "span",
      { class: "row-meta" },
      h("span", { class: c.last_interaction_at ? "row-when" : "row-when never", title: c.last_interaction_at ? dateTime(c.last_interaction_at) : null }, last),
      c.open_questions > 0
        ? h("span", { class: "badge badge-q", title: t("side.open_q", { n: c.open_questions }) }, String(c.open_questions))
        : null,
    ),
  );
  return h("li", {}, button);
}

/** Up and down move between rows, as in a native list. */
function listKeys(event) {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  event.preventDefault();
  const li = event.currentTarget.parentElement;
  const next = event.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling;
  if (next) $(".contact-row", next)?.focus();
  else if (event.key === "ArrowUp") $("#search").focus();
}

function markSelected() {
  for (const row of document.querySelectorAll(".contact-row")) {
    if (Number(row.dataset.id) === state.selected) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  }
}

// ---------------------------------------------------------------------------------------------
// The pane: home, a contact, or the contact form

function setPane(...children) {
  const pane = $("#pane");
  pane.replaceChildren(...children);
  pane.scrollTop = 0;
}

async function showHome() {
  state.view = "home";
  state.selected = null;
  markSelected();
  const seq = ++state.paneSeq;
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const [all, recent, month, open] = await Promise.all([
    state.search.trim() ? api.listContacts({}) : Promise.resolve(state.contacts),
    api.listInteractions({ limit: 8 }),
    api.listInteractions({ since }),
    api.listQuestions({ open_only: true }),
  ]);
  if (seq !== state.paneSeq) return;
  const owed = open.filter((q) => q.asked_by === "them");
  const waiting = open.filter((q) => q.asked_by === "me");

  const recentList = recent.length
    ? h("ul", { class: "feed" }, recent.map((it) => feedItem(it)))
    : h("p", { class: "empty-note" }, t("home.no_recent"));
  const owedList = owed.length
    ? h("ul", { class: "q-list" }, owed.slice(-6).reverse().map((q) => questionItem(q, { showContact: true })))
    : h("p", { class: "empty-note" }, t("home.nothing_owed"));

  setPane(
    h(
      "section",
      { class: "sheet home", "data-testid": "home" },
      h("header", { class: "sheet-head" }, h("h1", {}, t("home.title")), h("p", { class: "lead" }, t("home.lead"))),
      h(
        "div",
        { class: "facts" },
        fact(t("home.contacts"), all.length.toLocaleString()),
        fact(t("home.interactions_30"), month.length.toLocaleString()),
        fact(t("home.you_owe"), owed.length.toLocaleString(), owed.length ? "warn" : ""),
        fact(t("home.they_owe"), waiting.length.toLocaleString()),
      ),
      h(
        "div",
        { class: "columns" },
        h("section", { class: "col-main" }, h("h2", {}, t("home.recent")), recentList),
        h("section", { class: "col-side" }, h("h2", {}, t("home.owed")), owedList),
      ),
    ),
  );
}

function fact(label, value, tone = "", testid = null) {
  return h(
    "div",
    { class: `fact ${tone}`, "data-testid": testid },
    h("span", { class: "fact-value" }, value),
    h("span", { class: "fact-label" }, label),
  );
}

function channelChip(channel) {
  return h("span", { class: `chip ch ch-${channel}` }, t(`channel.${channel}`));
}

/** One interaction in the home feed: who, how, when. */
function feedItem(it) {
  const people = it.participants.map((p) =>
    h("button", { type: "button", class: "link", onclick: () => selectContact(p.id) }, p.display_name),
  );
  const joined = [];
  people.forEach((p, i) => {
    if (i) joined.push(i === people.length - 1 ? " & " : ", ");
    joined.push(p);
  });
  return h(
    "li",
    { class: "feed-item" },
    h("span", { class: `dot ch-${it.channel}`, "aria-hidden": "true" }),
    h(
      "div",
      { class: "feed-body" },
      h("div", { class: "feed-head" }, h("span", { class: "feed-people" }, joined), h("span", { class: "muted" }, ago(it.at))),
      h("p", { class: "feed-summary" }, channelChip(it.channel), " ", it.summary || ""),
    ),
  );
}

function questionItem(q, { showContact = false } = {}) {
  const mine = q.asked_by === "me";
  return h(
    "li",
    { class: `q-item ${mine ? "q-mine" : "q-theirs"}`, "data-testid": "question" },
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
  const [contact, history, open] = await Promise.all([
    api.getContact(id),
    api.listInteractions({ contact: id }),
    api.listQuestions({ contact: id, open_only: true }),
  ]);
  if (seq !== state.paneSeq) return;

  const mine = (items, direction) => items.filter((v) => v.contact === id && v.direction === direction).length;
  const given = history.reduce((n, it) => n + mine(it.value_items, "given"), 0);
  const received = history.reduce((n, it) => n + mine(it.value_items, "received"), 0);
  const youOwe = open.filter((q) => q.asked_by === "them").length;
  const theyOwe = open.length - youOwe;
  const last = history[0]?.at;
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
      h(
        "button",
        { type: "button", class: "btn btn-quiet", "data-testid": "contact-archive", onclick: () => toggleArchive(contact) },
        contact.archived ? t("contact.unarchive") : t("contact.archive"),
      ),
    ),
  );

  const facts = h(
    "div",
    { class: "facts" },
    fact(t("contact.last"), last ? ago(last) : t("contact.never")),
    fact(t("contact.interactions"), history.length.toLocaleString(), "", "fact-interactions"),
    fact(t("contact.give_take"), `${given} · ${received}`),
    fact(t("contact.open"), `${youOwe} · ${theyOwe}`, youOwe ? "warn" : ""),
  );

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
  side.push(detailsCard(contact));

  setPane(
    h(
      "article",
      { class: "sheet contact-view", "data-testid": "contact-view", dataset: { id: contact.id } },
      head,
      facts,
      h(
        "div",
        { class: "columns" },
        h("section", { class: "col-main" }, h("h2", {}, t("contact.history")), historyBlock, more),
        h("aside", { class: "col-side" }, side),
      ),
    ),
  );
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

async function toggleArchive(contact) {
  try {
    const updated = await api.archiveContact(contact.id, !contact.archived);
    toast(t(updated.archived ? "toast.archived" : "toast.restored", { name: updated.display_name }));
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
  $(".cancel", form).addEventListener("click", () => (contact ? selectContact(contact.id) : showHome().catch(showError)));
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

function openQuickLog(prefill = []) {
  if (log.dialog.open) return;
  log.form.reset();
  formError(log.form, null);
  log.chips = prefill.map((c) => ({ id: c.id, display_name: c.display_name }));
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
          h("input", { type: "checkbox", name: "answers", value: q.id }),
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
    await selectContact(interaction.participants[0]);
  } catch (error) {
    formError(log.form, error);
  } finally {
    submit.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wireStatic() {
  $("#load-demo").addEventListener("click", loadDemo);
  $("#start-empty").addEventListener("click", () => showApp({ view: "new" }).catch(showError));
  $("#home").addEventListener("click", () => showHome().catch(showError));
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

  setupQuickLog();

  document.addEventListener("keydown", (event) => {
    if ($("#app").hidden) return;
    const key = event.key.toLowerCase();
    const typing = event.target.closest?.("input, textarea, select");
    if ((event.ctrlKey || event.metaKey) && (key === "k" || key === "l")) {
      event.preventDefault();
      openQuickLog(currentContactPrefill());
    } else if ((event.ctrlKey || event.metaKey) && key === "n") {
      event.preventDefault();
      if (!log.dialog.open) openContactForm(null);
    } else if ((event.ctrlKey || event.metaKey) && key === "f") {
      event.preventDefault();
      if (!log.dialog.open) search.focus();
    } else if (key === "/" && !typing && !log.dialog.open) {
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

boot().catch(showError);
