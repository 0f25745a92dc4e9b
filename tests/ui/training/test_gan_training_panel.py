"""The training panel trains the conditional GAN: its own view (losses, the discriminator's accuracy, the sample
grid), pause and stop, the generator saved in the generators folder and announced, and all of it in Chinese too."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import torch
from panel_actions import click
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from digitpad.core.data.mnist import MNIST
from digitpad.core.models.gan import load_generator
from digitpad.core.runtime.paths import user_generators_dir
from digitpad.core.training.gan import GanConfig, GanReport
from digitpad.ui.common import i18n
from digitpad.ui.common.qimages import qimage_to_array
from digitpad.ui.training.gan_view import NO_SAMPLES, GanView
from digitpad.ui.training.panel import TrainingPanel
from digitpad.ui.training.plots import plot_text

RUN_TIMEOUT_MS = 120_000  # generous: the test machine is small and busy; the runs take seconds
TINY = {"width": 8, "sample_every": 10, "report_every": 5}  # a GAN that trains 30 steps in a second or two


def make_panel(qtbot, data: MNIST | None = None, steps: int = 30, **gan_settings) -> TrainingPanel:
    def loader(_root: Path, _download: bool) -> MNIST:
        assert data is not None
        return data

    panel = TrainingPanel(data_loader=loader, gan_settings={**TINY, **gan_settings})
    qtbot.addWidget(panel)
    panel.resize(420, 1000)
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("gan"))
    panel.steps_spin.setValue(steps)
    panel.batch_size_spin.setValue(32)
    panel.device_selector.setCurrentIndex(panel.device_selector.findData("cpu"))
    return panel


def row_label(panel: TrainingPanel, field) -> str:
    label = panel.setup_box.layout().labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_choosing_the_gan_swaps_the_classifier_plots_and_options_for_its_own(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    selector = panel.architecture_selector
    selector.setCurrentIndex(selector.findData("cnn"))
    assert panel.loss_plot.isVisible() and not panel.gan_view.isVisible() and not panel.steps_spin.isVisible()

    selector.setCurrentIndex(selector.findData("gan"))
    assert selector.currentText() == "gan — Conditional GAN"
    assert panel.gan_view.isVisible() and not panel.loss_plot.isVisible() and not panel.accuracy_plot.isVisible()
    assert panel.steps_spin.isVisible() and row_label(panel, panel.steps_spin) == "Steps"
    for field in (
        panel.epochs_spin,
        panel.augment_check,
        panel.pen_data_check,
        panel.optimizer_selector,
        panel.precision_selector,
    ):
        assert not field.isVisible(), f"{field.objectName()} does not apply to a GAN"
    defaults = GanConfig()
    assert (panel.steps_spin.value(), panel.batch_size_spin.value(), panel.learning_rate_spin.value()) == (
        defaults.steps,
        defaults.batch_size,
        defaults.lr,
    )
    view = panel.gan_view
    assert view.loss_plot.empty_state.visible and view.accuracy_plot.empty_state.visible
    assert view.sample_grid.image.isNull()  # "no samples yet", not an empty frame
    assert view.grid_caption.text() == "Samples from fixed noise, one row per digit, 8 each"

    panel.steps_spin.setValue(500)
    panel.close()  # saves the settings
    again = TrainingPanel()
    qtbot.addWidget(again)
    assert again.architecture_selector.currentData() == "gan" and again.steps_spin.value() == 500
    assert again.gan_config().steps == 500 and again.views.currentWidget() is again.gan_view
    again.architecture_selector.setCurrentIndex(again.architecture_selector.findData("mlp"))
    assert again.views.currentWidget() is again.classifier_plots and again.epochs_spin.value() == 10
    assert QSettings("digitpad", "digitpad").value("training/gan_steps") in (500, "500")


def test_a_short_run_fills_the_plots_and_the_grid_then_saves_the_generator(qtbot, small_mnist) -> None:
    panel = make_panel(qtbot, small_mnist, steps=30)
    panel.show()
    gaps: list[int] = []  # the GUI thread's pauses between timer ticks while the run trains
    clock = QElapsedTimer()
    ticker = QTimer(panel)
    ticker.setInterval(20)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    with qtbot.waitSignal(panel.generator_trained, timeout=RUN_TIMEOUT_MS) as saved:
        click(qtbot, panel.train_button)
        clock.start()
        ticker.start()
        assert not panel.train_button.isEnabled() and panel.stop_button.isEnabled()
    ticker.stop()
    path = saved.args[0]

    assert isinstance(path, Path) and path.parent == user_generators_dir() and path.is_file()
    generator, metadata = load_generator(path)
    assert metadata["steps_done"] == 30 and metadata["status"] == "finished" and generator.width == 8
    view = panel.gan_view
    steps, g_loss = view.loss_plot.curves[0].getData()
    reported = [report["step"] for report in metadata["history"]]
    assert list(steps) == reported and reported[0] == 1 and reported[-1] == 30  # every report reached the plot
    assert np.isfinite(g_loss).all() and np.isfinite(view.loss_plot.curves[1].getData()[1]).all()
    real_acc = view.accuracy_plot.curves[0].getData()[1]
    assert len(real_acc) == len(reported) and ((real_acc >= 0) & (real_acc <= 100)).all()
    grid = qimage_to_array(view.sample_grid.image)
    assert grid.shape == (10 * 28 + 9 * 2, 8 * 28 + 7 * 2)  # 10 rows of 8 digits, 2 pixels apart
    assert grid[:28, :28].std() > 0  # a digit (or the noise it begins as), not a blank
    assert view.sample_step == 30 and view.grid_caption.text().startswith("Samples at step 30 of 30")
    assert panel.status_label.text() == f"GAN training finished. The generator was saved to {path}."
    assert panel.progress_bar.text().startswith("Finished: 30 steps")
    assert max(gaps, default=0) < 2000, f"the window froze for {max(gaps)} ms"
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)
    assert panel.train_button.isEnabled()


def test_pause_holds_the_run_and_stop_ends_it_within_a_step_offering_the_generator(qtbot, small_mnist) -> None:
    panel = make_panel(qtbot, small_mnist, steps=100_000, report_every=1, sample_every=50)
    trained: list[Path] = []
    panel.generator_trained.connect(trained.append)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.gan_view.loss_plot.point_count >= 2, timeout=RUN_TIMEOUT_MS)
    assert "samples/s" in panel.progress_bar.text() and "Training the GAN" in panel.status_label.text()

    click(qtbot, panel.pause_button)
    assert panel.pause_button.text() == "Resume" and panel.status_label.text().startswith("Paused.")
    qtbot.wait(300)  # the step in flight and its report land
    frozen = panel.gan_view.loss_plot.point_count
    qtbot.wait(400)
    assert panel.gan_view.loss_plot.point_count == frozen
    click(qtbot, panel.pause_button)
    qtbot.waitUntil(lambda: panel.gan_view.loss_plot.point_count > frozen + 2, timeout=RUN_TIMEOUT_MS)

    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        seen = int(panel.gan_view.loss_plot.curves[0].getData()[0][-1])
        clicked = time.monotonic()
        click(qtbot, panel.stop_button)
        assert "Stopping" in panel.status_label.text() and not panel.stop_button.isEnabled()
    assert time.monotonic() - clicked < 5
    assert not trained, "a stopped run's generator is offered, not saved unasked"
    offer = panel.generators.offer
    assert offer.pending and offer.box.isVisible() and offer.box.windowTitle() == "Keep this generator?"
    assert offer.box.text().startswith("Keep this generator? It trained ")
    assert panel.progress_bar.text().startswith("Stopped at step")
    assert not panel.gan_view.sample_grid.image.isNull()  # the stopped run's last grid shows what it made

    with qtbot.waitSignal(panel.generator_trained, timeout=5000) as saved:
        click(qtbot, offer.keep_button)
    metadata = load_generator(saved.args[0])[1]
    assert metadata["status"] == "stopped"
    assert seen <= metadata["steps_done"] <= seen + 20  # the report lags by ~100 ms; the loop ends at the next step
    assert "The generator was saved to" in panel.status_label.text()
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)


def test_a_discarded_generator_is_not_saved(qtbot, small_mnist) -> None:
    panel = make_panel(qtbot, small_mnist, steps=100_000, report_every=1)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.gan_view.loss_plot.point_count >= 1, timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.stop_button)
    with qtbot.assertNotEmitted(panel.generator_trained, wait=100):
        click(qtbot, panel.generators.offer.discard_button)
    assert "The generator of the unfinished run (" in panel.status_label.text()
    assert not user_generators_dir().exists() or not any(user_generators_dir().iterdir())
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)


def test_the_gan_view_and_fields_speak_chinese_live_and_english_again(qtbot, qapp: QApplication) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("gan"))
    view = panel.gan_view
    loss, accuracy = view.loss_plot.getPlotItem(), view.accuracy_plot.getPlotItem()

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: loss.titleLabel.text == "生成器与判别器的损失", timeout=2000)
    assert panel.architecture_selector.currentText() == "gan — 条件生成对抗网络"
    assert row_label(panel, panel.steps_spin) == "步数" and panel.steps_spin.toolTip().startswith("博弈的回合数")
    assert loss.getAxis("bottom").labelText == "步数" and loss.getAxis("left").labelText == "损失"
    assert loss.legend.getLabel(view.loss_plot.curves[0]).text == "生成器"
    assert loss.legend.getLabel(view.loss_plot.curves[1]).text == "判别器"
    assert accuracy.titleLabel.text == "判别器准确率" and accuracy.getAxis("left").labelText == "准确率（%）"
    assert accuracy.legend.getLabel(view.accuracy_plot.curves[1]).text == "生成的数字"
    assert view.note.text().startswith("生成器从噪声中画出数字")
    assert view.grid_caption.text() == "由固定噪声生成的样本：每个数字一行，每行 8 个"
    assert plot_text(NO_SAMPLES) == "还没有样本：生成器训练时会在这里出现"  # the empty grid's sentence
    assert view.loss_plot.empty_state.label.toPlainText() == "还没有训练——点击“训练”开始"
    assert panel.generators.offer.box.windowTitle() == "保留这个生成器吗？"

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: loss.titleLabel.text == "Generator and discriminator loss", timeout=2000)
    assert panel.architecture_selector.currentText() == "gan — Conditional GAN"
    assert accuracy.legend.getLabel(view.accuracy_plot.curves[0]).text == "on real digits"
    assert view.grid_caption.text() == "Samples from fixed noise, one row per digit, 8 each"
    assert panel.generators.offer.box.windowTitle() == "Keep this generator?"


def test_a_finished_run_is_worded_again_in_chinese(qtbot, qapp: QApplication, small_mnist) -> None:
    panel = make_panel(qtbot, small_mnist, steps=10)
    with qtbot.waitSignal(panel.generator_trained, timeout=RUN_TIMEOUT_MS) as saved:
        click(qtbot, panel.train_button)
    assert panel.status_label.text().endswith(f"The generator was saved to {saved.args[0]}.")

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: f"生成器已保存到 {saved.args[0]}。" in panel.status_label.text(), timeout=2000)
    assert panel.gan_view.grid_caption.text() == "第 10 步（共 10 步）的样本：每个数字一行，每次都用同样的噪声"
    assert panel.progress_bar.text().startswith("已完成")

    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: "The generator was saved to" in panel.status_label.text(), timeout=2000)
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)


def test_a_gan_view_alone_shows_reports_it_is_given(qtbot) -> None:
    """The view takes core's reports as the runner batches them, without a run (and without MNIST)."""
    view = GanView()
    qtbot.addWidget(view)
    grid = torch.rand(80, 1, 28, 28)
    reports = [GanReport(step, 40, 1.0, 0.5, 0.9, 0.2, 100.0, 1.0, grid if step == 20 else None) for step in (10, 20)]
    progress, status = view.follow(reports)
    assert view.loss_plot.point_count == view.accuracy_plot.point_count == 2
    assert list(view.accuracy_plot.curves[1].getData()[1]) == [20.0, 20.0]
    assert view.sample_step == 20 and not view.sample_grid.image.isNull()
    assert progress().startswith("Step 20/40") and "90% of real and 20% of generated" in status()
