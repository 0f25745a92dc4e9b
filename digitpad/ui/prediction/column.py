"""The column beside the canvas, top to bottom: the model selector, the prediction with "Compare all models", and
what the model sees (a widget given by the window).

The selector writes the app state's model and follows it, so whoever selects a model (a file opened, a run that
trained one) sets `AppState.model` and the selector shows it. "Compare all models" (remembered between runs) asks
the predictor, once there is one, for every available model's prediction.

The column never widens the window: it is `PREFERRED_WIDTH` wide when there is room and its minimum is set by its
narrowest content (the selector and the comparison table elide long model names, the words wrap).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.ui import settings as keys
from digitpad.ui.catalog import ModelCatalog, ModelEntry
from digitpad.ui.prediction.view import PredictionView
from digitpad.ui.state import AppState

if TYPE_CHECKING:
    from digitpad.ui.prediction.predictor import LivePredictor


PREFERRED_WIDTH = 340  # the column's width when there is room; it can be narrower (elided names, wrapped words)


class ModelSelector(QComboBox):
    def __init__(self, catalog: ModelCatalog, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog, self._state = catalog, state
        self.setObjectName("modelSelector")
        self.setModel(catalog)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)  # longer names are elided; the list that opens shows them whole
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.currentIndexChanged.connect(self._on_current_index_changed)
        catalog.dataChanged.connect(self._retranslate)  # the current model's name may have changed
        state.model_changed.connect(self._on_state_model_changed)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self.currentIndex() >= 0:
            self.setToolTip(self.tr("The model that reads your drawing: {model}").format(model=self.currentText()))
        else:
            self.setToolTip(self.tr("The model that reads your drawing"))

    def paintEvent(self, event: QPaintEvent) -> None:
        """As QComboBox's, with the current text elided to the field (Fusion would cut it off mid-letter)."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _on_current_index_changed(self, row: int) -> None:
        self._retranslate()
        entry = self._catalog.entry(row)
        if entry is not self._state.model:  # not when following the state
            self._state.set_model(entry)

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        row = -1 if entry is None else self._catalog.row_of(entry.key)
        if row != self.currentIndex():
            self.setCurrentIndex(row)


class PredictionColumn(QWidget):
    def __init__(self, catalog: ModelCatalog, state: AppState, model_input: QWidget) -> None:
        super().__init__()
        self._catalog, self._state = catalog, state
        self._predictor: LivePredictor | None = None
        self.model_selector = ModelSelector(catalog, state)
        self.compare_action = QAction(self, checkable=True)
        self.compare_action.setShortcut(QKeySequence("Ctrl+M"))
        compare_button = QToolButton()
        compare_button.setObjectName("compareButton")
        compare_button.setDefaultAction(self.compare_action)
        compare_button.setStyleSheet(  # Fusion barely marks a checked tool button
            "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border-radius: 3px; padding: 3px 6px; }"
        )
        self.prediction_view = PredictionView()
        self.prediction_view.set_loading(True)

        selector_row = QHBoxLayout()
        self.model_label = QLabel()
        self.model_label.setBuddy(self.model_selector)
        selector_row.addWidget(self.model_label)
        selector_row.addWidget(self.model_selector, 1)
        self.prediction_box = prediction_box = QGroupBox()
        prediction_layout = QVBoxLayout(prediction_box)
        prediction_layout.addWidget(self.prediction_view)
        prediction_layout.addWidget(compare_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.input_box = input_box = QGroupBox()
        QHBoxLayout(input_box).addWidget(model_input)
        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(selector_row)
        side.addWidget(prediction_box)
        side.addWidget(input_box)
        side.addStretch(1)
        self.compare_action.toggled.connect(self._on_compare_toggled)
        catalog.rowsInserted.connect(self._on_catalog_changed)
        catalog.entry_ready.connect(self._on_catalog_changed)
        self.compare_action.setChecked(keys.read(state.settings, keys.COMPARE, False))
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.compare_action.setText(self.tr("&Compare all models"))
        self.compare_action.setIconText(self.tr("Compare all models"))  # the button's, without the accelerator
        self.compare_action.setToolTip(self.tr("Show every model's prediction side by side (Ctrl+M)"))
        self.model_label.setText(self.tr("&Model"))
        self.prediction_box.setTitle(self.tr("Prediction"))
        self.input_box.setTitle(self.tr("What the model sees (28 × 28)"))

    def sizeHint(self) -> QSize:
        """`PREFERRED_WIDTH` wide; the minimum (`minimumSizeHint`) is what the narrowest content needs."""
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    def set_predictor(self, predictor: LivePredictor) -> None:
        """Torch has loaded: predictions (and comparisons) can be made."""
        self._predictor = predictor
        self.prediction_view.set_loading(False)
        predictor.set_comparison(self._catalog.available_entries() if self.compare_action.isChecked() else None)

    def _on_compare_toggled(self, on: bool) -> None:
        self.prediction_view.set_comparison_visible(on)
        if self._predictor is not None:
            self._predictor.set_comparison(self._catalog.available_entries() if on else None)
        self._state.settings.setValue(keys.COMPARE, on)

    def _on_catalog_changed(self, *_args: object) -> None:
        if self.compare_action.isChecked() and self._predictor is not None:
            self._predictor.set_comparison(self._catalog.available_entries())
