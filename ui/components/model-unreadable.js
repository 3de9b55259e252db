// @ts-check
// When the saved model cannot be read (an older Rapport let an imported file store settings
// that are not the model), nothing can be measured: the dashboard and the contact list say so,
// with core's sentence naming the problem, and lead to Settings, where "Restore defaults" puts
// it right. Without this they would spin or stay empty with a notice that soon fades.

import { ApiError } from "../api.js";
import { t } from "../lib/i18n.js";
import { coreText } from "../lib/format.js";
import { h, icon } from "../lib/dom.js";
import { sentence } from "../lib/notices.js";
import { go } from "../lib/events.js";
import { state } from "../lib/state.js";
import { setPane } from "../lib/pane.js";

/**
 * True when `error` is core's refusal to read the saved model.
 * @param {unknown} error
 * @returns {error is ApiError}
 */
export function isModelUnreadable(error) {
  return error instanceof ApiError && error.key === "model_unreadable";
}

/**
 * The notice that stays where the measures would be, with a button to Settings.
 * @param {ApiError} error
 * @param {{ button?: boolean }} [options] `button: false` on Settings itself
 */
export function modelUnreadableNotice(error, { button = true } = {}) {
  return h(
    "div",
    { class: "form-error model-unreadable", role: "alert", "data-testid": "model-unreadable" },
    icon("i-alert"),
    h("p", { class: "model-unreadable-text" }, sentence(coreText(error.key, error.params, error.message))),
    button
      ? h(
          "button",
          { type: "button", class: "btn", "data-testid": "model-unreadable-settings", onclick: () => go({ view: "settings" }) },
          t("model.unreadable_settings"),
        )
      : null,
  );
}

/**
 * Puts the notice in the pane of a screen that could not be drawn without the model (a contact,
 * Open loops), instead of its "measuring…"; not if the pane has drawn something since.
 * @param {ApiError} error
 */
export function showModelUnreadableInPane(error) {
  if (state.paneShown === state.paneSeq) return;
  setPane(h("section", { class: "sheet", "data-testid": "model-unreadable-pane" }, modelUnreadableNotice(error)));
}
