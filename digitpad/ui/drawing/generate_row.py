"""The Generate row under the canvas: a conditional GAN's generator draws a digit of your choice onto the canvas,
where every model predicts it like a drawing.

"Generate" draws a new digit from fresh noise. The Walk slider moves the generator's input noise from one random
vector to another (`interpolate`), so the digit changes smoothly; the pictures of one walk take one undo step, and
"New walk" picks new ends. torch is imported only in `load_generator`, which the window calls once its modules
are in, so the row costs nothing at start-up; until a generator has loaded, the row is disabled and says why."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QToolButton, QWidget

from digitpad.core.runtime import paths
from digitpad.ui.common.i18n import describe
from digitpad.ui.drawing.canvas import DrawingCanvas

if TYPE_CHECKING:
    from torch import Tensor

    from digitpad.core.models.gan import Generator

WALK_STEPS = 100  # the slider's range: 0 is one end of the walk, 100 the other
_SEED_RANGE = 2**31


class GenerateRow(QWidget):
    def __init__(self, canvas: DrawingCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generateRow")
        self._canvas = canvas
        self._path: Path | None = None  # None: the shipped generator
        self._generator: Generator | None = None
        self._loaded = False  # `load_generator` has run: the state below says how it went
        self._error: BaseException | None = None
        self._rng = random.Random()
        self._walk = object()  # the current walk, as the canvas's undo history knows it
        self._ends: tuple[Tensor, Tensor] | None = None
        self._walk_digit = 0  # the digit a walk shows while the choice is "Random"
        self._build()
        self._show_availability()
        self._retranslate()

    # ----- public API ------------------------------------------------------------------------------------------
    def generator_ready(self) -> bool:
        return self._generator is not None

    def set_generator_path(self, path: str | Path) -> None:
        """Generate with this generator file from now on (one the Training panel trained), and load it."""
        self._path = Path(path)
        self.load_generator()

    def load_generator(self) -> None:
        """Load the generator (the chosen file, else the shipped one); imports torch. A missing or unreadable file
        leaves the row disabled with the reason, never raises."""
        from digitpad.core.models import gan
        from digitpad.core.models.checkpoint_contents import CheckpointError

        self._loaded, self._generator, self._error, self._ends = True, None, None, None
        path = self._path if self._path is not None else paths.pretrained_generator_path()
        if path.is_file():
            try:
                self._generator = gan.load_generator(path)[0]
            except (CheckpointError, OSError) as exc:
                self._error = exc
        self._show_availability()
        self._retranslate()

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.digit_choice = QComboBox()
        self.digit_choice.setObjectName("generateDigit")
        self.digit_choice.addItem("", None)  # "Random", named by `_retranslate`
        for digit in range(10):
            self.digit_choice.addItem(str(digit), digit)
        self.generate_button = self._button("generateButton")
        self.walk_label = QLabel()
        self.walk_slider = QSlider(Qt.Orientation.Horizontal)
        self.walk_slider.setObjectName("walkSlider")
        self.walk_slider.setRange(0, WALK_STEPS)
        self.walk_slider.setMinimumWidth(60)
        self.new_walk_button = self._button("newWalkButton")
        self.note = QLabel()
        self.note.setObjectName("generatorNote")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # elided, never widens
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.digit_choice, self.generate_button, self.walk_label):
            layout.addWidget(widget)
        layout.addWidget(self.walk_slider, 1)
        layout.addWidget(self.new_walk_button)
        layout.addWidget(self.note, 1)
        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.walk_slider.valueChanged.connect(self._on_walk_slider_value_changed)
        self.new_walk_button.clicked.connect(self._on_new_walk_button_clicked)

    @staticmethod
    def _button(name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _show_availability(self) -> None:
        """Enabled with a generator; without one, the walk's controls give way to a note saying why."""
        ready = self.generator_ready()
        self.digit_choice.setEnabled(ready)
        self.generate_button.setEnabled(ready)
        for walk_part in (self.walk_label, self.walk_slider, self.new_walk_button):
            walk_part.setVisible(ready)
        self.note.setVisible(not ready)

    # ----- texts -----------------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.digit_choice.setItemText(0, self.tr("Random"))
        self.generate_button.setText(self.tr("Generate"))
        self.walk_label.setText(self.tr("Walk"))
        self.new_walk_button.setText(self.tr("New walk"))
        note, why = self._unavailable_texts()
        self.note.setText(note)
        self.note.setToolTip(why)
        if why:  # the disabled controls say it too
            self.digit_choice.setToolTip(why)
            self.generate_button.setToolTip(why)
            return
        self.digit_choice.setToolTip(self.tr("The digit to generate; Random picks one"))
        self.generate_button.setToolTip(
            self.tr("Put a new digit on the canvas, drawn by a conditional GAN's generator from random noise")
        )
        self.walk_slider.setToolTip(
            self.tr(
                "Walk from one random noise vector to another: the generated digit changes smoothly "
                "(one undo step per walk)"
            )
        )
        self.new_walk_button.setToolTip(self.tr("Pick two new noise vectors to walk between"))

    def _unavailable_texts(self) -> tuple[str, str]:
        """The note and its tooltip while there is no generator; empty with one."""
        if self.generator_ready():
            return "", ""
        if not self._loaded:
            return self.tr("Generator: loading…"), self.tr("The generator loads with PyTorch, just after the start.")
        if self._error is not None:
            return self.tr("Generator unreadable"), self.tr("The generator could not be loaded: {error}").format(
                error=describe(self._error)
            )
        if self._path is not None:
            return self.tr("Generator missing"), self.tr("The generator file {path} is missing.").format(
                path=self._path
            )
        return self.tr("No generator yet"), self.tr(
            "No generator yet: train a Conditional GAN in the Training panel, then generate its digits here."
        )

    # ----- generating ------------------------------------------------------------------------------------------
    def _chosen_digit(self) -> int | None:
        return self.digit_choice.currentData()

    def _noise(self) -> Tensor:
        from digitpad.core.models import gan

        assert self._generator is not None
        return gan.noise(1, seed=self._rng.randrange(_SEED_RANGE), size=self._generator.latent)[0]

    def _show(self, digit: int, z: Tensor, walk: object = None) -> None:
        from digitpad.core.models import gan

        assert self._generator is not None
        images = gan.generate(self._generator, [digit], z=z.unsqueeze(0))
        self._canvas.set_picture(gan.to_uint8(images)[0], walk=walk)

    def _on_generate_button_clicked(self) -> None:
        if self._generator is None:
            return
        digit = self._chosen_digit()
        self._show(self._rng.randrange(10) if digit is None else digit, self._noise())

    def _on_new_walk_button_clicked(self) -> None:
        self._ends = None
        self._on_walk_slider_value_changed(self.walk_slider.value())

    def _on_walk_slider_value_changed(self, value: int) -> None:
        if self._generator is None:
            return
        from digitpad.core.models import gan

        if self._ends is None:  # a new walk: new ends, and its own undo step
            self._ends = self._noise(), self._noise()
            self._walk = object()
            self._walk_digit = self._rng.randrange(10)
        digit = self._chosen_digit()
        z = gan.interpolate(*self._ends, value / WALK_STEPS)
        self._show(self._walk_digit if digit is None else digit, z, walk=self._walk)
