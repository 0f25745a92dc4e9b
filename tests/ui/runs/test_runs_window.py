"""The Runs dock in the window: tabbed with the other docks and in the View menu, it follows the user's run history
while in sight, and Open model puts a run's checkpoint in the model selector as File > Open model does."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from digitpad.core.models.checkpoint import Checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.run_history import RunRecorder
from digitpad.ui import docks
from digitpad.ui.main_window import MainWindow
from digitpad.ui.runs import actions


def test_the_runs_dock_follows_the_history_and_opens_a_runs_model(qtbot, settings: QSettings, tmp_path) -> None:
    model = save_checkpoint(tmp_path / "run-model.pt", "logreg", build_model("logreg").eval(), {})
    recorder = RunRecorder()  # the user's history: this test's own data folder
    first = recorder.start("train", "logreg", {}, "cpu")
    recorder.finish("finished", {"test_accuracy": 0.42}, model)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.runs_dock in window.tabifiedDockWidgets(window.training_dock)
    assert "R&uns" in [action.text() for action in window.view_menu.actions()]
    panel = window.runs_panel
    assert panel is not None and docks.panel_of(window.runs_dock) is panel and not panel.watching  # behind a tab
    docks.show(window.runs_dock)
    qtbot.waitUntil(lambda: panel.watching and [r.id for r in panel.model.runs()] == [first], timeout=5000)

    panel.select_runs([first])
    panel.open_button.click()
    entry = window.state.model
    assert entry is not None and entry.name == "run-model.pt" and entry.checkpoint.arch == "logreg"
    assert window.model_selector.currentText().startswith("logreg — run-model.pt")

    other = RunRecorder()  # as a command-line run would: it shows by itself
    second = other.start("fine-tune", "logreg", {}, "cpu")
    other.close()
    qtbot.waitUntil(lambda: [r.id for r in panel.model.runs()] == [second, first], timeout=5000)
    docks.show(window.training_dock)
    qtbot.waitUntil(lambda: not panel.watching, timeout=5000)
    assert window.close()


def test_deleting_a_run_takes_its_model_out_of_the_selector(qtbot, settings: QSettings, monkeypatch) -> None:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.runs_panel is not None and window.catalog.rowCount() > 0, timeout=10_000)
    row = window.catalog.add_checkpoint("", Checkpoint("logreg", build_model("logreg").eval(), {}), "trained")
    entry = window.catalog.entry(row)
    assert entry is not None and entry.file is not None and entry.file.exists()  # saved in the models folder
    recorder = RunRecorder()
    run = recorder.start("train", "logreg", {}, "cpu")
    recorder.finish("finished", {}, entry.file)
    panel = window.runs_panel
    docks.show(window.runs_dock)
    qtbot.waitUntil(lambda: [r.id for r in panel.model.runs()] == [run], timeout=5000)
    panel.select_runs([run])
    monkeypatch.setattr(actions, "confirm_delete", lambda _parent, _runs: True)
    panel.delete_button.click()
    assert not entry.file.exists()
    assert window.catalog.row_of(entry.key) == -1  # gone from the selector too, not only from the disk
    assert window.close()
