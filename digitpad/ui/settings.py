"""What digitpad remembers between runs: one QSettings file, opened here, and every key it holds, named here.

The app state (`digitpad.ui.state`), the window and the training panel all read and write through this module; a
test or a benchmark passes its own (ini-file) QSettings to `MainWindow` instead.
"""

from __future__ import annotations

import logging
import math
from typing import TypeVar

from PySide6.QtCore import QSettings

ORGANIZATION = "digitpad"
APPLICATION = "digitpad"

# The window
WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAYOUT_VERSION = "window/layout_version"  # the geometry and state above are dropped when it is not `LAYOUT`
LAYOUT = 3  # raise it when the docks or the central layout change: an old saved layout would not fit
PEN_WIDTH = "canvas/pen_width"
COMPARE = "view/compare"
SALIENCY = "view/saliency"
LAST_FOLDER = "files/last_folder"  # where the file dialogs open
# The app state
SELECTED_MODEL = "model/selected"
GENERATOR = "model/generator"  # the generator the Training panel trained last; absent: the shipped one
THEME = "view/theme"
LANGUAGE = "view/language"  # "system", "en" or "zh_CN"
DATA_FOLDER = "training/data_dir"  # absent: the default data root ($DIGITPAD_DATA_DIR or the user data folder)
DEVICE = "training/device"
# The training panel's form (absent epochs, batch size and lr: the architecture's defaults)
ARCHITECTURE = "training/architecture"
DOWNLOAD = "training/download"
EPOCHS = "training/epochs"
BATCH_SIZE = "training/batch_size"
LEARNING_RATE = "training/lr"
SEED = "training/seed"
OPTIMIZER = "training/optimizer"
AUGMENT = "training/augment"
PEN_DATA = "training/pen_data"
GAN_STEPS = "training/gan_steps"  # a GAN run's steps (absent: GanConfig's default)
PRECISION = "training/precision"

_T = TypeVar("_T", str, int, float, bool)
_INT_LIMIT = 2**31 - 1  # what a Qt int (a spin box, a pen width) holds; a larger one overflows in the binding

log = logging.getLogger(__name__)


def open_settings() -> QSettings:
    """digitpad's settings file: QSettings("digitpad", "digitpad") in the platform's usual place."""
    return QSettings(ORGANIZATION, APPLICATION)


def read(
    settings: QSettings,
    key: str,
    default: _T,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> _T:
    """The stored value as the default's type, within ``minimum``..``maximum`` for numbers; the default when the key
    is absent. A value that is not of that type or range (a hand-edited or corrupt file) is removed from the file,
    with a log note, and the default is returned."""
    raw = settings.value(key)
    if raw is None:
        return default
    value = _convert(raw, type(default))
    if value is None or (
        not isinstance(value, (bool, str))
        and ((minimum is not None and value < minimum) or (maximum is not None and value > maximum))
    ):
        drop(settings, key, raw)
        return default
    return value  # type: ignore[return-value]


def drop(settings: QSettings, key: str, raw: object) -> None:
    """Remove a stored value that cannot be used, and say so in the log."""
    shown = repr(raw)
    log.warning("Ignoring the setting %s = %s in %s: not a valid value.", key, shown[:80], settings.fileName())
    settings.remove(key)


def _convert(raw: object, kind: type) -> str | int | float | bool | None:
    """``raw`` (a QSettings value: text from an ini file, or a typed value) as ``kind``, or None if it is not one."""
    if kind is str:
        return raw if isinstance(raw, str) else None
    if isinstance(raw, bool):  # a typed bool is a bool, never a number
        return raw if kind is bool else None
    text = raw.strip().lower() if isinstance(raw, str) else raw
    if kind is bool:
        return {"true": True, "1": True, "false": False, "0": False}.get(text) if isinstance(text, str) else None
    try:
        if kind is int:
            number = int(text) if isinstance(text, (str, int)) else None
            return number if number is not None and -_INT_LIMIT <= number <= _INT_LIMIT else None
        number_f = float(text) if isinstance(text, (str, int, float)) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number_f if number_f is not None and math.isfinite(number_f) else None
