"""Self-describing checkpoint files: saved atomically, loaded without ever running pickled code."""

from __future__ import annotations

import datetime as _dt
import errno
import math
import os
import pickle
import platform
import re
import reprlib
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

import digitpad
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.models.zoo import REGISTRY, build_model, check_hparams
from digitpad.core.runtime import paths
from digitpad.core.runtime.atomic import atomic_write

FORMAT = "digitpad-checkpoint"
FORMAT_VERSION = 2
# Settings a model had before the format version that made them explicit: format 1 predates the CNN's
# ``pool_first`` (its CNNs normalise before pooling), so a format-1 CNN must not pick up today's default.
_IMPLICIT_BEFORE = {2: {"cnn": {"pool_first": False}}}
# The smallest input std a checkpoint may hold: dividing by less blows the inputs up past float32's range.
MIN_STD = 1e-3


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
    notes: list[str] = field(default_factory=list)  # what was ignored when the file was read, in words

    @property
    def test_accuracy(self) -> float | None:
        metrics = self.metadata.get("metrics")
        value = metrics.get("test_accuracy") if isinstance(metrics, dict) else None
        return float(value) if value is not None and _number(value) else None

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


class CheckpointSaveError(OSError):
    """A checkpoint could not be written, and the file it would have replaced is as it was. ``errno`` is the
    cause's (ENOSPC for a full disk); the message names the file and says why, in words a user can act on."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def check_save_destination(path: str | os.PathLike[str]) -> Path:
    """``path`` if a checkpoint can be saved there, checked before the work that produces it: raises
    `CheckpointSaveError` when it names a folder, or when its folder cannot be made or written to."""
    text, path = os.fspath(path), Path(path)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise CheckpointSaveError(errno.EISDIR, f"{text} is a folder: name the checkpoint file to write in it.")
    existing = next(folder for folder in (path.parent, *path.parent.parents) if folder.exists())
    if not existing.is_dir():
        raise CheckpointSaveError(errno.ENOTDIR, f"{path} cannot be saved: {existing} is a file, not a folder.")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise CheckpointSaveError(errno.EACCES, f"{path} cannot be saved: the folder {existing} is not writable.")
    return path


def save_checkpoint(
    path: str | os.PathLike[str],
    arch: str,
    model: nn.Module,
    hparams: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    mean: float = MNIST_MEAN,
    std: float = MNIST_STD,
) -> Path:
    """Write a checkpoint atomically (`atomic_write`): a crash mid-save keeps the previous file, and a failed write
    (a full disk, a read-only folder) raises `CheckpointSaveError` with the previous file as it was."""
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
    try:
        with atomic_write(path) as fh:
            torch.save(payload, fh)
    except (OSError, RuntimeError) as exc:  # torch's zip writer reports a failed write as a RuntimeError
        needed = sum(t.numel() * t.element_size() for t in payload["state_dict"].values())
        raise _save_error(path, exc, needed) from exc
    return path


def _save_error(path: Path, exc: BaseException, needed: int) -> CheckpointSaveError:
    """What a failed save of ``path`` (``needed`` bytes of weights) raised, in words."""
    cause = next((e for e in _chain(exc) if isinstance(e, OSError) and e.errno is not None), None)
    kept = " The previous file was kept." if path.exists() else ""
    free = _free_bytes(path.parent)
    if (cause is not None and cause.errno in _NO_SPACE) or (cause is None and free < needed):
        space = f"it needs about {_size(needed)}" + (f", {_size(free)} are free" if free < needed else "")
        return CheckpointSaveError(errno.ENOSPC, f"not enough space on the disk to save {path} ({space}).{kept}")
    if cause is not None:
        return CheckpointSaveError(cause.errno, f"{path} could not be written: {cause.strerror or cause}.{kept}")
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return CheckpointSaveError(errno.EIO, f"{path} could not be written ({detail}).{kept}")


def _chain(exc: BaseException | None) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling, outermost first."""
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _size(count: float) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


def _free_bytes(folder: Path) -> float:
    try:
        return float(shutil.disk_usage(folder).free)
    except OSError:
        return float("inf")


def load_checkpoint(path: str | os.PathLike[str], map_location: str | torch.device = "cpu") -> Checkpoint:
    """Load a checkpoint with ``torch.load(weights_only=True)``; every defect raises CheckpointError, before any
    model bigger than the file's weights is built (`_check_weights`) and before a non-finite weight can answer."""
    path = Path(path)
    return _from_payload(_read(path, map_location), path)


