"""All insight views in one tabbed panel. Given the app state, it follows the selected model and the data folder;
the main window calls `set_input` with the preprocessed drawing. Only the visible tab recomputes, the others catch
up when shown.

A test digit clicked in the test-set view or the projector is shown in every view instead of the drawing; each view
says which input it shows, the header offers the way back, and the next drawing (any `set_input`) returns to it.

On `LanguageChange` the panel names its tabs and the input shown again; each view re-sets its own texts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget
from torch import nn

from digitpad.core.data.mnist import Split
from digitpad.core.models.checkpoint import Checkpoint
from digitpad.ui.common.data_folder import choose_data_folder
from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.confusion_view import ConfusionView
from digitpad.ui.insight.explain_view import ExplainView
from digitpad.ui.insight.feature_map_view import FeatureMapView
from digitpad.ui.insight.kernel_view import KernelView
from digitpad.ui.insight.lstm_view import LstmView
from digitpad.ui.insight.projector_view import ProjectorView
from digitpad.ui.insight.saliency_view import SaliencyView

if TYPE_CHECKING:
    from digitpad.core.my_digits.store import MyDigit
    from digitpad.ui.catalog import ModelEntry
    from digitpad.ui.state import AppState


def mistake_caption(entry: dict[str, float | int]) -> str:
    """How a test digit is named: "test digit #12, a 7 read as 1" (or "…, a 7 read right")."""
    if entry["label"] == entry["predicted"]:
        return QCoreApplication.translate("InsightPanel", "test digit #{index}, a {label} read right").format(
            index=entry["index"], label=entry["label"]
        )
    return QCoreApplication.translate("InsightPanel", "test digit #{index}, a {label} read as {predicted}").format(
        index=entry["index"], label=entry["label"], predicted=entry["predicted"]
    )


class InsightPanel(QWidget):
    example_selected = Signal(object)  # normalised [1, 28, 28] input of a test digit the user clicked (now shown)

    def __init__(self, parent: QWidget | None = None, *, state: AppState | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightPanel")
        self.feature_map_view = FeatureMapView()
        self.kernel_view = KernelView()
        self.lstm_view = LstmView()
        self.saliency_view = SaliencyView()
        self.confusion_view = ConfusionView()
        self.projector_view = ProjectorView()
        self.explain_view = ExplainView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("insightTabs")
        self.tabs.setDocumentMode(True)
        self._tab_titles = (  # the recurrent view's tab is named by `_update_tabs`, after its model
            (self.feature_map_view, QT_TRANSLATE_NOOP("InsightPanel", "Feature maps")),
            (self.kernel_view, QT_TRANSLATE_NOOP("InsightPanel", "Filters")),
            (self.lstm_view, ""),
            (self.saliency_view, QT_TRANSLATE_NOOP("InsightPanel", "Saliency")),
            (self.confusion_view, QT_TRANSLATE_NOOP("InsightPanel", "Test set")),
            (self.projector_view, QT_TRANSLATE_NOOP("InsightPanel", "Projector")),
            (self.explain_view, QT_TRANSLATE_NOOP("InsightPanel", "Explain")),
        )
        for view, _title in self._tab_titles:
            self.tabs.addTab(view, "")
            view.explain_requested.connect(self._on_view_explain_requested)
        self.source_label = QLabel(wordWrap=True)
        self.source_label.setObjectName("insightSourceHeader")
        self.back_button = QPushButton()
        self.back_button.setObjectName("backToDrawingButton")
        self._header = QWidget()
        self._header.setObjectName("insightSourceBar")
        header = QHBoxLayout(self._header)
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(self.source_label, 1)
        header.addWidget(self.back_button)
        self._header.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header)
        layout.addWidget(self.tabs)
        self._drawing: torch.Tensor | None = None  # the latest drawing, shown again after a test digit
        self._example: torch.Tensor | None = None  # the test digit shown instead, if any
        self._entry: dict[str, float | int] | None = None  # the shown test digit's entry, named in each language
        self._state = state
        for view in (self.confusion_view, self.projector_view):
            view.example_selected.connect(self._on_view_example_selected)
            view.set_can_choose_data(state is not None)
        self.confusion_view.choose_data_requested.connect(self._on_confusion_view_choose_data_requested)
        self.projector_view.choose_data_requested.connect(self._on_projector_view_choose_data_requested)
        self.back_button.clicked.connect(self.show_drawing)
        self.saliency_view.back_to_drawing_requested.connect(self.show_drawing)
        self._ckpt: Checkpoint | None = None
        self._retranslate()
        if state is not None:
            self.set_model(state.checkpoint())
            self.set_data_root(state.data_folder)
            state.model_changed.connect(self._on_state_model_changed)
            state.data_folder_changed.connect(self.set_data_root)

    def views(self) -> list[InsightView]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]

    def current_view(self) -> InsightView:
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def show_view(self, view: InsightView) -> None:
        self.tabs.setCurrentWidget(view)

    def came_into_sight(self) -> None:
        """The panel's dock tab was selected: bring the current view up to date."""
        self.current_view().catch_up()

    def set_model(self, ckpt: Checkpoint | None) -> None:
        """The model to look inside (a CPU copy in eval mode; never the one being trained), or None."""
        self._ckpt = ckpt
        for view in self.views():
            view.set_model(ckpt)
        self._update_tabs()

    def set_input(self, x: torch.Tensor | None) -> None:
        """The preprocessed drawing, normalised ``[1, 28, 28]``, or None for an empty canvas. A test digit shown
        instead gives way to it."""
        if x is not None and x is self._example:
            return  # the test digit `example_selected` announced, already shown
        self._drawing = x
        self._example = self._entry = None
        self._show(x)

    def show_drawing(self) -> None:
        """Show the latest drawing again after a test digit."""
        self.set_input(self._drawing)

    def show_example(self, x: torch.Tensor, entry: dict[str, float | int]) -> None:
        """Show a test digit (normalised ``[1, 28, 28]``) in every view instead of the drawing, named after its
        core `misclassified` ``entry``."""
        self._example, self._entry = x, entry
        self._show(x)

    def source(self) -> str:
        """Which input the views show: "your drawing" or e.g. "test digit #12, a 7 read as 1"."""
        return self.tr("your drawing") if self._entry is None else mistake_caption(self._entry)

    def _show(self, x: torch.Tensor | None) -> None:
        self._name_source()
        for view in self.views():
            view.set_input(x)

    def _name_source(self) -> None:
        """Say in the header and in every view which input is shown."""
        drawing = self._entry is None
        self._header.setVisible(not drawing)
        self.source_label.setText(
            self.tr("The views show <b>{source}</b>, not your drawing.").format(source=self.source())
        )
        for view in self.views():
            view.set_source(self.source(), drawing)

    def set_data_root(self, path: str | Path | None) -> None:
        self.confusion_view.set_data_root(path)
        self.projector_view.set_data_root(path)

    def set_test_split(self, split: Split | None) -> None:
        """Evaluate and map this split instead of loading the test set from the data root."""
        self.confusion_view.set_test_split(split)
        self.projector_view.set_test_split(split)

    def set_own_digits(self, digits: Sequence[MyDigit]) -> None:
        """The user's own digits, shown on the projector's map."""
        self.projector_view.set_own_digits(digits)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop background work and join its thread; True if nothing is left running."""
        ended = [view.shutdown(timeout_ms) for view in (self.confusion_view, self.projector_view, self.saliency_view)]
        return all(ended)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for view, title in self._tab_titles:
            self.tabs.setTabText(self.tabs.indexOf(view), QCoreApplication.translate("InsightPanel", str(title)))
        self.back_button.setText(self.tr("Back to my drawing"))
        self.back_button.setToolTip(self.tr("Show your drawing in the views again (drawing does it too)"))
        self._update_tabs()
        self._name_source()

    def _on_state_model_changed(self, entry: ModelEntry | None) -> None:
        self.set_model(entry.checkpoint if entry is not None and entry.available else None)

    def _on_view_example_selected(self, x: torch.Tensor, entry: dict[str, float | int]) -> None:
        self.show_example(x, entry)
        self.example_selected.emit(x)

    def _on_view_explain_requested(self, target: dict[str, object]) -> None:
        self.explain_view.select(target)  # before showing it, so it computes once, at the item asked about
        self.show_view(self.explain_view)

    def _on_confusion_view_choose_data_requested(self) -> None:
        if self._state is not None and choose_data_folder(self, self._state):
            self.confusion_view.evaluate()

    def _on_projector_view_choose_data_requested(self) -> None:
        if self._state is not None and choose_data_folder(self, self._state):
            self.projector_view.invalidate()  # maps the test set from the new folder

    def _update_tabs(self) -> None:
        ckpt = self._ckpt
        recurrent = ckpt is not None and getattr(ckpt.model, "rnn", None)
        self.tabs.setTabText(
            self.tabs.indexOf(self.lstm_view),
            self.tr("RNN states") if isinstance(recurrent, nn.RNN) else self.tr("LSTM gates"),
        )
        for i, view in enumerate(self.views()):
            reason = None if ckpt is None else view.not_applicable(ckpt)
            self.tabs.setTabEnabled(i, reason is None)
            self.tabs.setTabToolTip(i, reason or "")
        if not self.tabs.isTabEnabled(self.tabs.currentIndex()):
            first = next((i for i in range(self.tabs.count()) if self.tabs.isTabEnabled(i)), 0)
            self.tabs.setCurrentIndex(first)
