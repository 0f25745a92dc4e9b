"""Render the README's pictures of the real window at 1280x800: docs/window.png (a drawn 3, a CNN training run
in progress), docs/feature_maps.png, docs/lstm_gates.png, docs/test_set.png, docs/window_dark.png and the
Explain tab's docs/explain_conv.png, docs/explain_softmax.png and docs/explain_lstm.png, and the GAN's
docs/gan_training.png (a run in progress) and docs/generated.png (a generated 7 on the canvas).
With ``--language zh_CN``, the window in Simplified Chinese: docs/window_zh_CN.png, explain_conv_zh_CN.png,
lstm_gates_zh_CN.png and explain_lstm_zh_CN.png (needs a Chinese font, e.g. Debian's fonts-noto-cjk).

DIGITPAD_DATA_DIR=... xvfb-run -a -s "-screen 0 1280x800x24" python docs/window_screenshots.py [--language zh_CN]

Runs as a fresh user (temporary settings and data folders), so nothing remembered changes what is shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
_FRESH = tempfile.mkdtemp(prefix="digitpad-shots-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_FRESH, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_FRESH, "data")

import shiboken6  # noqa: E402
from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

DOCS = Path(__file__).resolve().parent
SIZE = (1280, 800)
LANGUAGE = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else "en"
TRANSLATED_SHOTS = ("window.png", "explain_conv.png", "lstm_gates.png", "explain_lstm.png")  # for README.zh-CN.md


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
    """Run the event loop for ``ms`` (QTest.qWait keeps the GIL and would starve a worker thread)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def lerp(a: tuple[float, float], b: tuple[float, float], n: int = 6) -> list[tuple[float, float]]:
    return [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(n + 1)]


def three() -> list[list[tuple[float, float]]]:
    top = lerp((0.3, 0.22), (0.55, 0.16)) + lerp((0.55, 0.16), (0.68, 0.3))[1:] + lerp((0.68, 0.3), (0.45, 0.47))[1:]
    bottom = lerp((0.45, 0.47), (0.7, 0.6)) + lerp((0.7, 0.6), (0.58, 0.8))[1:] + lerp((0.58, 0.8), (0.28, 0.78))[1:]
    return [top + bottom[1:]]


def shot(window, name: str) -> None:  # noqa: ANN001
    if LANGUAGE != "en":
        if name not in TRANSLATED_SHOTS:
            return
        name = name.replace(".png", f"_{LANGUAGE}.png")
    wait(600)
    QApplication.primaryScreen().grabWindow(0).copy(0, 0, *SIZE).save(str(DOCS / name))
    print("wrote", DOCS / name, "- prediction:", window.prediction_view.digit_label.text())


def main() -> int:
    app = QApplication(sys.argv[:1])
    from digitpad.ui import docks
    from digitpad.ui.common import theme
    from digitpad.ui.main_window import MainWindow

    settings = QSettings(os.path.join(_FRESH, "digitpad.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.state.set_language(LANGUAGE)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    QTest.qWaitForWindowExposed(window)
    draw(window.canvas, three())
    insight = window.insight_panel
    assert insight is not None and window.training_panel is not None

    # The default CNN on $DIGITPAD_DATA_DIR; without the pen-digit renders (a minute on 2 cores) so that the
    # picture shows the run itself.
    window.training_panel.pen_data_check.setChecked(False)
    window.training_panel.train_button.click()
    wait(14000)
    shot(window, "window.png")
    window.training_panel.stop_button.click()
    for _ in range(60):  # "Keep this model?" comes once the current batch is done: not for the pictures
        wait(250)
        boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
        for box in boxes:
            box.reject()
        if boxes:
            break

    docks.show(window.insight_dock)
    insight.tabs.setCurrentWidget(insight.feature_map_view)
    shot(window, "feature_maps.png")

    insight.tabs.setCurrentWidget(insight.confusion_view)
    insight.confusion_view.evaluate()
    for _ in range(120):
        wait(250)
        if not insight.confusion_view._runner.running:
            break
    shot(window, "test_set.png")

    explain = insight.explain_view
    insight.tabs.setCurrentWidget(explain)
    explain.select({"section": "conv", "layer": "features.conv1", "channel": 3, "row": 12, "col": 14})
    shot(window, "explain_conv.png")
    explain.show_section("output")
    shot(window, "explain_softmax.png")

    window.select_model(window.catalog.row_of("lstm"))
    insight.tabs.setCurrentWidget(insight.lstm_view)
    shot(window, "lstm_gates.png")
    insight.tabs.setCurrentWidget(explain)
    explain.select({"section": "recurrent", "step": 14, "unit": 5})
    shot(window, "explain_lstm.png")

    # The conditional GAN: a run in progress (its losses, D's accuracy, digits emerging in the sample grid), then
    # a digit the shipped generator made on the canvas, read by the CNN.
    window.select_model(window.catalog.row_of("cnn"))
    panel = window.training_panel
    docks.show(window.training_dock)
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("gan"))
    panel.train_button.click()
    wait(25000)
    window.training_dock.widget().ensureWidgetVisible(panel.gan_view.sample_grid, 0, 0)  # the digits emerging
    shot(window, "gan_training.png")
    panel.stop_button.click()
    for _ in range(60):
        wait(250)
        boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
        for box in boxes:
            box.reject()
        if boxes:
            break
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("cnn"))
    generate = window.canvas_panel.generate_row
    generate.digit_choice.setCurrentIndex(generate.digit_choice.findData(7))
    generate.generate_button.click()
    docks.show(window.insight_dock)
    insight.tabs.setCurrentWidget(insight.feature_map_view)
    shot(window, "generated.png")
    window.canvas.undo()

    insight.tabs.setCurrentWidget(insight.saliency_view)
    theme.apply_theme(app, "dark")
    shot(window, "window_dark.png")

    window.close()
    shiboken6.delete(window)
    return 0


if __name__ == "__main__":
    sys.exit(main())
