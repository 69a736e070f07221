"""Steps 6–7 without Qt: monthly action statuses, reports per monitoring period and per year,
supports, the progress chart's counts, actions behind schedule and the adjustment log.

Readers work on the plain snapshot; writers take the caller's session and return a
:class:`Change` for undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sipdesk.models.limits import MAX_CYCLES, MAX_PLAN_YEARS
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.outline import PlanDoc, outline
from sipdesk.services.progress import is_plan_month, month_index, plan_months

if TYPE_CHECKING:  # the writers' imports load SQLAlchemy and the models when they run (issue 12)
    from sqlalchemy.orm import Session

    from sipdesk.models.base import Base

# --------------------------------------------------------------------- monitoring
STATUS_CYCLE = ("not_started", "on_track", "behind", "done")
STATUS_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "behind": "Behind",
    "done": "Done",
}


def next_status(current: str | None, step: int = 1) -> str:
    """The status one click on a month cell gives: blank → not started → on track → behind
    → done → not started …; ``step=-1`` goes backwards."""
    if current not in STATUS_CYCLE:
        return STATUS_CYCLE[0] if step > 0 else STATUS_CYCLE[-1]
    return STATUS_CYCLE[(STATUS_CYCLE.index(current) + step) % len(STATUS_CYCLE)]


def clear_action_status(session: Session, action_id: int, month: str) -> Change:
    from sqlalchemy import select

    from sipdesk.models import ActionStatus
    from sipdesk.services.edits import delete_row

    row_id = session.scalar(
        select(ActionStatus.id).where(
            ActionStatus.action_id == action_id, ActionStatus.month == month
        )
    )
    if row_id is None:
        return Change("Clear status")
    return delete_row(session, ActionStatus, row_id, "Clear status")


def set_status_note(session: Session, action_id: int, month: str, note: str) -> Change:
    """Write the note of a month's status entry (the entry must exist)."""
    from sqlalchemy import select

    from sipdesk.models import ActionStatus
    from sipdesk.services.edits import update_row

    row_id = session.scalar(
        select(ActionStatus.id).where(
            ActionStatus.action_id == action_id, ActionStatus.month == month
        )
    )
    if row_id is None:
        raise PlanRuleError("Choose a status for that month first, then add a note.")
    return update_row(session, ActionStatus, row_id, "Edit status note", note=note)


def carry_forward(session: Session, month: str) -> Change:
    """Give every action with no status in ``month`` its latest earlier status (not its note):
    the team then changes only what moved. One undo step."""
    from sqlalchemy import select

    from sipdesk.models import ActionStatus
    from sipdesk.services.edits import insert_row

    change = Change("Carry statuses forward")
    rows = session.execute(
        select(ActionStatus.action_id, ActionStatus.month, ActionStatus.status)
    ).all()
    latest: dict[int, tuple[str, str]] = {}
    has_month: set[int] = set()
    for action_id, row_month, status in rows:
        if row_month == month:
            has_month.add(action_id)
        elif row_month < month and (action_id not in latest or row_month > latest[action_id][0]):
            latest[action_id] = (row_month, status)
    for action_id in sorted(latest):
        if action_id in has_month:
            continue
        step = insert_row(
            session,
            ActionStatus,
            change.label,
            {"action_id": action_id, "month": month, "status": latest[action_id][1]},
        )
        change = change.then(step)
    return change


def standing(action: dict[str, Any], first_month: str, last_index: int) -> str | None:
    """An action's latest status recorded in or before plan month ``last_index`` (0-based)."""
    latest: tuple[int, str] | None = None
    for entry in action.get("statuses", []):
        if not is_plan_month(entry["month"]):
            continue
        idx = month_index(first_month, entry["month"])
        if idx <= last_index and (latest is None or idx >= latest[0]):
            latest = (idx, entry["status"])
    return latest[1] if latest else None


def quarter_mix(strategy: dict[str, Any], first_month: str, quarter: int) -> dict[str, int]:
    """How many of a strategy's actions stand at each status at the end of ``quarter``
    (``"none"`` counts actions with no status yet)."""
    return mix_at(strategy, first_month, quarter * 3 - 1)


def mix_at(strategy: dict[str, Any], first_month: str, last_index: int) -> dict[str, int]:
    """How many of a strategy's actions stand at each status at the end of plan month
    ``last_index`` (0-based; the last month of a monitoring period) — the progress chart's
    bars."""
    mix = {"done": 0, "on_track": 0, "behind": 0, "not_started": 0, "none": 0}
    for milestone in strategy.get("milestones", []):
        for action in milestone.get("actions", []):
            status = standing(action, first_month, last_index) or "none"
            mix[status if status in mix else "none"] += 1  # a status no plan may hold: none
    return mix


@dataclass(frozen=True)
class BehindAction:
    ref: str
    number: str
    title: str
    month: str  # the month of the "behind" entry
    note: str
    person: str


