"""The window's file dialogs, error messages and short texts; every failure is a message box, never a crash."""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np
import PySide6
import torch
from PySide6.QtCore import QSettings, qVersion
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

import digitpad
from digitpad.core.inference.images import ImageError, read_image
from digitpad.core.inference.preprocess import white_ink
from digitpad.core.models.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from digitpad.core.runtime.devices import available_devices
from digitpad.ui.common.qimages import array_to_qimage
from digitpad.ui.prediction.catalog import ModelEntry

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)"


def _settings(parent: QWidget) -> QSettings:
    settings = getattr(parent, "settings", None)
    return settings if isinstance(settings, QSettings) else QSettings()


def _last_folder(parent: QWidget) -> str:
    return str(_settings(parent).value("files/last_folder", str(Path.home())))


def _remember_folder(parent: QWidget, path: str | Path) -> None:
    _settings(parent).setValue("files/last_folder", str(Path(path).parent))


def ask_open_path(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, _last_folder(parent), filters)
    if path:
        _remember_folder(parent, path)
    return path


def _ask_save_path(parent: QWidget, title: str, name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_last_folder(parent)) / name), filters)
    if path:
        _remember_folder(parent, path)
    return path


def load_model(parent: QWidget, path: str | Path) -> Checkpoint | None:
    try:
        return load_checkpoint(path)
    except CheckpointError as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 - whatever a foreign file does to the loader, the app stays up
        message = f"{path} is not a readable checkpoint ({type(exc).__name__}: {exc})."
    QMessageBox.critical(parent, "Cannot open model", f"{message}\n\nThe current model is still in use.")
    return None


def save_model(parent: QWidget, entry: ModelEntry) -> Path | None:
    ckpt = entry.checkpoint
    if ckpt is None:
        return None
    path = _ask_save_path(parent, "Save model", f"{entry.arch}.pt", "digitpad checkpoints (*.pt)")
    if not path:
        return None
    if not path.lower().endswith(".pt"):
        path += ".pt"
    try:
        saved = save_checkpoint(path, ckpt.arch, ckpt.model, ckpt.hparams, ckpt.metadata, mean=ckpt.mean, std=ckpt.std)
    except OSError as exc:
        QMessageBox.critical(parent, "Cannot save model", f"{path} could not be written: {exc.strerror or exc}.")
        return None
    parent.statusBar().showMessage(f"Saved {saved}", 6000)  # type: ignore[attr-defined]
    return saved


def load_picture(parent: QWidget, path: str | Path) -> np.ndarray | None:
    """A picture from disk as white ink on black, or None after telling the user why it cannot be used."""
    try:
        return white_ink(read_image(path))
    except ImageError as exc:
        QMessageBox.warning(parent, "Cannot open image", str(exc))
        return None


def export_drawing(parent: QWidget, drawing: np.ndarray) -> Path | None:
    path = _ask_save_path(parent, "Export drawing", "digit.png", "PNG images (*.png)")
    if not path:
        return None
    if not path.lower().endswith(".png"):
        path += ".png"
    if not array_to_qimage(drawing).save(path):
        QMessageBox.critical(parent, "Cannot export drawing", f"{path} could not be written.")
        return None
    parent.statusBar().showMessage(f"Exported {path}", 6000)  # type: ignore[attr-defined]
    return Path(path)


def model_status_text(entry: ModelEntry | None) -> str:
    if entry is None or entry.checkpoint is None:
        return "No model loaded"
    acc = entry.checkpoint.test_accuracy
    accuracy = f"test accuracy {acc:.2%}" if acc is not None else "test accuracy unknown"
    return f"Model: {entry.arch} — {entry.name} · {accuracy}"


def device_text() -> str:
    return "Predicting on CPU"


def device_tooltip() -> str:
    return (
        "Live predictions run on the CPU (one small image at a time).\n"
        f"Devices available for training: {', '.join(available_devices())}"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About digitpad",
        f"<h3>digitpad {digitpad.__version__}</h3>"
        "<p>Draw a digit and see what neural networks make of it.</p>"
        f"<p>PyTorch {torch.__version__}<br>Qt {qVersion()} (PySide6 {PySide6.__version__})<br>"
        f"Python {platform.python_version()}</p>"
        "<p>Trained on MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) and on real pen-written digits "
        "from “Pen-Based Recognition of Handwritten Digits” (E. Alpaydin, F. Alimoglu, Bogazici University; UCI "
        "Machine Learning Repository, CC BY 4.0), which also ships with digitpad.</p>",
    )
