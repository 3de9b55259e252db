// A database SQLite cannot open at all (its header's page count disagrees with the file), in the
// real window: the start stops on the error screen, the notice of damage shows over it naming the
// newest good backup, and its Restore button puts that backup in the file's place (the damaged
// file kept in the backups folder, byte for byte), after which the window starts on the restored
// network and the file passes the check. The spec writes its own database where run.sh points
// RAPPORT_DB, and puts back whatever was there before it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import { byTestId, eventually, openApp, visible } from "../helpers.mjs";

const CLI = process.env.RAPPORT_CLI ?? new URL("../../../target/debug/rapport", import.meta.url).pathname;
const DB = process.env.RAPPORT_DB;
const KEPT = DB ? [DB, `${DB}-wal`, `${DB}-shm`, join(dirname(DB), "backups")] : [];
const ASIDE = ".before-damaged-unopenable-spec";

let driver;
let good;
let damaged;

const rapport = (...args) => execFileSync(CLI, ["--db", DB, ...args], { encoding: "utf8" });

/** A page count 40 pages past the file's end, trusted by SQLite (backup::damage::WrongPageCount). */
function wrongPageCount(path) {
  const bytes = readFileSync(path);
  const page = bytes.readUInt16BE(16);
  bytes.copy(bytes, 92, 24, 28);
  bytes.writeUInt32BE(bytes.length / page + 40, 28);
  writeFileSync(path, bytes);
}

before(async () => {
  assert.ok(DB, "RAPPORT_DB is not set: run the specs through tests/e2e/run.sh");
  for (const path of KEPT) if (existsSync(path)) renameSync(path, path + ASIDE);
  rapport("demo");
  good = JSON.parse(rapport("backup", "now", "--json"));
  wrongPageCount(DB);
  damaged = readFileSync(DB);
  const list = spawnSync(CLI, ["--db", DB, "contact", "list"], { encoding: "utf8" });
  assert.equal(list.status, 1, `the store cannot open: ${list.stdout}${list.stderr}`);
  driver = await openApp();
});

after(async () => {
  await driver?.quit();
  for (const path of KEPT) {
    rmSync(path, { recursive: true, force: true });
    if (existsSync(path + ASIDE)) renameSync(path + ASIDE, path);
  }
});

test("the notice over the error screen restores the newest good backup, keeping the damaged file", async () => {
  const notice = await visible(driver, byTestId("damage-notice"), 60_000);
  const text = await notice.getText();
  assert.match(text, /This database is damaged/);
  assert.ok(text.includes(good.name), `the backup to restore is named: ${text}`);
  assert.ok(!(await driver.findElement({ css: "#app" }).isDisplayed()), "the start stopped on the error screen");

  await (await visible(driver, byTestId("damage-restore"))).click();
  await (await visible(driver, byTestId("damage-restore-confirm"))).click();
  // The window starts again on the restored database.
  await visible(driver, byTestId("dashboard"), 60_000);
  await eventually(
    driver,
    async () => (await driver.findElements(byTestId("damage-notice"))).length === 0,
    "waiting for the window to start without the notice",
    30_000,
  );

  assert.match(rapport("check"), /passes SQLite's quick check/);
  assert.match(rapport("contact", "list"), /\S/);
  const backups = join(dirname(DB), "backups");
  const kept = readdirSync(backups).filter((name) => name.endsWith("-pre-restore-damaged.db"));
  assert.equal(kept.length, 1, JSON.stringify(readdirSync(backups)));
  assert.ok(readFileSync(join(backups, kept[0])).equals(damaged), "the damaged file is kept as it was");
  assert.ok(!readdirSync(dirname(DB)).some((name) => name.includes(".partial-")), "no partial copy is left");
});