def behind_actions(doc: PlanDoc) -> list[BehindAction]:
    """Actions whose latest recorded status is *behind*, in plan order."""
    out = []
    for entry in outline(doc):
        if entry.kind != "action":
            continue
        statuses = entry.data.get("statuses", [])
        if not statuses:
            continue
        latest = max(statuses, key=lambda s: s["month"])
        if latest["status"] == "behind":
            out.append(
                BehindAction(
                    entry.ref,
                    entry.number,
                    entry.title,
                    latest["month"],
                    latest.get("note", ""),
                    entry.data.get("person_responsible", ""),
                )
            )
    return out


def current_month(first_month: str, count: int = 12, today: dt.date | None = None) -> str:
    """Today's month when it falls in the plan year, else the nearest end of it ("" when
    ``first_month`` is not a plan month)."""
    months = plan_months(first_month, count)
    if not months:
        return ""
    today = today or dt.date.today()
    now = f"{today.year:04d}-{today.month:02d}"
    if now < months[0]:
        return months[0]
    return now if now <= months[-1] else months[-1]


def _upsert(
    session: Session, model: type[Base], label: str, key: dict[str, Any], values: dict[str, Any]
) -> Change:
    from sqlalchemy import select

    from sipdesk.services.edits import insert_row, update_row

    query = select(model.id)  # type: ignore[attr-defined]
    for column, value in key.items():
        query = query.where(getattr(model, column) == value)
    row_id = session.scalar(query)
    if row_id is None:
        return insert_row(session, model, label, {**key, **values})
    return update_row(session, model, row_id, label, **values)


def set_milestone_report(
    session: Session, milestone_id: int, quarter: int, **values: str
) -> Change:
    """Write narrative fields of a milestone's report for monitoring period ``quarter`` (a
    quarter, or the plan's cycle of that number), created on first write."""
    from sipdesk.models import MilestoneReport

    if not 1 <= quarter <= MAX_CYCLES:
        raise ValueError(f"a monitoring period is 1..{MAX_CYCLES}")
    return _upsert(
        session,
        MilestoneReport,
        "Edit milestone report",
        {"milestone_id": milestone_id, "quarter": quarter},
        values,
    )


def set_strategy_report(session: Session, strategy_id: int, semester: int, text: str) -> Change:
    from sipdesk.models import StrategyReport

    if semester not in (1, 2):
        raise ValueError("semester is 1 or 2")
    return _upsert(
        session,
        StrategyReport,
        "Edit strategy report",
        {"strategy_id": strategy_id, "semester": semester},
        {"cause_and_adjustments": text},
    )


def set_measure_result(session: Session, measure_id: int, year: int, **values: str) -> Change:
    from sipdesk.models import MeasureResult

    if not 1 <= year <= MAX_PLAN_YEARS:
        raise ValueError(f"year is 1..{MAX_PLAN_YEARS}")
    return _upsert(
        session,
        MeasureResult,
        "Edit annual result",
        {"measure_id": measure_id, "year": year},
        values,
    )


def add_support(
    session: Session,
    strategy_id: int | None = None,
    *,
    pack_level: str = "",
    pack_provider: str = "",
    pack_service: str = "",
) -> Change:
    """A support row; the ``pack_*`` names keep a choice from the state pack's support
    catalogue beside the free text ("" = typed freely)."""
    from sipdesk.models import Support
    from sipdesk.services.edits import insert_row

    values = {
        "strategy_id": strategy_id,
        "pack_level": pack_level,
        "pack_provider": pack_provider,
        "pack_service": pack_service,
    }
    return insert_row(session, Support, "Add support", values)


def set_support_choice(
    session: Session, support_id: int, level: str, provider: str, service: str
) -> Change:
    """Keep (or, with three empty names, forget) a support's choice from the catalogue; its
    free text is left as it is. One undo step."""
    from sipdesk.models import Support
    from sipdesk.services.edits import update_row

    return update_row(
        session,
        Support,
        support_id,
        "Choose from the catalogue",
        pack_level=level,
        pack_provider=provider,
        pack_service=service,
    )


# --------------------------------------------------------------------- adjustments
def add_adjustment(
    session: Session, made_on: dt.date | None = None, index: int | None = None
) -> Change:
    """A log entry dated today (or ``made_on``), at ``index`` in the log (default last)."""
    from sipdesk.models import Adjustment
    from sipdesk.services.edits import insert_row

    return insert_row(
        session,
        Adjustment,
        "Add adjustment",
        {"made_on": made_on or dt.date.today()},
        index=index,
    )


def start_adjustment(session: Session, action_id: int, number: str, title: str) -> Change:
    """One click from a behind-schedule action: a dated log entry naming the action."""
    from sipdesk.services import operations

    short = title if len(title) <= 80 else title[:79] + "…"
    label = f"Action {number} “{short}”" if short else f"Action {number}"
    return operations.adjustment_from_action(session, action_id, label)
