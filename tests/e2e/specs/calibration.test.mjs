// Calibration in the real window (issue 14), on the demo network and its ~40 ratings: the
// "How close are you?" flow by keyboard (two ratings, a skip, closed and resumed), the accuracy
// in plain words with its chart, Apply (every strength then says "calibrated on N ratings") and
// Back to the defaults.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, visible, Key, openAppWithDemo, invokeIn } from "../helpers.mjs";

// The demo's fit beats the defaults by a thin margin (docs/model.md): on the database the specs
// before this one have logged into and rated in, it did not (a fresh-clone CI run: Apply refused).
// So this spec runs on a demo of its own where run.sh points RAPPORT_DB, and puts back whatever
// was there before it, as import-indexing does.
const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;
const DB = process.env.RAPPORT_DB;
const KEPT = DB ? [DB, `${DB}-wal`, `${DB}-shm`, path.join(path.dirname(DB), "backups")] : [];
const ASIDE = ".before-calibration-spec";

let driver;

before(async () => {
  assert.ok(DB, "RAPPORT_DB is not set: run the specs through tests/e2e/run.sh");
  for (const kept of KEPT) if (fs.existsSync(kept)) fs.renameSync(kept, kept + ASIDE);
  execFileSync(CLI, ["--db", DB, "demo"], { encoding: "utf8" });
  driver = await openAppWithDemo();
});

