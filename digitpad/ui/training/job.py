"""Runs one training job (load MNIST, train, test) in a worker thread and reports through Qt signals.

The worker never touches widgets. Stop, pause and resume are plain thread-safe methods that the GUI thread calls
directly: a queued slot would wait behind the running training loop.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PySide6.QtCore import QObject, Signal, Slot
from torch import nn

from digitpad.core.data.mnist import MNIST, DataError, Split, load_mnist
from digitpad.core.data.pen_renders import Cancelled, add_pen_digits
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.loop import EpochReport, StepReport, TrainConfig, TrainResult, train
from digitpad.ui.workers import torch_threads

_log = logging.getLogger(__name__)

DataLoader = Callable[[Path, bool], MNIST]
EMIT_INTERVAL_S = 0.1  # step reports are batched so a fast GPU run cannot flood the GUI event loop
TEST_CHUNK = 2000  # test images evaluated between checks for an abort
CHANCE_ACCURACY = 0.1  # ten balanced classes


class StepBatcher:
    """Collects step reports from the training thread and hands them on as lists, at most one per
    EMIT_INTERVAL_S, so a fast run cannot flood the GUI event loop."""

    def __init__(self, emit: Callable[[list[StepReport]], None]) -> None:
        self._emit = emit
        self._pending: list[StepReport] = []
        self._last_emit = 0.0

    def send_next_at_once(self) -> None:
        self._last_emit = -math.inf

    def add(self, report: StepReport) -> None:
        self._pending.append(report)
        if time.monotonic() - self._last_emit >= EMIT_INTERVAL_S:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self._emit(batch)
        self._last_emit = time.monotonic()


def load_from_folder(root: Path, download: bool) -> MNIST:
    return load_mnist(root, download=download)


@dataclass(frozen=True)
class TrainingJob:
    config: TrainConfig
    data_root: Path
    download: bool = False
    loader: DataLoader = field(default=load_from_folder)


@dataclass(frozen=True)
class TrainingOutcome:
    """What a run produced: a result (None when it failed before training) or an error message."""

    result: TrainResult | None = None
    test_accuracy: float | None = None
    trained_steps: int = 0  # optimiser steps the returned weights hold; 0 means the model is untrained
    error: str | None = None

    @property
    def usable(self) -> bool:
        return self.result is not None and self.trained_steps > 0

    @property
    def worth_keeping(self) -> bool:
        """A run's model joins the app if it trained at all; a diverged run's only if it clearly beats chance."""
        if not self.usable or self.result is None:
            return False
        if self.result.status != "diverged":
            return True
        return self.test_accuracy is not None and self.test_accuracy > 2 * CHANCE_ACCURACY

    def checkpoint(self) -> Checkpoint:
        """The trained model as a checkpoint, its metadata holding the run and the test accuracy."""
        assert self.result is not None
        result = self.result
        metadata = result.to_metadata()
        metadata["metrics"] = {"test_accuracy": self.test_accuracy}
        return Checkpoint(result.config.model, result.model, dict(result.config.hparams), metadata=metadata)

    def message(self) -> str:
        """What happened, in a sentence or three for the status line."""
        result = self.result
        if result is None:
            return self.error or "Training was cancelled."
        accuracy = "not measured" if self.test_accuracy is None else f"{self.test_accuracy:.1%}"
        if result.status == "finished":
            epochs = f"{result.epochs_done} epoch" + ("" if result.epochs_done == 1 else "s")
            return (
                f"Training finished: {epochs}, {result.steps_done} steps in {format_duration(result.seconds)}. "
                f"Test accuracy {accuracy}."
            )
        if result.status == "stopped":
            if not self.usable:
                return "Training stopped before the first step; no model was produced."
            return (
                f"Training stopped after {result.steps_done} steps; "
                f"the model so far was kept (test accuracy {accuracy})."
            )
        if self.worth_keeping:
            kept = f"The weights from step {self.trained_steps} were kept (test accuracy {accuracy})."
        elif self.usable:
            kept = (
                f"The last finite weights (step {self.trained_steps}) score {accuracy}, "
                "no better than chance: no model was kept."
            )
        else:
            kept = "No usable model was produced."
        return (
            f"Training diverged: the loss stopped being a finite number by step {result.steps_done}. "
            f"Try a lower learning rate (it was {result.config.lr:g}). {kept}"
        )


def format_duration(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``; ``--`` when unknown."""
    if not seconds >= 0 or seconds == float("inf"):
        return "--"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_error(exc: BaseException, config: TrainConfig) -> str:
    """A message a user can act on for an exception raised while loading data or training."""
    text = str(exc).strip()
    if "out of memory" in text.lower() or "can't allocate memory" in text.lower():
        device = "the GPU" if "cuda" in text.lower() else f"the device ({config.device})"
        return (
            f"Training ran out of memory on {device}: model {config.model!r} with batch size {config.batch_size}. "
            "Lower the batch size, pick a smaller model, or train on the CPU."
        )
    if isinstance(exc, DataError):
        return text
    if isinstance(exc, ValueError):
        return f"Cannot train with these settings: {text}"
    first_line = text.splitlines()[0] if text else type(exc).__name__
    return f"Training failed: {first_line}"


