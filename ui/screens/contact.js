// @ts-check
// A contact's page: who they are, the headline measures (strength, rhythm, whose turn, last
// contact), their charts, every measure with what it is made of, the history of interactions,
// open questions, the give/take ledger and their details. Archiving and merging start here.

import * as api from "../api.js";
import { ApiError } from "../api.js";
import { t, ago, dateTime, date, list, number, percent, signed, span } from "../lib/i18n.js";
import { h, icon, avatar, meter } from "../lib/dom.js";
import { toast, showError, messageOf } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { currentTheme } from "../lib/prefs.js";
import { markSelected, nextPane, setPane, setPaneInPlace } from "../lib/pane.js";
import { go, emit, openQuickLog } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { chartCard, chartLang, chartWidth, CONTACT_CHARTS } from "../components/chart-card.js";
import { whole, cadenceText } from "../components/figures.js";
import { ledgerCard } from "../components/ledger.js";
import { layerSize } from "../lib/layers.js";
import { dayText } from "../lib/format.js";
import { calibrationMark } from "../components/calibration.js";
import { mark } from "../lib/marks.js";
import { openEditInteraction, deleteInteraction, openDeleteContact } from "./correct.js";

/** How many interactions a contact page shows before "Show all". */
const HISTORY_PAGE = 25;
/** Open questions shown on a contact page before "N more": the oldest ones, which wait longest. */
const QUESTIONS_SHOWN = 5;

/**
 * One headline figure: its value, what it is, and a line under it.
 * @param {string} label
 * @param {import("../lib/dom.js").Children} value
 * @param {{ tone?: string, testid?: string | null, detail?: import("../lib/dom.js").Children | null, title?: string | null }} [options]
 */
function fact(label, value, { tone = "", testid = null, detail = null, title = null } = {}) {
  return h(
    "div",
    { class: `fact ${tone}`, "data-testid": testid, title },
    h("span", { class: "fact-value" }, value),
    h("span", { class: "fact-label" }, label),
    detail ? h("span", { class: "fact-detail" }, detail) : null,
  );
}

/** @param {string} channel */
function channelChip(channel) {
  return h("span", { class: `chip ch ch-${channel}` }, t(`channel.${channel}`));
}

/** An open question on the contact's page, answered from there through the quick log. */
function questionItem(q) {
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
      mine ? t("question.awaiting") : t("question.you_owe"),
      " · ",
      h("span", { title: dateTime(q.asked_at) }, t("question.asked_ago", { ago: ago(q.asked_at) })),
    ),
  );
}

/** What a contact's page keeps when it is redrawn where it is (after a change): whose page it
 * is, whether the whole history is open, and the chart tab chosen. */
const page = { id: /** @type {number | null} */ (null), showAll: false, chart: CONTACT_CHARTS[0] };

/**
 * Shows a contact in the pane and marks their row in the list.
 * @param {number} id
 * @param {{ inPlace?: boolean }} [options] the page already shown, redrawn after a change: it
 *   keeps its scroll, its chart tab and its whole history if it was open
 */
export async function selectContact(id, { inPlace = false } = {}) {
  if (!inPlace || page.id !== id) Object.assign(page, { id, showAll: false, chart: CONTACT_CHARTS[0] });
  state.selected = id;
  state.view = "contact";
  markSelected();
  try {
    await renderContact(id, inPlace);
  } catch (error) {
    // Merged away by another program while shown: nothing is left to show here.
    if (inPlace && error instanceof ApiError && error.code === "not_found") await go({ view: "dashboard" });
    else showError(error);
  }
}

/**
 * @param {number} id
 * @param {boolean} inPlace keep the scroll
 */
