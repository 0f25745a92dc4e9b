"""Choosing the MNIST data folder: one dialog that Preferences and every panel with a "Choose…" button share.

`ui.common` sits below `ui.state`, so the state is typed by what is used of it (`DataFolderState`), not imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


class DataFolderState(Protocol):
    """What the chooser needs of `AppState`."""

    @property
    def data_folder(self) -> Path: ...

    def set_data_folder(self, folder: str | Path | None) -> None: ...


def choose_data_folder(parent: QWidget | None, state: DataFolderState) -> bool:
    """Ask for the MNIST data folder (the one holding MNIST/raw) and set it; False when the user cancelled."""
    title = QCoreApplication.translate("DataFolder", "MNIST data folder")
    folder = QFileDialog.getExistingDirectory(parent, title, str(state.data_folder))
    if not folder:
        return False
    state.set_data_folder(folder)
    return True
