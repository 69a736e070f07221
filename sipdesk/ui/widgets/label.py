"""A label with a look from the theme, and how to re-apply the look after changing it.

Apart from :mod:`sipdesk.ui.widgets.common` (which gives both too) so the start screen can
use them without loading the page-building blocks there and the Qt types they need.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def label(text: str, role: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A QLabel with a theme role (``section``, ``hint``, ``page-title`` …)."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class ElidedLabel(QLabel):
    """One line of words that ends in "…" when it does not fit the room it is given, instead
    of being cut off mid-letter (a long school name beside buttons, at presentation size on a
    1024-wide projector). The whole words are its tooltip and what a screen reader says."""

    def __init__(self, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # As wide as the layout gives it, never wider for its words: they are what give way.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # the zoom or presentation changed the letters' size

    def _fit(self) -> None:
        room = self.contentsRect().width()
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after changing a ``role``-like property."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
