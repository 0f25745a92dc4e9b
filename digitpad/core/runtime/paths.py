"""Where digitpad finds its resources and keeps the user's data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import digitpad
from digitpad.core.runtime.messages import Message, translate

DATA_DIR_ENV = "DIGITPAD_DATA_DIR"


def resources_dir() -> Path:
    """The `resources/` folder: inside the installed package, or at the root of a source checkout."""
    package = Path(digitpad.__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "pretrained").is_dir():
            return candidate
    raise FileNotFoundError(
        Message(
            translate(
                "Core",
                "digitpad's resources folder was not found (looked in {inside} and {beside}); reinstall digitpad.",
            ),
            inside=package / "resources",
            beside=package.parent / "resources",
        )
    )


def pretrained_path(name: str) -> Path:
    return resources_dir() / "pretrained" / f"{name}.pt"


def pretrained_generator_path() -> Path:
    """The digit generator shipped with digitpad (a conditional GAN, `digitpad.core.models.gan`)."""
    return resources_dir() / "pretrained" / "gan.pt"


def user_data_dir() -> Path:
    """Per-user folder for downloaded data, trained models and settings (created on demand by callers)."""
    return Path(platformdirs.user_data_dir("digitpad", appauthor=False))


def user_models_dir() -> Path:
    """Where the models a user trains, fine-tunes or opens are kept, one checkpoint file each, so they are there
    after a restart (created on demand by callers)."""
    return user_data_dir() / "models"


def user_generators_dir() -> Path:
    """Where the digit generators a user trains are kept: apart from the models folder, whose files are all
    classifiers (created on demand by callers)."""
    return user_data_dir() / "generators"


def default_data_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data root: an explicit folder, else `$DIGITPAD_DATA_DIR`, else the per-user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "data"
