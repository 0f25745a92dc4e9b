"""The training panel: runs from the buttons, live plots, stop / pause / close mid-run, and every failure shown."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import pytest
import torch
from panel_actions import click, set_up_run
from PySide6.QtCore import QSettings

from digitpad.core.data.mnist import MNIST, Split
from digitpad.core.training.evaluation import evaluate
from digitpad.core.training.loop import StepReport, TrainConfig
from digitpad.core.training.runs import TrainingJob, run_training
from digitpad.ui.training.panel import TrainingPanel
from digitpad.ui.workers.runner import JobRunner

RUN_TIMEOUT_MS = 60_000  # generous: the test machine is small and busy; runs themselves take a few seconds


@pytest.fixture
def make_panel(qtbot):
    def make(
        data: MNIST | None = None,
        arch: str = "mlp",
        max_steps: int | None = 30,
        batch_size: int = 64,
        report_every: int = 2,
        loader=None,
        epochs: int = 1,
    ) -> TrainingPanel:
        if loader is None and data is not None:

            def loader(_root: Path, _download: bool) -> MNIST:
                return data

        panel = TrainingPanel(data_loader=loader, max_steps=max_steps, report_every=report_every)
        qtbot.addWidget(panel)
        set_up_run(panel, arch, epochs, batch_size)
        return panel

    return make


def wait_until_idle(qtbot, panel: TrainingPanel) -> None:
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)
    assert panel.train_button.isEnabled()
    assert not panel.stop_button.isEnabled()


def test_short_training_fills_both_plots_and_yields_a_model_that_beats_chance(make_panel, qtbot, small_mnist, mnist):
    panel = make_panel(small_mnist, max_steps=40)
    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        click(qtbot, panel.train_button)
        assert not panel.train_button.isEnabled()
        assert panel.stop_button.isEnabled()
    checkpoint = trained.args[0]

    steps, losses = panel.loss_plot.raw_curve.getData()
    assert len(steps) == 20 and steps[-1] == 40  # every report (each 2 steps) made it to the plot
    assert len(panel.loss_plot.smooth_curve.getData()[0]) == 20
    assert panel.accuracy_plot.epoch_count == 1
    assert len(panel.accuracy_plot.curves["val_acc"].getData()[0]) == 1
    assert panel.progress_bar.value() == panel.progress_bar.maximum() == 40
    assert panel.progress_bar.text().startswith("Finished: 40 steps")  # no ETA or speed of a run that is over
    assert "ETA" not in panel.progress_bar.text() and "samples/s" not in panel.progress_bar.text()
    assert "Training finished" in panel.status_label.text() and "Test accuracy" in panel.status_label.text()

    held_out = Split(mnist.test.images[5000:7000], mnist.test.labels[5000:7000])  # not in small_mnist
    assert evaluate(checkpoint.model, held_out).accuracy > 0.5  # chance is 0.1
    assert checkpoint.arch == "mlp" and checkpoint.hparams["hidden"] == (512, 256)
    assert checkpoint.metadata["status"] == "finished" and checkpoint.metadata["steps_done"] == 40
    assert checkpoint.test_accuracy is not None and checkpoint.test_accuracy > 0.5
    assert checkpoint.metadata["parameters"] > 0 and checkpoint.metadata["device"] == "cpu"  # as the CLI's
    assert checkpoint.metadata["data"]["train"] == len(small_mnist.train)
    wait_until_idle(qtbot, panel)


def test_stop_mid_epoch_ends_within_a_batch_or_two_and_offers_the_model(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist, arch="cnn", max_steps=None, report_every=1)  # 63 slow steps in the epoch
    offered: list = []
    panel.model_trained.connect(offered.append)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
        qtbot.waitUntil(lambda: panel.loss_plot.point_count >= 2, timeout=RUN_TIMEOUT_MS)
        seen = int(panel.loss_plot.raw_curve.getData()[0][-1])
        clicked = time.monotonic()
        click(qtbot, panel.stop_button)
        assert "Stopping" in panel.status_label.text()
        assert not panel.pause_button.isEnabled() and not panel.stop_button.isEnabled()
    assert time.monotonic() - clicked < 10
    assert not offered, "a stopped run's model is offered, not added unasked"
    box = panel.keep_offer.box
    assert panel.keep_offer.pending and box.isVisible()
    assert box.text().startswith("Keep this model? It reached ") and "% test accuracy after " in box.text()
    text = panel.progress_bar.text()
    assert text.startswith("Stopped at step") and "ETA" not in text and "samples/s" not in text
    with qtbot.waitSignal(panel.model_trained, timeout=1000) as trained:
        click(qtbot, panel.keep_offer.keep_button)
    assert not box.isVisible() and not panel.keep_offer.pending
    steps_done = trained.args[0].metadata["steps_done"]
    assert seen <= steps_done <= seen + 4  # the report lags by at most ~100 ms; the loop stops at the next batch
    assert trained.args[0].metadata["status"] == "stopped"
    assert panel.accuracy_plot.epoch_count == 0  # the epoch never completed
    assert panel.accuracy_plot.empty_states[0].visible  # and the plot says so, without fake ticks
    assert f"stopped after {steps_done} steps" in panel.status_label.text()
    wait_until_idle(qtbot, panel)


def test_pause_halts_progress_and_resume_continues_to_the_end(make_panel, qtbot, synthetic_mnist):
    panel = make_panel(synthetic_mnist, max_steps=60, batch_size=32, epochs=10)  # 16 steps an epoch
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.loss_plot.point_count >= 1, timeout=RUN_TIMEOUT_MS)
    click(qtbot, panel.pause_button)
    assert panel.pause_button.text() == "Resume"
    assert "Paused" in panel.status_label.text()
    qtbot.wait(300)  # let the batch in flight and its report land
    frozen = panel.progress_bar.value()
    qtbot.wait(500)
    assert panel.progress_bar.value() == frozen < 60
    assert panel.is_training()

    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        click(qtbot, panel.pause_button)
        assert panel.pause_button.text() == "Pause"
    assert trained.args[0].metadata["steps_done"] == 60
    assert trained.args[0].metadata["status"] == "finished"
    assert panel.progress_bar.value() == 60
    wait_until_idle(qtbot, panel)


def test_closing_mid_training_stops_the_thread_without_emitting_a_model(make_panel, qtbot, synthetic_mnist):
    panel = make_panel(
        synthetic_mnist, arch="cnn", max_steps=None, epochs=20
    )  # 160 slow steps: far longer than closing
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.loss_plot.point_count >= 1, timeout=RUN_TIMEOUT_MS)
    with qtbot.assertNotEmitted(panel.model_trained, wait=200):
        started = time.monotonic()
        panel.close()
        assert time.monotonic() - started < 3  # one batch, not the rest of the run
        assert not panel.is_training()


def test_shutdown_while_loading_data_and_while_paused(make_panel, qtbot, synthetic_mnist):
    def slow_loader(_root: Path, _download: bool) -> MNIST:
        time.sleep(0.3)  # a data folder on a slow disk
        return synthetic_mnist

    loading = make_panel(loader=slow_loader)
    click(qtbot, loading.train_button)
    loading.shutdown()
    assert not loading.is_training()

    paused = make_panel(synthetic_mnist, max_steps=None, epochs=50)
    click(qtbot, paused.train_button)
    qtbot.waitUntil(lambda: paused.loss_plot.point_count >= 1, timeout=RUN_TIMEOUT_MS)
    click(qtbot, paused.pause_button)
    paused.shutdown()  # a paused loop must wake up to see the stop
    assert not paused.is_training()


def test_missing_data_folder_shows_a_message_naming_it(make_panel, qtbot, tmp_path):
    panel = make_panel()  # the real loader
    missing = tmp_path / "no-mnist-here"
    panel.data_dir_edit.setText(str(missing))
    panel.download_check.setChecked(False)
    with qtbot.assertNotEmitted(panel.model_trained), qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
    text = panel.status_label.text()
    assert str(missing) in text and "not found" in text and "Download MNIST if missing" in text
    assert panel.error_box is not None and panel.error_box.isVisible()  # non-blocking: the test got here
    assert str(missing) in panel.error_box.text()
    assert panel.progress_bar.text() == "Not training"  # not left spinning
    panel.error_box.close()
    wait_until_idle(qtbot, panel)


def test_download_impossible_offline_is_reported(make_panel, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("digitpad.core.data.mnist.MIRRORS", ("http://127.0.0.1:9/",))  # nothing listens there
    panel = make_panel()
    panel.data_dir_edit.setText(str(tmp_path / "empty"))
    panel.download_check.setChecked(True)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
    assert "Could not download" in panel.status_label.text() and "offline" in panel.status_label.text()
    assert panel.error_box is not None and panel.error_box.isVisible()
    panel.error_box.close()
    wait_until_idle(qtbot, panel)


def test_a_diverging_run_says_so(make_panel, qtbot, synthetic_mnist):
    panel = make_panel(synthetic_mnist, max_steps=40, epochs=5)
    panel.optimizer_selector.setCurrentText("sgd")
    panel.learning_rate_spin.setValue(1e4)
    kept: list = []
    panel.model_trained.connect(kept.append)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        click(qtbot, panel.train_button)
    message = finished.args[0]
    assert "diverged" in message and "lower learning rate" in message and "10000" in message
    assert message == panel.status_label.text()
    assert not kept  # a diverged run's model is never added unasked
    assert panel.keep_offer.pending == ("were kept" in message)  # only offered when the message says so
    if panel.keep_offer.pending:
        click(qtbot, panel.keep_offer.discard_button)
        assert not kept and "discarded" in panel.status_label.text()
    wait_until_idle(qtbot, panel)


def test_an_unanswered_offer_is_kept_when_the_panel_closes(make_panel, qtbot, synthetic_mnist):
    """Quitting never loses a model silently: a pending "Keep this model?" counts as Keep."""
    panel = make_panel(synthetic_mnist, max_steps=4)
    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        click(qtbot, panel.train_button)
    wait_until_idle(qtbot, panel)
    kept: list = []
    panel.model_trained.connect(kept.append)
    panel.keep_offer.ask(trained.args[0], "Keep this model?")
    panel.shutdown()
    assert kept == [trained.args[0]] and not panel.keep_offer.box.isVisible()


def test_plots_and_progress_before_and_after_a_run(make_panel, qtbot, synthetic_mnist):
    panel = make_panel(synthetic_mnist, max_steps=6)
    assert panel.loss_plot.empty_state.visible and panel.progress_bar.text() == "Not training"
    assert "augmentation and dropout" in panel.epoch_note.text()
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
    assert not panel.loss_plot.empty_state.visible and panel.loss_plot.point_count == 3
    assert "ETA" not in panel.progress_bar.text()
    wait_until_idle(qtbot, panel)


def test_out_of_memory_is_reported_in_words(make_panel, qtbot):
    def oom_loader(_root: Path, _download: bool) -> MNIST:
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    panel = make_panel(loader=oom_loader, batch_size=4096)
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
    assert "ran out of memory on the GPU" in panel.status_label.text()
    assert "batch size 4096" in panel.status_label.text()
    assert panel.error_box is not None and "Lower the batch size" in panel.error_box.text()
    panel.error_box.close()
    wait_until_idle(qtbot, panel)


def test_training_parameters_persist_between_panels(make_panel, qtbot, tmp_path):
    first = make_panel()
    first.architecture_selector.setCurrentIndex(first.architecture_selector.findData("logreg"))
    assert (first.epochs_spin.value(), first.learning_rate_spin.value()) == (5, 1e-2)  # the registry defaults
    assert first.augment_check.isChecked()  # logreg's default too
    first.augment_check.setChecked(False)
    first.epochs_spin.setValue(7)
    first.batch_size_spin.setValue(96)
    first.learning_rate_spin.setValue(0.02)
    first.optimizer_selector.setCurrentText("sgd")
    first.seed_spin.setValue(5)
    first.precision_selector.setCurrentIndex(first.precision_selector.findData("fp32"))
    first.data_dir_edit.setText(str(tmp_path / "data"))
    first.close()

    second = TrainingPanel()
    qtbot.addWidget(second)
    config = second.config()
    assert (config.model, config.epochs, config.batch_size, config.lr) == ("logreg", 7, 96, 0.02)
    assert (config.optimizer, config.seed, config.augment, config.device) == ("sgd", 5, False, "cpu")
    assert config.precision == "fp32"
    assert second.data_root() == tmp_path / "data"

    settings = QSettings("digitpad", "digitpad")
    settings.setValue("training/epochs", "banana")  # a hand-edited settings file
    settings.setValue("training/device", "cuda:7")  # a device this machine lacks
    settings.setValue("training/precision", "fp8")
    settings.sync()
    third = TrainingPanel()
    qtbot.addWidget(third)
    assert third.config().epochs == 5 and third.config().device == "auto"  # logreg's default, and Auto
    assert third.config().precision == "auto"


def test_a_run_through_the_runner_batches_step_reports_and_emits_finished_last(synthetic_mnist, qtbot):
    config = TrainConfig(model="logreg", epochs=2, batch_size=16, max_steps=50, report_every=1, augment=False)
    job = TrainingJob(config, Path("unused"), loader=lambda _r, _d: synthetic_mnist)
    runner = JobRunner("training")  # as the panel runs it
    events: list[tuple[str, object]] = []
    runner.progress.connect(lambda batch: events.append(("progress", batch)))
    runner.yielded.connect(lambda report: events.append(("epoch", report)))
    runner.returned.connect(lambda outcome: events.append(("returned", outcome)))
    runner.finished.connect(lambda: events.append(("finished", None)))
    with qtbot.waitSignal(runner.finished, timeout=RUN_TIMEOUT_MS):
        runner.start(partial(run_training, job))
    reports = [r for kind, batch in events if kind == "progress" for r in batch]
    assert [r.step for r in reports] == list(range(1, 51)) and all(isinstance(r, StepReport) for r in reports)
    assert sum(kind == "progress" for kind, _ in events) < 50  # batched, not one signal per step
    assert [kind for kind, _ in events].count("epoch") == 2
    assert [kind for kind, _ in events][-2:] == ["returned", "finished"] and events[-2][1].usable


def test_untouched_defaults_are_not_frozen_into_the_settings(make_panel):
    """Epochs, batch size and learning rate left at the defaults follow the defaults of later versions."""
    panel = make_panel()
    panel.architecture_selector.setCurrentIndex(panel.architecture_selector.findData("cnn"))
    panel.close()
    settings = QSettings("digitpad", "digitpad")
    assert settings.value("training/architecture") == "cnn"
    assert not settings.contains("training/epochs") and not settings.contains("training/lr")


def test_augmentation_follows_each_models_default_until_the_user_changes_it(qtbot):
    fresh = TrainingPanel()
    qtbot.addWidget(fresh)
    assert fresh.config().model == "cnn" and fresh.config().augment is False  # the CNN's quick recipe
    assert fresh.config().resolved().pen_variants == 3 and fresh.config().resolved().label_smoothing == 0.1
    fresh.architecture_selector.setCurrentIndex(fresh.architecture_selector.findData("mlp"))
    assert fresh.augment_check.isChecked()
    fresh.architecture_selector.setCurrentIndex(fresh.architecture_selector.findData("cnn"))
    fresh.augment_check.setChecked(True)  # the user's choice, against the CNN's default
    fresh.close()
    again = TrainingPanel()
    qtbot.addWidget(again)
    assert again.config().model == "cnn" and again.config().augment is True
    again.augment_check.setChecked(False)  # back to the default: nothing is stored, so a later default reaches it
    again.close()
    assert QSettings("digitpad", "digitpad").value("training/augment") is None
