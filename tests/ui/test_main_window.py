"""The main window as a user meets it: draw, read the prediction, switch models, open files, close."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from gestures import line, one, stroke, zero
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QThread, QUrl, Signal, qVersion
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

import digitpad
from digitpad.core.models.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import REGISTRY, build_model
from digitpad.core.runtime import paths
from digitpad.ui import docks
from digitpad.ui import settings as keys
from digitpad.ui.drawing.model_input_view import ModelInputView
from digitpad.ui.main_window import MainWindow
from digitpad.ui.prediction.view import PROMPT, ProbabilityChart
from digitpad.ui.state import AppState
from digitpad.ui.training import panel as training_panel

REAL_PRETRAINED = {name: paths.pretrained_path(name) for name in REGISTRY}
needs_trained_cnn = pytest.mark.skipif(
    not REAL_PRETRAINED["cnn"].is_file(), reason="resources/pretrained/cnn.pt is not trained yet"
)


@pytest.fixture(scope="session")
def stand_ins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Untrained checkpoints for registry models whose pretrained file does not exist (yet)."""
    folder = tmp_path_factory.mktemp("pretrained")
    for name, spec in REGISTRY.items():
        torch.manual_seed(0)
        save_checkpoint(
            folder / f"{name}.pt",
            name,
            build_model(name).eval(),
            spec.hparams,
            metadata={"metrics": {"test_accuracy": 0.1}},
        )
    return folder


@pytest.fixture
def pretrained(monkeypatch: pytest.MonkeyPatch, stand_ins: Path) -> None:
    def path(name: str) -> Path:
        real = REAL_PRETRAINED[name]
        return real if real.is_file() else stand_ins / f"{name}.pt"

    monkeypatch.setattr(paths, "pretrained_path", path)


@pytest.fixture
def make_window(qtbot, settings: QSettings, pretrained: None):
    """Builds shown windows; after the test each must close with no thread of its own left running."""
    windows: list[MainWindow] = []
    python_threads = set(threading.enumerate())

    def make(**kwargs) -> MainWindow:
        window = MainWindow(settings=kwargs.pop("settings", settings), **kwargs)
        qtbot.addWidget(window)
        window.resize(1100, 720)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        assert window.close()
        assert not [t for t in window.findChildren(QThread) if t.isRunning()]
        panel = window.training_panel
        assert panel is None or not panel.is_training()
    left = [
        t
        for t in set(threading.enumerate()) - python_threads
        if t.is_alive() and not isinstance(t, threading._DummyThread)
    ]  # type: ignore[attr-defined]
    assert not left, f"threads left running: {left}"


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def label(window: MainWindow) -> str:
    return window.findChild(QLabel, "predictionLabel").text()


def selector(window: MainWindow) -> QComboBox:
    return window.findChild(QComboBox, "modelSelector")


def chart_probabilities(window: MainWindow) -> np.ndarray:
    return window.findChild(ProbabilityChart, "probabilityChart").probabilities()


def select(window: MainWindow, name: str) -> None:
    combo = selector(window)
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith(name + " ")))


def test_window_starts_with_every_pretrained_model_and_an_empty_prompt(window: MainWindow) -> None:
    combo = selector(window)
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert [t.split()[0] for t in texts] == list(REGISTRY)
    assert all(combo.model().item(i).isEnabled() for i in range(combo.count()))
    assert combo.currentText().startswith("cnn ")
    assert label(window) == ""
    assert window.findChild(QLabel, "predictionHeadline").text() == PROMPT
    assert not chart_probabilities(window).any()
    assert window.findChild(ModelInputView, "modelInputView").image() is None
    assert "cnn" in window.model_status.text() and "test accuracy" in window.model_status.text()
    assert "CPU" in window.device_status.text()


