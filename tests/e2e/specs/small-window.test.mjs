// Every screen at the window's minimum size (960×640), in French (the longer language): nothing
// scrolls sideways or spills out of its box, no label or button is cut, Settings' Save is in
// view, the sidebar lists a useful number of contacts, and the dialogs' buttons sit on the same
// side. Screenshots of each screen go to $E2E_SHOTS (or the run's scratch folder) to be looked at.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { byTestId, eventually, visible, Key, By, openAppWithDemo, shortcut } from "../helpers.mjs";

let driver;
const shots = process.env.E2E_SHOTS ?? path.join(process.env.E2E_TMP ?? "/tmp", "small-window");

before(async () => {
  driver = await openAppWithDemo("contact-list");
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); setTimeout(() => location.reload(), 50)");
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "the window in French", 30_000);
  await visible(driver, byTestId("contact-list"), 60_000);
  await driver.manage().window().setRect({ x: 0, y: 0, width: 960, height: 640 });
  await eventually(driver, async () => (await driver.executeScript("return innerWidth")) <= 960, "the window is 960 wide");
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.manage().window().setRect({ width: 1280, height: 800 }).catch(() => {});
  await driver?.quit();
});

async function shot(name) {
  await driver.sleep(300); // the last layout settled
  fs.writeFileSync(path.join(shots, `fr-960-${name}.png`), Buffer.from(await driver.takeScreenshot(), "base64"));
}

/**
 * What does not fit in what is on screen now: the page scrolling sideways, a visible element
 * that spills out of a box that does not scroll, a label, heading or button whose text is cut.
 * Contact names may end in an ellipsis (the full name is on their page); words of the window may not.
 */
const misfits = () =>
  driver.executeScript(`
    const out = [];
    if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
    const scope = document.querySelector("dialog[open]") ?? document.querySelector("#app");
    const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
    const name = (el) => (el.dataset.testid ?? el.className ?? el.tagName) + ": " + (el.textContent ?? "").trim().slice(0, 40);
    for (const el of scope.querySelectorAll("*")) {
      if (!shown(el) || el.closest("svg")) continue;
      const style = getComputedStyle(el);
      if (style.position === "absolute" || style.position === "fixed") continue;
      const box = el.parentElement;
      if (box && box !== document.body) {
        const b = getComputedStyle(box);
        const scrolls = ["auto", "scroll"].includes(b.overflowX);
        const r = el.getBoundingClientRect(), p = box.getBoundingClientRect();
        // A negative margin is a bleed on purpose (a row's hover background), not a spill.
        const bleedLeft = Math.max(0, -parseFloat(style.marginLeft)) + 1;
        const bleedRight = Math.max(0, -parseFloat(style.marginRight), -parseFloat(style.marginLeft)) + 1;
        if (!scrolls && (r.right > p.right + bleedRight || r.left < p.left - bleedLeft)) out.push("spills out of its box: " + name(el));
      }
      const words = el.matches("label, .label, button, h1, h2, h3, th, legend, [role=tab], .nav-item, .chip, .count");
      const aName = el.closest(".row-name, .next-name, .contact-row, .chip-name, [data-testid=contact-row-name]");
      if (words && !aName && el.scrollWidth > el.clientWidth + 1 && ["hidden", "clip"].includes(style.overflowX)) out.push("cut: " + name(el));
    }
    return out;`);

/** Checks what is on screen now and saves its picture. */
async function check(name) {
  await shot(name);
  assert.deepEqual(await misfits(), [], `${name} fits at 960×640 in French`);
  const texts = await driver.executeScript("return document.body.innerText");
  assert.doesNotMatch(texts, /\d+ de plus\b/, `${name}: "N de plus" is not idiomatic French`);
}

async function closeDialogs() {
  await driver.executeScript("document.querySelectorAll('dialog[open]').forEach((d) => d.close())");
}

