// @ts-check
// Small pieces of the measures shared by the dashboard and a contact's page.

import { t, number, span } from "../lib/i18n.js";

/**
 * A 0–100 figure as people read it at a glance; the exact value is in its tooltip.
 * @param {number} x
 */
export const whole = (x) => number(Math.round(x));

/**
 * How long since the last contact against the expected gap, in words.
 * @param {{ days_since_last: number | null, expected_days: number }} c
 */
export function cadenceText(c) {
  if (c.days_since_last == null) return t("cadence.detail_never");
  return t("cadence.detail", { since: span(c.days_since_last), expected: span(c.expected_days) });
}
