"""The window's layout: the canvas leads at every size, the window fits 1024 × 700 after every view has drawn,
saved layouts are versioned and dropped when they do not fit, View > Reset layout, Preferences and the Guide."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gestures import one, stroke
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QComboBox, QDockWidget, QFileDialog, QTabWidget, QWidget

from digitpad.core.training.lr_finder import LRCurve
from digitpad.ui import docks
from digitpad.ui import settings as keys
from digitpad.ui.common import i18n
from digitpad.ui.common.data_folder import choose_data_folder
from digitpad.ui.main_window import DEFAULT_SIZE, MainWindow

SMALLEST = QSize(1024, 700)


@pytest.fixture
def screen_1280x800(monkeypatch) -> QRect:
    """The screen as the window's layout code sees it: 1280 × 800 (the offscreen one is 800 × 800)."""
    available = QRect(0, 0, 1280, 800)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(available))
    return available


@pytest.fixture
def make_window(qtbot, settings: QSettings, screen_1280x800: QRect):
    def make(size: QSize | None = None, **kwargs) -> MainWindow:
        window = MainWindow(settings=kwargs.pop("settings", settings), **kwargs)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(size)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def select(window: MainWindow, name: str) -> None:
    combo = window.findChild(QComboBox, "modelSelector")
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith(name + " ")))


def settle(qtbot, ms: int = 50) -> None:
    qtbot.wait(ms)
    QApplication.processEvents()


def front_dock_title(window: MainWindow) -> str:
    """The title of the dock whose tab is in front (the others' regions are hidden behind it)."""
    QApplication.processEvents()
    [front] = [dock for dock in window.docks if dock.isVisible() and not dock.visibleRegion().isEmpty()]
    return front.windowTitle()


def test_the_window_fits_1024_by_700_after_every_view_has_drawn_and_the_canvas_leads(make_window, qtbot) -> None:
    window = make_window(DEFAULT_SIZE)
    assert DEFAULT_SIZE.width() <= 1280 and DEFAULT_SIZE.height() <= 800 - 40  # a 1280 × 800 screen, title bar
    docks.show(window.insight_dock)
    for name in ("cnn", "lstm", "rnn"):
        select(window, name)
        stroke(window.canvas, one())
        settle(qtbot)
        for tabs in window.insight_panel.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                settle(qtbot)
    window.compare_action.setChecked(True)
    for dock in window.docks:
        docks.show(dock)
        settle(qtbot)
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALLEST.width() and hint.height() <= SMALLEST.height(), hint

    window.resize(DEFAULT_SIZE)
    settle(qtbot, 100)
    assert window.size() == DEFAULT_SIZE, "no view widened the window"
    side = window.canvas.width()
    assert side >= 360 and window.canvas.height() == side
    others: list[QWidget] = [window.column_scroll, *window.docks]
    assert all(side > widget.width() for widget in others), "the canvas is the largest element"

    window.resize(SMALLEST)
    settle(qtbot, 100)
    assert window.size() == SMALLEST
    assert window.canvas.width() >= max(widget.width() for widget in others)

    window.resize(1600, 1000)
    settle(qtbot, 100)
    assert window.canvas.width() > side, "the canvas grows with the window"


def sideways(dock: QDockWidget) -> int:
    """How far the dock's panel scrolls sideways (0: it fits)."""
    QApplication.processEvents()
    return dock.widget().horizontalScrollBar().maximum()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_dock_scrolls_sideways_at_1024_by_700(make_window, qtbot, language) -> None:
    i18n.apply_language(language, QApplication.instance())
    try:
        window = make_window(SMALLEST)
        training = window.training_panel
        training.views.setCurrentWidget(training.lr_find_view)  # as Find learning rate leaves it: plot and Use button
        lrs = np.geomspace(1e-6, 1.0, 100)
        losses = 2.3 - 2.0 / (1 + np.exp(-4 * (np.log10(lrs) + 3)))
        training.lr_find_view._on_runner_returned(LRCurve(lrs, losses, losses, 2.2e-3, "diverged"))  # the test's end
        assert training.lr_find_view.use_button.isVisible()
        window.runs_panel.refresh()
        for dock in window.docks:
            docks.show(dock)
            settle(qtbot)
            assert sideways(dock) == 0, f"{dock.objectName()} needs {sideways(dock)} px more"
    finally:
        i18n.apply_language("en", QApplication.instance())


def test_the_canvas_tools_never_truncate(make_window, qtbot) -> None:
    window = make_window(SMALLEST)
    panel = window.canvas_panel
    for button in (panel.clear_button, panel.findChild(QWidget, "undoButton"), panel.findChild(QWidget, "redoButton")):
        assert button.width() >= button.sizeHint().width(), button.objectName()
    assert panel.width_slider.width() >= 80
    assert panel.width_label.text() == f"{panel.canvas.pen_width():.0f} px"


