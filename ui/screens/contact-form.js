// @ts-check
// Adding and editing a contact: index.html's template, cloned into the pane.

import * as api from "../api.js";
import { t, translatePage } from "../lib/i18n.js";
import { $ } from "../lib/dom.js";
import { toast, formError } from "../lib/notices.js";
import { state } from "../lib/state.js";
import { markSelected, nextPane, setPane } from "../lib/pane.js";
import { go } from "../lib/events.js";
import { afterWrite } from "../lib/changes.js";
import { whenField } from "../components/when-field.js";

/**
 * The form's two dates, typed the user's way (components/when-field.js) in place of the
 * template's inputs: met on (a day), birthday (a day, its year optional).
 * @param {HTMLFormElement} form
 * @param {any} contact
 */
function dateFields(form, contact) {
  const metOn = whenField({ name: "met_on", testid: "cf-met-on", kind: "date", optional: true, stored: contact?.met_on ?? null });
  const birthday = whenField({ name: "birthday", testid: "cf-birthday", kind: "birthday", optional: true, stored: contact?.birthday ?? null });
  for (const [name, field, id] of /** @type {const} */ ([["met_on", metOn, "cf-met-on"], ["birthday", birthday, "cf-birthday"]])) {
    field.input.id = id;
    $(`[name="${name}"]`, form).replaceWith(field.root);
  }
  return { metOn, birthday };
}

/** The date fields of the form on screen, read when it is saved. */
const dates = new WeakMap();

/**
 * The form for a new contact (null) or for editing `contact`.
 * @param {any} contact
 */
export function openContactForm(contact) {
  state.view = contact ? "edit" : "new";
  if (!contact) {
    state.selected = null;
    markSelected();
  }
  nextPane();
  const template = /** @type {HTMLTemplateElement} */ ($("#contact-form-template"));
  const form = /** @type {HTMLFormElement} */ (template.content.firstElementChild?.cloneNode(true));
  translatePage(form);
  $(".form-title", form).textContent = contact ? t("form.edit_title", { name: contact.display_name }) : t("form.new_title");
  $(".form-lead", form).hidden = Boolean(contact);
  $(".save", form).textContent = contact ? t("form.save_edit") : t("form.save_new");
  if (contact) {
    /** @param {string} name @param {unknown} value */
    const set = (name, value) => (field(form, name).value = value == null ? "" : String(value));
    set("display_name", contact.display_name);
    set("given_name", contact.given_name);
    set("family_name", contact.family_name);
    set("nickname", contact.nickname);
    set("company", contact.company);
    set("role", contact.role);
    set("location", contact.location);
    set("how_met", contact.how_met);
    set("emails", contact.emails.map((/** @type {{ value: string }} */ e) => e.value).join(", "));
    set("phones", contact.phones.map((/** @type {{ value: string }} */ p) => p.value).join(", "));
    set("links", contact.links.map((/** @type {{ value: string }} */ l) => l.value).join(", "));
    set("circles", contact.circles.join(", "));
    set("closeness", contact.closeness);
    set("cadence_days", contact.cadence_days);
    field(form, "is_kin").checked = Boolean(contact.is_kin);
    set("notes", contact.notes);
  }
  dates.set(form, dateFields(form, contact));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveContact(form, contact);
  });
  $(".cancel", form).addEventListener("click", () => go(contact ? { view: "contact", id: contact.id } : { view: "dashboard" }));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") $(".cancel", form).click();
  });
  setPane(form);
  field(form, "display_name").focus();
}

/**
 * One of the form's inputs, by name.
 * @param {HTMLFormElement} form
 * @param {string} name
 * @returns {HTMLInputElement}
 */
const field = (form, name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));

/** Reads the form into core's ContactFields: every field the model has. Editing starts from the
 * stored record, so an email's or a phone's label survives while its value is kept. */
function contactFields(form, contact) {
  const value = (name) => form.elements[name].value.trim();
  const optional = (name) => value(name) || null;
  const base = contact ? structuredClone(contact) : {};
  for (const key of ["id", "archived", "created_at", "updated_at"]) delete base[key];
  // "a@x.org, b@y.org" → [{ value, label }], each keeping the label it had.
  const several = (name, current = []) =>
    value(name)
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v) => {
        const label = current.find((c) => c.value === v)?.label;
        return label ? { value: v, label } : { value: v };
      });
  return {
    ...base,
    display_name: form.elements.display_name.value,
    given_name: optional("given_name"),
    family_name: optional("family_name"),
    nickname: optional("nickname"),
    company: optional("company"),
    role: optional("role"),
    location: optional("location"),
    how_met: optional("how_met"),
    emails: several("emails", base.emails),
    phones: several("phones", base.phones),
    links: several("links", base.links),
    circles: value("circles").split(",").map((c) => c.trim()).filter(Boolean),
    closeness: value("closeness") ? Number(value("closeness")) : null,
    // Read the user's way, refused with the reason when impossible, asked about when in the future.
    met_on: dates.get(form).metOn.read(),
    birthday: dates.get(form).birthday.read(),
    // A number core checks (1 to 3650 days); what is not a number is sent as typed, to be refused by name.
    cadence_days: value("cadence_days") ? Number(value("cadence_days")) : null,
    is_kin: form.elements.is_kin.checked,
    notes: form.elements.notes.value,
  };
}

async function saveContact(form, contact) {
  const save = /** @type {HTMLButtonElement} */ ($(".save", form));
  save.disabled = true;
  formError(form, null);
  try {
    const fields = contactFields(form, contact);
    const saved = contact ? await api.updateContact(contact.id, fields) : await api.addContact(fields);
    toast(t(contact ? "toast.saved" : "toast.added", { name: saved.display_name }));
    if (!contact && state.search) {
      // A new contact must be visible at once, whatever was being searched.
      state.search = "";
      /** @type {HTMLInputElement} */ ($("#search")).value = "";
    }
    // The list follows the shell's `changed` event; the page is drawn once it is heard, and the
    // new row revealed once the list has it.
    await afterWrite(() => go({ view: "contact", id: saved.id, reveal: true }));
  } catch (error) {
    formError(form, error);
  } finally {
    save.disabled = false;
  }
}
