#!/usr/bin/env bash
# Build digitpad's standalone one-folder bundle with PyInstaller (packaging/digitpad.spec), then check it
# (packaging/check_bundle.sh): OUT/dist/digitpad/digitpad runs on a machine without Python.
#
#   bash packaging/build_bundle.sh [OUT]          # OUT defaults to /tmp/digitpad-bundle; never inside the checkout
#
# Environment:
#   PYTHON           the interpreter for the build environment (default python3); the bundle embeds its libpython
#   BUNDLE_VENV      the build environment (default OUT/venv; reused when it exists)
#   TORCH_SPEC       what to install for torch first (default "torch": whatever the index gives)
#   TORCH_INDEX_URL  an index for TORCH_SPEC, e.g. https://download.pytorch.org/whl/cpu for a CPU-only torch, which
#                    makes a bundle of about 0.9 GB instead of about 6 GB with PyPI's CUDA build on Linux
#   ARCHIVE=1        also pack OUT/digitpad-<version>-<os>-<arch>.tar.gz
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/digitpad-bundle}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
case "$out/" in "$repo"/*) echo "build_bundle: put the bundle outside the checkout, not in $out" >&2; exit 1 ;; esac
python="${PYTHON:-python3}"
venv="${BUNDLE_VENV:-$out/venv}"
started=$SECONDS
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$repo/digitpad/__init__.py")"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "build_bundle: creating the build environment $venv"
    "$python" -m venv "$venv"
fi
pip=("$venv/bin/pip" install -q)
# torch first, from TORCH_INDEX_URL when given; then digitpad pinned to it,
# so that resolving digitpad's own requirements does not swap the chosen torch build for another.
read -r -a torch_spec <<<"${TORCH_SPEC:-torch}"
if [[ -n "${TORCH_INDEX_URL:-}" ]]; then
    "${pip[@]}" --index-url "$TORCH_INDEX_URL" "${torch_spec[@]}"
else
    "${pip[@]}" "${torch_spec[@]}"
fi
"$venv/bin/pip" freeze | grep -E '^(torch|torchvision)==' >"$out/torch-constraints.txt" || true
"${pip[@]}" -c "$out/torch-constraints.txt" pyinstaller
"${pip[@]}" -c "$out/torch-constraints.txt" "$repo"
# Always a fresh copy of the checkout's digitpad, as its wheel installs it (resources under digitpad/resources).
"${pip[@]}" --force-reinstall --no-deps "$repo"
echo "build_bundle: environment ready in $((SECONDS - started))s: $(grep -E '^torch==' "$out/torch-constraints.txt")," \
    "PyInstaller $("$venv/bin/python" -c 'import PyInstaller; print(PyInstaller.__version__)')"

pyinstaller_started=$SECONDS
rm -rf "$out/dist/digitpad"
# From OUT, so that the checkout's own digitpad/ folder cannot shadow the installed package.
(cd "$out" && "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$out/dist" --workpath "$out/build" "$repo/packaging/digitpad.spec")
bundle="$out/dist/digitpad"
echo "build_bundle: PyInstaller took $((SECONDS - pyinstaller_started))s; $bundle is $(du -sh "$bundle" | cut -f1)" \
    "($(find "$bundle" -type f | wc -l) files)"

HIDE_DIRS="$venv ${HIDE_DIRS:-}" bash "$repo/packaging/check_bundle.sh" "$bundle"

if [[ "${ARCHIVE:-0}" == 1 ]]; then
    archive="$out/digitpad-$version-$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m).tar.gz"
    tar -C "$out/dist" -czf "$archive" digitpad
    echo "build_bundle: $archive is $(du -h "$archive" | cut -f1)"
fi
echo "build_bundle: done in $((SECONDS - started))s"
