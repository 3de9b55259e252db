// The contact list in the sidebar: search as you type, filters (circle, layer, cadence, archived),
// sort (name, strength, last contact), and pages of 100 rows loaded as the list scrolls, so
// 10,000 contacts cost no more than 100. Core answers each page from the measures it keeps
// between writes (`contact_page`), never by re-measuring the network per keystroke.

import * as api from "./api.js";
import { t, ago, dateTime, number } from "./i18n.js";
import { state, h, $, avatar, debounce, showError, selectContact } from "./app.js";

/** Rows per page: about eight screens of the sidebar. */
const PAGE = 100;
/** Load the next page when the list is scrolled this close (px) to its end. */
const NEAR_END = 600;
const LAYERS = [5, 15, 50, 150];
const CADENCES = ["overdue", "due", "on_track", "never"];
const SORTS = ["name", "strength", "last_contact"];
const CADENCE_TONE = { on_track: "ok", due: "warn", overdue: "danger", never: "none" };

export const list = {
  sort: "name",
  circle: null,
  layer: null,
  cadence: null,
  archived: "active",
  total: 0,
  loading: false,
  seq: 0,
};

function query(offset) {
  const search = state.search.trim();
  return {
    search: search || null,
    circle: list.circle,
    layer: list.layer,
    cadence: list.cadence,
    archived: list.archived,
    sort: list.sort,
    offset,
    limit: PAGE,
  };
}

/** Reloads the list from its first page (after a search, a filter or a write). */
export async function refreshList() {
  const seq = ++list.seq;
  // After a write, core measures every contact again before the first page: on a large network
  // that takes a moment, and the list says so rather than looking stuck.
  const ul = $("#contact-list");
  const slow = setTimeout(() => {
    ul.setAttribute("aria-busy", "true");
    $("#contact-count").textContent = t("list.loading");
  }, 250);
  let page;
  try {
    page = await api.contactPage(query(0));
  } finally {
    clearTimeout(slow);
    if (seq === list.seq) ul.removeAttribute("aria-busy");
  }
  if (seq !== list.seq) return; // a newer search already answered
  state.contacts = page.contacts;
  list.total = page.total;
  renderList();
}

export const searchSoon = debounce(() => refreshList().catch(showError), 120);

async function loadMore() {
  if (list.loading || state.contacts.length >= list.total) return;
  list.loading = true;
  const seq = list.seq;
  try {
    const page = await api.contactPage(query(state.contacts.length));
    if (seq !== list.seq) return;
    state.contacts.push(...page.contacts);
    list.total = page.total;
    $("#contact-list").append(...page.contacts.map(contactRow));
  } catch (error) {
    showError(error);
  } finally {
    list.loading = false;
  }
}

function filtered() {
  return list.circle != null || list.layer != null || list.cadence != null || list.archived !== "active";
}

export function renderList() {
  const ul = $("#contact-list");
  const search = state.search.trim();
  const n = list.total;
  $("#contact-count").textContent = search || filtered() ? t("side.matches", { n }) : t("side.count", { n });
  const rows = state.contacts.map(contactRow);
  if (!rows.length) {
    let text = t("side.none");
    if (search) text = t("side.no_match", { q: search });
    else if (filtered()) text = t("list.no_filter_match");
    rows.push(h("li", { class: "list-empty" }, text));
  }
  ul.replaceChildren(...rows);
  ul.scrollTop = 0;
  const count = [list.circle, list.layer, list.cadence].filter((v) => v != null).length + (list.archived !== "active" ? 1 : 0);
  const badge = $("#filter-count");
  badge.textContent = count ? String(count) : "";
  badge.hidden = !count;
}

