"""The app state, with one owner: the current model, the MNIST data folder, the training device, the theme and the
interface language.

Panels read it and subscribe to its `*_changed` signals instead of being relayed by the window; whoever changes a
value (the model selector, the training panel's data folder, the theme menu) calls its setter. Everything but the
model persists through `digitpad.ui.settings`, under the keys it has always had.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from digitpad.core.runtime.paths import default_data_root
from digitpad.ui import settings as keys

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint
    from digitpad.ui.catalog import ModelEntry


class AppState(QObject):
    model_changed = Signal(object)  # ModelEntry | None, on every selection (also of an entry that just loaded)
    data_folder_changed = Signal(object)  # Path: the MNIST root (holding MNIST/raw)
    download_changed = Signal(bool)  # whether MNIST may be downloaded into the data folder when it is missing
    device_changed = Signal(str)  # where training runs: "auto", "cpu", "cuda:0", …
    theme_changed = Signal(str)  # "system", "light" or "dark"
    language_changed = Signal(str)  # "system", "en" or "zh_CN"

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else keys.open_settings()
        self._model: ModelEntry | None = None
        self._data_text = keys.read(self.settings, keys.DATA_FOLDER, str(default_data_root()))  # as typed
        self._download = keys.read(self.settings, keys.DOWNLOAD, False)
        self._device = keys.read(self.settings, keys.DEVICE, "auto")
        self._theme = keys.read(self.settings, keys.THEME, "system")
        self._language = keys.read(self.settings, keys.LANGUAGE, "system")

    # ----- the model -------------------------------------------------------------------------------------------
    @property
    def model(self) -> ModelEntry | None:
        return self._model

    def checkpoint(self) -> Checkpoint | None:
        """The current model's checkpoint, or None while it is missing or still loading."""
        entry = self._model
        return entry.checkpoint if entry is not None and entry.available else None

    def remembered_model(self) -> str:
        """The catalog key of the model selected last time ("cnn" the first time)."""
        return keys.read(self.settings, keys.SELECTED_MODEL, "cnn")

    def set_model(self, entry: ModelEntry | None) -> None:
        """Announced every time: the same entry comes again once its checkpoint has loaded."""
        self._model = entry
        if entry is not None and entry.available:
            self.settings.setValue(keys.SELECTED_MODEL, entry.key)
        self.model_changed.emit(entry)

    # ----- the MNIST data folder -------------------------------------------------------------------------------
    @property
    def data_folder(self) -> Path:
        return Path(self._data_text).expanduser() if self._data_text else default_data_root()

    def data_folder_text(self) -> str:
        """The folder as the user typed it (``~/mnist`` stays so)."""
        return self._data_text

    def set_data_folder(self, folder: str | Path | None) -> None:
        """An empty folder means the default one, which is not stored: it follows $DIGITPAD_DATA_DIR."""
        before = self.data_folder
        self._data_text = str(folder).strip() if folder is not None else ""
        if self._data_text and self._data_text != str(default_data_root()):
            self.settings.setValue(keys.DATA_FOLDER, self._data_text)
        else:
            self.settings.remove(keys.DATA_FOLDER)
        if self.data_folder != before:
            self.data_folder_changed.emit(self.data_folder)

    @property
    def download(self) -> bool:
        """The wish to download MNIST when the data folder lacks it (Preferences, the training panel's box)."""
        return self._download

    def set_download(self, download: bool) -> None:
        changed = download != self._download
        self._download = download
        self.settings.setValue(keys.DOWNLOAD, download)
        if changed:
            self.download_changed.emit(download)

    # ----- the training device ---------------------------------------------------------------------------------
    @property
    def device(self) -> str:
        return self._device

    def set_device(self, device: str) -> None:
        changed = device != self._device
        self._device = device
        self.settings.setValue(keys.DEVICE, device)
        if changed:
            self.device_changed.emit(device)

    # ----- the theme -------------------------------------------------------------------------------------------
    @property
    def theme(self) -> str:
        return self._theme

    def set_theme(self, theme: str) -> None:
        changed = theme != self._theme
        self._theme = theme
        self.settings.setValue(keys.THEME, theme)
        if changed:
            self.theme_changed.emit(theme)

    # ----- the interface language ------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        changed = language != self._language
        self._language = language
        self.settings.setValue(keys.LANGUAGE, language)
        if changed:
            self.language_changed.emit(language)
