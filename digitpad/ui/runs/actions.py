"""What the Runs view's Delete and Export buttons ask and do: the questions are module functions so tests can answer
for the user; deleting runs removes their checkpoint files too, never one that digitpad ships."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from digitpad.core.runtime.run_history import RunHistory, RunSummary, is_shipped
from digitpad.ui.runs.source import RunsSource


def confirm_delete(parent: QWidget, runs: Sequence[RunSummary]) -> bool:
    """Ask before runs and their checkpoint files are deleted."""
    files = [run.checkpoint for run in runs if run.checkpoint and not is_shipped(run.checkpoint)]
    ids = ", ".join(str(run.id) for run in runs)
    if files:
        question = QCoreApplication.translate(
            "RunsPanel", "Delete runs {ids} from the run history?\n\nTheir checkpoint files are deleted too:\n{files}"
        ).format(ids=ids, files="\n".join(files))
    else:
        question = QCoreApplication.translate("RunsPanel", "Delete runs {ids} from the run history?").format(ids=ids)
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("RunsPanel", "Delete runs"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_export_path(parent: QWidget, folder: str) -> str:
    """The file to export to (``.csv`` or ``.json``, the chosen filter's suffix added where it has none), or ""."""
    csv_filter = QCoreApplication.translate("RunsPanel", "CSV, one row a logged value (*.csv)")
    json_filter = QCoreApplication.translate("RunsPanel", "JSON, one record a run (*.json)")
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("RunsPanel", "Export runs"),
        str(Path(folder) / "runs.csv"),
        f"{csv_filter};;{json_filter}",
    )
    if path and Path(path).suffix.lower() not in (".csv", ".json"):
        path += ".json" if chosen == json_filter else ".csv"
    return path


@dataclass
class Deleted:
    """What `delete_runs` did, worded by `text` in the interface language of the moment."""

    runs: list[int] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # checkpoint files deleted (names)
    paths: list[Path] = field(default_factory=list)  # and their paths, for the window to forget those models
    kept: list[str] = field(default_factory=list)  # checkpoints digitpad ships, not deleted
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of files that could not be deleted

    def text(self) -> str:
        parts = [
            QCoreApplication.translate("RunsPanel", "Deleted runs {ids}.").format(
                ids=", ".join(str(run_id) for run_id in self.runs)
            )
        ]
        if self.files:
            parts.append(
                QCoreApplication.translate("RunsPanel", "Deleted their checkpoints: {files}.").format(
                    files=", ".join(self.files)
                )
            )
        if self.kept:
            parts.append(
                QCoreApplication.translate(
                    "RunsPanel", "Kept {files}: the models that come with digitpad are never deleted."
                ).format(files=", ".join(self.kept))
            )
        for path, error in self.failed:
            parts.append(
                QCoreApplication.translate("RunsPanel", "Could not delete {path}: {error}.").format(
                    path=path, error=error
                )
            )
        return " ".join(parts)


def _delete_run(history: RunHistory, run_id: int) -> bool:
    history.delete(run_id)
    return True


def delete_runs(source: RunsSource, runs: Sequence[RunSummary]) -> Deleted:
    """Delete the runs from the history and their checkpoint files from the disk, but those digitpad ships; stops
    at the first run the history cannot delete (``source.problem`` says why)."""
    done = Deleted()
    for run in runs:
        if not source.read(partial(_delete_run, run_id=run.id), False):
            break
        done.runs.append(run.id)
        if not run.checkpoint:
            continue
        path = Path(run.checkpoint)
        if is_shipped(path):
            done.kept.append(path.name)
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            done.failed.append((str(path), exc.strerror or str(exc)))
        else:
            done.files.append(path.name)
            done.paths.append(path)
    return done
