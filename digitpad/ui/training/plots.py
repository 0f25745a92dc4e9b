"""Live training plots: per-step loss with a smoothed line, and per-epoch loss and accuracy.

Both follow the application palette (light or dark theme). The step plot appends to preallocated buffers that grow
by doubling and calls ``setData`` once per batch of updates, as in pyqtgraph's scrolling-plot examples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.training.loop import EpochReport

TRAIN_COLOUR = QColor("#2f7de1")
VAL_COLOUR = QColor("#e8772e")


def _themed(widget: pg.PlotWidget | pg.GraphicsLayoutWidget, plots: Sequence[pg.PlotItem]) -> None:
    """Background and axes from the widget's palette, so plots match the light or dark theme."""
    palette = widget.palette()
    widget.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    for plot in plots:
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(text)
            axis.setTextPen(text)
        plot.titleLabel.setText(plot.titleLabel.text, color=text)
        if plot.legend is not None:
            plot.legend.setLabelTextColor(text)


class EpochAxis(pg.AxisItem):
    """Ticks on whole epochs only: a fractional epoch means nothing."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        levels = super().tickValues(minVal, maxVal, size)
        return [(max(spacing, 1.0), [v for v in values if float(v).is_integer()]) for spacing, values in levels]


class LogLossAxis(pg.AxisItem):
    """Log-scale labels only at 1, 2 and 5 times a power of ten; every minor label crowds a short axis."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = []
        for value in values:
            number = float(10.0**value * scale)
            mantissa = round(number / 10.0 ** math.floor(math.log10(number)), 6) if number > 0 else 0.0
            labels.append(f"{number:g}" if mantissa in (1.0, 2.0, 5.0) else "")
        return labels


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


class LossPlot(pg.PlotWidget):
    """Training loss against step (log scale): the raw reports, faint, and an exponentially smoothed line."""

    def __init__(self, parent: QWidget | None = None, smoothing: float = 0.8) -> None:
        super().__init__(parent, axisItems={"left": LogLossAxis("left")})
        self.setObjectName("lossPlot")
        self.smoothing = smoothing
        self._buffer = GrowingBuffer(columns=3)  # step, loss, smoothed loss
        self._ema = 0.0
        item = self.getPlotItem()
        item.setTitle("Training loss")
        item.setLabel("bottom", "step")
        item.setLogMode(y=True)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.addLegend(offset=(-10, 10))
        faint = QColor(TRAIN_COLOUR)
        faint.setAlpha(90)
        self.raw_curve = item.plot(pen=pg.mkPen(faint, width=1), name="per report")
        self.smooth_curve = item.plot(pen=pg.mkPen(TRAIN_COLOUR, width=2), name="smoothed")
        _themed(self, [item])

    @property
    def point_count(self) -> int:
        return len(self._buffer)

    def append(self, steps: Sequence[int], losses: Sequence[float]) -> None:
        """Add a batch of (step, loss) reports and redraw once."""
        rows = np.empty((len(steps), 3), dtype=np.float64)
        for i, (step, loss) in enumerate(zip(steps, losses, strict=True)):
            rows[i] = (step, loss, self._smoothed(loss))
        self._buffer.extend(rows)
        steps_col = self._buffer.column(0)
        self.raw_curve.setData(steps_col, self._buffer.column(1))
        self.smooth_curve.setData(steps_col, self._buffer.column(2))

    def _smoothed(self, loss: float) -> float:
        """Debiased exponential moving average, so the line starts at the first loss rather than at zero."""
        self._ema = self.smoothing * self._ema + (1.0 - self.smoothing) * loss
        return self._ema / (1.0 - self.smoothing ** (len(self._buffer) + 1))

    def reset(self) -> None:
        self._buffer.clear()
        self._ema = 0.0
        self.raw_curve.setData([], [])
        self.smooth_curve.setData([], [])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "smooth_curve"):
            _themed(self, [self.getPlotItem()])


class AccuracyPlot(pg.GraphicsLayoutWidget):
    """Per-epoch training and validation loss (left) and accuracy in percent (right)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accuracyPlot")
        self.loss_item = self._add_plot("Loss per epoch", "loss", legend_offset=(-10, 10))
        self.accuracy_item = self._add_plot("Accuracy per epoch", "%", legend_offset=(-10, -10))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._series: dict[str, tuple[list[float], list[float]]] = {}
        for item, kind in ((self.loss_item, "loss"), (self.accuracy_item, "acc")):
            for split, colour in (("train", TRAIN_COLOUR), ("val", VAL_COLOUR)):
                key = f"{split}_{kind}"
                pen = pg.mkPen(colour, width=2)
                self.curves[key] = item.plot(pen=pen, symbol="o", symbolSize=6, symbolBrush=colour, name=split)
                self._series[key] = ([], [])
        _themed(self, [self.loss_item, self.accuracy_item])

    def _add_plot(self, title: str, unit: str, legend_offset: tuple[int, int]) -> pg.PlotItem:
        """A plot with its legend in the corner its curves leave free (losses fall, accuracies rise)."""
        item = self.addPlot(title=title, axisItems={"bottom": EpochAxis("bottom")})
        item.setLabel("bottom", "epoch")
        item.setLabel("left", unit)
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
        for key, value in values.items():
            if not math.isfinite(value):  # no validation split: leave that line out rather than plot NaN
                continue
            xs, ys = self._series[key]
            xs.append(report.epoch)
            ys.append(value)
            self.curves[key].setData(xs, ys)

    def reset(self) -> None:
        for key, (xs, ys) in self._series.items():
            xs.clear()
            ys.clear()
            self.curves[key].setData([], [])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "curves"):
            _themed(self, [self.loss_item, self.accuracy_item])
