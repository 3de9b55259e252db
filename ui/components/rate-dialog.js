// @ts-check
// "How close are you?" (issue 14): a short queue of ties (core's rating_queue: spread over
// today's strengths, with enough history), each rated 1–5 with one key, or skipped. Each rating
// is a dated closeness (rate_contact). Closing and coming back continues where it was (the same
// queue, at the same tie); a new sitting asks core again, where rated ties are no longer offered,
// and leaves out the ties skipped since the window opened.

import * as api from "../api.js";
import { t, ago } from "../lib/i18n.js";
import { whole } from "./figures.js";
import { calibrationMark } from "./calibration.js";
import { h, icon, dialogOpen } from "../lib/dom.js";
import { messageOf } from "../lib/notices.js";

/** How many ties one sitting offers. */
const QUEUE_LENGTH = 10;
/** Ties skipped since the window opened: not offered again until it is reopened. */
const skipped = new Set();
/** The sitting in progress: closed before its end, the dialog reopens on the same tie (core's
 * queue is spread over the strengths of the ties left, so asking again would pick others). */
let sitting = /** @type {{ queue: any[], position: number } | null} */ (null);

/**
 * Opens the rating dialog; `onClose` runs when it closes (the settings' accuracy is then stale).
 * @param {() => unknown} [onClose]
 */
export async function openRating(onClose) {
  if (dialogOpen()) return;
  const resumed = sitting && sitting.position < sitting.queue.length ? sitting : null;
  const [view, fetched] = await Promise.all([api.calibration(), resumed ? [] : api.ratingQueue(QUEUE_LENGTH + skipped.size)]);
  const queue = resumed?.queue ?? fetched.filter((/** @type {any} */ c) => !skipped.has(c.contact)).slice(0, QUEUE_LENGTH);
  let rated = view.rated;
  const needed = view.min_rated;
  let position = resumed?.position ?? 0;
  const keep = () => (sitting = { queue, position });
  keep();
  let busy = false;

  const count = h("p", { class: "rate-count", "data-testid": "rate-count", "aria-live": "polite" });
  const card = h("div", { class: "rate-card", "data-testid": "rate-card" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const scale = h(
    "div",
    { class: "rate-scale", role: "group", "aria-label": t("rate.scale") },
    [1, 2, 3, 4, 5].map((n) =>
      h(
        "button",
        { type: "button", class: "btn rate-level", "data-testid": `rate-${n}`, onclick: () => rate(n) },
        h("kbd", {}, String(n)),
        h("span", {}, t(`rate.level.${n}`)),
      ),
    ),
  );
  const skip = h(
    "button",
    { type: "button", class: "btn btn-quiet", "data-testid": "rate-skip", onclick: () => skipOne() },
    t("rate.skip"),
    " ",
    h("kbd", {}, "S"),
  );

  const draw = () => {
    count.textContent =
      rated >= needed ? t("rate.count_enough", { n: rated }) : t("rate.count", { n: rated, needed });
    const c = queue[position];
    if (!c) {
      card.replaceChildren(h("p", { class: "rate-done", "data-testid": "rate-done" }, t(queue.length ? "rate.done" : "rate.empty")));
      scale.hidden = true;
      skip.hidden = true;
      return;
    }
    const before = c.closeness == null ? [] : [h("p", { class: "rate-before" }, t("rate.before", { closeness: c.closeness, when: c.rated_at ? ago(c.rated_at) : t("rate.undated") }))];
    card.replaceChildren(
      h("p", { class: "rate-step" }, t("rate.step", { i: position + 1, n: queue.length })),
      h("h3", { class: "rate-name", "data-testid": "rate-name" }, c.name),
      h(
        "p",
        { class: "rate-history", "data-testid": "rate-history" },
        t("rate.history", { n: c.interactions, last: c.last_interaction_at ? ago(c.last_interaction_at) : t("side.never") }),
      ),
      h("p", { class: "rate-strength" }, t("rate.strength", { strength: whole(c.strength) }), " ", calibrationMark()),
      ...before,
    );
  };

  /** @param {number} closeness */
  const rate = async (closeness) => {
    const c = queue[position];
    if (!c || busy) return;
    busy = true;
    error.hidden = true;
    try {
      await api.rateContact(c.contact, closeness);
      if (c.closeness == null) rated++;
      position++;
      keep();
      draw();
    } catch (e) {
      error.textContent = messageOf(e);
      error.hidden = false;
    } finally {
      busy = false;
    }
  };
  const skipOne = () => {
    const c = queue[position];
    if (!c || busy) return;
    skipped.add(c.contact);
    position++;
    keep();
    draw();
  };

  const dialog = h(
    "dialog",
    { class: "dialog rate-dialog", "data-testid": "rate-dialog", "aria-labelledby": "rate-title" },
    h(
      "header",
      { class: "dialog-head" },
      h("h2", { id: "rate-title" }, t("rate.title")),
      h("button", { type: "button", class: "icon-btn", "data-testid": "rate-close", "aria-label": t("rate.close"), onclick: () => dialog.close() }, icon("i-close")),
    ),
    h("div", { class: "dialog-body" }, h("p", { class: "lead" }, t("rate.lead")), count, card, scale, error),
    h("footer", { class: "form-actions dialog-foot" }, skip, h("span", { class: "spacer" }), h("p", { class: "rate-keys" }, t("rate.keys"))),
  );
  // One key each: 1 to 5 rate, S or → skips (Esc closes, as every dialog).
  dialog.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[1-5]$/.test(event.key)) {
      event.preventDefault();
      rate(Number(event.key));
    } else if (event.key === "s" || event.key === "S" || event.key === "ArrowRight") {
      event.preventDefault();
      skipOne();
    }
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    onClose?.();
  });
  draw();
  document.body.append(dialog);
  dialog.showModal();
  dialog.focus();
}
