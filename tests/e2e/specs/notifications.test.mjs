// The daily reminder (issue 15) in the real window: switched on in Settings at a time already
// past, one summary of This week is sent; more ticks and a restart send no second one; a click
// on it brings This week; a system that blocks notifications is said in Settings and the test
// button's failure is a notice, while the card still shows everything.
//
// No notification is really shown: the shell's test seam (src-tauri/src/notify.rs, debug builds
// only, on when $RAPPORT_E2E_DIALOG is set, as lib.sh does) appends each one to
// `$RAPPORT_E2E_DIALOG.notifications` as a JSON line, takes a file `.click` beside it as a click
// on the notification, and a file `.blocked` as a system that blocks notifications. Its timer
// ticks every half second. Leaves the reminder off.

import fs from "node:fs";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, Key, openApp, openAppWithDemo, shortcut, visible, By, textMatching } from "../helpers.mjs";

const SEAM = process.env.RAPPORT_E2E_DIALOG;
const RECORD = `${SEAM}.notifications`;
const CLICK = `${SEAM}.click`;
const BLOCKED = `${SEAM}.blocked`;

let driver;

const sent = () =>
  fs.existsSync(RECORD)
    ? fs
        .readFileSync(RECORD, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

const cleanSeam = () => [RECORD, CLICK, BLOCKED].forEach((f) => fs.rmSync(f, { force: true }));

async function openSettings() {
  await driver.executeScript("document.querySelector('[data-testid=settings]')?.setAttribute('data-replaced', '')");
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, By.css("[data-testid=settings]:not([data-replaced])"));
  return visible(driver, byTestId("reminders-on"));
}

const lastError = () =>
  driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast-error] .toast-text'), (t) => t.textContent).at(-1)");

before(async () => {
  assert.ok(SEAM, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  cleanSeam();
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await invokeIn(driver, "set_reminder_settings", { settings: { on: false, time: "09:00", lang: "en" } }).catch(() => {});
  await driver?.quit();
  cleanSeam();
});

test("switched on at a time already past, one summary of This week is sent, and only one", async () => {
  const on = await openSettings();
  assert.equal(await on.isSelected(), false, "off until switched on");
  assert.equal(await (await visible(driver, byTestId("reminders-permission"))).getAttribute("data-state"), "granted");
  // Midnight has passed whenever the test runs: due at the first tick once on.
  await driver.executeScript(
    "const s = document.querySelector('[data-testid=reminders-time]'); s.value = '00:00'; s.dispatchEvent(new Event('change'));",
  );
  await eventually(driver, async () => (await invokeIn(driver, "reminder_settings")).time === "00:00", "the time is kept");
  assert.equal(sent().length, 0, "nothing while off");
  await (await visible(driver, byTestId("reminders-on"))).click();

  const [summary] = await eventually(driver, async () => (sent().length ? sent() : null), "a summary is sent");
  assert.equal(summary.title, "This week");
  // The demo network always has something due: "3 catch-ups due, 2 birthdays, ...".
  assert.match(summary.body, /^\d+ (catch-ups? due|birthdays?|questions? you owe|repl(y|ies) to write)(, \d+ [a-z -]+)*$/);
  const agenda = await invokeIn(driver, "agenda", { days: 14 });
  assert.ok(summary.body.startsWith(agenda.catch_ups_total ? `${agenda.catch_ups_total} catch-up` : `${agenda.birthdays.length} birthday`), summary.body);

  await driver.sleep(2000); // four more ticks
  assert.equal(sent().length, 1, "never twice a day");
  await openSettings();
  await textMatching(driver, byTestId("reminders-last"), /^Last summary: /);
});

test("a restart the same day sends nothing more", async () => {
  await driver.quit();
  driver = await openApp();
  await visible(driver, byTestId("nvi-value"), 60_000);
  await driver.sleep(2000);
  assert.equal(sent().length, 1);
});

test("a click on the notification brings This week", async () => {
  await openSettings();
  fs.writeFileSync(CLICK, "");
  const card = await visible(driver, byTestId("agenda"));
  await eventually(driver, () => driver.executeScript("return document.activeElement?.dataset.testid === 'agenda'"), "This week has the focus");
  assert.ok(await card.isDisplayed());
  assert.equal(fs.existsSync(CLICK), false, "the click was taken");
});

test("blocked by the system: Settings says so, the test's failure is a notice, the card still works", async () => {
  fs.writeFileSync(BLOCKED, "");
  await openSettings();
  const permission = await visible(driver, byTestId("reminders-permission"));
  assert.equal(await permission.getAttribute("data-state"), "blocked");
  assert.equal(
    await permission.getText(),
    "Notifications are blocked by the system: the This week card on the dashboard still shows everything.",
  );
  await (await visible(driver, byTestId("reminders-test"))).click();
  const error = await eventually(driver, lastError, "the failure shows");
  assert.match(error, /^The notification could not be shown \(notifications are blocked by the system\)/);
  assert.equal(sent().length, 1, "nothing was recorded");

  fs.rmSync(BLOCKED);
  await openSettings();
  await (await visible(driver, byTestId("reminders-test"))).click();
  await eventually(driver, () => sent().length === 2, "the test is sent once allowed");
  assert.equal(sent()[1].title, "This week");

  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("agenda"));
  await visible(driver, By.css("[data-testid=agenda] .agenda-body:not([aria-busy])"));
});
