// Correcting what was logged in the real window: edit an interaction's summary, delete it and
// Undo from the notice, delete a contact after the sentence that says what goes, and Undo.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, interactionSummaries, listedNames, visible, Key, openAppWithDemo, openContact, invokeIn, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

/** Clicks the element, looking for it again when the page was redrawn under the pointer. */
const click = (testid) =>
  eventually(driver, async () => {
    await (await visible(driver, byTestId(testid))).click();
    return true;
  }, `clicked ${testid}`);

const summaries = () => interactionSummaries(driver);

test("an interaction's summary is edited, then it is deleted and Undo puts it back", async () => {
  const ines = await invoke("add_contact", { fields: { display_name: "Inès Correcte" } });
  // Lived at +02:00, away from this computer's zone: an edit that leaves When alone keeps it.
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const at = `${day}T17:31:00+02:00`;
  const logged = await invoke("log_interaction", {
    interaction: {
      at, channel: "call", initiated_by: "me", participants: [ines.id], summary: "Lnuch with a typo",
      received: [{ kind: "advice", note: "CV tips" }],
      questions: [{ asked_by: "them", text: "Cna you read my CV?" }],
    },
  });
  await openContact(driver, "Inès Correcte", ines.id);
  assert.deepEqual(await summaries(), ["Lnuch with a typo"]);

  // Edit, from the keyboard: the row's Edit button, then the dialog's summary.
  const edit = await visible(driver, byTestId("interaction-edit"));
  await driver.executeScript("arguments[0].focus()", edit);
  await edit.sendKeys(Key.ENTER);
  await visible(driver, byTestId("edit-interaction"));
  const summary = await visible(driver, byTestId("edit-summary"));
  await summary.clear();
  await summary.sendKeys("Lunch at the market");
  const question = await visible(driver, byTestId("edit-question-text"));
  await question.clear();
  await question.sendKeys("Can you read my CV?");
  await (await visible(driver, byTestId("edit-interaction-confirm"))).click();
  await eventually(driver, async () => JSON.stringify(await summaries()) === '["Lunch at the market"]', "the page shows the new summary");
  const stored = await invoke("list_interactions", { query: { contact: ines.id } });
  assert.equal(stored[0].summary, "Lunch at the market");
  assert.equal(stored[0].at, logged.at, "the time and its offset are as they were");
  assert.equal(stored[0].questions[0].text, "Can you read my CV?", "the question's words were saved with it");
  assert.equal(stored[0].value_items[0].note, "CV tips", "an unchanged value item stays as it was");

  // A value item deleted from the dialog, and put back by its notice.
  await click("interaction-edit");
  await visible(driver, byTestId("edit-interaction"));
  await click("edit-item-delete");
  await eventually(driver, async () => (await driver.findElements(byTestId("edit-item"))).length === 0, "the row leaves the dialog");
  assert.equal((await invoke("list_value_items", { contact: ines.id })).length, 0);
  await click("edit-interaction-cancel");
  await click("toast-action");
  await eventually(driver, async () => (await invoke("list_value_items", { contact: ines.id })).length === 1, "Undo puts the value item back");

  // Delete, then Undo from the notice.
  await eventually(driver, async () => (await driver.findElements(byTestId("toast-action"))).length === 0, "the last notice is gone");
  await click("interaction-delete");
  await eventually(driver, async () => (await summaries()).length === 0, "the interaction leaves the page");
  assert.equal((await invoke("list_interactions", { query: { contact: ines.id } })).length, 0);
  const undo = await visible(driver, byTestId("toast-action"));
  assert.equal(await undo.getText(), "Undo");
  await undo.click();
  await eventually(driver, async () => JSON.stringify(await summaries()) === '["Lunch at the market"]', "Undo brings it back");
  assert.equal((await invoke("list_interactions", { query: { contact: ines.id } }))[0].id, stored[0].id, "with its own id");
});

