"""A label with a look from the theme, and how to re-apply the look after changing it.

Apart from :mod:`sipdesk.ui.widgets.common` (which gives both too) so the start screen can
use them without loading the page-building blocks there and the Qt types they need. Nothing
here names Qt's namespace (``Qt``) until a label has to give way: the start screen is painted
before PySide builds its 93 enums (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QSize
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

    def __init__(
        self, role: str = "", parent: QWidget | None = None, *, middle: bool = False
    ) -> None:
        """``middle``: shorten the middle of the words ("Saved to Frederick…draft.sipdesk ·
        16:46"), keeping how they start and end, rather than their end."""
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        plain_text(self)
        # As wide as the layout gives it, never wider for its words: they are what give way.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self._middle = middle

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
        modes = QtCore.Qt.TextElideMode
        elide = modes.ElideMiddle if self._middle else modes.ElideRight
        self.setText(metrics.elidedText(self._full, elide, room))


class StatusLabel(ElidedLabel):
    """Lasting words in a status bar ("Saved to Riverside.sipdesk · 10:42"): as wide as they
    are when there is room; when there is not (a long file name on a 1024-wide screen, a
    message beside it), shortened in the middle, down to their first few letters and the end.
    Without it a long file name ran off the window's edge, time and all, and left no room for
    the status bar's messages."""

    FEWEST_LETTERS = 10  # kept at the start when it gives way as far as it can

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent, middle=True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # for the words shown, which may be shortened
        metrics = self.fontMetrics()
        more = metrics.horizontalAdvance(self.full_text()) - metrics.horizontalAdvance(self.text())
        return QSize(hint.width() + max(0, more), hint.height())

    def minimumSizeHint(self) -> QSize:
        widest = self.sizeHint().width()
        least = self.fontMetrics().horizontalAdvance(self.full_text()[: self.FEWEST_LETTERS] + "…")
        return QSize(min(widest, least), super().minimumSizeHint().height())


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after changing a ``role``-like property."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
