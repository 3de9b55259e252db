// This week on the dashboard, in the real window on the demo network: the card lists what the
// `agenda` command gives; Enter on a question owed opens the quick log with that person and the
// answer ticked; logging a catch-up takes the person off the list; the calendar button writes an
// .ics file to the export folder. With AGENDA_SHOT_DIR set, it also takes the card's pictures at
// 1280×800 and 960×640, in English and French (the whole X screen, as a person would see it).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { byTestId, eventually, invokeIn, Key, shortcut, until, visible, By, openAppWithDemo } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.quit();
});

/** The names the card lists in group `kind`, in order. */
function listed(kind) {
  return driver.executeScript(
    `return Array.from(document.querySelectorAll('[data-testid="agenda-' + arguments[0] + '"] [data-testid="agenda-item"] .next-name'), (e) => e.textContent)`,
    kind,
  );
}

/** The dashboard drawn afresh, with This week filled in. */
async function freshDashboard() {
  const old = await driver.findElements(byTestId("dashboard"));
  await shortcut(driver, Key.CONTROL, "1");
  if (old.length) await driver.wait(until.stalenessOf(old[0]), 15_000, "the dashboard is drawn again");
  const card = await driver.wait(until.elementLocated(byTestId("agenda")), 30_000, "This week is on the dashboard");
  await eventually(driver, async () => (await card.findElements(byTestId("agenda-catch_ups"))).length === 1, "This week is filled in", 30_000);
  return card;
}

test("This week lists the agenda's catch-ups, birthdays, questions owed and turns", async () => {
  await freshDashboard();
  const agenda = await invokeIn(driver, "agenda", { days: 14 });
  assert.ok(!agenda.error, JSON.stringify(agenda.error));
  assert.ok(agenda.catch_ups.length > 0, "the demo has ties due for a catch-up");
  assert.deepEqual(await listed("catch_ups"), agenda.catch_ups.slice(0, 4).map((c) => c.name));
  assert.deepEqual(await listed("birthdays"), agenda.birthdays.slice(0, 4).map((b) => b.name));
  assert.deepEqual(await listed("questions_i_owe"), agenda.questions_i_owe.slice(0, 4).map((q) => q.contact_name));
  assert.deepEqual(await listed("my_turn"), agenda.my_turn.slice(0, 4).map((t) => t.name));
  const count = await driver.findElement(By.css('[data-testid="agenda-catch_ups"] .count')).getAttribute("textContent");
  assert.equal(count, String(agenda.catch_ups_total));
  // The why, in the suggestions' words.
  const detail = await driver.findElement(By.css('[data-testid="agenda-catch_ups"] .next-detail')).getAttribute("textContent");
  assert.match(detail, /^silent for .+, usually every .+$/);
});

test("Enter on a question owed opens the quick log with the person and the answer ticked", async () => {
  const agenda = await invokeIn(driver, "agenda", { days: 14 });
  const q = agenda.questions_i_owe[0];
  assert.ok(q, "the demo owes questions");
  const item = await driver.findElement(By.css('[data-testid="agenda-questions_i_owe"] [data-testid="agenda-item"]'));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].focus()", item);
  await driver.switchTo().activeElement().sendKeys(Key.ENTER);
  const dialog = await visible(driver, byTestId("quick-log"));
  const chips = await eventually(driver, async () => {
    const found = await driver.findElements(byTestId("ql-chip"));
    return found.length === 1 && found;
  }, "one person is chosen");
  assert.match(await chips[0].getText(), new RegExp(q.contact_name.split(" ")[0]));
  const box = await eventually(driver, () => driver.findElement(By.css(`[data-testid="ql-answer"][value="${q.id}"]`)), "the question is offered");
  assert.equal(await box.isSelected(), true, "the answer is ticked");
  await driver.switchTo().activeElement().sendKeys(Key.ESCAPE);
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");
});

test("logging the catch-up from This week takes the person off the list", async () => {
  await freshDashboard();
  const [first] = await listed("catch_ups");
  const item = await driver.findElement(By.css('[data-testid="agenda-catch_ups"] [data-testid="agenda-item"]'));
  const id = await item.getAttribute("data-id");
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].focus()", item);
  await driver.switchTo().activeElement().sendKeys(Key.ENTER);
  const dialog = await visible(driver, byTestId("quick-log"));
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "the person is chosen");
  await (await visible(driver, byTestId("ql-summary"))).sendKeys("Caught up over coffee", Key.ENTER);
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");
  await eventually(
    driver,
    async () => {
      const agenda = await invokeIn(driver, "agenda", { days: 14 });
      return !agenda.error && !agenda.catch_ups.some((c) => String(c.contact) === id);
    },
    `${first} is no longer due`,
    30_000,
  );
  await freshDashboard();
  assert.ok(!(await listed("catch_ups")).includes(first), `${first} left This week`);
});

