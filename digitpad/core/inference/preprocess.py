"""Turn a canvas or photo of a digit into the 28x28 image a model expects, the way MNIST made its digits.

MNIST: the digit's bounding box was scaled so its longer side is 20 px (aspect ratio kept, antialiased), and
the result placed in a 28x28 field with its centre of mass at the centre. Doing the same here is what makes
predictions on drawn digits as good as on the test set.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from digitpad.core.inference.normalization import MNIST_MEAN, MNIST_STD
from digitpad.core.inference.normalization import normalize as normalize_images

INK_THRESHOLD = 0.15  # ink must stand this far (in [0, 1]) above the background
BOX = 20  # MNIST's digit box
FIELD = 28
_WORK = 4 * BOX  # intermediate resolution for stroke-width handling
_MIN_STROKE = 2.0  # thinnest stroke, in final pixels, that a model reads reliably
# Centre of mass of MNIST digits in pixel coordinates (measured over the training set: mean 14.2/13.9 row/col,
# which is where MNIST's own centring put it).
_TARGET_COM = (14.0, 14.0)


def preprocess(
    image: np.ndarray | torch.Tensor,
    ink: str = "auto",
    mean: float = MNIST_MEAN,
    std: float = MNIST_STD,
    normalize: bool = True,
) -> torch.Tensor | None:
    """A canvas image -> float32 ``[1, 28, 28]`` normalised like the training data, or None if nothing is drawn.

    image: ``[H, W]`` grayscale, or ``[H, W, 3|4]`` colour, of any size; uint8 in [0, 255] or float in [0, 1].
    ink: "white" (light ink on a dark background, like MNIST), "black" (dark ink on light paper), or "auto",
    which takes the border as the background (dark border: white ink) and subtracts its level, for photos and
    scans. With an explicit polarity the background is taken as pure black (or white), as on digitpad's canvas.
    normalize: False returns the image in [0, 1] (ink = 1) instead of normalised values.
    """
    if ink not in ("auto", "white", "black"):
        raise ValueError(f"ink must be 'auto', 'white' or 'black', not {ink!r}")
    raw = _to_gray(image)
    if raw.numel() == 0:
        return None
    scale = 255.0 if raw.dtype == torch.uint8 else 1.0
    auto = ink == "auto"
    if auto:
        ink = "black" if _border_level(raw) > 0.5 * scale else "white"
    background = _border_level(raw) if auto else (scale if ink == "black" else 0.0)
    cropped = _precrop(raw, ink, background, INK_THRESHOLD / 2 * scale)
    if cropped is None:
        return None
    x = cropped.float() / scale
    if ink == "black":
        x = 1.0 - x
    if auto:  # a photo's paper is rarely pure white: measure it and take it away
        x = (x - _border_level(x)).clamp_(min=0)
    peak = float(x.max()) if x.numel() else 0.0
    if peak < INK_THRESHOLD:
        return None
    x = _crop_to_ink(x / peak)
    digit = _fit_box(x)
    field = place_by_centre_of_mass(digit)
    if normalize:
        field = normalize_images(field, mean, std)
    return field.unsqueeze(0)


def _precrop(x: torch.Tensor, ink: str, background: float, tol: float) -> torch.Tensor | None:
    """Cut away the rows and columns holding nothing but background before any float work on a big canvas.

    Keeps a superset of what `_crop_to_ink` keeps, framed by one pixel of background so that the border
    level of the cropped image is still the canvas's. None when nothing stands out from the background.
    """
    mask = x < background - tol if ink == "black" else x > background + tol
    rows = torch.nonzero(mask.any(dim=1)).flatten()
    if rows.numel() == 0:
        return None
    cols = torch.nonzero(mask.any(dim=0)).flatten()
    top, bottom = max(int(rows[0]) - 1, 0), int(rows[-1]) + 2
    left, right = max(int(cols[0]) - 1, 0), int(cols[-1]) + 2
    crop = x[top:bottom, left:right]
    framed = torch.full((crop.shape[0] + 2, crop.shape[1] + 2), background, dtype=x.dtype)
    framed[1:-1, 1:-1] = crop
    return framed


def _to_gray(image: np.ndarray | torch.Tensor) -> torch.Tensor:
    if isinstance(image, torch.Tensor):
        t = image.detach().cpu()
    else:
        array = np.asarray(image)
        t = torch.from_numpy(array if array.flags.writeable else array.copy())
    if t.ndim == 3 and t.shape[-1] in (3, 4):
        is_uint8 = t.dtype == torch.uint8
        rgb = t[..., :3].float()
        if t.shape[-1] == 4:  # transparent pixels are background, whatever their colour
            alpha = t[..., 3:].float() / (255.0 if is_uint8 else 1.0)
            rgb = rgb * alpha + (1 - alpha) * _alpha_background(rgb, alpha, is_uint8)
        t = (rgb @ torch.tensor([0.299, 0.587, 0.114])).to(torch.uint8 if is_uint8 else torch.float32)
    if t.ndim != 2:
        raise ValueError(f"expected a [H, W] or [H, W, 3|4] image, got shape {tuple(t.shape)}")
    if t.dtype == torch.uint8:
        return t  # kept as bytes: the big canvas is cropped before any float work
    return t.float().clamp(0, 1)


def _alpha_background(rgb: torch.Tensor, alpha: torch.Tensor, is_uint8: bool) -> torch.Tensor:
    # Ink drawn on a transparent layer: the background is the opposite of the ink's brightness.
    opaque = alpha[..., 0] > 0.5
    full = 255.0 if is_uint8 else 1.0
    if not bool(opaque.any()):
        return torch.zeros(())
    ink_level = rgb[opaque].mean()
    return torch.tensor(0.0 if ink_level > full / 2 else full)


def _border_level(x: torch.Tensor) -> float:
    """Median of the outermost pixels, in the image's own units."""
    border = torch.cat([x[0], x[-1], x[:, 0], x[:, -1]])
    return float(border.median())


