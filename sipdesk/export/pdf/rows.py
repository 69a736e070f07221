"""Rows shared by the Tool A tables: a measure's yearly results, and recorded budgets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors

from sipdesk.export.pdf.chassis import GROUP_BG, LABEL_BG
from sipdesk.models.limits import MAX_PLAN_YEARS
from sipdesk.models.targets import measure_targets

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureRow


def result_rows(label: str, measure: MeasureRow, span: int) -> list[list[Any]]:
    """A measure's rows of the "Annual Progress" tables (goal results, strategy performance
    data): one per year of the plan's span (and any later year with a result),
    each with that year's target and result. The label and indicator head the first row."""
    results = {r["year"]: r for r in measure["results"]}
    last = max([span, *(y for y in results if isinstance(y, int) and y <= MAX_PLAN_YEARS)])
    rows: list[list[Any]] = []
    for year, target in measure_targets(measure, last):
        result = results.get(year)
        rows.append(
            [
                label if not rows else "",
                measure["indicator"] if not rows else "",
                f"Year {year}: {target}" if target else f"Year {year}",
                result["progress"] if result else None,
                result["explanation"] if result else None,
            ]
        )
    return rows


def year_rows_joined(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Style commands that join a measure's later rows to its first: its later years (blank
    label and indicator, from :func:`result_rows`) with no line in those two columns, its
    groups' rows (blank label) with none in the label column."""
    commands: list[tuple[Any, ...]] = []
    for index, row in enumerate(rows, start=1):  # row 0 of the table is its header
        if index > 1 and not row[0]:
            commands.append(("LINEABOVE", (0, index), (0, index), 0.6, LABEL_BG))
            if not row[1]:
                commands.append(("LINEABOVE", (1, index), (1, index), 0.6, colors.white))
            else:  # a group's row, shaded as in the measure tables
                commands.append(("BACKGROUND", (1, index), (-1, index), GROUP_BG))
    return commands


def recorded_total(amounts: Iterable[int | None]) -> tuple[int, int] | None:
    """The sum of the recorded amounts (an unrecorded budget is None, not 0) and how many were
    recorded; None when none was."""
    recorded = [cents for cents in amounts if cents is not None]
    return (sum(recorded), len(recorded)) if recorded else None
