"""Fine-tuning on my digits lands in the run history as it goes: the model it started from, each report, the
accuracies before and after, and the file the app saved the new model to; a history that cannot be written never
stops the run, and the view says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from digitpad.core.data.mnist import MNIST
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.my_digits.store import render_strokes
from digitpad.core.runtime.paths import user_models_dir
from digitpad.core.runtime.run_history import RunHistory, default_path
from digitpad.core.training.loop import StepReport
from digitpad.ui.catalog import ModelCatalog
from digitpad.ui.my_digits.panel import MyDigitsPanel
from digitpad.ui.state import AppState

RUN_TIMEOUT_MS = 60_000


def make_panel(qtbot, tmp_path: Path, data: MNIST) -> MyDigitsPanel:
    """A panel whose fine-tuned models the app takes as the window does: the catalog saves them, the state selects
    them; it starts from a small MLP and has 30 drawings of its own."""
    state = AppState(QSettings(str(tmp_path / "digitpad.ini"), QSettings.Format.IniFormat))
    panel = MyDigitsPanel(
        folder=tmp_path / "mine", data_loader=lambda _root, _download: data, max_steps=6, seed=0, state=state
    )
    qtbot.addWidget(panel)
    catalog = ModelCatalog(panel)
    panel.model_trained.connect(
        lambda checkpoint: state.set_model(catalog.entry(catalog.add_checkpoint("", checkpoint, "fine-tuned")))
    )
    panel.set_model(Checkpoint("mlp", build_model("mlp", {"hidden": (16,)}).eval(), {"hidden": (16,)}))
    panel.fine_tune_view.device = "cpu"
    for i in range(30):
        strokes = [[(0.5, 0.15, 0.5), (0.45 + 0.01 * i, 0.85, 0.5)]]
        panel.store.add(i % 10, render_strokes(strokes, 20.0), strokes, 20.0)
    return panel


def fine_tune(qtbot, panel: MyDigitsPanel) -> None:
    view = panel.fine_tune_view
    with qtbot.waitSignal(view.fine_tune_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(view.fine_tune_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_running(), timeout=RUN_TIMEOUT_MS)


def test_a_fine_tuning_run_is_recorded_with_its_numbers_and_the_saved_model(qtbot, tmp_path, synthetic_mnist):
    panel = make_panel(qtbot, tmp_path, synthetic_mnist)
    reported: list[int] = []
    panel.fine_tune_view._runner.progress.connect(
        lambda items: reported.extend(r.step for r in items if isinstance(r, StepReport))
    )
    fine_tune(qtbot, panel)
    files = list(user_models_dir().glob("*.pt"))
    assert len(files) == 1

    with RunHistory(default_path()) as history:
        (run,) = history.runs()
        assert (run.kind, run.model, run.device, run.status) == ("fine-tune", "mlp", "cpu", "finished")
        assert run.config["from"] == "mlp" and run.config["max_steps"] == 6  # a model not from a file: its name
        assert set(run.metrics) == {
            "own_accuracy_before",
            "own_accuracy_after",
            "test_accuracy_before",
            "test_accuracy_after",
        }
        assert reported and [step for step, _ in history.curve(run.id, "loss")] == reported  # every report
        assert history.curve(run.id, "val_acc")  # and the epoch's numbers
        assert run.checkpoint == str(files[0].resolve())
    assert not panel.fine_tune_view.history_note.isVisible()


def test_a_history_that_cannot_be_written_does_not_stop_fine_tuning(qtbot, tmp_path, synthetic_mnist):
    default_path().mkdir(parents=True)  # a folder where the database should be
    panel = make_panel(qtbot, tmp_path, synthetic_mnist)
    panel.show()
    panel.show_fine_tune()
    emitted: list[object] = []
    panel.model_trained.connect(emitted.append)
    fine_tune(qtbot, panel)
    note = panel.fine_tune_view.history_note
    assert len(emitted) == 1 and "MNIST test set" in panel.fine_tune_view.result_label.text()
    qtbot.waitUntil(note.isVisible, timeout=2000)
    assert note.text().startswith("This run is not recorded in the run history:")
