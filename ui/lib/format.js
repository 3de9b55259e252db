// @ts-check
// Sentences the window writes from core's data rather than core's English: why each component
// of the index moved (core's Move.reason) and what each component is made of (Component.facts).

import { t, has, list, number, percent, signed, currentLocale } from "./i18n.js";

/**
 * A day as core stores it ("1980-03-22", or "--03-22" for a birthday without its year) in the
 * window's language: "March 22, 1980" / "22 mars 1980", "March 22" / "22 mars". Read as a local
 * day: `new Date("1980-03-22")` is UTC midnight, the 21st west of Greenwich.
 * @param {string} stored
 */
export function dayText(stored) {
  const noYear = /^--(\d{2})-(\d{2})$/.exec(stored);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
  if (noYear) {
    const d = new Date(2000, Number(noYear[1]) - 1, Number(noYear[2]));
    return new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "long" }).format(d);
  }
  if (!day) return stored;
  const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "long", year: "numeric" }).format(d);
}

/** Names shown in a sentence before "and N others", as core's English does. */
const NAMES_SHOWN = 3;

/**
 * The numbers core gives with a move (Move.reason) and a component (Component.facts): each kind
 * reads its own fields.
 * @typedef {{ kind: string, changes?: { contact: number, change: number }[], ties: number, given: number,
 *   received: number, answered: number, late: number, grace_days: number, posts: number, reactions: number,
 *   named: number, usual: number | null }} Reason
 * @typedef {{ reason?: Reason | null, contacts: number[] }} Move
 * @typedef {{ kind: string, ties: number, active: number, of: number, given: number, received: number,
 *   share_given: number | null, i_answered: number, asked_of_me: number, they_answered: number,
 *   i_asked: number, posts: number, reactions: number, days: number, usual: number | null }} Facts
 * @typedef {{ facts?: Facts | null, detail: string }} Component
 */

/** @param {string[]} names */
function who(names) {
  if (names.length <= NAMES_SHOWN) return list(names);
  return list([...names.slice(0, NAMES_SHOWN), t("why.others", { n: names.length - NAMES_SHOWN })]);
}

/**
 * One move's reason in the window's language, or null for a kind this window does not know
 * (the caller then shows core's English). `names` maps contact ids to names.
 */
/**
 * @param {Move} move
 * @param {Map<number, string>} names
 * @returns {string | null}
 */
export function reasonText(move, names) {
  const r = move.reason;
  if (!r) return null;
  /** @param {number} id */
  const name = (id) => names.get(id) ?? "?";
  const listed = who(move.contacts.map(name));
  // "Léa +12, Ben −8": each name with its own change, so mixed moves read honestly.
  /** @param {boolean} unit */
  const changes = (unit) =>
    (r.changes ?? []).map((c) => `${name(c.contact)} ${unit ? t("why.pts", { value: signed(c.change, 0) }) : signed(c.change, 0)}`).join(", ");
  switch (r.kind) {
    case "depth_steady":
      return t("why.depth_steady");
    case "depth_moved":
      return t("why.depth_moved", { changes: changes(false) });
    case "breadth_lost":
      return t("why.breadth_lost", { n: r.ties, names: listed });
    case "breadth_gained":
      return t("why.breadth_gained", { n: r.ties, names: listed });
    case "breadth_steady":
      return t("why.breadth_steady", { n: r.ties });
    case "reciprocity_steady":
      return t("why.reciprocity_steady");
    case "reciprocity_moved":
      return t("why.reciprocity_moved", { changes: changes(true) });
    case "nothing_exchanged":
      return t("why.nothing_exchanged");
    case "gave":
      return t("why.gave", { n: r.given, received: r.received, names: listed });
    case "received":
      return t("why.received", { n: r.received, given: r.given, names: listed });
    case "answered_all":
      return t("why.answered_all", { n: r.answered, days: Math.round(r.grace_days) });
    case "unanswered":
      return t("why.unanswered", { n: r.late, answered: r.answered, days: Math.round(r.grace_days), names: listed });
    case "they_answered":
      return t("why.they_answered", { n: r.answered });
    case "they_left_unanswered":
      return t("why.they_left_unanswered", { n: r.late, answered: r.answered, days: Math.round(r.grace_days), names: listed });
    case "reach_quiet":
      return t("why.reach_quiet") + (r.usual == null ? "" : t("detail.reach_usual", { usual: number(r.usual) }));
    case "reach_moved":
      return (
        t("why.reach_moved", { n: r.posts, reactions: t("detail.reach_reactions", { n: r.reactions }) }) +
        (r.named > 0 ? t("why.reach_from", { names: listed }) : "") +
        (r.usual == null ? "" : t("detail.reach_usual", { usual: number(r.usual) }))
      );
    default:
      return null;
  }
}

