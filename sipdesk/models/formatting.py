"""How SIP Desk writes money, dates, timelines, Tool A numbers and file names: one place.

The screens, the checks, the CSV and the PDF all call these, so a budget, a date or a number
reads the same wherever a person meets it. Plain Python, no Qt and no reportlab.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# --------------------------------------------------------------------- money


def _dollars_and_cents(cents: int) -> tuple[str, int, int]:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return sign, whole, part


def money(cents: int | None, *, always_cents: bool = False) -> str:
    """Whole cents as an amount people read: ``"$1,250"``, ``"$1,250.50"`` (``"$1,250.00"``
    with ``always_cents``, as printed documents show it); None → ``""``."""
    if cents is None:
        return ""
    sign, whole, part = _dollars_and_cents(cents)
    if part == 0 and not always_cents:
        return f"{sign}${whole:,}"
    return f"{sign}${whole:,}.{part:02d}"


def money_for_spreadsheet(cents: int | None) -> str:
    """Whole cents as a number a spreadsheet reads as one: ``"1250.00"``; None → ``""``."""
    if cents is None:
        return ""
    sign, whole, part = _dollars_and_cents(cents)
    return f"{sign}{whole}.{part:02d}"


# --------------------------------------------------------------------- dates and timelines


def as_date(value: Any) -> dt.date | None:
    """A stored ISO date (or date and time) as a date; None when blank or not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def long_date(value: Any) -> str:
    """``"September 15, 2026"``; text that is not a date as it is; blank → ``""``."""
    day = as_date(value)
    if day is None:
        return "" if not value else str(value)
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: dt.date, with_year: bool = True) -> str:
    """``"Sep 15, 2026"`` (``"Sep 15"`` without the year)."""
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def timeline(start: Any, due: Any, *, dash: str = " – ") -> str:
    """An action's timeline: ``"Aug 10 – Sep 30, 2026"`` (the year once when both dates fall
    in it), ``"From Aug 10, 2026"``, ``"By Sep 30, 2026"``, one date when both are the same
    day, or nothing. Text that is not a date is shown as it is. ``dash`` joins the two ends
    (a screen may break the line after it)."""
    start_text = "" if start is None else str(start).strip()
    due_text = "" if due is None else str(due).strip()
    a, b = as_date(start_text), as_date(due_text)
    if (start_text and a is None) or (due_text and b is None):
        return dash.join(x for x in (start_text, due_text) if x)
    if a and b:
        if a == b:
            return short_date(a)
        return f"{short_date(a, a.year != b.year)}{dash}{short_date(b)}"
    if a:
        return f"From {short_date(a)}"
    if b:
        return f"By {short_date(b)}"
    return ""


# --------------------------------------------------------------------- Tool A numbering


RECURRENCE_WORDS = {
    "daily": "Daily",
    "weekly": "Weekly",
    "monthly": "Monthly",
    "each cycle": "Each cycle",
}


def action_when(recurrence: str, schedule: str, start: Any, due: Any, *, dash: str = " – ") -> str:
    """When an action happens, as the plan prints it: a one-off action's timeline
    (``"Aug 10 – 11, 2026"``); a recurring one's rhythm, its schedule and, when given, the
    dates it runs between (``"Weekly · Tuesdays, 45 minutes\nSep 8, 2026 – May 28, 2027"``)."""
    dates = timeline(start, due, dash=dash)
    rhythm = RECURRENCE_WORDS.get(recurrence, "")
    if not rhythm:
        return dates
    lead = f"{rhythm} · {schedule.strip()}" if schedule.strip() else rhythm
    return f"{lead}\n{dates}" if dates else lead


def school_year_of(first_month: str) -> str:
    """The school year a plan whose first month is ``first_month`` starts in: ``"2026-08"`` →
    ``"2026–27"``; January to June belong to the school year begun the year before. Blank when
    there is no month (migration 0004 does the same in SQL for stored plans)."""
    if len(first_month) != 7 or not first_month[:4].isdigit() or not first_month[5:].isdigit():
        return ""
    year = int(first_month[:4]) - (int(first_month[5:]) < 7)
    return f"{year}–{(year + 1) % 100:02d}"


def tool_a_number(*positions: int) -> str:
    """Positions counted from 1 as a Tool A number: ``(1, 2, 3)`` → ``"1.2.3"``."""
    return ".".join(str(p) for p in positions)


def ordinal(n: int) -> str:
    """``1`` → ``"1st"``, ``2`` → ``"2nd"``, ``11`` → ``"11th"``, ``22`` → ``"22nd"``."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


@dataclass(frozen=True)
class Numbered:
    """One priority, strategy, milestone or action of a plan snapshot with its Tool A number
    (priority ``1``, strategy ``1.1``, milestone ``1.1.1``, action ``1.1.1.1``)."""

    kind: str
    row: dict[str, Any]
    number: str
    parent: dict[str, Any] | None  # the row it hangs under; None for a priority


_LEVELS = (("priority", "strategies"), ("strategy", "milestones"), ("milestone", "actions"))


def numbered_outline(doc: Mapping[str, Any]) -> Iterator[Numbered]:
    """Every priority, strategy, milestone and action in plan order, numbered as in Tool A."""
    for p, priority in enumerate(doc.get("priorities") or [], start=1):
        yield Numbered("priority", priority, tool_a_number(p), None)
        for s, strategy in enumerate(priority.get("strategies") or [], start=1):
            yield Numbered("strategy", strategy, tool_a_number(p, s), priority)
            for m, milestone in enumerate(strategy.get("milestones") or [], start=1):
                yield Numbered("milestone", milestone, tool_a_number(p, s, m), strategy)
                for a, action in enumerate(milestone.get("actions") or [], start=1):
                    yield Numbered("action", action, tool_a_number(p, s, m, a), milestone)


# --------------------------------------------------------------------- file names

# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def file_stem(text: str, fallback: str, limit: int = 80) -> str:
    """A file name (without suffix) made from a person's text: no path or reserved
    characters, spaces tidied, at most ``limit`` characters; ``fallback`` when nothing is left."""
    cleaned = _NOT_IN_NAMES.sub(" ", unicodedata.normalize("NFC", text or ""))
    cleaned = " ".join(cleaned.split()).strip(" .")
    return cleaned[:limit].rstrip(" .") or fallback
