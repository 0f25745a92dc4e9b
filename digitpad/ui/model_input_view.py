"""The 28x28 image the model actually receives, blown up with hard pixel edges so each pixel is visible."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.ui.qimages import array_to_qimage

FIELD = 28


class ModelInputView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelInputView")
        self.setToolTip("What the model sees: your drawing cropped, scaled to 20 px and centred in 28 x 28, like MNIST")
        self.setMinimumSize(FIELD * 3, FIELD * 3)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._array: np.ndarray | None = None
        self._image: QImage | None = None

    def image(self) -> np.ndarray | None:
        """The image shown (uint8 [28, 28], ink = 255), or None when the model has nothing to look at."""
        return None if self._array is None else self._array.copy()

    def set_image(self, array: np.ndarray | None) -> None:
        self._array = None if array is None else np.asarray(array, np.uint8).reshape(FIELD, FIELD).copy()
        self._image = None if self._array is None else array_to_qimage(self._array)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(FIELD * 6, FIELD * 6)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        side = float(min(self.width(), self.height()) - 1)
        # Whole screen pixels per image pixel, so every pixel of the 28x28 image is the same size.
        dpr = self.devicePixelRatioF()
        side = max(FIELD, (int(side * dpr) // FIELD) * FIELD) / dpr
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.fillRect(rect, Qt.GlobalColor.black)
        if self._image is not None:
            painter.drawImage(rect, self._image)
        else:
            painter.setPen(QColor(255, 255, 255, 110))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "28 × 28")
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.end()
