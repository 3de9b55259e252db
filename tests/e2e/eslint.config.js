// @ts-check
// ESLint for the end-to-end specs, their helpers and the repository's node scripts (scripts/*.mjs),
// run by ./lint-ui.sh. These run under node (node:test's describe/test are imported, not global);
// the functions the specs hand to driver.executeScript run in the window, hence the browser's
// globals as well.

import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/**"] },
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      // The French specs hold no-break spaces in their expected sentences.
      "no-irregular-whitespace": ["error", { skipComments: true, skipStrings: true, skipTemplates: true }],
    },
  },
];
