// @ts-check
// The give/take ledger of a contact's page: what was given to and received from them, newest
// first, with the totals.

import { t, date, number } from "../lib/i18n.js";
import { h } from "../lib/dom.js";

/** Ledger rows items before "Show all". */
const LEDGER_SHOWN = 8;

/**
 * What was given to and received from a contact, newest first, with the totals; nothing when
 * nothing was. `valueItems` is their value as core lists it (contact_view's `value_items`),
 * oldest first.
 * @param {{ direction: "given" | "received", kind: string, at: string, weight: number | null, note: string | null }[]} valueItems
 */
export function ledgerCard(valueItems) {
  if (!valueItems.length) return null;
  const items = [...valueItems].reverse();
  const given = items.filter((v) => v.direction === "given").length;
  /** @param {(typeof items)[number]} v */
  const row = (v) =>
    h(
      "li",
      { class: `ledger-row ledger-${v.direction}`, "data-testid": "ledger-item" },
      h("span", { class: "ledger-dir", "aria-hidden": "true" }, v.direction === "given" ? "→" : "←"),
      h(
        "span",
        { class: "ledger-main" },
        h(
          "span",
          { class: "ledger-top" },
          h("span", { class: "ledger-kind" }, t(`item.${v.direction}`, { kind: t(`kind.${v.kind}`).toLowerCase() })),
          h("span", { class: "ledger-when", title: v.weight ? t("ledger.weight", { n: number(v.weight, 1) }) : null }, date(v.at)),
        ),
        v.note ? h("span", { class: "ledger-note" }, v.note) : null,
      ),
    );
  const ul = h("ul", { class: "ledger" }, items.slice(0, LEDGER_SHOWN).map(row));
  return h(
    "section",
    { class: "card", "data-testid": "ledger" },
    h("h2", {}, t("ledger.title")),
    h("p", { class: "muted small", "data-testid": "ledger-totals" }, t("ledger.totals", { given, received: items.length - given })),
    ul,
    items.length > LEDGER_SHOWN
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-quiet more",
            onclick: (/** @type {MouseEvent} */ event) => {
              ul.replaceChildren(...items.map(row));
              /** @type {HTMLElement} */ (event.currentTarget).remove();
            },
          },
          t("ledger.all", { n: items.length }),
        )
      : null,
  );
}
