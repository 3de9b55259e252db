// Notices never cover what one clicks: with three notices shown (one of them an error of several
// lines, one with a button), the Import screen's Preview and its "who you are" field (both were
// under the notices in the bottom-right corner before), Settings' Save, the contact form's Save,
// the contact list's last row and the first-run screen's buttons are each the element at their
// own centre once scrolled into view, as a click finds them, at 1280×800 and at the window's
// minimum size (960×640, see small-window.test.mjs). The notices stay whole in the window and
// close from the keyboard, and once they are gone the contact list takes the sidebar's whole
// height again. Screenshots of the Import screen with its notices, in English at 1280×800 and in
// French at 960×640, go to $E2E_SHOTS (or the run's scratch folder) to be looked at.

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, openAppWithDemo, openImport, shortcut, visible } from "../helpers.mjs";

let driver;
const shots = process.env.E2E_SHOTS ?? path.join(process.env.E2E_TMP ?? "/tmp", "notices-clear");

before(async () => {
  driver = await openAppWithDemo("nvi-value");
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.manage().window().setRect({ width: 1280, height: 800 }).catch(() => {});
  await driver?.quit();
});

async function resize(width, height) {
  await driver.manage().window().setRect({ x: 0, y: 0, width, height });
  await eventually(driver, async () => (await driver.executeScript("return innerWidth")) <= width, `the window is ${width} wide`);
}

/** Three notices that stay, shown through the window's own notices module (the one app.js uses). */
async function showNotices() {
  const failed = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    import(new URL("lib/notices.js", document.baseURI).href).then((notices) => {
      notices.toast("1 new contact, 4 interactions imported.", "info", null, { stay: true });
      notices.toast("Could not read line 12 of the file: the date is not a day of the calendar, so nothing was imported from it.", "error", null, { stay: true });
      notices.toast("Ann Lee merged into Ann Mailbox.", "info", { label: "Undo", run: () => {} }, { stay: true });
      done(null);
    }, (error) => done(String(error)));
  `);
  assert.equal(failed, null);
  await eventually(driver, async () => (await driver.findElements(byTestId("toasts"))).length && (await toastCount()) >= 3, "three notices show");
  await driver.sleep(300); // their rise, and the page's new height
}

const toastCount = () => driver.executeScript("return document.querySelector('#toasts').childElementCount");

/**
 * What a click on the element `testId` (the last one, for a list's rows) meets: it is scrolled into
 * view as WebDriver does before a click, then the element at its centre is looked up. `hit` is
 * true when that is the element itself (or something inside it).
 */
function atCentre(testId) {
  return driver.executeScript(
    `
    const el = [...document.querySelectorAll('[data-testid="' + arguments[0] + '"]')].pop();
    if (!el) return { missing: true };
    el.scrollIntoView({ block: "end", inline: "nearest" });
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    const describe = (node) => node ? (node.dataset?.testid ?? "") + " " + node.tagName + "." + node.className + ": " + (node.textContent ?? "").trim().slice(0, 40) : "nothing";
    return {
      hit: !!top && (top === el || el.contains(top)),
      inWindow: x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight,
      at: describe(top),
      centre: [Math.round(x), Math.round(y)],
    };
  `,
    testId,
  );
}

async function assertClear(testId, where) {
  await visible(driver, byTestId(testId));
  // The screen may still be settling (a redraw after a change heard): look again for a moment.
  let last;
  await eventually(driver, async () => {
    last = await atCentre(testId);
    return last.hit && last.inWindow;
  }, `${testId} is reachable ${where}`, 5_000).catch(() => {});
  assert.ok(last && !last.missing, `${testId} is on the screen ${where}`);
  assert.ok(last.inWindow, `${testId}'s centre ${last.centre} is inside the window ${where}`);
  assert.ok(last.hit, `${testId}'s centre ${last.centre} is covered by ${last.at} ${where}`);
}