def _read(path: Path, map_location: str | torch.device) -> Any:
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not a checkpoint file.")
    if not path.is_file():
        raise CheckpointError(f"{path} does not exist.")
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise CheckpointError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    if not head:
        raise CheckpointError(f"{path} is empty, not a checkpoint.")
    try:
        with warnings.catch_warnings():  # torch warns about foreign pickles; the refusal below says it better
            warnings.simplefilter("ignore")
            return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        refused = _refused_global(exc)
        if refused is None:
            raise CheckpointError(_unreadable(path, head, exc)) from exc
        raise CheckpointError(
            f"{path} was refused: it asks to run {refused}, which is code, not weights or plain data "
            "(it may be from another program, or crafted to run code)."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - torch's unpickler raises anything on garbage bytes (IndexError, ...)
        raise CheckpointError(_unreadable(path, head, exc)) from exc


def _refused_global(exc: BaseException) -> str | None:
    """The Python object (``posix.system``) the safe unpickler refused to load, if that is why it failed."""
    for text in (str(exc), str(exc.__context__ or "")):
        found = re.search(r"GLOBAL ([\w.]+)", text)
        if found:
            return found.group(1)
    return None


def _unreadable(path: Path, head: bytes, exc: BaseException) -> str:
    if head != b"PK\x03\x04":  # every file torch.save writes is a zip
        return f"{path} is not a digitpad checkpoint (not a zip/pickle file)."
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
    return f"{path} is not a readable checkpoint (truncated or corrupt: {detail})."


def _from_payload(payload: Any, path: Path) -> Checkpoint:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a digitpad checkpoint (it may be a plain PyTorch file or another app's).")
    version = _format_version(payload.get("format_version"), path)
    missing = [k for k in ("arch", "hparams", "state_dict", "normalization") if k not in payload]
    if missing:
        raise CheckpointError(f"{path} is incomplete: it lacks {', '.join(missing)}.")
    arch = payload["arch"]
    if not isinstance(arch, str) or arch not in REGISTRY:
        raise CheckpointError(
            f"{path} holds a {reprlib.repr(arch)} model, which this digitpad does not know ({', '.join(REGISTRY)})."
        )
    hparams = payload["hparams"]
    for newer, implicit in _IMPLICIT_BEFORE.items():
        if version < newer and isinstance(hparams, dict):
            hparams = {**implicit.get(arch, {}), **hparams}
    try:
        hparams = check_hparams(arch, hparams)
    except ValueError as exc:
        raise CheckpointError(f"{path}: its settings do not describe a {arch!r} model ({exc}).") from exc
    mean, std = _normalization(payload["normalization"], path)
    metadata, notes = _metadata(payload.get("metadata"), path)
    _check_weights(payload["state_dict"], arch, hparams, path)
    model = build_model(arch, hparams)  # no bigger than the weights just checked
    _load_weights(model, payload["state_dict"], arch, path)
    _check_values(model, path)
    return Checkpoint(arch, model.eval(), hparams, mean, std, metadata, path, notes)


def _format_version(version: Any, path: Path) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CheckpointError(
            f"{path} has a broken format version ({reprlib.repr(version)}, not a whole number from 1): "
            "it was not written by digitpad, or it was changed since."
        )
    if version > FORMAT_VERSION:
        raise CheckpointError(
            f"{path} uses checkpoint format {version}, newer than this digitpad understands ({FORMAT_VERSION}); "
            "update digitpad to open it."
        )
    return version


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _normalization(norm: Any, path: Path) -> tuple[float, float]:
    """The mean and std of [0, 1] pixels the model was trained on: a std of 0 (or NaN) makes every input NaN."""
    if not isinstance(norm, dict) or set(norm) != {"mean", "std"}:
        raise CheckpointError(f"{path}: its input normalisation is {reprlib.repr(norm)}, not a mean and a std.")
    mean, std = norm["mean"], norm["std"]
    if not _number(mean) or not 0 <= mean <= 1:
        raise CheckpointError(f"{path}: its input mean is {reprlib.repr(mean)}, not a number from 0 to 1.")
    if not _number(std) or not MIN_STD <= std <= 1:
        raise CheckpointError(f"{path}: its input std is {reprlib.repr(std)}, not a number from {MIN_STD} to 1.")
    return float(mean), float(std)


def _fraction(value: Any) -> bool:
    return value is None or (_number(value) and 0 <= value <= 1)


def _count(value: Any) -> bool:
    return value is None or (_number(value) and isinstance(value, int) and value >= 0)


# The metadata the app reads and what each value must be; a value of another kind is dropped with a note.
_READ_METADATA: dict[tuple[str, ...], tuple[str, Callable[[Any], bool]]] = {
    ("metrics",): ("a table", lambda v: isinstance(v, dict)),
    ("metrics", "test_accuracy"): ("a fraction from 0 to 1", _fraction),
    ("metrics", "val_accuracy"): ("a fraction from 0 to 1", _fraction),
    ("metrics", "pen_accuracy"): ("a fraction from 0 to 1", _fraction),
    ("metrics", "test_loss"): ("a number", lambda v: v is None or _number(v)),
    ("parameters",): ("a count", _count),
    ("epochs_done",): ("a count", _count),
    ("steps_done",): ("a count", _count),
    ("status",): ("a word", lambda v: isinstance(v, str)),
    ("date",): ("a date", lambda v: isinstance(v, str)),
    ("catalog",): ("a table", lambda v: isinstance(v, dict)),
    ("catalog", "name"): ("a name", lambda v: isinstance(v, str)),
    ("catalog", "source"): ("a word", lambda v: isinstance(v, str)),
}


def _metadata(meta: Any, path: Path) -> tuple[dict[str, Any], list[str]]:
    """The training metadata, less the values the app reads that are of the wrong kind, and a note for each."""
    if meta is None:
        return {}, []
    if not isinstance(meta, dict):
        raise CheckpointError(f"{path}: its metadata is a {type(meta).__name__}, not a table of names and values.")
    meta, notes = dict(meta), []
    for keys, (words, valid) in _READ_METADATA.items():
        *parents, key = keys
        table = meta
        for parent in parents:
            table = table.get(parent) if isinstance(table, dict) else None
        if not isinstance(table, dict) or key not in table or valid(table[key]):
            continue
        notes.append(f"its {'.'.join(keys)} ({reprlib.repr(table[key])}) is not {words}: ignored.")
        if parents:
            meta[parents[0]] = table = dict(table)  # a copy: the file's own table stays as read
        del table[key]
    return meta, notes


def _check_weights(state: Any, arch: str, hparams: dict[str, Any], path: Path) -> None:
    """The stored weights must be the tensors ``hparams`` describe, compared on a model built on the meta device
    (shapes only, no memory): settings that ask for a bigger model than the file holds build nothing."""
    if not isinstance(state, dict):
        raise CheckpointError(f"{path}: its weights are not a state dict.")
    with torch.device("meta"):
        expected = build_model(arch, hparams).state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(str(k) for k in set(state) - set(expected))
    if missing or unexpected:
        parts = [
            f"missing {', '.join(missing[:5])}" if missing else "",
            f"unexpected {', '.join(unexpected[:5])}" if unexpected else "",
        ]
        raise CheckpointError(f"{path}: the weights do not fit a {arch!r} model ({'; '.join(p for p in parts if p)}).")
    for name, want in expected.items():
        got = state[name]
        if not isinstance(got, torch.Tensor) or got.layout != torch.strided or got.is_meta:
            raise CheckpointError(f"{path}: {name} is {reprlib.repr(got)}, not a tensor of weights.")
        if got.shape != want.shape:
            held = sum(t.numel() for t in state.values() if isinstance(t, torch.Tensor))
            raise CheckpointError(
                f"{path}: the weights do not fit a {arch!r} model with its settings ({name} is "
                f"{list(got.shape)}, the settings make it {list(want.shape)}; the settings make "
                f"{sum(t.numel() for t in expected.values()):,} numbers, the file holds {held:,})."
            )
        if got.is_complex() or got.is_floating_point() != want.is_floating_point():
            raise CheckpointError(f"{path}: {name} holds {got.dtype} values, where the model needs {want.dtype}.")


def _load_weights(model: nn.Module, state: dict[str, torch.Tensor], arch: str, path: Path) -> None:
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        detail = " ".join(line.strip() for line in str(exc).splitlines()[1:3])
        raise CheckpointError(f"{path}: the weights do not fit a {arch!r} model ({detail}).") from exc


def _check_values(model: nn.Module, path: Path) -> None:
    """Weights as loaded (after any cast to the model's dtype) must be finite, and batch-norm variances at least 0:
    either defect turns every answer into NaN."""
    for name, tensor in model.state_dict().items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise CheckpointError(f"{path}: the weights of {name} are not finite numbers (NaN or infinity).")
        if name.endswith("running_var") and bool((tensor < 0).any()):
            raise CheckpointError(
                f"{path}: the batch-norm variance {name} is negative, which no training produces (a variance is "
                "never below 0)."
            )
        if name.endswith("num_batches_tracked") and bool((tensor < 0).any()):
            raise CheckpointError(f"{path}: {name} is negative, which no training produces.")


def load_pretrained(name: str) -> Checkpoint:
    """The checkpoint shipped in ``resources/pretrained`` for registry model ``name``."""
    if name not in REGISTRY:
        raise KeyError(f"unknown model {name!r}; choose one of {', '.join(REGISTRY)}")
    return load_checkpoint(paths.pretrained_path(name))
