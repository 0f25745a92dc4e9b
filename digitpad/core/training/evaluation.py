"""The one place a model is scored: accuracy, mean cross-entropy and the confusion matrix, in batches.

`evaluate` scores a split of uint8 images (normalised with the checkpoint's statistics); `evaluate_batches` scores
already-prepared inputs (the pen-digit replays). Given a `JobState`, `evaluate` checks it between batches and
raises `Cancelled` once the job is cancelled, so a closing window never waits for a whole test set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from digitpad.core.data.mnist import Split
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.runtime.jobs import JobState


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    loss: float
    confusion: torch.Tensor  # int64 [10, 10]: rows true label, columns prediction
    count: int

    def per_class_accuracy(self) -> torch.Tensor:
        return self.confusion.diag().double() / self.confusion.sum(dim=1).clamp(min=1).double()


def evaluate(
    model: nn.Module,
    split: Split,
    batch_size: int = 250,
    state: JobState | None = None,
    mean: float = MNIST_MEAN,
    std: float = MNIST_STD,
) -> Evaluation:
    """`Evaluation` of ``model`` on ``split`` (no augmentation), normalised with ``mean`` / ``std``."""
    device = next(model.parameters()).device

    def batches() -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for start in range(0, len(split), batch_size):
            if state is not None:
                state.raise_if_cancelled()
            images = split.images[start : start + batch_size].to(device)
            yield normalize(images.unsqueeze(1), mean, std), split.labels[start : start + batch_size]

    return evaluate_batches(model, batches())


@torch.inference_mode()
def evaluate_batches(model: nn.Module, batches: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> Evaluation:
    """`Evaluation` of ``model`` over (normalised inputs ``[B, 1, 28, 28]``, int64 labels ``[B]``) batches, in eval
    mode (the model's mode is restored after)."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    confusion = torch.zeros(10, 10, dtype=torch.long)
    loss_sum, count = 0.0, 0
    try:
        for x, labels in batches:
            labels = labels.to(device)
            logits = model(x.to(device)).float()
            loss_sum += float(F.cross_entropy(logits, labels, reduction="sum"))
            confusion += torch.bincount((labels * 10 + logits.argmax(1)).cpu(), minlength=100).reshape(10, 10)
            count += len(labels)
    finally:
        model.train(was_training)
    return Evaluation(
        accuracy=float(confusion.diag().sum()) / max(count, 1),
        loss=loss_sum / max(count, 1),
        confusion=confusion,
        count=count,
    )
