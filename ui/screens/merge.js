// @ts-check
// The merge dialog of a contact's page: pick the duplicate, see what moves, confirm; the notice
// can undo it.

import * as api from "../api.js";
import { t } from "../lib/i18n.js";
import { h, icon, dialogOpen } from "../lib/dom.js";
import { toast, messageOf } from "../lib/notices.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { contactPicker } from "../components/picker.js";

/** The dialog that merges a duplicate into `contact`: pick the duplicate, see what moves, confirm. */
/** @param {{ id: number, display_name: string }} contact */
export function openMerge(contact) {
  if (dialogOpen()) return;
  let chosen = null;
  const preview = h("div", { class: "merge-preview", "aria-live": "polite" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const confirm = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "merge-confirm", disabled: true }, t("merge.confirm"));
  const picker = contactPicker({
    label: t("merge.pick"),
    testid: "merge-pick",
    placeholder: t("merge.pick_placeholder"),
    exclude: (c) => c.id === contact.id,
    onPick: (c) => {
      chosen = c;
      preview.replaceChildren(
        h(
          "p",
          { class: "merge-what", "data-testid": "merge-preview" },
          t("merge.preview", { merged: c.display_name, kept: contact.display_name, n: c.interaction_count }),
        ),
      );
      confirm.disabled = false;
      confirm.focus();
    },
  });
  const dialog = h(
    "dialog",
    { class: "dialog dialog-small", "data-testid": "merge-dialog", "aria-labelledby": "merge-title" },
    h(
      "form",
      {
        method: "dialog",
        onsubmit: async (event) => {
          event.preventDefault();
          if (!chosen) return;
          confirm.disabled = true;
          try {
            await merge(contact, chosen);
            dialog.close();
          } catch (e) {
            error.textContent = messageOf(e);
            error.hidden = false;
            confirm.disabled = false;
          }
        },
      },
      h(
        "header",
        { class: "dialog-head" },
        h("h2", { id: "merge-title" }, t("merge.title", { name: contact.display_name })),
        h("button", { type: "button", class: "icon-btn", "aria-label": t("log.cancel"), onclick: () => dialog.close() }, icon("i-close")),
      ),
      h("div", { class: "dialog-body" }, h("p", { class: "lead" }, t("merge.lead", { name: contact.display_name })), picker.root, preview, error),
      h(
        "footer",
        { class: "form-actions dialog-foot" },
        h("button", { type: "button", class: "btn btn-quiet", onclick: () => dialog.close() }, t("log.cancel")),
        confirm,
      ),
    ),
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  picker.input.focus();
}

/**
 * @param {{ id: number, display_name: string }} kept
 * @param {{ id: number, display_name: string }} duplicate
 */
async function merge(kept, duplicate) {
  const done = await api.mergeContacts(kept.id, duplicate.id);
  toast(t("merge.done", { merged: duplicate.display_name, kept: kept.display_name }), "info", {
    label: t("toast.undo"),
    run: async () => {
      const back = await api.undoMerge(done.id);
      toast(t("merge.undone", { name: back.display_name }));
      await afterWrite(() => go({ view: "contact", id: back.id }));
    },
  });
  // The list and the badge follow the shell's `changed` event; the page is drawn once it is heard.
  await afterWrite(() => go({ view: "contact", id: kept.id }));
}
