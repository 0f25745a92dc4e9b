"""Every training, fine-tuning and GAN run, recorded as it goes in a SQLite database in the user data folder.

A `RunRecorder` writes one run: `start` adds its row, `log` its metrics while it trains (`log_report` a report's
metrics and its weights' and gradients' histograms), `finish` its end. Each call commits, so a crash or a kill keeps
the history up to its last call (a killed run stays "running"). The database is in WAL mode with a busy timeout, so
the window and a command-line run may write at once. Recording is a side show: a failure (a full disk, a read-only
folder) is reported once and the run goes on unrecorded. `RunHistory` reads and deletes what was recorded. A
database that is not one, or fails its integrity check, is renamed aside (``runs.sqlite.corrupt-<timestamp>``) and a
fresh one made, with a `Message` saying so.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import platform
import sqlite3
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import digitpad
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.paths import resources_dir
from digitpad.core.runtime.run_database import SCHEMA_VERSION as SCHEMA_VERSION
from digitpad.core.runtime.run_database import Notify, connect, log_warning, open_database
from digitpad.core.runtime.run_database import RunHistoryError as RunHistoryError
from digitpad.core.runtime.run_database import default_path as default_path

KINDS = ("train", "fine-tune", "gan")
STATUSES = ("running", "finished", "stopped", "diverged", "failed")


def is_shipped(checkpoint: str | os.PathLike[str]) -> bool:
    """Whether a checkpoint file is one digitpad ships (in ``resources/pretrained``): deleting a run never deletes
    such a file."""
    try:
        shipped = (resources_dir() / "pretrained").resolve()
    except FileNotFoundError:
        return False
    return Path(checkpoint).resolve().is_relative_to(shipped)


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Run:
    id: int
    kind: str
    model: str
    config: dict[str, Any]
    device: str | None
    versions: dict[str, str]
    started: str  # ISO 8601, local time with its offset
    finished: str | None
    duration: float | None  # seconds
    status: str
    metrics: dict[str, Any]  # the final ones
    checkpoint: str | None
    message: str | None


@dataclass(frozen=True)
class MetricRow:
    run_id: int
    step: int | None
    epoch: int | None
    name: str
    value: float | None


@dataclass(frozen=True)
class HistogramRow:
    step: int
    layer: str  # the parameter's name, e.g. "features.0.weight"
    kind: str  # "weights" or "gradients"
    low: float | None  # None where the sample was not a finite number
    high: float | None
    norm: float | None
    counts: tuple[int, ...]  # equal bins over [low, high]


@dataclass(frozen=True)
class RunSummary:
    """What a list of runs shows of one, without its configuration (`RunHistory.summaries`)."""

    id: int
    kind: str
    model: str
    status: str
    started: str
    duration: float | None
    device: str | None
    checkpoint: str | None
    test_accuracy: float | None  # the final one; None where it was not measured (a GAN run)


def _run_of(row: sqlite3.Row) -> Run:
    fields = dict(row)
    for key in ("config", "versions", "metrics"):
        fields[key] = json.loads(fields[key] or "{}")
    return Run(**fields)


def library_versions() -> dict[str, str]:
    import torch  # here: the database opens without torch (`digitpad runs list`)

    return {"python": platform.python_version(), "torch": torch.__version__, "digitpad": digitpad.__version__}


# Report fields that are bookkeeping, not measurements of the run (`RunRecorder.log_report`).
_NOT_METRICS = frozenset({"step", "epoch", "total_steps", "epochs", "eta_s", "samples_per_s", "seconds"})


class RunRecorder:
    """Records one run as it goes; never raises: the first failure is passed to ``notify`` (default: a logged
    warning) and the rest of the run goes unrecorded. Thread-safe: reports may come from a training thread."""

    def __init__(self, path: str | os.PathLike[str] | None = None, notify: Notify = log_warning) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.run_id: int | None = None
        self._notify = notify
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._started = 0.0
        self._step: int | None = None

    def start(self, kind: str, model: str, config: Mapping[str, Any], device: str | None = None) -> int | None:
        """Adds the run, status "running"; returns its id (None when it cannot be recorded)."""
        self._started = time.monotonic()
        with self._lock:
            try:
                self._conn = open_database(self.path, self._notify)
                cursor = self._conn.execute(
                    "INSERT INTO runs (kind, model, config, device, versions, started, status) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'running')",
                    (kind, model, _json(config), device, _json(library_versions()), _now()),
                )
                self.run_id = cursor.lastrowid
            except (sqlite3.Error, OSError, RunHistoryError) as exc:
                self._give_up(exc)
        return self.run_id

    def log(self, step: int | None, epoch: int | None = None, **metrics: float) -> None:
        """Appends ``metrics`` (name=value) at ``step`` (optimiser steps done) and ``epoch``, in one commit."""
        self._step = step if step is not None else self._step
        rows = [(self.run_id, step, epoch, name, float(value)) for name, value in metrics.items()]
        self._write("INSERT INTO metrics (run_id, step, epoch, name, value) VALUES (?, ?, ?, ?, ?)", rows)

    def log_report(self, report: Any) -> None:
        """Logs a training report (a dataclass: `StepReport`, `EpochReport`, `GanReport`): its number fields but the
        bookkeeping ones, at its step (else the last one logged) and epoch, and the `TensorHistogram`s it carries."""
        fields = vars(report)
        samples = fields.get("histograms") or ()
        self._write(
            "INSERT INTO histograms (run_id, step, layer, kind, low, high, norm, counts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(self.run_id, h.step, h.layer, h.kind, h.low, h.high, h.norm, json.dumps(h.counts)) for h in samples],
        )
        metrics = {
            name: value
            for name, value in fields.items()
            if name not in _NOT_METRICS and isinstance(value, int | float) and not isinstance(value, bool)
        }
        if metrics:
            self.log(fields.get("step", self._step), fields.get("epoch"), **metrics)

    def finish(
        self,
        status: str,
        metrics: Mapping[str, Any] | None = None,
        checkpoint: str | Path | None = None,
        message: str | None = None,
    ) -> None:
        """Closes the run: its status (one of `STATUSES`), final metrics, checkpoint file and closing words."""
        row = (
            _now(),
            round(time.monotonic() - self._started, 3),
            status,
            _json(metrics or {}),
            str(Path(checkpoint).resolve()) if checkpoint is not None else None,
            message,
            self.run_id,
        )
        self._write(
            "UPDATE runs SET finished = ?, duration = ?, status = ?, metrics = ?, checkpoint = ?, message = ? "
            "WHERE id = ?",
            [row],
        )
        self.close()

    def set_checkpoint(self, checkpoint: str | Path) -> None:
        """Records the checkpoint file of a run already finished: the window saves a run's model only once the user
        keeps it, in its own thread (a connection of its own, closed at once). A failure goes to ``notify``."""
        if self.run_id is None:
            return
        with self._lock:
            try:
                conn = connect(self.path)
                try:
                    conn.execute(
                        "UPDATE runs SET checkpoint = ? WHERE id = ?", (str(Path(checkpoint).resolve()), self.run_id)
                    )
                finally:
                    conn.close()
            except (sqlite3.Error, OSError) as exc:
                self._give_up(exc)

    @property
    def recording(self) -> bool:
        """Whether the run is started, not finished, and still being recorded."""
        return self._conn is not None and self.run_id is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> RunRecorder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        """A run still open when its block ends by an exception: stopped (Ctrl+C) or failed."""
        if self.recording and exc is not None:
            self.finish("stopped" if isinstance(exc, KeyboardInterrupt) else "failed", message=str(exc) or None)
        self.close()

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Writes ``rows`` in one transaction: all of them or, where it fails, none."""
        with self._lock:
            if self._conn is None or self.run_id is None or not rows:
                return
            try:
                self._conn.execute("BEGIN")
                self._conn.executemany(sql, rows)
                self._conn.execute("COMMIT")
            except (sqlite3.Error, OSError) as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        """Reports why the run is not recorded and stops recording it (called under the lock)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._notify(
            Message(translate("Core", "This run is not recorded in the run history: {error}"), error=text_of(exc))
        )


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, default=str, sort_keys=True)


class RunHistory:
    """The recorded runs, newest last; reading and deleting. Raises `RunHistoryError` where the database cannot be
    opened; ``notices`` holds what opening it reported (a damaged file set aside)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.notices: list[Message] = []
        self._conn = open_database(self.path, self.notices.append)

    def runs(self, newest_first: bool = False) -> list[Run]:
        order = "DESC" if newest_first else "ASC"
        return [_run_of(row) for row in self._conn.execute(f"SELECT * FROM runs ORDER BY id {order}")]

    def summaries(self, after: int = 0, also: Collection[int] = ()) -> list[RunSummary]:
        """The runs with an id above ``after`` and those in ``also``, newest first, read lightly enough for a list of
        thousands to follow a run as it is recorded."""
        rows = self._conn.execute(
            "SELECT id, kind, model, status, started, duration, device, checkpoint, metrics FROM runs "
            f"WHERE id > ? OR id IN ({', '.join('?' * len(also))}) ORDER BY id DESC",
            (after, *also),
        )
        found = []
        for row in rows:
            fields = dict(row)
            metrics = json.loads(fields.pop("metrics") or "{}")
            found.append(RunSummary(**fields, test_accuracy=metrics.get("test_accuracy")))
        return found

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def run(self, run_id: int) -> Run | None:
        row = self._conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run_of(row) if row is not None else None

    def metrics(self, run_id: int) -> list[MetricRow]:
        """Every logged value of a run, in the order written."""
        rows = self._conn.execute(
            "SELECT run_id, step, epoch, name, value FROM metrics WHERE run_id = ? ORDER BY rowid", (run_id,)
        )
        return [MetricRow(**dict(row)) for row in rows]

    def curve(self, run_id: int, name: str, by: str = "step") -> list[tuple[int | None, float | None]]:
        """One metric's ``(step, value)`` pairs (``by="epoch"``: ``(epoch, value)``), as a plot of several runs
        overlaid reads them."""
        if by not in ("step", "epoch"):
            raise ValueError(f"by must be 'step' or 'epoch', not {by!r}")
        rows = self._conn.execute(
            f"SELECT {by} AS x, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY rowid", (run_id, name)
        )
        return [(row["x"], row["value"]) for row in rows]

    def histogram_layers(self, run_id: int) -> list[str]:
        """The parameters a run sampled histograms of, in the model's order."""
        rows = self._conn.execute(
            "SELECT layer FROM histograms WHERE run_id = ? GROUP BY layer ORDER BY MIN(rowid)", (run_id,)
        )
        return [row["layer"] for row in rows]

    def histograms(self, run_id: int, layer: str | None = None, kind: str | None = None) -> list[HistogramRow]:
        """A run's histograms by step: of one parameter (``layer``) and one ``kind`` ("weights" or "gradients"),
        or, where they are None, of every one."""
        where = "".join(f" AND {column} = ?" for column, value in (("layer", layer), ("kind", kind)) if value)
        rows = self._conn.execute(
            f"SELECT step, layer, kind, low, high, norm, counts FROM histograms WHERE run_id = ?{where} "
            "ORDER BY step, rowid",
            (run_id, *(value for value in (layer, kind) if value)),
        )
        return [HistogramRow(**{**dict(row), "counts": tuple(json.loads(row["counts"]))}) for row in rows]

    def data_version(self) -> int:
        """A number that changes when another connection (a training run) has written since it was last read."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def delete(self, run_id: int) -> Run | None:
        """Removes a run and its metrics (not its checkpoint file); returns what was removed, None if none was."""
        found = self.run(run_id)
        if found is not None:
            self._conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        return found

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> RunHistory:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
