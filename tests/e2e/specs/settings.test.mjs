// The Settings screen in the real window: its sections and labelled controls, keyboard focus,
// a model setting that changes the index, a refused one that names its field, the theme (light,
// dark, the system's; the charts follow) and the language (French, dates and numbers included).
// Runs on the database the earlier specs filled, or loads the demo network when it is empty.
// Leaves the theme and the language on "follow the system" and the model on its defaults.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, Key, shortcut, visible, By, openAppWithDemo, invokeIn, watchMissingKeys, missingKeys, textMatching } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("nvi-value");
  await watchMissingKeys(driver);
});

after(async () => {
  // Whatever failed above, the next run starts from the system's theme and language.
  await driver?.executeScript("localStorage.removeItem('rapport.theme'); localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

async function openSettings() {
  // Ctrl+2 on Settings draws it anew once the settings are read: wait for the new screen, not the
  // old one about to be replaced (a button found on it would be gone by the time it is clicked).
  await driver.executeScript("document.querySelector('[data-testid=settings]')?.setAttribute('data-replaced', '')");
  await shortcut(driver, Key.CONTROL, "2");
  return visible(driver, By.css("[data-testid=settings]:not([data-replaced])"));
}

async function dashboard() {
  await shortcut(driver, Key.CONTROL, "1");
  await visible(driver, byTestId("dashboard"));
  // Looked up at each read: the dashboard is redrawn a moment after a save (StaleElementReferenceError
  // in a full run).
  return Number(await eventually(driver, async () => (await visible(driver, byTestId("nvi-value"))).getAttribute("data-value"), "the index"));
}

async function setField(path, value) {
  const input = await visible(driver, byTestId(`model-${path}`));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", input);
  await input.clear();
  await input.sendKeys(value);
  return input;
}

/** Clicks a button of Settings' action bar, once the notices that may cover it are dismissed;
 * again if one lands over it just then (ElementClickInterceptedError in a full run). */
async function press(testid) {
  await eventually(driver, async () => {
    await driver.executeScript("document.querySelectorAll('.toast').forEach((t) => t.remove())");
    await (await visible(driver, byTestId(testid))).click();
    return true;
  }, `${testid} is clicked`);
}

const save = () => press("model-save");

const theme = () => driver.executeScript("return document.documentElement.dataset.theme");
const background = () => driver.executeScript("return getComputedStyle(document.body).backgroundColor");

test("Ctrl+2 opens Settings with its four sections, every control labelled and the data file shown", async () => {
  await openSettings();
  assert.equal(await (await visible(driver, byTestId("nav-model"))).getAttribute("aria-current"), "page");
  for (const id of ["appearance", "model", "cadences", "data"]) {
    assert.ok(await driver.findElement(By.id(`settings-${id}`)).isDisplayed(), `section ${id}`);
  }
  // Every number of the model has its field, named by its path in core's settings.
  /** @type {(value: any, path: string) => string[]} */
  const leaves = (value, path) =>
    typeof value === "number" ? [path] : Object.entries(value).flatMap(([key, inner]) => leaves(inner, path ? `${path}.${key}` : key));
  const paths = leaves(await invoke("default_model_settings"), "");
  const fields = await driver.executeScript("return Array.from(document.querySelectorAll('.model-field input')).map((el) => el.name)");
  assert.deepEqual(
    paths.filter((p) => !fields.includes(p)),
    [],
    "every setting has its field",
  );
  assert.deepEqual(
    fields.filter((f) => !paths.includes(f)),
    [],
    "every field is a setting",
  );
  const unlabelled = await driver.executeScript(`
    return Array.from(document.querySelectorAll('[data-testid=settings] input, [data-testid=settings] select'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.closest('[aria-labelledby]'))
      .map((el) => el.name || el.id);`);
  assert.deepEqual(unlabelled, []);
  const info = await invoke("app_info");
  assert.equal(await (await visible(driver, byTestId("settings-data-path"))).getAttribute("value"), info.db_path_display);
});

test("the keyboard moves through Settings with a visible focus", async () => {
  await openSettings();
  assert.equal(await driver.switchTo().activeElement().getAttribute("id"), "settings-title");
  await driver.actions().sendKeys(Key.TAB).perform();
  const focused = await driver.switchTo().activeElement();
  assert.equal(await focused.getTagName(), "button");
  assert.notEqual(await focused.getCssValue("box-shadow"), "none", "the focused button shows a ring");
  // Tab reaches the theme's radio group, and the arrows change the theme there.
  for (let i = 0; i < 10; i++) {
    if ((await driver.switchTo().activeElement().getAttribute("name")) === "theme") break;
    await driver.actions().sendKeys(Key.TAB).perform();
  }
  assert.equal(await driver.switchTo().activeElement().getAttribute("name"), "theme");
});

test("a lower weight for meeting in person changes the index; the defaults bring it back", async () => {
  const start = await dashboard();
  await openSettings();
  await setField("channel_weights.in_person", "0.1");
  await save();
  await eventually(driver, async () => (await invoke("get_model_settings")).channel_weights.in_person === 0.1, "saved");
  await visible(driver, byTestId("toast"));
  const changed = await dashboard();
  assert.ok(Math.abs(changed - start) > 0.5, `index ${start} → ${changed}`);

  await openSettings();
  await press("model-reset");
  await save();
  await eventually(
    driver,
    async () => JSON.stringify(await invoke("get_model_settings")) === JSON.stringify(await invoke("default_model_settings")),
    "the defaults are saved",
  );
  assert.ok(Math.abs((await dashboard()) - start) < 0.05, "the index is back");
});

test("a setting that was a constant (silence fades slower) changes the index from the window; out of its bound it is refused by name", async () => {
  const start = await dashboard();
  await openSettings();
  const fade = await setField("fade_half_life_factor", "0.2");
  // Its label and unit say what it is.
  const field = await fade.findElement(By.xpath(".."));
  assert.match(await field.getText(), /Silence fades slower[\s\S]*times · default 2/);
  await save();
  await eventually(driver, async () => (await invoke("get_model_settings")).fade_half_life_factor === 0.2, "saved");
  const changed = await dashboard();
  assert.ok(changed < start - 0.5, `silence fading faster lowers the index: ${start} → ${changed}`);

  await openSettings();
  const share = await setField("only_take_max_share", "1.5");
  await save();
  await textMatching(driver, byTestId("model-error-suggestions"), "Only take: given below: enter a number from 0 to 1.");
  assert.equal(await share.getAttribute("aria-invalid"), "true");
  assert.equal((await invoke("get_model_settings")).only_take_max_share, 0.25);
  await press("model-cancel");
  await press("model-reset");
  await save();
  await eventually(
    driver,
    async () => JSON.stringify(await invoke("get_model_settings")) === JSON.stringify(await invoke("default_model_settings")),
    "the defaults are saved",
  );
  assert.ok(Math.abs((await dashboard()) - start) < 0.05, "the index is back");
});

test("the dashboard's period for why it moved is a setting: at 7 days it says so", async () => {
  await openSettings();
  await setField("why_days", "7");
  await save();
  await eventually(driver, async () => (await invoke("get_model_settings")).why_days === 7, "saved");
  await dashboard();
  const period = await driver.executeScript("return document.querySelector('[data-testid=why] .card-head .fine').textContent");
  assert.equal(period, "Last 7 days");
  await textMatching(driver, byTestId("nvi-change"), /points in the last 7 days$/);
  await openSettings();
  await press("model-reset");
  await save();
  await eventually(
    driver,
    async () => JSON.stringify(await invoke("get_model_settings")) === JSON.stringify(await invoke("default_model_settings")),
    "the defaults are saved",
  );
});

test("layers that do not grow are refused, naming the group, and nothing is saved", async () => {
  await openSettings();
  const input = await setField("layer_sizes.2", "10");
  await save();
  await textMatching(driver, byTestId("model-error-layer_sizes"), "Dunbar’s layers: size: each layer must be above the one before it.");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  assert.deepEqual((await invoke("get_model_settings")).layer_sizes, [5, 15, 50, 150]);
  await press("model-cancel");
  assert.equal(await input.getAttribute("value"), "50");
});

test("the theme switches to dark and back, stays after a restart, and the charts follow", async () => {
  await openSettings();
  await (await visible(driver, byTestId("theme-dark"))).click();
  assert.equal(await theme(), "dark");
  assert.equal(await background(), "rgb(23, 24, 28)");

  // A fresh start keeps the choice, set before the first paint by theme-boot.js.
  await driver.navigate().refresh();
  await visible(driver, byTestId("nvi-value"), 30_000);
  assert.equal(await theme(), "dark");
  const chart = async () =>
    eventually(
      driver,
      async () => {
        const src = await (await driver.findElement(byTestId("chart-network"))).getAttribute("src");
        return src?.startsWith("data:") && decodeURIComponent(src);
      },
      "the index chart is drawn",
      30_000,
    );
  // Core draws the chart on the theme's background: the dark one is #1f2025.
  assert.match(await chart(), /#1f2025/i);

  await openSettings();
  await (await visible(driver, byTestId("theme-light"))).click();
  assert.equal(await theme(), "light");
  assert.equal(await background(), "rgb(245, 245, 243)");
  await dashboard();
  assert.doesNotMatch(await chart(), /#1f2025/i);

  await openSettings();
  await (await visible(driver, byTestId("theme-system"))).click();
  const systemDark = await driver.executeScript("return matchMedia('(prefers-color-scheme: dark)').matches");
  assert.equal(await theme(), systemDark ? "dark" : "light");
  assert.equal(await driver.executeScript("return localStorage.getItem('rapport.theme')"), null);
});

test("in French the window speaks French, with French dates and numbers, and back", async () => {
  await openSettings();
  const select = await visible(driver, byTestId("settings-language"));
  await select.findElement(By.css("option[value=fr]")).click();
  // The window starts again in French, back on Settings.
  await eventually(
    driver,
    async () => (await (await driver.findElement(By.css("[data-testid=settings] h1"))).getText()) === "Réglages",
    "Settings in French",
    30_000,
  );
  await watchMissingKeys(driver);
  assert.match(await driver.executeScript("return document.documentElement.lang"), /^fr\b/);

  await dashboard();
  await textMatching(driver, By.css("#nav-dashboard span"), "Tableau de bord");
  await textMatching(driver, byTestId("nvi-band"), /^(Faible|Correct|Solide)$/);
  // The date of the lead, written the French way: « au 26 novembre 2026. »
  await textMatching(driver, By.css("[data-testid=dashboard] .lead"), /au \d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\.$/);
  // The index thirty days ago and today, with a decimal comma: « 52,3 → 53,1 ».
  await textMatching(driver, By.css(".why-change"), /^\d+,\d → \d+,\d$/);
  // Numbers shown and typed with a decimal comma.
  await openSettings();
  assert.equal(await (await visible(driver, byTestId("model-index_weights.depth"))).getAttribute("value"), "0,25");
  await setField("index_weights.reach", "0,2");
  await save();
  await eventually(driver, async () => (await invoke("get_model_settings")).index_weights.reach === 0.2, "0,2 saved as 0.2");
  await press("model-reset");
  await save();
  await eventually(driver, async () => (await invoke("get_model_settings")).index_weights.reach === 0.1, "defaults saved");
  // A French refusal: the field named in French, the bound written « 3 650 ».
  await setField("base_half_life_days", "0");
  await save();
  const error = await visible(driver, byTestId("model-error-time"));
  // textContent, not getText(): WebDriver turns no-break spaces into plain ones.
  assert.equal(
    await driver.executeScript("return arguments[0].textContent", error),
    "Demi-vie\u00a0: saisissez un nombre supérieur à 0 et au plus égal à 3\u202f650.",
  );
  // Core's refusal of a quick log with nobody in it, in French.
  await shortcut(driver, Key.CONTROL, "k");
  const dialog = await visible(driver, byTestId("quick-log"));
  await (await visible(driver, byTestId("ql-submit"))).click();
  const refused = await visible(driver, byTestId("ql-error"));
  assert.equal(
    await driver.executeScript("return arguments[0].querySelector('.form-error-text').textContent", refused),
    "Avec\u00a0: un échange doit avoir au moins un contact",
  );
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await eventually(driver, async () => !(await dialog.isDisplayed()), "Esc closes the quick log");
  assert.deepEqual(await missingKeys(driver), []);

  // At 960×640, in French, every setting fits: no label, hint or note cut, nothing off the side.
  const rect = await driver.manage().window().getRect();
  await driver.manage().window().setRect({ width: 960, height: 640 });
  try {
    await eventually(driver, async () => (await driver.executeScript("return window.innerWidth")) <= 960, "the window is 960 wide");
    await openSettings();
    const cut = await driver.executeScript(`
      const out = [];
      if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
      for (const el of document.querySelectorAll(".model-field .label, .model-hint, .field-note, .model-group-title")) {
        if (el.scrollWidth > el.clientWidth + 1) out.push("cut: " + el.textContent);
      }
      for (const el of document.querySelectorAll("[data-testid=settings] input, [data-testid=settings] button")) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < 0 || r.right > innerWidth)) out.push("off the side: " + (el.name || el.textContent));
      }
      return out;`);
    assert.deepEqual(cut, []);
  } finally {
    await driver.manage().window().setRect(rect);
  }

  const again = await visible(driver, byTestId("settings-language"));
  await again.findElement(By.css("option[value=system]")).click();
  await eventually(
    driver,
    async () => (await (await driver.findElement(By.css("[data-testid=settings] h1"))).getText()) === "Settings" ||
      (await driver.executeScript("return navigator.language")).startsWith("fr"),
    "back to the system's language",
    30_000,
  );
  assert.equal(await driver.executeScript("return localStorage.getItem('rapport.language')"), null);
  assert.equal((await invoke("get_model_settings")).base_half_life_days, 60, "the refused value was not saved");
});

test("none of this raised a CSP violation", async () => {
  assert.equal(await driver.executeScript("return Number(document.documentElement.dataset.cspViolations ?? 0)"), 0);
});
