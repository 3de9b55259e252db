// What a new user hit in the quick log and the date fields (issue 15, "Fix what a new user hit"),
// in the real window: Ctrl+K on a contact's page puts the cursor in With beside their chip, so a
// name typed next is picked rather than logged as the summary; impossible dates are refused with
// their reason and future ones asked about, in the quick log, the posts form, the contact form
// and the edit dialog; dates are typed and shown the window's way (English and French); the
// quick log creates a new person, records several value items each way with their notes; Open
// loops closes a question answered in an interaction already logged and drops one that no longer
// matters, with Undo.

import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, listedNames, visible, Key, By, shortcut, openAppWithDemo, invokeIn, textMatching } from "../helpers.mjs";

let driver;
let ada;
let bruno;

before(async () => {
  driver = await openAppWithDemo("contact-list");
  ada = await invoke("add_contact", { fields: { display_name: "Ada Quicklog" } });
  bruno = await invoke("add_contact", { fields: { display_name: "Bruno Quicklog" } });
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

// Each test starts with no dialog open, whatever the one before left.
beforeEach(async () => {
  await driver.executeScript("document.querySelectorAll('dialog[open]').forEach((d) => d.close())");
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const history = async (contact) => invoke("list_interactions", { query: { contact } });
const chips = () => driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=ql-chip] > span:first-child'), (e) => e.textContent)");
const focused = () => driver.executeScript("return document.activeElement?.dataset.testid ?? document.activeElement?.id");
const typeIn = async (testid, text) => {
  const input = await visible(driver, byTestId(testid));
  await input.clear();
  await input.sendKeys(text);
  return input;
};

/** Clicks the element, looking for it again when the page was redrawn under the pointer. */
const click = (testid) =>
  eventually(driver, async () => {
    await (await visible(driver, byTestId(testid))).click();
    return true;
  }, `clicked ${testid}`);

/** Waits for the quick log to close, failing with its error if it shows one. */
async function saved(dialog) {
  await eventually(driver, async () => {
    const error = await driver.findElements(By.css('[data-testid="ql-error"]:not([hidden])'));
    if (error.length) throw new Error(`refused: ${await error[0].getText()}`);
    return !(await dialog.isDisplayed());
  }, "saved").catch(async (e) => {
    const error = await driver.findElements(By.css('[data-testid="ql-error"]:not([hidden])'));
    throw error.length ? new Error(`refused: ${await error[0].getText()}`) : e;
  });
}

/** Lists both test contacts (so the window knows their names) and opens `who`'s page. */
async function openPage(who) {
  await driver.executeScript("document.querySelectorAll('dialog[open]').forEach((d) => d.close())");
  const box = await visible(driver, byTestId("search"));
  await box.clear();
  await box.sendKeys("Quicklog");
  await eventually(driver, async () => (await listedNames(driver)).length === 2, "the list shows both");
  // Clicked again if the list was redrawn under the pointer.
  await eventually(driver, async () => {
    await (await visible(driver, By.css(`[data-testid="contact-row"][data-id="${who.id}"]`))).click();
    return (await (await visible(driver, byTestId("contact-name"))).getText()) === who.display_name;
  }, "the page is open");
}

async function openQuickLog() {
  await shortcut(driver, Key.CONTROL, "k");
  return visible(driver, byTestId("quick-log"));
}

test("Ctrl+K on a contact's page: the cursor is in With beside their chip, and a name typed there is picked, not logged as the summary", async () => {
  await openPage(ada);
  const adaBefore = (await history(ada.id)).length;
  const dialog = await openQuickLog();
  await eventually(driver, async () => JSON.stringify(await chips()) === '["Ada Quicklog"]', "Ada's chip shows");
  assert.equal(await focused(), "ql-with", "the cursor is in With");

  // The steps: another person's name, then Enter.
  await driver.actions().sendKeys("Bruno Quick").perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "Bruno is suggested");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => JSON.stringify(await chips()) === '["Ada Quicklog","Bruno Quicklog"]', "Bruno is picked beside Ada");
  assert.equal(await dialog.isDisplayed(), true, "Enter picked a person; nothing is logged yet");
  assert.equal(await (await visible(driver, byTestId("ql-summary"))).getAttribute("value"), "");
  assert.equal((await history(ada.id)).length, adaBefore);

  // Only Bruno, then: Ada's chip removed, Enter in the empty With field saves.
  await (await driver.findElement(By.css('[data-testid="ql-chip"] .chip-x'))).click();
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");
  const logged = (await history(bruno.id))[0];
  assert.deepEqual(logged.participants.map((p) => p.display_name), ["Bruno Quicklog"]);
  assert.equal(logged.summary, "");
  assert.equal((await history(ada.id)).length, adaBefore, "nothing logged with Ada");
});

test("a name left typed in With, or another contact's name alone in Summary, is refused and nothing is logged", async () => {
  await openPage(ada);
  const before = (await history(ada.id)).length;
  const dialog = await openQuickLog();
  await eventually(driver, async () => (await chips()).length === 1, "Ada's chip shows");
  await typeIn("ql-with", "Nobody Atall");
  await visible(driver, byTestId("ql-with-create"));
  // Enter from the summary saves: the name left in With is not dropped silently.
  await (await visible(driver, byTestId("ql-summary"))).sendKeys(Key.ENTER);
  await eventually(driver, async () => /Nobody Atall/.test(await (await visible(driver, byTestId("ql-error"))).getText()), "the name left typed is named");
  assert.equal(await dialog.isDisplayed(), true);

  await (await visible(driver, byTestId("ql-with"))).clear();
  await typeIn("ql-summary", "Bruno Quicklog");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => /Bruno Quicklog/.test(await (await visible(driver, byTestId("ql-error"))).getText()), "the summary is refused");
  assert.equal(await dialog.isDisplayed(), true);
  assert.equal((await history(ada.id)).length, before);
  await driver.actions().sendKeys(Key.ESCAPE).perform();
});

