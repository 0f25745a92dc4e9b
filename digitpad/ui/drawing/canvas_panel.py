"""The canvas with its controls: pen width, undo, redo, clear (the actions carry the keyboard shortcuts), and under
them the Generate row, which puts a GAN's digits on the canvas.

The canvas is a square as large as the panel allows, with the two rows right under it; the rows are never narrower
than their buttons and sliders need (the panel's minimum width), so they never truncate or collapse."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QToolButton, QWidget

from digitpad.ui.drawing.canvas import PEN_WIDTH_RANGE, DrawingCanvas
from digitpad.ui.drawing.generate_row import GenerateRow

_SPACING = 6
MIN_CANVAS_SIDE = 240  # the panel's minimum height leaves the canvas at least this


def _action(parent: QWidget, shortcuts: list[str | QKeySequence.StandardKey]) -> QAction:
    """An action without text: `CanvasPanel._retranslate` names it."""
    action = QAction(parent)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return action


def _name(action: QAction, text: str, tip: str, button_text: str = "") -> None:
    """The menu text, the tooltip with the shortcuts, and, for a tool button, its text without the accelerator
    (Qt would keep a Chinese accelerator's brackets, "(U)")."""
    action.setText(text)
    if button_text:
        action.setIconText(button_text)
    keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
    action.setToolTip(
        QCoreApplication.translate("CanvasPanel", "{tip} ({keys})").format(tip=tip, keys=keys) if keys else tip
    )


class CanvasPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas = DrawingCanvas(self)
        self._build_actions()
        self.tools = self._build_tools()
        self.generate_row = GenerateRow(self.canvas, self)
        for row in self._rows():
            row.installEventFilter(self)  # for their layout requests
        self.clear_button = self.findChild(QToolButton, "clearButton")
        self._connect()
        self._on_canvas_history_changed()
        self._on_canvas_pen_width_changed(self.canvas.pen_width())
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        _name(self.undo_action, self.tr("&Undo stroke"), self.tr("Undo the last stroke"), self.tr("Undo stroke"))
        _name(self.redo_action, self.tr("&Redo stroke"), self.tr("Redo the stroke undone last"), self.tr("Redo stroke"))
        _name(self.clear_action, self.tr("&Clear"), self.tr("Clear the canvas"), self.tr("Clear"))
        _name(self.thinner_action, self.tr("&Thinner pen"), self.tr("Make the pen thinner"))
        _name(self.wider_action, self.tr("&Wider pen"), self.tr("Make the pen wider"))
        _name(
            self.pressure_action, self.tr("Pen &pressure"), self.tr("Let a tablet pen's pressure vary the stroke width")
        )
        self.pen_label.setText(self.tr("Pen"))
        self.width_slider.setToolTip(self.tr("Pen width ([ and ] change it)"))
        self.width_label.setToolTip(self.tr("Pen width in pixels of the 280 × 280 drawing"))
        self.setMinimumSize(self.minimumSizeHint())  # the words set the tool row's width

    def _build_actions(self) -> None:
        self.undo_action = _action(self, [QKeySequence.StandardKey.Undo])
        self.redo_action = _action(self, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.clear_action = _action(self, ["Delete", "Ctrl+Backspace"])
        self.thinner_action = _action(self, ["["])
        self.wider_action = _action(self, ["]"])
        self.pressure_action = _action(self, [])
        self.pressure_action.setCheckable(True)
        self.pressure_action.setChecked(self.canvas.pressure_enabled())

    def _build_tools(self) -> QWidget:
        """Pen width and the undo, redo and clear buttons, in one row."""
        self.width_slider = QSlider(Qt.Orientation.Horizontal)
        self.width_slider.setObjectName("penWidthSlider")
        self.width_slider.setRange(*PEN_WIDTH_RANGE)
        self.width_slider.setValue(round(self.canvas.pen_width()))
        self.width_slider.setMinimumWidth(80)
        self.width_slider.setMaximumWidth(160)
        self.width_label = QLabel()
        self.width_label.setObjectName("penWidthLabel")
        self.width_label.setMinimumWidth(self.width_label.fontMetrics().horizontalAdvance("48 px") + 2)

        row = QWidget(self)
        tools = QHBoxLayout(row)
        tools.setContentsMargins(0, 0, 0, 0)
        self.pen_label = QLabel()
        tools.addWidget(self.pen_label)
        tools.addWidget(self.width_slider)
        tools.addWidget(self.width_label)
        tools.addStretch(1)
        for action, name in (
            (self.undo_action, "undoButton"),
            (self.redo_action, "redoButton"),
            (self.clear_action, "clearButton"),
        ):
            button = QToolButton()
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            tools.addWidget(button)
        return row

    def _connect(self) -> None:
        self.undo_action.triggered.connect(self.canvas.undo)
        self.redo_action.triggered.connect(self.canvas.redo)
        self.clear_action.triggered.connect(self.canvas.clear)
        self.thinner_action.triggered.connect(lambda: self.canvas.set_pen_width(self.canvas.pen_width() - 2))
        self.wider_action.triggered.connect(lambda: self.canvas.set_pen_width(self.canvas.pen_width() + 2))
        self.pressure_action.toggled.connect(self.canvas.set_pressure_enabled)
        self.width_slider.valueChanged.connect(self.canvas.set_pen_width)
        self.canvas.pen_width_changed.connect(self._on_canvas_pen_width_changed)
        self.canvas.history_changed.connect(self._on_canvas_history_changed)

    def _rows(self) -> tuple[QWidget, QWidget]:
        return self.tools, self.generate_row

    def _rows_width(self) -> int:
        """What the widest row needs."""
        return max(row.minimumSizeHint().width() for row in self._rows())

    def _rows_height(self) -> int:
        """The rows under the canvas, each with the spacing above it."""
        return sum(_SPACING + row.sizeHint().height() for row in self._rows())

    def sizeHint(self) -> QSize:
        hint = self.canvas.sizeHint()
        return QSize(max(hint.width(), self._rows_width()), hint.height() + self._rows_height())

    def minimumSizeHint(self) -> QSize:
        side = max(MIN_CANVAS_SIDE, self.canvas.minimumHeight())
        return QSize(max(side, self._rows_width()), side + self._rows_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched in self._rows():
            self.setMinimumSize(self.minimumSizeHint())  # a row's words or controls changed, and so its room
            self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        """The square canvas with its rows right under it, as one block at the top of the panel; the rows are as
        wide as the canvas, or as their controls need where the canvas is narrower."""
        side = max(1, min(self.width(), self.height() - self._rows_height()))
        self.canvas.setGeometry((self.width() - side) // 2, 0, side, side)
        rows_w = min(self.width(), max(side, self._rows_width()))
        top = side
        for row in self._rows():
            height = row.sizeHint().height()
            row.setGeometry((self.width() - rows_w) // 2, top + _SPACING, rows_w, height)
            top += _SPACING + height

    def actions_for_menu(self) -> list[QAction | None]:
        """The Edit menu, None for a separator."""
        return [
            self.undo_action,
            self.redo_action,
            self.clear_action,
            None,
            self.thinner_action,
            self.wider_action,
            self.pressure_action,
        ]

    def _on_canvas_history_changed(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())
        self.clear_action.setEnabled(not self.canvas.is_empty())

    def _on_canvas_pen_width_changed(self, width: float) -> None:
        self.width_label.setText(f"{width:.0f} px")
        self.width_slider.blockSignals(True)
        self.width_slider.setValue(round(width))
        self.width_slider.blockSignals(False)
