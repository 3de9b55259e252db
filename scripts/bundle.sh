#!/usr/bin/env bash
# Builds Rapport's Linux installers, a .deb and an .rpm, in target/release/bundle/.
# Installs what is missing first (like setup.sh): the WebKitGTK build packages, Node.js and npm,
# then the Tauri CLI pinned by package-lock.json (`npm ci`, a prebuilt binary, a few seconds).
#
#   scripts/bundle.sh                 # .deb and .rpm (what `make bundle` runs)
#   scripts/bundle.sh --bundles deb   # any other `tauri build` arguments replace the default
#
# The app is built with its `encryption` feature (SQLCipher, the key in the OS keychain), so an
# installed Rapport can encrypt its database from Settings and unlock it with the passphrase.
#
# AppImage is left out on purpose: its bundler downloads a runtime from GitHub, which these build
# machines cannot reach; the release workflow (.github/workflows/release.yml) builds it on GitHub.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

./scripts/setup.sh

if ! command -v npm >/dev/null 2>&1; then
  echo "bundle: installing Node.js and npm"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi

if [ ! -x node_modules/.bin/tauri ]; then
  echo "bundle: installing the Tauri CLI (npm ci)"
  npm ci --no-audit --no-fund
fi

args=("$@")
if [ "${#args[@]}" -eq 0 ]; then args=(--bundles "deb,rpm"); fi

echo "bundle: tauri build --features encryption ${args[*]}"
node_modules/.bin/tauri build --features encryption "${args[@]}"

echo "bundle: installers"
find target/release/bundle -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' \) \
  -printf '  %p  %s bytes\n' | sort
