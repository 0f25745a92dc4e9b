"""The pages of the Explain view, one per section: their controls, pictures and formula labels, laid out. The
view connects them and fills them in."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
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

from digitpad.ui.insight.arrays import ArrayView


def _formula_label(name: str) -> QLabel:
    label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setObjectName(name)
    return label


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, tip: str = "") -> W:
    widget.setObjectName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


def _row(*pairs: tuple[str, QWidget]) -> QHBoxLayout:
    """Labelled controls in one row; a lone one (a layer list) takes the width."""
    row = QHBoxLayout()
    for text, widget in pairs:
        row.addWidget(QLabel(text))
        row.addWidget(widget, 1 if len(pairs) == 1 else 0)
    if len(pairs) > 1:
        row.addStretch(1)
    return row


def _spin(name: str, tip: str) -> QSpinBox:
    spin = _named(QSpinBox(), name, tip)
    spin.setMinimum(1)
    return spin


class _Page(QWidget):
    """A page of the view's stack: a column without margins."""

    def __init__(self) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)


class ConvPage(_Page):
    """One output pixel of a convolution: the input patch, the kernel and the output map side by side."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self.layer = _named(QComboBox(), "explainConvLayer", "Which convolution")
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer.setMinimumContentsLength(12)
        self.channel = _spin("explainConvChannel", "Which filter, and so which output map")
        self.row = _spin("explainConvRow", "Row of the output pixel")
        self.col = _spin("explainConvCol", "Column of the output pixel")
        self.step_button = _named(QPushButton("Step through"), "explainStepThrough")
        self.step_button.setCheckable(True)
        self.step_button.setToolTip("Slide the kernel across the input, one position every 30 ms")
        layout.addLayout(_row(("Layer:", self.layer)))
        layout.addLayout(_row(("Map:", self.channel), ("Row:", self.row), ("Col:", self.col)))
        layout.addWidget(self.step_button, alignment=Qt.AlignmentFlag.AlignLeft)  # its own row: a narrow dock
        self.input = ArrayView(minimum=90)
        self.kernel = ArrayView(minimum=60)
        self.output = ArrayView(minimum=90)
        self.output.setObjectName("explainConvOutput")
        self.output.setCursor(Qt.CursorShape.PointingHandCursor)
        self.output.setToolTip("Click a pixel to see how it was computed")
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


class PoolPage(_Page):
    """One pooled pixel: the window it takes the maximum of."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self.layer = _named(QComboBox(), "explainPoolLayer", "Which pooling layer")
        self.channel = _spin("explainPoolChannel", "Which map")
        self.row = _spin("explainPoolRow", "Row of the pooled pixel")
        self.col = _spin("explainPoolCol", "Column of the pooled pixel")
        layout.addLayout(_row(("Layer:", self.layer)))
        layout.addLayout(_row(("Map:", self.channel), ("Row:", self.row), ("Col:", self.col)))
        self.window_view = ArrayView(minimum=80)
        self.window_view.setMaximumSize(160, 160)
        layout.addWidget(self.window_view)
        self.text = _formula_label("explainPoolText")
        layout.addWidget(self.text)


class OutputPage(_Page):
    """The output layer's scores and their softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.all_digits = _named(QCheckBox("Show all ten digits"), "explainAllDigits")
        self.all_digits.setToolTip("Write out every digit's score, not only the three most likely")
        self.column.addWidget(self.all_digits)
        self.text = _formula_label("explainOutputText")
        self.column.addWidget(self.text)


class RecurrentPage(_Page):
    """One step of a recurrent network: the image row it reads and one hidden unit's update."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self.step_slider = _named(QSlider(Qt.Orientation.Horizontal), "explainStepSlider")
        self.step_slider.setRange(1, 28)
        self.step_slider.setToolTip("Which image row the network is reading")
        self.step_label = _named(QLabel("row 1 of 28"), "explainStepLabel")
        self.step_label.setMinimumWidth(self.step_label.fontMetrics().horizontalAdvance("row 28 of 28"))
        self.unit_spin = _spin("explainUnit", "Which hidden unit")
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Row:"))
        controls.addWidget(self.step_slider, 1)
        controls.addWidget(self.step_label)
        controls.addWidget(QLabel("Unit:"))
        controls.addWidget(self.unit_spin)
        layout.addLayout(controls)
        layout.addWidget(QLabel("The row of pixels read at this step, <i>x<sub>t</sub></i>:"))
        self.row_strip = ArrayView(keep_aspect=False, minimum=16)
        self.row_strip.setObjectName("explainRowStrip")
        self.row_strip.setFixedHeight(22)
        layout.addWidget(self.row_strip)
        self.text = _formula_label("explainRecurrentText")
        layout.addWidget(self.text)


class TrainingPage(_Page):
    """One training step: the true label and the learning rate it uses."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.column
        self.label_choice = _named(QComboBox(), "explainLabel", "The true label the step trains towards")
        self.label_choice.addItem("the predicted digit", None)
        for d in range(10):
            self.label_choice.addItem(str(d), d)
        self.learning_rate = _named(QDoubleSpinBox(), "explainLearningRate", "The learning rate η")
        self.learning_rate.setDecimals(4)
        self.learning_rate.setRange(0.0001, 1.0)
        self.learning_rate.setSingleStep(0.005)
        self.learning_rate.setValue(0.01)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("True label:"))
        controls.addWidget(self.label_choice)
        controls.addStretch(1)
        layout.addLayout(controls)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Learning rate η:"))
        controls.addWidget(self.learning_rate)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.text = _formula_label("explainTrainingText")
        layout.addWidget(self.text)
