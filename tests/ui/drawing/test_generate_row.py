"""The Generate row: a GAN's digits on the canvas, a walk between two noise vectors as one undo step, a clear note
when there is no usable generator, the prediction column reading what was generated, and both languages."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings, Qt, QThread
from PySide6.QtWidgets import QApplication, QLabel

from digitpad.core.models import gan
from digitpad.core.runtime import paths
from digitpad.ui.common import i18n
from digitpad.ui.drawing.canvas import DrawingCanvas
from digitpad.ui.drawing.canvas_panel import CanvasPanel
from digitpad.ui.drawing.generate_row import GenerateRow
from digitpad.ui.main_window import MainWindow

needs_trained_generator = pytest.mark.skipif(
    not paths.pretrained_generator_path().is_file(), reason="resources/pretrained/gan.pt is not trained yet"
)


@pytest.fixture(scope="module")
def tiny_generator(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untrained generator's file: it draws noise, but through the whole path a trained one takes."""
    torch.manual_seed(0)
    return gan.save_generator(tmp_path_factory.mktemp("generators") / "tiny.pt", gan.Generator(width=8), {})


@pytest.fixture
def panel(qtbot) -> CanvasPanel:
    panel = CanvasPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 540)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def row(panel: CanvasPanel, tiny_generator: Path) -> GenerateRow:
    panel.generate_row.set_generator_path(tiny_generator)
    return panel.generate_row


def undo_steps(canvas: DrawingCanvas) -> int:
    steps = 0
    while canvas.can_undo():
        canvas.undo()
        steps += 1
    return steps


def test_pictures_of_one_walk_take_one_undo_step(qtbot) -> None:
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    pictures = [np.full((28, 28), value, np.uint8) for value in (50, 100, 150, 200)]
    walk, other = object(), object()
    canvas.set_picture(pictures[0], walk=walk)
    canvas.set_picture(pictures[1], walk=walk)
    assert canvas.to_array().max() == 100
    canvas.set_picture(pictures[2], walk=other)  # another walk: its own step
    canvas.set_picture(pictures[3])  # a plain picture, as File > Open puts it: its own step
    canvas.set_picture(pictures[0], walk=other)  # the other walk was interrupted: a new step
    assert undo_steps(canvas) == 4 and canvas.is_empty()


def test_a_stroke_or_an_undo_between_two_pictures_of_a_walk_keeps_both(qtbot) -> None:
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    walk = object()
    canvas.set_picture(np.full((28, 28), 80, np.uint8), walk=walk)
    canvas.clear()
    canvas.set_picture(np.full((28, 28), 90, np.uint8), walk=walk)
    canvas.undo()
    assert canvas.is_empty(), "the clear is still there to undo to"
    canvas.undo()
    assert canvas.to_array().max() == 80


def test_before_torch_the_row_is_disabled_and_says_it_is_loading(panel: CanvasPanel) -> None:
    row = panel.generate_row
    assert not row.generator_ready()
    assert not row.generate_button.isEnabled() and not row.digit_choice.isEnabled()
    assert not row.walk_slider.isVisible() and row.note.isVisible()
    assert row.note.text() == "Generator: loading…"
    assert row.generate_button.toolTip() == "The generator loads with PyTorch, just after the start."


def test_the_drawing_modules_import_no_torch() -> None:
    code = "import sys, digitpad.ui.drawing.canvas_panel; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


