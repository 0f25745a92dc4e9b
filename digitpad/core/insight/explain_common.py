"""Shared private helpers of Explain mode (`digitpad.core.insight.explain`): the private model copy every explanation
computes with, the input read as ``[1, 1, 28, 28]``, forward-pass capture, and the number formatting of the formulas.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn


def _private_copy(model: nn.Module) -> nn.Module:
    """A CPU float32 copy of ``model`` in eval mode: what every explanation computes with (made outside inference
    mode, so the training step can take its gradient even when called from inside ``torch.inference_mode()``)."""
    with torch.inference_mode(False):
        return copy.deepcopy(model).cpu().float().eval()


def _input(x: torch.Tensor) -> torch.Tensor:
    """One normalised input as a fresh float32 CPU tensor ``[1, 1, 28, 28]`` (never an inference tensor)."""
    with torch.inference_mode(False):
        return x.detach().reshape(1, 1, 28, 28).float().cpu().clone()


def _module(model: nn.Module, name: str) -> nn.Module:
    modules = dict(model.named_modules())
    if name not in modules:
        raise KeyError(f"the model has no layer {name!r}")
    return modules[name]


@contextmanager
def _capture_io(model: nn.Module, names: list[str]) -> Iterator[dict[str, tuple[torch.Tensor, torch.Tensor]]]:
    """Each named submodule's (input, output) of the next forward pass, cloned as they pass (in-place ReLUs change
    their input afterwards); the hooks are removed on exit whatever happens."""
    captured: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
    modules = dict(model.named_modules())
    handles = []
    try:
        for name in names:

            def pre(_m: nn.Module, args: tuple[torch.Tensor, ...], name: str = name) -> None:
                captured[name] = (args[0].detach().clone(), torch.empty(0))

            def post(_m: nn.Module, _a: object, out: torch.Tensor, name: str = name) -> None:
                captured[name] = (captured[name][0], out.detach().clone())

            handles.append(modules[name].register_forward_pre_hook(pre))
            handles.append(modules[name].register_forward_hook(post))
        yield captured
    finally:
        for handle in handles:
            handle.remove()


def _pair(value: int | tuple[int, ...] | str) -> tuple[int, int]:
    if isinstance(value, str):
        raise ValueError(f"padding {value!r} is not explained; give the padding as numbers")
    if isinstance(value, int):
        return value, value
    return int(value[0]), int(value[1])


def _num(value: float, digits: int = 2) -> str:
    """A number as a learner reads it: two decimals, a real minus sign."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def _signed(value: float) -> str:
    """A term added to a formula: "+ 0.12" or "− 0.12"."""
    text = _num(abs(value))
    return f"− {text}" if value < 0 and text.strip("0.") else f"+ {text}"


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _array(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().cpu().numpy().astype(np.float32, copy=True)


def _window(
    maps: torch.Tensor,
    top: int,
    left: int,
    size: tuple[int, int],
    dilation: tuple[int, int],
    fill: float,
) -> torch.Tensor:
    """``maps[..., top : top + span : dilation, left : ...]`` of ``[C, H, W]`` (or ``[H, W]``) maps, ``size`` taps,
    positions outside the maps read as ``fill`` (the padding)."""
    h, w = maps.shape[-2:]
    rows = torch.arange(size[0]) * dilation[0] + top
    cols = torch.arange(size[1]) * dilation[1] + left
    padded = torch.full((*maps.shape[:-2], size[0], size[1]), fill, dtype=maps.dtype)
    inside_r = (rows >= 0) & (rows < h)
    inside_c = (cols >= 0) & (cols < w)
    ri, ci = torch.nonzero(inside_r).flatten(), torch.nonzero(inside_c).flatten()
    if len(ri) and len(ci):
        block = maps[..., rows[ri], :][..., cols[ci]]
        padded[..., ri[0] : ri[-1] + 1, ci[0] : ci[-1] + 1] = block
    return padded
