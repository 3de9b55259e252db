// @ts-check
// Small DOM helpers shared by every screen. The DOM is built with createElement and textContent
// only, never innerHTML, so a name typed by the user can never become markup.

import { t } from "./i18n.js";

const AVATAR_COLOURS = 8;

/**
 * The first element matching `selector`. Callers name elements that index.html or their own
 * screen always has, hence the non-null type; use `root.querySelector` where one may be missing.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {T}
 */
export const $ = (selector, root = document) => /** @type {T} */ (root.querySelector(selector));

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @typedef {Child | Child[] | Child[][]} Children
 */

/**
 * An element with its attributes, listeners (`onclick`...) and children. `class`, `text` and
 * `dataset` are set as properties; null and false values are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = String(value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(2)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * One of index.html's sprite symbols (`i-log`, `i-close`...).
 * @param {string} name
 * @param {string} [cls]
 */
export function icon(name, cls = "icon") {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", cls);
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(ns, "use");
  use.setAttribute("href", `#${name}`);
  svg.append(use);
  return svg;
}

/**
 * `fn` called once calls stop for `ms`; `flush()` calls it now and returns its result.
 * @template {unknown[]} A
 * @template R
 * @param {(...args: A) => R} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & { flush: (...args: A) => R }}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @param {A} args */
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  /** @param {A} args */
  wrapped.flush = (...args) => {
    clearTimeout(timer);
    return fn(...args);
  };
  return wrapped;
}

/** @param {string} name */
function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0].toUpperCase()).join("") || "?";
}

/**
 * A contact's initials on a tint chosen by their id, so a person keeps their colour. From the
 * given and family names when known (an imported "Mr. John Smith Sr." is JS, not MS), else from
 * the list's name without honorifics (core's sort_name), else the display name.
 * @param {{ id: number, display_name: string, given_name?: string | null, family_name?: string | null, sort_name?: string }} contact
 * @param {string} [size]
 */
export function avatar(contact, size = "") {
  const colour = Math.abs(Number(contact.id)) % AVATAR_COLOURS;
  const structured = contact.given_name && contact.family_name ? `${contact.given_name} ${contact.family_name}` : null;
  return h("span", { class: `avatar av-${colour} ${size}`, "aria-hidden": "true" }, initials(structured ?? contact.sort_name ?? contact.display_name));
}

/**
 * The fill of a 0–100 meter: a width set through the CSSOM, which the CSP allows (a style
 * attribute in markup it would refuse).
 * @param {number} value
 * @param {string} [cls]
 */
export function meter(value, cls = "") {
  const fill = h("span", { class: "meter-fill" });
  fill.style.width = `${Math.max(0, Math.min(100, value))}%`;
  return h("span", { class: `meter ${cls}`, "aria-hidden": "true" }, fill);
}

/**
 * Shows one of the full-window screens (first run, fatal, unlock, app) and hides the others.
 * @param {string} id
 */
export function showScreen(id) {
  for (const el of document.querySelectorAll(".screen")) /** @type {HTMLElement} */ (el).hidden = el.id !== id;
}

/** True when a dialog is open: shortcuts and other dialogs then stay out of its way. */
export const dialogOpen = () => document.querySelector("dialog[open]") != null;

/**
 * A translated sentence with DOM nodes (a path in code type, a link) in place of its {params}.
 * @param {string} key
 * @param {Record<string, Node>} nodes
 * @returns {(string | Node)[]}
 */
export function tNodes(key, nodes) {
  const marks = Object.fromEntries(Object.keys(nodes).map((name) => [name, `\u0000${name}\u0000`]));
  return t(key, marks)
    .split("\u0000")
    .map((part, i) => (i % 2 ? nodes[part] : part));
}

/** @param {string} path */
export const pathNode = (path) => h("code", { class: "path" }, path);

/**
 * Focuses the first element matching `selector`, when there is one.
 * @param {string} selector
 * @param {FocusOptions} [options]
 */
export function focusFirst(selector, options) {
  const el = document.querySelector(selector);
  if (el instanceof HTMLElement) el.focus(options);
}
