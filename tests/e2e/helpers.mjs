// WebDriver helpers shared by the specs and screenshots.mjs. The session opens the real app
// binary through tauri-driver; run.sh / screenshot.sh start tauri-driver and set the environment.

import { rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Builder, By, Capabilities, Key, until } from "selenium-webdriver";

export { By, Key, until } from "selenium-webdriver";

const server = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444/";
const application = process.env.RAPPORT_APP;

/** How long to wait for the UI by default; loading the demo network gets longer. */
export const TIMEOUT = 15_000;

/** Where the window keeps its size and position between launches (tauri-plugin-window-state). */
export const windowStateFile = () =>
  process.env.XDG_CONFIG_HOME ? join(process.env.XDG_CONFIG_HOME, "org.rapport.desktop", ".window-state.json") : null;

/** A session of the app; it opens at the configured size unless `keepWindowState`. */
export async function openApp({ keepWindowState = false } = {}) {
  if (!application) throw new Error("RAPPORT_APP is not set: run the tests through tests/e2e/run.sh");
  const kept = windowStateFile();
  if (!keepWindowState && kept) rmSync(kept, { force: true });
  const caps = new Capabilities();
  caps.set("browserName", "wry");
  caps.set("tauri:options", { application });
  return new Builder().usingServer(server).withCapabilities(caps).build();
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

/** The element, once it is in the page and visible. A screen redrawn while it is looked at (a
 * change heard just then) replaces the element: it is looked for again, within the same time. */
export async function visible(driver, locator, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  for (;;) {
    const el = await driver.wait(until.elementLocated(locator), Math.max(end - Date.now(), 1), `waiting for ${locator}`);
    try {
      await driver.wait(until.elementIsVisible(el), Math.max(end - Date.now(), 1), `waiting for ${locator} to show`);
      return el;
    } catch (error) {
      if (error?.name !== "StaleElementReferenceError" || Date.now() >= end) throw error;
    }
  }
}

/** Waits until `predicate()` returns a truthy value, and returns it. */
export async function eventually(driver, predicate, message, timeout = TIMEOUT) {
  return driver.wait(async () => {
    try {
      return await predicate();
    } catch {
      return false; // an element replaced while we read it: look again
    }
  }, timeout, message);
}

/**
 * Waits until the text of what `locator` finds matches `expected` (a RegExp, or the whole text),
 * and returns that text. The element is looked up again at each read: the dashboard and the
 * contact page are redrawn a moment after every write, replacing what a spec found before.
 */
export async function textMatching(driver, locator, expected, timeout = TIMEOUT) {
  const matches = (text) => (expected instanceof RegExp ? expected.test(text) : text === expected);
  const what = locator instanceof By ? String(locator) : JSON.stringify(locator);
  let last = "(nothing found)";
  const read = async () => matches((last = await (await visible(driver, locator, timeout)).getText()));
  await eventually(driver, read, `${what} reads ${expected}`, timeout).catch(() => {
    throw new Error(`${what} reads ${JSON.stringify(last)}, not ${expected}`);
  });
  return last;
}

/** Names in the contact list, in order. */
export function listedNames(driver) {
  return driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=contact-row-name]'), e => e.textContent)",
  );
}

/** Sends a keyboard shortcut such as Ctrl+K to the focused element. */
export async function shortcut(driver, modifier, key) {
  await driver.actions().keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
}

/** The id of the screen the window shows: "first-run", "app" or "fatal". */
export function shownScreen(driver) {
  return driver.executeScript("const s = Array.from(document.querySelectorAll('.screen')).find((s) => !s.hidden); return s && s.id");
}

/**
 * Opens the app on the run's database, loading the demo network first when it is empty (so a
 * spec also runs alone), and returns the session once the element `readyTestId` shows.
 */
export async function openAppWithDemo(readyTestId = "nvi-value") {
  const driver = await openApp();
  const screen = await eventually(driver, () => shownScreen(driver), "the app shows a screen");
  if (screen === "first-run") await (await visible(driver, byTestId("load-demo"))).click();
  await visible(driver, byTestId(readyTestId), 120_000);
  return driver;
}

