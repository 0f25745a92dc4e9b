"""The insight views switch to 简体中文 live and back: tab names, labels, buttons, tooltips, captions, colour-scale
and axis titles, and the texts that depend on what is shown (the status line, the input named, the layer caption)."""

from __future__ import annotations

import pytest
import torch
from insight_inputs import ckpt, digit
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from digitpad.core.data.mnist import Split
from digitpad.ui.common import i18n
from digitpad.ui.insight import export
from digitpad.ui.insight.insight_panel import InsightPanel


@pytest.fixture
def panel(qtbot):
    p = InsightPanel()
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    qtbot.waitExposed(p)
    yield p
    assert p.shutdown(10_000)


def tab_texts(panel: InsightPanel) -> list[str]:
    return [panel.tabs.tabText(i) for i in range(panel.tabs.count())]


def switch(qtbot, qapp: QApplication, language: str, ready) -> None:
    i18n.apply_language(language, qapp)
    qtbot.waitUntil(ready, timeout=2000)  # LanguageChange is posted


def test_the_cnn_views_switch_to_chinese_and_back(panel: InsightPanel, qtbot, qapp, monkeypatch) -> None:
    panel.set_model(ckpt("cnn", channels=(8, 16)))
    panel.set_input(digit(1))
    maps, kernels, saliency = panel.feature_map_view, panel.kernel_view, panel.saliency_view
    for view in (kernels, saliency, maps):  # each renders once; the hidden ones re-word what they drew
        panel.show_view(view)
    english_tabs = tab_texts(panel)
    assert english_tabs[:2] == ["Feature maps", "Filters"]
    assert "maps of" in maps.layer_caption.text()

    switch(qtbot, qapp, "zh_CN", lambda: tab_texts(panel)[0] == "特征图")
    assert tab_texts(panel)[:5] == ["特征图", "卷积核", "LSTM 门控", "显著性图", "测试集"]
    assert maps.shared_scale.text() == "统一色标" and maps.per_map_scale.text() == "逐图色标"
    assert maps.caption.text().startswith("特征图：")
    assert maps.source_label.text() == "显示：<b>你的手写数字</b>"
    assert maps._export_button.text() == "导出 PNG…" and maps._export_button.toolTip() == "将此视图保存为 PNG 图片"
    assert "这是怎么算出来的？" in maps.explain_label.text()
    assert maps.grid_view.colorbar().title == "激活值"
    assert "张" in maps.layer_caption.text() and "特征图" in maps.layer_caption.text()  # re-rendered from the state
    assert maps._enlarged_caption.text().startswith("第 1 张特征图")
    assert maps._grid_tooltip(0, 0).startswith("第 1 张特征图")
    assert kernels.layer_selector.toolTip() == "显示哪个卷积层的卷积核"
    assert kernels._filter_label.text() == "第 1 个卷积核，共 8 个"
    assert kernels.grid_view.colorbar().title == "权重"
    assert saliency.overlay_toggle.text() == "叠加显著性图"
    assert saliency.scale_label.text().startswith("按每个输入单独缩放")
    assert "你的手写数字" in saliency.method_label.text() and "针对预测数字" in saliency.method_label.text()
    assert saliency.picture.colorbar().title == "相对重要性（0 = 无，1 = 最高）"

    asked = []
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *args: asked.append(args) or ("", ""))
    assert maps.export_png() is None
    assert asked[0][1] == "将视图导出为 PNG" and asked[0][3] == "PNG 图片 (*.png)"

    switch(qtbot, qapp, "en", lambda: tab_texts(panel)[0] == "Feature maps")
    assert tab_texts(panel) == english_tabs
    assert maps.shared_scale.text() == "Shared scale" and maps.source_label.text() == "Showing: <b>your drawing</b>"
    assert maps.grid_view.colorbar().title == "activation" and "maps of" in maps.layer_caption.text()
    assert kernels._filter_label.text() == "filter #1 of 8"
    assert saliency.overlay_toggle.text() == "Saliency overlay" and "your drawing" in saliency.method_label.text()


def test_hints_and_disabled_tabs_say_why_in_chinese(panel: InsightPanel, qtbot, qapp) -> None:
    panel.set_model(ckpt("mlp"))
    saliency = panel.saliency_view
    panel.show_view(saliency)
    panel.set_input(None)
    assert "Draw a digit" in saliency._hint.text()
    switch(qtbot, qapp, "zh_CN", lambda: saliency._hint.text() == "写一个数字，看看预测依据的是哪些笔画。")
    assert panel.tabs.tabToolTip(0) == "特征图属于卷积神经网络；MLP 模型没有卷积层。"
    switch(qtbot, qapp, "en", lambda: "Draw a digit" in saliency._hint.text())
    assert "convolutional" in panel.tabs.tabToolTip(0)