test("deleting a contact says what goes, keeps group interactions, and Undo brings them back", async () => {
  const olga = await invoke("add_contact", { fields: { display_name: "Olga Partante" } });
  const paul = await invoke("add_contact", { fields: { display_name: "Paul Reste" } });
  const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString();
  const log = (participants, n, extra = {}) =>
    invoke("log_interaction", { interaction: { at: day(n), channel: "call", initiated_by: "me", participants, ...extra } });
  await log([olga.id], 9, { questions: [{ asked_by: "them", text: "Can you read my draft?" }] });
  await log([olga.id], 8);
  await log([olga.id, paul.id], 7, { summary: "Dinner for three" });

  await openContact(driver, "Olga Partante", olga.id);
  await click("contact-delete");
  await visible(driver, byTestId("delete-contact"));
  const preview = await (await visible(driver, byTestId("delete-contact-preview"))).getText();
  assert.equal(preview, "Deleting Olga Partante removes 2 interactions and 1 question. 1 group interaction stays, with the others.");
  await (await visible(driver, byTestId("delete-contact-confirm"))).click();

  await eventually(
    driver,
    async () => (await driver.findElements(byTestId("delete-contact"))).length === 0,
    "the dialog closes",
  );
  const paulsHistory = await invoke("list_interactions", { query: { contact: paul.id } });
  assert.deepEqual(paulsHistory.map((i) => i.participants.map((p) => p.display_name)), [["Paul Reste"]], "the dinner stays, with Paul");
  const box = await visible(driver, byTestId("search"));
  await box.clear();
  await box.sendKeys("Olga Partante");
  await eventually(driver, async () => (await listedNames(driver)).length === 0, "Olga leaves the list");

  await (await visible(driver, byTestId("toast-action"))).click();
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === '["Olga Partante"]', "Undo brings her back");
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-name"))).getText()) === "Olga Partante", "her page opens");
  assert.equal((await invoke("list_interactions", { query: { contact: olga.id } })).length, 3);
  await box.sendKeys(Key.ESCAPE);
});

test("every field of a contact is edited in the window, birthday and keep-in-touch cadence included", async () => {
  const zoe = await invoke("add_contact", {
    fields: { display_name: "Zoé Champs", emails: [{ value: "zoe@work.test", label: "work" }] },
  });
  await openContact(driver, "Zoé Champs", zoe.id);
  // A notice the previous test's Undo left lay over the birthday field in a full run
  // (ElementNotInteractableError): the notices are taken away, and a field is typed into again
  // if the page moved under it.
  await driver.executeScript("document.querySelectorAll('.toast').forEach((t) => t.remove())");
  await click("contact-edit");
  await visible(driver, byTestId("contact-form"));
  const type = (testid, text) =>
    eventually(driver, async () => {
      const input = await visible(driver, byTestId(testid));
      await input.clear();
      await input.sendKeys(text);
      return true;
    }, `${testid} is typed into`);
  await type("cf-given-name", "Zoé");
  await type("cf-family-name", "Champs");
  await type("cf-nickname", "Zozo");
  await type("cf-emails", "zoe@work.test, zoe@home.test");
  await type("cf-links", "https://example.org/zoe");
  await type("cf-birthday", "--03-14");
  await type("cf-cadence", "30");
  await driver.executeScript("arguments[0].value = '2015-09-01'", await visible(driver, byTestId("cf-met-on")));
  await click("cf-kin");

  // A birthday that is no date is refused by name, and nothing is saved.
  await type("cf-birthday", "30 février");
  await click("cf-save");
  await textMatching(driver, byTestId("form-error"), /Birthday/);
  assert.equal((await invoke("get_contact", { id: zoe.id })).birthday ?? null, null);

  await type("cf-birthday", "--03-14");
  await click("cf-save");
  await eventually(driver, async () => (await driver.findElements(byTestId("contact-form"))).length === 0, "the form closes");
  const saved = await invoke("get_contact", { id: zoe.id });
  assert.deepEqual(
    [saved.given_name, saved.family_name, saved.nickname, saved.birthday, saved.cadence_days, saved.met_on, saved.is_kin],
    ["Zoé", "Champs", "Zozo", "--03-14", 30, "2015-09-01", true],
  );
  assert.deepEqual(saved.emails, [{ value: "zoe@work.test", label: "work" }, { value: "zoe@home.test" }], "the first keeps its label");
  assert.deepEqual(saved.links, [{ value: "https://example.org/zoe" }]);
});

