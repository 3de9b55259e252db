// Likely duplicates in the window's import preview (issue 16): the Outlook "John Doe" of the
// corpus (same name, organisation and phones as the Gmail one, another email) is listed with a
// checkbox, off by default; ticked, it merges into the existing John Doe; left alone, a look-alike
// becomes a second contact.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { byTestId, dropAndPreview, eventually, invokeIn, openAppWithDemo, openImport, visible, textMatching } from "../helpers.mjs";

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/corpus/vcard");

let driver;

before(async () => {
  driver = await openAppWithDemo();
});

after(async () => {
  await driver?.quit();
});

const count = async (search) => (await invokeIn(driver, "list_contacts", { query: { search, include_archived: true } })).length;

/** Drops a file (bytes) on the window and waits for its preview. */
const previewOf = (bytes, name) => dropAndPreview(driver, bytes, name, "import-apply");

/** Imports what is previewed and waits until the window shows it done. */
async function apply() {
  await (await visible(driver, byTestId("import-apply"))).click();
  await eventually(
    driver,
    async () => /Imported from/.test(await (await visible(driver, byTestId("import-summary"))).getText()),
    "the import is done",
    60_000,
  );
}

test("a likely duplicate ticked in the preview merges into the contact", async () => {
  await openImport(driver);
  await previewOf(fs.readFileSync(path.join(CORPUS, "John_Doe_GMAIL.vcf")), "John_Doe_GMAIL.vcf");
  await apply();
  const does = await count("Doe");

  await previewOf(fs.readFileSync(path.join(CORPUS, "John_Doe_MS_OUTLOOK.vcf")), "John_Doe_MS_OUTLOOK.vcf");
  const likely = await (await visible(driver, byTestId("import-likely"))).getText();
  assert.match(likely, /looks like Mr\. John Richter, James Doe Sr\.: same phone, name, organisation/);
  const box = await visible(driver, byTestId("import-likely-accept"));
  assert.equal(await box.isSelected(), false, "off by default");
  await box.click();
  await apply();
  assert.equal(await count("Doe"), does, "no new John Doe once accepted");
  const john = (await invokeIn(driver, "list_contacts", { query: { search: "john.doe@ibm.com" } }))[0];
  const full = await invokeIn(driver, "get_contact", { id: john.id });
  assert.ok(full.emails.some((e) => e.value === "john.doe@ibm.cm"), JSON.stringify(full.emails));
});

test("a likely duplicate left unticked becomes a second contact", async () => {
  const card = (email) =>
    `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quarmby;Zephyrine;;;\r\nFN:Zephyrine Quarmby\r\nORG:Globex\r\nTEL:+44 20 7946 0123\r\nEMAIL:${email}\r\nEND:VCARD\r\n`;
  await previewOf(Buffer.from(card("zq@globex.test")), "ada.vcf");
  await apply();
  await previewOf(Buffer.from(card("zq@home.test")), "ada-home.vcf");
  await textMatching(driver, byTestId("import-likely"), /Zephyrine Quarmby looks like Zephyrine Quarmby/);
  await apply();
  assert.equal(await count("Quarmby"), 2, "not accepted: two contacts");
});
