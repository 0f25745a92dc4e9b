#!/usr/bin/env bash
# Refresh the translations: pyside6-lupdate collects the strings of every module into
# resources/translations/digitpad_<language>.ts (keeping the translations already made), then pyside6-lrelease
# compiles each .ts into the .qm the app loads. Translate new or changed strings (Qt Linguist, or by hand: no
# `type="unfinished"` may remain; tests/ui/test_language.py checks) and run this again to compile them.
#
#   bash packaging/update_translations.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
# Every module of the package is read: the UI's tr()/translate() calls and the core's translate("Core", ...)
# templates (digitpad/core/runtime/messages.py). tests/ui/test_language.py runs the same lupdate command.
sources=(-extensions py digitpad)
for ts in resources/translations/digitpad_*.ts; do
    pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
    pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
