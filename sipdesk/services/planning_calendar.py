"""The whole planning year by month and role (issue 15 item 2): the grid the calendar view shows
and the planning calendar PDF prints.

The year reads down by month (in the year's order, from the month the pack's year starts);
each month holds its activities, one row each, with a mark under every role that has a part
in it (what that role does is the row's detail) and the activity's dates; then the district's
dates that month, when the school took the district's expectations pack. An activity that runs
over several months is in each of them; its dates are in the row of the month they fall in
(else its last month: a July report of a June activity). A month with nothing is left out.
Printing the titles once per row and a mark per role is what lets a whole state year (some
forty rows) fit one page and a projector. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sipdesk.services.pack_glance import PackGlance
from sipdesk.services.state_packs import (
    MONTH_NAMES,
    Activity,
    Dated,
    Role,
    StatePack,
    placed,
)
from sipdesk.services.this_month import Standing, district_dates, plan_place


@dataclass(frozen=True)
class GridRow:
    year: int
    month: int
    title: str  # the activity's title, or the district's date in words
    step: int | None  # the wizard step (None for the district's dates)
    parts: tuple[str, ...]  # what each role of the grid does ("" = no part), in its order
    dates: tuple[Dated, ...]
    first: bool  # the first row of its month

    @property
    def month_name(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


@dataclass(frozen=True)
class YearGrid:
    pack: StatePack
    start: int  # the calendar year the planning year starts in
    which: str  # "planning" or "implementation"
    title: str  # "Planning year 2026–27" / "Implementation year 1, 2027–28"
    roles: tuple[Role, ...]
    rows: tuple[GridRow, ...]

    def months(self) -> list[tuple[int, int]]:
        return list(dict.fromkeys((r.year, r.month) for r in self.rows))


def year_months(pack: StatePack, start: int, which: str) -> list[tuple[int, int]]:
    """The twelve (year, month) of the year, from the month the pack's year starts."""
    first = start + (1 if which == "implementation" else 0)
    out = []
    for n in range(12):
        month = (pack.starts - 1 + n) % 12 + 1
        out.append((first if month >= pack.starts else first + 1, month))
    return out


def year_grid(
    pack: StatePack,
    start: int,
    which: str = "planning",
    *,
    extra: Sequence[Dated] = (),
    implementation_year: int | None = None,
) -> YearGrid:
    """The pack's year (``which``) placed on real dates from ``start``, with ``extra`` dates
    (the district's) in their months."""
    window = year_months(pack, start, which)
    places = {a: _months_of(pack, start, a) for a in pack.activities if a.year == which}
    homes: dict[tuple[Activity, int, int], list[Dated]] = {}
    for activity, months in places.items():
        for deadline in activity.deadlines:
            y, m = placed(pack, start, activity.year, deadline.month)
            day = Dated(
                dt.date(y, m, deadline.day), deadline.what, deadline.kind, activity.step, pack.title
            )
            home = (y, m) if (y, m) in months else months[-1]
            homes.setdefault((activity, *home), []).append(day)
    rows: list[GridRow] = []
    for year, month in window:
        found = [a for a, months in places.items() if (year, month) in months]
        theirs = sorted(
            (d for d in extra if (d.day.year, d.day.month) == (year, month)), key=lambda d: d.day
        )
        for n, activity in enumerate(found):
            parts = tuple(activity.for_role(r.key) for r in pack.roles)
            dates = tuple(sorted(homes.get((activity, year, month), []), key=lambda d: d.day))
            rows.append(GridRow(year, month, activity.title, activity.step, parts, dates, n == 0))
        for n, item in enumerate(theirs):
            blank = tuple("" for _ in pack.roles)
            rows.append(GridRow(year, month, item.what, None, blank, (item,), not found and n == 0))
    first = start + (1 if which == "implementation" else 0)
    span = f"{first}–{(first + 1) % 100:02d}" if pack.starts >= 7 else str(first)
    if which == "implementation":
        title = f"Implementation year {implementation_year or 1}, {span}"
    else:
        title = f"Planning year {span}"
    return YearGrid(pack, start, which, title, pack.roles, tuple(rows))


def _months_of(pack: StatePack, start: int, activity: Activity) -> list[tuple[int, int]]:
    """The (year, month) an activity runs in, in the year's order."""
    return sorted(
        (placed(pack, start, activity.year, m) for m in activity.months),
        key=lambda ym: (ym[0], ym[1]),
    )


def grid_for_plan(
    standing: Standing,
    today: dt.date,
    district: PackGlance | None = None,
    *,
    pack: StatePack | None = None,
) -> YearGrid:
    """The year a plan stands in: the implementation year when the plan says so and the pack
    has one, else its planning year; the district's dates join."""
    chosen, start = plan_place(standing, today, district, pack)
    which = "planning"
    if standing.plan_phase == "implementation" and chosen.months("implementation"):
        which = "implementation"
    extra = district_dates(district) if district is not None else []
    return year_grid(
        chosen, start, which, extra=extra, implementation_year=standing.implementation_year
    )


__all__ = ["GridRow", "YearGrid", "grid_for_plan", "year_grid", "year_months"]
