// @ts-check
// The dashboard (Ctrl+1): the Network Value Index with its band, its six components, the charts
// of the network, why the index moved, suggestions, and the strongest ties.

import * as api from "../api.js";
import { t, ago, dateTime, date, number, percent, signed, span, currentLocale } from "../lib/i18n.js";
import { componentDetail, reasonText } from "../lib/format.js";
import { h, icon, meter } from "../lib/dom.js";
import { sentence, showError, savedNotice } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { beginPane, markNav, setPane, setPaneInPlace } from "../lib/pane.js";
import { go, openQuickLog } from "../lib/events.js";
import { mark } from "../lib/marks.js";
import { chartCard, chartLang, NETWORK_CHARTS } from "../components/chart-card.js";
import { whole, cadenceText } from "../components/figures.js";
import { LAYER_RANKS } from "../lib/layers.js";
import { DOMAIN } from "../gen/domain.js";
import { quietTurnDays } from "../lib/model.js";
import { isModelUnreadable, modelUnreadableNotice } from "../components/model-unreadable.js";
import { calibrationMark } from "../components/calibration.js";
import { openRating } from "../components/rate-dialog.js";

/**
 * The days "why it moved" spans (the model's `why_days`), from its two dates.
 * @param {{ from: { at: string }, to: { at: string } }} why
 */
const whyDays = (why) => Math.round((Date.parse(why.to.at) - Date.parse(why.from.at)) / 86_400_000);

/** Items of each suggestion group shown on the dashboard before "N more". */
const SUGGESTIONS_SHOWN = 4;

/** The dashboard's data asked for at start (see app.js's boot), used once by the first dashboard. */
/** @type {Promise<any> | null} */
let early = null;

/** The dashboard's measures, with the names of the contacts that "why it moved" mentions
 * (archived ones included) in `names`: one call, not a list of every contact. */
function dashboardData() {
  return api.dashboard();
}

/** Asks for the dashboard's data now (at start, beside app_info), for the first dashboard drawn. */
export function fetchEarly() {
  early = dashboardData().catch(() => null);
}

/** Drops the early answer: a write may since have changed it, or the dashboard is not first. */
export function dropEarly() {
  early = null;
}

/** @param {number} id */
const openContact = (id) => go({ view: "contact", id, reveal: true });

/** The network chart's tab, kept while the dashboard is redrawn where it is. */
let chartKind = NETWORK_CHARTS[0];

/**
 * Shows the dashboard; `inPlace`: redrawn after a change, where it was (scroll, chart tab).
 * @param {{ inPlace?: boolean }} [options]
 */
