// @ts-check
// The keyboard shortcuts dialog (the ? key or the ? button of the sidebar), listed from the same
// table that dispatches them.

import { $, dialogOpen } from "../lib/dom.js";
import { renderHelp } from "../lib/shortcuts.js";

export function setupHelp() {
  renderHelp($("#help-keys"));
  $("#help-close").addEventListener("click", () => /** @type {HTMLDialogElement} */ ($("#help-dialog")).close());
}

export function openHelp() {
  if (dialogOpen()) return;
  /** @type {HTMLDialogElement} */ ($("#help-dialog")).showModal();
  // The list, not the close button, takes the focus: nothing looks pressed when it opens.
  $("#help-keys").focus();
}