test("a post is deleted with its reactions, and Undo puts back both with their ids", async () => {
  // An hour ago: the posts spec, on the same database, expects its own post of now first.
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const post = await invoke("add_post", { post: { platform: "Blog", at, title: "To be deleted" } });
  const like = await invoke("add_reaction", { reaction: { post: post.id, kind: "like", count: 7 } });
  await driver.executeScript("document.querySelectorAll('.toast').forEach((t) => t.remove())");
  await driver.actions().keyDown(Key.CONTROL).sendKeys("4").keyUp(Key.CONTROL).perform();
  await visible(driver, byTestId("posts"));
  const titles = () => driver.executeScript("return Array.from(document.querySelectorAll('.post-title'), (e) => e.textContent)");
  const card = () =>
    eventually(driver, async () => {
      for (const c of await driver.findElements(byTestId("post-card"))) if ((await c.getText()).includes("To be deleted")) return c;
      return false;
    }, "the post is listed");
  await eventually(driver, async () => {
    await (await (await card()).findElement(byTestId("post-delete"))).click();
    return true;
  }, "clicked its Delete");
  await eventually(driver, async () => !(await titles()).includes("To be deleted"), "the post leaves the list");
  await click("toast-action");
  await card();
  const back = (await invoke("list_posts")).find((p) => p.id === post.id);
  assert.deepEqual(back.reactions.map((r) => [r.id, r.count]), [[like.id, 7]]);
});

test("a post's title is edited in its dialog", async () => {
  const at = new Date(Date.now() - 7_200_000).toISOString();
  const post = await invoke("add_post", { post: { platform: "Blog", at, title: "Typo in teh title" } });
  await driver.actions().keyDown(Key.CONTROL).sendKeys("4").keyUp(Key.CONTROL).perform();
  await visible(driver, byTestId("posts"));
  await eventually(driver, async () => {
    for (const c of await driver.findElements(byTestId("post-card"))) {
      if ((await c.getText()).includes("Typo in teh title")) {
        await (await c.findElement(byTestId("post-edit"))).click();
        return true;
      }
    }
    return false;
  }, "clicked the post's Edit");
  const title = await visible(driver, byTestId("edit-post-title"));
  await title.clear();
  await title.sendKeys("Typo fixed", Key.ENTER);
  await eventually(
    driver,
    async () => (await driver.executeScript("return Array.from(document.querySelectorAll('.post-title'), (e) => e.textContent)")).includes("Typo fixed"),
    "the list shows the new title",
  );
  const saved = (await invoke("list_posts")).find((p) => p.id === post.id);
  assert.equal(saved.title, "Typo fixed");
  assert.equal(saved.at, post.at, "the time as it was");
});

test("whether I replied to a comment is corrected with one click", async () => {
  const quentin = await invoke("add_contact", { fields: { display_name: "Quentin Commente" } });
  const at = new Date(Date.now() - 10_800_000).toISOString();
  const post = await invoke("add_post", { post: { platform: "Blog", at, title: "Comment on me" } });
  const comment = await invoke("add_reaction", { reaction: { post: post.id, kind: "comment", contact: quentin.id, comment: "Great" } });
  await driver.actions().keyDown(Key.CONTROL).sendKeys("4").keyUp(Key.CONTROL).perform();
  await visible(driver, byTestId("posts"));
  await eventually(driver, async () => {
    for (const c of await driver.findElements(byTestId("post-card"))) {
      if ((await c.getText()).includes("Comment on me")) {
        await (await c.findElement(byTestId("reaction-replied-toggle"))).click();
        return true;
      }
    }
    return false;
  }, "clicked the comment's replied badge");
  await eventually(
    driver,
    async () => (await invoke("list_posts")).find((p) => p.id === post.id).reactions.find((r) => r.id === comment.id).replied === true,
    "the comment is marked replied",
  );
});

/** Chooses `value` in the select, as a user would, so its change listeners run. */
const choose = (select, value) =>
  driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))", select, value);