@needs_trained_cnn
def test_drawing_a_one_predicts_1(window: MainWindow) -> None:
    stroke(window.canvas, one())
    assert label(window) == "1"  # synchronously, by the time the release was handled
    probs = chart_probabilities(window)
    assert probs.argmax() == 1 and probs.sum() == pytest.approx(1, abs=1e-4)
    seen = window.findChild(ModelInputView, "modelInputView").image()
    assert seen is not None and seen.shape == (28, 28) and seen.max() == 255
    assert seen[:, :10].max() < 30 and seen[:, 18:].max() < 30, "a centred, MNIST-sized vertical stroke"


def test_the_model_sees_the_same_digit_whatever_the_pen_and_the_size(window: MainWindow) -> None:
    """A 4 drawn small with a thin pen and large with a thick one reaches the model as (nearly) the same image,
    and the image shown as the model input is exactly the tensor the model gets."""
    canvas = window.canvas
    seen = []
    for pen, scale in ((8, 0.3), (40, 0.9), (20, 0.6)):
        canvas.clear()
        canvas.set_pen_width(pen)
        c = 0.5
        stroke(canvas, [(c + (x - c) * scale, c + (y - c) * scale) for x, y in line(0.42, 0.15, 0.3, 0.6)])
        stroke(canvas, [(c + (x - c) * scale, c + (y - c) * scale) for x, y in line(0.3, 0.6, 0.7, 0.6)])
        stroke(canvas, [(c + (x - c) * scale, c + (y - c) * scale) for x, y in line(0.6, 0.3, 0.6, 0.85)])
        prediction = window.predictor.last()
        assert prediction.model_input is not None and prediction.tensor is not None
        seen.append(prediction.model_input.astype(float))
        ckpt = window.current_entry().checkpoint  # type: ignore[union-attr]
        fed = (prediction.tensor[0] * ckpt.std + ckpt.mean) * 255
        assert float((fed - torch.from_numpy(seen[-1])).abs().max()) < 1e-3
    assert seen[0].max() == 255 and seen[0].sum() > 20 * 255
    for other in seen[1:]:
        assert abs(other - seen[0]).mean() < 3, "pen width and drawing size change what the model sees"


@needs_trained_cnn
def test_drawing_a_zero_predicts_0(window: MainWindow) -> None:
    stroke(window.canvas, zero())
    assert label(window) == "0"
    assert "sure" in window.findChild(QLabel, "predictionHeadline").text()


def test_release_updates_the_prediction_and_drawing_updates_it_live(window: MainWindow, qtbot) -> None:
    stroke(window.canvas, line(0.3, 0.2, 0.6, 0.8))
    assert label(window) in list("0123456789")
    window.canvas.clear()
    assert label(window) == ""
    stroke(window.canvas, line(0.5, 0.2, 0.5, 0.8, steps=30), release=False)
    qtbot.waitUntil(lambda: label(window) != "", timeout=2000)  # while the button is still down
    assert window.findChild(ModelInputView, "modelInputView").image() is not None
    stroke(window.canvas, [(0.5, 0.8), (0.5, 0.8)])  # lift the pen


def test_clear_button_empties_the_prediction(window: MainWindow, qtbot) -> None:
    stroke(window.canvas, one())
    assert label(window) != ""
    qtbot.mouseClick(window.findChild(QToolButton, "clearButton"), Qt.MouseButton.LeftButton)
    assert label(window) == ""
    assert window.findChild(QLabel, "predictionHeadline").text() == PROMPT
    assert window.findChild(ModelInputView, "modelInputView").image() is None
    assert not chart_probabilities(window).any()


def test_undo_and_redo_repredict(window: MainWindow) -> None:
    stroke(window.canvas, one())
    digit, probs = label(window), chart_probabilities(window)
    stroke(window.canvas, line(0.3, 0.3, 0.7, 0.3))
    window.canvas_panel.undo_action.trigger()
    assert label(window) == digit and np.allclose(chart_probabilities(window), probs)
    window.canvas_panel.undo_action.trigger()
    assert label(window) == ""
    window.canvas_panel.redo_action.trigger()
    assert label(window) == digit and np.allclose(chart_probabilities(window), probs)


