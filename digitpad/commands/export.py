"""`digitpad export`: a classifier checkpoint written as an ONNX model, for other runtimes."""

from __future__ import annotations

import argparse

from digitpad.commands.common import UserError, load_model
from digitpad.commands.language import describe, translate


def export_command(args: argparse.Namespace) -> int:
    from digitpad.core.models.onnx_export import OPSET, ExportError, export_onnx

    ckpt = load_model(args.checkpoint)
    try:
        path = export_onnx(ckpt, args.onnx)
    except ExportError as exc:
        raise UserError(describe(exc)) from exc
    print(
        translate("Cli", "Wrote {path} ({model}, ONNX opset {opset})").format(path=path, model=ckpt.arch, opset=OPSET)
    )
    print(
        translate(
            "Cli",
            "input: float32 [N, 1, 28, 28], white ink on black, normalised as (pixel / 255 - {mean}) / {std}; "
            "output: [N, 10] logits",
        ).format(mean=ckpt.mean, std=ckpt.std)
    )
    return 0
