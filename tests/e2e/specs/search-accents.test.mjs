// Searching the contact list ignores case and accents and reaches interaction summaries, which
// then show under the name as the reason for the match (issue 15, "Find anyone").

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, listedNames, openAppWithDemo, shortcut, visible, Key, invokeIn } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo("contact-list");
});

after(async () => {
  await driver?.executeScript("localStorage.removeItem('rapport.language')").catch(() => {});
  await driver?.quit();
});

const invoke = (cmd, args = {}) => invokeIn(driver, cmd, args);
const STAMP = Date.now().toString(36);

async function typeInSearch(text) {
  const box = await visible(driver, byTestId("search"));
  await box.clear();
  await box.sendKeys(text);
}

/** The excerpt line of the listed row of contact `id`, once it shows. */
async function excerptOf(id) {
  const css = `[data-testid="contact-row"][data-id="${id}"] [data-testid="contact-row-excerpt"]`;
  return eventually(
    driver,
    () => driver.executeScript(`return document.querySelector('${css}')?.textContent ?? null`),
    `the row of #${id} shows why it matched`,
  );
}

test("typing chloe lists Chloé, and EMILE lists Émile, whatever the order of the words", async () => {
  const emile = await invoke("add_contact", { fields: { display_name: `Émile Déçu ${STAMP}` } });
  await typeInSearch("chloe");
  await eventually(driver, async () => (await listedNames(driver)).includes("Chloé Martin"), "Chloé Martin is listed for chloe");
  await typeInSearch(`${STAMP} decu EMILE`);
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === JSON.stringify([emile.display_name]), "Émile is the one match");
  // Found by their name: no excerpt under it.
  const row = `[data-testid="contact-row"][data-id="${emile.id}"]`;
  assert.equal(await driver.executeScript(`return document.querySelector('${row} [data-testid="contact-row-excerpt"]')`), null);
  await (await visible(driver, byTestId("search"))).sendKeys(Key.ESCAPE);
});

test("a word of a summary finds its contact and shows the summary under the name", async () => {
  const who = await invoke("add_contact", { fields: { display_name: `Quentin Lévesque ${STAMP}` } });
  const summary = `Randonnée au Mont Aiguille ${STAMP}, pique-nique au sommet`;
  await invoke("log_interaction", {
    interaction: { at: new Date().toISOString(), channel: "in_person", initiated_by: "me", participants: [who.id], summary },
  });
  await typeInSearch(`randonnee ${STAMP}`);
  await eventually(driver, async () => JSON.stringify(await listedNames(driver)) === JSON.stringify([who.display_name]), "the contact is the one match");
  const excerpt = await excerptOf(who.id);
  assert.ok(excerpt.startsWith("Interaction: "), excerpt);
  assert.ok(excerpt.includes(`Randonnée au Mont Aiguille ${STAMP}`), excerpt);

  // In French, the same line says where it was found in French.
  await driver.executeScript("localStorage.setItem('rapport.language', 'fr')");
  await driver.navigate().refresh();
  await visible(driver, byTestId("contact-list"), 60_000);
  await typeInSearch(`randonnee ${STAMP}`);
  const french = await excerptOf(who.id);
  assert.ok(french.startsWith("Interaction\u00a0: "), french);
  assert.ok(french.includes("Randonnée au Mont Aiguille"), french);
  await driver.executeScript("localStorage.removeItem('rapport.language')");
  await (await visible(driver, byTestId("search"))).sendKeys(Key.ESCAPE);
});

test("the quick log's picker finds Émile from emile, and Chloé Martin from martin chloe", async () => {
  const emile = `Émile Déçu ${STAMP}`;
  await shortcut(driver, Key.CONTROL, "k");
  const dialog = await visible(driver, byTestId("quick-log"));
  const suggested = () =>
    driver.executeScript("return Array.from(document.querySelectorAll('[data-testid=ql-option] .sugg-name'), e => e.textContent)");
  await driver.actions().sendKeys(`emile decu ${STAMP}`).perform();
  await eventually(driver, async () => JSON.stringify(await suggested()) === JSON.stringify([emile]), "Émile is the one suggestion");
  await driver.actions().sendKeys(Key.ENTER).perform();
  await eventually(driver, async () => (await driver.findElements(byTestId("ql-chip"))).length === 1, "he is picked");
  await driver.actions().sendKeys("martin chloe").perform();
  await eventually(driver, async () => (await suggested()).includes("Chloé Martin"), "Chloé Martin is suggested");
  assert.ok(await dialog.isDisplayed(), "nothing was logged: the dialog is still open");
});
