"""Typed values of steps 5–7 without Qt: budget amounts, dates and plan months as people type
and read them. Amounts are stored as whole cents; a sentence explains anything that is not one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sipdesk.models.formatting import action_when, money
from sipdesk.services.changes import PlanRuleError
from sipdesk.services.progress import month_parts

_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_money(text: str) -> int | None:
    """Typed budget text → whole cents. ``""`` → None; ``"$1,250.5"`` → 125050.

    Raises PlanRuleError with a sentence for anything that is not an amount.
    """
    cleaned = (text or "").strip().replace("$", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not _MONEY.match(cleaned):
        raise PlanRuleError(f"“{text.strip()}” is not an amount. Type it like 1250 or 1,250.00.")
    whole, _, part = cleaned.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def format_money(cents: int | None) -> str:
    """Cents → ``"$1,250"`` or ``"$1,250.50"``; None → ``""`` (see :func:`formatting.money`)."""
    return money(cents)


def budget_words(cents: int | None) -> str:
    """A budget total as the page says it: ``"$1,250"``, or ``"none recorded yet"`` when
    nothing is costed (rather than "$0", as the PDF leaves an unrecorded budget blank)."""
    return money(cents) if cents else "none recorded yet"


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%b %d %Y", "%d %b %Y", "%B %d %Y", "%d %B %Y")


def parse_date(text: str) -> dt.date | None:
    """A typed date (2026-09-15, 9/15/2026, Sep 15 2026, 15 September 2026) or None if blank."""
    cleaned = " ".join((text or "").replace(",", " ").split())
    if not cleaned:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise PlanRuleError(f"“{text.strip()}” is not a date. Type it like 2026-09-15 or 9/15/2026.")


def month_label(month: str) -> str:
    """``"2026-09"`` → ``"Sep 2026"``; anything that is not a plan month as it is stored."""
    parts = month_parts(month)
    if parts is None:
        return str(month)
    return f"{_MONTH_ABBR[parts[1] - 1]} {parts[0]}"


_MONTH_ABBR = tuple(dt.date(2000, m, 1).strftime("%b") for m in range(1, 13))


def timeline_text(action: Mapping[str, Any], *, dash: str = " – ") -> str:
    """An action's timeline as Tool A prints it: ``"Aug 10 – Aug 11, 2026"`` and the like, led
    by its rhythm when it recurs (``"Weekly · Tuesdays"``); ``dash`` joins the two dates."""
    return action_when(
        str(action.get("recurrence") or "once"),
        str(action.get("schedule") or ""),
        action.get("start"),
        action.get("due"),
        dash=dash,
    )
