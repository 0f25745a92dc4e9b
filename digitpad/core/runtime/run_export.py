"""The run history as a file: CSV (one row a logged value) or JSON (one record a run, with everything it logged), for
`digitpad runs export` and the window's Runs view alike."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from dataclasses import asdict

from digitpad.core.runtime.atomic import atomic_write
from digitpad.core.runtime.run_history import RunHistory

FORMATS = ("csv", "json")
CSV_COLUMNS = ("run_id", "kind", "model", "status", "started", "step", "epoch", "name", "value")


def export_runs(history: RunHistory, fmt: str, run_ids: Sequence[int] | None = None) -> tuple[str, int]:
    """The runs ``run_ids`` (None: every run), oldest first, as ``fmt`` ("csv" or "json") text, and how many runs
    it holds. CSV rows are the logged values, then each run's final metrics (with no step); a JSON record is a run
    with its ``log`` of values and its ``histograms``."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    runs = history.runs()
    if run_ids is not None:
        wanted = set(run_ids)
        runs = [r for r in runs if r.id in wanted]
    if fmt == "json":
        records = [
            {
                **asdict(r),
                "log": [
                    {"step": m.step, "epoch": m.epoch, "name": m.name, "value": m.value} for m in history.metrics(r.id)
                ],
                "histograms": [{**asdict(h), "counts": list(h.counts)} for h in history.histograms(r.id)],
            }
            for r in runs
        ]
        return json.dumps(records, indent=2) + "\n", len(runs)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in runs:
        for m in history.metrics(r.id):
            writer.writerow([r.id, r.kind, r.model, r.status, r.started, m.step, m.epoch, m.name, m.value])
        for name, value in r.metrics.items():  # the final metrics: no step
            writer.writerow([r.id, r.kind, r.model, r.status, r.started, "", "", name, value])
    return buffer.getvalue(), len(runs)


def export_to_file(
    out: str | os.PathLike[str],
    fmt: str,
    run_ids: Sequence[int] | None = None,
    database: str | os.PathLike[str] | None = None,
) -> int:
    """Writes `export_runs` of the history at ``database`` (default: the user's) to ``out``, atomically; returns the
    number of runs written. It opens a connection of its own, so it may run in a worker thread."""
    with RunHistory(database) as history:
        text, count = export_runs(history, fmt, run_ids)
    with atomic_write(out) as f:
        f.write(text.encode("utf-8"))
    return count
