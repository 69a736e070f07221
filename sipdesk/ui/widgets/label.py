"""A label with a look from the theme, and how to re-apply the look after changing it.

Apart from :mod:`sipdesk.ui.widgets.common` (which gives both too) so the start screen can
use them without loading the page-building blocks there and the Qt types they need. Nothing
here names Qt's namespace (``Qt``) until a label has to give way: the start screen is painted
before PySide builds its 93 enums (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def label(text: str, role: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A QLabel with a theme role (``section``, ``hint``, ``page-title`` …)."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    plain_text(widget)
    return widget


def plain_text(widget: QLabel) -> None:
    """The label shows its words as they are, never as rich text (a school called "<b>Oak"
    keeps its brackets). Set by the property's name, which needs no ``Qt`` (see above)."""
    widget.setProperty("textFormat", "PlainText")


class ElidedLabel(QLabel):
    """One line of words that ends in "…" when it does not fit the room it is given, instead
    of being cut off mid-letter (a long school name beside buttons, at presentation size on a
    1024-wide projector). The whole words are its tooltip and what a screen reader says."""

    def __init__(self, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        plain_text(self)
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
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self._full) <= room:
            self.setText(self._full)  # fits: as Qt would elide it, without naming ``Qt``
            return
        elide = QtCore.Qt.TextElideMode.ElideRight
        self.setText(metrics.elidedText(self._full, elide, room))


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after changing a ``role``-like property."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
