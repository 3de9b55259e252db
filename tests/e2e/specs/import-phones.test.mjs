// The same person recognised by phone (issue 16): the Import screen sends the region of the
// system's locale (navigator.language, "fr-FR") with the import, so a card whose number is written
// the national way there finds the contact whose number is written internationally. The test
// machine's locale is C (no region), so the spec gives the page the language a French or an
// American system would, then takes it back.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { dropAndPreview, importCount, invokeIn, openAppWithDemo, openImport } from "../helpers.mjs";

const NAME = "Phone Region Check";

let driver;

before(async () => {
  driver = await openAppWithDemo();
});

// The specs share one database: each test takes back the contact it added.
after(async () => {
  await driver?.quit();
});

/** Makes the page's navigator.language `language`, as a system set to it would (null: its own). */
const systemLanguageIs = (language) =>
  driver.executeScript(
    `if (arguments[0] === null) delete navigator.language;
     else Object.defineProperty(navigator, "language", { value: arguments[0], configurable: true });`,
    language,
  );

// A language, its region, and one line written at home there, then internationally.
for (const [language, region, national, international] of [
  ["fr-FR", "FR", "06 98 76 54 32", "+33 6 98 76 54 32"],
  ["en-US", "US", "(202) 555-0147", "+1 202 555 0147"],
]) {
  test(`in ${language}, a number written the national way finds the contact that has it internationally`, async () => {
    const contact = await invokeIn(driver, "add_contact", {
      fields: { display_name: NAME, phones: [{ value: international, label: null }] },
    });
    try {
      await openImport(driver);
      await systemLanguageIs(language);
      // Another name, so that only the phone can find the contact.
      const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nTEL:${national}\r\nEND:VCARD\r\n`;
      await dropAndPreview(driver, Buffer.from(card), "phone.vcf", "import-apply");
      assert.equal(await importCount(driver, "import-contacts_created"), 0, `${national} is ${international} in ${region}`);
      // With no region (the C locale), a national number could be anywhere: a new contact.
      await systemLanguageIs("C");
      await dropAndPreview(driver, Buffer.from(card), "phone.vcf", "import-apply");
      assert.equal(await importCount(driver, "import-contacts_created"), 1, "no region");
    } finally {
      await systemLanguageIs(null);
      await invokeIn(driver, "delete_contact", { id: contact.id });
    }
  });
}
