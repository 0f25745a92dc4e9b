"""The test-set view: confusion matrix, per-class accuracy and the gallery of mistakes, computed on demand off the
GUI thread (scoring 10,000 digits takes seconds on a CPU): core `evaluate_test_set`, run by a `JobRunner`.

The status line is kept as a function that words it, so that a language switch words it again."""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable
from pathlib import Path

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget

from digitpad.core.data.mnist import DataError, Split, load_mnist, missing_message, raw_dir
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.paths import default_data_root
from digitpad.core.training.test_set import TestSetResult, evaluate_test_set
from digitpad.ui.common.i18n import describe, localize
from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.confusion_matrix import ConfusionMatrixWidget
from digitpad.ui.insight.misclassified_view import MisclassifiedGallery
from digitpad.ui.workers.runner import JobRunner

ERROR_STYLE = "color: #d9453b;"


class ConfusionView(InsightView):
    """`evaluate` scores the current model on the test split (loaded from the data root, or one given with
    `set_test_split`); results are kept per model, so switching back shows them again."""

    export_name = "confusion-matrix"
    needs_input = False
    description = QT_TRANSLATE_NOOP(
        "ConfusionView",
        "Test set: how the model does on 10,000 MNIST digits it never trained on: which digit it says for each "
        "true digit, and the digits it gets wrong.",
    )
    example_selected = Signal(object, object)  # a clicked mistake: normalised [1, 28, 28] input, its entry
    evaluation_finished = Signal()  # after every evaluation, whatever its outcome
    choose_data_requested = Signal()  # the user wants to pick the MNIST data folder

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionView")
        self._data_root: Path | None = None
        self._split: Split | None = None  # test split, kept once loaded
        self._results: weakref.WeakKeyDictionary[torch.nn.Module, TestSetResult] = weakref.WeakKeyDictionary()
        self._runner = JobRunner("evaluation", self)
        self._job_model: torch.nn.Module | None = None
        self._status: Callable[[], str] = str  # words the status line in the interface language ("" at first)
        self._status_error = False

        self.evaluate_button = QPushButton()
        self.evaluate_button.setObjectName("evaluateButton")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelEvaluationButton")
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("evaluationProgress")
        self.progress.setVisible(False)
        self.progress.setMaximumWidth(160)
        self.status = QLabel(wordWrap=True)
        self.status.setObjectName("evaluationStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (self.evaluate_button, self.cancel_button, self.progress):
            self.toolbar.addWidget(w)
        self.finish_toolbar()
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseDataButton")
        self.download_button = QPushButton()
        self.download_button.setObjectName("downloadDataButton")
        self._can_choose = False
        self._data_row = QWidget()
        data_row = QHBoxLayout(self._data_row)
        data_row.setContentsMargins(0, 0, 0, 0)
        data_row.addWidget(self.choose_button)
        data_row.addWidget(self.download_button)
        data_row.addStretch(1)
        self._data_row.setVisible(False)
        self.body.addWidget(self.status)
        self.body.addWidget(self._data_row)

        self.matrix = ConfusionMatrixWidget()
        self.summary = QLabel(wordWrap=True)
        self.summary.setObjectName("evaluationSummary")
        self.gallery = MisclassifiedGallery()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addWidget(self.matrix, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)  # stacked: side by side they would widen a narrow dock
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.gallery)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.body.addWidget(splitter, 1)

        self.evaluate_button.clicked.connect(self._on_evaluate_button_clicked)
        self.choose_button.clicked.connect(self.choose_data_requested)
        self.download_button.clicked.connect(self._on_download_button_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.matrix.cell_clicked.connect(self._on_matrix_cell_clicked)
        self.gallery.example_selected.connect(self.example_selected)
        self._runner.progress.connect(self._on_runner_progress)
        self._runner.returned.connect(self._on_runner_returned)
        self._runner.errored.connect(self._on_runner_errored)
        self._runner.aborted.connect(self._on_runner_aborted)
        self._runner.finished.connect(self._on_runner_finished)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.evaluate_button.setText(self.tr("Evaluate on test set"))
        self.evaluate_button.setToolTip(
            self.tr("Score the model on the 10,000 MNIST test digits (takes a few seconds)")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.choose_button.setText(self.tr("Choose folder…"))
        self.choose_button.setToolTip(self.tr("Pick the folder that holds MNIST/raw, then evaluate"))
        self.download_button.setText(self.tr("Download MNIST"))
        self.download_button.setToolTip(
            self.tr("Download the four MNIST files (11 MB) into the data folder, then evaluate")
        )
        self._show_status(self._status, self._status_error)
        if self._ckpt is not None and not self.is_stale():
            self._show_summary(self._ckpt)

    # --- public -------------------------------------------------------------------------------------------------
    def set_data_root(self, path: str | Path | None) -> None:
        new = None if path is None else Path(path)
        if new != self._data_root:
            self._data_root = new
            self._split = None

    def set_test_split(self, split: Split | None) -> None:
        """Evaluate on this split instead of loading MNIST's test set (a smaller one, or one already in memory)."""
        self._split = split

    def set_can_choose_data(self, can: bool) -> None:
        """Whether a missing data set offers "Choose folder…" (the panel can set the app's data folder)."""
        self._can_choose = can

    def data_missing(self) -> bool:
        """Whether the test set has to come from the data folder and MNIST is not there."""
        return self._split is None and not raw_dir(self._root()).is_dir()

    def is_busy(self) -> bool:
        return self._runner.running

    def result(self) -> TestSetResult | None:
        """The evaluation of the current model, if there is one."""
        return None if self._ckpt is None else self._results.get(self._ckpt.model)

    def evaluate(self, download: bool = False) -> bool:
        """Start scoring the current model (``download``: fetch MNIST first if it is missing); False if there is
        no model or a run is still going."""
        if self._ckpt is None or self._runner.running:
            return False
        self._job_model = self._ckpt.model
        # A private copy: the job's thread must not share modules with the live views on the GUI thread.
        model = copy.deepcopy(self._ckpt.model).eval()
        mean, std, root, split = self._ckpt.mean, self._ckpt.std, self._root(), self._split

        def job(state: JobState) -> TestSetResult:
            test = split if split is not None else load_mnist(root, download=download).test
            return evaluate_test_set(model, test, mean, std, state)

        self._set_running(True)
        self._show_data_missing(None)
        if download:
            self._show_status(lambda: self.tr("Downloading MNIST…"))
        elif self._split is None:
            self._show_status(lambda: self.tr("Loading the test set…"))
        else:
            self._show_status(lambda: self.tr("Evaluating…"))
        self._runner.start(job)
        return True

    def cancel(self) -> None:
        self._runner.cancel()  # a plain thread-safe call: a queued slot would wait behind the running loop

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop a running evaluation and join its thread; True if no thread is left running (else the runner
        detached it). Nothing of the evaluation reaches the view afterwards."""
        if not self._runner.running:
            return True
        ended = self._runner.shutdown(timeout_ms)
        self._set_running(False)
        return ended

    # --- rendering ------------------------------------------------------------------------------------------------
    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        result = self._results.get(ckpt.model)
        if result is None:
            self.matrix.set_counts(None)
            self.gallery.set_examples(None, [], ckpt.mean, ckpt.std)
            self._show_summary(ckpt)
            if not self._runner.running and self.data_missing():
                root = self._root()
                self._show_data_missing(lambda: localize(missing_message(root)))
            return
        self.matrix.set_counts(result.evaluation.confusion.numpy())
        self.gallery.set_examples(result.split, result.mistakes, ckpt.mean, ckpt.std)
        self._show_summary(ckpt)

    def _show_summary(self, ckpt: Checkpoint) -> None:
        result = self._results.get(ckpt.model)
        if result is None:
            self.summary.setText(
                self.tr("The {arch} model has not been evaluated here yet.").format(arch=ckpt.arch.upper())
            )
            return
        ev = result.evaluation
        wrong = ev.count - int(ev.confusion.diag().sum())
        self.summary.setText(
            self.tr(
                "<b>{accuracy:.2%}</b> of {count:,} test digits right ({wrong:,} wrong), mean loss {loss:.3f}. "
                "Click a cell to list its mistakes."
            ).format(accuracy=ev.accuracy, count=ev.count, wrong=wrong, loss=ev.loss)
        )

    def _root(self) -> Path:
        return default_data_root(self._data_root)

    def _show_data_missing(self, message: Callable[[], str] | None) -> None:
        """Say the data set is missing (``message`` words it) and offer to choose or download it; None hides that."""
        self._data_row.setVisible(message is not None)
        self.choose_button.setVisible(self._can_choose)
        if message is not None:
            self._show_status(message, error=True)

    def _show_status(self, text: Callable[[], str], error: bool = False) -> None:
        """Show ``text()`` in the status line (red for an ``error``), and word it again after a language switch."""
        self._status, self._status_error = text, error
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text())

    def _set_running(self, running: bool) -> None:
        self.evaluate_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)

    # --- slots ------------------------------------------------------------------------------------------------------
    def _on_evaluate_button_clicked(self) -> None:
        self.evaluate()

    def _on_download_button_clicked(self) -> None:
        self.evaluate(download=True)

    def _on_runner_progress(self, items: list[tuple[int, int]]) -> None:
        done, total = items[-1]
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._show_status(lambda: self.tr("Evaluating… {done:,} of {total:,}").format(done=done, total=total))

    def _on_runner_returned(self, result: TestSetResult) -> None:
        if self._split is None:
            self._split = result.split  # loaded once, kept for the next model
        if self._job_model is not None:
            self._results[self._job_model] = result
        count = result.evaluation.count
        self._show_status(lambda: self.tr("Evaluated on {count:,} test digits.").format(count=count))
        self.invalidate()

    def _on_runner_errored(self, exc: Exception) -> None:
        # A missing data set says what to do itself; anything else is named, so it can be reported.
        if isinstance(exc, DataError):
            self._show_data_missing(lambda: describe(exc))
            return
        self._show_status(
            lambda: self.tr("Evaluation failed: {kind}: {error}").format(kind=type(exc).__name__, error=describe(exc)),
            error=True,
        )

    def _on_runner_aborted(self) -> None:
        self._show_status(lambda: self.tr("Evaluation cancelled."))

    def _on_runner_finished(self) -> None:
        self._set_running(False)
        self.evaluation_finished.emit()

    def _on_matrix_cell_clicked(self, true: int, predicted: int) -> None:
        cell: tuple[int, int] | None = (true, predicted)
        if true == predicted or self.gallery.filter() == cell:
            cell = None
        self.matrix.set_selected(cell)
        self.gallery.set_filter(cell)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
