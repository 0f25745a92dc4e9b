"""Browse my digits: a tab per digit with its count, a grid of that digit's drawings, delete (with undo), relabel,
and export to / import from one file. Every failure is a message, and a refused import changes nothing.

Texts that depend on what happened (the counts line, a warning) are kept as `Text` functions, not as text, so that a
language change renders them again."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.my_digits.store import MyDigit, MyDigitsError, MyDigitsStore
from digitpad.core.runtime.messages import message_of
from digitpad.ui.common.flow_layout import FlowLayout
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.naming import named
from digitpad.ui.common.qimages import THUMB, thumbnail

Text = Callable[[], str]  # a text rendered in the interface language each time it is called
FILE_FILTER = str(QT_TRANSLATE_NOOP("MyDigitsBrowser", "digitpad digits (*.npz);;All files (*)"))
ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIN_THUMB, MAX_THUMB = THUMB, 2 * THUMB  # thumbnails grow with the pane between these sides, in pixels
_CELL_MARGIN = 8  # what icon mode adds beside each thumbnail


def ask_export_path(parent: QWidget) -> str:
    """The file to export to ('' if cancelled); a module function so tests can replace the dialog."""
    title = QCoreApplication.translate("MyDigitsBrowser", "Export my digits")
    file_filter = QCoreApplication.translate("MyDigitsBrowser", FILE_FILTER)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / "my-digits.npz"), file_filter)
    return path


def ask_import_path(parent: QWidget) -> str:
    title = QCoreApplication.translate("MyDigitsBrowser", "Import digits")
    file_filter = QCoreApplication.translate("MyDigitsBrowser", FILE_FILTER)
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    return path


def described(exc: BaseException) -> Text:
    """`describe(exc)`, to render again later: keeps the exception's message, not the exception and its frames."""
    message = message_of(exc) or str(exc)
    return lambda: localize(message)


