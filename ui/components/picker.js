// A field that finds one contact as you type: a combobox with a list of matches, driven by the
// keyboard (↓ ↑ to move, Enter to pick, Esc to close) or the mouse. Used by the merge dialog and
// the reactions of a post.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { h, avatar, debounce, showError } from "./app.js";

let pickers = 0;

/**
 * `onPick(contact)` is called with the chosen row of the contact list; `exclude(contact)` hides
 * some people (the contact being merged into, say).
 */
export function contactPicker({ label, testid, onPick, exclude = () => false, placeholder = "" }) {
  const n = ++pickers;
  const listId = `picker-${n}-list`;
  let matches = [];
  let active = -1;
  let seq = 0;

  const input = h("input", {
    type: "text",
    id: `picker-${n}`,
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder,
    "data-testid": testid,
  });
  const ul = h("ul", { id: listId, class: "suggestions picker-list", role: "listbox", hidden: true });

  function close() {
    ul.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function render(q) {
    const items = matches.map((c, i) =>
      h(
        "li",
        {
          id: `${listId}-${i}`,
          role: "option",
          class: "suggestion",
          "data-testid": `${testid}-option`,
          "aria-selected": i === active ? "true" : "false",
          onmousedown: (event) => {
            event.preventDefault();
            choose(c);
          },
        },
        avatar(c, "avatar-sm"),
        h("span", { class: "sugg-name" }, c.display_name),
        c.company ? h("span", { class: "muted" }, c.company) : null,
      ),
    );
    if (!items.length) items.push(h("li", { class: "suggestion none" }, t("log.no_match", { q })));
    ul.replaceChildren(...items);
    ul.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${listId}-${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      matches = [];
      close();
      return;
    }
    const page = await api.contactPage({ search: q, limit: 12 });
    if (mine !== seq) return;
    matches = page.contacts.filter((c) => !exclude(c)).slice(0, 8);
    active = matches.length ? 0 : -1;
    render(q);
  }
  const searchSoon = debounce(() => search().catch(showError), 120);

  function choose(contact) {
    input.value = "";
    matches = [];
    close();
    onPick(contact);
  }

  input.addEventListener("input", () => searchSoon());
  input.addEventListener("blur", () => setTimeout(close, 120));
  input.addEventListener("keydown", (event) => {
    const open = !ul.hidden && matches.length > 0;
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && open) {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : -1) + matches.length) % matches.length;
      render(input.value.trim());
    } else if (event.key === "Enter" && input.value.trim()) {
      event.preventDefault();
      Promise.resolve(searchSoon.flush()).then(() => {
        if (matches[Math.max(active, 0)]) choose(matches[Math.max(active, 0)]);
      });
    } else if (event.key === "Escape" && !ul.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  const root = h("div", { class: "field picker" }, h("label", { class: "label", for: input.id }, label), h("div", { class: "picker-box" }, input, ul));
  return { root, input };
}
