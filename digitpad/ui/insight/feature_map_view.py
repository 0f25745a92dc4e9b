"""CNN feature maps: every channel of one conv or pooling layer for the current drawing, as a grid of small maps."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import feature_layers, feature_maps
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.insight.arrays import (
    GRAY,
    SEQUENTIAL,
    ArrayView,
    ColorBar,
    Highlight,
    grid_columns,
    tile,
    tile_rect,
    to_rgba,
)
from digitpad.ui.insight.base import InsightView

GAP = 1  # pixels between maps in the grid
SIDE = 168  # the input and the enlarged map: 6 screen pixels per image pixel


def layer_label(name: str, shape: tuple[int, ...]) -> str:
    return f"{name}  ({' × '.join(str(s) for s in shape)})"


class FeatureMapView(InsightView):
    export_name = "feature-maps"
    input_hint = "Draw a digit to see what each convolution filter responds to."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureMapView")
        self._maps: dict[str, torch.Tensor] = {}
        self._shapes: dict[str, tuple[int, ...]] = {}
        self._channel = 0
        self._cols = 1
        self._layer_maps: np.ndarray | None = None  # [C, H, W] of the selected layer

        self.layer_selector = QComboBox()
        self.layer_selector.setObjectName("layerSelector")
        self.layer_selector.setToolTip("Which layer's output to show")
        self.layer_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.shared_scale = QRadioButton("Shared scale")
        self.shared_scale.setToolTip("One colour scale for all maps of the layer")
        self.per_map_scale = QRadioButton("Per-map scale")
        self.per_map_scale.setToolTip("Each map stretched to its own range")
        self.shared_scale.setObjectName("sharedScale")
        self.per_map_scale.setObjectName("perMapScale")
        self.shared_scale.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.shared_scale)
        group.addButton(self.per_map_scale)
        self.toolbar.addWidget(QLabel("Layer:"))
        self.toolbar.addWidget(self.layer_selector)
        self.toolbar.addSpacing(12)
        self.toolbar.addWidget(self.shared_scale)
        self.toolbar.addWidget(self.per_map_scale)
        self.finish_toolbar()

        self.input_view = ArrayView(minimum=84)
        self.enlarged_view = ArrayView(minimum=84)
        self.grid_view = ArrayView(minimum=120)
        self.grid_view.setObjectName("featureMapGrid")
        self.grid_view.setCursor(Qt.CursorShape.PointingHandCursor)
        self.grid_view.setToolTip("Click a map to enlarge it")
        self.grid_view.tooltip_fn = self._grid_tooltip
        self._enlarged_caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        for picture in (self.input_view, self.enlarged_view):
            picture.setFixedSize(SIDE, SIDE)
        side = QVBoxLayout()
        side.addWidget(QLabel("Model input", alignment=Qt.AlignmentFlag.AlignCenter))
        side.addWidget(self.input_view, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addSpacing(8)
        side.addWidget(self._enlarged_caption)
        side.addWidget(self.enlarged_view, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(SIDE + 24)
        row = QHBoxLayout()
        row.addWidget(side_widget)
        row.addWidget(self.grid_view, 1)
        self.body.addLayout(row)

        self.layer_selector.currentIndexChanged.connect(self._on_layer_selector_changed)
        self.shared_scale.toggled.connect(self._on_scale_toggled)
        self.grid_view.clicked.connect(self._on_grid_clicked)

    # --- public -------------------------------------------------------------------------------------------------
    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        if feature_layers(ckpt.model):
            return None
        return f"Feature maps belong to convolutional networks; the {ckpt.arch.upper()} model has no conv layers."

    def current_layer(self) -> str:
        return str(self.layer_selector.currentData() or "")

    def layer_shape(self) -> tuple[int, ...]:
        """The selected layer's output shape ``(C, H, W)``."""
        return self._shapes.get(self.current_layer(), ())

    def channel_count(self) -> int:
        return 0 if self._layer_maps is None else int(self._layer_maps.shape[0])

    def channel_values(self, channel: int) -> np.ndarray:
        """The raw activations that the grid shows for ``channel``, read back from the mosaic, ``[H, W]``."""
        mosaic = self.grid_view.values()
        assert mosaic is not None and self._layer_maps is not None
        _, h, w = self._layer_maps.shape
        r, c, h, w = tile_rect(channel, self._cols, h, w, GAP)
        return mosaic[r : r + h, c : c + w]

    def select_channel(self, channel: int) -> None:
        """Enlarge ``channel`` next to the input."""
        self._channel = channel
        self._draw()

    def selected_channel(self) -> int:
        return self._channel

    # --- rendering ------------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        keep = self.current_layer()
        probe = feature_maps(ckpt.model, torch.zeros(1, 28, 28))
        self._shapes = {name: tuple(t.shape) for name, t in probe.items()}
        self.layer_selector.blockSignals(True)
        self.layer_selector.clear()
        for name, shape in self._shapes.items():
            self.layer_selector.addItem(layer_label(name, shape), name)
        index = self.layer_selector.findData(keep)
        self.layer_selector.setCurrentIndex(max(index, 0))
        self.layer_selector.blockSignals(False)
        self._channel = 0
        self._maps = {}

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        assert x is not None
        self._maps = feature_maps(ckpt.model, x)
        self.input_view.set_array(to_display(x, ckpt.mean, ckpt.std), GRAY, 0, 255)
        self._draw()

    def _draw(self) -> None:
        name = self.current_layer()
        if name not in self._maps:
            return
        maps = self._maps[name].numpy()
        self._layer_maps = maps
        count, h, w = maps.shape
        self._channel = min(self._channel, count - 1)
        area = self.grid_view.size()
        self._cols = grid_columns(count, w / h, max(area.width(), 1) / max(area.height(), 1))
        raw = tile(maps, self._cols, GAP)
        shared = self.shared_scale.isChecked()
        if shared:
            lo, hi = float(maps.min()), float(maps.max())
            shown = raw
        else:
            lo_c = maps.min(axis=(1, 2), keepdims=True)
            span = np.maximum(maps.max(axis=(1, 2), keepdims=True) - lo_c, 1e-12)
            shown, lo, hi = tile((maps - lo_c) / span, self._cols, GAP), 0.0, 1.0
        self.grid_view.set_rgba(_rgba_with_gaps(shown, lo, hi, self.palette().color(QPalette.ColorRole.Window)), raw)
        self.grid_view.set_colorbar(ColorBar(SEQUENTIAL, lo, hi) if shared else None)
        r, c, th, tw = tile_rect(self._channel, self._cols, h, w, GAP)
        self.grid_view.set_highlights([Highlight(r, c, th, tw, QColor("#ff4d4d"))])
        chosen = maps[self._channel]
        e_lo, e_hi = (lo, hi) if shared else (float(chosen.min()), float(chosen.max()))
        self.enlarged_view.set_array(chosen, SEQUENTIAL, e_lo, e_hi)
        self._enlarged_caption.setText(
            f"{name.split('.')[-1]} · channel {self._channel}\nmin {chosen.min():.2f} · max {chosen.max():.2f}"
        )

    def _grid_tooltip(self, row: int, col: int) -> str:
        channel = self._channel_at(row, col)
        if channel is None or self._layer_maps is None:
            return ""
        m = self._layer_maps[channel]
        return f"channel {channel}: min {m.min():.2f}, max {m.max():.2f}, mean {m.mean():.2f}"

    def _channel_at(self, row: int, col: int) -> int | None:
        if self._layer_maps is None:
            return None
        _, h, w = self._layer_maps.shape
        if row % (h + GAP) >= h or col % (w + GAP) >= w:
            return None
        channel = (row // (h + GAP)) * self._cols + col // (w + GAP)
        return channel if channel < self._layer_maps.shape[0] else None

    # --- slots ------------------------------------------------------------------------------------------------------
    def _on_grid_clicked(self, row: int, col: int) -> None:
        channel = self._channel_at(row, col)
        if channel is not None:
            self.select_channel(channel)

    def _on_layer_selector_changed(self, _index: int) -> None:
        self._channel = 0
        self._draw()

    def _on_scale_toggled(self, _checked: bool) -> None:
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._maps and self.isVisible():
            self._draw()  # the grid's column count follows the space it has


def _rgba_with_gaps(values: np.ndarray, lo: float, hi: float, gap: QColor) -> np.ndarray:
    return to_rgba(values, SEQUENTIAL, lo, hi, nan_color=(gap.red(), gap.green(), gap.blue(), 255))