def test_the_layout_is_remembered_and_reset_layout_restores_the_default_docks(make_window, qtbot, settings) -> None:
    first = make_window(SMALLEST)
    first.training_dock.close()
    first.insight_dock.setFloating(True)
    first.close()
    second = make_window()
    assert not second.training_dock.isVisible() and second.insight_dock.isFloating(), "restored"
    assert second.height() == SMALLEST.height()  # (Qt narrows it to the offscreen screen's 800 px, or to its minimum)

    second.menus.reset_layout.trigger()
    settle(qtbot)
    assert [(d.isVisible(), d.isFloating()) for d in second.docks] == [(True, False)] * 4
    assert all(second.dockWidgetArea(dock) == docks.Qt.DockWidgetArea.RightDockWidgetArea for dock in second.docks)
    tabs = {second.insight_dock, second.my_digits_dock, second.runs_dock}
    assert set(second.tabifiedDockWidgets(second.training_dock)) == tabs
    assert front_dock_title(second) == "Training"
    assert second.size() == second.default_size().expandedTo(second.minimumSizeHint())


def test_a_saved_layout_of_another_version_is_ignored(make_window, settings) -> None:
    first = make_window(SMALLEST)
    first.training_dock.close()
    first.close()
    settings.setValue(keys.LAYOUT_VERSION, keys.LAYOUT - 1)
    second = make_window()
    assert second.training_dock.isVisible() and front_dock_title(second) == "Training"
    assert second.size() != SMALLEST


def test_a_saved_geometry_larger_than_the_screen_is_ignored(make_window, settings, screen_1280x800) -> None:
    first = make_window(SMALLEST)
    first.close()
    huge = MainWindow(settings=QSettings(str(Path(settings.fileName()).with_name("other.ini")), settings.format()))
    huge.resize(screen_1280x800.width() + 500, screen_1280x800.height() + 300)
    settings.setValue(keys.WINDOW_GEOMETRY, huge.saveGeometry())
    huge.deleteLater()
    second = make_window()
    assert second.size() == DEFAULT_SIZE, "the default size, which fits the screen"


def test_escape_does_not_clear_the_drawing(make_window, qtbot) -> None:
    window = make_window(SMALLEST)
    window.activateWindow()
    qtbot.waitActive(window)
    stroke(window.canvas, one())
    qtbot.keyClick(window.canvas, docks.Qt.Key.Key_Escape)
    assert not window.canvas.is_empty()
    assert "Esc" not in window.canvas_panel.clear_action.toolTip()


def test_preferences_set_the_data_folder_download_and_theme(make_window, qtbot, tmp_path, monkeypatch) -> None:
    window = make_window(SMALLEST)
    dialog = window.show_preferences()
    dialog.data_edit.setText(str(tmp_path / "typed"))
    dialog.data_edit.editingFinished.emit()
    assert window.state.data_folder == tmp_path / "typed"

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(tmp_path / "browsed"))
    dialog.browse_button.click()
    assert window.state.data_folder == tmp_path / "browsed"
    assert dialog.data_edit.text() == str(tmp_path / "browsed"), "the dialog follows the state"

    dialog.download_check.setChecked(True)
    assert window.state.download and window.settings.value(keys.DOWNLOAD) in (True, "true")
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    assert window.state.theme == "dark"
    window.state.set_theme("light")
    assert dialog.theme_combo.currentData() == "light"
    dialog.close()


def test_choose_data_folder_sets_the_state_unless_cancelled(qtbot, tmp_path, monkeypatch) -> None:
    class FakeState:
        data_folder = tmp_path

        def set_data_folder(self, folder: str | Path | None) -> None:
            self.data_folder = Path(str(folder))

    state = FakeState()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: "")
    assert not choose_data_folder(None, state) and state.data_folder == tmp_path
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(tmp_path / "mnist"))
    assert choose_data_folder(None, state) and state.data_folder == tmp_path / "mnist"


def test_f1_opens_the_guide_and_about_stays_in_help(make_window) -> None:
    window = make_window(SMALLEST)
    help_actions = window.menuBar().actions()[-1].menu().actions()
    [guide] = [a for a in help_actions if "Guide" in a.text()]
    [about] = [a for a in help_actions if "About" in a.text()]
    assert guide.shortcut().toString() == "F1" and about.shortcut().isEmpty()
    guide.trigger()
    assert window.guide is not None and window.guide.isVisible()
    text = window.guide.text.toPlainText()
    for words in ("canvas", "prediction", "What the model sees", "Training", "Inside the model", "My digits", "Ctrl+Z"):
        assert words in text
    window.guide.close()
