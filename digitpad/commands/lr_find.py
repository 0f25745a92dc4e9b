"""`digitpad lr-find`: the learning-rate range test on MNIST: loss against learning rate, and a suggested value."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.commands.common import ProgressLine, UserError
from digitpad.commands.language import HelpFormatter, describe, translate

if TYPE_CHECKING:
    from digitpad.core.training.lr_finder import LRCurve, LRPoint

TABLE_ROWS = 10


def add_lr_find_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from digitpad.core.models.names import MODEL_NAMES
    from digitpad.core.training.choices import OPTIMIZERS

    p = sub.add_parser(
        "lr-find",
        help=translate("Cli", "learning-rate range test: the loss as the learning rate grows, and a suggested value"),
        formatter_class=HelpFormatter,
    )
    p.add_argument("--model", default="cnn", choices=MODEL_NAMES, help=translate("Cli", "default cnn"))
    p.add_argument("--steps", type=int, default=100, help=translate("Cli", "training steps, one per learning rate"))
    p.add_argument("--start-lr", type=float, default=1e-6, help=translate("Cli", "the first learning rate"))
    p.add_argument("--end-lr", type=float, default=1.0, help=translate("Cli", "the last learning rate"))
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--optimizer", default="adamw", choices=OPTIMIZERS)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", help=translate("Cli", "auto, cpu, cuda, cuda:N or mps"))
    p.add_argument(
        "--plot", metavar="FILE.csv", help=translate("Cli", "also write every step (lr, loss, raw loss) as CSV")
    )
    return p


def lr_find_command(args: argparse.Namespace) -> int:
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.runtime.jobs import JobState
    from digitpad.core.training.lr_finder import lr_range_test

    if args.plot and not Path(args.plot).parent.is_dir():  # before the run, not after it
        raise UserError(translate("Cli", "--plot {path}: no such folder").format(path=args.plot))
    data = load_mnist(args.data_dir, seed=args.seed, download=args.download)
    print(
        translate("Cli", "Learning-rate range test for {model}: {steps} steps from {start:g} to {end:g}").format(
            model=args.model, steps=args.steps, start=args.start_lr, end=args.end_lr
        )
    )
    curve = lr_range_test(
        args.model,
        data,
        JobState(on_progress=_report_point),
        start_lr=args.start_lr,
        end_lr=args.end_lr,
        steps=args.steps,
        batch_size=args.batch_size,
        seed=args.seed,
        optimizer=args.optimizer,
        device=args.device,
    )
    ProgressLine.end()
    _print_table(curve)
    if args.plot:
        _write_csv(Path(args.plot), curve)
    return 0


def _report_point(point: LRPoint) -> None:
    line = translate("Cli", "step {step}/{total} lr {lr:.2e} loss {loss:.4f}").format(
        step=point.step, total=point.steps, lr=point.lr, loss=point.loss
    )
    print(f"\r{line}", end="", file=sys.stderr, flush=True)
    ProgressLine.open = True


def _print_table(curve: LRCurve) -> None:
    if curve.status == "diverged":
        print(
            translate("Cli", "The loss diverged at lr {lr:.2e}, after {steps} steps.").format(
                lr=curve.lrs[-1], steps=len(curve.lrs)
            )
        )
    elif curve.status == "stopped":
        print(translate("Cli", "Stopped after {steps} steps.").format(steps=len(curve.lrs)))
    print(f"{translate('Cli', 'lr'):>10}  {translate('Cli', 'loss'):>8}")
    count = len(curve.lrs)
    rows = sorted({round(i * (count - 1) / (TABLE_ROWS - 1)) for i in range(TABLE_ROWS)}) if count else []
    for i in rows:
        print(f"{curve.lrs[i]:>10.2e}  {curve.losses[i]:>8.4f}")
    if curve.suggestion is None:
        print(translate("Cli", "Too few steps to suggest a learning rate: run more steps."))
    else:
        print(
            translate("Cli", "Suggested learning rate: {lr:.2e} (where the loss falls fastest)").format(
                lr=curve.suggestion
            )
        )


def _write_csv(path: Path, curve: LRCurve) -> None:
    try:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["lr", "loss", "raw_loss"])
            writer.writerows(zip(curve.lrs.tolist(), curve.losses.tolist(), curve.raw_losses.tolist(), strict=True))
    except OSError as exc:
        raise UserError(translate("Cli", "--plot {path}: {error}").format(path=path, error=describe(exc))) from exc
    print(translate("Cli", "Wrote the curve to {path}").format(path=path))
