"""The run history as the Runs view reads it: opened in a worker thread (opening checks the whole file's integrity,
most of a second for a history of thousands of runs), then read lightly on the GUI thread and watched cheaply for what
other connections (a training run, the command line) write. It never raises: a history that cannot be opened or
read is kept as `problem` for the view to show."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from digitpad.core.runtime.messages import Message
from digitpad.core.runtime.run_history import RunHistory, RunHistoryError, default_path

T = TypeVar("T")


class RunsSource:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.problem: BaseException | None = None  # why it could not be opened or read (None: it could)
        self.notices: list[Message] = []  # what opening it said: a damaged file set aside
        self._history: RunHistory | None = None
        self._seen: tuple[int, int] | None = None  # the file's inode and data version at the last `changed`

    @property
    def is_open(self) -> bool:
        return self._history is not None

    def open(self) -> RunHistory:
        """A connection to the history, opened (and checked) in whichever thread calls this; for `attach`."""
        return RunHistory(self.path)

    def attach(self, history: RunHistory) -> None:
        self.close()
        self._history, self._seen, self.problem = history, None, None
        self.notices += history.notices

    def failed(self, exc: BaseException) -> None:
        """Opening it failed with ``exc``."""
        self.close()
        self.problem = exc

    def read(self, query: Callable[[RunHistory], T], default: T) -> T:
        """``query(history)``, or ``default`` where the history is not open or cannot be read (`problem` says
        why; it is closed then)."""
        if self._history is None:
            return default
        try:
            found = query(self._history)
        except (RunHistoryError, sqlite3.Error, OSError, ValueError) as exc:  # ValueError: a malformed JSON field
            self.failed(exc)
            return default
        return found

    def changed(self) -> bool:
        """Whether the open history was written by another connection since the last call, or its file replaced
        (set aside, deleted: then it is closed, to be opened again); a PRAGMA and a stat, cheap enough for a timer."""
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = -1
        if self._seen is not None and inode != self._seen[0]:
            self.close()
        if self._history is None:
            return False
        version = self.read(lambda history: history.data_version(), -1)
        seen, self._seen = self._seen, (inode, version)
        return seen != self._seen

    def close(self) -> None:
        self._seen = None
        if self._history is not None:
            history, self._history = self._history, None
            with contextlib.suppress(sqlite3.Error):  # a file gone bad cannot hurt a connection being closed
                history.close()
