#!/usr/bin/env bash
# Takes the README's screenshots from the real app under Xvfb, on a temporary database:
#   docs/screenshots/first-run.png   the welcome screen of an empty database
#   docs/screenshots/dashboard.png   the demo network loaded: the dashboard, the home screen
#   docs/screenshots/chart-*.png     each of the dashboard's charts (index, layers, give-take,
#                                    follow-through, calendar, reactions) and a contact's (contact)
#   docs/screenshots/main.png        one of the strongest ties' page, with its measures
#   docs/screenshots/quick-log.png   the quick log dialog, being filled in
#   docs/screenshots/settings.png    the Settings screen (Ctrl+2)
#   docs/screenshots/settings-backups.png  Settings › Data with a backup listed
#   docs/screenshots/import-preview.png    Import / Export (Ctrl+I) previewing a vCard
#   docs/screenshots/dashboard-dark.png  the dashboard in the dark theme
#   docs/screenshots/dashboard-fr.png    the dashboard in French
#   docs/screenshots/open-loops.png  the questions owed and waited on, and whose turn it is
#   docs/screenshots/posts.png       posts and who reacted
#   docs/screenshots/contacts-filtered.png  the list sorted by strength, filtered to the overdue
#   docs/screenshots/contact-ledger.png     a contact's give/take ledger and open questions
#   docs/screenshots/merge.png       merging a duplicate into a contact
#   docs/screenshots/calibration.png Settings › Calibration: the accuracy in plain words and its chart
#   docs/screenshots/rate.png        "How close are you?", rating ties one key each
# The window is driven through WebDriver (the same set-up as run.sh) only to reach each state;
# the pictures are of the whole X screen (`import -window root`), as a person would see it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

e2e_build
# The app's default database location under a throwaway home, so the first-run screen shows the
# path a user would see (~/.local/share/org.rapport.desktop/rapport.db) and nothing real is touched.
export HOME="$E2E_TMP/home"
mkdir -p "$HOME"
unset RAPPORT_DB XDG_DATA_HOME
# SHOT_DIR=/some/folder takes them there instead (to retake a few without touching the others).
export SHOT_DIR="${SHOT_DIR:-$ROOT/docs/screenshots}"
mkdir -p "$SHOT_DIR"
e2e_start_display
e2e_start_driver
(cd "$E2E_DIR" && node screenshots.mjs)
e2e_log "screenshots in $SHOT_DIR"
