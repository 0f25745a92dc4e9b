"""What tests do to panels as a user would: click an enabled button, set a Training panel up for a short CPU run."""

from __future__ import annotations

from PySide6.QtCore import Qt

from digitpad.ui.training.panel import TrainingPanel


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_up_run(panel: TrainingPanel, arch: str, epochs: int, batch_size: int) -> None:
    """Model, epochs and batch size chosen; no augmentation or pen digits (fast); on the CPU."""
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData(arch))
    panel.epochs_spin.setValue(epochs)
    panel.batch_size_spin.setValue(batch_size)
    panel.augment_check.setChecked(False)
    panel.pen_data_check.setChecked(False)
    panel.device_selector.setCurrentIndex(panel.device_selector.findData("cpu"))
