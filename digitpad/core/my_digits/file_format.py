"""The "my digits" file format: one ``.npz`` (a zip of plain arrays), read without pickle and checked field by field.

The same format is the store on disk and the export file, so an export is a copy a second machine can import.

Arrays (N digits, S strokes, P points in all):
    format        str, "digitpad-my-digits"        version      int64, FORMAT_VERSION
    ids           str [N] (32 hex digits)           labels       int64 [N], 0..9
    images        uint8 [N, 28, 28], model inputs   pen_widths   float32 [N], pixels of a 280 x 280 canvas
    created       float64 [N], Unix seconds         stroke_counts int64 [N], strokes per digit
    point_counts  int64 [S], points per stroke      points       float32 [P, 3], x, y (canvas units), pressure
    stroke_widths float32 [S], each stroke's pen width (optional: files without it take the digit's pen width)

Files are written uncompressed (a 3,000-drawing collection is about 25 MB, saved in a few tens of milliseconds
instead of seconds of deflate); older compressed files read the same. Reading never trusts the file: the zip
directory, each member's declared size and each array's header are checked before a byte of data is inflated, so
a damaged or hostile file (a zip bomb, a header claiming billions of digits) is refused at once, in bounded memory.
"""

from __future__ import annotations

import math
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from digitpad.core.runtime.atomic import atomic_write
from digitpad.core.runtime.messages import Message, translate

FORMAT = "digitpad-my-digits"
FORMAT_VERSION = 1
FIELD = 28
MAX_DIGITS = 1_000_000  # far beyond anyone's collection; a bigger count means a damaged or hostile file
MAX_ARRAY_BYTES = 200_000_000  # all arrays together, uncompressed: about 25,000 drawings of 3 long strokes
_MAX_MEMBERS = 64
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive's first bytes (with members, or empty)
_KEYS = ("ids", "labels", "images", "pen_widths", "created", "stroke_counts", "point_counts", "points")
_MEMBERS = ("format", "version", *_KEYS, "stroke_widths")
_STROKE_KEYS = ("stroke_counts", "point_counts", "points", "stroke_widths")
# What a file may fail with, anywhere in zipfile, zlib or numpy: every one becomes a MyDigitsError.
READ_ERRORS = (
    OSError,
    ValueError,
    EOFError,
    KeyError,
    IndexError,
    TypeError,
    OverflowError,
    MemoryError,
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    NotImplementedError,
    RuntimeError,
)


class MyDigitsError(ValueError):
    """A my-digits file is corrupt, foreign or from a newer digitpad; the message says which, for the user."""


@dataclass(eq=False)
class MyDigit:
    """One labelled drawing. ``image`` is the uint8 ``[28, 28]`` model input (ink = 255)."""

    id: str
    label: int
    image: np.ndarray
    strokes: tuple[np.ndarray, ...] = ()  # each float32 [P, 3]: x, y in canvas units (0..1), pen pressure (0..1)
    pen_width: float = 20.0  # nominal pen diameter in pixels of a 280 x 280 canvas
    created: float = 0.0  # Unix time the drawing was added
    stroke_widths: tuple[float, ...] = ()  # each stroke's own pen width, same unit; empty: all drawn at pen_width

    def widths(self) -> tuple[float, ...]:
        """The pen width of each stroke."""
        if len(self.stroke_widths) == len(self.strokes):
            return self.stroke_widths
        return (self.pen_width,) * len(self.strokes)


@dataclass
class _Columns:
    ids: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    pen_widths: list[float] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    stroke_counts: list[int] = field(default_factory=list)
    point_counts: list[int] = field(default_factory=list)


