// "Reply…" on a comment in the real window: my reply, with the question I asked in it, is logged
// as an interaction with the commenter, the comment reads replied, and the dashboard counts the
// question in the essay's statistic; then the same screens in French.
//
// With E2E_SHOTS set to a folder, the open reply form and the dashboard's line are saved there
// as PNGs, in English and in French, for a person to look at.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { byTestId, eventually, Key, shortcut, textMatching, visible, openAppWithDemo, invokeIn } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const TITLE = `Notes on follow-through (${Date.now()})`;
const QUESTION = "What would you add?";

/** textContent, not getText(): WebDriver turns no-break spaces into plain ones. */
const text = (el) => driver.executeScript("return arguments[0].textContent", el);

async function shot(name) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), Buffer.from(await driver.takeScreenshot(), "base64"));
}

/** The card of the post logged here (among the newest, whatever other specs logged since). */
async function card() {
  return eventually(
    driver,
    async () => {
      for (const c of await driver.findElements(byTestId("post-card"))) if ((await c.getText()).includes(TITLE)) return c;
      return false;
    },
    "the post is listed",
  );
}

/**
 * Opens the reply form of the post's comment, again if a redraw (the shell's `changed` event
 * after a write) took it away; answers the button's text.
 */
async function openReply(question = "") {
  return eventually(
    driver,
    async () => {
      try {
        const button = await (await card()).findElement(byTestId("reaction-reply"));
        const label = await text(button);
        // A form left open by an earlier try is used, not closed by a second click.
        if ((await driver.findElements(byTestId("reply-asked"))).length === 0) await button.click();
        const asked = await driver.findElement(byTestId("reply-asked"));
        await asked.clear();
        if (question) await asked.sendKeys(question);
        await driver.sleep(500);
        const still = await driver.findElements(byTestId("reply-asked"));
        return still.length === 1 && (await still[0].getAttribute("value")) === question && label;
      } catch (error) {
        if (process.env.E2E_DEBUG) console.error("openReply:", error.message);
        return false;
      }
    },
    "the reply form is open",
  );
}

let comment;

test("a comment's Reply… logs my reply with its question, and the comment reads replied", async () => {
  // A contact of the demo comments on a post of a minute ago.
  const demo = await invoke("list_posts");
  const named = demo.flatMap((p) => p.reactions).find((r) => r.contact != null);
  const at = new Date(Date.now() - 60_000).toISOString();
  const post = await invoke("add_post", { post: { platform: "LinkedIn", at, title: TITLE } });
  comment = await invoke("add_reaction", {
    reaction: { post: post.id, kind: "comment", contact: named.contact, count: 1, at, comment: "Great read" },
  });

  await shortcut(driver, Key.CONTROL, "4");
  await visible(driver, byTestId("posts"));
  assert.equal(await openReply(QUESTION), "Reply…");
  await shot("reply-form-en.png");
  await (await visible(driver, byTestId("reply-save"))).click();

  // Saved: the comment reads replied, dated; the reply is an interaction with its question.
  await eventually(
    driver,
    async () => {
      const c = await card();
      const toggle = await c.findElements(byTestId("reaction-replied-toggle"));
      return toggle.length === 1 && (await toggle[0].getAttribute("aria-pressed")) === "true";
    },
    "the comment reads replied",
  );
  const back = (await invoke("list_posts")).flatMap((p) => p.reactions).find((r) => r.id === comment.id);
  assert.ok(back.replied && back.replied_at, JSON.stringify(back));
  const [logged] = await invoke("list_interactions", { query: { contact: named.contact, limit: 1 } });
  assert.equal(logged.replies_to_reaction, comment.id);
  assert.equal(logged.channel, "social");
  assert.deepEqual(logged.questions.map((q) => [q.asked_by, q.text]), [["me", QUESTION]]);
});

test("a reply dated before the comment is refused in the form, and nothing is written", async () => {
  const before = (await invoke("list_interactions", { query: { limit: 1 } }))[0].id;
  await openReply();
  const when = await visible(driver, byTestId("reply-at"));
  await when.sendKeys("2001-01-01 10:00");
  // A notice of the reply just logged may still cover Save for a moment: clicked once it is free.
  await eventually(driver, async () => ((await (await visible(driver, byTestId("reply-save"))).click()), true), "Save clicked");
  await textMatching(driver, { css: '[data-testid="reply-form"] .form-error-text' }, /before the comment/);
  assert.equal((await invoke("list_interactions", { query: { limit: 1 } }))[0].id, before);
});

test("the dashboard counts the question in my replies, waiting within its grace days", async () => {
  await shortcut(driver, Key.CONTROL, "1");
  await textMatching(driver, byTestId("reply-questions"), "1 question in your replies to comments is waiting for an answer");
  await shot("reply-dashboard-en.png");
});

test("a contact's page says who gave first and when value came back", async () => {
  const giver = await invoke("add_contact", { fields: { display_name: "Gina Premiere" } });
  const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString();
  const log = (at, side) =>
    invoke("log_interaction", {
      interaction: { at, channel: "call", initiated_by: "me", participants: [giver.id], [side]: [{ kind: "advice" }] },
    });
  await log(day(20), "given");
  await log(day(6), "received");
  const box = await visible(driver, byTestId("search"));
  await box.clear();
  await box.sendKeys("Gina Premiere");
  await eventually(
    driver,
    async () => {
      const rows = await driver.findElements({ css: `[data-testid="contact-row"][data-id="${giver.id}"]` });
      if (rows.length === 0) return false;
      await rows[0].click();
      return true;
    },
    "Gina is listed",
  );
  // Looked for again each time: the page may be redrawn as the logs' live update lands.
  const reads = async () => text(await visible(driver, byTestId("give-first")));
  await eventually(driver, async () => /^You gave first \(.+\); value came back after 2 weeks$/.test(await reads()), "the line reads", 5_000).catch(
    async () => assert.fail(`give-first reads: ${await reads()}`),
  );
  await eventually(driver, async () => (await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' }); return true", await visible(driver, byTestId("give-first")))), "the line in view");
  await shot("give-first-en.png");
});

test("in French: Répondre… and the dashboard's line", async () => {
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); location.reload();");
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "the window in French", 30_000);
  await shortcut(driver, Key.CONTROL, "1");
  // Looked up again at each read: the dashboard is redrawn once the reload's warm-up lands.
  await textMatching(driver, byTestId("reply-questions"), "1 question de vos réponses à des commentaires attend une réponse");
  await shot("reply-dashboard-fr.png");
  await shortcut(driver, Key.CONTROL, "4");
  assert.equal(await openReply(), "Répondre…");
  await shot("reply-form-fr.png");
});
