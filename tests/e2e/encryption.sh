#!/usr/bin/env bash
# Encryption in the real window, with the app built with the cargo feature `encryption` (the
# suite's app, built without it, only shows that this build has none: specs/settings-encryption.test.mjs).
# Drives encryption-walkthrough.mjs under Xvfb: Settings › Data › Encrypt, the recovery
# passphrase shown once, then a restart that finds no key (RAPPORT_NO_KEYCHAIN=1: the keychain
# is left alone) and the passphrase prompt, a wrong passphrase refused, the right one opening the
# app. Asserts each step and writes the screenshots:
#   docs/screenshots/settings-encryption.png   Settings › Data, a plain database
#   docs/screenshots/encryption-confirm.png    the confirmation before encrypting
#   docs/screenshots/encryption-passphrase.png the recovery passphrase, shown once
#   docs/screenshots/settings-encrypted.png    Settings › Data once encrypted (no key in the keychain)
#   docs/screenshots/unlock.png                the passphrase prompt at start
#   docs/screenshots/unlock-wrong.png          the prompt after a wrong passphrase
#
#   tests/e2e/encryption.sh                 # build both apps, then run
#   E2E_SKIP_BUILD=1 tests/e2e/encryption.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The feature build under a name of its own, then the suite's build back in place.
ENCRYPTED_APP="$ROOT/target/debug/rapport-app-encryption"
if [ "${E2E_SKIP_BUILD:-0}" != 1 ]; then
  e2e_log "building rapport-app with --features encryption"
  (cd "$ROOT" && cargo build -p rapport-app --features encryption)
  cp "$ROOT/target/debug/rapport-app" "$ENCRYPTED_APP"
fi
e2e_build
[ -x "$ENCRYPTED_APP" ] || { e2e_log "no binary at $ENCRYPTED_APP"; exit 1; }
export RAPPORT_APP="$ENCRYPTED_APP"

# A throwaway home, so the prompt shows the path a user would see and nothing real is touched.
export HOME="$E2E_TMP/home"
mkdir -p "$HOME"
unset RAPPORT_DB XDG_DATA_HOME
export RAPPORT_NO_KEYCHAIN=1
export SHOT_DIR="$ROOT/docs/screenshots"
mkdir -p "$SHOT_DIR"
e2e_start_display
e2e_start_driver
(cd "$E2E_DIR" && node encryption-walkthrough.mjs)
e2e_log "screenshots in $SHOT_DIR"