def encode(digits: list[MyDigit]) -> dict[str, np.ndarray]:
    """The arrays that `write` saves for these digits."""
    cols = _Columns()
    for d in digits:
        cols.ids.append(d.id)
        cols.labels.append(d.label)
        cols.pen_widths.append(d.pen_width)
        cols.created.append(d.created)
        cols.stroke_counts.append(len(d.strokes))
        cols.point_counts.extend(len(s) for s in d.strokes)
    strokes = [s for d in digits for s in d.strokes]
    widths = [w for d in digits for w in d.widths()]
    return {
        "format": np.array(FORMAT),
        "version": np.array(FORMAT_VERSION, dtype=np.int64),
        "ids": np.array(cols.ids, dtype="<U32"),
        "labels": np.array(cols.labels, dtype=np.int64),
        "images": np.stack([d.image for d in digits]).astype(np.uint8)
        if digits
        else np.zeros((0, FIELD, FIELD), np.uint8),
        "pen_widths": np.array(cols.pen_widths, dtype=np.float32),
        "created": np.array(cols.created, dtype=np.float64),
        "stroke_counts": np.array(cols.stroke_counts, dtype=np.int64),
        "point_counts": np.array(cols.point_counts, dtype=np.int64),
        "points": np.concatenate(strokes).astype(np.float32) if strokes else np.zeros((0, 3), np.float32),
        "stroke_widths": np.array(widths, dtype=np.float32),
    }


def write(path: Path, digits: list[MyDigit]) -> Path:
    """Write atomically (`atomic_write`): a crash at any moment leaves either the old file or the new one."""
    with atomic_write(path) as fh:
        save_arrays(fh, encode(digits))
    return path


def save_arrays(fh: IO[bytes], arrays: dict[str, np.ndarray]) -> None:
    """The arrays as an uncompressed ``.npz``: stroke points barely compress, and deflating them made a save slow."""
    np.savez(fh, **arrays)  # type: ignore[arg-type]


def read(path: Path) -> list[MyDigit]:
    """Every digit in a my-digits file; anything wrong with it raises `MyDigitsError` naming the file."""
    return read_stamped(path)[0]


def read_stamped(path: Path) -> tuple[list[MyDigit], tuple[int, ...]]:
    """`read`, and the stamp (device, inode, size, times) of the very file read, to tell later if it changed."""
    try:
        with open(path, "rb") as fh:
            stamp = file_stamp(os.fstat(fh.fileno()))
            arrays, extra = _load(fh, str(path), strict=True)
        _check_identity(arrays, str(path))
        if extra:
            raise _bad(
                str(path),
                Message(
                    translate("Core", "it holds members a digitpad file never has ({names})"),
                    names=", ".join(sorted(extra))[:200],
                ),
            )
        return decode(arrays, str(path)), stamp
    except MyDigitsError:
        raise
    except FileNotFoundError as exc:
        raise MyDigitsError(Message(translate("Core", "{path} does not exist."), path=path)) from exc
    except READ_ERRORS as exc:
        raise MyDigitsError(
            Message(
                translate(
                    "Core", "{path} is not a readable “my digits” file (corrupt, truncated or foreign: {reason})."
                ),
                path=path,
                reason=_one_line(exc),
            )
        ) from exc


def salvage(path: Path) -> list[MyDigit]:
    """What can still be read of a damaged file: every drawing, or, when only the strokes are damaged, the
    drawings without their strokes (their model inputs and labels); empty when even those are lost. Never raises."""
    try:
        with open(path, "rb") as fh:
            arrays, _ = _load(fh, str(path), strict=False)
        _check_identity(arrays, str(path))
        try:
            return decode(arrays, str(path))
        except MyDigitsError:
            n = arrays["labels"].shape[0] if "labels" in arrays and arrays["labels"].ndim == 1 else 0
            plain = {k: v for k, v in arrays.items() if k not in _STROKE_KEYS}
            plain |= {"stroke_counts": np.zeros(n, np.int64), "point_counts": np.zeros(0, np.int64)}
            plain["points"] = np.zeros((0, 3), np.float32)
            return decode(plain, str(path))
    except (MyDigitsError, *READ_ERRORS):
        return []


