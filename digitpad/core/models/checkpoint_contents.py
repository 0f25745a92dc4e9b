"""What a checkpoint file holds, checked value by value before a model is built from it or answers: its input
normalisation, the metadata the app reads, and its weights."""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.messages import Message, translate

# The smallest input std a checkpoint may hold: dividing by less blows the inputs up past float32's range.
MIN_STD = 1e-3


class CheckpointError(ValueError):
    """A file is not a usable digitpad checkpoint; the message says why, in words a user can act on."""


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def read_normalization(norm: Any, path: Path) -> tuple[float, float]:
    """The mean and std of [0, 1] pixels the model was trained on: a std of 0 (or NaN) makes every input NaN."""
    if not isinstance(norm, dict) or set(norm) != {"mean", "std"}:
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its input normalisation is {value}, not a mean and a std."),
                path=path,
                value=reprlib.repr(norm),
            )
        )
    mean, std = norm["mean"], norm["std"]
    if not is_number(mean) or not 0 <= mean <= 1:
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its input mean is {value}, not a number from 0 to 1."),
                path=path,
                value=reprlib.repr(mean),
            )
        )
    if not is_number(std) or not MIN_STD <= std <= 1:
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its input std is {value}, not a number from {low} to 1."),
                path=path,
                value=reprlib.repr(std),
                low=MIN_STD,
            )
        )
    return float(mean), float(std)


def _fraction(value: Any) -> bool:
    return value is None or (is_number(value) and 0 <= value <= 1)


def _count(value: Any) -> bool:
    return value is None or (is_number(value) and isinstance(value, int) and value >= 0)


_A_TABLE = Message(translate("Core", "a table"))
_A_FRACTION = Message(translate("Core", "a fraction from 0 to 1"))
_A_COUNT = Message(translate("Core", "a count"))
_A_WORD = Message(translate("Core", "a word"))

# The metadata the app reads and what each value must be; a value of another kind is dropped with a note.
_READ_METADATA: dict[tuple[str, ...], tuple[Message, Callable[[Any], bool]]] = {
    ("metrics",): (_A_TABLE, lambda v: isinstance(v, dict)),
    ("metrics", "test_accuracy"): (_A_FRACTION, _fraction),
    ("metrics", "val_accuracy"): (_A_FRACTION, _fraction),
    ("metrics", "pen_accuracy"): (_A_FRACTION, _fraction),
    ("metrics", "test_loss"): (Message(translate("Core", "a number")), lambda v: v is None or is_number(v)),
    ("parameters",): (_A_COUNT, _count),
    ("epochs_done",): (_A_COUNT, _count),
    ("steps_done",): (_A_COUNT, _count),
    ("status",): (_A_WORD, lambda v: isinstance(v, str)),
    ("date",): (Message(translate("Core", "a date")), lambda v: isinstance(v, str)),
    ("catalog",): (_A_TABLE, lambda v: isinstance(v, dict)),
    ("catalog", "name"): (Message(translate("Core", "a name")), lambda v: isinstance(v, str)),
    ("catalog", "source"): (_A_WORD, lambda v: isinstance(v, str)),
}


def read_metadata(meta: Any, path: Path) -> tuple[dict[str, Any], list[str]]:
    """The training metadata, less the values the app reads that are of the wrong kind, and a note for each."""
    if meta is None:
        return {}, []
    if not isinstance(meta, dict):
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its metadata is a {kind}, not a table of names and values."),
                path=path,
                kind=type(meta).__name__,
            )
        )
    meta = dict(meta)
    notes: list[str] = []
    for keys, (words, valid) in _READ_METADATA.items():
        *parents, key = keys
        table = meta
        for parent in parents:
            table = table.get(parent) if isinstance(table, dict) else None
        if not isinstance(table, dict) or key not in table or valid(table[key]):
            continue
        notes.append(
            Message(
                translate("Core", "its {key} ({value}) is not {kind}: ignored."),
                key=".".join(keys),
                value=reprlib.repr(table[key]),
                kind=words,
            )
        )
        if parents:
            meta[parents[0]] = table = dict(table)  # a copy: the file's own table stays as read
        del table[key]
    return meta, notes


