// @ts-check
// Errors and notices: the toasts at the bottom of the sidebar (never over the page: see
// keepPageClearOfNotices), errors inside a form next to what needs fixing, and the words for any
// error in the window's language.

import { ApiError, showInFolder } from "../api.js";
import { t, has } from "./i18n.js";
import { coreText } from "./format.js";
import { $, h, icon } from "./dom.js";

/** @param {string} field */
function fieldLabel(field) {
  return has(`field.${field}`) ? t(`field.${field}`) : field;
}

/**
 * Core writes its messages to follow a field name ("name: is empty"); alone, they start a sentence.
 * @param {string} text
 */
export function sentence(text) {
  return text ? text[0].toLocaleUpperCase() + text.slice(1) : text;
}

/**
 * What went wrong, in the window's language.
 * @param {unknown} error
 */
export function messageOf(error) {
  if (error instanceof ApiError) {
    if (error.code === "no_tauri") return t("error.no_tauri");
    const text = coreText(error.key, error.params, error.message);
    return error.field ? `${fieldLabel(error.field)}${t("colon")}${text}` : sentence(text);
  }
  const message = error instanceof Error ? error.message : error;
  return t("error.unknown", { detail: String(message) });
}

/**
 * Notices never sit over anything one clicks: they stack at the bottom of the sidebar, beside the
 * page, and while some are shown the contact list ends above them, by the height the root's
 * --notices-clear carries (a centred screen's content moves right of them: toast.css). Once, at
 * start (a damaged database's notice can come before the app's screen).
 */
export function keepPageClearOfNotices() {
  const stack = $("#toasts");
  const measure = () => {
    const shown = stack.childElementCount > 0;
    // The stack's own height, its distance from the window's bottom, and a gap above it.
    const clear = shown ? stack.getBoundingClientRect().height + 2 * parseFloat(getComputedStyle(stack).bottom) : 0;
    document.documentElement.style.setProperty("--notices-clear", `${Math.ceil(clear)}px`);
    document.documentElement.toggleAttribute("data-notices", shown);
  };
  new ResizeObserver(measure).observe(stack);
  // A notice removed while another of the same height takes its place changes no size.
  new MutationObserver(measure).observe(stack, { childList: true });
  measure();
}

/**
 * @typedef {{ label: string, run: () => unknown }} ToastAction
 */

/**
 * A notice; `action` ({ label, run }) adds a button, such as Undo, that also closes it. A notice
 * that must not go unseen (`stay`) stays until it is dismissed.
 * @param {string} message
 * @param {"info" | "error"} [kind]
 * @param {ToastAction | null} [action]
 * @param {{ stay?: boolean }} [options]
 */
export function toast(message, kind = "info", action = null, { stay = false } = {}) {
  // The same notice already shown is not stacked again: the calls that meet one problem (an
  // unreadable model: the list, the badge, the views) would pile copies over the sidebar.
  const same = (/** @type {Element} */ shown) =>
    shown.classList.contains(`toast-${kind}`) && !shown.querySelector(".toast-action") && shown.querySelector(".toast-text")?.textContent === message;
  if (!action && Array.from($("#toasts").children).some(same)) return;
  const el = h(
    "div",
    {
      class: `toast toast-${kind}`,
      role: kind === "error" ? "alert" : "status",
      "data-testid": kind === "error" ? "toast-error" : "toast",
    },
    icon(kind === "error" ? "i-alert" : "i-check"),
    h("p", { class: "toast-text" }, message),
    action
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn-small toast-action",
            "data-testid": "toast-action",
            onclick: () => {
              el.remove();
              Promise.resolve(action.run()).catch(showError);
            },
          },
          action.label,
        )
      : null,
    h(
      "button",
      { type: "button", class: "icon-btn", "aria-label": t("toast.close"), onclick: () => el.remove() },
      icon("i-close"),
    ),
  );
  $("#toasts").append(el);
  // Errors stay longer: they are the ones a person needs to read to the end; an undo stays long
  // enough to change one's mind.
  if (!stay) setTimeout(() => el.remove(), kind === "error" ? 12000 : action ? 10000 : 5000);
}

/**
 * Says where a file went (an export, a chart, a calendar, a backup), with "Show in folder".
 * @param {string} message
 * @param {{ reveal: number }} saved what the save answered
 */
export function savedNotice(message, saved) {
  toast(message, "info", { label: t("notice.show_in_folder"), run: () => showInFolder(saved.reveal) });
}

/**
 * A day's automatic backup that failed shows as a notice that stays, with the reason and where
 * the app's log is (the shell writes the same line there). Once, at start.
 */
export async function watchBackupFailures() {
  const listen = window.__TAURI__?.event?.listen;
  if (!listen) return;
  await listen("backup-failed", (event) => {
    const failed = /** @type {{ failure: { key: string, params: Record<string, unknown>, message: string }, log: string }} */ (
      event.payload
    );
    const reason = sentence(coreText(failed.failure.key, failed.failure.params, failed.failure.message));
    // Core's reasons end without a stop; here another sentence follows.
    const ended = /[.!?…]$/.test(reason) ? reason : `${reason}.`;
    toast(t("backup.failed", { reason: ended, log: failed.log }), "error", null, { stay: true });
  });
}

/** @param {unknown} error */
export function showError(error) {
  console.error(error);
  toast(messageOf(error), "error");
}

/**
 * Shows an error inside a form (its `.form-error` box), next to what needs fixing; null clears it.
 * @param {HTMLFormElement} form
 * @param {unknown} error
 */
export function formError(form, error) {
  const box = $(".form-error", form);
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  if (!error) {
    box.hidden = true;
    return;
  }
  $(".form-error-text", box).textContent = messageOf(error);
  box.hidden = false;
  const input = error instanceof ApiError && error.field ? form.querySelector(`[name="${error.field}"]`) : null;
  if (input instanceof HTMLElement) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}
