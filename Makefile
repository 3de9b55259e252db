# The two commands a newcomer needs: `make run` and `make test`. Each installs what is missing first.
.PHONY: run test setup setup-test fmt lint deny unit test-encryption e2e screenshot bundle

run: setup
	cargo run -p rapport-app

test: setup-test fmt lint deny unit test-encryption e2e

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

fmt:
	cargo fmt --all --check

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
	cargo clippy -p rapport-core -p rapport-cli -p rapport-app --features encryption --all-targets -- -D warnings
	cargo test -p rapport-core -p rapport-cli --features encryption --test encryption
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
