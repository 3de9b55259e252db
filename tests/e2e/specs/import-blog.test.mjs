// Import of blog comments (issue 16): a WordPress export chosen in the Open dialog previews its
// posts, the comments on them, my replies and what it leaves out (spam, pending, a pingback, a
// draft); importing it says so (new contacts, posts, comments, my replies) and makes Ann a contact
// whose page shows our conversation (my two replies and her answer, no comment text); a second
// import adds nothing. The same story as a Disqus export, imported on its own, previews the same
// counts with what Disqus leaves out (spam, a deleted comment, a deleted thread and the comment on
// it) and gives Ann the same conversation and Bob my question still open. Both previews count my
// replies ending with a question and those the commenter answered (a copy with one question fewer
// counts one fewer), never the zero "interactions" of other formats. A last test checks that the
// preview's tiles fit at 1280×800 and at the window's minimum size, in English and French; with
// E2E_SHOTS set to a folder, those previews (and the Disqus one) are saved there.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import {
  byTestId,
  eventually,
  importCount,
  interactionSummaries,
  invokeIn,
  openAppWithDemo,
  openContact,
  openImport,
  pickAndPreview,
  reloadInFrench,
  resizeWindow,
  visible,
  textMatching,
} from "../helpers.mjs";

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

const toasts = () =>
  driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast]'), (t) => t.textContent).join('\\n')");

/**
 * The preview's conversation tiles: my replies (new and already here), those ending with a
 * question, and the commenter's answers to mine.
 */
async function conversation() {
  return {
    replies: await shown("import-replies_created"),
    already: await shown("import-replies_duplicate"),
    questions: await shown("import-blog_questions_created"),
    answers: await shown("import-answers_created"),
  };
}

/** How many tiles of other formats (interactions, questions) the preview shows: a blog export
 * would leave them at zero, since it counts its replies in their own tiles. */
async function otherFormatsTiles() {
  const ids = ["import-interactions_created", "import-interactions_duplicate", "import-interactions_unmatched", "import-questions_created"];
  let n = 0;
  for (const id of ids) n += (await driver.findElements(byTestId(id))).length;
  return n;
}

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.manage().window().setRect({ width: 1280, height: 800 }).catch(() => {});
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
  assert.deepEqual(await conversation(), { replies: 3, already: 0, questions: 2, answers: 1 }, "two of my replies ask, Ann answered one");
  assert.equal(await otherFormatsTiles(), 0, "no zero interactions or questions beside the blog's own");
  assert.equal(await shown("import-records_skipped"), 0);
  const left = await (await visible(driver, byTestId("import-blog-left-out"))).getText();
  assert.match(left, /1 spam/);
  assert.match(left, /1 awaiting approval/);
  assert.match(left, /1 pingback or trackback\b/);

  await (await visible(driver, byTestId("import-apply"))).click();
  await eventually(
    driver,
    async () => /2 new contacts, 2 new posts, 3 new comments, 3 replies of yours/.test(await toasts()),
    "the notice says what the export brought",
    60_000,
  );
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
  assert.equal(await shown("import-posts_duplicate"), 2);
  assert.deepEqual(await conversation(), { replies: 0, already: 3, questions: 0, answers: 0 }, "my replies are already here");
});

test("a Disqus export of the same story previews the same counts, imports the conversation, and only once", async () => {
  await forgetStory();
  await openImport(driver);
  // The same export with my question to Bob ending in a full stop: one question fewer shows.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rapport-blog-"));
  const fewer = path.join(dir, "blog_story_one_question.disqus.xml");
  const text = fs.readFileSync(DISQUS, "utf8");
  assert.ok(text.includes("Have you written about it?"), "the fixture still holds my question to Bob");
  fs.writeFileSync(fewer, text.replace("Have you written about it?", "Have a look at the notes."));
  await pickAndPreview(driver, fewer);
  assert.deepEqual(await conversation(), { replies: 3, already: 0, questions: 1, answers: 1 }, "one question fewer in the file");
  fs.rmSync(dir, { recursive: true, force: true });

  await pickAndPreview(driver, DISQUS);
  await textMatching(driver, byTestId("import-summary"), /Disqus comments export/);
  assert.equal(await shown("import-posts_created"), 2, "the two live threads");
  assert.equal(await shown("import-comments_created"), 3);
  assert.equal(await shown("import-replies_created"), 3);
  assert.equal(await shown("import-contacts_created"), 2, "Ann and Bob are new");
  assert.deepEqual(await conversation(), { replies: 3, already: 0, questions: 2, answers: 1 }, "my questions to Ann and Bob, Ann's answer");
  assert.equal(await otherFormatsTiles(), 0, "no zero interactions or questions beside the blog's own");
  assert.equal(await shown("import-records_skipped"), 0);
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
  assert.equal(await shown("import-posts_duplicate"), 2);
  assert.deepEqual(await conversation(), { replies: 0, already: 3, questions: 0, answers: 0 }, "my replies are already here");
  assert.equal(await shown("import-contacts_created"), 0);
  assert.equal(await shown("import-contacts_unchanged"), 2);
});

/** What does not fit in the preview's tiles and the "who you are" field: a clipped word, a page
 * that scrolls sideways. */
function previewMisfits() {
  return driver.executeScript(`
    const out = [];
    for (const tile of document.querySelectorAll(".transfer-count")) {
      for (const el of [tile, ...tile.children]) {
        if (el.scrollWidth > el.clientWidth + 1) out.push("tile " + tile.textContent + " overflows");
      }
    }
    const label = document.querySelector("label[for=import-me]");
    if (label && label.scrollWidth > label.clientWidth + 1) out.push("the who-you-are label overflows");
    if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
    return out;
  `);
}

// The Disqus preview at the window's usual size and its minimum (960×640), in English and French:
// every tile's number and words fit. With E2E_SHOTS set, the four pictures of the preview are saved
// there, and four of the "who you are" field.
test("the blog preview fits at 1280×800 and 960×640, in English and French", async () => {
  await forgetStory();
  for (const lang of ["en", "fr"]) {
    if (lang === "fr") await reloadInFrench(driver);
    for (const [width, height] of [[1280, 800], [960, 640]]) {
      const where = `${lang} at ${width}×${height}`;
      await resizeWindow(driver, width, height);
      await openImport(driver);
      await pickAndPreview(driver, DISQUS);
      assert.deepEqual(await conversation(), { replies: 3, already: 0, questions: 2, answers: 1 }, where);
      assert.deepEqual(await previewMisfits(), [], where);
      // The preview from its summary line down, the toasts put away.
      await driver.executeScript(`
        document.querySelectorAll(".toast").forEach((t) => t.remove());
        document.querySelector("[data-testid=import-summary]").scrollIntoView({ block: "start" });`);
      await shot(`import-blog-preview-${lang}-${width}x${height}.png`);
      await driver.executeScript(`document.querySelector("label[for=import-me]").scrollIntoView({ block: "center" });`);
      await shot(`import-blog-me-${lang}-${width}x${height}.png`);
    }
  }
});
