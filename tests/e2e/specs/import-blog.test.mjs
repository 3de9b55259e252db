// Import of blog comments (issue 16): a WordPress export chosen in the Open dialog previews its
// posts, the comments on them, my replies and what it leaves out (spam, pending, a pingback, a
// draft); importing it makes Ann a contact whose page shows our conversation (my two replies and
// her answer, no comment text); a second import adds nothing.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, importCount, interactionSummaries, invokeIn, openAppWithDemo, openContact, openImport, pickAndPreview, visible, textMatching } from "../helpers.mjs";

const ANSWER = process.env.RAPPORT_E2E_DIALOG;
const STORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/import/blog_story.wxr.xml");

let driver;
const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const shown = (id) => importCount(driver, id);

before(async () => {
  assert.ok(ANSWER, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  if (ANSWER) fs.rmSync(ANSWER, { force: true });
  // The specs share one database: take back what this import wrote (its two posts, and Ann and Bob
  // with the replies only they took part in), so a later spec's count of my reply questions is its own.
  if (driver) {
    for (const post of await invoke("list_posts").catch(() => [])) {
      if (post.title === "On reach" || post.title === "On rhythm") await invoke("delete_post", { id: post.id });
    }
    for (const name of ["Ann Lee", "Bob Stone"]) {
      for (const c of await invoke("list_contacts", { query: { search: name } })) {
        if (c.display_name === name) await invoke("delete_contact", { id: c.id });
      }
    }
  }
  await driver?.quit();
});

test("a WordPress export previews its posts and comments, imports the conversation, and only once", async () => {
  await openImport(driver);
  await pickAndPreview(driver, STORY);
  await textMatching(driver, byTestId("import-summary"), /WordPress export/);
  assert.equal(await shown("import-posts_created"), 2);
  assert.equal(await shown("import-comments_created"), 3);
  assert.equal(await shown("import-replies_created"), 3);
  assert.equal(await shown("import-contacts_created"), 2, "Ann and Bob are new");
  const left = await (await visible(driver, byTestId("import-blog-left-out"))).getText();
  assert.match(left, /1 spam/);
  assert.match(left, /1 awaiting approval/);
  assert.match(left, /1 pingback or trackback\b/);

  await (await visible(driver, byTestId("import-apply"))).click();
  const ann = await eventually(
    driver,
    async () => (await invoke("list_contacts", { query: { search: "Ann Lee" } }))[0],
    "Ann is a contact",
    60_000,
  );

  await openContact(driver, "Ann Lee", ann.id);
  const summaries = () => interactionSummaries(driver);
  await eventually(driver, async () => (await summaries()).length === 3, "her page lists our three turns", 30_000);
  assert.deepEqual((await summaries()).sort(), [
    "My reply to a comment on “On reach”",
    "My reply to a comment on “On rhythm”",
    "Reply to my reply on “On rhythm”",
  ]);
  const page = await textMatching(driver, byTestId("interaction-list"), /\S/);
  assert.doesNotMatch(page, /Which part did you try|The weekly one/, "no comment text is kept");

  await openImport(driver);
  await pickAndPreview(driver, STORY);
  assert.equal(await shown("import-posts_created"), 0, "the same export again adds nothing");
  assert.equal(await shown("import-comments_created"), 0);
  assert.equal(await shown("import-comments_duplicate"), 3);
  assert.equal(await shown("import-replies_created"), 0);
});
