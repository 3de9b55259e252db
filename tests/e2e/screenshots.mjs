// Drives the real window to each state worth showing and photographs the whole X screen with
// ImageMagick's `import`. Started by screenshot.sh, which sets DISPLAY, the database and SHOT_DIR.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { byTestId, eventually, Key, listedNames, openApp, shortcut, visible, By, dropFile } from "./helpers.mjs";

const dir = process.env.SHOT_DIR;
const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

async function shoot(driver, name) {
  // No transient notices in the pictures, no tooltip of whatever the pointer last clicked, and
  // give WebKit a moment to paint.
  await driver.executeScript("document.querySelectorAll('.toast').forEach(t => t.remove())");
  await driver.actions().move({ x: 1, y: 1, origin: "viewport" }).perform();
  // WebDriver's moves are synthetic: WebKitGTK keeps a native tooltip shown when the element
  // under the pointer was replaced by a navigation. A real X motion event makes it go.
  try {
    execFileSync("xdotool", ["mousemove", "3", "3", "mousemove", "1", "1"]);
  } catch {
    // No xdotool: the picture may show a leftover tooltip.
  }
  await settle();
  const file = join(dir, name);
  execFileSync("import", ["-window", "root", file]);
  console.log(`wrote ${file}`);
}

/** Shows the chart `kind` in the card `testid`, waits for it to be decoded, and centres it. */
async function showChart(driver, testid, kind) {
  await driver.executeScript(
    `const i = document.querySelector("[data-testid='" + arguments[0] + "']");
     i.__drawn = null;
     i.addEventListener("load", () => { i.__drawn = i.src; }, { once: true });`,
    testid,
  );
  const tab = await visible(driver, byTestId(`chart-tab-${kind}`));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", tab);
  await tab.click();
  await eventually(
    driver,
    () =>
      driver.executeScript(
        `const i = document.querySelector("[data-testid='" + arguments[0] + "']");
         return i.dataset.kind === arguments[1] && i.complete && i.__drawn === i.src;`,
        testid,
        kind,
      ),
    `${kind} drawn`,
    30_000,
  );
  const img = await visible(driver, byTestId(testid));
  await driver.executeScript("arguments[0].closest('.chart-card').scrollIntoView({ block: 'center' })", img);
  // A real pointer move, so that no tooltip of what the pointer was over stays on the picture.
  await driver.actions().move({ x: 2, y: 2, origin: "viewport" }).perform();
}

