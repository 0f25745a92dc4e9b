"""The training panel in Simplified Chinese, switched live and back: its form, buttons, plots, status line, progress
text and boxes, the texts of a run in progress included."""

from __future__ import annotations

from pathlib import Path

from panel_actions import click
from PySide6.QtWidgets import QApplication, QLabel

from digitpad.core.data.mnist import MNIST
from digitpad.ui.common import i18n
from digitpad.ui.training.panel import TrainingPanel

RUN_TIMEOUT_MS = 60_000


def make_panel(qtbot, data: MNIST | None = None, **kwargs) -> TrainingPanel:
    def loader(_root: Path, _download: bool) -> MNIST:
        assert data is not None
        return data

    panel = TrainingPanel(data_loader=loader if data is not None else None, **kwargs)
    qtbot.addWidget(panel)
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("mlp"))
    panel.augment_check.setChecked(False)
    panel.pen_data_check.setChecked(False)
    panel.device_selector.setCurrentIndex(panel.device_selector.findData("cpu"))
    return panel


def row_label(panel: TrainingPanel, field) -> str:
    label = panel.setup_box.layout().labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_the_panel_speaks_chinese_live_and_english_again(qtbot, qapp: QApplication) -> None:
    panel = make_panel(qtbot)
    panel.show()
    qtbot.waitExposed(panel)
    loss = panel.loss_plot.getPlotItem()
    epochs = panel.accuracy_plot
    assert panel.train_button.text() == "Train" and panel.setup_box.title() == "Training setup"
    assert panel.status_label.text() == "Choose a model and press Train."

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.train_button.text() == "训练", timeout=2000)
    assert (panel.pause_button.text(), panel.stop_button.text()) == ("暂停", "停止")
    assert panel.fine_tune_button.text() == "用我的数字微调…"
    assert panel.train_button.toolTip() == "用这些设置训练一个新模型"
    assert panel.setup_box.title() == "训练设置"
    assert row_label(panel, panel.epochs_spin) == "轮次" and row_label(panel, panel.batch_size_spin) == "批大小"
    assert row_label(panel, panel.learning_rate_spin) == "学习率"
    assert panel.download_check.text() == "缺失时下载 MNIST"
    assert panel.precision_selector.itemText(panel.precision_selector.findData("bf16")) == "bfloat16 混合精度"
    assert panel.device_selector.itemText(0).startswith("自动（")
    assert panel.optimizer_selector.itemText(0) == "adamw"  # a name, as in every language
    assert panel.status_label.text() == "选择一个模型，然后点击“训练”。"
    assert panel.progress_bar.text() == "未在训练"
    assert panel.epoch_note.text().startswith("训练损失是在开启数据增强")
    assert loss.titleLabel.text == "每步训练损失"
    assert loss.getAxis("bottom").labelText == "优化步数" and loss.getAxis("left").labelText == "损失（交叉熵）"
    assert loss.legend.getLabel(panel.loss_plot.smooth_curve).text == "平滑后"
    assert panel.loss_plot.empty_state.label.toPlainText() == "还没有训练——点击“训练”开始"
    assert epochs.accuracy_item.titleLabel.text == "每轮准确率"
    assert epochs.accuracy_item.getAxis("left").labelText == "准确率（%）"
    assert epochs.accuracy_item.getAxis("bottom").labelText == "轮次"
    assert epochs.loss_item.legend.getLabel(epochs.curves["val_loss"]).text == "验证集"
    assert panel.keep_offer.keep_button.text() == "保留" and panel.keep_offer.box.windowTitle() == "保留这个模型吗？"
    for button in (panel.train_button, panel.pause_button, panel.stop_button, panel.fine_tune_button):
        assert button.sizeHint().width() <= button.width(), f"{button.text()} does not fit"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.train_button.text() == "Train", timeout=2000)
    assert panel.setup_box.title() == "Training setup" and row_label(panel, panel.epochs_spin) == "Epochs"
    assert panel.status_label.text() == "Choose a model and press Train."
    assert panel.progress_bar.text() == "Not training"
    assert loss.titleLabel.text == "Training loss per step" and loss.getAxis("bottom").labelText == "optimiser step"
    assert epochs.loss_item.legend.getLabel(epochs.curves["val_loss"]).text == "validation"
    assert panel.loss_plot.empty_state.label.toPlainText() == "No run yet — press Train"
    assert panel.keep_offer.keep_button.text() == "Keep"


def test_a_paused_and_stopped_run_is_worded_again(qtbot, qapp: QApplication, synthetic_mnist: MNIST) -> None:
    panel = make_panel(qtbot, synthetic_mnist, max_steps=None, report_every=2)
    panel.epochs_spin.setValue(50)
    panel.batch_size_spin.setValue(64)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.loss_plot.point_count >= 1, timeout=RUN_TIMEOUT_MS)
    click(qtbot, panel.pause_button)
    assert panel.status_label.text().startswith("Paused.")

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.pause_button.text() == "继续", timeout=2000)
    assert panel.status_label.text() == "已暂停。点击“继续”接着训练，或点击“停止”保留模型现在的样子。"
    assert panel.progress_bar.text().startswith("第 ") and "样本/秒 · 预计剩余" in panel.progress_bar.text()

    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.stop_button)
    box = panel.keep_offer.box
    assert panel.keep_offer.pending and box.text().startswith("保留这个模型吗？它训练 ")
    assert panel.progress_bar.text().startswith("已在第 ")

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: box.text().startswith("Keep this model? It reached "), timeout=2000)
    assert panel.progress_bar.text().startswith("Stopped at step ")
    assert panel.keep_offer.discard_button.text() == "Discard"
    with qtbot.waitSignal(panel.model_trained, timeout=1000):
        click(qtbot, panel.keep_offer.keep_button)
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)


def test_an_error_is_worded_again(qtbot, qapp: QApplication, tmp_path: Path) -> None:
    panel = make_panel(qtbot)  # the real loader, on a folder without MNIST
    panel.data_dir_edit.setText(str(tmp_path / "no-mnist-here"))
    panel.download_check.setChecked(False)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
    assert panel.error_box is not None and "Download MNIST if missing" in panel.status_label.text()

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: "在本面板中：勾选“缺失时下载 MNIST”" in panel.status_label.text(), timeout=2000)
    assert "在本面板中" in panel.error_box.text() and panel.error_box.windowTitle() == "训练失败"
    assert str(tmp_path / "no-mnist-here") in panel.status_label.text()

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: "In this panel: tick" in panel.status_label.text(), timeout=2000)
    assert panel.error_box.windowTitle() == "Training failed"
    panel.error_box.close()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)
