"""Scoring a model on the test set off the GUI thread: confusion matrix, loss, accuracy and the mistakes.

`evaluate_test_set` is a plain function (no Qt) that works through the split in chunks, reports progress and
checks a stop event between chunks; `EvaluationWorker` runs it in a QThread with superqt's small signal set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from PySide6.QtCore import QObject, Signal, Slot
from torch import nn

from digitpad.core.data.mnist import DataError, Split, load_mnist
from digitpad.core.insight.activations import misclassified
from digitpad.core.training.evaluation import Evaluation, evaluate
from digitpad.ui.workers import torch_threads

CHUNK = 1000
MISTAKES_KEPT = 500


@dataclass(frozen=True)
class TestSetResult:
    evaluation: Evaluation
    mistakes: list[dict[str, float | int]]  # core `misclassified` entries, most confident first
    split: Split  # the images the indices refer to


def evaluate_test_set(
    model: nn.Module,
    split: Split,
    mean: float,
    std: float,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = CHUNK,
    limit: int = MISTAKES_KEPT,
) -> TestSetResult | None:
    """Core `evaluate` and `misclassified` over ``split`` in chunks; None if ``stop`` was set before the end."""
    total = len(split)
    confusion = torch.zeros(10, 10, dtype=torch.long)
    loss_sum = 0.0
    mistakes: list[dict[str, float | int]] = []
    for start in range(0, total, chunk):
        if stop is not None and stop.is_set():
            return None
        part = Split(split.images[start : start + chunk], split.labels[start : start + chunk])
        ev = evaluate(model, part, batch_size=chunk)
        confusion += ev.confusion
        loss_sum += ev.loss * ev.count
        for m in misclassified(model, part.images, part.labels, mean, std, limit=limit, batch_size=chunk):
            mistakes.append({**m, "index": int(m["index"]) + start})
        if progress is not None:
            progress(min(start + chunk, total), total)
    mistakes.sort(key=lambda m: -float(m["confidence"]))
    evaluation = Evaluation(
        accuracy=float(confusion.diag().sum()) / max(total, 1),
        loss=loss_sum / max(total, 1),
        confusion=confusion,
        count=total,
    )
    return TestSetResult(evaluation, mistakes[:limit], split)


class EvaluationWorker(QObject):
    """Loads the test split (unless given one) and evaluates a CPU copy of the model on it.

    `finished` is always emitted, last. `cancel` is a plain thread-safe method for the GUI thread to call.
    """

    started = Signal()
    progress = Signal(int, int)  # images done, total
    returned = Signal(object)  # TestSetResult
    errored = Signal(str)
    aborted = Signal()
    finished = Signal()

    def __init__(
        self, model: nn.Module, mean: float, std: float, data_root: Path | None, split: Split | None = None
    ) -> None:
        super().__init__()
        self._model = model
        self._mean, self._std = mean, std
        self._root = data_root
        self._split = split
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @Slot()
    def run(self) -> None:
        self.started.emit()
        try:
            split = self._split if self._split is not None else load_mnist(self._root).test
            with torch_threads.heavy_work():
                result = evaluate_test_set(
                    self._model, split, self._mean, self._std, self._stop, lambda d, t: self.progress.emit(d, t)
                )
            if result is None:
                self.aborted.emit()
            else:
                self.returned.emit(result)
        except DataError as exc:
            self.errored.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not kill the thread silently
            self.errored.emit(f"Evaluation failed: {type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()