const driver = await openApp();
try {
  await visible(driver, byTestId("first-run"));
  await shoot(driver, "first-run.png");

  await (await visible(driver, byTestId("load-demo"))).click();
  await visible(driver, byTestId("dashboard"), 120_000);
  await eventually(driver, async () => (await listedNames(driver)).length > 0, "the demo network is listed");
  await visible(driver, byTestId("nvi-value"));
  await shoot(driver, "dashboard.png");
  // Each of the network's charts, scrolled into the middle of the window once core has drawn it;
  // the index last, so its tab is the one selected when the picture is taken (a new image loads).
  for (const kind of ["layers", "give_take", "follow_through", "calendar", "reactions", "index"]) {
    await showChart(driver, "chart-network", kind);
    await shoot(driver, `chart-${kind.replace("_", "-")}.png`);
  }

  // One of the strongest ties, opened from the dashboard as a user would: a page full of measures.
  const ties = await driver.findElements(byTestId("tie"));
  await ties[Math.min(2, ties.length - 1)].click();
  await visible(driver, byTestId("measures"));
  await shoot(driver, "main.png");
  await showChart(driver, "chart-contact", "calendar");
  await showChart(driver, "chart-contact", "contact");
  await shoot(driver, "chart-contact.png");

  await shortcut(driver, Key.CONTROL, "k");
  await visible(driver, byTestId("quick-log"));
  await (await driver.findElement(By.css("label.pill.ch-video"))).click();
  await (await visible(driver, byTestId("ql-summary"))).sendKeys("Video call: plans for the spring launch");
  await (await visible(driver, byTestId("ql-gave"))).sendKeys("Introduction");
  await (await visible(driver, byTestId("ql-asked-them"))).sendKeys("Do you know a good patent lawyer?");
  // A second participant being picked: a short list of suggestions under the first one's chip.
  const who = await visible(driver, byTestId("ql-with"));
  await who.sendKeys("chlo");
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-option"))).length > 0, "suggestions show");
  await shoot(driver, "quick-log.png");
  await who.sendKeys(Key.ESCAPE);
  await driver.executeScript("document.querySelector('#quick-log').close()");

  // Open loops: what I owe, whose turn it is, what waits on others.
  await shortcut(driver, Key.CONTROL, "3");
  await visible(driver, byTestId("loops-i-owe"));
  await shoot(driver, "open-loops.png");

  // Posts and who reacted.
  await shortcut(driver, Key.CONTROL, "4");
  await visible(driver, byTestId("post-list"));
  await shoot(driver, "posts.png");

  // The contact list sorted by strength and filtered to the overdue.
  await (await visible(driver, byTestId("list-sort"))).sendKeys("By strength");
  await (await visible(driver, byTestId("filter-toggle"))).click();
  await (await visible(driver, byTestId("filter-cadence"))).sendKeys("Overdue");
  await eventually(
    driver,
    () => driver.executeScript("return /match/i.test(document.querySelector('#contact-count').textContent)"),
    "the filter applies",
  );
  const firstRow = await visible(driver, byTestId("contact-row"));
  await firstRow.click();
  await visible(driver, byTestId("contact-view"));
  await shoot(driver, "contacts-filtered.png");

  // The give/take ledger and open questions of that contact, then the merge dialog.
  const ledger = await driver.findElements(byTestId("ledger"));
  if (ledger.length) {
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", ledger[0]);
    await shoot(driver, "contact-ledger.png");
  }
  await (await visible(driver, byTestId("contact-merge"))).click();
  await visible(driver, byTestId("merge-dialog"));
  const pick = await visible(driver, byTestId("merge-pick"));
  await pick.sendKeys("mar");
  await eventually(driver, async () => (await driver.findElements(byTestId("merge-pick-option"))).length > 0, "candidates show");
  await pick.sendKeys(Key.ENTER);
  await visible(driver, byTestId("merge-preview"));
  await shoot(driver, "merge.png");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await eventually(driver, async () => (await driver.findElements(By.css("dialog[open]"))).length === 0, "the merge dialog closes");

  // Settings, then the dashboard in the dark theme and in French, each as a user gets there.
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("settings"));
  await shoot(driver, "settings.png");

  // Settings › Data after "Back up now": the backups list.
  const backup = await visible(driver, byTestId("backup-now"));
  await backup.click();
  await eventually(driver, async () => (await driver.findElements(byTestId("backup-row"))).length > 0, "a backup is listed");
  await driver.executeScript("document.getElementById('settings-data').scrollIntoView({ block: 'start' })");
  await shoot(driver, "settings-backups.png");

  // Calibration: the accuracy card, then "How close are you?" over it (G then R).
  await driver.executeScript("document.getElementById('settings-calibration').scrollIntoView({ block: 'start' })");
  await visible(driver, byTestId("cal-sentence"), 60_000);
  await shoot(driver, "calibration.png");
  await driver.executeScript("document.activeElement?.blur()");
  await driver.actions().sendKeys("g", "r").perform();
  await visible(driver, byTestId("rate-name"));
  await shoot(driver, "rate.png");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await eventually(driver, async () => (await driver.findElements(By.css("dialog[open]"))).length === 0, "the rating dialog closes");

  // Import / Export with the preview of a vCard from the corpus (handed to the file input as the
  // picker would), its people list open.
  await shortcut(driver, Key.CONTROL, "i");
  await visible(driver, byTestId("transfer"));
  const vcf = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus/vcard/outlook-2007.vcf"));
  // Dropped on the window, which starts the preview.
  await dropFile(driver, vcf, "outlook-2007.vcf");
  await visible(driver, byTestId("import-summary"), 60_000);
  await driver.executeScript("document.querySelector('.transfer-people')?.setAttribute('open', '')");
  await shoot(driver, "import-preview.png");
  await shortcut(driver, Key.CONTROL, "2");
  await visible(driver, byTestId("settings"));
  await (await visible(driver, byTestId("theme-dark"))).click();
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"));
  // Another tab first: the index's own image loads again only when its source changes.
  await showChart(driver, "chart-network", "layers");
  await showChart(driver, "chart-network", "index");
  await driver.executeScript("document.getElementById('pane').scrollTop = 0");
  await shoot(driver, "dashboard-dark.png");

  await shortcut(driver, Key.CONTROL, "2");
  await (await visible(driver, byTestId("theme-system"))).click();
  await (await (await visible(driver, byTestId("settings-language"))).findElement(By.css("option[value=fr]"))).click();
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "French");
  await visible(driver, byTestId("settings"));
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("nvi-value"));
  // Another tab first: the index's own image loads again only when its source changes.
  await showChart(driver, "chart-network", "layers");
  await showChart(driver, "chart-network", "index");
  await driver.executeScript("document.getElementById('pane').scrollTop = 0");
  await shoot(driver, "dashboard-fr.png");
  await driver.executeScript("localStorage.removeItem('rapport.language')");
} finally {
  await driver.quit();
}
