"""MNIST read straight from its IDX files into uint8 tensors held in memory.

The data root follows torchvision's layout: ``<root>/MNIST/raw/<name>-ubyte[.gz]``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from digitpad.core.runtime.messages import Message, translate
from digitpad.core.runtime.paths import default_data_root

# name -> (expected shape, md5 of the .gz) as published with MNIST and checked by torchvision.
MNIST_FILES: dict[str, tuple[tuple[int, ...], str]] = {
    "train-images-idx3-ubyte": ((60000, 28, 28), "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    "train-labels-idx1-ubyte": ((60000,), "d53e105ee54ea40749a09fcbcd1e9432"),
    "t10k-images-idx3-ubyte": ((10000, 28, 28), "9fb629c4189551a2d022fa330f9573f3"),
    "t10k-labels-idx1-ubyte": ((10000,), "ec29112dd5afa0611ce80d1b7f02629c"),
}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
_IDX_DTYPE = 0x08  # unsigned byte; MNIST uses nothing else


class DataError(RuntimeError):
    """MNIST is missing, unreadable or cannot be downloaded; the message says what to do."""


class DataMissingError(DataError):
    """The MNIST files are not in the data folder (and downloading was not asked for)."""


@dataclass(frozen=True)
class Split:
    """Images as uint8 ``[N, 28, 28]`` (0 = background, 255 = ink) and labels as int64 ``[N]``."""

    images: torch.Tensor
    labels: torch.Tensor

    def __len__(self) -> int:
        return int(self.labels.shape[0])


@dataclass(frozen=True)
class MNIST:
    train: Split
    val: Split
    test: Split
    root: Path


def raw_dir(root: Path) -> Path:
    return Path(root) / "MNIST" / "raw"


def _find_file(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def read_idx(path: Path, expected_shape: tuple[int, ...] | None = None) -> torch.Tensor:
    """Read one IDX file (optionally gzip'd) into a uint8 tensor; any defect raises DataError naming the file."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as fh:  # type: ignore[operator]
            raw = fh.read()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DataError(
            Message(
                translate("Core", "{path} is corrupt or truncated ({reason}); delete it and download MNIST again."),
                path=path,
                reason=str(exc),
            )
        ) from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != _IDX_DTYPE:
        raise DataError(Message(translate("Core", "{path} is not an MNIST IDX file of unsigned bytes."), path=path))
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(Message(translate("Core", "{path} is truncated (its header is incomplete)."), path=path))
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    count = int(np.prod(shape)) if shape else 0
    if len(raw) - header != count:
        raise DataError(
            Message(
                translate("Core", "{path} is truncated or padded: header says {count} bytes of data, file has {held}."),
                path=path,
                count=count,
                held=len(raw) - header,
            )
        )
    if expected_shape is not None and shape != expected_shape:
        raise DataError(
            Message(
                translate("Core", "{path} has shape {shape}, expected {expected}."),
                path=path,
                shape=shape,
                expected=expected_shape,
            )
        )
    array = np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)
    return torch.from_numpy(array.copy())


def missing_message(root: Path, missing: list[str] | None = None) -> Message:
    """What to do when MNIST is not in ``root``; ``missing``: the file names that are absent, when some are there."""
    folder = raw_dir(root)
    if missing and len(missing) < len(MNIST_FILES):
        return Message(
            translate(
                "Core",
                "MNIST in {folder} is incomplete: {names} is missing. Put it there, or let digitpad download it.",
            ),
            folder=folder,
            names=", ".join(f"{n}.gz" for n in missing),
        )
    return Message(
        translate(
            "Core",
            "MNIST was not found in {folder}. Put the four files there ({names}), or let digitpad download them.",
        ),
        folder=folder,
        names=", ".join(f"{n}.gz" for n in MNIST_FILES),
    )


def check_labels(path: Path, labels: torch.Tensor) -> torch.Tensor:
    """``labels`` (uint8 ``[N]``) as read from ``path``, or a DataError naming the file when one is not a digit."""
    bad = (labels > 9).nonzero()
    if len(bad):
        first = int(bad[0, 0])
        raise DataError(
            Message(
                translate(
                    "Core",
                    "{path} is corrupt: label {label} at position {position} is not a digit 0-9 "
                    "({count} such labels); delete it and download MNIST again.",
                ),
                path=path,
                label=int(labels[first]),
                position=first,
                count=len(bad),
            )
        )
    return labels


def download_mnist(root: Path, progress: Callable[[str], None] | None = None) -> None:
    """Fetch the four MNIST files from torchvision's mirrors into ``root/MNIST/raw`` and check their MD5."""
    folder = raw_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            Message(
                translate(
                    "Core", "Cannot create {folder} to download MNIST into ({reason}); choose a writable data folder."
                ),
                folder=folder,
                reason=str(exc),
            )
        ) from exc
    if not os.access(folder, os.W_OK):
        raise DataError(
            Message(
                translate("Core", "{folder} is read-only; choose a writable data folder to download MNIST into."),
                folder=folder,
            )
        )
    for name, (_, md5) in MNIST_FILES.items():
        target = folder / f"{name}.gz"
        if target.is_file() and _md5(target) == md5:
            continue
        _download_one(name, md5, target, progress)


def _download_one(name: str, md5: str, target: Path, progress: Callable[[str], None] | None) -> None:
    errors = []
    for mirror in MIRRORS:
        url = f"{mirror}{name}.gz"
        if progress:
            progress(Message(translate("Core", "Downloading {url}"), url=url))
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with urllib.request.urlopen(url, timeout=30) as response, os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(response, out)
            if _md5(Path(tmp)) != md5:
                errors.append(f"{url}: checksum mismatch")
                continue
            os.replace(tmp, target)
            return
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            errors.append(f"{url}: {exc}")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    raise DataError(
        Message(
            translate("Core", "Could not download {name}.gz (offline?): {errors}"), name=name, errors="; ".join(errors)
        )
    )


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_raw(root: Path | str | None = None, download: bool = False) -> dict[str, torch.Tensor]:
    """The four MNIST arrays by file name, read from ``root`` (see `default_data_root`)."""
    root = default_data_root(root)
    folder = raw_dir(root)
    paths = {name: _find_file(folder, name) for name in MNIST_FILES}
    missing = [name for name, path in paths.items() if path is None]
    if missing:
        if not download:
            raise DataMissingError(missing_message(root, missing))
        download_mnist(root)
        paths = {name: _find_file(folder, name) for name in MNIST_FILES}
    arrays = {name: read_idx(path, MNIST_FILES[name][0]) for name, path in paths.items() if path is not None}
    for name, path in paths.items():
        if "labels" in name and path is not None:
            check_labels(path, arrays[name])
    return arrays


def load_mnist(root: Path | str | None = None, val_size: int = 5000, seed: int = 0, download: bool = False) -> MNIST:
    """MNIST with a seeded validation split carved out of the 60k training images; the 10k test set stays apart."""
    raw = load_raw(root, download=download)
    images, labels = raw["train-images-idx3-ubyte"], raw["train-labels-idx1-ubyte"].long()
    if not 0 <= val_size < len(labels):
        raise ValueError(f"val_size must be in [0, {len(labels)}), got {val_size}")
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    val_idx, train_idx = order[:val_size], order[val_size:]
    return MNIST(
        train=Split(images[train_idx], labels[train_idx]),
        val=Split(images[val_idx], labels[val_idx]),
        test=Split(raw["t10k-images-idx3-ubyte"], raw["t10k-labels-idx1-ubyte"].long()),
        root=default_data_root(root),
    )
