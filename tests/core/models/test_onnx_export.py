"""The ONNX export computes what the PyTorch model computes, on every MNIST test digit, and the command writes it."""

import subprocess
import sys

import numpy as np
import pytest
import torch

from digitpad.core.models.checkpoint import load_pretrained, save_checkpoint
from digitpad.core.models.onnx_export import ExportError, export_onnx, run_onnx
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.paths import pretrained_path

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")


@pytest.mark.parametrize("arch", ["cnn", "lstm", "mlp"])
def test_onnx_agrees_with_pytorch_on_the_test_set(arch, mnist, tmp_path):
    ckpt = load_pretrained(arch)
    path = export_onnx(ckpt, tmp_path / f"{arch}.onnx")
    images = ckpt.normalize(mnist.test.images.unsqueeze(1))  # float32 [10000, 1, 28, 28]
    with torch.inference_mode():
        expected = torch.softmax(ckpt.model(images), dim=1).numpy()
    got = torch.softmax(torch.from_numpy(run_onnx(path, images)), dim=1).numpy()
    assert got.shape == (10_000, 10)
    assert np.array_equal(got.argmax(1), expected.argmax(1))
    assert np.abs(got - expected).max() < 1e-4


def test_the_file_says_how_to_normalise(tmp_path):
    ckpt = load_pretrained("mlp")
    proto = onnx.load(export_onnx(ckpt, tmp_path / "mlp.onnx"))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert float(meta["digitpad.mean"]) == ckpt.mean and float(meta["digitpad.std"]) == ckpt.std
    assert meta["digitpad.arch"] == "mlp" and "[N, 1, 28, 28]" in proto.doc_string
    batch = proto.graph.input[0].type.tensor_type.shape.dim[0]
    assert batch.dim_param == "batch"  # any batch size, not the example's


def test_a_destination_that_cannot_be_written_is_refused(tmp_path):
    ckpt = load_pretrained("logreg")
    with pytest.raises(ExportError, match="is a folder"):
        export_onnx(ckpt, tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="not a writable folder"):
        export_onnx(ckpt, blocker / "model.onnx")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digitpad", *args], capture_output=True, text=True, timeout=300)


def test_export_command_writes_a_loadable_file(tmp_path):
    out = tmp_path / "sub" / "cnn.onnx"
    result = run_cli("export", "cnn", "--onnx", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    onnx.checker.check_model(onnx.load(out))
    logits = run_onnx(out, torch.zeros(3, 1, 28, 28))
    assert logits.shape == (3, 10)


def test_export_command_refuses_bad_input(tmp_path):
    missing = run_cli("export", str(tmp_path / "nope.pt"), "--onnx", str(tmp_path / "x.onnx"), "--lang", "en")
    assert missing.returncode == 2 and "nope.pt does not exist" in missing.stderr
    gan = run_cli("export", str(pretrained_path("gan")), "--onnx", str(tmp_path / "x.onnx"), "--lang", "en")
    assert gan.returncode == 2 and "generator" in gan.stderr
    model = save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    folder = run_cli("export", str(model), "--onnx", str(tmp_path), "--lang", "en")
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    assert not (tmp_path / "x.onnx").exists()