test("When: an impossible date is refused with its reason, a future one is asked about, and Save is two Tabs away", async () => {
  await openPage(ada);
  const before = (await history(ada.id)).length;
  const dialog = await openQuickLog();
  await eventually(driver, async () => (await chips()).length === 1, "Ada's chip shows");
  const when = await typeIn("ql-at", "02/31/2026");
  const preview = await visible(driver, byTestId("ql-at-preview"));
  await eventually(driver, async () => /February 2026 has 28 days/.test(await preview.getText()), "the reason shows as it is typed");
  await when.sendKeys(Key.ENTER);
  const error = await visible(driver, byTestId("ql-error"));
  assert.match(await error.getText(), /February 2026 has 28 days, so there is no day 31/);
  assert.equal(await dialog.isDisplayed(), true);
  assert.equal((await history(ada.id)).length, before, "nothing logged at now instead");

  await when.clear();
  await when.sendKeys("12/28/2028 10:00");
  await when.sendKeys(Key.ENTER);
  await eventually(driver, async () => /in the future/.test(await (await visible(driver, byTestId("ql-error"))).getText()), "the future date is asked about");
  assert.equal((await history(ada.id)).length, before, "not saved before it is confirmed");
  // From When, Tab reaches the duration, then Save.
  await driver.executeScript("arguments[0].focus()", when);
  await driver.actions().sendKeys(Key.TAB, Key.TAB).perform();
  assert.equal(await focused(), "ql-submit");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => !(await dialog.isDisplayed()), "saved once confirmed");
  const logged = (await history(ada.id)).find((i) => i.at.startsWith("2028-12-28T10:00"));
  assert.ok(logged, "logged on the day typed");
  // Out of the way of the other specs' "last contact".
  await invoke("delete_interaction", { id: logged.id });
});

