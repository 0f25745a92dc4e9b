"""The prediction column stays narrow: comparing every model, long model names and all, never widens it."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from gestures import line
from PySide6.QtGui import QPalette

from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import REGISTRY, build_model
from digitpad.ui.catalog import ModelCatalog
from digitpad.ui.common import theme
from digitpad.ui.drawing.model_input_view import ModelInputPanel
from digitpad.ui.prediction.column import PREFERRED_WIDTH, PredictionColumn
from digitpad.ui.prediction.predictor import LivePredictor
from digitpad.ui.prediction.view import ComparisonTable
from digitpad.ui.state import AppState

NARROW = 340  # the column's minimum width may not exceed this, whatever it shows


@pytest.fixture
def column(qtbot, settings):
    """A column with every registry model (untrained stand-ins, loaded at once) and a predictor, shown."""
    catalog = ModelCatalog()
    for entry in catalog.entries():
        torch.manual_seed(0)
        entry.checkpoint = Checkpoint(entry.arch, build_model(entry.arch).eval(), REGISTRY[entry.arch].hparams)
        entry.problem = None
    state = AppState(settings)
    model_input = ModelInputPanel()
    col = PredictionColumn(catalog, state, model_input)
    predictor = LivePredictor(col)
    predictor.prediction_changed.connect(col.prediction_view.show_prediction)
    state.model_changed.connect(predictor.set_model)
    col.set_predictor(predictor)
    state.set_model(catalog.entry(0))
    qtbot.addWidget(col)
    col.show()
    qtbot.waitExposed(col)
    predictor.set_drawing([np.array(line(0.5, 0.1, 0.5, 0.9), np.float64) * 200])
    return col


def test_compare_all_models_keeps_the_column_narrow(column: PredictionColumn) -> None:
    before = column.minimumSizeHint().width()
    column.compare_action.setChecked(True)
    table = column.prediction_view.table
    assert table.isVisible() and table.rowCount() == len(REGISTRY)
    assert column.minimumSizeHint().width() <= NARROW
    assert column.minimumSizeHint().width() <= before + 8, "the table does not set the column's width"
    assert column.sizeHint().width() <= PREFERRED_WIDTH


def test_long_model_names_are_elided_not_widening(column: PredictionColumn, qtbot) -> None:
    column.compare_action.setChecked(True)
    table = column.prediction_view.table
    long_name = "cnn fine-tuned on my own digits, 12 epochs, augmented, 99.2% on the test set"
    probs = np.full(10, 0.1, np.float32)
    table.show_comparison(tuple((f"{long_name} #{i}", probs) for i in range(9)))
    assert column.minimumSizeHint().width() <= NARROW
    for width in (NARROW, column.minimumSizeHint().width()):
        column.resize(width, column.height())
        qtbot.wait(10)
        header = table.horizontalHeader()
        assert table.width() <= width
        assert header.sectionViewportPosition(2) + header.sectionSize(2) <= table.viewport().width(), (
            "the digit and confidence columns stay whole; the model name is what gives way"
        )
        assert header.sectionSize(0) < table.fontMetrics().horizontalAdvance(long_name), "the name is elided"
    assert table.item(0, 0).toolTip().startswith(long_name), "the full name is a tooltip away"
    assert table.item(0, 2).text().endswith("(unsure)")
    assert table.height() < 9 * table.rowHeight(0), "many models scroll instead of growing the column"


def test_the_selector_elides_a_long_model_name(column: PredictionColumn) -> None:
    selector = column.model_selector
    assert selector.minimumSizeHint().width() < 240
    assert selector.currentText() in selector.toolTip()


def test_comparison_table_repaints_with_the_palette_both_ways(qtbot) -> None:
    table = ComparisonTable()
    qtbot.addWidget(table)
    table.show_comparison((("cnn", np.eye(10, dtype=np.float32)[3]),))
    table.resize(260, 120)
    table.show()
    qtbot.waitExposed(table)
    app = theme.application()
    try:
        for name in ("dark", "light", "dark"):
            theme.apply_theme(app, name)
            qtbot.wait(20)
            base = table.palette().color(QPalette.ColorRole.Base)
            assert base == theme.palette_of(name).color(QPalette.ColorRole.Base)
            picture = table.viewport().grab().toImage()
            corner = picture.pixelColor(picture.width() - 3, picture.height() - 3)  # below the one row
            assert corner == base
    finally:
        theme.apply_theme(app, "light")
