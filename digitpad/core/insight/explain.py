"""Explain mode: every formula of the lesson, computed live on the user's own drawing, as plain data.

Each function takes a model and one normalised input (float32 ``[1, 1, 28, 28]``; ``[1, 28, 28]`` and ``[28, 28]``
are read the same way) and returns a frozen dataclass of floats, ints, strings and numpy float32 arrays: one
convolution pixel as patch x kernel + bias and what pooling, batch norm and ReLU then make of it (`explain_conv`),
one max-pooling window (`explain_pool`), the output layer's logits as bias + weighted inputs and their softmax
(`explain_output`), one recurrent step of one unit (`explain_recurrent_step`) and one plain SGD step on one kernel
(`explain_training_step`).

The model is never changed: every function works on a private CPU float32 copy in eval mode (dropout off, batch
norm with its running statistics), under ``torch.no_grad()`` except for the one gradient, so the shown model's
weights, ``.grad``, training flag and hooks stay as they were, and a model that another thread is running is safe.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from digitpad.core.insight.activations import layer_title

ROWS = 28  # the recurrent models read the image's 28 rows as 28 time steps of 28 pixels
LSTM_GATES = ("i", "f", "g", "o")  # the order of the blocks stacked in nn.LSTM's weight_ih_l0 / weight_hh_l0
RNN_GATES = ("h",)


# ---------------------------------------------------------------------------------------------------------- helpers


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
    for this channel at the pixel this conv pixel feeds). A 2x2 pooling's pixel is (row // 2, col // 2), and its
    value is the max of its whole window. Steps stop at the next conv or where the features are flattened.
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
        kind = "max"
    else:
        window = _window(maps[channel], top, left, size, dil, 0.0)
        ones = _window(torch.ones_like(maps[channel]), top, left, size, dil, 0.0)
        count = window.numel() if pool.count_include_pad else int(ones.sum())
        value = float(window.sum()) / (pool.divisor_override or count)
        kind = "average"
    values = ", ".join(_num(float(v)) for v in window.flatten() if math.isfinite(float(v)))
    return r, c, value, f"{size[0]}×{size[1]} {kind} of {values}"


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
            after.append(("pool", formula, current))
        elif isinstance(module, nn.BatchNorm2d):
            # the batch norm's input at the fed pixel: this value itself, or the pooled one it went into
            current, formula = _bn_value(module, maps, channel, current)
            after.append(("batch norm", formula, current))
        elif isinstance(module, nn.ReLU):
            after.append(("ReLU", f"max(0, x) = max(0, {_num(current)})", max(0.0, current)))
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


# ----------------------------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class ClassTerm:
    """One digit's logit as ``logit = bias + Σ w_kj·a_j``: ``contributions`` holds the ``top`` largest terms by
    size, each (input index j, activation a_j, weight w_kj, w_kj·a_j), and ``rest`` is the sum of all the others,
    so ``logit == bias + sum(term[3] for term in contributions) + rest`` (to float rounding; ``logit`` is the
    model's own)."""

    digit: int
    logit: float
    bias: float
    contributions: list[tuple[int, float, float, float]]
    rest: float


@dataclass(frozen=True)
class OutputExplanation:
    """The last linear layer ``layer`` ("classifier.fc2", "fc", "net.1", ...) and the softmax after it.

    ``features`` ``[D]`` is that layer's input (the activations a_j), ``classes`` the 10 digits' `ClassTerm`,
    ``exps`` ``[10]`` is e^(z_k − max z): the exponentials shifted by the largest logit for numerical stability
    (the shift cancels in the softmax), and ``probabilities`` ``[10]`` = exps / Σ exps, the model's own softmax.
    """

    layer: str
    features: np.ndarray
    classes: list[ClassTerm]
    exps: np.ndarray
    probabilities: np.ndarray


def _last_linear(model: nn.Module) -> str:
    names = [name for name, module in model.named_modules() if isinstance(module, nn.Linear)]
    if not names:
        raise TypeError("the model has no linear layer")
    return names[-1]


def explain_output(model: nn.Module, x: torch.Tensor, top: int = 5) -> OutputExplanation:
    """The model's logits for input ``x`` as the weighted sums of its last linear layer, the ``top`` largest terms
    of each digit named, and their softmax (`OutputExplanation`)."""
    net = _private_copy(model)
    layer = _last_linear(net)
    linear = _module(net, layer)
    assert isinstance(linear, nn.Linear)
    with _capture_io(net, [layer]) as io, torch.no_grad():
        logits = net(_input(x))[0].double()
    features = io[layer][0].reshape(-1)
    weight = linear.weight.detach()
    bias = linear.bias.detach() if linear.bias is not None else torch.zeros(weight.shape[0])
    terms = weight.double() * features.double()  # [10, D]: w_kj · a_j
    classes = []
    for k in range(weight.shape[0]):
        order = torch.argsort(terms[k].abs(), descending=True, stable=True)
        shown = order[: max(0, top)]
        contributions = [(int(j), float(features[j]), float(weight[k, j]), float(terms[k, j])) for j in shown]
        rest = float(terms[k].sum() - terms[k, shown].sum())
        classes.append(ClassTerm(k, float(logits[k]), float(bias[k]), contributions, rest))
    exps = torch.exp(logits - logits.max())
    return OutputExplanation(
        layer=layer,
        features=_array(features),
        classes=classes,
        exps=_array(exps),
        probabilities=_array(exps / exps.sum()),
    )


# -------------------------------------------------------------------------------------------------------- recurrent


@dataclass(frozen=True)
class RecurrentStep:
    """One step of one unit of a row-reading recurrent model (`RowReader`): image row ``step`` (0..27) read by
    hidden unit ``unit`` (0..``hidden``−1) of its first layer; ``steps`` is 28.

    ``x_t`` ``[28]`` is the row of normalised pixels read, ``h_prev`` ``[hidden]`` the whole layer's h_{t−1}
    (zeros at t = 0). ``gates`` maps each gate, "i", "f", "g", "o" for an LSTM and "h" for a plain RNN, to (input
    part W_x·x_t, recurrent part W_h·h_{t−1}, bias b_ih + b_hh, pre-activation = their sum, value after σ or tanh;
    a ReLU RNN's "h" takes max(0, ·)). For an LSTM, ``c_prev`` and ``c`` are this unit's cell state before and
    after, with c = f·c_prev + i·g and h = o·tanh(c); both are None for an RNN, whose h is the "h" gate's value.
    ``h`` equals nn.LSTM's / nn.RNN's own output there. ``sentences`` say it in plain language.
    """

    cell: str
    step: int
    unit: int
    steps: int
    hidden: int
    x_t: np.ndarray
    h_prev: np.ndarray
    gates: dict[str, tuple[float, float, float, float, float]]
    c_prev: float | None
    c: float | None
    h: float
    sentences: list[str]


def _recurrent_cell(net: nn.Module) -> nn.RNNBase:
    rnn = getattr(net, "rnn", None)
    if not isinstance(rnn, (nn.LSTM, nn.RNN)):
        raise TypeError("the model does not read rows with an LSTM or RNN")
    if rnn.bidirectional or rnn.proj_size:
        raise ValueError("bidirectional or projected recurrent layers are not explained")
    if not rnn.batch_first or rnn.input_size != ROWS:
        raise ValueError("the recurrent layer must read 28 rows of 28 pixels, batch first")
    return rnn


def _weights(rnn: nn.RNNBase) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Layer 0's W_x ``[G·H, 28]``, W_h ``[G·H, H]`` and b_ih + b_hh ``[G·H]``."""
    w_ih, w_hh = _tensor(rnn, "weight_ih_l0"), _tensor(rnn, "weight_hh_l0")
    bias = torch.zeros(w_ih.shape[0])
    if rnn.bias:
        bias = _tensor(rnn, "bias_ih_l0") + _tensor(rnn, "bias_hh_l0")
    return w_ih, w_hh, bias


def _tensor(module: nn.Module, name: str) -> torch.Tensor:
    value = getattr(module, name)
    assert isinstance(value, torch.Tensor)
    return value.detach()


def _nonlinearity(rnn: nn.RNNBase) -> str:
    return str(getattr(rnn, "nonlinearity", "tanh"))


def explain_recurrent_step(model: nn.Module, x: torch.Tensor, step: int, unit: int) -> RecurrentStep:
    """Hidden unit ``unit`` reading image row ``step`` of input ``x``, in the standard PyTorch formulation
    (`RecurrentStep`): i, f, g, o from the rows of weight_ih_l0 / weight_hh_l0 in that order, c_t = f⊙c_{t−1} +
    i⊙g, h_t = o⊙tanh(c_t); a plain RNN's h_t = tanh(W_x·x_t + W_h·h_{t−1} + b). The layer is recomputed from its
    weights because nn.LSTM fuses its gates. A model with more than one recurrent layer is explained in its first
    layer only (the shipped models have one)."""
    net = _private_copy(model)
    rnn = _recurrent_cell(net)
    hidden = rnn.hidden_size
    if not (0 <= step < ROWS and 0 <= unit < hidden):
        raise IndexError(f"no step {step} of unit {unit}: the steps are 0..{ROWS - 1}, the units 0..{hidden - 1}")
    lstm = isinstance(rnn, nn.LSTM)
    names = LSTM_GATES if lstm else RNN_GATES
    activation = torch.relu if _nonlinearity(rnn) == "relu" else torch.tanh
    seq = _input(x).reshape(ROWS, ROWS)
    w_ih, w_hh, bias = _weights(rnn)
    with torch.no_grad():
        h, c = torch.zeros(hidden), torch.zeros(hidden)
        for t in range(step):  # the whole layer up to the row before, to get h_{t−1} and c_{t−1}
            pre = w_ih @ seq[t] + w_hh @ h + bias
            if lstm:
                i, f, g, o = pre.chunk(4)
                c = f.sigmoid() * c + i.sigmoid() * g.tanh()
                h = o.sigmoid() * c.tanh()
            else:
                h = activation(pre)
        x_t, h_prev = seq[step], h
        gates: dict[str, tuple[float, float, float, float, float]] = {}
        for k, name in enumerate(names):
            r = k * hidden + unit
            part_x, part_h, b = float(w_ih[r] @ x_t), float(w_hh[r] @ h_prev), float(bias[r])
            pre_act = w_ih[r] @ x_t + w_hh[r] @ h_prev + bias[r]
            if name in ("i", "f", "o"):
                value = float(pre_act.sigmoid())
            elif name == "g":
                value = float(pre_act.tanh())
            else:
                value = float(activation(pre_act))
            gates[name] = (part_x, part_h, b, float(pre_act), value)
    if lstm:
        i_v, f_v, g_v, o_v = (gates[n][4] for n in LSTM_GATES)
        c_prev: float | None = float(c[unit])
        c_new = f_v * float(c[unit]) + i_v * g_v
        h_new = o_v * math.tanh(c_new)
        sentences = _lstm_sentences(step, float(c[unit]), i_v, f_v, g_v, o_v, c_new, h_new)
        c_out: float | None = c_new
    else:
        c_prev = c_out = None
        h_new = gates["h"][4]
        sentences = _rnn_sentences(step, gates["h"], _nonlinearity(rnn))
    return RecurrentStep(
        cell="lstm" if lstm else "rnn",
        step=step,
        unit=unit,
        steps=ROWS,
        hidden=hidden,
        x_t=_array(x_t),
        h_prev=_array(h_prev),
        gates=gates,
        c_prev=c_prev,
        c=c_out,
        h=h_new,
        sentences=sentences,
    )


def _lstm_sentences(step: int, c_prev: float, i: float, f: float, g: float, o: float, c: float, h: float) -> list[str]:
    first = ["This is the first row: the unit starts with nothing remembered (c = 0, h = 0)."] if step == 0 else []
    return [
        *first,
        f"The forget gate kept {_percent(f)} of what this unit remembered (c went from {_num(c_prev)} to"
        f" {_num(f * c_prev)}).",
        f"The input gate let in {_percent(i)} of the new candidate value {_num(g)}"
        f" (adding {_num(i * g)}, so c is now {_num(c)}).",
        f"The output gate showed {_percent(o)} of tanh(c) = {_num(math.tanh(c))}, so h = {_num(h)}.",
    ]


def _rnn_sentences(step: int, gate: tuple[float, float, float, float, float], nonlinearity: str) -> list[str]:
    part_x, part_h, bias, pre, value = gate
    squash = "max(0, ·)" if nonlinearity == "relu" else "tanh"
    held = "it held nothing yet" if step == 0 else f"what it held from the rows above gives {_num(part_h)}"
    return [
        f"This row's pixels give {_num(part_x)}, {held}, and its bias adds {_num(bias)}: {_num(pre)} in all.",
        f"{squash} of {_num(pre)} is {_num(value)}: the unit's new h, what it passes on to the next row.",
    ]


# -------------------------------------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingStepExplanation:
    """One plain SGD step (no momentum, no weight decay) on one kernel, for the user's drawing labelled ``label``.

    ``loss`` is the cross-entropy −log p_label with ``probabilities`` ``[10]`` the model's softmax (eval mode:
    dropout off, batch norm with its running statistics). ``layer``/``channel`` name the weights shown: output
    channel ``channel`` of a conv layer (``weights`` ``[C_in, kH, kW]``), or row ``channel`` of the first weight
    matrix of a model without convolutions (a linear layer's ``[in_features]``, 784 pixels for the MLP and
    logistic regression; weight_ih_l0's ``[28]`` for an LSTM / RNN, whose layer is "rnn"). ``gradient`` is
    ∂loss/∂weights, same shape, and ``updated = weights − learning_rate · gradient``.
    """

    label: int
    loss: float
    probabilities: np.ndarray
    layer: str
    channel: int
    weights: np.ndarray
    gradient: np.ndarray
    learning_rate: float
    updated: np.ndarray


def _first_weights(model: nn.Module) -> str:
    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear, nn.RNNBase)):
            return name
    raise TypeError("the model has no conv, linear or recurrent layer")


