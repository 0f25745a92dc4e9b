"""`digitpad predict`: the digit in image files, as text or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys

from digitpad.commands.common import load_model
from digitpad.commands.language import describe, translate


def predict_command(args: argparse.Namespace) -> int:
    from digitpad.core.inference.images import ImageError, read_image
    from digitpad.core.inference.preprocess import preprocess
    from digitpad.core.models.zoo import predict

    ckpt = load_model(args.checkpoint) if args.checkpoint else load_model(args.model)
    status = 0
    for name in args.images:
        try:  # one unreadable file is reported and the rest of the batch still runs
            x = preprocess(read_image(name), ink=args.ink, mean=ckpt.mean, std=ckpt.std)
        except ImageError as exc:
            print(translate("Cli", "digitpad: error: {message}").format(message=describe(exc)), file=sys.stderr)
            status = 2
            continue
        if x is None:
            print(
                translate("Cli", "digitpad: error: {image}: no digit found (the image is blank)").format(image=name),
                file=sys.stderr,
            )
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
