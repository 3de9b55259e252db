// Sentences the window writes from core's data rather than core's English: why each component
// of the index moved (core's Move.reason) and what each component is made of (Component.facts).

import { t, list, percent, signed } from "./i18n.js";

/** Names shown in a sentence before "and N others", as core's English does. */
const NAMES_SHOWN = 3;

function who(names) {
  if (names.length <= NAMES_SHOWN) return list(names);
  return list([...names.slice(0, NAMES_SHOWN), t("why.others", { n: names.length - NAMES_SHOWN })]);
}

/**
 * One move's reason in the window's language, or null for a kind this window does not know
 * (the caller then shows core's English). `names` maps contact ids to names.
 */
export function reasonText(move, names) {
  const r = move.reason;
  if (!r) return null;
  const name = (id) => names.get(id) ?? "?";
  const listed = who(move.contacts.map(name));
  // "Léa +12, Ben −8": each name with its own change, so mixed moves read honestly.
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
      return t("why.answered_all", { n: r.answered });
    case "unanswered":
      return t("why.unanswered", { n: r.late, answered: r.answered, days: Math.round(r.grace_days), names: listed });
    case "reach_steady":
      return t("why.reach_steady", { n: r.posts, reacting: r.reacting, before: r.before });
    case "reach_new":
      return t("why.reach_new", { n: r.posts, names: listed });
    default:
      return null;
  }
}

/** What a component's score is made of (core's Component.facts), or core's English line. */
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
      return t("detail.reach", { reactors: f.reactors, n: f.posts, days: f.days });
    default:
      return component.detail;
  }
}

// Core's refusals that the window's own forms can meet, in core's English words (messages are
// not data in core yet). Each known one is written again in the window's language; any other
// shows as core wrote it.
const CORE_MESSAGES = [
  [/^a contact needs a name$/, "core.need_name"],
  [/^an interaction needs at least one contact$/, "core.need_participant"],
  [/^a question needs its text$/, "core.question_text"],
  [/^a question cannot be answered in the interaction that asked it$/, "core.answer_same"],
  [/^"(.*)" is not an email address$/, "core.not_email", (m) => ({ value: m[1] })],
  [/^is (\d+) characters long; the limit is (\d+)$/, "core.too_long", (m) => ({ n: Number(m[1]), max: Number(m[2]) })],
  [/^is (-?\d+) minutes; the limit is one week$/, "core.duration", (m) => ({ n: Number(m[1]) })],
  [/^is (-?\d+); it must be from 1 to 3650 days$/, "core.cadence", (m) => ({ value: Number(m[1]), min: 1, max: 3650 })],
];

/** Core's message in the window's language when it is one of the known refusals. */
export function coreMessage(message) {
  for (const [pattern, key, params] of CORE_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return t(key, params ? params(m) : {});
  }
  return message;
}