def test_keyboard_shortcuts(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    stroke(window.canvas, one())
    digit = label(window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, ctrl)
    assert label(window) == "" and window.canvas.is_empty()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, ctrl | shift)
    assert label(window) == digit
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)  # closes popups, keeps the drawing
    assert label(window) == digit and not window.canvas.is_empty()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert label(window) == "" and window.canvas.is_empty()
    stroke(window.canvas, one())
    qtbot.keyClick(window.canvas, Qt.Key.Key_Backspace, ctrl)
    assert label(window) == "" and window.canvas.is_empty()
    width = window.canvas.pen_width()
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketRight)
    assert window.canvas.pen_width() == width + 2


def test_switching_model_repredicts_at_once(window: MainWindow) -> None:
    stroke(window.canvas, zero())
    before = chart_probabilities(window)
    select(window, "logreg")
    after = chart_probabilities(window)
    assert not np.allclose(before, after)
    assert label(window) == str(int(after.argmax()))
    assert "logreg" in window.model_status.text()


def test_low_confidence_says_so(window: MainWindow) -> None:
    undecided = build_model("logreg")
    torch.nn.init.zeros_(undecided.net[1].weight)
    torch.nn.init.zeros_(undecided.net[1].bias)  # every digit 10%
    row = window.catalog.add_checkpoint("undecided", Checkpoint("logreg", undecided.eval(), {}))
    selector(window).setCurrentIndex(row)
    stroke(window.canvas, one())
    assert window.findChild(QLabel, "predictionHeadline").text() == "Not sure"
    assert "Maybe" in window.findChild(QLabel, "predictionDetail").text()


def test_compare_all_models_side_by_side(window: MainWindow) -> None:
    stroke(window.canvas, one())
    window.compare_action.trigger()
    table = window.prediction_view.table
    assert table.isVisible() and table.rowCount() == len(REGISTRY)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == list(REGISTRY)
    assert table.item(0, 1).text() == label(window)  # the cnn row agrees with the big digit
    window.compare_action.trigger()
    assert not table.isVisible()


def test_bad_checkpoints_are_reported_and_the_model_is_kept(
    window: MainWindow, tmp_path: Path, stand_ins: Path, monkeypatch
) -> None:
    truncated = tmp_path / "truncated.pt"
    whole = (stand_ins / "mlp.pt").read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CheckpointError) as expected:
        load_checkpoint(truncated)
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"this is not a checkpoint")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: shown.append(text))
    stroke(window.canvas, one())
    before_text, before_count, before_digit = selector(window).currentText(), selector(window).count(), label(window)
    for path in (truncated, garbage):
        assert window.open_model_file(path) is False
        assert selector(window).currentText() == before_text and selector(window).count() == before_count
        assert label(window) == before_digit
    assert len(shown) == 2 and str(expected.value) in shown[0] and str(garbage) in shown[1]


def test_open_model_from_the_menu_adds_and_selects_it(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    path = save_checkpoint(tmp_path / "mine.pt", "mlp", build_model("mlp").eval(), REGISTRY["mlp"].hparams)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.open_model_action.trigger()
    assert selector(window).currentText().startswith("mlp — mine.pt")
    assert selector(window).count() == len(REGISTRY) + 1
    assert "mlp" in window.model_status.text()


def test_save_model_writes_a_checkpoint_that_opens_again(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    select(window, "mlp")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "copy"), ""))
    window.save_model_action.trigger()
    saved = load_checkpoint(tmp_path / "copy.pt")
    original = window.current_entry().checkpoint
    assert saved.arch == "mlp" and saved.test_accuracy == original.test_accuracy
    for name, value in original.model.state_dict().items():
        assert torch.equal(saved.model.state_dict()[name], value)
    assert "copy.pt" in window.statusBar().currentMessage()


