"""The models a user can pick: every registry model's pretrained weights, plus checkpoints opened or trained this run.

`ModelCatalog` is a Qt item model, so the selector is a plain QComboBox on it. A registry model whose pretrained file
is missing or unreadable stays listed but disabled, with the reason as its tooltip; the pretrained folder is watched,
so a file that appears later (a finished training run) becomes selectable without a restart.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from digitpad.core.models.names import MODEL_NAMES, MODEL_TITLES
from digitpad.core.runtime import paths

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "Loading…"  # a pretrained entry's problem until its file has been read


@dataclass
class ModelEntry:
    key: str  # unique in the catalog: the registry name for pretrained models
    arch: str
    name: str  # what the user calls it: the registry title, a file name, "trained 14:05"
    source: str  # "pretrained", "opened" or "trained"
    checkpoint: Checkpoint | None = None
    problem: str | None = None  # why it cannot be used, when checkpoint is None

    @property
    def available(self) -> bool:
        return self.checkpoint is not None

    @property
    def label(self) -> str:
        """Selector text; always starts with the registry name."""
        if self.checkpoint is None:
            return f"{self.arch} — {self.name} ({'loading…' if self.problem == LOADING else 'not available'})"
        acc = self.checkpoint.test_accuracy
        return f"{self.arch} — {self.name}" + (f" · {acc:.1%}" if acc is not None else "")

    @property
    def short_label(self) -> str:
        return self.arch if self.source == "pretrained" else f"{self.arch} ({self.name})"


def _tooltip(entry: ModelEntry) -> str:
    if entry.checkpoint is None:
        return entry.problem or "Not available."
    ckpt = entry.checkpoint
    lines = [f"{MODEL_TITLES[entry.arch]} ({entry.source})"]
    if ckpt.test_accuracy is not None:
        lines.append(f"MNIST test accuracy: {ckpt.test_accuracy:.2%}")
    if ckpt.metadata.get("parameters"):
        lines.append(f"Parameters: {int(ckpt.metadata['parameters']):,}")
    if ckpt.path is not None:
        lines.append(str(ckpt.path))
    return "\n".join(lines)


class ModelCatalog(QStandardItemModel):
    """Rows of `ModelEntry`; `entry_ready(row)` fires when a row becomes usable after it was listed."""

    entry_ready = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher: QFileSystemWatcher | None = None
        self._counter = 0
        for name, title in MODEL_TITLES.items():
            self._append(ModelEntry(name, name, title, "pretrained", problem=LOADING))

    # ----- reading -------------------------------------------------------------------------------------------
    def entry(self, row: int) -> ModelEntry | None:
        item = self.item(row) if 0 <= row < self.rowCount() else None
        return item.data(ENTRY_ROLE) if item is not None else None

    def entries(self) -> list[ModelEntry]:
        return [e for e in (self.entry(r) for r in range(self.rowCount())) if e is not None]

    def available_entries(self) -> list[ModelEntry]:
        return [e for e in self.entries() if e.available]

    def row_of(self, key: str) -> int:
        for row, entry in enumerate(self.entries()):
            if entry.key == key:
                return row
        return -1

    # ----- filling -------------------------------------------------------------------------------------------
    def load_pretrained(self) -> int:
        """Load every registry model's pretrained checkpoint that is not loaded yet; returns how many are usable."""
        from digitpad.core.models.checkpoint import CheckpointError, load_checkpoint  # imports torch

        for row, entry in enumerate(self.entries()):
            if entry.source != "pretrained" or entry.available:
                continue
            try:
                path = paths.pretrained_path(entry.arch)
                if not path.is_file():
                    raise CheckpointError(f"No pretrained weights yet: {path} does not exist.")
                ckpt = load_checkpoint(path)
            except (CheckpointError, FileNotFoundError) as exc:
                entry.problem = str(exc)
                self._refresh(row)
                continue
            entry.checkpoint, entry.problem = ckpt, None
            self._refresh(row)
            self.entry_ready.emit(row)
        return len([e for e in self.entries() if e.source == "pretrained" and e.available])

    def watch_pretrained(self) -> None:
        """Load pretrained files that appear in the resources folder while the app runs."""
        if self._watcher is not None or all(e.available for e in self.entries() if e.source == "pretrained"):
            return
        try:
            folder = paths.pretrained_path(MODEL_NAMES[0]).parent
        except FileNotFoundError:
            return
        self._watcher = QFileSystemWatcher([str(folder)], self)
        self._watcher.directoryChanged.connect(self._on_pretrained_folder_changed)

    def add_checkpoint(self, name: str, checkpoint: Checkpoint, source: str = "opened") -> int:
        """Add a checkpoint (opened from a file or just trained) and return its row."""
        checkpoint.model.cpu().eval()  # predictions run on the CPU, next to the GUI
        self._counter += 1
        name = name or (Path(checkpoint.path).name if checkpoint.path else f"{source} {_dt.datetime.now():%H:%M}")
        entry = ModelEntry(f"{checkpoint.arch}#{self._counter}", checkpoint.arch, name, source, checkpoint)
        self._append(entry)
        return self.rowCount() - 1

    def _append(self, entry: ModelEntry) -> None:
        item = QStandardItem()
        item.setEditable(False)
        item.setData(entry, ENTRY_ROLE)
        self.appendRow(item)
        self._refresh(self.rowCount() - 1)

    def _refresh(self, row: int) -> None:
        item, entry = self.item(row), self.entry(row)
        if item is None or entry is None:
            return
        item.setText(entry.label)
        item.setToolTip(_tooltip(entry))
        item.setEnabled(entry.available)

    def _on_pretrained_folder_changed(self, _folder: str) -> None:
        self.load_pretrained()
        if self._watcher is not None and all(e.available for e in self.entries() if e.source == "pretrained"):
            self._watcher.deleteLater()
            self._watcher = None
