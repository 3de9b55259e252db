// Merging two contacts in the real window, and undoing it from the notice.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, listedNames, visible, Key, openAppWithDemo, invokeIn, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

async function search(text) {
  const box = await visible(driver, byTestId("search"));
  await box.clear();
  await box.sendKeys(text);
  return eventually(
    driver,
    async () => {
      const names = await listedNames(driver);
      return names.every((n) => n.includes(text)) && names;
    },
    `the list shows matches of ${text}`,
  );
}

test("merging a duplicate moves their history, and Undo brings them back", async () => {
  const kept = await invoke("add_contact", { fields: { display_name: "Merle Duplicate" } });
  const dup = await invoke("add_contact", { fields: { display_name: "Merle D." } });
  await invoke("log_interaction", {
    interaction: { at: new Date().toISOString(), channel: "call", initiated_by: "me", participants: [dup.id], summary: "Met at the fair" },
  });
  assert.deepEqual((await search("Merle")).sort(), ["Merle D.", "Merle Duplicate"]);

  // Open the kept one (its own row) and merge the duplicate into it.
  await (await visible(driver, { css: `[data-testid="contact-row"][data-id="${kept.id}"]` })).click();
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-name"))).getText()) === "Merle Duplicate", "kept is open");
  await (await visible(driver, byTestId("contact-merge"))).click();
  await visible(driver, byTestId("merge-dialog"));
  const pick = await visible(driver, byTestId("merge-pick"));
  await pick.sendKeys("Merle D.");
  await eventually(driver, async () => (await driver.findElements(byTestId("merge-pick-option"))).length === 1, "only the duplicate is offered");
  await pick.sendKeys(Key.ENTER);
  await textMatching(driver, byTestId("merge-preview"), /Merle D\. and their 1 interaction will become Merle Duplicate/);
  await (await visible(driver, byTestId("merge-confirm"))).click();

  // One Merle left, who now has the interaction.
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === '["Merle Duplicate"]', "the duplicate leaves the list");
  await eventually(
    driver,
    async () => /1 interaction\b/.test(await (await visible(driver, byTestId("fact-interactions"))).getText()),
    "the kept contact has the duplicate's interaction",
  );
  const undo = await visible(driver, byTestId("toast-action"));
  assert.equal(await undo.getText(), "Undo");
  await undo.click();

  await eventually(driver, async () => (await listedNames(driver)).length === 2, "Undo brings the duplicate back");
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-name"))).getText()) === "Merle D.", "their page opens");
  const keptAgain = await invoke("list_interactions", { query: { contact: kept.id } });
  assert.equal(keptAgain.length, 0, "the interaction went back to the duplicate");
  const dupAgain = await invoke("list_interactions", { query: { contact: dup.id } });
  assert.equal(dupAgain.length, 1);
  await (await visible(driver, byTestId("search"))).sendKeys(Key.ESCAPE);
});

test("archiving a contact can be undone from its notice", async () => {
  const names = await search("Merle D.");
  assert.deepEqual(names, ["Merle D."]);
  await (await visible(driver, byTestId("contact-archive"))).click();
  await eventually(driver, async () => (await listedNames(driver)).length === 0, "archived contacts leave the list");
  await (await visible(driver, byTestId("toast-action"))).click();
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === '["Merle D."]', "Undo restores them");
  await (await visible(driver, byTestId("search"))).sendKeys(Key.ESCAPE);
});
