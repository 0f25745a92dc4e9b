"""A 10x10 confusion matrix painted directly: counts in colour-scaled cells and per-class accuracy beside.

Every colour is read from the palette when it paints (a light or dark cell ramp, text that contrasts with each
cell), so the matrix follows the theme live, and its words are translated when it paints, so it follows the
language too (a `LanguageChange` repaints it)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.ui.common import theme
from digitpad.ui.insight.arrays import BLUES, BLUES_DARK, lut

N = 10


class ConfusionMatrixWidget(QWidget):
    """Rows: true digit; columns: prediction. A cell's colour is the share of its row (square-root scaled so
    that a handful of mistakes still shows); ``cell_clicked(true, predicted)`` reports clicks."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self._counts: np.ndarray | None = None
        self._selected: tuple[int, int] | None = None
        self.setMinimumSize(260, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_counts(self, counts: np.ndarray | None) -> None:
        """int ``[10, 10]`` counts (rows true label, columns prediction), or None to clear."""
        self._counts = None if counts is None else np.asarray(counts, dtype=np.int64).reshape(N, N)
        self._selected = None
        self.update()

    def counts(self) -> np.ndarray | None:
        return self._counts

    def per_class_accuracy(self) -> np.ndarray | None:
        if self._counts is None:
            return None
        return np.diag(self._counts) / np.maximum(self._counts.sum(axis=1), 1)

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self._selected = cell
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(420, 380)

    def _geometry(self) -> tuple[float, float, float]:
        """(left, top, cell side) of the grid."""
        fm = self.fontMetrics()
        left = fm.height() * 2 + 6
        top = fm.height() * 2 + 6
        right = fm.horizontalAdvance("100.0%") + 12
        side = max(4.0, min((self.width() - left - right) / N, (self.height() - top - 4) / N))
        return left, top, side

    def cell_rect(self, true: int, predicted: int) -> QRectF:
        left, top, side = self._geometry()
        return QRectF(left + predicted * side, top + true * side, side, side)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left, top, side = self._geometry()
        col = int((event.position().x() - left) // side)
        row = int((event.position().y() - top) // side)
        if self._counts is not None and 0 <= row < N and 0 <= col < N:
            self.cell_clicked.emit(row, col)
            event.accept()
            return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        if self._counts is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect(), flags, self.tr("No evaluation yet."))
            painter.end()
            return
        left, top, side = self._geometry()
        fm = self.fontMetrics()
        painter.setPen(text)
        painter.drawText(
            QRectF(left, 0, side * N, fm.height()), Qt.AlignmentFlag.AlignCenter, self.tr("predicted digit →")
        )
        painter.save()
        painter.translate(0, top + side * N / 2)
        painter.rotate(-90)
        painter.drawText(
            QRectF(-side * N / 2, 0, side * N, fm.height()), Qt.AlignmentFlag.AlignCenter, self.tr("true digit")
        )
        painter.restore()
        for d in range(N):
            painter.drawText(
                QRectF(left + d * side, fm.height() + 2, side, fm.height()), Qt.AlignmentFlag.AlignCenter, str(d)
            )
            painter.drawText(
                QRectF(fm.height() + 2, top + d * side, fm.height(), side), Qt.AlignmentFlag.AlignCenter, str(d)
            )
        self._paint_cells(painter, left, top, side)
        self._paint_accuracy(painter, left + side * N + 6, top, side, text)
        painter.end()

    def _paint_cells(self, painter: QPainter, left: float, top: float, side: float) -> None:
        assert self._counts is not None
        shares = self._counts / np.maximum(self._counts.sum(axis=1, keepdims=True), 1)
        level = np.sqrt(shares)
        table = lut(BLUES_DARK if theme.is_dark(self.palette()) else BLUES)
        font = QFont(painter.font())
        font.setPointSizeF(max(6.0, min(font.pointSizeF(), side / 3.2)))
        painter.setFont(font)
        for t in range(N):
            for p in range(N):
                rect = QRectF(left + p * side, top + t * side, side, side)
                fill = QColor(*table[int(level[t, p] * 255)])
                painter.fillRect(rect, fill)
                count = int(self._counts[t, p])
                if count:
                    painter.setPen(QColor("#1c1c1e") if fill.lightnessF() > 0.55 else QColor("white"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, top, side * N, side * N))
        if self._selected is not None:
            painter.setPen(QPen(QColor("#ff4d4d"), 2))  # the selected cell: red on either theme
            painter.drawRect(self.cell_rect(*self._selected).adjusted(1, 1, -1, -1))

    def _paint_accuracy(self, painter: QPainter, x: float, top: float, side: float, text: QColor) -> None:
        accuracy = self.per_class_accuracy()
        assert accuracy is not None
        painter.setPen(text)
        fm = self.fontMetrics()
        painter.drawText(QPointF(x, top - 4 - fm.descent()), self.tr("accuracy"))
        for t in range(N):
            rect = QRectF(x, top + t * side, self.width() - x, side)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{accuracy[t]:.1%}")
