// @ts-check
// How the screens talk to each other without importing each other: a screen publishes "go to
// this contact" or "open the quick log", the shell's `changed` event arrives as "changed", and
// app.js (the only module that knows every screen) has subscribed the screen that answers.
// `emit` resolves once every subscriber has finished, so a caller can wait before moving on.

/**
 * @typedef {{ id: number, display_name: string }} Person
 * @typedef {{ view: "dashboard" } | { view: "settings" } | { view: "loops" } | { view: "posts" }
 *   | { view: "transfer" } | { view: "new" } | { view: "edit", contact: any }
 *   | { view: "contact", id: number, reveal?: boolean }} Place
 *   `reveal` also scrolls the contact's row of the list into view.
 * @typedef {{ prefill: Person[], answers?: number[], initiatedBy?: "me" | "them" | null }} QuickLogRequest
 * @typedef {{
 *   navigate: Place,
 *   "quick-log": QuickLogRequest,
 *   merge: any,
 *   changed: import("../api.js").Change,
 *   refresh: void,
 * }} Events
 *   navigate: show a place in the pane; quick-log: open the quick log; merge: open the merge
 *   dialog for a contact; changed: the data changed (the shell's event, after any write: the
 *   screen refreshes what it concerns, see lib/changes.js); refresh: redraw what the pane shows.
 */

/** Each event's listeners; a listener takes `never` here so that any event's listener fits. */
/** @type {Map<keyof Events, ((detail: never) => unknown)[]>} */
const listeners = new Map();

/**
 * @template {keyof Events} K
 * @param {K} name
 * @param {(detail: Events[K]) => unknown} listener
 */
export function on(name, listener) {
  listeners.set(name, [...(listeners.get(name) ?? []), listener]);
}

/**
 * @template {keyof Events} K
 * @param {K} name
 * @param {Events[K]} detail
 * @returns {Promise<void>}
 */
export async function emit(name, detail) {
  const subscribed = /** @type {((detail: Events[K]) => unknown)[]} */ (listeners.get(name) ?? []);
  await Promise.all(subscribed.map((listener) => listener(detail)));
}

/** @param {Place} place */
export const go = (place) => emit("navigate", place);

/**
 * @param {Person[]} [prefill] the people already chosen
 * @param {{ answers?: number[], initiatedBy?: "me" | "them" | null }} [options] questions to tick as
 *   answered, and who reached out
 */
export const openQuickLog = (prefill = [], options = {}) => emit("quick-log", { prefill, ...options });

/**
 * The data changed (the shell's `changed` event, which api.js hears). Screens never call it after
 * their own writes: the shell's event does, and lib/changes.js's `afterWrite` waits for it.
 * @param {import("../api.js").Change} change
 */
export const changed = (change) => emit("changed", change);

/** Redraws what the pane shows, where it is (after a change of theme, for the charts). */
export const refresh = () => emit("refresh", undefined);
