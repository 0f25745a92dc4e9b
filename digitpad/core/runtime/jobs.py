"""What a long-running core job (training, fine-tuning, evaluation, ...) shares with whoever runs it.

A job is a plain function ``job(state) -> result`` that takes one `JobState`: it sends progress and partial
results out through it, and reads stop, pause and cancel from it between units of work. The command line passes
a state whose callbacks print; the window's `JobRunner` passes one whose callbacks cross to the GUI thread. Every
method is thread-safe: a GUI thread calls `stop` while the job's thread runs.

- ``stop``: end early and keep what was made (a stopped training still returns its model).
- ``cancel``: the result is no longer wanted (the window is closing): skip what is left, as soon as possible;
  a job may raise `Cancelled` (`raise_if_cancelled`) or return early.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Sink = Callable[[Any], None]


class Cancelled(Exception):
    """The job was cancelled: nothing it would have returned is wanted."""


def _ignore(_item: Any) -> None:
    return None


class JobState:
    """Progress out, partial results out, stop / pause / cancel in."""

    def __init__(self, on_progress: Sink | None = None, on_partial: Sink | None = None) -> None:
        self._on_progress = on_progress or _ignore
        self._on_partial = on_partial or _ignore
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()

    # What the job sends out -----------------------------------------------------------------------------------

    def progress(self, item: Any) -> None:
        """A frequent report (a training step): a front end may batch these or drop all but the last."""
        self._on_progress(item)

    def partial(self, item: Any) -> None:
        """A partial result (an epoch's numbers): delivered at once and never dropped."""
        self._on_partial(item)

    # What the job reads -----------------------------------------------------------------------------------

    @property
    def stopped(self) -> bool:
        """Whether the job should end now: stopped or cancelled."""
        return self._stop.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self) -> None:
        self._running.wait()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    # What the runner (any thread) sets --------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused job must wake up to see the stop

    def cancel(self) -> None:
        self._cancel.set()
        self.stop()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()