class TrainingWorker(QObject):
    """Move to a QThread, connect ``thread.started`` to `run`; `finished` is always emitted, last."""

    started = Signal()
    progress = Signal(object)  # list[StepReport], batched to at most one emission per EMIT_INTERVAL_S
    epoch_done = Signal(object)  # EpochReport
    errored = Signal(str)
    finished = Signal(object)  # TrainingOutcome

    def __init__(self, job: TrainingJob) -> None:
        super().__init__()
        self._job = job
        self._control = JobState(on_progress=self._on_train_report, on_partial=self._on_train_report)
        self._aborted = threading.Event()
        self._batcher = StepBatcher(self.progress.emit)
        self._last_reported_step = 0

    # Thread-safe controls, called directly from the GUI thread.
    def stop(self) -> None:
        """End training within one batch; the partly trained model is still tested and returned."""
        self._control.stop()

    def abort(self) -> None:
        """Stop as soon as possible and skip the test evaluation (the window is closing)."""
        self._aborted.set()
        self._control.stop()

    def pause(self) -> None:
        self._control.pause()

    def resume(self) -> None:
        self._control.resume()

    @property
    def paused(self) -> bool:
        return self._control.paused

    @property
    def stopping(self) -> bool:
        return self._control.stopped

    @Slot()
    def run(self) -> None:
        self.started.emit()
        outcome = TrainingOutcome()
        try:
            with torch_threads.heavy_work():
                outcome = self._run_job()
        except (ValueError, RuntimeError) as exc:  # DataError and CUDA out-of-memory are RuntimeErrors
            outcome = TrainingOutcome(error=describe_error(exc, self._job.config))
            _release_device_memory()
        except Exception as exc:  # a GUI must report the unexpected too, and finished must still come
            _log.exception("training failed")
            outcome = TrainingOutcome(error=f"Training failed unexpectedly ({type(exc).__name__}: {exc}).")
        finally:
            self._batcher.flush()
            if outcome.error:
                self.errored.emit(outcome.error)
            self.finished.emit(outcome)

    def _run_job(self) -> TrainingOutcome:
        job = self._job
        data = job.loader(job.data_root, job.download)
        if job.config.pen_data and not self._aborted.is_set():
            try:
                data, _ = add_pen_digits(data, job.data_root, seed=job.config.seed, cancelled=self._cancelled)
            except Cancelled:
                return TrainingOutcome()
        if self._aborted.is_set():
            return TrainingOutcome()
        self._batcher.send_next_at_once()  # the panel leaves "Loading data…" with the first report
        result = train(job.config, data, self._control)
        trained = self._last_reported_step if result.status == "diverged" else result.steps_done
        accuracy = self._test_accuracy(result.model, data.test) if trained > 0 else None
        return TrainingOutcome(result=result, test_accuracy=accuracy, trained_steps=trained)

    def _cancelled(self) -> bool:
        return self._aborted.is_set() or self._control.stopped

    def _on_train_report(self, report: StepReport | EpochReport) -> None:
        if isinstance(report, EpochReport):
            self._batcher.flush()
            self.epoch_done.emit(report)
            return
        self._last_reported_step = report.step  # train() reports only finite losses, after saving those weights
        self._batcher.add(report)

    def _test_accuracy(self, model: nn.Module, test: Split) -> float | None:
        """Accuracy on the test split, evaluated in chunks so a closing window need not wait for all of it."""
        correct = 0
        for start in range(0, len(test), TEST_CHUNK):
            if self._aborted.is_set():
                return None
            chunk = Split(test.images[start : start + TEST_CHUNK], test.labels[start : start + TEST_CHUNK])
            correct += int(evaluate(model, chunk).confusion.diag().sum())
        return correct / len(test) if len(test) else None


def _release_device_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
