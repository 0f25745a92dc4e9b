"""`digitpad train`: train a model on MNIST (and pen digits), or with --my-digits on the user's own drawings too."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.commands.common import CommandFailed, ProgressLine, UserError, load_model
from digitpad.commands.language import describe, localize, translate
from digitpad.commands.train_gan import check_gan_options

if TYPE_CHECKING:
    from torch import nn

    from digitpad.core.data.mnist import MNIST
    from digitpad.core.data.pen_renders import PenData
    from digitpad.core.runtime.jobs import JobState
    from digitpad.core.runtime.messages import Message
    from digitpad.core.runtime.run_history import RunRecorder
    from digitpad.core.training.distributed import Group
    from digitpad.core.training.loop import EpochReport, StepReport, TrainConfig, TrainResult
    from digitpad.core.training.runs import TrainingOutcome


def _printing_state(recorder: RunRecorder) -> JobState:
    """The job state of a command-line run: progress and epochs printed as they come, and recorded."""
    from digitpad.core.runtime.jobs import JobState
    from digitpad.core.training.recording import RecordingState

    return RecordingState(JobState(on_progress=_report_progress, on_partial=_report_progress), recorder)


def _warn(message: Message) -> None:
    """What the run history could not do: a warning on stderr, and the run goes on."""
    ProgressLine.end()
    print(translate("Cli", "digitpad: warning: {message}").format(message=localize(message)), file=sys.stderr)


def _report_progress(r: StepReport | EpochReport) -> None:
    from digitpad.core.training.loop import StepReport

    if isinstance(r, StepReport):
        done = r.step / r.total_steps
        bar = "#" * int(30 * done) + "-" * (30 - int(30 * done))
        line = translate("Cli", "step {step}/{total} loss {loss:.4f} {rate:,.0f} img/s ETA {eta:4.0f}s").format(
            step=r.step, total=r.total_steps, loss=r.loss, rate=r.samples_per_s, eta=r.eta_s
        )
        print(
            f"\r[{bar}] {line}",
            end="",
            file=sys.stderr,
            flush=True,
        )
        ProgressLine.open = True
    else:
        if not (sys.stdout.isatty() and sys.stderr.isatty()):  # on one terminal the epoch line overwrites the bar
            ProgressLine.end()
        ProgressLine.open = False
        line = translate(
            "Cli",
            "epoch {epoch}/{epochs}: train loss {train_loss:.4f} acc {train_acc:.2%} | "
            "val loss {val_loss:.4f} acc {val_acc:.2%} | {seconds:.1f}s",
        ).format(
            epoch=r.epoch,
            epochs=r.epochs,
            train_loss=r.train_loss,
            train_acc=r.train_acc,
            val_loss=r.val_loss,
            val_acc=r.val_acc,
            seconds=r.seconds,
        )
        print(f"\r{line}" + " " * 20)


def train_command(args: argparse.Namespace) -> int:
    from digitpad.core.models.checkpoint import CheckpointSaveError, check_save_destination

    if args.out is None:
        if args.model != "gan":
            raise UserError(translate("Cli", "the following arguments are required: %s") % "--out")
        args.out = "gan.pt"
    check_gan_options(args)
    try:  # before the run, not after it: a run must not be lost for want of a place to save it
        check_save_destination(args.out)
    except CheckpointSaveError as exc:
        raise UserError(f"--out {describe(exc)}") from exc
    if args.start and args.my_digits is None:
        raise UserError(translate("Cli", "--from fine-tunes on your own drawings: add --my-digits [FOLDER]"))
    from digitpad.commands.launch import launch_plan, launch_training

    plan = launch_plan(args)
    if plan is not None:
        return launch_training(args, plan, _train_config(args))
    from digitpad.core.runtime.run_history import RunRecorder
    from digitpad.core.training.distributed import joined

    with joined(args.device) as group:  # one rank of a torchrun job, or None
        if group is not None and group.rank != 0:  # rank 0 alone prints, records and saves
            return _train_quietly(args, group)
        with RunRecorder(notify=_warn) as recorder:  # a run ended by an exception is recorded as failed or stopped
            if args.model == "gan":
                from digitpad.commands.train_gan import train_gan_command

                return train_gan_command(args, recorder)
            if args.my_digits is not None:
                return _train_with_my_digits(args, recorder)
            return _train_classifier(args, recorder, group)


def _train_classifier(args: argparse.Namespace, recorder: RunRecorder, group: Group | None) -> int:
    from digitpad.core.models.checkpoint import save_checkpoint
    from digitpad.core.runtime.devices import device_label, resolve_device, use_mixed_precision
    from digitpad.core.training.recording import training_end, training_start

    cfg = _rank_config(args, group)
    device = resolve_device(cfg.device)
    precision = translate("Cli", "bf16 mixed precision") if use_mixed_precision(device, cfg.precision) else "float32"
    data, pen = _training_data(args, cfg)
    if pen is not None:
        print(
            translate("Cli", "MNIST plus {pen_digits} ({path})").format(
                pen_digits=localize(pen.describe()), path=pen.source
            )
        )
    cfg = cfg.resolved(train_size=len(data.train))
    print(
        translate(
            "Cli",
            "Training {model} on {device}: {images} images, {epochs} epochs, batch {batch_size}, lr {lr}, "
            "{optimizer}/{schedule}, augment {augment}, {precision}",
        ).format(
            model=cfg.model,
            device=device_label(device),
            images=len(data.train),
            epochs=cfg.epochs,
            batch_size=cfg.batch_size,
            lr=cfg.lr,
            optimizer=cfg.optimizer,
            schedule=cfg.schedule,
            augment=translate("Cli", "on") if cfg.augment else translate("Cli", "off"),
            precision=precision,
        )
    )
    if group is not None:
        assert cfg.batch_size is not None
        print(
            translate("Cli", "{processes} processes ({backend}): each takes {share} images of every batch.").format(
                processes=group.world_size, backend=group.backend, share=cfg.batch_size // group.world_size
            )
        )
    training_start(cfg).record(recorder)
    outcome = _train_and_test(cfg, data, pen, recorder, group)
    assert outcome.result is not None
    if not outcome.worth_keeping:  # the window's rule: such a model never replaces one the user has
        training_end(outcome).record(recorder)
        if Path(args.out).exists():
            kept = translate("Cli", "{message} {path} was left as it was.")
        else:
            kept = translate("Cli", "{message} {path} was not written.")
        raise CommandFailed(kept.format(message=localize(outcome.message()), path=args.out))
    if outcome.result.status == "diverged":
        print(localize(outcome.message()))
    path = save_checkpoint(args.out, cfg.model, outcome.result.model, cfg.hparams, metadata=outcome.metadata)
    training_end(outcome).record(recorder, path)
    print(translate("Cli", "Saved {path}").format(path=path))
    return 0 if outcome.result.status != "diverged" else 1


def _train_config(args: argparse.Namespace) -> TrainConfig:
    from digitpad.core.training.loop import TrainConfig

    if args.channels and (args.model != "cnn" or min(args.channels) < 1):
        raise UserError(translate("Cli", "--channels takes positive numbers, and only for --model cnn"))
    if args.convs is not None and (args.model != "cnn" or args.convs < 1):
        raise UserError(translate("Cli", "--convs takes a positive number, and only for --model cnn"))
    if args.hidden is not None and (args.model != "cnn" or args.hidden < 1):
        raise UserError(translate("Cli", "--hidden takes a positive number, and only for --model cnn"))
    if args.dropout is not None and (args.model != "cnn" or not 0 <= args.dropout < 1):
        raise UserError(translate("Cli", "--dropout takes a fraction from 0 to below 1, and only for --model cnn"))
    if args.stem is not None and args.model != "cnn":
        raise UserError(translate("Cli", "--stem is only for --model cnn"))
    hparams: dict[str, object] = {"channels": tuple(args.channels)} if args.channels else {}
    for key in ("convs", "hidden", "dropout", "stem"):
        if getattr(args, key) is not None:
            hparams[key] = getattr(args, key)
    return TrainConfig(
        model=args.model,
        hparams=hparams,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        optimizer=args.optimizer,
        schedule=args.schedule or "onecycle",
        augment=args.augment,
        pen_data=not args.no_pen_data,
        pen_variants=args.pen_variants,
        label_smoothing=args.label_smoothing,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        max_steps=args.max_steps,
    ).resolved()


def _training_data(args: argparse.Namespace, cfg: TrainConfig) -> tuple[MNIST, PenData | None]:
    """MNIST, with the pen digits added unless --no-pen-data (the same in every process: the seed is shared)."""
    from digitpad.core.data.mnist import load_mnist

    data = load_mnist(args.data_dir, seed=cfg.seed, download=args.download)
    if not cfg.pen_data:
        return data, None
    from digitpad.core.data.pen_renders import add_pen_digits

    assert cfg.pen_variants is not None
    return add_pen_digits(data, args.pen_data or data.root, variants=cfg.pen_variants, seed=cfg.seed)


def _rank_config(args: argparse.Namespace, group: Group | None) -> TrainConfig:
    """The run's settings; in one process of several, on that process's device, with the batch checked."""
    cfg = _train_config(args)
    if group is not None:
        assert cfg.batch_size is not None
        group.check_batch(cfg.batch_size)
        cfg.device = str(group.device)
    return cfg


def _train_quietly(args: argparse.Namespace, group: Group) -> int:
    """A rank other than 0: its share of the training, with nothing printed, recorded or saved."""
    from digitpad.core.training.loop import train

    cfg = _rank_config(args, group)
    data, _ = _training_data(args, cfg)
    train(cfg.resolved(train_size=len(data.train)), data, group=group)
    return 0


def _train_and_test(
    cfg: TrainConfig, data: MNIST, pen: PenData | None, recorder: RunRecorder, group: Group | None
) -> TrainingOutcome:
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

    tally = StepTally(_printing_state(recorder))
    try:
        result = train(cfg, data, tally, None, group)  # a new model; in a job, this process's group
        ProgressLine.end()
        trained = tally.trained_steps(result)
        test = evaluate(result.model, data.test) if trained > 0 else None
    except (MemoryError, RuntimeError) as exc:  # torch.OutOfMemoryError is a RuntimeError
        if not is_out_of_memory(exc):
            raise
        raise CommandFailed(localize(describe_training_error(exc, cfg))) from exc
    if result.status != "diverged":  # a diverged run's own words come with what was kept
        print(_steps_line(result))
    pen_accuracy = None
    if test is not None:
        print(
            translate("Cli", "MNIST test accuracy: {accuracy:.2%} ({count} images), loss {loss:.4f}").format(
                accuracy=test.accuracy, count=test.count, loss=test.loss
            )
        )
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
        print(translate("Cli", "Real pen digits not measured: {error}").format(error=describe(exc)))
        return None
    labels = labels_of(held)
    result = evaluate_inputs(model, replay_inputs(held, AS_WRITTEN), labels, MNIST_MEAN, MNIST_STD)
    print(
        translate(
            "Cli", "Real pen digits, held-out writers (as written on the canvas): {accuracy:.2%} ({count})"
        ).format(accuracy=result.accuracy, count=result.count)
    )
    return result.accuracy


def _train_with_my_digits(args: argparse.Namespace, recorder: RunRecorder) -> int:
    """`digitpad train --my-digits [FOLDER] [--from CHECKPOINT]`: MNIST plus the user's drawings, before/after."""
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.models.checkpoint import save_checkpoint
    from digitpad.core.models.zoo import count_parameters
    from digitpad.core.my_digits.store import DEFAULT_PEN_SCALES, MyDigitsError, MyDigitsStore, to_split
    from digitpad.core.runtime.devices import device_label, resolve_device
    from digitpad.core.training.fine_tune import FineTuneConfig, fine_tune, fine_tuned_checkpoint
    from digitpad.core.training.recording import fine_tune_end, fine_tune_start

    try:
        store = MyDigitsStore(args.my_digits or None)
    except MyDigitsError as exc:  # left as it is: the app keeps what it can of it and sets the file aside
        raise UserError(
            translate(
                "Cli", "{error} Open the app's My digits panel to keep what can be read and set the file aside."
            ).format(error=describe(exc))
        ) from exc
    if not len(store):
        raise MyDigitsError(
            translate(
                "Cli", "No drawings in {folder}: add some in the app (My digits panel), or import a file."
            ).format(folder=store.folder)
        )
    start = load_model(args.start) if args.start else None
    arch = start.arch if start is not None else args.model
    own = to_split(store, seed=args.seed, pen_scales=DEFAULT_PEN_SCALES)
    counts = ", ".join(f"{d}: {n}" for d, n in enumerate(store.counts()))
    print(
        translate(
            "Cli", "My digits: {drawings} drawings in {folder} ({counts}); {held_out} held out to measure."
        ).format(drawings=len(store), folder=store.folder, counts=counts, held_out=len(own.held_out))
    )
    extra = len(own.train) - own.train_drawings
    if extra:
        print(
            translate(
                "Cli", "{drawings} drawings to train on, plus {extra} re-rendered with thinner and wider pens."
            ).format(drawings=own.train_drawings, extra=extra)
        )
    config = FineTuneConfig(
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        augment=args.augment is not False,
        seed=args.seed,
        device=args.device,
        max_steps=args.max_steps,
        optimizer=args.optimizer,
        schedule=args.schedule,
    )
    data = load_mnist(args.data_dir, seed=args.seed, download=args.download)
    device = resolve_device(args.device)
    if start is not None:
        what = translate(
            "Cli", "Fine-tuning {model} from {start} on {device}: MNIST ({images} images) + {own} of your samples"
        )
    else:
        what = translate(
            "Cli", "Training {model} from scratch on {device}: MNIST ({images} images) + {own} of your samples"
        )
    print(
        what.format(
            model=arch, start=args.start, device=device_label(device), images=len(data.train), own=len(own.train)
        )
    )
    fine_tune_start(config, arch, args.start).record(recorder)
    result = fine_tune(
        start.model if start is not None else None,
        arch,
        start.hparams if start is not None else {},
        data,
        own,
        config,
        _printing_state(recorder),
    )
    print(_steps_line(result.training))
    print(
        translate("Cli", "Your drawings were repeated {repeats}x: {share:.0%} of each epoch's samples.").format(
            repeats=result.own_repeats, share=result.own_share
        )
    )
    for line in result.summary_lines():
        print(localize(line))
    tuned = fine_tuned_checkpoint(start, result)
    meta = tuned.metadata
    meta["data"] = {"dataset": "MNIST + my digits", "train": len(data.train), "own": len(store)}
    meta["parameters"] = count_parameters(result.model)
    meta["device"] = str(device)
    path = save_checkpoint(args.out, tuned.arch, tuned.model, tuned.hparams, meta, tuned.mean, tuned.std)
    fine_tune_end(result).record(recorder, path)
    print(translate("Cli", "Saved {path}").format(path=path))
    return 0 if result.training.status != "diverged" else 1


def _steps_line(result: TrainResult) -> str:
    """How the run ended (the core's words), and how many steps it took how long."""
    return translate("Cli", "{message} {steps} steps in {seconds:.0f}s.").format(
        message=localize(result.message), steps=result.steps_done, seconds=result.seconds
    )