def _weight_of(module: nn.Module) -> torch.Tensor:
    """The weights a training step is shown on: a conv's or linear layer's weight, a recurrent layer's W_x (layer 0);
    the parameter itself, not a copy."""
    name = "weight_ih_l0" if isinstance(module, nn.RNNBase) else "weight"
    if isinstance(module, (nn.Conv2d, nn.Linear, nn.RNNBase)):
        value = getattr(module, name)
        assert isinstance(value, torch.Tensor)
        return value
    raise TypeError(f"{type(module).__name__} has no kernel to train here")


def explain_training_step(
    model: nn.Module,
    x: torch.Tensor,
    label: int,
    layer: str | None = None,
    channel: int = 0,
    learning_rate: float = 0.01,
) -> TrainingStepExplanation:
    """One SGD step on ``layer``'s kernel ``channel`` (`TrainingStepExplanation`) for input ``x`` labelled
    ``label``. ``layer`` defaults to the first conv layer, or for a model without convolutions to its first linear
    or recurrent layer. The gradient is computed on a private copy with torch.autograd.grad: the shown model's
    weights and ``.grad`` are untouched."""
    if not 0 <= label < 10:
        raise ValueError(f"the label must be a digit 0..9, not {label}")
    net = _private_copy(model)
    name = layer if layer is not None else (conv_layers(net) or [_first_weights(net)])[0]
    param = _weight_of(_module(net, name))
    if not 0 <= channel < param.shape[0]:
        raise IndexError(f"{name} has no channel {channel}: it has {param.shape[0]}")
    with torch.inference_mode(False), torch.enable_grad():
        logits = net(_input(x))
        loss = nn.functional.cross_entropy(logits, torch.tensor([label]))
        (grad,) = torch.autograd.grad(loss, param)
    with torch.no_grad():
        weights = param.detach()[channel].clone()
        gradient = grad[channel]
        probabilities = torch.softmax(logits.detach()[0], 0)
        updated = weights - learning_rate * gradient
    return TrainingStepExplanation(
        label=label,
        loss=float(loss.detach()),
        probabilities=_array(probabilities),
        layer=name,
        channel=channel,
        weights=_array(weights),
        gradient=_array(gradient),
        learning_rate=float(learning_rate),
        updated=_array(updated),
    )
