"""Quick check: "Draw a 7", the user draws, presses Enter or Check, and the running score grows.

The view shows a core `QuickCheck` session; reading the drawing is the panel's job (it owns the canvas and the
model), which answers `check_requested` by calling `record`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from digitpad.core.inference.quick_check import Attempt, QuickCheck
from digitpad.ui.common.naming import named

_GOOD, _BAD = "#2e8b57", "#d0392b"


class QuickCheckView(QWidget):
    check_requested = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, seed: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickCheckView")
        self.seed = seed  # fixed in tests; None: a new order every session
        self.session: QuickCheck | None = None
        self._available = False
        self.start_button = named(QPushButton("Start quick check"), "quickCheckStartButton")
        self.check_button = named(QPushButton("Check (Enter)"), "quickCheckButton")
        self.check_button.setToolTip("Read the drawing with the selected model (Enter on the canvas does the same)")
        self.prompt_label = named(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "quickCheckPrompt")
        font = QFont(self.prompt_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.last_label = named(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "quickCheckLast")
        self.score_label = named(QLabel(wordWrap=True), "quickCheckScore")
        self.keep_check = named(QCheckBox("Keep checked drawings in my digits"), "quickCheckKeep")
        self.keep_check.setToolTip("Each drawing is stored with the digit that was asked for")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("How well does the selected model read your handwriting?", wordWrap=True))
        layout.addLayout(buttons)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.last_label)
        layout.addWidget(self.score_label)
        layout.addWidget(self.keep_check)
        layout.addStretch(1)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.check_button.clicked.connect(self.check_requested)
        self._show_idle()

    # ----- public API ------------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.session is not None and self.session.asked is not None

    def asked(self) -> int | None:
        return self.session.asked if self.session is not None else None

    def set_available(self, available: bool) -> None:
        """Whether a model is there to read drawings; without one a running check ends."""
        self._available = available
        if not available and self.is_running():
            self.stop()
        self._update_buttons()

    def start(self) -> None:
        if not self._available:
            return
        self.session = QuickCheck(seed=self.seed)
        self.last_label.clear()
        self.score_label.setText(self.session.summary())
        self._ask()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if self.session is not None:
            self.session.asked = None
        self._show_idle()
        self.running_changed.emit(False)

    def record(self, read_as: int, confidence: float) -> Attempt:
        """Score the reading of the current drawing and ask for the next digit."""
        assert self.session is not None
        attempt = self.session.record(read_as, confidence)
        if attempt.correct:
            text, colour = f"✓ Read as {read_as} ({confidence:.0%})", _GOOD
        else:
            text, colour = f"✗ Read as {read_as} ({confidence:.0%}), not {attempt.asked}", _BAD
        self.last_label.setText(text)
        self.last_label.setStyleSheet(f"color: {colour};")
        self.score_label.setText(self.session.summary())
        self._ask()
        return attempt

    # ----- internals -------------------------------------------------------------------------------------------
    def _ask(self) -> None:
        assert self.session is not None
        self.prompt_label.setText(f"Draw a {self.session.next_digit()}")
        self._update_buttons()

    def _show_idle(self) -> None:
        self.prompt_label.setText("")
        if self.session is None or not self.session.attempts:
            self.score_label.setText("Press Start: you will be asked for digits in random order.")
        self._update_buttons()

    def _on_start_button_clicked(self) -> None:
        self.stop() if self.is_running() else self.start()

    def _update_buttons(self) -> None:
        running = self.is_running()
        self.start_button.setText("Stop quick check" if running else "Start quick check")
        self.start_button.setEnabled(running or self._available)
        self.start_button.setToolTip("" if self._available else "Choose a model first")
        self.check_button.setEnabled(running)
