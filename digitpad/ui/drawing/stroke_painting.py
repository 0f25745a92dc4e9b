"""How the drawing canvas paints: its strokes (kept in canvas units, 0..1 across the square), the state one undo
step holds, and the rendering of a state onto an image at any size, so the screen and `to_array` draw the same."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from digitpad.core.inference.pen import pressure_scale, segment_widths

Point = tuple[float, float, float]  # x, y in canvas units, pen pressure in [0, 1]


@dataclass(frozen=True)
class Stroke:
    points: tuple[Point, ...]
    width: float  # nominal diameter in canvas units


@dataclass(frozen=True)
class CanvasState:
    """One entry of the undo history: the strokes and, if a picture was opened, that picture."""

    strokes: tuple[Stroke, ...] = ()
    picture: QImage | None = None  # grayscale, white ink on black, drawn under the strokes


def paint_stroke(painter: QPainter, stroke: Stroke, ink: QColor, side: float, start: int = 1) -> None:
    """Draw segments ``start..`` of a stroke on a square of ``side`` painter units, at the widths of the core pen
    (`segment_widths`), so that the canvas and `render_strokes` draw the same strokes."""
    pen = QPen(ink)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pts = stroke.points
    width = stroke.width * side
    if len(pts) == 1:
        pen.setWidthF(width * pressure_scale(pts[0][2]))
        painter.setPen(pen)
        painter.drawPoint(QPointF(pts[0][0] * side, pts[0][1] * side))
        return
    if start <= 1 and len({p for _, _, p in pts}) == 1:
        # One path for a stroke of even width: smooth joins, no beading where segment ends overlap.
        path = QPainterPath(QPointF(pts[0][0] * side, pts[0][1] * side))
        for x, y, _ in pts[1:]:
            path.lineTo(x * side, y * side)
        pen.setWidthF(width * pressure_scale(pts[0][2]))
        painter.strokePath(path, pen)
        return
    first = max(start, 1)
    widths = segment_widths([p for _, _, p in pts[first - 1 :]], width)
    for i in range(first, len(pts)):
        (x0, y0, _), (x1, y1, _) = pts[i - 1], pts[i]
        pen.setWidthF(float(widths[i - first]))
        painter.setPen(pen)
        painter.drawLine(QPointF(x0 * side, y0 * side), QPointF(x1 * side, y1 * side))


def tinted(picture: QImage, ink: QColor) -> QImage:
    """A white-on-black picture as ink of the given colour over transparency."""
    out = QImage(picture.size(), QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(ink)
    out.setAlphaChannel(picture)
    return out


def render_state(image: QImage, state: CanvasState, extra: Stroke | None, paper: QColor, ink: QColor) -> None:
    image.fill(paper)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = image.width() / image.devicePixelRatio()
    if state.picture is not None:
        # QImage.scaled averages areas, so thin lines survive a large reduction; drawImage would skip pixels.
        scaled = state.picture.scaled(
            image.width(),
            image.height(),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawImage(QRectF(0, 0, side, side), tinted(scaled, ink))
    for stroke in (*state.strokes, *((extra,) if extra else ())):
        paint_stroke(painter, stroke, ink, side)
    painter.end()
