// The date fields' reader (ui/lib/time.js), without a window: what people type in English and
// French, numeric dates in the locale's order, impossible dates refused with their reason, future
// ones flagged, and the editable form of a stored date read back to the same value. Runs with the
// end-to-end specs; `node --test specs/time.test.mjs` runs it alone.

import { test } from "node:test";
import assert from "node:assert/strict";

import { parseWhen, isFuture, storedForm, editableForm, dateOrder } from "../../../ui/lib/time.js";

// Saturday 5 December 2026, 18:30, on this machine's clock.
const now = new Date(2026, 11, 5, 18, 30);

/** The local "YYYY-MM-DD HH:MM" of what `typed` reads as, or the error's name. */
function read(typed, locale = "en-US", kind = "datetime") {
  const r = parseWhen(typed, { now, locale, kind });
  if ("error" in r) return `error:${r.error}`;
  const d = r.date;
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

test("numeric dates follow the locale's order", () => {
  assert.equal(dateOrder("fr"), "dmy");
  assert.equal(dateOrder("en-US"), "mdy");
  assert.equal(read("05/12/2026", "fr"), "2026-12-05 12:00");
  assert.equal(read("05/12/2026", "en-US"), "2026-05-12 12:00");
  assert.equal(read("05/12/2026", "en-GB"), "2026-12-05 12:00");
  assert.equal(read("30.11.26 9:05", "de"), "2026-11-30 09:05");
  assert.equal(read("30/11", "fr"), "2026-11-30 12:00");
});

test("impossible dates and times are refused with their reason", () => {
  const r = parseWhen("02/31/2026", { now, locale: "en-US" });
  assert.deepEqual(r, { error: "bad_day", params: { day: 31, month: 2, year: 2026, max: 28 } });
  assert.equal(read("31/02/2026", "fr"), "error:bad_day");
  assert.equal(read("2026-13-01"), "error:bad_month");
  assert.equal(read("2026-04-31 10:00"), "error:bad_day");
  assert.equal(read("hier 25h", "fr"), "error:bad_time");
  assert.equal(read("yesterday 18:75"), "error:bad_time");
  assert.equal(read("13pm"), "error:bad_time");
  assert.equal(read("next blue moon"), "error:unknown");
  assert.equal(read(""), "error:empty");
  assert.equal(read("2026-02-31T10:00:00+01:00"), "error:bad_day");
});

test("words in English and in French", () => {
  assert.equal(read("now"), "2026-12-05 18:30");
  assert.equal(read("maintenant", "fr"), "2026-12-05 18:30");
  assert.equal(read("yesterday 18:00"), "2026-12-04 18:00");
  assert.equal(read("yesterday at 6pm"), "2026-12-04 18:00");
  assert.equal(read("hier 18h", "fr"), "2026-12-04 18:00");
  assert.equal(read("Hier à 18 h 30", "fr"), "2026-12-04 18:30");
  assert.equal(read("avant-hier", "fr"), "2026-12-03 12:00");
  assert.equal(read("lun. 14h", "fr"), "2026-11-30 14:00");
  assert.equal(read("Mon 14:00"), "2026-11-30 14:00");
  assert.equal(read("last friday"), "2026-12-04 12:00");
  assert.equal(read("sam 9h", "fr"), "2026-12-05 09:00");
  assert.equal(read("2 days ago"), "2026-12-03 18:30");
  assert.equal(read("an hour ago"), "2026-12-05 17:30");
  assert.equal(read("il y a 3 h", "fr"), "2026-12-05 15:30");
  assert.equal(read("il y a 2 semaines", "fr"), "2026-11-21 18:30");
  assert.equal(read("14:00"), "2026-12-05 14:00");
  // Today alone is midday, or now while midday is still to come.
  assert.equal(read("today"), "2026-12-05 12:00");
  const morning = parseWhen("aujourd'hui", { now: new Date(2026, 11, 5, 9, 0), locale: "fr" });
  assert.equal("date" in morning && morning.date.getHours(), 9);
});

test("ISO dates, RFC 3339 instants and dates in words", () => {
  assert.equal(read("2026-11-30"), "2026-11-30 12:00");
  assert.equal(read("2026-11-30 14:00"), "2026-11-30 14:00");
  assert.equal(read("2026-11-30T14:00"), "2026-11-30 14:00");
  const instant = parseWhen("2026-11-30T14:00:00+01:00", { now });
  assert.equal("date" in instant && instant.date.toISOString(), "2026-11-30T13:00:00.000Z");
  assert.equal(read("30 nov. 14h", "fr"), "2026-11-30 14:00");
  assert.equal(read("lundi 30 novembre 2026", "fr"), "2026-11-30 12:00");
  assert.equal(read("1er décembre", "fr"), "2026-12-01 12:00");
  assert.equal(read("Nov 30, 2026 2pm"), "2026-11-30 14:00");
  assert.equal(read("November 30"), "2026-11-30 12:00");
});

test("a future date is flagged, a past one is not", () => {
  for (const [typed, locale, future] of [
    ["12/28/2028", "en-US", true],
    ["tomorrow", "en-US", true],
    ["demain 9h", "fr", true],
    ["19:00", "en-US", true],
    ["18:30", "en-US", false],
    ["yesterday", "en-US", false],
  ]) {
    const r = parseWhen(typed, { now, locale });
    assert.ok("date" in r, typed);
    assert.equal(isFuture(r, now), future, typed);
  }
});

test("day fields: a date without a time, a birthday with or without its year", () => {
  assert.equal(read("hier 18h", "fr", "date"), "error:no_time");
  assert.equal(read("2026-02-31", "fr", "date"), "error:bad_day");
  const day = parseWhen("22/03/1980", { now, locale: "fr", kind: "date" });
  assert.equal("date" in day && storedForm(day, "date"), "1980-03-22");
  const cases = [
    ["22/03", "fr", "--03-22"],
    ["03/22", "en-US", "--03-22"],
    ["22 mars", "fr", "--03-22"],
    ["March 22, 1980", "en-US", "1980-03-22"],
    ["--03-22", "en-US", "--03-22"],
    ["29/02", "fr", "--02-29"],
  ];
  for (const [typed, locale, stored] of cases) {
    const r = parseWhen(typed, { now, locale, kind: "birthday" });
    assert.ok("date" in r, typed);
    assert.equal(storedForm(r, "birthday"), stored, typed);
  }
  assert.equal(read("30/02", "fr", "birthday"), "error:bad_day_no_year");
  assert.equal(read("29/02/1981", "fr", "birthday"), "error:bad_day");
  // Without a year, a birthday is never "in the future".
  const noYear = parseWhen("31/12", { now, locale: "fr", kind: "birthday" });
  assert.ok("date" in noYear && !isFuture(noYear, now));
});

test("a stored date shown for editing reads back to the same value", () => {
  for (const locale of ["fr", "en-US", "en-GB", "de"]) {
    const at = storedForm({ date: new Date(2026, 10, 30, 14, 5), time: true, year: true }, "datetime");
    const shown = editableForm(at, "datetime", locale);
    const back = parseWhen(shown, { now, locale });
    assert.ok("date" in back, `${locale}: ${shown}`);
    assert.equal(storedForm(back, "datetime"), at, `${locale}: ${shown}`);
    for (const [stored, kind] of [["1980-03-22", "birthday"], ["--03-22", "birthday"], ["2019-06-01", "date"]]) {
      const again = parseWhen(editableForm(stored, kind, locale), { now, locale, kind });
      assert.ok("date" in again, `${locale}: ${stored}`);
      assert.equal(storedForm(again, kind), stored, `${locale}: ${stored}`);
    }
  }
  assert.equal(editableForm("2026-11-30T14:05:00", "datetime", "fr"), "30/11/2026 14:05");
  assert.equal(editableForm("--03-22", "birthday", "en-US"), "03/22");
});
