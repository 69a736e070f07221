"""One column of an editable table: the row field it shows, its header, how it is edited and
how much room it asks for."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont, QTextLayout, QTextOption

from sipdesk.models.formatting import money
from sipdesk.services.changes import Change
from sipdesk.ui.widgets.fields import DATE_FORMAT, to_date, to_qdate

if TYPE_CHECKING:  # a page builds its columns before the database code loads (issue 12)
    from sqlalchemy.orm import Session

Row = dict[str, Any]
Writer = Callable[["Session", int, Any], Change]
Choices = Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]]
# The oldest date a date picker holds: at or before it, the picker says "Not set".
NO_DAY = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Column:
    """One editable (or read-only) column.

    ``kind``:

    - ``text`` (the default) — typed text;
    - ``int`` — a whole number in a spin box;
    - ``money`` — a typed amount, stored in cents;
    - ``date`` — a typed date ("9/25/2026"), stored as a date;
    - ``calendar`` — a date picked in a date field, which may be left empty;
    - ``choice`` — one of ``choices``, ``(label, value)`` pairs (or a function giving them,
      for lists that change with the plan); ``free`` lets people type their own;
    - ``check`` — a tick box;
    - ``readonly`` — shown, never edited;
    - ``parts`` — several fields of the row in one cell (a start and a due date as one
      timeline, say) so a table with many fields still fits a laptop; ``parts`` are those
      fields as columns of their own, edited together in one editor (Tab moves between
      them) and stored as one undo step.

    ``display`` shows the row another way than the field's plain value; ``write`` stores an
    edit through a named service operation instead of setting the field.

    Room: a column that *stretches* (by default the text columns) shares the table's spare
    width and wraps; the others keep to their contents. A wide table of plan items
    (:class:`~sipdesk.ui.tables.wrap_view.WrapTableView`) asks ``chars`` average characters
    for a column; a form's list (:class:`~sipdesk.ui.tables.view.FormTableView`) shares its
    spare width among the stretching columns by ``weight``.

    ``header`` is the header's title, ``tip`` its tooltip (the column's full name, when the
    title is a short one).
    """

    key: str
    header: str
    kind: str = "text"
    chars: int = 16
    choices: Choices = ()
    free: bool = False
    display: Callable[[Row], str] | None = None
    write: Writer | None = None
    placeholder: str = ""
    stretch: bool | None = None
    weight: int = 1
    parts: tuple[Column, ...] = ()
    tip: str = ""

    @property
    def stretches(self) -> bool:
        return self.kind == "text" if self.stretch is None else self.stretch

    @property
    def title(self) -> str:
        """The column's full name (its tooltip, and its editor's accessible name)."""
        return self.tip or self.header

    @property
    def editable(self) -> bool:
        return self.kind != "readonly"

    def fields(self) -> tuple[Column, ...]:
        """The row's fields this column shows: its parts, or itself."""
        return self.parts or (self,)

    def choice_list(self) -> Sequence[tuple[str, Any]]:
        """The ``(label, value)`` pairs offered (now, for a list that changes)."""
        return self.choices() if callable(self.choices) else self.choices

    # ----------------------------------------------------------------- reading
    def text(self, row: Row) -> str:
        """What the cell shows."""
        if self.display is not None:
            return self.display(row)
        if self.parts:
            return "\n".join(t for t in (part.text(row) for part in self.parts) if t)
        value = row.get(self.key)
        if self.kind == "money":
            return money(value)
        if self.kind == "choice" and not self.free:
            for label, choice in self.choice_list():
                if choice == value:
                    return label
            return "" if value is None else str(value)  # a value no longer offered, as stored
        if self.kind == "calendar":
            day = to_date(value)
            return to_qdate(day).toString(DATE_FORMAT) if day else ""
        if self.kind == "check":
            return ""
        return "" if value is None else str(value)

    def spoken(self, row: Row) -> str:
        """The cell for a tooltip or a screen reader: its text, "(empty)" or yes / no."""
        if self.kind == "check":
            return "yes" if row.get(self.key) else "no"
        return self.text(row) or "(empty)"

    def edit_value(self, row: Row) -> Any:
        """What an editor starts from: amounts as plain numbers, fixed choices as values,
        picked dates as dates, a ``parts`` column's parts as a tuple."""
        value = row.get(self.key)
        if self.parts:
            return tuple(part.edit_value(row) for part in self.parts)
        if self.kind == "money":
            return "" if value is None else f"{value / 100:.2f}"
        if self.kind == "choice" and not self.free:
            return value
        if self.kind == "check":
            return bool(value)
        if self.kind == "calendar":
            return to_qdate(value)
        if self.kind == "int":
            return int(value or 0)
        if self.kind == "date":
            return self.text(row).replace("\n", " ")  # one line to type over
        return self.text(row)

    # ----------------------------------------------------------------- storing
    def stored(self, value: Any) -> Any:
        """An edited value as it is stored (cents, a date, a number); ValueError (or a
        PlanRuleError, with a sentence for the person) if it cannot be."""
        if self.kind in ("money", "date"):
            # (the plan's rules, loaded with the first typed amount or date)
            from sipdesk.services import values

            parse = values.parse_money if self.kind == "money" else values.parse_date
            return parse(str(value or ""))
        if self.kind == "calendar":
            day = to_date(value.toPython() if hasattr(value, "toPython") else value)
            return None if day is not None and day <= NO_DAY else day
        if self.kind == "int":
            return int(value)
        if self.kind == "check":
            return bool(value)
        if self.kind == "text":
            return "" if value is None else str(value)
        return value


def unbroken_width(text: str, font: QFont) -> int:
    """The width of the longest piece of ``text`` that cannot wrap: a word, or a part of
    one where Qt may break it (after the hyphen of "ready-to-teach", the slash of
    "and/or"). A column narrower than that would cut the piece off."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    widest = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(1.0)  # one piece a line
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return math.ceil(widest)