after(async () => {
  await driver?.quit();
  for (const kept of KEPT) {
    fs.rmSync(kept, { recursive: true, force: true });
    if (fs.existsSync(kept + ASIDE)) fs.renameSync(kept + ASIDE, kept);
  }
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const text = async (id) => (await visible(driver, byTestId(id))).getText();
const keys = (...k) => driver.actions().sendKeys(...k).perform();

async function openRatingByKeyboard() {
  await driver.executeScript("document.activeElement?.blur()");
  await keys("g", "r");
  await visible(driver, byTestId("rate-dialog"));
}

// Apply comes before the rating flow: the demo's own ratings beat the defaults whatever the day
// (rapport-demo's calibration_sweep), by a thin margin that the flow's arbitrary ratings could tip.
test("the accuracy in plain words, its chart, Apply and Back to the defaults", async () => {
  const view = await invoke("calibration");
  const c = view.calibration;
  const pct = (share) => `${Math.round(share * 100)}%`;
  await driver.actions().keyDown(Key.CONTROL).sendKeys("2").keyUp(Key.CONTROL).perform();
  const card = await visible(driver, byTestId("calibration"));
  await driver.executeScript("arguments[0].scrollIntoView()", card);
  await eventually(driver, async () => (await driver.findElements(byTestId("cal-sentence"))).length === 1, "the accuracy is measured");
  assert.equal(
    await text("cal-sentence"),
    `Your ratings agree with Rapport’s strength for ${pct(c.fitted.within_one)} of ${c.rated} rated ties, within one level; defaults: ${pct(c.default.within_one)}.`,
  );
  assert.match(await text("cal-state"), /uncalibrated/);
  // The chart is core's SVG shown as an image: it loads, and holds one filled (fitted) and one
  // hollow (default) dot per rated tie, plus the legend's one of each.
  const chart = await visible(driver, byTestId("cal-chart"));
  await eventually(driver, async () => (await driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth", chart)) > 0, "the chart is drawn");
  const marks = await driver.executeScript(
    `const src = arguments[0].getAttribute("src");
     const doc = new DOMParser().parseFromString(decodeURIComponent(src.slice(src.indexOf(",") + 1)), "image/svg+xml");
     const circles = [...doc.querySelectorAll("circle")];
     return { filled: circles.filter((n) => n.getAttribute("fill") !== "none").length, hollow: circles.filter((n) => n.getAttribute("fill") === "none").length };`,
    chart,
  );
  assert.deepEqual(marks, { filled: c.rated + 1, hollow: c.rated + 1 }, "one mark per rated tie per series");
  // The other two metrics, one click away.
  await (await visible(driver, { css: '[data-testid="cal-more"] summary' })).click();
  assert.match(await text("cal-more"), /Spearman’s ρ/);
  assert.match(await text("cal-more"), /Strong vs weak/);

  await (await visible(driver, byTestId("cal-apply"))).click();
  await eventually(driver, async () => /calibrated on \d+ ratings/.test(await text("cal-state")), "applied");
  const status = await invoke("calibration_status");
  assert.equal(status.state, "calibrated");
  assert.match(await text("cal-state"), new RegExp(`calibrated on ${status.rated} ratings`));
  const settings = await invoke("get_model_settings");
  assert.deepEqual(settings.strength_weights, c.weights, "the fitted weights are in use");

  // Every strength on screen now says so.
  await driver.actions().keyDown(Key.CONTROL).sendKeys("1").keyUp(Key.CONTROL).perform();
  await eventually(driver, async () => (await text("calibration-mark")) === `calibrated on ${status.rated} ratings`, "the dashboard says calibrated");

  await driver.actions().keyDown(Key.CONTROL).sendKeys("2").keyUp(Key.CONTROL).perform();
  const reset = await visible(driver, byTestId("cal-reset"));
  await driver.executeScript("arguments[0].scrollIntoView()", reset);
  await eventually(driver, async () => (await reset.isEnabled()) || (await (await visible(driver, byTestId("cal-reset"))).isEnabled()), "reset offered");
  await (await visible(driver, byTestId("cal-reset"))).click();
  await eventually(driver, async () => /uncalibrated/.test(await text("cal-state")), "back to the defaults");
  assert.deepEqual((await invoke("calibration_status")).state, "uncalibrated");
  assert.deepEqual((await invoke("get_model_settings")).strength_weights, (await invoke("default_model_settings")).strength_weights);
});

test("rating ties by keyboard: two rated, one skipped, and the flow resumes where it was", async () => {
  await driver.actions().keyDown(Key.CONTROL).sendKeys("1").keyUp(Key.CONTROL).perform();
  assert.match(await text("calibration-mark"), /^uncalibrated$/, "the dashboard's strengths say they are uncalibrated");
  const before = await invoke("calibration");
  const queue = await invoke("rating_queue", { limit: 10 });
  assert.ok(queue.length >= 4, "the demo has ties left to rate");

  await openRatingByKeyboard();
  await eventually(driver, async () => (await text("rate-name")) === queue[0].name, "the first tie of the queue");
  assert.match(await text("rate-count"), new RegExp(`^${before.rated} ties rated: enough for calibration$`));
  assert.match(await text("rate-history"), /^\d+ interactions, the last /);

  await keys("4");
  await eventually(driver, async () => (await text("rate-name")) === queue[1].name, "the second tie after rating the first");
  await keys("2");
  await eventually(driver, async () => (await text("rate-name")) === queue[2].name, "the third tie after rating the second");
  await keys("s");
  await eventually(driver, async () => (await text("rate-name")) === queue[3].name, "skipping moves on");
  assert.match(await text("rate-count"), new RegExp(`^${before.rated + 2} ties rated`));

  // Each rating is the contact's closeness, dated now; the skipped one is untouched.
  assert.equal((await invoke("get_contact", { id: queue[0].contact })).closeness, 4);
  assert.equal((await invoke("get_contact", { id: queue[1].contact })).closeness, 2);
  assert.equal((await invoke("get_contact", { id: queue[2].contact })).closeness, queue[2].closeness);
  assert.equal((await invoke("calibration")).rated, before.rated + 2);

  await keys(Key.ESCAPE);
  await eventually(driver, async () => (await driver.findElements(byTestId("rate-dialog"))).length === 0, "Esc closes the flow");
  await openRatingByKeyboard();
  await eventually(driver, async () => (await text("rate-name")) === queue[3].name, "reopened, it continues where it was");
  await (await visible(driver, byTestId("rate-close"))).click();
});

test("each rating key shows its word whole, never cut inside a word", async () => {
  await openRatingByKeyboard();
  // A word wrapped inside itself ("acquaintanc / e") has one box per line it runs over.
  const cut = await driver.executeScript(`
    return Array.from(document.querySelectorAll(".rate-level span")).flatMap((label) => {
      const node = label.firstChild;
      const words = [];
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) words.push(m[0]);
      }
      return words;
    });`);
  assert.deepEqual(cut, [], "words cut across two lines");
  await keys(Key.ESCAPE);
  await eventually(driver, async () => (await driver.findElements(byTestId("rate-dialog"))).length === 0, "Esc closes the flow");
});
