// The story of a first session in the real window, step by step: the first-run screen, the demo
// network, a refused contact, a new contact, and an interaction logged with her through the
// quick log. The steps share one app session and one fresh database (set by run.sh), in order.

import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, listedNames, openApp, shortcut, textMatching, visible, By } from "../helpers.mjs";

let driver;

before(async () => {
  // A first session starts on a database nobody has opened: specs that sort before this one
  // (agenda, correct...) load the demo into the shared one, so it starts again from nothing.
  const db = process.env.RAPPORT_DB;
  assert.ok(db, "RAPPORT_DB is not set: run the specs through tests/e2e/run.sh");
  for (const path of [db, `${db}-wal`, `${db}-shm`, join(dirname(db), "backups")]) {
    if (existsSync(path)) rmSync(path, { recursive: true, force: true });
  }
  driver = await openApp();
});

after(async () => {
  await driver?.quit();
});

test("an empty database opens on the first-run screen", async () => {
  const screen = await visible(driver, byTestId("first-run"));
  assert.match(await screen.getText(), /Welcome to Rapport/);
  const button = await visible(driver, byTestId("load-demo"));
  assert.match(await button.getText(), /Load the demo network/);
});

test("loading the demo network lists about 150 contacts", async () => {
  await (await visible(driver, byTestId("load-demo"))).click();
  // A debug build generates the two-year history in a few seconds; allow for a slow machine.
  await visible(driver, byTestId("contact-list"), 120_000);
  const names = await eventually(
    driver,
    async () => {
      const n = await listedNames(driver);
      return n.length > 0 && n;
    },
    "waiting for the contact list",
  );
  const count = await textMatching(driver, byTestId("contact-count"), /^[\d,]+ contacts$/i);
  const total = Number(/^([\d,]+) contacts$/i.exec(count)?.[1].replace(/,/g, ""));
  assert.ok(total >= 100 && total <= 400, `${count}`);
  // The list draws a page of 100 rows at a time; the count is of all of them.
  assert.equal(names.length, Math.min(total, 100), `${names.length} contacts listed of ${total}`);
  // The dashboard is the home screen from now on.
  await visible(driver, byTestId("dashboard"));
});

test("searching narrows the list as you type", async () => {
  const all = (await listedNames(driver)).length;
  const first = (await listedNames(driver))[0];
  const search = await visible(driver, byTestId("search"));
  await search.sendKeys(first);
  const found = await eventually(
    driver,
    async () => {
      const n = await listedNames(driver);
      return n.length < all && n;
    },
    "waiting for the search to narrow the list",
  );
  assert.ok(found.includes(first), `${first} is among ${found}`);
  await search.sendKeys(Key.ESCAPE); // Esc empties the search
  await eventually(driver, async () => (await listedNames(driver)).length === all, "the full list comes back");
});

test("a contact with an empty name is refused with core's message and nothing is added", async () => {
  const before = (await listedNames(driver)).length;
  await (await visible(driver, byTestId("add-contact-button"))).click();
  const form = await visible(driver, byTestId("contact-form"));
  await (await form.findElement(By.name("company"))).sendKeys("Nobody Inc");
  await (await visible(driver, byTestId("cf-save"))).click();
  await textMatching(driver, byTestId("form-error"), /Name: a contact needs a name/);
  assert.equal(await (await visible(driver, byTestId("cf-name"))).getAttribute("aria-invalid"), "true");
  assert.equal((await listedNames(driver)).length, before);
});

/** The number of contacts the list counts (it draws them a page at a time). */
async function counted() {
  const text = await (await visible(driver, byTestId("contact-count"))).getText();
  return Number(/^([\d,]+)/.exec(text)[1].replace(/,/g, ""));
}

/** Types `text` in the sidebar's search and waits for the list to show `name`. */
async function findInList(text, name) {
  const search = await visible(driver, byTestId("search"));
  await search.clear();
  await search.sendKeys(text);
  return eventually(driver, async () => (await listedNames(driver)).includes(name), `${name} is listed`);
}