function contactRow(c) {
  const sub = [c.role, c.company].filter(Boolean).join(" · ");
  const last = c.last_interaction_at ? ago(c.last_interaction_at) : t("side.never");
  // Sorted by strength, the strength is what the eye looks for; otherwise when we last spoke.
  const meta =
    list.sort === "strength" && c.strength != null
      ? h("span", { class: "row-when", title: t("list.strength_title") }, t("list.strength", { n: number(Math.round(c.strength)) }))
      : h("span", { class: c.last_interaction_at ? "row-when" : "row-when never", title: c.last_interaction_at ? dateTime(c.last_interaction_at) : null }, last);
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
      h(
        "span",
        { class: "row-name", "data-testid": "contact-row-name" },
        c.cadence
          ? h("span", { class: `cad-dot cad-${CADENCE_TONE[c.cadence]}`, title: t(`cadence.${c.cadence}`), "aria-label": t(`cadence.${c.cadence}`) })
          : null,
        c.display_name,
      ),
      sub ? h("span", { class: "row-sub" }, sub) : null,
    ),
    h(
      "span",
      { class: "row-meta" },
      meta,
      c.archived ? h("span", { class: "badge badge-muted" }, t("contact.archived")) : null,
      c.open_questions > 0
        ? h("span", { class: "badge badge-q", title: t("side.open_q", { n: c.open_questions }) }, String(c.open_questions))
        : null,
    ),
  );
  return h("li", {}, button);
}

/** Up and down move between rows, as in a native list; Home and End jump to the ends. */
function listKeys(event) {
  const li = event.currentTarget.parentElement;
  let next = null;
  if (event.key === "ArrowDown") next = li.nextElementSibling;
  else if (event.key === "ArrowUp") next = li.previousElementSibling;
  else if (event.key === "Home") next = li.parentElement.firstElementChild;
  else if (event.key === "End") next = li.parentElement.lastElementChild;
  else return;
  event.preventDefault();
  if (next) $(".contact-row", next)?.focus();
  else if (event.key === "ArrowUp") $("#search").focus();
  if (event.key === "ArrowDown" || event.key === "End") {
    const ul = $("#contact-list");
    if (ul.scrollHeight - ul.scrollTop - ul.clientHeight < NEAR_END) loadMore();
  }
}

function options(select, items) {
  select.replaceChildren(...items.map(([value, label]) => h("option", { value }, label)));
}

async function loadCircles() {
  const circles = await api.listCircles();
  const select = $("#filter-circle");
  options(select, [["", t("list.any_circle")], ...circles.map((c) => [String(c.id), c.name])]);
  select.value = list.circle == null ? "" : String(list.circle);
}

/** Wires the sort and filter controls and the paging on scroll. */
export function setupContactList() {
  options($("#list-sort"), SORTS.map((s) => [s, t(`list.sort_${s}`)]));
  options($("#filter-layer"), [
    ["", t("list.any_layer")],
    ...LAYERS.map((l) => [String(l), t(`list.layer_${l}`)]),
    ["0", t("list.layer_none")],
  ]);
  options($("#filter-cadence"), [["", t("list.any_cadence")], ...CADENCES.map((c) => [c, t(`cadence.${c}`)])]);
  options($("#filter-archived"), ["active", "archived", "all"].map((a) => [a, t(`list.archived_${a}`)]));

  const changed = () => refreshList().catch(showError);
  $("#list-sort").addEventListener("change", (e) => {
    list.sort = e.target.value;
    changed();
  });
  $("#filter-circle").addEventListener("change", (e) => {
    list.circle = e.target.value ? Number(e.target.value) : null;
    changed();
  });
  $("#filter-layer").addEventListener("change", (e) => {
    list.layer = e.target.value === "" ? null : Number(e.target.value);
    changed();
  });
  $("#filter-cadence").addEventListener("change", (e) => {
    list.cadence = e.target.value || null;
    changed();
  });
  $("#filter-archived").addEventListener("change", (e) => {
    list.archived = e.target.value;
    changed();
  });
  $("#filter-clear").addEventListener("click", () => {
    Object.assign(list, { circle: null, layer: null, cadence: null, archived: "active" });
    for (const id of ["#filter-circle", "#filter-layer", "#filter-cadence"]) $(id).value = "";
    $("#filter-archived").value = "active";
    changed();
  });
  const toggle = $("#filter-toggle");
  toggle.addEventListener("click", () => {
    const panel = $("#list-filters");
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) {
      loadCircles().catch(showError);
      $("#filter-circle").focus();
    }
  });
  // Esc inside the filters closes them and gives the focus back to their button.
  $("#list-filters").addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    $("#list-filters").hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  });
  $("#contact-list").addEventListener("scroll", (event) => {
    const ul = event.currentTarget;
    if (ul.scrollHeight - ul.scrollTop - ul.clientHeight < NEAR_END) loadMore();
  });
}
