"""How well a model reads real handwriting: held-out writers' pen trajectories replayed as a mouse would draw them
on the canvas, at the size they were written or enlarged, through the canvas's own stroke path.

`replay_strokes` gives the pixel positions a mouse would report on a canvas of a given side; the benchmark sends
exactly these as press/move/release events to the real canvas widget, and `digitpad eval --pen-data` renders them
headless with the same core function the window uses, so both print the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from digitpad.core.data.pendigits import BOX_SIDE, PenDigit
from digitpad.core.inference.normalization import normalize
from digitpad.core.inference.strokes import densify, render_digit
from digitpad.core.runtime.messages import Message, translate
from digitpad.core.training.evaluation import Evaluation, evaluate_batches

CANVAS_SIDE = 440  # the canvas's preferred side in the window, in screen pixels
MOUSE_STEP = 2.0  # screen pixels between mouse events while drawing at a steady pace
ENLARGED = 0.7  # "enlarged": the digit's longer side fills this much of the canvas


@dataclass(frozen=True)
class Replay:
    """How the trajectories are put on the canvas: at their written size (``fill`` None) or scaled so that the
    digit's longer side is ``fill`` of the canvas, centred. ``name`` is a `Message` for a user."""

    name: str
    fill: float | None = None


AS_WRITTEN = Replay(Message(translate("Core", "as written")))
ENLARGED_REPLAY = Replay(Message(translate("Core", "enlarged to {fill:.0%}"), fill=ENLARGED), ENLARGED)


def replay_strokes(digit: PenDigit, side: int = CANVAS_SIDE, fill: float | None = None) -> list[np.ndarray]:
    """The mouse positions (float64 ``[P, 2]`` whole widget pixels, x right, y down) of each stroke of ``digit``
    drawn on a ``side``-pixel canvas: the tablet's sparse samples joined by a smooth curve, as a pen moves, and
    reported every `MOUSE_STEP` pixels, repeated positions dropped (the canvas ignores them too)."""
    pts = np.concatenate(digit.strokes)
    low, high = pts.min(axis=0), pts.max(axis=0)
    if fill is None:
        scale, offset = side / BOX_SIDE, np.zeros(2)
    else:
        scale = fill * side / max(float((high - low).max()), 1e-6)
        offset = side / 2 - (low + high) / 2 * scale
    out = []
    for stroke in digit.strokes:
        path = densify(stroke * scale + offset, MOUSE_STEP)
        snapped = np.clip(np.round(path), 0, side - 1)
        keep = np.ones(len(snapped), bool)
        keep[1:] = (np.diff(snapped, axis=0) != 0).any(axis=1)
        out.append(snapped[keep])
    return out


def replay_inputs(digits: Sequence[PenDigit], replay: Replay, side: int = CANVAS_SIDE) -> torch.Tensor:
    """The model inputs of the replayed digits, float32 ``[N, 1, 28, 28]`` in [0, 1], as the canvas makes them."""
    fields = []
    for digit in digits:
        field = render_digit(replay_strokes(digit, side, replay.fill))
        fields.append(field if field is not None else torch.zeros(1, 28, 28))
    return torch.stack(fields)


def labels_of(digits: Sequence[PenDigit]) -> torch.Tensor:
    """The digits' labels, int64 ``[N]``."""
    return torch.tensor([d.label for d in digits], dtype=torch.int64)


def evaluate_inputs(
    model: nn.Module, inputs01: torch.Tensor, labels: torch.Tensor, mean: float, std: float, batch_size: int = 500
) -> Evaluation:
    """Accuracy, loss and confusion of ``model`` on float inputs in [0, 1] (``[N, 1, 28, 28]``), normalised with
    the checkpoint's ``mean`` and ``std``."""
    batches = (
        (normalize(inputs01[start : start + batch_size], mean, std), labels[start : start + batch_size])
        for start in range(0, len(labels), batch_size)
    )
    return evaluate_batches(model, batches)


def confusion_pairs(confusion: torch.Tensor, top: int = 5) -> list[tuple[int, int, int]]:
    """The most frequent mistakes as (true digit, read as, count), largest first."""
    off = confusion.clone()
    off.fill_diagonal_(0)
    order = torch.argsort(off.flatten(), descending=True)[:top]
    return [(int(i) // 10, int(i) % 10, int(off.flatten()[i])) for i in order if int(off.flatten()[i]) > 0]
