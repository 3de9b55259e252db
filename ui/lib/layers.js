// @ts-check
// Dunbar's layers as the window names them: by rank (1, the innermost, to 4), the way core sends
// them, with the size the model's settings give each one today. A layer's label never depends on
// its size, so a user who changes the sizes in Settings still reads "Monthly".

import { DOMAIN } from "../gen/domain.js";
import { state } from "./state.js";

/** The layers' ranks, innermost first. */
export const LAYER_RANKS = DOMAIN.layers.map((layer) => layer.rank);

/**
 * The size of layer `rank` in the model's settings (core's default until they are loaded).
 * @param {number} rank
 * @returns {number}
 */
export function layerSize(rank) {
  return state.settings?.layer_sizes?.[rank - 1] ?? DOMAIN.layers[rank - 1]?.default_size ?? 0;
}
