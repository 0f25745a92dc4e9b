"""Every run of the Training panel lands in the run history as it goes: its settings and device, each report, how it
ended and the file its model was saved to (none for a model the user discarded); a history that cannot be written
never stops a run, and the panel says so once."""

from __future__ import annotations

from pathlib import Path

import pytest
from panel_actions import click, set_up_run
from PySide6.QtWidgets import QApplication

from digitpad.core.data.mnist import MNIST
from digitpad.core.runtime.paths import user_generators_dir, user_models_dir
from digitpad.core.runtime.run_history import RunHistory, default_path
from digitpad.ui.catalog import ModelCatalog
from digitpad.ui.common import i18n
from digitpad.ui.training.panel import TrainingPanel

RUN_TIMEOUT_MS = 120_000  # generous: the test machine is small and busy; the runs take seconds


@pytest.fixture
def make_panel(qtbot):
    """A panel whose trained models the app takes as the window does: the catalog saves them, the state selects them."""

    def make(data: MNIST, arch: str = "mlp", max_steps: int | None = 20, report_every: int = 2) -> TrainingPanel:
        panel = TrainingPanel(
            data_loader=lambda _root, _download: data,
            max_steps=max_steps,
            report_every=report_every,
            gan_settings={"width": 8, "sample_every": 10, "report_every": 5},
        )
        qtbot.addWidget(panel)
        catalog = ModelCatalog(panel)

        def take(checkpoint) -> None:
            panel.state.set_model(catalog.entry(catalog.add_checkpoint("", checkpoint, source="trained")))

        panel.model_trained.connect(take)
        set_up_run(panel, arch, epochs=1, batch_size=64)
        return panel

    return make


def wait_until_idle(qtbot, panel: TrainingPanel) -> None:
    qtbot.waitUntil(lambda: not panel.is_training(), timeout=RUN_TIMEOUT_MS)


def test_a_finished_run_is_recorded_with_its_reports_and_the_file_of_its_model(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist, max_steps=20, report_every=2)
    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        click(qtbot, panel.train_button)
    wait_until_idle(qtbot, panel)
    saved = panel.state.model.file
    assert saved is not None and saved.parent == user_models_dir()

    with RunHistory(default_path()) as history:
        (run,) = history.runs()
        assert (run.kind, run.model, run.device, run.status) == ("train", "mlp", "cpu", "finished")
        assert run.config["max_steps"] == 20 and run.config["batch_size"] == 64 and run.config["augment"] is False
        assert run.metrics["test_accuracy"] == pytest.approx(trained.args[0].test_accuracy)
        assert run.checkpoint == str(saved.resolve()) and run.message.startswith("Training finished")
        assert [step for step, _ in history.curve(run.id, "loss")] == list(range(2, 21, 2))  # every report
        assert [step for step, _ in history.curve(run.id, "val_acc")] == [20]
    assert not panel.records.note.isVisible() and panel.records.note.text() == ""


def test_a_stopped_run_whose_model_is_discarded_is_recorded_as_stopped_without_a_file(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist, arch="cnn", max_steps=None, report_every=1)  # 63 slow steps in the epoch
    with qtbot.waitSignal(panel.training_finished, timeout=RUN_TIMEOUT_MS):
        click(qtbot, panel.train_button)
        qtbot.waitUntil(lambda: panel.loss_plot.point_count >= 2, timeout=RUN_TIMEOUT_MS)
        click(qtbot, panel.stop_button)
    assert panel.keep_offer.pending
    click(qtbot, panel.keep_offer.discard_button)
    wait_until_idle(qtbot, panel)

    with RunHistory(default_path()) as history:
        (run,) = history.runs()
        assert run.status == "stopped" and run.checkpoint is None and run.finished is not None
        steps = [step for step, _ in history.curve(run.id, "loss")]
        assert len(steps) >= 2 and steps == sorted(steps) and "stopped after" in run.message
    assert not list(user_models_dir().glob("*.pt"))


def test_a_gan_run_is_recorded_with_the_generator_it_saved(make_panel, qtbot, small_mnist):
    panel = make_panel(small_mnist, arch="gan")
    panel.steps_spin.setValue(20)
    panel.batch_size_spin.setValue(32)
    with qtbot.waitSignal(panel.generator_trained, timeout=RUN_TIMEOUT_MS) as saved:
        click(qtbot, panel.train_button)
    wait_until_idle(qtbot, panel)
    path = saved.args[0]
    assert path.parent == user_generators_dir()

    with RunHistory(default_path()) as history:
        (run,) = history.runs()
        assert (run.kind, run.model, run.status) == ("gan", "gan", "finished")
        assert run.config["steps"] == 20 and run.config["d_lr"] == pytest.approx(2 * run.config["lr"])
        assert [step for step, _ in history.curve(run.id, "d_loss")] == [1, 5, 10, 15, 20]  # step 1, then every 5th
        assert set(run.metrics) == {"g_loss", "d_loss", "d_real_acc", "d_fake_acc"}
        assert run.checkpoint == str(Path(path).resolve())


def test_a_history_that_cannot_be_written_does_not_stop_training_and_says_so_once(
    make_panel, qtbot, qapp: QApplication, small_mnist
):
    default_path().mkdir(parents=True)  # a folder where the database should be: it cannot be opened
    panel = make_panel(small_mnist, max_steps=10)
    panel.show()
    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS) as trained:
        click(qtbot, panel.train_button)
    wait_until_idle(qtbot, panel)
    assert trained.args[0].metadata["steps_done"] == 10 and "Training finished" in panel.status_label.text()
    note = panel.records.note
    qtbot.waitUntil(note.isVisible, timeout=2000)
    assert note.text().startswith("This run is not recorded in the run history:")
    assert panel.state.model.file is not None  # the model was still saved, only its run is missing

    i18n.apply_language("zh_CN", qapp)
    qtbot.waitUntil(lambda: note.text().startswith("本次运行未写入运行记录"), timeout=2000)
    i18n.apply_language("en", qapp)
    qtbot.waitUntil(lambda: note.text().startswith("This run is not recorded"), timeout=2000)

    with qtbot.waitSignal(panel.model_trained, timeout=RUN_TIMEOUT_MS):  # the next run starts without the old note
        click(qtbot, panel.train_button)
        assert not note.isVisible()
    wait_until_idle(qtbot, panel)
