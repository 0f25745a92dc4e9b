"""The Runs view: every recorded training, fine-tuning and GAN run in a sortable table, newest first; the selected
runs' curves overlaid; the current run's weights and gradients over time; Open model, Delete, Export and Refresh.

The table follows the history by itself while the dock is in sight (`set_watching`): a timer asks SQLite a few times a
second whether another connection wrote (`PRAGMA data_version`), and then reads only the new runs and those still
running. Those reads are indexed and light, so a history of thousands of runs keeps the window responsive; opening the
history (which checks the whole file) and an export (which reads every logged value) run in worker threads. A
database that cannot be read is a sentence, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.runtime.run_export import export_to_file
from digitpad.core.runtime.run_history import RunHistory, RunHistoryError, RunSummary
from digitpad.ui import settings as keys
from digitpad.ui.common.flow_layout import FlowLayout
from digitpad.ui.common.i18n import describe, localize
from digitpad.ui.common.naming import named
from digitpad.ui.runs import actions
from digitpad.ui.runs.curves import RunCurve, RunCurves
from digitpad.ui.runs.histogram_view import HistogramView
from digitpad.ui.runs.source import RunsSource
from digitpad.ui.runs.table import RunsTableModel
from digitpad.ui.state import AppState
from digitpad.ui.workers.runner import JobRunner

POLL_MS = 300  # how often the table asks whether the history changed, while it is in sight
MAX_OVERLAID = 10  # runs whose curves are drawn at once; more selected are named in the status line
Wording = Callable[[], str]


class RunsPanel(QWidget):
    open_model_requested = Signal(object)  # the Path of a run's checkpoint: the window opens it as File > Open does
    checkpoints_deleted = Signal(object)  # the Paths of checkpoint files deleted with their runs

    def __init__(
        self, parent: QWidget | None = None, *, state: AppState | None = None, database: str | Path | None = None
    ) -> None:
        """``database``: the run history's file (default: the user's)."""
        super().__init__(parent)
        self._state = state
        self.source = RunsSource(database)
        self._status: Wording = lambda: ""
        self._exporting = Path()
        self._restoring = False  # the selection is being put back after a change of the model
        self._opener = JobRunner("runs-open", self, heavy=False)
        self._opener.returned.connect(self._on_opener_returned)
        self._opener.errored.connect(self._on_opener_errored)
        self._exporter = JobRunner("runs-export", self, heavy=False)
        self._exporter.returned.connect(self._on_exporter_returned)
        self._exporter.errored.connect(self._on_exporter_errored)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._build()
        self._retranslate()

    def _build(self) -> None:
        self.caption = named(QLabel(wordWrap=True), "runsCaption")
        self.open_button = named(QPushButton(), "runsOpenModel")
        self.delete_button = named(QPushButton(), "runsDelete")
        self.export_button = named(QPushButton(), "runsExport")
        self.refresh_button = named(QPushButton(), "runsRefresh")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export)
        self.refresh_button.clicked.connect(self.refresh)
        buttons = FlowLayout()  # one row, or two in a narrow dock
        for button in (self.open_button, self.delete_button, self.export_button, self.refresh_button):
            buttons.addWidget(button)
        self.model = RunsTableModel(self)
        self.table = named(QTableView(), "runsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(120)  # four rows or so, with the header
        self.table.horizontalHeader().setResizeContentsPrecision(50)  # columns fit the first rows, not thousands
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_table_selection_changed())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_table_current_changed())
        self.empty_label = named(QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter), "runsEmpty")
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self._table_pages = QStackedWidget()
        self._table_pages.addWidget(self.empty_label)
        self._table_pages.addWidget(self.table)
        self.curves = RunCurves()
        self.histograms = HistogramView()
        self.tabs = named(QTabWidget(), "runsTabs")
        self.tabs.addTab(self.curves, "")
        self.tabs.addTab(self.histograms, "")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._table_pages)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.status = named(QLabel(wordWrap=True), "runsStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    # ----- following the history -------------------------------------------------------------------------------
    def set_watching(self, watching: bool) -> None:
        """Follow the history while the view is in sight (the window calls this as its dock shows and hides)."""
        if watching and not self._timer.isActive():
            self._timer.start()
            self._poll()
        elif not watching:
            self._timer.stop()

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    @property
    def busy(self) -> bool:
        """Whether the history is being opened or exported in a worker thread."""
        return self._opener.running or self._exporter.running

    def refresh(self) -> None:
        """Read every run again (opening the history first, in a worker thread, where it is not open)."""
        if not self.source.is_open:
            self._open()
            return
        runs = self.source.read(lambda history: history.summaries(), None)
        if runs is not None:
            with self._selection_kept():
                self.model.set_runs(runs)
            self.table.resizeColumnsToContents()
        self._after_reading()

    def _open(self) -> None:
        if not self._opener.running:
            self._opener.start(lambda _state: self.source.open())
            self._after_reading(live=False)

    def _on_opener_returned(self, history: RunHistory) -> None:
        self.source.attach(history)
        self.refresh()

    def _on_opener_errored(self, exc: BaseException) -> None:
        self.source.failed(exc)
        self._after_reading()

    def _poll(self) -> None:
        if self.source.changed():
            self._update()
        elif not self.source.is_open and self.source.problem is None:  # set aside or replaced: open the new one
            self._open()

    def _update(self) -> None:
        """Read what changed: the new runs and those still running; every run when some were deleted elsewhere."""
        known = self.model.runs()
        newest = max((run.id for run in known), default=0)
        running = [run.id for run in known if run.status == "running"]
        found = self.source.read(lambda history: (history.count(), history.summaries(newest, running)), None)
        if found is None:
            self._after_reading()
            return
        count, changed = found
        if count != len(known) + sum(run.id > newest for run in changed):
            self.refresh()
            return
        following = {run.id for run in self.selected_runs() if run.status == "running"}
        with self._selection_kept():
            merged = self.model.merge(changed)
        self._after_reading(live=merged or bool(following))

    def _after_reading(self, live: bool = True) -> None:
        """Show the table or why there is none; ``live``: redraw the selected runs' curves and histograms."""
        self._table_pages.setCurrentIndex(1 if self.model.rowCount() and self.source.problem is None else 0)
        self._retranslate_empty()
        if self.source.notices:
            notices, self.source.notices = self.source.notices, []
            self._set_status(lambda: " ".join(localize(notice) for notice in notices))
        if live:
            self._show_curves()
            self._show_histograms()

    @contextmanager
    def _selection_kept(self) -> Iterator[None]:
        """The selected runs (and the current one) stay selected across a change of the model; the views follow
        as `_after_reading` says."""
        selected, current = [run.id for run in self.selected_runs()], self._current_run()
        self._restoring = True
        try:
            yield
            self._select(selected, current.id if current is not None else None)
        finally:
            self._restoring = False
        self._update_buttons()

    # ----- the selection ---------------------------------------------------------------------------------------
    def selected_runs(self) -> list[RunSummary]:
        """The selected runs, in the table's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [run for run in (self.model.run(row) for row in rows) if run is not None]

    def select_runs(self, run_ids: Sequence[int]) -> None:
        """Select these runs, the first one current (its histograms shown)."""
        self._select(run_ids, run_ids[0] if run_ids else None)

    def _select(self, run_ids: Sequence[int], current: int | None) -> None:
        selection = QItemSelection()
        for row in (self.model.row_of(run_id) for run_id in run_ids):
            if row >= 0:
                selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        picker = self.table.selectionModel()
        row = self.model.row_of(current) if current is not None else -1
        if row >= 0:
            picker.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        picker.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _current_run(self) -> RunSummary | None:
        """The run whose histograms are shown: the one clicked last, if selected, else the first selected."""
        selected = self.selected_runs()
        current = self.model.run(self.table.selectionModel().currentIndex().row())
        return current if current in selected else (selected[0] if selected else None)

    def _on_table_selection_changed(self) -> None:
        if not self._restoring:
            self._update_buttons()
            self._show_curves()
            self._show_histograms()

    def _on_table_current_changed(self) -> None:
        if not self._restoring:
            self._show_histograms()

    def _update_buttons(self) -> None:
        selected = self.selected_runs()
        self.open_button.setEnabled(len(selected) == 1)
        self.delete_button.setEnabled(bool(selected))
        self.export_button.setEnabled(self.model.rowCount() > 0 and not self._exporter.running)

    def _show_curves(self) -> None:
        selected = self.selected_runs()
        self.curves.show_runs([self._curve(run) for run in selected[:MAX_OVERLAID]])
        if len(selected) > MAX_OVERLAID:
            shown = MAX_OVERLAID
            self._set_status(
                lambda: self.tr("The curves of the first {shown} selected runs are drawn.").format(shown=shown)
            )

    def _show_histograms(self) -> None:
        current = self._current_run()
        if current is None:
            self.histograms.set_run(None)
            return
        run_id = current.id
        layers: list[str] = self.source.read(lambda history: history.histogram_layers(run_id), [])
        self.histograms.set_run(
            layers, lambda layer, kind: self.source.read(lambda history: history.histograms(run_id, layer, kind), [])
        )

    def _curve(self, run: RunSummary) -> RunCurve:
        loss_name = "g_loss" if run.kind == "gan" else "loss"

        def read(history: RunHistory) -> RunCurve:
            loss = history.curve(run.id, loss_name)
            accuracy = history.curve(run.id, "val_acc", by="epoch")
            return RunCurve(run.id, run.model, loss, accuracy, loss_name)

        return self.source.read(read, RunCurve(run.id, run.model, [], [], loss_name))

    # ----- actions ---------------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        """Ask the window to open the selected run's checkpoint as a model; a run without one says so."""
        selected = self.selected_runs()
        if len(selected) != 1:
            return
        run = selected[0]
        if not run.checkpoint:
            self._set_status(lambda: self.tr("Run {id} saved no model to open.").format(id=run.id))
        elif not Path(run.checkpoint).is_file():
            self._set_status(
                lambda: self.tr("The model of run {id}, {path}, is no longer there.").format(
                    id=run.id, path=run.checkpoint
                )
            )
        else:
            self._set_status(lambda: self.tr("Opened the model of run {id}.").format(id=run.id))
            self.open_model_requested.emit(Path(run.checkpoint))

    def delete_selected(self) -> None:
        """Delete the selected runs and their checkpoints, after the user confirms; a checkpoint digitpad ships is
        kept."""
        runs = self.selected_runs()
        if not runs or not actions.confirm_delete(self, runs):
            return
        deleted = actions.delete_runs(self.source, runs)
        self.refresh()
        if deleted.runs:
            self._set_status(deleted.text)
        if deleted.paths:
            self.checkpoints_deleted.emit(deleted.paths)

    def export(self, path: str | Path | None = None) -> None:
        """Export the selected runs (none selected: every run) to a CSV or JSON file, in a worker thread; without
        ``path``, ask where."""
        if self._exporter.running:
            return
        if path is None:
            path = actions.ask_export_path(self, self._last_folder())
            if not path:
                return
        out = Path(path)
        if self._state is not None:
            self._state.settings.setValue(keys.LAST_FOLDER, str(out.parent))
        fmt = "json" if out.suffix.lower() == ".json" else "csv"
        ids = [run.id for run in self.selected_runs()] or None
        database = self.source.path
        self._exporting = out
        self._exporter.start(lambda _state: export_to_file(out, fmt, ids, database))
        self._update_buttons()
        self._set_status(lambda: self.tr("Exporting to {path}…").format(path=out))

    def _on_exporter_returned(self, count: int) -> None:
        out = self._exporting
        self._set_status(lambda: self.tr("Wrote {count} runs to {path}.").format(count=count, path=out))
        self._update_buttons()

    def _on_exporter_errored(self, exc: BaseException) -> None:
        out = self._exporting
        self._set_status(lambda: self.tr("Could not export to {path}: {error}").format(path=out, error=describe(exc)))
        self._update_buttons()

    def _last_folder(self) -> str:
        return str(self._state.settings.value(keys.LAST_FOLDER, str(Path.home())) if self._state else Path.home())

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop following the history and end an export in progress (the window is closing)."""
        self._timer.stop()
        self._opener.shutdown(timeout_ms)
        self._exporter.shutdown(timeout_ms)
        self.source.close()

    # ----- texts -----------------------------------------------------------------------------------------------
    def _set_status(self, wording: Wording) -> None:
        self._status = wording
        self.status.setText(wording())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.caption.setText(
            self.tr(
                "Every training run recorded on this computer, newest first. Select several to overlay their curves; "
                "the histograms show how the current run's weights and gradients changed as it trained."
            )
        )
        self.open_button.setText(self.tr("Open model"))
        self.open_button.setToolTip(self.tr("Open the selected run's model in the model list, as File > Open does"))
        self.delete_button.setText(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected runs and their checkpoint files"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("Write the selected runs (or every run) and all they logged to a CSV or JSON file")
        )
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the run history again"))
        self.tabs.setTabText(0, self.tr("Curves"))
        self.tabs.setTabText(1, self.tr("Weights and gradients"))
        self.model.retranslate()
        self._retranslate_empty()
        self.status.setText(self._status())

    def _retranslate_empty(self) -> None:
        problem = self.source.problem
        if isinstance(problem, RunHistoryError):
            self.empty_label.setText(describe(problem))
        elif problem is not None:
            self.empty_label.setText(
                self.tr("The run history {path} could not be read: {error}").format(
                    path=self.source.path, error=describe(problem)
                )
            )
        elif not self.source.is_open:
            self.empty_label.setText(self.tr("Reading the run history…"))
        else:
            self.empty_label.setText(
                self.tr(
                    "No runs recorded yet. Train a model in the Training panel (or run `digitpad train` in a "
                    "terminal) and it is listed here, with its curves."
                )
            )
