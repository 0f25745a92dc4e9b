"""Several runs' curves overlaid: training loss by optimiser step (log scale) and validation accuracy by epoch, one
colour a run, a legend naming each. Until runs are selected (or where they logged nothing) a sentence says so, in
place of empty axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.ui.common import theme
from digitpad.ui.common.naming import named
from digitpad.ui.common.plot_axes import LogLossAxis

# Tableau's ten colours: told apart in light and dark themes alike
COLOURS = tuple(
    QColor(c)
    for c in (
        "#4e79a7",
        "#f28e2b",
        "#e15759",
        "#76b7b2",
        "#59a14f",
        "#edc948",
        "#b07aa1",
        "#ff9da7",
        "#9c755f",
        "#bab0ac",
    )
)
Points = Sequence[tuple[int | None, float | None]]


class StepAxis(pg.AxisItem):
    """Ticks on whole numbers from 0 only, for steps and epochs: a fractional or negative step means nothing."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        levels = super().tickValues(minVal, maxVal, size)
        return [
            (max(spacing, 1.0), [v for v in values if v >= 0 and float(v).is_integer()]) for spacing, values in levels
        ]


@dataclass(frozen=True)
class RunCurve:
    run_id: int
    model: str
    loss: Points  # (step, training loss)
    accuracy: Points  # (epoch, validation accuracy as a fraction)
    loss_name: str = "loss"  # the metric plotted as the loss: a GAN's is its generator's, "g_loss"


def _finite(points: Points, scale: float = 1.0, positive: bool = False) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for x, y in points:
        if x is not None and y is not None and math.isfinite(y) and (y > 0 or not positive):
            xs.append(float(x))
            ys.append(scale * y)
    return xs, ys


class RunCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._curves: list[RunCurve] = []
        self.hint = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter), "runCurvesHint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.loss_plot = self._plot("runLossPlot", log_y=True, legend=(-10, 10))  # losses fall: legend top right
        self.accuracy_plot = self._plot("runAccuracyPlot", log_y=False, legend=(-10, -10))  # and accuracies rise
        plots = QWidget()
        column = QVBoxLayout(plots)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.loss_plot)
        column.addWidget(self.accuracy_plot)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.hint)
        self._stack.addWidget(plots)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self._retranslate()

    @staticmethod
    def _plot(name: str, log_y: bool, legend: tuple[int, int]) -> pg.PlotWidget:
        axes: dict[str, pg.AxisItem] = {"bottom": StepAxis("bottom")}
        if log_y:  # labels at 1, 2 and 5 times a power of ten only, as the Training panel's loss plot
            axes["left"] = loss_axis = LogLossAxis("left")
            loss_axis.empty = False  # an empty plot shows the hint instead, never the axes
        plot = named(pg.PlotWidget(axisItems=axes), name)
        plot.setMinimumHeight(120)
        # no preferred height: a scroll area sizes the panel by its preferred height, and a plot takes what is left
        plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        item = plot.getPlotItem()
        item.setLogMode(y=log_y)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.getAxis("left").enableAutoSIPrefix(False)
        item.addLegend(offset=legend)
        theme.follow_palette(plot)
        return plot

    def show_runs(self, curves: Sequence[RunCurve]) -> None:
        """Overlay these runs' curves (in place of those shown), coloured in their order."""
        self._curves = list(curves)
        self._draw()

    def _draw(self) -> None:
        for plot in (self.loss_plot, self.accuracy_plot):
            item = plot.getPlotItem()
            item.clear()
            item.legend.clear()
        drawn = 0
        for i, run in enumerate(self._curves):
            pen = pg.mkPen(COLOURS[i % len(COLOURS)], width=2)
            name = self._name(run)
            xs, ys = _finite(run.loss, positive=True)  # the axis is logarithmic
            if xs:
                self.loss_plot.getPlotItem().plot(xs, ys, pen=pen, name=name)
                drawn += 1
            xs, ys = _finite(run.accuracy, scale=100.0)
            if xs:
                brush = COLOURS[i % len(COLOURS)]
                self.accuracy_plot.getPlotItem().plot(
                    xs, ys, pen=pen, symbol="o", symbolSize=6, symbolBrush=brush, name=name
                )
                drawn += 1
        theme.style_plot(self.loss_plot)  # the new legend labels take the theme's text colour
        theme.style_plot(self.accuracy_plot)
        self._stack.setCurrentIndex(1 if drawn else 0)
        self._retranslate_hint()

    def _name(self, run: RunCurve) -> str:
        if run.loss_name == "g_loss":
            return self.tr("Run {id} · {model} (generator)").format(id=run.run_id, model=run.model)
        return self.tr("Run {id} · {model}").format(id=run.run_id, model=run.model)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        loss, accuracy = self.loss_plot.getPlotItem(), self.accuracy_plot.getPlotItem()
        loss.setTitle(self.tr("Training loss by step"))
        loss.setLabel("bottom", self.tr("optimiser step"))
        loss.setLabel("left", self.tr("loss"))
        accuracy.setTitle(self.tr("Validation accuracy by epoch"))
        accuracy.setLabel("bottom", self.tr("epoch"))
        accuracy.setLabel("left", self.tr("accuracy (%)"))
        if self._curves:
            self._draw()  # the legend names each run in the new language
        self._retranslate_hint()
        theme.style_plot(self.loss_plot)
        theme.style_plot(self.accuracy_plot)

    def _retranslate_hint(self) -> None:
        if self._curves:
            self.hint.setText(self.tr("The selected runs logged no loss or accuracy to plot."))
        else:
            self.hint.setText(self.tr("Select runs in the table to overlay their training curves."))
