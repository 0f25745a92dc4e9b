"""Which pixels the prediction rests on: a saliency overlay on the model input, labelled with the method used."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import shared_saliency
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.insight.arrays import GRAY, ArrayView, ColorBar, lut
from digitpad.ui.insight.base import InsightView

HEAT = "inferno"
METHOD_NOTES = {
    "Grad-CAM": "Grad-CAM: the last conv layer's maps weighted by how much they raise the predicted digit's score.",
    "gradient x input": "gradient × input: how much each pixel's ink raises the predicted digit's score.",
}


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
    input_hint = "Draw a digit to see which strokes the prediction rests on."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saliencyView")
        self._map: np.ndarray | None = None
        self._picture: np.ndarray | None = None
        self._method = ""
        self._target = -1
        self.overlay_toggle = QCheckBox("Saliency overlay")
        self.overlay_toggle.setObjectName("saliencyToggle")
        self.overlay_toggle.setChecked(True)
        self.overlay_toggle.setToolTip("Lay the saliency map over the model input")
        self.toolbar.addWidget(self.overlay_toggle)
        self.finish_toolbar()
        self.method_label = QLabel(wordWrap=True)
        self.method_label.setObjectName("saliencyMethod")
        self.picture = ArrayView(minimum=112)
        self.picture.setObjectName("saliencyPicture")
        self.picture.tooltip_fn = self._tooltip
        column = QVBoxLayout()
        column.addWidget(self.method_label)
        column.addWidget(self.picture, 1)
        row = QHBoxLayout()
        row.addLayout(column, 1)
        self.body.addLayout(row)
        self.overlay_toggle.toggled.connect(self._on_overlay_toggle_toggled)

    def saliency_values(self) -> np.ndarray | None:
        """The map shown, float32 ``[28, 28]`` in [0, 1]."""
        return self._map

    def method(self) -> str:
        return self._method

    def target(self) -> int:
        return self._target

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        heat, target, method = shared_saliency(ckpt.model, x)  # the model input's overlay shares it
        self._map, self._target, self._method = heat.numpy(), target, method
        self._picture = to_display(x, ckpt.mean, ckpt.std)
        note = METHOD_NOTES.get(method, method)
        self.method_label.setText(f"<b>{method}</b> for the predicted digit <b>{target}</b>.<br><small>{note}</small>")
        self.method_label.setTextFormat(Qt.TextFormat.RichText)
        self._draw()

    def _draw(self) -> None:
        if self._map is None or self._picture is None:
            return
        if self.overlay_toggle.isChecked():
            self.picture.set_rgba(blend(self._picture, self._map), self._map)
            self.picture.set_colorbar(ColorBar(HEAT, 0.0, 1.0))
        else:
            self.picture.set_array(self._picture, GRAY, 0, 255)
            self.picture.set_colorbar(None)

    def overlay_shown(self) -> bool:
        return self.overlay_toggle.isChecked()

    def _tooltip(self, row: int, col: int) -> str:
        return "" if self._map is None else f"row {row}, column {col}: saliency {self._map[row, col]:.2f}"

    def _on_overlay_toggle_toggled(self, _checked: bool) -> None:
        self._draw()
