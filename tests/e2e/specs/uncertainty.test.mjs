// Issue 13, uncertainty, in the real window: the index shows its 80% range, each component its
// range over its meter and in words with its count, a contact's rates their range and count, and
// "Too early to say" takes the band's place when the range is wider than the model allows.
// Loads the demo network itself when it finds the database empty, so it also runs alone.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, shortcut, textMatching, visible, openAppWithDemo, invokeIn, watchMissingKeys, missingKeys } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
  await watchMissingKeys(driver);
});

after(async () => {
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

async function dashboard() {
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("dashboard"));
}

test("the index shows its 80% range and a band the demo's evidence supports", async () => {
  await dashboard();
  const range = await textMatching(driver, byTestId("nvi-interval"), /80% range \d+–\d+/);
  const [, lo, hi] = range.match(/80% range (\d+)–(\d+)/) ?? [];
  assert.ok(lo && hi, `the range is shown: ${range}`);
  const index = Number(await eventually(driver, async () => (await visible(driver, byTestId("nvi-value"))).getAttribute("data-value"), "the index"));
  assert.ok(Number(lo) <= Math.round(index) && Math.round(index) <= Number(hi), `${index} in ${range}`);
  const band = await textMatching(driver, byTestId("nvi-band"), /\S/);
  assert.notEqual(band, "Too early to say");
});

test("each component shows its range over its meter and in words with its count", async () => {
  await dashboard();
  // The dashboard may be drawn again after its first frame: look again at a fresh one if so.
  let words = "";
  await eventually(
    driver,
    async () => {
      try {
        const rows = await driver.findElements(byTestId("component"));
        assert.equal(rows.length, 6);
        for (const row of rows) {
          assert.equal((await row.findElements({ css: ".meter-range" })).length, 1, "a range band over the meter");
        }
        // Open one: its line says the range and n.
        await (await rows[2].findElement({ css: "summary" })).click();
        const line = await rows[2].findElement(byTestId("component-interval"));
        if (!(await line.isDisplayed())) return false;
        words = await line.getText();
        return true;
      } catch (e) {
        if (e?.name === "StaleElementReferenceError") return false;
        throw e;
      }
    },
    "the components are drawn with their ranges",
  );
  assert.match(words, /80% range \d+–\d+ \(n = [\d.,]+\)/);
});

test("why it moved marks the moves inside the noise rather than announcing them", async () => {
  await dashboard();
  const why = await invoke("dashboard", {});
  const noisy = (why.why ?? why.dashboard?.why)?.moves?.filter((m) => m.within_noise && Math.abs(m.points) >= 0.05) ?? [];
  assert.ok(noisy.length > 0, "the demo's last 30 days have a move inside the noise");
  await visible(driver, byTestId("why"));
  // Read again whole if the dashboard is redrawn while its moves are read.
  const marked = await eventually(driver, async () => {
    const texts = [];
    for (const m of await driver.findElements(byTestId("move"))) if ((await m.getAttribute("data-noise")) === "true") texts.push(await m.getText());
    return texts;
  }, "the moves are read");
  assert.equal(marked.length, noisy.length, `${JSON.stringify(noisy)} vs ${marked}`);
  for (const text of marked) assert.match(text, /^noise/);
});

test("a contact's rates show their range and count", async () => {
  await dashboard();
  // The dashboard may draw its lower half again after the first frame: click a tie again if the
  // one found was replaced before the click.
  await eventually(
    driver,
    async () => {
      try {
        await (await visible(driver, byTestId("tie"))).click();
        return true;
      } catch {
        return false;
      }
    },
    "a strongest tie is clicked",
  );
  await visible(driver, byTestId("measures"));
  // The first rate with its range, and the follow-through, each read afresh.
  await textMatching(driver, byTestId("rate-interval"), /80% range \d+%–\d+%, n = \d+/);
  await textMatching(driver, byTestId("follow-them"), /80% range|no questions yet/);
});

test("too early to say takes the band's place when the range is wider than the model allows", async () => {
  const saved = await invoke("get_model_settings");
  try {
    const stored = await invoke("set_model_settings", { settings: { ...saved, band_max_interval_width: 0.1 } });
    assert.equal(stored.band_max_interval_width, 0.1, JSON.stringify(stored));
    await dashboard();
    await eventually(
      driver,
      async () => (await (await visible(driver, byTestId("nvi-band"))).getText()) === "Too early to say",
      "the band reads Too early to say",
    );
    await textMatching(driver, { css: ".nvi-meaning" }, /could lie anywhere from \d+ to \d+/);
  } finally {
    await invoke("set_model_settings", { settings: saved });
  }
  assert.deepEqual(await missingKeys(driver), []);
});
