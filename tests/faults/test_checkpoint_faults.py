"""Checkpoint files that lie or crash: each test builds the hostile file itself and checks what the user sees.

A file whose weights are not finite, whose normalisation or batch-norm statistics are impossible, whose fields are
of the wrong kind, or whose settings ask for a model far bigger than its weights is refused at load with one
sentence that names the problem: `digitpad predict` and `digitpad eval` print one line and exit non-zero, the
window's File > Open shows a box and adds nothing to the model selector. Every refusal is quick and builds no model
bigger than the weights in the file.
"""

from __future__ import annotations

import math
import re
import time
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image, ImageDraw

from digitpad import cli
from digitpad.core.models import checkpoint
from digitpad.core.models.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model, count_parameters

SMALL = {
    "cnn": {"channels": (4, 8), "hidden": 16},
    "lstm": {"hidden": 8, "layers": 1},
    "mlp": {"hidden": (16,)},
}


def _small(tmp_path: Path, arch: str = "cnn") -> Path:
    torch.manual_seed(0)
    model = build_model(arch, SMALL[arch]).eval()
    return save_checkpoint(
        tmp_path / f"{arch}.pt", arch, model, SMALL[arch], metadata={"metrics": {"test_accuracy": 0.9954}}
    )


def _edit(path: Path, **changes: Any) -> Path:
    """Rewrite ``path``'s payload: ``key=value`` sets a field; ``table__name=value`` one entry of a table (state,
    hparams, normalization, metrics, metadata), ``__`` in ``name`` standing for a dot."""
    payload = torch.load(path, weights_only=True)
    for key, value in changes.items():
        if "__" in key:
            table, name = key.split("__", 1)
            target = {
                "state": payload["state_dict"],
                "hparams": payload["hparams"],
                "normalization": payload["normalization"],
                "metrics": payload["metadata"]["metrics"],
                "metadata": payload["metadata"],
            }[table]
            target[name.replace("__", ".")] = value
        else:
            payload[key] = value
    torch.save(payload, path)
    return path


def _poison(name: str, fill: float) -> Any:
    """An edit that sets the first number of stored tensor ``name`` to ``fill``."""

    def edit(path: Path) -> None:
        payload = torch.load(path, weights_only=True)
        payload["state_dict"][name].view(-1)[0] = fill
        torch.save(payload, path)

    return edit


def _case(case: str, arch: str, edit: Any, words: str) -> Any:
    return pytest.param(arch, edit, words, id=case)


# what the file does, the model it started as, the edit, words the refusal must hold
HOSTILE = [
    _case("nan weight", "cnn", _poison("classifier.fc1.weight", math.nan), "classifier.fc1.weight are not finite"),
    _case("inf weight", "mlp", _poison("net.1.weight", math.inf), "net.1.weight are not finite"),
    _case("nan mean", "cnn", lambda p: _edit(p, normalization__mean=math.nan), "mean is nan"),
    _case("std 0", "cnn", lambda p: _edit(p, normalization__std=0.0), "std is 0.0"),
    _case("negative running_var", "cnn", _poison("features.bn1.running_var", -1.0), "bn1.running_var is negative"),
    _case("normalization abc", "cnn", lambda p: _edit(p, normalization="abc"), "normalisation is 'abc'"),
    _case("hparams list", "cnn", lambda p: _edit(p, hparams=[1, 2]), "settings are a list"),
    _case("metadata list", "cnn", lambda p: _edit(p, metadata=[1, 2]), "metadata is a list"),
    _case("hidden -5", "cnn", lambda p: _edit(p, hparams__hidden=-5), "hidden must be"),
    _case("hidden 10**9", "cnn", lambda p: _edit(p, hparams__hidden=10**9), "hidden must be"),
    _case("channels 10**6", "cnn", lambda p: _edit(p, hparams__channels=[10**6] * 2), "channels must be"),
    _case("lstm layers 10**7", "lstm", lambda p: _edit(p, hparams__layers=10**7), "layers must be"),
    _case("hidden 4096, not the weights'", "cnn", lambda p: _edit(p, hparams__hidden=4096), "the settings make it"),
    _case("lstm layers 8, not the weights'", "lstm", lambda p: _edit(p, hparams__layers=8), "do not fit"),
    _case("format_version '2'", "cnn", lambda p: _edit(p, format_version="2"), "broken format version ('2'"),
    _case("arch a list", "cnn", lambda p: _edit(p, arch=["cnn"]), "does not know"),
    _case(
        "int weights", "mlp", lambda p: _edit(p, state__net__1__weight=torch.ones(16, 784, dtype=torch.long)), "int64"
    ),
    _case("weight not a tensor", "mlp", lambda p: _edit(p, state__net__1__bias=[0.0] * 16), "not a tensor"),
]
# what the issue saw as a "0 (nan%)" or a traceback at the command line
CLI_CASES = [
    c for c in HOSTILE if c.id in {"nan weight", "std 0", "negative running_var", "hparams list", "hidden 10**9"}
]


@pytest.fixture
def digit_png(tmp_path: Path) -> Path:
    picture = Image.new("L", (56, 56), 0)
    ImageDraw.Draw(picture).line([(28, 8), (28, 48)], fill=255, width=5)
    path = tmp_path / "one.png"
    picture.save(path)
    return path


def _hostile(tmp_path: Path, arch: str, edit: Any) -> Path:
    path = _small(tmp_path, arch)
    edit(path)
    return path