def test_export_model_as_onnx_writes_a_file_onnxruntime_reads_as_the_model_does(
    window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    pytest.importorskip("onnxruntime")
    from digitpad.core.models.onnx_export import run_onnx

    select(window, "mlp")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "mlp"), ""))
    assert window.menus.export_onnx.isEnabled()
    window.menus.export_onnx.trigger()
    ckpt = window.current_entry().checkpoint
    x = torch.rand(8, 1, 28, 28)
    with torch.no_grad():
        expected = ckpt.model(x).numpy()
    assert np.allclose(run_onnx(tmp_path / "mlp.onnx", x.numpy()), expected, atol=1e-4)
    assert "mlp.onnx" in window.statusBar().currentMessage()


def test_an_onnx_export_that_cannot_be_written_says_why(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "cnn.onnx"), ""))
    window.menus.export_onnx.trigger()
    assert len(shown) == 1 and "a file" in shown[0]  # names where it could not write
    assert not (blocker.parent / "cnn.onnx").exists()


def test_export_then_open_image_predicts_the_same_digit(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    stroke(window.canvas, zero())
    digit, probs = label(window), chart_probabilities(window)
    png = tmp_path / "digit.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), ""))
    [export] = [a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("&Export")]
    export.trigger()
    assert png.is_file()
    window.canvas.clear()
    inverted = tmp_path / "paper.png"  # dark ink on white paper, as a scan would be
    Image.fromarray(255 - np.asarray(Image.open(png).convert("L"))).save(inverted)
    for picture in (png, inverted):
        assert window.open_image_file(picture)
        assert label(window) == digit
        assert np.allclose(chart_probabilities(window), probs, atol=1e-3)


def test_files_dropped_on_the_window_open_as_a_model_or_a_picture(window: MainWindow, tmp_path: Path) -> None:
    model = save_checkpoint(tmp_path / "dropped.pt", "mlp", build_model("mlp").eval(), REGISTRY["mlp"].hparams)
    picture = np.zeros((280, 280), np.uint8)
    picture[40:240, 130:150] = 255  # a one, white on black
    Image.fromarray(picture).save(tmp_path / "one.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(model)), QUrl.fromLocalFile(str(tmp_path / "one.png"))])
    at, buttons, keys = window.rect().center(), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, buttons, keys)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "files may be dropped"
    QApplication.sendEvent(window, QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, buttons, keys))
    assert selector(window).currentText().startswith("mlp — dropped.pt")
    assert not window.canvas.is_empty() and label(window) == str(int(chart_probabilities(window).argmax()))


def test_unreadable_image_is_reported(window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, message, *a: shown.append(message))
    assert window.open_image_file(text) is False
    assert shown and "not a readable image" in shown[0] and window.canvas.is_empty()


def test_missing_pretrained_model_is_listed_unavailable_until_its_file_appears(
    make_window, monkeypatch, tmp_path: Path, stand_ins: Path, qtbot
) -> None:
    late = tmp_path / "late"
    late.mkdir()
    monkeypatch.setattr(
        paths,
        "pretrained_path",
        lambda name: late / f"{name}.pt" if name in ("cnn", "lstm") else stand_ins / f"{name}.pt",
    )
    window = make_window()
    combo = selector(window)
    for row in (0, 1):
        assert "not available" in combo.itemText(row) and not combo.model().item(row).isEnabled()
    assert combo.currentText().startswith("rnn ")  # the first model that is available
    stroke(window.canvas, one())
    assert label(window) != ""
    save_checkpoint(late / "cnn.pt", "cnn", build_model("cnn").eval(), REGISTRY["cnn"].hparams)
    qtbot.waitUntil(lambda: combo.model().item(0).isEnabled(), timeout=5000)
    assert "not available" not in combo.itemText(0) and combo.currentText().startswith("rnn ")


class FakeTrainingPanel(QWidget):
    """The training panel's contract with the window, without training anything."""

    model_trained = Signal(object)
    fine_tune_requested = Signal()
    generator_trained = Signal(object)  # the Path of a generator it trained

    def __init__(self, parent: QWidget | None = None, *, state: AppState | None = None) -> None:
        super().__init__(parent)
        self.shutdowns: list[bool] = []

    def is_training(self) -> bool:
        return False

    def shutdown(self, timeout_ms: int = 5000) -> None:
        self.shutdowns.append(self.window().isVisible())


