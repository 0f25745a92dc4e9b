"""The run history's SQLite file: its schema and the migrations to it, opening it, and setting a damaged one aside
(``runs.sqlite.corrupt-<timestamp>``) for a fresh one, with a `Message` saying so. `run_history` records runs in it
and reads them."""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.core.runtime.paths import user_data_dir

_log = logging.getLogger(__name__)

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
    # Version 3: each parameter's weights and gradients over time (`digitpad.core.training.histograms`), counts as
    # a JSON list of equal bins over [low, high], read by run, layer and kind.
    """
    CREATE TABLE histograms (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        layer TEXT NOT NULL,
        kind TEXT NOT NULL,
        low REAL,
        high REAL,
        norm REAL,
        counts TEXT NOT NULL
    );
    CREATE INDEX histograms_by_run ON histograms (run_id, layer, kind, step);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

Notify = Callable[[Message], None]


class RunHistoryError(Exception):
    """The run history cannot be read or written (a read-only folder, a full disk, a database locked too long)."""


def default_path() -> Path:
    return user_data_dir() / "runs.sqlite"


def log_warning(message: Message) -> None:
    _log.warning("%s", message)


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


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def open_database(path: Path, notify: Notify = log_warning) -> sqlite3.Connection:
    """A connection to the run history at ``path``, created and migrated as needed; a corrupt file is set aside
    (``notify`` says so) and a fresh one made. Raises `RunHistoryError` where the folder cannot hold a database."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(path)
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
            conn = connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # enough in WAL mode: a killed process loses nothing it committed
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
        return conn
    except (sqlite3.Error, OSError) as exc:
        raise RunHistoryError(
            Message(translate("Core", "The run history {path} cannot be used: {error}"), path=path, error=text_of(exc))
        ) from exc
