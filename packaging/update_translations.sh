#!/usr/bin/env bash
# Refresh the translations: pyside6-lupdate collects the strings of the translated ui modules into
# resources/translations/digitpad_<language>.ts (keeping the translations already made), then pyside6-lrelease
# compiles each .ts into the .qm the app loads. Translate new or changed strings (Qt Linguist, or by hand: no
# `type="unfinished"` may remain; tests/ui/test_language.py checks) and run this again to compile them.
#
#   bash packaging/update_translations.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# The modules whose texts are translated; tests/ui/test_language.py reads this list too.
sources=(
    digitpad/ui/menus.py
    digitpad/ui/status_bar.py
    digitpad/ui/preferences.py
    digitpad/ui/guide.py
)
for ts in resources/translations/digitpad_*.ts; do
    pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
    pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
