"""The training plots: an empty state instead of fake ticks, axes titled with units, ranges that make sense early."""

from __future__ import annotations

import math

import pytest

from digitpad.core.training.loop import EpochReport
from digitpad.ui.training.plots import EMPTY_TEXT, MIN_STEP_RANGE, AccuracyPlot, LossPlot


def ticks(plot_item, name: str) -> list[float]:
    axis = plot_item.getAxis(name)
    low, high = axis.range
    return [v for _spacing, values in axis.tickValues(low, high, 300) for v in values]


def labels(plot_item, name: str) -> list[str]:
    """The tick labels the axis would draw for its current range."""
    axis = plot_item.getAxis(name)
    low, high = axis.range
    out: list[str] = []
    for spacing, values in axis.tickValues(low, high, 300):
        out += [s for s in axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing or 1.0) if s]
    return out


@pytest.fixture
def loss_plot(qtbot) -> LossPlot:
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    return plot


@pytest.fixture
def epoch_plot(qtbot) -> AccuracyPlot:
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    return plot


def report(epoch: int, epochs: int = 3) -> EpochReport:
    return EpochReport(epoch, epochs, 0.5 / epoch, 0.8 + 0.05 * epoch, 0.4 / epoch, 0.85 + 0.04 * epoch, 1.0)


def test_before_any_data_the_plots_say_so_and_show_no_ticks(loss_plot, epoch_plot) -> None:
    item = loss_plot.getPlotItem()
    assert loss_plot.empty_state.visible and loss_plot.empty_state.label.toPlainText() == EMPTY_TEXT
    assert ticks(item, "left") == [] and ticks(item, "bottom") == []
    for plot_item, state in zip((epoch_plot.loss_item, epoch_plot.accuracy_item), epoch_plot.empty_states, strict=True):
        assert state.visible
        assert ticks(plot_item, "left") == [] and ticks(plot_item, "bottom") == []


def test_titles_and_axes_say_what_and_in_which_unit(loss_plot, epoch_plot) -> None:
    item = loss_plot.getPlotItem()
    assert item.titleLabel.text == "Training loss per step"
    assert item.getAxis("left").labelText == "loss (cross-entropy)"
    assert item.getAxis("bottom").labelText == "optimiser step"
    assert epoch_plot.loss_item.getAxis("left").labelText == "loss (cross-entropy)"
    assert epoch_plot.accuracy_item.getAxis("left").labelText == "accuracy (%)"
    assert epoch_plot.accuracy_item.getAxis("bottom").labelText == "epoch"
    assert epoch_plot.loss_item.titleLabel.text and epoch_plot.accuracy_item.titleLabel.text


def test_the_first_reports_sit_on_a_real_step_axis_of_whole_steps(loss_plot) -> None:
    loss_plot.append([10], [2.3])
    item = loss_plot.getPlotItem()
    assert not loss_plot.empty_state.visible
    low, high = item.getViewBox().viewRange()[0]
    assert low <= 0 and high >= MIN_STEP_RANGE  # not 9.6-10.4 around the only point
    steps = ticks(item, "bottom")
    assert steps and all(float(v).is_integer() for v in steps)
    loss_plot.append(list(range(20, 401, 10)), [2.3 / (1 + s / 50) for s in range(20, 401, 10)])
    assert item.getViewBox().viewRange()[0][1] >= 400


def test_a_narrow_loss_range_still_has_labelled_ticks(loss_plot) -> None:
    """After a stop the loss can sit between 0.3 and 0.38: no 1, 2 or 5 in range, yet the axis needs numbers."""
    loss_plot.append(list(range(1, 41)), [0.3 + 0.002 * i for i in range(40)])
    item = loss_plot.getPlotItem()
    item.getViewBox().setYRange(math.log10(0.3), math.log10(0.38), padding=0)
    shown = labels(item, "left")
    assert len(shown) >= 2 and all(0.29 <= float(s) <= 0.39 for s in shown)


def test_epoch_plots_span_the_run_and_reset_to_the_empty_state(epoch_plot) -> None:
    epoch_plot.add_epoch(report(1))
    assert not any(state.visible for state in epoch_plot.empty_states)
    low, high = epoch_plot.accuracy_item.getViewBox().viewRange()[0]
    assert low <= 1 and high >= 3  # the run's three epochs, not 0.6-1.4 around the first
    assert epoch_plot.curves["val_acc"].getData()[1][0] == pytest.approx(89.0)  # in percent
    assert all(float(v).is_integer() for v in ticks(epoch_plot.accuracy_item, "bottom"))
    epoch_plot.reset("No epoch ended in this run")
    assert epoch_plot.epoch_count == 0
    assert all(state.visible for state in epoch_plot.empty_states)
    assert epoch_plot.empty_states[0].label.toPlainText() == "No epoch ended in this run"
    assert ticks(epoch_plot.loss_item, "left") == []
