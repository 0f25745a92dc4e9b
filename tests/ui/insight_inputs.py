"""Models and inputs the insight-view tests share: small seeded models and a blobby stroke-like digit."""

from __future__ import annotations

import torch

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model


def ckpt(arch: str, seed: int = 0, **hparams) -> Checkpoint:
    torch.manual_seed(seed)
    return Checkpoint(arch=arch, model=build_model(arch, hparams).eval(), hparams=hparams)


def digit(seed: int) -> torch.Tensor:
    """A blobby stroke-like normalised input ``[1, 28, 28]``."""
    g = torch.Generator().manual_seed(seed)
    ink = torch.zeros(28, 28)
    ink[6:22, 8:20] = (torch.rand(16, 12, generator=g) > 0.55).float()
    return ((ink - MNIST_MEAN) / MNIST_STD).unsqueeze(0)
