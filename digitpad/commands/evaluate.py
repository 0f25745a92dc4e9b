"""`digitpad eval`: a checkpoint's accuracy on the MNIST test set or on the held-out writers' pen digits."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from digitpad.commands.common import load_model
from digitpad.commands.language import localize, translate

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint


def eval_command(args: argparse.Namespace) -> int:
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.runtime.devices import resolve_device
    from digitpad.core.training.evaluation import evaluate

    ckpt = load_model(args.checkpoint)
    if args.pen_data is not None:
        return _eval_pen(ckpt, args.pen_data or args.data_dir)
    data = load_mnist(args.data_dir, val_size=0, download=args.download)
    result = evaluate(ckpt.model.to(resolve_device(args.device)), data.test)
    print(
        translate("Cli", "{model}: MNIST test accuracy {accuracy:.2%} ({count} images), loss {loss:.4f}").format(
            model=ckpt.arch, accuracy=result.accuracy, count=result.count, loss=result.loss
        )
    )
    per_class = "  ".join(f"{d}: {a:.2%}" for d, a in enumerate(result.per_class_accuracy().tolist()))
    print(translate("Cli", "per-class accuracy: {accuracies}").format(accuracies=per_class))
    print(translate("Cli", "confusion matrix (rows: true digit, columns: predicted)"))
    # the corner's 9 columns line up with the rows (a translation keeps the width; a Chinese character takes two)
    print(translate("Cli", "true\\pred") + "".join(f"{d:>6}" for d in range(10))[3:])
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
    print(
        translate("Cli", "{model}: {count} pen digits by the {writers} held-out writers of {path}").format(
            model=ckpt.arch, count=len(held), writers=len(writers(held)), path=path
        )
    )
    mistake = translate("Cli", "{true} as {predicted} ({count})")
    for replay in (AS_WRITTEN, ENLARGED_REPLAY):
        result = evaluate_inputs(ckpt.model, replay_inputs(held, replay), labels, ckpt.mean, ckpt.std)
        per_digit = "  ".join(f"{d}: {a:.1%}" for d, a in enumerate(result.per_class_accuracy().tolist()))
        pairs = confusion_pairs(result.confusion)
        mistakes = ", ".join(mistake.format(true=t, predicted=p, count=n) for t, p, n in pairs)
        print(
            translate("Cli", "{replay}: accuracy {accuracy:.2%} ({count} digits), loss {loss:.4f}").format(
                replay=localize(replay.name), accuracy=result.accuracy, count=result.count, loss=result.loss
            )
        )
        print(translate("Cli", "  per digit: {accuracies}").format(accuracies=per_digit))
        print(
            translate("Cli", "  most frequent mistakes: {mistakes}").format(
                mistakes=mistakes or translate("Cli", "none")
            )
        )
    return 0
