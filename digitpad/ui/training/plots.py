"""Live training plots: per-step loss with a smoothed line, and per-epoch loss and accuracy (`ClassifierPlots`).

Both follow the application palette (light or dark theme) and the interface language, live. The step plot appends
to preallocated buffers that grow by doubling and calls ``setData`` once per batch of updates, as in pyqtgraph's
scrolling-plot examples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.training.loop import EpochReport
from digitpad.ui.common.naming import named
from digitpad.ui.common.plot_axes import LogLossAxis, PlotAxis

TRAIN_COLOUR = QColor("#2f7de1")
VAL_COLOUR = QColor("#e8772e")


# English, marked for translation in the "TrainingPlots" context and shown with `plot_text`, as are the empty-state
# texts the panel hands to `reset`
EMPTY_TEXT = QT_TRANSLATE_NOOP("TrainingPlots", "No run yet — press Train")
EPOCH_NOTE = QT_TRANSLATE_NOOP(
    "TrainingPlots", "Training loss is measured with augmentation and dropout on, so it can sit above validation loss."
)
LOSS_UNIT = QT_TRANSLATE_NOOP("TrainingPlots", "loss (cross-entropy)")
MIN_STEP_RANGE = 10  # steps shown at least, so the first reports do not stretch over an axis of 9.6-10.4


def plot_text(text: object) -> str:
    """``text`` (English, marked with ``QT_TRANSLATE_NOOP("TrainingPlots", ...)``) in the interface language."""
    return QCoreApplication.translate("TrainingPlots", str(text))


def themed(widget: pg.PlotWidget | pg.GraphicsLayoutWidget, plots: Sequence[pg.PlotItem]) -> None:
    """Background and axes from the widget's palette, so plots match the light or dark theme."""
    palette = widget.palette()
    widget.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    for plot in plots:
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(text)
            axis.setTextPen(text)
            axis.setLabel(axis.labelText, axis.labelUnits, color=text.name())
        plot.titleLabel.setText(plot.titleLabel.text, color=text)
        if plot.legend is not None:
            plot.legend.setLabelTextColor(text)
            for _sample, label in plot.legend.items:
                label.setText(label.text)  # the label's markup keeps its colour until it is set again
        for child in plot.items:
            if isinstance(child, pg.TextItem):  # an empty state's sentence
                child.setColor(text)


class EmptyState:
    """A plot with no data: a sentence in the middle, axes titled but without ticks. The sentence is English, shown
    with `plot_text` (again on `retranslate`)."""

    def __init__(self, item: pg.PlotItem, text: object) -> None:
        self._item = item
        self._text = text
        self.label = pg.TextItem("", anchor=(0.5, 0.5))
        item.addItem(self.label, ignoreBounds=True)
        self.show(text)

    @property
    def visible(self) -> bool:
        return self.label.isVisible()

    def show(self, text: object) -> None:
        self._text = text
        self.retranslate()
        self.label.setVisible(True)
        for name in ("left", "bottom"):
            axis = self._item.getAxis(name)
            axis.empty = True
            axis.picture = None  # redrawn without ticks
            axis.update()
        box = self._item.getViewBox()
        box.disableAutoRange()
        box.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self.label.setPos(0.5, 0.5)

    def hide(self) -> None:
        if not self.label.isVisible():
            return
        self.label.setVisible(False)
        for name in ("left", "bottom"):
            self._item.getAxis(name).empty = False
        self._item.getViewBox().enableAutoRange()

    def retranslate(self) -> None:
        self.label.setText(plot_text(self._text))


class GrowingBuffer:
    """Rows of floats in a preallocated array whose capacity doubles when full."""

    def __init__(self, columns: int, capacity: int = 1024) -> None:
        self._data = np.empty((capacity, columns), dtype=np.float64)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def capacity(self) -> int:
        return len(self._data)

    def extend(self, rows: np.ndarray) -> None:
        needed = self._size + len(rows)
        if needed > len(self._data):
            capacity = len(self._data)
            while capacity < needed:
                capacity *= 2
            grown = np.empty((capacity, self._data.shape[1]), dtype=np.float64)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : needed] = rows
        self._size = needed

    def column(self, index: int) -> np.ndarray:
        return self._data[: self._size, index]

    def clear(self) -> None:
        self._size = 0


