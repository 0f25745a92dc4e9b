"""Explain: every formula of the lesson computed live on the user's own drawing, one section per kind of layer the
selected model has (convolution, pooling, recurrent step, output and softmax, one training step). The numbers come
from `core.insight.explain`; the HTML from `explain_formulas`. On `LanguageChange` the view names its sections again
and works the open lesson out again, so its words change language and its numbers stay."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from torch import nn

from digitpad.core.insight import explain
from digitpad.core.insight.activations import layer_title
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common.i18n import localize
from digitpad.ui.insight import explain_formulas as fx
from digitpad.ui.insight.arrays import DIVERGING, GRAY, SEQUENTIAL, ColorBar, Highlight, symmetric_levels
from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.explain_pages import ConvPage, OutputPage, PoolPage, RecurrentPage, TrainingPage

TITLES = {
    "conv": QT_TRANSLATE_NOOP("ExplainView", "Convolution"),
    "pool": QT_TRANSLATE_NOOP("ExplainView", "Pooling"),
    "recurrent": QT_TRANSLATE_NOOP("ExplainView", "Recurrent step"),
    "output": QT_TRANSLATE_NOOP("ExplainView", "Output → softmax"),
    "training": QT_TRANSLATE_NOOP("ExplainView", "Training step"),
}
SWEEP_MS = 30
MARK = QColor(fx.MARK)


def sections_for(model: nn.Module) -> list[str]:
    """The sections that apply to ``model``, in the order the data flows through it."""
    if explain.conv_layers(model):
        pools = pool_layers(model)
        return ["conv", *(["pool"] if pools else []), "output", "training"]
    if isinstance(getattr(model, "rnn", None), (nn.LSTM, nn.RNN)):
        return ["recurrent", "output", "training"]
    return ["output", "training"]


def pool_layers(model: nn.Module) -> list[str]:
    return [n for n, m in model.named_modules() if isinstance(m, nn.MaxPool2d)]  # the core explains max pooling


class ExplainView(InsightView):
    export_name = "explain"
    explain_link = False  # this is where the links lead
    # str(): QT_TRANSLATE_NOOP is typed as returning object
    input_hint = str(QT_TRANSLATE_NOOP("ExplainView", "Draw a digit to see every formula worked out on your drawing."))
    description = str(
        QT_TRANSLATE_NOOP(
            "ExplainView", "Explain: the formulas the model runs, with the real numbers for your drawing."
        )
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainView")
        self._sections: list[str] = []
        self._x4: torch.Tensor | None = None
        self._sweep = QTimer(self, interval=SWEEP_MS)
        self._sweep.timeout.connect(self._on_sweep_timeout)
        self._swept: np.ndarray | None = None  # output pixels reached by the sweep (NaN: not yet)

        self.section_bar = QTabBar()
        self.section_bar.setObjectName("explainSections")
        self.section_bar.setExpanding(False)
        self.section_bar.setDrawBase(False)
        self.finish_toolbar()
        self.pages = QStackedWidget()
        self.body.addWidget(self.pages)
        self.intro = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.intro.setObjectName("explainIntro")
        self.body.insertWidget(0, self.intro)
        self.body.insertWidget(0, self.section_bar)  # a row of its own: every section's name in sight
        self._page: dict[str, QWidget] = {}
        self._build_pages()
        for page in self._page.values():  # a page taller than its content keeps it at the top, not spread out
            layout = page.layout()
            if isinstance(layout, QVBoxLayout):
                layout.addStretch(1)
        self.body.addStretch(1)
        self.section_bar.currentChanged.connect(self._on_section_bar_changed)

    # --- building -------------------------------------------------------------------------------------------------
    def _add_page(self, key: str, page: QWidget) -> None:
        self._page[key] = page
        self.pages.addWidget(page)

    def _build_pages(self) -> None:
        conv = ConvPage()
        self._add_page("conv", conv)
        self._conv_page = conv
        self.conv_layer, self.conv_channel, self.conv_row, self.conv_col = conv.layer, conv.channel, conv.row, conv.col
        self.step_button = conv.step_button
        self.conv_input, self.conv_kernel, self.conv_output = conv.input, conv.kernel, conv.output
        self._conv_captions = conv.captions
        self.conv_text = conv.text
        self.conv_layer.currentIndexChanged.connect(self._on_conv_layer_changed)
        for spin in (self.conv_channel, self.conv_row, self.conv_col):
            spin.valueChanged.connect(self._on_control_changed)
        self.conv_output.clicked.connect(self._on_conv_output_clicked)
        self.step_button.toggled.connect(self._on_step_button_toggled)

        pool = PoolPage()
        self._add_page("pool", pool)
        self.pool_layer, self.pool_channel, self.pool_row, self.pool_col = pool.layer, pool.channel, pool.row, pool.col
        self.pool_window = pool.window_view
        self.pool_text = pool.text
        self.pool_layer.currentIndexChanged.connect(self._on_control_changed)
        for spin in (self.pool_channel, self.pool_row, self.pool_col):
            spin.valueChanged.connect(self._on_control_changed)

        output = OutputPage()
        self._add_page("output", output)
        self.all_digits = output.all_digits
        self.output_text = output.text
        self.all_digits.toggled.connect(self._on_control_changed)

        recurrent = RecurrentPage()
        self._add_page("recurrent", recurrent)
        self._recurrent_page = recurrent
        self.step_slider, self.step_label = recurrent.step_slider, recurrent.step_label
        self.unit_spin = recurrent.unit_spin
        self.row_strip = recurrent.row_strip
        self.recurrent_text = recurrent.text
        self.step_slider.valueChanged.connect(self._on_control_changed)
        self.unit_spin.valueChanged.connect(self._on_control_changed)

        training = TrainingPage()
        self._add_page("training", training)
        self.label_choice, self.learning_rate = training.label_choice, training.learning_rate
        self.training_text = training.text
        self.label_choice.currentIndexChanged.connect(self._on_control_changed)
        self.learning_rate.valueChanged.connect(self._on_control_changed)

    # --- public ---------------------------------------------------------------------------------------------------
    def sections(self) -> list[str]:
        return list(self._sections)

    def current_section(self) -> str:
        index = self.section_bar.currentIndex()
        return self._sections[index] if 0 <= index < len(self._sections) else ""

    def show_section(self, key: str) -> None:
        if key in self._sections:
            self.section_bar.setCurrentIndex(self._sections.index(key))

    def select(self, target: dict[str, Any]) -> None:
        """Go to what another view asked about: {"section": "conv", "layer", "channel", "row", "col"} (0-based),
        {"section": "pool", ...} alike, or {"section": "recurrent", "step", "unit"}; an unknown section is ignored."""
        key = target.get("section")
        self.stop_sweep()
        widgets = {
            "conv": (self.conv_layer, self.conv_channel, self.conv_row, self.conv_col),
            "pool": (self.pool_layer, self.pool_channel, self.pool_row, self.pool_col),
        }
        if key in widgets:
            combo, channel, row, col = widgets[key]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(target.get("layer")), combo.currentIndex(), 0))
            combo.blockSignals(False)
            if key == "conv":
                self._fit_conv_ranges()
            for spin, name in ((channel, "channel"), (row, "row"), (col, "col")):
                if name in target:
                    self._set_quietly(spin, int(target[name]) + 1)
        elif key == "recurrent":
            self._set_quietly(self.step_slider, int(target.get("step", 0)) + 1)
            self._set_quietly(self.unit_spin, int(target.get("unit", 0)) + 1)
        self.section_bar.blockSignals(True)
        self.show_section(str(key))
        self.section_bar.blockSignals(False)
        self._show_page()
        self.invalidate()

    def stop_sweep(self) -> None:
        self._sweep.stop()
        self._swept = None
        self.step_button.setChecked(False)

    def sweeping(self) -> bool:
        return self._sweep.isActive()

    # --- rendering ------------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        self.stop_sweep()
        model = ckpt.model
        keep = self.current_section()
        self._sections = sections_for(model)
        self.section_bar.blockSignals(True)
        while self.section_bar.count():
            self.section_bar.removeTab(0)
        for _key in self._sections:
            self.section_bar.addTab("")
        self.section_bar.setCurrentIndex(self._sections.index(keep) if keep in self._sections else 0)
        self.section_bar.blockSignals(False)
        for combo, names in ((self.conv_layer, explain.conv_layers(model)), (self.pool_layer, pool_layers(model))):
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem("", name)
            combo.blockSignals(False)
        self._name_sections_and_layers()
        rnn = getattr(model, "rnn", None)
        if isinstance(rnn, nn.RNNBase):
            self.unit_spin.setMaximum(rnn.hidden_size)
        self._fit_conv_ranges()
        self._show_page()

    def _fit_conv_ranges(self) -> None:
        ckpt = self._ckpt
        layer = self.conv_layer.currentData()
        if ckpt is None or layer is None:
            return
        conv = dict(ckpt.model.named_modules())[layer]
        assert isinstance(conv, nn.Conv2d)
        self.conv_channel.setMaximum(conv.out_channels)

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        self._x4 = x.reshape(1, 1, 28, 28)
        draw = {
            "conv": self._draw_conv,
            "pool": self._draw_pool,
            "output": self._draw_output,
            "recurrent": self._draw_recurrent,
            "training": self._draw_training,
        }.get(self.current_section())
        if draw is not None:
            draw(ckpt.model, self._x4)

    def _draw_conv(self, model: nn.Module, x: torch.Tensor) -> None:
        layer = self.conv_layer.currentData()
        e = explain.explain_conv(
            model, x, layer, self.conv_channel.value() - 1, self.conv_row.value() - 1, self.conv_col.value() - 1
        )
        out = fx.array(e.output_map)
        self._set_maximum_quietly(self.conv_row, out.shape[0])
        self._set_maximum_quietly(self.conv_col, out.shape[1])
        inputs = fx.array(e.input_map)
        shown = fx.strongest_input(e.products) if inputs.shape[0] > 1 else 0
        picture = inputs[shown]
        self.conv_input.set_array(picture, GRAY if inputs.shape[0] == 1 else SEQUENTIAL, *_range(picture))
        k = fx.array(e.kernel).shape[-1]
        self.conv_input.set_highlights([Highlight(e.top, e.left, k, k, MARK)])
        kernel = fx.array(e.kernel).reshape(-1, k, k)[shown]
        lo, hi = symmetric_levels(kernel)
        self.conv_kernel.set_array(kernel, DIVERGING, lo, hi)
        self.conv_kernel.set_colorbar(ColorBar(DIVERGING, lo, hi, title=self.tr("weight")))
        if self._swept is not None:
            self._swept[e.row, e.col] = out[e.row, e.col]
            out = self._swept
        lo, hi = symmetric_levels(fx.array(e.output_map))
        self.conv_output.set_array(out, DIVERGING, lo, hi)
        self.conv_output.set_highlights([Highlight(e.row, e.col, 1, 1, MARK)])
        for label, text in zip(self._conv_captions, self._conv_caption_texts(e, shown, inputs.shape[0]), strict=True):
            label.setText(text)
        self.conv_text.setText(fx.conv_html(e))

    def _conv_caption_texts(self, e: explain.ConvExplanation, shown: int, maps: int) -> tuple[str, str, str]:
        """The captions of the input, kernel and output pictures; ``shown`` of ``maps`` input maps is drawn."""
        output = self.tr("Output map #{map}").format(map=e.channel + 1)
        if maps == 1:
            return self.tr("Input map, the patch in red"), self.tr("Kernel"), output
        return (
            self.tr("Input map #{map} of {maps}, the patch in red").format(map=shown + 1, maps=maps),
            self.tr("Kernel #{map} of {maps}").format(map=shown + 1, maps=maps),
            output,
        )

    def _draw_pool(self, model: nn.Module, x: torch.Tensor) -> None:
        e = explain.explain_pool(
            model,
            x,
            self.pool_layer.currentData(),
            self.pool_channel.value() - 1,
            self.pool_row.value() - 1,
            self.pool_col.value() - 1,
        )
        window = fx.array(e.window)
        self.pool_window.set_array(window, SEQUENTIAL, *_range(window))
        self.pool_window.set_highlights([Highlight(int(e.winner[0]), int(e.winner[1]), 1, 1, MARK)])
        self.pool_text.setText(fx.pool_html(e))

    def _draw_output(self, model: nn.Module, x: torch.Tensor) -> None:
        e = explain.explain_output(model, x)
        self.output_text.setText(fx.output_html(e, self.all_digits.isChecked()))

    def _draw_recurrent(self, model: nn.Module, x: torch.Tensor) -> None:
        step = self.step_slider.value() - 1
        self._recurrent_page.show_step(step + 1)
        s = explain.explain_recurrent_step(model, x, step, self.unit_spin.value() - 1)
        row = fx.array(s.x_t).reshape(1, -1)
        self.row_strip.set_array(row, GRAY, float(x.min()), float(x.max()))
        self.recurrent_text.setText(fx.recurrent_html(s))

    def _draw_training(self, model: nn.Module, x: torch.Tensor) -> None:
        label = self.label_choice.currentData()
        if label is None:
            with torch.inference_mode():
                label = int(model(x).argmax())
        layer = self.conv_layer.currentData() if "conv" in self._sections else None
        channel = self.conv_channel.value() - 1 if layer is not None else 0
        e = explain.explain_training_step(
            model, x, int(label), layer=layer, channel=channel, learning_rate=self.learning_rate.value()
        )
        what = (
            self.tr("Filter #{filter} of {layer}").format(filter=channel + 1, layer=self.conv_layer.currentText())
            if layer is not None
            else self.tr("The weights of {layer}").format(layer=e.layer)
        )
        self.training_text.setText(fx.training_html(e, what))

    def _show_page(self) -> None:
        key = self.current_section()
        for name, page in self._page.items():  # only the shown page counts for the height
            policy = QSizePolicy.Policy.Preferred if name == key else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        if key:
            self.pages.setCurrentWidget(self._page[key])
        self.intro.setText(fx.intro(key))

    def _name_sections_and_layers(self) -> None:
        """The section tabs' and the layer lists' words, in the interface language."""
        for index, key in enumerate(self._sections):
            self.section_bar.setTabText(index, QCoreApplication.translate("ExplainView", str(TITLES[key])))
        ckpt = self._ckpt
        if ckpt is None:
            return
        for combo in (self.conv_layer, self.pool_layer):
            for index in range(combo.count()):
                combo.setItemText(index, localize(layer_title(ckpt.model, combo.itemData(index))))

    # --- slots ----------------------------------------------------------------------------------------------------
    def _on_section_bar_changed(self, _index: int) -> None:
        self.stop_sweep()
        self._show_page()
        self.invalidate()

    def _on_conv_layer_changed(self, _index: int) -> None:
        self.stop_sweep()
        self._fit_conv_ranges()
        self.invalidate()

    def _on_control_changed(self, *_args: object) -> None:
        self.invalidate()

    def _on_conv_output_clicked(self, row: int, col: int) -> None:
        self.stop_sweep()
        self._set_quietly(self.conv_row, row + 1)
        self._set_quietly(self.conv_col, col + 1)
        self.invalidate()

    def _on_step_button_toggled(self, on: bool) -> None:
        self._conv_page.show_sweeping(on)
        if not on:
            self._sweep.stop()
            self._swept = None
            return
        out = self.conv_output.values()
        if out is None:
            self.step_button.setChecked(False)
            return
        self._swept = np.full(out.shape, np.nan, dtype=np.float32)
        self._set_quietly(self.conv_row, 1)
        self._set_quietly(self.conv_col, 1)
        self.invalidate()
        self._sweep.start()

    def _on_sweep_timeout(self) -> None:
        if self._swept is None:
            self._sweep.stop()
            return
        rows, cols = self._swept.shape
        index = (self.conv_row.value() - 1) * cols + self.conv_col.value()  # the next position, row-major
        if index >= rows * cols:
            self._sweep.stop()
            self._swept = None  # the map is whole again
            self.step_button.blockSignals(True)
            self.step_button.setChecked(False)
            self._conv_page.show_sweeping(False)
            self.step_button.blockSignals(False)
            return
        self._set_quietly(self.conv_row, index // cols + 1)
        self._set_quietly(self.conv_col, index % cols + 1)
        self.invalidate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._name_sections_and_layers()
            self.intro.setText(fx.intro(self.current_section()))
            self.invalidate()  # the lesson's words are in its formulas: work it out again
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop_sweep()
        super().hideEvent(event)

    @staticmethod
    def _set_quietly(widget: QSpinBox | QSlider, value: int) -> None:
        widget.blockSignals(True)
        widget.setValue(value)
        widget.blockSignals(False)

    @staticmethod
    def _set_maximum_quietly(spin: QSpinBox, maximum: int) -> None:
        spin.blockSignals(True)
        spin.setMaximum(maximum)
        spin.blockSignals(False)


def _range(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    return lo, hi if hi > lo else lo + 1.0
