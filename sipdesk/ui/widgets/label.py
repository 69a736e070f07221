"""A label with a look from the theme, and how to re-apply the look after changing it.

Apart from :mod:`sipdesk.ui.widgets.common` (which gives both too) so the start screen can
use them without loading the page-building blocks there and the Qt types they need.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def label(text: str, role: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A QLabel with a theme role (``section``, ``hint``, ``page-title`` …)."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after changing a ``role``-like property."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
