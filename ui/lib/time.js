// @ts-check
// Dates as people type them and as core wants them. `parseWhen` reads what is typed in a date
// field ("yesterday 18:00", "hier 18h", "lun. 14h", "2 days ago", "30/11", "2026-11-30 14:00")
// in English or French, with numeric dates in the order of the window's locale (05/12/2026 is
// 5 December in French, May 12 in American English). An impossible date is refused with its
// reason, never replaced by another. `offsetString` gives core the instant with its local offset.

import { currentLocale } from "./i18n.js";

/**
 * What a date field accepts: an instant ("datetime"), a day ("date"), or a day whose year may be
 * left out ("birthday": "--MM-DD" when it is).
 * @typedef {"datetime" | "date" | "birthday"} WhenKind
 * @typedef {{ date: Date, time: boolean, year: boolean }} When  `time`: a time of day was given;
 *   `year`: a year was given or implied (false only for a birthday typed without one)
 * @typedef {{ error: string, params?: Record<string, string | number> }} WhenError  `error` names
 *   the reason (a `when.<error>` sentence of the window), `params` fill it
 */

/** A day typed without a time stands for midday, as the CLI takes it: far from midnight, so the
 * day does not change when the instant is shown in a neighbouring time zone. */
const MIDDAY = 12;

/** @param {string} text */
const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\s+/g, " ")
    .trim();

// Weekday words, Sunday first (Date.getDay's order), English then French, folded.
const WEEKDAYS = [
  ["sunday", "sun", "dimanche", "dim"],
  ["monday", "mon", "lundi", "lun"],
  ["tuesday", "tue", "tues", "mardi", "mar"],
  ["wednesday", "wed", "mercredi", "mer"],
  ["thursday", "thu", "thur", "thurs", "jeudi", "jeu"],
  ["friday", "fri", "vendredi", "ven"],
  ["saturday", "sat", "samedi", "sam"],
];

// Month words, January first, English then French, folded; a word of three letters or more that
// starts one (and no other) month's name is read as that month.
const MONTHS = [
  ["january", "janvier"],
  ["february", "fevrier"],
  ["march", "mars"],
  ["april", "avril"],
  ["may", "mai"],
  ["june", "juin"],
  ["july", "juillet"],
  ["august", "aout"],
  ["september", "septembre", "sept"],
  ["october", "octobre"],
  ["november", "novembre"],
  ["december", "decembre"],
];

/** @param {string} word a folded word, its dot removed */
function monthOf(word) {
  const w = word.replace(/\.$/, "");
  if (w.length < 3) return 0;
  const found = new Set();
  MONTHS.forEach((names, i) => {
    if (names.some((n) => n === w)) found.add(i + 1);
  });
  if (found.size === 1) return [...found][0];
  MONTHS.forEach((names, i) => {
    if (names.some((n) => n.startsWith(w))) found.add(i + 1);
  });
  return found.size === 1 ? [...found][0] : 0;
}

/** @param {string} word */
function weekdayOf(word) {
  const w = word.replace(/\.$/, "");
  const i = WEEKDAYS.findIndex((names) => names.includes(w));
  return i;
}

/** @param {number} year @param {number} month 1–12 */
export function daysInMonth(year, month) {
  return new Date(year, month, 0).getDate();
}

/**
 * The order of day, month and year in the locale's numeric dates ("dmy" in French and British
 * English, "mdy" in American English, "ymd" in Japanese...).
 * @param {string} locale
 */
export function dateOrder(locale) {
  const parts = new Intl.DateTimeFormat(locale, { day: "numeric", month: "numeric", year: "numeric" }).formatToParts(new Date(2026, 10, 30));
  return parts
    .filter((p) => p.type === "day" || p.type === "month" || p.type === "year")
    .map((p) => p.type[0])
    .join("");
}

// A time of day at the end of what was typed: 18:00, 18:30:15, 18h, 18 h 30, 6pm, 6:30 pm.
const TIME_AT_END = /(?:^|\s)(?:at |a )?(\d{1,2})(?:(?::(\d{2})(?::(\d{2}))?)|(?: ?h ?(\d{2})?))?( ?[ap]\.?m\.?)?$/;

/**
 * The time of day at the end of `text`, and what comes before it.
 * @param {string} text folded
 * @returns {{ rest: string, hour: number, minute: number, second: number, raw: string } | null}
 */
function splitTime(text) {
  const m = TIME_AT_END.exec(text);
  if (!m) return null;
  const [whole, h, colonMinute, second, hMinute, meridiem] = m;
  // A bare number is a time only with h, a colon or am/pm ("30" alone is not 30 o'clock).
  const marked = whole.includes(":") || /\d ?h/.test(whole) || meridiem;
  if (!marked) return null;
  let hour = Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) return { rest: "", hour: 99, minute: 0, second: 0, raw: whole.trim() };
    const pm = meridiem.includes("p");
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const rest = text
    .slice(0, text.length - whole.length)
    .replace(/(?:,| at| a| a partir de)$/, "")
    .trim();
  return { rest, hour, minute: Number(colonMinute ?? hMinute ?? 0), second: Number(second ?? 0), raw: whole.trim() };
}

