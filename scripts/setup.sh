#!/usr/bin/env bash
# Installs what building, running and testing Rapport needs on Debian/Ubuntu.
# Idempotent: each step checks first, so `make run` / `make test` stay fast after the first time.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_pkgs=()
pkg_missing() { ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# libssl-dev and libdbus-1-dev build the `encryption` feature (SQLCipher links OpenSSL; the
# keychain is reached over D-Bus), which the Linux installers include (scripts/bundle.sh).
build_pkgs=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev)
# xz-utils unpacks the vendored advisory database; shellcheck lints the shell scripts (make lint-shell);
# sqlite3 and python3 let e2e specs write a database behind the app's back, as an older version or
# another tool would (specs/settings-unreadable.test.mjs, specs/hostile-text.test.mjs).
test_pkgs=(xvfb xauth webkit2gtk-driver imagemagick x11-utils xdotool fonts-dejavu-core dbus-x11 xz-utils
  shellcheck sqlite3 python3)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_pkgs[@]}"); fi

for p in "${want[@]}"; do
  if pkg_missing "$p"; then need_pkgs+=("$p"); fi
done

if [ "${#need_pkgs[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_pkgs[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
fi

if [ "${1:-}" = "--test" ]; then
  # The end-to-end test is a small Node.js program (selenium-webdriver).
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing Node.js and npm"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
  fi
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --version "^2" --locked
  fi
  # cargo-deny, at the version deny.toml and scripts/deny.sh were written for (~5 min to build).
  cargo_deny_version="0.20.2"
  if ! cargo deny --version 2>/dev/null | grep -qx "cargo-deny $cargo_deny_version"; then
    echo "setup: installing cargo-deny $cargo_deny_version"
    cargo install cargo-deny --version "$cargo_deny_version" --locked
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
fi
