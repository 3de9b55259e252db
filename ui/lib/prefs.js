// @ts-check
// The window's own preferences, theme and language, kept in the webview's localStorage rather
// than in the database: they must be known synchronously before the first paint (theme-boot.js),
// they belong to this computer's screen rather than to the network being measured, and a database
// opened elsewhere (RAPPORT_DB, a copy) should not change how this window looks or speaks.
// "system" is stored as no value at all, so following the system is what a fresh start does.

import { languageFor, setLocale, tables } from "./i18n.js";

const THEME_KEY = "rapport.theme";
const LANGUAGE_KEY = "rapport.language";

export const THEMES = ["system", "light", "dark"];
export const LANGUAGES = ["system", ...Object.keys(tables)];

/**
 * @param {string} key
 * @param {string[]} allowed
 * @returns {string}
 */
function read(key, allowed) {
  try {
    const value = window.localStorage.getItem(key);
    return value != null && allowed.includes(value) ? value : "system";
  } catch {
    return "system";
  }
}

/**
 * @param {string} key
 * @param {string} value
 */
function write(key, value) {
  try {
    if (value === "system") window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage refused (a locked-down webview): the choice lasts until the window closes.
  }
}

// ---------------------------------------------------------------------------------------------
// Theme: light, dark, or whatever the system says, now and when it changes.

const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");
/** @type {((theme: "light" | "dark") => void)[]} */
const themeListeners = [];

export const themeChoice = () => read(THEME_KEY, THEMES);

/** "light" or "dark": what the window shows now. */
export const currentTheme = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");

export function applyTheme() {
  const choice = themeChoice();
  const next = choice === "dark" || (choice === "system" && darkQuery.matches) ? "dark" : "light";
  if (document.documentElement.dataset.theme === next) return;
  document.documentElement.dataset.theme = next;
  for (const listener of themeListeners) listener(next);
}

/** @param {string} choice one of THEMES */
export function setTheme(choice) {
  write(THEME_KEY, choice);
  applyTheme();
}

/** Calls `listener("light" | "dark")` whenever the theme shown changes (a choice, or the system's). */
/** @param {(theme: "light" | "dark") => void} listener */
export function onThemeChange(listener) {
  themeListeners.push(listener);
}

darkQuery.addEventListener("change", applyTheme);

// ---------------------------------------------------------------------------------------------
// Language: the system's (navigator.language) unless the user picked one.

export const languageChoice = () => read(LANGUAGE_KEY, LANGUAGES);
export const systemLanguage = () => navigator.language || "en";

export function applyLanguage() {
  const choice = languageChoice();
  setLocale(choice === "system" ? languageFor(systemLanguage()) : choice, systemLanguage());
}

/** @param {string} choice one of LANGUAGES */
export function setLanguage(choice) {
  write(LANGUAGE_KEY, choice);
  applyLanguage();
}
