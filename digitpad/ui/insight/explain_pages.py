"""The pages of the Explain view, one per section: their controls, pictures and formula labels, laid out. The
view connects them and fills them in; each page sets its own words again on `LanguageChange`."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.insight.explain import ROWS
from digitpad.ui.insight.arrays import ArrayView


def _formula_label(name: str) -> QLabel:
    label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setObjectName(name)
    return label


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def _row(*pairs: tuple[QLabel, QWidget]) -> QHBoxLayout:
    """Labelled controls in one row; a lone one (a layer list) takes the width."""
    row = QHBoxLayout()
    for label, widget in pairs:
        row.addWidget(label)
        row.addWidget(widget, 1 if len(pairs) == 1 else 0)
    if len(pairs) > 1:
        row.addStretch(1)
    return row


def _spin(name: str) -> QSpinBox:
    spin = _named(QSpinBox(), name)
    spin.setMinimum(1)
    return spin


class _Page(QWidget):
    """A page of the view's stack: a column without margins, whose words `_retranslate` sets."""

    def __init__(self) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        raise NotImplementedError


class _PixelPage(_Page):
    """A page that picks one pixel of one map of one layer: the layer list and the map, row and column boxes."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.layer = _named(QComboBox(), f"{prefix}Layer")
        self.channel = _spin(f"{prefix}Channel")
        self.row = _spin(f"{prefix}Row")
        self.col = _spin(f"{prefix}Col")
        self.layer_label, self.channel_label, self.row_label, self.col_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.column.addLayout(_row((self.layer_label, self.layer)))
        self.column.addLayout(
            _row((self.channel_label, self.channel), (self.row_label, self.row), (self.col_label, self.col))
        )

    def _retranslate(self) -> None:
        self.layer_label.setText(self.tr("Layer:"))
        self.channel_label.setText(self.tr("Map:"))
        self.row_label.setText(self.tr("Row:"))
        self.col_label.setText(self.tr("Col:"))


class ConvPage(_PixelPage):
    """One output pixel of a convolution: the input patch, the kernel and the output map side by side."""

    def __init__(self) -> None:
        super().__init__("explainConv")
        layout = self.column
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer.setMinimumContentsLength(12)
        self.step_button = _named(QPushButton(), "explainStepThrough")
        self.step_button.setCheckable(True)
        layout.addWidget(self.step_button, alignment=Qt.AlignmentFlag.AlignLeft)  # its own row: a narrow dock
        self.input = ArrayView(minimum=90)
        self.kernel = ArrayView(minimum=60)
        self.output = ArrayView(minimum=90)
        self.output.setObjectName("explainConvOutput")
        self.output.setCursor(Qt.CursorShape.PointingHandCursor)
        pictures = QHBoxLayout()
        self.captions: list[QLabel] = []
        for view in (self.input, self.kernel, self.output):
            view.setMaximumSize(200, 200)
            column = QVBoxLayout()
            caption = QLabel(wordWrap=True)
            self.captions.append(caption)
            column.addWidget(caption)
            column.addWidget(view, 1)
            pictures.addLayout(column, 1)
        layout.addLayout(pictures)
        self.text = _formula_label("explainConvText")
        layout.addWidget(self.text)
        self._retranslate()

    def show_sweeping(self, on: bool) -> None:
        """The step button's words for a sweep running (``on``) or not."""
        self.step_button.setText(self.tr("Stop") if on else self.tr("Step through"))

    def _retranslate(self) -> None:
        super()._retranslate()
        self.layer.setToolTip(self.tr("Which convolution"))
        self.channel.setToolTip(self.tr("Which filter, and so which output map"))
        self.row.setToolTip(self.tr("Row of the output pixel"))
        self.col.setToolTip(self.tr("Column of the output pixel"))
        self.step_button.setToolTip(self.tr("Slide the kernel across the input, one position every 30 ms"))
        self.show_sweeping(self.step_button.isChecked())
        self.output.setToolTip(self.tr("Click a pixel to see how it was computed"))


