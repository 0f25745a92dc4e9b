"""Self-describing checkpoint files: saved atomically, loaded without ever running pickled code."""

from __future__ import annotations

import datetime as _dt
import errno
import os
import pickle
import platform
import re
import reprlib
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

import digitpad
from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD, normalize
from digitpad.core.models.checkpoint_contents import CheckpointError as CheckpointError
from digitpad.core.models.checkpoint_contents import (
    check_values,
    check_weights,
    is_number,
    load_weights,
    read_metadata,
    read_normalization,
)
from digitpad.core.models.zoo import REGISTRY, build_model, check_hparams, unknown_model_message
from digitpad.core.runtime import paths
from digitpad.core.runtime.atomic import atomic_write
from digitpad.core.runtime.messages import Message, text_of, translate

FORMAT = "digitpad-checkpoint"
FORMAT_VERSION = 3
GENERATOR_ARCH = "gan"  # the arch of a generator's file (`digitpad.core.models.gan`): never a classifier
# Settings a model had before the format version that made them explicit: format 1 predates the CNN's
# ``pool_first`` (its CNNs normalise before pooling), so a format-1 CNN must not pick up today's default; format 2
# predates its ``stem`` (its CNNs all pool their first convolution).
_IMPLICIT_BEFORE: dict[int, dict[str, dict[str, object]]] = {
    2: {"cnn": {"pool_first": False}},
    3: {"cnn": {"stem": "pool"}},
}


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
        return float(value) if value is not None and is_number(value) else None

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
        raise CheckpointSaveError(
            errno.EISDIR,
            Message(translate("Core", "{path} is a folder: name the checkpoint file to write in it."), path=text),
        )
    existing = next(folder for folder in (path.parent, *path.parent.parents) if folder.exists())
    if not existing.is_dir():
        raise CheckpointSaveError(
            errno.ENOTDIR,
            Message(
                translate("Core", "{path} cannot be saved: {existing} is a file, not a folder."),
                path=path,
                existing=existing,
            ),
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise CheckpointSaveError(
            errno.EACCES,
            Message(
                translate("Core", "{path} cannot be saved: the folder {existing} is not writable."),
                path=path,
                existing=existing,
            ),
        )
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
    free = _free_bytes(path.parent)
    if (cause is not None and cause.errno in _NO_SPACE) or (cause is None and free < needed):
        code: int | None = errno.ENOSPC
        if free < needed:
            problem = Message(
                translate(
                    "Core", "not enough space on the disk to save {path} (it needs about {needed}, {free} are free)."
                ),
                path=path,
                needed=_size(needed),
                free=_size(free),
            )
        else:
            problem = Message(
                translate("Core", "not enough space on the disk to save {path} (it needs about {needed})."),
                path=path,
                needed=_size(needed),
            )
    elif cause is not None:
        code = cause.errno
        problem = Message(
            translate("Core", "{path} could not be written: {reason}."), path=path, reason=cause.strerror or str(cause)
        )
    else:
        code = errno.EIO
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        problem = Message(translate("Core", "{path} could not be written ({detail})."), path=path, detail=detail)
    if path.exists():
        problem = Message(translate("Core", "{problem} The previous file was kept."), problem=problem)
    return CheckpointSaveError(code, problem)


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
    model bigger than the file's weights is built (`check_weights`) and before a non-finite weight can answer."""
    path = Path(path)
    return _from_payload(*read_payload(path, map_location), path)


def _read(path: Path, map_location: str | torch.device) -> Any:
    if path.is_dir():
        raise CheckpointError(Message(translate("Core", "{path} is a folder, not a checkpoint file."), path=path))
    if not path.is_file():
        raise CheckpointError(Message(translate("Core", "{path} does not exist."), path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise CheckpointError(
            Message(translate("Core", "{path} cannot be read ({reason})."), path=path, reason=exc.strerror or str(exc))
        ) from exc
    if not head:
        raise CheckpointError(Message(translate("Core", "{path} is empty, not a checkpoint."), path=path))
    try:
        with warnings.catch_warnings():  # torch warns about foreign pickles; the refusal below says it better
            warnings.simplefilter("ignore")
            return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        refused = _refused_global(exc)
        if refused is None:
            raise CheckpointError(_unreadable(path, head, exc)) from exc
        raise CheckpointError(
            Message(
                translate(
                    "Core",
                    "{path} was refused: it asks to run {code}, which is code, not weights or plain data "
                    "(it may be from another program, or crafted to run code).",
                ),
                path=path,
                code=refused,
            )
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


def _unreadable(path: Path, head: bytes, exc: BaseException) -> Message:
    if head != b"PK\x03\x04":  # every file torch.save writes is a zip
        return Message(translate("Core", "{path} is not a digitpad checkpoint (not a zip/pickle file)."), path=path)
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
    return Message(
        translate("Core", "{path} is not a readable checkpoint (truncated or corrupt: {detail})."),
        path=path,
        detail=detail,
    )


def read_payload(path: str | os.PathLike[str], map_location: str | torch.device = "cpu") -> tuple[dict[str, Any], int]:
    """A checkpoint file's contents, read safely, and its format version; raises CheckpointError for a file that is
    not a complete digitpad checkpoint. What it holds (``arch``, ``hparams``, ``state_dict``) is still unchecked."""
    path = Path(path)
    payload = _read(path, map_location)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(
            Message(
                translate(
                    "Core", "{path} is not a digitpad checkpoint (it may be a plain PyTorch file or another app's)."
                ),
                path=path,
            )
        )
    version = _format_version(payload.get("format_version"), path)
    missing = [k for k in ("arch", "hparams", "state_dict", "normalization") if k not in payload]
    if missing:
        raise CheckpointError(
            Message(translate("Core", "{path} is incomplete: it lacks {keys}."), path=path, keys=", ".join(missing))
        )
    return payload, version


def _from_payload(payload: dict[str, Any], version: int, path: Path) -> Checkpoint:
    arch = payload["arch"]
    if arch == GENERATOR_ARCH:
        raise CheckpointError(
            Message(
                translate(
                    "Core",
                    "{path} holds a digit generator (a conditional GAN), not a classifier: it draws digits, it does "
                    "not read them. Use it with `digitpad generate --model` or the window's Generate row.",
                ),
                path=path,
            )
        )
    if not isinstance(arch, str) or arch not in REGISTRY:
        raise CheckpointError(
            Message(
                translate("Core", "{path} holds a {arch} model, which this digitpad does not know ({models})."),
                path=path,
                arch=reprlib.repr(arch),
                models=", ".join(REGISTRY),
            )
        )
    hparams = payload["hparams"]
    for newer, implicit in _IMPLICIT_BEFORE.items():
        if version < newer and isinstance(hparams, dict):
            hparams = {**implicit.get(arch, {}), **hparams}
    try:
        hparams = check_hparams(arch, hparams)
    except ValueError as exc:
        raise CheckpointError(
            Message(
                translate("Core", "{path}: its settings do not describe a {arch!r} model ({problem})."),
                path=path,
                arch=arch,
                problem=text_of(exc),
            )
        ) from exc
    mean, std = read_normalization(payload["normalization"], path)
    metadata, notes = read_metadata(payload.get("metadata"), path)
    check_weights(payload["state_dict"], arch, hparams, path)
    model = build_model(arch, hparams)  # no bigger than the weights just checked
    load_weights(model, payload["state_dict"], arch, path)
    check_values(model, path)
    return Checkpoint(arch, model.eval(), hparams, mean, std, metadata, path, notes)


def _format_version(version: Any, path: Path) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CheckpointError(
            Message(
                translate(
                    "Core",
                    "{path} has a broken format version ({version}, not a whole number from 1): "
                    "it was not written by digitpad, or it was changed since.",
                ),
                path=path,
                version=reprlib.repr(version),
            )
        )
    if version > FORMAT_VERSION:
        raise CheckpointError(
            Message(
                translate(
                    "Core",
                    "{path} uses checkpoint format {version}, newer than this digitpad understands ({known}); "
                    "update digitpad to open it.",
                ),
                path=path,
                version=version,
                known=FORMAT_VERSION,
            )
        )
    return version


def load_pretrained(name: str) -> Checkpoint:
    """The checkpoint shipped in ``resources/pretrained`` for registry model ``name``."""
    if name not in REGISTRY:
        raise KeyError(unknown_model_message(name))
    return load_checkpoint(paths.pretrained_path(name))
