"""Measures of real plans without Qt: measures of a goal, a priority or a strategy; their
rows per grade or student group; and the plan's monitoring cycles.

Every edit takes the caller's session and returns a :class:`Change` for undo (the one edit
path of :mod:`sipdesk.services.edits`); :func:`effective_cycles` reads the plain snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sipdesk.models.limits import MAX_PLAN_YEARS
from sipdesk.services.changes import Change, PlanRuleError, Step
from sipdesk.services.progress import month_parts, plan_months, plan_start

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models import Cycle

# SQLAlchemy, the models and the edit path load inside the edits, not with this module: step
# 1's page imports it while it is built, before the database code has loaded (issue 12).

# The kind a new measure takes from its owner: a goal's or a priority's measure is about
# students' results, a strategy's about the adults' practice.
OWNER_KINDS = {"goal": "outcome", "priority": "outcome", "strategy": "implementation"}
OWNER_COLUMNS = {"goal": "goal_id", "priority": "priority_id", "strategy": "strategy_id"}
KIND_WORDS = {
    "outcome": "Student outcome",
    "interim": "Interim student measure",
    "implementation": "Implementation",
}
CYCLE_MONTHS = 3  # a new cycle's length: about ninety days
QUARTERS = 4


# --------------------------------------------------------------------- measures
def add_measure(
    session: Session,
    owner: str,
    owner_id: int,
    *,
    kind: str | None = None,
    index: int | None = None,
) -> Change:
    """A new measure of a goal, a priority or a strategy (``owner``), of its owner's usual
    kind unless ``kind`` is given; last among its siblings unless ``index``."""
    if owner not in OWNER_COLUMNS:
        raise ValueError(f"a measure belongs to a goal, a priority or a strategy, not {owner!r}")
    from sipdesk.models import Measure
    from sipdesk.services.edits import insert_row

    values = {OWNER_COLUMNS[owner]: owner_id, "kind": kind or OWNER_KINDS[owner]}
    return insert_row(session, Measure, f"Add {owner} measure", values, index=index)


def set_target(session: Session, measure_id: int, year: int, text: str) -> Change:
    """A measure's target for ``year`` (1 to 5) of the plan."""
    from sipdesk.models import Measure
    from sipdesk.services.edits import update_row

    return update_row(session, Measure, measure_id, "Edit target", **{_target_column(year): text})


def _target_column(year: int) -> str:
    if not 1 <= year <= MAX_PLAN_YEARS:
        raise ValueError(f"a plan's years run from 1 to {MAX_PLAN_YEARS}, not {year}")
    return f"target_y{year}"


# --------------------------------------------------------------------- group rows
def add_measure_group(
    session: Session,
    measure_id: int,
    *,
    group: str = "",
    data_source: str | None = None,
    index: int | None = None,
) -> Change:
    """A row for a grade or student group under a measure (last unless ``index``). Its data
    source starts as the measure's own, the one a new row most often shares."""
    from sipdesk.models import Measure, MeasureGroup
    from sipdesk.services.edits import insert_row

    measure = session.get(Measure, measure_id)
    if measure is None:
        raise PlanRuleError("That measure no longer exists in the plan.")
    source = measure.data_source if data_source is None else data_source
    values = {"measure_id": measure_id, "group": group, "data_source": source}
    return insert_row(session, MeasureGroup, "Add group row", values, index=index)


def delete_measure_group(session: Session, group_id: int) -> Change:
    from sipdesk.models import MeasureGroup
    from sipdesk.services.edits import delete_row

    return delete_row(session, MeasureGroup, group_id, "Remove group row")


def move_measure_group(session: Session, group_id: int, index: int) -> Change:
    """Move a group row to ``index`` among its measure's rows."""
    from sipdesk.models import MeasureGroup
    from sipdesk.services.edits import move_row

    return move_row(session, MeasureGroup, group_id, index, "Move group row")


def set_group_target(session: Session, group_id: int, year: int, text: str) -> Change:
    """A group row's target for ``year`` (1 to 5) of the plan."""
    from sipdesk.models import MeasureGroup
    from sipdesk.services.edits import update_row

    return update_row(
        session, MeasureGroup, group_id, "Edit target", **{_target_column(year): text}
    )


# --------------------------------------------------------------------- cycles
@dataclass(frozen=True)
class CycleSpan:
    """One monitoring period of the plan: a stored cycle (``id`` set) or, for a plan without
    any, one of the four quarters counted from its first month (``id`` None)."""

    number: int  # 1, 2, … in the plan's order
    name: str
    start: str  # "YYYY-MM"
    end: str  # "YYYY-MM"
    months: tuple[str, ...]  # every month from start to end
    id: int | None = None