/**
 * What a component's score is made of (core's Component.facts), or core's English line.
 * @param {Component} component
 */
export function componentDetail(component) {
  const f = component.facts;
  switch (f?.kind) {
    case "depth":
      return t("detail.depth", { n: f.ties });
    case "breadth":
      return t("detail.breadth", { n: f.active, of: f.of });
    case "reciprocity":
      return t("detail.reciprocity");
    case "generosity":
      return t("detail.generosity", {
        given: f.given,
        received: f.received,
        share: f.share_given == null ? t("m.none") : percent(f.share_given),
      });
    case "follow_through":
      return t("detail.follow_through", {
        answered: f.i_answered,
        asked: f.asked_of_me,
        their_answered: f.they_answered,
        their_asked: f.i_asked,
      });
    case "reach":
      return (
        t("detail.reach", { reactions: t("detail.reach_reactions", { n: f.reactions }), n: f.posts, days: f.days }) +
        (f.usual == null ? "" : t("detail.reach_usual", { usual: number(f.usual) }))
      );
    default:
      return component.detail;
  }
}

// Parameters that name a thing (a year, an id, a line number) rather than count it: shown as
// written, since "1 900" or "n° 1 234" would misread.
const VERBATIM = new Set(["earliest", "latest", "id", "contact", "question", "interaction", "into", "later", "line", "column", "found", "supported", "version"]);

// List parameters that offer a choice ("en or fr") rather than name everything ("a and b").
const ALTERNATIVES = new Set(["choices", "formats"]);

/** @param {string[]} items */
function either(items) {
  return new Intl.ListFormat(currentLocale(), { style: "long", type: "disjunction" }).format(items);
}

/**
 * Core's reason (an error, an import problem) in the window's language: `error.<key>` filled
 * with its params. Lists read as lists, a nested reason is worded the same way, and the kind of
 * thing named (`entity`, `what`) is translated. A key this window does not know shows `english`.
 */
/**
 * @param {string | null | undefined} key
 * @param {Record<string, unknown> | null | undefined} params
 * @param {string} english
 * @returns {string}
 */
export function coreText(key, params, english) {
  if (!key || !has(`error.${key}`)) return english;
  /** @type {Record<string, unknown>} */
  const p = {};
  for (const [name, v] of Object.entries(params ?? {})) {
    const choice = ALTERNATIVES.has(name) || (key === "me_not_found" && name === "names");
    if (Array.isArray(v)) p[name] = choice ? either(v.map(String)) : list(v.map(String));
    else if (v && typeof v === "object" && "key" in v && typeof v.key === "string") {
      // A reason within the reason (what failed after a merge, why a calendar was refused): a
      // key this window does not know makes the whole sentence fall back on core's English.
      if (!has(`error.${v.key}`)) return english;
      p[name] = coreText(v.key, "params" in v ? /** @type {Record<string, unknown>} */ (v.params) : null, english);
    }
    else if ((name === "entity" || name === "what") && has(`entity.${String(v).replace(/ /g, "_")}`)) {
      p[name] = t(`entity.${String(v).replace(/ /g, "_")}`);
    } else if (name === "list" && has(`transfer.list.${String(v)}`)) {
      // Which of a contact's lists was full (values_left_out): core names it in English.
      p[name] = t(`transfer.list.${String(v)}`);
    } else if (VERBATIM.has(name) && v != null) p[name] = String(v);
    else p[name] = v;
  }
  return t(`error.${key}`, p);
}
