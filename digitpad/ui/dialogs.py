"""The window's file dialogs and their error messages; every failure is a message box, never a crash.

The dialogs open in the folder used last, kept in the window's settings (`digitpad.ui.settings`). Their titles,
filters and messages are in the interface language (context "FileDialogs")."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from digitpad.core.inference.images import ImageError, read_image
from digitpad.core.inference.preprocess import white_ink
from digitpad.core.models.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from digitpad.ui import settings as keys
from digitpad.ui.catalog import ModelEntry
from digitpad.ui.common.i18n import describe
from digitpad.ui.common.qimages import array_to_qimage


def model_filter() -> str:
    return QCoreApplication.translate("FileDialogs", "digitpad checkpoints (*.pt);;All files (*)")


def image_filter() -> str:
    return QCoreApplication.translate(
        "FileDialogs", "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)"
    )


def _last_folder(settings: QSettings) -> str:
    return str(settings.value(keys.LAST_FOLDER, str(Path.home())))


def _remember_folder(settings: QSettings, path: str | Path) -> None:
    settings.setValue(keys.LAST_FOLDER, str(Path(path).parent))


def ask_open_path(parent: QWidget, settings: QSettings, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, _last_folder(settings), filters)
    if path:
        _remember_folder(settings, path)
    return path


def _ask_save_path(parent: QWidget, settings: QSettings, title: str, name: str, filters: str) -> str:
    """A path to save to, ending in ``name``'s suffix (added when the user left it out); "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_last_folder(settings)) / name), filters)
    if path:
        _remember_folder(settings, path)
        suffix = Path(name).suffix
        if not path.lower().endswith(suffix):
            path += suffix
    return path


def load_model(parent: QWidget, path: str | Path) -> Checkpoint | None:
    try:
        return load_checkpoint(path)
    except CheckpointError as exc:
        message = describe(exc)
    except Exception as exc:  # noqa: BLE001 - whatever a foreign file does to the loader, the app stays up
        message = QCoreApplication.translate(
            "FileDialogs", "{path} is not a readable checkpoint ({kind}: {error})."
        ).format(path=path, kind=type(exc).__name__, error=describe(exc))
    cannot_open_model(parent, message)
    return None


def cannot_open_model(parent: QWidget, message: str) -> None:
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("FileDialogs", "Cannot open model"),
        QCoreApplication.translate("FileDialogs", "{message}\n\nThe current model is still in use.").format(
            message=message
        ),
    )


def save_model(parent: QWidget, settings: QSettings, entry: ModelEntry) -> Path | None:
    ckpt = entry.checkpoint
    if ckpt is None:
        return None
    path = _ask_save_path(
        parent,
        settings,
        QCoreApplication.translate("FileDialogs", "Save model"),
        f"{entry.arch}.pt",
        QCoreApplication.translate("FileDialogs", "digitpad checkpoints (*.pt)"),
    )
    if not path:
        return None
    try:
        saved = save_checkpoint(path, ckpt.arch, ckpt.model, ckpt.hparams, ckpt.metadata, mean=ckpt.mean, std=ckpt.std)
    except OSError as exc:  # CheckpointSaveError: it names the file and why (a full disk, a read-only folder)
        QMessageBox.critical(parent, QCoreApplication.translate("FileDialogs", "Cannot save model"), describe(exc))
        return None
    saved_text = QCoreApplication.translate("FileDialogs", "Saved {path}").format(path=saved)
    parent.statusBar().showMessage(saved_text, 6000)  # type: ignore[attr-defined]
    return saved


def export_onnx(parent: QWidget, settings: QSettings, entry: ModelEntry) -> Path | None:
    """File > Export model as ONNX: the selected classifier as an ONNX file (see `digitpad export`)."""
    ckpt = entry.checkpoint
    if ckpt is None:
        return None
    path = _ask_save_path(
        parent,
        settings,
        QCoreApplication.translate("FileDialogs", "Export model as ONNX"),
        f"{entry.arch}.onnx",
        QCoreApplication.translate("FileDialogs", "ONNX models (*.onnx)"),
    )
    if not path:
        return None
    from digitpad.core.models.onnx_export import ExportError
    from digitpad.core.models.onnx_export import export_onnx as write_onnx

    try:
        saved = write_onnx(ckpt, path)
    except (ExportError, OSError) as exc:  # no onnx package, a read-only folder, a full disk
        QMessageBox.critical(parent, QCoreApplication.translate("FileDialogs", "Cannot export model"), describe(exc))
        return None
    saved_text = QCoreApplication.translate("FileDialogs", "Exported {path}").format(path=saved)
    parent.statusBar().showMessage(saved_text, 6000)  # type: ignore[attr-defined]
    return saved


def load_picture(parent: QWidget, path: str | Path) -> np.ndarray | None:
    """A picture from disk as white ink on black, or None after telling the user why it cannot be used."""
    try:
        return white_ink(read_image(path))
    except ImageError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("FileDialogs", "Cannot open image"), describe(exc))
        return None


def export_drawing(parent: QWidget, settings: QSettings, drawing: np.ndarray) -> Path | None:
    path = _ask_save_path(
        parent,
        settings,
        QCoreApplication.translate("FileDialogs", "Export drawing"),
        "digit.png",
        QCoreApplication.translate("FileDialogs", "PNG images (*.png)"),
    )
    if not path:
        return None
    if not array_to_qimage(drawing).save(path):
        QMessageBox.critical(
            parent,
            QCoreApplication.translate("FileDialogs", "Cannot export drawing"),
            QCoreApplication.translate("FileDialogs", "{path} could not be written.").format(path=path),
        )
        return None
    exported = QCoreApplication.translate("FileDialogs", "Exported {path}").format(path=path)
    parent.statusBar().showMessage(exported, 6000)  # type: ignore[attr-defined]
    return Path(path)