class PoolPage(_PixelPage):
    """One pooled pixel: the window it takes the maximum of."""

    def __init__(self) -> None:
        super().__init__("explainPool")
        self.window_view = ArrayView(minimum=80)
        self.window_view.setMaximumSize(160, 160)
        self.column.addWidget(self.window_view)
        self.text = _formula_label("explainPoolText")
        self.column.addWidget(self.text)
        self._retranslate()

    def _retranslate(self) -> None:
        super()._retranslate()
        self.layer.setToolTip(self.tr("Which pooling layer"))
        self.channel.setToolTip(self.tr("Which map"))
        self.row.setToolTip(self.tr("Row of the pooled pixel"))
        self.col.setToolTip(self.tr("Column of the pooled pixel"))


class OutputPage(_Page):
    """The output layer's scores and their softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.all_digits = _named(QCheckBox(), "explainAllDigits")
        self.column.addWidget(self.all_digits)
        self.text = _formula_label("explainOutputText")
        self.column.addWidget(self.text)
        self._retranslate()

    def _retranslate(self) -> None:
        self.all_digits.setText(self.tr("Show all ten digits"))
        self.all_digits.setToolTip(self.tr("Write out every digit's score, not only the three most likely"))


class RecurrentPage(_Page):
    """One step of a recurrent network: the image row it reads and one hidden unit's update."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self._step = 1
        self.step_slider = _named(QSlider(Qt.Orientation.Horizontal), "explainStepSlider")
        self.step_slider.setRange(1, ROWS)
        self.step_label = _named(QLabel(), "explainStepLabel")
        self.unit_spin = _spin("explainUnit")
        self.row_label, self.unit_label, self.strip_label = QLabel(), QLabel(), QLabel()
        controls = QHBoxLayout()
        controls.addWidget(self.row_label)
        controls.addWidget(self.step_slider, 1)
        controls.addWidget(self.step_label)
        controls.addWidget(self.unit_label)
        controls.addWidget(self.unit_spin)
        layout.addLayout(controls)
        layout.addWidget(self.strip_label)
        self.row_strip = ArrayView(keep_aspect=False, minimum=16)
        self.row_strip.setObjectName("explainRowStrip")
        self.row_strip.setFixedHeight(22)
        layout.addWidget(self.row_strip)
        self.text = _formula_label("explainRecurrentText")
        layout.addWidget(self.text)
        self._retranslate()

    def show_step(self, step: int) -> None:
        """Say which row (1-based) is read."""
        self._step = step
        self.step_label.setText(self._step_text(step))

    def _step_text(self, step: int) -> str:
        return self.tr("row {row} of {rows}").format(row=step, rows=ROWS)

    def _retranslate(self) -> None:
        self.step_slider.setToolTip(self.tr("Which image row the network is reading"))
        self.step_label.setMinimumWidth(self.step_label.fontMetrics().horizontalAdvance(self._step_text(ROWS)))
        self.show_step(self._step)
        self.unit_spin.setToolTip(self.tr("Which hidden unit"))
        self.row_label.setText(self.tr("Row:"))
        self.unit_label.setText(self.tr("Unit:"))
        self.strip_label.setText(self.tr("The row of pixels read at this step, <i>x<sub>t</sub></i>:"))


class TrainingPage(_Page):
    """One training step: the true label and the learning rate it uses."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self.label_choice = _named(QComboBox(), "explainLabel")
        self.label_choice.addItem("", None)  # the predicted digit; its words come with the others
        for d in range(10):
            self.label_choice.addItem(str(d), d)
        self.learning_rate = _named(QDoubleSpinBox(), "explainLearningRate")
        self.learning_rate.setDecimals(4)
        self.learning_rate.setRange(0.0001, 1.0)
        self.learning_rate.setSingleStep(0.005)
        self.learning_rate.setValue(0.01)
        self.label_label, self.rate_label = QLabel(), QLabel()
        for label, widget in ((self.label_label, self.label_choice), (self.rate_label, self.learning_rate)):
            controls = QHBoxLayout()
            controls.addWidget(label)
            controls.addWidget(widget)
            controls.addStretch(1)
            layout.addLayout(controls)
        self.text = _formula_label("explainTrainingText")
        layout.addWidget(self.text)
        self._retranslate()

    def _retranslate(self) -> None:
        self.label_choice.setItemText(0, self.tr("the predicted digit"))
        self.label_choice.setToolTip(self.tr("The true label the step trains towards"))
        self.learning_rate.setToolTip(self.tr("The learning rate η"))
        self.label_label.setText(self.tr("True label:"))
        self.rate_label.setText(self.tr("Learning rate η:"))
