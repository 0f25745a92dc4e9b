"""Real pen-written digits as stroke trajectories: the UNIPEN-style files of "Pen-Based Recognition of Handwritten
Digits" (E. Alpaydin, F. Alimoglu; UCI Machine Learning Repository, CC BY 4.0), read into strokes in screen
orientation, and split by writer.

The file: ``.SEGMENT DIGIT <n> ? "<label>"`` starts a digit, ``.COMMENT <label> <writer> <n>`` names its writer,
``.PEN_DOWN`` / ``.PEN_UP`` enclose one stroke of ``x y`` integer lines in a 500 x 500 box with y growing upwards.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core.data.mnist import DataError
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.paths import resources_dir

PENDIGITS_FILE = "pendigits-orig.tra"
BOX_SIDE = 500.0  # the tablet's writing box, in its pixels
DEFAULT_HELD_OUT_WRITERS = 10  # of 30: about a third of the digits are measured on, never trained on


@dataclass(frozen=True)
class PenDigit:
    """One digit: its label, its writer, and its strokes as float64 ``[P, 2]`` x, y in box pixels, y down."""

    label: int
    writer: int
    strokes: tuple[np.ndarray, ...]


def find_pendigits(root: str | os.PathLike[str] | None = None) -> Path:
    """The pen-digits file: ``root`` itself if it is a file, else ``<root>/pendigits/pendigits-orig.tra[.gz]``,
    else the copy that ships with digitpad."""
    if root is not None:
        path = Path(root).expanduser()
        if path.is_file():
            return path
        for folder in (path, path / "pendigits"):
            for name in (PENDIGITS_FILE, PENDIGITS_FILE + ".gz"):
                if (folder / name).is_file():
                    return folder / name
    return resources_dir() / "pendigits" / (PENDIGITS_FILE + ".gz")


def read_pendigits(path: str | os.PathLike[str]) -> list[PenDigit]:
    """Every digit in a UNIPEN-style pen-digits file (or its .gz); DataError names the line of any defect."""
    try:
        raw = Path(path).read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("ascii")
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as exc:
        raise DataError(
            Message(translate("Core", "Cannot read the pen digits in {path}: {reason}"), path=path, reason=str(exc))
        ) from exc
    digits = list(_parse(text.splitlines(), path))
    if not digits:
        raise DataError(
            Message(
                translate("Core", "{path} holds no digits (no .SEGMENT DIGIT lines): is it a UNIPEN pen-digits file?"),
                path=path,
            )
        )
    return digits


def _parse(lines: Iterable[str], path: str | os.PathLike[str]) -> Iterable[PenDigit]:
    label: int | None = None
    writer = 0
    strokes: list[np.ndarray] = []
    stroke: list[tuple[float, float]] | None = None
    for number, line in enumerate(lines, 1):
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == ".SEGMENT":
                if label is not None:
                    yield PenDigit(label, writer, tuple(strokes))
                label, writer, strokes, stroke = _label(words[-1]), 0, [], None
            elif words[0] == ".COMMENT" and len(words) >= 3:
                writer = int(words[2])
            elif words[0] == ".PEN_DOWN":
                stroke = []
            elif words[0] == ".PEN_UP":
                if stroke:
                    xy = np.asarray(stroke, dtype=np.float64)
                    xy[:, 1] = BOX_SIDE - xy[:, 1]  # the tablet's y grows upwards, the screen's downwards
                    strokes.append(xy)
                stroke = None
            elif stroke is not None and not words[0].startswith("."):
                stroke.append((float(words[0]), float(words[1])))
        except (ValueError, IndexError) as exc:
            raise DataError(
                Message(
                    translate("Core", "{path}, line {number}: cannot read {line!r} ({reason})"),
                    path=path,
                    number=number,
                    line=line.strip(),
                    reason=text_of(exc),
                )
            ) from exc
    if label is not None:
        yield PenDigit(label, writer, tuple(strokes))


def _label(word: str) -> int:
    value = int(word.strip('"'))
    if not 0 <= value <= 9:
        raise ValueError(Message(translate("Core", "label {value} is not a digit"), value=value))
    return value


def writers(digits: Sequence[PenDigit]) -> list[int]:
    return sorted({d.writer for d in digits})


def split_by_writer(
    digits: Sequence[PenDigit], held_out: int = DEFAULT_HELD_OUT_WRITERS, seed: int = 0
) -> tuple[list[PenDigit], list[PenDigit]]:
    """(train, held out): ``held_out`` writers, picked by a seeded shuffle, are kept whole on the held-out side,
    so no writer's style is on both sides."""
    people = writers(digits)
    if not 0 < held_out < len(people):
        raise ValueError(
            Message(
                translate("Core", "hold out between 1 and {most} of the {writers} writers, not {held_out}"),
                most=len(people) - 1,
                writers=len(people),
                held_out=held_out,
            )
        )
    order = np.random.default_rng(seed).permutation(len(people))
    out = {people[i] for i in order[:held_out]}
    return [d for d in digits if d.writer not in out], [d for d in digits if d.writer in out]


def held_out_writers(digits: Sequence[PenDigit], held_out: int = DEFAULT_HELD_OUT_WRITERS, seed: int = 0) -> list[int]:
    """The writers `split_by_writer` keeps apart with the same arguments."""
    return writers(split_by_writer(digits, held_out, seed)[1])
