// @ts-check
// A field that finds contacts as you type: a combobox with a list of matches, driven by the
// keyboard (↓ ↑ to move, Enter to pick, Esc to close) or the mouse. One person (the merge dialog,
// the reactions of a post: `onPick` is called with them) or several (the quick log: they show as
// chips before the input, Backspace removes the last, `onChange` follows the choice). With
// `create`, a name nobody has is offered as "Create “X”": the chip is a new person (a negative
// id, `isNew`), whom the caller adds when it saves.

import * as api from "../api.js";
import { t } from "../lib/i18n.js";
import { h, icon, avatar, debounce } from "../lib/dom.js";
import { showError } from "../lib/notices.js";

/** Matches listed at most. */
const SHOWN = 8;

let pickers = 0;

/**
 * @typedef {{ id: number, display_name: string, company?: string | null, interaction_count?: number, isNew?: boolean }} Contact
 * @typedef {{
 *   label: string,
 *   testid: string,
 *   placeholder?: string,
 *   multiple?: boolean,
 *   id?: string,
 *   listId?: string,
 *   listTestid?: string,
 *   optionTestid?: string,
 *   chips?: { id: string, testid: string, chipTestid: string },
 *   create?: boolean,
 *   exclude?: (contact: Contact) => boolean,
 *   onPick?: (contact: Contact) => void,
 *   onChange?: (chosen: Contact[]) => void,
 * }} PickerOptions
 *   `id`, `listId` and the test ids name the parts for a caller (and the e2e specs) that knows them.
 */

/** @param {string} text */
const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/** New people's ids, below zero so that they never meet a stored one. */
let newIds = 0;

/**
 * The search also matches companies, emails and notes; when picking a person, names that start
 * with what was typed come first, then names that contain it, then the rest.
 * @param {Contact[]} contacts
 * @param {string} q
 */