def file_stamp(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "…"


def _load(fh: IO[bytes], source: str, strict: bool) -> tuple[dict[str, np.ndarray], set[str]]:
    """The known members' arrays and the names of unknown ones, each checked before it is inflated.

    strict: the first bad member raises; otherwise bad members are left out (for `salvage`).
    """
    if fh.read(4) not in _ZIP_MAGIC:  # np.load would take anything else for a .npy array or a pickle
        raise MyDigitsError(
            Message(
                translate("Core", "{path} is not a digitpad “my digits” file (it is not an .npz archive)."), path=source
            )
        )
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_ARRAY_BYTES + 2**20:
        raise _bad(
            source,
            Message(
                translate("Core", "at {megabytes:.0f} MB it is far larger than any collection"), megabytes=size / 1e6
            ),
        )
    _check_directory(fh, size, source)
    fh.seek(0)
    arrays: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(fh) as archive:
        infos = archive.infolist()
        known = {i.filename[:-4]: i for i in infos if i.filename.endswith(".npy") and i.filename[:-4] in _MEMBERS}
        extra = {i.filename for i in infos} - {f"{k}.npy" for k in known}
        budget = MAX_ARRAY_BYTES
        if strict and sum(i.file_size for i in known.values()) > budget:
            raise _bad(source, Message(translate("Core", "its arrays claim more room than any collection needs")))
        for name, info in known.items():
            try:
                if info.file_size > budget:
                    raise _bad(
                        source,
                        Message(
                            translate("Core", "{name} claims {megabytes:.0f} MB"),
                            name=name,
                            megabytes=info.file_size / 1e6,
                        ),
                    )
                arrays[name] = _member(archive, info, source)
                budget -= info.file_size
            except (MyDigitsError, *READ_ERRORS):
                if strict:
                    raise
    return arrays, extra


def _check_directory(fh: IO[bytes], size: int, source: str) -> None:
    """A zip's directory lists every member; a huge one would cost memory before any check, so read its count first."""
    tail_size = min(size, 65_557)  # the end record (22 bytes) and the longest comment a zip may have
    fh.seek(size - tail_size)
    tail = fh.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _bad(source, Message(translate("Core", "the end of the archive is missing (the file is truncated)")))
    entries, directory_size = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
    if entries > _MAX_MEMBERS or directory_size > 64 * 1024:
        raise _bad(
            source,
            Message(
                translate("Core", "its archive lists {entries} members, more than a digitpad file has"), entries=entries
            ),
        )


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> np.ndarray:
    """One ``.npy`` member: its header (dtype, shape) must describe exactly the bytes the zip declares."""
    name = info.filename[:-4]
    with archive.open(info) as member:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise _bad(
                source,
                Message(
                    translate("Core", "{name} is in an unknown array format {version}"), name=name, version=version
                ),
            )
        if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in "biufU":
            raise _bad(
                source,
                Message(
                    translate("Core", "{name} is not an array of plain numbers or text ({dtype})"),
                    name=name,
                    dtype=str(dtype),
                ),
            )
        nbytes = math.prod(shape) * dtype.itemsize
        if member.tell() + nbytes != info.file_size:
            raise _bad(
                source,
                Message(
                    translate("Core", "{name} claims a shape {shape} its {size} bytes do not hold"),
                    name=name,
                    shape=shape,
                    size=info.file_size,
                ),
            )
        data = member.read(nbytes)
        if len(data) != nbytes or member.read(1):  # the read to the end also checks the CRC
            raise _bad(source, Message(translate("Core", "{name} is cut short"), name=name))
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def decode(arrays: dict[str, np.ndarray], source: str) -> list[MyDigit]:
    """Check every array's presence, type, shape and range, then build the digits."""
    _check_identity(arrays, source)
    missing = [k for k in _KEYS if k not in arrays]
    if missing:
        raise MyDigitsError(
            Message(translate("Core", "{path} is incomplete: it lacks {keys}."), path=source, keys=", ".join(missing))
        )
    a = {k: arrays[k] for k in _KEYS}
    _check_columns(a, source)
    widths = arrays.get("stroke_widths")
    if widths is not None:
        good = widths.dtype.kind == "f" and widths.shape == a["point_counts"].shape
        if not good or not (np.isfinite(widths).all() and (widths > 0).all()):
            raise _bad(
                source,
                Message(translate("Core", "the stroke widths do not match the strokes or are not usable numbers")),
            )
    return _build(a, widths)


def _check_identity(arrays: dict[str, np.ndarray], source: str) -> None:
    """A digitpad my-digits file of a version this digitpad reads."""
    fmt = arrays.get("format")
    if fmt is None or fmt.shape != () or fmt.dtype.kind != "U" or str(fmt) != FORMAT:
        raise MyDigitsError(
            Message(
                translate("Core", "{path} is not a digitpad “my digits” file (it may be another program's .npz)."),
                path=source,
            )
        )
    version = arrays.get("version")
    if version is None or version.shape != () or version.dtype.kind not in "iu":
        raise MyDigitsError(Message(translate("Core", "{path} has no readable format version."), path=source))
    if int(version) > FORMAT_VERSION:
        raise MyDigitsError(
            Message(
                translate(
                    "Core",
                    "{path} uses “my digits” format {version}, newer than this digitpad reads ({known}); "
                    "update digitpad to import it.",
                ),
                path=source,
                version=int(version),
                known=FORMAT_VERSION,
            )
        )


def _bad(source: str, what: Message) -> MyDigitsError:
    return MyDigitsError(Message(translate("Core", "{path} is damaged: {what}."), path=source, what=what))


def _check_columns(a: dict[str, np.ndarray], source: str) -> None:
    n = a["labels"].shape[0] if a["labels"].ndim == 1 else -1
    if not 0 <= n <= MAX_DIGITS:
        raise _bad(source, Message(translate("Core", "the labels are not a list of digits")))
    kinds = {"ids": "U", "labels": "iu", "images": "u", "pen_widths": "f", "created": "f"}
    kinds |= {"stroke_counts": "iu", "point_counts": "iu", "points": "f"}
    for key, kind in kinds.items():
        if a[key].dtype.kind not in kind:
            raise _bad(
                source,
                Message(translate("Core", "{key} has the wrong type ({dtype})"), key=key, dtype=str(a[key].dtype)),
            )
    for key in ("ids", "pen_widths", "created", "stroke_counts"):
        if a[key].shape != (n,):
            raise _bad(source, Message(translate("Core", "{key} does not match the {count} labels"), key=key, count=n))
    if a["images"].shape != (n, FIELD, FIELD) or a["images"].dtype != np.uint8:
        raise _bad(source, Message(translate("Core", "the images are not {count} pictures of 28 x 28 bytes"), count=n))
    if n and (a["labels"].min() < 0 or a["labels"].max() > 9):
        raise _bad(source, Message(translate("Core", "a label is not a digit 0-9")))
    if len(set(a["ids"].tolist())) != n or any(len(i) != 32 for i in a["ids"].tolist()):
        raise _bad(source, Message(translate("Core", "the digit ids are not unique 32-character names")))
    if not (np.isfinite(a["pen_widths"]).all() and (a["pen_widths"] > 0).all() and np.isfinite(a["created"]).all()):
        raise _bad(source, Message(translate("Core", "a pen width or a timestamp is not a usable number")))
    strokes, points = a["stroke_counts"], a["point_counts"]
    if (strokes < 0).any() or points.ndim != 1 or int(strokes.sum()) != points.shape[0]:
        raise _bad(source, Message(translate("Core", "the stroke counts do not add up")))
    if (points < 1).any() or a["points"].ndim != 2 or a["points"].shape != (int(points.sum()), 3):
        raise _bad(source, Message(translate("Core", "the stroke points do not add up")))
    if not np.isfinite(a["points"]).all():
        raise _bad(source, Message(translate("Core", "a stroke point is not a finite number")))


def _build(a: dict[str, np.ndarray], widths: np.ndarray | None) -> list[MyDigit]:
    point_ends = np.cumsum(a["point_counts"])
    stroke_ends = np.cumsum(a["stroke_counts"])
    all_points = a["points"].astype(np.float32)
    digits = []
    for i in range(a["labels"].shape[0]):
        first = int(stroke_ends[i] - a["stroke_counts"][i])
        strokes = []
        for s in range(first, int(stroke_ends[i])):
            end = int(point_ends[s])
            strokes.append(all_points[end - int(a["point_counts"][s]) : end].copy())
        digits.append(
            MyDigit(
                id=str(a["ids"][i]),
                label=int(a["labels"][i]),
                image=a["images"][i].copy(),
                strokes=tuple(strokes),
                pen_width=float(a["pen_widths"][i]),
                created=float(a["created"][i]),
                stroke_widths=() if widths is None else tuple(float(w) for w in widths[first : int(stroke_ends[i])]),
            )
        )
    return digits
