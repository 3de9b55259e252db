// @ts-check
// Every keyboard shortcut, declared once: this table drives both the keydown dispatch and the
// help dialog (the ? key), so a shortcut cannot work without being listed, or the reverse.
//
// A key is one of: a chord with Ctrl (or ⌘), which works even while typing in a field; "g" then a
// letter, remembered for a moment, as in many keyboard-driven tools; or a plain key, which works
// outside fields. None of them acts while a dialog is open, except Esc, which the dialog handles.
// A screen's own shortcut (Esc stops a running import) is a row marked `local`: the screen binds
// its action with bindLocal while it can run, and the same dispatch runs it. A row marked
// `inFields` works inside a field too, unless the field takes the key for itself: Esc stops a
// running import from the contact search beside it, once the search has no text to clear.

import { t } from "./i18n.js";
import { h, dialogOpen } from "./dom.js";

/**
 * @typedef {{ ctrl: string } | { go: string } | { plain: string }} Key
 * @typedef {{ action?: string, label: string, keys: Key[], shown?: string[][], local?: boolean, inFields?: boolean }} Shortcut
 *   `action` names what app.js binds, or with `local` what a screen binds (bindLocal); a row
 *   without one is only listed (keys that a list or a dialog handles itself). `shown` is how such
 *   a row's keys read.
 */

/** @type {Shortcut[]} */
export const SHORTCUTS = [
  { action: "dashboard", label: "help.dashboard", keys: [{ ctrl: "1" }, { go: "d" }] },
  { action: "settings", label: "help.model", keys: [{ ctrl: "2" }, { ctrl: "," }, { go: "s" }, { go: "m" }] },
  { action: "loops", label: "help.loops", keys: [{ ctrl: "3" }, { go: "o" }] },
  { action: "posts", label: "help.posts", keys: [{ ctrl: "4" }, { go: "p" }] },
  { action: "transfer", label: "help.transfer", keys: [{ ctrl: "i" }, { go: "i" }] },
  { action: "log", label: "help.log", keys: [{ ctrl: "k" }, { ctrl: "l" }] },
  { action: "add", label: "help.add", keys: [{ ctrl: "n" }] },
  { action: "search", label: "help.search", keys: [{ ctrl: "f" }, { plain: "/" }] },
  { action: "rate", label: "help.rate", keys: [{ go: "r" }] },
  { label: "help.rate_keys", keys: [], shown: [["1–5"], ["s"], ["→"]] },
  { label: "help.list", keys: [], shown: [["↑", "↓"]] },
  { label: "help.close", keys: [], shown: [["key.esc"]] },
  { action: "stopImport", label: "help.stop_import", keys: [{ plain: "escape" }], local: true, inFields: true },
  { action: "help", label: "help.help", keys: [{ plain: "?" }] },
];

/** How long "g" waits for its letter. */
const GO_MS = 1500;

/** The `local` rows' actions that a screen has bound now, by name. */
const localActions = new Map();

/**
 * Binds a `local` row's action until the returned function unbinds it: a screen does so while
 * the action can run (the import screen while a step runs).
 * @param {string} action
 * @param {() => unknown} run
 * @returns {() => void}
 */
export function bindLocal(action, run) {
  if (!SHORTCUTS.some((s) => s.local && s.action === action)) throw new Error(`no local shortcut: ${action}`);
  localActions.set(action, run);
  return () => {
    if (localActions.get(action) === run) localActions.delete(action);
  };
}

/**
 * Listens to the keyboard: `actions[name]()` runs for each table row's keys while `active()`.
 * @param {Record<string, () => unknown>} actions
 * @param {() => boolean} active
 */
export function bindShortcuts(actions, active) {
  for (const s of SHORTCUTS) {
    if (s.action && !s.local && !actions[s.action]) throw new Error(`shortcut without an action: ${s.action}`);
  }
  let goPressed = 0;
  document.addEventListener("keydown", (event) => {
    // A key of an input method's composition is the composition's (Esc cancels the word there).
    if (!active() || event.isComposing) return;
    const key = event.key.toLowerCase();
    const target = /** @type {Element | null} */ (event.target);
    const typing = Boolean(target?.closest?.("input, textarea, select"));
    const ctrl = event.ctrlKey || event.metaKey;
    const modal = dialogOpen();
    const free = !ctrl && !typing && !modal;
    const go = free && Date.now() - goPressed < GO_MS;
    goPressed = 0;
    /** @param {Shortcut} s @param {Key} k */
    const matches = (s, k) =>
      "ctrl" in k
        ? ctrl && key === k.ctrl
        : "go" in k
          ? go && key === k.go
          : (free || (s.inFields === true && typing && !ctrl && !modal)) && key === k.plain;
    // A local row counts only while its screen has it bound, and not for a key a field or a
    // list below has already taken (Esc clearing the contact search).
    /** @param {Shortcut} s */
    const bound = (s) => !s.local || (localActions.has(s.action) && !event.defaultPrevented);
    const hit = SHORTCUTS.find((s) => s.action && bound(s) && s.keys.some((k) => matches(s, k)));
    if (hit?.action) {
      // A chord is the window's even with a dialog open (Ctrl+F must not open WebKit's find bar).
      event.preventDefault();
      if (!modal) (hit.local ? localActions.get(hit.action) : actions[hit.action])();
    } else if (free && key === "g" && !event.altKey) {
      goPressed = Date.now();
    }
  });
}

/**
 * The keys a person presses, as the help shows them: "Ctrl+2", "G then S", "↑ ↓".
 * @param {Key} k
 * @returns {string[]}
 */
function combo(k) {
  if ("ctrl" in k) return ["key.ctrl", k.ctrl];
  if ("go" in k) return ["g", k.go];
  return [k.plain === "escape" ? "key.esc" : k.plain];
}

/**
 * The help dialog's rows, from the same table.
 * @param {HTMLElement} dl
 */
export function renderHelp(dl) {
  /** @param {string[]} keys */
  const kbds = (keys) => {
    // "G then D" is a sequence; "Ctrl+1" a chord; "↑ ↓" two keys.
    const joiner = keys[0] === "g" && keys.length > 1 ? ` ${t("help.then")} ` : keys[0].startsWith("key.") && keys.length > 1 ? "+" : " ";
    /** @type {(Node | string)[]} */
    const out = [];
    keys.forEach((k, i) => {
      if (i) out.push(joiner);
      out.push(h("kbd", {}, k.startsWith("key.") ? t(k) : k.toUpperCase()));
    });
    return out;
  };
  const rows = SHORTCUTS.map((s) => {
    const combos = s.shown ?? s.keys.map(combo);
    return h(
      "div",
      { class: "key-row" },
      // A line may break between two ways of pressing it, never inside one.
      h("dt", {}, combos.map((keys, i) => [i ? ` ${t("help.or")} ` : null, h("span", { class: "nowrap" }, kbds(keys))])),
      h("dd", {}, t(s.label)),
    );
  });
  dl.replaceChildren(...rows);
}
