"""The user's models are theirs: saved as soon as they are made or opened, listed again in a new window, named so two
runs differ, offered (not selected) when a run did not finish, and removed only when the user asks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from digitpad.core.models.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime import paths
from digitpad.ui import catalog as catalog_module
from digitpad.ui.catalog import USER_KEY
from digitpad.ui.main_window import MainWindow

FINISHED = {"status": "finished", "epochs_done": 2, "steps_done": 40, "metrics": {"test_accuracy": 0.9234}}


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch) -> Path:
    """The per-user data folder (where the models are kept) is the test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return paths.user_models_dir()


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    """A new window each call, as after a restart: the same data folder, the same settings file."""

    def make() -> MainWindow:
        window = MainWindow(settings=QSettings(str(tmp_path / "digitpad.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def trained(metadata: dict | None = None) -> Checkpoint:
    return Checkpoint("logreg", build_model("logreg").eval(), {}, metadata=dict(metadata or FINISHED))


def user_entries(window: MainWindow) -> list:
    return [e for e in window.catalog.entries() if e.source != "pretrained"]


def test_a_trained_model_is_saved_at_once_and_listed_in_the_next_window(make_window, user_data: Path) -> None:
    first = make_window()
    assert first.training_panel is not None
    first.training_panel.model_trained.emit(trained())
    entry = first.current_entry()
    assert entry is not None and entry.source == "trained"
    assert entry.name.startswith("logreg · 2 epochs · 92.3% · ")
    assert entry.file is not None and entry.file.parent == user_data and entry.file.is_file()  # before any quit
    assert load_checkpoint(entry.file).metadata["catalog"] == {"name": entry.name, "source": "trained"}
    first.close()

    second = make_window()
    mine = user_entries(second)
    assert [(e.name, e.source, e.file) for e in mine] == [(entry.name, "trained", entry.file)]
    assert mine[0].available and second.current_entry() is mine[0]  # the model selected last time
    second.close()


def test_two_runs_in_the_same_minute_get_distinct_names(make_window) -> None:
    window = make_window()
    assert window.training_panel is not None
    window.training_panel.model_trained.emit(trained())
    window.training_panel.model_trained.emit(trained())
    names = [e.name for e in user_entries(window)]
    assert len(names) == 2 and names[1] == f"{names[0]} (2)"
    assert len({e.file for e in user_entries(window)}) == 2
    window.close()
    assert [e.name for e in user_entries(make_window())] == names


def test_a_model_can_be_removed_after_a_confirmation(make_window, monkeypatch, qtbot) -> None:
    window = make_window()
    assert window.training_panel is not None
    window.training_panel.model_trained.emit(trained())
    entry = window.current_entry()
    assert entry is not None and entry.file is not None
    remove = window.menus.remove_model
    assert remove.isEnabled()

    answers: list[str] = []
    monkeypatch.setattr(catalog_module, "confirm_removal", lambda _parent, e: answers.append(e.name) or False)
    remove.trigger()
    assert answers == [entry.name] and entry.file.is_file()  # declined: nothing removed

    monkeypatch.setattr(catalog_module, "confirm_removal", lambda _parent, _e: True)
    remove.trigger()
    assert not entry.file.exists() and window.catalog.row_of(entry.key) < 0
    current = window.current_entry()
    assert current is not None and current.available and current.source == "pretrained"
    assert not remove.isEnabled()  # the models that ship with digitpad stay
    window.close()
    assert user_entries(make_window()) == []


def test_an_opened_model_is_copied_so_it_outlives_its_file(make_window, tmp_path: Path, user_data: Path) -> None:
    original = save_checkpoint(tmp_path / "downloads" / "friend.pt", "logreg", build_model("logreg"), {}, FINISHED)
    window = make_window()
    assert window.open_model_file(original)
    entry = window.current_entry()
    assert entry is not None and entry.source == "opened" and entry.name == "friend.pt"
    assert entry.file is not None and entry.file.parent == user_data
    original.unlink()
    window.close()
    again = user_entries(make_window())
    assert [(e.name, e.source, e.available) for e in again] == [("friend.pt", "opened", True)]


def test_a_stopped_run_is_offered_not_selected(make_window, qtbot) -> None:
    window = make_window()
    panel = window.training_panel
    assert panel is not None
    before = window.current_entry()
    stopped = {"status": "stopped", "epochs_done": 0, "steps_done": 23, "metrics": {"test_accuracy": 0.76}}
    panel.keep_offer.ask(trained(stopped), "Keep this model? It reached 76% test accuracy after 23 steps.")
    assert window.current_entry() is before and user_entries(window) == []  # offered, nothing added yet

    qtbot.mouseClick(panel.keep_offer.discard_button, Qt.MouseButton.LeftButton)
    assert window.current_entry() is before and user_entries(window) == []

    panel.keep_offer.ask(trained(stopped), "Keep this model?")
    qtbot.mouseClick(panel.keep_offer.keep_button, Qt.MouseButton.LeftButton)
    kept = window.current_entry()
    assert kept is not None and kept.name.startswith("logreg · 23 steps · 76.0% · ")  # kept, so now selected
    window.close()


def test_an_unreadable_file_in_the_models_folder_is_listed_disabled_and_removable(
    make_window, user_data: Path, monkeypatch
) -> None:
    user_data.mkdir(parents=True)
    (user_data / "broken.pt").write_bytes(b"not a checkpoint")
    window = make_window()
    [entry] = user_entries(window)
    assert not entry.available and entry.removable and "not readable" in entry.label
    assert entry.key == USER_KEY + "broken"
    monkeypatch.setattr(catalog_module, "confirm_removal", lambda _parent, _e: True)
    assert window.catalog.ask_remove(window, entry)
    assert not (user_data / "broken.pt").exists()
    window.close()