class LivePlot(pg.PlotWidget):
    """A plot that follows the theme and the interface language, live: a subclass builds its `empty_state` and sets
    its texts in `_retranslate`."""

    empty_state: EmptyState

    def _retranslate(self) -> None:
        self.empty_state.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "empty_state"):  # still in __init__
            return
        if event.type() == QEvent.Type.PaletteChange:
            themed(self, [self.getPlotItem()])
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()


class LossPlot(LivePlot):
    """Training loss against step (log scale): the raw reports, faint, and an exponentially smoothed line."""

    def __init__(self, parent: QWidget | None = None, smoothing: float = 0.8) -> None:
        axes = {"left": LogLossAxis("left"), "bottom": PlotAxis("bottom", integer=True)}
        super().__init__(parent, axisItems=axes)
        self.setObjectName("lossPlot")
        self.smoothing = smoothing
        self._buffer = GrowingBuffer(columns=3)  # step, loss, smoothed loss
        self._ema = 0.0
        item = self.getPlotItem()
        item.getAxis("left").enableAutoSIPrefix(False)
        item.setLogMode(y=True)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.addLegend(offset=(-10, 10))
        faint = QColor(TRAIN_COLOUR)
        faint.setAlpha(90)
        self.raw_curve = item.plot(pen=pg.mkPen(faint, width=1), name="")  # legend texts: `_retranslate`
        self.smooth_curve = item.plot(pen=pg.mkPen(TRAIN_COLOUR, width=2), name="")
        self.empty_state = EmptyState(item, EMPTY_TEXT)
        self._retranslate()
        themed(self, [item])

    def _retranslate(self) -> None:
        item = self.getPlotItem()
        item.setTitle(self.tr("Training loss per step"))
        item.setLabel("bottom", self.tr("optimiser step"))
        item.setLabel("left", plot_text(LOSS_UNIT))
        item.legend.getLabel(self.raw_curve).setText(self.tr("per report"))
        item.legend.getLabel(self.smooth_curve).setText(self.tr("smoothed"))
        self.empty_state.retranslate()

    @property
    def point_count(self) -> int:
        return len(self._buffer)

    def append(self, steps: Sequence[int], losses: Sequence[float]) -> None:
        """Add a batch of (step, loss) reports and redraw once."""
        if not len(steps):
            return
        rows = np.empty((len(steps), 3), dtype=np.float64)
        for i, (step, loss) in enumerate(zip(steps, losses, strict=True)):
            rows[i] = (step, loss, self._smoothed(loss))
        self._buffer.extend(rows)
        steps_col = self._buffer.column(0)
        self.empty_state.hide()
        self.raw_curve.setData(steps_col, self._buffer.column(1))
        self.smooth_curve.setData(steps_col, self._buffer.column(2))
        # x from step 0 and at least MIN_STEP_RANGE wide: the first reports sit at the left of a real axis
        box = self.getPlotItem().getViewBox()
        box.enableAutoRange(x=False)
        box.setXRange(0, max(float(steps_col[-1]), MIN_STEP_RANGE), padding=0.02)

    def _smoothed(self, loss: float) -> float:
        """Debiased exponential moving average, so the line starts at the first loss rather than at zero."""
        self._ema = self.smoothing * self._ema + (1.0 - self.smoothing) * loss
        return self._ema / (1.0 - self.smoothing ** (len(self._buffer) + 1))

    def reset(self, text: object = EMPTY_TEXT) -> None:
        """No data: ``text`` (English, see `EmptyState`) in place of the curves (no run yet, or the first step on its
        way)."""
        self._buffer.clear()
        self._ema = 0.0
        self.raw_curve.setData([], [])
        self.smooth_curve.setData([], [])
        self.empty_state.show(text)


