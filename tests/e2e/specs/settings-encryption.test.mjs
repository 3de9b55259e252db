// Settings › Data › Encryption in the real window. The suite's app is built without the cargo
// feature `encryption`, so the block must say that this build does not include it, offer no
// button, and the window's encryption commands must refuse with that same sentence. (The feature
// build, with the passphrase prompt and the recovery passphrase, is driven by
// tests/e2e/encryption.sh.) Runs on whatever the database holds; loads the demo when it is empty,
// which is why its name sorts after first-run's (that spec needs the database empty).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, invokeIn, Key, openAppWithDemo, shortcut, visible, By, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const active = () => driver.switchTo().activeElement();

test("this build reports encryption unavailable, and its commands say so in a sentence", async () => {
  const status = await invoke("encryption_status");
  assert.deepEqual(
    { available: status.available, encrypted: status.encrypted, locked: status.locked },
    { available: false, encrypted: false, locked: false },
  );
  for (const [cmd, args] of [["enable_encryption", {}], ["unlock_database", { passphrase: "abcde-fghjk" }]]) {
    const { error } = await invoke(cmd, args);
    assert.equal(error?.code, "invalid", `${cmd}: ${JSON.stringify(error)}`);
    assert.match(error.message, /has no encryption/, cmd);
  }
});

test("Settings › Data shows the encryption block, reached by keyboard, saying this build has none", async () => {
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("settings"));
  assert.equal(await active().getAttribute("id"), "settings-title");
  // Tab goes through every control of Settings down to the backups, just above the block.
  let reached = false;
  for (let i = 0; i < 150 && !reached; i++) {
    await driver.actions().sendKeys(Key.TAB).perform();
    reached = (await active().getAttribute("data-testid")) === "backup-now";
  }
  assert.ok(reached, "Tab reaches Settings › Data");
  const block = await visible(driver, byTestId("encryption"));
  assert.equal(await block.findElement(By.css("h3")).getText(), "Encryption");
  await textMatching(driver, byTestId("encryption-unavailable"), /not included in this build/);
  assert.ok(
    await driver.executeScript("return arguments[0].closest('#settings-data') !== null", block),
    "the block is part of the Data section",
  );
  // Nothing to press in this build: no button that could only fail.
  assert.equal((await driver.findElements(byTestId("encryption-enable"))).length, 0);
  assert.equal((await block.findElements(By.css("button, input, a"))).length, 0);
});

test("in French the block says the same, with French typography", async () => {
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); location.hash = '#settings'; location.reload()");
  try {
    const note = await visible(driver, byTestId("encryption-unavailable"));
    // textContent, not getText(): WebDriver turns a no-break space into a plain one.
    const text = await driver.executeScript("return arguments[0].textContent", note);
    assert.match(text, /n’est pas inclus dans cette version/);
    assert.match(text, /en clair\u00a0:/, "a no-break space before the colon");
  } finally {
    await driver.executeScript("localStorage.removeItem('rapport.language'); location.hash = ''; location.reload()");
    await visible(driver, byTestId("nvi-value"));
  }
});
