"""Hostile input at start-up, in pictures, in the MNIST files and on the canvas: the user sees a one-line error or the
window opening with defaults, in bounded time and memory; nothing is a traceback and nothing grows without bound.

Each test builds its hostile input itself: a hand-edited or cut settings file, a 400-megapixel PNG of a few hundred
kilobytes, a phone photo stored sideways, MNIST labels that are not digits, a data folder missing one file, and
hundreds of opened pictures on the canvas.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings

from digitpad.cli import main
from digitpad.core.data.mnist import MNIST_FILES, DataError, load_mnist, raw_dir
from digitpad.core.inference.images import MAX_PIXELS, WORK_SIDE, ImageError, read_image
from digitpad.core.models.zoo import REGISTRY
from digitpad.core.my_digits import store as my_digits
from digitpad.core.runtime.paths import resources_dir

THREE = resources_dir() / "samples" / "three.png"


def one_line_error(err: str) -> str:
    """The single line the CLI printed for a failure (no traceback)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("digitpad: error: ") for line in lines), err
    return err


# ----- corrupt settings ----------------------------------------------------------------------------------------
CORRUPT_SETTINGS = {
    "garbage layout": "[window]\nlayout_version=2\ngeometry=garbage\nstate=garbage\n",
    "layout as lists": "[window]\nlayout_version=2\ngeometry=1, 2, 3\nstate=a, b\n",
    "layout as wrong bytes": "[window]\nlayout_version=2\ngeometry=@ByteArray(garbage)\nstate=@ByteArray(garbage)\n",
    "file cut mid-@ByteArray(": "[window]\nlayout_version=2\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0",
    "numbers out of range": (
        "[training]\nseed=99999999999999999999\nepochs=99999999999\nbatch_size=-5\nlr=nan\n"
        "[canvas]\npen_width=1e400\n[view]\nsaliency=maybe\ntheme=1, 2\n"
    ),
}
DROPPED = {
    "garbage layout": ["window/geometry", "window/state"],
    "layout as lists": ["window/geometry", "window/state"],
    "layout as wrong bytes": [],  # bytes of the right type that Qt refuses: the default layout, the file untouched
    "file cut mid-@ByteArray(": ["window/geometry"],
    "numbers out of range": [
        "training/seed",
        "training/epochs",
        "training/batch_size",
        "training/lr",
        "canvas/pen_width",
        "view/saliency",
        "view/theme",
    ],
}


@pytest.fixture
def window_factory(qtbot, tmp_path, monkeypatch):
    """``make(ini_text)``: a shown MainWindow on a settings file holding that text; closed after the test."""
    from digitpad.ui.main_window import MainWindow

    monkeypatch.setattr(my_digits, "default_folder", lambda: tmp_path / "my_digits")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "user_settings"))
    windows: list[MainWindow] = []

    def make(text: str) -> tuple[MainWindow, QSettings]:
        path = tmp_path / f"digitpad{len(windows)}.ini"
        path.write_text(text, encoding="latin-1")
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, load_models=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window, settings

    yield make
    for window in windows:
        window.close()


@pytest.mark.parametrize("case", list(CORRUPT_SETTINGS))
def test_corrupt_settings_open_the_window_with_defaults(case, window_factory, caplog):
    window, settings = window_factory(CORRUPT_SETTINGS[case])
    assert window.isVisible()
    panel = window.training_panel
    assert panel is not None
    spec = REGISTRY["cnn"]
    assert (panel.epochs_spin.value(), panel.batch_size_spin.value()) == (spec.epochs, spec.batch_size)
    assert panel.learning_rate_spin.value() == pytest.approx(spec.lr)
    assert 0 <= panel.seed_spin.value() < 2**31
    settings.sync()
    for key in DROPPED[case]:  # removed from the file, each with a log note
        assert not settings.contains(key), key
        assert any(key in record.getMessage() for record in caplog.records), key
    if case == "numbers out of range":
        assert window.state.theme == "system"
        assert not window.model_input_panel.saliency_check.isChecked()


# ----- pictures ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def huge_png(tmp_path_factory) -> Path:
    """20000 x 20000 pixels in about 50 KB: PIL's decompression-bomb limit, and a traceback before."""
    path = tmp_path_factory.mktemp("huge") / "huge.png"
    Image.new("1", (20_000, 20_000)).save(path)
    return path


@pytest.fixture(scope="module")
def large_png(tmp_path_factory) -> Path:
    """12000 x 12000: under PIL's hard limit; decoding it took 1.5 GB and 4.7 s before."""
    path = tmp_path_factory.mktemp("large") / "large.png"
    Image.new("1", (12_000, 12_000)).save(path)
    return path


