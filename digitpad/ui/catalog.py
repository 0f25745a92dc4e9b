"""The models a user can pick: every registry model's pretrained weights, then the user's own models.

`ModelCatalog` is a Qt item model, so the selector is a plain QComboBox on it. A registry model whose pretrained file
is missing or unreadable stays listed but disabled, with the reason as its tooltip; the pretrained folder is watched,
so a file that appears later (a finished training run) becomes selectable without a restart.

The user's models (trained, fine-tuned, opened) are theirs: each is saved as soon as it joins the catalog, as a
copy in `paths.user_models_dir()` (an opened file is copied, so moving or deleting the original loses nothing),
listed again at the next start, and gone only when the user removes it (`ask_remove`).

Labels and tooltips are made in the interface language; an entry keeps why it cannot be used (or saved) as a core
`Message` where there is one, so `retranslate` can say it again in another language.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QFileSystemWatcher, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMessageBox, QWidget

from digitpad.core.models.names import MODEL_NAMES, MODEL_TITLES
from digitpad.core.runtime import paths
from digitpad.core.runtime.messages import Message, text_of, translate
from digitpad.ui.common.i18n import localize

if TYPE_CHECKING:
    from digitpad.core.models.checkpoint import Checkpoint

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "Loading…"  # a pretrained entry's problem until its file has been read
SOURCES = {  # the entries' sources, as their tooltips name them
    "pretrained": QT_TRANSLATE_NOOP("ModelCatalog", "pretrained"),
    "trained": QT_TRANSLATE_NOOP("ModelCatalog", "trained"),
    "fine-tuned": QT_TRANSLATE_NOOP("ModelCatalog", "fine-tuned"),
    "opened": QT_TRANSLATE_NOOP("ModelCatalog", "opened"),
}
USER_KEY = "mine:"  # the key of a saved user model: this prefix and its file's stem, the same after a restart


@dataclass
class ModelEntry:
    key: str  # unique in the catalog: the registry name for pretrained models, USER_KEY + file stem for saved ones
    arch: str
    name: str  # what the user calls it: the registry title, a file name, "cnn · 2 epochs · 98.9% · 14:03"
    source: str  # "pretrained", "trained", "fine-tuned" or "opened"
    checkpoint: Checkpoint | None = None
    problem: str | None = None  # why it cannot be used, when checkpoint is None (a `Message`, where it is one)
    file: Path | None = None  # the user's model's copy in the models folder (None: pretrained, or not saved)
    not_saved: str | None = None  # why a user's model could not be saved: it lasts until the app quits

    @property
    def available(self) -> bool:
        return self.checkpoint is not None

    @property
    def removable(self) -> bool:
        """The user's own models can be removed; the pretrained ones ship with digitpad."""
        return self.source != "pretrained"

    @property
    def label(self) -> str:
        """Selector text; always starts with the registry name (a trained model's name does)."""
        name = localize(self.name)  # a pretrained model's name is its registry title, a `Message`
        if self.checkpoint is None:
            if self.source != "pretrained":
                return QCoreApplication.translate("ModelCatalog", "{name} (not readable)").format(name=name)
            if self.problem == LOADING:
                return QCoreApplication.translate("ModelCatalog", "{arch} — {name} (loading…)").format(
                    arch=self.arch, name=name
                )
            return QCoreApplication.translate("ModelCatalog", "{arch} — {name} (not available)").format(
                arch=self.arch, name=name
            )
        if self.source in ("trained", "fine-tuned"):
            label = name
        else:
            acc = self.checkpoint.test_accuracy
            label = f"{self.arch} — {name}" + (f" · {acc:.1%}" if acc is not None else "")
        if self.not_saved:
            return QCoreApplication.translate("ModelCatalog", "{label} (not saved)").format(label=label)
        return label

    @property
    def short_label(self) -> str:
        if self.source == "pretrained":
            return self.arch
        return self.name if self.source in ("trained", "fine-tuned") else f"{self.arch} ({self.name})"


