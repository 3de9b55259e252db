// @ts-check
// Open loops: the questions I owe, those waiting on the other person, and the conversations where
// it is my turn, each with its age. Every item logs the reply from here: the quick log opens
// with the person and, for a question, the answer already ticked.

import * as api from "../api.js";
import { t, ago, dateTime, list } from "../lib/i18n.js";
import { $, h, focusFirst, dialogOpen } from "../lib/dom.js";
import { showError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { quietTurnDays } from "../lib/model.js";
import { beginPane, setPane, setPaneInPlace } from "../lib/pane.js";
import { go, openQuickLog } from "../lib/events.js";
import { drawing, afterWrite } from "../lib/changes.js";
import { formDialog, undoNotice } from "./correct.js";

/**
 * A turn of mine quiet for a season is a lapsed tie (the dashboard suggests reconnecting) more
 * than a conversation waiting: core marks it `quiet` (the model's quiet_turn_days, the rule the
 * suggestions and `rapport loops` follow too), Open loops folds it away, the badge leaves it out.
 * @param {{ quiet: boolean }} turn
 */
const stale = (turn) => turn.quiet;

/** How many open loops the sidebar's badge counts: what I owe (questions and recent turns). */
export function refreshLoopCount() {
  drawing("loops");
  return api.loopsOwed().then(showLoopCount).catch(showError);
}

/** @param {number} n what I owe: open_loops's `owed`, or loops_owed's answer */
function showLoopCount(n) {
  const badge = $("#loops-count");
  badge.textContent = n > 999 ? "999+" : String(n);
  badge.hidden = n === 0;
  badge.title = t("loops.badge", { n });
}

/**
 * Shows the open loops, and counts them in the badge from the same answer.
 * @param {{ inPlace?: boolean }} [options] redrawn after a change, where it was (scroll; the
 *   focus goes to the first action only if it was in the pane)
 */
export async function showLoops({ inPlace = false } = {}) {
  const seq = beginPane("loops", { busy: !inPlace });
  drawing("loops");
  // The first page of each list and the counts: a large network has thousands of loops, fetched
  // whole only when a "Show more" asks for them.
  const loops = await api.openLoops(PAGE);
  if (seq !== state.paneSeq) return;
  showLoopCount(loops.owed);
  /** @type {Promise<any> | null} */
  let whole = null;
  const all = () => (whole ??= api.openLoops());
  const focusWasHere = !inPlace || document.activeElement === document.body || $("#pane").contains(document.activeElement);
  (inPlace ? setPaneInPlace : setPane)(
    h(
      "article",
      { class: "sheet loops", "data-testid": "loops" },
      h("header", { class: "sheet-head" }, h("h1", {}, t("loops.title")), h("p", { class: "lead" }, t("loops.lead"))),
      section("i-owe", t("loops.i_owe"), t("loops.i_owe_empty"), loops.i_owe, loops.counts.i_owe, (q) => questionRow(q, "me"), async () => (await all()).i_owe),
      myTurnSection(loops.my_turn, loops.counts, async () => (await all()).my_turn),
      section("waiting", t("loops.waiting"), t("loops.waiting_empty"), loops.waiting, loops.counts.waiting, (q) => questionRow(q, "them"), async () => (await all()).waiting),
    ),
  );
  // A redraw after a change leaves the focus where the user put it (the search box, say).
  if (focusWasHere) focusFirst('[data-testid="loops"] .loop-action', { preventScroll: true });
}

/** Rows drawn at a time: thousands of loops (a large imported history) would take a second to lay
 * out, and nobody reads past the first screens before answering some. */
const PAGE = 100;
/** Of a list's first page, the rows drawn with the screen: more than it shows at once. The rest
 * of the page is drawn just after the screen is up (building three lists of a hundred rows took
 * longer than everything else the screen waits for). */
const FIRST_DRAWN = 20;

/**
 * A list drawn a page at a time, with a button that draws the next page. `items` holds at least
 * the first page of `total`; `whole` fetches every one when the next page needs more.
 * @template T
 * @param {T[]} items
 * @param {number} total
 * @param {(item: T) => HTMLElement} row
 * @param {() => Promise<T[]>} whole
 */
function pagedList(items, total, row, whole) {
  const list = h("ul", { class: "loop-list" });
  let known = items;
  const more = async (/** @type {number} */ from) => {
    if (known.length < Math.min(total, from + PAGE)) known = await whole();
    const page = known.slice(from, from + PAGE);
    const soon = from === 0 ? page.slice(FIRST_DRAWN) : [];
    const rows = page.slice(0, page.length - soon.length).map(row);
    const left = Math.max(total, known.length) - from - page.length;
    if (left > 0) {
      const button = h(
        "button",
        { type: "button", class: "link loop-more", "data-testid": "loop-more", onclick: () => (item.remove(), more(from + PAGE).catch(showError)) },
        t("loops.more", { n: Math.min(PAGE, left), left }),
      );
      const item = h("li", { class: "loop-more-row" }, button);
      rows.push(item);
    }
    list.append(...rows);
    if (soon.length) {
      // Once the screen is drawn, before the "Show more" row.
      requestAnimationFrame(() =>
        setTimeout(() => {
          const rest = document.createDocumentFragment();
          rest.append(...soon.map(row));
          list.insertBefore(rest, list.querySelector(":scope > .loop-more-row"));
        }),
      );
    }
  };
  more(0).catch(showError);
  return list;
}

/**
 * @template T
 * @param {string} id @param {string} title @param {string} empty
 * @param {T[]} items the first rows @param {number} total how many in all
 * @param {(item: T) => HTMLElement} row @param {() => Promise<T[]>} whole every row
 */
function section(id, title, empty, items, total, row, whole) {
  return h(
    "section",
    { class: "card loop-card", "data-testid": `loops-${id}` },
    h("h2", {}, title, h("span", { class: "count" }, String(total))),
    total ? pagedList(items, total, row, whole) : h("p", { class: "muted" }, empty),
  );
}

/**
 * My turns, the recent ones listed and the stale ones folded under a count.
 * @param {any[]} turns the first rows of each kind @param {any} counts open_loops's counts
 * @param {() => Promise<any[]>} whole every turn
 */
function myTurnSection(turns, counts, whole) {
  const recent = turns.filter((turn) => !stale(turn));
  const older = turns.filter(stale);
  const card = section("my-turn", t("loops.my_turn"), t("loops.my_turn_empty"), recent, counts.my_turn, turnRow, async () => (await whole()).filter((turn) => !stale(turn)));
  if (counts.my_turn_quiet) {
    // Folded, so drawn only when first opened.
    const fold = h("details", { class: "loop-older", "data-testid": "loops-my-turn-older" }, h("summary", {}, t("loops.my_turn_older", { n: counts.my_turn_quiet, days: quietTurnDays() })));
    fold.addEventListener(
      "toggle",
      () => fold.open && fold.children.length === 1 && fold.append(pagedList(older, counts.my_turn_quiet, turnRow, async () => (await whole()).filter(stale))),
    );
    card.append(fold);
  }
  return card;
}

function who(id, name) {
  return h("button", { type: "button", class: "link loop-who", onclick: () => go({ view: "contact", id }) }, name);
}

/** Age in days, for the tone: a loop older than a fortnight is shown as late. */
function late(when) {
  return (Date.now() - new Date(when).getTime()) / 86_400_000 > 14;
}

/** A question; `replier` is who would answer it: me (I owe it) or them (I wait for it). */
function questionRow(q, replier) {
  const person = { id: q.contact, display_name: q.contact_name };
  return h(
    "li",
    { class: `loop ${late(q.asked_at) ? "late" : ""}`, "data-testid": "loop", dataset: { question: q.id, contact: q.contact } },
    h(
      "div",
      { class: "loop-main" },
      h("p", { class: "loop-text", "data-testid": "loop-text" }, q.text),
      h(
        "p",
        { class: "loop-meta" },
        who(q.contact, q.contact_name),
        " · ",
        h("span", { title: dateTime(q.asked_at), "data-testid": "loop-age" }, t(replier === "me" ? "loops.they_asked" : "loops.you_asked", { ago: ago(q.asked_at) })),
      ),
    ),
    h(
      "button",
      {
        type: "button",
        class: "btn loop-action",
        "data-testid": "loop-answer",
        onclick: () => openQuickLog([person], { answers: [q.id], initiatedBy: replier === "me" ? "me" : "them" }),
      },
      t(replier === "me" ? "loops.answer" : "loops.log_answer"),
    ),
    h(
      "button",
      { type: "button", class: "btn btn-quiet loop-answered", "data-testid": "loop-answered", onclick: () => openAnsweredIn(q).catch(showError) },
      t("loops.answered_in"),
    ),
    h(
      "button",
      { type: "button", class: "btn btn-quiet loop-drop", "data-testid": "loop-drop", title: t("loops.drop_title"), onclick: () => dropQuestion(q).catch(showError) },
      t("loops.drop"),
    ),
  );
}

/**
 * A question answered in an interaction already logged: the interactions with that person since
 * it was asked, to pick the one that answered it (core checks it came after, with them).
 * @param {any} q
 */
async function openAnsweredIn(q) {
  if (dialogOpen()) return;
  /** @type {any[]} */
  const since = await api.listInteractions({ contact: q.contact, since: q.asked_at, limit: 30 });
  const later = since.filter((it) => it.id !== q.asked_in && new Date(it.at) >= new Date(q.asked_at));
  const choices = later.map((it, i) =>
    h(
      "li",
      {},
      h(
        "label",
        { class: "check" },
        h("input", { type: "radio", name: "answered_in", value: it.id, checked: i === 0 || null, "data-testid": "answered-in-choice" }),
        h(
          "span",
          {},
          `${dateTime(it.at)} · ${t(`channel.${it.channel}`).toLowerCase()}`,
          it.summary ? h("span", { class: "muted" }, ` — ${it.summary}`) : null,
          it.participants.length > 1 ? h("span", { class: "muted" }, ` (${list(it.participants.map((/** @type {any} */ p) => p.display_name))})`) : null,
        ),
      ),
    ),
  );
  const dialog = formDialog({
    testid: "answered-in",
    title: t("loops.answered_in_title"),
    confirm: t("loops.answered_in_confirm"),
    body: [
      h("p", { class: "lead" }, `“${q.text}” · ${q.contact_name}`),
      choices.length ? h("ul", { class: "answer-list answered-in-list" }, choices) : h("p", { class: "muted", "data-testid": "answered-in-none" }, t("loops.answered_in_none", { name: q.contact_name })),
    ],
    submit: async () => {
      const picked = /** @type {HTMLInputElement | null} */ (dialog.querySelector('input[name="answered_in"]:checked'));
      if (!picked) throw new Error(t("loops.answered_in_none", { name: q.contact_name }));
      await api.answerQuestion(q.id, Number(picked.value));
      await afterWrite(null);
    },
  });
  /** @type {HTMLElement | null} */ (dialog.querySelector('input[name="answered_in"]:checked') ?? dialog.querySelector("button[type=submit]"))?.focus();
}

/**
 * A question that no longer matters: deleted, with an Undo in the notice (as on a contact's page).
 * @param {any} q
 */
async function dropQuestion(q) {
  const deleted = await api.deleteQuestion(q.id);
  undoNotice(t("loops.dropped"), deleted.undo, () => go({ view: "loops" }));
  await afterWrite(null);
}

function turnRow(turn) {
  const person = { id: turn.contact, display_name: turn.name };
  return h(
    "li",
    { class: `loop ${turn.since && late(turn.since) ? "late" : ""}`, "data-testid": "loop", dataset: { contact: turn.contact } },
    h(
      "div",
      { class: "loop-main" },
      h("p", { class: "loop-text" }, who(turn.contact, turn.name)),
      h(
        "p",
        { class: "loop-meta" },
        t(`turn_reason.${turn.reason}`),
        turn.since ? [" · ", h("span", { title: dateTime(turn.since), "data-testid": "loop-age" }, t("loops.since", { ago: ago(turn.since) }))] : null,
      ),
    ),
    h(
      "button",
      { type: "button", class: "btn loop-action", "data-testid": "loop-reply", onclick: () => openQuickLog([person], { initiatedBy: "me" }) },
      t("loops.reply"),
    ),
  );
}
