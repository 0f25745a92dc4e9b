"""The learned filters of each conv layer as pictures (they depend on the model only, not on the drawing)."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from digitpad.core.insight.activations import conv_kernels
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.insight.arrays import DIVERGING, ArrayView, ColorBar, grid_columns, symmetric_levels, tile, to_rgba
from digitpad.ui.insight.base import InsightView

GAP = 1


class KernelView(InsightView):
    export_name = "kernels"
    needs_input = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelView")
        self._kernels: dict[str, torch.Tensor] = {}
        self._cols = 1
        self.layer_selector = QComboBox()
        self.layer_selector.setObjectName("kernelLayerSelector")
        self.layer_selector.setToolTip("Which conv layer's filters to show")
        self.layer_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.toolbar.addWidget(QLabel("Layer:"))
        self.toolbar.addWidget(self.layer_selector)
        self.finish_toolbar()
        self.caption = QLabel(wordWrap=True)
        self.caption.setObjectName("kernelCaption")
        self.grid_view = ArrayView(minimum=120)
        self.grid_view.setObjectName("kernelGrid")
        self.grid_view.tooltip_fn = self._tooltip
        self.body.addWidget(self.caption)
        self.body.addWidget(self.grid_view, 1)
        self.layer_selector.currentIndexChanged.connect(self._on_layer_selector_changed)

    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        if conv_kernels(ckpt.model):
            return None
        return f"Learned filters belong to convolutional networks; the {ckpt.arch.upper()} model has none."

    def current_layer(self) -> str:
        return str(self.layer_selector.currentData() or "")

    def kernel_mosaic(self) -> np.ndarray | None:
        """The weights shown, as one float32 mosaic (NaN between filters)."""
        return self.grid_view.values()

    def _model_changed(self, ckpt: Checkpoint) -> None:
        keep = self.current_layer()
        self.layer_selector.blockSignals(True)
        self.layer_selector.clear()
        for name, w in conv_kernels(ckpt.model).items():
            out_c, in_c, kh, kw = w.shape
            self.layer_selector.addItem(f"{name}  ({out_c} × {in_c} × {kh} × {kw})", name)
        self.layer_selector.setCurrentIndex(max(self.layer_selector.findData(keep), 0))
        self.layer_selector.blockSignals(False)

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        self._kernels = conv_kernels(ckpt.model)
        self._draw()

    def _draw(self) -> None:
        name = self.current_layer()
        if name not in self._kernels:
            return
        w = self._kernels[name].numpy()
        out_c, in_c, kh, kw = w.shape
        if in_c == 1:
            area = self.grid_view.size()
            self._cols = grid_columns(out_c, kw / kh, max(area.width(), 1) / max(area.height(), 1))
            mosaic = tile(w[:, 0], self._cols, GAP)
            text = f"{out_c} filters of {kh} × {kw} weights, applied to the input image. Red: positive, blue: negative."
        else:
            # One column per filter, one row per input channel it reads: [in, out, kh, kw] -> rows of tiles.
            self._cols = out_c
            mosaic = tile(w.transpose(1, 0, 2, 3).reshape(in_c * out_c, kh, kw), out_c, GAP)
            text = (
                f"{out_c} filters (columns), each {kh} × {kw} weights on each of {in_c} input channels (rows). "
                "Red: positive, blue: negative."
            )
        lo, hi = symmetric_levels(w)
        gap = self.palette().color(QPalette.ColorRole.Window)
        self.grid_view.set_rgba(to_rgba(mosaic, DIVERGING, lo, hi, (gap.red(), gap.green(), gap.blue(), 255)), mosaic)
        self.grid_view.set_colorbar(ColorBar(DIVERGING, lo, hi))
        self.caption.setText(f"<b>{name}</b>: {text}")
        self.caption.setTextFormat(Qt.TextFormat.RichText)

    def _tooltip(self, row: int, col: int) -> str:
        name = self.current_layer()
        if name not in self._kernels:
            return ""
        out_c, in_c, kh, kw = self._kernels[name].shape
        if row % (kh + GAP) >= kh or col % (kw + GAP) >= kw:
            return ""
        r, c = row // (kh + GAP), col // (kw + GAP)
        if in_c == 1:
            index = r * self._cols + c
            return f"filter {index}" if index < out_c else ""
        return f"filter {c}, input channel {r}"

    def _on_layer_selector_changed(self, _index: int) -> None:
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._kernels and self.isVisible():
            self._draw()
