import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

import digitpad
from digitpad.cli import main
from digitpad.core.models.checkpoint import load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.paths import pretrained_path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digitpad", *args], capture_output=True, text=True, timeout=300)


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"digitpad {digitpad.__version__}"


def _digit_png(mnist, index: int, path, size: int, black_on_white: bool) -> None:
    img = Image.fromarray(mnist.test.images[index].numpy()).resize((size, size), Image.Resampling.BICUBIC)
    arr = np.asarray(img)
    Image.fromarray(255 - arr if black_on_white else arr).save(path)


@pytest.fixture
def model_file(tmp_path):
    """The shipped CNN when it exists, else a small freshly saved one (the output format is tested either way)."""
    if pretrained_path("cnn").is_file():
        return str(pretrained_path("cnn")), True
    path = save_checkpoint(tmp_path / "cnn.pt", "cnn", build_model("cnn").eval(), {})
    return str(path), False


def test_predict_json_on_pngs_of_any_size_and_polarity(mnist, tmp_path, capsys, model_file):
    ckpt, trained = model_file
    files = []
    for i, (size, inverted) in enumerate([(28, False), (400, True), (1000, False), (90, True)]):
        path = tmp_path / f"d{i}.png"
        _digit_png(mnist, i, path, size, inverted)
        files.append(str(path))
    jpg = tmp_path / "d.jpg"
    Image.open(files[1]).save(jpg, quality=85)
    files.append(str(jpg))
    assert main(["predict", *files, "--checkpoint", ckpt, "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 5
    for line in lines:
        assert sum(line["probabilities"]) == pytest.approx(1, abs=1e-4)
        assert line["digit"] == int(np.argmax(line["probabilities"]))
    if trained:
        truth = mnist.test.labels[:4].tolist() + [mnist.test.labels[1].item()]
        assert [line["digit"] for line in lines] == truth


def test_predict_bad_inputs_give_one_line_errors(tmp_path, model_file):
    ckpt, _ = model_file
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((64, 64), 255, np.uint8)).save(blank)
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello")
    for args, expected in [
        ([str(blank), "--checkpoint", ckpt], "blank"),
        ([str(not_image), "--checkpoint", ckpt], "not a readable image"),
        ([str(tmp_path / "missing.png"), "--checkpoint", ckpt], "does not exist"),
        ([str(blank), "--checkpoint", str(not_image)], "is not a digitpad checkpoint"),
    ]:
        out = run_cli("predict", *args)
        assert out.returncode != 0
        errors = [line for line in out.stderr.splitlines() if line.strip()]
        assert len(errors) == 1 and errors[0].startswith("digitpad: error:") and expected in errors[0], out.stderr


def test_train_then_eval_from_the_command_line(mnist_root, tmp_path, tiny_pendigits):
    out_file = tmp_path / "tiny.pt"
    train = run_cli(
        "train",
        "--pen-data",
        str(tiny_pendigits),
        "--model",
        "logreg",
        "--epochs",
        "1",
        "--max-steps",
        "60",
        "--seed",
        "1",
        "--data-dir",
        str(mnist_root),
        "--out",
        str(out_file),
    )
    assert train.returncode == 0, train.stderr
    assert "epoch" in train.stdout.lower() and "MNIST test accuracy" in train.stdout
    ckpt = load_checkpoint(out_file)
    assert ckpt.arch == "logreg" and ckpt.metadata["config"]["seed"] == 1 and ckpt.test_accuracy > 0.7
    # the default recipe: MNIST plus the training writers' pen digits (2 of the tiny file's 12 writers)
    assert "MNIST plus 120 renderings of 20 real pen digits by 2 writers" in train.stdout
    data = ckpt.metadata["data"]
    assert data["dataset"] == "MNIST + pen digits" and data["pen_digits"]["images"] == 120
    assert data["train"] == 55000 + 120 and ckpt.metadata["config"]["pen_data"] is True
    ev = run_cli("eval", str(out_file), "--data-dir", str(mnist_root))
    assert ev.returncode == 0, ev.stderr
    assert f"{ckpt.test_accuracy:.2%}" in ev.stdout and "confusion matrix" in ev.stdout
    assert len([line for line in ev.stdout.splitlines() if line.strip()[:1].isdigit()]) == 10


def test_train_with_no_pen_data_is_mnist_only(mnist_root, tmp_path):
    out_file = tmp_path / "mnist.pt"
    args = ["--model", "logreg", "--max-steps", "5", "--no-pen-data", "--data-dir", str(mnist_root)]
    train = run_cli("train", *args, "--out", str(out_file))
    assert train.returncode == 0, train.stderr
    assert "MNIST plus" not in train.stdout  # (the held-out writers are still measured)
    assert "Real pen digits, held-out writers" in train.stdout
    assert load_checkpoint(out_file).metadata["data"] == {
        "dataset": "MNIST",
        "train": 55000,
        "val": 5000,
        "test": 10000,
    }


def test_train_a_cnn_with_other_channels_and_depth(mnist_root, tmp_path):
    out_file = tmp_path / "wide.pt"
    args = [
        "--model",
        "cnn",
        "--channels",
        "8",
        "12",
        "--convs",
        "2",
        "--stem",
        "pool",
        "--max-steps",
        "3",
        "--no-pen-data",
        "--data-dir",
        str(mnist_root),
    ]
    train = run_cli("train", *args, "--out", str(out_file))
    assert train.returncode == 0, train.stderr
    ckpt = load_checkpoint(out_file)
    assert list(ckpt.hparams["channels"]) == [8, 12] and ckpt.model.features[0].out_channels == 8
    assert ckpt.hparams["convs"] == 2 and ckpt.model.features.conv4.out_channels == 12
    wrong = run_cli("train", "--model", "mlp", "--channels", "8", "--out", str(tmp_path / "no.pt"))
    assert wrong.returncode == 2 and "--channels" in wrong.stderr and not (tmp_path / "no.pt").exists()
    wrong = run_cli("train", "--model", "cnn", "--convs", "0", "--out", str(tmp_path / "no.pt"))
    assert wrong.returncode == 2 and "--convs" in wrong.stderr and not (tmp_path / "no.pt").exists()


def test_train_takes_the_cnns_stem_width_dropout_and_the_recipes_smoothing_and_augmentation(mnist_root, tmp_path):
    out_file = tmp_path / "mine.pt"
    common = ["--model", "cnn", "--max-steps", "3", "--no-pen-data", "--data-dir", str(mnist_root)]
    train = run_cli(
        "train",
        *common,
        *("--channels", "4", "6", "--hidden", "24", "--dropout", "0.2", "--stem", "strided"),
        *("--label-smoothing", "0.05", "--augment", "--out", str(out_file)),
    )
    assert train.returncode == 0, train.stderr
    assert "augment on" in train.stdout  # the default CNN trains without; --augment turns it on
    ckpt = load_checkpoint(out_file)
    assert ckpt.hparams["stem"] == "strided" and ckpt.hparams["hidden"] == 24 and ckpt.hparams["dropout"] == 0.2
    assert ckpt.model.features.conv1.kernel_size == (4, 4) and ckpt.model.features.conv1.stride == (2, 2)
    config = ckpt.metadata["config"]
    assert config["label_smoothing"] == 0.05 and config["augment"] is True
    for flags, words in (
        (("--model", "mlp", "--hidden", "8"), "--hidden"),
        (("--model", "lstm", "--stem", "pool"), "--stem"),
        (("--model", "cnn", "--dropout", "1.5"), "--dropout"),
        (("--model", "cnn", "--label-smoothing", "1"), "label smoothing"),
        (("--model", "cnn", "--pen-variants", "0"), "at least 1"),
    ):
        wrong = run_cli("train", *flags, "--data-dir", str(mnist_root), "--out", str(tmp_path / "no.pt"))
        assert wrong.returncode != 0 and words in wrong.stderr, (flags, wrong.stderr)
        assert not (tmp_path / "no.pt").exists()


def test_eval_on_pen_data_reads_held_out_writers_as_written_and_enlarged(tiny_pendigits, model_file):
    path, _ = model_file
    out = run_cli("eval", path, "--pen-data", str(tiny_pendigits))
    assert out.returncode == 0, out.stderr
    assert "100 pen digits by the 10 held-out writers" in out.stdout
    accuracies = [
        float(line.split("accuracy ")[1].split("%")[0]) for line in out.stdout.splitlines() if "accuracy" in line
    ]
    assert len(accuracies) == 2 and all(0 <= a <= 100 for a in accuracies)
    assert out.stdout.count("per digit:") == 2 and "most frequent mistakes" in out.stdout


def test_eval_on_a_broken_pen_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.tra"
    bad.write_text('.SEGMENT DIGIT 0 ? "8"\n.PEN_DOWN\n 1 x\n.PEN_UP\n')
    out = run_cli("eval", "logreg", "--pen-data", str(bad))
    assert out.returncode == 2 and "line 3" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_train_without_data_names_the_folder(tmp_path):
    out = run_cli("train", "--model", "logreg", "--data-dir", str(tmp_path), "--out", str(tmp_path / "x.pt"))
    assert out.returncode == 2 and str(tmp_path) in out.stderr and "train-images-idx3-ubyte" in out.stderr
    assert not (tmp_path / "x.pt").exists()


def test_unknown_device_is_a_one_line_error(tmp_path):
    out = run_cli("train", "--device", "tpu", "--out", str(tmp_path / "x.pt"))
    assert out.returncode == 2 and "not available" in out.stderr


@pytest.mark.skipif(not pretrained_path("cnn").is_file(), reason="pretrained CNN not built yet")
def test_eval_of_the_shipped_cnn_reports_its_accuracy(mnist_root):
    out = run_cli("eval", "cnn", "--data-dir", str(mnist_root))
    assert out.returncode == 0, out.stderr
    accuracy = float(out.stdout.split("MNIST test accuracy ")[1].split("%")[0])
    # Trained on MNIST plus real pen digits it reads held-out writers at 99.7% (test_pendigits.py) and keeps
    # issue 11's 99.5% on MNIST (it measured 99.59%).
    assert accuracy >= 99.5
    assert torch.__version__
