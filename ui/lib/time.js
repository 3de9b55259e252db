// @ts-check
// Dates as a datetime-local input shows them, and as core wants them (with the local offset).

/** @param {Date} d */
function toLocalInput(d) {
  /** @param {number} n */
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Now, to the minute, for a datetime-local input. */
export function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  return toLocalInput(d);
}

/**
 * "2026-11-20T18:30" typed in local time → "2026-11-20T18:30:00+01:00", the offset of that moment.
 * @param {string} local
 * @returns {string}
 */
export function withOffset(local) {
  const d = local ? new Date(local) : new Date();
  if (Number.isNaN(d.getTime())) return withOffset("");
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  /** @param {number} n */
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const base = toLocalInput(d);
  return `${base}:${pad(d.getSeconds())}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}
