"""The training panel: choose a model and its training settings, train it off the GUI thread, watch it learn.

A run is core's `run_training` job, run by the panel's `JobRunner`. A finished run's model is announced with
`model_trained`, carrying a `Checkpoint`. A run that ended early with a usable model (stopped after some training,
or diverged with last finite weights that clearly beat chance) is offered first: "Keep this model?" (`KeepOffer`),
and announced only when the user keeps it. The status line always says which case it was.

The architecture "gan" trains the conditional GAN instead (`gan_view.run_gan_job`), watched in the `GanView` in
place of the classifiers' plots. Its generator is saved in the user's generators folder (a stopped run's only if
the user keeps it) and announced with `generator_trained`, carrying the file's path.

Every run is recorded in the run history as it goes (`run_records`). "Find learning rate" runs the range test
(`lr_find_view`) in the plots' place, never beside a training run.

Every text follows the interface language, live: the status line, the progress text and the open boxes are kept as
the functions that word them (`run_status`), worded again on `LanguageChange`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.data.mnist import DataMissingError
from digitpad.core.runtime.paths import default_data_root
from digitpad.core.training.gan import GanConfig, GanReport
from digitpad.core.training.loop import EpochReport, StepReport, TrainConfig
from digitpad.core.training.recording import gan_end, gan_start, training_end, training_start
from digitpad.core.training.runs import (
    DataLoader,
    TrainingJob,
    TrainingOutcome,
    load_from_folder,
    run_training,
)
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.stacks import PageStack
from digitpad.ui.state import AppState
from digitpad.ui.training.form import RunButtons, SetupForm
from digitpad.ui.training.gan_view import GanJob, GanRun, GanView
from digitpad.ui.training.lr_find_view import LRFindView
from digitpad.ui.training.options import (
    GAN,
    WARNING_COLOUR,
    KeepOffer,
    TrainingSettings,
    epoch_summary,
    error_text,
    keep_question,
    result_progress,
    run_error,
    step_progress,
    training_status,
)
from digitpad.ui.training.plots import ClassifierPlots
from digitpad.ui.training.run_records import RunRecords
from digitpad.ui.training.run_status import RunStatus
from digitpad.ui.workers.runner import JobRunner


class TrainingPanel(QWidget):
    model_trained = Signal(object)  # Checkpoint of a finished run, or of an unfinished one the user kept
    training_started = Signal()
    training_finished = Signal(str)  # the message the status label shows
    fine_tune_requested = Signal()  # the user wants to fine-tune the selected model on their own digits
    generator_trained = Signal(object)  # Path of the generator file a GAN run saved

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        data_loader: DataLoader | None = None,
        max_steps: int | None = None,
        report_every: int = 10,
        state: AppState | None = None,
        gan_settings: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.state = state if state is not None else AppState(parent=self)  # the data folder and device live there
        self.data_loader = data_loader  # called in the job's thread as loader(root, download); tests inject data
        self.max_steps = max_steps  # caps the optimiser steps of every run (tests, quick tries)
        self.report_every = report_every
        self.gan_settings = dict(gan_settings or {})  # GanConfig fields the form does not set (tests: a small width)
        self._runner = JobRunner("training", self)
        self._awaiting_result = False  # from Train until the run's outcome or error has arrived
        self._run_config: TrainConfig | GanConfig = TrainConfig()  # the current run's, for the words of its errors
        self._run_epochs = 0
        self._last_epoch: EpochReport | None = None  # kept in the status line while the next epoch runs
        self._offered: TrainingOutcome | None = None  # the run whose model the keep offer asks about
        self._build()
        self.keep_offer = KeepOffer(self)
        self.keep_offer.kept.connect(self._on_keep_offer_kept)
        self.keep_offer.discarded.connect(self._on_keep_offer_discarded)
        self.generators = self.gan_view.keeper  # saves a GAN run's generator, or asks first
        self.generators.status.connect(self._status.say)
        self.generators.failed.connect(self._status.show_error)
        self.generators.saved.connect(self.records.saved)
        self.generators.saved.connect(self.generator_trained)
        self._settings = TrainingSettings(self, self)
        self._settings.restore()
        self._show_gan(self.architecture_selector.currentData() == GAN)
        self._connect()
        self._retranslate()

    # Public API --------------------------------------------------------------------------------------------

    def is_training(self) -> bool:
        """Whether a run's thread exists (from Train until its thread has finished)."""
        return self._runner.running

    def is_busy(self) -> bool:
        """Whether a run or a learning-rate test is under way: the panel runs one at a time."""
        return self._runner.running or self.lr_find_view.running

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Save the settings and end a run in progress: cancel it and wait for its thread (the runner detaches a
        thread that outlives ``timeout_ms``); nothing more of the run reaches the panel."""
        self._settings.save()
        self._awaiting_result = False
        self.keep_offer.settle()
        self.generators.offer.settle()
        self.lr_find_view.shutdown(timeout_ms)
        if not self._runner.running:
            return
        self._runner.shutdown(timeout_ms)
        self._update_buttons()

    @property
    def error_box(self) -> QMessageBox | None:
        """The box of the last error, once there was one."""
        return self._status.error_box

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # Building ----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self._form = form = SetupForm()
        self.architecture_selector = form.architecture_selector
        self.data_dir_edit = form.data_dir_edit
        self.data_dir_edit.editingFinished.connect(lambda: self.state.set_data_folder(self.data_dir_edit.text()))
        self.browse_button = form.browse_button
        self.download_check = form.download_check
        self.epochs_spin = form.epochs_spin
        self.steps_spin = form.steps_spin
        self.batch_size_spin = form.batch_size_spin
        self.learning_rate_spin = form.learning_rate_spin
        self.optimizer_selector = form.optimizer_selector
        self.augment_check = form.augment_check
        self.pen_data_check = form.pen_data_check
        self.seed_spin = form.seed_spin
        self.device_selector = form.device_selector
        self.precision_selector = form.precision_selector
        self._buttons = buttons = RunButtons()
        self.train_button = buttons.train_button
        self.pause_button = buttons.pause_button
        self.stop_button = buttons.stop_button
        self.fine_tune_button = buttons.fine_tune_button
        self.lr_find_button = buttons.lr_find_button
        self.fine_tune_button.clicked.connect(self.fine_tune_requested)
        self.setup_box = QGroupBox()
        self.setup_box.setLayout(form)
        layout.addWidget(self.setup_box)
        layout.addLayout(buttons)
        self._status = RunStatus(self)
        self.progress_bar, self.status_label = self._status.progress_bar, self._status.status_label
        self.classifier_plots = plots = ClassifierPlots()
        self.loss_plot, self.accuracy_plot, self.epoch_note = plots.loss_plot, plots.accuracy_plot, plots.epoch_note
        self.gan_view = GanView()
        self.lr_find_view = LRFindView()
        self.views = PageStack()  # the classifiers' plots, the GAN's view, or the learning-rate test (as tall as it)
        for view in (plots, self.gan_view, self.lr_find_view):
            self.views.addWidget(view)
        self.records = RunRecords(self.state, self)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.records.note)
        layout.addWidget(self.views, stretch=1)

    def _connect(self) -> None:
        self.architecture_selector.currentIndexChanged.connect(self._on_architecture_selector_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.train_button.clicked.connect(self._on_train_button_clicked)
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.lr_find_button.clicked.connect(self._on_lr_find_button_clicked)
        self.lr_find_view.running_changed.connect(self._update_buttons)
        self.lr_find_view.lr_chosen.connect(self.learning_rate_spin.setValue)
        self._runner.progress.connect(self._on_runner_progress)
        self._runner.yielded.connect(self._on_runner_yielded)
        self._runner.returned.connect(self._on_runner_returned)
        self._runner.errored.connect(self._on_runner_errored)
        self._runner.aborted.connect(self._on_runner_aborted)
        self._runner.finished.connect(self._on_runner_finished)

    # Form --------------------------------------------------------------------------------------------------

    def apply_architecture_defaults(self) -> None:
        """Set epochs (a GAN's steps), batch size and learning rate to the selected architecture's defaults."""
        self._settings.apply_defaults()

    def data_root(self) -> Path:
        text = self.data_dir_edit.text().strip()
        return Path(text).expanduser() if text else default_data_root()

    def config(self) -> TrainConfig:
        """The training configuration the form describes."""
        return self._form.train_config(max_steps=self.max_steps, report_every=self.report_every)

    def gan_config(self) -> GanConfig:
        """The GAN training configuration the form describes."""
        return self._form.gan_config(**self.gan_settings)

    def _on_architecture_selector_changed(self, _index: int) -> None:
        self.apply_architecture_defaults()
        self._show_gan(self.architecture_selector.currentData() == GAN)

    def _show_gan(self, gan: bool) -> None:
        """The GAN's fields and view, or the classifiers'."""
        self._form.show_gan_fields(gan)
        self.lr_find_button.setVisible(not gan)
        self.views.setCurrentWidget(self.gan_view if gan else self.classifier_plots)

    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("MNIST data folder"), str(self.data_root()))
        if folder:
            self.data_dir_edit.setText(folder)
            self.state.set_data_folder(folder)

    # Running -----------------------------------------------------------------------------------------------

    def _on_train_button_clicked(self) -> None:
        if self.is_busy():
            return
        self._settings.save()
        loader, download = self.data_loader or load_from_folder, self.download_check.isChecked()
        if self.architecture_selector.currentData() == GAN:
            self._start(GanJob(self.gan_config(), self.data_root(), download, loader))
        else:
            self._start(TrainingJob(self.config(), self.data_root(), download, loader))

    def _start(self, job: TrainingJob | GanJob) -> None:
        loading = QT_TRANSLATE_NOOP("TrainingPlots", "Loading data…")
        if isinstance(job, GanJob):
            gan = self.gan_view.start(job, loading)
            self._runner.start(self.records.record(gan, partial(gan_start, job.config), lambda r: gan_end(r.result)))
        else:
            self.views.setCurrentWidget(self.classifier_plots)
            self.classifier_plots.start(loading)
            self._run_epochs = job.config.epochs or 0
            run = partial(run_training, job)
            self._runner.start(self.records.record(run, partial(training_start, job.config), training_end))
        self._status.show_progress(lambda: self.tr("Loading data…"), total=0)  # busy until a step report's total
        self._run_config = job.config
        self._last_epoch = None
        self._awaiting_result = True
        folder = job.data_root
        self._status.say(lambda: self.tr("Loading MNIST from {folder}…").format(folder=folder))
        self._update_buttons()
        self.training_started.emit()

    def _on_lr_find_button_clicked(self) -> None:
        if self.is_busy():
            return
        self._settings.save()
        self.views.setCurrentWidget(self.lr_find_view)
        loader = self.data_loader or load_from_folder
        self.lr_find_view.start(self._form.lr_find_job(self.data_root(), self.download_check.isChecked(), loader))

    def _on_pause_button_clicked(self) -> None:
        runner = self._runner
        if not runner.running or runner.stopping:
            return
        if runner.paused:
            runner.resume()
            self._status.say(lambda: self.tr("Training resumed."))
        else:
            runner.pause()
            self._status.say(lambda: self.tr("Paused. Resume to continue, or Stop to keep the model as it is now."))
        self._update_buttons()

    def _on_stop_button_clicked(self) -> None:
        if self.lr_find_view.running:
            self.lr_find_view.stop()
            self._update_buttons()
            return
        if not self._runner.running:
            return
        self._runner.stop()
        self._status.say(lambda: self.tr("Stopping after the current batch…"))
        self._update_buttons()

    def _on_runner_progress(self, reports: list[StepReport] | list[GanReport]) -> None:
        if not reports:
            return
        last = reports[-1]
        if isinstance(last, GanReport):
            progress, status = self.gan_view.follow(reports)  # type: ignore[arg-type]  # a run's are all of a kind
        else:
            self.loss_plot.append([r.step for r in reports], [r.loss for r in reports])  # type: ignore[union-attr]
            progress = partial(step_progress, last, self._run_epochs)
            status = partial(training_status, last.loss, self._last_epoch)
        self._status.show_progress(progress, last.step, last.total_steps)
        if not (self._runner.paused or self._runner.stopping):
            self._status.say(status)

    def _on_runner_yielded(self, report: EpochReport) -> None:
        self.accuracy_plot.add_epoch(report)
        self._last_epoch = report
        self._status.say(partial(epoch_summary, report))

    def _on_runner_returned(self, outcome: TrainingOutcome | GanRun) -> None:
        self._end_run()
        if isinstance(outcome, GanRun):
            self._status.show_progress(self.gan_view.end(outcome))  # the generator's status comes from `generators`
            self.training_finished.emit(self.status_label.text())
            return
        result = outcome.result
        if result is None:  # stopped while the data was being prepared
            self.training_finished.emit(self.status_label.text())
            return
        message = outcome.message()
        finished = result.status == "finished"
        self._status.say(lambda: localize(message), colour="" if finished else WARNING_COLOUR)
        self._status.show_progress(partial(result_progress, result.status, result.steps_done, result.seconds))
        self.classifier_plots.end()
        if outcome.worth_keeping and finished:
            self._on_keep_offer_kept(outcome.checkpoint())
        elif outcome.worth_keeping:
            self._offered = outcome
            self.keep_offer.ask(outcome.checkpoint(), keep_question(outcome))
        self.training_finished.emit(self.status_label.text())

    def _on_keep_offer_kept(self, checkpoint: object) -> None:
        self.records.made(checkpoint)
        self.model_trained.emit(checkpoint)

    def _on_keep_offer_discarded(self, checkpoint: object) -> None:
        steps = getattr(checkpoint, "metadata", {}).get("steps_done", 0)
        self._status.say(
            lambda: self.tr("The model of the unfinished run ({steps} steps) was discarded.").format(steps=steps)
        )

    def _on_runner_errored(self, exc: Exception) -> None:
        config = self._run_config
        hint = isinstance(exc, DataMissingError) and not self.download_check.isChecked()
        self._status.show_error(lambda: error_text(run_error(exc, config), hint))
        self._end_run()
        self.training_finished.emit(self.status_label.text())

    def _on_runner_aborted(self) -> None:
        self._end_run()
        self.training_finished.emit(self.status_label.text())

    def _on_runner_finished(self) -> None:
        self._update_buttons()

    def _end_run(self) -> None:
        """The run's result is in (its thread may still be ending): no more pausing or stopping."""
        self._awaiting_result = False
        self._update_buttons()
        self._status.end()  # no ETA of a run that is over; a result says more

    # Feedback ----------------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._form.retranslate()
        self._buttons.retranslate()
        self.keep_offer.retranslate()
        if self.keep_offer.pending and self._offered is not None:
            self.keep_offer.box.setText(keep_question(self._offered))
        self.generators.retranslate()
        self.records.retranslate()
        self.setup_box.setTitle(self.tr("Training setup"))
        self._update_buttons()
        self._status.retranslate()

    def _update_buttons(self) -> None:
        runner, testing = self._runner, self.lr_find_view.running
        active = runner.running and self._awaiting_result and not runner.stopping
        for idle in (self.train_button, self.lr_find_button, self.setup_box):
            idle.setEnabled(not self.is_busy())
        self.pause_button.setEnabled(active)
        self.stop_button.setEnabled(active or (testing and not self.lr_find_view.stopping))
        self.pause_button.setText(self.tr("Resume") if active and runner.paused else self.tr("Pause"))
