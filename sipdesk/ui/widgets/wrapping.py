"""Text that wraps between words, and inside a word too long for its room, so it never
crosses a cell's border: the layout maths every table (see
:class:`sipdesk.ui.tables.delegates.WrapDelegate`) and fitted list shares."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

# The most of a text a cell shows; a longer one ends in "…" (its editor holds it all). A field
# may hold 20,000 characters, and wrapping that in every cell froze tables for seconds.
DISPLAY_CHARS = 1000


def shown_text(text: str, chars: int = DISPLAY_CHARS) -> str:
    """``text`` as a cell or label shows it: at most ``chars`` characters."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


def has_long_word(text: str, metrics: QFontMetrics, width: int) -> bool:
    """Whether a word of ``text`` is wider than ``width`` px. Only words with more letters
    than the widest letter fits into ``width`` are measured: prose needs no measuring."""
    safe = width // max(1, metrics.maxWidth())
    return any(
        len(word) > safe and metrics.horizontalAdvance(word) > width for word in text.split()
    )


def layout_text(
    text: str, font: QFont, width: float, option: QTextOption
) -> tuple[QTextLayout, float]:
    """``text`` laid out in lines of ``width``; the layout and its height."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


def wrapped_text_height(text: str, font: QFont, width: float, mode: QTextOption.WrapMode) -> float:
    """How tall ``text`` is laid out in lines ``width`` wide, wrapped as ``mode`` says."""
    option = QTextOption()
    option.setWrapMode(mode)
    return layout_text(text, font, width, option)[1]
