#!/usr/bin/env bash
# Check a standalone bundle made by packaging/build_bundle.sh: its resources are inside, and its executable runs
# `--version`, `predict` on the bundled sample digits and opens the window offscreen, with an empty environment and,
# where this user may (root, `unshare -m`), every Python installation on the machine hidden behind an empty folder.
#
#   bash packaging/check_bundle.sh /tmp/digitpad-bundle/dist/digitpad
#
# HIDE_DIRS="dir dir ..." (space-separated) hides more folders, e.g. the build's venv; GUI_SECONDS (default 30) is how
# long a window without DIGITPAD_STARTUP_PROBE support must keep running.
set -euo pipefail

bundle="$(cd "${1:?usage: check_bundle.sh BUNDLE_DIR}" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exe="$bundle/digitpad"
res="$bundle/_internal/digitpad/resources"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$repo/digitpad/__init__.py")"
fail() { echo "check_bundle: FAILED: $*" >&2; exit 1; }
started=$SECONDS

[[ -x "$exe" ]] || fail "no executable $exe"
for f in pretrained/{cnn,lstm,rnn,mlp,logreg,gan}.pt icons/digitpad.svg icons/digitpad-256.png samples/three.png \
    samples/seven.png linux/io.github.digitpad.Digitpad.desktop linux/install-desktop-entry.sh; do
    [[ -f "$res/$f" ]] || fail "the bundle lacks digitpad/resources/$f"
done

# Folders that hold a Python: every interpreter's prefixes, the distribution's, and HIDE_DIRS (the build venv).
hide=()
for py in python3 python "${PYTHON:-}"; do
    if [[ -n "$py" ]] && command -v "$py" >/dev/null; then
        while IFS= read -r d; do hide+=("$d"); done < <("$py" -c 'import sys; print(sys.prefix); print(sys.base_prefix)' 2>/dev/null || true)
    fi
done
for d in /usr/lib/python3* /usr/local/lib/python3* ${HIDE_DIRS:-}; do [[ -d "$d" ]] && hide+=("$d"); done
masked=()
while IFS= read -r d; do
    # Never hide a folder that holds the bundle, or a system prefix such as /usr itself.
    case "$bundle/" in "$d"/*) continue ;; esac
    [[ "$d" == /usr || "$d" == /usr/local || "$d" == / ]] && continue
    [[ -d "$d" ]] && masked+=("$d")
done < <(printf '%s\n' "${hide[@]}" | sort -u)
if [[ "$(id -u)" == 0 ]] && unshare -m --propagation private true 2>/dev/null; then
    echo "check_bundle: hiding ${masked[*]:-nothing}"
    # shellcheck disable=SC2016  # expanded by the inner bash: mount an empty tmpfs on each folder up to --, then run
    mask='while [[ $1 != -- ]]; do mount -t tmpfs none "$1"; shift; done; shift; exec "$@"'
    isolate=(unshare -m --propagation private bash -c "$mask" isolate "${masked[@]}" --)
else
    echo "check_bundle: not root or no unshare: Python installations stay visible; the environment is still empty"
    isolate=()
fi
home="$(mktemp -d "${TMPDIR:-/tmp}/digitpad-check-bundle.XXXXXX")"
trap 'rm -rf "$home"' EXIT
cd "$home"
run() {
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        XDG_RUNTIME_DIR="$home" "${isolate[@]}" "$@"
}

out="$(run "$exe" --version)"
[[ "$out" == "digitpad $version" ]] || fail "--version said '$out', expected 'digitpad $version'"
echo "check_bundle: $out"

run "$exe" predict "$res/samples/three.png" "$res/samples/seven.png" --json >predict.json
cat predict.json
grep -q '"digit": 3,' <(sed -n 1p predict.json) || fail "predict did not read three.png as a 3"
grep -q '"digit": 7,' <(sed -n 2p predict.json) || fail "predict did not read seven.png as a 7"

# The window, offscreen. With DIGITPAD_STARTUP_PROBE the app quits once it can predict and says so; an app without
# the probe must still be running, without a traceback, when the timeout stops it.
gui_seconds="${GUI_SECONDS:-30}"
set +e
run env DIGITPAD_STARTUP_PROBE=1 timeout -k 5 "$gui_seconds" "$exe" >gui.log 2>&1
rc=$?
set -e
if grep -q -E "Traceback|Error|Fatal|Aborted|Segmentation" gui.log; then cat gui.log; fail "the window printed an error"; fi
if [[ $rc == 0 ]] && grep -q first_prediction_possible gui.log; then
    echo "check_bundle: the window opened and could predict: $(grep first_prediction_possible gui.log)"
elif [[ $rc == 124 || $rc == 137 ]]; then  # 137: it needed a KILL after the TERM
    echo "check_bundle: the window ran ${gui_seconds}s offscreen without an error (status $rc after the timeout)"
else
    cat gui.log
    fail "the window exited with status $rc"
fi
echo "check_bundle: passed in $((SECONDS - started))s"