def test_the_recurrent_view_switches_its_titles_axes_and_step(panel: InsightPanel, qtbot, qapp) -> None:
    panel.set_model(ckpt("lstm"))
    panel.set_input(digit(2))
    view = panel.lstm_view
    axis = view.chart.getPlotItem().getAxis("bottom")
    assert axis.labelText == "rows read" and view.step_text() == "row 28 of 28"

    switch(qtbot, qapp, "zh_CN", lambda: axis.labelText == "已读行数")
    assert view.chart.getPlotItem().getAxis("left").labelText == "概率"
    assert view._titles["forget"].text() == "<b>遗忘门 f</b>" and view._titles["cell"].text() == "<b>细胞状态 c</b>"
    assert view.step_text() == "第 28 行，共 28 行"
    assert view._step_title.text().startswith("<b>读完第 28 行（共 28 行）后</b>：输入门均值")
    assert view.heatmap("input").colorbar().title == "门控值"
    assert view._tooltip("output", 0, 0).startswith("输出门 o，第 1 行后")
    assert view._rows_label.text() == "已读行数："
    for label in (view._step_label, view._rows_label):  # the Chinese fits where the English did
        assert label.sizeHint().width() <= label.width(), label.text()

    switch(qtbot, qapp, "en", lambda: axis.labelText == "rows read")
    assert view._titles["forget"].text() == "<b>Forget gate f</b>" and view.step_text() == "row 28 of 28"
    assert view.heatmap("input").colorbar().title == "gate value"


def test_the_test_set_view_rewords_its_status_summary_and_the_digit_shown(
    panel: InsightPanel, qtbot, qapp, synthetic_mnist
) -> None:
    view = panel.confusion_view
    panel.set_model(ckpt("logreg"))
    panel.set_test_split(synthetic_mnist.test)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=60_000):
        qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
    count = len(synthetic_mnist.test)
    assert view.status.text() == f"Evaluated on {count:,} test digits."
    gallery = view.gallery
    entry = gallery.shown()[0]
    rect = gallery.list_widget.visualItemRect(gallery.list_widget.item(0))
    with qtbot.waitSignal(panel.example_selected, timeout=2000):
        qtbot.mouseClick(gallery.list_widget.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.back_button.text() == "Back to my drawing"

    switch(qtbot, qapp, "zh_CN", lambda: view.evaluate_button.text() == "在测试集上评估")
    assert view.status.text() == f"已在 {count:,} 个测试数字上完成评估。"
    assert "个测试数字中识别正确" in view.summary.text()
    assert gallery.header.text().startswith("<b>误分类</b>：")
    assert gallery.list_widget.item(0).toolTip().startswith(f"测试集第 {entry['index']} 号数字")
    named = f"测试集第 {entry['index']} 号数字（{entry['label']} 被误认为 {entry['predicted']}）"
    assert panel.source() == named and named in panel.source_label.text()
    assert panel.saliency_view.source_label.text() == f"显示：<b>{named}</b>"
    assert panel.back_button.text() == "回到我的手写数字"
    assert view.matrix.tr("accuracy") == "准确率"

    switch(qtbot, qapp, "en", lambda: view.evaluate_button.text() == "Evaluate on test set")
    assert view.status.text() == f"Evaluated on {count:,} test digits."
    assert panel.source() == f"test digit #{entry['index']}, a {entry['label']} read as {entry['predicted']}"


def test_a_cancelled_evaluation_is_reworded(panel: InsightPanel, qtbot, qapp) -> None:
    g = torch.Generator().manual_seed(0)
    big = Split(torch.randint(0, 256, (40_000, 28, 28), generator=g, dtype=torch.uint8), torch.zeros(40_000).long())
    view = panel.confusion_view
    panel.set_model(ckpt("cnn"))
    panel.set_test_split(big)
    panel.show_view(view)
    with qtbot.waitSignal(view.evaluation_finished, timeout=30_000):
        assert view.evaluate()
        view.cancel()
    assert view.status.text() == "Evaluation cancelled."
    switch(qtbot, qapp, "zh_CN", lambda: view.status.text() == "评估已取消。")
    assert view.cancel_button.text() == "取消"
