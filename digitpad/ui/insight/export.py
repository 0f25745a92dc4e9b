"""Saving a view as a PNG picture. `ask_png_path` is the one place a file dialog opens; tests replace it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

_last_folder: Path | None = None


def ask_png_path(parent: QWidget, suggested_name: str) -> str | None:
    """The path the user picks for a PNG, or None if they cancel."""
    folder = _last_folder or Path.home()
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("InsightExport", "Export view as PNG"),
        str(folder / suggested_name),
        QCoreApplication.translate("InsightExport", "PNG image (*.png)"),
    )
    return path or None


def export_png(widget: QWidget, path: str | Path | None = None, name: str = "view") -> Path | None:
    """Save what ``widget`` shows as a PNG at ``path`` (asked for when None); the path written, or None."""
    global _last_folder
    if path is None:
        chosen = ask_png_path(widget, f"digitpad-{name}.png")
        if not chosen:
            return None
        path = chosen
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_name(path.name + ".png")
    if not widget.grab().save(str(path), "PNG"):
        QMessageBox.warning(
            widget,
            QCoreApplication.translate("InsightExport", "Export failed"),
            QCoreApplication.translate("InsightExport", "Could not write {path}.").format(path=path),
        )
        return None
    _last_folder = path.parent
    return path