test("When reads words and numbers the window's way: English, then French", { timeout: 120_000 }, async () => {
  await openPage(ada);
  const dialog = await openQuickLog();
  const preview = await visible(driver, byTestId("ql-at-preview"));
  const shown = async (typed) => {
    await typeIn("ql-at", typed);
    return preview.getText();
  };
  assert.match(await shown("05/12/2026 14:00"), /May 12/);
  const yesterday = new Date(Date.now() - 86_400_000);
  const weekday = new Intl.DateTimeFormat("en-US", { weekday: "short" }).format(yesterday);
  assert.match(await shown("yesterday 18:00"), new RegExp(`${weekday}.*6:00`));
  assert.match(await shown("2 days ago"), /2 days ago/);
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await eventually(driver, async () => !(await dialog.isDisplayed()), "closed");

  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); setTimeout(() => location.reload(), 50)");
  await driver.sleep(1000);
  await visible(driver, byTestId("contact-list"), 60_000);
  await openPage(ada);
  await openQuickLog();
  const preview2 = await visible(driver, byTestId("ql-at-preview"));
  const shownFr = async (typed) => {
    await typeIn("ql-at", typed);
    return preview2.getText();
  };
  assert.match(await shownFr("05/12/2026 14h"), /5 déc\..*14:00/);
  const jour = new Intl.DateTimeFormat("fr", { weekday: "short" }).format(yesterday);
  assert.match(await shownFr("hier 18h"), new RegExp(`${jour}.*18:00`));
  assert.match(await shownFr("31/02/2026"), /février 2026 a 28[\s\u00a0]jours/);
  await driver.actions().sendKeys(Key.ESCAPE).perform();

  // The birthday on the page, in French words.
  await invoke("update_contact", { id: ada.id, fields: { ...(await invoke("get_contact", { id: ada.id })), birthday: "1980-03-22" } });
  await openPage(ada);
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-birthday"))).getText()) === "22 mars 1980", "22 mars 1980");
  await driver.executeScript("localStorage.removeItem('rapport.language'); setTimeout(() => location.reload(), 50)");
  await driver.sleep(1000);
  await visible(driver, byTestId("contact-list"), 60_000);
  await openPage(ada);
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-birthday"))).getText()) === "March 22, 1980", "March 22, 1980");
});

test("the posts form, the contact form and the edit dialog refuse impossible dates and ask about future ones", async () => {
  // Posts: 31 February was logged as now.
  const posts = (await invoke("list_posts")).length;
  await shortcut(driver, Key.CONTROL, "4");
  await visible(driver, byTestId("post-form"));
  await typeIn("post-platform", "Blog");
  await typeIn("post-at", "02/31/2026");
  await click("post-save");
  await eventually(driver, async () => /28 days/.test(await (await driver.findElement(By.css('[data-testid="post-form"] .form-error'))).getText()), "refused");
  assert.equal((await invoke("list_posts")).length, posts);

  // The contact form: a birthday on 30 February, a meeting in the future.
  await openPage(ada);
  await click("contact-edit");
  await visible(driver, byTestId("contact-form"));
  await typeIn("cf-birthday", "02/30");
  await click("cf-save");
  await eventually(driver, async () => /at most 29 days/.test(await (await visible(driver, byTestId("form-error"))).getText()), "30 February refused");
  assert.equal((await invoke("get_contact", { id: ada.id })).birthday, "1980-03-22", "unchanged");
  await typeIn("cf-birthday", "03/14");
  await typeIn("cf-met-on", "01/15/2031");
  await click("cf-save");
  await eventually(driver, async () => /in the future/.test(await (await visible(driver, byTestId("form-error"))).getText()), "the future is asked about");
  assert.equal((await invoke("get_contact", { id: ada.id })).met_on ?? null, null);
  await typeIn("cf-met-on", "6/1/2019");
  await click("cf-save");
  await eventually(driver, async () => (await driver.findElements(byTestId("contact-form"))).length === 0, "the form closes");
  const saved = await invoke("get_contact", { id: ada.id });
  assert.deepEqual([saved.birthday, saved.met_on], ["--03-14", "2019-06-01"]);

  // The edit dialog: 31 April.
  const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const it = await invoke("log_interaction", { interaction: { at, channel: "call", initiated_by: "me", participants: [ada.id], summary: "To edit" } });
  await openPage(ada);
  // Clicked again if the page was redrawn under the pointer (the interaction just logged).
  await eventually(driver, async () => {
    await (await visible(driver, byTestId("interaction-edit"))).click();
    return (await driver.findElements(byTestId("edit-interaction"))).length > 0;
  }, "the edit dialog opens");
  await typeIn("edit-at", "04/31/2026 10:00");
  await click("edit-interaction-confirm");
  await eventually(driver, async () => /April 2026 has 30 days/.test(await (await visible(driver, byTestId("edit-interaction-error"))).getText()), "refused");
  const unchanged = (await history(ada.id)).find((i) => i.id === it.id);
  assert.equal(new Date(unchanged.at).getTime(), new Date(at).getTime() - (new Date(at).getTime() % 1000));
  await click("edit-interaction-cancel");
});

