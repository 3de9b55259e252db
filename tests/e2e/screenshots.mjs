// Drives the real window to each state worth showing and photographs the whole X screen with
// ImageMagick's `import`. Started by screenshot.sh, which sets DISPLAY, the database and SHOT_DIR.

import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { byTestId, eventually, Key, listedNames, openApp, shortcut, visible, By } from "./helpers.mjs";

const dir = process.env.SHOT_DIR;
const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

async function shoot(driver, name) {
  // No transient notices in the pictures, and give WebKit a moment to paint.
  await driver.executeScript("document.querySelectorAll('.toast').forEach(t => t.remove())");
  await settle();
  const file = join(dir, name);
  execFileSync("import", ["-window", "root", file]);
  console.log(`wrote ${file}`);
}

const driver = await openApp();
try {
  await visible(driver, byTestId("first-run"));
  await shoot(driver, "first-run.png");

  await (await visible(driver, byTestId("load-demo"))).click();
  await visible(driver, byTestId("home"), 120_000);
  await eventually(driver, async () => (await listedNames(driver)).length > 0, "the demo network is listed");

  // A well-known contact, seen recently: the page a user would open first.
  const id = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.__TAURI__.core.invoke("list_contacts", { query: {} }).then((all) => {
      const recent = all.filter((c) => c.last_interaction_at && Date.now() - Date.parse(c.last_interaction_at) < 10 * 86400000);
      const pool = recent.length ? recent : all;
      pool.sort((a, b) => b.interaction_count - a.interaction_count);
      done(pool[Math.min(2, pool.length - 1)].id);
    }, (e) => done(null));`);
  const row = await driver.findElement(By.css(`[data-testid="contact-row"][data-id="${id}"]`));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", row);
  await row.click();
  await visible(driver, byTestId("contact-view"));
  await shoot(driver, "main.png");

  await shortcut(driver, Key.CONTROL, "k");
  await visible(driver, byTestId("quick-log"));
  await (await driver.findElement(By.css("label.pill.ch-video"))).click();
  await (await visible(driver, byTestId("ql-summary"))).sendKeys("Video call: her plans for the spring launch");
  await (await visible(driver, byTestId("ql-gave"))).sendKeys("Introduction");
  await (await visible(driver, byTestId("ql-asked-them"))).sendKeys("Do you know a good patent lawyer?");
  // A second participant being picked: a short list of suggestions under the first one's chip.
  const who = await visible(driver, byTestId("ql-with"));
  await who.sendKeys("chlo");
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "suggestions show");
  await shoot(driver, "quick-log.png");
  await who.sendKeys(Key.ESCAPE);
} finally {
  await driver.quit();
}
