"""Grayscale pictures between numpy and Qt, and pictures from disk made to look like the canvas."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def white_ink(gray: np.ndarray) -> np.ndarray:
    """A grayscale picture of a digit (uint8 ``[H, W]``, either polarity) as white ink on black, like the canvas.

    The background is the border's median level (as `preprocess(ink="auto")` takes it); it becomes 0 and the
    strongest ink 255, so a photo's grey paper does not read as ink.
    """
    x = np.asarray(gray, np.float32)
    border = np.concatenate([x[0], x[-1], x[:, 0], x[:, -1]])
    level = float(np.median(border))
    if level > 127.5:
        x, level = 255.0 - x, 255.0 - level
    x = np.clip(x - level, 0, None)
    peak = float(x.max())
    if peak <= 0:
        return np.zeros(x.shape, np.uint8)
    return np.round(x * (255.0 / peak)).astype(np.uint8)


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
