"""Light and dark palettes; "system" follows the desktop's colour scheme and its changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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


def apply_theme(app: QApplication, theme: str = "system") -> None:
    """Fusion with digitpad's palette; "system" picks light or dark from the desktop's colour scheme."""
    if theme not in THEMES:
        theme = "system"
    dark = system_prefers_dark() if theme == "system" else theme == "dark"
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    app.setProperty("digitpad_theme", theme)


def follow_system(app: QApplication) -> None:
    """Re-apply the "system" theme whenever the desktop switches between light and dark."""

    def on_changed(_scheme: Qt.ColorScheme) -> None:
        if app.property("digitpad_theme") == "system":
            apply_theme(app, "system")

    app.styleHints().colorSchemeChanged.connect(on_changed)
