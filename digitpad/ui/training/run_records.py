"""The Training panel's runs in the run history (`digitpad.core.training.recording`).

`RunRecords.record` wraps a run's job so that the run is recorded in the job's own thread: its configuration and
device, every report as it comes, how it ended. The model a run made gets its file in the history once the app has
saved it: a classifier's when the app state announces the saved model (`made` says which), a generator's when the
panel saves it (`saved`). A history that cannot be written never stops a run: `note` says so, once a run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from digitpad.core.runtime.run_history import RunRecorder
from digitpad.core.training.recording import RecordedJob, RunEnd, RunStart
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.naming import named
from digitpad.ui.training.options import WARNING_COLOUR
from digitpad.ui.workers.runner import Job

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry
    from digitpad.ui.state import AppState


class RunRecords(QObject):
    """Not a widget: its owner shows `note` and calls `retranslate` on `LanguageChange`."""

    _noticed = Signal(object)  # a run history's `Message`, from the thread that met the problem

    def __init__(self, state: AppState, parent: QWidget) -> None:
        super().__init__(parent)
        self.note = named(QLabel(), "runHistoryNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.note.hide()
        self._notice: str | None = None
        self._run: RecordedJob[Any] | None = None
        self._made: object | None = None  # the last run's checkpoint, until the app has saved it
        self._noticed.connect(self._on_noticed)
        state.model_changed.connect(self._on_state_model_changed)

    def record(self, job: Job, start: Callable[[], RunStart], end: Callable[[Any], RunEnd]) -> Job:
        """``job``, recorded as it runs (see `RecordedJob`); the note of the run before is cleared."""
        self._notice, self._made = None, None
        self.note.hide()
        self._run = RecordedJob(job, start, end, RunRecorder(notify=self._noticed.emit))
        return self._run

    def made(self, checkpoint: object) -> None:
        """The last run's ``checkpoint`` goes to the app now: the run gets its file once the app has saved it."""
        self._made = checkpoint

    def saved(self, path: Path) -> None:
        """The last run's model (a generator) was saved to ``path``."""
        if self._run is not None:
            self._run.saved(path)

    def retranslate(self) -> None:
        if self._notice is not None:
            self.note.setText(localize(self._notice))

    def _on_noticed(self, message: str) -> None:
        if self._notice is None:
            self._notice = message
            self.retranslate()
            self.note.show()

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        made = self._made
        if made is not None and entry is not None and entry.checkpoint is made and entry.file is not None:
            self._made = None
            self.saved(entry.file)