test("value items and questions are added to a logged interaction in its edit dialog", async () => {
  const rita = await invoke("add_contact", { fields: { display_name: "Rita Ajoute" } });
  const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const logged = await invoke("log_interaction", {
    interaction: { at, channel: "call", initiated_by: "me", participants: [rita.id], summary: "Call about the move" },
  });
  await openContact(driver, "Rita Ajoute", rita.id);
  await click("interaction-edit");
  await visible(driver, byTestId("edit-interaction"));
  await click("edit-add-item");
  await choose(await visible(driver, byTestId("edit-new-item-direction")), "received");
  await choose(await visible(driver, byTestId("edit-new-item-kind")), "help");
  await (await visible(driver, byTestId("edit-new-item-note"))).sendKeys("Lent me her van");
  // A second line added then taken back: it is not saved.
  await click("edit-add-item");
  const extra = await driver.findElements(byTestId("edit-new-remove"));
  await extra[1].click();
  await click("edit-add-question");
  await choose(await visible(driver, byTestId("edit-new-question-by")), "them");
  await (await visible(driver, byTestId("edit-new-question-text"))).sendKeys("Can you help me paint on Sunday?");
  await click("edit-interaction-confirm");
  await eventually(driver, async () => (await driver.findElements(byTestId("edit-interaction"))).length === 0, "the dialog closes");

  const [saved] = await invoke("list_interactions", { query: { contact: rita.id } });
  assert.equal(saved.id, logged.id);
  assert.deepEqual(saved.value_items.map((v) => [v.direction, v.kind, v.note]), [["received", "help", "Lent me her van"]]);
  assert.deepEqual(saved.questions.map((q) => [q.asked_by, q.text, q.answered_in ?? null]), [["them", "Can you help me paint on Sunday?", null]]);

  // An empty new question is refused with the reason, inside the dialog, and nothing is saved.
  await click("interaction-edit");
  await visible(driver, byTestId("edit-interaction"));
  await click("edit-add-question");
  await click("edit-interaction-confirm");
  await textMatching(driver, byTestId("edit-interaction-error"), /question/i);
  await click("edit-interaction-cancel");
  assert.equal((await invoke("list_interactions", { query: { contact: rita.id } }))[0].questions.length, 1);
});

test("a reaction's kind and count are edited in its dialog", async () => {
  const at = new Date(Date.now() - 14_400_000).toISOString();
  const post = await invoke("add_post", { post: { platform: "Blog", at, title: "Count me right" } });
  const likes = await invoke("add_reaction", { reaction: { post: post.id, kind: "like", count: 7 } });
  await driver.executeScript("document.querySelectorAll('.toast').forEach((t) => t.remove())");
  await driver.actions().keyDown(Key.CONTROL).sendKeys("4").keyUp(Key.CONTROL).perform();
  await visible(driver, byTestId("posts"));
  await eventually(driver, async () => {
    for (const c of await driver.findElements(byTestId("post-card"))) {
      if ((await c.getText()).includes("Count me right")) {
        await (await c.findElement(byTestId("reaction-edit"))).click();
        return true;
      }
    }
    return false;
  }, "clicked the reaction's Edit");
  await choose(await visible(driver, byTestId("edit-reaction-kind")), "share");
  const count = await visible(driver, byTestId("edit-reaction-count"));
  await count.clear();
  await count.sendKeys("12");
  await click("edit-reaction-confirm");
  await eventually(
    driver,
    async () => {
      const r = (await invoke("list_posts")).find((p) => p.id === post.id).reactions.find((x) => x.id === likes.id);
      return r.kind === "share" && r.count === 12;
    },
    "the reaction is now 12 shares",
  );
  await eventually(driver, async () => (await driver.findElements(byTestId("edit-reaction"))).length === 0, "the dialog closes");
});

test("undo takes only the token the shell kept, once", async () => {
  const sam = await invoke("add_contact", { fields: { display_name: "Sam Jeton" } });
  const at = new Date(Date.now() - 86_400_000).toISOString();
  const it = await invoke("log_interaction", { interaction: { at, channel: "call", initiated_by: "me", participants: [sam.id] } });
  const deleted = await invoke("delete_interaction", { id: it.id });
  assert.equal(typeof deleted.undo, "string");
  assert.equal(deleted.snapshot, undefined, "no rows come to the window");
  // Rows made up by the window are not taken.
  const forged = await invoke("undo_delete", { snapshot: { tables: [{ table: "interactions", rows: [[it.id, 0, 0, "call", "me", null, "", 0]] }] } });
  assert.ok(forged?.error, "a snapshot is refused");
  assert.equal((await invoke("list_interactions", { query: { contact: sam.id } })).length, 0);
  assert.equal(await invoke("undo_delete", { token: deleted.undo }), null);
  assert.equal((await invoke("list_interactions", { query: { contact: sam.id } }))[0].id, it.id);
  const again = await invoke("undo_delete", { token: deleted.undo });
  assert.match(again.error.message, /can no longer be undone/);
});
