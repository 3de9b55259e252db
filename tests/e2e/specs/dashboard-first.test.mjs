// The dashboard opened from the sidebar draws its index first and what lies below the fold (why it
// moved, This week, suggestions, strongest ties) in the next frame: on a large network building
// and laying out the whole sheet took as long again as the index (scripts/measure-heavy.mjs). A
// dashboard redrawn in place after a change is replaced whole, so nothing on screen goes and comes
// back. The page's pane is watched with a MutationObserver from inside, which sees every state the
// window passes through, however short.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { byTestId, eventually, invokeIn, openAppWithDemo, visible } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openAppWithDemo();
});

after(async () => {
  await driver?.quit();
});

/** Starts noting, at each change of the pane, whether the index and "why it moved" are in it. */
function watchPane() {
  return driver.executeScript(`
    window.__paneStates = [];
    const pane = document.querySelector("#pane");
    const note = () => window.__paneStates.push({
      index: pane.querySelector('[data-testid="nvi-value"]') !== null,
      why: pane.querySelector('[data-testid="why"]') !== null,
    });
    window.__paneWatch?.disconnect();
    window.__paneWatch = new MutationObserver(note);
    window.__paneWatch.observe(pane, { childList: true, subtree: true });`);
}

/** The states noted since watchPane(), and stops noting. */
function paneStates() {
  return driver.executeScript("window.__paneWatch.disconnect(); return window.__paneStates;");
}

/** Whether the whole dashboard is on screen: the index, why it moved, This week, the suggestions
 * and the strongest ties. */
function wholeDashboard() {
  return driver.executeScript(
    `return ["nvi-value", "components", "why", "agenda", "suggestions", "strongest"]
       .every((id) => document.querySelector('#pane [data-testid="' + id + '"]') !== null);`,
  );
}

test("opened from the sidebar, the dashboard shows its index first, then the rest", async () => {
  await (await visible(driver, byTestId("nav-loops"))).click();
  await visible(driver, byTestId("loops"));
  await watchPane();
  await (await visible(driver, byTestId("nav-dashboard"))).click();
  await eventually(driver, wholeDashboard, "the whole dashboard is drawn");
  const states = await paneStates();
  assert.ok(
    states.some((s) => s.index && !s.why),
    `the index is in the page before the cards below it: ${JSON.stringify(states)}`,
  );
  assert.ok(states.at(-1).index && states.at(-1).why, "and then everything");
});

test("redrawn after a change, the dashboard is replaced whole", async () => {
  await eventually(driver, wholeDashboard, "the whole dashboard is drawn");
  await watchPane();
  const added = await invokeIn(driver, "add_contact", { fields: { display_name: `Dora Dashboard ${Date.now()}` } });
  assert.ok(added.id, JSON.stringify(added));
  await eventually(driver, async () => (await driver.executeScript("return window.__paneStates.length")) > 0, "the change redraws it");
  await eventually(driver, wholeDashboard, "the whole dashboard is drawn again");
  const states = await paneStates();
  assert.ok(
    states.every((s) => !s.index || s.why),
    `no moment with the index and without the cards below it: ${JSON.stringify(states)}`,
  );
  await invokeIn(driver, "delete_contact", { id: added.id });
});