function rankByName(contacts, q) {
    const needle = fold(q);
  /** @param {Contact} c */
  const rank = (c) => {
    const name = fold(c.display_name);
    if (name.startsWith(needle) || name.split(/\s+/).some((w) => w.startsWith(needle))) return 0;
    return name.includes(needle) ? 1 : 2;
  };
  return contacts.map((c, i) => ({ c, r: rank(c), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.c);
}

/** @param {PickerOptions} options */
export function contactPicker(options) {
  const { label, testid, placeholder = "", multiple = false, exclude = () => false, onPick = () => {}, onChange = () => {} } = options;
  const n = ++pickers;
  const inputId = options.id ?? `picker-${n}`;
  const listId = options.listId ?? `${inputId}-list`;
  const optionTestid = options.optionTestid ?? `${testid}-option`;
  /** @type {Contact[]} */
  let matches = [];
  /** @type {Contact[]} */
  let chosen = [];
  let active = -1;
  let seq = 0;
  /** The text `matches` were found for: Enter on it needs no second search. */
  let matchedText = "";
  /** The new person offered after the matches ("Create “X”"), when `create` is on. */
  /** @type {Contact | null} */
  let offered = null;

  const input = h("input", {
    type: multiple ? null : "text",
    id: inputId,
    name: multiple ? "participants" : null,
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder,
    "data-testid": testid,
  });
  const ul = h("ul", { id: listId, class: multiple ? "suggestions" : "suggestions picker-list", role: "listbox", "data-testid": options.listTestid, hidden: true });
  const chipList = options.chips ? h("ul", { id: options.chips.id, class: "chips", "data-testid": options.chips.testid }) : h("ul", { class: "chips" });

  function close() {
    offered = null;
    ul.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    matches = [];
    active = -1;
  }

  /** @param {string} q */
  function render(q) {
    const items = matches.map((c, i) =>
      h(
        "li",
        {
          id: `${listId}-${i}`,
          role: "option",
          class: "suggestion",
          "data-testid": optionTestid,
          "aria-selected": i === active ? "true" : "false",
          onmousedown: (/** @type {MouseEvent} */ event) => {
            // Keep the focus in the input, so picking several people flows.
            event.preventDefault();
            choose(c);
          },
        },
        avatar(c, "avatar-sm"),
        h("span", { class: "sugg-name" }, c.display_name),
        c.company ? h("span", { class: "muted" }, c.company) : null,
      ),
    );
    if (offered) {
      const i = matches.length;
      const person = offered;
      items.push(
        h(
          "li",
          {
            id: `${listId}-${i}`,
            role: "option",
            class: "suggestion create",
            "data-testid": `${testid}-create`,
            "aria-selected": i === active ? "true" : "false",
            onmousedown: (/** @type {MouseEvent} */ event) => {
              event.preventDefault();
              choose(person);
            },
          },
          icon("i-plus"),
          h("span", { class: "sugg-name" }, t("log.create", { name: person.display_name })),
        ),
      );
    }
    if (!items.length) items.push(h("li", { class: "suggestion none" }, t("log.no_match", { q })));
    ul.replaceChildren(...items);
    ul.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  /** @returns {Promise<Contact[]>} the matches for what the input holds now */
  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      close();
      return [];
    }
    const page = await api.contactPage({ search: q, limit: 40 });
    if (mine !== seq) return matches;
    /** @type {Contact[]} */
    const found = page.contacts;
    matches = rankByName(found, q)
      .filter((c) => !exclude(c) && !chosen.some((x) => x.id === c.id))
      .slice(0, SHOWN);
    // A name no one has (and no new person already chosen has) can be a new person.
    const taken = [...found, ...chosen].some((c) => fold(c.display_name) === fold(q));
    offered = options.create && !taken ? { id: --newIds, display_name: q, isNew: true } : null;
    active = matches.length || offered ? 0 : -1;
    matchedText = q;
    render(q);
    return matches;
  }
  const searchSoon = debounce(() => search().catch(showError), 120);

  function renderChips() {
    chipList.replaceChildren(
      ...chosen.map((c) =>
        h(
          "li",
          { class: `chip-token ${c.isNew ? "chip-new" : ""}`.trim(), "data-testid": options.chips?.chipTestid },
          h("span", {}, c.display_name),
          c.isNew ? h("span", { class: "chip-tag" }, t("log.new_person")) : null,
          h(
            "button",
            {
              type: "button",
              class: "chip-x",
              "aria-label": t("log.remove", { name: c.display_name }),
              onclick: () => {
                set(chosen.filter((x) => x.id !== c.id));
                input.focus();
              },
            },
            icon("i-close"),
          ),
        ),
      ),
    );
    input.placeholder = chosen.length ? "" : placeholder;
  }

  /**
   * The people chosen (several only).
   * @param {Contact[]} people
   */
  function set(people) {
    chosen = people.map((c) => ({ id: c.id, display_name: c.display_name, isNew: c.isNew }));
    renderChips();
    onChange(chosen);
  }

  /** @param {Contact} contact */
  function choose(contact) {
    input.value = "";
    close();
    if (multiple) {
      if (!chosen.some((c) => c.id === contact.id)) set([...chosen, contact]);
      input.focus();
    } else onPick(contact);
  }

  /** The typed name, if any, as a choice: the highlighted match (or new person), or the first. */
  async function pickTyped() {
    const q = input.value.trim();
    if (!q) return;
    const current = matchedText === q && (matches.length || offered) ? matches : await searchSoon.flush();
    const options = [...(current ?? []), ...(offered ? [offered] : [])];
    const choice = options[Math.max(active, 0)];
    if (choice) choose(choice);
  }

  input.addEventListener("input", () => searchSoon());
  input.addEventListener("blur", () => setTimeout(close, 120));
  input.addEventListener("keydown", (event) => {
    const count = matches.length + (offered ? 1 : 0);
    const open = !ul.hidden && count > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : -1) + count) % count;
      render(input.value.trim());
    } else if (event.key === "Enter" && input.value.trim()) {
      // Enter with a name typed picks that person; with nothing typed it submits the form.
      event.preventDefault();
      pickTyped().catch(showError);
    } else if (event.key === "Escape" && !ul.hidden) {
      // Closes the list, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (multiple && event.key === "Backspace" && !input.value && chosen.length) {
      set(chosen.slice(0, -1));
    }
  });

  const labelEl = h("label", { class: "label", for: inputId }, label);
  /** @type {HTMLElement} */
  let root;
  if (multiple) {
    const tokens = h("div", { class: "tokens", onclick: () => input.focus() }, chipList, input);
    root = h("div", { class: "field" }, labelEl, tokens, ul);
  } else {
    root = h("div", { class: "field picker" }, labelEl, h("div", { class: "picker-box" }, input, ul));
  }
  return {
    root,
    input,
    /** @returns {Contact[]} */
    chosen: () => chosen,
    set,
    pickTyped,
    /** Empties the input and closes the list. */
    reset() {
      input.value = "";
      seq++;
      close();
    },
  };
}
