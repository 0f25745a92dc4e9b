"""Training images made from real pen strokes, the way a person's pen varies them, for models that read drawn digits.

Each pen digit is rendered several times through the same stroke path as the canvas (`digitpad.core.inference.strokes`),
each time changed as real pens and hands change it: slant, rotation and aspect, stroke width, a sparse tablet's
polygonal curves or a smooth pen's dense ones, a little tremor, and styles MNIST barely has that are synthesised
from the digit's own strokes (slashed zero, crossbar seven, a one with a flag and a base).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.data.pendigits import PenDigit, find_pendigits, read_pendigits, split_by_writer, writers
from digitpad.core.inference.strokes import STROKE_FRACTION, densify, render_digit
from digitpad.core.runtime.jobs import Cancelled  # raised when the caller stops the rendering
from digitpad.core.runtime.messages import Message, translate

DEFAULT_VARIANTS = 6  # renderings of each training digit
# The writer split is fixed, whatever a run's seed, so that no run ever trains on the writers the app measures on.
WRITER_SPLIT_SEED = 0


@dataclass(frozen=True)
class PenAugmentConfig:
    slant: float = 0.35  # horizontal shear, x += slant * (centre_y - y) / extent, uniform in [-slant, slant]
    rotation_deg: float = 10.0
    aspect: tuple[float, float] = (0.8, 1.2)  # width / height change
    width: tuple[float, float] = (0.65, 1.5)  # pen diameter, times `STROKE_FRACTION`
    polygonal_prob: float = 0.35  # chance of drawing the tablet's sparse points as straight segments
    sparse_prob: float = 0.2  # of those, chance of keeping only every other point first
    tremor: float = 0.006  # point jitter, as a fraction of the digit's size
    style_prob: float = 0.4  # chance of a synthesised style variant for a 0, 1 or 7


def render_pen_digits(
    digits: Sequence[PenDigit],
    variants: int = DEFAULT_VARIANTS,
    seed: int = 0,
    cfg: PenAugmentConfig = PenAugmentConfig(),
    cancelled: Callable[[], bool] | None = None,
) -> Split:
    """Every digit rendered ``variants`` times with a random variation (the first as written when ``variants`` is
    1 or more): uint8 ``[N * variants, 28, 28]`` images (ink = 255) and int64 labels, like `Split` of MNIST.
    ``cancelled`` is asked between digits; when it says yes, `Cancelled` is raised."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for digit in digits:
        if cancelled is not None and cancelled():
            raise Cancelled
        for k in range(variants):
            strokes = _plain(digit.strokes) if k == 0 else vary(digit, rng, cfg)
            fraction = STROKE_FRACTION if k == 0 else STROKE_FRACTION * rng.uniform(*cfg.width)
            field = render_digit(strokes, fraction)
            if field is None:
                continue
            images.append((field[0] * 255).round().to(torch.uint8))
            labels.append(digit.label)
    if not images:
        return Split(torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64))
    return Split(torch.stack(images), torch.tensor(labels, dtype=torch.int64))


