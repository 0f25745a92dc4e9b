"""The learned filters of each conv layer as pictures (they depend on the model only, not on the drawing), with
one filter zoomed: its kernels large enough to read, one per input map it looks at. Its texts are set again in the
new language on `LanguageChange`."""

from __future__ import annotations

import math

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QWidget

from digitpad.core.insight.activations import conv_kernels, layer_title
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common import theme
from digitpad.ui.common.i18n import localize
from digitpad.ui.insight.arrays import (
    DIVERGING,
    ArrayView,
    ColorBar,
    Highlight,
    grid_columns,
    symmetric_levels,
    tile,
    tile_rect,
    to_rgba,
)
from digitpad.ui.insight.base import InsightView, short_title

GAP = 1
SELECTED = QColor("#2ca02c")  # the zoomed filter's outline: green stands out on blue-white-red weights


class KernelView(InsightView):
    export_name = "kernels"
    needs_input = False
    description = QT_TRANSLATE_NOOP(
        "KernelView",
        "Filters: the small weight patterns each convolution slides over its input; filter #k makes feature "
        "map #k. Red weights add where there is ink, blue ones subtract.",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelView")
        self._kernels: dict[str, torch.Tensor] = {}
        self._titles: dict[str, str] = {}  # layer -> the core's title, in English
        self._cols = 1
        self._zoom_cols = 1
        self._levels = (-1.0, 1.0)
        self.layer_selector = QComboBox()
        self.layer_selector.setObjectName("kernelLayerSelector")
        self.layer_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_selector.setMinimumContentsLength(14)
        self._layer_label = QLabel()
        self.toolbar.addWidget(self._layer_label)
        self.toolbar.addWidget(self.layer_selector, 1)
        self.finish_toolbar()
        self.layer_caption = QLabel(wordWrap=True)
        self.layer_caption.setObjectName("kernelCaption")
        self.layer_caption.setTextFormat(Qt.TextFormat.RichText)
        self.grid_view = ArrayView(minimum=120)
        self.grid_view.setObjectName("kernelGrid")
        self.grid_view.setCursor(Qt.CursorShape.PointingHandCursor)
        self.grid_view.tooltip_fn = self._tooltip
        self.grid_view.installEventFilter(self)
        theme.follow_palette(self.grid_view, self._draw)  # the gaps between tiles are the window colour
        self.filter_slider = QSlider(Qt.Orientation.Horizontal)
        self.filter_slider.setObjectName("filterSlider")
        self.filter_slider.setMinimumWidth(80)
        self._filter_label = QLabel()
        self._zoom_label = QLabel()
        zoom_row = QHBoxLayout()
        zoom_row.addWidget(self._zoom_label)
        zoom_row.addWidget(self.filter_slider, 1)
        zoom_row.addWidget(self._filter_label)
        self.zoom_caption = QLabel(wordWrap=True)
        self.zoom_caption.setObjectName("zoomCaption")
        self.zoom_view = ArrayView(minimum=120)
        self.zoom_view.setObjectName("kernelZoom")
        self.zoom_view.tooltip_fn = self._zoom_tooltip
        self.body.addWidget(self.layer_caption)
        self.body.addWidget(self.grid_view, 2)
        self.body.addLayout(zoom_row)
        self.body.addWidget(self.zoom_caption)
        self.body.addWidget(self.zoom_view, 3)
        self.layer_selector.currentIndexChanged.connect(self._on_layer_selector_changed)
        self.grid_view.clicked.connect(self._on_grid_view_clicked)
        self.filter_slider.valueChanged.connect(self._on_filter_slider_changed)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._layer_label.setText(self.tr("Layer:"))
        self.layer_selector.setToolTip(self.tr("Which conv layer's filters to show"))
        for i in range(self.layer_selector.count()):
            self.layer_selector.setItemText(i, localize(self._titles[self.layer_selector.itemData(i)]))
        self._zoom_label.setText(self.tr("Zoom on:"))
        self.filter_slider.setToolTip(self.tr("Which filter to show large"))
        widest = self._filter_text(63, 64)
        self._filter_label.setMinimumWidth(self._filter_label.fontMetrics().horizontalAdvance(widest))
        self._draw()

    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        if conv_kernels(ckpt.model):
            return None
        return self.tr("Learned filters belong to convolutional networks; the {arch} model has none.").format(
            arch=ckpt.arch.upper()
        )

    def current_layer(self) -> str:
        return str(self.layer_selector.currentData() or "")

    def layer_title(self) -> str:
        return localize(self._titles.get(self.current_layer(), ""))

    def kernel_mosaic(self) -> np.ndarray | None:
        """The weights shown, as one float32 mosaic (NaN between filters)."""
        return self.grid_view.values()

    def selected_filter(self) -> int:
        """The filter shown large (0-based; the view numbers them from #1)."""
        return self.filter_slider.value()

    def select_filter(self, index: int) -> None:
        self.filter_slider.setValue(index)

    def zoomed(self) -> np.ndarray | None:
        """The zoomed filter's kernels as one float32 mosaic, one ``[kH, kW]`` tile per input map (NaN between)."""
        return self.zoom_view.values()

    def _model_changed(self, ckpt: Checkpoint) -> None:
        keep = self.current_layer()
        self.layer_selector.blockSignals(True)
        self.layer_selector.clear()
        self._titles = {}
        for name, w in conv_kernels(ckpt.model).items():
            out_c, in_c, kh, kw = w.shape
            self._titles[name] = layer_title(ckpt.model, name)
            self.layer_selector.addItem(localize(self._titles[name]), name)
            self.layer_selector.setItemData(
                self.layer_selector.count() - 1, f"{name}: {out_c} × {in_c} × {kh} × {kw}", Qt.ItemDataRole.ToolTipRole
            )
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
        self.filter_slider.blockSignals(True)
        self.filter_slider.setRange(0, out_c - 1)
        self.filter_slider.blockSignals(False)
        if in_c == 1:
            area = self.grid_view.size()
            self._cols = grid_columns(out_c, kw / kh, max(area.width(), 1) / max(area.height(), 1))
            mosaic = tile(w[:, 0], self._cols, GAP)
            text = self.tr("{count} filters of {kh} × {kw} weights, each slid over the input picture.").format(
                count=out_c, kh=kh, kw=kw
            )
        else:
            # One column per filter, one row per input map it reads: [in, out, kh, kw] -> rows of tiles.
            self._cols = out_c
            mosaic = tile(w.transpose(1, 0, 2, 3).reshape(in_c * out_c, kh, kw), out_c, GAP)
            text = self.tr(
                "{count} filters (columns), each with a {kh} × {kw} kernel for each of the {maps} maps it reads "
                "(rows). Click a filter to zoom on it."
            ).format(count=out_c, kh=kh, kw=kw, maps=in_c)
        self._levels = symmetric_levels(w)
        self.grid_view.set_rgba(self._to_rgba(mosaic), mosaic)
        self.grid_view.set_colorbar(ColorBar(DIVERGING, *self._levels, title=self.tr("weight")))
        self.layer_caption.setText(
            self.tr("<b>{title}</b>: {text}").format(title=localize(self._titles.get(name, name)), text=text)
        )
        self._draw_zoom()

    def _draw_zoom(self) -> None:
        name = self.current_layer()
        if name not in self._kernels:
            return
        w = self._kernels[name].numpy()
        out_c, in_c, kh, kw = w.shape
        k = min(self.filter_slider.value(), out_c - 1)
        self._zoom_cols = math.ceil(math.sqrt(in_c))
        mosaic = tile(w[k], self._zoom_cols, GAP)
        self.zoom_view.set_rgba(self._to_rgba(mosaic), mosaic)
        self.zoom_view.set_colorbar(ColorBar(DIVERGING, *self._levels, title=self.tr("weight")))
        self._filter_label.setText(self._filter_text(k, out_c))
        conv = short_title(self._titles.get(name, name))
        if in_c == 1:
            self.zoom_caption.setText(
                self.tr("Filter #{k} of {conv}: its {kh} × {kw} weights; it makes map #{k}.").format(
                    k=k + 1, conv=conv, kh=kh, kw=kw
                )
            )
        else:
            self.zoom_caption.setText(
                self.tr(
                    "Filter #{k} of {conv}: one {kh} × {kw} kernel per input map (#1 top left, row by row); "
                    "it adds up what they find into map #{k}."
                ).format(k=k + 1, conv=conv, kh=kh, kw=kw)
            )
        if in_c == 1:
            r, c, th, tw = tile_rect(k, self._cols, kh, kw, GAP)
        else:
            r, c, th, tw = 0, k * (kw + GAP), in_c * (kh + GAP) - GAP, kw
        self.grid_view.set_highlights([Highlight(r, c, th, tw, SELECTED)])

    def _filter_text(self, k: int, count: int) -> str:
        """The zoomed filter's number, counted from #1: "filter #6 of 16"."""
        return self.tr("filter #{k} of {count}").format(k=k + 1, count=count)

    def _to_rgba(self, mosaic: np.ndarray) -> np.ndarray:
        gap = self.palette().color(QPalette.ColorRole.Window)
        return to_rgba(mosaic, DIVERGING, *self._levels, (gap.red(), gap.green(), gap.blue(), 255))

    def _filter_at(self, row: int, col: int) -> tuple[int, int] | None:
        """(filter, input map) under a mosaic pixel, or None in a gap."""
        name = self.current_layer()
        if name not in self._kernels:
            return None
        out_c, in_c, kh, kw = self._kernels[name].shape
        if row % (kh + GAP) >= kh or col % (kw + GAP) >= kw:
            return None
        r, c = row // (kh + GAP), col // (kw + GAP)
        if in_c == 1:
            index = r * self._cols + c
            return (index, 0) if index < out_c else None
        return c, r

    def _tooltip(self, row: int, col: int) -> str:
        hit = self._filter_at(row, col)
        if hit is None:
            return ""
        f, m = hit
        name = self.current_layer()
        in_c = self._kernels[name].shape[1]
        if in_c == 1:
            return self.tr("filter #{k} (makes map #{k}). Click to zoom.").format(k=f + 1)
        return self.tr("filter #{k} (makes map #{k}), kernel for input map #{m}. Click to zoom.").format(
            k=f + 1, m=m + 1
        )

    def _zoom_tooltip(self, row: int, col: int) -> str:
        name = self.current_layer()
        if name not in self._kernels:
            return ""
        w = self._kernels[name]
        _, in_c, kh, kw = w.shape
        if row % (kh + GAP) >= kh or col % (kw + GAP) >= kw:
            return ""
        m = (row // (kh + GAP)) * self._zoom_cols + col // (kw + GAP)
        if m >= in_c:
            return ""
        weight = float(w[self.selected_filter(), m, row % (kh + GAP), col % (kw + GAP)])
        return self.tr("kernel for input map #{m}: weight {weight:+.3f}").format(m=m + 1, weight=weight)

    def _on_grid_view_clicked(self, row: int, col: int) -> None:
        hit = self._filter_at(row, col)
        if hit is not None:
            self.filter_slider.setValue(hit[0])

    def _on_filter_slider_changed(self, _value: int) -> None:
        self._draw_zoom()

    def _on_layer_selector_changed(self, _index: int) -> None:
        self._draw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid_view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._draw()  # the grid's column count follows the space it has
        return super().eventFilter(watched, event)
