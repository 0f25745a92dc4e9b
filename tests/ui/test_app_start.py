"""The real start, `python -m digitpad`, in a fresh process: the window first, then torch and the models."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_digitpad_opens_its_window_then_becomes_ready_to_predict(tmp_path) -> None:
    env = {
        **os.environ,
        "DIGITPAD_STARTUP_PROBE": "1",  # prints when the window showed and when it could predict, then quits
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    out = subprocess.run([sys.executable, "-m", "digitpad"], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    times = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    assert times["window_shown"] <= times["first_prediction_possible"]
    assert "Traceback" not in out.stderr
