"""The pen of digitpad's canvas: the unit its widths are in, how pressure sets its width, and the canvas picture
of a drawing's strokes (numpy only, for the store, the CLI and tests; the canvas paints the same strokes with
QPainter, taking its geometry from here).

Pen widths are pixels of a `REFERENCE_SIDE` x `REFERENCE_SIDE` canvas, whatever size the canvas has on screen.
A stroke's points carry the pen pressure in [0, 1]; the mouse (or a pen with pressure turned off) draws at
`NEUTRAL_PRESSURE`, which is the pen's nominal width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np

REFERENCE_SIDE = 280  # pen widths are pixels of a 280 x 280 canvas (ten times MNIST's 28)
NEUTRAL_PRESSURE = 0.5  # the mouse, or a pen with pressure turned off: the pen's nominal width

StrokeLike = Sequence[tuple[float, float, float]] | np.ndarray  # [P, 3] x, y (canvas units 0..1), pressure


@overload
def pressure_scale(pressure: float) -> float: ...
@overload
def pressure_scale(pressure: np.ndarray) -> np.ndarray: ...
def pressure_scale(pressure: float | np.ndarray) -> float | np.ndarray:
    """Pen width factor: half width at no pressure, 1.5x at full pressure, exactly 1 at `NEUTRAL_PRESSURE`."""
    if isinstance(pressure, np.ndarray):
        return 0.5 + np.clip(pressure, 0.0, 1.0)
    return 0.5 + min(max(float(pressure), 0.0), 1.0)


MAX_PRESSURE_SCALE = pressure_scale(1.0)  # the widest a pen of a given nominal width draws


def segment_widths(pressures: Sequence[float] | np.ndarray, width: float) -> np.ndarray:
    """The pen diameter along a stroke, float64 ``[max(P - 1, 1)]``, in the unit of ``width`` (the nominal one).

    pressures: ``[P]`` the pen pressure at each point. Segment i (points i to i + 1) is drawn at the width of its
    ends' mean pressure; a single point (a tap) at the width of its own.
    """
    p = np.asarray(pressures, dtype=np.float64).reshape(-1)
    mid = p if len(p) == 1 else (p[:-1] + p[1:]) / 2
    return width * pressure_scale(mid)


def render_strokes(
    strokes: Sequence[StrokeLike], pen_width: float | Sequence[float], size: int = REFERENCE_SIDE
) -> np.ndarray:
    """Strokes drawn with a round, antialiased pen -> uint8 ``[size, size]``, white ink (255) on black: the canvas
    picture of a drawing.

    strokes: each ``[P, 3]`` points (x, y in canvas units 0..1, pressure 0..1); pen_width: diameter in pixels of a
    `REFERENCE_SIDE` canvas, one for all strokes or one per stroke (`MyDigit.widths`), so a drawing re-rendered at
    another width looks as if drawn with a thinner or wider pen.
    """
    canvas = np.zeros((size, size), np.float32)
    if isinstance(pen_width, int | float | np.floating):
        widths = [float(pen_width)] * len(strokes)
    else:
        widths = [float(w) for w in pen_width]
    for stroke, width in zip(strokes, widths, strict=True):
        pts = np.asarray(stroke, np.float32).reshape(-1, 3)
        if len(pts) == 0:
            continue
        xy = pts[:, :2] * size
        radii = segment_widths(pts[:, 2], width / REFERENCE_SIDE * size) / 2
        if len(pts) == 1:
            _stamp_segment(canvas, xy[0], xy[0], float(radii[0]))
        for i in range(1, len(pts)):
            _stamp_segment(canvas, xy[i - 1], xy[i], float(radii[i - 1]))
    return np.round(canvas * 255).astype(np.uint8)


def _stamp_segment(canvas: np.ndarray, a: np.ndarray, b: np.ndarray, radius: float) -> None:
    """Max-blend a capsule (the segment ``a``-``b`` widened by ``radius``) with a one-pixel antialiased edge."""
    size = canvas.shape[0]
    lo = np.floor(np.minimum(a, b) - radius - 1).astype(int).clip(0, size)
    hi = np.ceil(np.maximum(a, b) + radius + 1).astype(int).clip(0, size)
    if lo[0] >= hi[0] or lo[1] >= hi[1]:
        return
    ys, xs = np.mgrid[lo[1] : hi[1], lo[0] : hi[0]].astype(np.float32) + 0.5  # pixel centres
    d = b - a
    length2 = float(d @ d)
    t = 0.0 if length2 == 0 else np.clip(((xs - a[0]) * d[0] + (ys - a[1]) * d[1]) / length2, 0, 1)
    dist = np.hypot(xs - (a[0] + t * d[0]), ys - (a[1] + t * d[1]))
    coverage = np.clip(radius + 0.5 - dist, 0, 1)
    region = canvas[lo[1] : hi[1], lo[0] : hi[0]]
    np.maximum(region, coverage, out=region)
