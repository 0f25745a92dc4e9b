"""The projector's map: a scatter plot of the test digits coloured by their true digit, those the model gets wrong
drawn as crosses, the user's own digits as diamonds and the input shown as a large star; under it the legend, a line
naming what the pointer is on (else the star) and notes on how the map was made. Colours follow the theme and the
texts the interface language, live (each re-worded from the state it shows)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from torch import nn

import pyqtgraph as pg  # isort: skip  (import after PySide6 so pyqtgraph binds to it)

from digitpad.core.insight.embedding import NEIGHBOURS, PCA, Embedding, feature_source
from digitpad.ui.common import theme
from digitpad.ui.common.i18n import localize
from digitpad.ui.insight.lstm_view import DIGIT_COLORS

POINT_SIZE = 5
WRONG_SIZE = 10
OWN_SIZE = 11
STAR_SIZE = 26


class ScatterPlot(pg.PlotWidget):
    """`show_points` draws a map; `show_star` moves the star. ``point_clicked(i)``: test digit ``i`` of the map
    was clicked; ``hovered(on)``: ``("test", i)`` or ``("own", i)`` for the point under the pointer, None for none."""

    point_clicked = Signal(int)
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectorPlot")
        self.setMinimumSize(200, 220)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.setAspectLocked(True)  # one unit is as long across as up: distances on the map are honest
        self.test_points = pg.ScatterPlotItem(hoverable=True, tip=None)
        self.own_points = pg.ScatterPlotItem(hoverable=True, tip=None, symbol="d", size=OWN_SIZE)
        self.star = pg.ScatterPlotItem(symbol="star", size=STAR_SIZE)
        for z, scatter in enumerate((self.test_points, self.own_points, self.star)):
            scatter.setZValue(z)
            item.addItem(scatter)
        self._labels = np.zeros(0, dtype=np.int64)
        self._wrong = np.zeros(0, dtype=bool)
        self._own_labels = np.zeros(0, dtype=np.int64)
        self._star_digit: int | None = None
        self._hovered: dict[str, int | None] = {"own": None, "test": None}  # a diamond above a dot wins
        self.test_points.sigClicked.connect(self._on_test_points_clicked)
        self.test_points.sigHovered.connect(lambda _s, points, _e: self._on_hovered("test", points))
        self.own_points.sigHovered.connect(lambda _s, points, _e: self._on_hovered("own", points))
        theme.follow_palette(self, self._restyle)

    def show_points(self, points: np.ndarray, labels: np.ndarray, wrong: np.ndarray) -> None:
        """Test digits at ``points`` float32 ``[N, 2]``, coloured by ``labels`` ``[N]``; ``wrong`` ``[N]`` bool: drawn
        as crosses, above the others."""
        self._labels, self._wrong = np.asarray(labels), np.asarray(wrong, dtype=bool)
        order = np.argsort(self._wrong, kind="stable")  # the mistakes last, so they are drawn on top
        self.test_points.setData(x=points[order, 0], y=points[order, 1], data=order)
        self._style_test_points()
        self.getPlotItem().enableAutoRange()

    def show_own(self, points: np.ndarray, labels: np.ndarray) -> None:
        """The user's own digits at ``points`` ``[M, 2]``, coloured by ``labels`` ``[M]`` (M may be 0)."""
        self._own_labels = np.asarray(labels)
        self.own_points.setData(x=points[:, 0], y=points[:, 1], data=np.arange(len(points)))
        self._style_own_points()

    def show_star(self, position: np.ndarray | None, digit: int | None = None) -> None:
        """The input shown, at ``position`` ``[2]`` in the colour of ``digit`` (what the model reads); None hides it."""
        self._star_digit = digit
        if position is None:
            self.star.setData([], [])
            return
        self.star.setData([float(position[0])], [float(position[1])])
        self._style_star()

    def star_position(self) -> tuple[float, float] | None:
        xs, ys = self.star.getData()
        return None if len(xs) == 0 else (float(xs[0]), float(ys[0]))

    def clear_map(self) -> None:
        self.show_points(np.zeros((0, 2), np.float32), np.zeros(0, np.int64), np.zeros(0, bool))
        self.show_own(np.zeros((0, 2), np.float32), np.zeros(0, np.int64))
        self.show_star(None)

    # --- styling --------------------------------------------------------------------------------------------------
    def _text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _style_test_points(self) -> None:
        order = self.test_points.data["data"]
        if len(order) == 0:
            return
        order = order.astype(np.int64)
        labels, wrong = self._labels[order], self._wrong[order]
        right_brushes = [pg.mkBrush(_faded(c, 190)) for c in DIGIT_COLORS]
        wrong_brushes = [pg.mkBrush(QColor(c)) for c in DIGIT_COLORS]
        outline = pg.mkPen(self._text_colour(), width=0.8)
        self.test_points.setBrush(
            [wrong_brushes[d] if w else right_brushes[d] for d, w in zip(labels, wrong, strict=True)]
        )
        self.test_points.setSymbol(["x" if w else "o" for w in wrong])
        self.test_points.setSize(np.where(wrong, WRONG_SIZE, POINT_SIZE))
        self.test_points.setPen([outline if w else pg.mkPen(None) for w in wrong])

    def _style_own_points(self) -> None:
        brushes = [pg.mkBrush(QColor(c)) for c in DIGIT_COLORS]
        self.own_points.setBrush([brushes[d] for d in self._own_labels])
        self.own_points.setPen(pg.mkPen(self._text_colour(), width=1.2))

    def _style_star(self) -> None:
        fill = QColor(DIGIT_COLORS[self._star_digit]) if self._star_digit is not None else self._text_colour()
        self.star.setBrush(pg.mkBrush(fill))
        self.star.setPen(pg.mkPen(self._text_colour(), width=2))

    def _restyle(self) -> None:
        theme.style_plot(self)
        self._style_test_points()
        self._style_own_points()
        if self.star_position() is not None:
            self._style_star()

    # --- slots ------------------------------------------------------------------------------------------------------
    def _on_test_points_clicked(self, _scatter: pg.ScatterPlotItem, points: list[pg.SpotItem], _event: object) -> None:
        if len(points):
            self.point_clicked.emit(int(points[0].data()))

    def _on_hovered(self, kind: str, points: list[pg.SpotItem]) -> None:
        self._hovered[kind] = int(points[0].data()) if len(points) else None
        on = next(((k, i) for k, i in self._hovered.items() if i is not None), None)
        self.hovered.emit(on)


