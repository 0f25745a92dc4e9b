"""A conditional GAN for 28×28 digits: a generator that draws the digit it is asked for from noise, and a
discriminator that tells real digits from drawn ones, each improving against the other (DCGAN-style).

Images are float ``[N, 1, 28, 28]`` in [0, 1] with ink = 1, like MNIST's tensors before normalisation. The
generator's file is a digitpad checkpoint (`save_generator`), with the arch `GENERATOR_ARCH`, which the classifiers'
loader refuses.
"""

from __future__ import annotations

import os
import reprlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from digitpad.core.models.checkpoint import GENERATOR_ARCH, read_payload, save_checkpoint
from digitpad.core.models.checkpoint_contents import (
    CheckpointError,
    check_values,
    check_weights,
    load_weights,
    read_metadata,
)
from digitpad.core.models.zoo import NUM_CLASSES
from digitpad.core.runtime import paths
from digitpad.core.runtime.messages import Message, translate

LATENT = 64
EMBED = 32  # size of the learned label code the generator reads beside the noise
MAX_SIZE = 1024  # bound on latent and width in a file, so its settings cannot ask for gigabytes


class Generator(nn.Module):
    """Noise ``[N, latent]`` and labels ``[N]`` -> images ``[N, 1, 28, 28]`` in [0, 1]:
    a fully connected layer to ``2·width`` maps of 7×7, then two transposed convolutions up to 14×14 and 28×28."""

    def __init__(self, latent: int = LATENT, width: int = 32) -> None:
        super().__init__()
        self.latent, self.width = latent, width
        self.embed = nn.Embedding(NUM_CLASSES, EMBED)
        self.project = nn.Linear(latent + EMBED, 2 * width * 7 * 7, bias=False)
        self.body = nn.Sequential(
            nn.BatchNorm2d(2 * width),
            nn.ReLU(inplace=True),
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1),
            nn.Sigmoid(),
        )

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        h = self.project(torch.cat([z, self.embed(labels)], dim=1))
        return self.body(h.view(-1, 2 * self.width, 7, 7))


