"""A measure's yearly targets over the plan's span, for plan health, the screens, the PDF and
the CSV.

A plan covers 1 to 5 school years (``profile.plan_years``); a measure has one target a year,
``target_y1`` … ``target_yN``. Everything that prints targets reads them through here, so a
plan's span decides the years shown: an annual plan shows year 1 only, a five-year plan five.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from sipdesk.models.limits import MAX_PLAN_YEARS

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureRow


def plan_span(years: object) -> int:
    """The plan's span in years, 1 to 5 (a missing or out-of-range value counts as 1 or 5)."""
    if not isinstance(years, int) or isinstance(years, bool):
        return 1
    return max(1, min(MAX_PLAN_YEARS, years))


def target_text(measure: MeasureRow, year: int) -> str:
    """The target written for ``year`` (1-based), or ""."""
    value = cast("Mapping[str, object]", measure).get(f"target_y{year}")
    return value.strip() if isinstance(value, str) else ""


def span_years(span: int) -> list[int]:
    """The plan's years, 1 … ``span``."""
    return list(range(1, plan_span(span) + 1))


def measure_targets(measure: MeasureRow, span: int) -> list[tuple[int, str]]:
    """``(year, target)`` for each year 1 … ``span`` of the plan (blank targets as "")."""
    return [(year, target_text(measure, year)) for year in span_years(span)]