class ProjectorMap(QWidget):
    """`show_map` draws a map (None: nothing), `show_own` the user's digits, `show_star` the input shown.
    ``point_clicked(i)``: test digit ``i`` of the map was clicked."""

    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectorMap")
        self._model: nn.Module | None = None
        self._embedding: Embedding | None = None
        self._own_labels = self._own_read = np.zeros(0, np.int64)
        self._star: tuple[int, float, str] | None = None  # the digit read in the input shown, how sure, its name
        self._pointer: tuple[str, int] | None = None
        self.plot = ScatterPlot()
        self.legend = QLabel(wordWrap=True)
        self.legend.setObjectName("projectionLegend")
        self.pointer_label = QLabel(wordWrap=True)
        self.pointer_label.setObjectName("projectionPointer")
        self.notes = QLabel(wordWrap=True)
        self.notes.setObjectName("projectionNotes")
        self.notes.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        for label in (self.legend, self.pointer_label, self.notes):
            layout.addWidget(label)
        self.plot.point_clicked.connect(self.point_clicked)
        self.plot.hovered.connect(self._on_plot_hovered)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_map(self, model: nn.Module | None, embedding: Embedding | None) -> None:
        """``model``'s map (None: no map, nothing shown)."""
        self._model, self._embedding, self._pointer = model, embedding, None
        if embedding is None:
            self.plot.clear_map()
            self._star = None
        else:
            self.plot.show_points(embedding.points, embedding.labels, embedding.misclassified)
        self._retranslate()

    def show_own(self, points: np.ndarray, labels: np.ndarray, read: np.ndarray) -> None:
        """The user's digits at ``points`` ``[M, 2]``: their ``labels`` and what the model reads, ``read`` ``[M]``."""
        self._own_labels, self._own_read = np.asarray(labels), np.asarray(read)
        self.plot.show_own(points, labels)
        self._retranslate()  # the legend names the diamonds when there are some

    def show_star(self, position: np.ndarray | None, digit: int = 0, confidence: float = 0.0, source: str = "") -> None:
        """The input shown (named ``source``) at ``position`` ``[2]``, read as ``digit`` with ``confidence``; None
        hides it."""
        self._star = None if position is None else (digit, confidence, source)
        self.plot.show_star(position, digit)
        self._word_pointer()

    def embedding(self) -> Embedding | None:
        return self._embedding

    def point_name(self, i: int) -> str:
        """How point ``i`` of the map is named: "test digit #12: a 7, read as 1"."""
        assert self._embedding is not None
        entry = self._embedding.entry(i)
        return self.tr("test digit #{index}: a {label}, read as {predicted}").format(
            index=entry["index"], label=entry["label"], predicted=entry["predicted"]
        )

    def _retranslate(self) -> None:
        """The legend, the axis titles, the notes and the pointer's line, in the interface language."""
        self._word_pointer()
        embedding, model, item = self._embedding, self._model, self.plot.getPlotItem()
        if embedding is None or model is None:
            self.legend.setText("")
            self.notes.setText("")
            return
        colours = " ".join(f"<b style='color:{c}'>●</b>&nbsp;{d}" for d, c in enumerate(DIGIT_COLORS))
        if len(self._own_labels):
            legend = self.tr(
                "Colour = true digit: {colours}<br>● read right · ✕ read wrong · ★ the input shown · ◆ your own digits"
            )
        else:
            legend = self.tr("Colour = true digit: {colours}<br>● read right · ✕ read wrong · ★ the input shown")
        self.legend.setText(legend.format(colours=colours))
        features = self.tr("Features: {source}.").format(source=localize(feature_source(model)))
        count = len(embedding)
        if embedding.method == PCA:
            first, second = (float(share) for share in embedding.explained)
            item.setLabel("bottom", self.tr("PC 1 ({share:.0%} of the variance)").format(share=first))
            item.setLabel("left", self.tr("PC 2 ({share:.0%} of the variance)").format(share=second))
            method = self.tr(
                "PCA of {count:,} test digits: the two directions in which their features vary most. The drawing "
                "is projected onto them exactly."
            ).format(count=count)
        else:
            item.setLabel("bottom", self.tr("t-SNE 1"))
            item.setLabel("left", self.tr("t-SNE 2"))
            method = self.tr(
                "t-SNE of {count:,} test digits (a fixed sample): near neighbours stay near, but the axes and the "
                "distances between clusters mean little. t-SNE cannot place new points, so the drawing is put at "
                "the distance-weighted mean of the places of its {k} nearest test digits in feature space."
            ).format(count=count, k=NEIGHBOURS)
        self.notes.setText(f"{features} {method}")

    def _word_pointer(self) -> None:
        """Name what the pointer is on, else the star; the plot's tooltip says the same."""
        pointer, tip = self._pointer, ""
        if self._embedding is None:
            text = ""
        elif pointer is not None and pointer[0] == "test":
            text = self.point_name(pointer[1])
            tip = self.tr("{name}. Click to look inside.").format(name=text)
        elif pointer is not None:
            label, read = int(self._own_labels[pointer[1]]), int(self._own_read[pointer[1]])
            text = tip = self.tr("your own digit: a {label}, read as {predicted}").format(label=label, predicted=read)
        elif self._star is None:
            text = self.tr("Point at a dot to name it; click it to see that digit in every view.")
        else:
            digit, confidence, source = self._star
            text = self.tr("★ {source}: read as {predicted} ({confidence:.0%})").format(
                source=source, predicted=digit, confidence=confidence
            )
        self.pointer_label.setText(text)
        self.plot.getPlotItem().getViewBox().setToolTip(tip)

    def _on_plot_hovered(self, on: tuple[str, int] | None) -> None:
        self._pointer = on
        self._word_pointer()


def _faded(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c
