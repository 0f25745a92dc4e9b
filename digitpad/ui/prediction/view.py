"""The answer: the predicted digit in large type, how sure the model is, and all ten probabilities as bars."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg  # binds to PySide6: digitpad.ui sets PYQTGRAPH_QT_LIB first
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.inference.prediction import LOW_CONFIDENCE, Prediction
from digitpad.core.runtime.messages import Message
from digitpad.ui.common import theme
from digitpad.ui.common.i18n import localize

PROMPT = str(QT_TRANSLATE_NOOP("PredictionView", "Draw a digit from 0 to 9"))
LOADING = str(
    QT_TRANSLATE_NOOP("PredictionView", "Loading the models… the prediction appears as soon as they are ready.")
)


def percent(p: float) -> str:
    """A probability as a percentage that never rounds a near-certainty up to a flat 100%."""
    return ">99.9%" if p >= 0.9995 else f"{p:.1%}"


class ProbabilityChart(pg.PlotWidget):
    """Ten bars, the winner highlighted, its percentage above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probabilityChart")
        self.setFixedHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setXRange(-0.6, 9.6, padding=0)
        self.setYRange(0, 1.12, padding=0)
        self.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.getAxis("left").setTicks([[(0, "0"), (0.5, "50%"), (1.0, "100%")]])
        self.getAxis("left").setWidth(46)
        self._bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.72)
        self.addItem(self._bars)
        self._label = pg.TextItem(anchor=(0.5, 1.0))
        self.addItem(self._label)
        self._probabilities = np.zeros(10, np.float32)
        self._restyle()
        self._retranslate()

    def _retranslate(self) -> None:
        self.setToolTip(self.tr("Probability the model gives each digit"))

    def probabilities(self) -> np.ndarray:
        return self._probabilities.copy()

    def set_probabilities(self, probs: np.ndarray | None, confident: bool = True) -> None:
        self._probabilities = np.zeros(10, np.float32) if probs is None else np.asarray(probs, np.float32)
        self._draw(confident)

    def _draw(self, confident: bool = True) -> None:
        probs = self._probabilities
        pal = self.palette()
        rest = pal.color(QPalette.ColorRole.Mid)
        top = int(probs.argmax()) if probs.any() else -1
        accent = theme.ACCENT if confident else QColor("#d9892b")
        brushes = [pg.mkBrush(accent if i == top else rest) for i in range(10)]
        self._bars.setOpts(height=probs, brushes=brushes, pens=[pg.mkPen(None)] * 10)
        if top >= 0:
            text = ">99%" if probs[top] >= 0.995 else f"{probs[top]:.0%}"
            self._label.setText(text, color=pal.color(QPalette.ColorRole.WindowText))
            self._label.setPos(top, float(probs[top]) + 0.01)
        else:
            self._label.setText("")

    def _restyle(self) -> None:
        pal = self.palette()
        self.setBackground(pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.WindowText)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(pal.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self._draw()

    def changeEvent(self, event: QEvent) -> None:
        palette_event = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if palette_event and hasattr(self, "_label"):  # pyqtgraph changes the palette while constructing
            self._restyle()
        elif event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class ComparisonTable(QTableWidget):
    """Every available model's answer for the same picture, side by side. Never wider than the column it sits in:
    long model names are elided (the full name is the cell's tooltip), and past `VISIBLE_ROWS` rows it scrolls."""

    VISIBLE_ROWS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("comparisonTable")
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # the column sets the width
        header = self.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self._rows: tuple[tuple[str, np.ndarray], ...] = ()
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Digit"), self.tr("Confidence")])
        self.setToolTip(self.tr("All models' predictions for the same drawing"))
        if self._rows:
            self.show_comparison(self._rows)

    def show_comparison(self, rows: tuple[tuple[str, np.ndarray], ...]) -> None:
        self._rows = rows
        self.setRowCount(len(rows))
        for r, (name, probs) in enumerate(rows):
            model, digit, conf = localize(name), int(probs.argmax()), float(probs.max())
            sure = percent(conf)
            if conf < LOW_CONFIDENCE:
                confidence = self.tr("{percent} (unsure)").format(percent=sure)
                confidence_tip = self.tr("{percent} sure, below {threshold:.0%}").format(
                    percent=sure, threshold=LOW_CONFIDENCE
                )
            else:
                confidence, confidence_tip = sure, self.tr("{percent} sure").format(percent=sure)
            cells = (model, str(digit), confidence)
            tips = (model, self.tr("{model} reads a {digit}").format(model=model, digit=digit), confidence_tip)
            for c, (text, tip) in enumerate(zip(cells, tips, strict=True)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, c, item)
        shown = min(len(rows), self.VISIBLE_ROWS)
        rows_height = sum(self.rowHeight(r) for r in range(shown))
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows_height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(240, super().sizeHint().height())


class PredictionView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digit_label = QLabel("")
        self.digit_label.setObjectName("predictionLabel")
        font = QFont(self.font())
        font.setPointSize(64)
        font.setBold(True)
        self.digit_label.setFont(font)
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setFixedWidth(96)
        self.headline = QLabel()
        self.headline.setObjectName("predictionHeadline")
        head_font = QFont(self.font())
        head_font.setPointSize(round(self.font().pointSize() * 1.5))
        head_font.setBold(True)
        self.headline.setFont(head_font)
        self.headline.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setObjectName("predictionDetail")
        self.detail.setWordWrap(True)
        self.chart = ProbabilityChart(self)
        self.table = ComparisonTable(self)
        self.table.hide()
        self._waiting = ""
        self._shown = Prediction()

        words = QVBoxLayout()
        words.addStretch(1)
        words.addWidget(self.headline)
        words.addWidget(self.detail)
        words.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.digit_label)
        top.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.chart)
        layout.addWidget(self.table)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.digit_label.setToolTip(self.tr("The digit the selected model sees"))
        self.show_prediction(self._shown)

    def _describe(self, p: Prediction) -> tuple[str, str]:
        """Headline and detail for a prediction, in words that do not pretend when the model is unsure."""
        if self._waiting:
            waiting = self._waiting
            return self.tr(PROMPT), localize(waiting) if isinstance(waiting, Message) else self.tr(waiting)
        if not p.model:
            return self.tr(PROMPT), self.tr(
                "No model is available yet: open one (Ctrl+O) or train one in the Training panel."
            )
        if p.probabilities is None:
            return self.tr(PROMPT), self.tr("The prediction appears as you draw.")
        order = np.argsort(p.probabilities)[::-1]
        first, second = int(order[0]), int(order[1])
        conf, runner_up = p.confidence, float(p.probabilities[second])
        if conf >= 0.9:
            return (
                self.tr("{percent} sure").format(percent=percent(conf)),
                self.tr("{model} reads a {digit}.").format(model=localize(p.model), digit=first),
            )
        if conf >= LOW_CONFIDENCE:
            return (
                self.tr("Probably {digit} ({confidence:.0%})").format(digit=first, confidence=conf),
                self.tr("Could also be {digit} ({confidence:.0%}).").format(digit=second, confidence=runner_up),
            )
        return self.tr("Not sure"), self.tr(
            "Maybe {first} ({first_confidence:.0%}) or {second} ({second_confidence:.0%}). Try drawing it more clearly."
        ).format(first=first, first_confidence=conf, second=second, second_confidence=runner_up)

    def set_comparison_visible(self, visible: bool) -> None:
        self.table.setVisible(visible)

    def set_loading(self, loading: bool) -> None:
        """Say that the models are still loading (the window shows before torch has)."""
        self.set_waiting(LOADING if loading else "")

    def set_waiting(self, reason: str) -> None:
        """Why nothing can be predicted yet ("" once a predictor is there): English marked with
        ``QT_TRANSLATE_NOOP("PredictionView", ...)``, or a core `Message`; shown in the interface language."""
        self._waiting = reason
        self.show_prediction(self._shown)

    def show_prediction(self, p: Prediction) -> None:
        self._shown = p
        self.digit_label.setText("" if p.digit is None else str(p.digit))
        role = QPalette.ColorRole.WindowText if p.is_confident else QPalette.ColorRole.PlaceholderText
        self.digit_label.setForegroundRole(role)
        headline, detail = self._describe(p)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.chart.set_probabilities(p.probabilities, p.is_confident)
        if self.table.isVisibleTo(self):
            self.table.show_comparison(p.comparison)
