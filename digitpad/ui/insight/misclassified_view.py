"""A gallery of test digits the model gets wrong; clicking one sends its model input to the insight views. Its texts
are set again in the new language on `LanguageChange`."""

from __future__ import annotations

import torch
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QIcon
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from digitpad.core.data.mnist import Split
from digitpad.core.inference.normalization import normalize
from digitpad.ui.common.qimages import THUMB, thumbnail
from digitpad.ui.insight import export

INDEX_ROLE = Qt.ItemDataRole.UserRole


class MisclassifiedGallery(QWidget):
    """Thumbnails with true label, prediction and confidence; `example_selected` carries the normalised
    ``[1, 28, 28]`` float32 input of the clicked digit and its entry (index, label, predicted, confidence)."""

    example_selected = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("misclassifiedGallery")
        self._split: Split | None = None
        self._mistakes: list[dict[str, float | int]] = []
        self._mean, self._std = 0.0, 1.0
        self._filter: tuple[int, int] | None = None
        self.header = QLabel(wordWrap=True)
        self.list_widget = QListWidget()
        self.list_widget.setObjectName("misclassifiedList")
        self.list_widget.setViewMode(QListView.ViewMode.IconMode)
        self.list_widget.setIconSize(QSize(THUMB, THUMB))
        self.list_widget.setGridSize(QSize(THUMB + 26, THUMB + 40))
        self.list_widget.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_widget.setMovement(QListView.Movement.Static)
        self.list_widget.setUniformItemSizes(True)
        self.list_widget.setWordWrap(True)
        self.list_widget.setMinimumSize(THUMB + 40, THUMB + 50)  # one thumbnail; it wraps and scrolls the rest
        self.list_widget.itemClicked.connect(self._on_list_widget_item_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.list_widget, 1)
        self._show_header()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show_header()
            for i in range(self.list_widget.count()):
                item = self.list_widget.item(i)
                item.setToolTip(self._tooltip(self._mistakes[int(item.data(INDEX_ROLE))]))
        super().changeEvent(event)

    def set_examples(
        self, split: Split | None, mistakes: list[dict[str, float | int]], mean: float, std: float
    ) -> None:
        """Show ``mistakes`` (core `misclassified` entries whose index is into ``split``); None clears."""
        self._split, self._mistakes, self._mean, self._std = split, list(mistakes), mean, std
        self._filter = None
        self._populate()

    def set_filter(self, cell: tuple[int, int] | None) -> None:
        """Only the mistakes with this (true label, prediction); None shows all."""
        self._filter = cell
        self._populate()

    def filter(self) -> tuple[int, int] | None:
        return self._filter

    def shown(self) -> list[dict[str, float | int]]:
        return [self._mistakes[self.list_widget.item(i).data(INDEX_ROLE)] for i in range(self.list_widget.count())]

    def model_input(self, entry: dict[str, float | int]) -> torch.Tensor:
        assert self._split is not None
        return normalize(self._split.images[int(entry["index"])], self._mean, self._std).unsqueeze(0)

    def export_png(self, path: str | None = None):
        return export.export_png(self, path, "misclassified")

    def _populate(self) -> None:
        self.list_widget.clear()
        if self._split is None:
            self._show_header()
            return
        chosen = [
            (i, m)
            for i, m in enumerate(self._mistakes)
            if self._filter is None or (m["label"], m["predicted"]) == self._filter
        ]
        for i, m in chosen:
            item = QListWidgetItem(QIcon(thumbnail(self._split.images[int(m["index"])].numpy())), "")
            item.setText(f"{m['label']} → {m['predicted']}\n{float(m['confidence']):.0%}")
            item.setToolTip(self._tooltip(m))
            item.setData(INDEX_ROLE, i)
            self.list_widget.addItem(item)
        self._show_header()

    def _show_header(self) -> None:
        """What the gallery shows: nothing yet, every mistake, or those of one matrix cell."""
        count = self.list_widget.count()
        if self._split is None:
            self.header.setText(self.tr("Evaluate the model on the test set to see the digits it gets wrong."))
        elif self._filter is None:
            self.header.setText(
                self.tr(
                    "<b>Mistakes</b>: the {count} test digits it gets wrong most confidently, "
                    "labelled true → predicted (click one to look inside)"
                ).format(count=count)
            )
        else:
            t, p = self._filter
            self.header.setText(
                self.tr("<b>{count}</b> mistakes: {true}s read as {predicted} (click the cell again for all)").format(
                    count=count, true=t, predicted=p
                )
            )

    def _tooltip(self, m: dict[str, float | int]) -> str:
        return self.tr(
            "Test digit #{index}: it is a {label}; the model says {predicted} with {confidence:.1%} confidence. "
            "Click to look inside."
        ).format(index=m["index"], label=m["label"], predicted=m["predicted"], confidence=float(m["confidence"]))

    def _on_list_widget_item_clicked(self, item: QListWidgetItem) -> None:
        entry = self._mistakes[int(item.data(INDEX_ROLE))]
        self.example_selected.emit(self.model_input(entry), entry)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Export PNG…"), lambda: self.export_png())
        menu.exec(event.globalPos())
