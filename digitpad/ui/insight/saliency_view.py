"""Which pixels the prediction rests on: a saliency overlay on the model input, with the method used and why, the
input it is computed for (your drawing, or a test digit clicked in the test-set view) and a titled scale.

The panel names the input with `set_source` before each `set_input` ("your drawing", or e.g. "test digit #12, a 7
read as 1"); while a test digit is shown, the caption offers the way back (`back_to_drawing_requested`). Its texts are
set again in the new language on `LanguageChange`."""

from __future__ import annotations

import html

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import GRAD_CAM, GRAD_CAM_BLANK, GRADIENT_X_INPUT, shared_saliency
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.insight.arrays import GRAY, ArrayView, ColorBar, lut
from digitpad.ui.insight.base import InsightView

HEAT = "inferno"
DRAWING = "your drawing"
BACK_LINK = "back"
# The texts below are English; they are shown through QCoreApplication.translate("SaliencyView", ...).
SCALE_TITLE = QT_TRANSLATE_NOOP("SaliencyView", "relative importance (0 = none, 1 = most)")
METHOD_NAMES = {  # the core's names of its methods
    GRAD_CAM: QT_TRANSLATE_NOOP("SaliencyView", "Grad-CAM"),
    GRADIENT_X_INPUT: QT_TRANSLATE_NOOP("SaliencyView", "gradient x input"),
    GRAD_CAM_BLANK: QT_TRANSLATE_NOOP("SaliencyView", "gradient x input (Grad-CAM was blank)"),
}
METHOD_NOTES = {
    GRAD_CAM: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "Grad-CAM: the areas of the last feature maps that raise the predicted digit's score. It works on a "
        "coarse grid, so it also colours paper next to the strokes.",
    ),
    GRADIENT_X_INPUT: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "gradient × input: how much each pixel's ink raises the predicted digit's score. Paper without ink scores 0.",
    ),
    GRAD_CAM_BLANK: QT_TRANSLATE_NOOP(
        "SaliencyView",
        "Grad-CAM came out blank: no area of the last feature maps raises this digit's score on its own "
        "(the model reads it from features that count against the other digits). So this map is gradient × input: "
        "how much each pixel's ink raises the score; paper without ink scores 0.",
    ),
}
EMPTY_NOTE = QT_TRANSLATE_NOOP(
    "SaliencyView",
    "The map is empty: no pixel of this input changes the predicted digit's score, so nothing is coloured.",
)
SCALE_NOTE = QT_TRANSLATE_NOOP(
    "SaliencyView", "Scaled for each input: 1 (bright yellow) is its most important pixel, 0 (black) none."
)


def translated(text: object) -> str:
    """A text of this module's tables, marked with ``QT_TRANSLATE_NOOP``, in the interface language."""
    return QCoreApplication.translate("SaliencyView", str(text))


def blend(picture_u8: np.ndarray, heat01: np.ndarray, strength: float = 0.75) -> np.ndarray:
    """The grey input with the heat map laid over it where the map is strong: uint8 RGBA ``[28, 28, 4]``."""
    gray = picture_u8.astype(np.float32)[..., None].repeat(3, axis=2) * 0.55
    colours = lut(HEAT)[np.clip(heat01 * 255, 0, 255).astype(np.uint8), :3].astype(np.float32)
    alpha = (np.clip(heat01, 0, 1) * strength)[..., None]
    rgb = gray * (1 - alpha) + colours * alpha
    out = np.empty((*picture_u8.shape, 4), np.uint8)
    out[..., :3] = np.clip(rgb, 0, 255).round()
    out[..., 3] = 255
    return out


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
        self._method = ""
        self._target = -1
        self.overlay_toggle = QCheckBox()
        self.overlay_toggle.setObjectName("saliencyToggle")
        self.overlay_toggle.setChecked(True)
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
        column = QVBoxLayout()
        column.addWidget(self.method_label)
        column.addWidget(self.picture, 1)
        column.addWidget(self.scale_label)
        self.body.addLayout(column)
        self.overlay_toggle.toggled.connect(self._on_overlay_toggle_toggled)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.overlay_toggle.setText(self.tr("Saliency overlay"))
        self.overlay_toggle.setToolTip(self.tr("Lay the saliency map over the model input"))
        self.scale_label.setText(translated(SCALE_NOTE))
        self._show_caption()
        self._draw()

    # --- what is shown -----------------------------------------------------------------------------------------
    def saliency_values(self) -> np.ndarray | None:
        """The map shown, float32 ``[28, 28]`` in [0, 1]."""
        return self._map

    def method(self) -> str:
        return self._method

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

    # --- the input's name --------------------------------------------------------------------------------------
    def set_source(self, text: str, drawing: bool = True) -> None:
        """Name the input the next `set_input` brings: "your drawing", or (``drawing`` False) a test digit."""
        super().set_source(text or DRAWING, drawing)
        self._show_caption()

    def set_input_source(self, text: str) -> None:
        """`set_source` by name alone: "" or "your drawing" is the drawing, anything else a test digit."""
        drawing = text in ("", DRAWING)
        self.set_source(DRAWING if drawing else text, drawing)

    # --- drawing -----------------------------------------------------------------------------------------------
    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        heat, target, method = shared_saliency(ckpt.model, x)  # the model input's overlay shares it
        self._map, self._target, self._method = heat.numpy(), target, method
        self._picture = to_display(x, ckpt.mean, ckpt.std)
        self._show_caption()
        self._draw()

    def _show_caption(self) -> None:
        if not hasattr(self, "method_label"):
            return  # the base view names the input while it is being built
        source = html.escape(self.source())
        back = "" if self._drawing else f' <a href="{BACK_LINK}">{html.escape(self.tr("Back to your drawing"))}</a>'
        if not self._method:
            self.method_label.setText(self.tr("Saliency of <b>{source}</b>.").format(source=source) + back)
            return
        method = translated(METHOD_NAMES.get(self._method, self._method))
        if self._drawing:
            text = self.tr("<b>{method}</b> on <b>{source}</b>, for the predicted digit <b>{digit}</b>.")
        else:
            text = self.tr("<b>{method}</b> on <b>{source}</b>, for its predicted digit <b>{digit}</b>.")
        note = EMPTY_NOTE if self.map_is_empty() else METHOD_NOTES.get(self._method, self._method)
        self.method_label.setText(
            text.format(method=method, source=source, digit=self._target)
            + f"{back}<br><small>{html.escape(translated(note))}</small>"
        )

    def _draw(self) -> None:
        if self._map is None or self._picture is None:
            return
        overlay = self.overlay_toggle.isChecked() and not self.map_is_empty()
        if overlay:
            self.picture.set_rgba(blend(self._picture, self._map), self._map)
            self.picture.set_colorbar(ColorBar(HEAT, 0.0, 1.0, title=translated(SCALE_TITLE)))
        else:
            self.picture.set_array(self._picture, GRAY, 0, 255)
            self.picture.set_colorbar(None)
        self.scale_label.setVisible(overlay)

    def _tooltip(self, row: int, col: int) -> str:
        if self._map is None:
            return ""
        return self.tr("row {row}, column {col}: relative importance {value:.2f} (0 = none, 1 = most)").format(
            row=row, col=col, value=self._map[row, col]
        )

    def _on_overlay_toggle_toggled(self, _checked: bool) -> None:
        self._draw()

    def _on_method_label_link_activated(self, link: str) -> None:
        if link == BACK_LINK:
            self.back_to_drawing_requested.emit()
