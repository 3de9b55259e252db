// Posts & reactions in the real window: log a post, record who reacted, remove a reaction and
// bring it back with Undo.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, shortcut, visible, By, openAppWithDemo, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.quit();
});

const TITLE = `Launch day (${Date.now()})`;

/** The card of the post logged here (posts are listed newest first, so it is the first). */
async function card() {
  return eventually(
    driver,
    async () => {
      const first = await driver.findElement(byTestId("post-card"));
      return (await first.getText()).includes(TITLE) && first;
    },
    "the new post is listed first",
  );
}

test("a post is logged from Ctrl+4 and listed first", async () => {
  await shortcut(driver, Key.CONTROL, "4");
  await visible(driver, byTestId("posts"));
  assert.equal(await (await visible(driver, byTestId("nav-posts"))).getAttribute("aria-current"), "page");
  await (await visible(driver, byTestId("post-platform"))).sendKeys("Mastodon");
  await (await visible(driver, byTestId("post-title"))).sendKeys(TITLE, Key.ENTER);
  const post = await card();
  assert.match(await (await post.findElement(byTestId("post-totals"))).getText(), /^0 likes · 0 shares · 0 comments$/);
});

test("who reacted is recorded by name, and a removed reaction comes back with Undo", async () => {
  let post = await card();
  const who = await post.findElement(byTestId("reaction-pick"));
  await who.sendKeys("Zoé");
  await eventually(driver, async () => (await driver.findElements(byTestId("reaction-pick-option"))).length > 0, "Zoé is suggested");
  await who.sendKeys(Key.ENTER);
  post = await eventually(driver, async () => {
    const c = await card();
    return (await c.findElements(byTestId("reaction"))).length === 1 && c;
  }, "one reaction listed");
  assert.match(await (await post.findElement(byTestId("reaction"))).getText(), /Zoé.*liked it/);
  assert.match(await (await post.findElement(byTestId("post-totals"))).getText(), /^1 like/);

  await (await post.findElement(By.css('[data-testid="reaction"] [data-testid="reaction-remove"]'))).click();
  await eventually(driver, async () => (await (await card()).findElements(byTestId("reaction"))).length === 0, "the reaction is removed");
  await (await visible(driver, byTestId("toast-action"))).click();
  await eventually(driver, async () => (await (await card()).findElements(byTestId("reaction"))).length === 1, "Undo brings it back");
});

test("a post with no platform is refused in the form, and nothing is added", async () => {
  const before = (await driver.findElements(byTestId("post-card"))).length;
  await (await visible(driver, byTestId("post-title"))).sendKeys("No platform", Key.ENTER);
  await textMatching(driver, By.css('[data-testid="post-form"] .form-error'), /platform/i);
  assert.equal((await driver.findElements(byTestId("post-card"))).length, before);
});
