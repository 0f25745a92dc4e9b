"""The app state: one owner for the model, the data folder, the device and the theme, kept through the settings
module under the keys digitpad has always used, and followed by the panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from digitpad.core.data.mnist import missing_message
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.runtime.paths import default_data_root
from digitpad.ui import settings as keys
from digitpad.ui.catalog import ModelEntry
from digitpad.ui.common import theme
from digitpad.ui.insight.insight_panel import InsightPanel
from digitpad.ui.main_window import MainWindow
from digitpad.ui.my_digits.panel import MyDigitsPanel
from digitpad.ui.state import AppState
from digitpad.ui.training.panel import TrainingPanel


def entry(key: str = "logreg", available: bool = True) -> ModelEntry:
    checkpoint = Checkpoint("logreg", build_model("logreg").eval(), {}) if available else None
    return ModelEntry(key, "logreg", "test", "opened", checkpoint)


def test_the_state_persists_under_the_settings_keys(settings: QSettings, tmp_path: Path, qtbot) -> None:
    first = AppState(settings)
    assert (first.data_folder, first.device, first.theme, first.remembered_model()) == (
        default_data_root(),
        "auto",
        "system",
        "cnn",
    )
    with qtbot.waitSignal(first.data_folder_changed) as folder_changed:
        first.set_data_folder(f"  {tmp_path / 'mnist'}  ")
    assert folder_changed.args == [tmp_path / "mnist"]
    with qtbot.waitSignal(first.device_changed):
        first.set_device("cpu")
    with qtbot.waitSignal(first.theme_changed):
        first.set_theme("dark")
    first.set_model(entry("mlp#3", available=False))  # not usable: not remembered
    first.set_model(entry("logreg#1"))
    settings.sync()

    stored = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert stored.value("training/data_dir") == str(tmp_path / "mnist")
    assert stored.value("training/device") == "cpu"
    assert stored.value("view/theme") == "dark"
    assert stored.value("model/selected") == "logreg#1"
    second = AppState(stored)
    assert (second.data_folder, second.device, second.theme) == (tmp_path / "mnist", "cpu", "dark")
    assert second.remembered_model() == "logreg#1"


def test_the_default_data_folder_is_not_stored_and_a_typed_one_is_kept_as_typed(settings: QSettings, qtbot) -> None:
    state = AppState(settings)
    state.set_data_folder("~/mnist")
    assert settings.value(keys.DATA_FOLDER) == "~/mnist" and state.data_folder == Path("~/mnist").expanduser()
    with qtbot.waitSignal(state.data_folder_changed):
        state.set_data_folder("")  # the default: follows $DIGITPAD_DATA_DIR rather than freezing today's value
    assert not settings.contains(keys.DATA_FOLDER) and state.data_folder == default_data_root()
    with qtbot.assertNotEmitted(state.data_folder_changed):
        state.set_data_folder(str(default_data_root()))
    assert not settings.contains(keys.DATA_FOLDER)


def test_every_model_selection_is_announced_even_of_the_same_entry(settings: QSettings, qtbot) -> None:
    state = AppState(settings)
    same = entry()
    state.set_model(same)
    with qtbot.waitSignal(state.model_changed) as announced:
        state.set_model(same)  # e.g. an entry whose checkpoint has just loaded
    assert announced.args == [same] and state.checkpoint() is same.checkpoint


@pytest.fixture
def training_panel(qtbot, settings: QSettings):
    state = AppState(settings)
    panel = TrainingPanel(state=state)
    qtbot.addWidget(panel)
    return panel


def evaluated_root(insight: InsightPanel, qtbot) -> str:
    """What the confusion view says when it evaluates on a folder without MNIST: the folder it looked in."""
    view = insight.confusion_view
    with qtbot.waitSignal(view.evaluation_finished, timeout=30_000):
        assert view.evaluate()
    return view.status.text()


def test_a_data_folder_change_reaches_the_training_panel_and_the_confusion_view(
    training_panel: TrainingPanel, qtbot, tmp_path: Path
) -> None:
    state = training_panel.state
    insight = InsightPanel(state=state)
    qtbot.addWidget(insight)
    insight.set_model(Checkpoint("logreg", build_model("logreg").eval(), {}))

    state.set_data_folder(tmp_path / "elsewhere")
    assert training_panel.data_dir_edit.text() == str(tmp_path / "elsewhere")
    assert training_panel.data_root() == tmp_path / "elsewhere"
    assert evaluated_root(insight, qtbot) == missing_message(tmp_path / "elsewhere")

    training_panel.data_dir_edit.setText(str(tmp_path / "typed"))  # the user types a folder and leaves the field
    training_panel.data_dir_edit.editingFinished.emit()
    assert state.data_folder == tmp_path / "typed"
    assert state.settings.value(keys.DATA_FOLDER) == str(tmp_path / "typed")
    assert evaluated_root(insight, qtbot) == missing_message(tmp_path / "typed")


def test_a_data_folder_change_reaches_the_fine_tune_view(qtbot, settings: QSettings, tmp_path: Path) -> None:
    state = AppState(settings)
    panel = MyDigitsPanel(state=state)
    qtbot.addWidget(panel)
    assert panel.fine_tune_view.data_root() == state.data_folder
    state.set_data_folder(tmp_path)
    assert panel.fine_tune_view.data_root() == tmp_path


def test_the_panels_follow_the_selected_model(qtbot, settings: QSettings) -> None:
    state = AppState(settings)
    insight, my_digits = InsightPanel(state=state), MyDigitsPanel(state=state)
    qtbot.addWidget(insight)
    qtbot.addWidget(my_digits)
    state.set_model(entry())  # a logistic regression: no feature maps, something to fine-tune
    assert not insight.tabs.isTabEnabled(insight.tabs.indexOf(insight.feature_map_view))
    assert my_digits.fine_tune_view.fine_tune_button.isEnabled()
    state.set_model(entry("cnn", available=False))  # still loading
    assert insight.tabs.isTabEnabled(insight.tabs.indexOf(insight.feature_map_view))
    assert not my_digits.fine_tune_view.fine_tune_button.isEnabled()


def test_the_training_device_is_the_states(training_panel: TrainingPanel) -> None:
    state, selector = training_panel.state, training_panel.device_selector
    selector.setCurrentIndex(selector.findData("cpu"))
    assert state.device == "cpu" and state.settings.value(keys.DEVICE) == "cpu"
    state.set_device("auto")
    assert selector.currentData() == "auto" and training_panel.config().device == "auto"


def test_the_theme_menu_sets_the_states_theme_and_the_application_follows(qtbot, settings: QSettings) -> None:
    app = theme.application()
    style, palette, applied = app.style().name(), app.palette(), app.property("digitpad_theme")
    window = MainWindow(settings=settings, deferred=True, load_models=False)  # no torch needed for the menus
    qtbot.addWidget(window)
    try:
        [dark] = [a for a in window.menus.theme_group.actions() if a.data() == "dark"]
        dark.trigger()
        assert window.state.theme == "dark" and settings.value(keys.THEME) == "dark"
        assert app.property("digitpad_theme") == "dark" and theme.is_dark()
        window.state.set_theme("light")  # whoever sets it, the menu and the application follow
        assert [a.data() for a in window.menus.theme_group.actions() if a.isChecked()] == ["light"]
        assert app.property("digitpad_theme") == "light" and not theme.is_dark()
    finally:  # the next tests get the application as it was
        app.setStyle(style)
        app.setPalette(palette)
        app.setProperty("digitpad_theme", applied)
