// The dashboard opened on the views kept from the last session when another program (the CLI)
// wrote since (issue 12): the window shows those figures at once, says they are being brought up
// to date, and the notice goes once they are measured again; in English and in French. With
// DASH_SHOT_DIR set, a picture of each notice is written there (docs/screenshots/dashboard-updating*.png).
//
// Two things make it deterministic, in the full suite as alone:
// - The first session waits for THIS database's kept file (named as kept.rs names it). It used to
//   wait for any views-*.json written within a second of the window's start, and in the full
//   suite the file specs/ had just left for their own database passed for it: the window was
//   closed before its warm-up had kept anything, the next start had no kept views to show, so it
//   measured before drawing (as it should) and the notice never came.
// - The second start's warm-up is held back (RAPPORT_E2E_HOLD_WARM_UP, a seam of desktop.rs in
//   debug builds) until the notice has been read: otherwise the notice races the warm-up, which
//   measures this network again in about a second, against the window's first call.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, openApp, visible } from "../helpers.mjs";

const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;
const DB = process.env.RAPPORT_DB;
const KEPT = process.env.XDG_CACHE_HOME && path.join(process.env.XDG_CACHE_HOME, "org.rapport.desktop");
const HOLD = process.env.RAPPORT_E2E_HOLD_WARM_UP;
const shots = process.env.DASH_SHOT_DIR;

let driver;

before(() => {
  // run.sh opens the scale specs on its 10,000-contact network; run alone, the spec makes it.
  const listed = JSON.parse(execFileSync(CLI, ["--db", DB, "contact", "list", "--limit", "1", "--json"]).toString());
  if (!listed.length) execFileSync(CLI, ["--db", DB, "demo", "--contacts", "10000", "--interactions", "30000"]);
});

after(async () => {
  // Never leave the next specs' warm-ups held.
  if (HOLD) fs.rmSync(HOLD, { force: true });
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

/** The file the app keeps this database's views in: kept.rs's `file_for`, an FNV-1a hash of the
 * database's real path. */
function keptFile() {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(fs.realpathSync(DB))) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return path.join(KEPT, `views-${hash.toString(16).padStart(16, "0")}.json`);
}

/** Opens the window, chooses `lang` for the next start, and waits until a warm-up has kept this
 * database's views: what the next start shows, marked, once the CLI has written. */
async function openMeasured(lang) {
  driver = await openApp();
  await visible(driver, byTestId("nvi-value"), 180_000);
  if (lang === "fr") await driver.executeScript("localStorage.setItem('rapport.language', 'fr')");
  const file = keptFile();
  await eventually(driver, async () => fs.existsSync(file), `the warm-up kept its views in ${file}`, 180_000);
}

/** Another program writes while the window is closed: an interaction logged with the CLI. */
function logFromTheCli(note) {
  const [first] = JSON.parse(execFileSync(CLI, ["--db", DB, "contact", "list", "--limit", "1", "--json"]).toString());
  execFileSync(CLI, ["--db", DB, "log", "--with", String(first.id), "--channel", "call", "--note", note]);
}

test("after the CLI wrote, the dashboard opens on the kept figures, says they are being brought up to date, then measures them", async () => {
  assert.ok(KEPT && HOLD, "XDG_CACHE_HOME or RAPPORT_E2E_HOLD_WARM_UP is not set: run the specs through tests/e2e/run.sh");
  for (const lang of ["en", "fr"]) {
    await openMeasured(lang);
    await driver.quit();
    driver = null;
    logFromTheCli(`Written while the window was closed (${lang})`);

    // The window opens on the kept figures, and nothing replaces them until the hold is lifted.
    fs.writeFileSync(HOLD, "");
    driver = await openApp();
    const notice = await visible(driver, byTestId("dash-updating"), 60_000);
    assert.match(await notice.getText(), lang === "fr" ? /^Mise à jour de ces chiffres/ : /^Bringing these figures up to date/);
    // The figures are there meanwhile, not a blank screen.
    assert.match(await (await visible(driver, byTestId("nvi-value"))).getText(), /\d/);
    if (shots) {
      // No chart tooltip from wherever the pointer was left.
      await driver.actions().move({ x: 1, y: 1, origin: "viewport" }).perform();
      fs.mkdirSync(shots, { recursive: true });
      const name = `dashboard-updating${lang === "fr" ? "-fr" : ""}.png`;
      fs.writeFileSync(path.join(shots, name), Buffer.from(await driver.takeScreenshot(), "base64"));
    }
    fs.rmSync(HOLD);
    await eventually(driver, async () => (await driver.findElements(byTestId("dash-updating"))).length === 0, "the notice goes once measured", 180_000);
    await visible(driver, byTestId("nvi-value"));
    if (lang === "fr") await driver.executeScript("localStorage.removeItem('rapport.language')");
    await driver.quit();
    driver = null;
  }
});
