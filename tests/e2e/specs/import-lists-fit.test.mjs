// The Import screen with an email source chosen, so that "Include mailing lists and automated
// senders" shows, at the window's usual size (1280×800) and its minimum (960×640), in English and
// French: the box's sentence is whole (not cut, not spilling out of the form, not under the next
// row) and translated, and "No file chosen" is whole. With IMPORT_SHOT_DIR set, the four pictures are written there (the ones in
// docs/screenshots/import-email-lists*.png were taken so).

import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, openAppWithDemo, openImport, reloadInFrench, resizeWindow, visible } from "../helpers.mjs";

const shots = process.env.IMPORT_SHOT_DIR;
let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.manage().window().setRect({ width: 1280, height: 800 }).catch(() => {});
  await driver?.quit();
});

/** What of the box's row does not fit: [] when its sentence is seen whole. */
function misfits() {
  return driver.executeScript(`
    const box = document.querySelector("[data-testid='import-include-lists']");
    const row = box.closest("label");
    const form = row.closest("form").getBoundingClientRect();
    const pane = document.getElementById("pane").getBoundingClientRect();
    const r = row.getBoundingClientRect();
    const out = [];
    if (row.hidden || r.height === 0) out.push("the row is not shown");
    if (r.right > Math.min(form.right, pane.right) + 1 || r.left < form.left - 1) out.push("the row spills out of the form");
    if (row.scrollWidth > row.clientWidth + 1) out.push("the sentence is cut");
    const next = row.nextElementSibling?.getBoundingClientRect();
    const previous = row.previousElementSibling?.getBoundingClientRect();
    if (next && next.top < r.bottom - 1) out.push("the next row overlaps it");
    if (previous && previous.bottom > r.top + 1) out.push("the row above overlaps it");
    const b = box.getBoundingClientRect();
    if (b.width === 0 || b.right > r.right || b.top > r.bottom) out.push("the checkbox is not beside its sentence");
    if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
    // "No file chosen" beside the buttons, whole (a chosen file's long name may end in "…").
    const none = document.querySelector("[data-testid='import-file-name']");
    if (none.scrollWidth > none.clientWidth + 1) out.push("“" + none.textContent + "” is cut");
    return out;
  `);
}

test("the mailing-lists box fits at 1280×800 and 960×640, in English and French", async () => {
  if (shots) fs.mkdirSync(shots, { recursive: true });
  for (const lang of ["en", "fr"]) {
    if (lang === "fr") await reloadInFrench(driver);
    for (const [width, height] of [[1280, 800], [960, 640]]) {
      await resizeWindow(driver, width, height);
      await openImport(driver);
      const format = await visible(driver, byTestId("import-format"));
      await driver.executeScript("arguments[0].value = 'email'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))", format);
      const box = await visible(driver, byTestId("import-include-lists"));
      const label = await driver.executeScript("return arguments[0].closest('label').textContent.trim()", box);
      assert.match(label, lang === "fr" ? /^Inclure les listes de diffusion/ : /^Include mailing lists and automated senders/);
      // The format chosen, "Who you are" and the boxes in view, as a person scrolls to them.
      await driver.executeScript("document.getElementById('import-format').closest('.field').scrollIntoView({ block: 'start' })");
      await driver.sleep(300);
      assert.deepEqual(await misfits(), [], `${lang} at ${width}×${height}`);
      if (shots) {
        await driver.executeScript("document.querySelectorAll('.toast').forEach(t => t.remove())");
        await driver.actions().move({ x: 1, y: 1, origin: "viewport" }).perform();
        await driver.sleep(500);
        const name = `import-email-lists${lang === "fr" ? "-fr" : ""}${width === 960 ? "-small" : ""}.png`;
        fs.writeFileSync(path.join(shots, name), Buffer.from(await driver.takeScreenshot(), "base64"));
      }
    }
  }
});