class Discriminator(nn.Module):
    """Images ``[N, 1, 28, 28]`` in [0, 1] and labels ``[N]`` -> realness logits ``[N]``.

    Spectral norm on every layer keeps it from overpowering the generator; the label enters by projection (the
    features' dot product with a learned code of the label, Miyato & Koyama 2018), and `classify` reads the digit
    from the same features (an auxiliary classifier, as in AC-GAN) so the generator learns to draw the digit asked.
    """

    def __init__(self, width: int = 32) -> None:
        super().__init__()
        self.features = nn.Sequential(
            spectral_norm(nn.Conv2d(1, width, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2, inplace=True),
            spectral_norm(nn.Conv2d(width, 2 * width, 4, stride=2, padding=1)),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Flatten(),
            spectral_norm(nn.Linear(2 * width * 7 * 7, 4 * width)),
            nn.LeakyReLU(0.2, inplace=True),
        )
        self.real = spectral_norm(nn.Linear(4 * width, 1))
        self.project = spectral_norm(nn.Embedding(NUM_CLASSES, 4 * width))
        self.digit = spectral_norm(nn.Linear(4 * width, NUM_CLASSES))

    def forward(self, images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.judge(images, labels)[0]

    def judge(self, images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Realness logits ``[N]`` and digit logits ``[N, 10]`` from one pass."""
        h = self.features(images * 2 - 1)
        real = self.real(h).squeeze(1) + (self.project(labels) * h).sum(1)
        return real, self.digit(h)

    def classify(self, images: torch.Tensor) -> torch.Tensor:
        """Digit logits ``[N, 10]``."""
        return self.digit(self.features(images * 2 - 1))


def noise(
    count: int, seed: int | None = None, device: torch.device | str | None = None, size: int = LATENT
) -> torch.Tensor:
    """Standard normal noise ``[count, size]`` float32; the same ``seed`` gives the same noise on every device."""
    gen = torch.Generator().manual_seed(seed) if seed is not None else None
    return torch.randn(count, size, generator=gen).to(device or "cpu")


def interpolate(z0: torch.Tensor, z1: torch.Tensor, t: float) -> torch.Tensor:
    """The point a fraction ``t`` of the way from ``z0`` to ``z1`` (``[LATENT]``) along the great circle between
    them (spherical interpolation): a straight line would pass through unlikely, too-short noise halfway."""
    a, b = z0.float(), z1.float()
    cos = torch.dot(a, b) / (a.norm() * b.norm()).clamp_min(1e-8)
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    if float(omega.sin()) < 1e-4:  # nearly parallel: the straight line is the arc
        return a + (b - a) * t
    return (torch.sin((1 - t) * omega) * a + torch.sin(t * omega) * b) / torch.sin(omega)


@torch.no_grad()
def generate(
    generator: Generator,
    labels: Sequence[int] | torch.Tensor,
    z: torch.Tensor | None = None,
    seed: int | None = None,
) -> torch.Tensor:
    """Digits ``labels`` drawn by ``generator`` (put in eval mode) from ``z`` ``[N, latent]`` or seeded noise:
    float ``[N, 1, 28, 28]`` in [0, 1], on the generator's device."""
    generator.eval()
    device = next(generator.parameters()).device
    digits = torch.as_tensor(labels, dtype=torch.long).reshape(-1).to(device)
    if z is None:
        z = noise(len(digits), seed, device, size=generator.latent)
    return generator(z.to(device).reshape(len(digits), -1), digits)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """Float images ``[N, 1, 28, 28]`` in [0, 1] -> uint8 ``[N, 28, 28]``, ink 255 (what PNGs and the canvas take)."""
    return images.detach().float().clamp(0, 1).mul(255).round().to(torch.uint8).reshape(-1, 28, 28).cpu().numpy()


def save_generator(
    path: str | os.PathLike[str], generator: Generator, hparams: dict[str, Any], metadata: dict[str, Any] | None = None
) -> Path:
    """Write ``generator`` as a checkpoint (atomically, `save_checkpoint`'s format) with its settings
    (``latent``, ``width``)."""
    settings = {**hparams, "latent": generator.latent, "width": generator.width}
    if set(settings) != {"latent", "width"}:
        raise ValueError(f"a generator has no settings but latent and width, not {sorted(settings)}")
    return save_checkpoint(path, GENERATOR_ARCH, generator, settings, metadata)


def load_generator(path: str | os.PathLike[str] | None = None) -> tuple[Generator, dict[str, Any]]:
    """The generator in ``path`` (None: the shipped one) in eval mode on the CPU, and its metadata; every defect
    raises CheckpointError, and nothing is built before its settings and weights are checked."""
    path = Path(path) if path is not None else paths.pretrained_generator_path()
    payload, _version = read_payload(path)
    if payload["arch"] != GENERATOR_ARCH:
        raise CheckpointError(
            Message(
                translate("Core", "{path} holds a {arch} classifier, not a digit generator."),
                path=path,
                arch=reprlib.repr(payload["arch"]),
            )
        )
    hparams = _check_settings(payload["hparams"], path)
    metadata, _notes = read_metadata(payload.get("metadata"), path)
    check_weights(payload["state_dict"], GENERATOR_ARCH, hparams, path, build=lambda: Generator(**hparams))
    generator = Generator(**hparams)
    load_weights(generator, payload["state_dict"], GENERATOR_ARCH, path)
    check_values(generator, path)
    return generator.eval(), metadata


def _check_settings(hparams: Any, path: Path) -> dict[str, int]:
    """A generator's settings: ``latent`` and ``width``, each a whole number from 1 to `MAX_SIZE`."""
    if not isinstance(hparams, dict) or set(hparams) != {"latent", "width"}:
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its settings are {value}, not a generator's latent size and width."),
                path=path,
                value=reprlib.repr(hparams),
            )
        )
    for key, value in hparams.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIZE:
            raise CheckpointError(
                Message(
                    translate("Core", "{path}: its {key} is {value}, not a whole number from 1 to {high}."),
                    path=path,
                    key=key,
                    value=reprlib.repr(value),
                    high=MAX_SIZE,
                )
            )
    return {"latent": int(hparams["latent"]), "width": int(hparams["width"])}