def test_trained_model_joins_the_selector_and_close_shuts_training_down(make_window, monkeypatch) -> None:
    monkeypatch.setattr(training_panel, "TrainingPanel", FakeTrainingPanel)
    window = make_window()
    panel = window.training_panel
    assert isinstance(panel, FakeTrainingPanel) and docks.panel_of(window.training_dock) is panel
    stroke(window.canvas, one())
    model = build_model("logreg").eval()
    panel.model_trained.emit(Checkpoint("logreg", model, {}, metadata={"metrics": {"test_accuracy": 0.9234}}))
    assert selector(window).currentText().startswith("logreg · ")
    assert "92.34%" in window.model_status.text()
    assert label(window) == str(int(chart_probabilities(window).argmax()))
    window.close()
    assert panel.shutdowns == [True], "shutdown() ran once, before the window went away"


def test_a_generator_the_training_panel_trains_draws_from_then_on_and_is_remembered(
    make_window, monkeypatch, tmp_path: Path, settings: QSettings
) -> None:
    from digitpad.core.models.gan import Generator, save_generator

    monkeypatch.setattr(training_panel, "TrainingPanel", FakeTrainingPanel)
    window = make_window()
    torch.manual_seed(0)
    path = save_generator(tmp_path / "mine.pt", Generator(width=8).eval(), {})
    window.training_panel.generator_trained.emit(path)
    row = window.canvas_panel.generate_row
    assert row.generator_ready() and row._path == path
    window.close()
    assert settings.value(keys.GENERATOR) == str(path)
    again = make_window()
    assert again.canvas_panel.generate_row._path == path  # the next start draws with it too


def test_settings_persist_between_launches(make_window, settings: QSettings) -> None:
    first = make_window()
    first.canvas_panel.width_slider.setValue(30)
    select(first, "mlp")
    first.resize(900, 640)
    first.close()
    second = make_window()
    assert second.canvas.pen_width() == 30
    assert selector(second).currentText().startswith("mlp ")


