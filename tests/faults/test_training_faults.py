"""Issue 14, training and saving: nothing lost, nothing crashes.

Each fault is met as the user meets it: `digitpad train` prints one line on stderr (no traceback) and exits
non-zero, a checkpoint that was there before is byte-identical afterwards, no temporary file is left behind, and
File > Save model shows a message box instead of letting the exception escape. The runs are tiny (random
MNIST-shaped data, a few steps), so the whole file takes seconds.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from digitpad.cli import main
from digitpad.commands import train as train_command
from digitpad.core.data import mnist as mnist_module
from digitpad.core.data.mnist import MNIST
from digitpad.core.models.checkpoint import CheckpointSaveError, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime import atomic
from digitpad.core.runtime.jobs import JobState
from digitpad.core.training import loop
from digitpad.core.training.loop import StepReport, TrainConfig
from digitpad.core.training.runs import TrainingJob, describe_training_error, run_training

QUICK = ["--model", "logreg", "--no-pen-data", "--no-augment", "--device", "cpu", "--data-dir", "unused"]


@pytest.fixture
def data(monkeypatch, synthetic_mnist: MNIST) -> MNIST:
    """`digitpad train` reads the synthetic set and skips the pen-digits score (it reads a 10,000-digit file)."""
    monkeypatch.setattr(mnist_module, "load_mnist", lambda *_a, **_k: synthetic_mnist)
    monkeypatch.setattr(train_command, "_held_out_pen_accuracy", lambda *_a: None)
    return synthetic_mnist


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A checkpoint the user already has: every failed run must leave it byte for byte."""
    return save_checkpoint(tmp_path / "good.pt", "logreg", build_model("logreg").eval(), {})


def train_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["train", *QUICK, *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[")]  # not the bar
    assert len(lines) == 1 and lines[0].startswith("digitpad: error: "), err
    return lines[0]


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# 1. a run that learned nothing never replaces a checkpoint


def test_a_diverged_run_leaves_the_good_checkpoint_as_it_was(capsys, data, good):
    # before: "diverged ... the last good weights were kept", then a 10% model (step 0's weights) over good.pt
    before = good.read_bytes()
    args = ["--model", "mlp", "--optimizer", "sgd", "--lr", "1e6", "--max-steps", "50", "--out", str(good)]
    code, out, err = train_cli(capsys, *args)
    line = one_line_error(err)
    assert code == 1 and "diverged" in line and "lower learning rate" in line and "left as it was" in line
    assert good.read_bytes() == before and "Saved" not in out and temporaries(good.parent) == []


def test_a_diverged_run_into_a_new_file_writes_nothing(capsys, data, tmp_path):
    out_file = tmp_path / "new.pt"
    code, _, err = train_cli(
        capsys, "--model", "mlp", "--optimizer", "sgd", "--lr", "1e6", "--max-steps", "50", "--out", str(out_file)
    )
    assert code == 1 and "was not written" in one_line_error(err) and not out_file.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lr", "inf"], "finite"),
        (["--lr", "nan"], "learning rate"),
        (["--max-steps", "0"], "at least 1"),
        (["--max-steps", "-1"], "at least 1"),
    ],
)
def test_settings_that_cannot_train_are_refused_before_the_run(capsys, data, good, args, words):
    # before: --lr inf diverged and saved step 0's weights; --max-steps 0/-1 saved an untrained model, exit 0
    before = good.read_bytes()
    code, out, err = train_cli(capsys, *args, "--out", str(good))
    assert code == 2 and words in one_line_error(err) and "Training" not in out
    assert good.read_bytes() == before


def test_the_core_refuses_them_too() -> None:
    for bad in (dict(lr=float("inf")), dict(lr=float("-inf")), dict(max_steps=0), dict(max_steps=-3)):
        with pytest.raises(ValueError):
            TrainConfig(model="logreg", **bad).resolved()
    assert TrainConfig(model="logreg", max_steps=1, lr=0.5).resolved().max_steps == 1


def test_a_run_that_trained_still_replaces_the_file(capsys, data, good):
    before = good.read_bytes()
    code, out, err = train_cli(capsys, "--max-steps", "5", "--out", str(good))
    assert code == 0 and "Traceback" not in err and f"Saved {good}" in out
    assert good.read_bytes() != before and load_checkpoint(good).metadata["steps_done"] == 5


# 2. a destination that cannot be written is refused before the run


def _refused(capsys, out_arg: str) -> str:
    code, out, err = train_cli(capsys, "--max-steps", "5", "--out", out_arg)
    assert code == 2 and "Training" not in out, "refused before the data is even read"
    return one_line_error(err)


