"""The LSTM (or vanilla RNN) reading the drawing row by row: gates and states over time, a time-step slider that
shows the row being read, the values at that step, and what the model would predict if it stopped there. Its texts
are set again in the new language on `LanguageChange`."""

from __future__ import annotations

from typing import cast

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget
from torch import nn

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import lstm_steps, predictions_over_time, rnn_hidden_states
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import RowReader
from digitpad.ui.common import theme
from digitpad.ui.insight.arrays import (
    DIVERGING,
    GRAY,
    SEQUENTIAL,
    ArrayView,
    ColorBar,
    Highlight,
    symmetric_levels,
    to_rgba,
)
from digitpad.ui.insight.base import InsightView

STEPS = 28
TITLES = {  # English; shown through QCoreApplication.translate("LstmView", ...)
    "input": QT_TRANSLATE_NOOP("LstmView", "Input gate i"),
    "forget": QT_TRANSLATE_NOOP("LstmView", "Forget gate f"),
    "output": QT_TRANSLATE_NOOP("LstmView", "Output gate o"),
    "candidate": QT_TRANSLATE_NOOP("LstmView", "Candidate g"),
    "cell": QT_TRANSLATE_NOOP("LstmView", "Cell state c"),
    "hidden": QT_TRANSLATE_NOOP("LstmView", "Hidden state h"),
}
ROW_LABELS = {  # the step view's row names
    "input": QT_TRANSLATE_NOOP("LstmView", "input"),
    "forget": QT_TRANSLATE_NOOP("LstmView", "forget"),
    "output": QT_TRANSLATE_NOOP("LstmView", "output"),
    "candidate": QT_TRANSLATE_NOOP("LstmView", "candidate"),
    "cell": QT_TRANSLATE_NOOP("LstmView", "cell"),
    "hidden": QT_TRANSLATE_NOOP("LstmView", "hidden"),
}
ORDER = ("input", "forget", "output", "candidate", "cell", "hidden")  # gates first, then what they produce
DIGIT_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
ROW_MARK = QColor("#ff4d4d")
UNREAD = QColor(0, 0, 0, 150)


def translated(text: object) -> str:
    """A text of this module's tables, marked with ``QT_TRANSLATE_NOOP``, in the interface language."""
    return QCoreApplication.translate("LstmView", str(text))


def levels_for(name: str, values: np.ndarray) -> tuple[str, float, float]:
    """Colour map and range: gates live in [0, 1], candidate and hidden in [-1, 1], the cell is unbounded."""
    if name in ("input", "forget", "output"):
        return SEQUENTIAL, 0.0, 1.0
    if name == "cell":
        return (DIVERGING, *symmetric_levels(values, percentile=95.0))
    return DIVERGING, -1.0, 1.0


