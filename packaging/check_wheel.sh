#!/usr/bin/env bash
# Build digitpad's sdist and wheel, then prove that the built wheel, not the checkout, works: install it into a fresh
# virtual environment and, from a folder outside the checkout, run `digitpad --version`, `digitpad predict` on the
# sample digits shipped in the wheel, the desktop entry's install script, and the main window's construction offscreen.
#
#   bash packaging/check_wheel.sh            # PYTHON=python3.11 to pick the interpreter; KEEP=1 keeps the temp folder
#
# Exits non-zero on the first failure. Needs the package index for hatchling, build and the dependencies (torch too).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/digitpad-check-wheel.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
started=$SECONDS
step_started=$SECONDS
step() {
    echo "check_wheel: [$((SECONDS - started))s, previous step $((SECONDS - step_started))s] $*"
    step_started=$SECONDS
}
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }

version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$repo/digitpad/__init__.py")"
[[ -n "$version" ]] || fail "no __version__ in digitpad/__init__.py"

step "building sdist and wheel of digitpad $version"
builder="$python"
if ! "$python" -m build --version >/dev/null 2>&1; then
    "$python" -m venv "$work/build-env"
    "$work/build-env/bin/pip" install -q build >"$work/build-env.log" 2>&1 || { tail -20 "$work/build-env.log"; fail "pip install build"; }
    builder="$work/build-env/bin/python"
fi
"$builder" -m build --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail "python -m build"; }
wheel="$work/dist/digitpad-$version-py3-none-any.whl"
sdist="$work/dist/digitpad-$version.tar.gz"
[[ -f "$wheel" && -f "$sdist" ]] || fail "expected $(basename "$wheel") and $(basename "$sdist"), got: $(ls "$work/dist")"

step "checking the archives' contents"
"$python" - "$wheel" "$sdist" "$version" <<'EOF'
import sys, tarfile, zipfile

wheel, sdist, version = sys.argv[1:]
names = set(zipfile.ZipFile(wheel).namelist())
res = "digitpad/resources/"
required = [f"{res}pretrained/{m}.pt" for m in ("cnn", "lstm", "rnn", "mlp", "logreg", "gan")]
required += [f"{res}icons/digitpad.svg"] + [f"{res}icons/digitpad-{s}.png" for s in (16, 32, 48, 64, 128, 256, 512)]
required += [f"{res}samples/three.png", f"{res}samples/seven.png"]
required += [f"{res}pendigits/pendigits-orig.tra.gz", f"{res}pendigits/README.md"]
required += [f"{res}linux/io.github.digitpad.Digitpad.{ext}" for ext in ("desktop", "metainfo.xml")]
required += [f"{res}linux/install-desktop-entry.sh", "digitpad/__init__.py", "digitpad/cli.py", "digitpad/ui/main_window.py"]
problems = [f"wheel lacks {n}" for n in required if n not in names]
problems += [f"wheel holds {n}" for n in names if "__pycache__" in n or n.endswith(".pyc") or "/tests/" in n]
meta = zipfile.ZipFile(wheel).read(f"digitpad-{version}.dist-info/METADATA").decode()
if f"\nVersion: {version}\n" not in meta:
    problems.append(f"wheel METADATA does not say Version: {version}")
entry_points = zipfile.ZipFile(wheel).read(f"digitpad-{version}.dist-info/entry_points.txt").decode()
if "digitpad = digitpad.cli:main" not in entry_points:
    problems.append("wheel has no `digitpad` console script")
top = f"digitpad-{version}/"
members = set(tarfile.open(sdist).getnames())
for n in ("pyproject.toml", "README.md", "CHANGELOG.md", "resources/pretrained/cnn.pt", "resources/icons/digitpad.svg",
          "packaging/linux/io.github.digitpad.Digitpad.desktop", "digitpad/cli.py"):
    if top + n not in members:
        problems.append(f"sdist lacks {n}")
if problems:
    sys.exit("\n".join(problems))
print(f"wheel: {len(names)} files; sdist: {len(members)} files")
EOF

step "installing the wheel into a fresh virtual environment"
venv="$work/venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q --no-compile "$wheel" >"$work/pip.log" 2>&1 || { grep -v "is ignored" "$work/pip.log" | tail -30; fail "pip install the wheel"; }

# Outside the checkout, with nothing of it on the path, and the user's settings and data out of reach.
mkdir -p "$work/run" "$work/home"
cd "$work/run"
unset PYTHONPATH PYTHONHOME DIGITPAD_DATA_DIR VIRTUAL_ENV
export PYTHONNOUSERSITE=1 HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache" QT_QPA_PLATFORM=offscreen
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
pkg="$site/digitpad"

step "digitpad --version"
out="$("$venv/bin/digitpad" --version)"
[[ "$out" == "digitpad $version" ]] || fail "digitpad --version said '$out', expected 'digitpad $version'"
echo "$out"

step "the package and its resources come from the virtual environment"
"$venv/bin/python" - "$pkg" "$repo" <<'EOF'
import sys
from pathlib import Path

import digitpad
from digitpad.core.runtime import paths

pkg, repo = (Path(p).resolve() for p in sys.argv[1:])
where = Path(digitpad.__file__).resolve().parent
resources = paths.resources_dir().resolve()
assert where == pkg, f"digitpad imported from {where}, not {pkg}"
assert resources == pkg / "resources", f"resources found in {resources}"
assert repo not in where.parents and repo not in resources.parents, "the checkout leaked in"
print(f"digitpad from {where}")
EOF

step "digitpad predict --json on the shipped samples"
"$venv/bin/digitpad" predict "$pkg/resources/samples/three.png" "$pkg/resources/samples/seven.png" --json >predict.json
cat predict.json
"$venv/bin/python" - predict.json <<'EOF'
import json, sys

got = [json.loads(line) for line in open(sys.argv[1])]
assert [g["digit"] for g in got] == [3, 7], got
assert all(g["model"] == "cnn" and g["confidence"] > 0.9 and len(g["probabilities"]) == 10 for g in got), got
EOF

step "the desktop entry installs from the package"
bash "$pkg/resources/linux/install-desktop-entry.sh" >/dev/null
entry="$XDG_DATA_HOME/applications/io.github.digitpad.Digitpad.desktop"
grep -qx "Exec=$venv/bin/digitpad" "$entry" || fail "the installed entry runs $(grep '^Exec=' "$entry"), not $venv/bin/digitpad"
[[ -f "$XDG_DATA_HOME/icons/hicolor/256x256/apps/io.github.digitpad.Digitpad.png" ]] || fail "the icon was not installed"
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$XDG_DATA_HOME/metainfo/io.github.digitpad.Digitpad.metainfo.xml" >/dev/null ||
        fail "appstreamcli validate"
fi
bash "$pkg/resources/linux/install-desktop-entry.sh" --uninstall >/dev/null
[[ ! -e "$entry" ]] || fail "--uninstall left $entry"

step "the main window is constructed offscreen"
"$venv/bin/python" - "$pkg" <<'EOF'
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

app = QApplication([])
import shiboken6

import digitpad.ui.main_window
from digitpad.ui.main_window import MainWindow

where = Path(digitpad.ui.main_window.__file__).resolve()
assert Path(sys.argv[1]).resolve() in where.parents, f"MainWindow from {where}"
w = MainWindow()
count = w.model_selector.count()
assert count >= 5, f"the model selector lists {count} models"
print(f"MainWindow: {count} models, title {w.windowTitle()!r}")
shiboken6.delete(w)
EOF

step "all passed in $((SECONDS - started))s"
