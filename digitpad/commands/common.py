"""What the commands share: their two kinds of error, the progress line, and loading a checkpoint by name or file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.commands.language import localize, translate

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint


class UserError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


class CommandFailed(Exception):
    """The command could not do its work for a reason other than its arguments (a full disk, too little memory, a
    run that learned nothing): printed as one line, exit code 1. Nothing the user had was replaced."""


class ProgressLine:
    """Whether the progress bar is on stderr's last line, unfinished: a message printed next starts a new line."""

    open = False

    @classmethod
    def end(cls) -> None:
        if cls.open:
            print(file=sys.stderr, flush=True)
            cls.open = False


def load_model(spec: str) -> Checkpoint:
    """A registry name's pretrained checkpoint, or a file; what the loader ignored is noted on stderr."""
    from digitpad.core.models.checkpoint import load_checkpoint, load_pretrained
    from digitpad.core.models.zoo import REGISTRY

    ckpt = load_pretrained(spec) if spec in REGISTRY and not Path(spec).exists() else load_checkpoint(spec)
    for note in ckpt.notes:
        print(
            translate("Cli", "digitpad: note: {path}: {note}").format(path=ckpt.path, note=localize(note)),
            file=sys.stderr,
        )
    return ckpt