test("adding Zoé Testeur lists her and opens her page", async () => {
  const before = await counted();
  const name = await visible(driver, byTestId("cf-name"));
  await name.sendKeys("Zoé Testeur");
  const form = await visible(driver, byTestId("contact-form"));
  await (await form.findElement(By.name("role"))).sendKeys("QA lead");
  await (await form.findElement(By.name("emails"))).sendKeys("zoe@example.org");
  await name.sendKeys(Key.ENTER);

  // Her page is read afresh each time: it is redrawn a moment after the write.
  await textMatching(driver, byTestId("contact-name"), "Zoé Testeur");
  await eventually(driver, async () => (await counted()) === before + 1, "the list counts one more");
  await findInList("Zoé Test", "Zoé Testeur");
  await (await visible(driver, byTestId("search"))).sendKeys(Key.ESCAPE);
  await textMatching(driver, byTestId("contact-view"), /QA lead/);
  await textMatching(driver, byTestId("contact-view"), /zoe@example\.org/);
});

test("editing her role keeps her other details", async () => {
  await (await visible(driver, byTestId("contact-edit"))).click();
  const form = await visible(driver, byTestId("contact-form"));
  const role = await form.findElement(By.name("role"));
  assert.equal(await role.getAttribute("value"), "QA lead");
  await role.clear();
  await role.sendKeys("Head of QA", Key.ENTER);
  await textMatching(driver, byTestId("contact-view"), /Head of QA/);
  await textMatching(driver, byTestId("contact-view"), /zoe@example\.org/);
});

test("an interaction logged with her through the quick log shows on her page", async () => {
  // From the dashboard, so that the participant is picked by typing, not pre-filled.
  await (await visible(driver, byTestId("home-button"))).click();
  await visible(driver, byTestId("dashboard"));
  await shortcut(driver, Key.CONTROL, "k");
  const dialog = await visible(driver, byTestId("quick-log"));

  const who = await visible(driver, byTestId("ql-with"));
  await who.sendKeys("Zoé Te");
  const option = await eventually(
    driver,
    async () => {
      for (const o of await driver.findElements(byTestId("ql-option"))) {
        if ((await o.getText()).includes("Zoé Testeur")) return o;
      }
      return false;
    },
    "her name is suggested",
  );
  await option.click();
  const chips = await eventually(driver, async () => {
    const c = await driver.findElements(byTestId("ql-chip"));
    return c.length === 1 && c;
  }, "she becomes a participant");
  assert.match(await chips[0].getText(), /Zoé Testeur/);

  await (await dialog.findElement(By.css("label.pill.ch-call"))).click();
  await (await dialog.findElement(By.css(".segmented label:nth-child(2)"))).click(); // they reached out
  await (await visible(driver, byTestId("ql-gave"))).sendKeys("Advice");
  await (await visible(driver, byTestId("ql-asked-me"))).sendKeys("Can you review my test plan?");
  const summary = await visible(driver, byTestId("ql-summary"));
  await summary.sendKeys("Call about the release checklist", Key.ENTER);

  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");
  await textMatching(driver, byTestId("contact-name"), "Zoé Testeur");
  const text = await eventually(driver, async () => {
    const i = await driver.findElements(byTestId("interaction"));
    return i.length === 1 && (await i[0].getText());
  }, "one interaction on her page");
  assert.match(text, /Call/);
  assert.match(text, /They reached out/);
  assert.match(text, /Call about the release checklist/);
  assert.match(text, /Gave advice/);
  assert.match(text, /You asked\s*Can you review my test plan\?/);
  await textMatching(driver, byTestId("open-questions"), /Can you review my test plan\?/);

  // The list row now says she was contacted today and has one open question.
  await findInList("Zoé Testeur", "Zoé Testeur");
  await textMatching(driver, By.xpath("//*[@data-testid='contact-row'][.//*[text()='Zoé Testeur']]"), /today[\s\S]*1/);
});
