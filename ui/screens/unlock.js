// @ts-check
// The passphrase prompt: an encrypted database whose key is not in the keychain.

import * as api from "../api.js";
import { ApiError } from "../api.js";
import { t } from "../lib/i18n.js";
import { $, showScreen, tNodes, pathNode } from "../lib/dom.js";
import { messageOf, showError } from "../lib/notices.js";
import { state } from "../lib/state.js";

/** A locked database this build can open with a passphrase (one without encryption cannot: the
 * fatal screen then says so). */
export async function canUnlock() {
  try {
    const status = await api.encryptionStatus();
    return status.available && status.locked;
  } catch {
    return false;
  }
}

export function showUnlock() {
  const path = state.info?.db_path_display;
  $("#unlock-path").replaceChildren(...(path ? tNodes("fatal.path", { path: pathNode(path) }) : []));
  showScreen("unlock");
  $("#unlock-passphrase").focus();
}

/**
 * Wires the prompt; `unlocked(info)` carries on with app_info's new answer once the database opens.
 * @param {(info: any) => Promise<void>} unlocked
 */
export function setupUnlock(unlocked) {
  $("#unlock-form").addEventListener("submit", (event) => unlock(event, unlocked).catch(showError));
  $("#unlock-show").addEventListener("change", (event) => {
    /** @type {HTMLInputElement} */ ($("#unlock-passphrase")).type = /** @type {HTMLInputElement} */ (event.target).checked ? "text" : "password";
  });
}

/**
 * @param {Event} event
 * @param {(info: any) => Promise<void>} unlocked
 */
async function unlock(event, unlocked) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($("#unlock-passphrase"));
  const error = $("#unlock-error");
  /** @param {string} text */
  const fail = (text) => {
    error.textContent = text;
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    input.select();
  };
  if (!input.value.trim()) {
    fail(t("unlock.empty"));
    return;
  }
  const submit = /** @type {HTMLButtonElement} */ ($("#unlock-submit"));
  error.hidden = true;
  input.removeAttribute("aria-invalid");
  submit.disabled = true;
  input.readOnly = true;
  $("#unlock-busy").hidden = false;
  try {
    await api.unlockDatabase(input.value);
  } catch (e) {
    // Core's refusal names the file; the prompt already shows it, so say it in the window's language.
    fail(e instanceof ApiError && e.field === "passphrase" ? t("unlock.wrong") : messageOf(e));
    return;
  } finally {
    submit.disabled = false;
    input.readOnly = false;
    $("#unlock-busy").hidden = true;
  }
  input.value = "";
  await unlocked(await api.appInfo());
}
