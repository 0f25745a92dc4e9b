"""The window's menu bar: File (models, pictures, the drawing), Edit (the canvas's actions, Preferences), View
(compare, the docks, Reset layout, the theme, the language) and Help (the Guide on F1, About). The theme and
language items write the app state and follow it; a change of language installs its translators, and the window sets
every text here again (`MainMenus.retranslate`) on the `LanguageChange` that follows, after the docks' titles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from digitpad.ui.common import about, i18n, theme

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry
    from digitpad.ui.file_actions import FileActions
    from digitpad.ui.state import AppState

DOCK_SHORTCUTS = {
    "trainingDock": "Ctrl+T",
    "insightDock": "Ctrl+Shift+I",
    "myDigitsDock": "Ctrl+D",
    "runsDock": "Ctrl+R",
}
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language, never translated


def _add(menu: QMenu, shortcut: str | QKeySequence.StandardKey, slot: Callable[[], object]) -> QAction:
    """An action without text: `MainMenus.retranslate` names it."""
    action = menu.addAction("")
    action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def _name(action: QAction, text: str, tip: str = "") -> None:
    action.setText(text)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)


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
        self.file_menu = file_menu = bar.addMenu("")
        self.open_model = _add(file_menu, "Ctrl+O", files.ask_open_model)
        self.save_model = _add(file_menu, "Ctrl+S", files.ask_save_model)
        self.export_onnx = _add(file_menu, "", files.ask_export_onnx)
        self.remove_model = file_menu.addAction("")  # the window connects it to its model catalog
        file_menu.addSeparator()
        self.open_image = _add(file_menu, "Ctrl+I", files.ask_open_image)
        self.export = _add(file_menu, "Ctrl+E", files.ask_export_drawing)
        for action in (self.open_model, self.save_model, self.export_onnx, self.open_image, self.export):
            action.setEnabled(False)
        file_menu.addSeparator()
        self.quit = _add(file_menu, QKeySequence.StandardKey.Quit, window.close)

        self.edit_menu = edit_menu = bar.addMenu("")
        for edit_action in edit_actions:
            edit_menu.addSeparator() if edit_action is None else edit_menu.addAction(edit_action)
        edit_menu.addSeparator()
        self.preferences = _add(edit_menu, QKeySequence.StandardKey.Preferences, show_preferences)
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(compare_action)
        self._docks = list(docks)
        for dock in self._docks:
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(DOCK_SHORTCUTS[dock.objectName()]))
            self.view_menu.addAction(toggle)
        self.reset_layout = _add(self.view_menu, "", reset_layout)
        self.view_menu.addSeparator()
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_group = self._add_theme_menu(window, self.theme_menu)
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = self._add_language_menu(window, self.language_menu)

        self.help_menu = help_menu = bar.addMenu("")
        self.guide = _add(help_menu, QKeySequence.StandardKey.HelpContents, show_guide)
        help_menu.addSeparator()
        self.about = _add(help_menu, "", lambda: about.show_about(window))
        self.retranslate()
        state.model_changed.connect(self._on_state_model_changed)
        state.theme_changed.connect(self._on_state_theme_changed)
        state.language_changed.connect(self._on_state_language_changed)

    def enable_model_actions(self) -> None:
        for action in (self.open_model, self.open_image, self.export):
            action.setEnabled(True)

    def retranslate(self) -> None:
        """Name everything in the interface language. After `docks.retitle`: a dock's title renames its toggle."""
        self.file_menu.setTitle(self.tr("&File"))
        _name(self.open_model, self.tr("&Open model…"), self.tr("Open a digitpad checkpoint (.pt)"))
        _name(self.save_model, self.tr("&Save model…"), self.tr("Save the selected model to a file"))
        _name(
            self.export_onnx,
            self.tr("Export model as O&NNX…"),
            self.tr("Write the selected model as an ONNX file, for onnxruntime and other runtimes"),
        )
        _name(self.remove_model, self.tr("&Remove model…"))
        _name(self.open_image, self.tr("Open &image…"), self.tr("Predict a picture of a digit from disk"))
        _name(self.export, self.tr("&Export drawing as PNG…"), self.tr("Save the drawing as a 280 × 280 PNG"))
        _name(self.quit, self.tr("&Quit"), self.tr("Close digitpad"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        _name(self.preferences, self.tr("&Preferences…"), self.tr("The MNIST data folder and the theme"))
        self.view_menu.setTitle(self.tr("&View"))
        dock_names = {
            "trainingDock": self.tr("&Training panel"),
            "insightDock": self.tr("&Inside the model"),
            "myDigitsDock": self.tr("&My digits"),
            "runsDock": self.tr("R&uns"),
        }
        for dock in self._docks:
            dock.toggleViewAction().setText(dock_names[dock.objectName()])
        _name(
            self.reset_layout,
            self.tr("&Reset layout"),
            self.tr("Put the docks back beside the canvas, tabbed, and the window at its default size"),
        )
        self.theme_menu.setTitle(self.tr("T&heme"))
        theme_names = {"system": self.tr("System"), "light": self.tr("Light"), "dark": self.tr("Dark")}
        for action in self.theme_group.actions():
            action.setText(theme_names.get(action.data(), action.data()))
        self.language_menu.setTitle(self.tr("&Language"))
        for action in self.language_group.actions():
            action.setText(LANGUAGE_NAMES.get(action.data()) or self.tr("System"))
        self.help_menu.setTitle(self.tr("&Help"))
        _name(self.guide, self.tr("&Guide"), self.tr("What each part of the window shows, and the keyboard shortcuts"))
        _name(self.about, self.tr("&About digitpad"), self.tr("Versions and credits"))

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

    def _add_language_menu(self, window: QMainWindow, menu: QMenu) -> QActionGroup:
        group = QActionGroup(window)
        for name in i18n.LANGUAGES:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == self._state.language)
            group.addAction(action)
        group.triggered.connect(lambda action: self._state.set_language(action.data()))
        return group

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        self.save_model.setEnabled(entry is not None and entry.available)
        self.export_onnx.setEnabled(entry is not None and entry.available)
        self.remove_model.setEnabled(entry is not None and entry.removable)

    def _on_state_theme_changed(self, name: str) -> None:
        for action in self.theme_group.actions():
            action.setChecked(action.data() == name)

    def _on_state_language_changed(self, language: str) -> None:
        for action in self.language_group.actions():
            action.setChecked(action.data() == language)
        i18n.apply_language(language)  # its LanguageChange names everything again
