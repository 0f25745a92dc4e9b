"""Which pixels the prediction rests on: a saliency overlay on the model input, by the method the user chooses
(Grad-CAM for convolutional models, gradient × input, occlusion, integrated gradients; see `saliency_methods`),
with what the map means, the input it is computed for (your drawing, or a test digit clicked in the test-set view)
and a titled scale.

Grad-CAM and gradient × input are computed at once; occlusion and integrated gradients in a worker (`JobRunner`),
one job at a time: while one runs, the latest pen move waits and is computed next, so the map follows the drawing.

The panel names the input with `set_source` before each `set_input` ("your drawing", or e.g. "test digit #12, a 7
read as 1"); while a test digit is shown, the caption offers the way back (`back_to_drawing_requested`). Its texts are
set again in the new language on `LanguageChange`."""

from __future__ import annotations

import copy
import html
import weakref

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from torch import nn

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import GRAD_CAM, GRADIENT_X_INPUT, gradient_x_input, shared_saliency
from digitpad.core.insight.attributions import Attribution
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.runtime.jobs import JobState
from digitpad.ui.common.i18n import describe
from digitpad.ui.insight.arrays import DIVERGING, GRAY, ArrayView, ColorBar, lut
from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.saliency_methods import (
    EMPTY_NOTE,
    IG_STEPS,
    INTEGRATED_GRADIENTS,
    METHOD_NAMES,
    METHOD_NOTES,
    METHOD_TIPS,
    SCALE_NOTE,
    SCALE_TITLE,
    SIGNED,
    SIGNED_SCALE_NOTE,
    SIGNED_SCALE_TITLE,
    attribute,
    blank_value,
    methods_for,
    translated,
)
from digitpad.ui.workers.runner import JobRunner

HEAT = "inferno"
DRAWING = "your drawing"
BACK_LINK = "back"


