"""Explain mode for the output layer and training: the logits as bias + weighted inputs and their softmax
(`explain_output`), and one plain SGD step on one kernel (`explain_training_step`). Part of
`digitpad.core.insight.explain`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from digitpad.core.insight.explain_common import _array, _capture_io, _input, _module, _private_copy
from digitpad.core.insight.explain_conv import conv_layers

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
