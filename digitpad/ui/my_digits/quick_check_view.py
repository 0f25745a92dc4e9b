"""Quick check: "Draw a 7", the user draws, presses Enter or Check, and the running score grows.

The view shows a core `QuickCheck` session; reading the drawing is the panel's job (it owns the canvas and the
model), which answers `check_requested` by calling `record`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from digitpad.core.inference.quick_check import Attempt, QuickCheck
from digitpad.ui.common.i18n import localize
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
        self._last: Attempt | None = None  # the reading shown under the prompt
        self.start_button = named(QPushButton(), "quickCheckStartButton")
        self.check_button = named(QPushButton(), "quickCheckButton")
        self.prompt_label = named(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "quickCheckPrompt")
        font = QFont(self.prompt_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.last_label = named(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "quickCheckLast")
        self.score_label = named(QLabel(wordWrap=True), "quickCheckScore")
        self.keep_check = named(QCheckBox(), "quickCheckKeep")
        self.intro_label = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(buttons)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.last_label)
        layout.addWidget(self.score_label)
        layout.addWidget(self.keep_check)
        layout.addStretch(1)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.check_button.clicked.connect(self.check_requested)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.check_button.setText(self.tr("Check (Enter)"))
        self.check_button.setToolTip(
            self.tr("Read the drawing with the selected model (Enter on the canvas does the same)")
        )
        self.keep_check.setText(self.tr("Keep checked drawings in my digits"))
        self.keep_check.setToolTip(self.tr("Each drawing is stored with the digit that was asked for"))
        self.intro_label.setText(self.tr("How well does the selected model read your handwriting?"))
        self._show_session()

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
        self._last = None
        self.session.next_digit()
        self._show_session()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if self.session is not None:
            self.session.asked = None
        self._show_session()
        self.running_changed.emit(False)

    def record(self, read_as: int, confidence: float) -> Attempt:
        """Score the reading of the current drawing and ask for the next digit."""
        assert self.session is not None
        self._last = attempt = self.session.record(read_as, confidence)
        self.session.next_digit()
        self._show_session()
        return attempt

    # ----- internals -------------------------------------------------------------------------------------------
    def _show_session(self) -> None:
        """The prompt, the last reading and the score, from the session."""
        session, last = self.session, self._last
        running = self.is_running()
        self.prompt_label.setText(self.tr("Draw a {digit}").format(digit=self.asked()) if running else "")
        if last is None:
            self.last_label.clear()
        elif last.correct:
            self.last_label.setText(
                self.tr("✓ Read as {read_as} ({confidence:.0%})").format(
                    read_as=last.read_as, confidence=last.confidence
                )
            )
        else:
            self.last_label.setText(
                self.tr("✗ Read as {read_as} ({confidence:.0%}), not {asked}").format(
                    read_as=last.read_as, confidence=last.confidence, asked=last.asked
                )
            )
        self.last_label.setStyleSheet("" if last is None else f"color: {_GOOD if last.correct else _BAD};")
        if session is not None and (running or session.attempts):
            self.score_label.setText(localize(session.summary()))
        else:
            self.score_label.setText(self.tr("Press Start: you will be asked for digits in random order."))
        self._update_buttons()

    def _on_start_button_clicked(self) -> None:
        self.stop() if self.is_running() else self.start()

    def _update_buttons(self) -> None:
        running = self.is_running()
        self.start_button.setText(self.tr("Stop quick check") if running else self.tr("Start quick check"))
        self.start_button.setEnabled(running or self._available)
        self.start_button.setToolTip("" if self._available else self.tr("Choose a model first"))
        self.check_button.setEnabled(running)
