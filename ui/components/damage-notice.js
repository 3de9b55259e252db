// @ts-check
// The notice of a damaged database. The shell runs SQLite's quick check a few seconds after start,
// on a connection of its own; when it fails, this notice stays (it is not a toast that fades) and
// names the newest backup that passes the same check, with a button that restores it as Settings
// does. Writes stay allowed meanwhile (docs/reliability.md): refusing them would lose what the
// user types next, and the backups already refuse the damaged file.

import * as api from "../api.js";
import { t, dateTime } from "../lib/i18n.js";
import { $, h, icon } from "../lib/dom.js";
import { showError, toast } from "../lib/notices.js";
import { afterWrite } from "../lib/changes.js";

const TEST_ID = "damage-notice";

/**
 * Waits for the check that runs after start (the shell answers once it is done), then shows the
 * notice if it found damage: over the app, or over the error screen when damage broke the start.
 * Restore works in both: when the store could not open, the shell puts the checked backup in the
 * file's place (the damaged file kept beside the backups) and opens it.
 */
export async function watchDatabaseHealth() {
  const health = await api.databaseHealth();
  if (health?.check === "damaged") showDamageNotice(health);
}

/**
 * SQLite's first finding: its text may start with a heading such as "*** in database main ***".
 * @param {string} detail
 */
function firstFinding(detail) {
  const lines = detail.split(/[\n;]/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => !l.startsWith("***")) ?? lines[0] ?? "";
}

/** @param {any} health the shell's DatabaseHealth of a damaged database */
function showDamageNotice(health) {
  document.querySelector(`[data-testid="${TEST_ID}"]`)?.remove();
  const good = health.newest_good;
  const when = good ? new Date(good.created_at) : null;
  const text = h("p", { class: "damage-text" });
  const actions = h("div", { class: "damage-actions" });
  const notice = h(
    "div",
    { class: "toast toast-error damage-notice", role: "alert", "data-testid": TEST_ID },
    icon("i-alert"),
    h("div", { class: "toast-text" }, text, actions),
    h(
      "button",
      { type: "button", class: "icon-btn", "aria-label": t("damage.dismiss"), "data-testid": "damage-dismiss", onclick: () => notice.remove() },
      icon("i-close"),
    ),
  );

  const plain = () => {
    const restorable = good && when;
    const damaged = t("damage.notice", { detail: firstFinding(health.detail ?? "") });
    const remedy = !good || !when ? t("damage.no_good_backup") : t("damage.newest_good", { name: good.name, when: dateTime(when) });
    text.textContent = `${damaged} ${remedy}`;
    actions.replaceChildren(
      ...(restorable ? [h("button", { type: "button", class: "btn btn-small", "data-testid": "damage-restore", onclick: ask }, t("damage.restore"))] : []),
    );
  };

  const ask = () => {
    if (!good || !when) return;
    text.textContent = t("settings.restore_ask", { when: dateTime(when) });
    const yes = h(
      "button",
      {
        type: "button",
        class: "btn btn-small btn-danger",
        "data-testid": "damage-restore-confirm",
        onclick: async () => {
          yes.disabled = true;
          try {
            const report = await api.restoreBackup(good.name);
            toast(t("settings.restored", { when: dateTime(when), saved: report.pre_restore_backup.name }));
            // The check again: the shell keeps its answer, which a window started again asks for.
            const after = await api.checkDatabase();
            // Damage that stopped the start: start again, on the restored database.
            if ($("#app").hidden) {
              window.location.reload();
              return;
            }
            // Everything changed: what is on screen is drawn again from the shell's event.
            await afterWrite();
            if (after.check === "damaged") showDamageNotice(after);
            else notice.remove();
          } catch (error) {
            showError(error);
            plain();
          }
        },
      },
      t("settings.restore_confirm"),
    );
    actions.replaceChildren(yes, h("button", { type: "button", class: "btn btn-small btn-quiet", onclick: plain }, t("settings.restore_cancel")));
    yes.focus();
  };

  plain();
  $("#toasts").append(notice);
}
