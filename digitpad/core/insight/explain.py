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

The work is split by topic: `explain_conv` (convolution and pooling), `explain_recurrent` (recurrent steps),
`explain_output` (output layer and training step) and `explain_common` (their shared private helpers). This module
is the public entry point: callers use ``explain.explain_conv(...)`` and so on through its attributes.
"""

from __future__ import annotations

from digitpad.core.insight.explain_conv import ConvExplanation, PoolExplanation, conv_layers, explain_conv, explain_pool
from digitpad.core.insight.explain_output import (
    ClassTerm,
    OutputExplanation,
    TrainingStepExplanation,
    explain_output,
    explain_training_step,
)
from digitpad.core.insight.explain_recurrent import LSTM_GATES, RNN_GATES, ROWS, RecurrentStep, explain_recurrent_step

__all__ = [
    "LSTM_GATES",
    "RNN_GATES",
    "ROWS",
    "ClassTerm",
    "ConvExplanation",
    "OutputExplanation",
    "PoolExplanation",
    "RecurrentStep",
    "TrainingStepExplanation",
    "conv_layers",
    "explain_conv",
    "explain_output",
    "explain_pool",
    "explain_recurrent_step",
    "explain_training_step",
]
