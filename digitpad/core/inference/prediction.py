"""What the prediction views show: one plain record, importable before torch has loaded (the window's first paint
needs it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

LOW_CONFIDENCE = 0.6  # below this the view says it is unsure rather than announce a digit


@dataclass(frozen=True)
class Prediction:
    """What the views show. Everything is None/empty when there is nothing to predict."""

    model: str = ""
    model_input: np.ndarray | None = None  # uint8 [28, 28], ink = 255: what the model receives
    probabilities: np.ndarray | None = None  # float32 [10], sums to 1
    comparison: tuple[tuple[str, np.ndarray], ...] = field(default=())  # (model, probabilities) per model
    tensor: torch.Tensor | None = None  # float32 [1, 28, 28], normalised for the selected model (for insight views)

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(self.probabilities.argmax())

    @property
    def confidence(self) -> float:
        return 0.0 if self.probabilities is None else float(self.probabilities.max())

    @property
    def is_confident(self) -> bool:
        return self.confidence >= LOW_CONFIDENCE