def _peak_rss_reading(path: Path) -> dict[str, object]:
    """Read a picture in a fresh process: its peak RSS (MB) beyond start-up, the time and the outcome."""
    code = (
        "import json, resource, sys, time\n"
        "from digitpad.core.inference.images import ImageError, read_image\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter()\n"
        "try:\n    shape, error = list(read_image(sys.argv[1]).shape), None\n"
        "except ImageError as exc:\n    shape, error = None, str(exc)\n"
        "peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024\n"
        "print(json.dumps({'shape': shape, 'error': error, 'mb': peak, 's': time.perf_counter() - t}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_huge_and_large_pictures_are_refused_at_once(huge_png, large_png):
    for path, shown in ((huge_png, "400 megapixels"), (large_png, "12000x12000")):
        result = _peak_rss_reading(path)
        assert result["shape"] is None
        error = str(result["error"])
        assert str(path) in error and shown in error and "too large" in error
        assert f"{MAX_PIXELS // 1_000_000} megapixels" in error
        assert float(result["s"]) < 0.5 and float(result["mb"]) < 50, result  # nothing was decoded
        with pytest.raises(ImageError, match="too large"):  # and in this process, where warnings are errors
            read_image(path)


def test_file_open_image_of_a_huge_picture_says_so(window_factory, huge_png, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a: shown.append(text))
    window, _ = window_factory("")
    start = time.perf_counter()
    assert not window.open_image_file(huge_png)
    assert time.perf_counter() - start < 1
    assert len(shown) == 1 and "too large" in shown[0] and str(huge_png) in shown[0]
    assert window.canvas.is_empty()


def test_a_large_allowed_picture_is_read_small(tmp_path):
    """36 megapixels, JPEG and PNG: scaled down to `WORK_SIDE` a side, in bounded time and memory."""
    digit = np.asarray(Image.open(THREE).convert("L").resize((6000, 6000)))
    for suffix in ("jpg", "png"):
        path = tmp_path / f"big.{suffix}"
        Image.fromarray(digit).save(path)
        result = _peak_rss_reading(path)
        assert result["shape"] == [WORK_SIDE, WORK_SIDE], result
        assert float(result["s"]) < 3 and float(result["mb"]) < 400, result


def test_exif_orientation_is_honoured(tmp_path, capsys):
    """A phone photo of an upright 3, stored sideways with an EXIF orientation: read upright, predicted as 3."""
    upright = Image.open(THREE).convert("L")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6: turn 90 degrees clockwise to show
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "photo.jpg"
    sideways.save(path, exif=exif, quality=95)
    read = read_image(path)
    assert read.shape == np.asarray(upright).shape
    assert np.mean((read > 127) == (np.asarray(upright) > 127)) > 0.98
    assert main(["predict", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["digit"] == 3


def test_one_bad_file_does_not_stop_a_predict_batch(tmp_path, huge_png, capsys):
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("not a picture")
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    files = [str(huge_png), str(not_a_picture), str(tmp_path / "missing.png"), str(blank), str(THREE)]
    assert main(["predict", *files]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [line for line in out.splitlines() if line.startswith(f"{THREE}: 3 ")]
    assert len(out.splitlines()) == 1  # the good picture is still predicted, after the bad ones
    one_line_error(err)
    assert len(err.splitlines()) == 4
    for name in files[:4]:
        assert name in err


# ----- MNIST files ---------------------------------------------------------------------------------------------
def _write_idx(path: Path, array: np.ndarray) -> None:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def _fake_mnist(root: Path, labels: dict[str, np.ndarray] | None = None, skip: str | None = None) -> Path:
    """MNIST's four files in MNIST's shapes (blank images, labels 0-9 unless given), uncompressed."""
    folder = raw_dir(root)
    folder.mkdir(parents=True)
    for name, (shape, _) in MNIST_FILES.items():
        if name == skip:
            continue
        given = (labels or {}).get(name)
        array = given if given is not None else np.arange(shape[0]) % 10 if len(shape) == 1 else np.zeros(shape)
        _write_idx(folder / name, array)
    return root


def test_labels_that_are_not_digits_name_the_file(tmp_path, capsys):
    labels = np.arange(10_000) % 10
    labels[1234] = 200
    root = _fake_mnist(tmp_path / "data", {"t10k-labels-idx1-ubyte": labels})
    bad = raw_dir(root) / "t10k-labels-idx1-ubyte"
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte") as caught:
        load_mnist(root)
    assert "200" in str(caught.value) and "1234" in str(caught.value)
    assert main(["eval", "cnn", "--data-dir", str(root)]) == 2
    assert str(bad) in one_line_error(capsys.readouterr().err)
    out = tmp_path / "model.pt"
    assert main(["train", "--data-dir", str(root), "--out", str(out), "--max-steps", "1", "--no-pen-data"]) == 2
    assert str(bad) in one_line_error(capsys.readouterr().err)
    assert not out.exists()


def test_a_missing_mnist_file_is_named(tmp_path, capsys):
    root = _fake_mnist(tmp_path / "data", skip="train-labels-idx1-ubyte")
    assert main(["eval", "cnn", "--data-dir", str(root)]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "train-labels-idx1-ubyte" in err and "t10k-images-idx3-ubyte" not in err


def test_gzip_labels_out_of_range_are_caught_too(tmp_path):
    root = _fake_mnist(tmp_path / "data")
    folder = raw_dir(root)
    plain = folder / "train-labels-idx1-ubyte"
    raw = bytearray(plain.read_bytes())
    raw[-1] = 10
    plain.unlink()
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(bytes(raw)))
    with pytest.raises(DataError, match=r"train-labels-idx1-ubyte\.gz.*label 10"):
        load_mnist(root)


# ----- the canvas's undo history -------------------------------------------------------------------------------
def test_undo_history_is_bounded(qtbot):
    from digitpad.ui.drawing.canvas import MAX_UNDO, REFERENCE_SIDE, DrawingCanvas

    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 256, (1000, 1000), dtype=np.uint8) for _ in range(3)]
    start = time.perf_counter()
    for i in range(300):
        canvas.set_picture(pictures[i % 3])
    assert time.perf_counter() - start < 20
    history = [state.picture for state in (*canvas._past, canvas._state) if state.picture is not None]
    assert len(canvas._past) == MAX_UNDO
    assert all(p.width() <= REFERENCE_SIDE and p.height() <= REFERENCE_SIDE for p in history)
    assert sum(p.sizeInBytes() for p in history) < 25 * 2**20  # was 293 MB for these 300 pictures
    undone = 0
    while canvas.can_undo():
        canvas.undo()
        undone += 1
    assert undone == MAX_UNDO and canvas.has_picture()  # the oldest kept step is a picture, the rest forgotten
    for _ in range(MAX_UNDO):
        canvas.redo()
    assert not canvas.can_redo() and canvas.can_undo()