/**
 * A day with no time yet: { y, m, d } from the day part of what was typed, or an error.
 * @param {string} text folded, without its time
 * @param {Date} now
 * @param {string} order
 * @param {boolean} yearOptional
 * @returns {{ y: number | null, m: number, d: number, timeOfNow?: boolean } | WhenError | null}
 */
function readDay(text, now, order, yearOptional) {
  const today = { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  /** @param {number} days */
  const shift = (days) => {
    const x = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
    return { y: x.getFullYear(), m: x.getMonth() + 1, d: x.getDate() };
  };
  if (text === "" || text === "today" || text === "aujourd'hui" || text === "auj") return today;
  if (text === "yesterday" || text === "hier") return shift(1);
  if (text === "day before yesterday" || text === "the day before yesterday" || text === "avant-hier" || text === "avant hier") return shift(2);
  if (text === "tomorrow" || text === "demain") return shift(-1);

  // A weekday: the last one, today included ("last monday", "lundi dernier", "lun.").
  const weekday = weekdayOf(text.replace(/^last /, "").replace(/ dernier$/, ""));
  if (weekday >= 0) return shift((now.getDay() - weekday + 7) % 7);

  // ISO: 2026-11-30, or --11-30 for a day without its year.
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  m = /^--(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return yearOptional ? { y: null, m: Number(m[1]), d: Number(m[2]) } : { error: "need_year" };

  // Numeric, in the locale's order: 05/12/2026, 5.12.26, 12/5 (the year left out).
  m = /^(\d{1,4})[/.-](\d{1,2})(?:[/.-](\d{1,4}))?$/.exec(text);
  if (m) {
    const numbers = [m[1], m[2], m[3]];
    if (m[1].length === 4) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3] ?? NaN) };
    const letters = numbers[2] === undefined ? order.replace("y", "") : order;
    /** @type {Record<string, number>} */
    const got = {};
    [...letters].forEach((letter, i) => (got[letter] = Number(numbers[i])));
    if (got.y !== undefined && numbers[letters.indexOf("y")].length <= 2) got.y += 2000;
    if (got.y === undefined) return yearOptional ? { y: null, m: got.m, d: got.d } : { y: today.y, m: got.m, d: got.d };
    return { y: got.y, m: got.m, d: got.d };
  }

  // In words: "30 novembre 2026", "30 nov.", "nov 30", "November 30, 2026", "lundi 30 novembre".
  const words = text.replace(/,/g, " ").replace(/(\d)(er)\b/, "$1").split(" ").filter(Boolean);
  if (words.length > 1 && weekdayOf(words[0]) >= 0) words.shift();
  if (words.length === 2 || words.length === 3) {
    const [a, b, c] = words;
    let day = NaN;
    let month = 0;
    if (/^\d{1,2}$/.test(a) && monthOf(b)) [day, month] = [Number(a), monthOf(b)];
    else if (monthOf(a) && /^\d{1,2}$/.test(b)) [day, month] = [Number(b), monthOf(a)];
    if (month) {
      if (c !== undefined && !/^\d{4}$/.test(c)) return null;
      if (c !== undefined) return { y: Number(c), m: month, d: day };
      return yearOptional ? { y: null, m: month, d: day } : { y: today.y, m: month, d: day };
    }
  }
  return null;
}

/**
 * Reads a date or an instant as typed.
 * @param {string} typed
 * @param {{ kind?: WhenKind, now?: Date, locale?: string }} [options]
 * @returns {When | WhenError}
 */
