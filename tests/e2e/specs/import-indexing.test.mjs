// The last step of a large import in the real window (issue 17, item 10): once its rows are in,
// their search index is written in short slices, each its own transaction, and the Import screen
// shows it ("Indexing for search… N %") until it is done; a search then finds an imported
// contact by the email in its card.

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, openAppWithDemo, openImport, pickAndPreview, visible } from "../helpers.mjs";

const SCRATCH = path.join(process.env.E2E_TMP ?? "/tmp", "import-indexing-spec");

let driver;

before(async () => {
  fs.mkdirSync(SCRATCH, { recursive: true });
  driver = await openAppWithDemo();
});

after(async () => {
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  await driver?.quit();
});

/** `n` cards, `Person i Zed` with the email `pi@cards.test`: 30 slices of 2,000 at 60,000. */
function cards(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${i} Zed\r\nEMAIL:p${i}@cards.test\r\nEND:VCARD\r\n`);
  }
  return parts.join("");
}

const progressText = () => driver.executeScript("return document.querySelector('.transfer-running p')?.textContent ?? ''");

test("a large import shows its indexing for search, then a search finds its contacts", async () => {
  const file = path.join(SCRATCH, "many-cards.vcf");
  fs.writeFileSync(file, cards(60_000));
  await openImport(driver);
  await pickAndPreview(driver, file, "import-apply");
  await (await visible(driver, byTestId("import-apply"))).click();
  const shown = new Set();
  await eventually(
    driver,
    async () => {
      const text = await progressText();
      if (text) shown.add(text.replace(/[\d\s]+%/, " N %"));
      return /Imported from/.test(await driver.executeScript("return document.querySelector('[data-testid=import-summary]')?.textContent ?? ''"));
    },
    "the import is done",
    240_000,
  );
  const steps = [...shown];
  assert.ok(steps.some((t) => t.startsWith("Indexing for search…")), `the steps shown: ${steps.join(" | ")}`);
  const found = await invokeIn(driver, "list_contacts", { query: { search: "p59999@cards" } });
  assert.deepEqual(found.map((c) => c.display_name), ["Person 59999 Zed"]);
});