async function renderContact(id, inPlace) {
  const seq = nextPane();
  // One call: the page, and the chart it opens on. Archived contacts have no measures: their
  // page still opens, with core's reason (`no_measures`) instead.
  // The chart at the width the page showed it last (null: core's default): the page redrawn after
  // a write then needs no second call for it.
  const width = chartWidth("chart-contact");
  const view = await api.contactView(id, { kind: page.chart, theme: currentTheme(), lang: chartLang(), width });
  mark("contact-data");
  if (seq !== state.paneSeq) return;
  state.view = "contact";
  const { contact, interactions: history, open_questions: open } = view;
  const measures = view.measures ?? view.no_measures;
  const showAll = page.showAll;

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
      h("button", { type: "button", class: "btn", "data-testid": "contact-edit", onclick: () => go({ view: "edit", contact }) }, t("contact.edit")),
      contact.archived
        ? null
        : h("button", { type: "button", class: "btn btn-quiet", "data-testid": "contact-merge", onclick: () => emit("merge", contact) }, t("merge.button")),
      h(
        "button",
        { type: "button", class: "btn btn-quiet", "data-testid": "contact-archive", onclick: () => toggleArchive(contact) },
        contact.archived ? t("contact.unarchive") : t("contact.archive"),
      ),
      h(
        "button",
        { type: "button", class: "btn btn-quiet", "data-testid": "contact-delete", onclick: () => openDeleteContact(contact) },
        t("correct.delete_contact"),
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
          {
            type: "button",
            class: "btn btn-quiet more",
            onclick: () => {
              page.showAll = true;
              renderContact(id, true).catch(showError);
            },
          },
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
        h("ul", { class: "q-list" }, open.slice(0, QUESTIONS_SHOWN).map(questionItem)),
        open.length > QUESTIONS_SHOWN
          ? h(
              "button",
              {
                type: "button",
                class: "btn btn-quiet more",
                onclick: (event) => {
                  event.currentTarget.previousElementSibling.replaceChildren(...open.map(questionItem));
                  event.currentTarget.remove();
                },
              },
              t("contact.more_questions", { n: open.length - QUESTIONS_SHOWN }),
            )
          : null,
      ),
    );
  }
  side.push(ledgerCard(view.value_items), detailsCard(contact));

  (inPlace ? setPaneInPlace : setPane)(
    h(
      "article",
      { class: "sheet contact-view", "data-testid": "contact-view", dataset: { id: contact.id } },
      head,
      facts,
      m && history.length
        ? chartCard({
            kinds: CONTACT_CHARTS,
            contact: contact.id,
            name: contact.display_name,
            testid: "chart-contact",
            kind: page.chart,
            drawn: { svg: view.chart, error: view.chart_error },
            drawnWidth: width ?? 960,
            onShow: (kind) => (page.chart = kind),
          })
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
  mark("contact-in-page");
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
  // Said plainly on hover; the formula is one click away, under the measures (How is this computed?).
  const strengthTitle = t("m.strength_plain");
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
      detail: [m.layer ? t(`layer_short.${m.layer}`, { size: number(layerSize(m.layer)) }) : t("layer_short.none"), " ", calibrationMark()],
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

/**
 * One block of the measures grid: a name, a headline, and what it is made of.
 * @param {string} name
 * @param {{ testid: string, title?: string | null, line?: import("../lib/dom.js").Children,
 *   sub?: import("../lib/dom.js").Children, extra?: import("../lib/dom.js").Children }} parts
 */
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

/** Strength's formula with the weights in use, for its "How is this computed?" disclosure. */
function strengthFormula(m) {
  const s = state.settings?.strength_weights ?? state.defaults?.strength_weights;
  return s
    ? t("m.strength_title", {
        strength: number(m.strength, 1),
        wi: number(s.intimacy, 2),
        wn: number(s.intensity, 2),
        wd: number(s.duration, 2),
        ws: number(s.services, 2),
        sum: number(s.intimacy + s.intensity + s.duration + s.services, 2),
      })
    : null;
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
    sub: [
      h("span", { "data-testid": "strength-fade" }, t("m.fade", { pct: percent(p.fade), h: span(p.half_life_days) })),
      h(
        "details",
        { class: "how", "data-testid": "strength-how" },
        h("summary", {}, t("m.how")),
        h("span", { class: "how-body" }, strengthFormula(m), " ", t("m.fade_title", { fade: number(p.fade, 2), h: half })),
      ),
    ],
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

  // A rate's 80% interval and count, quietly beside it: "80% range 17–67%, n = 5".
  const rateInterval = (interval, n) =>
    interval
      ? h(
          "span",
          { class: "rate-interval", "data-testid": "rate-interval" },
          t("m.rate_interval", { lo: percent(interval[0]), hi: percent(interval[1]), n: number(n) }),
        )
      : null;

  const conv = m.conversation;
  const conversation = measure(t("m.conversation"), {
    testid: "measure-conversation",
    title: t("m.conversation_title", { days: number(s.reply_window_days ?? 7, 1) }),
    line: conv.answered_share == null ? t("m.none") : t("m.conversation_line", { share: percent(conv.answered_share) }),
    extra: conv.answered_share == null ? null : meter(100 * conv.answered_share),
    sub:
      conv.my_turns > 0
        ? [
            t("m.conversation_sub", { answered: conv.my_turns_answered, mine: conv.my_turns, ratio: percent(conv.ratio ?? 0) }),
            h("br"),
            rateInterval(conv.answered_share_interval, conv.answered_share_n),
          ]
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
    sub: g.balance == null ? null : [t("m.give_take_sub", { share: percent(g.balance) }), h("br"), rateInterval(g.interval, g.n)],
  });
  // Who gave first, and how long before value came back (all the tie's history).
  const first = m.give_first;
  if (first?.first) {
    const came = first.returned_after_days == null ? "none" : "after";
    const line = t(`m.give_first_${first.first}_${came}`, {
      date: date(first.since),
      after: first.returned_after_days == null ? "" : span(first.returned_after_days),
    });
    giveTake.append(h("p", { class: "measure-sub", "data-testid": "give-first" }, line));
  }

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
          f.interval ? t("m.rate_interval", { lo: percent(f.interval[0]), hi: percent(f.interval[1]), n: number(f.n) }) : null,
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
    sub: r.posts ? [t("m.reactions_sub", { n: r.comments, replied: r.comments_replied }), h("br"), rateInterval(r.interval, r.n)] : null,
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
  const add = (label, value, wide = false, testid = /** @type {string | null} */ (null)) => {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
    rows.push(h("div", { class: wide ? "wide" : null }, h("dt", {}, label), h("dd", { "data-testid": testid }, value)));
  };
  const lines = (items) => items.map((i) => h("span", { class: "line" }, i.value));
  add(t("field.emails"), lines(contact.emails));
  add(t("field.phones"), lines(contact.phones));
  add(t("field.location"), contact.location);
  add(t("field.how_met"), contact.how_met);
  add(t("field.met_on"), contact.met_on ? dayText(contact.met_on) : null, false, "contact-met-on");
  add(t("field.circles"), contact.circles.length ? h("span", { class: "tags" }, contact.circles.map((c) => h("span", { class: "tag" }, c))) : null);
  add(t("field.closeness"), contact.closeness ? t(`closeness.${contact.closeness}`) : null);
  add(t("field.birthday"), contact.birthday ? dayText(contact.birthday) : null, false, "contact-birthday");
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
      h(
        "div",
        { class: "tl-head" },
        channelChip(it.channel),
        h("span", { class: "muted" }, meta.join(" · ")),
        h(
          "span",
          { class: "tl-actions" },
          h(
            "button",
            { type: "button", class: "btn btn-small btn-quiet", "data-testid": "interaction-edit", onclick: () => openEditInteraction(it, contactId) },
            t("correct.edit"),
          ),
          h(
            "button",
            { type: "button", class: "btn btn-small btn-quiet", "data-testid": "interaction-delete", onclick: () => deleteInteraction(it, contactId) },
            t("correct.delete"),
          ),
        ),
      ),
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
    // Drawn once the shell's `changed` event for it is heard, with the list and the badge.
    await afterWrite(() => go({ view: "contact", id: updated.id }));
  } catch (error) {
    showError(error);
  }
}