def test_about_names_the_versions(window: MainWindow, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    [about] = [a for a in window.menuBar().actions()[-1].menu().actions() if "About" in a.text()]
    about.trigger()
    assert digitpad.__version__ in shown[0] and torch.__version__ in shown[0] and qVersion() in shown[0]
    assert "MNIST" in shown[0] and "Pen-Based Recognition of Handwritten Digits" in shown[0]  # the data credited


def test_insight_views_follow_the_drawing_and_the_selected_model(window: MainWindow, qtbot) -> None:
    from digitpad.core.insight.activations import feature_maps, lstm_steps

    window.insight_dock.show()
    window.insight_dock.raise_()
    panel = window.insight_panel
    maps = panel.feature_map_view
    panel.show_view(maps)
    qtbot.waitUntil(maps.isVisible)
    select(window, "cnn")
    stroke(window.canvas, one())
    x = window.predictor.last().tensor
    cnn = window.current_entry().checkpoint.model
    expected = feature_maps(cnn, x)[maps.current_layer()]
    np.testing.assert_allclose(maps.channel_values(0), expected[0].numpy(), rtol=1e-5, atol=1e-5)

    stroke(window.canvas, zero())  # a second stroke: the views follow
    x2 = window.predictor.last().tensor
    assert not np.allclose(x2.numpy(), x.numpy())
    expected = feature_maps(cnn, x2)[maps.current_layer()]
    np.testing.assert_allclose(maps.channel_values(0), expected[0].numpy(), rtol=1e-5, atol=1e-5)

    select(window, "lstm")  # the LSTM has no feature maps: its gate view takes over
    gates = panel.lstm_view
    panel.show_view(gates)
    qtbot.waitUntil(gates.isVisible)
    lstm = window.current_entry().checkpoint.model
    forget = lstm_steps(lstm, window.predictor.last().tensor)[0]["forget"]
    np.testing.assert_allclose(gates.heatmap("forget").values(), forget.numpy(), rtol=1e-5, atol=1e-5)


def test_saliency_overlay_on_the_model_input(window: MainWindow) -> None:
    from digitpad.core.insight.activations import saliency

    panel = window.model_input_panel
    stroke(window.canvas, one())
    assert panel.view.saliency() is None, "off by default"
    panel.saliency_check.setChecked(True)  # the current drawing gets its overlay at once
    shown = panel.view.saliency()
    expected, digit, method = saliency(window.current_entry().checkpoint.model, window.predictor.last().tensor)
    assert shown is not None and shown.shape == (28, 28)
    np.testing.assert_allclose(shown, expected.numpy(), atol=1e-5)
    assert method in panel.method_label.text() and str(digit) in panel.method_label.text()
    select(window, "mlp")  # another model, another method, recomputed
    assert "gradient x input" in panel.method_label.text()
    window.findChild(QToolButton, "clearButton").click()
    assert panel.view.saliency() is None and panel.view.image() is None
    panel.saliency_check.setChecked(False)
    stroke(window.canvas, one())
    assert panel.view.saliency() is None


def test_fine_tune_on_my_digits_is_reachable_from_the_training_panel(window: MainWindow, qtbot) -> None:
    window.training_dock.raise_()
    button = window.training_panel.findChild(QPushButton, "fineTuneMyDigitsButton")
    qtbot.waitUntil(button.isVisible)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    panel = window.my_digits_panel
    qtbot.waitUntil(panel.fine_tune_view.isVisible)
    assert panel.tabs.currentWidget() is panel.fine_tune_view


def test_a_deferred_window_takes_strokes_before_torch_and_predicts_them_once_ready(make_window) -> None:
    """run_app shows the window before torch has loaded: drawing works at once, and the drawing made meanwhile is
    predicted as soon as the models are in."""
    window = make_window(deferred=True, load_models=False)
    assert not window.model_parts_ready() and window.training_panel is None and window.insight_panel is None
    assert docks.panel_of(window.training_dock).text() == "Loading…"  # the layout is final from the first paint
    assert "Loading the models" in window.findChild(QLabel, "predictionDetail").text()
    assert not window.open_model_action.isEnabled() and "loading" in selector(window).itemText(0)
    stroke(window.canvas, one())
    assert not window.canvas.is_empty() and label(window) == ""
    docks.import_model_modules()
    window.build_model_parts()
    window.load_models()
    assert window.model_parts_ready() and window.open_model_action.isEnabled()
    assert docks.panel_of(window.training_dock) is window.training_panel is not None
    assert docks.panel_of(window.insight_dock) is window.insight_panel is not None
    assert docks.panel_of(window.runs_dock) is window.runs_panel is not None
    view_menu = [a.text() for a in window.view_menu.actions()]
    assert {"&Training panel", "&Inside the model", "&My digits", "R&uns"} <= set(view_menu)
    assert label(window) == "1"


def test_the_window_shows_without_importing_torch(tmp_path) -> None:
    """What `digitpad` imports before the window is on screen: nothing of torch (1.6 s of a cold start)."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from digitpad.ui.main_window import MainWindow\n"
        "w = MainWindow(deferred=True, load_models=False)\n"
        "w.show(); app.processEvents()\n"
        "print('torch' in sys.modules, w.isVisible())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]


def test_insight_views_behind_another_dock_tab_wait_until_their_tab_is_chosen(
    make_window, qtbot, count_renders
) -> None:
    """Qt moves a dock tabbed behind another out of sight without hiding it: the feature maps must not be computed
    for every pen move while the Training tab is in front, and must be up to date once their tab is chosen."""
    window = make_window()
    window.training_dock.raise_()
    qtbot.waitUntil(lambda: window.insight_dock.visibleRegion().isEmpty())
    view = window.insight_panel.feature_map_view
    renders = count_renders(view)
    stroke(window.canvas, one())
    assert label(window) == "1"
    assert len(renders) == 0 and view.is_stale()
    window.insight_dock.raise_()
    qtbot.waitUntil(lambda: not view.is_stale())
    assert len(renders) == 1
