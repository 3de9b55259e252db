// After a write the contact list is asked for again whole, but only the rows whose data changed
// are drawn again: the others stay the very same elements (on a large network, a hundred rows
// built anew took longer than the rest of the refresh after a quick log). Checked by tagging every
// row element before the write and looking for the tags after the list shows it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, openAppWithDemo, visible } from "../helpers.mjs";

let driver;
/** The call the test logs, taken back at its end (or here, if it stopped before): the e2e
 * database is shared with the specs that run after this one. */
let logged = null;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  if (logged) await invokeIn(driver, "delete_interaction", { id: logged.id });
  await driver?.quit();
});

/** Each row of the list: its contact's id, whether it carries the tag, and its "last contact". */
const rows = () =>
  driver.executeScript(
    `return Array.from(document.querySelectorAll('#contact-list > li'), (li) => {
       const row = li.querySelector('.contact-row');
       return { id: Number(row?.dataset.id), tagged: li.__keptTag === true, when: row?.querySelector('.row-when')?.textContent };
     });`,
  );

test("a log redraws its contact's row in the list and leaves every other row element as it was", async () => {
  await visible(driver, byTestId("contact-row"));
  const before = await rows();
  assert.ok(before.length > 5, `${before.length} rows`);
  // A contact not last spoken with today, so that their row visibly changes.
  const target = before.find((r) => r.when && !/today|aujourd/i.test(r.when));
  assert.ok(target, "a contact last spoken with before today");
  await driver.executeScript("document.querySelectorAll('#contact-list > li').forEach((li) => { li.__keptTag = true; });");

  const call = await invokeIn(driver, "log_interaction", {
    interaction: { at: new Date().toISOString(), channel: "call", initiated_by: "me", participants: [target.id] },
  });
  assert.ok(!call.error, JSON.stringify(call.error));
  logged = call;

  const after = await eventually(
    driver,
    async () => {
      const now = await rows();
      const row = now.find((r) => r.id === target.id);
      return row && row.when !== target.when ? now : null;
    },
    "the logged contact's row shows the call",
  );
  assert.deepEqual(
    after.map((r) => r.id),
    before.map((r) => r.id),
    "the same contacts, in the same order",
  );
  assert.equal(after.find((r) => r.id === target.id).tagged, false, "their row is drawn again");
  const redrawn = after.filter((r) => r.id !== target.id && !r.tagged).map((r) => r.id);
  assert.deepEqual(redrawn, [], "no other row is drawn again");

  // The call taken back: their row reads as it did before.
  const deleted = await invokeIn(driver, "delete_interaction", { id: logged.id });
  assert.ok(!deleted?.error, JSON.stringify(deleted?.error));
  logged = null;
  await eventually(
    driver,
    async () => (await rows()).find((r) => r.id === target.id)?.when === target.when,
    "their row shows their last contact from before the call",
  );
});
