"""A classifier exported to ONNX, for other runtimes, and run back with onnxruntime to check it.

The ONNX model takes what the PyTorch model takes: float32 ``[N, 1, 28, 28]``, white ink on black, already
normalised as ``(pixel / 255 - mean) / std`` with the checkpoint's mean and std, and returns float32 logits
``[N, 10]`` (softmax them for probabilities). The normalisation stays outside the graph, so that the file computes
exactly what the checkpoint does; its mean and std are in the file's metadata (``digitpad.mean``, ``digitpad.std``)
and its docstring. ``onnx`` and ``onnxruntime`` are optional (``pip install digitpad[export]``), imported only here.
"""

from __future__ import annotations

import copy
import importlib
import os
import tempfile
import warnings
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

import digitpad
from digitpad.core.runtime.atomic import atomic_write
from digitpad.core.runtime.messages import Message, translate

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint

OPSET = 17  # what every onnxruntime since 1.14 runs, and enough for the LSTM
INPUT_NAME = "image"
OUTPUT_NAME = "logits"


class ExportError(Exception):
    """The model could not be exported: the destination cannot be written, or the ONNX packages are missing."""


def export_onnx(checkpoint: Checkpoint, path: str | os.PathLike[str]) -> Path:
    """Write ``checkpoint``'s classifier to ``path`` as an ONNX model with a dynamic batch axis, atomically
    (`atomic_write`: a failed export leaves the previous file as it was); returns the path.

    Input ``image``: float32 ``[N, 1, 28, 28]``, normalised with ``checkpoint.normalize``; output ``logits``: float32
    ``[N, 10]``. Raises `ExportError` for a destination that is a folder or cannot be written, or without ``onnx``.
    """
    onnx = _require("onnx")
    path = _check_destination(path)
    proto = onnx.load_from_string(_traced(copy.deepcopy(checkpoint.model).cpu().eval()))
    _describe(proto, checkpoint)
    onnx.checker.check_model(proto)
    data = proto.SerializeToString()
    try:
        with atomic_write(path) as fh:
            fh.write(data)
    except OSError as exc:
        raise ExportError(
            Message(
                translate("Core", "{path} could not be written: {reason}."),
                path=path,
                reason=exc.strerror or str(exc),
            )
        ) from exc
    return path


def run_onnx(path: str | os.PathLike[str], images: np.ndarray | torch.Tensor, batch_size: int = 2048) -> np.ndarray:
    """Logits, float32 ``[N, 10]``, of the exported model at ``path`` for normalised float32 ``[N, 1, 28, 28]``
    ``images``, run on the CPU with onnxruntime in batches of ``batch_size``."""
    ort = _require("onnxruntime")
    session = ort.InferenceSession(os.fspath(path), providers=["CPUExecutionProvider"])
    x = images.detach().cpu().numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
    x = np.ascontiguousarray(x, dtype=np.float32)
    parts = [session.run([OUTPUT_NAME], {INPUT_NAME: x[i : i + batch_size]})[0] for i in range(0, len(x), batch_size)]
    return np.concatenate(parts) if parts else np.zeros((0, 10), np.float32)


def _traced(model: torch.nn.Module) -> bytes:
    """``model`` as ONNX bytes, traced by the legacy exporter on a batch of two (the batch axis stays dynamic)."""
    with tempfile.TemporaryDirectory() as folder, torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation notice and its LSTM batch-size advice
        traced = Path(folder) / "model.onnx"
        torch.onnx.export(
            model,
            (torch.zeros(2, 1, 28, 28),),
            traced,
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            dynamic_axes={INPUT_NAME: {0: "batch"}, OUTPUT_NAME: {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,  # the dynamo exporter needs onnxscript, one more download, for the same graph
        )
        return traced.read_bytes()


def _describe(proto: Any, checkpoint: Checkpoint) -> None:
    """Say in the file what it takes and returns, the normalisation's mean and std above all."""
    proto.doc_string = (
        f"digitpad {checkpoint.arch} digit classifier. Input {INPUT_NAME}: float32 [N, 1, 28, 28], white ink on "
        f"black, normalised as (pixel / 255 - {checkpoint.mean}) / {checkpoint.std}. Output {OUTPUT_NAME}: float32 "
        "[N, 10], one logit per digit 0-9 (softmax for probabilities)."
    )
    proto.producer_name, proto.producer_version = "digitpad", digitpad.__version__
    meta = {
        "digitpad.arch": checkpoint.arch,
        "digitpad.mean": repr(float(checkpoint.mean)),
        "digitpad.std": repr(float(checkpoint.std)),
        "digitpad.input": "float32 [N, 1, 28, 28], white ink on black, (pixel / 255 - mean) / std",
        "digitpad.output": "float32 [N, 10] logits for the digits 0-9",
    }
    for key, value in meta.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value


def _check_destination(path: str | os.PathLike[str]) -> Path:
    """``path`` if an ONNX file can be written there, checked before the export does its work."""
    text, path = os.fspath(path), Path(path)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise ExportError(Message(translate("Core", "{path} is a folder: name the ONNX file to write."), path=text))
    existing = next(folder for folder in (path.parent.absolute(), *path.parent.absolute().parents) if folder.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ExportError(
            Message(
                translate("Core", "{path} cannot be written: {existing} is not a writable folder."),
                path=path,
                existing=existing,
            )
        )
    return path


def _require(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ExportError(
            Message(
                translate("Core", "ONNX export needs the {module} package: pip install 'digitpad[export]'."),
                module=module,
            )
        ) from exc