test("issue 13's controls: Reply to offers the latest open exchange with the person, Started by names one of a group", async () => {
  const theirs = await invoke("log_interaction", {
    // A second ago: later than what the tests before logged with him, so the exchange is open.
    interaction: { at: new Date(Date.now() - 1000).toISOString(), channel: "message", initiated_by: "them", participants: [bruno.id], summary: "Are you free on Friday?" },
  });
  const candidate = await invoke("reply_candidate", { contact_id: bruno.id });
  assert.equal(candidate?.id, theirs.id, "core offers it");
  await openPage(bruno);
  let dialog = await openQuickLog();
  const box = await visible(driver, byTestId("ql-reply"));
  await textMatching(driver, byTestId("ql-reply-text"), /Are you free on Friday\?/);
  assert.equal(await box.isSelected(), false, "offered, not assumed");
  await driver.executeScript("arguments[0].click()", box);
  await typeIn("ql-summary", "Yes, Friday works");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await saved(dialog);
  const reply = (await history(bruno.id))[0];
  assert.deepEqual([reply.summary, reply.in_reply_to, reply.initiated_by], ["Yes, Friday works", theirs.id, "me"]);

  // A group: who started it is one of them, by id.
  await openPage(ada);
  dialog = await openQuickLog();
  await eventually(driver, async () => (await chips()).length === 1, "Ada's chip shows");
  await driver.actions().sendKeys("Bruno Quick").perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "Bruno is suggested");
  await driver.actions().sendKeys(Key.ENTER).perform();
  const byBruno = await eventually(driver, async () => (await driver.findElements(byTestId(`ql-by-c${bruno.id}`)))[0], "Bruno is offered as the one who started it");
  await driver.executeScript("arguments[0].click()", byBruno);
  await typeIn("ql-summary", "Bruno gathered us");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await saved(dialog);
  const group = (await history(ada.id))[0];
  assert.deepEqual([group.summary, group.initiated_by, group.initiator], ["Bruno gathered us", "them", bruno.id]);
});

test("the quick log creates a new person and records several value items each way, each with its note", async () => {
  await openPage(bruno);
  const dialog = await openQuickLog();
  await eventually(driver, async () => (await chips()).length === 1, "Bruno's chip shows");
  await driver.actions().sendKeys("Zed Nouvel").perform();
  await visible(driver, byTestId("ql-with-create"));
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => JSON.stringify(await chips()) === '["Bruno Quicklog","Zed Nouvel"]', "the new person is chosen");

  const rows = async (direction) => driver.findElements(By.css(`[data-testid="ql-${direction}-rows"] li`));
  const fill = async (direction, index, kind, note) => {
    const row = (await rows(direction))[index];
    await row.findElement(By.css("select")).sendKeys(kind);
    await row.findElement(By.css("input")).sendKeys(note);
  };
  await fill("gave", 0, "Advice", "on the move");
  await click("ql-gave-add");
  await fill("gave", 1, "Introduction", "to Léa");
  await fill("received", 0, "Help", "carried boxes");
  await click("ql-received-add");
  await fill("received", 1, "Gift", "a plant");
  await typeIn("ql-summary", "Moving day");
  await click("ql-submit");
  await eventually(driver, async () => !(await dialog.isDisplayed()), "the dialog closes");

  const zed = (await invoke("contact_page", { query: { search: "Zed Nouvel", limit: 5 } })).contacts;
  assert.deepEqual(zed.map((c) => c.display_name), ["Zed Nouvel"]);
  const logged = (await history(zed[0].id))[0];
  assert.deepEqual(logged.participants.map((p) => p.display_name).sort(), ["Bruno Quicklog", "Zed Nouvel"]);
  const items = logged.value_items.map((v) => `${v.direction}:${v.kind}:${v.note}`).sort();
  assert.deepEqual(
    [...new Set(items)],
    ["given:advice:on the move", "given:introduction:to Léa", "received:gift:a plant", "received:help:carried boxes"],
  );
});

