"""The canvas, its tools and the model input follow the interface language live, and the saliency caption shown
before a switch is written again in the new language."""

from __future__ import annotations

import numpy as np
import pytest
from insight_inputs import ckpt, digit
from PySide6.QtWidgets import QApplication, QToolButton

from digitpad.core.inference.prediction import Prediction
from digitpad.ui.common import i18n
from digitpad.ui.drawing.canvas_panel import CanvasPanel
from digitpad.ui.drawing.model_input_view import ModelInputPanel


@pytest.fixture
def panel(qtbot) -> CanvasPanel:
    panel = CanvasPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_the_canvas_and_its_tools_switch_to_chinese_and_back(qtbot, qapp: QApplication, panel: CanvasPanel) -> None:
    assert panel.undo_action.text() == "&Undo stroke" and panel.clear_button.text() == "Clear"
    assert panel.undo_action.toolTip() == "Undo the last stroke (Ctrl+Z)"

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.undo_action.text() == "撤销笔画(&U)", timeout=2000)
    assert panel.findChild(QToolButton, "undoButton").text() == "撤销"  # no "(U)" on the button
    assert panel.clear_button.text() == "清除"
    assert panel.undo_action.toolTip() == "撤销最后一笔（Ctrl+Z）"
    assert panel.pressure_action.text() == "笔压(&P)"
    assert panel.pen_label.text() == "画笔"
    assert panel.width_slider.toolTip() == "画笔粗细（按 [ 和 ] 调整）"
    assert panel.canvas.toolTip().startswith("用鼠标或数位笔写一个数字。")
    assert panel.canvas.tr("Draw a digit here") == "在这里写一个数字"  # the empty canvas's hint
    assert panel.width_label.text() == "20 px"
    panel.resize(panel.minimumSize())
    qtbot.wait(10)
    for name in ("undoButton", "redoButton", "clearButton"):
        button = panel.findChild(QToolButton, name)
        assert button.width() >= button.sizeHint().width(), f"{name} is not truncated in Chinese"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.undo_action.text() == "&Undo stroke", timeout=2000)
    assert panel.clear_button.text() == "Clear" and panel.pen_label.text() == "Pen"
    assert panel.canvas.toolTip().startswith("Draw a digit with the mouse or a pen.")


def test_the_model_input_and_its_saliency_caption_follow_the_language(qtbot, qapp: QApplication) -> None:
    panel = ModelInputPanel()
    qtbot.addWidget(panel)
    panel.show()
    checkpoint = ckpt("cnn")
    x = digit(0)
    shown = np.zeros((28, 28), np.uint8)
    probabilities = np.full(10, 0.1, np.float32)
    panel.saliency_check.setChecked(True)
    panel.show_prediction(Prediction("cnn", shown, probabilities, (), x), checkpoint)
    caption = panel.method_label.text()
    assert " on your drawing, for “" in caption
    assert panel.saliency_check.text() == "Show where the model looks (saliency)"

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.saliency_check.text() == "显示模型关注的位置（显著性图）", timeout=2000)
    assert panel.method_label.text().startswith("你的手写数字针对“")
    assert panel.saliency_check.toolTip().startswith("在你的手写数字上叠加预测数字的显著性图")
    assert panel.view.toolTip().startswith("模型看到的图像：")

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.method_label.text() == caption, timeout=2000)
    assert panel.view.toolTip().startswith("What the model sees:")
