"""Self-describing checkpoint files: saved atomically, loaded without ever running pickled code."""

from __future__ import annotations

import datetime as _dt
import os
import pickle
import platform
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

import digitpad
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.models.zoo import REGISTRY, build_model
from digitpad.core.runtime import paths
from digitpad.core.runtime.atomic import atomic_write

FORMAT = "digitpad-checkpoint"
FORMAT_VERSION = 2
# Settings a model had before the format version that made them explicit: format 1 predates the CNN's
# ``pool_first`` (its CNNs normalise before pooling), so a format-1 CNN must not pick up today's default.
_IMPLICIT_BEFORE = {2: {"cnn": {"pool_first": False}}}


class CheckpointError(ValueError):
    """A file is not a usable digitpad checkpoint; the message says why, in words a user can act on."""


@dataclass
class Checkpoint:
    arch: str
    model: nn.Module
    hparams: dict[str, Any]
    mean: float = MNIST_MEAN
    std: float = MNIST_STD
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def test_accuracy(self) -> float | None:
        value = self.metadata.get("metrics", {}).get("test_accuracy")
        return float(value) if value is not None else None

    def normalize(self, images: torch.Tensor) -> torch.Tensor:
        """Images as this model was trained on them: `mnist.normalize` with this checkpoint's mean and std
        (uint8 ``[..., 28, 28]``, or float in [0, 1] -> float32)."""
        return normalize(images, self.mean, self.std)


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively, so the file holds only what the safe loader accepts."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)  # str subclasses (torch's TorchVersion) would need their class to unpickle
    return value


def save_checkpoint(
    path: str | os.PathLike[str],
    arch: str,
    model: nn.Module,
    hparams: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    mean: float = MNIST_MEAN,
    std: float = MNIST_STD,
) -> Path:
    """Write a checkpoint atomically (`atomic_write`): a crash mid-save keeps the previous file."""
    path = Path(path)
    meta = {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": {
            "digitpad": digitpad.__version__,
            "torch": str(torch.__version__),
            "python": platform.python_version(),
        },
        **(metadata or {}),
    }
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "arch": arch,
        # complete, so a later change of the registry's defaults cannot change what this file describes
        "hparams": _plain({**(REGISTRY[arch].hparams if arch in REGISTRY else {}), **hparams}),
        "normalization": {"mean": float(mean), "std": float(std)},
        "state_dict": {k: v.detach().cpu().contiguous().clone() for k, v in model.state_dict().items()},
        "metadata": _plain(meta),
    }
    with atomic_write(path) as fh:
        torch.save(payload, fh)
    return path


def load_checkpoint(path: str | os.PathLike[str], map_location: str | torch.device = "cpu") -> Checkpoint:
    """Load a checkpoint with ``torch.load(weights_only=True)``; every defect raises CheckpointError."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path} does not exist.")
    try:
        with warnings.catch_warnings():  # torch warns about foreign pickles; the refusal below says it better
            warnings.simplefilter("ignore")
            payload = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        raise CheckpointError(
            f"{path} was refused: it contains objects other than weights and plain data "
            "(it may be from another program, or crafted to run code)."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - torch's unpickler raises anything on garbage bytes (IndexError, ...)
        raise CheckpointError(f"{path} is not a readable checkpoint (truncated or corrupt: {exc!r}).") from exc
    return _from_payload(payload, path)


def _from_payload(payload: Any, path: Path) -> Checkpoint:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a digitpad checkpoint (it may be a plain PyTorch file or another app's).")
    version = payload.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise CheckpointError(
            f"{path} uses checkpoint format {version}, newer than this digitpad understands ({FORMAT_VERSION}); "
            "update digitpad to open it."
        )
    missing = [k for k in ("arch", "hparams", "state_dict", "normalization") if k not in payload]
    if missing:
        raise CheckpointError(f"{path} is incomplete: it lacks {', '.join(missing)}.")
    arch = payload["arch"]
    if arch not in REGISTRY:
        raise CheckpointError(
            f"{path} holds a {arch!r} model, which this digitpad does not know ({', '.join(REGISTRY)})."
        )
    hparams = dict(payload["hparams"])
    for newer, implicit in _IMPLICIT_BEFORE.items():
        if version < newer:
            hparams = {**implicit.get(arch, {}), **hparams}
    try:
        model = build_model(arch, hparams)
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"{path}: its settings do not describe a {arch!r} model ({exc}).") from exc
    _load_weights(model, payload["state_dict"], arch, path)
    norm = payload["normalization"]
    return Checkpoint(
        arch=arch,
        model=model.eval(),
        hparams=hparams,
        mean=float(norm["mean"]),
        std=float(norm["std"]),
        metadata=dict(payload.get("metadata") or {}),
        path=path,
    )


def _load_weights(model: nn.Module, state: Any, arch: str, path: Path) -> None:
    if not isinstance(state, dict):
        raise CheckpointError(f"{path}: its weights are not a state dict.")
    expected = set(model.state_dict())
    missing, unexpected = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or unexpected:
        parts = [
            f"missing {', '.join(missing[:5])}" if missing else "",
            f"unexpected {', '.join(unexpected[:5])}" if unexpected else "",
        ]
        raise CheckpointError(f"{path}: the weights do not fit a {arch!r} model ({'; '.join(p for p in parts if p)}).")
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        detail = " ".join(line.strip() for line in str(exc).splitlines()[1:3])
        raise CheckpointError(f"{path}: the weights do not fit a {arch!r} model ({detail}).") from exc


def load_pretrained(name: str) -> Checkpoint:
    """The checkpoint shipped in ``resources/pretrained`` for registry model ``name``."""
    if name not in REGISTRY:
        raise KeyError(f"unknown model {name!r}; choose one of {', '.join(REGISTRY)}")
    return load_checkpoint(paths.pretrained_path(name))
