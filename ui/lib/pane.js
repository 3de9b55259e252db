// @ts-check
// The pane on the right: what it shows, which nav item and list row are marked, and the
// "measuring…" note when a screen's data takes more than a moment.

import { t } from "./i18n.js";
import { $, h } from "./dom.js";
import { state } from "./state.js";
import { drawing } from "./changes.js";

/** Marks the contact shown in the pane in the list. */
export function markSelected() {
  for (const row of document.querySelectorAll(".contact-row")) {
    if (Number(/** @type {HTMLElement} */ (row).dataset.id) === state.selected) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  }
}

const NAV = [
  ["dashboard", "#nav-dashboard"],
  ["settings", "#nav-model"],
  ["loops", "#nav-loops"],
  ["posts", "#nav-posts"],
  ["transfer", "#nav-transfer"],
];

/** The sidebar's nav shows where the user is; a contact page is marked in the list instead. */
export function markNav() {
  for (const [view, id] of NAV) {
    const nav = $(id);
    if (state.view === view) nav.setAttribute("aria-current", "page");
    else nav.removeAttribute("aria-current");
  }
}

/**
 * Called with a new pane's sequence number before its data is fetched: if the answer takes
 * more than a moment (a large network being measured), the pane says so instead of freezing.
 * @param {number} seq
 */
export function busySoon(seq) {
  setTimeout(() => {
    if (seq !== state.paneSeq || state.paneShown === seq) return;
    $("#pane").replaceChildren(
      h("p", { class: "busy pane-busy", role: "status", "data-testid": "pane-busy" }, h("span", { class: "spinner", "aria-hidden": "true" }), h("span", {}, t("pane.busy"))),
    );
  }, 400);
}

/**
 * A screen that is not a contact starts: the list unmarks, and the pane counts a new sequence
 * (returned: compare it with state.paneSeq once the data is in, to drop a stale answer).
 * @param {import("./state.js").View} view
 * @param {{ busy?: boolean }} [options] whether to say "measuring…" if the data is slow
 */
export function beginPane(view, { busy = true } = {}) {
  state.view = view;
  state.selected = null;
  markSelected();
  const seq = nextPane();
  if (busy) busySoon(seq);
  return seq;
}

/** The next pane's sequence number, taken as it asks for its data: from then on it is drawn with
 * every change heard so far (lib/changes.js). */
export function nextPane() {
  drawing("pane");
  return ++state.paneSeq;
}

/** @param {...(Node | string | null)} children */
export function setPane(...children) {
  state.paneShown = state.paneSeq;
  const pane = $("#pane");
  pane.replaceChildren(...children.filter((c) => c != null));
  pane.scrollTop = 0;
  markNav();
}

/**
 * As setPane, for the same screen redrawn where it is (after a change): it keeps its scroll.
 * @param {...(Node | string | null)} children
 */
export function setPaneInPlace(...children) {
  const top = $("#pane").scrollTop;
  setPane(...children);
  $("#pane").scrollTop = top;
}
