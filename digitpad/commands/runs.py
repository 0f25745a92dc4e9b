"""`digitpad runs list|show|compare|delete|export`: the run history every training, fine-tuning and GAN run adds to."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitpad.commands.common import CommandFailed, UserError
from digitpad.commands.language import LANGUAGES, HelpFormatter, describe, localize, translate

if TYPE_CHECKING:
    from digitpad.core.runtime.run_history import Run, RunHistory


def add_runs_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "runs",
        help=translate("Cli", "the recorded training runs: list, show, compare, delete or export them"),
        formatter_class=HelpFormatter,
    )
    actions = p.add_subparsers(dest="runs_command", metavar="{list,show,compare,delete,export}", required=True)
    _action(actions, "list", translate("Cli", "every recorded run, oldest first"))
    show = _action(actions, "show", translate("Cli", "one run: its configuration, versions, metrics and checkpoint"))
    show.add_argument("id", type=int)
    compare = _action(actions, "compare", translate("Cli", "runs side by side: what differs, and their results"))
    compare.add_argument("ids", type=int, nargs="+", metavar="ID")
    delete = _action(actions, "delete", translate("Cli", "remove a run from the history"))
    delete.add_argument("id", type=int)
    delete.add_argument(
        "--with-checkpoint", action="store_true", help=translate("Cli", "also delete the checkpoint file it wrote")
    )
    export = _action(actions, "export", translate("Cli", "every run and every metric it logged, as CSV or JSON"))
    export.add_argument("--format", default="csv", choices=("csv", "json"))
    export.add_argument("--out", metavar="FILE", help=translate("Cli", "file to write (default: print them)"))
    return p


def _action(actions: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
    p = actions.add_parser(name, help=text, description=text, formatter_class=HelpFormatter)
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=translate(
            "Cli", "language of the help and messages (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)"
        ),
    )
    return p


def runs_command(args: argparse.Namespace) -> int:
    with _history() as history:
        if args.runs_command == "list":
            _list(history.runs())
        elif args.runs_command == "show":
            _show(history, _run(history, args.id))
        elif args.runs_command == "compare":
            _compare(history, [_run(history, i) for i in args.ids])
        elif args.runs_command == "delete":
            _delete(history, _run(history, args.id), args.with_checkpoint)
        else:
            _export(history, args.format, args.out)
    return 0


@contextmanager
def _history() -> Iterator[RunHistory]:
    from digitpad.core.runtime.run_history import RunHistory, RunHistoryError

    try:
        history = RunHistory()
    except RunHistoryError as exc:
        raise CommandFailed(describe(exc)) from exc
    for notice in history.notices:
        print(translate("Cli", "digitpad: warning: {message}").format(message=localize(notice)), file=sys.stderr)
    try:
        yield history
    finally:
        history.close()


def _run(history: RunHistory, run_id: int) -> Run:
    found = history.run(run_id)
    if found is None:
        raise UserError(translate("Cli", "no run {id} in the run history").format(id=run_id))
    return found


def _list(runs: Sequence[Run]) -> None:
    if not runs:
        print(translate("Cli", "No runs recorded yet: `digitpad train` and the window's Training panel add them."))
        return
    header = [
        translate("Cli", "ID"),
        translate("Cli", "Kind"),
        translate("Cli", "Model"),
        translate("Cli", "Status"),
        translate("Cli", "Started"),
        translate("Cli", "Duration"),
        translate("Cli", "Device"),
        translate("Cli", "Result"),
    ]
    rows = [
        [str(r.id), r.kind, r.model, r.status, r.started, _duration(r.duration), r.device or "", _headline(r)]
        for r in runs
    ]
    _print_table(header, rows)


def _show(history: RunHistory, run: Run) -> None:
    print(
        translate("Cli", "Run {id}: {kind} {model}, {status}").format(
            id=run.id, kind=run.kind, model=run.model, status=run.status
        )
    )
    print(
        translate("Cli", "Started {started}, finished {finished} ({duration})").format(
            started=run.started, finished=run.finished or "-", duration=_duration(run.duration)
        )
    )
    if run.message:
        print(run.message)
    print(translate("Cli", "Device: {device}").format(device=run.device or "-"))
    print(translate("Cli", "Versions: {versions}").format(versions=_pairs(run.versions)))
    print(translate("Cli", "Configuration: {config}").format(config=_pairs(run.config)))
    print(translate("Cli", "Final metrics: {metrics}").format(metrics=_pairs(run.metrics) or "-"))
    checkpoint = run.checkpoint or "-"
    if run.checkpoint and not Path(run.checkpoint).exists():
        checkpoint = translate("Cli", "{path} (no longer there)").format(path=run.checkpoint)
    print(translate("Cli", "Checkpoint: {path}").format(path=checkpoint))
    sampled = history.histograms(run.id)
    if sampled:
        steps = sorted({h.step for h in sampled})
        print(
            translate(
                "Cli", "Weight and gradient histograms: {layers} parameters at {count} steps ({first} to {last})"
            ).format(layers=len({h.layer for h in sampled}), count=len(steps), first=steps[0], last=steps[-1])
        )
    curves = _last_values(history, run.id)
    if curves:
        print(translate("Cli", "Logged metrics (last value, at step):"))
        for name, (count, step, value) in curves.items():
            print(
                translate("Cli", "  {name}: {value} at step {step} ({count} values)").format(
                    name=name, value=_number(value), step=step, count=count
                )
            )


def _compare(history: RunHistory, runs: Sequence[Run]) -> None:
    """One column a run: where they differ in configuration, then their final metrics and last logged values."""
    rows = [
        [translate("Cli", "Kind"), *(r.kind for r in runs)],
        [translate("Cli", "Model"), *(r.model for r in runs)],
        [translate("Cli", "Status"), *(r.status for r in runs)],
        [translate("Cli", "Device"), *(r.device or "" for r in runs)],
        [translate("Cli", "Duration"), *(_duration(r.duration) for r in runs)],
    ]
    for key in sorted({k for r in runs for k in r.config}):
        values = [_cell(r.config.get(key)) for r in runs]
        if len(set(values)) > 1:
            rows.append([key, *values])
    for key in sorted({k for r in runs for k in r.metrics}):
        rows.append([key, *(_cell(r.metrics.get(key)) for r in runs)])
    last = [_last_values(history, r.id) for r in runs]
    for name in sorted({n for curves in last for n in curves}):
        rows.append([f"{name} (last)", *(_number(c[name][2]) if name in c else "" for c in last)])
    _print_table(["", *(translate("Cli", "Run {id}").format(id=r.id) for r in runs)], rows)


def _delete(history: RunHistory, run: Run, with_checkpoint: bool) -> None:
    history.delete(run.id)
    print(translate("Cli", "Deleted run {id}.").format(id=run.id))
    if not with_checkpoint or not run.checkpoint:
        return
    from digitpad.core.runtime.run_history import is_shipped

    path = Path(run.checkpoint)
    if is_shipped(path):
        print(translate("Cli", "Its checkpoint {path} comes with digitpad and was kept.").format(path=path))
        return
    try:
        path.unlink()
    except FileNotFoundError:
        print(translate("Cli", "Its checkpoint {path} was already gone.").format(path=path))
    except OSError as exc:
        raise CommandFailed(
            translate("Cli", "its checkpoint {path} was not deleted: {error}").format(path=path, error=describe(exc))
        ) from exc
    else:
        print(translate("Cli", "Deleted its checkpoint {path}.").format(path=path))


def _export(history: RunHistory, fmt: str, out: str | None) -> None:
    from digitpad.core.runtime.atomic import atomic_write
    from digitpad.core.runtime.run_export import export_runs

    text, count = export_runs(history, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    with atomic_write(out) as f:
        f.write(text.encode("utf-8"))
    print(translate("Cli", "Wrote {count} runs to {path}").format(count=count, path=out), file=sys.stderr)


def _last_values(history: RunHistory, run_id: int) -> dict[str, tuple[int, int | None, float | None]]:
    """Each logged metric's number of values, and its last step and value."""
    found: dict[str, tuple[int, int | None, float | None]] = {}
    for m in history.metrics(run_id):
        count = found[m.name][0] + 1 if m.name in found else 1
        found[m.name] = (count, m.step, m.value)
    return found


def _headline(run: Run) -> str:
    """The number a list of runs shows: a classifier's test accuracy, else the first final metric."""
    for key in ("test_accuracy", "test_accuracy_after", "generated_accuracy"):
        if run.metrics.get(key) is not None:
            return f"{key} {run.metrics[key]:.2%}"
    return next((f"{k} {_number(v)}" for k, v in run.metrics.items() if v is not None), "")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.1f}s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _number(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _cell(value: object) -> str:
    return "" if value is None else _number(value) if not isinstance(value, list | dict) else json.dumps(value)


def _pairs(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_cell(v)}" for k, v in values.items())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
