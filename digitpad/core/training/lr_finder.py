"""The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural Networks", section 3.3).

A few hundred steps of training, each on a fresh batch, with the learning rate growing exponentially from a value
too small to matter to one that makes training diverge. The loss against the learning rate shows where training
starts to learn, where it learns fastest and where it breaks; the suggestion is the learning rate where the
(smoothed) loss falls fastest per decade, the choice of fast.ai's finder.

`lr_range_test` is a job (`digitpad.core.runtime.jobs`): each step goes out as a `LRPoint` progress report, and
stop, pause and cancel are read between steps. It trains a copy: the caller's model keeps its weights.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.models.zoo import REGISTRY, build_model, unknown_model_message
from digitpad.core.runtime.devices import resolve_device, use_mixed_precision
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.messages import Message, translate
from digitpad.core.training.choices import OPTIMIZERS
from digitpad.core.training.loop import TrainConfig, _batches, _make_optimizer, _prepare

DIVERGENCE_FACTOR = 4.0  # the test ends once the smoothed loss is this many times its best (Smith; fast.ai)


@dataclass(frozen=True)
class LRPoint:
    """One step of the test, sent as progress: the learning rate it trained with and the loss it saw."""

    step: int
    steps: int
    lr: float
    loss: float  # smoothed
    raw_loss: float


@dataclass(frozen=True)
class LRCurve:
    """The loss against the learning rate, one point per step; the arrays are float64 ``[n]``."""

    lrs: np.ndarray
    losses: np.ndarray  # bias-corrected exponential moving average of ``raw_losses``
    raw_losses: np.ndarray  # each step's batch loss, before that step's update
    suggestion: float | None  # None when the curve is too short to tell (fewer than 3 points)
    status: str  # "finished" (reached end_lr), "diverged" or "stopped"


def lr_range_test(
    model_name_or_module: str | nn.Module,
    data: MNIST | Split,
    state: JobState | None = None,
    start_lr: float = 1e-6,
    end_lr: float = 1.0,
    steps: int = 100,
    batch_size: int = 128,
    smoothing: float = 0.98,
    seed: int = 0,
    hparams: dict | None = None,
    optimizer: str = "adamw",
    device: str = "auto",
) -> LRCurve:
    """Train a copy of the model (a registry name or a module) for ``steps`` steps on batches of ``data.train``
    (or of the split given), the learning rate growing from ``start_lr`` to ``end_lr`` by the same factor each
    step; ends early when the smoothed loss exceeds 4× its best. A named model trains with its recipe's weight
    decay and gradient clipping, a module with neither. Raises `Cancelled` when ``state`` is cancelled."""
    split = data.train if isinstance(data, MNIST) else data
    _check(start_lr, end_lr, steps, batch_size, len(split), smoothing, optimizer)
    state = state or JobState()
    torch.manual_seed(seed)
    cfg = _config(model_name_or_module, hparams, optimizer, start_lr, batch_size, seed)
    model = (
        build_model(cfg.model, cfg.hparams)
        if isinstance(model_name_or_module, str)
        else copy.deepcopy(model_name_or_module)
    )
    dev = resolve_device(device)
    model = model.to(dev).train()
    opt, _ = _make_optimizer(cfg, model, steps, dev)
    use_amp = use_mixed_precision(dev, "auto")
    gen = torch.Generator().manual_seed(seed)
    split = Split(split.images.to(dev), split.labels.to(dev))
    factor = (end_lr / start_lr) ** (1 / max(steps - 1, 1))
    lrs: list[float] = []
    raw: list[float] = []
    smooth: list[float] = []
    average, status = 0.0, "finished"
    for step, (images, labels) in enumerate(_endless(split, batch_size, gen, dev)):
        if step == steps:
            break
        state.wait_while_paused()
        state.raise_if_cancelled()
        if state.stopped:
            status = "stopped"
            break
        lr = start_lr * factor**step
        for group in opt.param_groups:
            group["lr"] = lr
        value = _train_step(model, opt, cfg.grad_clip, images, labels, use_amp)
        average = smoothing * average + (1 - smoothing) * value
        smoothed = average / (1 - smoothing ** (step + 1))
        lrs.append(lr)
        raw.append(value)
        smooth.append(smoothed)
        state.progress(LRPoint(step + 1, steps, lr, smoothed, value))
        if not math.isfinite(smoothed) or smoothed > DIVERGENCE_FACTOR * min(smooth):
            status = "diverged"
            break
    lr_arr, loss_arr = np.array(lrs, dtype=np.float64), np.array(smooth, dtype=np.float64)
    return LRCurve(lr_arr, loss_arr, np.array(raw, dtype=np.float64), suggest_lr(lr_arr, loss_arr), status)


def _train_step(
    model: nn.Module,
    opt: torch.optim.Optimizer,
    grad_clip: float | None,
    images: torch.Tensor,
    labels: torch.Tensor,
    use_amp: bool,
) -> float:
    """One optimiser step on un-augmented images; the batch's loss before the step."""
    device_type = images.device.type
    with torch.autocast(device_type, dtype=torch.bfloat16, enabled=use_amp):
        logits = model(_prepare(images, False, None))
    loss = F.cross_entropy(logits.float(), labels)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    if grad_clip:
        nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    opt.step()
    return float(loss.detach())  # one host sync a step: the divergence check needs every step's loss


