"""Command line: `digitpad` opens the window; `digitpad train|eval|predict|generate` work without one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import digitpad
from digitpad.commands.common import CommandFailed, ProgressLine, UserError
from digitpad.commands.language import LANGUAGES, HelpFormatter, describe, requested_language, translate, use_language


def _parser() -> argparse.ArgumentParser:
    from digitpad.core.models.names import CNN_STEMS, MODEL_NAMES
    from digitpad.core.training.choices import OPTIMIZERS, PRECISIONS, SCHEDULES

    parser = argparse.ArgumentParser(
        prog="digitpad",
        description=translate("Cli", "Draw a digit and see what neural networks make of it."),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"digitpad {digitpad.__version__}",
        help=translate("Cli", "show program's version number and exit"),
    )
    _language_arg(parser, default=None)
    sub = parser.add_subparsers(dest="command", metavar="{gui,train,eval,predict,generate,export,lr-find,runs}")
    sub.add_parser("gui", help=translate("Cli", "open the window (the default)"), formatter_class=HelpFormatter)

    train = sub.add_parser(
        "train", help=translate("Cli", "train a model on MNIST and save a checkpoint"), formatter_class=HelpFormatter
    )
    train.add_argument(
        "--model",
        default="cnn",
        choices=(*MODEL_NAMES, "gan"),
        help=translate("Cli", "a classifier, or gan: a conditional GAN that draws digits (default cnn)"),
    )
    train.add_argument("--epochs", type=int, help=translate("Cli", "default: the model's own (see README)"))
    train.add_argument(
        "--channels",
        type=int,
        nargs="+",
        metavar="N",
        help=translate("Cli", "CNN only: channels of each convolution block (default 16 32)"),
    )
    train.add_argument(
        "--convs",
        type=int,
        metavar="N",
        help=translate("Cli", "CNN only: convolutions in each block before its pooling (default 1)"),
    )
    train.add_argument("--batch-size", type=int)
    train.add_argument("--lr", type=float, help=translate("Cli", "peak learning rate"))
    train.add_argument("--optimizer", default="adamw", choices=OPTIMIZERS)
    train.add_argument(
        "--schedule",
        choices=SCHEDULES,
        help=translate("Cli", "learning-rate schedule: onecycle (default), cosine when fine-tuning"),
    )
    train.add_argument(
        "--hidden", type=int, metavar="N", help=translate("Cli", "CNN only: units of the fully connected layer")
    )
    train.add_argument(
        "--dropout", type=float, metavar="P", help=translate("Cli", "CNN only: dropout before the output layer")
    )
    train.add_argument(
        "--stem",
        choices=CNN_STEMS,
        help=translate(
            "Cli",
            "CNN only: its first block, a 3x3 convolution then pooling (pool), or one 4x4 convolution moved by 2 "
            "pixels (strided, the default)",
        ),
    )
    train.add_argument(
        "--augment",
        action=argparse.BooleanOptionalAction,
        help=translate(
            "Cli", "random shifts, rotations, scaling and stroke changes (default: the model's own, see README)"
        ),
    )
    train.add_argument(
        "--label-smoothing",
        type=float,
        metavar="F",
        help=translate("Cli", "a fraction from 0 to below 1 (default: the model's own)"),
    )
    train.add_argument(
        "--pen-variants",
        type=int,
        metavar="N",
        help=translate("Cli", "renders of each real pen digit added (default: the model's own)"),
    )
    train.add_argument(
        "--no-pen-data",
        action="store_true",
        help=translate("Cli", "MNIST only: leave out the real pen-written digits that the default recipe adds"),
    )
    train.add_argument(
        "--pen-data",
        metavar="FILE",
        help=translate(
            "Cli",
            "pen-digits file (UNIPEN .tra or .tra.gz) to train on; default: <data-dir>/pendigits, else the copy "
            "that ships with digitpad",
        ),
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", default="auto", help=translate("Cli", "auto, cpu, cuda, cuda:N or mps"))
    train.add_argument(
        "--precision",
        default="auto",
        choices=PRECISIONS,
        help=translate("Cli", "auto: bfloat16 mixed precision on CUDA and on CPUs with native bf16, float32 elsewhere"),
    )
    train.add_argument("--max-steps", type=int, help=translate("Cli", "stop after this many steps (quick runs)"))
    train.add_argument("--steps", type=int, help=translate("Cli", "--model gan only: training steps (default 3000)"))
    train.add_argument("--out", help=translate("Cli", "checkpoint file to write"))
    train.add_argument(
        "--my-digits",
        nargs="?",
        const="",
        metavar="FOLDER",
        help=translate(
            "Cli",
            "also train on your own drawings (oversampled; a held-out part is kept to measure the gain); "
            "FOLDER defaults to the app's my_digits folder",
        ),
    )
    train.add_argument(
        "--from",
        dest="start",
        metavar="CHECKPOINT",
        help=translate(
            "Cli",
            "with --my-digits: fine-tune this checkpoint (a .pt file or a pretrained model's name) instead of "
            "training from scratch; prints the accuracies before and after",
        ),
    )
    _data_args(train)
    from digitpad.commands.launch import add_launch_args

    add_launch_args(train)

    ev = sub.add_parser(
        "eval",
        help=translate("Cli", "accuracy of a checkpoint on the MNIST test set or on real pen digits"),
        formatter_class=HelpFormatter,
    )
    ev.add_argument("checkpoint", help=translate("Cli", "a .pt file, or the name of a pretrained model"))
    ev.add_argument(
        "--pen-data",
        nargs="?",
        const="",
        metavar="FILE",
        help=translate(
            "Cli",
            "instead of MNIST: the held-out writers of a pen-digits file (default: <data-dir>/pendigits, else the "
            "shipped copy), drawn as on the canvas, as written and enlarged",
        ),
    )
    ev.add_argument("--device", default="auto")
    _data_args(ev)

    pr = sub.add_parser(
        "predict",
        help=translate("Cli", "predict the digit in image files (PNG, JPEG, any size, either polarity)"),
        formatter_class=HelpFormatter,
    )
    pr.add_argument("images", nargs="+")
    which = pr.add_mutually_exclusive_group()
    which.add_argument(
        "--model", default="cnn", choices=MODEL_NAMES, help=translate("Cli", "a pretrained model (default cnn)")
    )
    which.add_argument("--checkpoint", help=translate("Cli", "a checkpoint file"))
    pr.add_argument("--ink", default="auto", choices=("auto", "white", "black"))
    pr.add_argument("--json", action="store_true", help=translate("Cli", "print one JSON object per image"))
    _generate_args(sub)
    from digitpad.commands.lr_find import add_lr_find_parser

    _data_args(add_lr_find_parser(sub))
    _export_args(sub)
    from digitpad.commands.runs import add_runs_parser

    add_runs_parser(sub)
    for command in sub.choices.values():
        _language_arg(command)
    return parser


def _generate_args(sub: argparse._SubParsersAction) -> None:
    from digitpad.commands.generate import SIZES, count_choice, digit_choice

    gen = sub.add_parser(
        "generate",
        help=translate("Cli", "draw digits with the conditional GAN and write them as PNGs (white ink on black)"),
        formatter_class=HelpFormatter,
    )
    gen.add_argument(
        "--digit",
        required=True,
        type=digit_choice,
        metavar="{0-9,random}",
        help=translate("Cli", "the digit to draw, or random for a random digit in each image"),
    )
    gen.add_argument("--count", type=count_choice, default=1, help=translate("Cli", "how many digits (default 1)"))
    gen.add_argument(
        "--seed", type=int, help=translate("Cli", "the same seed draws the same digits (default: new ones each time)")
    )
    gen.add_argument(
        "--size", type=int, default=28, choices=SIZES, help=translate("Cli", "image width and height in pixels")
    )
    gen.add_argument(
        "--model",
        metavar="FILE",
        help=translate("Cli", "a generator file from `digitpad train --model gan` (default: the shipped one)"),
    )
    gen.add_argument("--out", required=True, metavar="DIR", help=translate("Cli", "folder to write the PNGs in"))


def _export_args(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help=translate("Cli", "write a classifier as an ONNX model, for other runtimes"),
        formatter_class=HelpFormatter,
    )
    export.add_argument("checkpoint", help=translate("Cli", "a .pt file, or the name of a pretrained model"))
    export.add_argument(
        "--onnx",
        required=True,
        metavar="FILE",
        help=translate(
            "Cli",
            "the ONNX file to write: input float32 [N, 1, 28, 28] normalised with the checkpoint's mean and std "
            "(in the file's metadata), output [N, 10] logits",
        ),
    )


def _data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        help=translate("Cli", "MNIST root (torchvision layout); default $DIGITPAD_DATA_DIR or the user data folder"),
    )
    p.add_argument(
        "--download",
        action="store_true",
        help=translate("Cli", "download MNIST into the data folder if it is missing"),
    )


def _language_arg(p: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """`--lang`, before or after the command (a subcommand's default would hide the value given before it)."""
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=translate(
            "Cli", "language of the help and messages (default: the locale's, from LC_ALL, LC_MESSAGES or LANG)"
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    use_language(requested_language(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # for `train --nproc-per-node` to run in each process
    if args.lang is not None:  # an abbreviation (`--la zh_CN`) escapes the scan before parsing
        use_language(args.lang)
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
            raise UserError(
                translate("Cli", "{error} (pass --download to fetch them)").format(error=describe(exc))
            ) from exc
        except CheckpointSaveError as exc:  # a full disk: not the user's input; the previous file is intact
            raise CommandFailed(describe(exc)) from exc
        except (CheckpointError, DataError, ImageError, ValueError, OSError) as exc:
            raise UserError(describe(exc)) from exc
    except (UserError, CommandFailed) as exc:
        ProgressLine.end()
        print(translate("Cli", "digitpad: error: {message}").format(message=exc), file=sys.stderr)
        return 2 if isinstance(exc, UserError) else 1
    except KeyboardInterrupt:
        ProgressLine.end()
        print(translate("Cli", "digitpad: interrupted"), file=sys.stderr)
        return 130


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs a command; imported only now, so `digitpad --version` stays quick."""
    if name == "train":
        from digitpad.commands.train import train_command

        return train_command
    if name == "eval":
        from digitpad.commands.evaluate import eval_command

        return eval_command
    if name == "lr-find":
        from digitpad.commands.lr_find import lr_find_command

        return lr_find_command
    if name == "generate":
        from digitpad.commands.generate import generate_command

        return generate_command
    if name == "runs":
        from digitpad.commands.runs import runs_command

        return runs_command
    if name == "export":
        from digitpad.commands.export import export_command

        return export_command
    from digitpad.commands.predict import predict_command

    return predict_command


def _gui() -> int:
    try:
        from digitpad.ui.app import run_app
    except ImportError as exc:
        raise UserError(
            translate(
                "Cli",
                "the window cannot open: {error}. Use `digitpad train|eval|predict`; on a minimal Linux the window "
                "needs `sudo apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1` and the X11 libraries "
                "of the README's quick start.",
            ).format(error=exc)
        ) from exc
    return run_app()  # says why, and returns 1, where no window can open (no display, Qt's libraries missing)
