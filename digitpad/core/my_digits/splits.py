"""My digits as training data: stroke re-rendering and the hash-decided training / held-out split."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from digitpad.core.data.mnist import Split
from digitpad.core.inference.strokes import STROKE_FRACTION, render_digit
from digitpad.core.my_digits.file_format import FIELD, MyDigit

DEFAULT_HELD_OUT = 0.2
DEFAULT_PEN_SCALES = (0.7, 1.4)  # fine-tuning also sees each drawing with thinner and bolder strokes


def rerender(digit: MyDigit, thickness: float = 1.0) -> np.ndarray | None:
    """The model input (uint8 ``[28, 28]``) of ``digit`` rendered again from its strokes, as the canvas renders a
    drawing, with the stroke ``thickness`` times the usual; None for a digit without strokes (a picture)."""
    if not digit.strokes:
        return None
    field = render_digit(digit.strokes, STROKE_FRACTION * thickness)
    return None if field is None else (field[0] * 255).round().to(torch.uint8).numpy()


@dataclass(frozen=True)
class OwnDigits:
    """My digits as training data: ``train`` for fine-tuning, ``held_out`` kept apart to measure the gain."""

    train: Split  # the training drawings, then their re-renderings at other pen widths
    held_out: Split
    train_drawings: int  # distinct drawings in ``train``


def _rank(digit_id: str, seed: int) -> float:
    digest = hashlib.blake2b(f"{seed}:{digit_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def is_held_out(digit_id: str, fraction: float = DEFAULT_HELD_OUT, seed: int = 0) -> bool:
    """Whether a digit belongs to the held-out part: decided by a hash of its id, so a drawing stays on the same
    side as the collection grows, and a later fine-tune is never measured on drawings an earlier one trained on."""
    return _rank(digit_id, seed) < fraction


def to_split(
    digits: Iterable[MyDigit],  # a `MyDigitsStore` or a sequence of digits
    held_out: float = DEFAULT_HELD_OUT,
    seed: int = 0,
    pen_scales: Sequence[float] = (),
) -> OwnDigits:
    """Model inputs (uint8 ``[N, 28, 28]``) and labels (int64 ``[N]``), split into a training and a held-out part.

    About ``held_out`` of the drawings are held out (see `is_held_out`); when the hash happens to hold none out of
    a collection of two or more, the one with the lowest hash is, so there is always something to measure.
    pen_scales: training drawings with strokes are also re-rendered from their strokes with the stroke thickness
    times each of these (extra training samples: the same hand, thinner or bolder). About 1.5 ms a drawing and
    scale.
    """
    items = list(digits)
    if not 0 <= held_out < 1:
        raise ValueError(f"the held-out fraction must be in [0, 1), got {held_out}")
    ranks = [_rank(d.id, seed) for d in items]
    out = [r < held_out for r in ranks]
    if held_out > 0 and len(items) >= 2 and not any(out):
        out[ranks.index(min(ranks))] = True
    train = [d for d, o in zip(items, out, strict=True) if not o]
    held = [d for d, o in zip(items, out, strict=True) if o]
    images, labels = [d.image for d in train], [d.label for d in train]
    for scale in pen_scales:
        for d in train:
            image = rerender(d, scale)
            if image is not None:
                images.append(image)
                labels.append(d.label)
    return OwnDigits(
        train=_split(images, labels),
        held_out=_split([d.image for d in held], [d.label for d in held]),
        train_drawings=len(train),
    )


def _split(images: list[np.ndarray], labels: list[int]) -> Split:
    if not images:
        return Split(torch.zeros(0, FIELD, FIELD, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64))
    return Split(torch.from_numpy(np.stack(images).astype(np.uint8)), torch.tensor(labels, dtype=torch.int64))
