"""`JobRunner`: the one place that runs a core job off the GUI thread, for every job the window starts.

A core job is a plain function ``job(state: JobState) -> result`` (see `digitpad.core.runtime.jobs`). The runner
gives it a thread of its own and a `JobState` whose callbacks cross to the GUI thread as signals, named as
superqt's workers name theirs:

- ``started``; ``progress(list)``: the job's progress items, batched to at most one emission per
  EMIT_INTERVAL_S so a fast GPU run cannot flood the event loop; ``yielded(item)``: a partial result, at once
  (after the progress sent before it);
- then exactly one of ``returned(value)``, ``errored(exception)`` (the exception object itself, typed; the
  receiver chooses the words) or ``aborted()`` (cancelled: the result is not wanted);
- ``finished()``, always, last, once the thread has ended: `running` is False from then on.

Stop, pause, resume and cancel are plain thread-safe calls into the state (a queued slot would wait behind the
running job). `shutdown` cancels and joins; a thread that outlives its timeout is detached: kept referenced
until it ends, never destroyed while running. Workers never touch widgets, and this module imports none.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from digitpad.core.runtime.jobs import Cancelled, JobState

_log = logging.getLogger(__name__)

EMIT_INTERVAL_S = 0.1
Job = Callable[[JobState], Any]

# Threads that outlived a shutdown's timeout, with their workers: referenced until their thread ends.
_DETACHED: list[tuple[QObject, QThread]] = []


def _heavy_work() -> AbstractContextManager[None]:
    from digitpad.ui.workers import torch_threads  # imports torch: only once a job runs

    return torch_threads.heavy_work()


class _Worker(QObject):
    """Lives in the job's thread: runs the job once and reports through its signals (queued to the runner)."""

    progress = Signal(object)
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    aborted = Signal()
    done = Signal()

    def __init__(self, job: Job, heavy: bool, name: str) -> None:
        super().__init__()
        self._job, self._heavy, self._name = job, heavy, name
        self._pending: list[Any] = []
        self._last_emit = -math.inf  # the first report goes out at once
        self.state = JobState(on_progress=self._on_progress, on_partial=self._on_partial)

    def _on_progress(self, item: Any) -> None:
        self._pending.append(item)
        if time.monotonic() - self._last_emit >= EMIT_INTERVAL_S:
            self._flush()

    def _on_partial(self, item: Any) -> None:
        self._flush()
        self.yielded.emit(item)

    def _flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.progress.emit(batch)
        self._last_emit = time.monotonic()

    @Slot()
    def run(self) -> None:
        try:
            with _heavy_work() if self._heavy else nullcontext():
                value = self._job(self.state)
        except Cancelled:
            self._flush()
            self.aborted.emit()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user, and `done` must still come
            if not isinstance(exc, (ValueError, RuntimeError, OSError)):
                _log.exception("%s failed", self._name)
            self._flush()
            self.errored.emit(exc)
        else:
            self._flush()
            if self.state.cancelled:
                self.aborted.emit()
            else:
                self.returned.emit(value)
        finally:
            self.done.emit()


class JobRunner(QObject):
    """Runs one job at a time in its own QThread; see the module docstring for the signals."""

    started = Signal()
    progress = Signal(object)  # list of progress items
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)  # the exception
    aborted = Signal()
    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None, *, heavy: bool = True) -> None:
        """``name`` names the thread (and log lines); ``heavy`` gives the job every CPU core while it runs."""
        super().__init__(parent)
        self._name, self._heavy = name, heavy
        self._worker: _Worker | None = None
        self._thread: QThread | None = None

    # State ------------------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """From `start` until ``finished``."""
        return self._thread is not None

    @property
    def paused(self) -> bool:
        return self._worker is not None and self._worker.state.paused

    @property
    def stopping(self) -> bool:
        return self._worker is not None and self._worker.state.stopped

    # Control (GUI thread; the state itself is thread-safe) ------------------------------------------------

    def start(self, job: Job) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self._name}: a job is already running")
        worker, thread = _Worker(job, self._heavy, self._name), QThread()  # no parent: the runner decides
        thread.setObjectName(f"digitpad-{self._name}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.yielded.connect(self.yielded)
        worker.returned.connect(self.returned)
        worker.errored.connect(self.errored)
        worker.aborted.connect(self.aborted)
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)  # quit() is thread-safe
        thread.finished.connect(lambda: self._on_thread_finished(thread))
        self._worker, self._thread = worker, thread
        thread.start()
        self.started.emit()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.state.stop()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.state.cancel()

    def pause(self) -> None:
        if self._worker is not None:
            self._worker.state.pause()

    def resume(self) -> None:
        if self._worker is not None:
            self._worker.state.resume()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel the job and wait for its thread; True if none is left running (else it is detached).

        The job's remaining signals are not delivered to the receivers: the owner is going away."""
        worker, thread = self._worker, self._thread
        if worker is None or thread is None:
            return True
        for signal in (worker.progress, worker.yielded, worker.returned, worker.errored, worker.aborted):
            signal.disconnect()
        worker.state.cancel()
        thread.quit()
        ended = thread.wait(timeout_ms)
        if not ended:
            _log.warning("%s thread still running %d ms after cancel; detaching it", self._name, timeout_ms)
            _DETACHED.append((worker, thread))
            thread.finished.connect(lambda: _forget(thread))
        self._worker = self._thread = None
        return ended

    def _on_thread_finished(self, thread: QThread) -> None:
        if thread is not self._thread:  # a job that `shutdown` already let go of
            return
        thread.wait()  # `finished` comes from the thread just before it ends: let it end
        self._worker = self._thread = None
        self.finished.emit()


def _forget(thread: QThread) -> None:
    _DETACHED[:] = [(w, t) for w, t in _DETACHED if t is not thread]
