// Import of blog comments (issue 16): a WordPress export chosen in the Open dialog previews its
// posts, the comments on them, my replies and what it leaves out (spam, pending, a pingback, a
// draft); importing it makes Ann a contact whose page shows our conversation (my two replies and
// her answer, no comment text); a second import adds nothing. The same story as a Disqus export,
// imported on its own, previews the same counts with what Disqus leaves out (spam, a deleted
// comment, a deleted thread and the comment on it) and gives Ann the same conversation and Bob
// my question still open. With E2E_SHOTS set to a folder, the Disqus preview is saved there.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, importCount, interactionSummaries, invokeIn, openAppWithDemo, openContact, openImport, pickAndPreview, visible, textMatching } from "../helpers.mjs";

const ANSWER = process.env.RAPPORT_E2E_DIALOG;
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/import");
const STORY = path.join(FIXTURES, "blog_story.wxr.xml");
const DISQUS = path.join(FIXTURES, "blog_story.disqus.xml");

let driver;
const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const shown = (id) => importCount(driver, id);

before(async () => {
  assert.ok(ANSWER, "RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  driver = await openAppWithDemo("nvi-value");
});

/**
 * Takes back what an import of the story wrote (its two posts, and Ann and Bob with the replies
 * only they took part in): the specs share one database, so a later spec's count of my reply
 * questions is its own, and the Disqus test imports into a database without the WordPress story.
 */
async function forgetStory() {
  for (const post of await invoke("list_posts").catch(() => [])) {
    if (post.title === "On reach" || post.title === "On rhythm") await invoke("delete_post", { id: post.id });
  }
  for (const name of ["Ann Lee", "Bob Stone"]) {
    for (const c of await invoke("list_contacts", { query: { search: name } })) {
      if (c.display_name === name) await invoke("delete_contact", { id: c.id });
    }
  }
}

async function shot(name) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), Buffer.from(await driver.takeScreenshot(), "base64"));
}

after(async () => {
  if (ANSWER) fs.rmSync(ANSWER, { force: true });
  if (driver) await forgetStory();
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

test("a Disqus export of the same story previews the same counts, imports the conversation, and only once", async () => {
  await forgetStory();
  await openImport(driver);
  await pickAndPreview(driver, DISQUS);
  await textMatching(driver, byTestId("import-summary"), /Disqus comments export/);
  assert.equal(await shown("import-posts_created"), 2, "the two live threads");
  assert.equal(await shown("import-comments_created"), 3);
  assert.equal(await shown("import-replies_created"), 3);
  assert.equal(await shown("import-contacts_created"), 2, "Ann and Bob are new");
  const left = await (await visible(driver, byTestId("import-blog-left-out"))).getText();
  assert.match(left, /1 spam/);
  assert.match(left, /1 in the trash or deleted/);
  assert.match(left, /1 comment on a post left out/);
  assert.match(left, /1 post not yours or not published/);
  assert.equal((await driver.findElements(byTestId("import-problems"))).length, 0, "the export has no problem");
  await shot("import-disqus-preview.png");

  await (await visible(driver, byTestId("import-apply"))).click();
  const contact = (name) =>
    eventually(
      driver,
      async () => (await invoke("list_contacts", { query: { search: name } })).find((c) => c.display_name === name),
      `${name} is a contact`,
      60_000,
    );
  const ann = await contact("Ann Lee");
  const bob = await contact("Bob Stone");
  const posts = (await invoke("list_posts")).filter((p) => p.platform === "fieldnotes");
  assert.deepEqual(posts.map((p) => [p.title, p.reactions.length]).sort(), [["On reach", 1], ["On rhythm", 2]], "the forum's threads are my posts");

  const summaries = () => interactionSummaries(driver);
  await openContact(driver, "Ann Lee", ann.id);
  await eventually(driver, async () => (await summaries()).length === 3, "her page lists our three turns", 30_000);
  assert.deepEqual((await summaries()).sort(), [
    "My reply to a comment on “On reach”",
    "My reply to a comment on “On rhythm”",
    "Reply to my reply on “On rhythm”",
  ]);
  const tags = () => driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=interaction-question]'), e => e.className)");
  assert.deepEqual(await tags(), ["tag tag-q answered"], "my question to Ann is answered");
  const page = await textMatching(driver, byTestId("interaction-list"), /\S/);
  assert.doesNotMatch(page, /Which part did you try|The weekly one/, "no comment text is kept");

  await openContact(driver, "Bob Stone", bob.id);
  await eventually(driver, async () => (await summaries()).length === 1, "his page lists my reply", 30_000);
  assert.deepEqual(await summaries(), ["My reply to a comment on “On rhythm”"]);
  const waiting = await textMatching(driver, byTestId("open-questions"), /\S/);
  assert.match(waiting, /Question at the end of my reply to a comment on “On rhythm”/, "my question to Bob waits for him");
  assert.equal((await driver.findElements(byTestId("question"))).length, 1);

  await openImport(driver);
  await pickAndPreview(driver, DISQUS);
  assert.equal(await shown("import-posts_created"), 0, "the same export again adds nothing");
  assert.equal(await shown("import-comments_created"), 0);
  assert.equal(await shown("import-comments_duplicate"), 3);
  assert.equal(await shown("import-replies_created"), 0);
  assert.equal(await shown("import-contacts_created"), 0);
  assert.equal(await shown("import-contacts_unchanged"), 2);
});
