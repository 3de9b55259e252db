// @ts-check
/**
 * A named moment, read by scripts/measure-startup.mjs and the end-to-end specs (Performance API,
 * no cost). Only the latest mark of each name is kept: moments that recur (a quick log's Save)
 * would otherwise pile up for as long as the window stays open.
 * @param {string} name
 */
export function mark(name) {
  performance.clearMarks(`rapport:${name}`);
  performance.mark(`rapport:${name}`);
}
