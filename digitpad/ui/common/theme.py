"""Light and dark palettes; "system" follows the desktop's colour scheme and its changes.

Every widget follows the theme live, both ways. Widgets that paint themselves read their colours from
``self.palette()`` in ``paintEvent`` (never cached at construction). pyqtgraph plots, whose colours are set on
their items rather than read at paint time, are styled by `style_plot` and kept styled by `follow_palette`
(``theme.follow_palette(plot)`` once, after the plot is built). Anything else that must know can connect to
`notifier().theme_changed`, emitted after each `apply_theme`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    import pyqtgraph as pg

THEMES = ("system", "light", "dark")
ACCENT = QColor("#2f7de1")

_LIGHT = {
    QPalette.ColorRole.Window: "#f3f3f5",
    QPalette.ColorRole.WindowText: "#1c1c1e",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f0f3",
    QPalette.ColorRole.Text: "#1c1c1e",
    QPalette.ColorRole.Button: "#e9e9ed",
    QPalette.ColorRole.ButtonText: "#1c1c1e",
    QPalette.ColorRole.ToolTipBase: "#ffffe6",
    QPalette.ColorRole.ToolTipText: "#1c1c1e",
    QPalette.ColorRole.PlaceholderText: "#8a8a8e",
    QPalette.ColorRole.Mid: "#c4c4c9",
    QPalette.ColorRole.Midlight: "#dcdce0",
    QPalette.ColorRole.Dark: "#a0a0a6",
}
_DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8e8ea",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#26272b",
    QPalette.ColorRole.Text: "#e8e8ea",
    QPalette.ColorRole.Button: "#2d2e32",
    QPalette.ColorRole.ButtonText: "#e8e8ea",
    QPalette.ColorRole.ToolTipBase: "#2d2e32",
    QPalette.ColorRole.ToolTipText: "#e8e8ea",
    QPalette.ColorRole.PlaceholderText: "#8a8a8e",
    QPalette.ColorRole.Mid: "#4a4b50",
    QPalette.ColorRole.Midlight: "#3a3b40",
    QPalette.ColorRole.Dark: "#111113",
}


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, colour in (_DARK if dark else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, ACCENT.lighter(130) if dark else ACCENT)
    disabled = QColor("#6b6b70") if dark else QColor("#a3a3a8")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("digitpad's widgets need a QApplication")
    return app


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether a palette (the application's by default) shows light text on a dark window."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def palette_of(theme: str) -> QPalette:
    """digitpad's palette for "light" or "dark" ("system": the one the desktop's colour scheme picks)."""
    return _palette(system_prefers_dark() if theme == "system" else theme == "dark")


def _indicator_palette(palette: QPalette) -> QPalette:
    """The palette for check boxes and radio buttons: Fusion outlines their box in the window colour darkened,
    which on a dark window is as dark as the box itself; a lighter window colour gives them a visible edge."""
    if not is_dark(palette):
        return palette
    indicator = QPalette(palette)
    indicator.setColor(QPalette.ColorRole.Window, QColor("#8a8b90"))  # Fusion draws the edge 1.4 times darker
    return indicator


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """Fusion with digitpad's palette; "system" picks light or dark from the desktop's colour scheme. Widgets
    restyle as the palette change reaches them; `notifier().theme_changed` is emitted once it has."""
    if theme not in THEMES:
        theme = "system"
    palette = palette_of(theme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette)
    for name in ("QCheckBox", "QRadioButton"):  # set each time: a class palette outlives the next setPalette
        app.setPalette(_indicator_palette(palette), name)  # type: ignore[arg-type]  # the stubs say bytes; str works
    app.setProperty("digitpad_theme", theme)
    QTimer.singleShot(0, notifier(), lambda: notifier().theme_changed.emit(is_dark(palette)))


class ThemeNotifier(QObject):
    """`theme_changed(dark)`: the theme was applied and every widget has its new palette."""

    theme_changed = Signal(bool)


def notifier() -> ThemeNotifier:
    """The one `ThemeNotifier`, owned by the application."""
    app = application()
    found = app.findChild(ThemeNotifier, "digitpadThemeNotifier")
    if found is None:
        found = ThemeNotifier(app)
        found.setObjectName("digitpadThemeNotifier")
    return found


def style_plot(plot: pg.PlotWidget | pg.GraphicsLayoutWidget, palette: QPalette | None = None) -> None:
    """Colour a pyqtgraph plot widget from a palette (its own by default): background `Base`, axes `Mid`,
    tick labels, axis labels, titles and legends `Text`. Data colours (curves, bars) are the caller's."""
    import pyqtgraph as pg

    palette = palette or plot.palette()
    text, line = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Mid)
    plot.setBackground(palette.color(QPalette.ColorRole.Base))
    if isinstance(plot, pg.PlotWidget):
        items = [plot.getPlotItem()]
    else:
        items = [item for item in plot.ci.items if isinstance(item, pg.PlotItem)]
    for item in items:
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(line))
            axis.setTextPen(pg.mkPen(text))  # the axis label too
        if item.titleLabel.text:
            item.titleLabel.setText(item.titleLabel.text, color=text)
        if item.legend is not None:
            item.legend.setLabelTextColor(text)
            item.legend.setBrush(pg.mkBrush(palette.color(QPalette.ColorRole.Base)))


class _PaletteFollower(QObject):
    """Calls ``restyle`` when its widget's palette changes; a child of the widget, so it goes with it."""

    def __init__(self, widget: QWidget, restyle: Callable[[], None]) -> None:
        super().__init__(widget)
        self.setObjectName("digitpadPaletteFollower")
        self._restyle = restyle
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:  # sent once the widget's palette holds the new colours
            self._restyle()
        return False


def follow_palette(widget: QWidget, restyle: Callable[[], None] | None = None) -> None:
    """Restyle ``widget`` now and whenever its palette changes (a theme switch, either way). ``restyle``
    defaults to `style_plot` of the widget, for pyqtgraph plot widgets."""
    if restyle is None:

        def restyle() -> None:
            style_plot(widget)  # type: ignore[arg-type]

    restyle()
    _PaletteFollower(widget, restyle)


def follow_system(app: QApplication) -> None:
    """Re-apply the "system" theme whenever the desktop switches between light and dark."""

    def on_changed(_scheme: Qt.ColorScheme) -> None:
        if app.property("digitpad_theme") == "system":
            apply_theme(app, "system")

    app.styleHints().colorSchemeChanged.connect(on_changed)