def _plain(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    extent = _extent(strokes)
    return [densify(s, extent / 60) for s in strokes]


def _extent(strokes: Sequence[np.ndarray]) -> float:
    pts = np.concatenate(strokes)
    return max(float((pts.max(axis=0) - pts.min(axis=0)).max()), 1e-6)


def vary(digit: PenDigit, rng: np.random.Generator, cfg: PenAugmentConfig = PenAugmentConfig()) -> list[np.ndarray]:
    """One random variation of a digit's strokes (float64 ``[P, 2]`` each, y down), as a different pen and hand
    would have drawn it."""
    strokes = [s.copy() for s in digit.strokes if len(s)]
    if rng.random() < cfg.style_prob:
        strokes = synthesise_style(digit.label, strokes, rng)
    extent = _extent(strokes)
    if rng.random() < cfg.polygonal_prob:
        if rng.random() < cfg.sparse_prob:
            strokes = [s[::2] if len(s) > 4 else s for s in strokes]
    else:
        strokes = [densify(s, extent / 60) for s in strokes]
    strokes = [s + rng.normal(0, cfg.tremor * extent, s.shape) for s in strokes]
    return _affine(strokes, rng, cfg)


def _affine(strokes: list[np.ndarray], rng: np.random.Generator, cfg: PenAugmentConfig) -> list[np.ndarray]:
    pts = np.concatenate(strokes)
    centre = (pts.max(axis=0) + pts.min(axis=0)) / 2
    extent = _extent(strokes)
    angle = np.deg2rad(rng.uniform(-cfg.rotation_deg, cfg.rotation_deg))
    shear = rng.uniform(-cfg.slant, cfg.slant)
    aspect = rng.uniform(*cfg.aspect)
    rotate = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    # screen y grows down: a forward slant moves the top (smaller y) to the right
    matrix = rotate @ np.array([[aspect, -shear], [0.0, 1.0]])
    return [(s - centre) / extent @ matrix.T for s in strokes]


def synthesise_style(label: int, strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """Add the strokes of a style MNIST barely has: a slash through a 0, a crossbar on a 7, a flag and a base on a
    1 (or either alone). Other digits come back unchanged."""
    pts = np.concatenate(strokes)
    low, high = pts.min(axis=0), pts.max(axis=0)
    size = high - low
    extent = max(float(size.max()), 1e-6)
    if label == 0:
        return [*strokes, _slash(low, high, rng)]
    if label == 7:
        return [*strokes, _crossbar(pts, low, size, extent, rng)]
    if label == 1:
        top = pts[pts[:, 1].argmin()]
        bottom = pts[pts[:, 1].argmax()]
        added = []
        kind = rng.integers(3)  # flag, base, or both
        if kind in (0, 2):
            drop = extent * rng.uniform(0.2, 0.35)
            reach = extent * rng.uniform(0.2, 0.35)
            added.append(_line(top + np.array([-reach, drop]), top))
        if kind in (1, 2):
            half = extent * rng.uniform(0.2, 0.32)
            added.append(_line(bottom + np.array([-half, 0.0]), bottom + np.array([half, 0.0])))
        return [*strokes, *added]
    return strokes


def _slash(low: np.ndarray, high: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A diagonal from below left to above right of the loop, overshooting it a little (Ø)."""
    over = rng.uniform(0.0, 0.15, 2) * (high - low)
    start = np.array([low[0] - over[0], high[1] + over[1]])
    end = np.array([high[0] + over[0], low[1] - over[1]])
    return _line(start, end)


def _crossbar(pts: np.ndarray, low: np.ndarray, size: np.ndarray, extent: float, rng: np.random.Generator):
    """A short horizontal bar across the seven's stem at about mid-height."""
    y = low[1] + size[1] * rng.uniform(0.45, 0.6)
    near = pts[np.abs(pts[:, 1] - y) < 0.08 * extent]
    x = float(near[:, 0].mean()) if len(near) else float(low[0] + size[0] / 2)
    half = extent * rng.uniform(0.15, 0.25)
    return _line(np.array([x - half, y]), np.array([x + half, y]))


def _line(a: np.ndarray, b: np.ndarray, points: int = 8) -> np.ndarray:
    t = np.linspace(0, 1, points)[:, None]
    return a + t * (b - a)


@dataclass(frozen=True)
class PenData:
    """What a run added to MNIST: the file, the writers trained on, their digits and the images rendered."""

    source: Path
    writers: tuple[int, ...]
    digits: int
    images: int

    def describe(self) -> Message:
        return Message(
            translate("Core", "{images} renderings of {digits} real pen digits by {writers} writers"),
            images=self.images,
            digits=self.digits,
            writers=len(self.writers),
        )

    def metadata(self) -> dict[str, object]:
        return {"file": self.source.name, "writers": list(self.writers), "digits": self.digits, "images": self.images}


def add_pen_digits(
    mnist: MNIST,
    source: str | os.PathLike[str] | None = None,
    variants: int = DEFAULT_VARIANTS,
    seed: int = 0,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[MNIST, PenData]:
    """MNIST with the training writers' pen digits rendered ``variants`` times each added to its training split
    (validation and test stay MNIST's). ``source``: a pen-digits file or a data folder holding one (see
    `find_pendigits`); the held-out writers are never added. About 1.3 ms per rendering on a CPU core; raises
    `Cancelled` when ``cancelled`` says so."""
    path = find_pendigits(source)
    train_digits, _ = split_by_writer(read_pendigits(path), seed=WRITER_SPLIT_SEED)
    pen = render_pen_digits(train_digits, variants=variants, seed=seed, cancelled=cancelled)
    joined = Split(torch.cat([mnist.train.images, pen.images]), torch.cat([mnist.train.labels, pen.labels]))
    info = PenData(path, tuple(writers(train_digits)), len(train_digits), len(pen))
    return replace(mnist, train=joined), info
