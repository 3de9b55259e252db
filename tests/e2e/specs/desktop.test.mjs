// At home on the desktop (issue 15), in the real window: the first run's "Import my contacts"
// opens the Open dialog; import notices say what happened; a file dropped on the window starts
// its preview; an export goes where the Save dialog says, and its notice shows it in its folder;
// import notices in English and French with their plurals; the window keeps its size across
// launches.
//
// WebDriver cannot click a native dialog. The shell's test seam (src-tauri/src/desktop.rs, debug
// builds only) answers each dialog from the file $RAPPORT_E2E_DIALOG instead (set by lib.sh):
// `answer(path)` below is the user choosing that path, `answer("cancel")` pressing Cancel; and
// "Show in folder" appends the path it would show to `$RAPPORT_E2E_DIALOG.revealed`.

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, chosenFileName, dropFile, eventually, Key, openApp, shortcut, visible, By, windowStateFile, textMatching } from "../helpers.mjs";

const ANSWER = process.env.RAPPORT_E2E_DIALOG;
const SCRATCH = path.join(process.env.E2E_TMP ?? "/tmp", "desktop-spec");

let driver;

/** What the user picks in the next dialog. */
const answer = (text) => fs.writeFileSync(ANSWER, text);

/** A vCard 3.0 file of these people ([name, email, phone?]) in the scratch folder; its path. */
function vcard(name, people) {
  const cards = people.map(
    ([fn, email, tel]) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${fn}\r\nEMAIL:${email}\r\n${tel ? `TEL:${tel}\r\n` : ""}END:VCARD\r\n`,
  );
  const file = path.join(SCRATCH, name);
  fs.writeFileSync(file, cards.join(""));
  return file;
}

const toasts = () =>
  driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast]'), (t) => t.querySelector('.toast-text').textContent)");
const chosenName = () => chosenFileName(driver);
const clearToasts = () => driver.executeScript("document.querySelectorAll('.toast').forEach((t) => t.remove())");

/** Imports the file chosen in the Open dialog (already shown, or opened here); the notice. */
async function importChosen(file, { open = true } = {}) {
  await clearToasts();
  answer(file);
  if (open) await (await visible(driver, byTestId("import-open"))).click();
  await eventually(driver, async () => (await chosenName()) === path.basename(file), "the chosen file's name shows");
  await (await visible(driver, byTestId("import-preview"))).click();
  await (await visible(driver, byTestId("import-apply"), 60_000)).click();
  return eventually(driver, async () => (await toasts()).at(-1), "a notice says what the import did", 60_000);
}

/** Removes the run's database: this spec starts from none, and leaves none for the next. */
function removeDatabase() {
  const db = process.env.RAPPORT_DB;
  for (const p of [db, `${db}-wal`, `${db}-shm`, path.join(path.dirname(db), "backups")]) fs.rmSync(p, { recursive: true, force: true });
}

before(async () => {
  assert.ok(ANSWER, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  fs.mkdirSync(SCRATCH, { recursive: true });
  // The first run needs a database nobody has opened (specs sorting before this one use it).
  removeDatabase();
  fs.rmSync(ANSWER, { force: true });
  driver = await openApp();
});

after(async () => {
  fs.rmSync(ANSWER, { force: true });
  await driver?.quit();
  // The specs after this one expect the demo network, which they load into an empty database.
  removeDatabase();
});

test("the first run's Import my contacts opens the Open dialog, and the notice counts the new contacts", async () => {
  await visible(driver, byTestId("first-run"));
  const three = vcard("phone.vcf", [
    ["Ann Lee", "ann@example.org"],
    ["Bo Strand", "bo@example.org"],
    ["Chloé Martin", "chloe@example.org"],
  ]);
  answer(three);
  await (await visible(driver, byTestId("start-import"))).click();
  await visible(driver, byTestId("transfer"));
  const notice = await importChosen(three, { open: false });
  assert.equal(notice, "3 new contacts");
});

test("an import notice names the contact a single merge went into, and counts in the singular", async () => {
  // The same email, and a phone number she did not have: merged into her.
  const merged = await importChosen(vcard("ann.vcf", [["Ann Lee", "ann@example.org", "+1 555 0100"]]));
  assert.equal(merged, "Merged into Ann Lee");
  const one = await importChosen(vcard("dan.vcf", [["Dan Okafor", "dan@example.org"]]));
  assert.equal(one, "1 new contact");
  const mixed = await importChosen(
    vcard("mixed.vcf", [
      ["Eve Roy", "eve@example.org"],
      ["Bo Strand", "bo@example.org", "+1 555 0101"],
      ["Chloé Martin", "chloe@example.org", "+1 555 0102"],
    ]),
  );
  assert.equal(mixed, "1 new contact, 2 merged");
  // Cancel in the Open dialog: nothing chosen, nothing changes.
  await clearToasts();
  answer("cancel");
  await (await visible(driver, byTestId("import-open"))).click();
  await driver.sleep(500);
  assert.equal(await chosenName(), "mixed.vcf", "the last file stays chosen");
});

test("a file dropped on the window opens Import and previews it", async () => {
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("dashboard"));
  await dropFile(driver, fs.readFileSync(vcard("dropped.vcf", [["Fay Lind", "fay@example.org"]])), "dropped.vcf");
  await visible(driver, byTestId("transfer"));
  await textMatching(driver, byTestId("import-summary"), /vCard/, 60_000);
  await textMatching(driver, byTestId("import-contacts_created"), "1");
  assert.equal(await chosenName(), "dropped.vcf");
  await (await visible(driver, byTestId("import-cancel"))).click();
});

test("an export goes where the Save dialog says, and Show in folder shows that file", async () => {
  const chosen = path.join(SCRATCH, "chosen", "my rapport.json");
  fs.mkdirSync(path.dirname(chosen), { recursive: true });
  await clearToasts();
  answer(chosen);
  await (await visible(driver, byTestId("export-json"))).click();
  const notice = await eventually(driver, async () => (await toasts()).at(-1), "a notice says where the export went");
  assert.ok(notice.includes("my rapport.json") && notice.startsWith("Exported to"), notice);
  const data = JSON.parse(fs.readFileSync(chosen, "utf8"));
  assert.equal(data.contacts.length, 5);
  const show = await visible(driver, byTestId("toast-action"));
  assert.equal(await show.getText(), "Show in folder");
  await show.click();
  const revealed = `${ANSWER}.revealed`;
  await eventually(driver, () => fs.existsSync(revealed) && fs.readFileSync(revealed, "utf8").trim().split("\n").at(-1) === chosen, "the file is shown in its folder");

  // Cancel in the Save dialog: no file, no notice.
  await clearToasts();
  answer("cancel");
  const before = fs.readdirSync(path.dirname(chosen));
  await (await visible(driver, byTestId("export-vcard"))).click();
  await driver.sleep(800);
  assert.deepEqual(await toasts(), []);
  assert.deepEqual(fs.readdirSync(path.dirname(chosen)), before);
});

test("import notices in French, with French plurals", async () => {
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); setTimeout(() => location.reload(), 50)");
  await driver.sleep(1500);
  await shortcut(driver, Key.CONTROL, "i");
  await visible(driver, byTestId("transfer"));
  assert.equal(await importChosen(vcard("gus.vcf", [["Gus Berg", "gus@example.org"]])), "1 nouveau contact");
  assert.equal(await importChosen(vcard("ann-fr.vcf", [["Ann Lee", "ann@example.org", "+1 555 0199"]])), "Fusionné avec Ann Lee");
  const two = await importChosen(
    vcard("two-fr.vcf", [
      ["Hana Sato", "hana@example.org"],
      ["Ivo Petrov", "ivo@example.org"],
      ["Gus Berg", "gus@example.org", "+1 555 0198"],
      ["Dan Okafor", "dan@example.org", "+1 555 0197"],
    ]),
  );
  assert.equal(two, "2 nouveaux contacts, 2 fusionnés");
  await driver.executeScript("localStorage.removeItem('rapport.language'); setTimeout(() => location.reload(), 50)");
  await driver.sleep(1500);
});

test("the window opens again at the size it was left at", async () => {
  await driver.manage().window().setRect({ width: 1040, height: 700 });
  await eventually(driver, async () => (await driver.manage().window().getRect()).width === 1040, "the window is resized");
  // Kept a second after the resize ends (and when the app exits): the next launch reads it.
  const kept = windowStateFile();
  await eventually(driver, () => fs.existsSync(kept) && JSON.parse(fs.readFileSync(kept, "utf8")).main?.width === 1040, "the size is kept");
  await driver.quit();
  driver = await openApp({ keepWindowState: true });
  await visible(driver, By.css("#app:not([hidden])"));
  const rect = await driver.manage().window().getRect();
  assert.equal(rect.width, 1040);
  assert.equal(rect.height, 700);
  // Back to the configured size, kept as such: the app writes its state again as it exits,
  // which may land after the next spec has cleared it.
  await driver.manage().window().setRect({ width: 1280, height: 800 });
  await eventually(driver, () => JSON.parse(fs.readFileSync(kept, "utf8")).main?.width === 1280, "the configured size is kept again");
});
