// A key pressed while an input method composes a word (Japanese, Chinese, accents on some
// layouts) belongs to that composition: Esc there cancels the word, not a running import, and a
// chord goes to the input method too. The window's one keyboard listener (ui/lib/shortcuts.js)
// leaves such keys alone. The keys are sent as the page's own events, marked composing or not.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, openAppWithDemo } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo();
});

after(async () => {
  await driver?.quit();
});

/** Sends Ctrl+2 (Settings) as a keydown on the page, marked as part of a composition or not. */
const ctrl2 = (isComposing) =>
  driver.executeScript(
    `document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "2", ctrlKey: true, isComposing: arguments[0], bubbles: true }));`,
    isComposing,
  );
const settingsShown = () => driver.executeScript(`const s = document.querySelector('[data-testid="settings"]'); return !!s && s.offsetParent !== null;`);

test("a shortcut typed during an input method's composition is the composition's, not the window's", async () => {
  assert.equal(await settingsShown(), false, "the dashboard shows first");
  await ctrl2(true);
  // Given the time the same key takes when it is the window's (below), it would have opened by now.
  await driver.sleep(500);
  assert.equal(await settingsShown(), false, "Ctrl+2 while composing left the screen alone");
  await ctrl2(false);
  await eventually(driver, settingsShown, "Ctrl+2 outside a composition opens Settings");
  await driver.findElement(byTestId("settings"));
});
