"""The real start (`run_app`, what `python -m digitpad` runs) in a fresh process: the window first, then torch and
the models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digitpad.ui import app

# digitpad's own start (run_app, as `python -m digitpad` runs it), timed from outside by the benchmarks' probe.
STARTUP_PROBE = Path(__file__).resolve().parents[2] / "benchmarks" / "startup_probe.py"


def test_digitpad_opens_its_window_then_becomes_ready_to_predict(tmp_path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    out = subprocess.run([sys.executable, str(STARTUP_PROBE)], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    times = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    assert times["window_shown"] <= times["first_prediction_possible"]
    assert "Traceback" not in out.stderr


BROKEN_TORCH = """
import sys
from PySide6.QtWidgets import QApplication, QMessageBox
from digitpad.ui import app
from digitpad.ui import docks

def broken():
    raise ImportError("libtorch_cpu.so: cannot open shared object file")

def critical(parent, title, text):
    print("VISIBLE", parent.isVisible(), "TORCH", "torch" in sys.modules)
    print(text)
    print("DETAIL", parent.prediction_view.detail.text())
    QApplication.instance().quit()

docks.import_model_modules = broken
QMessageBox.critical = critical
print("EXIT", app.run_app(["digitpad"]))
"""


def test_a_broken_torch_install_is_reported_and_the_window_stays(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", BROKEN_TORCH], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "VISIBLE True" in out.stdout, "the message comes over the open window"
    assert "libtorch_cpu.so" in out.stdout and "Reinstall" in out.stdout
    assert "DETAIL No predictions: PyTorch could not be loaded" in out.stdout, "not 'Loading…' for ever"
    assert "EXIT 0" in out.stdout and "Traceback" not in out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_without_a_display_digitpad_says_what_to_do_and_exits_without_a_qt_abort(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    script = Path(sys.executable).with_name("digitpad")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "digitpad"]
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "no display" in out.stderr and "digitpad train" in out.stderr and "ssh -X" in out.stderr
    assert "QT_QPA_PLATFORM=offscreen" in out.stderr
    assert "xcb" not in out.stderr and "Aborted" not in out.stderr and "Traceback" not in out.stderr


def test_missing_qt_system_libraries_are_named_with_their_packages() -> None:
    have = {"xcb-icccm", "xcb-image", "xcb-render-util"}

    def find_library(name: str) -> str | None:
        return f"lib{name}.so" if name in have else None

    assert app.missing_xcb_libraries(find_library) == ["xcb-cursor", "xcb-keysyms", "xkbcommon-x11"]
    message = app.display_problem({"DISPLAY": ":0"}, "linux", find_library)
    assert message is not None
    assert "libxcb-cursor, libxcb-keysyms, libxkbcommon-x11" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-keysyms1 libxkbcommon-x11-0" in message
    assert app.display_problem({"DISPLAY": ":0"}, "linux", lambda name: f"lib{name}.so") is None


def test_the_display_check_leaves_other_platforms_alone() -> None:
    def none(_name: str) -> None:
        return None

    assert app.display_problem({}, "linux", none) == app.NO_DISPLAY
    assert app.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", none) is None
    assert app.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", none) is None
    assert app.display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux", none) is not None  # asked for X11 libraries
    assert app.display_problem({}, "darwin", none) is None and app.display_problem({}, "win32", none) is None
