"""Helpers of the training panel: a learning-rate spin box, duration text, and persisted training settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

from digitpad.core.models.zoo import REGISTRY
from digitpad.core.runtime.paths import default_data_root

if TYPE_CHECKING:
    from digitpad.ui.training.panel import TrainingPanel

SETTINGS_ORGANIZATION = "digitpad"
SETTINGS_APPLICATION = "digitpad"
SETTINGS_GROUP = "training"
_T = TypeVar("_T", str, int, float, bool)


class LearningRateSpinBox(QDoubleSpinBox):
    """Learning rates span decades: shown as ``3e-03``-style short numbers and stepped by factors of two."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(10)  # the stored value keeps small rates; the text shows three significant digits
        self.setRange(1e-6, 1e4)
        self.setValue(1e-3)

    def textFromValue(self, value: float) -> str:
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if text.strip() == "" or any(c not in "0123456789.eE+-" for c in text.strip()):
            state = QValidator.State.Invalid if text.strip() else QValidator.State.Intermediate
            return state, text, pos
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        self.setValue(self.value() * 2.0**steps)


def _select_data(combo: QComboBox, data: object) -> bool:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _read(settings: QSettings, key: str, default: _T) -> _T:
    """The stored value as the default's type; the default when the key is absent or unreadable (hand-edited)."""
    raw = settings.value(key)
    if raw is None:
        return default
    try:
        if isinstance(default, bool):
            text = str(raw).strip().lower()
            return text in ("true", "1") if text in ("true", "1", "false", "0") else default  # type: ignore[return-value]
        return type(default)(raw)
    except (TypeError, ValueError):
        return default


class TrainingSettings:
    """The panel's training parameters and data folder, kept in QSettings("digitpad", "digitpad")."""

    def __init__(self, panel: TrainingPanel) -> None:
        self._panel = panel

    @staticmethod
    def _open() -> QSettings:
        settings = QSettings(SETTINGS_ORGANIZATION, SETTINGS_APPLICATION)
        settings.beginGroup(SETTINGS_GROUP)
        return settings

    def restore(self) -> None:
        """Registry defaults for the stored architecture, then every stored value that is still valid."""
        p, s = self._panel, self._open()
        _select_data(p.architecture_selector, _read(s, "architecture", "cnn"))
        p.apply_architecture_defaults()
        p.data_dir_edit.setText(_read(s, "data_dir", str(default_data_root())))
        p.download_check.setChecked(_read(s, "download", False))
        p.epochs_spin.setValue(_read(s, "epochs", p.epochs_spin.value()))
        p.batch_size_spin.setValue(_read(s, "batch_size", p.batch_size_spin.value()))
        p.seed_spin.setValue(_read(s, "seed", p.seed_spin.value()))
        p.learning_rate_spin.setValue(_read(s, "lr", p.learning_rate_spin.value()))
        p.optimizer_selector.setCurrentText(_read(s, "optimizer", "adamw"))
        p.augment_check.setChecked(_read(s, "augment", True))
        p.pen_data_check.setChecked(_read(s, "pen_data", True))
        if not _select_data(p.device_selector, _read(s, "device", "auto")):
            _select_data(p.device_selector, "auto")  # a device stored on another machine, or now unplugged
        if not _select_data(p.precision_selector, _read(s, "precision", "auto")):
            _select_data(p.precision_selector, "auto")

    def save(self) -> None:
        p, s = self._panel, self._open()
        data_dir = p.data_dir_edit.text().strip()
        if data_dir and data_dir != str(default_data_root()):
            s.setValue("data_dir", data_dir)
        else:  # follow the default (and $DIGITPAD_DATA_DIR) rather than freezing today's value
            s.remove("data_dir")
        spec = REGISTRY[p.architecture_selector.currentData()]
        defaults: tuple[tuple[str, float, float], ...] = (
            ("epochs", p.epochs_spin.value(), spec.epochs),
            ("batch_size", p.batch_size_spin.value(), spec.batch_size),
            ("lr", p.learning_rate_spin.value(), spec.lr),
        )
        for key, number, default in defaults:  # followed, so a better default in a later version reaches the user
            if number == default:
                s.remove(key)
            else:
                s.setValue(key, number)
        for key, value in (
            ("architecture", p.architecture_selector.currentData()),
            ("download", p.download_check.isChecked()),
            ("optimizer", p.optimizer_selector.currentText()),
            ("augment", p.augment_check.isChecked()),
            ("pen_data", p.pen_data_check.isChecked()),
            ("seed", p.seed_spin.value()),
            ("device", p.device_selector.currentData()),
            ("precision", p.precision_selector.currentData()),
        ):
            s.setValue(key, value)
        s.sync()
