"""The parts of the main window that need torch: the modules to import (app.py imports them in a background thread
while the torch-free window is already up) and the docks that hold the panels built from them.

Each panel sits in a scroll area in its dock: a panel taller or wider than the dock scrolls, and no panel's minimum
size can widen the window (the canvas keeps the room). The docks' titles are English in `DOCKS` and translated by
`retitle`, which the window calls again on `LanguageChange`."""

from __future__ import annotations

import importlib
import itertools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QMainWindow, QScrollArea, QWidget

from digitpad.ui.common.i18n import describe

if TYPE_CHECKING:
    from digitpad.ui.drawing.canvas import DrawingCanvas
    from digitpad.ui.insight.insight_panel import InsightPanel
    from digitpad.ui.my_digits.panel import MyDigitsPanel
    from digitpad.ui.runs.panel import RunsPanel
    from digitpad.ui.state import AppState
    from digitpad.ui.training.panel import TrainingPanel

log = logging.getLogger(__name__)

MODEL_MODULES = (
    "torch",
    "digitpad.ui.dialogs",
    "digitpad.ui.prediction.predictor",
    "digitpad.ui.workers.torch_threads",
    "digitpad.ui.insight",
    "digitpad.ui.my_digits.panel",
    "digitpad.ui.training.panel",
    "digitpad.ui.runs.panel",
)
DOCKS = (
    (QT_TRANSLATE_NOOP("Docks", "Training"), "trainingDock"),
    (QT_TRANSLATE_NOOP("Docks", "Inside the model"), "insightDock"),
    (QT_TRANSLATE_NOOP("Docks", "My digits"), "myDigitsDock"),
    (QT_TRANSLATE_NOOP("Docks", "Runs"), "runsDock"),
)
DOCK_WIDTH = 380  # the docks' width in the default layout; the canvas and the prediction column get the rest
MIN_DOCK_WIDTH = 240  # a dock narrower than this scrolls sideways


def import_model_modules() -> None:
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            if name != "digitpad.ui.training.panel":
                raise
            log.warning("the training panel could not be loaded: %s", exc)  # the window works without it


class DockNote(QLabel):
    """What a dock shows instead of its panel: "Loading…", or why the panel could not be loaded (``error``)."""

    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self._error = error
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self._error is None:
            self.setText(self.tr("Loading…"))
        else:
            self.setText(self.tr("The training panel could not be loaded: {error}").format(error=self._error))


def add_docks(window: QMainWindow) -> tuple[QDockWidget, QDockWidget, QDockWidget, QDockWidget]:
    """The training, insight, my-digits and runs docks, tabbed on the right with the training one in front, each with a
    "Loading…" placeholder until its panel is put in: the layout is final from the first paint, and a restored
    window state puts the docks back at once."""
    features = (
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    docks = []
    for _, name in DOCKS:
        dock = QDockWidget(window)
        dock.setObjectName(name)
        dock.setFeatures(features)
        put_in(dock, DockNote())
        docks.append(dock)
    retitle(docks)
    training, insight, my_digits, runs = docks
    arrange(window, docks)
    return training, insight, my_digits, runs


def retitle(docks: Sequence[QDockWidget]) -> None:
    """Set the docks' titles in the interface language. A dock's title renames its toggle action too, so the View
    menu names its toggles after this."""
    titles = {name: title for title, name in DOCKS}
    for dock in docks:
        dock.setWindowTitle(QCoreApplication.translate("Docks", str(titles[dock.objectName()])))


def arrange(window: QMainWindow, docks: Sequence[QDockWidget]) -> None:
    """The default layout (also View > Reset layout): every dock open, docked on the right, tabbed in their order,
    the first (training) one in front, `DOCK_WIDTH` wide."""
    training = docks[0]
    for dock in docks:  # out of the layout first: tabifying docks that are already tabs of each other crashes Qt
        dock.setFloating(False)
        window.removeDockWidget(dock)
    for dock in docks:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.setFloating(False)
        dock.show()
    for before, after in itertools.pairwise(docks):
        window.tabifyDockWidget(before, after)
    training.raise_()
    window.resizeDocks([training], [DOCK_WIDTH], Qt.Orientation.Horizontal)  # the canvas comes first


def fill_training_dock(dock: QDockWidget, state: AppState) -> TrainingPanel | None:
    """The training panel in its dock, or a line saying why it could not be loaded (the window works without)."""
    try:
        from digitpad.ui.training.panel import TrainingPanel
    except ImportError as exc:
        put_in(dock, DockNote(describe(exc)))
        return None
    panel = TrainingPanel(parent=None, state=state)
    put_in(dock, panel)
    return panel


def fill_model_docks(
    insight_dock: QDockWidget, my_digits_dock: QDockWidget, canvas: DrawingCanvas, state: AppState
) -> tuple[InsightPanel, MyDigitsPanel]:
    """The insight and my-digits panels in their docks, following the app state's model and data folder."""
    from digitpad.ui.insight.insight_panel import InsightPanel
    from digitpad.ui.my_digits.panel import MyDigitsPanel

    insight = InsightPanel(state=state)
    insight.example_selected.connect(insight.set_input)
    put_in(insight_dock, insight)
    insight_dock.visibilityChanged.connect(lambda shown: insight.came_into_sight() if shown else None)
    my_digits = MyDigitsPanel(state=state)
    my_digits.attach_canvas(canvas)
    put_in(my_digits_dock, my_digits)
    return insight, my_digits


def fill_runs_dock(dock: QDockWidget, state: AppState) -> RunsPanel:
    """The Runs view in its dock, following the run history while the dock is in sight."""
    from digitpad.ui.runs.panel import RunsPanel

    panel = RunsPanel(state=state)
    put_in(dock, panel)
    dock.visibilityChanged.connect(panel.set_watching)
    panel.set_watching(dock.isVisible() and not dock.visibleRegion().isEmpty())  # in front already
    return panel


def fill_docks(
    docks: tuple[QDockWidget, QDockWidget, QDockWidget, QDockWidget], canvas: DrawingCanvas, state: AppState
) -> tuple[TrainingPanel | None, InsightPanel, MyDigitsPanel, RunsPanel]:
    """The panels in the training, insight, my-digits and runs docks (of `add_docks`)."""
    training_dock, insight_dock, my_digits_dock, runs_dock = docks
    training = fill_training_dock(training_dock, state)
    return (training, *fill_model_docks(insight_dock, my_digits_dock, canvas, state), fill_runs_dock(runs_dock, state))


def show(dock: QDockWidget) -> None:
    """Open the dock (if it was closed) and bring its tab to the front."""
    dock.show()
    dock.raise_()


def put_in(dock: QDockWidget, panel: QWidget) -> None:
    """Put the panel in the dock, in a scroll area: the dock can be narrower and shorter than the panel."""
    old = dock.widget()  # the placeholder's scroll area, with the placeholder
    scroll = QScrollArea()
    scroll.setObjectName(f"{dock.objectName()}Scroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)  # the panel fills the dock, and scrolls once the dock is below its minimum
    scroll.setMinimumWidth(MIN_DOCK_WIDTH)
    scroll.setWidget(panel)
    dock.setWidget(scroll)
    if old is not None:
        old.deleteLater()


def panel_of(dock: QDockWidget) -> QWidget | None:
    """The panel in the dock (inside its scroll area)."""
    scroll = dock.widget()
    return scroll.widget() if isinstance(scroll, QScrollArea) else scroll
