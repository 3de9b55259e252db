// The window's security settings, checked in the real webview: the CSP of tauri.conf.json is in
// force (no inline script, no remote request), the app itself never trips it, and the capability
// grants the app's commands and nothing else. Works on whatever the database holds.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { eventually, openApp } from "../helpers.mjs";

let driver;

before(async () => {
  driver = await openApp();
  // Started: one of its screens shows (which one depends on the database).
  await eventually(
    driver,
    () => driver.executeScript("return Array.from(document.querySelectorAll('.screen')).some((s) => !s.hidden)"),
    "the app shows a screen",
  );
});

after(async () => {
  await driver?.quit();
});

const violations = () => driver.executeScript("return Number(document.documentElement.dataset.cspViolations ?? 0)");

test("the app runs without a single CSP violation", async () => {
  assert.equal(await violations(), 0);
});

test("the CSP refuses an inline script", async () => {
  const ran = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
    setTimeout(() => done(window.__inlineRan === true), 200);`);
  assert.equal(ran, false);
  assert.equal(await violations(), 1);
});

test("the CSP refuses a request to the network", async () => {
  const outcome = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    fetch("https://example.org/").then(() => done("fetched"), (e) => done("refused: " + e));`);
  assert.match(outcome, /^refused/);
  assert.equal(await violations(), 2, "refused by the CSP's connect-src, not by a missing network");
});

test("a command the capability does not grant is refused", async () => {
  const outcome = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.__TAURI__.core.invoke("plugin:app|version").then((v) => done("allowed " + v), (e) => done(String(e)));`);
  assert.match(outcome, /not allowed/);
});

test("the app's own commands answer, with core's { code, message, key, params } on failure", async () => {
  const outcome = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.__TAURI__.core.invoke("get_contact", { id: 987654 }).then(() => done(null), (e) => done(e));`);
  assert.deepEqual(outcome, {
    code: "not_found",
    message: "no contact with id 987654",
    key: "not_found",
    params: { entity: "contact", id: 987654 },
  });
});
