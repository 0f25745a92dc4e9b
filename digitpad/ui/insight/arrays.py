"""Arrays as pictures: colour maps, channel mosaics, and `ArrayView`, a widget that paints one array with hard
pixel edges.

Every insight view draws through `ArrayView`: one QImage per array, painted scaled with no smoothing, so an
update is a numpy colour lookup plus one `drawImage` (well under a millisecond for the arrays shown here) and no
widgets are created per update.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QLinearGradient, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

SEQUENTIAL = "viridis"
DIVERGING = "CET-D1"  # blue - white - red, centred on zero
GRAY = "gray"
BLUES = "blues"  # white to deep blue, like matplotlib's Blues: counts stay readable on every cell
BLUES_DARK = "blues-dark"  # BLUES for a dark background: from near-black to bright blue, more is brighter
_STOPS = {
    BLUES: ((0.0, "#f7fbff"), (0.25, "#c6dbef"), (0.5, "#6baed6"), (0.75, "#2171b5"), (1.0, "#08306b")),
    BLUES_DARK: ((0.0, "#1b1d21"), (0.25, "#173a5e"), (0.5, "#2160a0"), (0.75, "#3d8ad8"), (1.0, "#9ccbff")),
}


@cache
def lut(name: str) -> np.ndarray:
    """A 256-entry RGBA lookup table, uint8 ``[256, 4]``."""
    if name == GRAY:
        ramp = np.arange(256, dtype=np.uint8)
        return np.stack([ramp, ramp, ramp, np.full(256, 255, np.uint8)], axis=1)
    if name in _STOPS:
        pos = [p for p, _ in _STOPS[name]]
        colours = np.array([QColor(c).getRgb() for _, c in _STOPS[name]], np.float32)
        x = np.linspace(0, 1, 256)
        return np.stack([np.interp(x, pos, colours[:, k]) for k in range(4)], axis=1).round().astype(np.uint8)
    table = pg.colormap.get(name).getLookupTable(nPts=256, alpha=True)
    return np.ascontiguousarray(table, dtype=np.uint8)


def to_rgba(
    values: np.ndarray, cmap: str, lo: float, hi: float, nan_color: tuple[int, int, int, int] = (0, 0, 0, 0)
) -> np.ndarray:
    """Float ``[H, W]`` -> uint8 RGBA ``[H, W, 4]``, ``lo`` and ``hi`` mapped to the ends of the colour map."""
    span = hi - lo if hi > lo else 1.0
    scaled = (values - lo) * (255.0 / span)
    nan = np.isnan(scaled)
    idx = np.clip(np.nan_to_num(scaled, nan=0.0), 0, 255).astype(np.uint8)
    rgba = lut(cmap)[idx]
    if nan.any():
        rgba[nan] = nan_color
    return rgba


def symmetric_levels(values: np.ndarray | float, percentile: float = 100.0) -> tuple[float, float]:
    """``(-peak, peak)`` with ``peak`` the largest magnitude (or its ``percentile``, so outliers do not wash out
    everything else)."""
    magnitude = np.abs(np.asarray(values, dtype=np.float32))
    peak = float(np.nanpercentile(magnitude, percentile)) if magnitude.size else 0.0
    peak = peak if peak > 0 else 1.0
    return -peak, peak


def grid_columns(count: int, tile_aspect: float, area_aspect: float) -> int:
    """Columns for ``count`` tiles (width/height ``tile_aspect``) that best fill an area of ``area_aspect``."""
    cols = round(math.sqrt(count * area_aspect / max(tile_aspect, 1e-6)))
    return int(min(max(cols, 1), count))


def tile(maps: np.ndarray, cols: int, gap: int = 1, fill: float = np.nan) -> np.ndarray:
    """Stack ``[C, h, w]`` maps into one ``[rows*(h+gap)-gap, cols*(w+gap)-gap]`` mosaic, row-major, gaps ``fill``."""
    count, h, w = maps.shape
    rows = math.ceil(count / cols)
    padded = np.full((rows * cols, h + gap, w + gap), fill, dtype=np.float32)
    padded[:count, :h, :w] = maps
    mosaic = padded.reshape(rows, cols, h + gap, w + gap).transpose(0, 2, 1, 3).reshape(rows * (h + gap), -1)
    return mosaic[: mosaic.shape[0] - gap, : mosaic.shape[1] - gap] if gap else mosaic


def tile_rect(index: int, cols: int, h: int, w: int, gap: int = 1) -> tuple[int, int, int, int]:
    """(row, col, height, width) of tile ``index`` in a `tile` mosaic."""
    r, c = divmod(index, cols)
    return r * (h + gap), c * (w + gap), h, w


@dataclass(frozen=True)
class Highlight:
    """A rectangle in array pixels drawn over the picture: outlined, or filled to shade an area."""

    row: int
    col: int
    rows: int
    cols: int
    color: QColor
    filled: bool = False


@dataclass
class ColorBar:
    """A colour scale beside an array: ``lo`` to ``hi`` through ``cmap``, and what the colours measure (``title``,
    e.g. "activation", "weight", "relative importance (0 = none, 1 = most)"), written along the bar."""

    cmap: str
    lo: float
    hi: float
    title: str | None = None

    def set_title(self, text: str | None) -> None:
        """Name what the colours measure (None or "": no title). The view shows it when it next paints."""
        self.title = text or None


class ArrayView(QWidget):
    """One array painted as an image: colour mapped, scaled with hard pixel edges, optionally with a colour bar,
    row labels and highlighted rectangles. ``clicked(row, col)`` reports the array pixel under a click."""

    clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, keep_aspect: bool = True, minimum: int = 40) -> None:
        super().__init__(parent)
        self._values: np.ndarray | None = None
        self._rgba: np.ndarray | None = None
        self._image: QImage | None = None
        self._keep_aspect = keep_aspect
        self._colorbar: ColorBar | None = None
        self._row_labels: list[str] = []
        self._highlights: list[Highlight] = []
        self._placeholder = ""
        self.tooltip_fn: Callable[[int, int], str] | None = None
        self.setMinimumSize(minimum, minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    # --- data -------------------------------------------------------------------------------------------------
    def set_array(self, values: np.ndarray, cmap: str, lo: float, hi: float) -> None:
        """Show float ``[H, W]`` values through colour map ``cmap`` scaled from ``lo`` to ``hi`` (NaN: background)."""
        values = np.asarray(values, dtype=np.float32)
        self.set_rgba(to_rgba(values, cmap, lo, hi), values)

    def set_rgba(self, rgba: np.ndarray, values: np.ndarray | None = None) -> None:
        """Show a ready-made uint8 RGBA picture ``[H, W, 4]``; ``values`` are what `values()` reports."""
        self._rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
        self._values = values
        h, w = self._rgba.shape[:2]
        self._image = QImage(self._rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)  # shares self._rgba
        self.update()

    def clear(self, placeholder: str = "") -> None:
        self._values = self._rgba = self._image = None
        self._placeholder = placeholder
        self.update()

    def values(self) -> np.ndarray | None:
        """The array shown, as given (float32, NaN in gaps), or None."""
        return self._values

    def rgba(self) -> np.ndarray | None:
        return self._rgba

    def set_colorbar(self, bar: ColorBar | None) -> None:
        self._colorbar = bar
        self.update()

    def colorbar(self) -> ColorBar | None:
        return self._colorbar

    def set_row_labels(self, labels: list[str]) -> None:
        self._row_labels = list(labels)
        self.update()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self._highlights = list(highlights)
        self.update()

    def highlights(self) -> list[Highlight]:
        return list(self._highlights)

    # --- geometry ---------------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def image_rect(self) -> QRectF:
        """Where the array is painted, in widget coordinates."""
        fm = self.fontMetrics()
        left = max((fm.horizontalAdvance(f"{label} ") for label in self._row_labels), default=0)
        right = self._colorbar_width()
        area = QRectF(left, 0, max(1.0, self.width() - left - right), max(1.0, self.height()))
        if self._image is None or not self._keep_aspect:
            return area.adjusted(0.5, 0.5, -0.5, -0.5)
        h, w = self._image.height(), self._image.width()
        scale = min(area.width() / w, area.height() / h)
        dpr = self.devicePixelRatioF()
        if scale * dpr >= 2:  # whole device pixels per array pixel keep every pixel the same size
            scale = math.floor(scale * dpr) / dpr
        size = QSize(round(w * scale), round(h * scale))
        top_left = QPointF(area.x() + (area.width() - size.width()) / 2, area.y() + (area.height() - size.height()) / 2)
        return QRectF(top_left, size.toSizeF())

    def _colorbar_width(self) -> float:
        """Room right of the picture for the colour bar: the strip, its tick labels and its title."""
        if self._colorbar is None:
            return 0.0
        fm = self.fontMetrics()
        labels = max(fm.horizontalAdvance(_fmt(v)) for v in (self._colorbar.lo, self._colorbar.hi))
        title = fm.height() + 4 if self._colorbar.title else 0
        return 6 + 8 + 3 + max(labels, fm.horizontalAdvance("-0.00")) + 4 + title

    def pixel_at(self, pos: QPointF) -> tuple[int, int] | None:
        if self._image is None:
            return None
        rect = self.image_rect()
        if not rect.contains(pos):
            return None
        row = int((pos.y() - rect.y()) / rect.height() * self._image.height())
        col = int((pos.x() - rect.x()) / rect.width() * self._image.width())
        return min(row, self._image.height() - 1), min(col, self._image.width() - 1)

    # --- events -----------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pixel = self.pixel_at(event.position())
        if pixel is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*pixel)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pixel = self.pixel_at(event.position())
        if self.tooltip_fn is not None and pixel is not None:
            text = self.tooltip_fn(*pixel)
            if text:
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        if self._image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
            painter.end()
            return
        rect = self.image_rect()
        painter.drawImage(rect, self._image)
        self._paint_highlights(painter, rect)
        painter.setPen(text_color)
        if self._row_labels:
            self._paint_row_labels(painter, rect)
        if self._colorbar is not None:
            self._paint_colorbar(painter, rect, self._colorbar)
        painter.end()

    def _paint_highlights(self, painter: QPainter, rect: QRectF) -> None:
        assert self._image is not None
        sy, sx = rect.height() / self._image.height(), rect.width() / self._image.width()
        for h in self._highlights:
            box = QRectF(rect.x() + h.col * sx, rect.y() + h.row * sy, h.cols * sx, h.rows * sy)
            if h.filled:
                painter.fillRect(box, h.color)
            else:
                painter.setPen(QPen(h.color, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(box.adjusted(-1, -1, 1, 1))

    def _paint_row_labels(self, painter: QPainter, rect: QRectF) -> None:
        step = rect.height() / len(self._row_labels)
        for i, label in enumerate(self._row_labels):
            box = QRectF(0, rect.y() + i * step, rect.x() - 4, step)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_colorbar(self, painter: QPainter, rect: QRectF, bar: ColorBar) -> None:
        strip = QRectF(rect.right() + 6, rect.y(), 8, rect.height())
        gradient = QLinearGradient(strip.bottomLeft(), strip.topLeft())
        table = lut(bar.cmap)
        for i in range(0, 256, 32):
            gradient.setColorAt(i / 255, QColor(*table[i]))
        gradient.setColorAt(1.0, QColor(*table[255]))
        painter.fillRect(strip, gradient)
        fm = self.fontMetrics()
        x = strip.right() + 3
        painter.drawText(QPointF(x, strip.top() + fm.ascent()), _fmt(bar.hi))
        painter.drawText(QPointF(x, strip.bottom() - fm.descent()), _fmt(bar.lo))
        if bar.title:
            labels = max(fm.horizontalAdvance(_fmt(v)) for v in (bar.lo, bar.hi))
            title = fm.elidedText(bar.title, Qt.TextElideMode.ElideRight, round(strip.height()))
            painter.save()  # read bottom to top along the strip, like a plot's y-axis label
            painter.translate(x + max(labels, fm.horizontalAdvance("-0.00")) + 4 + fm.ascent(), strip.center().y())
            painter.rotate(-90)
            painter.drawText(QPointF(-fm.horizontalAdvance(title) / 2, 0), title)
            painter.restore()


def _fmt(value: float) -> str:
    return f"{value:.2g}" if abs(value) < 100 else f"{value:.0f}"
