"""The embedding projector: the test digits as a 2-D map of what the model's last hidden layer makes of them (core
`digitpad.core.insight.embedding`), made off the GUI thread by a `JobRunner` when the tab is in sight, kept per
model and method. The input shown (the drawing, or a test digit clicked anywhere) is a star that moves as the user
draws; the user's own digits are diamonds. Clicking a test digit shows it in every view, as the test-set view's
mistakes do.

The status line is kept as a function that words it, so that a language switch words it again; the map words its
own lines (`ProjectorMap`)."""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from digitpad.core.data.mnist import DataError, Split, load_mnist, missing_message, raw_dir
from digitpad.core.inference.normalization import normalize
from digitpad.core.insight.embedding import (
    FEATURES,
    PCA,
    TSNE,
    Embedding,
    default_cache_folder,
    features_of,
    project_test_set,
)
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.my_digits.store import MyDigit
from digitpad.core.runtime.jobs import JobState
from digitpad.core.runtime.paths import default_data_root
from digitpad.ui.common.i18n import describe, localize
from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.confusion_view import ERROR_STYLE
from digitpad.ui.insight.projector_map import ProjectorMap
from digitpad.ui.workers.runner import JobRunner

METHOD_NAMES = {PCA: QT_TRANSLATE_NOOP("ProjectorView", "PCA"), TSNE: QT_TRANSLATE_NOOP("ProjectorView", "t-SNE")}