def suggest_lr(lrs: np.ndarray, losses: np.ndarray) -> float | None:
    """The learning rate where the smoothed loss falls fastest against log(lr), before its minimum.

    Steepest descent rather than "the minimum's lr / 10": the minimum sits right at the edge of divergence and
    moves with the smoothing's lag, while the steepest part of the curve is where a step of training gains most,
    and lies below the minimum by construction. The first tenth of the points is not considered."""
    finite = np.isfinite(losses)
    if finite.sum() < 3:
        return None
    lrs, losses = lrs[finite], losses[finite]
    end = int(np.argmin(losses)) + 1
    if end < 3:  # the loss only rose: the range started too high; the smallest lr is the safest
        return float(lrs[0])
    slopes = np.gradient(losses[:end], np.log(lrs[:end]))
    # The first tenth of the range is left out: there the loss moves by noise alone, and one lucky batch at 1e-6
    # would be the steepest fall (as fast.ai's finder skips its first points).
    skip = min(len(lrs) // 10, end // 2)
    return float(lrs[skip + int(np.argmin(slopes[skip:]))])


def _endless(split: Split, batch_size: int, gen: torch.Generator, device: torch.device):
    """Full batches in a fresh order each pass, for as long as they are asked for."""
    while True:
        for images, labels in _batches(split, batch_size, gen, device):
            if len(labels) == batch_size:
                yield images, labels


def _config(
    model: str | nn.Module, hparams: dict | None, optimizer: str, lr: float, batch_size: int, seed: int
) -> TrainConfig:
    """The optimiser's settings: a named model's recipe, with a constant learning rate the test sets itself."""
    if isinstance(model, str):
        if model not in REGISTRY:
            raise ValueError(unknown_model_message(model))
        base = TrainConfig(model=model, hparams=hparams or {}, lr=lr, batch_size=batch_size, seed=seed)
        return replace(base.resolved(), optimizer=optimizer, schedule="constant")
    return TrainConfig(lr=lr, optimizer=optimizer, schedule="constant", weight_decay=0.0, grad_clip=0.0)


def _check(
    start_lr: float, end_lr: float, steps: int, batch_size: int, images: int, smoothing: float, optimizer: str
) -> None:
    if optimizer not in OPTIMIZERS:
        raise ValueError(
            Message(
                translate("Core", "optimizer must be one of {choices}, not {value!r}"),
                choices=", ".join(OPTIMIZERS),
                value=optimizer,
            )
        )
    if not (0 < start_lr < end_lr and math.isfinite(end_lr)):
        raise ValueError(
            Message(
                translate(
                    "Core",
                    "the learning rates must be positive and finite, the first below the last, not {start} and {end}",
                ),
                start=start_lr,
                end=end_lr,
            )
        )
    if steps < 2 or batch_size < 1:
        raise ValueError(
            Message(
                translate("Core", "the test needs at least 2 steps and a batch of at least 1, not {steps} and {batch}"),
                steps=steps,
                batch=batch_size,
            )
        )
    if batch_size > images:
        raise ValueError(
            Message(
                translate("Core", "a batch of {batch:,} images is more than the {images:,} images to train on"),
                batch=batch_size,
                images=images,
            )
        )
    if not 0 <= smoothing < 1:
        raise ValueError(
            Message(translate("Core", "the smoothing must be at least 0 and below 1, not {value}"), value=smoothing)
        )