export function parseWhen(typed, { kind = "datetime", now = new Date(), locale = currentLocale() } = {}) {
  const text = fold(typed).replace(/\.$/, "");
  if (!text) return { error: "empty" };
  const withTime = kind === "datetime";

  if (withTime && (text === "now" || text === "maintenant")) return { date: new Date(now), time: true, year: true };

  // RFC 3339 with its offset, as core writes it: the instant it names.
  const rfc = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (rfc && withTime) {
    const bad = checkDay(Number(rfc[1]), Number(rfc[2]), Number(rfc[3]));
    if (bad) return bad;
    const badTime = checkTime(Number(rfc[4]), Number(rfc[5]), rfc[0]);
    if (badTime) return badTime;
    return { date: new Date(text.toUpperCase()), time: true, year: true };
  }

  // "2 days ago", "il y a 3 h", "an hour ago".
  const ago = /^(?:(a|an|\d+) ?([a-z]+) ago|il y a (un|une|\d+) ?([a-z]+))$/.exec(text);
  if (ago && withTime) {
    const count = /^\d+$/.test(ago[1] ?? ago[3]) ? Number(ago[1] ?? ago[3]) : 1;
    const unit = ago[2] ?? ago[4];
    const minutes = unitMinutes(unit);
    if (minutes) return { date: new Date(now.getTime() - count * minutes * 60_000), time: true, year: true };
    if (/^(months?|mois)$/.test(unit)) {
      const d = new Date(now);
      d.setMonth(d.getMonth() - count);
      return { date: d, time: true, year: true };
    }
    return { error: "unknown", params: { text: typed.trim() } };
  }

  // ISO with a T between day and time: 2026-11-30T14:00.
  const isoT = /^(\d{4}-\d{1,2}-\d{1,2})t(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(text);
  const split = isoT ? splitTime(`${isoT[1]} ${isoT[2]}`) : splitTime(text);
  if (split && !withTime) return { error: "no_time" };
  const dayText = split ? split.rest : text;
  const day = readDay(dayText, now, dateOrder(locale), kind === "birthday");
  if (!day) return { error: "unknown", params: { text: typed.trim() } };
  if ("error" in day) return day;
  const bad = checkDay(day.y, day.m, day.d);
  if (bad) return bad;
  const year = day.y ?? 2000; // a leap year: 29 February is a birthday
  if (split) {
    const badTime = checkTime(split.hour, split.minute, split.raw);
    if (badTime) return badTime;
    return { date: new Date(year, day.m - 1, day.d, split.hour, split.minute, split.second), time: true, year: true };
  }
  if (!withTime) return { date: new Date(year, day.m - 1, day.d, MIDDAY), time: false, year: day.y != null };
  // A day alone is its midday, or now if that is still to come today.
  const midday = new Date(year, day.m - 1, day.d, MIDDAY);
  const sameDay = midday.toDateString() === now.toDateString();
  return { date: sameDay && midday > now ? new Date(now) : midday, time: false, year: true };
}

/** @param {string} unit */
function unitMinutes(unit) {
  if (/^(m|mn|mins?|minutes?)$/.test(unit)) return 1;
  if (/^(h|hrs?|hours?|heures?)$/.test(unit)) return 60;
  if (/^(d|j|days?|jours?)$/.test(unit)) return 1440;
  if (/^(w|wks?|weeks?|sem|semaines?)$/.test(unit)) return 10080;
  return 0;
}

/**
 * Why a day does not exist, if it does not: 31 February, month 13, day 0.
 * @param {number | null} y null: no year (a birthday), where 29 February exists
 * @param {number} m
 * @param {number} d
 * @returns {WhenError | null}
 */
function checkDay(y, m, d) {
  if (!Number.isInteger(m) || m < 1 || m > 12) return { error: "bad_month", params: { month: m } };
  const max = daysInMonth(y ?? 2000, m);
  if (!Number.isInteger(d) || d < 1 || d > max) {
    return { error: y == null ? "bad_day_no_year" : "bad_day", params: { day: d, month: m, year: y ?? "", max } };
  }
  if (y != null && (y < 1000 || y > 9999)) return { error: "bad_year", params: { year: y } };
  return null;
}

/**
 * @param {number} hour
 * @param {number} minute
 * @param {string} raw as typed
 * @returns {WhenError | null}
 */
function checkTime(hour, minute, raw) {
  if (hour > 23 || minute > 59) return { error: "bad_time", params: { text: raw } };
  return null;
}

/**
 * Whether a read date is later than `now` (a minute's grace: "now" typed a moment ago).
 * @param {When} when
 * @param {Date} [now]
 */
export function isFuture(when, now = new Date()) {
  if (!when.year) return false;
  if (when.time) return when.date.getTime() > now.getTime() + 60_000;
  const day = new Date(when.date.getFullYear(), when.date.getMonth(), when.date.getDate());
  return day > new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** @param {number} n */
const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");

/**
 * An instant as core reads it: "2026-11-20T18:30:00+01:00", with the offset of that moment here.
 * @param {Date} d
 */
export function offsetString(d) {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  return `${dayString(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

/**
 * A day as core stores it: "2026-11-20".
 * @param {Date} d
 */
export function dayString(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A read date as core stores it for this kind of field: an instant with its offset, a day, or a
 * birthday without its year ("--03-22").
 * @param {When} when
 * @param {WhenKind} kind
 */
export function storedForm(when, kind) {
  if (kind === "datetime") return offsetString(when.date);
  if (!when.year) return `--${pad(when.date.getMonth() + 1)}-${pad(when.date.getDate())}`;
  return dayString(when.date);
}

/**
 * A stored date ("2026-11-30T14:00:00+01:00", "1980-03-22", "--03-22") as the field shows it for
 * editing, in the locale's numeric order: "30/11/2026 14:00" in French, "11/30/2026 14:00" in
 * American English; parseWhen reads it back to the same value.
 * @param {string} stored
 * @param {WhenKind} kind
 * @param {string} [locale]
 */
export function editableForm(stored, kind, locale = currentLocale()) {
  const noYear = /^--(\d{2})-(\d{2})$/.exec(stored);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
  if (noYear) {
    const d = new Date(2000, Number(noYear[1]) - 1, Number(noYear[2]));
    return new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit" }).format(d);
  }
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(stored);
  const date = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric" }).format(d);
  return kind === "datetime" ? `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}` : date;
}
