// Import / Export and backups in the real window: a vCard from the real-world corpus previewed
// (nothing written), imported in one go, imported again (nobody twice); a malformed file refused
// by record and field with nothing written; a cancelled preview; everything exported as JSON;
// a backup made from Settings, then restored, taking back a contact added after it.
//
// A native file picker cannot be driven over WebDriver, so the file is dropped on the window
// (helpers.mjs, dropFile), which starts its preview; specs/desktop.test.mjs drives the Open
// dialog through the shell's test seam.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { byTestId, eventually, importCount, Key, openImport, shortcut, visible, By, openAppWithDemo, invokeIn, dropFile } from "../helpers.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures");

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

async function contactCount() {
  return (await invoke("list_contacts", { query: { include_archived: true } })).length;
}

/** Drops a fixture on the window, which starts its preview. */
async function pickFile(relative, name = path.basename(relative)) {
  await driver.executeScript("document.querySelector(\"[data-testid='import-result']\")?.replaceChildren()");
  await dropFile(driver, fs.readFileSync(path.join(FIXTURES, relative)), name);
}

const openTransfer = () => openImport(driver);

/** Waits for the preview the drop started. */
async function preview() {
  await eventually(
    driver,
    async () => (await driver.findElements(byTestId("import-summary"))).length + (await driver.findElements(byTestId("import-error"))).length > 0,
    "the preview or an error is shown",
    60_000,
  );
}

const shown = (id) => importCount(driver, id);

/** Toasts sit over the bottom of the pane for a few seconds: wait them out before clicking there. */
const noToasts = () =>
  eventually(driver, async () => (await driver.findElements(By.css(".toast"))).length === 0, "the toasts are gone", 20_000);

const toasts = () =>
  driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast]'), (t) => t.textContent).join('\\n')");

test("Ctrl+I opens Import / Export; a vCard is previewed, imported, and a second time creates nobody", async () => {
  await openTransfer();
  const before = await contactCount();
  await pickFile("corpus/vcard/gmail-list.vcf");
  await preview();
  const created = await shown("import-contacts_created");
  assert.ok(created >= 2, `the preview counts new contacts: ${created}`);
  assert.equal(await contactCount(), before, "a preview writes nothing");

  await (await visible(driver, byTestId("import-apply"))).click();
  await eventually(driver, async () => new RegExp(`${created} new contacts`).test(await toasts()), "a toast says what was imported", 60_000);
  assert.equal(await contactCount(), before + created);

  await pickFile("corpus/vcard/gmail-list.vcf");
  await preview();
  assert.equal(await shown("import-contacts_created"), 0, "the same file again creates nobody");
  await (await visible(driver, byTestId("import-cancel"))).click();
  await eventually(driver, async () => /cancelled/.test(await toasts()), "a toast says nothing was written");
  assert.equal(await contactCount(), before + created);
});

test("a malformed file is refused by record and field, and nothing is written", async () => {
  await openTransfer();
  const before = await contactCount();
  await pickFile("import/bad/impossible_birthday.vcf");
  await preview();
  const refused = await driver.findElements(byTestId("import-error"));
  if (refused.length) {
    assert.match(await refused[0].getText(), /\S/, "the whole file refused, with a reason");
  } else {
    const problems = await (await visible(driver, byTestId("import-problems"))).getText();
    assert.match(problems, /(Card|Line) \d+/, `a problem names its record or line: ${problems}`);
    assert.equal(await (await visible(driver, byTestId("import-apply"))).getAttribute("disabled"), "true", "Import is refused");
    await (await visible(driver, byTestId("import-cancel"))).click();
  }
  assert.equal(await contactCount(), before);
});

test("everything is exported as JSON into the export folder", async () => {
  await openTransfer();
  const dir = process.env.RAPPORT_EXPORT_DIR;
  const before = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  await (await visible(driver, byTestId("export-json"))).click();
  await eventually(driver, async () => /Exported to .*rapport-export-.*\.json/.test(await toasts()), "a toast names the file");
  const added = fs.readdirSync(dir).filter((f) => !before.includes(f));
  assert.equal(added.length, 1);
  const data = JSON.parse(fs.readFileSync(path.join(dir, added[0]), "utf8"));
  assert.equal(data.contacts.length, await contactCount());
});

test("a backup made from Settings is restored, taking back what was added after it", async () => {
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("settings"));
  const rows = async () => (await driver.findElements(byTestId("backup-row"))).length;
  const start = await rows();
  const now = await visible(driver, byTestId("backup-now"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", now);
  await noToasts();
  await now.click();
  await eventually(driver, async () => (await rows()) === start + 1, "the new backup is listed");
  const before = await contactCount();

  const added = await invoke("add_contact", { fields: { display_name: "Restaurée Après" } });
  assert.ok(added.id, JSON.stringify(added));
  assert.equal(await contactCount(), before + 1);

  // The newest backup is first: ask, then confirm.
  const restore = (await driver.findElements(byTestId("backup-restore")))[0];
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", restore);
  await noToasts();
  await restore.click();
  await (await visible(driver, byTestId("backup-restore-confirm"))).click();
  await eventually(driver, async () => /Restored/.test(await toasts()), "a toast says what was restored", 30_000);
  assert.equal(await contactCount(), before, "the contact added after the backup is gone");
  await eventually(driver, async () => (await driver.findElements(By.css("[data-testid='backup-row']"))).length >= start + 2, "the pre-restore copy is listed too");
});
