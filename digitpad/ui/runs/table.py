"""The runs as a table model: one row a run, sorted in Python (a list of thousands sorts in milliseconds, where a
proxy model would call back into Python for every comparison), kinds and statuses named in the interface language."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from digitpad.core.runtime.run_history import RunSummary

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RUN_ID_ROLE = Qt.ItemDataRole.UserRole + 2
# (field of `RunSummary`, header): English, translated in the "RunsTable" context where shown
COLUMNS = (
    ("id", QT_TRANSLATE_NOOP("RunsTable", "ID")),
    ("kind", QT_TRANSLATE_NOOP("RunsTable", "Kind")),
    ("model", QT_TRANSLATE_NOOP("RunsTable", "Model")),
    ("status", QT_TRANSLATE_NOOP("RunsTable", "Status")),
    ("started", QT_TRANSLATE_NOOP("RunsTable", "Started")),
    ("duration", QT_TRANSLATE_NOOP("RunsTable", "Duration")),
    ("test_accuracy", QT_TRANSLATE_NOOP("RunsTable", "Test accuracy")),
    ("device", QT_TRANSLATE_NOOP("RunsTable", "Device")),
)
NAMES = {  # the kinds and statuses `run_history` records
    "train": QT_TRANSLATE_NOOP("RunsTable", "training"),
    "fine-tune": QT_TRANSLATE_NOOP("RunsTable", "fine-tuning"),
    "gan": QT_TRANSLATE_NOOP("RunsTable", "GAN"),
    "running": QT_TRANSLATE_NOOP("RunsTable", "running"),
    "finished": QT_TRANSLATE_NOOP("RunsTable", "finished"),
    "stopped": QT_TRANSLATE_NOOP("RunsTable", "stopped"),
    "diverged": QT_TRANSLATE_NOOP("RunsTable", "diverged"),
    "failed": QT_TRANSLATE_NOOP("RunsTable", "failed"),
}
NUMBERS = {"id", "duration", "test_accuracy"}


def run_text(field: str, run: RunSummary) -> str:
    """A cell as shown: a kind or status in the interface language, a local start time, a duration, a percentage."""
    value = getattr(run, field)
    if value is None:
        return ""
    if field in ("kind", "status"):
        return QCoreApplication.translate("RunsTable", str(NAMES.get(value, value)))
    if field == "started":
        try:
            return _dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return str(value)
    if field == "duration":
        minutes, seconds = divmod(round(value), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    if field == "test_accuracy":
        return f"{value:.2%}"
    return str(value)


def _sort_key(field: str, run: RunSummary) -> Any:
    return run_text(field, run) if field in ("kind", "status") else getattr(run, field)


class RunsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[RunSummary] = []
        self._sort = (0, Qt.SortOrder.DescendingOrder)  # newest first

    # ----- reading ---------------------------------------------------------------------------------------------
    def run(self, row: int) -> RunSummary | None:
        return self._runs[row] if 0 <= row < len(self._runs) else None

    def runs(self) -> list[RunSummary]:
        return list(self._runs)

    def row_of(self, run_id: int) -> int:
        return next((row for row, run in enumerate(self._runs) if run.id == run_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        run = self.run(index.row())
        if run is None or not 0 <= index.column() < len(COLUMNS):
            return None
        field = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return run_text(field, run)
        if role == Qt.ItemDataRole.ToolTipRole and field == "model" and run.checkpoint:
            return run.checkpoint
        if role == Qt.ItemDataRole.TextAlignmentRole and field in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RUN_ID_ROLE:
            return run.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RunsTable", str(COLUMNS[section][1]))
        return None

    # ----- changing --------------------------------------------------------------------------------------------
    def set_runs(self, runs: Iterable[RunSummary]) -> None:
        """Every run, in place of those shown."""
        self.beginResetModel()
        self._runs = self._sorted(runs)
        self.endResetModel()

    def merge(self, runs: Sequence[RunSummary]) -> bool:
        """New runs and new versions of runs shown; whether anything changed."""
        known = {run.id: run for run in self._runs}
        if all(known.get(run.id) == run for run in runs):
            return False
        known.update({run.id: run for run in runs})
        self.set_runs(known.values())
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self._runs
        self._runs = self._sorted(self._runs)
        moved = {run.id: row for row, run in enumerate(self._runs)}
        for index in self.persistentIndexList():  # the selection follows its runs
            row = moved[before[index.row()].id]
            self.changePersistentIndex(index, self.index(row, index.column()))
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._runs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._runs) - 1, len(COLUMNS) - 1))

    def _sorted(self, runs: Iterable[RunSummary]) -> list[RunSummary]:
        column, order = self._sort
        field = COLUMNS[column][0]
        ordered = sorted(runs, key=lambda run: run.id, reverse=True)  # ties stay newest first
        present = [run for run in ordered if getattr(run, field) is not None]
        present.sort(key=lambda run: _sort_key(field, run), reverse=order == Qt.SortOrder.DescendingOrder)
        return present + [run for run in ordered if getattr(run, field) is None]  # empty cells last, either way
