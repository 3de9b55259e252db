// On a contact's page: merging a duplicate into them (with Undo), and the give/take ledger.

import * as api from "./api.js";
import { t, date, number } from "./i18n.js";
import { h, icon, toast, showError, messageOf, renderContact, selectContact } from "./app.js";
import { refreshList } from "./contacts.js";
import { contactPicker } from "./picker.js";

/** Ledger rows shown before "Show all". */
const LEDGER_SHOWN = 8;

/** The dialog that merges a duplicate into `contact`: pick the duplicate, see what moves, confirm. */
export function openMerge(contact) {
  if (document.querySelector("dialog[open]")) return;
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
        { class: "dialog-foot" },
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

async function merge(kept, duplicate) {
  const done = await api.mergeContacts(kept.id, duplicate.id);
  toast(t("merge.done", { merged: duplicate.display_name, kept: kept.display_name }), "info", {
    label: t("toast.undo"),
    run: async () => {
      const back = await api.undoMerge(done.id);
      toast(t("merge.undone", { name: back.display_name }));
      await refreshList();
      await selectContact(back.id);
    },
  });
  await refreshList();
  await renderContact(kept.id);
}

/** What was given to and received from a contact, newest first, with the totals. */
export async function ledgerCard(contactId) {
  let items;
  try {
    items = await api.listValueItems(contactId);
  } catch (error) {
    showError(error);
    return null;
  }
  if (!items.length) return null;
  items.reverse();
  const given = items.filter((v) => v.direction === "given").length;
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
            onclick: (event) => {
              ul.replaceChildren(...items.map(row));
              event.currentTarget.remove();
            },
          },
          t("ledger.all", { n: items.length }),
        )
      : null,
  );
}