/** Clicks the card's calendar button, found again if the dashboard is redrawn under it (the
 * live update of the previous test's write may land a moment later). */
function clickCalendar() {
  return eventually(driver, async () => {
    const button = await visible(driver, byTestId("agenda-ics"));
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", button);
    await button.click();
    return true;
  }, "the calendar button is clicked");
}

test("the calendar button writes an iCalendar file to the export folder", async () => {
  const dir = process.env.RAPPORT_EXPORT_DIR;
  assert.ok(dir, "run.sh sets RAPPORT_EXPORT_DIR");
  const before = new Set((() => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  })());
  await clickCalendar();
  // Other notices (the demo's) may still show: the one that says where the file went.
  const notice = await eventually(
    driver,
    () => driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast]'), (t) => t.textContent).find((t) => t.includes('Calendar saved'))"),
    "a notice says where the calendar went",
  );
  assert.match(notice, /Calendar saved: .*rapport-agenda-\d{4}-\d{2}-\d{2}.*\.ics/);
  const added = readdirSync(dir).filter((name) => !before.has(name) && name.endsWith(".ics"));
  assert.equal(added.length, 1, `one new file: ${added}`);
  const text = readFileSync(join(dir, added[0]), "utf8");
  assert.ok(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.endsWith("END:VCALENDAR\r\n"));
  assert.ok(text.includes("BEGIN:VTODO\r\n") && text.includes("RRULE:FREQ=YEARLY"));
});

/** What of the card lies outside the window or under something else: [] when all is seen. */
function clipped() {
  return driver.executeScript(`
    const card = document.querySelector('[data-testid="agenda"]');
    const problems = [];
    const pane = document.getElementById('pane').getBoundingClientRect();
    for (const el of card.querySelectorAll('h2, h3, button, .next-name, .next-detail, .next-meta, .fine, .next-empty')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > pane.right + 1 || r.left < pane.left - 1) problems.push('outside: ' + el.textContent);
      // A heading or button cut by its own box (text wider than shown, without an ellipsis by design).
      if ((el.matches('h2, h3, button.btn')) && el.scrollWidth > el.clientWidth + 1) problems.push('cut: ' + el.textContent);
    }
    const head = card.querySelector('.agenda-head');
    const [title, save] = [head.querySelector('h2').getBoundingClientRect(), head.querySelector('button').getBoundingClientRect()];
    const overlap = !(title.right <= save.left || save.right <= title.left || title.bottom <= save.top || save.bottom <= title.top);
    if (overlap) problems.push('the title and the button overlap');
    return problems;
  `);
}

test("the card fits at 1280×800 and 960×640, in English and French", async () => {
  const shots = process.env.AGENDA_SHOT_DIR;
  for (const lang of ["en", "fr"]) {
    if (lang === "fr") {
      await shortcut(driver, Key.CONTROL, "2");
      await (await (await visible(driver, byTestId("settings-language"))).findElement(By.css("option[value=fr]"))).click();
      await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "French");
    }
    for (const [width, height] of [[1280, 800], [960, 640]]) {
      await driver.manage().window().setRect({ x: 0, y: 0, width, height });
      // The resize reaches the page a moment later: wait for it before drawing the dashboard.
      await eventually(driver, async () => (await driver.executeScript("return window.outerWidth")) === width, `${width} wide`);
      await new Promise((r) => setTimeout(r, 500));
      let card;
      try {
        card = await freshDashboard();
      } catch (error) {
        if (shots) execFileSync("import", ["-window", "root", join(shots, `failed-${lang}-${width}.png`)]);
        throw error;
      }
      await driver.executeScript("arguments[0].scrollIntoView({ block: 'start' })", card);
      assert.deepEqual(await clipped(), [], `${lang} at ${width}×${height}`);
      if (shots) {
        await driver.executeScript("document.querySelectorAll('.toast').forEach(t => t.remove())");
        await driver.actions().move({ x: 1, y: 1, origin: "viewport" }).perform();
        await new Promise((r) => setTimeout(r, 700));
        execFileSync("import", ["-window", "root", join(shots, `agenda-${lang}-${width}x${height}.png`)]);
      }
    }
  }
  const title = await driver.findElement(By.css('[data-testid="agenda"] h2')).getAttribute("textContent");
  assert.equal(title, "Cette semaine");
  // The calendar file from a French window speaks French.
  const dir = process.env.RAPPORT_EXPORT_DIR;
  const known = new Set(readdirSync(dir));
  await clickCalendar();
  const added = await eventually(driver, () => readdirSync(dir).find((name) => !known.has(name) && name.endsWith(".ics")), "a new calendar file");
  const text = readFileSync(join(dir, added), "utf8");
  assert.ok(text.includes("SUMMARY:Reprendre contact avec "), "French words in the file");
  await driver.executeScript("localStorage.removeItem('rapport.language')");
  await driver.manage().window().setRect({ x: 0, y: 0, width: 1280, height: 800 });
});
