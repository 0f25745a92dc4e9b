"""Widgets get object names (for tests, stylesheets and accessibility) in one expression."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, tooltip: str = "") -> W:
    widget.setObjectName(name)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget
