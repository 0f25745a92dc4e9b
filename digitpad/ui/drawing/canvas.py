"""The drawing canvas: a square pad drawn with a round antialiased pen, with undo/redo of whole strokes.

Strokes are kept in canvas units (0..1 across the square), so the drawing survives resizing and any screen's
pixel ratio, and `to_array` renders it at a fixed size whatever the window looks like.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.inference.pen import (
    MAX_PRESSURE_SCALE,
    NEUTRAL_PRESSURE,
    REFERENCE_SIDE,
)
from digitpad.ui.common import theme
from digitpad.ui.common.qimages import array_to_qimage, qimage_to_array
from digitpad.ui.drawing.stroke_painting import CanvasState, Point, Stroke, paint_stroke, render_state

# Drawn digits fill about two thirds of the pad; at this width the preprocessed stroke is MNIST's ~2.5 px.
DEFAULT_PEN_WIDTH = 20
PEN_WIDTH_RANGE = (4, 48)
THROTTLE_MS = 30  # live updates while drawing: at most one per interval
_MAX_THROTTLE_MS = 250
MAX_UNDO = 200  # undo steps kept; older ones are forgotten, so a long session's history stays small


class DrawingCanvas(QWidget):
    """Square drawing pad. `drawing_changed` fires while drawing (throttled), on release, and on every edit."""

    drawing_changed = Signal()
    history_changed = Signal()  # undo/redo availability may have changed
    pen_width_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMouseTracking(True)  # for the pen-size preview ring
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)  # a square: as tall as it is wide
        self.setSizePolicy(policy)
        self.setMinimumSize(200, 200)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._state = CanvasState()
        self._past: list[CanvasState] = []
        self._future: list[CanvasState] = []
        self._walk: tuple[object, CanvasState] | None = None  # the walk that put the picture shown last, and its state
        self._current: list[Point] | None = None
        self._pen_width = float(DEFAULT_PEN_WIDTH)
        self._pressure = True
        self._hover: QPointF | None = None
        self._cache: QImage | None = None
        self._throttle = QTimer(self, singleShot=True, interval=THROTTLE_MS)
        self._throttle.timeout.connect(self._emit_changed)
        self._retranslate()

    # ----- public API ------------------------------------------------------------------------------------------
    def to_array(self, size: int = REFERENCE_SIDE) -> np.ndarray:
        """The drawing (the stroke in progress included) as uint8 ``[size, size]``: white ink (255) on black (0)."""
        image = QImage(size, size, QImage.Format.Format_RGB32)
        render_state(
            image, self._state, self._current_stroke(), QColor(Qt.GlobalColor.black), QColor(Qt.GlobalColor.white)
        )
        return qimage_to_array(image)

    def is_empty(self) -> bool:
        return not self._state.strokes and self._state.picture is None and not self._current

    def strokes(self) -> tuple[Stroke, ...]:
        return self._state.strokes

    def has_picture(self) -> bool:
        """Whether an opened picture lies under the strokes."""
        return self._state.picture is not None

    def stroke_points(self) -> list[tuple[Point, ...]]:
        """The points of every stroke, the one in progress included (x, y in canvas units, pressure)."""
        current = self._current_stroke()
        return [s.points for s in (*self._state.strokes, *((current,) if current else ()))]

    def pen_width(self) -> float:
        """Pen diameter in pixels of a `REFERENCE_SIDE` canvas."""
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        width = float(min(max(width, PEN_WIDTH_RANGE[0]), PEN_WIDTH_RANGE[1]))
        if width != self._pen_width:
            self._pen_width = width
            self.update()
            self.pen_width_changed.emit(width)

    def set_pressure_enabled(self, enabled: bool) -> None:
        """Whether a tablet pen's pressure varies the stroke width."""
        self._pressure = enabled

    def pressure_enabled(self) -> bool:
        return self._pressure

    def set_picture(self, picture: np.ndarray, walk: object = None) -> None:
        """Replace the drawing with a picture (uint8 ``[H, W]``, white ink on black), fitted into the square.

        Pictures of one ``walk`` (the same object, not None) in a row take one undo step: each replaces the one
        before, as long as nothing else changed the canvas in between."""
        h, w = picture.shape
        side = max(h, w)
        square = np.zeros((side, side), np.uint8)
        top, left = (side - h) // 2, (side - w) // 2
        square[top : top + h, left : left + w] = picture
        image = array_to_qimage(square)
        if side > REFERENCE_SIDE:  # what `to_array` renders at: more would only fill the undo history
            image = image.scaled(
                REFERENCE_SIDE,
                REFERENCE_SIDE,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        state = CanvasState(picture=image)
        same_walk = walk is not None and self._walk is not None and self._walk[0] == walk
        replace = same_walk and self._walk is not None and self._walk[1] is self._state
        self._walk = (walk, state) if walk is not None else None
        if replace:
            self._future.clear()
            self._set_state(state)
        else:
            self._push(state)

    def clear(self) -> None:
        if not self.is_empty():
            self._current = None
            self._push(CanvasState())

    def can_undo(self) -> bool:
        return bool(self._past)

    def can_redo(self) -> bool:
        return bool(self._future)

    def undo(self) -> None:
        if self._past and self._current is None:
            self._future.append(self._state)
            self._set_state(self._past.pop())

    def redo(self) -> None:
        if self._future and self._current is None:
            self._past.append(self._state)
            self._set_state(self._future.pop())

    # ----- history ---------------------------------------------------------------------------------------------
    def _push(self, state: CanvasState) -> None:
        self._remember()
        self._set_state(state)

    def _remember(self) -> None:
        """The current state becomes the newest undo step (at most `MAX_UNDO` are kept); redo is forgotten."""
        self._past.append(self._state)
        del self._past[:-MAX_UNDO]
        self._future.clear()

    def _set_state(self, state: CanvasState) -> None:
        self._state = state
        self._cache = None
        self.update()
        self.history_changed.emit()
        self._emit_changed()

    def _emit_changed(self) -> None:
        """Notify now; the next live update waits at least twice as long as this one took, so slow work never
        makes the pen lag."""
        self._throttle.stop()
        start = time.perf_counter()
        self.drawing_changed.emit()
        spent_ms = (time.perf_counter() - start) * 1000
        self._throttle.setInterval(int(min(max(THROTTLE_MS, 2 * spent_ms), _MAX_THROTTLE_MS)))

    # ----- geometry and painting -------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(440, 440)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def square(self) -> QRectF:
        """The drawing square, in widget coordinates, centred in the widget."""
        side = float(min(self.width(), self.height()) - 2)  # room for the 1-px frame
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_canvas(self, pos: QPointF) -> tuple[float, float]:
        sq = self.square()
        return (pos.x() - sq.left()) / sq.width(), (pos.y() - sq.top()) / sq.height()

    def _colours(self) -> tuple[QColor, QColor]:
        if theme.is_dark(self.palette()):
            return QColor("#050506"), QColor("#f4f4f4")
        return QColor("#ffffff"), QColor("#141414")

    def _current_stroke(self) -> Stroke | None:
        if not self._current:
            return None
        return Stroke(tuple(self._current), self._pen_width / REFERENCE_SIDE)

    def _ensure_cache(self) -> QImage:
        dpr = self.devicePixelRatioF()
        px = max(1, round(self.square().width() * dpr))
        if self._cache is None or self._cache.width() != px or self._cache.devicePixelRatio() != dpr:
            self._cache = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
            self._cache.setDevicePixelRatio(dpr)
            render_state(self._cache, self._state, self._current_stroke(), *self._colours())
        return self._cache

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        sq = self.square()
        painter.drawImage(sq.topLeft(), self._ensure_cache())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(sq.adjusted(-0.5, -0.5, 0.5, 0.5))
        paper, ink = self._colours()
        if self.is_empty():
            hint = QColor(ink)
            hint.setAlphaF(0.35)
            painter.setPen(hint)
            painter.drawText(sq, Qt.AlignmentFlag.AlignCenter, self.tr("Draw a digit here"))
        if self._hover is not None and self._current is None:
            ring = QColor(ink)
            ring.setAlphaF(0.45)
            painter.setPen(QPen(ring, 1))
            radius = self._pen_width / REFERENCE_SIDE * sq.width() / 2
            painter.drawEllipse(self._hover, radius, radius)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._cache = None
            self.update()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setToolTip(
            self.tr(
                "Draw a digit with the mouse or a pen.\n"
                "Delete / Ctrl+Backspace: clear, Ctrl+Z: undo, Ctrl+Shift+Z: redo"
            )
        )
        self.update()  # the hint on the empty canvas

    # ----- input -----------------------------------------------------------------------------------------------
    def _begin(self, pos: QPointF, pressure: float) -> None:
        x, y = self._to_canvas(pos)
        self._current = [(x, y, pressure)]
        self._paint_current(0)
        self.update()  # the hint text and the pen-size ring go away
        self._changed_soon()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        x, y = self._to_canvas(pos)
        if (x, y) == self._current[-1][:2]:
            return
        self._current.append((x, y, pressure))
        self._paint_current(len(self._current) - 1)
        self._changed_soon()

    def _finish(self) -> None:
        stroke = self._current_stroke()
        self._current = None
        if stroke is not None:
            self._remember()
            self._state = CanvasState((*self._state.strokes, stroke), self._state.picture)
            self._cache = None  # redraw the finished stroke as one smooth path
            self.update()
            self.history_changed.emit()
            self._emit_changed()  # synchronously: the prediction is up to date when the release is handled

    def _paint_current(self, segment: int) -> None:
        """Add the newest segment to the display cache and repaint only around it."""
        stroke = self._current_stroke()
        cache = self._ensure_cache()
        if stroke is None:
            return
        sq = self.square()
        painter = QPainter(cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_stroke(painter, stroke, self._colours()[1], cache.width() / cache.devicePixelRatio(), start=segment)
        painter.end()
        pts = stroke.points[max(segment - 1, 0) : segment + 1]
        pad = stroke.width * MAX_PRESSURE_SCALE * sq.width() / 2 + 3
        xs = [sq.left() + p[0] * sq.width() for p in pts]
        ys = [sq.top() + p[1] * sq.height() for p in pts]
        self.update(
            QRectF(
                min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
            ).toAlignedRect()
        )

    def _changed_soon(self) -> None:
        if not self._throttle.isActive():
            self._throttle.start()

    def _move_hover(self, pos: QPointF | None) -> None:
        self._hover = pos
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), NEUTRAL_PRESSURE)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), NEUTRAL_PRESSURE)
        else:
            self._move_hover(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._current is not None:
            self._extend(event.position(), NEUTRAL_PRESSURE)
            self._finish()
        else:
            super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._move_hover(None)
        super().leaveEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        pressure = event.pressure() if self._pressure else NEUTRAL_PRESSURE
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            if self._current is not None:
                self._extend(event.position(), pressure)
            else:
                self._move_hover(event.position())
        elif kind == QEvent.Type.TabletRelease and self._current is not None:
            self._finish()
        event.accept()  # no synthesized mouse events on top