export async function showDashboard({ inPlace = false } = {}) {
  const seq = beginPane("dashboard", { busy: !inPlace });
  if (!inPlace) chartKind = NETWORK_CHARTS[0];
  markNav();
  const pending = early;
  early = null;
  let data;
  try {
    data = (pending && (await pending)) || (await dashboardData());
  } catch (error) {
    // Nothing can be measured: say why where the index would be, rather than spin.
    if (!isModelUnreadable(error) || seq !== state.paneSeq) throw error;
    const title = h("div", { class: "sheet-head" }, h("h1", {}, t("dash.title")));
    setPane(h("section", { class: "sheet dashboard", "data-testid": "dashboard" }, title, modelUnreadableNotice(error)));
    return;
  }
  const d = data;
  mark("dashboard-data");
  if (seq !== state.paneSeq) return;
  /** @type {Map<number, string>} */
  const names = new Map(Object.entries(d.names ?? {}).map(([id, name]) => [Number(id), String(name)]));
  const hasHistory = d.strongest.some((/** @type {any} */ m) => m.interactions > 0);

  const head = h(
    "header",
    { class: "dash-head" },
    h(
      "div",
      { class: "sheet-head" },
      h("h1", {}, t("dash.title")),
      h("p", { class: "lead" }, t("dash.lead", { date: date(d.network.at) })),
      // Kept from an earlier run, before another program's change: the redraw replaces it.
      d.updating ? h("p", { class: "lead", role: "status", "data-testid": "dash-updating" }, t("dash.updating")) : null,
    ),
    h(
      "button",
      { type: "button", class: "btn", "data-testid": "dash-model", onclick: () => go({ view: "settings" }) },
      icon("i-sliders"),
      t("dash.model"),
    ),
  );
  const hero = h("div", { class: "dash-hero" }, indexCard(d, hasHistory), componentsCard(d.network, hasHistory));
  const chart = hasHistory
    ? chartCard({
        kinds: NETWORK_CHARTS,
        testid: "chart-network",
        kind: chartKind,
        onShow: (kind) => (chartKind = kind),
        updating: d.charts_updating ?? [],
      })
    : null;
  const below = () =>
    hasHistory
      ? h(
          "div",
          { class: "columns" },
          h("div", { class: "col-main" }, whyCard(d.why, names), thisWeekCard(), suggestionsBlock(d.suggestions)),
          h("aside", { class: "col-side" }, strongestCard(d.strongest)),
        )
      : null;
  // What lies below the fold (why it moved, suggestions, strongest ties) follows the first frame:
  // on a large network building and laying it out took as long again as the index, which is what
  // the user looks for. Redrawn in place (after a change), the sheet is replaced whole, so that
  // nothing on screen goes and comes back.
  const deferBelow = !inPlace;
  const sheet = h("section", { class: "sheet dashboard", "data-testid": "dashboard" }, head, hero, chart, deferBelow ? null : below());
  (inPlace ? setPaneInPlace : setPane)(sheet);
  mark("dashboard-in-page");
  requestAnimationFrame(() => {
    mark("dashboard-frame");
    if (!deferBelow) return;
    setTimeout(() => {
      if (seq !== state.paneSeq) return;
      const rest = below();
      if (rest) sheet.append(rest);
      mark("dashboard-complete");
    });
  });
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
        h("button", { type: "button", class: "btn", onclick: () => go({ view: "new" }) }, t("dash.empty_add")),
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
    // How sure the index is: its 80% interval (docs/model.md, "Uncertainty").
    h(
      "p",
      { class: "fine nvi-interval", "data-testid": "nvi-interval", title: t("dash.interval_title") },
      t("dash.interval", { lo: whole(n.interval[0]), hi: whole(n.interval[1]) }),
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
    h("p", { class: "nvi-meaning" }, t(`band_meaning.${n.band}`, { lo: whole(n.interval[0]), hi: whole(n.interval[1]) })),
    h(
      "p",
      {
        class: `nvi-change ${change >= 0.05 ? "up" : change <= -0.05 ? "down" : ""}`,
        "data-testid": "nvi-change",
        title: t("dash.change_title", { from: number(d.why.from.index, 1), to: number(d.why.to.index, 1), days: whyDays(d.why) }),
      },
      t("dash.change", { change: signed(change), days: whyDays(d.why) }),
    ),
    h(
      "div",
      { class: "nvi-facts" },
      h("p", { class: "fine" }, t("dash.active", { n: n.active_ties })),
      replyQuestionsLine(n.reply_questions),
      h(
        "dl",
        { class: "layers", title: t("dash.layers_title") },
        n.layer_counts.map((count, i) =>
          h("div", { class: "layer" }, h("dt", {}, t(`layer.${LAYER_RANKS[i]}`)), h("dd", {}, number(count))),
        ),
      ),
    ),
  );
}

/**
 * The essay's statistic in words: how many of the questions I ended my replies to comments with
 * went unanswered (past the grace days), with its 80% interval; nothing before any such question.
 * @param {{ asked: number, answered: number, unanswered: number, waiting: number,
 *   unanswered_share: number | null, interval: number[] | null } | undefined} q
 */
function replyQuestionsLine(q) {
  if (!q || q.asked === 0) return null;
  const counted = q.answered + q.unanswered;
  const text =
    counted === 0
      ? t("dash.reply_questions_waiting", { n: q.waiting })
      : t("dash.reply_questions", {
          n: counted,
          unanswered: q.unanswered,
          lo: percent(q.interval?.[0] ?? 0),
          hi: percent(q.interval?.[1] ?? 1),
        });
  return h("p", { class: "fine", "data-testid": "reply-questions" }, text);
}

/** A meter with the score's 80% interval drawn over it as a light band. */
function meterWithRange(score, [lo, hi]) {
  const m = meter(score);
  const range = h("span", { class: "meter-range" });
  range.style.left = `${Math.max(0, Math.min(100, lo))}%`;
  range.style.width = `${Math.max(0, Math.min(100, hi) - Math.max(0, lo))}%`;
  m.append(range);
  return m;
}

