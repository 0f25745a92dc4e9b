"""Drawing on the canvas with real mouse events, as a user would."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from digitpad.ui.drawing.canvas import DrawingCanvas

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def to_widget(canvas: DrawingCanvas, x: float, y: float) -> QPoint:
    """Canvas units (0..1 across the drawing square) to widget pixels."""
    sq = canvas.square()
    return QPoint(round(sq.left() + x * sq.width()), round(sq.top() + y * sq.height()))


def stroke(canvas: DrawingCanvas, points: Sequence[tuple[float, float]], release: bool = True) -> None:
    """Press at the first point, move through the others, release at the last (unless ``release`` is False)."""
    pos = [to_widget(canvas, x, y) for x, y in points]
    QTest.mousePress(canvas, LEFT, NO_MODIFIER, pos[0])
    for p in pos[1:]:
        QTest.mouseMove(canvas, p)
    if release:
        QTest.mouseRelease(canvas, LEFT, NO_MODIFIER, pos[-1])


def line(x0: float, y0: float, x1: float, y1: float, steps: int = 12) -> list[tuple[float, float]]:
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]


def one() -> list[tuple[float, float]]:
    """A '1': one vertical stroke down the middle."""
    return line(0.5, 0.18, 0.5, 0.82)


def zero(segments: int = 28) -> list[tuple[float, float]]:
    """A '0': an upright ellipse drawn in one stroke of short segments, closed."""
    return [
        (0.5 + 0.2 * math.sin(2 * math.pi * i / segments), 0.5 - 0.3 * math.cos(2 * math.pi * i / segments))
        for i in range(segments + 1)
    ]
