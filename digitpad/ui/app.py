"""Application start: a splash appears at once, the window as soon as torch is imported, then the models load."""

from __future__ import annotations

import json
import os
import sys
import time

import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen

import digitpad
from digitpad.core.paths import resources_dir
from digitpad.ui import theme


def _splash() -> QSplashScreen:
    dark = theme.is_dark()
    pixmap = QPixmap(420, 180)
    pixmap.fill(QColor("#202124" if dark else "#f3f3f5"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#e8e8ea" if dark else "#1c1c1e"))
    font = QFont()
    font.setPointSize(26)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect().adjusted(0, 0, 0, -40), Qt.AlignmentFlag.AlignCenter, "digitpad")
    font.setPointSize(11)
    font.setBold(False)
    painter.setFont(font)
    painter.drawText(pixmap.rect().adjusted(0, 70, 0, 0), Qt.AlignmentFlag.AlignCenter, "Loading the models…")
    painter.end()
    return QSplashScreen(pixmap)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resources_dir() / "icons" / f"digitpad-{size}.png"))
    return icon


class _StartupProbe:
    """DIGITPAD_STARTUP_PROBE=1 (benchmarks/run.py): print when the window showed and when it could first predict,
    as Unix times, then quit."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.times = {"window_shown": time.time()}

    def finish(self) -> None:
        self.times["first_prediction_possible"] = time.time()
        print(json.dumps(self.times), flush=True)
        self.app.quit()


def run_app(argv: list[str] | None = None) -> int:
    """Open the window and run the event loop; returns the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    app.setApplicationDisplayName("digitpad")
    app.setApplicationVersion(digitpad.__version__)
    app.setDesktopFileName("io.github.digitpad.Digitpad")  # matches the .desktop entry
    app.setWindowIcon(app_icon())
    theme.apply_theme(app, str(QSettings().value("view/theme", "system")))
    theme.follow_system(app)

    splash = _splash()
    splash.show()
    app.processEvents()

    from digitpad.ui.main_window import MainWindow  # imports torch: seconds on a cold start

    window = MainWindow(load_models=False)
    window.show()
    app.aboutToQuit.connect(window.close)  # a quit from outside the window still stops training and saves settings
    splash.finish(window)
    probe = _StartupProbe(app) if os.environ.get("DIGITPAD_STARTUP_PROBE") else None
    QTimer.singleShot(0, window.load_models)  # after the first paint
    if probe is not None:
        QTimer.singleShot(0, probe.finish)
    code = app.exec()
    # Destroy the window while the application still exists: pyqtgraph items torn down during the
    # interpreter's exit can crash it.
    shiboken6.delete(window)
    return code
