"""digitpad's own start (run_app, as `python -m digitpad` runs it), timed from outside: prints, as JSON of Unix times,
when the event loop first runs with the window shown and when the models are in (load_models has returned), then
quits. Run by the start-up benchmark (benchmarks/sections.py) and the start-up test (tests/ui/test_app_start.py)."""

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from digitpad.ui import app
from digitpad.ui.main_window import MainWindow

times = {}
load_models = MainWindow.load_models


def load_models_and_report(window):
    load_models(window)
    times["first_prediction_possible"] = time.time()
    print(json.dumps(times), flush=True)
    QApplication.instance().quit()


MainWindow.load_models = load_models_and_report
qt_app = QApplication(["digitpad"])
QTimer.singleShot(0, lambda: times.setdefault("window_shown", time.time()))  # run_app has shown the window by then
sys.exit(app.run_app(["digitpad"]))
