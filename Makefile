# The two commands a newcomer needs: `make run` and `make test`. Each installs what is missing first.
.PHONY: run test setup setup-test fmt lint unit e2e screenshot bundle

run: setup
	cargo run -p rapport-app

test: setup-test fmt lint unit e2e

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

# The real window, driven through WebDriver under Xvfb.
e2e:
	tests/e2e/run.sh

# Retakes the screenshots in docs/screenshots from the real app.
screenshot:
	tests/e2e/screenshot.sh

# Linux installers (.deb, .rpm) in target/release/bundle, with the Tauri CLI from npm (package.json).
bundle:
	./scripts/bundle.sh
