"""Scoring a model on the test set for the window: confusion matrix, loss, accuracy and the mistakes, in one pass.

`evaluate_test_set` is a job (``job(state) -> result``, see `digitpad.core.runtime.jobs`): it works through the
split in chunks, each scored by core `evaluate` while a forward hook keeps the chunk's logits, from which the
mistakes are read (`mistakes_in`, what `misclassified` lists). It reports ``(done, total)`` progress and checks for
cancellation between chunks, so scoring 10,000 digits never holds a closing window.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn

from digitpad.core.data.mnist import Split
from digitpad.core.insight.activations import mistakes_in
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training.evaluation import Evaluation, evaluate

CHUNK = 1000
MISTAKES_KEPT = 500


@dataclass(frozen=True)
class TestSetResult:
    evaluation: Evaluation
    mistakes: list[dict[str, float | int]]  # `misclassified` entries (index into ``split``), most confident first
    split: Split  # the images the indices refer to


@contextmanager
def _kept_logits(model: nn.Module) -> Iterator[list[torch.Tensor]]:
    """Every output of ``model`` while the block runs, in call order; the hook is removed whatever happens."""
    outputs: list[torch.Tensor] = []

    def keep(_m: nn.Module, _i: object, out: torch.Tensor) -> None:
        outputs.append(out.detach())

    handle = model.register_forward_hook(keep)
    try:
        yield outputs
    finally:
        handle.remove()


def evaluate_test_set(
    model: nn.Module,
    split: Split,
    mean: float,
    std: float,
    state: JobState | None = None,
    chunk: int = CHUNK,
    limit: int = MISTAKES_KEPT,
) -> TestSetResult:
    """``model`` on ``split`` (uint8 images ``[N, 28, 28]``, int64 labels ``[N]``) normalised with ``mean`` / ``std``.

    One forward pass per chunk of ``chunk`` images gives the `Evaluation` (as `evaluate` on the whole split) and
    the mistakes (as `misclassified` with ``limit``: the ``limit`` most confident, ties in index order). Sends
    ``state.progress((images done, total))`` after each chunk; raises `Cancelled` once ``state`` is cancelled.
    """
    state = state or JobState()
    total = len(split)
    confusion = torch.zeros(10, 10, dtype=torch.long)
    loss_sum = 0.0
    mistakes: list[dict[str, float | int]] = []
    for start in range(0, total, chunk):
        state.raise_if_cancelled()
        part = Split(split.images[start : start + chunk], split.labels[start : start + chunk])
        with _kept_logits(model) as logits:
            ev = evaluate(model, part, batch_size=chunk, mean=mean, std=std)
        confusion += ev.confusion
        loss_sum += ev.loss * ev.count
        mistakes += mistakes_in(torch.cat(logits), part.labels, offset=start)
        state.progress((min(start + chunk, total), total))
    mistakes.sort(key=lambda m: -float(m["confidence"]))
    evaluation = Evaluation(
        accuracy=float(confusion.diag().sum()) / max(total, 1),
        loss=loss_sum / max(total, 1),
        confusion=confusion,
        count=total,
    )
    return TestSetResult(evaluation, mistakes[:limit], split)
