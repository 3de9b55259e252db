// Import of a calendar with a weekly one-to-one (issue 16): the preview counts one interaction
// per past occurrence and says, on the event, how many occurrences it expanded to (and how many
// later ones were left out, when any were); importing it writes them, and a second import adds none.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, dropAndPreview, eventually, importCount, invokeIn, openAppWithDemo, openImport, visible } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

// Mondays at 10:00 in Paris through 2024 (52), and a meeting in 2099 (left out).
const CALENDAR = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "BEGIN:VEVENT",
  "UID:weekly-rita",
  "SUMMARY:1:1 with Rita",
  "ORGANIZER:mailto:me@rapport.test",
  "ATTENDEE:mailto:rita.recurring@example.com",
  "DTSTART;TZID=Europe/Paris:20240108T100000",
  "RRULE:FREQ=WEEKLY;UNTIL=20241231T000000Z",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:later",
  "SUMMARY:Much later",
  "ORGANIZER:mailto:me@rapport.test",
  "ATTENDEE:mailto:rita.recurring@example.com",
  "DTSTART:20990105T100000Z",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

const shown = (id) => importCount(driver, id);
const previewDropped = () => dropAndPreview(driver, Buffer.from(CALENDAR, "utf8"), "weekly.ics");

test("a weekly one-to-one previews as 52 interactions, its expansion and the future meeting named", async () => {
  const rita = await invoke("add_contact", {
    fields: { display_name: "Rita Recurring", emails: [{ value: "rita.recurring@example.com" }] },
  });
  await openImport(driver);
  await previewDropped();
  assert.equal(await shown("import-interactions_created"), 52);
  const problems = await (await visible(driver, byTestId("import-problems"))).getText();
  assert.match(problems, /a recurring event that ends before the import date: occurrences, each an interaction: 52/);
  assert.doesNotMatch(problems, /later ones/, "nothing of it is after today, so later ones are not mentioned");
  assert.match(problems, /events after the import date left out: 1/);

  await (await visible(driver, byTestId("import-apply"))).click();
  await eventually(
    driver,
    async () => (await invoke("list_interactions", { query: { contact: rita.id } })).length === 52,
    "the 52 occurrences are written",
    60_000,
  );
  await previewDropped();
  assert.equal(await shown("import-interactions_created"), 0, "the same calendar again adds nothing");
  assert.equal(await shown("import-interactions_duplicate"), 52);
});
