"""The learning-rate range test in the Training panel (core `lr_range_test`, Smith 2015): for the chosen model and
batch size, the loss against a learning rate that grows every step, plotted as it comes (log x axis), the suggested
rate marked, and a button that puts the suggestion into the form (`lr_chosen`).

The test runs off the GUI thread in the view's own `JobRunner`; the panel never runs it beside a training run.
Texts follow the interface language, live: the status line is kept as the function that words it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.data.mnist import DataMissingError
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training.loop import TrainConfig
from digitpad.core.training.lr_finder import LRCurve, LRPoint, lr_range_test
from digitpad.core.training.runs import DataLoader, load_from_folder
from digitpad.ui.common.naming import named
from digitpad.ui.common.plot_axes import DecadeAxis, PlotAxis
from digitpad.ui.training.options import ERROR_COLOUR, Wording, error_text, run_error
from digitpad.ui.training.plots import (
    LOSS_UNIT,
    TRAIN_COLOUR,
    VAL_COLOUR,
    EmptyState,
    GrowingBuffer,
    LivePlot,
    plot_text,
    themed,
)
from digitpad.ui.workers.runner import JobRunner

START_LR, END_LR = 1e-6, 1.0  # as `digitpad lr-find`'s defaults
LR_STEPS = 100
NO_TEST = QT_TRANSLATE_NOOP("TrainingPlots", "No test yet — press Find learning rate")
LOADING = QT_TRANSLATE_NOOP("TrainingPlots", "Loading data…")


@dataclass(frozen=True)
class LRFindJob:
    model: str
    batch_size: int
    optimizer: str
    seed: int
    device: str
    data_root: Path
    download: bool = False
    loader: DataLoader = field(default=load_from_folder)
    steps: int = LR_STEPS


def run_lr_find(job: LRFindJob, state: JobState) -> LRCurve:
    """Load MNIST and run the range test: `LRPoint`s go out as ``state.progress``; a stop keeps the curve so far."""
    data = job.loader(job.data_root, job.download)
    state.raise_if_cancelled()
    return lr_range_test(
        job.model,
        data,
        state,
        start_lr=START_LR,
        end_lr=END_LR,
        steps=job.steps,
        batch_size=job.batch_size,
        seed=job.seed,
        optimizer=job.optimizer,
        device=job.device,
    )


class LRPlot(LivePlot):
    """The smoothed loss against the learning rate (log scale), and the suggested rate: a dashed line and a dot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        axes = {"left": PlotAxis("left"), "bottom": DecadeAxis("bottom")}
        super().__init__(parent, axisItems=axes)
        self.setObjectName("lrFindPlot")
        self.setMinimumHeight(150)
        self._buffer = GrowingBuffer(columns=2)  # learning rate, smoothed loss
        item = self.getPlotItem()
        item.getAxis("left").enableAutoSIPrefix(False)
        item.setLogMode(x=True)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.addLegend(offset=(10, -10))  # bottom left: the loss starts high and falls to the right
        self.curve = item.plot(pen=pg.mkPen(TRAIN_COLOUR, width=2), name="")
        self.marker = item.plot(pen=None, symbol="o", symbolSize=10, symbolBrush=VAL_COLOUR, name="")
        self.marker_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(VAL_COLOUR, style=Qt.PenStyle.DashLine))
        item.addItem(self.marker_line, ignoreBounds=True)
        self.marker_line.hide()
        self.empty_state = EmptyState(item, NO_TEST)
        self._retranslate()
        themed(self, [item])

    @property
    def point_count(self) -> int:
        return len(self._buffer)

    def append(self, points: Sequence[LRPoint]) -> None:
        """Add a batch of the test's steps and redraw once."""
        rows = np.array([(p.lr, p.loss) for p in points if math.isfinite(p.loss)], dtype=np.float64)
        if not len(rows):
            return
        self._buffer.extend(rows)
        self.empty_state.hide()
        self.curve.setData(self._buffer.column(0), self._buffer.column(1))
        box = self.getPlotItem().getViewBox()
        box.enableAutoRange(x=False)
        box.setXRange(math.log10(START_LR), math.log10(END_LR), padding=0.02)  # the curve grows to the right
        self._fit_losses()

    def _fit_losses(self) -> None:
        """The loss axis from the lowest loss to a little above the first: the divergence at the end shoots up by
        far more, and showing all of it would flatten the part that matters."""
        losses = self._buffer.column(1)
        top = min(float(losses.max()), 1.25 * float(losses[0]))
        box = self.getPlotItem().getViewBox()
        box.enableAutoRange(y=False)
        box.setYRange(float(losses.min()), max(top, float(losses.min()) + 1e-3), padding=0.05)

    def show_curve(self, curve: LRCurve) -> None:
        """The whole test as it ended, with its suggestion marked (none: no mark)."""
        self.reset(NO_TEST)
        finite = np.isfinite(curve.losses)
        if finite.any():
            self._buffer.extend(np.column_stack([curve.lrs[finite], curve.losses[finite]]))
            self.empty_state.hide()
            self.curve.setData(self._buffer.column(0), self._buffer.column(1))
            self._fit_losses()
        if curve.suggestion is None:
            return
        index = int(np.argmin(np.abs(np.log(curve.lrs) - math.log(curve.suggestion))))
        self.marker.setData([curve.suggestion], [curve.losses[index]])
        self.marker_line.setValue(math.log10(curve.suggestion))  # the view's x is log10(lr)
        self.marker_line.show()

    def reset(self, text: object = NO_TEST) -> None:
        self._buffer.clear()
        self.curve.setData([], [])
        self.marker.setData([], [])
        self.marker_line.hide()
        self.empty_state.show(text)

    def _retranslate(self) -> None:
        item = self.getPlotItem()
        item.setTitle(self.tr("Loss by learning rate"))  # short: the plot is as narrow as its dock
        item.setLabel("bottom", self.tr("learning rate"))
        item.setLabel("left", plot_text(LOSS_UNIT))
        item.legend.getLabel(self.curve).setText(self.tr("loss, smoothed"))
        item.legend.getLabel(self.marker).setText(self.tr("suggested learning rate"))
        super()._retranslate()


