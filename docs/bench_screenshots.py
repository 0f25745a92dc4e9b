"""Render the README's pictures of the engineer's bench at 1280x800: docs/runs_compare.png (two recorded runs'
curves overlaid), docs/runs_histograms.png (a CNN's weights over time), docs/lr_finder.png (the Training panel's
learning-rate range test), docs/projector.png (the test set's PCA map with a drawn 3) and
docs/attributions.png (integrated gradients of the drawn 3).

DIGITPAD_DATA_DIR=... xvfb-run -a -s "-screen 0 1280x800x24" python docs/bench_screenshots.py

Runs as a fresh user; it first trains two short models with `digitpad train` (about a minute on 2 cores) so that
the run history holds real runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
_FRESH = tempfile.mkdtemp(prefix="digitpad-shots-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_FRESH, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_FRESH, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_FRESH, "cache")

import shiboken6  # noqa: E402
from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from window_screenshots import DOCS, SIZE, draw, three, wait  # noqa: E402

RUNS = (  # (model, epochs): short runs whose curves differ
    ("mlp", "3"),
    ("cnn", "2"),
)


def train_runs() -> None:
    for model, epochs in RUNS:
        out = os.path.join(_FRESH, f"{model}.pt")
        command = [sys.executable, "-m", "digitpad", "train", "--model", model, "--epochs", epochs, "--no-pen-data"]
        subprocess.run([*command, "--out", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def shot(name: str) -> None:
    wait(800)
    QApplication.primaryScreen().grabWindow(0).copy(0, 0, *SIZE).save(str(DOCS / name))
    print("wrote", DOCS / name)


def wait_for(done, ms: int = 120_000) -> None:  # noqa: ANN001
    for _ in range(ms // 250):
        if done():
            return
        wait(250)


def main() -> int:
    train_runs()
    app = QApplication(sys.argv[:1])  # noqa: F841  (kept alive for the whole run)
    from digitpad.ui import docks
    from digitpad.ui.insight.saliency_methods import INTEGRATED_GRADIENTS
    from digitpad.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(os.path.join(_FRESH, "digitpad.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    QTest.qWaitForWindowExposed(window)
    draw(window.canvas, three())
    assert window.runs_panel is not None and window.training_panel is not None and window.insight_panel is not None

    docks.show(window.runs_dock)
    runs = window.runs_panel
    wait_for(lambda: runs.model.rowCount() >= len(RUNS))
    runs.select_runs([2, 1])
    shot("runs_compare.png")
    runs.select_runs([2])
    runs.tabs.setCurrentWidget(runs.histograms)
    shot("runs_histograms.png")

    panel = window.training_panel
    docks.show(window.training_dock)
    panel.pen_data_check.setChecked(False)
    panel.lr_find_button.click()
    wait_for(lambda: not panel.lr_find_view.running)
    scroll = window.training_dock.widget()  # the plot's top at the dock's top
    scroll.verticalScrollBar().setValue(panel.lr_find_view.mapTo(scroll.widget(), QPoint(0, 0)).y() - 60)
    shot("lr_finder.png")

    insight = window.insight_panel
    docks.show(window.insight_dock)
    insight.tabs.setCurrentWidget(insight.projector_view)
    wait_for(lambda: not insight.projector_view.is_busy() and insight.projector_view.embedding() is not None)
    shot("projector.png")

    saliency = insight.saliency_view
    insight.tabs.setCurrentWidget(saliency)
    saliency.method_chooser.setCurrentIndex(saliency.method_chooser.findData(INTEGRATED_GRADIENTS))
    wait(3000)
    shot("attributions.png")

    window.close()
    shiboken6.delete(window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
