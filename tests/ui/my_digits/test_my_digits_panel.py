"""The my-digits panel as a user meets it: draw and press a digit, browse, relabel, delete, export/import, a refused
import, quick check, and fine-tuning in a worker thread; plus its place in the main window."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch
from gestures import line, one, stroke, zero
from PySide6.QtCore import Qt
from torch import nn

from digitpad.core.data.mnist import MNIST, DataError
from digitpad.core.inference.quick_check import QuickCheck
from digitpad.core.inference.strokes import drawing_input
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.my_digits.store import MyDigitsStore, model_input, render_strokes, rerender
from digitpad.ui.drawing.canvas import DrawingCanvas
from digitpad.ui.my_digits import browser as my_digits_browser
from digitpad.ui.my_digits import fine_tune_view
from digitpad.ui.my_digits.panel import MyDigitsPanel

RUN_TIMEOUT_MS = 60_000


class Constant(nn.Module):
    """A "model" that reads every drawing as the same digit: quick-check scores become predictable."""

    def __init__(self, digit: int) -> None:
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(10))
        self.logits.data[digit] = 4.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits.expand(x.shape[0], 10)


@pytest.fixture
def canvas(qtbot) -> DrawingCanvas:
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


@pytest.fixture
def make_panel(qtbot, canvas: DrawingCanvas, tmp_path: Path):
    def make(folder: Path | None = None, data: MNIST | None = None, max_steps: int | None = 6) -> MyDigitsPanel:
        loader = None if data is None else (lambda _root, _download: data)
        panel = MyDigitsPanel(folder=folder or tmp_path / "mine", data_loader=loader, max_steps=max_steps, seed=0)
        qtbot.addWidget(panel)
        panel.attach_canvas(canvas)
        panel.show()
        return panel

    return make


@pytest.fixture
def panel(make_panel) -> MyDigitsPanel:
    return make_panel()


def press(qtbot, canvas: DrawingCanvas, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    canvas.setFocus()
    qtbot.keyClick(canvas, key, modifier)


def fill(store: MyDigitsStore, labels: list[int]) -> None:
    for i, label in enumerate(labels):
        strokes = [[(0.5, 0.15, 0.5), (0.45 + 0.01 * i, 0.85, 0.5)]]
        store.add(label, render_strokes(strokes, 20.0), strokes, 20.0)


def test_drawing_then_pressing_a_digit_key_keeps_it(panel: MyDigitsPanel, canvas: DrawingCanvas, qtbot) -> None:
    stroke(canvas, one())
    drawn = canvas.to_array()
    seen = drawing_input(canvas.stroke_points())  # what a prediction of this drawing gets
    points = canvas.strokes()[0].points
    press(qtbot, canvas, Qt.Key.Key_1)
    [digit] = panel.store.digits()
    assert seen is not None and digit.label == 1
    assert np.array_equal(digit.image, (seen[0] * 255).round().to(torch.uint8).numpy())
    assert np.allclose(digit.strokes[0], np.array(points, np.float32)) and digit.pen_width == canvas.pen_width()
    assert canvas.is_empty(), "the canvas is cleared for the next drawing"
    assert panel.browser.digit_tabs.tabText(1) == "1 · 1" and panel.browser.grid.count() == 1
    assert "Kept as a 1" in panel.status_label.text()
    # The stored strokes render again (no Qt) to the stored input, and the canvas picture to what the canvas drew.
    assert np.array_equal(rerender(digit), digit.image)
    again = model_input(render_strokes(digit.strokes, digit.pen_width))
    assert np.abs(again.astype(int) - model_input(drawn).astype(int)).mean() < 8
    assert len(MyDigitsStore(panel.store.folder)) == 1, "saved to disk at once"


def test_keypad_digits_and_the_button_row_add_too_and_empty_drawings_are_refused(
    panel: MyDigitsPanel, canvas: DrawingCanvas, qtbot
) -> None:
    press(qtbot, canvas, Qt.Key.Key_3)
    assert len(panel.store) == 0 and "Draw a 3" in panel.status_label.text()
    stroke(canvas, zero())
    press(qtbot, canvas, Qt.Key.Key_0, Qt.KeyboardModifier.KeypadModifier)
    stroke(canvas, line(0.3, 0.2, 0.7, 0.2) + line(0.7, 0.2, 0.4, 0.8))
    qtbot.mouseClick(panel.digit_buttons[7], Qt.MouseButton.LeftButton)
    assert panel.store.counts() == [1, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert panel.browser.current_label() == 7 and panel.browser.grid.count() == 1
    stroke(canvas, one())
    press(qtbot, canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1 is not "keep as 1"
    assert len(panel.store) == 2 and not canvas.is_empty()


def test_browser_shows_counts_and_relabels_deletes_and_undoes(panel: MyDigitsPanel, qtbot) -> None:
    fill(panel.store, [2, 2, 2, 5])
    browser = panel.browser
    browser.show_label(2)
    assert [browser.digit_tabs.tabText(d) for d in (2, 5, 8)] == ["2 · 3", "5 · 1", "8 · 0"]
    assert browser.grid.count() == 3 and "4 drawings" in browser.counts_label.text()
    assert "Missing: 0, 1, 3, 4, 6, 7, 8, 9" in browser.counts_label.text()
    assert not browser.delete_button.isEnabled()

    browser.grid.item(0).setSelected(True)
    browser.relabel_combo.setCurrentIndex(5)
    qtbot.mouseClick(browser.relabel_button, Qt.MouseButton.LeftButton)
    assert panel.store.counts()[2] == 2 and panel.store.counts()[5] == 2 and browser.grid.count() == 2
    assert MyDigitsStore(panel.store.folder).counts()[5] == 2

    browser.grid.item(0).setSelected(True)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    assert panel.store.counts()[2] == 1 and browser.digit_tabs.tabText(2) == "2 · 1"
    browser.grid.item(0).setSelected(True)
    browser.grid.setFocus()
    qtbot.keyClick(browser.grid, Qt.Key.Key_Delete)
    assert panel.store.counts()[2] == 0 and browser.grid.count() == 0
    qtbot.mouseClick(browser.undo_button, Qt.MouseButton.LeftButton)
    assert panel.store.counts() == MyDigitsStore(panel.store.folder).counts() == [0, 0, 1, 0, 0, 2, 0, 0, 0, 0]
    assert not browser.undo_button.isEnabled()


def test_the_status_line_follows_relabelling_and_deleting(panel: MyDigitsPanel, canvas, qtbot) -> None:
    fill(panel.store, [2, 2])
    stroke(canvas, one())
    press(qtbot, canvas, Qt.Key.Key_1)
    assert "Kept as a 1" in panel.status_label.text() and "3 in all" in panel.status_label.text()
    browser = panel.browser
    browser.grid.item(0).setSelected(True)
    browser.relabel_combo.setCurrentIndex(2)
    qtbot.mouseClick(browser.relabel_button, Qt.MouseButton.LeftButton)
    assert "Kept as a 1" not in panel.status_label.text()  # no longer true: the 1 is a 2 now
    assert "3 drawings" in panel.status_label.text() and "1" in panel.status_label.text().split("none yet of")[1]
    browser.show_label(2)
    browser.grid.item(0).setSelected(True)
    qtbot.mouseClick(browser.delete_button, Qt.MouseButton.LeftButton)
    assert panel.status_label.text().startswith("2 drawings")


def test_thumbnails_grow_with_the_pane(panel: MyDigitsPanel, qtbot) -> None:
    fill(panel.store, [4] * 6)
    browser = panel.browser
    browser.show_label(4)
    grid = browser.grid
    panel.resize(panel.minimumSizeHint().width(), 600)
    qtbot.waitUntil(lambda: grid.viewport().width() < 500)
    small = grid.iconSize().width()
    panel.resize(900, 700)
    qtbot.waitUntil(lambda: grid.iconSize().width() > small)
    large = grid.iconSize().width()
    assert my_digits_browser.MIN_THUMB <= small < large <= my_digits_browser.MAX_THUMB
    assert large >= 90  # a wide pane shows the drawings large, not 56 px in a sea of grey
    icon = grid.item(0).icon()
    assert icon.actualSize(grid.iconSize()).width() == large  # drawn at that size, not a 56 px picture


def test_export_then_import_on_another_machine(make_panel, tmp_path: Path, monkeypatch, qtbot) -> None:
    first = make_panel(tmp_path / "first")
    fill(first.store, [0, 1, 1, 9])
    first.browser.refresh()
    target = tmp_path / "shared" / "digits"
    monkeypatch.setattr(my_digits_browser, "ask_export_path", lambda _parent: str(target))
    qtbot.mouseClick(first.browser.export_button, Qt.MouseButton.LeftButton)
    assert (target.parent / "digits.npz").is_file()
    second = make_panel(tmp_path / "second")
    monkeypatch.setattr(my_digits_browser, "ask_import_path", lambda _parent: str(target.parent / "digits.npz"))
    qtbot.mouseClick(second.browser.import_button, Qt.MouseButton.LeftButton)
    assert second.store.counts() == first.store.counts() and second.browser.digit_tabs.tabText(1) == "1 · 2"
    assert "Imported 4 drawings" in second.browser.counts_label.text()
    qtbot.mouseClick(second.browser.import_button, Qt.MouseButton.LeftButton)
    assert len(second.store) == 4 and "4 you already had" in second.browser.counts_label.text()


def test_a_corrupt_import_shows_an_error_and_changes_nothing(panel: MyDigitsPanel, tmp_path, monkeypatch, qtbot):
    fill(panel.store, [4, 4])
    saved = panel.store.path.read_bytes()
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    monkeypatch.setattr(my_digits_browser, "ask_import_path", lambda _parent: str(bad))
    qtbot.mouseClick(panel.browser.import_button, Qt.MouseButton.LeftButton)
    box = panel.browser.error_box
    assert box is not None and box.isVisible()
    assert str(bad) in box.text() and "Nothing was imported" in box.text()
    assert panel.store.path.read_bytes() == saved and panel.store.counts()[4] == 2
    box.close()


def test_an_unreadable_collection_is_set_aside_with_a_message(make_panel, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "digits.npz").write_bytes(b"garbage")
    panel = make_panel(folder)
    assert len(panel.store) == 0 and panel.error_box is not None and "renamed" in panel.error_box.text()
    assert [p.name for p in folder.iterdir() if p.name.startswith("digits.npz.unreadable")]
    panel.error_box.close()


def test_quick_check_asks_digits_and_keeps_a_running_score(panel: MyDigitsPanel, canvas, qtbot) -> None:
    view = panel.quick_check_view
    assert not view.start_button.isEnabled(), "no model, no quick check"
    panel.set_model(Checkpoint("logreg", Constant(1), {}))
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    expected = QuickCheck(seed=0)
    asked = [expected.next_digit() for _ in range(4)]
    assert view.prompt_label.text() == f"Draw a {asked[0]}" and view.check_button.isEnabled()
    press(qtbot, canvas, Qt.Key.Key_Return)
    assert view.session is not None and view.session.total == 0 and "Draw a" in panel.status_label.text()
    for i, digit in enumerate(asked):
        assert view.asked() == digit
        stroke(canvas, one())
        if i % 2:
            qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
        else:
            press(qtbot, canvas, Qt.Key.Key_Enter)
        assert canvas.is_empty()
        assert view.last_label.text().startswith("✓" if digit == 1 else "✗")
    right = asked.count(1)
    assert view.session.correct == right and f"Score: {right} / 4" in view.score_label.text()
    assert len(panel.store) == 0, "checked drawings are not kept unless asked"
    view.keep_check.setChecked(True)
    digit = view.asked()
    stroke(canvas, one())
    press(qtbot, canvas, Qt.Key.Key_Return)
    assert [d.label for d in panel.store.digits()] == [digit] and view.session.total == 5
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert not view.is_running() and not view.check_button.isEnabled()
    panel.set_model(None)
    assert not view.start_button.isEnabled()


def test_fine_tune_runs_in_a_thread_and_shows_before_and_after(make_panel, synthetic_mnist, qtbot) -> None:
    panel = make_panel(data=synthetic_mnist, max_steps=6)
    view = panel.fine_tune_view
    assert not view.fine_tune_button.isEnabled(), "no model to start from"
    start = Checkpoint("mlp", build_model("mlp", {"hidden": (16,)}).eval(), {"hidden": (16,)})
    before = {k: v.clone() for k, v in start.model.state_dict().items()}
    panel.set_model(start)
    view.device = "cpu"
    view.epochs_spin.setValue(2)  # one epoch of the mix is 5 steps; max_steps caps two at 6
    qtbot.mouseClick(view.fine_tune_button, Qt.MouseButton.LeftButton)
    assert "Add a few drawings" in view.result_label.text() and not view.is_running()

    fill(panel.store, [d % 10 for d in range(30)])
    stages: list[str] = []
    view._runner.progress.connect(lambda items: stages.extend(i for i in items if isinstance(i, str)))
    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        qtbot.mouseClick(view.fine_tune_button, Qt.MouseButton.LeftButton)
        assert view.is_running() and not view.fine_tune_button.isEnabled() and view.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not view.is_running(), timeout=RUN_TIMEOUT_MS)
    tuned = trained.args[0]
    assert tuned.arch == "mlp" and tuned.hparams == {"hidden": (16,)}
    info = tuned.metadata["my_digits"]
    assert info["own_drawings"] + info["own_held_out"] == 30 and info["own_accuracy_before"] is not None
    assert info["own_train"] == 3 * info["own_drawings"], "also re-rendered with a thinner and a wider pen"
    assert tuned.metadata["steps_done"] == 6
    text = view.result_label.text()
    assert f"Your held-out digits ({info['own_held_out']}):" in text and "→" in text and "MNIST test set (128)" in text
    assert all(torch.equal(v, start.model.state_dict()[k]) for k, v in before.items()), "the app's model is untouched"
    assert view.fine_tune_button.isEnabled() and view.progress_bar.text().startswith("Done")
    assert stages == [fine_tune_view.LOADING_MNIST, fine_tune_view.PREPARING_DIGITS]  # said before training


def test_closing_mid_run_ends_the_thread_and_keeps_no_model(make_panel, synthetic_mnist, qtbot) -> None:
    def slow_loader(_root, _download):
        time.sleep(0.3)
        return synthetic_mnist

    panel = make_panel(max_steps=None)
    panel.fine_tune_view.data_loader = slow_loader
    panel.set_model(Checkpoint("logreg", build_model("logreg").eval(), {}))
    fill(panel.store, [1, 2, 3, 4, 5, 6])
    emitted = []
    panel.model_trained.connect(emitted.append)
    qtbot.mouseClick(panel.fine_tune_view.fine_tune_button, Qt.MouseButton.LeftButton)
    assert panel.fine_tune_view.is_running()
    panel.shutdown()
    assert not panel.fine_tune_view.is_running() and emitted == []


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (DataError("No MNIST in /nowhere."), "No MNIST in /nowhere. Choose the MNIST folder in the Training panel."),
        (ValueError("bad mix"), "Fine-tuning failed: bad mix"),
        (KeyError("images"), "Fine-tuning failed unexpectedly (KeyError: 'images')."),
    ],
)
def test_a_failed_run_says_why_by_the_kind_of_error(make_panel, qtbot, failure, message) -> None:
    def failing_loader(_root, _download):
        raise failure

    panel = make_panel()
    view = panel.fine_tune_view
    view.data_loader = failing_loader
    panel.set_model(Checkpoint("logreg", build_model("logreg").eval(), {}))
    fill(panel.store, [1, 2, 3])
    with qtbot.waitSignal(view.fine_tune_finished, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(view.fine_tune_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_running(), timeout=RUN_TIMEOUT_MS)
    assert finished.args == [message] and view.result_label.text() == message
    assert view.error_box is not None and view.error_box.text() == message
    assert view.fine_tune_button.isEnabled() and view.progress_bar.text() == "Not running"
    view.error_box.close()


def test_main_window_docks_the_panel_and_takes_fine_tuned_models(
    qtbot, isolated_my_digits, monkeypatch, tmp_path: Path
) -> None:
    from digitpad.core.runtime import paths
    from digitpad.ui import docks
    from digitpad.ui.main_window import MainWindow

    monkeypatch.setattr(paths, "pretrained_path", lambda name: Path("/nonexistent") / f"{name}.pt")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # where the fine-tuned model is saved
    window = MainWindow(load_models=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert docks.panel_of(window.my_digits_dock) is window.my_digits_panel
    assert window.my_digits_dock in window.tabifiedDockWidgets(window.insight_dock)
    assert window.my_digits_panel.store.folder == isolated_my_digits
    stroke(window.canvas, one())
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_1)
    assert window.my_digits_panel.store.counts()[1] == 1 and window.canvas.is_empty()
    model = build_model("logreg").eval()
    window.my_digits_panel.model_trained.emit(Checkpoint("logreg", model, {}, metadata={"metrics": {}}))
    assert window.model_selector.currentText().startswith("logreg · fine-tuned · ")
    assert window.current_entry().file.parent == paths.user_models_dir()  # saved at once
    assert window.my_digits_panel.fine_tune_view._model is window.current_entry().checkpoint
    assert window.close()
