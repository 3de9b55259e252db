// @ts-check
// The model's settings as the window reads them outside the Settings screen: what the user saved,
// else core's defaults (both loaded at start, see screens/settings.js).

import { state } from "./state.js";

/**
 * One setting of the model: the saved value, else core's default.
 * @param {string} key
 * @returns {any}
 */
export function modelSetting(key) {
  return state.settings?.[key] ?? state.defaults?.[key];
}

/** After how many days a reply I owe counts as quiet (the model's `quiet_turn_days`). */
export const quietTurnDays = () => modelSetting("quiet_turn_days");
