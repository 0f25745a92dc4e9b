"""The theme follows live, both ways: after light -> dark -> light every plot, self-painted view and check box has
the colours of the palette now applied, not of the one it was built under."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from digitpad.ui.common import theme
from digitpad.ui.insight.arrays import ArrayView, ColorBar
from digitpad.ui.insight.confusion_matrix import ConfusionMatrixWidget
from digitpad.ui.prediction.view import ProbabilityChart

SWITCHES = ("dark", "light", "dark", "light")


@pytest.fixture
def app(qtbot):
    application = theme.application()
    theme.apply_theme(application, "light")
    yield application
    theme.apply_theme(application, "light")


def switch(qtbot, app, name: str) -> QPalette:
    with qtbot.waitSignal(theme.notifier().theme_changed, timeout=2000) as blocker:
        theme.apply_theme(app, name)
    assert blocker.args == [name == "dark"]
    return theme.palette_of(name)


def background(plot: pg.PlotWidget) -> QColor:
    return plot.backgroundBrush().color()


def test_followed_plots_take_the_palette_each_switch(qtbot, app) -> None:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    plain = pg.PlotWidget()
    plain.getPlotItem().setTitle("probability")
    plain.getPlotItem().setLabel("bottom", "image row")
    plain.getPlotItem().addLegend()
    theme.follow_palette(plain)
    layout_widget = pg.GraphicsLayoutWidget()
    two = [layout_widget.addPlot(row=0, col=i) for i in range(2)]
    theme.follow_palette(layout_widget)
    chart = ProbabilityChart()
    for w in (plain, layout_widget, chart):
        layout.addWidget(w)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    for name in SWITCHES:
        palette = switch(qtbot, app, name)
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        for plot in (plain, layout_widget, chart):
            assert background(plot) == base, (name, plot)
        assert plain.getPlotItem().getAxis("bottom").textPen().color() == text
        assert text.name() in plain.getPlotItem().titleLabel.item.toHtml()
        assert all(p.getAxis("left").textPen().color() == text for p in two)


def test_every_plot_in_the_window_follows_the_theme(qtbot, app, settings) -> None:
    from digitpad.ui.main_window import MainWindow

    window = MainWindow(settings=settings, load_models=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    for name in SWITCHES:
        palette = switch(qtbot, app, name)
        base = palette.color(QPalette.ColorRole.Base)
        plots = window.findChildren(pg.PlotWidget) + window.findChildren(pg.GraphicsLayoutWidget)
        assert plots
        stale = [p.objectName() or type(p).__name__ for p in plots if background(p) != base]
        assert not stale, f"after switching to {name} these plots kept the old background: {stale}"
    window.close()


def test_self_painted_views_paint_with_the_palette_now(qtbot, app) -> None:
    matrix = ConfusionMatrixWidget()
    matrix.set_counts(np.diag(np.full(10, 50)) + 1)
    picture = ArrayView()
    picture.set_array(np.zeros((4, 4), np.float32), "viridis", 0, 1)
    picture.set_colorbar(ColorBar("viridis", 0, 1, title="activation"))
    for w in (matrix, picture):
        qtbot.addWidget(w)
        w.resize(420, 380)
        w.show()
        qtbot.waitExposed(w)
    for name in SWITCHES:
        palette = switch(qtbot, app, name)
        window = palette.color(QPalette.ColorRole.Window)
        grabbed = matrix.grab().toImage()
        assert grabbed.pixelColor(2, grabbed.height() - 2) == window
        off_diagonal = matrix.cell_rect(0, 9).center().toPoint()
        cell = grabbed.pixelColor(off_diagonal.x() - 8, off_diagonal.y() - 8)
        assert abs(cell.lightness() - palette.color(QPalette.ColorRole.Base).lightness()) < 40, (
            f"a near-empty cell is close to the {name} base colour, not {cell.name()}"
        )
        assert picture.grab().toImage().pixelColor(1, picture.height() - 2) == window


def test_check_boxes_have_a_visible_edge_in_dark(qtbot, app) -> None:
    box = QCheckBox("Saliency overlay")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    for name in SWITCHES:
        palette = switch(qtbot, app, name)
        image = box.grab().toImage()
        base = palette.color(QPalette.ColorRole.Window)
        contrast = max(
            abs(image.pixelColor(x, y).lightness() - base.lightness())
            for x in range(min(image.width(), 20))
            for y in range(image.height())
        )
        assert contrast > (60 if name == "dark" else 40), f"the check box's edge is faint in {name}"
