#!/usr/bin/env node
// @ts-check
// Fails on any import cycle among the window's modules: screens talk through lib/events.js, and
// a cycle is how "one screen calls another's entry point" creeps back in. Reads every
// `import ... from "./x.js"` (relative specifiers only) of every .js file under ui/, and prints
// each cycle found as a chain of paths.
//
//   node ui/dev/check-cycles.mjs          # exit 0 when there is none, 1 otherwise
//   node ui/dev/check-cycles.mjs --graph  # also print who imports whom

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const UI = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Folders that hold no module of the window. */
const SKIP = new Set(["node_modules", "dev"]);

/** @param {string} dir @returns {string[]} */
function modules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : modules(path);
    return entry.name.endsWith(".js") || entry.name.endsWith(".mjs") ? [path] : [];
  });
}

/** Static and dynamic imports, and re-exports, with a relative specifier. */
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)|^import\s*["'](\.{1,2}\/[^"']+)["']/gm;

/** @param {string} file @returns {string[]} */
export function importsOf(file) {
  const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
  return [...source.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1] ?? m[2] ?? m[3]));
}

const files = modules(UI);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (/** @type {string} */ f) => relative(UI, f);

// Depth-first search; a back edge to a module still on the stack closes a cycle.
/** @type {Map<string, "open" | "done">} */
const status = new Map();
/** @type {string[][]} */
const cycles = [];
/** @type {string[]} */
const stack = [];
/** @param {string} file */
function visit(file) {
  status.set(file, "open");
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) {
      console.error(`${name(file)} imports ${name(next)}, which does not exist`);
      process.exitCode = 1;
    } else if (status.get(next) === "open") {
      cycles.push([...stack.slice(stack.indexOf(next)), next]);
    } else if (!status.has(next)) visit(next);
  }
  stack.pop();
  status.set(file, "done");
}
for (const file of files) if (!status.has(file)) visit(file);

if (process.argv.includes("--graph")) {
  for (const [file, imports] of graph) console.log(`${name(file)} -> ${imports.map(name).join(", ") || "(nothing)"}`);
}
for (const cycle of cycles) console.error(`import cycle: ${cycle.map(name).join(" -> ")}`);
if (cycles.length) process.exitCode = 1;
else if (!process.exitCode) console.log(`no import cycle among ${files.length} modules of ui/`);
