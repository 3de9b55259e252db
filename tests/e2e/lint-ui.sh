#!/usr/bin/env bash
# Lints the window's JavaScript (ui/) and exits non-zero on any problem:
#   - no import cycle among its modules (ui/dev/check-cycles.mjs, node only);
#   - ESLint's recommended rules and unused variables (ui/eslint.config.js);
#   - the same for the end-to-end specs, their helpers and scripts/*.mjs, as node code
#     (tests/e2e/eslint.config.js);
#   - tsc's type check of the modules' // @ts-check JSDoc (ui/jsconfig.json; nothing is emitted),
#     and of api.js, lib/ and components/ with no implicit any (ui/jsconfig.strict.json).
# ESLint and TypeScript are dev dependencies of this folder (package.json), installed with npm ci
# when they are missing, as run.sh does for the WebDriver client.
set -euo pipefail
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UI="$(cd "$E2E_DIR/../../ui" && pwd)"

if [ ! -x "$E2E_DIR/node_modules/.bin/eslint" ] || [ ! -x "$E2E_DIR/node_modules/.bin/tsc" ]; then
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
fi

status=0
echo "lint-ui: import cycles" >&2
node "$UI/dev/check-cycles.mjs" || status=1
echo "lint-ui: eslint" >&2
(cd "$UI" && "$E2E_DIR/node_modules/.bin/eslint" --config eslint.config.js --max-warnings 0 .) || status=1
echo "lint-ui: eslint of tests/e2e and scripts/*.mjs" >&2
(cd "$E2E_DIR/../.." && "$E2E_DIR/node_modules/.bin/eslint" --config tests/e2e/eslint.config.js --max-warnings 0 \
  tests/e2e scripts/*.mjs) || status=1
echo "lint-ui: tsc --checkJs" >&2
"$E2E_DIR/node_modules/.bin/tsc" -p "$UI/jsconfig.json" || status=1
"$E2E_DIR/node_modules/.bin/tsc" -p "$UI/jsconfig.strict.json" || status=1
[ "$status" -eq 0 ] && echo "lint-ui: ui/, tests/e2e and scripts/*.mjs are clean" >&2
exit "$status"
