// @ts-check
/**
 * A named moment of start-up, read by scripts/measure-startup.mjs (Performance API, no cost).
 * @param {string} name
 */
export function mark(name) {
  performance.mark(`rapport:${name}`);
}
