"""`digitpad train --model gan`: a conditional GAN, the shipped CNN then reading what it draws; and the options a
GAN's run does not take."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from digitpad.commands.common import ProgressLine, UserError
from digitpad.commands.language import localize, translate

if TYPE_CHECKING:
    from digitpad.core.runtime.run_history import RunRecorder
    from digitpad.core.training.gan import GanReport


# What a classifier's run takes and a GAN's does not: (the option, whether it was given).
_CLASSIFIER_ONLY = (
    ("--epochs", lambda a: a.epochs is not None),
    ("--channels", lambda a: bool(a.channels)),
    ("--convs", lambda a: a.convs is not None),
    ("--schedule", lambda a: a.schedule is not None),
    ("--hidden", lambda a: a.hidden is not None),
    ("--dropout", lambda a: a.dropout is not None),
    ("--stem", lambda a: a.stem is not None),
    ("--augment/--no-augment", lambda a: a.augment is not None),
    ("--label-smoothing", lambda a: a.label_smoothing is not None),
    ("--pen-variants", lambda a: a.pen_variants is not None),
    ("--max-steps", lambda a: a.max_steps is not None),
    ("--my-digits", lambda a: a.my_digits is not None),
    ("--from", lambda a: bool(a.start)),
)


def check_gan_options(args: argparse.Namespace) -> None:
    if args.model != "gan":
        if args.steps is not None:
            raise UserError(translate("Cli", "--steps is for --model gan; a classifier takes --epochs or --max-steps"))
        return
    given = [option for option, used in _CLASSIFIER_ONLY if used(args)]
    if given:
        raise UserError(
            translate(
                "Cli", "{options}: not for --model gan, which takes --steps, --batch-size, --lr, --seed and --device"
            ).format(options=", ".join(given))
        )
    if args.steps is not None and args.steps < 1:
        raise UserError(translate("Cli", "--steps must be at least 1, not {steps}").format(steps=args.steps))


def _report_gan_progress(r: GanReport) -> None:
    done = r.step / r.total_steps
    bar = "#" * int(30 * done) + "-" * (30 - int(30 * done))
    line = translate(
        "Cli",
        "step {step}/{total} G loss {g_loss:.3f} D loss {d_loss:.3f} D right on real {real:.0%} on fake {fake:.0%} "
        "{rate:,.0f} img/s ETA {eta:4.0f}s",
    ).format(
        step=r.step,
        total=r.total_steps,
        g_loss=r.g_loss,
        d_loss=r.d_loss,
        real=r.d_real_acc,
        fake=r.d_fake_acc,
        rate=r.samples_per_s,
        eta=r.eta_s,
    )
    print(f"\r[{bar}] {line}", end="", file=sys.stderr, flush=True)
    ProgressLine.open = True


def train_gan_command(args: argparse.Namespace, recorder: RunRecorder) -> int:
    """`digitpad train --model gan`: a conditional GAN; the shipped CNN then reads what it draws."""
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.insight.gan_quality import generated_accuracy
    from digitpad.core.models.checkpoint import load_pretrained
    from digitpad.core.models.gan import save_generator
    from digitpad.core.runtime.devices import device_label, resolve_device
    from digitpad.core.runtime.jobs import JobState
    from digitpad.core.training.gan import GanConfig, gan_metadata, train_gan
    from digitpad.core.training.recording import RecordingState, gan_end, gan_start

    defaults = GanConfig()
    cfg = GanConfig(
        steps=args.steps or defaults.steps,
        batch_size=args.batch_size or defaults.batch_size,
        lr=args.lr or defaults.lr,
        seed=args.seed,
        device=args.device,
    )
    device = resolve_device(cfg.device)
    data = load_mnist(args.data_dir, seed=cfg.seed, download=args.download)
    cfg = cfg.resolved(train_size=len(data.train))
    print(
        translate(
            "Cli", "Training a conditional GAN on {device}: {images} images, {steps} steps, batch {batch_size}, lr {lr}"
        ).format(
            device=device_label(device), images=len(data.train), steps=cfg.steps, batch_size=cfg.batch_size, lr=cfg.lr
        )
    )
    gan_start(cfg).record(recorder)
    result = train_gan(cfg, data, RecordingState(JobState(on_progress=_report_gan_progress), recorder))
    ProgressLine.end()
    print(
        translate("Cli", "{message} {steps} steps in {seconds:.0f}s.").format(
            message=localize(result.message), steps=result.steps_done, seconds=result.seconds
        )
    )
    meta = gan_metadata(result, data)
    if result.steps_done:
        per_class = 100  # enough for a first reading; benchmarks/gan.py measures 1,000 of each
        accuracy, _ = generated_accuracy(result.generator, load_pretrained("cnn"), per_class=per_class, seed=cfg.seed)
        meta["metrics"] = {"generated_accuracy": accuracy}
        print(
            translate(
                "Cli", "The shipped CNN reads {accuracy:.2%} of {count:,} generated digits as the digit asked."
            ).format(accuracy=accuracy, count=10 * per_class)
        )
    path = save_generator(args.out, result.generator, {}, meta)
    gan_end(result, meta.get("metrics")).record(recorder, path)
    print(translate("Cli", "Saved {path}").format(path=path))
    return 0 if result.status != "diverged" else 1
