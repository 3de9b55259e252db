// The window redraws from the shell's `changed` event, not by asking again after its own writes:
// after Save in the quick log it makes at most three calls beyond `log_interaction` (the contact's
// page, the list and the open-loops badge), and the page and the list show the interaction; a
// write by the CLI while the window is open shows without any action in the window. It also times
// Save to the redrawn screen (the marks `rapport:log-save` and `rapport:log-refreshed`) and prints
// it; it does not assert on time, since the machines that run it are shared.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

import { byTestId, eventually, Key, shortcut, visible, openAppWithDemo, invokeIn, By, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const STAMP = Date.now();
const NAME = `Rémi Rafraîchi ${STAMP}`;
/** The CLI run.sh builds, on the window's own database. */
const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;

/** The summaries on the contact page, newest first. */
function summaries() {
  return driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=contact-view] [data-testid=interaction-summary]'), (e) => e.textContent)",
  );
}

/** The contact's row in the list: its "last contact" text and whether it says never. */
function listRow(id) {
  return driver.executeScript(
    `const row = document.querySelector('.contact-row[data-id="' + arguments[0] + '"] .row-when');
     return row && { text: row.textContent, never: row.classList.contains("never") };`,
    id,
  );
}

/** Counts the commands the window sends from now on, from api.js's own tally (`sent`): the
 * spec imports the page's module again, which gives the very instance the window uses, so
 * nothing in the app, its globals or its CSP changes for it. Tauri's invoke cannot be wrapped. */
async function countCalls() {
  const total = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     import("./api.js").then((api) => done(api.sent.total), (e) => done(String(e)));`,
  );
  assert.equal(typeof total, "number", `api.js's tally: ${total}`);
  return total;
}

/**
 * The commands the window sent since countCalls() answered `from`, oldest first.
 * @param {number} from
 */
function countedCalls(from) {
  return driver.executeAsyncScript(
    `const [from, done] = arguments;
     import("./api.js").then((api) => {
       const n = api.sent.total - from;
       done(n > api.sent.latest.length ? ["more than " + api.sent.latest.length] : api.sent.latest.slice(api.sent.latest.length - n));
     }, (e) => done([String(e)]));`,
    from,
  );
}

/** Milliseconds from the last Save to the screen redrawn after it, from the page's marks. */
function saveToRefreshed() {
  return driver.executeScript(`
    const last = (name) => performance.getEntriesByName("rapport:" + name).at(-1)?.startTime;
    const save = last("log-save"), done = last("log-refreshed");
    return save != null && done != null && done >= save ? done - save : null;`);
}

let contact;

test("the contact to log with is opened from the search box", async () => {
  contact = await invokeIn(driver, "add_contact", { fields: { display_name: NAME, company: "Refresh & Co" } });
  assert.ok(contact.id, JSON.stringify(contact));
  const search = await visible(driver, byTestId("search"));
  await search.sendKeys(NAME);
  await eventually(driver, async () => (await listRow(contact.id)) !== null, "the new contact is listed");
  await search.sendKeys(Key.ENTER);
  await textMatching(driver, byTestId("contact-name"), NAME);
  assert.equal((await listRow(contact.id)).never, true, "no interaction yet");
});

test("after Save in the quick log the window makes at most 3 calls beyond the write", async (t) => {
  const times = [];
  for (let i = 1; i <= 3; i++) {
    const summary = `Coffee number ${i} (${STAMP})`;
    await shortcut(driver, Key.CONTROL, "k");
    const dialog = await visible(driver, byTestId("quick-log"));
    await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "the contact on screen is chosen");
    const field = await visible(driver, byTestId("ql-summary"));
    await field.sendKeys(summary);
    // Let the question list of the chosen person settle: that call belongs to the dialog, not to Save.
    await driver.sleep(300);

    const from = await countCalls();
    await (await visible(driver, By.css("#ql-submit"))).click();
    await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");
    await eventually(driver, async () => (await summaries())[0] === summary, `the page shows "${summary}" first`);
    await eventually(driver, async () => (await listRow(contact.id))?.never === false, "the list shows the interaction");
    await eventually(driver, async () => (await saveToRefreshed()) !== null, "the screen is redrawn");
    // Anything still to come would come now.
    await driver.sleep(700);
    const calls = await countedCalls(from);

    assert.equal(calls[0], "log_interaction", `calls: ${calls.join(", ")}`);
    const reads = calls.slice(1);
    assert.ok(reads.length <= 3, `at most 3 calls after the write, not ${reads.length}: ${reads.join(", ")}`);
    assert.deepEqual([...reads].sort(), ["contact_page", "contact_view", "loops_owed"], `calls: ${calls.join(", ")}`);
    const ms = await saveToRefreshed();
    times.push(ms);
    t.diagnostic(`Save → refreshed screen #${i}: ${ms.toFixed(1)} ms; calls: ${calls.join(", ")}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  t.diagnostic(`Save → refreshed screen: median ${sorted[1].toFixed(1)} ms of ${times.map((ms) => ms.toFixed(1)).join(", ")} ms`);
  // The history's count and the strength follow: the page was drawn from the change, whole.
  await textMatching(driver, byTestId("fact-interactions"), /3 interactions/);
});

test("a write by the CLI shows in the open window without any action there", async () => {
  const note = `Called from the terminal (${STAMP})`;
  const before = await summaries();
  assert.notEqual(before[0], note);
  const started = Date.now();
  execFileSync(CLI, ["log", "--with", NAME, "--channel", "call", "--by", "them", "--note", note], {
    env: process.env,
    stdio: "pipe",
  });
  // The shell notices another program's write within half a second and sends `changed`.
  await eventually(driver, async () => (await summaries())[0] === note, "the page shows the CLI's interaction", 2_500);
  const seen = Date.now() - started;
  assert.ok(seen < 2_500, `seen after ${seen} ms`);
  await textMatching(driver, byTestId("fact-interactions"), /4 interactions/);
  // The list follows too (searched to this contact; the CLI's call is the latest contact).
  await eventually(driver, async () => (await listRow(contact.id))?.never === false, "the list still shows the contact");
});

test("writes in a row make one refresh or two, not one per write", async (t) => {
  // Ten contacts added back to back, as an import or a script would: ten changes, none of them
  // about the contact on screen, so the list and the badge are refreshed and the page is not.
  const from = await countCalls();
  await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.all(arguments[0].map((display_name) => window.__TAURI__.core.invoke("add_contact", { fields: { display_name } })))
       .then(() => done(), (e) => done(String(e)));`,
    Array.from({ length: 10 }, (_, n) => `Burst ${n} ${STAMP}`),
  );
  await driver.sleep(1_500);
  const calls = await countedCalls(from);
  const count = (cmd) => calls.filter((c) => c === cmd).length;
  t.diagnostic(`10 writes in a row: ${count("contact_page")} list refreshes, ${count("loops_owed")} badge refreshes`);
  assert.equal(count("contact_view"), 0, `the page is not about them: ${calls.join(", ")}`);
  assert.ok(count("contact_page") >= 1 && count("contact_page") <= 3, `list refreshes: ${calls.join(", ")}`);
  assert.ok(count("loops_owed") >= 1 && count("loops_owed") <= 3, `badge refreshes: ${calls.join(", ")}`);
});
