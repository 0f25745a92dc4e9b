"""Find learning rate in the Training panel: the range test runs off the GUI thread for the chosen model and batch
size, never beside training, plots loss against learning rate with the suggestion marked, and "Use" puts the
suggestion into the form; missing data is a message in the panel; every text follows the language, live."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from panel_actions import click
from PySide6.QtWidgets import QApplication

from digitpad.core.data.mnist import MNIST
from digitpad.ui.common import i18n
from digitpad.ui.training.panel import TrainingPanel

RUN_TIMEOUT_MS = 120_000  # generous: the test machine is small and busy; a test takes seconds


@pytest.fixture
def make_panel(qtbot):
    def make(data: MNIST | None = None, arch: str = "mlp", batch_size: int = 128) -> TrainingPanel:
        loader = None if data is None else (lambda _root, _download: data)
        panel = TrainingPanel(data_loader=loader)
        qtbot.addWidget(panel)
        panel.resize(420, 1000)
        panel.show()
        qtbot.waitExposed(panel)
        panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData(arch))
        panel.batch_size_spin.setValue(batch_size)
        panel.device_selector.setCurrentIndex(panel.device_selector.findData("cpu"))
        return panel

    return make


def run_test(qtbot, panel: TrainingPanel) -> None:
    view = panel.lr_find_view
    with qtbot.waitSignal(view.running_changed, timeout=RUN_TIMEOUT_MS, check_params_cb=lambda running: not running):
        click(qtbot, panel.lr_find_button)
        assert panel.views.currentWidget() is view and view.running
        assert not panel.train_button.isEnabled() and not panel.lr_find_button.isEnabled()
        assert not panel.setup_box.isEnabled() and panel.stop_button.isEnabled()


def test_the_test_plots_the_loss_marks_the_suggestion_and_use_fills_the_form(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist)
    view = panel.lr_find_view
    assert view.plot.empty_state.visible and not view.use_button.isVisible()  # no test yet, no fake curve
    run_test(qtbot, panel)

    lrs, losses = view.plot.curve.getOriginalDataset()
    assert len(lrs) > 20 and lrs[0] == pytest.approx(1e-6) and np.all(np.diff(lrs) > 0)
    assert np.isfinite(losses).all() and losses.min() < losses[0]  # it learns before the rate is too high
    suggestion = view.suggestion
    assert suggestion is not None and 1e-6 < suggestion < 1
    (marked_lr,), (marked_loss,) = view.plot.marker.getOriginalDataset()
    assert marked_lr == pytest.approx(suggestion) and marked_loss == pytest.approx(
        losses[np.argmin(abs(lrs - suggestion))]
    )
    assert view.plot.marker_line.isVisible() and view.plot.marker_line.value() == pytest.approx(math.log10(suggestion))
    assert view.plot.getPlotItem().getAxis("bottom").logMode  # learning rates on a log scale
    assert view.status_label.text() == f"Suggested learning rate: {suggestion:.1e}, where the loss falls fastest."
    assert view.use_button.isVisible() and view.use_button.text() == f"Use {suggestion:.1e}"
    assert panel.train_button.isEnabled() and panel.lr_find_button.isEnabled() and not panel.stop_button.isEnabled()

    stack = panel.views  # as tall as the test in front, not as the training plots behind it: no blank space below
    assert stack.sizeHint().height() == view.sizeHint().height() < panel.classifier_plots.sizeHint().height()
    assert stack.heightForWidth(300) == view.heightForWidth(300)

    click(qtbot, view.use_button)
    assert panel.learning_rate_spin.value() == pytest.approx(suggestion, rel=1e-6)
    assert panel.config().lr == pytest.approx(suggestion, rel=1e-6)  # the next run trains with it


def test_stop_ends_the_test_with_the_curve_so_far(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist, arch="cnn")  # slow steps: the stop comes mid-test
    view = panel.lr_find_view
    with qtbot.waitSignal(view.running_changed, timeout=RUN_TIMEOUT_MS, check_params_cb=lambda running: not running):
        click(qtbot, panel.lr_find_button)
        qtbot.waitUntil(lambda: view.plot.point_count >= 3, timeout=RUN_TIMEOUT_MS)
        click(qtbot, panel.stop_button)
        assert view.status_label.text() == "Stopping after this step…" and not panel.stop_button.isEnabled()
    steps = view.plot.point_count
    assert 3 <= steps < 100
    assert view.status_label.text().startswith(f"Stopped after {steps} steps. Suggested learning rate: ")


def test_training_and_the_test_never_run_at_once(make_panel, qtbot, synthetic_mnist):
    panel = make_panel(synthetic_mnist)
    panel.max_steps = 400  # a run long enough to try the button during it
    click(qtbot, panel.train_button)
    assert not panel.lr_find_button.isEnabled()
    panel.lr_find_button.click()  # even if it were clicked
    assert not panel.lr_find_view.running and panel.views.currentWidget() is panel.classifier_plots
    click(qtbot, panel.stop_button)
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)
    panel.keep_offer.settle()
    assert panel.lr_find_button.isEnabled()


def test_missing_data_is_a_message_in_the_panel(make_panel, qtbot, tmp_path: Path):
    panel = make_panel()
    missing = tmp_path / "nowhere"
    panel.data_dir_edit.setText(str(missing))
    run_test(qtbot, panel)
    view = panel.lr_find_view
    text = view.status_label.text()
    assert str(missing) in text and "Download MNIST if missing" in text
    assert view.plot.empty_state.visible and not view.use_button.isVisible()


def test_the_gan_has_no_learning_rate_test(make_panel):
    panel = make_panel()
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("gan"))
    assert not panel.lr_find_button.isVisible() and panel.views.currentWidget() is panel.gan_view


def test_the_test_speaks_chinese_live_and_english_again(make_panel, qtbot, qapp: QApplication, small_mnist):
    panel = make_panel(small_mnist)
    view = panel.lr_find_view
    run_test(qtbot, panel)
    suggestion = view.suggestion
    item = view.plot.getPlotItem()

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: panel.lr_find_button.text() == "寻找学习率", timeout=2000)
    assert view.use_button.text() == f"使用 {suggestion:.1e}"
    assert view.status_label.text() == f"建议的学习率：{suggestion:.1e}，损失在此处下降最快。"
    assert view.note.text().startswith("模型的副本训练 100 步")
    assert item.titleLabel.text == "各学习率下的损失"
    assert item.getAxis("bottom").labelText == "学习率" and item.getAxis("left").labelText == "损失（交叉熵）"
    assert view.use_button.sizeHint().width() <= view.width()

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: panel.lr_find_button.text() == "Find learning rate", timeout=2000)
    assert view.use_button.text() == f"Use {suggestion:.1e}" and item.titleLabel.text == "Loss by learning rate"
    assert view.status_label.text().startswith("Suggested learning rate:")
