"""Command line: `digitpad` opens the window; `digitpad train|eval|predict` work without one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import digitpad
from digitpad.commands.common import CommandFailed, ProgressLine, UserError


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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    ProgressLine.open = False
    try:
        if command == "gui":
            return _gui()
        from digitpad.core.data.mnist import DataError, DataMissingError
        from digitpad.core.inference.images import ImageError
        from digitpad.core.models.checkpoint import CheckpointError, CheckpointSaveError

        try:
            return _command(command)(args)
        except DataMissingError as exc:
            raise UserError(f"{exc} (pass --download to fetch them)") from exc
        except CheckpointSaveError as exc:  # a full disk: not the user's input; the previous file is intact
            raise CommandFailed(str(exc)) from exc
        except (CheckpointError, DataError, ImageError, ValueError, OSError) as exc:
            raise UserError(str(exc)) from exc
    except (UserError, CommandFailed) as exc:
        ProgressLine.end()
        print(f"digitpad: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UserError) else 1
    except KeyboardInterrupt:
        ProgressLine.end()
        print("digitpad: interrupted", file=sys.stderr)
        return 130


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs a command; imported only now, so `digitpad --version` stays quick."""
    if name == "train":
        from digitpad.commands.train import train_command

        return train_command
    if name == "eval":
        from digitpad.commands.evaluate import eval_command

        return eval_command
    from digitpad.commands.predict import predict_command

    return predict_command


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
