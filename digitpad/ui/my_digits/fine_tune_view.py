"""Fine-tune the selected model on MNIST plus my digits, off the GUI thread, and show the accuracies before and after.

The run is core `run_fine_tune`, started through the view's `JobRunner` and recorded in the run history as it goes
(`RecordedJob`). A run that trains at least one step announces the new model with `model_trained` (a `Checkpoint`);
the app adds it to the model list and saves it, and `model_saved` gives the run its file. A history that cannot be
written never stops the run: a line under the result says so. The progress and result texts are kept as `Text`
functions, so that a language change renders them again.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.data.mnist import MNIST, DataError
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.my_digits.store import MyDigit
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.paths import default_data_root
from digitpad.core.runtime.run_history import RunRecorder
from digitpad.core.training.fine_tune import (
    FineTuneConfig,
    FineTuneJob,
    FineTuneResult,
    fine_tuned_checkpoint,
    run_fine_tune,
)
from digitpad.core.training.loop import StepReport
from digitpad.core.training.recording import RecordedJob, checkpoint_source, fine_tune_end, fine_tune_start
from digitpad.core.training.runs import DataLoader, load_from_folder
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.naming import named
from digitpad.ui.my_digits.browser import Text, WarningBox, described
from digitpad.ui.workers.runner import JobRunner

_ERROR_COLOUR = "#d0392b"


class FineTuneView(QWidget):
    model_trained = Signal(object)  # Checkpoint of the fine-tuned model
    fine_tune_finished = Signal(str)  # the message the result label shows
    _history_failed = Signal(object)  # the run history's `Message`, from the thread that could not write it

    def __init__(
        self,
        own_digits: Callable[[], list[MyDigit]],
        parent: QWidget | None = None,
        *,
        data_loader: DataLoader | None = None,
        max_steps: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("fineTuneView")
        self._own_digits = own_digits
        self.data_loader = data_loader  # called in the worker thread as loader(root, download); tests inject data
        self.max_steps = max_steps
        self.device = "auto"
        self.error_box: WarningBox | None = None
        self._model: Checkpoint | None = None
        self._data_root: Path | None = None
        self._runner = JobRunner("fine-tuning", self)
        self._start_model: Checkpoint | None = None
        self._measured = False  # whether the last run ended with before/after numbers
        self._recorded: RecordedJob[FineTuneResult] | None = None
        self._tuned: Checkpoint | None = None  # the last run's model, until the app has saved it
        self._history_problem: str | None = None  # why the last run is not in the run history
        self._progress: Text = lambda: self.tr("Not running")
        self._result: Text = lambda: self.tr(
            "Some of your drawings are held out: they show how well the model reads you before and after."
        )
        self._build()
        self._runner.progress.connect(self._on_runner_progress)
        self._runner.returned.connect(self._on_runner_returned)
        self._runner.errored.connect(self._on_runner_errored)
        self._runner.finished.connect(self._on_runner_finished)
        self._history_failed.connect(self._on_history_failed)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.epochs_label.setText(self.tr("Epochs"))
        self.epochs_spin.setToolTip(self.tr("Passes over the training mix"))
        self.mnist_images_label.setText(self.tr("MNIST images per epoch"))
        self.mnist_images_spin.setSpecialValueText(self.tr("all"))
        self.mnist_images_spin.setToolTip(
            self.tr("MNIST images in each epoch, so the model keeps what it knew (0: all)")
        )
        self.own_share_label.setText(self.tr("Share of your digits"))
        self.own_share_spin.setToolTip(self.tr("Your drawings are repeated until they make this share of each epoch"))
        self.fine_tune_button.setText(self.tr("Fine-tune selected model"))
        self.stop_button.setText(self.tr("Stop"))
        self.progress_bar.setFormat(self._progress())
        self.result_label.setText(self._result())
        if self._history_problem is not None:
            self.history_note.setText(localize(self._history_problem))
        self._update_buttons()

    # ----- public API ------------------------------------------------------------------------------------------
    def set_model(self, checkpoint: Checkpoint | None) -> None:
        self._model = checkpoint
        self._update_buttons()

    def set_data_root(self, path: str | Path | None) -> None:
        self._data_root = Path(path) if path else None

    def data_root(self) -> Path:
        return self._data_root or default_data_root()

    def is_running(self) -> bool:
        return self._runner.running

    def model_saved(self, checkpoint: Checkpoint | None, file: Path | None) -> None:
        """The app saved ``checkpoint`` to ``file``: if it is the last run's model, the run history notes the file."""
        if self._recorded is not None and checkpoint is self._tuned and checkpoint is not None and file is not None:
            self._tuned = None
            self._recorded.saved(file)

    def config(self) -> FineTuneConfig:
        images = self.mnist_images_spin.value()
        return FineTuneConfig(
            epochs=self.epochs_spin.value(),
            own_share=self.own_share_spin.value() / 100,
            mnist_images=images or None,
            device=self.device,
            max_steps=self.max_steps,
            report_every=5,
        )

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """End a run in progress: cancel it and wait for its thread; True if none is left running (else the runner
        detached it). Nothing of the run reaches the view afterwards."""
        if not self._runner.running:
            return True
        ended = self._runner.shutdown(timeout_ms)
        self._update_buttons()
        return ended

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.epochs_spin = named(QSpinBox(minimum=1, maximum=50, value=1), "fineTuneEpochsSpin")
        self.mnist_images_spin = named(QSpinBox(minimum=0, maximum=60000, value=10000), "fineTuneMnistSpin")
        self.mnist_images_spin.setSingleStep(5000)
        self.own_share_spin = named(QSpinBox(minimum=5, maximum=50, value=15, suffix=" %"), "fineTuneShareSpin")
        self.epochs_label, self.mnist_images_label, self.own_share_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.epochs_label, self.epochs_spin)
        form.addRow(self.mnist_images_label, self.mnist_images_spin)
        form.addRow(self.own_share_label, self.own_share_spin)
        self.fine_tune_button = named(QPushButton(), "fineTuneButton")
        self.stop_button = named(QPushButton(), "fineTuneStopButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.fine_tune_button, 1)
        buttons.addWidget(self.stop_button)
        self.progress_bar = named(QProgressBar(textVisible=True), "fineTuneProgress")
        self.result_label = named(QLabel(wordWrap=True), "fineTuneResult")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_note = named(QLabel(wordWrap=True), "fineTuneHistoryNote")
        self.history_note.setStyleSheet(f"color: {_ERROR_COLOUR};")
        self.history_note.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.history_note)
        layout.addStretch(1)
        self.fine_tune_button.clicked.connect(self._on_fine_tune_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)

    # ----- running ---------------------------------------------------------------------------------------------
    def _on_fine_tune_button_clicked(self) -> None:
        if self.is_running() or self._model is None:
            return
        digits = tuple(self._own_digits())
        if len(digits) < 2:
            self._set_result(
                lambda: self.tr("Add a few drawings of your own first (at least two), then fine-tune."), _ERROR_COLOUR
            )
            return
        start = self._model
        # A private copy, made here on the GUI thread: the app keeps predicting with the original.
        private = Checkpoint(start.arch, copy.deepcopy(start.model), dict(start.hparams), start.mean, start.std)
        loader = self.data_loader or load_from_folder
        self._start(FineTuneJob(private, digits, self.config(), self.data_root(), loader))

    def _start(self, job: FineTuneJob) -> None:
        self._start_model, self._measured = job.start, False
        self.progress_bar.setRange(0, 0)
        self._set_progress(_stage(LOADING_MNIST))
        count = len(job.digits)
        self._set_result(
            lambda: self.tr("Fine-tuning on your {count} drawings (some are held out to measure)…").format(count=count)
        )
        self._tuned, self._history_problem = None, None
        self.history_note.hide()
        source = checkpoint_source(self._model) if self._model is not None else None
        self._recorded = RecordedJob(
            functools.partial(_run_in_stages, job),
            functools.partial(fine_tune_start, job.config, job.start.arch, source),
            fine_tune_end,
            RunRecorder(notify=self._history_failed.emit),
        )
        self._runner.start(self._recorded)
        self._update_buttons()

    def _on_stop_button_clicked(self) -> None:
        if self._runner.running:
            self._runner.stop()  # a plain thread-safe call: the model so far is still measured and returned
            self._set_progress(lambda: self.tr("Stopping after this batch, then measuring…"))
            self._update_buttons()

    def _on_runner_progress(self, reports: list[object]) -> None:
        if not reports:
            return
        last = reports[-1]
        if isinstance(last, str):  # a stage before training: no count to show yet
            self.progress_bar.setRange(0, 0)
            self._set_progress(_stage(last))
            return
        if not isinstance(last, StepReport):
            return
        self.progress_bar.setRange(0, last.total_steps)
        self.progress_bar.setValue(last.step)
        step, total, loss = last.step, last.total_steps, last.loss
        self._set_progress(
            lambda: self.tr("Training step {step}/{total} · loss {loss:.3g}").format(step=step, total=total, loss=loss)
        )

    def _on_runner_returned(self, result: FineTuneResult) -> None:
        if self._start_model is None:
            return
        self._measured = True
        lines: list[str] = list(result.summary_lines())  # Messages, translated when shown
        status = result.training.status
        if status != "finished":
            lines.append(result.training.message)
        self._set_result(lambda: "\n".join(localize(line) for line in lines))
        if result.training.steps_done > 0 and status != "diverged":
            self._tuned = fine_tuned_checkpoint(self._start_model, result)
            self.model_trained.emit(self._tuned)
        self.fine_tune_finished.emit(self.result_label.text())

    def _on_runner_errored(self, exc: Exception) -> None:
        message = _error_message(exc)
        self._set_result(message, _ERROR_COLOUR)
        if self.error_box is None:
            self.error_box = WarningBox(self)
        self.error_box.warn(lambda: self.tr("Fine-tuning failed"), message)
        self.fine_tune_finished.emit(self.result_label.text())

    def _on_history_failed(self, message: str) -> None:
        if self._history_problem is None:  # once a run
            self._history_problem = message
            self.history_note.setText(localize(message))
            self.history_note.show()

    def _on_runner_finished(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1 if self._measured else 0)
        self._set_progress((lambda: self.tr("Done")) if self._measured else (lambda: self.tr("Not running")))
        self._update_buttons()

    # ----- feedback --------------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        running = self._runner.running
        self.fine_tune_button.setEnabled(not running and self._model is not None)
        self.fine_tune_button.setToolTip(
            self.tr("Choose a model to fine-tune first")
            if self._model is None
            else self.tr("Train a copy of {arch} on MNIST plus your digits").format(arch=self._model.arch)
        )
        self.stop_button.setEnabled(running and not self._runner.stopping)
        for spin in (self.epochs_spin, self.mnist_images_spin, self.own_share_spin):
            spin.setEnabled(not running)

    def _set_progress(self, text: Text) -> None:
        self._progress = text
        self.progress_bar.setFormat(text())

    def _set_result(self, text: Text, colour: str = "") -> None:
        self._result = text
        self.result_label.setText(text())
        self.result_label.setStyleSheet(f"color: {colour};" if colour else "")


