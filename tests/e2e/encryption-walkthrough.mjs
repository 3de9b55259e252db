// Encryption from the window, in the app built with the `encryption` feature: started by
// encryption.sh (which sets the binary, a throwaway HOME, RAPPORT_NO_KEYCHAIN=1 and SHOT_DIR).
// Every step is asserted (a failure exits non-zero); the screenshots are taken on the way.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { byTestId, eventually, invokeIn, Key, openApp, shortcut, visible, By } from "./helpers.mjs";

const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

async function shoot(driver, name) {
  await driver.executeScript("document.querySelectorAll('.toast').forEach(t => t.remove())");
  await driver.actions().move({ x: 1, y: 1, origin: "viewport" }).perform();
  await settle();
  const file = join(process.env.SHOT_DIR, name);
  execFileSync("import", ["-window", "root", file]);
  console.log(`wrote ${file}`);
}

const step = (text) => console.log(`- ${text}`);
const activeTestId = (driver) => driver.switchTo().activeElement().getAttribute("data-testid");
const textOf = (driver, el) => driver.executeScript("return arguments[0].textContent", el);

let driver = await openApp();
let passphrase;
try {
  await (await visible(driver, byTestId("load-demo"))).click();
  await visible(driver, byTestId("nvi-value"), 120_000);
  const contacts = (await invokeIn(driver, "list_contacts", { query: {} })).length;
  assert.ok(contacts > 100, `the demo network is loaded (${contacts} contacts)`);

  step("Settings › Data › Encryption, a plain database in a build that encrypts");
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("settings"));
  const enable = await visible(driver, byTestId("encryption-enable"));
  assert.match(await textOf(driver, await visible(driver, byTestId("encryption-off"))), /not encrypted/);
  await driver.executeScript("arguments[0].closest('.encryption').scrollIntoView({ block: 'center' })", enable);
  await shoot(driver, "settings-encryption.png");

  step("the button, by keyboard, opens the confirmation; Escape closes it and nothing changes");
  await driver.executeScript("arguments[0].focus()", enable);
  await driver.actions().sendKeys(Key.ENTER).perform();
  await visible(driver, byTestId("encryption-dialog"));
  assert.equal(await activeTestId(driver), "encryption-confirm", "focus on the confirm button");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("encryption-dialog"))).length === 0, "closed");
  assert.equal((await invokeIn(driver, "encryption_status")).encrypted, false);

  await driver.executeScript("arguments[0].focus()", enable);
  await driver.actions().sendKeys(Key.ENTER).perform();
  await visible(driver, byTestId("encryption-dialog"));
  await shoot(driver, "encryption-confirm.png");

  step("Encrypt: the recovery passphrase is shown once, and the dialog stays until it is stored");
  await driver.actions().sendKeys(Key.ENTER).perform();
  const field = await visible(driver, byTestId("encryption-passphrase"), 60_000);
  passphrase = await field.getAttribute("value");
  assert.match(passphrase, /^[a-z2-9]{5}(-[a-z2-9]{5}){5}$/, passphrase);
  assert.equal(await activeTestId(driver), "encryption-passphrase", "focus on the passphrase");
  const note = await textOf(driver, await visible(driver, byTestId("encryption-keychain-note")));
  assert.match(note, /could not keep the key/, note);
  assert.match(note, /RAPPORT_NO_KEYCHAIN/, note);
  const done = await visible(driver, byTestId("encryption-done"));
  assert.equal(await done.isEnabled(), false, "Done waits for the box");
  const shown = await driver.executeScript("return arguments[0].scrollWidth <= arguments[0].clientWidth", field);
  assert.ok(shown, "the whole passphrase is visible, not scrolled");
  await shoot(driver, "encryption-passphrase.png");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await settle(300);
  assert.ok(await field.isDisplayed(), "Escape does not dismiss the passphrase");
  const stored = await visible(driver, byTestId("encryption-stored"));
  await driver.executeScript("arguments[0].focus()", stored);
  await driver.actions().sendKeys(Key.SPACE).perform();
  assert.equal(await done.isEnabled(), true);
  await done.click();
  await eventually(driver, async () => (await driver.findElements(byTestId("passphrase-dialog"))).length === 0, "closed");
  const on = await visible(driver, byTestId("encryption-on"));
  assert.match(await textOf(driver, on), /is encrypted/);
  const keychain = await textOf(driver, await visible(driver, byTestId("encryption-keychain")));
  assert.match(keychain, /not in the system keychain/, keychain);
  // The same window goes on, on the encrypted file.
  assert.equal((await invokeIn(driver, "list_contacts", { query: {} })).length, contacts);
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"));
  await shortcut(driver, Key.CONTROL, "2");
  const block = await visible(driver, byTestId("encryption-on"));
  await driver.executeScript("arguments[0].closest('.encryption').scrollIntoView({ block: 'center' })", block);
  await shoot(driver, "settings-encrypted.png");
} finally {
  await driver.quit();
}

step("a new start without the key: the passphrase prompt");
driver = await openApp();
try {
  const prompt = await visible(driver, byTestId("unlock"));
  assert.match(await textOf(driver, prompt), /~\/\.local\/share\/org\.rapport\.desktop\/rapport\.db/);
  const input = await visible(driver, byTestId("unlock-passphrase"));
  assert.equal(await activeTestId(driver), "unlock-passphrase", "the field has the focus");
  assert.equal(await driver.executeScript("return arguments[0].labels.length", input), 1, "the field is labelled");
  await shoot(driver, "unlock.png");

  step("a wrong passphrase: a sentence, and still locked");
  await input.sendKeys("aaaaa-bbbbb-ccccc-ddddd-eeeee-fffff", Key.ENTER);
  const error = await visible(driver, byTestId("unlock-error"), 30_000);
  assert.match(await error.getText(), /does not open the database/);
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.equal((await invokeIn(driver, "encryption_status")).locked, true);
  await shoot(driver, "unlock-wrong.png");

  step("the right one, typed in capitals with spaces: the app opens");
  await input.clear();
  await input.sendKeys(passphrase.toUpperCase().replaceAll("-", " "), Key.ENTER);
  await visible(driver, byTestId("nvi-value"), 60_000);
  assert.ok((await invokeIn(driver, "list_contacts", { query: {} })).length > 100);
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("encryption-on"));

  step("Back up now, on the encrypted database: one more backup listed");
  const rows = async () => (await driver.findElements(byTestId("backup-row"))).length;
  const before = await rows();
  await (await visible(driver, byTestId("backup-now"))).click();
  await eventually(driver, async () => (await rows()) === before + 1, "the new backup is listed");
  assert.equal(await driver.executeScript("return Number(document.documentElement.dataset.cspViolations ?? 0)"), 0);
  assert.equal((await driver.findElements(By.css("[data-testid=unlock]:not([hidden])"))).length, 0);
  console.log("encryption walkthrough: every step passed");
} finally {
  await driver.quit();
}
