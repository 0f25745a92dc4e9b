"""What every insight view shares: the current model and input, lazy recomputation, a hint page, PNG export,
a one-line caption saying what the view shows and which input it shows, and a scroll area, so that a view never
widens the window: it scrolls when its dock is narrower than its content.

Texts are set again in the new language on `LanguageChange`: the class attributes `description` and `input_hint`
are marked with `QT_TRANSLATE_NOOP` in their class's context and translated where they are shown.

`set_input` arrives on every pen movement. A view that is not visible (a hidden tab, a collapsed panel) only
marks itself stale and recomputes when it is shown, so drawing never pays for views nobody looks at.
"""

from __future__ import annotations

from pathlib import Path

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common.i18n import localize
from digitpad.ui.insight import export


def short_title(title: str) -> str:
    """A core layer title in the interface language, up to its dash: "Convolution 1" of "Convolution 1 — …"."""
    return localize(title).split("—")[0].strip()


class InsightView(QWidget):
    """Base of the insight views. Subclasses fill `toolbar` and `body` and implement `_render`."""

    export_name = "view"
    needs_input = True  # False: the view depends on the model only (kernels, confusion matrix)
    # English texts marked with QT_TRANSLATE_NOOP (typed `object` by PySide6's stubs), shown through `class_text`
    input_hint: object = QT_TRANSLATE_NOOP("InsightView", "Draw a digit to look inside the model.")
    description: object = ""  # one line a learner understands: what the view shows (QT_TRANSLATE_NOOP in its class)
    explain_link = True  # a "How was this computed?" link in the header, leading to the Explain tab

    # What to explain in the Explain tab: {"section": "conv", "layer", "channel", "row", "col"} (0-based),
    # {"section": "recurrent", "step", "unit"}, or {} for wherever it is.
    explain_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ckpt: Checkpoint | None = None
        self._x: torch.Tensor | None = None
        self._stale = True

        self._hint = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self._hint.setObjectName("insightHint")
        self._hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._hint.setStyleSheet("color: palette(placeholder-text); font-size: 13pt;")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 4, 6, 6)
        self.caption = QLabel(wordWrap=True)
        self.caption.setObjectName("insightCaption")
        self.source_label = QLabel(wordWrap=True)
        self.source_label.setObjectName("insightSource")
        self.source_label.setVisible(self.needs_input)
        self._source = ""
        self._drawing = True
        self.toolbar = QHBoxLayout()
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.explain_label = QLabel()
        self.explain_label.setObjectName("explainLink")
        self.explain_label.setVisible(self.explain_link)
        self.explain_label.linkActivated.connect(lambda _link: self.request_explanation())
        header = QHBoxLayout()
        header.addWidget(self.source_label, 1)
        header.addWidget(self.explain_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.caption)
        column.addLayout(header)
        column.addLayout(self.toolbar)
        column.addLayout(self.body, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("insightScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(page)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._hint)
        self._stack.addWidget(self.scroll_area)
        self._export_button = QToolButton()
        self._export_button.setObjectName("exportButton")
        self._export_button.clicked.connect(lambda: self.export_png())
        self._retranslate_view()

    def finish_toolbar(self) -> None:
        """Subclasses call this after adding their controls: pushes the export button to the right."""
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self._export_button)

    # --- public API -------------------------------------------------------------------------------------------
    def set_model(self, ckpt: Checkpoint | None) -> None:
        self._ckpt = ckpt
        if ckpt is not None and self.not_applicable(ckpt) is None:
            self._model_changed(ckpt)
        self.invalidate()

    def set_input(self, x: torch.Tensor | None) -> None:
        """The normalised model input ``[1, 28, 28]``, or None when nothing is drawn."""
        self._x = None if x is None else x.detach().reshape(1, 28, 28).float().cpu()
        if self.needs_input:
            self.invalidate()

    def set_source(self, text: str, drawing: bool = True) -> None:
        """Say which input the view shows: the drawing (named "your drawing" in the interface language), or
        (``drawing`` False) ``text``, e.g. "test digit #12, a 7 read as 1"."""
        self._source, self._drawing = text, drawing
        self.source_label.setText(self.tr("Showing: <b>{source}</b>").format(source=self.source()))
        self.source_label.setStyleSheet("" if drawing else "color: palette(highlight);")

    def source(self) -> str:
        """Which input the view shows, as its caption says it."""
        return self.tr("your drawing") if self._drawing else self._source

    def not_applicable(self, ckpt: Checkpoint) -> str | None:
        """Why this view has nothing to show for ``ckpt``, or None when it applies."""
        return None

    def is_stale(self) -> bool:
        return self._stale

    def on_screen(self) -> bool:
        """Whether the view can be seen: a dock tabbed behind another is moved out of sight, not hidden."""
        if not self.isVisible():
            return False
        # The page covers the view, and its scroll area's viewport covers the page: ask them too.
        parts = (self, self._stack.currentWidget(), self.scroll_area.viewport(), self.scroll_area.widget())
        return any(part is not None and not part.visibleRegion().isEmpty() for part in parts)

    def invalidate(self) -> None:
        """Mark the view out of date; recompute now only if someone can see it."""
        self._stale = True
        if self.on_screen():
            self.refresh()

    def catch_up(self) -> None:
        """Recompute if out of date (the view has just come into sight)."""
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        hint = self._hint_text()
        if hint:
            self._hint.setText(hint)
            self._stack.setCurrentIndex(0)
            return
        assert self._ckpt is not None
        self._stack.setCurrentIndex(1)  # first, so the pictures have their size when they are drawn
        self._render(self._ckpt, self._x)

    def export_png(self, path: str | Path | None = None) -> Path | None:
        """Save the view as a PNG (asking where when ``path`` is None); the path written, or None."""
        return export.export_png(self, path, self.export_name)

    def request_explanation(self) -> None:
        """Ask for the Explain tab at what this view shows now (`explain_target`)."""
        self.explain_requested.emit(self.explain_target())

    # --- for subclasses ---------------------------------------------------------------------------------------
    def explain_target(self) -> dict[str, object]:
        """What "How was this computed?" explains: an `explain_requested` payload; {} for the Explain tab as it is."""
        return {}

    def _model_changed(self, ckpt: Checkpoint) -> None:
        """A new model that this view applies to: rebuild per-model choices (layer lists). Called before render."""

    def _render(self, ckpt: Checkpoint, x: torch.Tensor | None) -> None:
        raise NotImplementedError

    def class_text(self, text: object) -> str:
        """A class attribute's text in the interface language: it is looked up in the context of each class of
        the view, so the subclass that marked it with ``QT_TRANSLATE_NOOP("<its name>", ...)`` is found."""
        english = str(text)
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, english)
            if translated != english:
                return translated
        return english

    def _retranslate_view(self) -> None:
        """The texts every view shares (subclasses re-set their own in their `changeEvent`)."""
        self.caption.setText(self.class_text(self.description))
        self.set_source(self._source, self._drawing)
        self.explain_label.setText(self.tr("<a href='explain'>How was this computed?</a>"))
        self.explain_label.setToolTip(
            self.tr("The formulas behind this view, worked out on the same input (Explain tab)")
        )
        self._export_button.setText(self.tr("Export PNG…"))
        self._export_button.setToolTip(self.tr("Save this view as a PNG picture"))
        if self._stack.currentIndex() == 0 and self._hint.text():
            self._hint.setText(self._hint_text())

    # --- Qt -----------------------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_view()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Export PNG…"), lambda: self.export_png())
        menu.exec(event.globalPos())

    def _hint_text(self) -> str:
        if self._ckpt is None:
            return self.tr("No model loaded.")
        reason = self.not_applicable(self._ckpt)
        if reason:
            return reason
        if self.needs_input and self._x is None:
            return self.class_text(self.input_hint)
        return ""