def _tooltip(entry: ModelEntry) -> str:
    if entry.checkpoint is None:
        if entry.problem == LOADING:
            return QCoreApplication.translate("ModelCatalog", "Loading…")
        return (
            localize(entry.problem) if entry.problem else QCoreApplication.translate("ModelCatalog", "Not available.")
        )
    ckpt = entry.checkpoint
    lines = [
        QCoreApplication.translate("ModelCatalog", "{title} ({source})").format(
            title=localize(MODEL_TITLES[entry.arch]),
            source=QCoreApplication.translate("ModelCatalog", str(SOURCES.get(entry.source, entry.source))),
        )
    ]
    if ckpt.test_accuracy is not None:
        lines.append(
            QCoreApplication.translate("ModelCatalog", "MNIST test accuracy: {accuracy}").format(
                accuracy=f"{ckpt.test_accuracy:.2%}"
            )
        )
    if ckpt.metadata.get("parameters"):  # a count: the loader drops a value of another kind
        count = f"{int(ckpt.metadata['parameters']):,}"
        lines.append(QCoreApplication.translate("ModelCatalog", "Parameters: {count}").format(count=count))
    lines += [QCoreApplication.translate("ModelCatalog", "Note: {note}").format(note=localize(n)) for n in ckpt.notes]
    if entry.not_saved:
        lines.append(localize(entry.not_saved))
    elif entry.file is not None:
        lines.append(QCoreApplication.translate("ModelCatalog", "Kept in {file}").format(file=entry.file))
    elif ckpt.path is not None:
        lines.append(str(ckpt.path))
    return "\n".join(lines)


