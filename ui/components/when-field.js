// @ts-check
// A date field: one text input that reads what is typed (lib/time.js: "yesterday 18:00",
// "hier 18h", "lun. 14h", a date in the locale's order) and shows beside it, as it is typed,
// the date it understood or why it cannot be one. `read()` gives core's form of the date or
// throws the reason (no fallback to now); a date in the future is saved only when Save is pressed
// a second time on the same text (the confirm step).

import { ApiError } from "../api.js";
import { t, ago, dateTime, date, currentLocale } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { parseWhen, isFuture, storedForm, editableForm, dateOrder } from "../lib/time.js";

/**
 * @typedef {import("../lib/time.js").WhenKind} WhenKind
 * @typedef {import("../lib/time.js").When} When
 */

let fields = 0;

/**
 * The example of a numeric date in the locale's order: "DD/MM/YYYY", "MM/DD/YYYY" (its letters
 * are the window's words for day, month and year).
 */
export function datePattern() {
  const letters = /** @type {Record<string, string>} */ ({ d: t("when.dd"), m: t("when.mm"), y: t("when.yyyy") });
  const sample = new Intl.DateTimeFormat(currentLocale(), { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(2026, 10, 30));
  const separator = sample.replace(/\d/g, "")[0] ?? "/";
  return [...dateOrder(currentLocale())].map((l) => letters[l]).join(separator);
}

/**
 * The window's sentence for why `typed` is not a date.
 * @param {import("../lib/time.js").WhenError} problem
 */
function reasonText(problem) {
  const p = { ...(problem.params ?? {}) };
  const month = Number(p.month);
  if ((problem.error === "bad_day" || problem.error === "bad_day_no_year") && month >= 1 && month <= 12) {
    const options = /** @type {Intl.DateTimeFormatOptions} */ (problem.error === "bad_day" ? { month: "long", year: "numeric" } : { month: "long" });
    p.month = new Intl.DateTimeFormat(currentLocale(), options).format(new Date(Number(p.year) || 2000, month - 1, 1));
  }
  if (problem.error === "unknown" || problem.error === "empty") p.pattern = datePattern();
  return t(`when.${problem.error}`, p);
}

/**
 * @param {When} when
 * @param {WhenKind} kind
 */
function describe(when, kind) {
  if (kind === "datetime") return `${dateTime(when.date)} · ${ago(when.date)}`;
  if (!when.year) return new Intl.DateTimeFormat(currentLocale(), { day: "numeric", month: "long" }).format(when.date);
  return date(when.date);
}

/**
 * @param {{ name: string, testid: string, kind?: WhenKind, stored?: string | null, emptyMeansNow?: boolean,
 *   optional?: boolean, placeholder?: string }} options
 *   `stored`: the value to edit, as core stores it; `emptyMeansNow`: an empty field is now (the
 *   quick log; the preview says so); `optional`: an empty field is no date (null)
 */
export function whenField({ name, testid, kind = "datetime", stored = null, emptyMeansNow = false, optional = false, placeholder }) {
  const previewId = `when-preview-${++fields}`;
  const initial = stored ? editableForm(stored, kind) : "";
  const input = /** @type {HTMLInputElement} */ (
    h("input", {
      type: "text",
      name,
      value: initial,
      autocomplete: "off",
      spellcheck: "false",
      placeholder: placeholder ?? (kind === "datetime" ? t("when.placeholder") : datePattern()),
      "aria-describedby": previewId,
      "data-testid": testid,
    })
  );
  const preview = h("span", { id: previewId, class: "when-preview", "aria-live": "polite", "data-testid": `${testid}-preview` });
  const root = h("span", { class: "when" }, input, preview);
  // In a scrolled dialog, the field comes into view with what is written under it.
  const reveal = () => root.scrollIntoView({ block: "nearest" });
  input.addEventListener("focus", reveal);
  /** The text whose future date the user was asked about: saving it again confirms. */
  let confirmed = "";

  function show() {
    const text = input.value.trim();
    preview.classList.remove("when-bad");
    if (!text) {
      preview.textContent = emptyMeansNow ? t("when.empty_now", { when: dateTime(new Date()) }) : "";
      return;
    }
    const r = parseWhen(text, { kind });
    if ("error" in r) {
      preview.textContent = reasonText(r);
      preview.classList.add("when-bad");
    } else preview.textContent = describe(r, kind);
  }
  input.addEventListener("input", show);
  show();

  /**
   * The refusal, also written under the field: the form's own error line may be scrolled away.
   * @param {string} message
   */
  const refuse = (message) => {
    preview.textContent = message;
    preview.classList.add("when-bad");
    requestAnimationFrame(reveal);
    return new ApiError("invalid", message, name);
  };

  return {
    input,
    preview,
    root,
    /** Whether the field still holds the value it was opened with (an edit leaves it alone). */
    unchanged: () => input.value.trim() === initial,
    /**
     * Core's form of the date typed ("2026-11-30T14:00:00+01:00", "1980-03-22", "--03-22"), null
     * when an optional field is empty; throws the reason it is not a date, or the question to
     * confirm a future one.
     * @returns {string | null}
     */
    read() {
      const text = input.value.trim();
      if (!text && emptyMeansNow) return storedForm({ date: new Date(), time: true, year: true }, kind);
      if (!text && optional) return null;
      const r = parseWhen(text, { kind });
      if ("error" in r) throw refuse(reasonText(r));
      if (isFuture(r) && confirmed !== text) {
        confirmed = text;
        throw refuse(t("when.future", { when: describe(r, kind) }));
      }
      return storedForm(r, kind);
    },
    /** Back to the value it was opened with, its question forgotten. */
    reset() {
      input.value = initial;
      confirmed = "";
      show();
    },
  };
}
