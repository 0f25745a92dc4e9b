"""The window's menu bar: File (models, pictures, the drawing), Edit (the canvas's actions, Preferences), View
(compare, the docks, Reset layout, the theme) and Help (the Guide on F1, About). The theme items write the app
state's theme and follow it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from digitpad.ui.common import about, theme

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry
    from digitpad.ui.file_actions import FileActions
    from digitpad.ui.state import AppState

DOCK_TOGGLES = {
    "trainingDock": ("&Training panel", "Ctrl+T"),
    "insightDock": ("&Inside the model", "Ctrl+Shift+I"),
    "myDigitsDock": ("&My digits", "Ctrl+D"),
}


def _add(
    menu: QMenu, text: str, shortcut: str | QKeySequence.StandardKey, tip: str, slot: Callable[[], object]
) -> QAction:
    action = menu.addAction(text)
    action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(slot)
    return action


class MainMenus(QObject):
    """The model actions (open model, open image, export) stay disabled until `enable_model_actions` (torch has
    loaded); Save model is enabled while the selected model is usable."""

    def __init__(
        self,
        window: QMainWindow,
        state: AppState,
        files: FileActions,
        edit_actions: Sequence[QAction | None],
        compare_action: QAction,
        docks: Sequence[QDockWidget],
        *,
        reset_layout: Callable[[], object],
        show_preferences: Callable[[], object],
        show_guide: Callable[[], object],
    ) -> None:
        super().__init__(window)  # a child: its connections to the state end with the window
        self._state = state
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_model = _add(
            file_menu, "&Open model…", "Ctrl+O", "Open a digitpad checkpoint (.pt)", files.ask_open_model
        )
        self.save_model = _add(
            file_menu, "&Save model…", "Ctrl+S", "Save the selected model to a file", files.ask_save_model
        )
        self.remove_model = file_menu.addAction("&Remove model…")  # the window connects it to its model catalog
        file_menu.addSeparator()
        self.open_image = _add(
            file_menu, "Open &image…", "Ctrl+I", "Predict a picture of a digit from disk", files.ask_open_image
        )
        self.export = _add(
            file_menu,
            "&Export drawing as PNG…",
            "Ctrl+E",
            "Save the drawing as a 280 × 280 PNG",
            files.ask_export_drawing,
        )
        for action in (self.open_model, self.save_model, self.open_image, self.export):
            action.setEnabled(False)
        file_menu.addSeparator()
        _add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, "Close digitpad", window.close)

        edit_menu = bar.addMenu("&Edit")
        for edit_action in edit_actions:
            edit_menu.addSeparator() if edit_action is None else edit_menu.addAction(edit_action)
        edit_menu.addSeparator()
        self.preferences = _add(
            edit_menu,
            "&Preferences…",
            QKeySequence.StandardKey.Preferences,
            "The MNIST data folder and the theme",
            show_preferences,
        )
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(compare_action)
        for dock in docks:
            text, shortcut = DOCK_TOGGLES[dock.objectName()]
            toggle = dock.toggleViewAction()
            toggle.setText(text)
            toggle.setShortcut(QKeySequence(shortcut))
            self.view_menu.addAction(toggle)
        self.reset_layout = _add(
            self.view_menu,
            "&Reset layout",
            "",
            "Put the docks back beside the canvas, tabbed, and the window at its default size",
            reset_layout,
        )
        self.view_menu.addSeparator()
        self.theme_group = self._add_theme_menu(window, self.view_menu.addMenu("T&heme"))

        help_menu = bar.addMenu("&Help")
        self.guide = _add(
            help_menu,
            "&Guide",
            QKeySequence.StandardKey.HelpContents,
            "What each part of the window shows, and the keyboard shortcuts",
            show_guide,
        )
        help_menu.addSeparator()
        _add(help_menu, "&About digitpad", "", "Versions and credits", lambda: about.show_about(window))
        state.model_changed.connect(self._on_state_model_changed)
        state.theme_changed.connect(self._on_state_theme_changed)

    def enable_model_actions(self) -> None:
        for action in (self.open_model, self.open_image, self.export):
            action.setEnabled(True)

    def _add_theme_menu(self, window: QMainWindow, menu: QMenu) -> QActionGroup:
        group = QActionGroup(window)
        current = theme.application().property("digitpad_theme") or self._state.theme  # as applied, if it was
        for name in theme.THEMES:
            action = menu.addAction(name.capitalize())
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == current)
            group.addAction(action)
        group.triggered.connect(lambda action: self._state.set_theme(action.data()))
        return group

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        self.save_model.setEnabled(entry is not None and entry.available)
        self.remove_model.setEnabled(entry is not None and entry.removable)

    def _on_state_theme_changed(self, name: str) -> None:
        for action in self.theme_group.actions():
            action.setChecked(action.data() == name)