def test_without_a_shipped_generator_the_row_says_how_to_get_one(panel: CanvasPanel, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(paths, "pretrained_generator_path", lambda: tmp_path / "gan.pt")
    row = panel.generate_row
    row.load_generator()
    assert not row.generator_ready() and not row.generate_button.isEnabled()
    assert row.note.text() == "No generator yet"
    assert "train a Conditional GAN in the Training panel" in row.note.toolTip()
    assert row.generate_button.toolTip() == row.note.toolTip()


@pytest.mark.parametrize("kind", ["garbage", "classifier", "missing"])
def test_a_bad_generator_file_is_reported_not_raised(panel: CanvasPanel, tmp_path, kind: str) -> None:
    path = tmp_path / "gan.pt"
    if kind == "garbage":
        path.write_bytes(b"not a checkpoint")
    elif kind == "classifier":
        shutil.copy(paths.pretrained_path("logreg"), path)
    row = panel.generate_row
    row.set_generator_path(path)
    assert not row.generator_ready() and not row.generate_button.isEnabled()
    if kind == "missing":
        assert row.note.text() == "Generator missing"
        assert row.note.toolTip() == f"The generator file {path} is missing."
    else:
        assert row.note.text() == "Generator unreadable"
        assert row.note.toolTip().startswith("The generator could not be loaded: ")
        assert str(path) in row.note.toolTip()
    assert panel.canvas.is_empty()


def test_generate_puts_a_new_digit_on_the_canvas_each_time(row: GenerateRow, qtbot) -> None:
    canvas = row.parent().canvas
    assert row.generator_ready() and row.generate_button.isEnabled() and row.walk_slider.isVisible()
    assert not row.note.isVisible()
    qtbot.mouseClick(row.generate_button, Qt.MouseButton.LeftButton)
    first = canvas.to_array()
    assert canvas.has_picture() and first.max() > 0
    qtbot.mouseClick(row.generate_button, Qt.MouseButton.LeftButton)
    assert (canvas.to_array() != first).any(), "fresh noise each time"
    assert undo_steps(canvas) == 2


def test_generate_asks_the_generator_for_the_chosen_digit(row: GenerateRow, monkeypatch) -> None:
    asked: list[list[int]] = []
    generate = gan.generate

    def recording(generator, labels, z=None, seed=None):  # noqa: ANN001, ANN202
        asked.append(list(labels))
        return generate(generator, labels, z=z, seed=seed)

    monkeypatch.setattr(gan, "generate", recording)
    row.digit_choice.setCurrentIndex(row.digit_choice.findData(7))
    row.generate_button.click()
    row.walk_slider.setValue(40)
    assert asked == [[7], [7]]
    row.digit_choice.setCurrentIndex(0)  # Random
    assert row.digit_choice.currentText() == "Random"
    for _ in range(20):
        row.generate_button.click()
    assert len({digit for (digit,) in asked[2:]}) > 3, "Random picks different digits"


def test_the_walk_changes_the_picture_as_the_slider_moves_in_one_undo_step(row: GenerateRow) -> None:
    canvas = row.parent().canvas
    assert row.walk_slider.minimum() == 0 and row.walk_slider.maximum() == 100
    seen = []
    for value in (10, 40, 70, 100):
        row.walk_slider.setValue(value)
        seen.append(canvas.to_array())
    assert all((a != b).any() for a, b in zip(seen, seen[1:], strict=False)), "every move shows a new digit"
    row.walk_slider.setValue(10)
    assert (canvas.to_array() == seen[0]).all(), "the same point of the walk, the same digit"
    row.new_walk_button.click()
    assert (canvas.to_array() != seen[0]).any(), "new ends"
    row.walk_slider.setValue(60)
    assert undo_steps(canvas) == 2 and canvas.is_empty()


def test_the_row_fits_the_pen_row_and_follows_the_language(
    qtbot, qapp: QApplication, panel: CanvasPanel, row: GenerateRow, tmp_path
) -> None:
    assert panel.minimumSize().width() >= row.minimumSizeHint().width()
    assert row.generate_button.text() == "Generate" and row.new_walk_button.text() == "New walk"

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: row.generate_button.text() == "生成", timeout=2000)
    assert row.digit_choice.itemText(0) == "随机" and row.walk_label.text() == "漫游"
    assert row.new_walk_button.text() == "新的漫游"
    assert row.generate_button.toolTip().startswith("用条件生成对抗网络（GAN）的生成器")
    assert row.walk_slider.toolTip().startswith("从一个随机噪声向量漫游到另一个")
    panel.resize(panel.minimumSize())
    qtbot.wait(10)
    for button in (row.generate_button, row.new_walk_button):
        assert button.width() >= button.sizeHint().width(), f"{button.objectName()} is not truncated in Chinese"

    row.set_generator_path(tmp_path / "gone.pt")  # a note shown in Chinese, then re-rendered in English
    assert row.note.text() == "找不到生成器文件"
    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: row.note.text() == "Generator missing", timeout=2000)
    assert row.note.toolTip() == f"The generator file {tmp_path / 'gone.pt'} is missing."
    assert row.digit_choice.itemText(0) == "Random" and row.walk_label.text() == "Walk"


@pytest.fixture
def window(qtbot, settings: QSettings):
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    assert window.close()
    assert not [t for t in window.findChildren(QThread) if t.isRunning()]


def prediction(window: MainWindow) -> str:
    return window.findChild(QLabel, "predictionLabel").text()


def test_in_the_window_a_generated_digit_is_predicted_and_the_walk_repredicts(
    window: MainWindow, tiny_generator: Path
) -> None:
    row = window.canvas_panel.generate_row
    row.set_generator_path(tiny_generator)
    row.generate_button.click()
    assert window.canvas.has_picture()
    assert prediction(window) in list("0123456789")
    shown = window.predictor.last().model_input
    row.walk_slider.setValue(100)
    assert (window.predictor.last().model_input != shown).any(), "the model reads the walk's digit"
    assert prediction(window) in list("0123456789")
    assert undo_steps(window.canvas) == 2
    canvas_rect = window.canvas.geometry()
    assert row.geometry().top() > canvas_rect.bottom() and row.geometry().width() >= canvas_rect.width() - 1
    assert row.geometry().bottom() < window.canvas_panel.height(), "the row is inside the canvas column at 1024×700"


@needs_trained_generator
def test_the_shipped_generator_draws_digits_the_models_read_as_asked(window: MainWindow, monkeypatch) -> None:
    row = window.canvas_panel.generate_row
    row.load_generator()
    monkeypatch.setattr(row, "_rng", random.Random(0))
    read = []
    for digit in range(10):
        row.digit_choice.setCurrentIndex(row.digit_choice.findData(digit))
        row.generate_button.click()
        read.append(prediction(window) == str(digit))
    assert sum(read) >= 9, read
