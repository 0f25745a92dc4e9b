"""Every training, fine-tuning and GAN run, recorded as it goes in a SQLite database in the user data folder.

A `RunRecorder` writes one run: `start` adds its row, `log` its metrics while it trains, `finish` its end. Each call
commits, so a crash or a kill keeps the history up to its last call (a killed run stays "running"). The database is
in WAL mode with a busy timeout, so the window and a command-line run may write at once. Recording is a side
show: a failure (a full disk, a read-only folder) is reported once and the run goes on unrecorded. `RunHistory`
reads and deletes what was recorded. A database that is not one, or fails its integrity check, is renamed aside
(``runs.sqlite.corrupt-<timestamp>``) and a fresh one made, with a `Message` saying so.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import platform
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import digitpad
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.paths import user_data_dir

_log = logging.getLogger(__name__)

KINDS = ("train", "fine-tune", "gan")
STATUSES = ("running", "finished", "stopped", "diverged", "failed")
BUSY_TIMEOUT_MS = 10_000

# MIGRATIONS[i] takes a database from version i to i + 1 (`PRAGMA user_version`); version 1 is the first schema.
MIGRATIONS = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        model TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        device TEXT,
        versions TEXT NOT NULL DEFAULT '{}',
        started TEXT NOT NULL,
        finished TEXT,
        duration REAL,
        status TEXT NOT NULL DEFAULT 'running',
        metrics TEXT NOT NULL DEFAULT '{}',
        checkpoint TEXT
    );
    CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER,
        epoch INTEGER,
        name TEXT NOT NULL,
        value REAL
    );
    """,
    # Version 2: the run's closing words (the core's message), and curves read by run without a full scan.
    """
    ALTER TABLE runs ADD COLUMN message TEXT;
    CREATE INDEX metrics_by_run ON metrics (run_id, name, step);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

Notify = Callable[[Message], None]


class RunHistoryError(Exception):
    """The run history cannot be read or written (a read-only folder, a full disk, a database locked too long)."""


def default_path() -> Path:
    return user_data_dir() / "runs.sqlite"


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _warn(message: Message) -> None:
    _log.warning("%s", message)


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


def _run_of(row: sqlite3.Row) -> Run:
    fields = dict(row)
    for key in ("config", "versions", "metrics"):
        fields[key] = json.loads(fields[key] or "{}")
    return Run(**fields)


def _is_sound(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.OperationalError:  # locked, or the folder unreadable: not the file's fault
        raise
    except sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return False


def _set_aside(path: Path) -> Path:
    """Renames a broken database (and its WAL files) to ``<name>.corrupt-<timestamp>``; returns the new name."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):  # no WAL file, or another process set it aside first
            Path(f"{path}{suffix}").rename(f"{aside}{suffix}")
    return aside


def _migrate(conn: sqlite3.Connection) -> None:
    """Brings the schema to `SCHEMA_VERSION`; one writer at a time (``BEGIN IMMEDIATE``), each step with its bump."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # again: another process may have migrated
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def open_database(path: Path, notify: Notify = _warn) -> sqlite3.Connection:
    """A connection to the run history at ``path``, created and migrated as needed; a corrupt file is set aside
    (``notify`` says so) and a fresh one made. Raises `RunHistoryError` where the folder cannot hold a database."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path)
        if not _is_sound(conn):
            conn.close()
            aside = _set_aside(path)
            notify(
                Message(
                    translate(
                        "Core", "The run history {path} was damaged: it was renamed {aside} and a new one begun."
                    ),
                    path=path,
                    aside=aside.name,
                )
            )
            conn = _connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # enough in WAL mode: a killed process loses nothing it committed
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
        return conn
    except (sqlite3.Error, OSError) as exc:
        raise RunHistoryError(
            Message(translate("Core", "The run history {path} cannot be used: {error}"), path=path, error=text_of(exc))
        ) from exc


def library_versions() -> dict[str, str]:
    import torch  # here: the database opens without torch (`digitpad runs list`)

    return {"python": platform.python_version(), "torch": torch.__version__, "digitpad": digitpad.__version__}


# Report fields that are bookkeeping, not measurements of the run (`RunRecorder.log_report`).
_NOT_METRICS = frozenset({"step", "epoch", "total_steps", "epochs", "eta_s", "samples_per_s", "seconds"})


class RunRecorder:
    """Records one run as it goes; never raises: the first failure is passed to ``notify`` (default: a logged
    warning) and the rest of the run goes unrecorded. Thread-safe: reports may come from a training thread."""

    def __init__(self, path: str | os.PathLike[str] | None = None, notify: Notify = _warn) -> None:
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
        bookkeeping ones, at its step (else the last one logged) and epoch."""
        fields = vars(report)
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
        with self._lock:
            if self._conn is None or self.run_id is None:
                return
            try:
                self._conn.executemany(sql, rows)
            except (sqlite3.Error, OSError) as exc:
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

    def runs(self) -> list[Run]:
        return [_run_of(row) for row in self._conn.execute("SELECT * FROM runs ORDER BY id")]

    def run(self, run_id: int) -> Run | None:
        row = self._conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run_of(row) if row is not None else None

    def metrics(self, run_id: int) -> list[MetricRow]:
        """Every logged value of a run, in the order written."""
        rows = self._conn.execute(
            "SELECT run_id, step, epoch, name, value FROM metrics WHERE run_id = ? ORDER BY rowid", (run_id,)
        )
        return [MetricRow(**dict(row)) for row in rows]

    def curve(self, run_id: int, name: str) -> list[tuple[int | None, float | None]]:
        """One metric's ``(step, value)`` pairs, as a plot of several runs overlaid reads them."""
        rows = self._conn.execute(
            "SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY rowid", (run_id, name)
        )
        return [(row["step"], row["value"]) for row in rows]

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
