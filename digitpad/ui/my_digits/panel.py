"""My digits: label the current drawing (keys 0-9 on the canvas, or the button row) to collect your handwriting,
browse it, fine-tune the selected model on it, and quick-check how well a model reads you.

`attach_canvas` gives the panel the canvas: it reads the drawing from it, clears it after storing, and listens
for 0-9 (add with that label) and Enter (quick check) while the canvas has the focus. Given the app state, the
panel follows the selected model and the data folder (fine-tuning mixes in MNIST from there).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import torch
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from digitpad.core.inference.strokes import drawing_input
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.core.models.zoo import predict
from digitpad.core.my_digits.store import REFERENCE_SIDE, MyDigit, MyDigitsStore
from digitpad.core.training.runs import DataLoader
from digitpad.ui.common.buttons import CompactButton
from digitpad.ui.common.i18n import localize
from digitpad.ui.common.naming import named
from digitpad.ui.my_digits.browser import MyDigitsBrowser, Text, WarningBox, described
from digitpad.ui.my_digits.fine_tune_view import FineTuneView
from digitpad.ui.my_digits.quick_check_view import QuickCheckView

if TYPE_CHECKING:
    from digitpad.ui.catalog import ModelEntry
    from digitpad.ui.state import AppState


class Canvas(Protocol):
    """What the panel needs of the drawing canvas (the drawing panel's `Canvas`): panels import no panel."""

    def is_empty(self) -> bool: ...
    def strokes(self) -> Sequence[Any]: ...  # each with a `width` (a fraction of the canvas side) and its points
    def stroke_points(self) -> list[Any]: ...
    def pen_width(self) -> float: ...
    def has_picture(self) -> bool: ...
    def to_array(self) -> Any: ...
    def clear(self) -> None: ...
    def setFocus(self) -> None: ...
    def installEventFilter(self, watcher: QObject) -> None: ...


_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NO_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class MyDigitsPanel(QWidget):
    model_trained = Signal(object)  # Checkpoint of a fine-tuned model
    digit_added = Signal(object)  # MyDigit

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        folder: str | Path | None = None,
        data_loader: DataLoader | None = None,
        max_steps: int | None = None,
        seed: int | None = None,
        state: AppState | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("myDigitsPanel")
        self.store, problem = MyDigitsStore.open_or_set_aside(folder)
        self.canvas: Canvas | None = None
        self._model: Checkpoint | None = None
        self.error_box: WarningBox | None = None
        self._status: Text | None = None  # the status line, rendered again in a new language
        self._build(data_loader, max_steps, seed)
        self._connect()
        self._retranslate()
        if state is not None:
            self.set_model(state.checkpoint())
            self.set_data_root(state.data_folder)
            state.model_changed.connect(self._on_state_model_changed)
            state.data_folder_changed.connect(self.set_data_root)
        if problem:
            self._show_error(lambda: self.tr("Your digits could not be read"), lambda: localize(problem))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.add_box.setTitle(self.tr("Keep the drawing as…"))
        for digit, button in enumerate(self.digit_buttons):
            button.setToolTip(
                self.tr("Keep the drawing as a {digit} (or press {digit} on the canvas)").format(digit=digit)
            )
        self.hint_label.setText(
            self.tr("Draw a digit, then press its key (0-9) on the canvas to keep it in your collection.")
        )
        for view, title in (
            (self.browser, self.tr("My digits")),
            (self.fine_tune_view, self.tr("Fine-tune")),
            (self.quick_check_view, self.tr("Quick check")),
        ):
            self.tabs.setTabText(self.tabs.indexOf(view), title)
        if self._status is not None:
            self.status_label.setText(self._status())

    # ----- public API ------------------------------------------------------------------------------------------
    def attach_canvas(self, canvas: Canvas) -> None:
        self.canvas = canvas
        canvas.installEventFilter(self)

    def set_model(self, checkpoint: Checkpoint | None) -> None:
        """The model that quick check reads with and fine-tuning starts from (None: no model available)."""
        self._model = checkpoint
        self.fine_tune_view.set_model(checkpoint)
        self.quick_check_view.set_available(checkpoint is not None)

    def set_data_root(self, path: str | Path | None) -> None:
        self.fine_tune_view.set_data_root(path)

    def show_fine_tune(self) -> None:
        """Bring the Fine-tune tab to the front."""
        self.tabs.setCurrentWidget(self.fine_tune_view)

    def add_drawing(self, label: int) -> MyDigit | None:
        """Store the canvas's drawing as ``label`` and clear the canvas; None (and a message) if it cannot be."""
        canvas = self.canvas
        field = self._drawing_input()
        if canvas is None or field is None:
            self._set_status(
                lambda: self.tr("Draw a {label} on the canvas first, then press {label} to keep it.").format(
                    label=label
                )
            )
            return None
        strokes = canvas.strokes()
        width = strokes[0].width * REFERENCE_SIDE if strokes else canvas.pen_width()
        model_input = (field[0] * 255).round().to(torch.uint8).numpy()
        try:
            widths = [s.width * REFERENCE_SIDE for s in strokes]
            digit = self.store.add(label, model_input, [s.points for s in strokes], width, stroke_widths=widths)
        except ValueError as exc:
            self._set_status(described(exc))
            return None
        except OSError as exc:
            path, error = self.store.path, str(exc)
            self._show_error(
                lambda: self.tr("Cannot save the drawing"),
                lambda: self.tr("{path} could not be written: {error}.").format(path=path, error=error),
            )
            return None
        canvas.clear()
        self.browser.show_label(label)
        count, total = self.store.counts()[label], len(self.store)
        self._set_status(
            lambda: self.tr("Kept as a {label}: {count} of them, {total} in all.").format(
                label=label, count=count, total=total
            )
        )
        if self.store.notice:  # the file had been damaged since it was opened: it was set aside, nothing lost
            notice, self.store.notice = self.store.notice, None
            self._show_error(lambda: self.tr("Your digits file was damaged"), lambda: localize(notice))
        self.digit_added.emit(digit)
        return digit

    def _drawing_input(self) -> torch.Tensor | None:
        """The canvas drawing as the model sees it: float ``[1, 28, 28]`` in [0, 1], None when nothing is drawn."""
        canvas = self.canvas
        if canvas is None or canvas.is_empty():
            return None
        return drawing_input(canvas.stroke_points(), canvas.to_array() if canvas.has_picture() else None)

    def check_drawing(self) -> bool:
        """Quick check: read the drawing with the model, score it against the digit asked for, clear the canvas."""
        canvas, model, asked = self.canvas, self._model, self.quick_check_view.asked()
        if canvas is None or model is None or asked is None:
            return False
        field = self._drawing_input()
        if field is None:
            self._set_status(lambda: self.tr("Draw a {digit} first, then press Enter.").format(digit=asked))
            return False
        probs = predict(model.model, model.normalize(field))[0]
        read_as = int(probs.argmax())
        if self.quick_check_view.keep_check.isChecked():
            self.add_drawing(asked)
        else:
            canvas.clear()
        self.quick_check_view.record(read_as, float(probs[read_as]))
        return True

    def shutdown(self, timeout_ms: int = 5000) -> None:
        self.fine_tune_view.shutdown(timeout_ms)

    # ----- building --------------------------------------------------------------------------------------------
    def _build(self, data_loader: DataLoader | None, max_steps: int | None, seed: int | None) -> None:
        self.add_box = QGroupBox()
        grid = QGridLayout(self.add_box)
        self.digit_buttons: list[QPushButton] = []
        for digit in range(10):
            button = named(CompactButton(str(digit)), f"addDigit{digit}Button")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the canvas keeps the focus: draw, press, draw, press
            button.clicked.connect(lambda _=False, d=digit: self.add_drawing(d))
            grid.addWidget(button, digit // 5, digit % 5)
            self.digit_buttons.append(button)
        self.hint_label = QLabel(wordWrap=True)
        self.browser = MyDigitsBrowser(self.store)
        self.fine_tune_view = FineTuneView(self.store.digits, data_loader=data_loader, max_steps=max_steps)
        self.quick_check_view = QuickCheckView(seed=seed)
        self.tabs = named(QTabWidget(documentMode=True), "myDigitsPanelTabs")
        for view in (self.browser, self.fine_tune_view, self.quick_check_view):
            self.tabs.addTab(view, "")
        self.status_label = named(QLabel(wordWrap=True), "myDigitsStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.add_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_label)

    def _connect(self) -> None:
        self.fine_tune_view.model_trained.connect(self.model_trained)
        self.quick_check_view.check_requested.connect(self.check_drawing)
        self.quick_check_view.running_changed.connect(self._on_quick_check_running_changed)
        self.browser.changed.connect(self._on_browser_changed)

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        self.set_model(entry.checkpoint if entry is not None and entry.available else None)
        if entry is not None:  # perhaps the model a fine-tuning run made, now saved
            self.fine_tune_view.model_saved(entry.checkpoint, entry.file)

    def _on_browser_changed(self) -> None:
        """A delete, undo, relabel or import: the status line's counts would be stale."""
        counts = self.store.counts()
        missing = ", ".join(str(d) for d, n in enumerate(counts) if n == 0)
        total = sum(counts)
        self._set_status(functools.partial(self._collection_text, total, missing))

    def _collection_text(self, total: int, missing: str) -> str:
        if not missing:
            return self.tr("{total} drawings in your collection, every digit among them.").format(total=total)
        if total == 1:
            return self.tr("1 drawing in your collection; none yet of {missing}.").format(missing=missing)
        return self.tr("{total} drawings in your collection; none yet of {missing}.").format(
            total=total, missing=missing
        )

    def _on_quick_check_running_changed(self, running: bool) -> None:
        if running and self.canvas is not None:
            self.canvas.clear()
            self.canvas.setFocus()

    # ----- keys on the canvas ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.canvas
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() in _NO_MODIFIERS
            and not event.isAutoRepeat()
        ):
            key = Qt.Key(event.key())
            if key in _DIGIT_KEYS:
                self.add_drawing(_DIGIT_KEYS[key])
                return True
            if key in _ENTER_KEYS and self.quick_check_view.is_running():
                self.check_drawing()
                return True
        return super().eventFilter(watched, event)

    # ----- feedback --------------------------------------------------------------------------------------------
    def _set_status(self, text: Text) -> None:
        self._status = text
        self.status_label.setText(text())

    def _show_error(self, title: Text, message: Text) -> None:
        self._set_status(message)
        if self.error_box is None:
            self.error_box = WarningBox(self)
        self.error_box.warn(title, message)