def check_weights(
    state: Any, arch: str, hparams: dict[str, Any], path: Path, build: Callable[[], nn.Module] | None = None
) -> None:
    """The stored weights must be the tensors ``hparams`` describe, compared on a model built on the meta device
    (shapes only, no memory): settings that ask for a bigger model than the file holds build nothing. ``build``
    makes a model that is not in the registry (a generator)."""
    if not isinstance(state, dict):
        raise CheckpointError(Message(translate("Core", "{path}: its weights are not a state dict."), path=path))
    with torch.device("meta"):
        expected = (build() if build is not None else build_model(arch, hparams)).state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(str(k) for k in set(state) - set(expected))
    if missing or unexpected:
        raise CheckpointError(_misfit(path, arch, ", ".join(missing[:5]), ", ".join(unexpected[:5])))
    for name, want in expected.items():
        got = state[name]
        if not isinstance(got, torch.Tensor) or got.layout != torch.strided or got.is_meta:
            raise CheckpointError(
                Message(
                    translate("Core", "{path}: {name} is {value}, not a tensor of weights."),
                    path=path,
                    name=name,
                    value=reprlib.repr(got),
                )
            )
        if got.shape != want.shape:
            held = sum(t.numel() for t in state.values() if isinstance(t, torch.Tensor))
            raise CheckpointError(
                Message(
                    translate(
                        "Core",
                        "{path}: the weights do not fit a {arch!r} model with its settings ({name} is {got}, the "
                        "settings make it {want}; the settings make {numbers:,} numbers, the file holds {held:,}).",
                    ),
                    path=path,
                    arch=arch,
                    name=name,
                    got=list(got.shape),
                    want=list(want.shape),
                    numbers=sum(t.numel() for t in expected.values()),
                    held=held,
                )
            )
        if got.is_complex() or got.is_floating_point() != want.is_floating_point():
            raise CheckpointError(
                Message(
                    translate("Core", "{path}: {name} holds {got} values, where the model needs {want}."),
                    path=path,
                    name=name,
                    got=str(got.dtype),
                    want=str(want.dtype),
                )
            )


def _misfit(path: Path, arch: str, missing: str, unexpected: str) -> Message:
    """The weights named in the file are not the model's: ``missing`` and ``unexpected`` list the first few."""
    if missing and unexpected:
        return Message(
            translate(
                "Core", "{path}: the weights do not fit a {arch!r} model (missing {missing}; unexpected {unexpected})."
            ),
            path=path,
            arch=arch,
            missing=missing,
            unexpected=unexpected,
        )
    if missing:
        return Message(
            translate("Core", "{path}: the weights do not fit a {arch!r} model (missing {missing})."),
            path=path,
            arch=arch,
            missing=missing,
        )
    return Message(
        translate("Core", "{path}: the weights do not fit a {arch!r} model (unexpected {unexpected})."),
        path=path,
        arch=arch,
        unexpected=unexpected,
    )


def load_weights(model: nn.Module, state: dict[str, torch.Tensor], arch: str, path: Path) -> None:
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        detail = " ".join(line.strip() for line in str(exc).splitlines()[1:3])
        raise CheckpointError(
            Message(
                translate("Core", "{path}: the weights do not fit a {arch!r} model ({detail})."),
                path=path,
                arch=arch,
                detail=detail,
            )
        ) from exc


def check_values(model: nn.Module, path: Path) -> None:
    """Weights as loaded (after any cast to the model's dtype) must be finite, and batch-norm variances at least 0:
    either defect turns every answer into NaN."""
    for name, tensor in model.state_dict().items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise CheckpointError(
                Message(
                    translate("Core", "{path}: the weights of {name} are not finite numbers (NaN or infinity)."),
                    path=path,
                    name=name,
                )
            )
        if name.endswith("running_var") and bool((tensor < 0).any()):
            raise CheckpointError(
                Message(
                    translate(
                        "Core",
                        "{path}: the batch-norm variance {name} is negative, which no training produces (a variance "
                        "is never below 0).",
                    ),
                    path=path,
                    name=name,
                )
            )
        if name.endswith("num_batches_tracked") and bool((tensor < 0).any()):
            raise CheckpointError(
                Message(
                    translate("Core", "{path}: {name} is negative, which no training produces."), path=path, name=name
                )
            )
