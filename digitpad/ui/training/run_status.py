"""What the Training panel says about its run: the progress bar's text, the status line and the box that shows an
error. Each text is kept as the function that words it (`Wording`), so a language change words it again."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QWidget

from digitpad.ui.common.naming import named
from digitpad.ui.training.options import ERROR_COLOUR, Wording

# The texts are in the panel's translation context: they were the panel's.


def not_training() -> str:
    return QCoreApplication.translate("TrainingPanel", "Not training")


def _failed_title() -> str:
    return QCoreApplication.translate("TrainingPanel", "Training failed")


class RunStatus(QObject):
    """Not a widget: the panel lays out `progress_bar` and `status_label` and calls `retranslate` on
    `LanguageChange`. The error box opens window-modal over the panel and does not block."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel
        self.progress_bar = named(QProgressBar(), "trainProgress")
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setValue(0)
        self.status_label = named(QLabel(), "trainStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box: QMessageBox | None = None
        self._status: Wording = lambda: QCoreApplication.translate("TrainingPanel", "Choose a model and press Train.")
        self._progress: Wording = not_training
        self._error: Wording | None = None  # the error box's text

    def say(self, status: Wording, colour: str = "") -> None:
        self._status = status
        self.status_label.setText(status())
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")

    def show_progress(self, progress: Wording, step: int | None = None, total: int | None = None) -> None:
        """The progress bar's text; with ``total``, its fill too (``total`` 0: busy, no count yet)."""
        self._progress = progress
        if total is not None:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(step or 0)
        self.progress_bar.setFormat(progress())

    def end(self) -> None:
        """The run is over: no ETA any more, and no busy bar of a run that ended before its first step report."""
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self.show_progress(not_training)

    def show_error(self, error: Wording) -> None:
        """The error in the status line and in the box."""
        self._error = error
        self.say(error, colour=ERROR_COLOUR)
        if self.error_box is None:
            self.error_box = QMessageBox(QMessageBox.Icon.Warning, _failed_title(), "", parent=self._panel)
        self.error_box.setText(error())
        self.error_box.open()

    def retranslate(self) -> None:
        self.status_label.setText(self._status())
        self.progress_bar.setFormat(self._progress())
        if self.error_box is not None and self._error is not None:
            self.error_box.setWindowTitle(_failed_title())
            self.error_box.setText(self._error())
