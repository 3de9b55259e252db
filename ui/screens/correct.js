// @ts-check
// Correcting what was logged, from a contact's page: edit an interaction (a small dialog),
// delete it, delete a contact after a sentence that says what goes. Every delete's notice has an
// Undo: the shell keeps the rows a delete removed and answers with a token, which the notice's
// button sends back (the window never holds or sends rows of its own).

import * as api from "../api.js";
import { t, list } from "../lib/i18n.js";
import { h, icon, dialogOpen } from "../lib/dom.js";
import { toast, messageOf, showError } from "../lib/notices.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { contactPicker } from "../components/picker.js";
import { whenField } from "../components/when-field.js";
import { DOMAIN } from "../gen/domain.js";

/**
 * A dialog with a form: title, body, Cancel and a confirm button; `submit` does the work and
 * closes it, or its error shows inside.
 * @param {{ testid: string, title: string, body: (Node | null)[], confirm: string, danger?: boolean,
 *   submit: () => Promise<void> }} spec
 */
export function formDialog({ testid, title, body, confirm, danger = false, submit }) {
  const error = h("p", { class: "form-error", role: "alert", "data-testid": `${testid}-error`, hidden: true });
  const button = h("button", { type: "submit", class: `btn ${danger ? "btn-danger" : "btn-primary"}`, "data-testid": `${testid}-confirm` }, confirm);
  const titleId = `${testid}-title`;
  const dialog = h(
    "dialog",
    { class: "dialog dialog-small", "data-testid": testid, "aria-labelledby": titleId },
    h(
      "form",
      {
        method: "dialog",
        onsubmit: async (/** @type {Event} */ event) => {
          event.preventDefault();
          button.disabled = true;
          error.hidden = true;
          try {
            await submit();
            dialog.close();
          } catch (e) {
            error.textContent = messageOf(e);
            error.hidden = false;
            button.disabled = false;
          }
        },
      },
      h(
        "header",
        { class: "dialog-head" },
        h("h2", { id: titleId }, title),
        h("button", { type: "button", class: "icon-btn", "aria-label": t("log.cancel"), onclick: () => dialog.close() }, icon("i-close")),
      ),
      h("div", { class: "dialog-body" }, ...body, error),
      h(
        "footer",
        { class: "form-actions dialog-foot" },
        h("button", { type: "button", class: "btn", "data-testid": `${testid}-cancel`, onclick: () => dialog.close() }, t("log.cancel")),
        button,
      ),
    ),
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/**
 * A labelled field; `size` ("grow", "narrow") as the quick log lays out its row.
 * @param {string} label
 * @param {HTMLElement} input
 * @param {string} [size]
 */
function field(label, input, size = "") {
  return h("label", { class: `field ${size}`.trim() }, h("span", { class: "label" }, label), input);
}

/**
 * The edit dialog of one logged interaction, opened from `contactId`'s page.
 * @param {any} it the interaction as the page has it
 * @param {number} contactId
 */
export function openEditInteraction(it, contactId) {
  if (dialogOpen()) return;
  // Typed the user's way; an impossible date is refused, a future one asked about (when-field.js).
  const when = whenField({ name: "at", testid: "edit-at", stored: it.at });
  const channel = h(
    "select",
    { name: "channel", "data-testid": "edit-channel" },
    DOMAIN.channels.map((c) => h("option", { value: c, selected: c === it.channel }, t(`channel.${c}`))),
  );
  const by = h(
    "select",
    { name: "initiated_by", "data-testid": "edit-by" },
    h("option", { value: "me", selected: it.initiated_by === "me" }, t("log.me")),
    h("option", { value: "them", selected: it.initiated_by === "them" }, t("log.them")),
  );
  const duration = h("input", {
    type: "number",
    name: "duration_min",
    min: "0",
    step: "1",
    value: it.duration_min ?? "",
    "data-testid": "edit-duration",
  });
  const summary = h("textarea", { name: "summary", rows: "3", "data-testid": "edit-summary" });
  /** @type {HTMLTextAreaElement} */ (summary).value = it.summary;
  const picker = contactPicker({
    multiple: true,
    label: t("field.participants"),
    placeholder: t("log.with_placeholder"),
    testid: "edit-with",
    chips: { id: "edit-chips", testid: "edit-chips", chipTestid: "edit-chip" },
  });
  picker.set(it.participants);
  const parts = itemRows(it, contactId);
  const dialog = formDialog({
    testid: "edit-interaction",
    title: t("correct.edit_title"),
    confirm: t("form.save_edit"),
    body: [
      picker.root,
      h("div", { class: "row" }, field(t("field.at"), when.root, "grow"), field(t("field.duration_min"), duration, "narrow")),
      h("div", { class: "row" }, field(t("field.channel"), channel), field(t("field.initiated_by"), by)),
      field(t("field.summary"), summary),
      parts.section,
    ],
    submit: async () => {
      const minutes = /** @type {HTMLInputElement} */ (duration).value.trim();
      const edit = {
        // Left as it was unless changed: the time keeps the offset it was lived at.
        at: when.unchanged() ? undefined : when.read(),
        channel: /** @type {HTMLSelectElement} */ (channel).value,
        initiated_by: /** @type {HTMLSelectElement} */ (by).value,
        participants: picker.chosen().map((c) => c.id),
        duration_min: minutes === "" ? null : Number(minutes),
        summary: /** @type {HTMLTextAreaElement} */ (summary).value,
        value_items: parts.itemChanges(),
        questions: parts.questionChanges(),
        add_given: parts.addGiven(),
        add_received: parts.addReceived(),
        add_questions: parts.addQuestions(),
      };
      await api.editInteraction(it.id, edit);
      toast(t("correct.edited"));
      // Back to the same page, or to the first participant's when this contact left it.
      const stay = edit.participants.includes(contactId) ? contactId : edit.participants[0];
      await afterWrite(() => go({ view: "contact", id: stay }));
    },
  });
  /** @type {HTMLTextAreaElement} */ (summary).focus();
  return dialog;
}

/**
 * The value items and questions of an interaction, each editable in the dialog (saved with it)
 * and deletable at once (with an Undo in the notice); new ones added here are saved with it.
 * @param {any} it
 * @param {number} contactId
 */
function itemRows(it, contactId) {
  // Whose item it is, when there is more than one person to tell apart.
  const several = it.participants.length > 1;
  const nameOf = (/** @type {number} */ id) =>
    several ? (it.participants.find((/** @type {any} */ p) => p.id === id)?.display_name ?? "") : "";
  /** @type {Map<number, { direction: HTMLSelectElement, kind: HTMLSelectElement, note: HTMLInputElement, was: any }>} */
  const items = new Map();
  /** @type {Map<number, { by: HTMLSelectElement, text: HTMLInputElement, was: any }>} */
  const questions = new Map();
  const option = (/** @type {string} */ value, /** @type {string} */ label, /** @type {string} */ current) =>
    h("option", { value, selected: value === current }, label);
  /**
   * @param {() => Promise<any>} remove
   * @param {HTMLElement} row
   * @param {string} done
   */
  const deleteButton = (remove, row, done) =>
    h(
      "button",
      {
        type: "button",
        class: "btn btn-small btn-quiet",
        "data-testid": "edit-item-delete",
        onclick: async () => {
          try {
            const deleted = await remove();
            row.remove();
            undoNotice(done, deleted.undo, () => go({ view: "contact", id: contactId }));
          } catch (error) {
            showError(error);
          }
        },
      },
      t("correct.delete"),
    );
  const rows = [];
  for (const v of it.value_items) {
    const direction = h("select", { "aria-label": t("log.value") }, option("given", t("log.gave"), v.direction), option("received", t("log.received"), v.direction));
    const kind = h("select", { "aria-label": t("field.kind") }, DOMAIN.value_kinds.map((k) => option(k, t(`kind.${k}`), v.kind)));
    const note = h("input", { type: "text", value: v.note, placeholder: t("field.note"), "aria-label": t("field.note"), "data-testid": "edit-item-note" });
    const row = h("li", { class: "edit-item", "data-testid": "edit-item" }, several ? h("span", { class: "edit-item-who" }, nameOf(v.contact)) : null, direction, kind, note);
    row.append(deleteButton(() => api.deleteValueItem(v.id), row, t("correct.item_deleted")));
    items.set(v.id, { direction, kind, note, was: v });
    rows.push(row);
  }
  for (const q of it.questions) {
    const by = h("select", { "aria-label": t("field.question") }, option("me", t("party.me_asked"), q.asked_by), option("them", t("party.them_asked"), q.asked_by));
    const text = h("input", { type: "text", value: q.text, "aria-label": t("field.question"), "data-testid": "edit-question-text" });
    const row = h("li", { class: "edit-item is-question", "data-testid": "edit-question" }, several ? h("span", { class: "edit-item-who" }, q.contact_name) : null, by, text);
    row.append(deleteButton(() => api.deleteQuestion(q.id), row, t("correct.question_deleted")));
    questions.set(q.id, { by, text, was: q });
    rows.push(row);
  }
  // New lines, saved with the interaction as `log` saves them (each participant gets one).
  /** @type {{ direction: HTMLSelectElement, kind: HTMLSelectElement, note: HTMLInputElement }[]} */
  const newItems = [];
  /** @type {{ by: HTMLSelectElement, text: HTMLInputElement }[]} */
  const newQuestions = [];
  const list = h("ul", { class: "edit-items", "data-testid": "edit-items" }, rows);
  /**
   * @param {HTMLElement} row
   * @param {unknown[]} kept
   * @param {unknown} entry
   */
  const removeNew = (row, kept, entry) =>
    h(
      "button",
      {
        type: "button",
        class: "btn btn-small btn-quiet",
        "data-testid": "edit-new-remove",
        onclick: () => {
          row.remove();
          kept.splice(kept.indexOf(entry), 1);
        },
      },
      t("correct.new_remove"),
    );
  const newLabel = () => h("span", { class: "edit-item-who" }, several ? t("correct.new_each") : t("correct.new_line"));
  const addItem = () => {
    const direction = /** @type {HTMLSelectElement} */ (
      h("select", { "aria-label": t("log.value"), "data-testid": "edit-new-item-direction" }, option("given", t("log.gave"), "given"), option("received", t("log.received"), "given"))
    );
    const kind = /** @type {HTMLSelectElement} */ (
      h("select", { "aria-label": t("field.kind"), "data-testid": "edit-new-item-kind" }, DOMAIN.value_kinds.map((k) => option(k, t(`kind.${k}`), "")))
    );
    const note = /** @type {HTMLInputElement} */ (
      h("input", { type: "text", placeholder: t("field.note"), "aria-label": t("field.note"), "data-testid": "edit-new-item-note" })
    );
    const entry = { direction, kind, note };
    const row = h("li", { class: "edit-item is-new", "data-testid": "edit-new-item" }, newLabel(), direction, kind, note);
    row.append(removeNew(row, newItems, entry));
    newItems.push(entry);
    list.append(row);
    direction.focus();
  };
  const addQuestion = () => {
    const by = /** @type {HTMLSelectElement} */ (
      h("select", { "aria-label": t("field.question"), "data-testid": "edit-new-question-by" }, option("me", t("party.me_asked"), "me"), option("them", t("party.them_asked"), "me"))
    );
    const text = /** @type {HTMLInputElement} */ (
      h("input", { type: "text", "aria-label": t("field.question"), placeholder: t("field.question"), "data-testid": "edit-new-question-text" })
    );
    const entry = { by, text };
    const row = h("li", { class: "edit-item is-question is-new", "data-testid": "edit-new-question" }, newLabel(), by, text);
    row.append(removeNew(row, newQuestions, entry));
    newQuestions.push(entry);
    list.append(row);
    text.focus();
  };
  const section = h(
    "fieldset",
    { class: "field" },
    h("legend", { class: "label" }, t("correct.items")),
    list,
    h(
      "div",
      { class: "edit-add" },
      h("button", { type: "button", class: "btn btn-small", "data-testid": "edit-add-item", onclick: addItem }, t("correct.add_item")),
      h("button", { type: "button", class: "btn btn-small", "data-testid": "edit-add-question", onclick: addQuestion }, t("correct.add_question")),
    ),
  );
  /** @param {"given" | "received"} way */
  const added = (way) =>
    newItems
      .filter((r) => r.direction.value === way)
      .map((r) => ({ kind: r.kind.value, note: r.note.value.trim() }));
  return {
    section,
    addGiven: () => added("given"),
    addReceived: () => added("received"),
    // A question left empty is refused by the shell with its reason, as in the quick log.
    addQuestions: () => newQuestions.map((r) => ({ asked_by: r.by.value, text: r.text.value })),
    // Only what changed, and only rows still in the dialog (a deleted one is gone).
    itemChanges: () =>
      [...items.entries()]
        .filter(
          ([, r]) =>
            r.note.isConnected &&
            (r.direction.value !== r.was.direction || r.kind.value !== r.was.kind || r.note.value.trim() !== r.was.note),
        )
        .map(([id, r]) => ({ id, edit: { direction: r.direction.value, kind: r.kind.value, note: r.note.value } })),
    questionChanges: () =>
      [...questions.entries()]
        .filter(([, r]) => r.text.isConnected && (r.by.value !== r.was.asked_by || r.text.value.trim() !== r.was.text))
        .map(([id, r]) => ({ id, edit: { asked_by: r.by.value, text: r.text.value } })),
  };
}

/**
 * Deletes an interaction at once; its notice can undo it.
 * @param {any} it
 * @param {number} contactId
 */
export async function deleteInteraction(it, contactId) {
  try {
    const deleted = await api.deleteInteraction(it.id);
    undoNotice(t("correct.interaction_deleted"), deleted.undo, () => go({ view: "contact", id: contactId }));
    await afterWrite(() => go({ view: "contact", id: contactId }));
  } catch (error) {
    showError(error);
  }
}

/**
 * A notice whose Undo puts back what a delete removed (the shell's `undo` token), then shows `then`.
 * @param {string} message
 * @param {string} token
 * @param {() => Promise<unknown>} then
 */
export function undoNotice(message, token, then) {
  toast(message, "info", {
    label: t("toast.undo"),
    run: async () => {
      await api.undoDelete(token);
      toast(t("correct.undone"));
      await afterWrite(then);
    },
  });
}

/**
 * "This removes 12 interactions and 3 questions. 2 group interactions stay, with the others."
 * @param {{ interactions: number, questions: number, value_items: number, reactions: number, shared_interactions: number }} r
 * @param {string} name
 */
export function removedSentence(r, name) {
  const parts = [t("correct.n_interactions", { n: r.interactions }), t("correct.n_questions", { n: r.questions })];
  if (r.value_items) parts.push(t("correct.n_value_items", { n: r.value_items }));
  if (r.reactions) parts.push(t("correct.n_reactions", { n: r.reactions }));
  const removes = t("correct.removes", { name, what: list(parts) });
  return r.shared_interactions ? `${removes} ${t("correct.shared_stay", { n: r.shared_interactions })}` : removes;
}

/**
 * Asks before deleting a contact, saying what goes; the notice afterwards can undo it.
 * @param {{ id: number, display_name: string }} contact
 */
export async function openDeleteContact(contact) {
  if (dialogOpen()) return;
  let preview;
  try {
    preview = await api.previewDeleteContact(contact.id);
  } catch (error) {
    showError(error);
    return;
  }
  const dialog = formDialog({
    testid: "delete-contact",
    title: t("correct.delete_contact_title", { name: contact.display_name }),
    confirm: t("correct.delete_confirm"),
    danger: true,
    body: [
      h("p", { class: "lead", "data-testid": "delete-contact-preview" }, removedSentence(preview, contact.display_name)),
      h("p", { class: "muted" }, t("correct.archive_instead")),
    ],
    submit: async () => {
      const deleted = await api.deleteContact(contact.id);
      undoNotice(t("correct.contact_deleted", { name: contact.display_name }), deleted.undo, () =>
        go({ view: "contact", id: contact.id }),
      );
      await afterWrite(() => go({ view: "dashboard" }));
    },
  });
  // The safe choice first: Enter does not delete by accident.
  /** @type {HTMLButtonElement | null} */ (dialog.querySelector('[data-testid="delete-contact-cancel"]'))?.focus();
}

/**
 * The edit dialog of a post: where, when, title and address.
 * @param {{ id: number, platform: string, at: string, title: string, url: string | null }} post
 */
export function openEditPost(post) {
  if (dialogOpen()) return;
  const platform = h("input", { type: "text", value: post.platform, required: true, "data-testid": "edit-post-platform" });
  const when = whenField({ name: "at", testid: "edit-post-at", stored: post.at });
  const title = h("input", { type: "text", value: post.title, "data-testid": "edit-post-title" });
  const url = h("input", { type: "url", value: post.url ?? "", "data-testid": "edit-post-url" });
  formDialog({
    testid: "edit-post",
    title: t("correct.edit_post_title"),
    confirm: t("form.save_edit"),
    body: [
      h("div", { class: "row" }, field(t("field.platform"), platform, "grow"), field(t("field.at"), when.root, "grow")),
      field(t("field.title"), title),
      field(t("field.url"), url),
    ],
    submit: async () => {
      const address = /** @type {HTMLInputElement} */ (url).value.trim();
      await api.editPost(post.id, {
        platform: /** @type {HTMLInputElement} */ (platform).value,
        // Left as it was unless changed, as for an interaction.
        at: when.unchanged() ? undefined : when.read(),
        title: /** @type {HTMLInputElement} */ (title).value,
        url: address || null,
      });
      toast(t("correct.post_edited"));
    },
  });
  /** @type {HTMLInputElement} */ (title).focus();
}

/**
 * The edit dialog of a reaction: its kind, and how many for an anonymous count (a named person's
 * reaction counts once). A comment turned into a like or a share loses its text and reply.
 * @param {{ id: number, kind: string, count: number, contact: number | null, comment: string | null, replied: boolean }} r
 */
export function openEditReaction(r) {
  if (dialogOpen()) return;
  const kind = /** @type {HTMLSelectElement} */ (
    h(
      "select",
      { "data-testid": "edit-reaction-kind" },
      ["like", "share", "comment"].map((k) => h("option", { value: k, selected: k === r.kind }, t(`posts.kind_${k}`))),
    )
  );
  const count = /** @type {HTMLInputElement} */ (
    h("input", { type: "number", min: "1", step: "1", value: String(r.count), required: true, "data-testid": "edit-reaction-count" })
  );
  const loses = h("p", { class: "muted", "data-testid": "edit-reaction-loses", hidden: true }, t("correct.comment_goes"));
  const hadComment = r.kind === "comment" && (r.comment != null || r.replied);
  kind.addEventListener("change", () => {
    loses.hidden = !(hadComment && kind.value !== "comment");
  });
  formDialog({
    testid: "edit-reaction",
    title: t("correct.edit_reaction_title"),
    confirm: t("form.save_edit"),
    body: [
      h("div", { class: "row" }, field(t("posts.kind"), kind, "grow"), r.contact == null ? field(t("posts.count"), count, "narrow") : null),
      loses,
    ],
    submit: async () => {
      /** @type {Record<string, unknown>} */
      const edit = { kind: kind.value };
      // The field takes whole numbers from 1 (the form checks it); too many is refused by the shell.
      if (r.contact == null) edit.count = Number(count.value);
      if (kind.value !== "comment") Object.assign(edit, { comment: null, replied: false });
      await api.editReaction(r.id, edit);
      toast(t("correct.reaction_edited"));
    },
  });
  kind.focus();
}
