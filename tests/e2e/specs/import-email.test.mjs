// Import of a mailbox (issue 16) in the real window: the .mbox is picked in the Open dialog; with
// no address of mine the preview says they are needed; with it, the preview counts the contact,
// the emails and the questions, says the newsletter is left out and that only the fact of a
// question is kept; importing makes the contact, whose page lists the emails with no text; the
// address is remembered, so a second preview needs none and adds nothing. A box, shown for an
// email source only, imports the mailing lists too.
//
// The Open dialog is answered by the shell's test seam ($RAPPORT_E2E_DIALOG, see desktop.test.mjs).

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, chosenFileName, eventually, importCount, interactionSummaries, invokeIn, Key, openAppWithDemo, openContact, openImport, pickAndPreview, shortcut, visible } from "../helpers.mjs";

const ANSWER = process.env.RAPPORT_E2E_DIALOG;
const SCRATCH = path.join(process.env.E2E_TMP ?? "/tmp", "import-email-spec");
const ME = "me@rapport.test";

let driver;
const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

/** One mbox message, with the blank line that ends it. */
const mail = (from, to, date, id, extra, body) =>
  `From sender Mon Jan  1 00:00:00 2026\nFrom: ${from}\nTo: ${to}\nDate: ${date}\nMessage-ID: <${id}>\n${extra}\n${body}\n\n`;

