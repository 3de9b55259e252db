// The last step of a large import in the real window (issue 17, item 10): once its rows are in,
// their search index is written in short slices, each its own transaction, and the Import screen
// shows it ("Indexing for search… N %") until it is done, with no Cancel offered (the import is
// written by then: neither the button nor Esc can take it back); a search then finds an imported
// contact by the email in its card. The spec imports 60,000 contacts into a database of its own
// where run.sh points RAPPORT_DB, and puts back whatever was there before it, so the specs after
// it find the database as they expect it.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, Key, openAppWithDemo, openImport, pickAndPreview, visible } from "../helpers.mjs";

const SCRATCH = path.join(process.env.E2E_TMP ?? "/tmp", "import-indexing-spec");
const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;
const DB = process.env.RAPPORT_DB;
// The database, the files SQLite keeps beside it and the backups folder: set aside, then put back.
const KEPT = DB ? [DB, `${DB}-wal`, `${DB}-shm`, path.join(path.dirname(DB), "backups")] : [];
const ASIDE = ".before-import-indexing-spec";

let driver;

before(async () => {
  assert.ok(DB, "RAPPORT_DB is not set: run the specs through tests/e2e/run.sh");
  fs.mkdirSync(SCRATCH, { recursive: true });
  for (const kept of KEPT) if (fs.existsSync(kept)) fs.renameSync(kept, kept + ASIDE);
  execFileSync(CLI, ["--db", DB, "demo"], { encoding: "utf8" });
  driver = await openAppWithDemo();
});

after(async () => {
  await driver?.quit();
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  for (const kept of KEPT) {
    fs.rmSync(kept, { recursive: true, force: true });
    if (fs.existsSync(kept + ASIDE)) fs.renameSync(kept + ASIDE, kept);
  }
});

/** `n` cards, `Person i Zed` with the email `pi@cards.test`: 30 slices of 2,000 at 60,000. */
function cards(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${i} Zed\r\nEMAIL:p${i}@cards.test\r\nEND:VCARD\r\n`);
  }
  return parts.join("");
}

/** The running step's line, and whether its Cancel button is offered. */
const running = () =>
  driver.executeScript(`const stop = document.querySelector('[data-testid=import-stop]');
    return { text: document.querySelector('.transfer-running p')?.textContent ?? '', offered: !!stop && !stop.hidden };`);

test("a large import shows its indexing for search with no Cancel, then a search finds its contacts", async () => {
  const file = path.join(SCRATCH, "many-cards.vcf");
  fs.writeFileSync(file, cards(60_000));
  await openImport(driver);
  await pickAndPreview(driver, file, "import-apply");
  await (await visible(driver, byTestId("import-apply"))).click();
  const shown = new Set();
  const cancelOffered = new Set();
  let escapePressed = false;
  await eventually(
    driver,
    async () => {
      const { text, offered } = await running();
      const step = text.replace(/[\d\s]+%/, " N %");
      if (text) shown.add(step);
      if (offered) cancelOffered.add(step);
      // Esc while it indexes: it must not start a cancel that cannot happen.
      if (step.startsWith("Indexing for search…") && !escapePressed) {
        escapePressed = true;
        await driver.actions().sendKeys(Key.ESCAPE).perform();
      }
      return /Imported from/.test(await driver.executeScript("return document.querySelector('[data-testid=import-summary]')?.textContent ?? ''"));
    },
    "the import is done",
    240_000,
  );
  const steps = [...shown];
  assert.ok(steps.some((t) => t.startsWith("Indexing for search…")), `the steps shown: ${steps.join(" | ")}`);
  assert.ok(escapePressed, "Esc was pressed while it indexed");
  assert.ok(!steps.includes("Cancelling…"), `no cancel started: ${steps.join(" | ")}`);
  const offeredWhileIndexing = [...cancelOffered].filter((t) => t.startsWith("Indexing for search…"));
  assert.deepEqual(offeredWhileIndexing, [], `Cancel offered during: ${[...cancelOffered].join(" | ")}`);
  assert.ok(cancelOffered.size > 0, "Cancel was offered while the import could still be stopped");
  const found = await invokeIn(driver, "list_contacts", { query: { search: "p59999@cards" } });
  assert.deepEqual(found.map((c) => c.display_name), ["Person 59999 Zed"]);
});
