"""Explain mode for the recurrent models: one step of one unit of a row-reading LSTM or RNN
(`explain_recurrent_step`). Part of `digitpad.core.insight.explain`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from digitpad.core.insight.explain_common import _array, _input, _num, _percent, _private_copy
from digitpad.core.runtime.messages import Message, translate

ROWS = 28  # the recurrent models read the image's 28 rows as 28 time steps of 28 pixels
LSTM_GATES = ("i", "f", "g", "o")  # the order of the blocks stacked in nn.LSTM's weight_ih_l0 / weight_hh_l0
RNN_GATES = ("h",)


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
    ``h`` equals nn.LSTM's / nn.RNN's own output there. ``sentences`` say it in plain language (`Message`s).
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
    first = Message(translate("Core", "This is the first row: the unit starts with nothing remembered (c = 0, h = 0)."))
    return [
        *([first] if step == 0 else []),
        Message(
            translate(
                "Core",
                "The forget gate kept {kept} of what this unit remembered (c went from {before} to {after}).",
            ),
            kept=_percent(f),
            before=_num(c_prev),
            after=_num(f * c_prev),
        ),
        Message(
            translate(
                "Core",
                "The input gate let in {share} of the new candidate value {candidate} (adding {added}, so c is now"
                " {cell}).",
            ),
            share=_percent(i),
            candidate=_num(g),
            added=_num(i * g),
            cell=_num(c),
        ),
        Message(
            translate("Core", "The output gate showed {share} of tanh(c) = {tanh}, so h = {h}."),
            share=_percent(o),
            tanh=_num(math.tanh(c)),
            h=_num(h),
        ),
    ]


def _rnn_sentences(step: int, gate: tuple[float, float, float, float, float], nonlinearity: str) -> list[str]:
    part_x, part_h, bias, pre, value = gate
    squash = "max(0, ·)" if nonlinearity == "relu" else "tanh"
    if step == 0:
        held = Message(translate("Core", "it held nothing yet"))
    else:
        held = Message(translate("Core", "what it held from the rows above gives {part}"), part=_num(part_h))
    return [
        Message(
            translate("Core", "This row's pixels give {pixels}, {held}, and its bias adds {bias}: {total} in all."),
            pixels=_num(part_x),
            held=held,
            bias=_num(bias),
            total=_num(pre),
        ),
        Message(
            translate("Core", "{squash} of {pre} is {value}: the unit's new h, what it passes on to the next row."),
            squash=squash,
            pre=_num(pre),
            value=_num(value),
        ),
    ]
