"""Batched augmentation on tensors, so models trained on MNIST also read digits drawn on a canvas."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AugmentConfig:
    rotation_deg: float = 12.0
    scale: tuple[float, float] = (0.85, 1.12)
    shift: float = 0.10  # fraction of the image size
    shear_deg: float = 10.0
    thickness_prob: float = 0.3  # chance of a one-pixel thicker or thinner stroke


def augment(
    images: torch.Tensor, generator: torch.Generator | None = None, cfg: AugmentConfig = AugmentConfig()
) -> torch.Tensor:
    """Random affine (rotation, scale, shift, shear) and stroke-thickness change, per sample.

    images: float ``[B, 1, 28, 28]`` with ink bright and background 0 (before normalisation).
    Returns a tensor of the same shape, dtype and device.
    """
    b = images.shape[0]
    dev, dtype = images.device, images.dtype

    def uniform(low: float, high: float) -> torch.Tensor:
        return torch.rand(b, generator=generator, device=dev, dtype=dtype) * (high - low) + low

    angle = uniform(-cfg.rotation_deg, cfg.rotation_deg) * (math.pi / 180)
    shear = uniform(-cfg.shear_deg, cfg.shear_deg) * (math.pi / 180)
    scale = uniform(*cfg.scale)
    tx, ty = uniform(-cfg.shift, cfg.shift) * 2, uniform(-cfg.shift, cfg.shift) * 2
    cos, sin, tan = torch.cos(angle), torch.sin(angle), torch.tan(shear)
    # affine_grid maps output to input coordinates: the inverse of rotate(scale(shear(x))).
    theta = torch.stack(
        [
            torch.stack([cos / scale, (cos * tan + sin) / scale, tx], dim=1),
            torch.stack([-sin / scale, (cos - sin * tan) / scale, ty], dim=1),
        ],
        dim=1,
    )
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return _change_thickness(out, generator, cfg.thickness_prob)


def _change_thickness(x: torch.Tensor, generator: torch.Generator | None, prob: float) -> torch.Tensor:
    if prob <= 0:
        return x
    r = torch.rand(x.shape[0], generator=generator, device=x.device)
    thicker = (r < prob / 2).view(-1, 1, 1, 1)
    thinner = ((r >= prob / 2) & (r < prob)).view(-1, 1, 1, 1)
    # A soft dilation/erosion: blend towards the 3x3 max (or min) so strokes change by about one pixel.
    dilated = 0.5 * (x + F.max_pool2d(x, 3, stride=1, padding=1))
    eroded = 0.5 * (x - F.max_pool2d(-x, 3, stride=1, padding=1))
    return torch.where(thicker, dilated, torch.where(thinner, eroded, x))
