"""Text that wraps between words, and inside a word too long for its room, so it never
crosses a cell's border: the layout maths every table (see
:class:`sipdesk.ui.tables.delegates.WrapDelegate`) and fitted list shares."""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

# The most of a text a cell shows; a longer one ends in "…" (its editor holds it all). A field
# may hold 20,000 characters, and wrapping that in every cell froze tables for seconds.
DISPLAY_CHARS = 1000
# A number and its unit ("30.38 %", "$ 1,250") stay on one line: the space between them is
# shown as a no-break space (the plan keeps the plain one).
_UNIT_SPACE = re.compile(r"(?<=\d) (?=%)|(?<=\$) (?=\d)")
NO_BREAK = "\u00a0"
# Spaces a line may break at (a no-break space is none of them).
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def shown_text(text: str, chars: int = DISPLAY_CHARS) -> str:
    """``text`` as a cell or label shows it: at most ``chars`` characters."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


def keep_units(text: str) -> str:
    """``text`` with each number joined to its "%" (and each "$" to its amount) by a
    no-break space, so a narrow cell never shows "66" on one line and "%" on the next."""
    return _UNIT_SPACE.sub(NO_BREAK, text) if " " in text else text


def unbroken_words(text: str) -> list[str]:
    """The pieces of ``text`` a line cannot break inside (words, "30.38 %" as one)."""
    return _BREAKING_SPACES.split(keep_units(text))


def has_long_word(text: str, metrics: QFontMetrics, width: int) -> bool:
    """Whether a word of ``text`` is wider than ``width`` px. Only words with more letters
    than the widest letter fits into ``width`` are measured: prose needs no measuring."""
    safe = width // max(1, metrics.maxWidth())
    return any(
        len(word) > safe and metrics.horizontalAdvance(word) > width
        for word in unbroken_words(text)
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
