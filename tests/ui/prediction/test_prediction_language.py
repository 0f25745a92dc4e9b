"""The prediction column follows the interface language live: its labels, the answer shown before the switch, the
comparison table, and the loading message."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QToolButton

from digitpad.core.inference.prediction import Prediction
from digitpad.ui.catalog import ModelCatalog
from digitpad.ui.common import i18n
from digitpad.ui.drawing.model_input_view import ModelInputPanel
from digitpad.ui.prediction.column import PredictionColumn
from digitpad.ui.prediction.view import PredictionView
from digitpad.ui.state import AppState

NARROW = 340  # as in test_prediction_column: the column never needs more, in any language


@pytest.fixture
def column(qtbot, settings: QSettings) -> PredictionColumn:
    col = PredictionColumn(ModelCatalog(), AppState(settings), ModelInputPanel())
    qtbot.addWidget(col)
    col.show()
    qtbot.waitExposed(col)
    return col


def probabilities(winner: int, confidence: float, runner_up: int) -> np.ndarray:
    """``winner`` at ``confidence``, ``runner_up`` at half of the rest, the other eight share the other half."""
    probs = np.full(10, (1 - confidence) / 16, np.float32)
    probs[winner], probs[runner_up] = confidence, (1 - confidence) / 2
    return probs


def test_the_column_switches_to_chinese_and_back(qtbot, qapp: QApplication, column: PredictionColumn) -> None:
    view = column.prediction_view
    button = column.findChild(QToolButton, "compareButton")
    assert "Loading the models" in view.detail.text()  # no predictor yet
    assert button.text() == "Compare all models"

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: column.prediction_box.title() == "预测", timeout=2000)
    assert column.compare_action.text() == "比较所有模型(&C)"
    assert button.text() == "比较所有模型"
    assert column.model_label.text() == "模型(&M)"
    assert column.input_box.title() == "模型看到的图像（28 × 28）"
    assert column.model_selector.toolTip().startswith("识别你手写数字的模型")
    assert view.headline.text() == "写一个 0 到 9 的数字"
    assert view.detail.text() == "正在加载模型…加载完成后就会显示预测。"
    assert view.chart.toolTip() == "模型给出的每个数字的概率"
    assert column.minimumSizeHint().width() <= NARROW

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: column.prediction_box.title() == "Prediction", timeout=2000)
    assert button.text() == "Compare all models" and column.model_label.text() == "&Model"
    assert "Loading the models" in view.detail.text()


def test_the_answer_shown_is_written_again_in_the_new_language(qtbot, qapp: QApplication) -> None:
    sure, unsure = PredictionView(), PredictionView()
    for view in (sure, unsure):
        qtbot.addWidget(view)
        view.show()
    rows = (("cnn", probabilities(3, 0.95, 5)), ("mlp", probabilities(5, 0.4, 3)))
    sure.set_comparison_visible(True)
    sure.show_prediction(Prediction("cnn", None, probabilities(3, 0.95, 5), rows))
    unsure.show_prediction(Prediction("mlp", None, probabilities(5, 0.4, 3)))
    assert (sure.headline.text(), sure.detail.text()) == ("95.0% sure", "cnn reads a 3.")
    assert unsure.headline.text() == "Not sure"
    table = sure.table
    assert table.item(1, 2).text() == "40.0% (unsure)"

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: sure.headline.text() == "有 95.0% 的把握", timeout=2000)
    assert sure.detail.text() == "cnn 认出的是 3。"
    assert unsure.headline.text() == "没有把握"
    assert unsure.detail.text() == "也许是 5（40%），也许是 3（30%）。请试着写得更清楚些。"
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["模型", "数字", "置信度"]
    assert table.item(1, 2).text() == "40.0%（没有把握）"
    assert table.item(0, 1).toolTip() == "cnn 认出的是 3"
    assert table.item(1, 2).toolTip() == "有 40.0% 的把握，低于 60%"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: sure.headline.text() == "95.0% sure", timeout=2000)
    assert unsure.headline.text() == "Not sure"
    assert table.horizontalHeaderItem(2).text() == "Confidence"
    assert table.item(1, 2).text() == "40.0% (unsure)"
