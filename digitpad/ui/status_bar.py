"""The window's status bar: which model reads the drawing (with its test accuracy) and where predictions run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry


def model_status_text(entry: ModelEntry | None) -> str:
    if entry is None or entry.checkpoint is None:
        return "No model loaded"
    acc = entry.checkpoint.test_accuracy
    accuracy = f"test accuracy {acc:.2%}" if acc is not None else "test accuracy unknown"
    return f"Model: {entry.arch} — {entry.name} · {accuracy}"


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.device_status = QLabel("Loading PyTorch…")
        self.device_status.setObjectName("deviceStatus")
        self.addPermanentWidget(self.model_status)
        self.addPermanentWidget(self.device_status)

    def show_model(self, entry: ModelEntry | None) -> None:
        self.model_status.setText(model_status_text(entry))

    def show_devices(self) -> None:
        """Once torch has loaded: predictions run on the CPU; the tooltip lists the devices training may use."""
        from digitpad.core.runtime.devices import available_devices  # imports torch

        self.device_status.setText("Predicting on CPU")
        self.device_status.setToolTip(
            "Live predictions run on the CPU (one small image at a time).\n"
            f"Devices available for training: {', '.join(available_devices())}"
        )

    def show_torch_unavailable(self, error: str) -> None:
        self.showMessage(f"PyTorch could not be loaded: {error}")
        self.device_status.setText("PyTorch unavailable")