# The stages the worker announces, in English; the view shows them translated (`_stage`).
LOADING_MNIST = str(QT_TRANSLATE_NOOP("FineTuneView", "Loading MNIST…"))
PREPARING_DIGITS = str(
    QT_TRANSLATE_NOOP(
        "FineTuneView", "Preparing your digits (at several pen widths), then measuring the model before training…"
    )
)


def _stage(stage: str) -> Text:
    return lambda: QCoreApplication.translate("FineTuneView", stage)


def _run_in_stages(job: FineTuneJob, state: JobState) -> FineTuneResult:
    """Core `run_fine_tune`, saying which stage it is in before its first training step: loading MNIST, then
    rendering the own digits and measuring the starting model (the stages take most of a short run)."""
    loader = job.loader

    def staged_loader(root: Path, download: bool) -> MNIST:
        state.progress(LOADING_MNIST)
        data = loader(root, download)
        state.progress(PREPARING_DIGITS)  # run_fine_tune renders the digits right after loading
        return data

    return run_fine_tune(dataclasses.replace(job, loader=staged_loader), state)


def _error_message(exc: Exception) -> Text:
    """What the user reads when a run fails, by the kind of failure."""
    error, kind = described(exc), type(exc).__name__
    if isinstance(exc, DataError):
        return lambda: QCoreApplication.translate(
            "FineTuneView", "{error} Choose the MNIST folder in the Training panel."
        ).format(error=error())
    if isinstance(exc, (ValueError, RuntimeError)):
        return lambda: QCoreApplication.translate("FineTuneView", "Fine-tuning failed: {error}").format(error=error())
    return lambda: QCoreApplication.translate(
        "FineTuneView", "Fine-tuning failed unexpectedly ({kind}: {error})."
    ).format(kind=kind, error=error())
