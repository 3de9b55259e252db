// @ts-check
// ESLint for the window's modules (run by tests/e2e/lint-ui.sh): the recommended rules, unused
// variables as errors, browser globals for the page and node's for the dev scripts.
//
// ESLint and its packages are installed in tests/e2e/node_modules (its package.json), never in
// ui/: ui/ is embedded in the app as it is. Node resolves a bare import from this file's folder
// upwards, which would miss them, so they are required from there explicitly.

import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/e2e/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

export default [
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      // French typography puts no-break spaces in the tables' strings and in comments about them.
      "no-irregular-whitespace": ["error", { skipComments: true, skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // The theme is set by a classic script, before any module runs.
    files: ["theme-boot.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["dev/**", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
];
