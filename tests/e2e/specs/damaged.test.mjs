// A damaged database in the real window: the check a few seconds after start shows a notice that
// stays, naming the newest backup that passes the same check, and its Restore button brings that
// backup back, after which the check passes and the notice is gone. The spec writes its own
// database where run.sh points RAPPORT_DB, and puts back whatever was there before it, so the
// specs after it find the database as they expect it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { byTestId, eventually, openApp, visible } from "../helpers.mjs";

const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;
const DB = process.env.RAPPORT_DB;
// The database, the files SQLite keeps beside it and the backups folder: set aside, then put back.
const KEPT = DB ? [DB, `${DB}-wal`, `${DB}-shm`, join(dirname(DB), "backups")] : [];
const ASIDE = ".before-damaged-spec";

let driver;
let good;

const rapport = (...args) => execFileSync(CLI, ["--db", DB, ...args], { encoding: "utf8" });

/** Zeroes the database's third page, as the core's tests do (backup::damage::ZeroedPage). */
function zeroThirdPage(path) {
  const bytes = readFileSync(path);
  const page = bytes.readUInt16BE(16);
  bytes.fill(0, page * 2, page * 3);
  writeFileSync(path, bytes);
}

before(async () => {
  assert.ok(DB, "RAPPORT_DB is not set: run the specs through tests/e2e/run.sh");
  for (const path of KEPT) if (existsSync(path)) renameSync(path, path + ASIDE);
  rapport("demo");
  good = JSON.parse(rapport("backup", "now", "--json"));
  // The CLI has closed the database: its pages are all in the main file, with no -wal beside it.
  zeroThirdPage(DB);
  const check = spawnSync(CLI, ["--db", DB, "check"], { encoding: "utf8" });
  assert.equal(check.status, 1, `the database is damaged: ${check.stdout}${check.stderr}`);
  driver = await openApp();
});

after(async () => {
  await driver?.quit();
  for (const path of KEPT) {
    rmSync(path, { recursive: true, force: true });
    if (existsSync(path + ASIDE)) renameSync(path + ASIDE, path);
  }
});

test("the check after start shows a notice that stays, naming the newest good backup", async () => {
  // The check waits a few seconds after start, then reads every page.
  const notice = await visible(driver, byTestId("damage-notice"), 60_000);
  const text = await notice.getText();
  assert.match(text, /This database is damaged/);
  assert.match(text, /Rapport will not back it up/);
  assert.ok(text.includes(good.name), `the backup to restore is named: ${text}`);
  // Not a toast that fades: still there well after a toast would have gone.
  await driver.sleep(6_000);
  assert.ok(await (await driver.findElement(byTestId("damage-notice"))).isDisplayed());
});

test("its Restore button brings the backup back, and the notice goes once the check passes", async () => {
  // What the toasts said, kept for a failure's message (an error toast fades after 12 s).
  await driver.executeScript(`window.__said = [];
    new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach((n) => window.__said.push(n.textContent))))
      .observe(document.getElementById("toasts"), { childList: true });`);
  await (await visible(driver, byTestId("damage-restore"))).click();
  await (await visible(driver, byTestId("damage-restore-confirm"))).click();
  await eventually(
    driver,
    async () => (await driver.findElements(byTestId("damage-notice"))).length === 0,
    "waiting for the notice to go after the restore",
    60_000,
  ).catch(async (error) => {
    const said = await driver.executeScript("return window.__said");
    throw new Error(`${error.message}; the window said: ${JSON.stringify(said)}`);
  });
  // The window shows the restored network, and the file passes the check from outside too.
  await visible(driver, byTestId("dashboard"), 60_000);
  assert.match(rapport("check"), /passes SQLite's quick check/);
  const listed = JSON.parse(rapport("backup", "list", "--json"));
  const restored = listed.find((b) => b.name === good.name);
  assert.equal(restored.check, "good");
  // The damaged content was saved before it was replaced, as every restore does.
  assert.ok(listed.some((b) => b.kind === "pre-restore"), JSON.stringify(listed));
});

test("Settings marks each backup: the damaged copy saved before the restore, and the newest good one", async () => {
  await (await visible(driver, { css: "#nav-model" })).click();
  const marks = await eventually(
    driver,
    async () => {
      const found = await driver.executeScript(
        `return Array.from(document.querySelectorAll('[data-testid="backup-row"]'),
           (row) => [row.dataset.name, row.querySelector('[data-testid="backup-check"]').dataset.check ?? ""])`,
      );
      return found.length >= 2 && found.every(([, check]) => check) && found;
    },
    "waiting for every backup's check in Settings",
    60_000,
  );
  const listed = JSON.parse(rapport("backup", "list", "--json"));
  const saved = listed.find((b) => b.kind === "pre-restore");
  assert.deepEqual(marks, [
    [saved.name, "damaged"],
    [good.name, "newest_good"],
  ]);
  const text = await (await driver.findElement({ css: `[data-name="${good.name}"]` })).getText();
  assert.match(text, /the newest good one/);
});
