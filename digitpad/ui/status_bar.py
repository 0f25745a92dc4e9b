"""The window's status bar: which model reads the drawing (with its test accuracy) and where predictions run. Its
texts are set again in the new language on `LanguageChange`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from digitpad.ui.common.i18n import localize

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry


def model_status_text(entry: ModelEntry | None) -> str:
    if entry is None or entry.checkpoint is None:
        return QCoreApplication.translate("StatusBar", "No model loaded")
    acc = entry.checkpoint.test_accuracy
    accuracy = (
        QCoreApplication.translate("StatusBar", "test accuracy {accuracy}").format(accuracy=f"{acc:.2%}")
        if acc is not None
        else QCoreApplication.translate("StatusBar", "test accuracy unknown")
    )
    return QCoreApplication.translate("StatusBar", "Model: {arch} — {name} · {accuracy}").format(
        arch=entry.arch, name=localize(entry.name), accuracy=accuracy
    )


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.device_status = QLabel()
        self.device_status.setObjectName("deviceStatus")
        self.addPermanentWidget(self.model_status)
        self.addPermanentWidget(self.device_status)
        self._entry: ModelEntry | None = None
        self._shown_model = False
        self._devices: list[str] | None = None  # None until torch has loaded
        self._torch_error: str | None = None
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_model(self, entry: ModelEntry | None) -> None:
        self._entry, self._shown_model = entry, True
        self.model_status.setText(model_status_text(entry))

    def show_devices(self) -> None:
        """Once torch has loaded: predictions run on the CPU; the tooltip lists the devices training may use."""
        from digitpad.core.runtime.devices import available_devices  # imports torch

        self._devices = list(available_devices())
        self._retranslate()

    def show_torch_unavailable(self, error: str) -> None:
        self._torch_error = error
        self.showMessage(self.tr("PyTorch could not be loaded: {error}").format(error=error))
        self._retranslate()

    def _retranslate(self) -> None:
        if self._shown_model:
            self.model_status.setText(model_status_text(self._entry))
        if self._torch_error is not None:
            self.device_status.setText(self.tr("PyTorch unavailable"))
        elif self._devices is None:
            self.device_status.setText(self.tr("Loading PyTorch…"))
        else:
            self.device_status.setText(self.tr("Predicting on CPU"))
            self.device_status.setToolTip(
                self.tr(
                    "Live predictions run on the CPU (one small image at a time).\n"
                    "Devices available for training: {devices}"
                ).format(devices=", ".join(self._devices))
            )
