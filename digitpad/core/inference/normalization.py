"""How the models see pixel values: MNIST's mean and standard deviation, and the one normalisation.

Every checkpoint stores the statistics its model was trained with (`Checkpoint.normalize` applies them);
these are MNIST's, the defaults.
"""

from __future__ import annotations

import torch

MNIST_MEAN = 0.1307
MNIST_STD = 0.3081


def normalize(images: torch.Tensor, mean: float = MNIST_MEAN, std: float = MNIST_STD) -> torch.Tensor:
    """uint8 ``[..., 28, 28]`` (or float in [0, 1]) -> float32 normalised as the models were trained."""
    x = images.float() / 255.0 if images.dtype == torch.uint8 else images.float()
    return (x - mean) / std