class LRFindView(QWidget):
    """The range test's sentence, plot, status line and "Use" button; `start` runs a test, `stop` ends it early
    with the curve so far. ``running_changed`` says when a test starts and when its thread has ended."""

    running_changed = Signal(bool)
    lr_chosen = Signal(float)  # the suggested learning rate, when the user takes it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lrFindView")
        self.suggestion: float | None = None
        self._steps = LR_STEPS
        self._config = TrainConfig()  # the test's model and batch size, for the words of its errors
        self._data_hint = False  # whether a missing MNIST may be downloaded: the error then says how
        self._status: Wording = lambda: self.tr("Press Find learning rate to test the model chosen above.")
        self._runner = JobRunner("lr-find", self)
        self.note = named(QLabel(), "lrFindNote")
        self.note.setWordWrap(True)
        self.plot = LRPlot()
        self.status_label = named(QLabel(), "lrFindStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = named(QPushButton(), "lrFindUseButton")
        self.use_button.hide()
        self.use_button.clicked.connect(self._on_use_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.status_label, stretch=1)
        row.addWidget(self.use_button, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addLayout(row)  # above the plot: the suggestion and its button stay in sight in a short dock
        layout.addWidget(self.plot, stretch=1)
        layout.addStretch(0)
        self.plot.setMaximumHeight(440)  # as tall as the dock shows at once: the whole curve in sight
        self._runner.progress.connect(self._on_runner_progress)
        self._runner.returned.connect(self._on_runner_returned)
        self._runner.errored.connect(self._on_runner_errored)
        self._runner.aborted.connect(self._on_runner_aborted)
        self._runner.finished.connect(self._on_runner_finished)
        self._retranslate()

    @property
    def running(self) -> bool:
        return self._runner.running

    @property
    def stopping(self) -> bool:
        return self._runner.stopping

    def start(self, job: LRFindJob) -> None:
        if self._runner.running:
            return
        self._steps, self._config = job.steps, TrainConfig(model=job.model, batch_size=job.batch_size)
        self._show_suggestion(None)
        self.plot.reset(LOADING)
        folder = job.data_root
        self._set_status(lambda: self.tr("Loading MNIST from {folder}…").format(folder=folder))
        self._data_hint = not job.download
        self._runner.start(partial(run_lr_find, job))
        self.running_changed.emit(True)

    def stop(self) -> None:
        if self._runner.running:
            self._runner.stop()
            self._set_status(lambda: self.tr("Stopping after this step…"))

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel a test in progress and wait for its thread; nothing more of it reaches the view."""
        if self._runner.running:
            self._runner.shutdown(timeout_ms)

    def _on_runner_progress(self, points: list[LRPoint]) -> None:
        if not points:
            return
        self.plot.append(points)
        if self._runner.stopping:
            return
        last = points[-1]
        self._set_status(
            lambda: self.tr("Step {step}/{steps} · learning rate {lr:.1e} · loss {loss:.3f}").format(
                step=last.step, steps=last.steps, lr=last.lr, loss=last.loss
            )
        )

    def _on_runner_returned(self, curve: LRCurve) -> None:
        self.plot.show_curve(curve)
        self._show_suggestion(curve.suggestion)
        last_lr = float(curve.lrs[-1]) if len(curve.lrs) else START_LR
        self._set_status(partial(self._result_text, curve.status, len(curve.lrs), last_lr))

    def _result_text(self, status: str, steps: int, last_lr: float) -> str:
        if self.suggestion is None:
            return self.tr("{steps} steps are too few to suggest a learning rate.").format(steps=steps)
        suggested = self.tr("Suggested learning rate: {lr:.1e}, where the loss falls fastest.").format(
            lr=self.suggestion
        )
        if status == "diverged":
            return self.tr("The loss shot up at learning rate {lr:.1e}, after {steps} steps. {suggested}").format(
                lr=last_lr, steps=steps, suggested=suggested
            )
        if status == "stopped":
            return self.tr("Stopped after {steps} steps. {suggested}").format(steps=steps, suggested=suggested)
        return suggested

    def _on_runner_errored(self, exc: Exception) -> None:
        config, hint = self._config, isinstance(exc, DataMissingError) and self._data_hint
        self.plot.reset(NO_TEST)
        self._set_status(lambda: error_text(run_error(exc, config), hint), ERROR_COLOUR)

    def _on_runner_aborted(self) -> None:
        self.plot.reset(NO_TEST)
        self._set_status(lambda: self.tr("The test was cancelled."))

    def _on_runner_finished(self) -> None:
        self.running_changed.emit(False)

    def _on_use_button_clicked(self) -> None:
        if self.suggestion is not None:
            self.lr_chosen.emit(self.suggestion)

    def _show_suggestion(self, suggestion: float | None) -> None:
        self.suggestion = suggestion
        self.use_button.setVisible(suggestion is not None)
        self._retranslate()

    def _set_status(self, status: Wording, colour: str = "") -> None:
        self._status = status
        self.status_label.setText(status())
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.note.setText(
            self.tr(
                "A copy of the model trains {steps} steps, one batch each, at a learning rate growing from {start:g} "
                "to {end:g}. Where the loss falls fastest, training learns fastest; where it shoots up, training "
                "breaks."
            ).format(steps=self._steps, start=START_LR, end=END_LR)
        )
        if self.suggestion is not None:
            self.use_button.setText(self.tr("Use {lr:.1e}").format(lr=self.suggestion))
            self.use_button.setToolTip(self.tr("Put the suggested learning rate into the Learning rate field"))
        self.status_label.setText(self._status())
