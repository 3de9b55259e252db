// A first session in French, on a database of its own (run.sh starts the app again on a fresh
// file for this folder): the first-run screen's demo comes in French, core's refusals read in
// French (a form, an import preview's problems), and no key is missing on the way.
//
// With E2E_SHOTS set to a folder, the French import preview and the French refusal are also
// saved there as PNGs, for a person to look at.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { byTestId, eventually, invokeIn, missingKeys, openApp, visible, watchMissingKeys, By, dropFile } from "../helpers.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures");

let driver;

before(async () => {
  driver = await openApp();
  // The language a person picks in Settings; the window starts again in it.
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr'); location.reload();");
  await eventually(driver, async () => (await driver.executeScript("return document.documentElement.lang")).startsWith("fr"), "the window in French", 30_000);
  // A key the French table lacks would show as the key itself: note each one.
  await watchMissingKeys(driver);
});

after(async () => {
  // The next run starts from the system's language again.
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);

/** textContent, not getText(): WebDriver turns no-break spaces into plain ones. */
const text = (el) => driver.executeScript("return arguments[0].textContent", el);

async function shot(name) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), Buffer.from(await driver.takeScreenshot(), "base64"));
}

test("the first-run screen's demo network comes in French, the same network as in English", async () => {
  const button = await visible(driver, byTestId("load-demo"));
  assert.match(await button.getText(), /^Charger le réseau de démonstration/);
  await button.click();
  await visible(driver, byTestId("nvi-value"), 120_000);
  const circles = (await invoke("list_circles")).map((c) => c.name);
  assert.ok(circles.includes("Famille") && circles.includes("Club d’escalade"), circles.join(", "));
  assert.ok(!circles.includes("Family"), circles.join(", "));
  // The questions I owe, on Open loops, in French; only a handful of them.
  await (await visible(driver, byTestId("nav-loops"))).click();
  // Looked up at each read: the screen may be drawn again as the demo's load is caught up.
  const owe = async () => text(await visible(driver, byTestId("loops-i-owe")));
  await eventually(driver, async () => (await owe()).includes("Tu connais quelqu’un à l’incubateur de Lyon\u202f?"), "a French question I owe");
  const owed = await driver.findElements(By.css('[data-testid="loops-i-owe"] [data-testid="loop"]'));
  assert.ok(owed.length > 0 && owed.length < 10, `${owed.length} questions I owe`);
  await shot("open-loops-fr.png");
});

test("a name that is too long is refused in French, naming the field", async () => {
  await (await visible(driver, byTestId("add-contact-button"))).click();
  const form = await visible(driver, byTestId("contact-form"));
  await driver.executeScript("arguments[0].value = 'x'.repeat(201)", await visible(driver, byTestId("cf-name")));
  await (await form.findElement(By.name("company"))).sendKeys("Personne SA");
  await (await visible(driver, byTestId("cf-save"))).click();
  const error = async () => visible(driver, byTestId("form-error"));
  await eventually(driver, async () => (await text(await error())).includes("Nom\u00a0: fait 201 caractères"), "a French refusal");
  const refusal = async () => driver.executeScript("return arguments[0].querySelector('.form-error-text').textContent", await error());
  assert.equal(await eventually(driver, refusal, "the refusal's words"), "Nom\u00a0: fait 201 caractères\u202f; la limite est de 200");
  await shot("error-fr.png");
  await (await form.findElement(By.css("button.cancel"))).click();
  // Cancel goes back to the dashboard; let it finish drawing before going elsewhere.
  await visible(driver, byTestId("dashboard"));
  await visible(driver, byTestId("nvi-value"));
});

test("an import preview lists each problem in French, by row, line and field", async () => {
  await (await visible(driver, byTestId("nav-transfer"))).click();
  await visible(driver, byTestId("transfer"));
  const bytes = [...fs.readFileSync(path.join(FIXTURES, "import/bad/impossible_date.csv"))];
  // Dropped on the window, which starts the preview.
  await dropFile(driver, bytes, "contacts.csv");
  const problems = await visible(driver, byTestId("import-problems"), 60_000);
  const first = await text(await problems.findElement(By.css("li")));
  assert.match(first, /ligne 3/i);
  assert.ok(first.includes("Birthday"), first);
  assert.ok(first.includes("«\u00a031/02/1990\u00a0» n’est pas une date (un jour qui n’existe pas, ou un format inconnu)"), first);
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", problems);
  await shot("import-preview-fr.png");
});

test("no key was missing and no CSP violation was raised", async () => {
  assert.deepEqual(await missingKeys(driver), []);
  assert.equal(await driver.executeScript("return Number(document.documentElement.dataset.cspViolations ?? 0)"), 0);
});
