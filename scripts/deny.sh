#!/usr/bin/env bash
# `cargo deny check` (advisories, licences, bans, sources; rules in deny.toml) against the live
# RustSec database when this machine can fetch it, else against the snapshot vendored in
# third_party/advisory-db.tar.xz (these build machines reach the package registries only).
# Either way the database lives under target/, never in ~/.cargo, so a stale clone cannot linger.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
dbs_root="$(mkdir -p "$target/advisory-dbs" && cd "$target/advisory-dbs" && pwd)"
# The checks read every crate of Cargo.lock, those of other platforms too; `--offline` below stops
# cargo-deny from fetching the advisory database, and with it any crate, so fetch them first.
cargo fetch --locked --quiet

if [ "${RAPPORT_DENY_OFFLINE:-}" != "1" ]; then
  # deny.toml reads its db-path from this variable.
  export RAPPORT_ADVISORY_DBS="$dbs_root/live"
  if timeout 90 cargo deny --locked fetch db >/dev/null 2>&1; then
    echo "deny: using the live advisory database"
    exec cargo deny --locked --offline check
  fi
  echo "deny: the live advisory database cannot be fetched here; using the vendored snapshot"
fi

export RAPPORT_ADVISORY_DBS="$dbs_root/snapshot"
tarball="third_party/advisory-db.tar.xz"
# cargo-deny opens a git repository in a folder named after the database URL (this is the name
# cargo-deny 0.20 derives from the default URL); the snapshot is unpacked there and committed once.
db="$RAPPORT_ADVISORY_DBS/advisory-db-3157b0e258782691"
stamp="$RAPPORT_ADVISORY_DBS/.unpacked"
if [ ! -f "$stamp" ] || [ "$tarball" -nt "$stamp" ]; then
  rm -rf "$db" && mkdir -p "$db"
  tar -xJf "$tarball" -C "$db" --strip-components=1
  git -C "$db" init -q
  git -C "$db" add -A
  git -C "$db" -c user.name=rapport -c user.email=rapport@localhost commit -qm "RustSec snapshot"
  touch "$stamp"
fi
exec cargo deny --locked --offline check
