"""The window's layout: its default size, the prediction column's scroll area, and restoring a saved layout only
when it is of this version (`settings.LAYOUT`) and fits the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QSizePolicy, QStyle, QWidget

from digitpad.ui import settings as keys

DEFAULT_SIZE = QSize(1240, 760)  # fits a 1280 × 800 screen with its panels and title bar; smaller screens get less
COLUMN_MAX_WIDTH = 380  # a wider prediction column scrolls sideways instead of narrowing the canvas


def saved_frame(geometry: QByteArray) -> QRect | None:
    """The window's frame in a `saveGeometry` record (Qt's format: magic, version, frame rectangle, …)."""
    stream = QDataStream(geometry)
    magic = stream.readUInt32()
    stream.readUInt16()  # major version
    stream.readUInt16()  # minor version
    frame = QRect()
    stream >> frame
    return frame if magic == 0x1D9D0CB and stream.status() == QDataStream.Status.Ok else None


def fits_a_screen(frame: QRect | None) -> bool:
    """Whether the frame lies on a screen and fits its available area (a smaller screen than last time: no)."""
    if frame is None or frame.isEmpty():
        return False
    for screen in QGuiApplication.screens():
        available = screen.availableGeometry()
        if available.intersects(frame):
            return frame.width() <= available.width() and frame.height() <= available.height()
    return False


class ColumnScroll(QScrollArea):
    """The prediction column in a scroll area: as wide as the column needs (at most `COLUMN_MAX_WIDTH`), scrolling
    down when the window is short, so the column never sets the window's minimum height."""

    def __init__(self, column: QWidget) -> None:
        super().__init__()
        self.setObjectName("predictionColumnScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(column)
        self.column = column

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 2

    def sizeHint(self) -> QSize:  # no wider than the column needs: the canvas gets the rest
        return QSize(self.minimumSizeHint().width(), self.column.sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self._column_width(), COLUMN_MAX_WIDTH) + self._bar(), 120)

    def _column_width(self) -> int:
        """The narrowest the scroll area lays the column out (Qt's qSmartMinSize, across)."""
        column = self.column
        if column.minimumWidth() > 0:
            width = column.minimumWidth()
        elif column.sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ShrinkFlag.value:
            width = column.minimumSizeHint().width()
        else:
            width = column.sizeHint().width()
        return min(width, column.maximumWidth())


def default_size(window: QWidget) -> QSize:
    """`DEFAULT_SIZE`, or less on a screen too small for it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size() if screen is not None else DEFAULT_SIZE
    return DEFAULT_SIZE.boundedTo(available)


def restore_layout(window: QMainWindow, settings: QSettings) -> bool:
    """The saved geometry and docks, if they are of this layout version and the window fits the screen."""
    geometry, window_state = stored_bytes(settings, keys.WINDOW_GEOMETRY), stored_bytes(settings, keys.WINDOW_STATE)
    if keys.read(settings, keys.LAYOUT_VERSION, 0) != keys.LAYOUT or geometry is None or window_state is None:
        return False
    try:  # a record cut short or hand-edited: the default layout instead
        if not fits_a_screen(saved_frame(geometry)) or not window.restoreGeometry(geometry):
            return False
        return window.restoreState(window_state, keys.LAYOUT)
    except (TypeError, ValueError, OverflowError, RuntimeError):
        keys.drop(settings, keys.WINDOW_GEOMETRY, geometry)
        keys.drop(settings, keys.WINDOW_STATE, window_state)
        return False


def save_layout(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue(keys.WINDOW_GEOMETRY, window.saveGeometry())
    settings.setValue(keys.WINDOW_STATE, window.saveState(keys.LAYOUT))
    settings.setValue(keys.LAYOUT_VERSION, keys.LAYOUT)


def stored_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """A saved `saveGeometry`/`saveState` record; anything else there (text, a list: a hand-edited file) is
    dropped."""
    raw = settings.value(key)
    if raw is None:
        return None
    if isinstance(raw, QByteArray) and not raw.isEmpty():
        return raw
    keys.drop(settings, key, raw)
    return None
