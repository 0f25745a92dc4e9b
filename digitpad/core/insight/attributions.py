"""Signed attributions for one input, for every model: occlusion and integrated gradients, beside the Grad-CAM and
gradient × input maps of `activations`. Both explain the target class's logit (its score): a positive value is a
pixel that raises it, a negative one a pixel that lowers it.

The definitions are Captum's (`captum.attr.Occlusion`, `captum.attr.IntegratedGradients` with its default
Gauss-Legendre rule), and tests/core/insight/test_attributions.py checks ours against Captum's on the shipped
models. Each method runs its model once on one batch (occlusion's covered copies, or the points of the integration
path), so a drawing can be explained as it is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import torch
from torch import nn

Quadrature = Literal["gausslegendre", "riemann_trapezoid"]


@dataclass(frozen=True)
class Attribution:
    """What one input's pixels do to the ``target`` class's logit.

    ``values``: float32 ``[28, 28]`` on CPU, in logit units. ``score``: the target's logit for the input;
    ``baseline_score``: for the blank canvas, where the method compares with it (integrated gradients), else None.
    """

    values: torch.Tensor
    target: int
    score: float
    baseline_score: float | None = None

    @property
    def total(self) -> float:
        """The sum of the map."""
        return float(self.values.double().sum())

    @property
    def gap(self) -> float | None:
        """How far the map misses completeness: its sum minus the score's change from the blank canvas (integrated
        gradients would make it 0 with exact integration); None without a baseline score."""
        if self.baseline_score is None:
            return None
        return self.total - (self.score - self.baseline_score)


@contextmanager
def differentiable(model: nn.Module) -> Iterator[None]:
    """Gradients through ``model`` on any device, the model left as it is (in eval mode: no dropout).

    cuDNN computes a recurrent layer's backward only in training mode, so for a recurrent model on CUDA cuDNN is
    turned off for the call and PyTorch's own kernels, which have no such limit, run instead. (The switch is
    process-wide: CUDA work in other threads meanwhile runs without cuDNN too, slower but with the same results.)
    Putting the model in training mode instead would also turn on its dropout and batch-norm updates."""
    on_cuda = next(model.parameters()).is_cuda
    recurrent = any(isinstance(m, nn.RNNBase) for m in model.modules())
    without_cudnn = torch.backends.cudnn.flags(enabled=False) if on_cuda and recurrent else nullcontext()
    with without_cudnn, torch.enable_grad():
        yield


def _model_input(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return x.detach().reshape(1, 1, 28, 28).to(next(model.parameters()).device, torch.float32)


@cache
def _windows(window: int, stride: int) -> torch.Tensor:
    """Every position of a ``window``×``window`` patch moved by ``stride`` over 28×28, row by row: bool
    ``[positions, 28, 28]``. As Captum places them, the last row and column of positions reach the edge or cross
    it, cut off there, so every pixel is covered."""
    if not 1 <= stride <= window <= 28:
        raise ValueError(f"a {window}x{window} window moved by {stride} does not cover a 28x28 input")
    starts = range(0, stride * math.ceil((28 - window) / stride) + 1, stride)
    masks = torch.zeros(len(starts) ** 2, 28, 28, dtype=torch.bool)
    for k, (r, c) in enumerate((r, c) for r in starts for c in starts):
        masks[k, r : r + window, c : c + window] = True
    return masks


def occlusion(
    model: nn.Module, x: torch.Tensor, blank: float, target: int | None = None, window: int = 4, stride: int = 2
) -> Attribution:
    """Occlusion for one normalised input ``[1, 28, 28]``: each position of a ``window``×``window`` patch moved by
    ``stride`` (13 × 13 = 169 of them for 4 and 2; the last ones cut off at the edge) is covered with ``blank``, the
    normalised value of paper without ink, and each pixel gets the drop in the ``target`` logit (default: the
    predicted class), averaged over the positions that cover it. Captum's `Occlusion` with sliding window
    ``(1, window, window)``, strides ``(1, stride, stride)`` and baseline ``blank``. All covered copies run as one
    batch. The model is left in eval mode."""
    model.eval()
    inp = _model_input(model, x)
    masks = _windows(window, stride).to(inp.device)
    with torch.inference_mode():
        logits = model(inp)[0]
        cls = int(logits.argmax()) if target is None else target
        covered = torch.where(masks[:, None], torch.full_like(inp, blank), inp)  # [positions, 1, 28, 28]
        drops = logits[cls] - model(covered)[:, cls]
        weights = masks.float()
        values = (drops[:, None, None] * weights).sum(0) / weights.sum(0)
    return Attribution(values.float().cpu(), cls, float(logits[cls]))


@cache
def quadrature(steps: int, method: Quadrature = "gausslegendre") -> tuple[torch.Tensor, torch.Tensor]:
    """Points in [0, 1] along the path and their weights, float32 ``[steps]`` each, as Captum's
    `approximation_parameters` gives them: Gauss-Legendre nodes and weights, or ``steps`` evenly spaced points from
    0 to 1 weighted 1 / ``steps``, half that at both ends. Captum's trapezoid weights add up to 1 - 1 / ``steps``,
    not 1 (the points are 1 / (``steps`` - 1) apart), so that rule falls short by a ``steps``-th of the change;
    it is here to compare with Captum, and Gauss-Legendre is the default."""
    if method == "gausslegendre":
        nodes, weights = np.polynomial.legendre.leggauss(steps)
        alphas, sizes = 0.5 * (1 + nodes), 0.5 * weights
    elif method == "riemann_trapezoid":
        if steps < 2:
            raise ValueError("the trapezoid rule needs at least 2 steps")
        alphas = torch.linspace(0, 1, steps).double().numpy()
        sizes = np.full(steps, 1 / steps)
        sizes[[0, -1]] /= 2
    else:
        raise ValueError(f"unknown integration method {method!r}")
    return torch.tensor(alphas, dtype=torch.float32), torch.tensor(sizes, dtype=torch.float32)


def integrated_gradients(
    model: nn.Module,
    x: torch.Tensor,
    blank: float,
    target: int | None = None,
    steps: int = 50,
    method: Quadrature = "gausslegendre",
) -> Attribution:
    """Integrated gradients for one normalised input ``[1, 28, 28]``, from the blank canvas (every pixel
    ``blank``, the normalised value of paper without ink): the ``target`` logit's gradient (default: the predicted
    class) integrated along the straight path from the blank canvas to the input with ``steps`` points of the
    `quadrature` rule ``method``, times the input minus the blank canvas. Captum's `IntegratedGradients` with the
    same baseline, ``n_steps`` and ``method``. The map adds up to the score's change from the blank canvas up to
    the integration error, which `Attribution.gap` reports. All points of the path run as one batch; the model is
    left in eval mode."""
    model.eval()
    inp = _model_input(model, x)
    base = torch.full_like(inp, blank)
    alphas, sizes = (t.to(inp.device) for t in quadrature(steps, method))
    with torch.inference_mode():
        logits = model(torch.cat([inp, base]))
    cls = int(logits[0].argmax()) if target is None else target
    path = (base + alphas[:, None, None, None] * (inp - base)).requires_grad_(True)  # [steps, 1, 28, 28]
    with differentiable(model):
        (grads,) = torch.autograd.grad(model(path)[:, cls].sum(), path)
    values = (grads * sizes[:, None, None, None]).sum(0) * (inp - base)[0]
    return Attribution(values[0].detach().float().cpu(), cls, float(logits[0, cls]), float(logits[1, cls]))
