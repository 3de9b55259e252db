// The page's ES modules, without a window: index.html preloads every module that app.js reaches,
// so WebKit fetches them all at once at start instead of one import level after another (a module
// added without its <link rel="modulepreload"> would quietly slow the first screen down), and
// preloads nothing that does not exist. Runs with the end-to-end specs because it needs only node.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const ui = new URL("../../../ui/", import.meta.url);
const html = readFileSync(new URL("index.html", ui), "utf8");

/** The modules `file` imports statically (`import ... from "./x.js"` or "../lib/x.js"), as paths
 * from ui/ ("lib/dom.js"). */
function importsOf(file) {
  const source = readFileSync(new URL(file, ui), "utf8");
  return [...source.matchAll(/^import\s[^;]*?from\s+"(\.{1,2}\/[\w./-]+\.js)";/gms)].map((m) =>
    new URL(m[1], new URL(file, ui)).href.slice(ui.href.length),
  );
}

function reachableFrom(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (!seen.has(next) && next !== entry) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].sort();
}

const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([\w./-]+\.js)" \/>/g)].map((m) => m[1]).sort();

test("app.js imports modules, found by the import walk", () => {
  const reached = reachableFrom("app.js");
  assert.ok(reached.includes("lib/i18n.js") && reached.includes("lib/i18n-fr.js"), `reached: ${reached}`);
  assert.ok(reached.includes("screens/quick-log.js") && reached.includes("components/picker.js"), `reached: ${reached}`);
});

test("every module app.js reaches is preloaded by index.html", () => {
  const missing = reachableFrom("app.js").filter((m) => !preloaded.includes(m));
  assert.deepEqual(missing, [], "add a <link rel=\"modulepreload\"> for each");
});

test("index.html preloads only modules that exist and that app.js reaches", () => {
  const reached = reachableFrom("app.js");
  const stray = preloaded.filter((m) => !existsSync(new URL(m, ui)) || !reached.includes(m));
  assert.deepEqual(stray, []);
});

test("no module of ui/ imports another that imports it back (ui/dev/check-cycles.mjs)", () => {
  // Throws with the cycles printed when the script exits non-zero.
  execFileSync(process.execPath, [new URL("dev/check-cycles.mjs", ui).pathname], { stdio: "pipe" });
});
