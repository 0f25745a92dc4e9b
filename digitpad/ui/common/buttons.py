"""A push button that may be as narrow as its text.

Styles such as Fusion and Windows give every push button with a text a minimum width of about 80 px, so a row of four
short buttons ("Delete", "Export…") or a grid of ten digit buttons needs more than a dock at 1024 × 700 has, and the
dock scrolls sideways. `CompactButton` keeps the style's size as its preferred size and lets a layout squeeze it down
to its text (and icon) with the style's own margins, following the text as it changes language.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QWidget


class CompactButton(QPushButton):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, self.sizePolicy().verticalPolicy())  # may shrink

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        style = self.style()
        content = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, self.text()).width()
        if not self.icon().isNull():
            content += self.iconSize().width() + 4
        margins = 2 * (
            style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, self)
            + style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        )
        return QSize(min(hint.width(), self.sizeHint().width(), content + margins), hint.height())