def effective_cycles(plan: Mapping[str, Any], today: dt.date | None = None) -> list[CycleSpan]:
    """The plan's monitoring periods, in order: its stored ``cycles``, or when it has none,
    four quarters of three months from its first month (``today`` stands in for a plan
    without a first month, as everywhere in the monitoring maths)."""
    stored = list(plan.get("cycles") or [])
    if stored:
        return [
            CycleSpan(
                n,
                str(c["name"]),
                c["start"],
                c["end"],
                months_between(c["start"], c["end"]),
                c["id"],
            )
            for n, c in enumerate(stored, start=1)
        ]
    profile = plan.get("profile") or {}
    months = plan_months(plan_start(profile.get("first_month"), today), QUARTERS * 3)
    return [
        CycleSpan(q, f"Quarter {q}", chunk[0], chunk[-1], tuple(chunk))
        for q, chunk in enumerate((months[i : i + 3] for i in range(0, len(months), 3)), start=1)
    ]


def months_between(start: str, end: str) -> tuple[str, ...]:
    """Every month from ``start`` to ``end``, both included (none when either is not a
    month, or ``end`` comes first)."""
    first, last = month_parts(start), month_parts(end)
    if first is None or last is None or last < first:
        return ()
    count = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    return tuple(plan_months(start, count))


def add_cycle(
    session: Session,
    *,
    name: str | None = None,
    start: str | None = None,
    end: str | None = None,
    index: int | None = None,
) -> Change:
    """A monitoring cycle, named "Cycle N" and three months long unless told otherwise,
    starting the month after the last cycle ends (the plan's first month for the first)."""
    from sqlalchemy import select

    from sipdesk.models import Cycle, PlanProfile
    from sipdesk.services.edits import insert_row

    cycles = _cycle_rows(session)
    if start is None:
        if cycles:
            start = _next_month(cycles[-1].end)
        else:
            first = session.scalar(select(PlanProfile.first_month))
            start = plan_start(first)
    if end is None:
        end = plan_months(start, CYCLE_MONTHS)[-1] if month_parts(start) else start
    _check_months(start, end)
    values = {
        "name": f"Cycle {len(cycles) + 1}" if name is None else name,
        "start": start,
        "end": end,
    }
    return insert_row(session, Cycle, "Add cycle", values, index=index)


def delete_cycle(session: Session, cycle_id: int) -> Change:
    """Remove a cycle; a plan left without any is monitored by quarters again."""
    from sipdesk.models import Cycle
    from sipdesk.services.edits import delete_row

    return delete_row(session, Cycle, cycle_id, "Remove cycle")


def move_cycle(session: Session, cycle_id: int, index: int) -> Change:
    from sipdesk.models import Cycle
    from sipdesk.services.edits import move_row

    return move_row(session, Cycle, cycle_id, index, "Move cycle")


def set_cycle_months(session: Session, cycle_id: int, start: str, end: str) -> Change:
    """A cycle's first and last month ("YYYY-MM")."""
    from sipdesk.models import Cycle
    from sipdesk.services.edits import update_row

    _check_months(start, end)
    return update_row(session, Cycle, cycle_id, "Edit cycle months", start=start, end=end)


def use_quarters(session: Session) -> Change:
    """Remove every cycle as one step, so the plan is monitored by quarters."""
    from sqlalchemy import delete, select

    from sipdesk.models import Cycle
    from sipdesk.models.base import table_of

    rows = session.execute(select(table_of(Cycle))).mappings().all()
    steps = tuple(Step("delete", "cycles", int(r["id"]), dict(r), None) for r in rows)
    session.execute(delete(Cycle))
    return Change("Monitor by quarters", steps)


def _cycle_rows(session: Session) -> list[Cycle]:
    from sqlalchemy import select

    from sipdesk.models import Cycle

    return list(session.scalars(select(Cycle).order_by(Cycle.position, Cycle.id)))


def _next_month(month: str) -> str:
    following = plan_months(month, 2)
    return following[-1] if following else month


def _check_months(start: str, end: str) -> None:
    if month_parts(start) is None or month_parts(end) is None:
        raise PlanRuleError("A cycle's first and last month are written like 2026-08.")
    if end < start:
        raise PlanRuleError("A cycle cannot end before it starts.")
