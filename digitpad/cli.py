"""Command line: `digitpad` opens the window; `digitpad train|eval|predict` work without one."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import digitpad

if TYPE_CHECKING:
    from torch import nn

    from digitpad.core.data.mnist import MNIST
    from digitpad.core.data.pen_renders import PenData
    from digitpad.core.models.checkpoint import Checkpoint
    from digitpad.core.runtime.jobs import JobState
    from digitpad.core.training.loop import EpochReport, StepReport, TrainConfig
    from digitpad.core.training.runs import TrainingOutcome


def _parser() -> argparse.ArgumentParser:
    from digitpad.core.models.names import MODEL_NAMES
    from digitpad.core.training.choices import OPTIMIZERS, PRECISIONS, SCHEDULES

    parser = argparse.ArgumentParser(
        prog="digitpad", description="Draw a digit and see what neural networks make of it."
    )
    parser.add_argument("--version", action="version", version=f"digitpad {digitpad.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{gui,train,eval,predict}")
    sub.add_parser("gui", help="open the window (the default)")

    train = sub.add_parser("train", help="train a model on MNIST and save a checkpoint")
    train.add_argument("--model", default="cnn", choices=MODEL_NAMES)
    train.add_argument("--epochs", type=int, help="default: the model's own (see README)")
    train.add_argument(
        "--channels",
        type=int,
        nargs="+",
        metavar="N",
        help="CNN only: channels of each convolution block (default 16 32)",
    )
    train.add_argument("--batch-size", type=int)
    train.add_argument("--lr", type=float, help="peak learning rate")
    train.add_argument("--optimizer", default="adamw", choices=OPTIMIZERS)
    train.add_argument(
        "--schedule", choices=SCHEDULES, help="learning-rate schedule: onecycle (default), cosine when fine-tuning"
    )
    train.add_argument("--no-augment", action="store_true", help="train on the plain MNIST images")
    train.add_argument(
        "--no-pen-data",
        action="store_true",
        help="MNIST only: leave out the real pen-written digits that the default recipe adds",
    )
    train.add_argument(
        "--pen-data",
        metavar="FILE",
        help="pen-digits file (UNIPEN .tra or .tra.gz) to train on; default: <data-dir>/pendigits, else the copy "
        "that ships with digitpad",
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
    train.add_argument(
        "--precision",
        default="auto",
        choices=PRECISIONS,
        help="auto: bfloat16 mixed precision on CUDA and on CPUs with native bf16, float32 elsewhere",
    )
    train.add_argument("--max-steps", type=int, help="stop after this many steps (quick runs)")
    train.add_argument("--out", required=True, help="checkpoint file to write")
    train.add_argument(
        "--my-digits",
        nargs="?",
        const="",
        metavar="FOLDER",
        help="also train on your own drawings (oversampled; a held-out part is kept to measure the gain); "
        "FOLDER defaults to the app's my_digits folder",
    )
    train.add_argument(
        "--from",
        dest="start",
        metavar="CHECKPOINT",
        help="with --my-digits: fine-tune this checkpoint (a .pt file or a pretrained model's name) instead of "
        "training from scratch; prints the accuracies before and after",
    )
    _data_args(train)

    ev = sub.add_parser("eval", help="accuracy of a checkpoint on the MNIST test set or on real pen digits")
    ev.add_argument("checkpoint", help="a .pt file, or the name of a pretrained model")
    ev.add_argument(
        "--pen-data",
        nargs="?",
        const="",
        metavar="FILE",
        help="instead of MNIST: the held-out writers of a pen-digits file (default: <data-dir>/pendigits, else the "
        "shipped copy), drawn as on the canvas, as written and enlarged",
    )
    ev.add_argument("--device", default="auto")
    _data_args(ev)

    pr = sub.add_parser("predict", help="predict the digit in image files (PNG, JPEG, any size, either polarity)")
    pr.add_argument("images", nargs="+")
    which = pr.add_mutually_exclusive_group()
    which.add_argument("--model", default="cnn", choices=MODEL_NAMES, help="a pretrained model (default cnn)")
    which.add_argument("--checkpoint", help="a checkpoint file")
    pr.add_argument("--ink", default="auto", choices=("auto", "white", "black"))
    pr.add_argument("--json", action="store_true", help="print one JSON object per image")
    return parser


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir", help="MNIST root (torchvision layout); default $DIGITPAD_DATA_DIR or the user data folder"
    )
    p.add_argument("--download", action="store_true", help="download MNIST into the data folder if it is missing")


class UserError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


class CommandFailed(Exception):
    """The command could not do its work for a reason other than its arguments (a full disk, too little memory, a
    run that learned nothing): printed as one line, exit code 1. Nothing the user had was replaced."""


class _ProgressLine:
    """Whether the progress bar is on stderr's last line, unfinished: a message printed next starts a new line."""

    open = False

    @classmethod
    def end(cls) -> None:
        if cls.open:
            print(file=sys.stderr, flush=True)
            cls.open = False


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    _ProgressLine.open = False
    try:
        if command == "gui":
            return _gui()
        from digitpad.core.data.mnist import DataError, DataMissingError
        from digitpad.core.inference.images import ImageError
        from digitpad.core.models.checkpoint import CheckpointError, CheckpointSaveError

        try:
            return {"train": _train, "eval": _eval, "predict": _predict}[command](args)
        except DataMissingError as exc:
            raise UserError(f"{exc} (pass --download to fetch them)") from exc
        except CheckpointSaveError as exc:  # a full disk: not the user's input; the previous file is intact
            raise CommandFailed(str(exc)) from exc
        except (CheckpointError, DataError, ImageError, ValueError, OSError) as exc:
            raise UserError(str(exc)) from exc
    except (UserError, CommandFailed) as exc:
        _ProgressLine.end()
        print(f"digitpad: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UserError) else 1
    except KeyboardInterrupt:
        _ProgressLine.end()
        print("digitpad: interrupted", file=sys.stderr)
        return 130


def _gui() -> int:
    try:
        from digitpad.ui.app import run_app
    except ImportError as exc:
        raise UserError(
            f"the window cannot open: {exc}. Use `digitpad train|eval|predict`; on a minimal Linux the window needs "
            "`sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1` and the X11 libraries "
            "of the README's quick start."
        ) from exc
    return run_app()  # says why, and returns 1, where no window can open (no display, Qt's libraries missing)


def _printing_state() -> JobState:
    """The job state of a command-line run: progress and epochs printed as they come."""
    from digitpad.core.runtime.jobs import JobState

    return JobState(on_progress=_report_progress, on_partial=_report_progress)


def _report_progress(r: StepReport | EpochReport) -> None:
    from digitpad.core.training.loop import StepReport

    if isinstance(r, StepReport):
        done = r.step / r.total_steps
        bar = "#" * int(30 * done) + "-" * (30 - int(30 * done))
        print(
            f"\r[{bar}] step {r.step}/{r.total_steps} loss {r.loss:.4f} "
            f"{r.samples_per_s:,.0f} img/s ETA {r.eta_s:4.0f}s",
            end="",
            file=sys.stderr,
            flush=True,
        )
        _ProgressLine.open = True
    else:
        if not (sys.stdout.isatty() and sys.stderr.isatty()):  # on one terminal the epoch line overwrites the bar
            _ProgressLine.end()
        _ProgressLine.open = False
        print(
            f"\repoch {r.epoch}/{r.epochs}: train loss {r.train_loss:.4f} acc {r.train_acc:.2%} | "
            f"val loss {r.val_loss:.4f} acc {r.val_acc:.2%} | {r.seconds:.1f}s" + " " * 20
        )


def _train(args: argparse.Namespace) -> int:
    from digitpad.core.models.checkpoint import CheckpointSaveError, check_save_destination

    try:  # before the run, not after it: a run must not be lost for want of a place to save it
        check_save_destination(args.out)
    except CheckpointSaveError as exc:
        raise UserError(f"--out {exc}") from exc
    if args.my_digits is not None:
        return _train_with_my_digits(args)
    if args.start:
        raise UserError("--from fine-tunes on your own drawings: add --my-digits [FOLDER]")
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.models.checkpoint import save_checkpoint
    from digitpad.core.runtime.devices import device_label, resolve_device, use_mixed_precision

    cfg = _train_config(args)
    device = resolve_device(cfg.device)
    precision = "bf16 mixed precision" if use_mixed_precision(device, cfg.precision) else "float32"
    data = load_mnist(args.data_dir, seed=cfg.seed, download=args.download)
    pen = None
    if cfg.pen_data:
        from digitpad.core.data.pen_renders import add_pen_digits

        data, pen = add_pen_digits(data, args.pen_data or data.root, seed=cfg.seed)
        print(f"MNIST plus {pen.describe()} ({pen.source})")
    cfg = cfg.resolved(train_size=len(data.train))
    print(
        f"Training {cfg.model} on {device_label(device)}: {len(data.train)} images, {cfg.epochs} epochs, "
        f"batch {cfg.batch_size}, lr {cfg.lr}, {cfg.optimizer}/{cfg.schedule}, "
        f"augment {'on' if cfg.augment else 'off'}, {precision}"
    )
    outcome = _train_and_test(cfg, data, pen)
    assert outcome.result is not None
    if not outcome.worth_keeping:  # the window's rule: such a model never replaces one the user has
        kept = "was left as it was" if Path(args.out).exists() else "was not written"
        raise CommandFailed(f"{outcome.message()} {args.out} {kept}.")
    if outcome.result.status == "diverged":
        print(outcome.message())
    path = save_checkpoint(args.out, cfg.model, outcome.result.model, cfg.hparams, metadata=outcome.metadata)
    print(f"Saved {path}")
    return 0 if outcome.result.status != "diverged" else 1


def _train_config(args: argparse.Namespace) -> TrainConfig:
    from digitpad.core.training.loop import TrainConfig

    if args.channels and (args.model != "cnn" or min(args.channels) < 1):
        raise UserError("--channels takes positive numbers, and only for --model cnn")
    return TrainConfig(
        model=args.model,
        hparams={"channels": tuple(args.channels)} if args.channels else {},
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer=args.optimizer,
        schedule=args.schedule or "onecycle",
        augment=not args.no_augment,
        pen_data=not args.no_pen_data,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        max_steps=args.max_steps,
    ).resolved()


def _train_and_test(cfg: TrainConfig, data: MNIST, pen: PenData | None) -> TrainingOutcome:
    """Train with printed progress, then measure what was trained; running out of memory is a one-line failure."""
    from digitpad.core.training.evaluation import evaluate
    from digitpad.core.training.loop import train
    from digitpad.core.training.runs import (
        StepTally,
        TrainingOutcome,
        describe_training_error,
        is_out_of_memory,
        training_metadata,
    )

    tally = StepTally(_printing_state())
    try:
        result = train(cfg, data, tally)
        _ProgressLine.end()
        trained = tally.trained_steps(result)
        test = evaluate(result.model, data.test) if trained > 0 else None
    except (MemoryError, RuntimeError) as exc:  # torch.OutOfMemoryError is a RuntimeError
        if not is_out_of_memory(exc):
            raise
        raise CommandFailed(describe_training_error(exc, cfg)) from exc
    if result.status != "diverged":  # a diverged run's own words come with what was kept
        print(f"{result.message} {result.steps_done} steps in {result.seconds:.0f}s.")
    pen_accuracy = None
    if test is not None:
        print(f"MNIST test accuracy: {test.accuracy:.2%} ({test.count} images), loss {test.loss:.4f}")
        pen_accuracy = _held_out_pen_accuracy(result.model, pen.source if pen is not None else None)
    meta = training_metadata(result, data, test, pen, pen_accuracy)
    return TrainingOutcome(result, test.accuracy if test is not None else None, trained, meta)


def _held_out_pen_accuracy(model: nn.Module, source: Path | None) -> float | None:
    """Accuracy on the held-out writers' pen digits as written on the canvas, printed; None without the file."""
    from digitpad.core.data.mnist import DataError
    from digitpad.core.data.pen_renders import WRITER_SPLIT_SEED
    from digitpad.core.data.pendigits import find_pendigits, read_pendigits, split_by_writer
    from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
    from digitpad.core.training.pen_eval import AS_WRITTEN, evaluate_inputs, labels_of, replay_inputs

    try:
        _, held = split_by_writer(read_pendigits(find_pendigits(source)), seed=WRITER_SPLIT_SEED)
    except (DataError, ValueError) as exc:
        print(f"Real pen digits not measured: {exc}")
        return None
    labels = labels_of(held)
    result = evaluate_inputs(model, replay_inputs(held, AS_WRITTEN), labels, MNIST_MEAN, MNIST_STD)
    print(f"Real pen digits, held-out writers (as written on the canvas): {result.accuracy:.2%} ({result.count})")
    return result.accuracy


def _train_with_my_digits(args: argparse.Namespace) -> int:
    """`digitpad train --my-digits [FOLDER] [--from CHECKPOINT]`: MNIST plus the user's drawings, before/after."""
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.models.checkpoint import save_checkpoint
    from digitpad.core.models.zoo import count_parameters
    from digitpad.core.my_digits.store import DEFAULT_PEN_SCALES, MyDigitsError, MyDigitsStore, to_split
    from digitpad.core.runtime.devices import device_label, resolve_device
    from digitpad.core.training.fine_tune import FineTuneConfig, fine_tune, fine_tuned_checkpoint

    try:
        store = MyDigitsStore(args.my_digits or None)
    except MyDigitsError as exc:  # left as it is: the app keeps what it can of it and sets the file aside
        raise UserError(
            f"{exc} Open the app's My digits panel to keep what can be read and set the file aside."
        ) from exc
    if not len(store):
        raise MyDigitsError(f"No drawings in {store.folder}: add some in the app (My digits panel), or import a file.")
    start = _load(args.start) if args.start else None
    arch = start.arch if start is not None else args.model
    own = to_split(store, seed=args.seed, pen_scales=DEFAULT_PEN_SCALES)
    counts = ", ".join(f"{d}: {n}" for d, n in enumerate(store.counts()))
    print(f"My digits: {len(store)} drawings in {store.folder} ({counts}); {len(own.held_out)} held out to measure.")
    extra = len(own.train) - own.train_drawings
    if extra:
        print(f"{own.train_drawings} drawings to train on, plus {extra} re-rendered with thinner and wider pens.")
    config = FineTuneConfig(
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        augment=not args.no_augment,
        seed=args.seed,
        device=args.device,
        max_steps=args.max_steps,
        optimizer=args.optimizer,
        schedule=args.schedule,
    )
    data = load_mnist(args.data_dir, seed=args.seed, download=args.download)
    device = resolve_device(args.device)
    what = f"Fine-tuning {arch} from {args.start}" if start is not None else f"Training {arch} from scratch"
    print(f"{what} on {device_label(device)}: MNIST ({len(data.train)} images) + {len(own.train)} of your samples")
    result = fine_tune(
        start.model if start is not None else None,
        arch,
        start.hparams if start is not None else {},
        data,
        own,
        config,
        _printing_state(),
    )
    print(f"{result.training.message} {result.training.steps_done} steps in {result.training.seconds:.0f}s.")
    print(f"Your drawings were repeated {result.own_repeats}x: {result.own_share:.0%} of each epoch's samples.")
    for line in result.summary_lines():
        print(line)
    tuned = fine_tuned_checkpoint(start, result)
    meta = tuned.metadata
    meta["data"] = {"dataset": "MNIST + my digits", "train": len(data.train), "own": len(store)}
    meta["parameters"] = count_parameters(result.model)
    meta["device"] = str(device)
    path = save_checkpoint(args.out, tuned.arch, tuned.model, tuned.hparams, meta, tuned.mean, tuned.std)
    print(f"Saved {path}")
    return 0 if result.training.status != "diverged" else 1


def _load(spec: str) -> Checkpoint:
    """A registry name's pretrained checkpoint, or a file; what the loader ignored is noted on stderr."""
    from digitpad.core.models.checkpoint import load_checkpoint, load_pretrained
    from digitpad.core.models.zoo import REGISTRY

    ckpt = load_pretrained(spec) if spec in REGISTRY and not Path(spec).exists() else load_checkpoint(spec)
    for note in ckpt.notes:
        print(f"digitpad: note: {ckpt.path}: {note}", file=sys.stderr)
    return ckpt


def _eval(args: argparse.Namespace) -> int:
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.runtime.devices import resolve_device
    from digitpad.core.training.evaluation import evaluate

    ckpt = _load(args.checkpoint)
    if args.pen_data is not None:
        return _eval_pen(ckpt, args.pen_data or args.data_dir)
    data = load_mnist(args.data_dir, val_size=0, download=args.download)
    result = evaluate(ckpt.model.to(resolve_device(args.device)), data.test)
    print(f"{ckpt.arch}: MNIST test accuracy {result.accuracy:.2%} ({result.count} images), loss {result.loss:.4f}")
    print(
        "per-class accuracy: " + "  ".join(f"{d}: {a:.2%}" for d, a in enumerate(result.per_class_accuracy().tolist()))
    )
    print("confusion matrix (rows: true digit, columns: predicted)")
    print("true\\pred" + "".join(f"{d:>6}" for d in range(10))[3:])
    for d, row in enumerate(result.confusion.tolist()):
        print(f"{d:>6}" + "".join(f"{v:>6}" for v in row))
    return 0


def _eval_pen(ckpt: Checkpoint, source: str | None) -> int:
    from digitpad.core.data.pen_renders import WRITER_SPLIT_SEED
    from digitpad.core.data.pendigits import find_pendigits, read_pendigits, split_by_writer, writers
    from digitpad.core.training.pen_eval import (
        AS_WRITTEN,
        ENLARGED_REPLAY,
        confusion_pairs,
        evaluate_inputs,
        labels_of,
        replay_inputs,
    )

    path = find_pendigits(source or None)
    _, held = split_by_writer(read_pendigits(path), seed=WRITER_SPLIT_SEED)
    labels = labels_of(held)
    print(f"{ckpt.arch}: {len(held)} pen digits by the {len(writers(held))} held-out writers of {path}")
    for replay in (AS_WRITTEN, ENLARGED_REPLAY):
        result = evaluate_inputs(ckpt.model, replay_inputs(held, replay), labels, ckpt.mean, ckpt.std)
        per_digit = "  ".join(f"{d}: {a:.1%}" for d, a in enumerate(result.per_class_accuracy().tolist()))
        mistakes = ", ".join(f"{t} as {p} ({n})" for t, p, n in confusion_pairs(result.confusion)) or "none"
        print(f"{replay.name}: accuracy {result.accuracy:.2%} ({result.count} digits), loss {result.loss:.4f}")
        print(f"  per digit: {per_digit}")
        print(f"  most frequent mistakes: {mistakes}")
    return 0


def _predict(args: argparse.Namespace) -> int:
    from digitpad.core.inference.images import ImageError, read_image
    from digitpad.core.inference.preprocess import preprocess
    from digitpad.core.models.zoo import predict

    ckpt = _load(args.checkpoint) if args.checkpoint else _load(args.model)
    status = 0
    for name in args.images:
        try:  # one unreadable file is reported and the rest of the batch still runs
            x = preprocess(read_image(name), ink=args.ink, mean=ckpt.mean, std=ckpt.std)
        except ImageError as exc:
            print(f"digitpad: error: {exc}", file=sys.stderr)
            status = 2
            continue
        if x is None:
            print(f"digitpad: error: {name}: no digit found (the image is blank)", file=sys.stderr)
            status = 2
            continue
        probs = predict(ckpt.model, x)[0]
        digit = int(probs.argmax())
        if args.json:
            print(
                json.dumps(
                    {
                        "image": name,
                        "model": ckpt.arch,
                        "digit": digit,
                        "confidence": round(float(probs[digit]), 6),
                        "probabilities": [round(float(p), 6) for p in probs],
                    }
                )
            )
        else:
            print(f"{name}: {digit} ({float(probs[digit]):.1%}, {ckpt.arch})")
    return status