/** Calls an app command from the page, as the UI does: its answer, or `{ error }`. */
export function invokeIn(driver, cmd, args = {}) {
  return driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(done, (e) => done({ error: e }));`,
    cmd,
    args,
  );
}

/** Notes every key i18n.js warns it does not know (it shows the key itself), in the page's
 * `window.__missingKeys`; called again after a reload, it keeps what was noted before. */
export function watchMissingKeys(driver) {
  return driver.executeScript(`
    window.__missingKeys = window.__missingKeys ?? [];
    const warn = console.warn;
    console.warn = (...args) => {
      if (String(args[0]).startsWith("i18n: missing key")) window.__missingKeys.push(String(args[0]));
      warn(...args);
    };`);
}

/** The keys noted by watchMissingKeys; if the page reloaded since (its watcher gone with it),
 * the keys the page itself noted since it loaded (ui/lib/i18n.js keeps them too). */
export function missingKeys(driver) {
  return driver.executeScript(
    "return window.__missingKeys ?? (window.__rapportMissingKeys ?? []).map((k) => 'i18n: missing key ' + k)",
  );
}

/**
 * Drops a file on the window, as a file dragged from the desktop arrives in the page: a `drop`
 * event whose DataTransfer holds the File (WebDriver cannot drag from outside the window; the
 * shell leaves drops to the page, so this is the event the page gets).
 * @param {import("selenium-webdriver").WebDriver} driver
 * @param {Buffer | Uint8Array} bytes
 * @param {string} name
 */
export function dropFile(driver, bytes, name) {
  return driver.executeScript(
    `const dt = new DataTransfer();
     dt.items.add(new File([new Uint8Array(arguments[0])], arguments[1]));
     const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2) ?? document.body;
     for (const type of ["dragenter", "dragover", "drop"]) {
       target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
     }`,
    [...bytes],
    name,
  );
}

/** Sets the window to `width`×`height` and resolves once the page has it (a moment later). */
export async function resizeWindow(driver, width, height) {
  await driver.manage().window().setRect({ x: 0, y: 0, width, height });
  await eventually(driver, async () => (await driver.executeScript("return window.outerWidth")) === width, `${width} wide`);
}

/** Reloads the window in French (the language Settings would keep) and resolves once `readyTestId` shows. */
export async function reloadInFrench(driver, readyTestId = "nvi-value") {
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); setTimeout(() => location.reload(), 50)");
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "French", 30_000);
  await visible(driver, byTestId(readyTestId), 60_000);
}

/** Opens Import / Export (Ctrl+I) and resolves once it shows. */
export async function openImport(driver) {
  await shortcut(driver, Key.CONTROL, "i");
  return visible(driver, byTestId("transfer"));
}

/** The number an element of the Import screen shows (its digits): a count of the preview. */
export async function importCount(driver, testId) {
  return Number((await (await visible(driver, byTestId(testId))).getText()).replace(/\D/g, ""));
}

/** The chosen file's name beside "Choose a file…", read from the page (WebKitWebDriver's getText
 * reads an ellipsised span as empty). */
export function chosenFileName(driver) {
  return driver.executeScript("return document.querySelector('[data-testid=import-file-name]')?.textContent");
}

/** Empties the last preview or result, so that what is waited for next is the new one. */
function clearImportResult(driver) {
  return driver.executeScript("document.querySelector(\"[data-testid='import-result']\")?.replaceChildren()");
}

/**
 * Picks `file` in the Open dialog of the Import screen and previews it; resolves to the element
 * `until` (a test id) once it shows. The shell's test seam answers the dialog with what
 * $RAPPORT_E2E_DIALOG holds (see desktop.test.mjs).
 */
export async function pickAndPreview(driver, file, until = "import-summary") {
  const answer = process.env.RAPPORT_E2E_DIALOG;
  if (!answer) throw new Error("RAPPORT_E2E_DIALOG is not set: run the specs through tests/e2e/run.sh");
  await clearImportResult(driver);
  writeFileSync(answer, file);
  await (await visible(driver, byTestId("import-open"))).click();
  await eventually(driver, async () => (await chosenFileName(driver)) === basename(file), "the chosen file's name shows");
  await (await visible(driver, byTestId("import-preview"))).click();
  return visible(driver, byTestId(until), 60_000);
}

/** Drops `bytes` as a file `name` on the Import screen (see dropFile); resolves to the element
 * `until` (a test id) once the preview shows it. */
export async function dropAndPreview(driver, bytes, name, until = "import-summary") {
  await clearImportResult(driver);
  await dropFile(driver, bytes, name);
  return visible(driver, byTestId(until), 60_000);
}

/** Finds `name` with the list's search and opens their page (contact `id`). */
export async function openContact(driver, name, id) {
  // A spec starts on its own database, whose warm-up may redraw the list under the search box
  // (StaleElementReferenceError in a full run): typing and clicking are tried again on the new one.
  await eventually(driver, async () => {
    const box = await visible(driver, byTestId("search"));
    await box.clear();
    await box.sendKeys(name);
    return true;
  }, `${name} is typed into the search`);
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === JSON.stringify([name]), `the list shows ${name}`);
  await eventually(driver, async () => {
    await (await visible(driver, { css: `[data-testid="contact-row"][data-id="${id}"]` })).click();
    return true;
  }, `${name}'s row is clicked`);
  await eventually(driver, async () => (await (await visible(driver, byTestId("contact-name"))).getText()) === name, `${name}'s page is open`);
}

/** The summaries of the interactions the open contact's page lists, newest first. */
export function interactionSummaries(driver) {
  return driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=interaction-summary]'), e => e.textContent)");
}
