// The quick log without the mouse: Ctrl+K, a name and Enter, then arrows to change the channel
// and who reached out, and Enter to save. Runs on the demo network (loaded here when the database
// is empty, so the file also runs alone).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, shortcut, visible, openAppWithDemo, invokeIn } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

test("an interaction is logged with the keyboard alone", async () => {
  const page = await invoke("contact_page", { query: { search: "Chloé Martin", limit: 1 } });
  const chloe = page.contacts[0];
  assert.equal(chloe.display_name, "Chloé Martin");
  const before = await invoke("list_interactions", { query: { contact: chloe.id } });

  await shortcut(driver, Key.CONTROL, "k");
  const dialog = await visible(driver, byTestId("quick-log"));
  const channel = await driver.executeScript("return document.querySelector('#log-form input[name=channel]:checked').value");
  const actions = driver.actions();
  await actions.sendKeys("Chloé Ma").perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "she is suggested");
  // Enter picks her; Tab reaches the channels, → takes the next one; Tab reaches who reached
  // out, → says they did; Enter saves.
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "she is picked");
  await driver.actions().sendKeys(Key.TAB, Key.ARROW_RIGHT, Key.TAB, Key.ARROW_RIGHT, Key.ENTER).perform();
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");

  const after = await invoke("list_interactions", { query: { contact: chloe.id } });
  assert.equal(after.length, before.length + 1);
  const logged = after[0];
  const channels = ["in_person", "call", "video", "email", "message", "social", "event", "letter", "other"];
  assert.equal(logged.channel, channels[(channels.indexOf(channel) + 1) % channels.length]);
  assert.equal(logged.initiated_by, "them");
  assert.deepEqual(logged.participants.map((p) => p.display_name), ["Chloé Martin"]);
});
