"""The axes of the training plots: no ticks while a plot is empty, whole numbers for steps and epochs, and log scales
labelled so that a narrow dock stays readable."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg  # binds to PySide6: digitpad.ui sets PYQTGRAPH_QT_LIB first


class PlotAxis(pg.AxisItem):
    """No ticks while the plot is empty (rather than fake ones); ``integer``: ticks on whole numbers only, for
    steps and epochs (a fractional step means nothing)."""

    def __init__(self, orientation: str, *, integer: bool = False) -> None:
        super().__init__(orientation)
        self.integer = integer
        self.empty = True

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        if self.empty:
            return []
        levels = super().tickValues(minVal, maxVal, size)
        if not self.integer:
            return levels
        return [(max(spacing, 1.0), [v for v in values if float(v).is_integer()]) for spacing, values in levels]


class LogLossAxis(PlotAxis):
    """Log-scale labels: on a range of more than a decade only at 1, 2 and 5 times a power of ten (every minor label
    crowds a short axis), on a decade or less at every tick; a range too narrow for three of pyqtgraph's ticks (a loss
    between 0.3 and 0.38, after Stop) gets round numbers of its own."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self._dense = False  # the current ticks are the narrow range's own, all labelled

    def logTickValues(
        self, minVal: float, maxVal: float, size: float, stdTicks: list[tuple[float, list[float]]]
    ) -> list[tuple[float | None, list[float]]]:
        ticks = super().logTickValues(minVal, maxVal, size, stdTicks)
        self._dense = maxVal - minVal <= 1.0  # a decade or less: room to label every tick
        if sum(len(values) for _, values in ticks) >= 3:
            return ticks
        low, high = 10.0**minVal, 10.0**maxVal
        step = _nice_step((high - low) / max(2.0, size / 40.0))
        values = np.arange(math.ceil(low / step) * step, high, step)
        return [(None, [math.log10(v) for v in values if v > 0])]

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = []
        for value in values:
            number = float(10.0**value * scale)
            labels.append(f"{number:.3g}" if self._dense or _is_one_two_five(number) else "")
        return labels


def _is_one_two_five(number: float) -> bool:
    if number <= 0:
        return False
    mantissa = round(number / 10.0 ** math.floor(math.log10(number)), 6)
    return mantissa in (1.0, 2.0, 5.0)


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw * (1 - 1e-9))


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class DecadeAxis(PlotAxis):
    """A log axis labelled at whole powers of ten only, all alike (10⁻⁶ … 10⁻², 10⁻¹, 1, 10): six decades of
    learning rates fit a narrow dock."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = []  # ``values`` are log10 of the rates; in log mode the axis has no SI ``scale``
        for value in values:
            power = round(value)
            whole = abs(value - power) < 1e-6
            labels.append(("1" if power == 0 else f"10{str(power).translate(SUPERSCRIPTS)}") if whole else "")
        return labels
