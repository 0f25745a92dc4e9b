"""Explain mode for convolution and pooling: one conv pixel as patch x kernel + bias and the pool / batch norm / ReLU
steps after it (`explain_conv`), and one max-pooling window (`explain_pool`). Part of `digitpad.core.insight.explain`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from digitpad.core.insight.activations import layer_title
from digitpad.core.insight.explain_common import (
    _array,
    _capture_io,
    _input,
    _module,
    _num,
    _pair,
    _private_copy,
    _signed,
    _window,
)
from digitpad.core.runtime.messages import Message, translate

# ------------------------------------------------------------------------------------------------------ convolution


def conv_layers(model: nn.Module) -> list[str]:
    """The names of the model's conv layers (nn.Conv2d) in forward order, e.g. ``["features.conv1",
    "features.conv2"]``; empty for a model without convolutions."""
    return [name for name, module in model.named_modules() if isinstance(module, nn.Conv2d)]


@dataclass(frozen=True)
class ConvExplanation:
    """One pixel of one conv output channel, as the sum of the products of the kernel and the patch under it.

    ``patch`` and ``kernel`` are ``[C_in, kH, kW]`` (3x3 in the zoo): the input values under the kernel (0 where
    the kernel hangs over the padding) and the filter's weights; ``products`` is their elementwise product and
    ``total`` its sum; ``value = total + bias`` is the conv's own output at (``row``, ``col``) of ``channel``.
    ``top``/``left`` are the input position of the patch's top-left tap (-1 when it starts in the padding).
    ``input_map`` is the conv's whole input ``[C_in, H, W]`` (to highlight the patch), ``output_map`` this
    channel's whole output ``[H', W']`` (to step through the pixels).

    ``after`` lists the steps this value then goes through, in the model's own order (pool, batch norm, ReLU for a
    ``pool_first`` CNN; batch norm, ReLU, pool otherwise): (step name, formula with its numbers, the value it gives
    for this channel at the pixel this conv pixel feeds); the name and the pooling's formula are `Message`s. A 2x2
    pooling's pixel is (row // 2, col // 2), and its value is the max of its whole window. Steps stop at the next
    conv or where the features are flattened.
    """

    layer: str
    title: str
    channel: int
    row: int
    col: int
    top: int
    left: int
    patch: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    total: float
    bias: float
    value: float
    input_map: np.ndarray
    output_map: np.ndarray
    after: list[tuple[str, str, float]]


def _conv_followers(model: nn.Module, layer: str) -> list[str]:
    """The pool, batch norm and ReLU layers right after conv ``layer`` in forward order, up to anything else."""
    names: list[str] = []
    seen = False
    for name, module in model.named_modules():
        if name == layer:
            seen = True
            continue
        if not seen or len(list(module.children())):
            continue
        if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d, nn.BatchNorm2d, nn.ReLU)):
            names.append(name)
        else:
            break
    return names


def _bn_value(bn: nn.BatchNorm2d, maps: torch.Tensor, channel: int, x: float) -> tuple[float, str]:
    """Eval-mode batch norm of the value ``x`` of ``channel`` (``maps`` is the layer's input ``[C, H, W]``, for a
    batch norm that keeps no running statistics): the result and the formula with its numbers."""
    if bn.running_mean is not None and bn.running_var is not None:
        mean, var = float(bn.running_mean[channel]), float(bn.running_var[channel])
    else:  # no running statistics: eval mode normalises with the input's own
        mean, var = float(maps[channel].mean()), float(maps[channel].var(unbiased=False))
    gamma = float(bn.weight.detach()[channel]) if bn.weight is not None else 1.0
    beta = float(bn.bias.detach()[channel]) if bn.bias is not None else 0.0
    value = (x - mean) / math.sqrt(var + bn.eps) * gamma + beta
    formula = (
        f"(x − μ)/√(σ²+ε)·γ + β = ({_num(x)} {_signed(-mean)})/√({_num(var, 3)} + {bn.eps:g})·{_num(gamma)}"
        f" {_signed(beta)}"
    )
    return value, formula


def _pool_step(pool: nn.Module, maps: torch.Tensor, channel: int, row: int, col: int) -> tuple[int, int, float, str]:
    """The pooled pixel that input pixel (row, col) of ``maps`` ``[C, H, W]`` feeds (its window's first), the
    pooled value and its formula; row -1 when the pixel feeds none (cut off at an odd edge)."""
    assert isinstance(pool, (nn.MaxPool2d, nn.AvgPool2d))
    size = _pair(pool.kernel_size)
    stride = _pair(pool.stride if pool.stride else pool.kernel_size)
    pad = _pair(pool.padding)
    dil = _pair(pool.dilation) if isinstance(pool, nn.MaxPool2d) else (1, 1)
    r, c = (row + pad[0]) // stride[0], (col + pad[1]) // stride[1]
    out_h = (maps.shape[-2] + 2 * pad[0] - dil[0] * (size[0] - 1) - 1) // stride[0] + 1
    out_w = (maps.shape[-1] + 2 * pad[1] - dil[1] * (size[1] - 1) - 1) // stride[1] + 1
    if r >= out_h or c >= out_w:
        return -1, -1, 0.0, ""
    top, left = r * stride[0] - pad[0], c * stride[1] - pad[1]
    if isinstance(pool, nn.MaxPool2d):
        window = _window(maps[channel], top, left, size, dil, -math.inf)
        value = float(window.max())
    else:
        window = _window(maps[channel], top, left, size, dil, 0.0)
        ones = _window(torch.ones_like(maps[channel]), top, left, size, dil, 0.0)
        count = window.numel() if pool.count_include_pad else int(ones.sum())
        value = float(window.sum()) / (pool.divisor_override or count)
    values = ", ".join(_num(float(v)) for v in window.flatten() if math.isfinite(float(v)))
    if isinstance(pool, nn.MaxPool2d):
        formula = Message(translate("Core", "{rows}×{cols} max of {values}"), rows=size[0], cols=size[1], values=values)
    else:
        formula = Message(
            translate("Core", "{rows}×{cols} average of {values}"), rows=size[0], cols=size[1], values=values
        )
    return r, c, value, formula


def explain_conv(model: nn.Module, x: torch.Tensor, layer: str, channel: int, row: int, col: int) -> ConvExplanation:
    """Output pixel (``row``, ``col``) of ``channel`` of conv ``layer`` (one of `conv_layers`) for input ``x``,
    as patch x kernel summed plus bias, and the pool / batch norm / ReLU steps that follow it (`ConvExplanation`).
    Grouped convolutions are not explained (ValueError)."""
    net = _private_copy(model)
    conv = _module(net, layer)
    if not isinstance(conv, nn.Conv2d):
        raise TypeError(f"{layer!r} is not a conv layer")
    if conv.groups != 1:
        raise ValueError("grouped convolutions are not explained")
    followers = _conv_followers(net, layer)
    with _capture_io(net, [layer, *followers]) as io, torch.no_grad():
        net(_input(x))
    inp, out = io[layer][0][0], io[layer][1][0]
    if not (0 <= channel < out.shape[0] and 0 <= row < out.shape[1] and 0 <= col < out.shape[2]):
        raise IndexError(f"{layer} has no output pixel ({channel}, {row}, {col}); its output is {tuple(out.shape)}")
    stride, pad, dil = _pair(conv.stride), _pair(conv.padding), _pair(conv.dilation)
    kh, kw = _pair(conv.kernel_size)
    top, left = row * stride[0] - pad[0], col * stride[1] - pad[1]
    patch = _window(inp, top, left, (kh, kw), dil, 0.0)
    kernel = conv.weight.detach()[channel]
    products = patch * kernel
    total = float(products.double().sum())
    bias = float(conv.bias.detach()[channel]) if conv.bias is not None else 0.0
    value = total + bias

    after: list[tuple[str, str, float]] = []
    current, r, c = value, row, col
    modules = dict(net.named_modules())
    for name in followers:
        module, maps = modules[name], io[name][0][0]
        if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
            r, c, current, formula = _pool_step(module, maps, channel, r, c)
            if r < 0:
                break
            after.append((Message(translate("Core", "pool")), formula, current))
        elif isinstance(module, nn.BatchNorm2d):
            # the batch norm's input at the fed pixel: this value itself, or the pooled one it went into
            current, formula = _bn_value(module, maps, channel, current)
            after.append((Message(translate("Core", "batch norm")), formula, current))
        elif isinstance(module, nn.ReLU):
            formula = f"max(0, x) = max(0, {_num(current)})"
            after.append((Message(translate("Core", "ReLU")), formula, max(0.0, current)))
            current = max(0.0, current)
    return ConvExplanation(
        layer=layer,
        title=layer_title(net, layer),
        channel=channel,
        row=row,
        col=col,
        top=top,
        left=left,
        patch=_array(patch),
        kernel=_array(kernel),
        products=_array(products),
        total=total,
        bias=bias,
        value=value,
        input_map=_array(inp),
        output_map=_array(out[channel]),
        after=after,
    )


# ---------------------------------------------------------------------------------------------------------- pooling


@dataclass(frozen=True)
class PoolExplanation:
    """One pixel of one channel of a max-pooling layer: ``window`` ``[kH, kW]`` (2x2 in the zoo) is the layer's
    input under its window (-inf where the window hangs over padding), ``winner`` the (row, col) of its max inside
    the window, and ``value`` that max: the pooling layer's own output at (``row``, ``col``)."""

    layer: str
    channel: int
    row: int
    col: int
    window: np.ndarray
    winner: tuple[int, int]
    value: float


def explain_pool(model: nn.Module, x: torch.Tensor, layer: str, channel: int, row: int, col: int) -> PoolExplanation:
    """Output pixel (``row``, ``col``) of ``channel`` of max-pooling ``layer`` (e.g. "features.pool1") for input
    ``x``: its window and the winner (`PoolExplanation`). Other pooling raises TypeError."""
    net = _private_copy(model)
    pool = _module(net, layer)
    if not isinstance(pool, nn.MaxPool2d):
        raise TypeError(f"{layer!r} is not a max-pooling layer")
    with _capture_io(net, [layer]) as io, torch.no_grad():
        net(_input(x))
    inp, out = io[layer][0][0], io[layer][1][0]
    if not (0 <= channel < out.shape[0] and 0 <= row < out.shape[1] and 0 <= col < out.shape[2]):
        raise IndexError(f"{layer} has no output pixel ({channel}, {row}, {col}); its output is {tuple(out.shape)}")
    size, pad, dil = _pair(pool.kernel_size), _pair(pool.padding), _pair(pool.dilation)
    stride = _pair(pool.stride if pool.stride else pool.kernel_size)
    window = _window(inp[channel], row * stride[0] - pad[0], col * stride[1] - pad[1], size, dil, -math.inf)
    flat = int(window.flatten().argmax())
    return PoolExplanation(
        layer=layer,
        channel=channel,
        row=row,
        col=col,
        window=_array(window),
        winner=(flat // size[1], flat % size[1]),
        value=float(window.max()),
    )
