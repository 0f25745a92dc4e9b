"""One run's weights or gradients over time, as TensorBoard's histogram view draws them in its "offset" mode: a
parameter's histogram at each sampled step is a ridge, one under the other, later steps lower and nearer (drawn over
the earlier ones) and darker; below it, the parameter's L2 norm against the step.

The view reads nothing itself: `set_run` hands it the run's parameters and a function that loads one parameter's
histograms of one kind (`RunHistory.histograms`), called again when the layer or the kind is changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.runtime.run_history import HistogramRow
from digitpad.core.training.loop import TrainConfig
from digitpad.ui.common import theme
from digitpad.ui.common.naming import named
from digitpad.ui.runs.curves import StepAxis

MAX_RIDGES = 50  # more samples than this are thinned evenly: ridges closer than a few pixels are a smear
RIDGE_HEIGHT = 2.5  # the tallest ridge, in gaps between two sampled steps: neighbours overlap, as in TensorBoard
Loader = Callable[[str, str], Sequence[HistogramRow]]  # (layer, kind) -> its histograms by step


def thinned(rows: Sequence[HistogramRow], most: int = MAX_RIDGES) -> list[HistogramRow]:
    """At most ``most`` rows, evenly spread, the first and the last always among them."""
    if len(rows) <= most:
        return list(rows)
    picks = np.unique(np.linspace(0, len(rows) - 1, most).round().astype(int))
    return [rows[i] for i in picks]


def ridge(row: HistogramRow) -> tuple[np.ndarray, np.ndarray]:
    """A histogram as a closed outline: its bins' centres, with the range's ends at zero."""
    counts = np.asarray(row.counts, dtype=np.float64)
    low = row.low if row.low is not None else 0.0
    high = row.high if row.high is not None else low
    centres = low + (np.arange(len(counts)) + 0.5) * (high - low) / max(len(counts), 1)
    return np.concatenate(([low], centres, [high])), np.concatenate(([0.0], counts, [0.0]))


class HistogramView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load: Loader | None = None
        self._rows: list[HistogramRow] = []
        self._has_run = False
        self.layer_box = named(QComboBox(), "histogramLayer")
        self.layer_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_box.setMinimumContentsLength(12)
        self.weights_button = named(QPushButton(), "histogramWeights")
        self.gradients_button = named(QPushButton(), "histogramGradients")
        for button in (self.weights_button, self.gradients_button):
            button.setCheckable(True)
        self.weights_button.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.weights_button)
        kinds.addButton(self.gradients_button)
        self.layer_label = QLabel()
        chooser, toggles = QHBoxLayout(), QHBoxLayout()  # two rows: the dock is narrow
        chooser.addWidget(self.layer_label)
        chooser.addWidget(self.layer_box, 1)
        toggles.addWidget(self.weights_button)
        toggles.addWidget(self.gradients_button)
        toggles.addStretch(1)
        self.stack_plot = self._plot("histogramStack", 170, {"left": StepAxis("left")})
        self.stack_plot.getPlotItem().invertY(True)  # later steps lower
        self.norm_plot = self._plot("histogramNorms", 90, {"bottom": StepAxis("bottom")})
        self.hint = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter), "histogramHint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        plots = QWidget()
        column = QVBoxLayout(plots)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack_plot, 2)
        column.addWidget(self.norm_plot, 1)
        self._pages = QStackedWidget()
        self._pages.addWidget(self.hint)
        self._pages.addWidget(plots)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addLayout(toggles)
        layout.addWidget(self._pages, 1)
        self.layer_box.currentIndexChanged.connect(lambda _row: self._reload())
        kinds.buttonToggled.connect(lambda _button, checked: self._reload() if checked else None)
        self._retranslate()

    @staticmethod
    def _plot(name: str, height: int, axes: dict[str, pg.AxisItem]) -> pg.PlotWidget:
        plot = named(pg.PlotWidget(axisItems=axes), name)
        plot.setMinimumHeight(height)
        # no preferred height: a scroll area sizes the panel by its preferred height, and a plot takes what is left
        plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        item = plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.15)
        item.getAxis("left").enableAutoSIPrefix(False)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        theme.follow_palette(plot)
        return plot

    # ----- what it shows ---------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "gradients" if self.gradients_button.isChecked() else "weights"

    @property
    def layer(self) -> str | None:
        return self.layer_box.currentData()

    @property
    def rows(self) -> list[HistogramRow]:
        """The histograms drawn, one a ridge, by step."""
        return list(self._rows)

    def set_run(self, layers: Sequence[str] | None, load: Loader | None = None) -> None:
        """A run's sampled parameters and how to load their histograms; None: no run. The parameter chosen before
        stays chosen where this run has it too."""
        self._has_run, self._load = layers is not None, load
        current = self.layer
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for layer in layers or ():
            self.layer_box.addItem(layer, layer)
        self.layer_box.setCurrentIndex(max(self.layer_box.findData(current), 0) if current else 0)
        self.layer_box.blockSignals(False)
        self._reload()

    def _reload(self) -> None:
        layer = self.layer
        self._rows = thinned(self._load(layer, self.kind)) if self._load is not None and layer is not None else []
        self._draw()

    def _draw(self) -> None:
        stack, norms = self.stack_plot.getPlotItem(), self.norm_plot.getPlotItem()
        stack.clear()
        norms.clear()
        self._pages.setCurrentIndex(1 if self._rows else 0)
        self._retranslate()
        if not self._rows:
            return
        steps = np.array([row.step for row in self._rows], dtype=np.float64)
        gap = float(np.median(np.diff(steps))) if len(steps) > 1 else 1.0
        tallest = max(max(row.counts, default=0) for row in self._rows) or 1
        late, early = theme.ACCENT.darker(150), theme.ACCENT.lighter(170)
        for i, row in enumerate(self._rows):
            share = i / max(len(self._rows) - 1, 1)
            colour = _mix(early, late, share)
            xs, counts = ridge(row)
            fill = QColor(colour)
            fill.setAlpha(210)
            curve = pg.PlotDataItem(
                xs,
                row.step - counts / tallest * RIDGE_HEIGHT * gap,
                pen=pg.mkPen(colour.darker(130), width=1),
                fillLevel=row.step,
                brush=pg.mkBrush(fill),
            )
            curve.setZValue(i)  # later steps nearer, over the earlier ones
            stack.addItem(curve)
        values = [row.norm if row.norm is not None else np.nan for row in self._rows]
        norms.plot(steps, values, pen=pg.mkPen(theme.ACCENT, width=2), symbol="o", symbolSize=5)

    # ----- language --------------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.layer_label.setText(self.tr("Parameter:"))
        self.weights_button.setText(self.tr("Weights"))
        self.gradients_button.setText(self.tr("Gradients"))
        self.weights_button.setToolTip(self.tr("The parameter's values after each sampled optimiser step"))
        self.gradients_button.setToolTip(
            self.tr("The gradient of the loss for the parameter, as backpropagation left it (before any clipping)")
        )
        stack, norms = self.stack_plot.getPlotItem(), self.norm_plot.getPlotItem()
        if self.kind == "gradients":
            stack.setTitle(self.tr("Gradients over time"))
            stack.setLabel("bottom", self.tr("gradient value"))
            norms.setTitle(self.tr("L2 norm of the gradient"))
        else:
            stack.setTitle(self.tr("Weights over time"))
            stack.setLabel("bottom", self.tr("weight value"))
            norms.setTitle(self.tr("L2 norm of the weights"))
        stack.setLabel("left", self.tr("optimiser step"))
        norms.setLabel("bottom", self.tr("optimiser step"))
        norms.setLabel("left", self.tr("L2 norm"))
        if not self._has_run:
            self.hint.setText(self.tr("Select a run in the table to see how its weights and gradients changed."))
        else:
            self.hint.setText(
                self.tr(
                    "This run recorded no histograms: they are sampled while a classifier trains, every {steps} "
                    "optimiser steps."
                ).format(steps=TrainConfig.histogram_every)
            )
        theme.style_plot(self.stack_plot)
        theme.style_plot(self.norm_plot)


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * share),
        round(a.green() + (b.green() - a.green()) * share),
        round(a.blue() + (b.blue() - a.blue()) * share),
    )
