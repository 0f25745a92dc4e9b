"""What the File menu and drag-and-drop do: open a checkpoint (it joins the models and is selected) or a picture (it
goes on the canvas), save the selected model, export the drawing.

The dialogs and their messages (`digitpad.ui.dialogs`, which imports torch) load on first use: the window
shows before torch has loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow

from digitpad.ui.common.i18n import describe

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelCatalog
    from digitpad.ui.drawing.canvas import DrawingCanvas
    from digitpad.ui.state import AppState


def _dialogs() -> ModuleType:
    from digitpad.ui import dialogs

    return dialogs


class FileActions(QObject):
    """``prepare_models`` is called before a checkpoint is opened: it brings in the parts of the window that need
    torch. Files dropped on ``window`` open as a model (``.pt``) or as a picture."""

    def __init__(
        self,
        window: QMainWindow,
        state: AppState,
        catalog: ModelCatalog,
        canvas: DrawingCanvas,
        prepare_models: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window, self._state, self._catalog, self._canvas = window, state, catalog, canvas
        self._prepare_models = prepare_models
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def open_model_file(self, path: str | Path) -> bool:
        """Load a checkpoint and select it; a bad file is reported in a box, adds nothing, and the current model
        stays."""
        self._prepare_models()
        checkpoint = _dialogs().load_model(self._window, path)
        if checkpoint is None:
            return False
        from digitpad.core.models.checkpoint import CheckpointError  # torch is loaded by now

        try:
            row = self._catalog.add_checkpoint(Path(path).name, checkpoint, "opened")
        except CheckpointError as exc:
            _dialogs().cannot_open_model(self._window, describe(exc))
            return False
        self._state.set_model(self._catalog.entry(row))
        return True

    def open_image_file(self, path: str | Path) -> bool:
        """Show a picture from disk on the canvas (undoable), which predicts it like a drawing."""
        picture = _dialogs().load_picture(self._window, path)
        if picture is not None:
            self._canvas.set_picture(picture)
        return picture is not None

    # ----- the File menu ---------------------------------------------------------------------------------------
    def ask_open_model(self) -> None:
        dialogs = _dialogs()
        path = dialogs.ask_open_path(self._window, self._state.settings, self.tr("Open model"), dialogs.model_filter())
        if path:
            self.open_model_file(path)

    def ask_save_model(self) -> None:
        entry = self._state.model
        if entry is not None and entry.available:
            _dialogs().save_model(self._window, self._state.settings, entry)

    def ask_export_onnx(self) -> None:
        entry = self._state.model
        if entry is not None and entry.available:
            _dialogs().export_onnx(self._window, self._state.settings, entry)

    def ask_open_image(self) -> None:
        dialogs = _dialogs()
        path = dialogs.ask_open_path(self._window, self._state.settings, self.tr("Open image"), dialogs.image_filter())
        if path:
            self.open_image_file(path)

    def ask_export_drawing(self) -> None:
        _dialogs().export_drawing(self._window, self._state.settings, self._canvas.to_array())

    # ----- drag and drop ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and isinstance(event, QDragEnterEvent):
            if not event.mimeData().hasUrls():
                return False
            event.acceptProposedAction()
            return True
        if watched is self._window and event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            for url in event.mimeData().urls():
                path = url.toLocalFile()
                if path:
                    self.open_model_file(path) if path.lower().endswith(".pt") else self.open_image_file(path)
            return True
        return super().eventFilter(watched, event)