class AccuracyPlot(pg.GraphicsLayoutWidget):
    """Per-epoch training and validation loss (left) and accuracy in percent (right)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accuracyPlot")
        self.loss_item = self._add_plot(legend_offset=(-10, 10))
        self.accuracy_item = self._add_plot(legend_offset=(-10, -10))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._series: dict[str, tuple[list[float], list[float]]] = {}
        for item, kind in ((self.loss_item, "loss"), (self.accuracy_item, "acc")):
            for split, colour in (("train", TRAIN_COLOUR), ("val", VAL_COLOUR)):
                key = f"{split}_{kind}"
                pen = pg.mkPen(colour, width=2)
                # the legend's texts: `_retranslate`
                self.curves[key] = item.plot(pen=pen, symbol="o", symbolSize=6, symbolBrush=colour, name="")
                self._series[key] = ([], [])
        self.empty_states = [EmptyState(item, EMPTY_TEXT) for item in (self.loss_item, self.accuracy_item)]
        self._retranslate()
        themed(self, [self.loss_item, self.accuracy_item])

    def _retranslate(self) -> None:
        for item, title, unit in (
            (self.loss_item, self.tr("Loss per epoch"), plot_text(LOSS_UNIT)),
            (self.accuracy_item, self.tr("Accuracy per epoch"), self.tr("accuracy (%)")),
        ):
            item.setTitle(title)
            item.setLabel("bottom", self.tr("epoch"))
            item.setLabel("left", unit)
        for key, curve in self.curves.items():
            item = self.loss_item if key.endswith("_loss") else self.accuracy_item
            name = self.tr("training") if key.startswith("train_") else self.tr("validation")
            item.legend.getLabel(curve).setText(name)
        for state in self.empty_states:
            state.retranslate()

    def _add_plot(self, legend_offset: tuple[int, int]) -> pg.PlotItem:
        """A plot with its legend in the corner its curves leave free (losses fall, accuracies rise)."""
        axes = {"bottom": PlotAxis("bottom", integer=True), "left": PlotAxis("left")}
        item = self.addPlot(axisItems=axes)
        item.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" helps nobody
        item.showGrid(x=True, y=True, alpha=0.2)
        item.addLegend(offset=legend_offset)
        return item

    @property
    def epoch_count(self) -> int:
        return len(self._series["train_loss"][0])

    def add_epoch(self, report: EpochReport) -> None:
        values = {
            "train_loss": report.train_loss,
            "val_loss": report.val_loss,
            "train_acc": 100.0 * report.train_acc,
            "val_acc": 100.0 * report.val_acc,
        }
        for state in self.empty_states:
            state.hide()
        for key, value in values.items():
            if not math.isfinite(value):  # no validation split: leave that line out rather than plot NaN
                continue
            xs, ys = self._series[key]
            xs.append(report.epoch)
            ys.append(value)
            self.curves[key].setData(xs, ys)
        # the whole run's epochs from the start, so one point is not centred on an axis of 0.6-1.4
        last = max(report.epochs, report.epoch)
        for item in (self.loss_item, self.accuracy_item):
            item.getViewBox().enableAutoRange(x=False)
            item.setXRange(0.5, last + 0.5, padding=0)

    def reset(self, text: object = EMPTY_TEXT) -> None:
        """No data: ``text`` (English, see `EmptyState`) in place of the curves."""
        for key, (xs, ys) in self._series.items():
            xs.clear()
            ys.clear()
            self.curves[key].setData([], [])
        for state in self.empty_states:
            state.show(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "empty_states"):  # still in __init__
            return
        if event.type() == QEvent.Type.PaletteChange:
            themed(self, [self.loss_item, self.accuracy_item])
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()


class ClassifierPlots(QWidget):
    """A classifier run's plots: the loss per step above the loss and accuracy per epoch, and a note on reading them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = LossPlot()
        self.accuracy_plot = AccuracyPlot()
        self.epoch_note = named(QLabel(), "epochPlotNote")
        self.epoch_note.setWordWrap(True)
        self.epoch_note.setEnabled(False)  # greyed: a footnote to the plot above
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, stretch=1)
        layout.addWidget(self.accuracy_plot, stretch=1)
        layout.addWidget(self.epoch_note)
        self._retranslate()

    def start(self, loading: object) -> None:
        """A run is starting: ``loading`` (English, see `EmptyState`) until its first step report."""
        self.loss_plot.reset(loading)
        self.accuracy_plot.reset(QT_TRANSLATE_NOOP("TrainingPlots", "Each epoch's numbers appear here when it ends"))

    def end(self) -> None:
        """The run is over: a plot it left empty says so."""
        if self.loss_plot.point_count == 0:
            self.loss_plot.reset(QT_TRANSLATE_NOOP("TrainingPlots", "No step was reported in this run"))
        if self.accuracy_plot.epoch_count == 0:
            self.accuracy_plot.reset(QT_TRANSLATE_NOOP("TrainingPlots", "No epoch ended in this run"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.epoch_note.setText(plot_text(EPOCH_NOTE))