test("a new person is not left behind when the interaction is refused", async () => {
  await openPage(bruno);
  const dialog = await openQuickLog();
  await eventually(driver, async () => (await chips()).length === 1, "Bruno's chip shows");
  await driver.actions().sendKeys("Yann Refuse").perform();
  await visible(driver, byTestId("ql-with-create"));
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => (await chips()).length === 2, "the new person is chosen");
  // Two weeks of duration: core refuses the interaction after the person was added.
  await driver.executeScript("document.getElementById('ql-duration').value = '20160'");
  await click("ql-submit");
  await eventually(driver, async () => /one week/.test(await (await visible(driver, byTestId("ql-error"))).getText()), "refused");
  assert.equal(await dialog.isDisplayed(), true);
  await eventually(driver, async () => (await invoke("contact_page", { query: { search: "Yann Refuse", limit: 5 } })).contacts.length === 0, "the person added is deleted again");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
});

test("Open loops: a question answered in an interaction already logged is closed, one that no longer matters is dropped and Undo brings it back", async () => {
  const asked = new Date(Date.now() - 5 * 86_400_000).toISOString();
  const answered = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const first = await invoke("log_interaction", {
    interaction: {
      at: asked, channel: "email", initiated_by: "them", participants: [ada.id], summary: "Her two questions",
      questions: [{ asked_by: "them", text: "Quicklog question to close?" }, { asked_by: "them", text: "Quicklog question to drop?" }],
    },
  });
  const reply = await invoke("log_interaction", { interaction: { at: answered, channel: "call", initiated_by: "me", participants: [ada.id], summary: "Called her back" } });
  const [toClose, toDrop] = first.questions;

  await driver.executeScript("document.querySelectorAll('dialog[open]').forEach((d) => d.close())");
  await shortcut(driver, Key.CONTROL, "3");
  await visible(driver, byTestId("loops-i-owe"));
  const row = (q) =>
    eventually(driver, async () => {
      const found = await driver.findElements(By.css(`[data-testid="loop"][data-question="${q.id}"]`));
      if (found.length) {
        await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", found[0]);
        return found[0];
      }
      // Asked days ago, under the older ones: the next page of "Questions you owe".
      const more = await driver.findElements(By.css('[data-testid="loops-i-owe"] [data-testid="loop-more"]'));
      if (more.length) await driver.executeScript("arguments[0].click()", more[0]);
      return false;
    }, `question ${q.id} is listed`);

  await (await (await row(toClose)).findElement(byTestId("loop-answered"))).click();
  await visible(driver, byTestId("answered-in"));
  const choice = await driver.findElement(By.css(`[data-testid="answered-in-choice"][value="${reply.id}"]`));
  const label = await choice.findElement(By.xpath("./ancestor::label"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", label);
  await label.click();
  assert.equal(await choice.isSelected(), true);
  await click("answered-in-confirm");
  await eventually(driver, async () => (await invoke("list_questions", { query: { contact: ada.id, open_only: true } })).every((q) => q.id !== toClose.id), "closed");
  const closed = (await invoke("list_questions", { query: { contact: ada.id } })).find((q) => q.id === toClose.id);
  assert.equal(closed.answered_in, reply.id);

  // Clicked from the page: the notice of the close above may lie over the row's right end.
  await driver.executeScript("arguments[0].click()", await (await row(toDrop)).findElement(byTestId("loop-drop")));
  await eventually(driver, async () => (await invoke("list_questions", { query: { contact: ada.id } })).every((q) => q.id !== toDrop.id), "dropped");
  await eventually(driver, async () => (await driver.findElements(By.css(`[data-testid="loop"][data-question="${toDrop.id}"]`))).length === 0, "gone from the list");
  await click("toast-action");
  await eventually(driver, async () => (await invoke("list_questions", { query: { contact: ada.id, open_only: true } })).some((q) => q.id === toDrop.id), "Undo brings it back");
});
