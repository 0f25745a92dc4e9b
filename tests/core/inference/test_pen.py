"""The canvas pen, defined once for the canvas and the numpy renderer: its unit, and width from pressure."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.core.inference.pen import (
    MAX_PRESSURE_SCALE,
    NEUTRAL_PRESSURE,
    REFERENCE_SIDE,
    pressure_scale,
    render_strokes,
    segment_widths,
)


def test_pressure_sets_the_width_from_half_to_one_and_a_half_times_the_nominal() -> None:
    assert pressure_scale(NEUTRAL_PRESSURE) == 1.0, "the mouse draws at the nominal width"
    assert pressure_scale(0.0) == 0.5 and pressure_scale(1.0) == MAX_PRESSURE_SCALE == 1.5
    assert pressure_scale(-3.0) == 0.5 and pressure_scale(7.0) == 1.5  # out-of-range pressures are clamped
    np.testing.assert_allclose(pressure_scale(np.array([0.0, 0.25, 1.0, 2.0])), [0.5, 0.75, 1.5, 1.5])


def test_each_segment_is_drawn_at_its_ends_mean_pressure_and_a_tap_at_its_own() -> None:
    np.testing.assert_allclose(segment_widths([0.0, 1.0, 1.0], 20.0), [20.0, 30.0])
    np.testing.assert_allclose(segment_widths([0.2], 20.0), [14.0])


def test_the_numpy_picture_is_drawn_at_those_widths() -> None:
    light = render_strokes([[(0.1, 0.5, 0.0), (0.9, 0.5, 0.0)]], 20.0)
    firm = render_strokes([[(0.1, 0.5, 1.0), (0.9, 0.5, 1.0)]], 20.0, size=2 * REFERENCE_SIDE)
    assert light[:, 140].sum() / 255 == pytest.approx(10.0, abs=1.0)  # half the 20 px pen
    assert firm[:, 280].sum() / 255 == pytest.approx(60.0, abs=1.0)  # 1.5 x 20 px, on a canvas twice as big