def _crop_to_ink(x: torch.Tensor) -> torch.Tensor:
    mask = x > INK_THRESHOLD
    rows = torch.nonzero(mask.any(dim=1)).flatten()
    cols = torch.nonzero(mask.any(dim=0)).flatten()
    return x[int(rows[0]) : int(rows[-1]) + 1, int(cols[0]) : int(cols[-1]) + 1]


def _fit_box(x: torch.Tensor) -> torch.Tensor:
    """Scale the cropped ink so its longer side is 20 px; strokes too thin to survive are thickened first."""
    h, w = x.shape
    ratio = _WORK / max(h, w)
    size = (max(1, round(h * ratio)), max(1, round(w * ratio)))
    img = x[None, None]
    if ratio < 1:  # max-pooling keeps a 1-px line visible where averaging would fade it away
        img = F.adaptive_max_pool2d(img, size)
    else:
        img = F.interpolate(img, size=size, mode="bilinear", align_corners=False)
    img = _thicken(img)
    img = img[0, 0]
    img = _crop_to_ink(img / img.max())
    h, w = img.shape
    ratio = BOX / max(h, w)
    size = (max(1, round(h * ratio)), max(1, round(w * ratio)))
    out = F.interpolate(img[None, None], size=size, mode="bilinear", antialias=True, align_corners=False)[0, 0]
    return (out / out.max()).clamp(0, 1)


def _thicken(img: torch.Tensor) -> torch.Tensor:
    """Dilate strokes narrower than `_MIN_STROKE` final pixels (stroke width estimated as 2 * area / boundary)."""
    mask = (img > 0.5).float()
    area = float(mask.sum())
    if area == 0:
        return img
    eroded = -F.max_pool2d(-mask, 3, stride=1, padding=1)
    boundary = max(1.0, float((mask - eroded).sum()))
    width = 2 * area / boundary
    need = _MIN_STROKE * _WORK / BOX
    if width >= need:
        return img
    radius = math.ceil((need - width) / 2)
    img = F.pad(img, (radius,) * 4)
    return F.max_pool2d(img, 2 * radius + 1, stride=1, padding=radius)


def place_by_centre_of_mass(digit: torch.Tensor) -> torch.Tensor:
    h, w = digit.shape
    total = float(digit.sum())
    rows = torch.arange(h, dtype=torch.float32)
    cols = torch.arange(w, dtype=torch.float32)
    com_r = float((digit.sum(dim=1) * rows).sum()) / total
    com_c = float((digit.sum(dim=0) * cols).sum()) / total
    top = min(max(round(_TARGET_COM[0] - com_r), 0), FIELD - h)
    left = min(max(round(_TARGET_COM[1] - com_c), 0), FIELD - w)
    field = torch.zeros(FIELD, FIELD)
    field[top : top + h, left : left + w] = digit
    return field


def white_ink(image: np.ndarray | torch.Tensor) -> np.ndarray:
    """A picture of a digit (any polarity) as uint8 ``[H, W]`` white ink on black, like digitpad's canvas.

    The background is taken as `preprocess(ink="auto")` takes it (the border's median level): it becomes 0 and the
    strongest ink 255, so a photo's grey paper does not read as ink.
    """
    raw = _to_gray(image)
    x = raw.float() / 255.0 if raw.dtype == torch.uint8 else raw
    if x.numel() == 0:
        return np.zeros(tuple(x.shape), np.uint8)
    level = _border_level(x)
    if level > 0.5:
        x, level = 1.0 - x, 1.0 - level
    x = (x - level).clamp(min=0)
    peak = float(x.max())
    if peak <= 0:
        return np.zeros(tuple(x.shape), np.uint8)
    return (x * (255.0 / peak)).round().to(torch.uint8).numpy()


def to_display(model_input: torch.Tensor, mean: float = MNIST_MEAN, std: float = MNIST_STD) -> np.ndarray:
    """A normalised ``[1, 28, 28]`` model input back to a uint8 ``[28, 28]`` image (ink = 255) for display."""
    x = (model_input.detach().cpu().reshape(FIELD, FIELD) * std + mean).clamp(0, 1)
    return (x * 255).round().to(torch.uint8).numpy()