def test_out_naming_a_folder_is_refused_before_training(capsys, monkeypatch, tmp_path):
    # before: the whole run, then IsADirectoryError (or a file named "dir" for dir/)
    monkeypatch.setattr(mnist_module, "load_mnist", lambda *_a, **_k: pytest.fail("the data was loaded"))
    (tmp_path / "models").mkdir()
    assert "is a folder" in _refused(capsys, str(tmp_path / "models"))
    assert "is a folder" in _refused(capsys, str(tmp_path / "new") + os.sep)
    assert not (tmp_path / "new").exists()
    (tmp_path / "notes.txt").write_text("a file")
    assert "is a file, not a folder" in _refused(capsys, str(tmp_path / "notes.txt" / "cnn.pt"))


def test_out_in_a_read_only_folder_is_refused_before_training(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(mnist_module, "load_mnist", lambda *_a, **_k: pytest.fail("the data was loaded"))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if getattr(os, "geteuid", lambda: 1)() == 0:  # root may write anywhere: here the OS says no for it
            real_access = os.access
            monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != locked and real_access(p, mode))
        assert "not writable" in _refused(capsys, str(locked / "cnn.pt"))
        assert "not writable" in _refused(capsys, str(locked / "sub" / "cnn.pt"))  # its folder cannot be made
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_out_in_a_folder_yet_to_be_made_is_fine(capsys, data, tmp_path):
    code, _, _ = train_cli(capsys, "--max-steps", "2", "--out", str(tmp_path / "a" / "b" / "cnn.pt"))
    assert code == 0 and (tmp_path / "a" / "b" / "cnn.pt").is_file()


# 3. a full disk: one line, exit 1, the old file intact; a message box in the window


class _FullDisk:
    """A file whose disk fills after ``room`` bytes, like a real one: the write raises ENOSPC mid-file."""

    def __init__(self, fh, room: int = 1000) -> None:  # noqa: ANN001
        self._fh, self._room = fh, room

    def write(self, data) -> int:  # noqa: ANN001
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._fh, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self._fh.close()


@pytest.fixture
def full_disk(monkeypatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r", *a, **k: _FullDisk(real(fd, mode, *a, **k)))


def test_a_full_disk_keeps_the_old_checkpoint_and_says_so(capsys, data, good, full_disk):
    # before: a raw "RuntimeError: [enforce fail at inline_container.cc:672]" traceback
    before = good.read_bytes()
    code, out, err = train_cli(capsys, "--max-steps", "3", "--out", str(good))
    line = one_line_error(err)
    assert code == 1 and "not enough space on the disk to save" in line and "previous file was kept" in line
    assert good.read_bytes() == before and temporaries(good.parent) == [] and "Saved" not in out


def test_save_checkpoint_raises_an_os_error_that_says_the_disk_is_full(tmp_path, full_disk):
    with pytest.raises(CheckpointSaveError) as caught:
        save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert str(caught.value).startswith(f"not enough space on the disk to save {tmp_path / 'm.pt'}")
    assert list(tmp_path.iterdir()) == []


def test_torch_writer_errors_without_a_cause_are_worded_too(tmp_path, monkeypatch):
    def zip_writer_fails(*_a, **_k):
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 704 vs 598")

    monkeypatch.setattr(torch, "save", zip_writer_fails)
    monkeypatch.setattr("digitpad.core.models.checkpoint.shutil.disk_usage", lambda _p: SimpleNamespace(free=100))
    with pytest.raises(CheckpointSaveError, match="not enough space on the disk") as caught:
        save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})
    assert "are free" in str(caught.value)
    monkeypatch.setattr("digitpad.core.models.checkpoint.shutil.disk_usage", lambda _p: SimpleNamespace(free=10**12))
    with pytest.raises(CheckpointSaveError, match="could not be written .*inline_container"):
        save_checkpoint(tmp_path / "m.pt", "logreg", build_model("logreg"), {})


def test_file_save_model_on_a_full_disk_shows_a_message(qtbot, tmp_path, good, full_disk, monkeypatch):
    # before: the RuntimeError escaped the slot; nothing was shown
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow

    from digitpad.ui import dialogs

    window = QMainWindow()
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "_ask_save_path", lambda *_a: str(good))
    monkeypatch.setattr(dialogs.QMessageBox, "critical", lambda _p, _title, text: shown.append(text))
    entry = SimpleNamespace(checkpoint=load_checkpoint(good), arch="logreg")
    before = good.read_bytes()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert dialogs.save_model(window, settings, entry) is None  # type: ignore[arg-type]
    assert len(shown) == 1 and "not enough space on the disk" in shown[0] and str(good) in shown[0]
    assert good.read_bytes() == before and temporaries(good.parent) == []


