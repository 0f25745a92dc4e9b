"""The my-digits panel switches to 简体中文 live and back: its static texts, and the texts that say what happened
(the status line, the counts, a quick-check reading, a fine-tune failure, a warning box), rendered again."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from gestures import one, stroke
from PySide6.QtCore import Qt
from torch import nn

from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import build_model
from digitpad.core.my_digits.store import render_strokes
from digitpad.ui.common import i18n
from digitpad.ui.drawing.canvas import DrawingCanvas
from digitpad.ui.my_digits import browser as my_digits_browser
from digitpad.ui.my_digits.panel import MyDigitsPanel

RUN_TIMEOUT_MS = 60_000


class Constant(nn.Module):
    """Reads every drawing as the same digit."""

    def __init__(self, digit: int) -> None:
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(10))
        self.logits.data[digit] = 4.0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits.expand(x.shape[0], 10)


@pytest.fixture
def canvas(qtbot) -> DrawingCanvas:
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


@pytest.fixture
def panel(qtbot, canvas: DrawingCanvas, tmp_path: Path) -> MyDigitsPanel:
    panel = MyDigitsPanel(folder=tmp_path / "mine", max_steps=6, seed=0)
    qtbot.addWidget(panel)
    panel.attach_canvas(canvas)
    panel.show()
    return panel


def keep(qtbot, canvas: DrawingCanvas, key: Qt.Key) -> None:
    stroke(canvas, one())
    canvas.setFocus()
    qtbot.keyClick(canvas, key)


def test_the_panel_switches_to_chinese_live_and_back(panel: MyDigitsPanel, canvas, qapp, qtbot) -> None:
    browser, fine_tune, quick = panel.browser, panel.fine_tune_view, panel.quick_check_view
    keep(qtbot, canvas, Qt.Key.Key_1)
    assert panel.status_label.text() == "Kept as a 1: 1 of them, 1 in all."
    assert browser.counts_label.text() == "1 drawing of your own. Missing: 0, 2, 3, 4, 5, 6, 7, 8, 9"
    panel.set_model(Checkpoint("logreg", Constant(1), {}))
    qtbot.mouseClick(fine_tune.fine_tune_button, Qt.MouseButton.LeftButton)  # one drawing is too few
    assert fine_tune.result_label.text().startswith("Add a few drawings")
    qtbot.mouseClick(quick.start_button, Qt.MouseButton.LeftButton)
    asked = quick.asked()
    assert quick.prompt_label.text() == f"Draw a {asked}"
    english_min_width = panel.minimumSizeHint().width()

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.add_box.title() == "将画布上的数字保存为…", timeout=2000)
    assert [panel.tabs.tabText(i) for i in range(3)] == ["我的数字", "微调", "快速检验"]
    assert panel.digit_buttons[7].toolTip() == "将画布上的数字保存为 7（也可以在画布上按 7 键）"
    assert panel.status_label.text() == "已保存为 1：这个数字现有 1 个，总共 1 个。"
    assert browser.counts_label.text() == "你自己写的数字共 1 个。缺少：0, 2, 3, 4, 5, 6, 7, 8, 9"
    assert (browser.delete_button.text(), browser.export_button.text()) == ("删除", "导出…")
    assert browser.grid.item(0).toolTip().startswith("数字 1，添加于 ")
    assert (fine_tune.epochs_label.text(), fine_tune.fine_tune_button.text()) == ("轮次", "微调所选模型")
    assert fine_tune.mnist_images_spin.specialValueText() == "全部"
    assert fine_tune.fine_tune_button.toolTip() == "用 MNIST 和你的数字训练 logreg 的一个副本"
    assert fine_tune.progress_bar.format() == "未运行"
    assert fine_tune.result_label.text() == "请先添加几个你自己写的数字（至少两个），再进行微调。"
    assert quick.start_button.text() == "停止快速检验" and quick.check_button.text() == "检验（回车键）"
    assert quick.prompt_label.text() == f"请写一个 {asked}"
    assert panel.minimumSizeHint().width() <= english_min_width, "the Chinese texts do not widen the dock"

    keep(qtbot, canvas, Qt.Key.Key_Return)  # read as 1: right or wrong, said in Chinese
    assert quick.last_label.text().startswith("✓ 识别为 1（" if asked == 1 else "✗ 识别为 1（")

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.add_box.title() == "Keep the drawing as…", timeout=2000)
    assert [panel.tabs.tabText(i) for i in range(3)] == ["My digits", "Fine-tune", "Quick check"]
    assert panel.status_label.text() == "Kept as a 1: 1 of them, 1 in all."
    assert browser.counts_label.text().startswith("1 drawing of your own.")
    assert fine_tune.result_label.text().startswith("Add a few drawings")
    assert fine_tune.progress_bar.format() == "Not running"
    assert quick.last_label.text().startswith("✓ Read as 1 (" if asked == 1 else "✗ Read as 1 (")
    assert quick.prompt_label.text() == f"Draw a {quick.asked()}"


def test_messages_and_warnings_are_rendered_again(panel: MyDigitsPanel, tmp_path, monkeypatch, qapp, qtbot) -> None:
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    monkeypatch.setattr(my_digits_browser, "ask_import_path", lambda _parent: str(bad))
    qtbot.mouseClick(panel.browser.import_button, Qt.MouseButton.LeftButton)
    box = panel.browser.error_box
    assert box is not None and box.windowTitle() == "Cannot import"
    assert box.text().endswith("Nothing was imported; your digits are unchanged.")

    def failing_loader(_root, _download):
        raise ValueError("bad mix")

    view = panel.fine_tune_view
    view.data_loader = failing_loader
    panel.set_model(Checkpoint("logreg", build_model("logreg").eval(), {}))
    strokes = [[(0.5, 0.15, 0.5), (0.5, 0.85, 0.5)]]
    for label in (1, 2):
        panel.store.add(label, render_strokes(strokes, 20.0), strokes, 20.0)
    with qtbot.waitSignal(view.fine_tune_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(view.fine_tune_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_running(), timeout=RUN_TIMEOUT_MS)
    assert view.result_label.text() == "Fine-tuning failed: bad mix" and view.error_box is not None

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: box.windowTitle() == "无法导入", timeout=2000)
    assert box.text().endswith("没有导入任何内容，你的数字保持不变。") and str(bad) in box.text()
    assert view.result_label.text() == "微调失败：bad mix"
    assert view.error_box.windowTitle() == "微调失败" and view.error_box.text() == "微调失败：bad mix"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: box.windowTitle() == "Cannot import", timeout=2000)
    assert view.error_box.text() == "Fine-tuning failed: bad mix"
    box.close()
    view.error_box.close()