class LstmView(InsightView):
    export_name = "lstm-gates"
    input_hint = QT_TRANSLATE_NOOP("LstmView", "Draw a digit to watch the network read it row by row.")
    description = QT_TRANSLATE_NOOP(
        "LstmView",
        "The recurrent network reads the picture one row of pixels at a time, top to bottom; here is what it "
        "keeps in memory after each row and what it would answer if it stopped there.",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lstmView")
        self._series: dict[str, np.ndarray] = {}  # name -> [28, hidden] of the selected layer
        self._layers: list[dict[str, np.ndarray]] = []
        self._probs: np.ndarray | None = None
        self._input_picture: np.ndarray | None = None
        self._is_lstm = True
        self._explain_unit = 0

        self.layer_selector = QComboBox()
        self.layer_selector.setObjectName("lstmLayerSelector")
        self._layer_label = QLabel()
        self.toolbar.addWidget(self._layer_label)
        self.toolbar.addWidget(self.layer_selector)
        self.finish_toolbar()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timeStepSlider")
        self.slider.setRange(0, STEPS - 1)
        self.slider.setValue(STEPS - 1)
        self.slider.setMinimumWidth(80)
        self._step_label = QLabel()
        self._step_label.setObjectName("lstmStepLabel")
        self._rows_label = QLabel()
        steps = QHBoxLayout()
        steps.addWidget(self._rows_label)
        steps.addWidget(self.slider, 1)
        steps.addWidget(self._step_label)
        self.body.addLayout(steps)

        self.input_view = ArrayView(minimum=84)
        self.input_view.setObjectName("lstmInput")
        self.input_view.setMaximumSize(168, 168)
        self.chart = self._make_chart()
        self._legend = QLabel(wordWrap=True)
        self._legend.setObjectName("lstmLegend")
        self._prediction_label = QLabel(wordWrap=True)
        self._input_title = QLabel(wordWrap=True)
        self._chart_title = QLabel(wordWrap=True)
        picture = QVBoxLayout()
        picture.addWidget(self._input_title)
        picture.addWidget(self.input_view)
        picture.addStretch(1)
        answers = QVBoxLayout()
        answers.addWidget(self._chart_title)
        answers.addWidget(self.chart)
        answers.addWidget(self._prediction_label)
        answers.addWidget(self._legend)
        answers.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(picture, 2)
        top.addLayout(answers, 3)
        self.body.addLayout(top, 3)

        self._titles: dict[str, QLabel] = {}
        self._heatmaps: dict[str, ArrayView] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for i, name in enumerate(ORDER):  # two columns: a narrow dock keeps every heatmap readable
            title = QLabel()
            view = ArrayView(keep_aspect=False, minimum=60)
            view.setMinimumWidth(120)  # room for the picture beside its colour scale
            view.setObjectName(f"heatmap_{name}")
            view.tooltip_fn = lambda r, c, name=name: self._tooltip(name, r, c)
            view.clicked.connect(self._on_heatmap_clicked)
            self._titles[name], self._heatmaps[name] = title, view
            grid.addWidget(title, 2 * (i // 2), i % 2)
            grid.addWidget(view, 2 * (i // 2) + 1, i % 2)
        for r in (1, 3, 5):
            grid.setRowStretch(r, 1)
        self.step_view = ArrayView(keep_aspect=False, minimum=40)
        self.step_view.setMinimumWidth(140)
        self.step_view.setObjectName("stepValues")
        self._step_title = QLabel(wordWrap=True)
        self._step_title.setObjectName("lstmStepTitle")
        self._heatmaps_note = QLabel(wordWrap=True)
        self.body.addWidget(self._heatmaps_note)
        self.body.addLayout(grid, 4)
        self.body.addWidget(self._step_title)
        self.body.addWidget(self.step_view, 1)

        self.slider.valueChanged.connect(self._on_slider_changed)
        self.layer_selector.currentIndexChanged.connect(self._on_layer_selector_changed)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._layer_label.setText(self.tr("Layer:"))
        self.layer_selector.setToolTip(self.tr("Which recurrent layer"))
        self._name_layers()
        self._rows_label.setText(self.tr("Rows read:"))
        self.slider.setToolTip(self.tr("How many image rows the network has read"))
        self._step_label.setMinimumWidth(self._step_label.fontMetrics().horizontalAdvance(self._row_text(STEPS - 1)))
        self._input_title.setText(self.tr("Model input (the row just read in red)"))
        self._chart_title.setText(self.tr("If it stopped reading here, it would say:"))
        item = self.chart.getPlotItem()
        item.setLabel("bottom", self.tr("rows read"))
        item.setLabel("left", self.tr("probability"))
        for name, title in self._titles.items():
            title.setText(f"<b>{translated(TITLES[name])}</b>")
        self._heatmaps_note.setText(
            self.tr(
                "Each heatmap: one row per image row read (top to bottom), one column per hidden unit. "
                "Click a row to step there."
            )
        )
        self._draw_layer()

    def _make_chart(self) -> pg.PlotWidget:
        chart = pg.PlotWidget()
        chart.setObjectName("predictionsOverTime")
        chart.setMinimumSize(150, 130)
        chart.setMaximumHeight(210)  # the heatmaps below need the height more
        item = chart.getPlotItem()
        item.setMouseEnabled(False, False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setXRange(1, STEPS + 2.5, padding=0)  # room right of row 28 for the digits' labels
        item.setYRange(0, 1, padding=0.04)
        item.getAxis("bottom").setTicks([[(1, "1"), (7, "7"), (14, "14"), (21, "21"), (28, "28")]])
        item.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self._curves = [item.plot(pen=pg.mkPen(c, width=1)) for c in DIGIT_COLORS]
        self._end_labels = [pg.TextItem(str(d), color=c, anchor=(0, 0.5)) for d, c in enumerate(DIGIT_COLORS)]
        for label in self._end_labels:
            item.addItem(label)
        self._step_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(ROW_MARK, width=1.5))
        item.addItem(self._step_line)
        theme.follow_palette(chart)  # background, axes and labels from the palette, live
        return chart

    def chart_emphasis(self) -> int | None:
        """The digit whose line the chart draws bold: what the network would say after the rows read."""
        return None if self._probs is None else int(self._probs[self.slider.value()].argmax())

    def _emphasise(self, digit: int) -> None:
        """Draw ``digit``'s line bold and the others faint; label the ends of the lines that are not near zero."""
        assert self._probs is not None
        for d, (curve, label) in enumerate(zip(self._curves, self._end_labels, strict=True)):
            colour = QColor(DIGIT_COLORS[d])
            if d != digit:
                colour.setAlpha(70)
            curve.setPen(pg.mkPen(colour, width=3 if d == digit else 1))
            curve.setZValue(2 if d == digit else 1)
            end = float(self._probs[-1, d])
            label.setPos(STEPS + 0.3, end)
            label.setVisible(d == digit or end > 0.08)
        self._legend.setText(
            self.tr(
                "Bold: <b style='color:{color}'>{digit}</b>, its answer so far; faint: the other digits, labelled "
                "at the right end."
            ).format(color=DIGIT_COLORS[digit], digit=digit)
        )

    # --- public -------------------------------------------------------------------------------------------------
    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        if isinstance(getattr(ckpt.model, "rnn", None), (nn.LSTM, nn.RNN)):
            return None
        return self.tr(
            "This view shows recurrent networks reading the image row by row; the {arch} model is not one."
        ).format(arch=ckpt.arch.upper())

    def heatmap(self, name: str) -> ArrayView:
        """The heatmap of one of "input", "forget", "output", "candidate", "cell", "hidden"."""
        return self._heatmaps[name]

    def explain_target(self) -> dict[str, object]:
        """The step shown (0-based) and the unit last clicked in a heatmap, for the Explain tab."""
        return {"section": "recurrent", "step": self.slider.value(), "unit": self._explain_unit}

    def time_step(self) -> int:
        return self.slider.value()

    def step_text(self) -> str:
        """What the slider's label says, e.g. "row 28 of 28" once every row is read."""
        return self._step_label.text()

    def highlighted_row(self) -> int | None:
        """The image row marked on the model input."""
        marks = [h for h in self.input_view.highlights() if not h.filled]
        return marks[0].row if marks else None

    def probabilities(self) -> np.ndarray | None:
        """The chart's data: probability of each digit after each row, ``[28, 10]``."""
        return self._probs

    # --- rendering ------------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        rnn = cast(nn.RNNBase, ckpt.model.rnn)
        self._is_lstm = isinstance(rnn, nn.LSTM)
        self.layer_selector.blockSignals(True)
        self.layer_selector.clear()
        for k in range(rnn.num_layers):
            self.layer_selector.addItem("", k)
        self._name_layers()
        self.layer_selector.setCurrentIndex(rnn.num_layers - 1)
        self.layer_selector.blockSignals(False)
        self.layer_selector.setVisible(rnn.num_layers > 1)
        self._layer_label.setVisible(rnn.num_layers > 1)
        shown = ORDER if self._is_lstm else ("hidden",)
        for name in ORDER:
            self._titles[name].setVisible(name in shown)
            self._heatmaps[name].setVisible(name in shown)

    def _name_layers(self) -> None:
        count = self.layer_selector.count()
        for k in range(count):
            self.layer_selector.setItemText(k, self.tr("{k} of {count}").format(k=k + 1, count=count))

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        model = cast(RowReader, ckpt.model)
        if self._is_lstm:
            self._layers = [{k: v.numpy() for k, v in layer.items()} for layer in lstm_steps(model, x)]
        else:
            self._layers = [{"hidden": h.numpy()} for h in rnn_hidden_states(model, x)]
        self._probs = predictions_over_time(model, x).numpy()
        self._input_picture = to_display(x, ckpt.mean, ckpt.std)
        self.input_view.set_array(self._input_picture, GRAY, 0, 255)
        for d, curve in enumerate(self._curves):
            curve.setData(np.arange(1, STEPS + 1), self._probs[:, d])
        self._draw_layer()

    def _draw_layer(self) -> None:
        k = int(self.layer_selector.currentData() or 0)
        if k >= len(self._layers):
            return
        self._series = self._layers[k]
        for name, values in self._series.items():
            cmap, lo, hi = levels_for(name, values)
            self._heatmaps[name].set_array(values, cmap, lo, hi)
            title = self.tr("gate value") if lo >= 0 else self.tr("activation")
            self._heatmaps[name].set_colorbar(ColorBar(cmap, lo, hi, title=title))
        self._draw_step()

    def _draw_step(self) -> None:
        if not self._series:
            return
        t = self.slider.value()
        names = [n for n in ORDER if n in self._series]
        self.input_view.set_highlights(
            [Highlight(t + 1, 0, STEPS - t - 1, STEPS, UNREAD, filled=True), Highlight(t, 0, 1, STEPS, ROW_MARK)]
        )
        for name in names:
            hidden = self._series[name].shape[1]
            self._heatmaps[name].set_highlights([Highlight(t, 0, 1, hidden, ROW_MARK)])
        rows = [self._series[n][t] for n in names]
        rgba = np.concatenate([to_rgba(self._series[n][t][None], *levels_for(n, self._series[n])) for n in names])
        self.step_view.set_rgba(rgba, np.stack(rows))
        self.step_view.set_row_labels([translated(ROW_LABELS[n]) for n in names])
        self._step_title.setText(
            self.tr("<b>After reading row {row} of {steps}</b>: {summary}").format(
                row=t + 1, steps=STEPS, summary=_summary(self._series, t)
            )
        )
        self._step_label.setText(self._row_text(t))
        self._step_line.setPos(t + 1)
        if self._probs is not None:
            p = self._probs[t]
            digit = int(p.argmax())
            self._prediction_label.setText(
                self.tr("after row {row}: <b>{digit}</b> ({p:.0%})").format(row=t + 1, digit=digit, p=p[digit])
            )
            self._emphasise(digit)

    def _row_text(self, t: int) -> str:
        """The slider's label for step ``t`` (0-based), counted from row 1: "row 28 of 28"."""
        return self.tr("row {row} of {steps}").format(row=t + 1, steps=STEPS)

    def _tooltip(self, name: str, row: int, col: int) -> str:
        values = self._series.get(name)
        if values is None:
            return ""
        return self.tr("{title} after row {row} of {steps}, unit {unit}: {value:.3f}").format(
            title=translated(TITLES[name]), row=row + 1, steps=STEPS, unit=col + 1, value=values[row, col]
        )

    # --- slots ------------------------------------------------------------------------------------------------------
    def _on_heatmap_clicked(self, row: int, col: int) -> None:
        self._explain_unit = col
        self.slider.setValue(row)

    def _on_slider_changed(self, _value: int) -> None:
        self._draw_step()

    def _on_layer_selector_changed(self, _index: int) -> None:
        self._draw_layer()


GATE_MEANS = {
    "input": QT_TRANSLATE_NOOP("LstmView", "input gate mean {mean:.2f}"),
    "forget": QT_TRANSLATE_NOOP("LstmView", "forget gate mean {mean:.2f}"),
    "output": QT_TRANSLATE_NOOP("LstmView", "output gate mean {mean:.2f}"),
}


def _summary(series: dict[str, np.ndarray], t: int) -> str:
    parts = [translated(GATE_MEANS[name]).format(mean=series[name][t].mean()) for name in GATE_MEANS if name in series]
    if "cell" in series:
        cell = np.abs(series["cell"][t]).mean()
        parts.append(QCoreApplication.translate("LstmView", "|c| mean {mean:.2f}").format(mean=cell))
    hidden = np.abs(series["hidden"][t]).mean()
    parts.append(QCoreApplication.translate("LstmView", "|h| mean {mean:.2f}").format(mean=hidden))
    return " · ".join(parts)