# 4. temporary files of killed saves are cleaned up by the next save


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="process ids are not asked on Windows (the age rule applies)")
def test_the_next_save_removes_a_dead_writers_temporary_and_keeps_a_live_ones(tmp_path, good):
    # before: 13 checkpoint temporaries (up to 834 KB) and 12 store temporaries (up to 13.6 MB) piled up
    dead = tmp_path / f".good.pt.{_dead_pid()}.k3j9x2a1.tmp"
    dead.write_bytes(b"half a checkpoint")
    live_writer = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        live = tmp_path / f".good.pt.{live_writer.pid}.q8w7e6r5.tmp"
        live.write_bytes(b"being written")
        old_style = tmp_path / ".good.pt.ab12cd_3.tmp"  # named by an earlier digitpad: no process in the name
        old_style.write_bytes(b"old")
        hour_ago = time.time() - 2 * atomic.STALE_AFTER_S
        os.utime(old_style, (hour_ago, hour_ago))
        recent_old_style = tmp_path / ".good.pt.zz99yy88.tmp"
        recent_old_style.write_bytes(b"maybe being written")
        other = tmp_path / ".other.pt.1.abcdefgh.tmp"  # another file's: not this save's business
        other.write_bytes(b"x")
        save_checkpoint(good, "logreg", build_model("logreg"), {})
        assert not dead.exists() and not old_style.exists()
        assert live.read_bytes() == b"being written" and recent_old_style.exists() and other.exists()
    finally:
        live_writer.kill()
        live_writer.communicate(timeout=60)
    assert load_checkpoint(good).arch == "logreg"


def test_temporaries_name_their_writer(tmp_path):
    target = tmp_path / "data.bin"
    with atomic.atomic_write(target) as fh:
        fh.write(b"x")
        [tmp] = temporaries(tmp_path)
        assert tmp.startswith(f".data.bin.{os.getpid()}.")
    assert temporaries(tmp_path) == []


# 5. a batch larger than the data, and running out of memory


def test_a_batch_larger_than_the_training_set_is_refused(capsys, data, good):
    # before: one 55,000-image batch a step, 6.6 GB, without a word
    before = good.read_bytes()
    code, out, err = train_cli(capsys, "--batch-size", "10000000", "--out", str(good))
    line = one_line_error(err)
    assert code == 2 and "10,000,000" in line and "at most 512" in line and "Training" not in out
    assert good.read_bytes() == before


def test_the_window_run_refuses_it_in_the_same_words(synthetic_mnist):
    config = TrainConfig(model="logreg", batch_size=10_000, device="cpu")
    with pytest.raises(ValueError) as caught:
        run_training(TrainingJob(config, Path("unused"), loader=lambda _r, _d: synthetic_mnist), JobState())
    assert "at most 512" in describe_training_error(caught.value, config)


@pytest.mark.parametrize(
    "error",
    [torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 6.60 GiB"), MemoryError()],
    ids=["gpu", "cpu"],
)
def test_out_of_memory_is_one_line_with_what_to_do(capsys, data, good, monkeypatch, error):
    # before: a torch.OutOfMemoryError traceback
    def runs_out(*_a, **_k):
        raise error

    monkeypatch.setattr(loop, "train", runs_out)
    before = good.read_bytes()
    code, _, err = train_cli(capsys, "--max-steps", "5", "--out", str(good))
    line = one_line_error(err)
    assert code == 1 and "ran out of memory" in line and "Lower the batch size" in line
    assert good.read_bytes() == before


# 6. Ctrl+C during the progress bar


def test_an_interrupt_is_reported_on_its_own_line(capsys, data, good, monkeypatch):
    # before: "[#####----] step 5/10 loss 1.0000 ... ETA    1sdigitpad: interrupted"
    def interrupted(_config, _data, state, *_a):
        state.progress(StepReport(epoch=1, step=5, total_steps=10, loss=1.0, samples_per_s=100.0, eta_s=1.0))
        raise KeyboardInterrupt

    monkeypatch.setattr(loop, "train", interrupted)
    before = good.read_bytes()
    code, _, err = train_cli(capsys, "--max-steps", "10", "--out", str(good))
    assert code == 130 and "Traceback" not in err
    assert err.endswith("ETA    1s\ndigitpad: interrupted\n"), repr(err)
    assert good.read_bytes() == before