/** Every notice shows whole inside the window, its close button is reachable, and none is under another. */
async function assertNoticesReadable(where) {
  const misses = await driver.executeScript(`
    const out = [];
    for (const toast of document.querySelectorAll('#toasts > .toast')) {
      const r = toast.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) out.push("a notice runs out of the window");
      const close = toast.querySelector('.icon-btn');
      const c = close.getBoundingClientRect();
      const top = document.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2);
      if (!top || !close.contains(top)) out.push("a notice's close button is covered");
    }
    return out;
  `);
  assert.deepEqual(misses, [], where);
}

/** The contact list's bottom, the notices' top, and the window's height. */
const listBottom = () =>
  driver.executeScript(`return [
    Math.round(document.querySelector('[data-testid=contact-list]').getBoundingClientRect().bottom),
    Math.round(document.querySelector('#toasts').getBoundingClientRect().top),
    innerHeight,
  ]`);

async function checkEveryScreen(where) {
  await showNotices();
  await assertNoticesReadable(where);

  await assertClear("contact-row", `at the end of the contact list ${where}`);

  await openImport(driver);
  await assertClear("import-me", `on Import ${where}`);
  await assertClear("import-preview", `on Import ${where}`);

  await shortcut(driver, Key.CONTROL, ",");
  await visible(driver, byTestId("model-save"));
  await assertClear("model-save", `on Settings ${where}`);

  await shortcut(driver, Key.CONTROL, "n");
  await visible(driver, byTestId("contact-form"));
  await assertClear("cf-save", `on the contact form ${where}`);
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"), 30_000);

  // A centred screen has no sidebar: the first-run screen, shown for a moment with the window's
  // own showScreen, keeps its three buttons clear of the notices too.
  await switchScreen("first-run");
  for (const button of ["load-demo", "start-import", "start-empty"]) await assertClear(button, `on the first-run screen ${where}`);
  await switchScreen("app");
  await visible(driver, byTestId("nvi-value"));
}

/** Shows the screen `id` (first-run, app) through lib/dom.js's showScreen, as app.js does. */
async function switchScreen(id) {
  const failed = await driver.executeAsyncScript(
    `
    const [id, done] = arguments;
    import(new URL("lib/dom.js", document.baseURI).href).then((dom) => { dom.showScreen(id); done(null); }, (error) => done(String(error)));
  `,
    id,
  );
  assert.equal(failed, null);
}

/** Closes every notice from the keyboard: its close button focused, then Enter. */
async function dismissAllByKeyboard() {
  for (let left = await toastCount(); left > 0; left = await toastCount()) {
    await driver.executeScript("document.querySelector('#toasts > :last-child .icon-btn:last-child').focus()");
    await driver.switchTo().activeElement().sendKeys(Key.ENTER);
    await eventually(driver, async () => (await toastCount()) < left, "Enter on a notice's close button closes it");
  }
}

async function shot(name) {
  await driver.sleep(300);
  fs.writeFileSync(path.join(shots, name), Buffer.from(await driver.takeScreenshot(), "base64"));
}

test("at 1280×800 the notices leave Import's Preview, Settings' Save, the form's Save and the list's rows reachable", async () => {
  await resize(1280, 800);
  await checkEveryScreen("at 1280×800");
  await openImport(driver);
  await assertClear("import-preview", "on Import at 1280×800");
  await shot("en-1280-import-notices.png");
  const [bottom, noticesTop] = await listBottom();
  assert.ok(bottom <= noticesTop, `the contact list ends above the notices (its bottom ${bottom}, their top ${noticesTop})`);
  await dismissAllByKeyboard();
  await eventually(driver, async () => {
    const [after, , height] = await listBottom();
    return after === height;
  }, "with no notice left, the contact list reaches the window's bottom again");
});

test("at the minimum size, in French, the notices leave the same buttons reachable", async () => {
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); setTimeout(() => location.reload(), 50)");
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "the window in French", 30_000);
  await visible(driver, byTestId("nvi-value"), 60_000);
  await resize(960, 640);
  await checkEveryScreen("at 960×640 in French");
  await openImport(driver);
  await assertClear("import-preview", "on Import at 960×640 in French");
  await shot("fr-960-import-notices.png");
  await dismissAllByKeyboard();
});
