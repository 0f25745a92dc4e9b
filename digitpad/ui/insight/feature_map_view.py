"""CNN feature maps: every channel of one conv or pooling layer for the current drawing, as a grid of small maps.
Its texts are set again in the new language on `LanguageChange`; layer titles come from the core (`localize`)."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget
from torch import nn

from digitpad.core.inference.preprocess import to_display
from digitpad.core.insight.activations import channel_source, feature_layers, feature_maps, layer_title
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common import theme
from digitpad.ui.common.i18n import localize
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
from digitpad.ui.insight.base import InsightView, short_title

GAP = 1  # pixels between maps in the grid
SIDE = 168  # the input and the enlarged map at most: 6 screen pixels per image pixel


def shape_text(shape: tuple[int, ...]) -> str:
    """ "16 maps of 14 × 14 pixels" for a layer output ``(C, H, W)``."""
    count, h, w = shape
    return QCoreApplication.translate("FeatureMapView", "{count} maps of {h} × {w} pixels ({shape})").format(
        count=count, h=h, w=w, shape=" × ".join(str(s) for s in shape)
    )


class FeatureMapView(InsightView):
    export_name = "feature-maps"
    input_hint = QT_TRANSLATE_NOOP("FeatureMapView", "Draw a digit to see what each convolution filter responds to.")
    description = QT_TRANSLATE_NOOP(
        "FeatureMapView",
        "Feature maps: what each filter of a layer finds in the input; bright where the filter's pattern is. "
        "Map #k is made by filter #k (Filters tab).",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureMapView")
        self._maps: dict[str, torch.Tensor] = {}
        self._shapes: dict[str, tuple[int, ...]] = {}
        self._titles: dict[str, str] = {}  # layer -> the core's title, in English
        self._sources: dict[str, str] = {}  # layer -> title of the conv whose filters made its maps
        self._channel = 0
        self._cols = 1
        self._layer_maps: np.ndarray | None = None  # [C, H, W] of the selected layer

        self.layer_selector = QComboBox()
        self.layer_selector.setObjectName("layerSelector")
        self.layer_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_selector.setMinimumContentsLength(14)  # long titles elide; the list shows them whole
        self.shared_scale = QRadioButton()
        self.per_map_scale = QRadioButton()
        self.shared_scale.setObjectName("sharedScale")
        self.per_map_scale.setObjectName("perMapScale")
        self.shared_scale.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.shared_scale)
        group.addButton(self.per_map_scale)
        self._layer_label = QLabel()
        self.toolbar.addWidget(self._layer_label)
        self.toolbar.addWidget(self.layer_selector, 1)
        self.finish_toolbar()
        scales = QHBoxLayout()
        scales.addWidget(self.shared_scale)
        scales.addWidget(self.per_map_scale)
        scales.addStretch(1)
        self.body.addLayout(scales)
        self.layer_caption = QLabel(wordWrap=True)
        self.layer_caption.setObjectName("layerCaption")
        self.body.addWidget(self.layer_caption)

        self.input_view = ArrayView(minimum=84)
        self.enlarged_view = ArrayView(minimum=84)
        self.grid_view = ArrayView(minimum=120)
        self.grid_view.setObjectName("featureMapGrid")
        self.grid_view.setCursor(Qt.CursorShape.PointingHandCursor)
        self.grid_view.tooltip_fn = self._grid_tooltip
        self.grid_view.installEventFilter(self)
        theme.follow_palette(self.grid_view, self._draw)  # the gaps between tiles are the window colour
        self.enlarged_view.setObjectName("enlargedMap")
        self.enlarged_view.setCursor(Qt.CursorShape.PointingHandCursor)
        self._explain_pixel: tuple[int, int] | None = None  # the enlarged map's pixel last clicked
        self._enlarged_caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        for picture in (self.input_view, self.enlarged_view):
            picture.setMaximumSize(SIDE, SIDE)
        self._input_title = QLabel(wordWrap=True)
        pictures = QHBoxLayout()
        for title, view in ((self._input_title, self.input_view), (self._enlarged_caption, self.enlarged_view)):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(view, 1)
            pictures.addLayout(column, 1)
        self.body.addLayout(pictures, 2)
        self._grid_title = QLabel(wordWrap=True)
        self.body.addWidget(self._grid_title)
        self.body.addWidget(self.grid_view, 3)

        self.layer_selector.currentIndexChanged.connect(self._on_layer_selector_changed)
        self.shared_scale.toggled.connect(self._on_scale_toggled)
        self.grid_view.clicked.connect(self._on_grid_clicked)
        self.enlarged_view.clicked.connect(self._on_enlarged_view_clicked)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._layer_label.setText(self.tr("Layer:"))
        self.layer_selector.setToolTip(self.tr("Which layer's output to show"))
        for i in range(self.layer_selector.count()):
            self.layer_selector.setItemText(i, localize(self._titles[self.layer_selector.itemData(i)]))
        self.shared_scale.setText(self.tr("Shared scale"))
        self.shared_scale.setToolTip(self.tr("One colour scale for all maps of the layer"))
        self.per_map_scale.setText(self.tr("Per-map scale"))
        self.per_map_scale.setToolTip(self.tr("Each map stretched to its own range"))
        self.grid_view.setToolTip(self.tr("Click a map to enlarge it"))
        self.enlarged_view.setToolTip(self.tr("Click a pixel to see how it was computed (Explain tab)"))
        self._input_title.setText(self.tr("Model input"))
        self._grid_title.setText(self.tr("All maps of the layer (click one to enlarge it):"))
        self._draw()

    # --- public -------------------------------------------------------------------------------------------------
    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        if feature_layers(ckpt.model):
            return None
        return self.tr("Feature maps belong to convolutional networks; the {arch} model has no conv layers.").format(
            arch=ckpt.arch.upper()
        )

    def current_layer(self) -> str:
        return str(self.layer_selector.currentData() or "")

    def layer_title(self) -> str:
        """The selected layer's name for learners, e.g. "Convolution 1 — 16 filters of 3×3, after ReLU"."""
        return localize(self._titles.get(self.current_layer(), ""))

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
        self._explain_pixel = None
        self._draw()

    def selected_channel(self) -> int:
        return self._channel

    def explain_target(self, pixel: tuple[int, int] | None = None) -> dict[str, object]:
        """The enlarged map's ``pixel`` (default: the one last clicked, else its strongest) for the Explain tab: its
        layer's own section, or for a batch norm or ReLU the conv or pooling layer it follows, same-sized."""
        if self._layer_maps is None:
            return {}
        chosen = self._layer_maps[self._channel]
        if pixel is None:
            pixel = self._explain_pixel or divmod(int(np.argmax(chosen)), chosen.shape[1])
        layer, section = self._explained_layer(self.current_layer())
        if not section:
            return {}
        return {"section": section, "layer": layer, "channel": self._channel, "row": pixel[0], "col": pixel[1]}

    def _explained_layer(self, name: str) -> tuple[str, str]:
        names = list(self._shapes)
        ckpt_modules = dict(self._ckpt.model.named_modules()) if self._ckpt is not None else {}
        for candidate in reversed(names[: names.index(name) + 1] if name in names else []):
            if self._shapes[candidate][1:] != self._shapes[name][1:]:
                break
            module = ckpt_modules.get(candidate)
            if isinstance(module, nn.Conv2d):
                return candidate, "conv"
            if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
                return candidate, "pool"
        return name, ""

    # --- rendering ------------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        keep = self.current_layer()
        probe = feature_maps(ckpt.model, torch.zeros(1, 28, 28))
        self._shapes = {name: tuple(t.shape) for name, t in probe.items()}
        self.layer_selector.blockSignals(True)
        self.layer_selector.clear()
        self._titles = {name: layer_title(ckpt.model, name) for name in self._shapes}
        self._sources = {}
        for name in self._shapes:
            source = channel_source(ckpt.model, name)
            self._sources[name] = layer_title(ckpt.model, source) if source else ""
            self.layer_selector.addItem(localize(self._titles[name]), name)
            self.layer_selector.setItemData(self.layer_selector.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
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
        self.grid_view.set_colorbar(ColorBar(SEQUENTIAL, lo, hi, title=self.tr("activation")) if shared else None)
        r, c, th, tw = tile_rect(self._channel, self._cols, h, w, GAP)
        self.grid_view.set_highlights([Highlight(r, c, th, tw, QColor("#ff4d4d"))])
        chosen = maps[self._channel]
        e_lo, e_hi = (lo, hi) if shared else (float(chosen.min()), float(chosen.max()))
        self.enlarged_view.set_array(chosen, SEQUENTIAL, e_lo, e_hi)
        self._enlarged_caption.setText(
            self.tr("Map #{k}, made by filter #{k} of {conv}\nmin {lo:.2f} · max {hi:.2f}").format(
                k=self._channel + 1, conv=short_title(self._sources.get(name, "")), lo=chosen.min(), hi=chosen.max()
            )
        )
        self.layer_caption.setText(
            self.tr("<b>{title}</b>: {shape}").format(
                title=localize(self._titles.get(name, name)), shape=shape_text(maps.shape)
            )
        )

    def _grid_tooltip(self, row: int, col: int) -> str:
        channel = self._channel_at(row, col)
        if channel is None or self._layer_maps is None:
            return ""
        m = self._layer_maps[channel]
        made_by = short_title(self._sources.get(self.current_layer(), ""))
        if not made_by:
            return self.tr("map #{k}: min {lo:.2f}, max {hi:.2f}, mean {mean:.2f}").format(
                k=channel + 1, lo=m.min(), hi=m.max(), mean=m.mean()
            )
        return self.tr("map #{k} (made by filter #{k} of {conv}): min {lo:.2f}, max {hi:.2f}, mean {mean:.2f}").format(
            k=channel + 1, conv=made_by, lo=m.min(), hi=m.max(), mean=m.mean()
        )

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

    def _on_enlarged_view_clicked(self, row: int, col: int) -> None:
        self._explain_pixel = (row, col)
        target = self.explain_target((row, col))
        if target:
            self.explain_requested.emit(target)

    def _on_layer_selector_changed(self, _index: int) -> None:
        self._explain_pixel = None
        self._channel = 0
        self._draw()

    def _on_scale_toggled(self, _checked: bool) -> None:
        self._draw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid_view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._draw()  # the grid's column count follows the space it has
        return super().eventFilter(watched, event)


def _rgba_with_gaps(values: np.ndarray, lo: float, hi: float, gap: QColor) -> np.ndarray:
    return to_rgba(values, SEQUENTIAL, lo, hi, nan_color=(gap.red(), gap.green(), gap.blue(), 255))