test("the dashboard fits, and its chart's words are drawn no smaller than the window's", async () => {
  await (await visible(driver, byTestId("nav-dashboard"))).click();
  await visible(driver, byTestId("nvi-value"), 60_000);
  await check("dashboard");
  // The chart is an SVG picture scaled to its card: at this width its labels must not shrink
  // below about 9 px, the size of the window's smallest print.
  const scale = await driver.executeScript(`
    const img = document.querySelector(".chart-card img");
    return img && img.naturalWidth ? img.getBoundingClientRect().width / img.naturalWidth : null;`);
  if (scale != null) assert.ok(scale >= 0.75, `the chart is drawn at ${scale.toFixed(2)} of its size`);
});

test("the sidebar lists at least eight contacts under its header", async () => {
  const rows = await driver.executeScript(`
    const list = document.querySelector("[data-testid=contact-list]");
    const bottom = Math.min(list.getBoundingClientRect().bottom, innerHeight);
    return Array.from(document.querySelectorAll("[data-testid=contact-row]")).filter((r) => r.getBoundingClientRect().bottom <= bottom).length;`);
  assert.ok(rows >= 8, `${rows} contacts in view (four, then six before)`);
});

test("a contact's page, its edit form, a new contact's form and the merge dialog fit", async () => {
  await (await visible(driver, By.css("[data-testid=contact-row]"))).click();
  await visible(driver, byTestId("contact-name"));
  await check("contact");
  await (await visible(driver, byTestId("contact-edit"))).click();
  await visible(driver, byTestId("contact-form"));
  await check("contact-edit");
  await (await visible(driver, By.css("[data-testid=contact-form] .cancel"))).click();
  await (await visible(driver, byTestId("contact-merge"))).click();
  const dialog = await visible(driver, byTestId("merge-dialog"));
  await check("merge");
  // Cancel then the action, at the right end, as in every other dialog.
  const sides = await driver.executeScript(
    `const d = arguments[0], foot = d.querySelector("footer"), last = foot.lastElementChild;
     return { gap: foot.getBoundingClientRect().right - last.getBoundingClientRect().right, primary: last.classList.contains("btn-primary") };`,
    dialog,
  );
  assert.ok(sides.primary && sides.gap < 40, `the merge dialog's buttons sit right: ${JSON.stringify(sides)}`);
  await closeDialogs();
  await (await visible(driver, byTestId("add-contact-button"))).click();
  await visible(driver, byTestId("contact-form"));
  await check("contact-new");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
});

test("the quick log fits", async () => {
  await shortcut(driver, Key.CONTROL, "k");
  await visible(driver, byTestId("quick-log"));
  await check("quick-log");
  // A value's kind is read whole in its list, not cut to "Recomm…" twice.
  const kinds = await driver.executeScript(`
    const select = document.querySelector("[data-testid=ql-gave]");
    const style = getComputedStyle(select);
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Array.from(select.options, (o) => ({ text: o.textContent, fits: ctx.measureText(o.textContent).width <= room }));`);
  assert.deepEqual(kinds.filter((k) => !k.fits).map((k) => k.text), [], "every kind fits its list");
  const starts = kinds.map((k) => k.text.slice(0, 6));
  assert.equal(new Set(starts).size, starts.length, `kinds that start alike: ${starts.join(", ")}`);
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await closeDialogs();
});

test("Open loops, Posts and Import/export fit", async () => {
  for (const [nav, screen] of [["nav-loops", "loops"], ["nav-posts", "posts"], ["nav-transfer", "transfer"]]) {
    await (await visible(driver, byTestId(nav))).click();
    await visible(driver, byTestId(screen));
    await check(screen);
  }
});

test("Settings fits, with its Save button in view", { timeout: 90_000 }, async () => {
  await (await visible(driver, byTestId("nav-model"))).click();
  await visible(driver, byTestId("settings"));
  await check("settings");
  const save = await visible(driver, byTestId("model-save"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'nearest' })", save);
  const inView = await driver.executeScript(
    `const r = arguments[0].getBoundingClientRect();
     const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
     return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth && arguments[0].contains(hit);`,
    save,
  );
  assert.ok(inView, "Save is in the viewport and not covered");
  await shot("settings-save");
});
