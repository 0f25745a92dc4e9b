"""`digitpad generate`: digits drawn by a generator (a conditional GAN), written as PNGs, white ink on black."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.commands.common import UserError
from digitpad.commands.language import describe, translate

MAX_COUNT = 10_000
SIZES = (28, 280)


def digit_choice(text: str) -> int | None:
    """An argparse type: a digit 0-9, or None for "random" (a random digit for each image)."""
    if text == "random":
        return None
    if text.isdigit() and 0 <= int(text) <= 9:
        return int(text)
    raise argparse.ArgumentTypeError(
        translate("Cli", "{value!r} is not a digit: give 0 to 9, or random").format(value=text)
    )


def count_choice(text: str) -> int:
    """An argparse type: how many digits to write, 1 to `MAX_COUNT`."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_COUNT:
        raise argparse.ArgumentTypeError(
            translate("Cli", "{value!r} is not a count from 1 to {high:,}").format(value=text, high=MAX_COUNT)
        )
    return count


def generate_command(args: argparse.Namespace) -> int:
    import torch
    from PIL import Image

    from digitpad.core.models.gan import generate, load_generator, to_uint8

    generator, _ = load_generator(args.model)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(translate("Cli", "--out {path}: {error}").format(path=out, error=describe(exc))) from exc
    if args.digit is None:
        seeded = torch.Generator().manual_seed(args.seed) if args.seed is not None else None
        labels = torch.randint(10, (args.count,), generator=seeded)
    else:
        labels = torch.full((args.count,), args.digit)
    pictures = to_uint8(generate(generator, labels, seed=args.seed))
    for i, (digit, picture) in enumerate(zip(labels.tolist(), pictures, strict=True)):
        image = Image.fromarray(picture)
        if args.size != 28:
            image = image.resize((args.size, args.size), Image.Resampling.BICUBIC)
        image.save(out / f"digit{digit}_{i:03d}.png")
    print(translate("Cli", "Wrote {count} generated digits to {folder}").format(count=args.count, folder=out))
    return 0
