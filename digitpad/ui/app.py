"""Application start: the window shows before torch has loaded (about 0.5 s), torch and the model modules load in a
background thread while the canvas already takes strokes, then the models load and the drawing is predicted."""

from __future__ import annotations

import ctypes.util
import os
import sys
import threading
from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import digitpad
from digitpad.core.runtime.paths import resources_dir
from digitpad.ui import docks
from digitpad.ui.common import i18n, theme
from digitpad.ui.main_window import MainWindow
from digitpad.ui.state import AppState


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resources_dir() / "icons" / f"digitpad-{size}.png"))
    return icon


class _BackgroundImport(QObject):
    """Runs an import function in a thread; `finished(error)` arrives in the GUI thread ("" on success)."""

    finished = Signal(str)

    def __init__(self, target, parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._target = target
        self._thread = threading.Thread(target=self._run, name="digitpad-import", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        if self._thread.ident is not None:  # started
            self._thread.join()

    def _run(self) -> None:
        try:
            self._target()
        except Exception as exc:  # noqa: BLE001 - reported in the window, which stays open
            self.finished.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit("")


def import_optimizer_modules() -> None:
    # Every torch optimizer step imports torch._dynamo on first use; in a training thread that import stalled the
    # GUI for up to 161 ms (benchmarks/sections.py responsiveness). Paid here instead, once nobody is drawing.
    import torch._dynamo  # noqa: F401


# What Qt's xcb platform plugin loads besides libxcb itself, as find_library names them, with their Debian/Ubuntu
# packages. The PySide6 wheel does not bring them; without one Qt aborts with a message naming only xcb-cursor0.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}
NO_DISPLAY = (
    "digitpad: cannot open its window: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set). "
    "Without a screen, use the commands `digitpad train`, `digitpad eval` and `digitpad predict` "
    "(see `digitpad --help`); over SSH, connect with `ssh -X` to show the window on your own screen; "
    "or set QT_QPA_PLATFORM=offscreen to run the window with nothing shown (for tests)."
)


def missing_xcb_libraries(find_library: Callable[[str], str | None] = ctypes.util.find_library) -> list[str]:
    """The libraries of `XCB_LIBRARIES` that the system lacks."""
    return [name for name in XCB_LIBRARIES if not find_library(name)]


def display_problem(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """Why Qt could not open a window here, in words, or None when it can (as far as can be told beforehand)."""
    if not platform.startswith("linux"):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: Qt is told what to use
    if not qpa:
        if environ.get("WAYLAND_DISPLAY"):
            return None
        if not environ.get("DISPLAY"):
            return NO_DISPLAY
    missing = missing_xcb_libraries(find_library)
    if not missing:
        return None
    packages = " ".join(XCB_LIBRARIES[name] for name in missing)
    return (
        f"digitpad: cannot open its window: Qt's X11 support needs system libraries this machine lacks: "
        f"{', '.join('lib' + name for name in missing)}. On Debian or Ubuntu install them with "
        f"`sudo apt-get install {packages}` (other systems name them alike), then start digitpad again. "
        "Without a window, `digitpad train|eval|predict` work as they are."
    )


def run_app(argv: list[str] | None = None) -> int:
    """Open the window and run the event loop; returns the exit code (1, with a message, when no window can open
    here: no display, or Qt's system libraries missing)."""
    existing = QApplication.instance()
    if existing is None and (problem := display_problem()):
        print(problem, file=sys.stderr)
        return 1
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    app.setApplicationDisplayName("digitpad")
    app.setApplicationVersion(digitpad.__version__)
    app.setDesktopFileName("io.github.digitpad.Digitpad")  # matches the .desktop entry
    app.setWindowIcon(app_icon())
    state = AppState(parent=app)
    theme.apply_theme(app, state.theme)
    theme.follow_system(app)
    i18n.apply_language(state.language, app)  # before the window is built: it starts in that language

    window = MainWindow(load_models=False, deferred=True, state=state)
    window.show()
    app.aboutToQuit.connect(window.close)  # a quit from outside the window still stops training and saves settings
    loader = _BackgroundImport(docks.import_model_modules, app)
    warmup = _BackgroundImport(import_optimizer_modules, app)

    def models_imported(error: str) -> None:
        if error:
            _report_broken_torch(window, error)
            return
        window.build_model_parts()
        window.load_models()
        _when_pen_is_up(window, warmup.start)

    loader.finished.connect(models_imported)
    QTimer.singleShot(0, loader.start)  # after the first paint
    code = app.exec()
    loader.wait()  # an import still running must not race the interpreter's exit
    warmup.wait()
    # Destroy the window while the application still exists: pyqtgraph items torn down during the
    # interpreter's exit can crash it.
    shiboken6.delete(window)
    return code


def _report_broken_torch(window: MainWindow, error: str) -> None:
    """The window stays for drawing, and says plainly why nothing will be predicted."""
    window.status.show_torch_unavailable(error)
    window.prediction_view.set_waiting(
        QCoreApplication.translate("App", "No predictions: PyTorch could not be loaded. Drawing still works.")
    )
    QMessageBox.critical(
        window,
        "digitpad",
        QCoreApplication.translate(
            "App",
            "PyTorch could not be loaded, so digitpad cannot predict or train:\n\n{error}\n\n"
            "Reinstall it (pip install --force-reinstall digitpad) and start digitpad again.",
        ).format(error=error),
    )


def _when_pen_is_up(window: MainWindow, start, delay_ms: int = 1500) -> None:  # noqa: ANN001
    """Call ``start`` once, when the drawing has not changed for ``delay_ms``."""
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    connection = window.canvas.drawing_changed.connect(timer.start)  # each change pushes it back

    def fire() -> None:
        window.canvas.drawing_changed.disconnect(connection)
        timer.deleteLater()
        start()

    timer.timeout.connect(fire)
    timer.start()
