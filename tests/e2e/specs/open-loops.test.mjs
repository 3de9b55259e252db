// Open loops in the real window: a question logged with an interaction waits in "Questions you
// owe"; answering it from there (the quick log opens with it ticked) closes the loop, and the
// dashboard's follow-through moves. Runs on the demo network (loaded here when the database is
// empty, so the file also runs alone).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, Key, shortcut, until, visible, By, openAppWithDemo } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.quit();
});

/** The follow-through component's score on a freshly drawn dashboard, unrounded. */
async function followThrough() {
  const old = await driver.findElements(byTestId("dashboard"));
  await shortcut(driver, Key.CONTROL, "1");
  if (old.length) await driver.wait(until.stalenessOf(old[0]), 15_000, "the dashboard is drawn again");
  // Looked up at each read: the live update of a write may draw the dashboard again just after.
  const score = By.css('[data-testid="component"][data-name="follow_through"] [data-testid="component-score"]');
  return Number(await eventually(driver, async () => (await visible(driver, score)).getAttribute("data-value"), "the follow-through score"));
}

/** The item of "Questions you owe" whose text is `text`, or null (one script, not a round trip per item). */
function loopOf(text) {
  return driver.executeScript(
    `return Array.from(document.querySelectorAll('[data-testid="loops-i-owe"] [data-testid="loop"]'))
       .find((li) => li.querySelector('[data-testid="loop-text"]').textContent === arguments[0]) ?? null;`,
    text,
  );
}

let followBefore;
const QUESTION = `Could you introduce me to your editor? (${Date.now()})`;

test("a question they ask in a quick log waits in Open loops, with its age", async () => {
  followBefore = await followThrough();
  assert.ok(followBefore >= 0 && followBefore < 100, `follow-through ${followBefore}, with room to rise`);

  // Ctrl+K, a name and Enter picks them, Enter in the summary saves.
  await shortcut(driver, Key.CONTROL, "k");
  const dialog = await visible(driver, byTestId("quick-log"));
  const who = await visible(driver, byTestId("ql-with"));
  await who.sendKeys("Zoé");
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "Zoé is suggested");
  await who.sendKeys(Key.ENTER);
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "Zoé is picked");
  await (await dialog.findElement(By.css(".segmented label:nth-child(2)"))).click(); // they reached out
  await (await visible(driver, byTestId("ql-asked-them"))).sendKeys(QUESTION);
  await (await visible(driver, byTestId("ql-summary"))).sendKeys("She asked for an introduction", Key.ENTER);
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");

  await shortcut(driver, Key.CONTROL, "3");
  await visible(driver, byTestId("loops-i-owe"));
  const loop = await eventually(driver, () => loopOf(QUESTION), "the question is listed under Questions you owe");
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", loop);
  assert.match(await (await loop.findElement(byTestId("loop-age"))).getAttribute("textContent"), /^asked you (today|now|\d+ (seconds?|minutes?) ago)$/);
  assert.equal(await (await visible(driver, byTestId("nav-loops"))).getAttribute("aria-current"), "page");
});

test("answering it from Open loops closes the loop and moves follow-through on the dashboard", async () => {
  const target = await loopOf(QUESTION);
  assert.ok(target, "the question is still listed");
  const qid = await target.getAttribute("data-question");
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", target);
  await (await target.findElement(byTestId("loop-answer"))).click();

  const dialog = await visible(driver, byTestId("quick-log"));
  // The quick log opens with Zoé and the answer already ticked.
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "Zoé is the participant");
  const box = await eventually(driver, () => driver.findElement(By.css(`[data-testid="ql-answer"][value="${qid}"]`)), "the question is offered");
  assert.equal(await box.isSelected(), true, "the answer is ticked");
  await (await visible(driver, byTestId("ql-summary"))).sendKeys("Sent the introduction", Key.ENTER);
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");

  // Still on Open loops, redrawn without the question.
  await eventually(
    driver,
    async () => !(await (await visible(driver, byTestId("loops-i-owe"))).getText()).includes(QUESTION),
    "the loop is closed",
  );
  const after = await followThrough();
  assert.notEqual(after, followBefore, "follow-through moved");
  assert.ok(after > followBefore, `follow-through rose from ${followBefore} to ${after}`);
});

test("my turns quiet for over three months are folded under a count, and the badge leaves them out", async () => {
  await shortcut(driver, Key.CONTROL, "3");
  const card = await visible(driver, byTestId("loops-my-turn"));
  const loops = await invokeIn(driver, "open_loops");
  const days = (when) => (Date.now() - new Date(when).getTime()) / 86_400_000;
  const older = loops.my_turn.filter((turn) => turn.since && days(turn.since) > 90);
  const recent = loops.my_turn.length - older.length;
  // The demo network has both: ties that drifted long ago and conversations of the last weeks.
  assert.ok(older.length > 0 && recent > 0, `${recent} recent and ${older.length} older turns in the demo`);

  const listed = await card.findElements(By.css(':scope > .loop-list > [data-testid="loop"]'));
  assert.equal(listed.length, recent, "only the recent turns are listed");
  const fold = await card.findElement(byTestId("loops-my-turn-older"));
  assert.equal(await fold.getAttribute("open"), null, "folded at first");
  const summary = await fold.findElement(By.css("summary"));
  assert.equal(await summary.getText(), `${older.length} older conversations, quiet for over 90 days`);
  await summary.click();
  await eventually(
    driver,
    async () => (await fold.findElements(By.css('[data-testid="loop"]'))).length === older.length,
    "opened, the fold lists each older turn",
  );

  const badge = async () => (await visible(driver, byTestId("loops-count"))).getText();
  await eventually(driver, async () => Number(await badge()) === loops.i_owe.length + recent, "the badge counts what I owe and the recent turns");
});
