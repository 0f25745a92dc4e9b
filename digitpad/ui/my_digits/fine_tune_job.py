"""Runs core `fine_tune` (MNIST + my digits) in a worker thread and reports through Qt signals.

The worker never touches widgets. `stop` and `abort` are plain thread-safe methods the GUI thread calls directly
(a queued slot would wait behind the running training loop). `finished` is always emitted, last.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from digitpad.core.data.mnist import MNIST, DataError, load_mnist
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.my_digits.store import DEFAULT_PEN_SCALES, MyDigit, to_split
from digitpad.core.runtime.jobs import Cancelled, JobState
from digitpad.core.training.fine_tune import FineTuneConfig, FineTuneResult, fine_tune
from digitpad.core.training.loop import EpochReport, StepReport
from digitpad.ui.training.job import StepBatcher
from digitpad.ui.workers import torch_threads

_log = logging.getLogger(__name__)

DataLoader = Callable[[Path, bool], MNIST]


def load_from_folder(root: Path, download: bool) -> MNIST:
    return load_mnist(root, download=download)


@dataclass(frozen=True)
class FineTuneJob:
    start: Checkpoint  # a private copy: the worker trains a copy of its model, never the one the app predicts with
    digits: tuple[MyDigit, ...]  # a snapshot of the collection (digits are never changed in place)
    config: FineTuneConfig
    data_root: Path
    loader: DataLoader = field(default=load_from_folder)
    pen_scales: tuple[float, ...] = DEFAULT_PEN_SCALES


def fine_tuned_checkpoint(start: Checkpoint, result: FineTuneResult) -> Checkpoint:
    """The fine-tuned model as a checkpoint, its metadata holding the before/after numbers."""
    return Checkpoint(start.arch, result.model, dict(start.hparams), start.mean, start.std, result.metadata())


class FineTuneWorker(QObject):
    """Move to a QThread and connect ``thread.started`` to `run`."""

    started = Signal()
    progress = Signal(object)  # list[StepReport], at most one emission per EMIT_INTERVAL_S
    returned = Signal(object)  # FineTuneResult
    errored = Signal(str)
    finished = Signal()

    def __init__(self, job: FineTuneJob) -> None:
        super().__init__()
        self._job = job
        self._control = JobState(on_progress=self._on_report, on_partial=self._on_report)
        self._cancel = threading.Event()
        self._batcher = StepBatcher(self.progress.emit)

    def stop(self) -> None:
        """End training within one batch; the model so far is still measured and returned."""
        self._control.stop()

    def abort(self) -> None:
        """Stop as soon as possible and skip the measurements (the window is closing)."""
        self._cancel.set()
        self._control.cancel()

    @property
    def stopping(self) -> bool:
        return self._control.stopped

    @Slot()
    def run(self) -> None:
        self.started.emit()
        try:
            job = self._job
            data = job.loader(job.data_root, False)
            own = to_split(job.digits, pen_scales=job.pen_scales)  # re-rendering takes a while: not in the GUI
            if not self._cancel.is_set():
                with torch_threads.heavy_work():
                    result = fine_tune(
                        job.start.model,
                        job.start.arch,
                        job.start.hparams,
                        data,
                        own,
                        job.config,
                        self._control,
                    )
                self._batcher.flush()
                if not self._cancel.is_set():
                    self.returned.emit(result)
        except Cancelled:
            pass
        except DataError as exc:
            self.errored.emit(f"{exc} Choose the MNIST folder in the Training panel.")
        except (ValueError, RuntimeError) as exc:
            self.errored.emit(f"Fine-tuning failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - the user must hear of any failure, and finished must still come
            _log.exception("fine-tuning failed")
            self.errored.emit(f"Fine-tuning failed unexpectedly ({type(exc).__name__}: {exc}).")
        finally:
            self.finished.emit()

    def _on_report(self, report: StepReport | EpochReport) -> None:
        if isinstance(report, StepReport):
            self._batcher.add(report)
