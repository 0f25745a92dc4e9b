"""Render docs/window.png: the real window with a digit drawn and a CNN training run in progress.

DIGITPAD_DATA_DIR=... xvfb-run -s "-screen 0 1500x950x24" python docs/window_screenshot.py [--seconds 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import shiboken6  # noqa: E402
from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

DOCS = Path(__file__).resolve().parent


def draw(canvas, strokes) -> None:  # noqa: ANN001
    def at(x: float, y: float) -> QPoint:
        sq = canvas.square()
        return QPoint(round(sq.left() + x * sq.width()), round(sq.top() + y * sq.height()))

    for points in strokes:
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[0]))
        for p in points[1:]:
            QTest.mouseMove(canvas, at(*p))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(*points[-1]))


def wait(ms: int) -> None:
    """Run the event loop for ``ms`` (QTest.qWait keeps the GIL and would starve the training thread)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def lerp(a: tuple[float, float], b: tuple[float, float], n: int = 12) -> list[tuple[float, float]]:
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n + 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8, help="seconds of training to show")
    parser.add_argument("--out", default=str(DOCS / "window.png"))
    parser.add_argument("--tab", choices=("training", "insight"), default="training")
    args = parser.parse_args()
    app = QApplication(sys.argv)  # noqa: F841 - must live while the window does
    from digitpad.ui.main_window import MainWindow

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1500, 920)
    window.show()
    QTest.qWaitForWindowExposed(window)
    # a '3': two arcs drawn as short segments
    top = (
        lerp((0.3, 0.22), (0.55, 0.16), 6)
        + lerp((0.55, 0.16), (0.68, 0.3), 6)[1:]
        + lerp((0.68, 0.3), (0.45, 0.47), 6)[1:]
    )
    bottom = (
        lerp((0.45, 0.47), (0.7, 0.6), 6)
        + lerp((0.7, 0.6), (0.58, 0.8), 6)[1:]
        + lerp((0.58, 0.8), (0.28, 0.78), 6)[1:]
    )
    draw(window.canvas, [top + bottom[1:]])
    panel = window.training_panel
    if args.tab == "training" and panel is not None:
        panel.data_dir_edit.setText(os.environ.get("DIGITPAD_DATA_DIR", ""))
        panel.train_button.click()
        wait(int(args.seconds * 1000))
    else:
        window.insight_dock.raise_()
        wait(500)
    window.grab().save(args.out)
    print(f"wrote {args.out}: prediction {window.prediction_view.digit_label.text()!r}")
    window.close()
    shiboken6.delete(window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
