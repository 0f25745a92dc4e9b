"""The model input of a drawing made of strokes, rendered from the stroke points at a thickness set by the digit's
own size, so that the pen width, the pen pressure and how big the digit was drawn do not change what a model sees.

A raster of the canvas carries the pen's width into the 28x28 input: a digit written at a third of the canvas
with a 20 px pen arrives with strokes 5-6 px wide (MNIST's are 2-3), and loops fill in. The strokes themselves
do not: here they are drawn again, as MNIST's digits were made, into a 20 px box (longer side, aspect kept) with
a round pen whose diameter is `STROKE_FRACTION` of the digit's longer side, antialiased, and placed in the
28x28 field by their centre of mass. Pictures (opened files, `digitpad predict`) keep the raster path of
`digitpad.core.inference.preprocess`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from digitpad.core.inference.preprocess import BOX, place_by_centre_of_mass, preprocess

# Pen diameter as a fraction of the digit's longer side (the points' extent, before the pen is added). At 0.125,
# 1,000 real pen digits come out with MNIST's median stroke width (2.1 px) and ink (93 px of full ink per digit);
# the shipped MNIST-only models read held-out writers best between 0.12 and 0.14.
STROKE_FRACTION = 0.125
_SUPERSAMPLE = 2  # the box is rasterised at 2x and averaged down (4x differs by 0.1% of ink on average)
_MIN_EXTENT = 1e-6  # a single tap: a dot, as big as the box
_MIN_STEP = 0.5  # points closer than this (pixels of the 2x box) to the last one kept add nothing: dropped

StrokePoints = Sequence[tuple[float, ...]] | np.ndarray  # [P, 2+] x, y (y down), any unit; extra columns ignored


def stroke_arrays(strokes: Sequence[StrokePoints]) -> list[np.ndarray]:
    """Each stroke as float64 ``[P, 2]`` x, y; empty strokes and non-finite points dropped."""
    out = []
    for stroke in strokes:
        pts = np.asarray(stroke, dtype=np.float64)
        if pts.size == 0:
            continue
        pts = pts.reshape(len(pts), -1)[:, :2]
        pts = pts[np.isfinite(pts).all(axis=1)]
        if len(pts):
            out.append(pts)
    return out


def render_digit(strokes: Sequence[StrokePoints], fraction: float = STROKE_FRACTION) -> torch.Tensor | None:
    """Strokes -> float32 ``[1, 28, 28]`` in [0, 1] (ink = 1), placed like MNIST; None when there are no points.

    strokes: each ``[P, 2+]`` points x, y with y growing downwards, in any unit (canvas units, tablet pixels);
    only their shape counts. fraction: the pen diameter as a fraction of the digit's longer side.
    """
    arrays = stroke_arrays(strokes)
    if not arrays:
        return None
    box = _render_box(arrays, fraction)
    if float(box.max()) <= 0:
        return None
    return place_by_centre_of_mass(box / box.max()).unsqueeze(0)


def _render_box(arrays: list[np.ndarray], fraction: float) -> torch.Tensor:
    """The digit in its box: float32 ``[h, w]`` with the longer side `BOX` px, ink in [0, 1]."""
    everything = np.concatenate(arrays)
    low, high = everything.min(axis=0), everything.max(axis=0)
    extent = max(float((high - low).max()), _MIN_EXTENT)
    pen = fraction * extent  # diameter, in the strokes' own units
    scale = BOX * _SUPERSAMPLE / (extent + pen)  # the ink's longer side (points plus the pen) fills the box
    # (the tolerance keeps the longer side at exactly `BOX` px where rounding would make it 20.000001 -> 21)
    size = np.maximum(np.ceil((high - low + pen) * scale / _SUPERSAMPLE - 1e-6), 1).astype(int) * _SUPERSAMPLE
    offset = (size - (high - low) * scale) / 2  # centred in the box
    starts, ends = [], []
    for pts in arrays:
        xy = _thin_out((pts - low) * scale + offset, _MIN_STEP)
        if len(xy) == 1:
            xy = np.concatenate([xy, xy])
        starts.append(xy[:-1])
        ends.append(xy[1:])
    a = np.concatenate(starts).astype(np.float32)
    b = np.concatenate(ends).astype(np.float32)
    h, w = int(size[1]), int(size[0])
    coverage = _capsules(a, b, pen * scale / 2, h, w)
    pooled = coverage.reshape(h // _SUPERSAMPLE, _SUPERSAMPLE, w // _SUPERSAMPLE, _SUPERSAMPLE).mean(axis=(1, 3))
    return torch.from_numpy(pooled)


def _thin_out(xy: np.ndarray, step: float) -> np.ndarray:
    """The points of a polyline ``[P, 2]`` at least ``step`` apart, its first and last kept: a long scribble costs
    the renderer its length on the 40 px box, not the number of mouse events."""
    if len(xy) <= 2:
        return xy
    kept = [0]
    last = xy[0]
    for i in range(1, len(xy) - 1):
        if abs(xy[i, 0] - last[0]) + abs(xy[i, 1] - last[1]) >= step:
            kept.append(i)
            last = xy[i]
    kept.append(len(xy) - 1)
    return xy[kept]


def _capsules(a: np.ndarray, b: np.ndarray, radius: float, h: int, w: int) -> np.ndarray:
    """Coverage float32 ``[h, w]`` of the union of round-capped segments ``a[i]``-``b[i]`` (float32 ``[S, 2]`` x, y
    in pixels), with a one-pixel antialiased edge: 1 inside, 0 beyond ``radius + 0.5`` of every segment.

    numpy, not torch: single-threaded by design, so rendering never competes for cores with a training run's
    intra-op threads (torch's small parallel ops slow down a hundredfold when two processes share two cores)."""
    ys = (np.arange(h, dtype=np.float32) + 0.5).reshape(1, h, 1)
    xs = (np.arange(w, dtype=np.float32) + 0.5).reshape(1, 1, w)
    best = np.full((h, w), np.inf, dtype=np.float32)
    d = b - a
    length2 = np.maximum((d * d).sum(axis=1), 1e-12)
    for chunk in range(0, len(a), 64):  # [S, h, w] in chunks: a few MB at a time, whatever the stroke count
        ax, ay = a[chunk : chunk + 64, 0, None, None], a[chunk : chunk + 64, 1, None, None]
        dx, dy = d[chunk : chunk + 64, 0, None, None], d[chunk : chunk + 64, 1, None, None]
        px, py = xs - ax, ys - ay
        t = np.clip((px * dx + py * dy) / length2[chunk : chunk + 64, None, None], 0, 1)
        dist2 = (px - t * dx) ** 2 + (py - t * dy) ** 2
        np.minimum(best, dist2.min(axis=0), out=best)
    return np.clip(radius + 0.5 - np.sqrt(best), 0, 1)


def densify(points: np.ndarray, step: float) -> np.ndarray:
    """A sparse trajectory ``[P, 2]`` as a smooth curve through the same points (centripetal Catmull-Rom), with
    points about ``step`` apart: how a pen sampled often would have drawn the segments a slow tablet gives."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) < 2:
        return pts.copy()
    padded = np.concatenate([2 * pts[:1] - pts[1:2], pts, 2 * pts[-1:] - pts[-2:-1]])
    p0, p1, p2, p3 = padded[:-3], padded[1:-2], padded[2:-1], padded[3:]  # one row per segment p1 -> p2
    counts = np.maximum(1, np.ceil(np.linalg.norm(p2 - p1, axis=1) / max(step, 1e-9))).astype(int)
    seg = np.repeat(np.arange(len(p1)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    t = ((np.arange(len(seg)) - first + 1) / counts[seg])[:, None]  # (0, 1] along each segment
    curve = _catmull_rom(p0[seg], p1[seg], p2[seg], p3[seg], t)
    return np.concatenate([pts[:1], curve])


def _catmull_rom(p0: np.ndarray, p1: np.ndarray, p2: np.ndarray, p3: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Points at ``t`` in [0, 1] (``[n, 1]``) on the centripetal Catmull-Rom segments from p1 to p2 (``[n, 2]``)."""

    def knot(u: np.ndarray, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
        return u + np.maximum(np.linalg.norm(pb - pa, axis=1, keepdims=True) ** 0.5, 1e-6)

    t0 = np.zeros_like(t)
    t1 = knot(t0, p0, p1)
    t2 = knot(t1, p1, p2)
    t3 = knot(t2, p2, p3)
    u = t1 + t * (t2 - t1)
    a1 = (t1 - u) / (t1 - t0) * p0 + (u - t0) / (t1 - t0) * p1
    a2 = (t2 - u) / (t2 - t1) * p1 + (u - t1) / (t2 - t1) * p2
    a3 = (t3 - u) / (t3 - t2) * p2 + (u - t2) / (t3 - t2) * p3
    b1 = (t2 - u) / (t2 - t0) * a1 + (u - t0) / (t2 - t0) * a2
    b2 = (t3 - u) / (t3 - t1) * a2 + (u - t1) / (t3 - t1) * a3
    return (t2 - u) / (t2 - t1) * b1 + (u - t1) / (t2 - t1) * b2


def drawing_input(strokes: Sequence[StrokePoints], picture: np.ndarray | None = None) -> torch.Tensor | None:
    """The model input of a canvas drawing, float32 ``[1, 28, 28]`` in [0, 1]; None when nothing is drawn.

    A drawing of strokes alone is rendered from its points (`render_digit`). When the canvas holds an opened
    picture, ``picture`` is the whole canvas as uint8 ``[H, W]`` white ink on black (the strokes drawn on it
    included) and takes the raster path, as any image does. Values are whole 255ths, like the uint8 images models
    train on, so the 8-bit image a view shows is exactly what the model gets.
    """
    field = preprocess(picture, ink="white", normalize=False) if picture is not None else render_digit(strokes)
    return None if field is None else (field * 255).round_() / 255