class ProjectorView(InsightView):
    """`compute` maps the test split (from the data root, or one given with `set_test_split`) for the current model
    and method; the view starts it itself when it is in sight and has no map to show."""

    export_name = "projector"
    needs_input = False  # the map is the model's; the star follows the input without redrawing it
    explain_link = False
    description = QT_TRANSLATE_NOOP(
        "ProjectorView",
        "Projector: each dot is a test digit, placed by what the model's last hidden layer makes of it, so digits "
        "it reads alike lie close together. The star is the input shown: it moves as you draw.",
    )
    example_selected = Signal(object, object)  # a clicked test digit: normalised [1, 28, 28] input, its entry
    choose_data_requested = Signal()  # the user wants to pick the MNIST data folder
    map_finished = Signal()  # after every computation, whatever its outcome

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectorView")
        self.source_label.setVisible(True)  # the star is the input: say which
        self._data_root: Path | None = None
        self._split: Split | None = None  # the test split the maps index, kept once loaded
        self._generation = 0  # counts changes of the test split: a map made for an older one is dropped
        self._maps: weakref.WeakKeyDictionary[torch.nn.Module, dict[str, Embedding]] = weakref.WeakKeyDictionary()
        self._shown_model: torch.nn.Module | None = None  # the model of the map on screen
        self._method = PCA
        self._held = False  # a cancelled or failed map is not started again until asked
        self._job: tuple[torch.nn.Module, str, int] | None = None
        self._runner = JobRunner("projection", self)
        self._status: Callable[[], str] = str
        self._status_error = False
        self._own = np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
        self._can_choose = False

        self.method_label = QLabel()
        self.method_box = QComboBox()
        self.method_box.setObjectName("projectionMethod")
        for method in METHOD_NAMES:
            self.method_box.addItem("", method)
        self.toolbar.addWidget(self.method_label)
        self.toolbar.addWidget(self.method_box)
        self.finish_toolbar()
        self.status = QLabel(wordWrap=True)
        self.status.setObjectName("projectionStatus")
        self.progress = QProgressBar()
        self.progress.setObjectName("projectionProgress")
        self.progress.setMaximumWidth(120)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelProjectionButton")
        self.compute_button = QPushButton()
        self.compute_button.setObjectName("computeProjectionButton")
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseDataButton")
        self.download_button = QPushButton()
        self.download_button.setObjectName("downloadDataButton")
        row = QHBoxLayout()  # at most two of these at once: progress and Cancel, or the two ways to get MNIST
        controls: tuple[QWidget, ...] = (
            self.progress,
            self.cancel_button,
            self.compute_button,
            self.choose_button,
            self.download_button,
        )
        for w in controls:
            w.setVisible(False)
            row.addWidget(w)
        row.addStretch(1)
        self.map = ProjectorMap()
        self.body.addWidget(self.status)
        self.body.addLayout(row)
        self.body.addWidget(self.map, 1)
        self.body.addStretch()  # keeps the status line at the top while there is no map

        self.method_box.currentIndexChanged.connect(self._on_method_box_changed)
        self.cancel_button.clicked.connect(self.cancel)
        self.compute_button.clicked.connect(self._on_compute_button_clicked)
        self.choose_button.clicked.connect(self.choose_data_requested)
        self.download_button.clicked.connect(self._on_download_button_clicked)
        self.map.point_clicked.connect(self._on_map_point_clicked)
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
        self.method_label.setText(self.tr("Map:"))
        for i in range(self.method_box.count()):
            name = METHOD_NAMES[self.method_box.itemData(i)]
            self.method_box.setItemText(i, QCoreApplication.translate("ProjectorView", str(name)))
        self.method_box.setToolTip(
            self.tr("How the features are laid flat: PCA is quick and exact, t-SNE shows clusters but takes longer")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.compute_button.setText(self.tr("Make the map"))
        self.choose_button.setText(self.tr("Choose folder…"))
        self.choose_button.setToolTip(self.tr("Pick the folder that holds MNIST/raw, then make the map"))
        self.download_button.setText(self.tr("Download MNIST"))
        self.download_button.setToolTip(
            self.tr("Download the four MNIST files (11 MB) into the data folder, then make the map")
        )
        self._show_status(self._status, self._status_error)
        self._place_star()  # the star's line names the input in the new language

    # --- public -------------------------------------------------------------------------------------------------
    def set_data_root(self, path: str | Path | None) -> None:
        new = None if path is None else Path(path)
        if new != self._data_root:
            self._data_root = new
            self._new_split(None)

    def set_test_split(self, split: Split | None) -> None:
        """Map this split instead of MNIST's test set (a smaller one, or one already in memory)."""
        self._new_split(split)

    def set_can_choose_data(self, can: bool) -> None:
        """Whether a missing data set offers "Choose folder…" (the panel can set the app's data folder)."""
        self._can_choose = can

    def set_own_digits(self, digits: Sequence[MyDigit]) -> None:
        """The user's own digits, shown as diamonds on the map (placed as the drawing is)."""
        images = np.stack([d.image for d in digits]).astype(np.uint8) if digits else np.zeros((0, 28, 28), np.uint8)
        self._own = images, np.array([d.label for d in digits], dtype=np.int64)
        self.invalidate()

    def set_input(self, x: torch.Tensor | None) -> None:
        super().set_input(x)
        if self.on_screen():
            self._place_star()
        else:
            self._stale = True

    def set_method(self, method: str) -> None:
        self.method_box.setCurrentIndex(self.method_box.findData(method))

    def embedding(self) -> Embedding | None:
        """The map of the current model by the current method, if it has been made."""
        return None if self._ckpt is None else self._maps.get(self._ckpt.model, {}).get(self._method)

    def data_missing(self) -> bool:
        return self._split is None and not raw_dir(default_data_root(self._data_root)).is_dir()

    def is_busy(self) -> bool:
        return self._runner.running

    def compute(self, download: bool = False) -> bool:
        """Start mapping the test split for the current model and method (``download``: fetch MNIST first if it is
        missing); False if there is no model or a map is being made."""
        if self._ckpt is None or self._runner.running:
            return False
        ckpt, method, split = self._ckpt, self._method, self._split
        self._job = (ckpt.model, method, self._generation)
        model = copy.deepcopy(ckpt.model).eval()  # the job's own: the live views keep using theirs
        mean, std, root, path, folder = ckpt.mean, ckpt.std, default_data_root(self._data_root), ckpt.path, None
        if path is not None:
            folder = default_cache_folder()

        def job(state: JobState) -> tuple[Split, Embedding]:
            test = split if split is not None else load_mnist(root, download=download).test
            return test, project_test_set(model, test, mean, std, method, state, checkpoint=path, cache_folder=folder)

        self._held = False
        self._set_running(True)
        self._show_data_missing(None)
        if download:
            self._show_status(lambda: self.tr("Downloading MNIST…"))
        else:
            self._show_status(lambda: self.tr("Loading the test set…"))
        self._runner.start(job)
        return True

    def cancel(self) -> None:
        self._runner.cancel()  # a plain thread-safe call: a queued slot would wait behind the running job

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop a map being made and join its thread; True if no thread is left running (else it is detached)."""
        if not self._runner.running:
            return True
        ended = self._runner.shutdown(timeout_ms)
        self._set_running(False)
        return ended

    def star_position(self) -> tuple[float, float] | None:
        """Where the star (the input shown) is on the map, or None when it is not on it."""
        return self.map.plot.star_position()

    # --- rendering ----------------------------------------------------------------------------------------------
    def _model_changed(self, ckpt: Checkpoint) -> None:
        self._held = False

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        embedding = self._maps.get(ckpt.model, {}).get(self._method)
        self._shown_model = ckpt.model
        self.map.setVisible(embedding is not None)
        self.map.show_map(ckpt.model, embedding)
        if embedding is None:
            if self._runner.running:
                return
            if self.data_missing():
                root = default_data_root(self._data_root)
                self._show_data_missing(lambda: localize(missing_message(root)))
            elif not self._held:
                self.compute()
            return
        if not self._runner.running:
            self._show_data_missing(None)
            self._show_status(str)
        images, labels = self._own
        if len(labels):
            feats, probs = features_of(ckpt.model, normalize(torch.from_numpy(images), ckpt.mean, ckpt.std))
            self.map.show_own(embedding.place(feats), labels, probs.argmax(1))
        else:
            self.map.show_own(np.zeros((0, 2), np.float32), labels, labels)
        self._place_star()

    def _place_star(self) -> None:
        """Move the star to the input shown (the model reads it once, on this thread: one image is quick)."""
        embedding, x, ckpt = self.map.embedding(), self._x, self._ckpt
        if embedding is None or x is None or ckpt is None or self._shown_model is not ckpt.model:
            self.map.show_star(None)
            return
        feats, probs = features_of(ckpt.model, x)
        digit = int(probs[0].argmax())
        self.map.show_star(embedding.place(feats)[0], digit, float(probs[0, digit]), self.source())

    def _new_split(self, split: Split | None) -> None:
        self._split = split
        self._generation += 1
        self._maps = weakref.WeakKeyDictionary()
        self._held = False
        self.invalidate()

    def _show_data_missing(self, message: Callable[[], str] | None) -> None:
        """Say the data set is missing (``message`` words it) and offer to choose or download it; None hides that."""
        self.choose_button.setVisible(message is not None and self._can_choose)
        self.download_button.setVisible(message is not None)
        if message is not None:
            self._show_status(message, error=True)

    def _show_status(self, text: Callable[[], str], error: bool = False) -> None:
        self._status, self._status_error = text, error
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text())
        self.status.setVisible(bool(self.status.text()))

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.compute_button.setVisible(False)

    # --- slots ------------------------------------------------------------------------------------------------------
    def _on_method_box_changed(self, index: int) -> None:
        self._method = str(self.method_box.itemData(index))
        self._held = False
        self.invalidate()

    def _on_compute_button_clicked(self) -> None:
        self.compute()

    def _on_download_button_clicked(self) -> None:
        self.compute(download=True)

    def _on_map_point_clicked(self, i: int) -> None:
        embedding = self.map.embedding()
        if embedding is None or self._split is None or self._ckpt is None:
            return
        entry = embedding.entry(i)
        image = self._split.images[int(entry["index"])]
        self.example_selected.emit(normalize(image, self._ckpt.mean, self._ckpt.std).unsqueeze(0), entry)

    def _on_runner_progress(self, items: list[tuple[str, int, int]]) -> None:
        stage, done, total = items[-1]
        if stage == FEATURES:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self._show_status(
                lambda: self.tr("Reading the features of the test digits… {done:,} of {total:,}").format(
                    done=done, total=total
                )
            )
        else:
            self.progress.setRange(0, 0)
            self._show_status(
                lambda: self.tr("t-SNE is arranging {count:,} digits (this can take a minute)…").format(count=total)
            )

    def _on_runner_returned(self, result: tuple[Split, Embedding]) -> None:
        split, embedding = result
        if self._job is None or self._job[2] != self._generation:
            return  # made for a test split that has since been replaced
        model, method, _generation = self._job
        if self._split is None:
            self._split = split  # loaded once, kept for the next model
        self._maps.setdefault(model, {})[method] = embedding
        self._show_status(str)

    def _on_runner_errored(self, exc: Exception) -> None:
        self._held = True
        if isinstance(exc, DataError):
            self._show_data_missing(lambda: describe(exc))
            return
        self._show_status(
            lambda: self.tr("The map could not be made: {kind}: {error}").format(
                kind=type(exc).__name__, error=describe(exc)
            ),
            error=True,
        )

    def _on_runner_aborted(self) -> None:
        self._held = True
        self._show_status(lambda: self.tr("Map cancelled."))

    def _on_runner_finished(self) -> None:
        self._set_running(False)
        self._job = None
        self.map_finished.emit()
        self.invalidate()  # shows the new map, or starts the one the current model and method still need
        self.compute_button.setVisible(self._held and self.embedding() is None and not self.data_missing())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