class ModelCatalog(QStandardItemModel):
    """Rows of `ModelEntry`; `entry_ready(row)` fires when a row becomes usable after it was listed."""

    entry_ready = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher: QFileSystemWatcher | None = None
        self._counter = 0
        self._user_models_loaded = False
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
                    raise CheckpointError(
                        Message(translate("Core", "No pretrained weights yet: {path} does not exist."), path=path)
                    )
                ckpt = load_checkpoint(path)
            except (CheckpointError, FileNotFoundError) as exc:
                entry.problem = text_of(exc)
                self._refresh(row)
                continue
            entry.checkpoint, entry.problem = ckpt, None
            self._refresh(row)
            self.entry_ready.emit(row)
        self.load_user_models()  # after the pretrained ones, and once: the window calls this at every start
        return len([e for e in self.entries() if e.source == "pretrained" and e.available])

    def load_user_models(self) -> int:
        """List the models saved in the user's models folder (oldest first), once; returns how many were listed.
        A file that cannot be read is listed disabled, with the reason, so it can still be removed."""
        if self._user_models_loaded:
            return 0
        self._user_models_loaded = True
        from digitpad.core.models.checkpoint import CheckpointError, load_checkpoint  # imports torch
        from digitpad.core.training.runs import unique_name

        folder = paths.user_models_dir()
        files = sorted(folder.glob("*.pt"), key=lambda f: (f.stat().st_mtime, f.name)) if folder.is_dir() else []
        for path in files:
            key = USER_KEY + path.stem
            try:
                ckpt = load_checkpoint(path)
            except CheckpointError as exc:
                self._append(ModelEntry(key, "", path.name, "opened", problem=text_of(exc), file=path))
                continue
            about = ckpt.metadata.get("catalog") or {}
            source = str(about.get("source")) if about.get("source") in ("trained", "fine-tuned") else "opened"
            name = unique_name(str(about.get("name") or path.name), {e.name for e in self.entries()})
            self._append(ModelEntry(key, ckpt.arch, name, source, ckpt, file=path))
        return len(files)

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
        """Add a checkpoint (opened from a file, trained or fine-tuned) and return its row. It is saved into the
        user's models folder at once; an empty ``name`` means a made-up one ("cnn · 2 epochs · 98.9% · 14:03" for
        a trained model, the file name for an opened one), made unique with " (2)"."""
        from digitpad.core.training.runs import model_name, unique_name  # imports torch

        checkpoint.model.cpu().eval()  # predictions run on the CPU, next to the GUI
        listed = self._row_of_file(checkpoint.path)
        if listed >= 0:  # opened from the models folder itself: it is listed already
            return listed
        self._counter += 1
        if not name:
            path = checkpoint.path
            fine_tuned = source == "fine-tuned"
            name = (
                path.name
                if path is not None
                else model_name(checkpoint.arch, checkpoint.metadata, fine_tuned=fine_tuned)
            )
        name = unique_name(name, {e.name for e in self.entries()})
        entry = ModelEntry(f"{checkpoint.arch}#{self._counter}", checkpoint.arch, name, source, checkpoint)
        self._save(entry, checkpoint)
        self._append(entry)
        return self.rowCount() - 1

    def remove(self, row: int) -> bool:
        """Delete a user model's file and its row; False (and nothing removed) for a pretrained model or a file
        that cannot be deleted (the reason is then the entry's problem)."""
        entry = self.entry(row)
        if entry is None or not entry.removable:
            return False
        if entry.file is not None:
            try:
                entry.file.unlink(missing_ok=True)
            except OSError as exc:
                entry.problem = Message(
                    translate("Core", "{file} could not be deleted: {error}."),
                    file=entry.file,
                    error=exc.strerror or text_of(exc),
                )
                return False
        self.removeRow(row)
        return True

    def ask_remove(self, parent: QWidget, entry: ModelEntry | None) -> bool:
        """Remove ``entry`` (the selected model) after the user confirms; a pretrained model is not removed."""
        row = -1 if entry is None else self.row_of(entry.key)
        if entry is None or row < 0 or not entry.removable:
            QMessageBox.information(
                parent, self.tr("Remove model"), self.tr("The models that come with digitpad cannot be removed.")
            )
            return False
        if not confirm_removal(parent, entry):
            return False
        if not self.remove(row):
            why = localize(entry.problem) if entry.problem else self.tr("The model could not be removed.")
            QMessageBox.warning(parent, self.tr("Remove model"), why)
            return False
        return True

    def _save(self, entry: ModelEntry, checkpoint: Checkpoint) -> None:
        """Write ``entry``'s checkpoint into the user's models folder and key the entry by its file."""
        from digitpad.core.models.checkpoint import save_checkpoint  # imports torch

        folder = paths.user_models_dir()
        about: dict[str, str] = {"name": entry.name, "source": entry.source}
        if entry.source == "opened" and checkpoint.path is not None:
            about["opened_from"] = str(checkpoint.path)
        metadata = {**checkpoint.metadata, "catalog": about}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = _free_path(folder, f"{checkpoint.arch}-{_dt.datetime.now():%Y%m%d-%H%M%S}")
            save_checkpoint(
                path, checkpoint.arch, checkpoint.model, checkpoint.hparams, metadata, checkpoint.mean, checkpoint.std
            )
        except OSError as exc:
            entry.not_saved = Message(
                translate("Core", "Not saved ({folder}: {error}): it is gone when digitpad quits."),
                folder=folder,
                error=exc.strerror or text_of(exc),
            )
            return
        checkpoint.metadata = metadata
        entry.file, entry.key = path, USER_KEY + path.stem

    def retranslate(self) -> None:
        """Label every entry again in the interface language (the window calls this on `LanguageChange`)."""
        for row in range(self.rowCount()):
            self._refresh(row)

    def _row_of_file(self, path: Path | None) -> int:
        if path is None:
            return -1
        for row, entry in enumerate(self.entries()):
            if entry.file is not None and entry.file.resolve() == Path(path).resolve():
                return row
        return -1

    def _append(self, entry: ModelEntry) -> None:
        item = QStandardItem()
        item.setEditable(False)
        item.setData(entry, ENTRY_ROLE)
        _show(item, entry)  # before the row exists: an entry whose label fails adds no blank row
        self.appendRow(item)

    def _refresh(self, row: int) -> None:
        item, entry = self.item(row), self.entry(row)
        if item is not None and entry is not None:
            _show(item, entry)

    def _on_pretrained_folder_changed(self, _folder: str) -> None:
        self.load_pretrained()
        if self._watcher is not None and all(e.available for e in self.entries() if e.source == "pretrained"):
            self._watcher.deleteLater()
            self._watcher = None


def _show(item: QStandardItem, entry: ModelEntry) -> None:
    item.setText(entry.label)
    item.setToolTip(_tooltip(entry))
    item.setEnabled(entry.available)


def _free_path(folder: Path, stem: str) -> Path:
    """``folder/stem.pt``, or ``stem-2.pt``, … : a file name not taken yet."""
    path, number = folder / f"{stem}.pt", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.pt", number + 1
    return path


def confirm_removal(parent: QWidget, entry: ModelEntry) -> bool:
    """Ask before a model is deleted; a module function so tests can answer for the user."""
    name = localize(entry.name)
    question = (
        QCoreApplication.translate("ModelCatalog", "Remove “{name}” from your models?\n\nIts file {file} is deleted.")
        if entry.file is not None
        else QCoreApplication.translate("ModelCatalog", "Remove “{name}” from your models?")
    )
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("ModelCatalog", "Remove model"),
        question.format(name=name, file=entry.file),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
