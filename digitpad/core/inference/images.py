"""Reading digit pictures from disk (PNG, JPEG, ...) as arrays for `preprocess`.

A picture is turned upright by its EXIF orientation (a phone photo stored sideways), refused above `MAX_PIXELS`
before any pixel is decoded, and scaled down to at most `WORK_SIDE` pixels a side before it is converted, so a
large photo costs tens of megabytes and a fraction of a second, never gigabytes.
"""

from __future__ import annotations

import os
import re
import struct
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from digitpad.core.runtime.messages import Message, translate

MAX_PIXELS = 40_000_000  # larger pictures are refused: decoding one would take gigabytes
WORK_SIDE = 2048  # larger pictures are scaled down to this many pixels a side: ample for a 28x28 digit


class ImageError(ValueError):
    """A file is missing, too large, or is not a picture we can read."""


def too_large_message(path: Path, size: tuple[int, int] | None = None, pixels: int | None = None) -> Message:
    limit = MAX_PIXELS // 1_000_000
    if size is not None:
        return Message(
            translate(
                "Core",
                "{path} is too large ({width}x{height} = {megapixels:.0f} megapixels): digitpad reads pictures of up "
                "to {limit} megapixels. Scale it down and try again.",
            ),
            path=path,
            width=size[0],
            height=size[1],
            megapixels=size[0] * size[1] / 1e6,
            limit=limit,
        )
    if pixels:
        return Message(
            translate(
                "Core",
                "{path} is too large ({megapixels:.0f} megapixels): digitpad reads pictures of up to {limit} "
                "megapixels. Scale it down and try again.",
            ),
            path=path,
            megapixels=pixels / 1e6,
            limit=limit,
        )
    return Message(
        translate(
            "Core",
            "{path} is too large: digitpad reads pictures of up to {limit} megapixels. Scale it down and try again.",
        ),
        path=path,
        limit=limit,
    )


def read_image(path: str | os.PathLike[str]) -> np.ndarray:
    """A picture as ``[H, W]`` uint8 grayscale, upright, at most `WORK_SIDE` a side; transparent areas become
    background (opposite of the ink). Raises `ImageError` for a missing, unreadable or too large file."""
    path = Path(path)
    if not path.is_file():
        raise ImageError(Message(translate("Core", "{path} does not exist."), path=path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit follows
            with Image.open(path) as img:
                if img.size[0] * img.size[1] > MAX_PIXELS:  # read from the header: nothing is decoded yet
                    raise ImageError(too_large_message(path, img.size))
                return _to_gray(_upright_and_small(img))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # PIL's limit: the same message
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise ImageError(too_large_message(path, pixels=int(pixels[1]) if pixels else None)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error) as exc:
        if isinstance(exc, ImageError):
            raise
        raise ImageError(
            Message(translate("Core", "{path} is not a readable image ({reason})."), path=path, reason=str(exc))
        ) from exc
    except MemoryError as exc:
        raise ImageError(
            Message(translate("Core", "{path} needs more memory to decode than this computer has free."), path=path)
        ) from exc


def _upright_and_small(img: Image.Image) -> Image.Image:
    """The picture decoded (a JPEG straight at a reduced scale), scaled to fit `WORK_SIDE`, then turned upright."""
    box = (WORK_SIDE, WORK_SIDE)
    img.draft(None, box)  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is still at least `box`
    img.load()
    if img.mode in ("1", "P", "I;16", "I;16B", "I;16L", "I", "F"):  # modes that resize poorly or not at all
        transparent = img.mode == "P" and "transparency" in img.info
        img = img.convert("RGBA" if transparent else "L") if img.mode in ("1", "P") else _scaled_to_l(img)
    img.thumbnail(box)  # in place, keeping the EXIF data; a smaller picture stays as it is
    upright = ImageOps.exif_transpose(img)
    return upright if upright is not None else img


def _scaled_to_l(img: Image.Image) -> Image.Image:
    """A 16-bit or float picture as 8-bit grayscale, its range stretched to 0..255."""
    a = np.asarray(img, dtype=np.float64)
    lo, hi = float(a.min()), float(a.max())
    scaled = (a - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(a)
    out = Image.fromarray(scaled.round().astype(np.uint8))
    out.info = dict(img.info)
    return out


def _to_gray(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "PA"):
        rgba = np.asarray(img.convert("RGBA"))
        gray = np.asarray(Image.fromarray(rgba[..., :3]).convert("L")).astype(np.float32)
        alpha = rgba[..., 3].astype(np.float32) / 255.0
        opaque = alpha > 0.5
        ink_is_dark = bool(opaque.any()) and gray[opaque].mean() < 128
        background = 255.0 if ink_is_dark else 0.0
        return np.asarray((gray * alpha + background * (1 - alpha)).round().astype(np.uint8))
    return np.asarray(img.convert("L"))
