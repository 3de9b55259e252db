// @ts-check
// Calibration in the window (issue 14): how well Rapport's strength agrees with the user's own
// closeness ratings, out of sample and beside the defaults, with Apply and Back to the defaults;
// and the quiet "uncalibrated" / "calibrated on N ratings" mark beside every strength shown.

import * as api from "../api.js";
import { t, percent, number, dateTime } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { toast, messageOf } from "../lib/notices.js";
import { currentTheme } from "../lib/prefs.js";
import { chartLang } from "./chart-card.js";
import { isModelUnreadable } from "./model-unreadable.js";

/** calibration_status's last answer: { state: "uncalibrated" } or { state: "calibrated", rated, at }. */
let status = /** @type {any} */ ({ state: "uncalibrated" });

/** Asks core whether the strengths in use are calibrated (with the window, after apply or reset). */
export async function loadCalibrationStatus() {
  try {
    status = await api.calibrationStatus();
  } catch (error) {
    // An unreadable model is said once, by its own notice that leads to Restore defaults: a
    // second, raw error here would only cover that notice's button.
    if (isModelUnreadable(error)) return;
    throw error;
  }
  // A screen drawn before the answer (the dashboard at start) gets the right mark at once.
  for (const mark of document.querySelectorAll('[data-testid="calibration-mark"]')) mark.replaceWith(calibrationMark());
}

/** The small mark beside a strength: "uncalibrated", or "calibrated on N ratings", explained on hover. */
export function calibrationMark() {
  const calibrated = status.state === "calibrated";
  return h(
    "span",
    {
      class: `calibration-mark${calibrated ? " is-calibrated" : ""}`,
      "data-testid": "calibration-mark",
      title: calibrated ? t("cal.mark_calibrated_title", { at: dateTime(status.at) }) : t("cal.mark_uncalibrated_title"),
    },
    calibrated ? t("cal.mark_calibrated", { n: status.rated }) : t("cal.mark_uncalibrated"),
  );
}

/** @param {number | null} v */
const pct = (v) => (v == null ? t("cal.none") : percent(v));
/** @param {number | null} v */
const rho = (v) => (v == null ? t("cal.none") : number(v, 2, 2));

/**
 * The Calibration card of the settings: the plain-words accuracy, the other two metrics one click
 * away, the chart, Apply and Back to the defaults. `reopen` draws the settings again (the model's
 * weights change with Apply and Back to the defaults); `rate` opens "How close are you?".
 * @param {{ reopen: () => unknown, rate: () => unknown }} actions
 */
export function calibrationSection(actions) {
  const body = h("div", { class: "cal-body", "aria-live": "polite" }, h("p", { class: "muted" }, t("cal.loading")));
  const section = h(
    "section",
    { class: "card settings-section", id: "settings-calibration", "aria-labelledby": "settings-calibration-title", "data-testid": "calibration" },
    h("h2", { class: "settings-title", id: "settings-calibration-title" }, t("settings.calibration")),
    h("p", { class: "lead" }, t("cal.lead")),
    body,
  );
  fill(body, actions).catch((e) => body.replaceChildren(h("p", { class: "form-error", role: "alert" }, messageOf(e))));
  return section;
}

/**
 * @param {HTMLElement} body
 * @param {{ reopen: () => unknown, rate: () => unknown }} actions
 */
async function fill(body, actions) {
  const view = await api.calibration({ theme: currentTheme(), lang: chartLang() });
  status = view.status;
  for (const mark of document.querySelectorAll('[data-testid="calibration-mark"]')) mark.replaceWith(calibrationMark());
  const c = view.calibration;
  const error = h("p", { class: "form-error", role: "alert", "data-testid": "cal-error", hidden: true });
  const calibrated = view.status.state === "calibrated";
  const rateButton = h("button", { type: "button", class: "btn", "data-testid": "cal-rate", onclick: () => actions.rate() }, t("cal.rate"));
  /** @param {() => Promise<unknown>} act @param {string} done */
  const acting = (act, done) => async (/** @type {Event} */ event) => {
    const button = /** @type {HTMLButtonElement} */ (event.currentTarget);
    button.disabled = true;
    error.hidden = true;
    try {
      await act();
      await loadCalibrationStatus();
      toast(t(done));
      actions.reopen();
    } catch (e) {
      error.textContent = messageOf(e);
      error.hidden = false;
      button.disabled = false;
    }
  };
  const apply = h("button", { type: "button", class: "btn btn-primary", "data-testid": "cal-apply", onclick: acting(api.applyCalibration, "cal.applied") }, t("cal.apply"));
  const reset = h(
    "button",
    { type: "button", class: "btn btn-quiet", "data-testid": "cal-reset", disabled: !calibrated, onclick: acting(api.resetCalibration, "cal.reset_done") },
    t("cal.reset"),
  );
  const state = h(
    "p",
    { class: "cal-state", "data-testid": "cal-state" },
    calibrated ? t("cal.state_calibrated", { n: view.status.rated, at: dateTime(view.status.at) }) : t("cal.state_uncalibrated"),
  );
  if (!c) {
    body.replaceChildren(state, h("p", { "data-testid": "cal-sentence" }, t("cal.too_few", { n: view.rated, needed: view.min_rated })), h("div", { class: "cal-actions" }, rateButton, apply, reset), error);
    return;
  }
  const sentence = h(
    "p",
    { class: "cal-sentence", "data-testid": "cal-sentence" },
    t("cal.sentence", { pct: percent(c.fitted.within_one), n: c.rated, default: percent(c.default.within_one) }),
  );
  const folds = c.folds.length === c.rated ? t("cal.loo") : t("cal.kfold", { k: c.folds.length });
  const more = h(
    "details",
    { class: "cal-more", "data-testid": "cal-more" },
    h("summary", {}, t("cal.more")),
    h(
      "table",
      { class: "cal-table" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("cal.fitted")), h("th", {}, t("cal.defaults")))),
      h(
        "tbody",
        {},
        h("tr", {}, h("th", { title: t("cal.spearman_title") }, t("cal.spearman")), h("td", {}, rho(c.fitted.spearman)), h("td", {}, rho(c.default.spearman))),
        h("tr", {}, h("th", { title: t("cal.strong_weak_title") }, t("cal.strong_weak")), h("td", {}, pct(c.fitted.strong_weak)), h("td", {}, pct(c.default.strong_weak))),
        h("tr", {}, h("th", {}, t("cal.within_one")), h("td", {}, pct(c.fitted.within_one)), h("td", {}, pct(c.default.within_one))),
      ),
    ),
    h("p", { class: "muted" }, folds, " ", t("cal.weights", {
      intimacy: number(c.weights.intimacy, 2), intensity: number(c.weights.intensity, 2), duration: number(c.weights.duration, 2), services: number(c.weights.services, 2),
    })),
  );
  const verdict = h("p", { class: "muted", "data-testid": "cal-verdict" }, t(c.beats_default ? "cal.beats" : "cal.not_better"));
  body.replaceChildren(
    state,
    sentence,
    verdict,
    // Drawn by core (charts::calibration_svg), shown as an image like every other chart.
    h(
      "figure",
      { class: "cal-figure" },
      h("img", { class: "cal-chart", "data-testid": "cal-chart", alt: t("cal.chart_label"), src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(view.chart ?? "")}` }),
      h("figcaption", { class: "muted" }, t("cal.chart_caption")),
    ),
    more,
    h("div", { class: "cal-actions" }, rateButton, apply, reset),
    error,
  );
}
