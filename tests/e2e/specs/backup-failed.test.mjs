// A day's automatic backup that fails is never silent (issue 15), in the real window: with the
// backups folder made impossible to write (a plain file where the folder should be, as a disk
// gone read-only or a folder removed by hand would), the backup the app takes shortly after its
// start fails, the window shows a notice that stays (with the reason and the log's path), and the
// app's log gains the same line.
//
// No test seam: the app's own daily check runs, 20 s after the start (rapport-service's
// FIRST_BACKUP_DELAY), so this spec takes about 40 s. It puts everything back when it ends: the
// run's backups folder, and the log as it was (the specs share one database and one log).

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { eventually, openAppWithDemo } from "../helpers.mjs";

const DB = process.env.RAPPORT_DB;
const BACKUPS = DB && path.join(path.dirname(DB), "backups");
const KEPT = `${BACKUPS}.kept-by-backup-failed-spec`;
// The app's log (tauri's app_log_dir on Linux, under the run's private XDG_DATA_HOME).
const LOG = process.env.XDG_DATA_HOME && path.join(process.env.XDG_DATA_HOME, "org.rapport.desktop", "logs", "rapport.log");
// The daily check's delay after the start, and room for a slow machine.
const FIRST_CHECK = 60_000;

let driver;
let logBefore = null;

const errorNotices = () =>
  driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=toast-error] .toast-text'), (t) => t.textContent)");

before(async () => {
  assert.ok(DB && LOG, "RAPPORT_DB or XDG_DATA_HOME is not set: run the specs through tests/e2e/run.sh");
  logBefore = fs.existsSync(LOG) ? fs.readFileSync(LOG) : null;
  // The backups the other specs made are kept aside; a file takes the folder's place.
  if (fs.existsSync(BACKUPS)) fs.renameSync(BACKUPS, KEPT);
  fs.writeFileSync(BACKUPS, "not a folder\n");
});

after(async () => {
  await driver?.quit();
  fs.rmSync(BACKUPS, { recursive: true, force: true });
  if (fs.existsSync(KEPT)) fs.renameSync(KEPT, BACKUPS);
  if (logBefore === null) fs.rmSync(LOG, { force: true });
  else fs.writeFileSync(LOG, logBefore);
});

test("a failed daily backup shows a notice that stays and writes the log line", async () => {
  driver = await openAppWithDemo("nvi-value");
  // Other notices (an import of another spec, a test's leftovers) are not this one.
  const notice = await eventually(
    driver,
    async () => (await errorNotices()).find((text) => text.startsWith("Today’s automatic backup failed.")),
    "the failed backup's notice shows",
    FIRST_CHECK,
  );
  // The reason names the folder and the system's words; the notice ends with where the log is.
  assert.match(notice, /^Today’s automatic backup failed\. .*backups.*Not a directory.* The app’s log keeps this: (.+)$/);
  const shownLog = notice.match(/The app’s log keeps this: (.+)$/)[1];
  assert.equal(shownLog, LOG, "the notice names the app's log");

  const added = fs.readFileSync(LOG, "utf8").slice(logBefore?.length ?? 0).split("\n").filter(Boolean);
  assert.equal(added.length, 1, `one line in the log, got ${JSON.stringify(added)}`);
  assert.match(added[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+\\+00:00 the daily backup of ${DB.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} failed: .*Not a directory`));

  // An ordinary error notice goes after 12 s; this one stays until dismissed.
  await driver.sleep(13_000);
  assert.ok((await errorNotices()).includes(notice), "the notice is still shown after 13 s");
});
