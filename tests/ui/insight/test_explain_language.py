"""The Explain tab in 简体中文: an open lesson is worked out again in the new language when it is switched live, its
words translated and its numbers the same, and back in English as it was."""

from __future__ import annotations

import re

import pytest
import torch
from insight_inputs import ckpt, digit
from PySide6.QtWidgets import QApplication

from digitpad.core.insight import explain
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common import i18n
from digitpad.ui.insight import explain_formulas as fx
from digitpad.ui.insight.explain_view import ExplainView


@pytest.fixture
def view(qtbot):
    v = ExplainView()
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def open_lesson(view: ExplainView, model: Checkpoint, x: torch.Tensor, section: str) -> None:
    view.set_model(model)
    view.set_input(x)
    view.show_section(section)


def numbers(html: str) -> list[str]:
    """Every number of a lesson, in any order (a translation may put them in another)."""
    return sorted(re.findall(r"\d+(?:\.\d+)?", html))


def switch(qtbot, qapp: QApplication, language: str, done) -> None:
    i18n.apply_language(language, qapp)
    qtbot.waitUntil(done, timeout=2000)  # LanguageChange is posted


def test_a_conv_pixel_is_explained_again_in_chinese_with_the_same_numbers(view, qtbot, qapp):
    model, x = ckpt("cnn"), digit(1)
    open_lesson(view, model, x, "conv")
    view.conv_output.clicked.emit(5, 9)
    e = explain.explain_conv(model.model, x, explain.conv_layers(model.model)[0], 0, 5, 9)
    english = view.conv_text.text()
    assert "row 6, column 10" in english and fx.num(e.value) in english

    switch(qtbot, qapp, "zh_CN", lambda: "第 1 号特征图的输出像素（第 6 行，第 10 列）" in view.conv_text.text())
    chinese = view.conv_text.text()
    assert "把九个乘积相加" in chinese and "图像块 x" in chinese and "卷积核 w" in chinese
    assert fx.num(e.value) in chinese and numbers(chinese) == numbers(english)
    assert "<sub>" not in fx.num(e.value) and "Σ <i>w</i>·<i>x</i>" in chinese  # the mathematics as it was
    assert view.section_bar.tabText(0) == "卷积层"
    assert view.section_bar.tabText(view.section_bar.count() - 1) == "训练步"
    assert "<b>卷积</b>" in view.intro.text() and "<i>特征图</i>" in view.intro.text()
    assert [c.text() for c in view._conv_captions] == ["输入特征图，红框为图像块", "卷积核", "第 1 号输出特征图"]
    assert view.step_button.text() == "逐步演示"
    assert view.step_button.toolTip() == "让卷积核在输入上滑动，每 30 毫秒移动一个位置"
    assert view.conv_channel.toolTip() == "选择卷积核，也就是选择输出特征图"
    assert view.caption.text() == "计算过程：模型所执行的公式，代入你手写数字的真实数值。"
    view.step_button.setChecked(True)  # a state the words follow: a running sweep
    assert view.step_button.text() == "停止"
    view.conv_output.clicked.emit(5, 9)  # stops it, back at the pixel
    assert view.step_button.text() == "逐步演示" and view.conv_text.text() == chinese

    switch(qtbot, qapp, "en", lambda: "Output pixel (row 6, column 10)" in view.conv_text.text())
    assert view.conv_text.text() == english
    assert view.section_bar.tabText(0) == "Convolution" and view.step_button.text() == "Step through"


def test_the_softmax_is_explained_again_in_chinese(view, qtbot, qapp):
    model, x = ckpt("cnn"), digit(3)
    open_lesson(view, model, x, "output")
    probabilities = explain.explain_output(model.model, x).probabilities
    predicted, english = int(probabilities.argmax()), view.output_text.text()
    assert f"So the model answers <b>{predicted}</b>, with {fx.pct(probabilities.max())}." in english

    switch(qtbot, qapp, "zh_CN", lambda: "因此，模型的回答是" in view.output_text.text())
    chinese = view.output_text.text()
    assert f"因此，模型的回答是 <b>{predicted}</b>，概率为 {fx.pct(probabilities.max())}。" in chinese
    assert "<i>（最后一项为其余各项之和）</i>" in chinese and "<i>e</i><sup><i>z</i> − max <i>z</i></sup>" in chinese
    assert numbers(chinese) == numbers(english)
    assert view.all_digits.text() == "显示全部十个数字"
    assert view.section_bar.tabText(view.sections().index("output")) == "输出层 → Softmax"

    switch(qtbot, qapp, "en", lambda: "So the model answers" in view.output_text.text())
    assert view.output_text.text() == english and view.all_digits.text() == "Show all ten digits"


def test_an_lstm_step_is_explained_again_in_chinese_with_the_same_numbers(view, qtbot, qapp):
    model, x = ckpt("lstm", hidden=16), digit(2)
    open_lesson(view, model, x, "recurrent")
    view.step_slider.setValue(12)
    view.unit_spin.setValue(4)
    s = explain.explain_recurrent_step(model.model, x, 11, 3)
    english = view.recurrent_text.text()
    assert "Row 12 of 28, hidden unit 4 of 16" in english and "(forget gate)" in english

    switch(
        qtbot, qapp, "zh_CN", lambda: "第 12 行（共 28 行），第 4 个隐藏单元（共 16 个）" in view.recurrent_text.text()
    )
    chinese = view.recurrent_text.text()
    for gate in ("输入门", "遗忘门", "候选状态", "输出门"):
        assert f"<i>({gate})</i>" in chinese
    assert fx.num(s.h) in chinese and "σ(" in chinese and "⊙" in chinese and numbers(chinese) == numbers(english)
    assert view.step_label.text() == "第 12 行（共 28 行）"
    assert view.step_label.width() >= view.step_label.sizeHint().width()  # the longest row still fits
    assert view.section_bar.tabText(0) == "循环时间步"
    assert "<i>隐藏状态</i>" in view.intro.text() and "遗忘门 <i>f</i>" in view.intro.text()

    switch(qtbot, qapp, "en", lambda: "Row 12 of 28" in view.recurrent_text.text())
    assert view.recurrent_text.text() == english and view.step_label.text() == "row 12 of 28"


def test_a_training_step_and_the_pages_controls_in_chinese(view, qtbot, qapp):
    open_lesson(view, ckpt("cnn"), digit(1), "training")
    english = view.training_text.text()
    switch(qtbot, qapp, "zh_CN", lambda: "，其中 <i>η</i> = 0.01" in view.training_text.text())
    chinese = view.training_text.text()
    assert "的第 1 个卷积核" in chinese and numbers(chinese) == numbers(english)
    assert view.label_choice.itemText(0) == "预测的数字" and view.label_choice.currentData() is None
    assert view.learning_rate.toolTip() == "学习率 η"
    view.show_section("pool")
    assert "<b>池化</b>" in view.intro.text()
    assert "最大值以红色标出" in view.pool_text.text() and view.pool_layer.toolTip() == "选择池化层"
