// @ts-check
// The contact list in the sidebar: search as you type, filters (circle, layer, cadence, archived),
// sort (name, strength, last contact), and pages of 100 rows loaded as the list scrolls, so
// 10,000 contacts cost no more than 100. Core answers each page from the measures it keeps
// between writes (`contact_page`), never by re-measuring the network per keystroke.

import * as api from "../api.js";
import { t, ago, dateTime, number } from "../lib/i18n.js";
import { $, h, avatar, debounce } from "../lib/dom.js";
import { showError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { go } from "../lib/events.js";
import { drawing } from "../lib/changes.js";
import { mark } from "../lib/marks.js";
import { LAYER_RANKS, layerSize } from "../lib/layers.js";
import { isModelUnreadable, modelUnreadableNotice } from "../components/model-unreadable.js";

/** Rows per page: about eight screens of the sidebar. */
const PAGE = 100;
/** Load the next page when the list is scrolled this close (px) to its end. */
const NEAR_END = 600;
const CADENCES = ["overdue", "due", "on_track", "never"];
const SORTS = ["name", "strength", "last_contact"];
const CADENCE_TONE = { on_track: "ok", due: "warn", overdue: "danger", never: "none" };

/** The list's sort and filters, as core's ContactListQuery names them. */
const list = {
  sort: "name",
  /** @type {number | null} a circle's id */
  circle: null,
  /** @type {number | null} a layer's rank (1 to 4), 0 for none */
  layer: null,
  /** @type {string | null} */
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

/**
 * Reloads the list from its first page (after a search or a filter), or, `inPlace` after a change,
 * as many rows as were loaded, where it was scrolled.
 * @param {{ inPlace?: boolean }} [options]
 */
export async function refreshList({ inPlace = false } = {}) {
  const seq = ++list.seq;
  drawing("list");
  // After a write, core measures every contact again before the first page: on a large network
  // that takes a moment, and the list says so rather than looking stuck.
  const ul = $("#contact-list");
  const slow = setTimeout(() => {
    ul.setAttribute("aria-busy", "true");
    $("#contact-count").textContent = t("list.loading");
  }, 250);
  let page;
  try {
    page = await api.contactPage({ ...query(0), limit: inPlace ? Math.max(PAGE, state.contacts.length) : PAGE });
  } catch (error) {
    // The list is sorted and filtered by measures: without a model it cannot be drawn; say why.
    if (!isModelUnreadable(error) || seq !== list.seq) throw error;
    state.contacts = [];
    list.total = 0;
    $("#contact-count").textContent = "";
    ul.replaceChildren(h("li", { class: "list-empty" }, modelUnreadableNotice(error)));
    return;
  } finally {
    clearTimeout(slow);
    if (seq === list.seq) ul.removeAttribute("aria-busy");
  }
  mark("list-data");
  if (seq !== list.seq) return; // a newer search already answered
  state.contacts = page.contacts;
  list.total = page.total;
  // In place, the rows that did not change stay where they are, and the scroll with them.
  renderList({ keepScroll: inPlace });
  mark("list-in-page");
}

const searchSoon = debounce(() => refreshList().catch(showError), 120);

async function loadMore() {
  if (list.loading || state.contacts.length >= list.total) return;
  list.loading = true;
  const seq = list.seq;
  try {
    const page = await api.contactPage(query(state.contacts.length));
    if (seq !== list.seq) return;
    state.contacts.push(...page.contacts);
    list.total = page.total;
    $("#contact-list").append(...page.contacts.map(keptRow));
  } catch (error) {
    showError(error);
  } finally {
    list.loading = false;
  }
}

function filtered() {
  return list.circle != null || list.layer != null || list.cadence != null || list.archived !== "active";
}

/** @param {{ keepScroll?: boolean }} [options] */
function renderList({ keepScroll = false } = {}) {
  const ul = $("#contact-list");
  const search = state.search.trim();
  const n = list.total;
  $("#contact-count").textContent = search || filtered() ? t("side.matches", { n }) : t("side.count", { n });
  const rows = state.contacts.map(keptRow);
  const shown = new Set(state.contacts.map((c) => c.id));
  for (const id of drawn.keys()) if (!shown.has(id)) drawn.delete(id);
  if (!rows.length) {
    let text = t("side.none");
    if (search) text = t("side.no_match", { q: search });
    else if (filtered()) text = t("list.no_filter_match");
    rows.push(h("li", { class: "list-empty" }, text));
  }
  placeRows(ul, rows);
  // Not after a change: reading or setting the scroll here would lay the window out at once.
  if (!keepScroll) ul.scrollTop = 0;
  const count = [list.circle, list.layer, list.cadence].filter((v) => v != null).length + (list.archived !== "active" ? 1 : 0);
  const badge = $("#filter-count");
  badge.textContent = count ? String(count) : "";
  badge.hidden = !count;
}

/**
 * The rows drawn, by contact id, with what each was drawn from: after a write the list is asked
 * for again whole, and only the rows whose data changed (the contact logged with, say) are drawn
 * again; on a large network a hundred rows drawn anew took longer than the rest of the refresh.
 * @type {Map<number, { drawnFrom: string, li: HTMLElement }>}
 */
const drawn = new Map();

/**
 * The row of `c`: the one drawn before when nothing it shows changed since, else a new one.
 * @param {any} c a row of contact_page
 */
function keptRow(c) {
  // Everything the row shows: its data, the sort (which figure it shows), whether it is the
  // contact shown, the time since the last contact as worded now, and the language.
  const drawnFrom = JSON.stringify([c, list.sort, c.id === state.selected, c.last_interaction_at ? ago(c.last_interaction_at) : null, document.documentElement.lang]);
  const kept = drawn.get(c.id);
  if (kept && kept.drawnFrom === drawnFrom) return kept.li;
  const li = contactRow(c);
  drawn.set(c.id, { drawnFrom, li });
  return li;
}

/**
 * Makes `ul`'s children `rows`, in order, touching only what differs: a row kept in place is not
 * taken out and put back (which would also lose its focus).
 * @param {HTMLElement} ul
 * @param {HTMLElement[]} rows
 */
function placeRows(ul, rows) {
  // Rows no longer listed go first, so that those kept are already in their order.
  const wanted = new Set(rows);
  for (const child of Array.from(ul.children)) if (!wanted.has(/** @type {HTMLElement} */ (child))) child.remove();
  rows.forEach((row, i) => {
    const here = ul.children[i];
    if (here !== row) ul.insertBefore(row, here ?? null);
  });
  while (ul.children.length > rows.length) ul.lastElementChild?.remove();
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
      onclick: () => go({ view: "contact", id: c.id }),
      onkeydown: listKeys,
    },
    avatar(c),
    h(
      "span",
      { class: "row-main" },
      h(
        "span",
        { class: "row-name", "data-testid": "contact-row-name", title: c.sort_name && c.sort_name !== c.display_name ? c.display_name : null },
        c.cadence
          ? h("span", { class: `cad-dot cad-${CADENCE_TONE[c.cadence]}`, title: t(`cadence.${c.cadence}`), "aria-label": t(`cadence.${c.cadence}`) })
          : null,
        // Without the honorifics an import may carry, which would take the room of the name.
        c.sort_name ?? c.display_name,
      ),
      sub ? h("span", { class: "row-sub" }, sub) : null,
      // Why a search found them when their name does not say (notes, details or a summary).
      c.excerpt
        ? h("span", { class: "row-excerpt", "data-testid": "contact-row-excerpt", dataset: { source: c.excerpt.source } },
            t(`list.excerpt_${c.excerpt.source}`, { text: c.excerpt.text }))
        : null,
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
  let next;
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

/**
 * @param {string} selector
 * @returns {HTMLSelectElement}
 */
const select = (selector) => $(selector);

/**
 * @param {HTMLElement} select
 * @param {string[][]} items [value, label] pairs
 */
function options(select, items) {
  select.replaceChildren(...items.map(([value, label]) => h("option", { value }, label)));
}

async function loadCircles() {
  const circles = await api.listCircles();
  const circle = select("#filter-circle");
  options(circle, [["", t("list.any_circle")], ...circles.map((c) => [String(c.id), c.name])]);
  circle.value = list.circle == null ? "" : String(list.circle);
}

/** Wires the search box, the sort and filter controls and the paging on scroll. */
export function setupContactList() {
  setupSearch();
  options($("#list-sort"), SORTS.map((s) => [s, t(`list.sort_${s}`)]));
  options($("#filter-layer"), [
    ["", t("list.any_layer")],
    ...LAYER_RANKS.map((rank) => [String(rank), t(`list.layer_${rank}`, { size: number(layerSize(rank)) })]),
    ["0", t("list.layer_none")],
  ]);
  options($("#filter-cadence"), [["", t("list.any_cadence")], ...CADENCES.map((c) => [c, t(`cadence.${c}`)])]);
  options($("#filter-archived"), ["active", "archived", "all"].map((a) => [a, t(`list.archived_${a}`)]));

  const changed = () => refreshList().catch(showError);
  /** @param {Event} e */
  const valueOf = (e) => /** @type {HTMLSelectElement} */ (e.currentTarget).value;
  $("#list-sort").addEventListener("change", (e) => {
    list.sort = valueOf(e);
    changed();
  });
  $("#filter-circle").addEventListener("change", (e) => {
    list.circle = valueOf(e) ? Number(valueOf(e)) : null;
    changed();
  });
  $("#filter-layer").addEventListener("change", (e) => {
    list.layer = valueOf(e) === "" ? null : Number(valueOf(e));
    changed();
  });
  $("#filter-cadence").addEventListener("change", (e) => {
    list.cadence = valueOf(e) || null;
    changed();
  });
  $("#filter-archived").addEventListener("change", (e) => {
    list.archived = valueOf(e);
    changed();
  });
  $("#filter-clear").addEventListener("click", () => {
    Object.assign(list, { circle: null, layer: null, cadence: null, archived: "active" });
    for (const id of ["#filter-circle", "#filter-layer", "#filter-cadence"]) select(id).value = "";
    select("#filter-archived").value = "active";
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
    const ul = /** @type {HTMLElement} */ (event.currentTarget);
    if (ul.scrollHeight - ul.scrollTop - ul.clientHeight < NEAR_END) loadMore();
  });
}

/** The search box: as you type, ↓ into the list, Enter opens the first match, Esc clears. */
function setupSearch() {
  const search = /** @type {HTMLInputElement} */ ($("#search"));
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
        if (first) go({ view: "contact", id: Number(first.dataset.id) });
      });
    } else if (event.key === "Escape" && (search.value || state.search)) {
      // Taken: the window's Esc (stopping a running import) waits for the next one.
      event.preventDefault();
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
}
