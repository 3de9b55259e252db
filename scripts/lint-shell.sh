#!/usr/bin/env bash
# Runs shellcheck over every shell script in the repository: files ending in .sh and files whose first
# line starts a shell and that have no extension (.ci/run...), tracked or new, outside node_modules and target. Settings and
# the optional checks turned on are in .shellcheckrc. Installs shellcheck (Debian package) when it
# is missing, like scripts/setup.sh --test.
#
#   scripts/lint-shell.sh        # what `make lint-shell` runs
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "lint-shell: installing shellcheck"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends shellcheck
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  list_files() { git ls-files --cached --others --exclude-standard; }
else
  list_files() { find . -type f -not -path './.git/*' -not -path '*/node_modules/*' -not -path './target/*' | sed 's|^\./||'; }
fi

scripts=()
while IFS= read -r f; do
  [ -f "$f" ] || continue # deleted in the work tree but still in the index
  case "$f" in
    node_modules/* | */node_modules/* | target/*) continue ;;
    *.sh) scripts+=("$f"); continue ;;
    *) ;;
  esac
  # Any other extension is not a script (and reading the first line of every file is slow).
  case "${f##*/}" in
    *.*) ;;
    *) if head -n 1 "$f" | grep -Eq '^#!.*[/ ](ba|da)?sh( |$)'; then scripts+=("$f"); fi ;;
  esac
done < <(list_files | sort -u)

echo "lint-shell: shellcheck $(shellcheck --version | sed -n 's/^version: //p') over ${#scripts[@]} scripts"
shellcheck "${scripts[@]}"
echo "lint-shell: no problems"
