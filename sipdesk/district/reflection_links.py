"""A weakness of the self-reflection linked to the rollup rows it explains (issue 14, item 2).

A link is kept as the rollup view's key and the row's key in that view (``("practices",
"2b")``), so it survives the figures changing: the row is found again in today's rollup and its
figures shown beside the weakness. A row's key is made from the cells that name it
(:data:`KEY_COLUMNS`): a practice by its code, a domain by its number, a school by its name.
A row no longer in the rollup (a school gone from the desk) is shown as such. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from sipdesk.district.rollup import Rollup
from sipdesk.district.rollup_tables import MONEY, Cell, View, money_words, views

if TYPE_CHECKING:  # reflection.py asks this module which views a weakness may name
    from sipdesk.district.reflection import Note

# The cells that name a row in each view.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "practices": ("practice",),
    "domains": ("school",),
    "domain-gaps": ("domain", "school"),
    "strategies": ("school", "strategy"),
    "measures": ("school", "measure", "group"),
    "implementation": ("school",),
    "budget": ("source", "school"),
    "supports": ("provider", "school", "strategy"),
    "readiness": ("school",),
}
LINKABLE_VIEWS = tuple(KEY_COLUMNS)
_CODED = ("practice", "domain")  # "2b. Target professional learning…" is keyed "2b"
SEPARATOR = " / "
FIGURE_CHARS = 80


@dataclass(frozen=True)
class LinkedRow:
    view: str
    row_key: str
    view_title: str  # "Strategies by Four Domains practice"; the key when the view is unknown
    label: str  # the row's naming cells: "2b. Target professional learning opportunities"
    figures: str  # the rest of the row: "Schools 3 · Strategies 4"; "" when not found
    found: bool

    @property
    def words(self) -> str:
        """One line: where, which row, and its figures today."""
        if not self.found:
            return f"{self.view_title}: {self.row_key} (not in the rollup today)"
        return f"{self.view_title}: {self.label} — {self.figures}"


def _part(column: str, value: Cell) -> str:
    text = str(value)
    if column in _CODED and ". " in text:
        return text.split(". ", 1)[0]
    if column == "practice" and text == "No practice code":
        return "none"
    return text


def row_key(view: View, row: tuple[Cell, ...]) -> str:
    wanted = KEY_COLUMNS[view.key]
    parts = [_part(c.key, v) for c, v in zip(view.columns, row, strict=True) if c.key in wanted]
    return SEPARATOR.join(parts)


def row_label(view: View, row: tuple[Cell, ...]) -> str:
    wanted = KEY_COLUMNS[view.key]
    return SEPARATOR.join(
        str(v) for c, v in zip(view.columns, row, strict=True) if c.key in wanted and str(v)
    )


def row_figures(view: View, row: tuple[Cell, ...]) -> str:
    wanted = KEY_COLUMNS[view.key]
    out = []
    for column, value in zip(view.columns, row, strict=True):
        if column.key in wanted or value == "":
            continue
        if column.kind == MONEY and isinstance(value, int):
            text = money_words(value)
        else:
            text = str(value)
            if len(text) > FIGURE_CHARS:
                text = text[:FIGURE_CHARS].rsplit(" ", 1)[0] + " …"
        out.append(f"{column.title} {text}")
    return " · ".join(out)


def linkable_rows(view: View) -> list[tuple[str, str]]:
    """``(row key, what a person reads)`` for each row of ``view`` (once per key)."""
    seen: dict[str, str] = {}
    for row in view.rows:
        key = row_key(view, row)
        if key not in seen:
            seen[key] = f"{row_label(view, row)} — {row_figures(view, row)}"
    return list(seen.items())


def linked_rows(data: Rollup | None, links: tuple[tuple[str, str], ...]) -> list[LinkedRow]:
    """Each link with the figures of its row in ``data`` (today's rollup)."""
    by_key = {view.key: view for view in views(data)} if data is not None and links else {}
    out = []
    for view_key, key in links:
        view = by_key.get(view_key)
        title = view.title if view is not None else view_key
        row = None
        if view is not None and view_key in KEY_COLUMNS:
            row = next((r for r in view.rows if row_key(view, r) == key), None)
        if view is None or row is None:
            out.append(LinkedRow(view_key, key, title, key, "", False))
        else:
            out.append(
                LinkedRow(view_key, key, title, row_label(view, row), row_figures(view, row), True)
            )
    return out


def figures_for(
    session: Session, desk: Path, notes: list[Note], today: dt.date
) -> dict[int, list[LinkedRow]]:
    """Each linked note's rows with today's figures; the rollup is read only when a note has a
    link (from the facts kept at intake, so it is quick)."""
    from sipdesk.district.rollup import PlanCache, rollup

    linked = [note for note in notes if note.links]
    if not linked:
        return {}
    data = rollup(session, desk, today=today, cache=PlanCache())
    return {note.id: linked_rows(data, note.links) for note in linked}