/** The component's interval and evidence in words: "80% range 55–85, from 9 pieces of evidence". */
function componentInterval(c) {
  const [lo, hi] = c.interval;
  return c.n > 0
    ? t("dash.component_interval", { lo: whole(lo), hi: whole(hi), n: number(c.n, c.n < 10 ? 1 : 0) })
    : t("dash.component_prior", { lo: whole(lo), hi: whole(hi) });
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
            h(
              "span",
              { class: "comp-bar", title: `${t("dash.score_title", { name, score: whole(c.score), detail: c.detail })} ${componentInterval(c)}.` },
              meterWithRange(c.score, c.interval),
            ),
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
          h("p", { class: "fine", "data-testid": "component-interval" }, `${sentence(componentInterval(c))}.`),
          // The formula behind the row's points, shown on the click that opens it (not only in a hover).
          known
            ? h(
                "p",
                { class: "fine", "data-testid": "component-formula" },
                t("dash.points_title", { weight, score: number(c.score, 1), sum: number(inUse, 2), points: number(c.contribution, 1) }),
              )
            : null,
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
    // A move inside the noise (the score before lies within its 80% range now) is not a move.
    const noise = !noData && Math.abs(m.points) >= 0.05 && m.within_noise;
    const steady = noData || noise || Math.abs(m.points) < 0.05;
    return h(
      "li",
      { class: `move ${steady ? "steady" : ""}`, "data-testid": "move", dataset: { noise: String(noise) } },
      h(
        "span",
        {
          class: `delta ${steady ? "" : m.points > 0 ? "up" : "down"}`,
          title: noData
            ? t("dash.move_nodata_title", { name, points: signed(m.points, 2) })
            : noise
              ? t("dash.move_noise_title", { name, points: signed(m.points, 2) })
              : t("dash.move_title", { name, points: signed(m.points, 2), days: whyDays(why) }),
        },
        noData ? t("dash.no_data_short") : noise ? t("dash.noise") : steady ? t("dash.steady") : signed(m.points),
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
      h("span", { class: "fine" }, t("dash.why_period", { days: whyDays(why) })),
      h(
        "span",
        {
          class: "why-change",
          title: t("dash.change_title", { from: number(why.from.index, 1), to: number(why.to.index, 1), days: whyDays(why) }),
        },
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
  only_broadcast: (s) => ({ detail: t("sugg.broadcast_item", { answered: s.answered, turns: s.my_turns }) }),
};

/** How far ahead This week looks: core's default, as the CLI's `agenda` (ui/gen/domain.js). */
const AGENDA_DAYS = DOMAIN.agenda_days;

/** A calendar day (`YYYY-MM-DD`) as a local date: `new Date("2026-12-05")` would be UTC midnight,
 * the day before west of Greenwich. @param {string} day */
function localDay(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** @param {string} day */
const shortDay = (day) =>
  new Intl.DateTimeFormat(currentLocale(), { weekday: "short", day: "numeric", month: "short" }).format(localDay(day));

/** Each group of This week: its items, and how one line reads and what logs it. */
const AGENDA_GROUPS = {
  catch_ups: (/** @type {any} */ c) => ({
    detail: t("sugg.reconnect_item", { silent: span(c.days_silent), expected: span(c.expected_days) }),
    meta: t(`cadence.${c.status}`),
    log: () => openQuickLog([{ id: c.contact, display_name: c.name }], { initiatedBy: "me" }),
  }),
  birthdays: (/** @type {any} */ b) => ({
    detail: b.turns != null ? t("agenda.turns", { n: b.turns }) : "",
    meta: `${shortDay(b.on)} · ${ago(localDay(b.on))}`,
    log: () => openQuickLog([{ id: b.contact, display_name: b.name }], { initiatedBy: "me" }),
  }),
  questions_i_owe: (/** @type {any} */ q) => ({
    name: q.contact_name,
    detail: t("quote", { text: q.text }),
    meta: t("sugg.question_item", { ago: ago(q.asked_at) }),
    // The answer ticked, as Open loops does: logging the reply settles it.
    log: () => openQuickLog([{ id: q.contact, display_name: q.contact_name }], { answers: [q.id], initiatedBy: "me" }),
  }),
  my_turn: (/** @type {any} */ turn) => ({
    detail: "",
    meta: turn.since ? t("loops.since", { ago: ago(turn.since) }) : "",
    log: () => openQuickLog([{ id: turn.contact, display_name: turn.name }], { initiatedBy: "me" }),
  }),
};

/**
 * This week: what the network asks of me in the next two weeks, each line one key (Enter) from
 * the quick log that settles it. Drawn empty and filled when the agenda arrives, so that the
 * dashboard never waits for it.
 */
function thisWeekCard() {
  const body = h("div", { class: "agenda-body", "aria-busy": "true" }, h("p", { class: "next-empty" }, t("agenda.loading")));
  const save = h(
    "button",
    {
      type: "button",
      class: "btn btn-quiet",
      "data-testid": "agenda-ics",
      title: t("agenda.save_title"),
      onclick: async () => {
        save.disabled = true;
        try {
          const saved = await api.saveAgendaCalendar(AGENDA_DAYS, chartLang());
          if (saved) savedNotice(t("agenda.saved", { path: saved.path_display }), saved);
        } catch (error) {
          showError(error);
        } finally {
          save.disabled = false;
        }
      },
    },
    t("agenda.save"),
  );
  const card = h(
    "section",
    { class: "card next-card agenda", "data-testid": "agenda" },
    h("header", { class: "agenda-head" }, h("h2", {}, t("agenda.title")), save),
    h("p", { class: "fine" }, t("agenda.lead", { days: AGENDA_DAYS })),
    body,
  );
  api
    .agenda(AGENDA_DAYS)
    .then((agenda) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(...Object.keys(AGENDA_GROUPS).map((kind) => agendaGroup(kind, agenda)));
    })
    .catch((error) => {
      body.removeAttribute("aria-busy");
      body.replaceChildren(h("p", { class: "next-empty" }, t("agenda.failed")));
      showError(error);
    });
  return card;
}

/** @param {string} kind @param {any} agenda */
function agendaGroup(kind, agenda) {
  /** @type {any[]} */
  const items = agenda[kind] ?? [];
  const total = kind === "catch_ups" ? agenda.catch_ups_total : items.length;
  const item = (/** @type {any} */ x) => {
    const { name, detail, meta, log } = AGENDA_GROUPS[kind](x);
    const who = name ?? x.name;
    return h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "next-item", "data-testid": "agenda-item", dataset: { id: x.contact }, title: t("agenda.log_title", { name: who }), onclick: log },
        h("span", { class: "next-name" }, who),
        h("span", { class: "next-detail" }, detail),
        meta ? h("span", { class: "next-meta" }, meta) : null,
      ),
    );
  };
  const rest = total > items.length ? h("p", { class: "fine" }, t("agenda.catch_ups_rest", { n: total - items.length })) : null;
  const list = h("ul", { class: "next-list" }, items.slice(0, SUGGESTIONS_SHOWN).map(item));
  const more =
    items.length > SUGGESTIONS_SHOWN
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-quiet more",
            onclick: (/** @type {MouseEvent} */ event) => {
              list.replaceChildren(...items.map(item));
              // Beyond the listed ones, only a count: said once the list is opened in full.
              /** @type {HTMLElement} */ (event.currentTarget).replaceWith(rest ?? "");
            },
          },
          t("sugg.more", { n: items.length - SUGGESTIONS_SHOWN }),
        )
      : null;
  const folded =
    kind === "my_turn" && agenda.quiet_turns > 0 ? h("p", { class: "fine" }, t("loops.my_turn_older", { n: agenda.quiet_turns, days: quietTurnDays() })) : null;
  return h(
    "section",
    { class: "next-group", "data-testid": `agenda-${kind}` },
    h("header", { class: "next-head" }, h("h3", {}, t(`agenda.${kind}`)), total ? h("span", { class: "count" }, number(total)) : null),
    items.length ? [list, more ?? rest] : h("p", { class: "next-empty" }, t(`agenda_empty.${kind}`, { days: agenda.days, n: agenda.days })),
    folded,
  );
}

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
    h("h2", {}, t("dash.strongest"), " ", calibrationMark()),
    rows.length ? h("ol", { class: "tie-list" }, rows) : h("p", { class: "muted" }, t("dash.strongest_empty")),
    // Ratings check these strengths against the user's own sense of closeness (issue 14).
    h("button", { type: "button", class: "btn btn-quiet btn-small", "data-testid": "dash-rate", onclick: () => openRating().catch(showError) }, t("cal.rate")),
  );
}
