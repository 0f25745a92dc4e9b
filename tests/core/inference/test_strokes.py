"""The stroke path: the model input of a drawing depends on its shape, not on the pen or the size it was drawn at."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from digitpad.core.inference.pen import render_strokes
from digitpad.core.inference.preprocess import preprocess
from digitpad.core.inference.strokes import STROKE_FRACTION, densify, drawing_input, render_digit


def four() -> list[np.ndarray]:
    """An open-top 4 in two strokes, in canvas units (y down)."""
    down_and_across = np.array([[0.35, 0.2], [0.28, 0.55], [0.62, 0.55]])
    stem = np.array([[0.55, 0.3], [0.55, 0.8]])
    return [densify(down_and_across, 0.01), densify(stem, 0.01)]


def ink_box(field: torch.Tensor) -> tuple[int, int]:
    rows = torch.nonzero(field[0].sum(dim=1) > 0.05).flatten()
    cols = torch.nonzero(field[0].sum(dim=0) > 0.05).flatten()
    return int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)


def test_same_strokes_at_any_size_and_place_give_the_same_input() -> None:
    base = render_digit(four())
    assert base is not None and base.shape == (1, 28, 28) and base.dtype == torch.float32
    for scale, shift in ((0.3, (0.1, 0.05)), (1.8, (-0.2, 0.4)), (500.0, (3.0, 7.0))):
        moved = render_digit([s * scale + np.array(shift) for s in four()])
        assert moved is not None
        assert float((moved - base).abs().max()) < 0.02, (scale, shift)


def test_pen_width_and_pressure_do_not_reach_the_input() -> None:
    """The canvas keeps pressure as a third column and the pen width beside the points: neither is used."""
    light = [np.c_[s, np.full(len(s), 0.1)] for s in four()]
    heavy = [np.c_[s, np.full(len(s), 1.0)] for s in four()]
    a, b = drawing_input(light), drawing_input(heavy)
    assert a is not None and b is not None and torch.equal(a, b)
    # the raster of the same strokes does change with the pen: what the stroke path removes
    mouse = [np.c_[s, np.full(len(s), 0.5)] for s in four()]
    thin = preprocess(render_strokes(mouse, 8.0), ink="white", normalize=False)
    thick = preprocess(render_strokes(mouse, 40.0), ink="white", normalize=False)
    assert thin is not None and thick is not None
    assert float(thick.sum()) > 1.5 * float(thin.sum())


def test_the_digit_is_placed_as_mnist_places_its_digits() -> None:
    field = render_digit(four())
    assert field is not None
    assert max(ink_box(field)) in (20, 21)  # longer side 20 px (antialiased edges may touch one more row)
    assert float(field.max()) == pytest.approx(1.0) and float(field.min()) >= 0.0
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    mass = float(field.sum())
    assert abs(float((field[0] * ys).sum()) / mass - 14) < 1 and abs(float((field[0] * xs).sum()) / mass - 14) < 1


def test_stroke_thickness_follows_the_fraction() -> None:
    one = [np.array([[0.5, 0.1], [0.5, 0.9]])]
    widths = []
    for fraction in (0.08, STROKE_FRACTION, 0.2):
        field = render_digit(one, fraction)
        assert field is not None
        widths.append(float(field.sum()) / 20)  # ink per row of a vertical bar: its width in pixels
    assert widths[0] < widths[1] < widths[2]
    expected = 20 * STROKE_FRACTION / (1 + STROKE_FRACTION)  # the pen is part of the 20 px box
    assert widths[1] == pytest.approx(expected, rel=0.2)


def test_empty_drawings_and_single_taps() -> None:
    assert render_digit([]) is None and render_digit([np.zeros((0, 3))]) is None
    assert drawing_input([]) is None
    dot = render_digit([[(0.4, 0.4, 0.5)]])
    assert dot is not None and float(dot.max()) == pytest.approx(1.0)
    assert render_digit([[(float("nan"), 0.2)]]) is None  # nothing finite to draw


def test_values_are_whole_255ths_so_the_shown_image_is_the_input() -> None:
    field = drawing_input(four())
    assert field is not None
    assert torch.equal(field, (field * 255).round() / 255)


def test_a_picture_takes_the_raster_path() -> None:
    picture = np.zeros((280, 280), np.uint8)
    picture[60:220, 130:150] = 255  # a bar: a 1
    from_picture = drawing_input([], picture)
    expected = preprocess(picture, ink="white", normalize=False)
    assert from_picture is not None and expected is not None
    assert float((from_picture - expected).abs().max()) <= 0.5 / 255


def test_densify_passes_through_the_samples_with_short_steps() -> None:
    corners = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]])
    curve = densify(corners, 0.5)
    steps = np.linalg.norm(np.diff(curve, axis=0), axis=1)
    assert steps.max() < 1.0  # about the step apart (the curve bulges a little between samples)
    for corner in corners:
        assert np.linalg.norm(curve - corner, axis=1).min() < 1e-9
    assert len(densify(corners[:1], 0.5)) == 1
    assert math.isclose(float(np.linalg.norm(densify(corners[:2], 1.0)[-1] - corners[1])), 0.0, abs_tol=1e-9)