class WarningBox(QMessageBox):
    """A window-modal warning that does not block (tests keep running); its title and text are rendered again in
    a new language."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(QMessageBox.Icon.Warning, "", "", parent=parent)
        self._title: Text = lambda: ""
        self._message: Text = lambda: ""

    def warn(self, title: Text, message: Text) -> None:
        self._title, self._message = title, message
        self._retranslate()
        self.open()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self._title())
        self.setText(self._message())


class DigitGrid(QListWidget):
    """The drawings of one digit, as thumbnails that grow with the pane (a row of them fills its width). Delete and
    Backspace delete the selection here, not the window's Clear canvas."""

    delete_pressed = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_thumbnails()

    def fit_thumbnails(self) -> None:
        """The largest side up to MAX_THUMB at which whole columns fill the width (at least MIN_THUMB)."""
        width = self.viewport().width() - 2
        columns = max(1, -(-width // (MAX_THUMB + _CELL_MARGIN)))  # ceiling division
        side = max(MIN_THUMB, min(MAX_THUMB, width // columns - _CELL_MARGIN))
        if side != self.iconSize().width():
            self.setIconSize(QSize(side, side))

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            event.accept()  # deliver the key here instead of firing the window's shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class MyDigitsBrowser(QWidget):
    changed = Signal()  # the collection changed here (delete, undo, relabel, import)

    def __init__(self, store: MyDigitsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myDigitsBrowser")
        self.store = store
        self.error_box: WarningBox | None = None
        self._icons: dict[str, QIcon] = {}
        self._deleted: list[MyDigit] = []  # the last deletion, for Undo
        self._note: Text | None = None  # what the last export or import did, said before the counts
        self._build()
        self.refresh()
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.delete_button.setText(self.tr("Delete"))
        self.undo_button.setText(self.tr("Undo delete"))
        self.relabel_button.setText(self.tr("Relabel as"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save all your digits to one .npz file, to use them on another machine"))
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add the digits of a file exported by digitpad"))
        self._show_counts()
        for row in range(self.grid.count()):
            item = self.grid.item(row)
            item.setToolTip(self._tooltip(self.store.get(item.data(ID_ROLE))))

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.counts_label = named(QLabel(wordWrap=True), "myDigitsCounts")
        self.digit_tabs = named(QTabBar(expanding=False, drawBase=False), "myDigitsTabs")
        for digit in range(10):
            self.digit_tabs.addTab(str(digit))
        self.grid = named(DigitGrid(), "myDigitsGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMB, THUMB))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setUniformItemSizes(True)
        self.delete_button = named(QPushButton(), "myDigitsDeleteButton")
        self.undo_button = named(QPushButton(), "myDigitsUndoButton")
        self.relabel_combo = named(QComboBox(), "myDigitsRelabelCombo")
        self.relabel_combo.addItems([str(d) for d in range(10)])
        self.relabel_button = named(QPushButton(), "myDigitsRelabelButton")
        self.export_button = named(QPushButton(), "myDigitsExportButton")
        self.import_button = named(QPushButton(), "myDigitsImportButton")
        relabel = QWidget()  # "Relabel as" and its digit wrap together
        relabel_row = QHBoxLayout(relabel)
        relabel_row.setContentsMargins(0, 0, 0, 0)
        relabel_row.addWidget(self.relabel_button)
        relabel_row.addWidget(self.relabel_combo)
        edit_row, file_row = FlowLayout(), FlowLayout()  # each one row, or more in a narrow dock
        for widget in (self.delete_button, self.undo_button, relabel):
            edit_row.addWidget(widget)
        file_row.addWidget(self.export_button)
        file_row.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.digit_tabs)
        layout.addWidget(self.grid, 1)
        layout.addLayout(edit_row)
        layout.addLayout(file_row)
        self.digit_tabs.currentChanged.connect(self._on_digit_tabs_changed)
        self.grid.itemSelectionChanged.connect(self._update_buttons)
        self.grid.delete_pressed.connect(self.delete_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo_delete)
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(self.relabel_combo.currentIndex()))
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)

    # ----- showing ---------------------------------------------------------------------------------------------
    def current_label(self) -> int:
        return self.digit_tabs.currentIndex()

    def show_label(self, label: int) -> None:
        self.digit_tabs.setCurrentIndex(label)  # refreshes through currentChanged when it changes
        self.refresh()

    def refresh(self) -> None:
        """Counts, tab titles and the grid of the current digit, newest first."""
        for digit, n in enumerate(self.store.counts()):
            self.digit_tabs.setTabText(digit, f"{digit} · {n}")
        self._note = None
        self._show_counts()
        self.grid.clear()
        for drawing in reversed(self.store.digits(self.current_label())):
            self.grid.addItem(self._item(drawing))
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        return [item.data(ID_ROLE) for item in self.grid.selectedItems()]

    def _show_counts(self) -> None:
        counts = self.store.counts()
        total = sum(counts)
        missing = ", ".join(str(d) for d, n in enumerate(counts) if n == 0) or self.tr("none")
        if total == 1:
            text = self.tr("1 drawing of your own. Missing: {missing}").format(missing=missing)
        else:
            text = self.tr("{total} drawings of your own. Missing: {missing}").format(total=total, missing=missing)
        self.counts_label.setText(f"{self._note()} {text}" if self._note is not None else text)

    def _item(self, digit: MyDigit) -> QListWidgetItem:
        icon = self._icons.get(digit.id)
        if icon is None:
            icon = self._icons[digit.id] = QIcon(thumbnail(digit.image, MAX_THUMB))  # drawn smaller as needed
        item = QListWidgetItem(icon, "")
        item.setData(ID_ROLE, digit.id)
        item.setToolTip(self._tooltip(digit))
        return item

    def _tooltip(self, digit: MyDigit) -> str:
        when = _dt.datetime.fromtimestamp(digit.created).strftime("%Y-%m-%d %H:%M")
        fields = {"label": digit.label, "when": when, "width": digit.pen_width, "strokes": len(digit.strokes)}
        if not digit.strokes:
            return self.tr("A {label}, added {when} · picture, pen {width:.0f} px").format(**fields)
        if len(digit.strokes) == 1:
            return self.tr("A {label}, added {when} · 1 stroke, pen {width:.0f} px").format(**fields)
        return self.tr("A {label}, added {when} · {strokes} strokes, pen {width:.0f} px").format(**fields)

    def _update_buttons(self) -> None:
        selected = bool(self.grid.selectedItems())
        self.delete_button.setEnabled(selected)
        self.relabel_button.setEnabled(selected)
        self.undo_button.setEnabled(bool(self._deleted))
        self.export_button.setEnabled(len(self.store) > 0)

    def _on_digit_tabs_changed(self, _index: int) -> None:
        self.refresh()

    # ----- editing ---------------------------------------------------------------------------------------------
    def delete_selected(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        doomed = [self.store.get(i) for i in ids]
        if not self._write(lambda: self.store.delete(*ids), lambda: self.tr("Cannot delete")):
            return 0
        self._deleted = doomed
        self._changed()
        return len(doomed)

    def undo_delete(self) -> None:
        if self._deleted and self._write(lambda: self.store.insert(self._deleted), lambda: self.tr("Cannot undo")):
            label = self._deleted[0].label
            self._deleted = []
            self.show_label(label)
            self._changed()

    def relabel_selected(self, label: int) -> int:
        ids = self.selected_ids()
        if ids and self._write(lambda: [self.store.relabel(i, label) for i in ids], lambda: self.tr("Cannot relabel")):
            self._changed()
        return len(ids)

    def export_to(self, path: str | Path) -> bool:
        try:
            saved = self.store.export(path)
        except OSError as exc:
            error = exc.strerror or str(exc)
            self._show_error(
                lambda: self.tr("Cannot export"),
                lambda: self.tr("{path} could not be written: {error}.").format(path=path, error=error),
            )
            return False
        count = len(self.store)
        self._note = lambda: self.tr("Exported {count} drawings to {path}.").format(count=count, path=saved)
        self._show_counts()
        return True

    def import_from(self, path: str | Path) -> bool:
        """Add a file's digits; a corrupt or foreign file is refused with a message and changes nothing."""
        try:
            report = self.store.import_file(path)
        except MyDigitsError as exc:
            refused = described(exc)
            self._show_error(
                lambda: self.tr("Cannot import"),
                lambda: self.tr("{error}\n\nNothing was imported; your digits are unchanged.").format(error=refused()),
            )
            return False
        except OSError as exc:
            error = exc.strerror or str(exc)
            self._show_error(
                lambda: self.tr("Cannot import"),
                lambda: self.tr("Your digits could not be saved: {error}.").format(error=error),
            )
            return False
        self._changed()
        added, skipped = report.added, report.skipped
        if skipped:
            self._note = lambda: self.tr("Imported {added} drawings ({skipped} you already had were skipped).").format(
                added=added, skipped=skipped
            )
        else:
            self._note = lambda: self.tr("Imported {added} drawings.").format(added=added)
        self._show_counts()
        return True

    def _on_export_button_clicked(self) -> None:
        path = ask_export_path(self)
        if path:
            self.export_to(path if Path(path).suffix else f"{path}.npz")

    def _on_import_button_clicked(self) -> None:
        path = ask_import_path(self)
        if path:
            self.import_from(path)

    def _write(self, action: Callable[[], object], title: Text) -> bool:
        try:
            action()
        except OSError as exc:
            error = exc.strerror or str(exc)
            self._show_error(
                title,
                lambda: self.tr("Your digits could not be saved ({error}); nothing was changed.").format(error=error),
            )
            return False
        return True

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
        if self.store.notice:  # the file had been damaged since it was opened: it was set aside, nothing lost
            notice, self.store.notice = self.store.notice, None
            self._show_error(lambda: self.tr("Your digits file was damaged"), lambda: localize(notice))

    def _show_error(self, title: Text, message: Text) -> None:
        """A warning that does not block; its text stays readable in `error_box`."""
        if self.error_box is None:
            self.error_box = WarningBox(self)
        self.error_box.warn(title, message)
