// Open loops at scale: the synthetic network of 10,000 contacts has hundreds of open questions
// and thousands of conversations waiting on me. Each list draws a page of 100 at a time, with a
// button for the next page, and the folded older turns are drawn when first opened: the screen
// comes up without laying out thousands of rows.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { By, byTestId, eventually, invokeIn, openApp, visible } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openApp();
  await visible(driver, byTestId("contact-list"), 120_000);
});

after(async () => {
  await driver?.quit();
});

/** The loop rows a list shows directly (not in the fold). */
const rowsIn = async (testid) =>
  (await (await visible(driver, byTestId(testid))).findElements(By.css(':scope > .loop-list > [data-testid="loop"]'))).length;

test("each list of Open loops draws 100 rows at a time and the next page on request", async () => {
  const loops = await invokeIn(driver, "open_loops");
  assert.ok(loops.i_owe.length > 200 && loops.waiting.length > 200, `${loops.i_owe.length} owed, ${loops.waiting.length} waiting`);
  // The rows each list has when the screen first shows: a few, the rest of the page just after.
  await driver.executeScript(`window.__loopsFirstRows = null;
    const seen = new MutationObserver(() => {
      const loops = document.querySelector('[data-testid="loops"]');
      if (!loops) return;
      window.__loopsFirstRows = Array.from(loops.querySelectorAll(".loop-list"), (ul) => ul.querySelectorAll(':scope > [data-testid="loop"]').length);
      seen.disconnect();
    });
    seen.observe(document.body, { childList: true, subtree: true });`);
  await (await visible(driver, byTestId("nav-loops"))).click();
  await visible(driver, byTestId("loops"), 60_000);
  const firstRows = await driver.executeScript("return window.__loopsFirstRows");
  assert.ok(firstRows.length >= 2 && firstRows.every((n) => n > 0 && n <= 20), `drawn with the screen: ${firstRows}`);

  for (const [testid, total] of [["loops-i-owe", loops.i_owe.length], ["loops-waiting", loops.waiting.length]]) {
    const card = await visible(driver, byTestId(testid));
    assert.equal(await (await card.findElement(By.css("h2 .count"))).getText(), String(total), `${testid} counts them all`);
    await eventually(driver, async () => (await rowsIn(testid)) === 100, `${testid}: the first page, drawn just after the screen`);
    const more = await card.findElement(By.css(':scope > .loop-list [data-testid="loop-more"]'));
    assert.equal(await more.getText(), `Show 100 more of ${total - 100}`);
    await driver.executeScript("arguments[0].click()", more);
    await eventually(driver, async () => (await rowsIn(testid)) === 200, `${testid}: the second page drawn after the first`);
  }

  // The older turns: nothing drawn while folded, a first page once opened.
  const fold = await visible(driver, byTestId("loops-my-turn-older"));
  assert.equal((await fold.findElements(By.css('[data-testid="loop"]'))).length, 0, "folded: not drawn");
  await driver.executeScript("arguments[0].open = true", fold);
  await eventually(driver, async () => (await fold.findElements(By.css('[data-testid="loop"]'))).length > 0, "opened: drawn");
  assert.ok((await fold.findElements(By.css('[data-testid="loop"]'))).length <= 100);
});