def _one_line_error(capsys: pytest.CaptureFixture[str], code: int) -> str:
    out, err = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in out + err and "nan%" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digitpad: error: "), err
    return lines[0]


@pytest.mark.parametrize(("arch", "edit", "words"), HOSTILE)
def test_a_hostile_checkpoint_is_refused_quickly_with_the_reason(tmp_path, monkeypatch, arch, edit, words) -> None:
    path = _hostile(tmp_path, arch, edit)
    stored = sum(t.numel() for t in torch.load(path, weights_only=True)["state_dict"].values() if hasattr(t, "numel"))
    built: list[int] = []

    def recording_build(*args: Any, **kwargs: Any) -> torch.nn.Module:
        model = build_model(*args, **kwargs)
        if not next(model.parameters()).is_meta:
            built.append(count_parameters(model))
        return model

    monkeypatch.setattr(checkpoint, "build_model", recording_build)
    start = time.perf_counter()
    with pytest.raises(CheckpointError, match=re.escape(words)) as refused:
        load_checkpoint(path)
    seconds = time.perf_counter() - start
    assert seconds < 2, f"refusing took {seconds:.1f} s"
    assert all(n <= stored for n in built), f"built a model of {built} parameters for {stored} stored"
    assert str(path) in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize(("arch", "edit", "words"), CLI_CASES)
def test_predict_and_eval_print_one_line_and_fail(tmp_path, capsys, digit_png, arch, edit, words) -> None:
    path = _hostile(tmp_path, arch, edit)
    line = _one_line_error(capsys, cli.main(["predict", "--checkpoint", str(path), str(digit_png)]))
    assert str(path) in line
    line = _one_line_error(capsys, cli.main(["eval", str(path), "--data-dir", str(tmp_path / "no-mnist")]))
    assert str(path) in line


def test_a_sound_checkpoint_still_predicts(tmp_path, capsys, digit_png) -> None:
    path = _small(tmp_path)
    assert cli.main(["predict", "--checkpoint", str(path), str(digit_png)]) == 0
    out, err = capsys.readouterr()
    assert "%" in out and "nan" not in out and not err


def test_a_metadata_value_of_the_wrong_kind_is_ignored_with_a_note(tmp_path, capsys, digit_png) -> None:
    path = _edit(_small(tmp_path), metrics__test_accuracy="high", metadata__parameters="many")
    ckpt = load_checkpoint(path)
    assert ckpt.test_accuracy is None and "parameters" not in ckpt.metadata
    assert any("metrics.test_accuracy ('high')" in note for note in ckpt.notes)
    assert cli.main(["predict", "--checkpoint", str(path), str(digit_png)]) == 0
    _, err = capsys.readouterr()
    assert "digitpad: note:" in err and "test_accuracy" in err and "Traceback" not in err


def test_a_folder_named_like_a_checkpoint_is_called_a_folder(tmp_path, capsys) -> None:
    folder = tmp_path / "x.pt"
    folder.mkdir()
    with pytest.raises(CheckpointError, match="is a folder"):
        load_checkpoint(folder)
    line = _one_line_error(capsys, cli.main(["eval", str(folder)]))
    assert "does not exist" not in line


@pytest.mark.parametrize("content", [bytes(range(256)) * 8, b"not a checkpoint", b""], ids=["random", "text", "empty"])
def test_bytes_that_are_no_checkpoint_are_not_called_an_attack(tmp_path, content) -> None:
    path = tmp_path / "noise.pt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError) as refused:
        load_checkpoint(path)
    assert "run code" not in str(refused.value)
    assert "not a digitpad checkpoint" in str(refused.value) or "empty" in str(refused.value)


def test_a_truncated_checkpoint_is_called_damaged(tmp_path) -> None:
    path = _small(tmp_path)
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(CheckpointError, match="truncated or corrupt"):
        load_checkpoint(path)


# ----- the window: File > Open ----------------------------------------------------------------------------------
@pytest.fixture
def file_actions(qtbot, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow

    from digitpad.ui.catalog import ModelCatalog
    from digitpad.ui.file_actions import FileActions
    from digitpad.ui.state import AppState

    window = QMainWindow()
    qtbot.addWidget(window)
    state = AppState(QSettings(str(tmp_path / "digitpad.ini"), QSettings.Format.IniFormat))
    catalog = ModelCatalog(window)
    return FileActions(window, state, catalog, canvas=None, prepare_models=lambda: None), catalog, state  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "edit",
    [_poison("classifier.fc1.weight", math.nan), lambda p: _edit(p, hparams=[1, 2])],
    ids=["nan weight", "hparams list"],
)
def test_file_open_shows_a_box_and_adds_nothing(file_actions, tmp_path, monkeypatch, edit) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    actions, catalog, state = file_actions
    path = _hostile(tmp_path, "cnn", edit)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    rows = catalog.rowCount()
    actions.ask_open_model()
    assert len(shown) == 1 and str(path) in shown[0]
    assert catalog.rowCount() == rows and state.model is None


def test_file_open_with_a_bad_metric_adds_one_readable_entry(file_actions, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    actions, catalog, state = file_actions
    path = _edit(_small(tmp_path), metrics__test_accuracy="high")
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"unexpected box: {a}"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    rows = catalog.rowCount()
    actions.ask_open_model()
    assert catalog.rowCount() == rows + 1
    entry = catalog.entry(rows)
    assert entry is not None and entry.label.startswith("cnn — cnn.pt") and "%" not in entry.label
    assert "test_accuracy" in catalog.item(rows).toolTip() and state.model is entry
