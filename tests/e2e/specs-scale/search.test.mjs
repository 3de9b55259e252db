// 10,000 contacts in the real window (run.sh generates them with `rapport demo --contacts 10000`
// and opens the app on that database): the count is right, a search answers as you type, the
// list loads further pages as it scrolls, and the filters and sort work at that size.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, listedNames, openApp, visible, Key, invokeIn } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openApp();
  await visible(driver, byTestId("contact-list"), 120_000);
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

/** The number the list's heading counts (shown in capitals, with the locale's separators). */
async function counted() {
  const text = await (await visible(driver, byTestId("contact-count"))).getText();
  const m = /^([\d,.\s]+) (contacts?|match(es)?)$/i.exec(text);
  return m ? { n: Number(m[1].replace(/\D/g, "")), matches: /match/i.test(m[2]) } : { n: NaN };
}

const rows = () => driver.executeScript("return document.querySelectorAll('[data-testid=contact-row]').length");

let active;

test("the list counts 10,000 contacts and shows them a page at a time", async () => {
  const all = await invoke("contact_page", { query: { archived: "all", limit: 0 } });
  assert.equal(all.total, 10000);
  // The synthetic network archives a few contacts; the list counts the others.
  active = (await invoke("contact_page", { query: { limit: 0 } })).total;
  assert.ok(active > 9000 && active <= 10000, `${active} active`);
  await eventually(driver, async () => (await counted()).n === active, `${active} counted`, 60_000);
  assert.equal(await rows(), 100);
  // Scrolling to the end of the list loads the next page.
  await driver.executeScript("const l = document.querySelector('#contact-list'); l.scrollTop = l.scrollHeight;");
  await eventually(driver, async () => (await rows()) === 200, "the second page loads");
  await driver.executeScript("const l = document.querySelector('#contact-list'); l.scrollTop = l.scrollHeight;");
  await eventually(driver, async () => (await rows()) === 300, "the third page loads");
});

test("a search answers as you type", async () => {
  const first = (await listedNames(driver))[0];
  const word = first.split(" ")[0];
  const expected = (await invoke("contact_page", { query: { search: word, limit: 0 } })).total;
  assert.ok(expected >= 1 && expected < active, `${expected} contacts match ${word}`);
  const box = await visible(driver, byTestId("search"));
  await box.sendKeys(word);
  // The count turns into the number of matches once the search has answered, and the first
  // page of them is listed.
  await eventually(driver, async () => { const c = await counted(); return c.matches && c.n === expected; }, `${expected} matches counted`);
  const names = await listedNames(driver);
  assert.equal(names.length, Math.min(expected, 100));
  assert.ok(names.includes(first), `${first} is found`);
  await box.sendKeys(Key.ESCAPE);
  await eventually(driver, async () => (await counted()).n === active, "the whole list comes back");
});

test("sorted by strength and filtered by cadence, at 10,000 contacts", async () => {
  const sort = await visible(driver, byTestId("list-sort"));
  await sort.sendKeys("By strength");
  await eventually(
    driver,
    () => driver.executeScript("return document.querySelector('[data-testid=contact-row] .row-when')?.textContent.endsWith('strength')"),
    "rows show their strength",
  );
  const strengths = await driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=contact-row] .row-when'), e => parseInt(e.textContent, 10))",
  );
  for (let i = 1; i < strengths.length; i++) assert.ok(strengths[i] <= strengths[i - 1], `sorted: ${strengths.slice(0, 20)}`);

  await (await visible(driver, byTestId("filter-toggle"))).click();
  await (await visible(driver, byTestId("filter-cadence"))).sendKeys("Overdue");
  const overdue = await invoke("contact_page", { query: { cadence: "overdue", limit: 0 } });
  const { n } = await eventually(driver, async () => { const c = await counted(); return c.matches && c.n === overdue.total && c; }, "the filter applies");
  assert.ok(n > 0 && n < active, `${n} overdue`);
  const dots = await driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=contact-row] .cad-dot'), e => e.className)",
  );
  assert.ok(dots.length > 0 && dots.every((c) => c.includes("cad-danger")), "every row is overdue");
});