// My question to Ann, her reply, her own question, and a newsletter.
const ANN = "Ann Mailbox <ann.mailbox@example.org>";
const MBOX = [
  mail(`Me <${ME}>`, ANN, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Are you coming on Friday?"),
  mail(ANN, `Me <${ME}>`, "Mon, 2 Mar 2026 15:00:00 +0000", "a2@r", "In-Reply-To: <m1@r>\n", "Yes, see you there."),
  mail(ANN, `Me <${ME}>`, "Tue, 10 Mar 2026 10:00:00 +0000", "a3@r", "", "Could you send me the slides?"),
  mail("News <news@lists.example>", `<${ME}>`, "Wed, 4 Mar 2026 12:00:00 +0000", "n1@r", "List-Id: <news.lists.example>\n", "Hi"),
].join("");

const shown = (id) => importCount(driver, id);

before(async () => {
  assert.ok(ANSWER, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  fs.mkdirSync(SCRATCH, { recursive: true });
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  fs.rmSync(ANSWER, { force: true });
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  // run.sh gives each spec file a database of its own; run on a shared one, take back the people
  // these imports made, and their emails with them.
  if (driver) {
    for (const name of ["Ann Mailbox", "Ben Folder", "News"]) {
      for (const c of await invoke("list_contacts", { query: { search: name } }).catch(() => [])) {
        if (c.display_name === name) await invoke("delete_contact", { id: c.id });
      }
    }
  }
  await driver?.quit();
});

test("a mailbox asks for my address once, previews what it holds, and imports it once", async () => {
  const file = path.join(SCRATCH, "All mail.mbox");
  fs.writeFileSync(file, MBOX);
  await openImport(driver);
  const me = await visible(driver, byTestId("import-me"));
  await me.clear();

  // No address of mine: refused, saying which field to fill.
  const error = await pickAndPreview(driver, file, "import-error");
  assert.match(await error.getText(), /say which email addresses are yours/);

  await me.sendKeys(ME);
  await pickAndPreview(driver, file);
  assert.equal(await shown("import-contacts_created"), 1);
  assert.equal(await shown("import-interactions_created"), 3);
  assert.equal(await shown("import-questions_created"), 2);
  const problems = await (await visible(driver, byTestId("import-problems"))).getText();
  assert.match(problems, /messages from mailing lists or automated senders \(List-Id, .*\) left out: 1/);
  assert.doesNotMatch(problems, /1 messages/);
  assert.match(problems, /only that fact is kept, not the text/);

  await (await visible(driver, byTestId("import-apply"))).click();
  const ann = await eventually(
    driver,
    async () => (await invoke("list_contacts", { query: { search: "Ann Mailbox" } }))[0],
    "Ann is a contact",
    60_000,
  );
  assert.equal((await invoke("list_interactions", { query: { contact: ann.id } })).length, 3);

  // Her page lists the three emails, with no text of theirs.
  await openContact(driver, "Ann Mailbox", ann.id);
  const summaries = () => interactionSummaries(driver);
  await eventually(driver, async () => (await summaries()).length === 3, "her page lists the three emails", 30_000);
  assert.deepEqual(await summaries(), ["Email", "Email", "Email"]);

  // The address is remembered: the field left empty, the same mailbox adds nothing.
  await openImport(driver);
  await (await visible(driver, byTestId("import-me"))).clear();
  await pickAndPreview(driver, file);
  assert.equal(await shown("import-interactions_created"), 0, "the same mailbox again adds nothing");
  assert.equal(await shown("import-interactions_duplicate"), 3);
});

// A folder of .eml files, chosen with the folder button, is one import: each file one message, and
// a problem names the file it is in.
test("a folder of .eml files is picked with the folder button and previews as one mailbox", async () => {
  const folder = path.join(SCRATCH, "Exported emails");
  fs.mkdirSync(folder, { recursive: true });
  const BEN = "Ben Folder <ben.folder@example.org>";
  const eml = (...args) => mail(...args).split("\n").slice(1).join("\n");
  fs.writeFileSync(path.join(folder, "1.eml"), eml(`Me <${ME}>`, BEN, "Mon, 6 Apr 2026 09:00:00 +0000", "f1@r", "", "Lunch?"));
  fs.writeFileSync(path.join(folder, "2.eml"), eml(BEN, `Me <${ME}>`, "Mon, 6 Apr 2026 11:00:00 +0000", "f2@r", "In-Reply-To: <f1@r>\n", "Yes."));
  fs.writeFileSync(path.join(folder, "3.eml"), eml(BEN, `Me <${ME}>`, "Mon, 31 Apr 2026 11:00:00 +0000", "f3@r", "", "Hi."));
  // The Import screen, opened afresh, fills "Who you are" with the address the last email import
  // remembered once an email source is chosen.
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"));
  await openImport(driver);
  const me = await visible(driver, byTestId("import-me"));
  await driver.executeScript("document.querySelector(\"[data-testid='import-result']\")?.replaceChildren()");
  fs.writeFileSync(ANSWER, folder);
  await (await visible(driver, byTestId("import-open-folder"))).click();
  await eventually(driver, async () => (await chosenFileName(driver)) === "Exported emails", "the folder's name shows");
  await eventually(driver, async () => (await me.getAttribute("value")) === ME, "the remembered address fills the field");
  await me.clear();
  await (await visible(driver, byTestId("import-skip-invalid"))).click();
  await (await visible(driver, byTestId("import-preview"))).click();
  await visible(driver, byTestId("import-summary"), 60_000);
  assert.equal(await shown("import-contacts_created"), 1);
  assert.equal(await shown("import-interactions_created"), 2);
  const problems = await (await visible(driver, byTestId("import-problems"))).getText();
  assert.match(problems, /3\.eml: /);
});

// Mailing lists are left out unless the box says otherwise; the box shows for an email source only
// and is reached with the keyboard.
test("the mailing-lists box shows for email only, and ticked, the newsletter is imported and counted", async () => {
  const file = path.join(SCRATCH, "All mail.mbox");
  fs.writeFileSync(file, MBOX);
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"));
  await openImport(driver);
  const format = await visible(driver, byTestId("import-format"));
  const choose = (value) =>
    driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))", format, value);
  const boxShown = () => driver.findElement(byTestId("import-include-lists")).isDisplayed();
  assert.equal(await boxShown(), false, "no email source yet: no box");
  await choose("vcard");
  assert.equal(await boxShown(), false, "a vCard file has no mailing lists");
  await choose("email");
  assert.equal(await boxShown(), true, "shown for email");

  // Tab from the box above it ("Keep the text") reaches it; Space ticks it.
  await driver.executeScript("document.querySelector(\"[data-testid='import-keep-text']\").focus()");
  await driver.actions().sendKeys(Key.TAB).perform();
  const focused = () => driver.executeScript("return document.activeElement?.dataset.testid");
  assert.equal(await focused(), "import-include-lists");
  await driver.actions().sendKeys(Key.SPACE).perform();
  assert.equal(await driver.findElement(byTestId("import-include-lists")).isSelected(), true);

  // The three emails with Ann are there already (the first test); the newsletter is new.
  await pickAndPreview(driver, file);
  assert.equal(await shown("import-interactions_created"), 1);
  assert.equal(await shown("import-interactions_duplicate"), 3);
  assert.equal(await shown("import-contacts_created"), 1);
  const problems = await (await visible(driver, byTestId("import-problems"))).getText();
  assert.match(problems, /messages from mailing lists or automated senders \(List-Id, .*\) imported, as asked: 1/);
  assert.doesNotMatch(problems, /left out: 1/);

  await (await visible(driver, byTestId("import-apply"))).click();
  const news = await eventually(
    driver,
    async () => (await invoke("list_contacts", { query: { search: "News" } })).find((c) => c.display_name === "News"),
    "the newsletter's sender is a contact",
    60_000,
  );
  assert.equal((await invoke("list_interactions", { query: { contact: news.id } })).length, 1);
});