def _overlay(picture_u8: np.ndarray, colours: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    gray = picture_u8.astype(np.float32)[..., None].repeat(3, axis=2) * 0.55
    rgb = gray * (1 - alpha[..., None]) + colours.astype(np.float32) * alpha[..., None]
    out = np.empty((*picture_u8.shape, 4), np.uint8)
    out[..., :3] = np.clip(rgb, 0, 255).round()
    out[..., 3] = 255
    return out


def blend(picture_u8: np.ndarray, heat01: np.ndarray, strength: float = 0.75) -> np.ndarray:
    """The grey input with the heat map laid over it where the map is strong: uint8 RGBA ``[28, 28, 4]``."""
    colours = lut(HEAT)[np.clip(heat01 * 255, 0, 255).astype(np.uint8), :3]
    return _overlay(picture_u8, colours, np.clip(heat01, 0, 1) * strength)


def blend_signed(picture_u8: np.ndarray, values: np.ndarray, peak: float, strength: float = 0.85) -> np.ndarray:
    """The grey input with a signed map laid over it: red where positive, blue where negative, the more opaque the
    nearer ``peak`` in size; uint8 RGBA ``[28, 28, 4]``."""
    scaled = np.clip(values / peak, -1, 1) if peak > 0 else np.zeros_like(values)
    colours = lut(DIVERGING)[np.round((scaled + 1) * 127.5).astype(np.uint8), :3]
    return _overlay(picture_u8, colours, np.abs(scaled) * strength)


class SaliencyView(InsightView):
    export_name = "saliency"
    input_hint = QT_TRANSLATE_NOOP("SaliencyView", "Draw a digit to see which strokes the prediction rests on.")
    description = QT_TRANSLATE_NOOP(
        "SaliencyView",
        "Which pixels the prediction rests on: the brighter, the more they raise the predicted digit's score.",
    )

    back_to_drawing_requested = Signal()  # the caption's "back to your drawing" was clicked (a test digit is shown)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saliencyView")
        self._map: np.ndarray | None = None
        self._picture: np.ndarray | None = None
        self._method = ""  # the method of the map shown: a `METHOD_NAMES` key
        self._target = -1
        self._attribution: Attribution | None = None  # a signed map's numbers
        self._error: Exception | None = None  # why the chosen method's map could not be computed
        self._runner = JobRunner("attribution", self, heavy=False)  # one core, as the window's other live work
        self._job: tuple[Checkpoint, torch.Tensor, str] | None = None  # what the running job computes
        self._next: tuple[Checkpoint, torch.Tensor, str] | None = None  # the latest request made meanwhile
        self._private: tuple[weakref.ref[nn.Module], nn.Module] | None = None  # the worker's copy of the model
        self.overlay_toggle = QCheckBox()
        self.overlay_toggle.setObjectName("saliencyToggle")
        self.overlay_toggle.setChecked(True)
        self.method_title = QLabel()
        self.method_chooser = QComboBox()
        self.method_chooser.setObjectName("saliencyMethodChooser")
        self.method_chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.method_title.setBuddy(self.method_chooser)
        self.toolbar.addWidget(self.overlay_toggle)
        self.finish_toolbar()
        self.method_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.method_label.setObjectName("saliencyMethod")
        self.method_label.linkActivated.connect(self._on_method_label_link_activated)
        self.picture = ArrayView(minimum=112)
        self.picture.setObjectName("saliencyPicture")
        self.picture.tooltip_fn = self._tooltip
        self.scale_label = QLabel(wordWrap=True)
        self.scale_label.setObjectName("saliencyScale")
        chooser_row = QHBoxLayout()  # a row of its own: beside the toolbar's controls, a narrow dock cuts its names
        chooser_row.addWidget(self.method_title)
        chooser_row.addWidget(self.method_chooser)
        chooser_row.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(chooser_row)
        column.addWidget(self.method_label)
        column.addWidget(self.picture, 1)
        column.addWidget(self.scale_label)
        self.body.addLayout(column)
        self.overlay_toggle.toggled.connect(self._on_overlay_toggle_toggled)
        self.method_chooser.currentIndexChanged.connect(self._on_method_chooser_current_index_changed)
        self._runner.returned.connect(self._on_runner_returned)
        self._runner.errored.connect(self._on_runner_errored)
        self._runner.finished.connect(self._on_runner_finished)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.overlay_toggle.setText(self.tr("Saliency overlay"))
        self.overlay_toggle.setToolTip(self.tr("Lay the saliency map over the model input"))
        self.method_title.setText(self.tr("&Method:"))
        self.method_chooser.setToolTip(self.tr("How the map is computed"))
        self._name_methods()
        self._show_caption()
        self._draw()

    def _name_methods(self) -> None:
        for i in range(self.method_chooser.count()):
            key = self.method_chooser.itemData(i)
            self.method_chooser.setItemText(i, translated(METHOD_NAMES[key]))
            self.method_chooser.setItemData(i, translated(METHOD_TIPS[key]), Qt.ItemDataRole.ToolTipRole)

    # --- what is shown -----------------------------------------------------------------------------------------
    def saliency_values(self) -> np.ndarray | None:
        """The map shown, float32 ``[28, 28]``: in [0, 1] for Grad-CAM and gradient × input, in logits (signed)
        for occlusion and integrated gradients."""
        return self._map

    def method(self) -> str:
        """The method of the map shown (Grad-CAM may have given way to gradient × input)."""
        return self._method

    def chosen_method(self) -> str:
        """The method chosen in the chooser ("" before a model is set)."""
        return self.method_chooser.currentData() or ""

    def choose_method(self, method: str) -> None:
        """Choose a method the current model offers (`methods_for`), as the chooser does."""
        self.method_chooser.setCurrentIndex(self.method_chooser.findData(method))

    def attribution(self) -> Attribution | None:
        """The numbers of the signed map shown (occlusion, integrated gradients), else None."""
        return self._attribution

    def target(self) -> int:
        return self._target

    def map_is_empty(self) -> bool:
        """Whether the map shown has nothing in it (the caption says so)."""
        return self._map is not None and not self._map.any()

    def input_source(self) -> str:
        """The input the map is computed for: "your drawing" or e.g. "test digit #12, a 7 read as 1"."""
        return self.source()

    def overlay_shown(self) -> bool:
        return self.overlay_toggle.isChecked()

    def is_busy(self) -> bool:
        """Whether a map is being computed in the worker."""
        return self._runner.running

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Drop what waits and join the worker; True if no thread is left running."""
        self._next = None
        return self._runner.shutdown(timeout_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # --- the input's name --------------------------------------------------------------------------------------
    def set_source(self, text: str, drawing: bool = True) -> None:
        """Name the input the next `set_input` brings: "your drawing", or (``drawing`` False) a test digit."""
        super().set_source(text or DRAWING, drawing)
        self._show_caption()

    def set_input_source(self, text: str) -> None:
        """`set_source` by name alone: "" or "your drawing" is the drawing, anything else a test digit."""
        drawing = text in ("", DRAWING)
        self.set_source(DRAWING if drawing else text, drawing)

    # --- computing ---------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        chosen = self.chosen_method()
        methods = methods_for(ckpt.model)
        self.method_chooser.blockSignals(True)  # `set_model` renders next, once
        self.method_chooser.clear()
        for method in methods:
            self.method_chooser.addItem("", method)
        self.choose_method(chosen if chosen in methods else methods[0])
        self.method_chooser.blockSignals(False)
        self._name_methods()

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        method = self.chosen_method()
        if method in SIGNED:
            self._request(ckpt, x, method)
            return
        if method == GRADIENT_X_INPUT and GRAD_CAM in methods_for(ckpt.model):
            heat, target = gradient_x_input(ckpt.model, x)
        else:  # the model's default map, which the model input's overlay shares
            heat, target, method = shared_saliency(ckpt.model, x)
        self._show(ckpt, x, method, heat.numpy(), target)

    def _show(
        self,
        ckpt: Checkpoint,
        x: torch.Tensor,
        method: str,
        values: np.ndarray,
        target: int,
        numbers: Attribution | None = None,
    ) -> None:
        self._map, self._target, self._method, self._attribution, self._error = values, target, method, numbers, None
        self._picture = to_display(x, ckpt.mean, ckpt.std)
        self._show_caption()
        self._draw()

    def _request(self, ckpt: Checkpoint, x: torch.Tensor, method: str) -> None:
        """Compute ``method``'s map in the worker, now or (while one runs) as soon as it ends."""
        if self._method != method:  # until it comes, the input is shown without a map of another method
            self._map, self._method, self._attribution = None, "", None
            self._picture = to_display(x, ckpt.mean, ckpt.std)
            self._show_caption()
            self._draw()
        if self._runner.running:
            self._next = (ckpt, x, method)
            return
        if self._private is None or self._private[0]() is not ckpt.model:
            # The worker's own copy: its thread must not share modules with the views on the GUI thread.
            self._private = (weakref.ref(ckpt.model), copy.deepcopy(ckpt.model).eval())
        model, blank = self._private[1], blank_value(ckpt)

        def job(_state: JobState) -> Attribution:
            return attribute(method, model, x, blank)

        self._job = (ckpt, x, method)
        self._runner.start(job)

    def _job_is_current(self) -> bool:
        """Whether the running job computes for the model and method shown (else what replaced it follows)."""
        return self._job is not None and self._job[0] is self._ckpt and self._job[2] == self.chosen_method()

    def _on_runner_returned(self, result: Attribution) -> None:
        if self._job is None or not self._job_is_current() or self._x is None:
            return
        ckpt, x, method = self._job
        self._show(ckpt, x, method, result.values.numpy(), result.target, result)

    def _on_runner_errored(self, exc: Exception) -> None:
        if not self._job_is_current():
            return
        self._map, self._attribution, self._error = None, None, exc
        self._show_caption()
        self._draw()

    def _on_runner_finished(self) -> None:
        self._job = None
        if self._next is not None:
            ckpt, x, method = self._next
            self._next = None
            self._request(ckpt, x, method)

    # --- drawing -----------------------------------------------------------------------------------------------
    def _show_caption(self) -> None:
        if not hasattr(self, "method_label"):
            return  # the base view names the input while it is being built
        source = html.escape(self.source())
        back = "" if self._drawing else f' <a href="{BACK_LINK}">{html.escape(self.tr("Back to your drawing"))}</a>'
        chosen = html.escape(translated(METHOD_NAMES.get(self.chosen_method(), self.chosen_method())))
        if self._error is not None:
            text = self.tr("Could not compute <b>{method}</b>: {error}").format(
                method=chosen, error=html.escape(describe(self._error))
            )
            self.method_label.setText(text + back)
            return
        if not self._method:
            if self.chosen_method() in SIGNED:
                text = self.tr("Computing <b>{method}</b> on <b>{source}</b>…").format(method=chosen, source=source)
            else:
                text = self.tr("Saliency of <b>{source}</b>.").format(source=source)
            self.method_label.setText(text + back)
            return
        method = translated(METHOD_NAMES.get(self._method, self._method))
        if self._drawing:
            text = self.tr("<b>{method}</b> on <b>{source}</b>, for the predicted digit <b>{digit}</b>.")
        else:
            text = self.tr("<b>{method}</b> on <b>{source}</b>, for its predicted digit <b>{digit}</b>.")
        note = translated(EMPTY_NOTE if self.map_is_empty() else METHOD_NOTES.get(self._method, self._method))
        self.method_label.setText(
            text.format(method=method, source=source, digit=self._target)
            + f"{back}<br><small>{html.escape(note)}{self._completeness()}</small>"
        )

    def _completeness(self) -> str:
        """For integrated gradients: how close the map's sum comes to the score's rise (HTML, after the note)."""
        numbers = self._attribution
        if self._method != INTEGRATED_GRADIENTS or numbers is None or numbers.gap is None:
            return ""
        assert numbers.baseline_score is not None
        text = self.tr(
            "The map adds up to {total:+.2f}; the score went from {base:.2f} on a blank canvas to {score:.2f} "
            "({rise:+.2f}), a gap of {gap:+.3f} left by integrating in {steps} steps."
        ).format(
            total=numbers.total,
            base=numbers.baseline_score,
            score=numbers.score,
            rise=numbers.score - numbers.baseline_score,
            gap=numbers.gap,
            steps=IG_STEPS,
        )
        return " " + html.escape(text)

    def _draw(self) -> None:
        if self._picture is None:
            return
        values = self._map
        overlay = values is not None and self.overlay_toggle.isChecked() and not self.map_is_empty()
        if values is not None and overlay and self._method in SIGNED:
            peak = float(np.abs(values).max())
            self.picture.set_rgba(blend_signed(self._picture, values, peak), values)
            self.picture.set_colorbar(ColorBar(DIVERGING, -peak, peak, title=translated(SIGNED_SCALE_TITLE)))
            self.scale_label.setText(translated(SIGNED_SCALE_NOTE))
        elif values is not None and overlay:
            self.picture.set_rgba(blend(self._picture, values), values)
            self.picture.set_colorbar(ColorBar(HEAT, 0.0, 1.0, title=translated(SCALE_TITLE)))
            self.scale_label.setText(translated(SCALE_NOTE))
        else:
            self.picture.set_array(self._picture, GRAY, 0, 255)
            self.picture.set_colorbar(None)
        self.scale_label.setVisible(overlay)

    def _tooltip(self, row: int, col: int) -> str:
        if self._map is None:
            return ""
        if self._method in SIGNED:
            return self.tr("row {row}, column {col}: {value:+.3f} to the predicted digit's score (logit)").format(
                row=row, col=col, value=self._map[row, col]
            )
        return self.tr("row {row}, column {col}: relative importance {value:.2f} (0 = none, 1 = most)").format(
            row=row, col=col, value=self._map[row, col]
        )

    def _on_overlay_toggle_toggled(self, _checked: bool) -> None:
        self._draw()

    def _on_method_chooser_current_index_changed(self, _index: int) -> None:
        self._error = None  # it was the other method's
        if self._ckpt is not None:
            self.invalidate()

    def _on_method_label_link_activated(self, link: str) -> None:
        if link == BACK_LINK:
            self.back_to_drawing_requested.emit()
