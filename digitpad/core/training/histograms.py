"""Weights and gradients over time: each parameter tensor's histogram and L2 norm, sampled every N optimiser steps.

`HistogramSampler` is called by the training loop twice a step: with the gradients right after ``backward`` (before
clipping, which would hide a gradient that explodes) and with the weights after the optimiser's step. On a step that
is due (the first, then every ``every``-th) it summarises every parameter on the training device without reading
anything to the host; `take` brings the samples since its last call to the host at once, when a progress report goes
out, so sampling adds no device sync of its own between reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

BINS = 30  # TensorBoard's histograms have 30 buckets too
KINDS = ("weights", "gradients")


@dataclass(frozen=True)
class TensorHistogram:
    step: int  # optimiser steps done when it was sampled
    layer: str  # the parameter's name in the model, e.g. "features.0.weight"
    kind: str  # one of `KINDS`
    low: float  # the sample's smallest and largest value: the bins split [low, high] evenly
    high: float
    counts: tuple[int, ...]  # `BINS` counts, low to high, summing to the tensor's number of elements
    norm: float  # the L2 norm of the whole tensor


def summarize(tensors: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Per tensor: ``stats`` [len, 3] float32 (min, max, L2 norm) and ``counts`` [len, BINS] int64, on the
    tensors' device. A tensor whose values are all equal counts them all in its first bin."""
    stats, counts = [], []
    for tensor in tensors:
        x = tensor.detach().flatten().float()
        low, high = torch.aminmax(x)
        width = (high - low).clamp_min(torch.finfo(torch.float32).tiny)
        index = ((x - low) * (BINS / width)).int().clamp_(0, BINS - 1)  # the maximum falls in the last bin
        counts.append(torch.bincount(index, minlength=BINS))
        stats.append(torch.stack((low, high, torch.linalg.vector_norm(x))))
    return torch.stack(stats), torch.stack(counts)


class HistogramSampler:
    """Samples a model's weights and gradients at the first step and every ``every`` optimiser steps after
    (0: never), keeping them on the device until `take`."""

    def __init__(self, every: int) -> None:
        self.every = every
        self._pending: list[tuple[int, str, list[str], torch.Tensor, torch.Tensor]] = []

    def due(self, step: int) -> bool:
        return self.every > 0 and (step == 1 or step % self.every == 0)

    def gradients(self, model: nn.Module, step: int) -> None:
        """The gradients ``backward`` left, if ``step`` (the step being made) is due; parameters without one are
        left out."""
        if self.due(step):
            self._sample(step, "gradients", [(n, p.grad) for n, p in model.named_parameters() if p.grad is not None])

    def weights(self, model: nn.Module, step: int) -> None:
        """The weights after the optimiser's step, if ``step`` (the steps done) is due."""
        if self.due(step):
            self._sample(step, "weights", list(model.named_parameters()))

    def _sample(self, step: int, kind: str, named: list[tuple[str, torch.Tensor]]) -> None:
        if named:
            stats, counts = summarize([tensor for _, tensor in named])
            self._pending.append((step, kind, [name for name, _ in named], stats, counts))

    def take(self) -> tuple[TensorHistogram, ...]:
        """Every sample since the last call, on the host, in the order sampled."""
        found = []
        for step, kind, names, stats, counts in self._pending:
            rows, counted = stats.cpu().tolist(), counts.cpu().tolist()
            for name, (low, high, norm), bins in zip(names, rows, counted, strict=True):
                found.append(TensorHistogram(step, name, kind, low, high, tuple(bins), norm))
        self._pending.clear()
        return tuple(found)
