"""What digitpad remembers between runs: one QSettings file, opened here, and every key it holds, named here.

The app state (`digitpad.ui.state`), the window and the training panel all read and write through this module; a
test or a benchmark passes its own (ini-file) QSettings to `MainWindow` instead.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSettings

ORGANIZATION = "digitpad"
APPLICATION = "digitpad"

# The window
WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"
LAYOUT_VERSION = "window/layout_version"  # the geometry and state above are dropped when it is not `LAYOUT`
LAYOUT = 2  # raise it when the docks or the central layout change: an old saved layout would not fit
PEN_WIDTH = "canvas/pen_width"
COMPARE = "view/compare"
SALIENCY = "view/saliency"
LAST_FOLDER = "files/last_folder"  # where the file dialogs open
# The app state
SELECTED_MODEL = "model/selected"
THEME = "view/theme"
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
PRECISION = "training/precision"

_T = TypeVar("_T", str, int, float, bool)


def open_settings() -> QSettings:
    """digitpad's settings file: QSettings("digitpad", "digitpad") in the platform's usual place."""
    return QSettings(ORGANIZATION, APPLICATION)


def read(settings: QSettings, key: str, default: _T) -> _T:
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
