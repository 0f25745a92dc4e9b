"""Grayscale pictures between numpy and Qt."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

THUMB = 56  # side of the digit thumbnails in galleries, in pixels


def qimage_to_array(image: QImage) -> np.ndarray:
    """A QImage as uint8 ``[H, W]`` grayscale."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    h, w, bpl = gray.height(), gray.width(), gray.bytesPerLine()
    return np.frombuffer(gray.constBits(), np.uint8, count=h * bpl).reshape(h, bpl)[:, :w].copy()


def array_to_qimage(array: np.ndarray) -> QImage:
    """uint8 ``[H, W]`` grayscale as a QImage that owns its pixels."""
    a = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def thumbnail(image: np.ndarray, side: int = THUMB) -> QPixmap:
    """A uint8 ``[H, W]`` grayscale picture (a 28x28 model input) as a ``side`` x ``side`` pixmap, pixels kept
    sharp."""
    return QPixmap.fromImage(
        array_to_qimage(image).scaled(
            side, side, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
        )
    )
