"""Reading digit pictures from disk (PNG, JPEG, ... of any size) as arrays for `preprocess`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError


class ImageError(ValueError):
    """A file is missing or is not a picture we can read."""


def read_image(path: str | os.PathLike[str]) -> np.ndarray:
    """A picture as ``[H, W]`` uint8 grayscale; transparent areas become background (opposite of the ink)."""
    path = Path(path)
    if not path.is_file():
        raise ImageError(f"{path} does not exist.")
    try:
        with Image.open(path) as img:
            img.load()
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                rgba = np.asarray(img.convert("RGBA"))
                gray = np.asarray(Image.fromarray(rgba[..., :3]).convert("L")).astype(np.float32)
                alpha = rgba[..., 3].astype(np.float32) / 255.0
                opaque = alpha > 0.5
                ink_is_dark = bool(opaque.any()) and gray[opaque].mean() < 128
                background = 255.0 if ink_is_dark else 0.0
                return (gray * alpha + background * (1 - alpha)).round().astype(np.uint8)
            return np.asarray(img.convert("L"))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageError(f"{path} is not a readable image ({exc}).") from exc
