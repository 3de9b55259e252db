// @ts-check
// What the window knows across screens: where the user is, what app_info said, the model's
// settings (for labels and tooltips), and the contact list's current rows.

/**
 * @typedef {"dashboard" | "contact" | "new" | "edit" | "settings" | "loops" | "posts" | "transfer"} View
 */

export const state = {
  /** app_info's answer: the database's path, whether it is empty or failed to open. */
  info: /** @type {any} */ (null),
  /** The rows of the contact list loaded so far. */
  contacts: /** @type {any[]} */ ([]),
  /** What the list's search box holds. */
  search: "",
  /** @type {number | null} the contact shown in the pane */
  selected: null,
  /** @type {View} */
  view: "dashboard",
  /** The model's settings as stored, and core's defaults: loaded with the window, for labels. */
  settings: /** @type {any} */ (null),
  defaults: /** @type {any} */ (null),
  /** The channel of the last interaction logged, preselected next time. */
  lastChannel: "in_person",
  /** Each pane drawn takes a number; an answer for an older one is dropped. */
  paneSeq: 0,
  paneShown: 0,
};
