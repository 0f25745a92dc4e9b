"""The user's own labelled drawings ("my digits"): a store in a folder, stroke re-rendering and training splits.

What is kept per drawing: the label, the 28x28 model input (exactly what a prediction of the drawing gets: for
strokes, their rendering by `inference.strokes`), the stroke points with the pen width, and the time it was
added. The full-size canvas picture is not stored: the strokes render the model input again at any stroke
thickness (`rerender`) and the canvas picture at any pen width (`inference.pen.render_strokes`), and at 78 kB a
picture it would make every save of a large collection slow. A picture opened from disk has no strokes; only its
model input is kept.

The store is one file, ``digits.npz`` (format in `digitpad.core.my_digits.file_format`), rewritten atomically on every
change: the in-memory list changes only after the new file is safely in place, so memory and disk always agree
and a crash loses nothing that was saved before it. Several processes may share the folder (the app open twice,
the app and `digitpad train --my-digits`): every change holds an advisory lock on ``.digits.lock`` in the folder,
takes up what the others saved since (by drawing id) and applies itself to that, so no one's drawing is lost.
A file that cannot be read is never overwritten: what can be read of it is kept, and the file is set aside.

The lock lives in `digitpad.core.my_digits.lock`, the training splits (`to_split`, `rerender`) in
`digitpad.core.my_digits.splits`; both are importable from here too.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from digitpad.core.inference.pen import REFERENCE_SIDE, StrokeLike, render_strokes
from digitpad.core.inference.preprocess import INK_THRESHOLD, preprocess
from digitpad.core.inference.strokes import render_digit
from digitpad.core.my_digits.file_format import (
    FIELD,
    MyDigit,
    MyDigitsError,
    file_stamp,
    read,
    read_stamped,
    salvage,
    write,
)
from digitpad.core.my_digits.lock import LOCK_FILE, read_revision, store_lock
from digitpad.core.my_digits.splits import DEFAULT_HELD_OUT as DEFAULT_HELD_OUT
from digitpad.core.my_digits.splits import DEFAULT_PEN_SCALES as DEFAULT_PEN_SCALES
from digitpad.core.my_digits.splits import OwnDigits, to_split
from digitpad.core.my_digits.splits import is_held_out as is_held_out
from digitpad.core.my_digits.splits import rerender as rerender
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.paths import user_data_dir

__all__ = [
    "MyDigit",
    "MyDigitsError",
    "MyDigitsStore",
    "OwnDigits",
    "ImportReport",
    "REFERENCE_SIDE",
    "default_folder",
    "model_input",
    "render_strokes",
    "to_split",
]

STORE_FILE = "digits.npz"


def default_folder() -> Path:
    """Where the app keeps my digits: ``<user data folder>/my_digits``."""
    return user_data_dir() / "my_digits"


def model_input(image: np.ndarray | torch.Tensor) -> np.ndarray | None:
    """A canvas picture (uint8 ``[H, W]``, white ink on black) -> the uint8 ``[28, 28]`` model input, or None if blank.

    The same preprocessing as a live prediction (`preprocess`, normalize=False), scaled to 0..255.
    """
    field01 = preprocess(image, ink="white", normalize=False)
    if field01 is None:
        return None
    return (field01[0] * 255).round().to(torch.uint8).numpy()


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int  # already in the store (the same drawing imported before)


class MyDigitsStore:
    """The user's labelled drawings in ``folder/digits.npz``; every change is saved before it shows in memory."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self._empty(folder)
        self.reload()

    def _empty(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.path = self.folder / STORE_FILE
        self._digits: list[MyDigit] = []
        self._seen: tuple[object, ...] | None = None  # the file stamp and revision `_digits` came from
        self.notice: Message | None = None  # set when a change found the file unreadable and set it aside

    @classmethod
    def open_or_set_aside(cls, folder: str | Path | None = None) -> tuple[MyDigitsStore, Message | None]:
        """Open the store; if its file is unreadable, keep what can be read of it, rename the file aside (never
        delete or change it) and go on with what was kept.

        Returns the store and, when a file was set aside, a message saying what was kept and where the file went.
        """
        try:
            return cls(folder), None
        except MyDigitsError as exc:
            problem = exc
        store = cls.__new__(cls)
        store._empty(folder)
        try:
            with store_lock(store.folder):
                try:
                    store._take_up_disk()
                    return store, None  # another process set it aside meanwhile
                except MyDigitsError as exc:
                    return store, store._set_aside(exc, [])
        except OSError as exc:  # it stays where it is: a change will try again, and never overwrite it
            store._digits, store._seen = salvage(store.path), None
            return store, Message(
                translate("Core", "{problem} It could not be set aside ({reason}), so nothing can be saved."),
                problem=text_of(problem),
                reason=exc.strerror or str(exc),
            )

    def _set_aside(self, problem: MyDigitsError, known: list[MyDigit]) -> Message:
        """Keep ``known`` and what can be read of the unreadable file, rename the file aside and save the rest.

        Runs under the lock. Returns the message for the user."""
        kept = _merged(known, salvage(self.path))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{STORE_FILE}.unreadable-{stamp}")
        for n in range(2, 1000):
            if not aside.exists():
                break
            aside = self.path.with_name(f"{STORE_FILE}.unreadable-{stamp}-{n}")
        self.path.rename(aside)
        self._write(kept)
        said = {"problem": text_of(problem), "name": aside.name}
        if not kept:
            return Message(
                translate(
                    "Core",
                    "{problem} It was renamed to {name}; nothing in it could be read, and a new collection was "
                    "started.",
                ),
                **said,
            )
        if len(kept) == 1:
            return Message(
                translate("Core", "{problem} It was renamed to {name}; the one drawing still readable was kept."),
                **said,
            )
        return Message(
            translate("Core", "{problem} It was renamed to {name}; the {count} drawings still readable were kept."),
            count=len(kept),
            **said,
        )

    # ----- reading ---------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._digits)

    def __iter__(self) -> Iterator[MyDigit]:
        return iter(list(self._digits))

    def digits(self, label: int | None = None) -> list[MyDigit]:
        """All digits in the order they were added, or only those with ``label``."""
        return [d for d in self._digits if label is None or d.label == label]

    def get(self, digit_id: str) -> MyDigit:
        for d in self._digits:
            if d.id == digit_id:
                return d
        raise KeyError(Message(translate("Core", "no digit {id!r} in {path}"), id=digit_id, path=self.path))

    def counts(self) -> list[int]:
        """How many drawings of each digit 0..9."""
        counts = [0] * 10
        for d in self._digits:
            counts[d.label] += 1
        return counts

    # ----- changing ----------------------------------------------------------------------------------------------
    def add(
        self,
        label: int,
        image: np.ndarray | torch.Tensor,
        strokes: Sequence[StrokeLike] = (),
        pen_width: float = 20.0,
        created: float | None = None,
        stroke_widths: Sequence[float] = (),
    ) -> MyDigit:
        """Store a labelled drawing and return it.

        image: uint8 ``[28, 28]`` taken as the model input as it is, or a canvas picture of any other size (white ink
        on black): then the model input is rendered from ``strokes`` when there are any, as the canvas does, and
        preprocessed from the picture when there are none. Raises ValueError for a blank drawing or a label not 0-9.
        """
        label = _check_label(label)
        array = np.asarray(image.detach().cpu() if isinstance(image, torch.Tensor) else image)
        points = tuple(_check_stroke(s) for s in strokes)
        if array.shape == (FIELD, FIELD):
            picture: np.ndarray | None = array.astype(np.uint8)
            if int(picture.max()) < INK_THRESHOLD * 255:  # type: ignore[union-attr]
                picture = None
        elif points:  # rendered from the strokes, as the canvas renders a drawing for a prediction
            field = render_digit(points)
            picture = None if field is None else (field[0] * 255).round().to(torch.uint8).numpy()
        else:
            picture = model_input(array)
        if picture is None:
            raise ValueError(
                Message(translate("Core", "The drawing is empty: draw a digit before adding it to your digits."))
            )
        widths = tuple(float(w) for w in stroke_widths)
        if not all(math.isfinite(w) and w > 0 for w in (pen_width, *widths)):
            raise ValueError(f"pen widths must be positive numbers, not {pen_width} / {widths}")
        if widths and len(widths) != len(points):
            raise ValueError(f"{len(widths)} stroke widths for {len(points)} strokes")
        when = time.time() if created is None else created
        digit = MyDigit(uuid.uuid4().hex, label, picture, points, float(pen_width), when, widths)
        self._change(lambda digits: [*digits, digit])
        return digit

    def delete(self, *digit_ids: str) -> int:
        """Remove these digits (unknown ids are ignored); returns how many were removed."""
        gone = set(digit_ids)
        removed = 0

        def edit(digits: list[MyDigit]) -> list[MyDigit] | None:
            nonlocal removed
            kept = [d for d in digits if d.id not in gone]
            removed = len(digits) - len(kept)
            return kept if removed else None

        self._change(edit)
        return removed

    def relabel(self, digit_id: str, label: int) -> MyDigit:
        label = _check_label(label)
        old = self.get(digit_id)
        new = replace(old, label=label)
        if new.label != old.label:
            self._change(lambda digits: [new if d.id == digit_id else d for d in digits])
        return new

    def export(self, path: str | Path) -> Path:
        """Write the whole collection to one file (same format as the store) for another machine to import."""
        return write(Path(path), self._digits)

    def import_file(self, path: str | Path) -> ImportReport:
        """Add the digits of an exported file; drawings already here (same id) are skipped.

        The whole file is checked first: a corrupt or foreign file raises `MyDigitsError` and changes nothing.
        """
        return self.insert(read(Path(path)))

    def insert(self, digits: Sequence[MyDigit]) -> ImportReport:
        """Add existing digits (imported, or deleted and brought back), keeping their ids; known ids are skipped."""
        added = 0

        def edit(current: list[MyDigit]) -> list[MyDigit] | None:
            nonlocal added
            known = {d.id for d in current}
            new = [d for d in digits if d.id not in known]
            added = len(new)
            return [*current, *new] if new else None

        self._change(edit)
        return ImportReport(added=added, skipped=len(digits) - added)

    def reload(self) -> None:
        """Read the file again (what other processes saved shows); raises `MyDigitsError` if it is unreadable.

        No lock needed: a save replaces the file whole, and its stamp is that of the very file read."""
        self._seen = None
        self._take_up_disk()

    def _change(self, edit: Callable[[list[MyDigit]], list[MyDigit] | None]) -> None:
        """Apply ``edit`` to the collection as it is on disk now, under the lock, and save the result.

        ``edit`` returns the new list, or None for no change. A file another process left unreadable is set aside,
        its readable drawings and ours kept: ``self.notice`` then says so."""
        with store_lock(self.folder):
            try:
                self._take_up_disk()
            except MyDigitsError as exc:
                self.notice = self._set_aside(exc, self._digits)
                self._take_up_disk()
            changed = edit(self._digits)
            if changed is not None:
                self._write(changed)

    def _take_up_disk(self) -> None:
        """Under the lock (or for a first read): make `_digits` what the file holds, reading it only if it changed."""
        revision = read_revision(self.folder)
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._digits, self._seen = [], (None, revision)
            return
        if self._seen == (file_stamp(st), revision):
            return
        self._digits, stamp = read_stamped(self.path)
        self._seen = (stamp, revision)

    def _write(self, digits: list[MyDigit]) -> None:
        """Under the lock: save, then note a new revision, so the other processes know to read the file again."""
        write(self.path, digits)
        revision = uuid.uuid4().hex
        try:
            (self.folder / LOCK_FILE).write_text(revision)
        except OSError:
            revision = ""
        self._digits, self._seen = digits, (file_stamp(os.stat(self.path)), revision)


def _merged(first: Sequence[MyDigit], second: Sequence[MyDigit]) -> list[MyDigit]:
    known = {d.id for d in first}
    return [*first, *(d for d in second if d.id not in known)]


def _check_label(label: int) -> int:
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= int(label) <= 9:
        raise ValueError(Message(translate("Core", "a digit's label must be 0-9, not {label!r}"), label=label))
    return int(label)


def _check_stroke(stroke: StrokeLike) -> np.ndarray:
    points = np.asarray(stroke, np.float32)
    if points.ndim != 2 or points.shape[1] != 3 or len(points) == 0 or not np.isfinite(points).all():
        raise ValueError("a stroke must be a non-empty list of finite (x, y, pressure) points")
    return points.copy()
