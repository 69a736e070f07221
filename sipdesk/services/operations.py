"""Named operations whose rules go beyond "set a field" — each returns a Change for undo."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sipdesk.models.kinds import PLAN_STATUSES
from sipdesk.models.limits import MAX_PRIORITIES
from sipdesk.services.changes import Change, PlanRuleError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# SQLAlchemy, the models and the edit path load inside the operations, not with this module:
# step pages import it while they are built, before the database code has loaded (issue 12).

# Which status may follow which in the district review workflow.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("returned", "approved"),
    "returned": ("submitted",),
    "approved": ("draft",),
}
STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned with feedback",
    "approved": "Approved",
}


def seed_new_plan(session: Session, school_name: str = "", first_month: str = "") -> None:
    """Fill an empty plan file: the profile row (with the plan's fresh plan id) and the
    needs-assessment checklist."""
    from sipdesk.models import NeedsElement, PlanProfile
    from sipdesk.models.catalogues import needs_elements
    from sipdesk.models.profile import new_plan_id
    from sipdesk.services.progress import default_first_month

    session.add(
        PlanProfile(
            id=1,
            plan_id=new_plan_id(),
            school_name=school_name,
            plan_date=dt.date.today(),
            first_month=first_month or default_first_month(),
        )
    )
    for position, element in enumerate(needs_elements()):
        session.add(NeedsElement(key=element.key, position=position))


def add_priority(session: Session, title: str = "", description: str = "") -> Change:
    """Add a priority area; the plan holds at most four (the template's top four)."""
    from sqlalchemy import func, select

    from sipdesk.models import Priority
    from sipdesk.services.edits import insert_row

    count = session.scalar(select(func.count()).select_from(Priority)) or 0
    if count >= MAX_PRIORITIES:
        raise PlanRuleError(
            f"A plan focuses on at most {MAX_PRIORITIES} priority areas. Merge two, or remove "
            "one before adding another."
        )
    return insert_row(
        session, Priority, "Add priority", {"title": title, "description": description}
    )


def link_priority(session: Session, priority_id: int, **target: int) -> Change:
    """Link a priority to what it answers: ``cause_id=``, ``chain_id=`` or ``weakness_id=``."""
    from sqlalchemy import select

    from sipdesk.models import PriorityLink
    from sipdesk.services.edits import insert_row

    if len(target) != 1 or next(iter(target)) not in ("cause_id", "chain_id", "weakness_id"):
        raise ValueError("name exactly one of cause_id, chain_id, weakness_id")
    ((column, value),) = target.items()
    exists = session.scalar(
        select(PriorityLink.id).where(
            PriorityLink.priority_id == priority_id, getattr(PriorityLink, column) == value
        )
    )
    if exists:
        return Change("Link priority")
    return insert_row(
        session, PriorityLink, "Link priority", {"priority_id": priority_id, column: value}
    )


def set_action_status(
    session: Session, action_id: int, month: str, status: str, note: str | None = None
) -> Change:
    """Record an action's status for a month ("YYYY-MM"), creating the entry if needed."""
    from sqlalchemy import select

    from sipdesk.models import ActionStatus
    from sipdesk.services.edits import insert_row, update_row

    if status not in ("not_started", "on_track", "behind", "done"):
        raise ValueError(f"unknown status {status!r}")
    row_id = session.scalar(
        select(ActionStatus.id).where(
            ActionStatus.action_id == action_id, ActionStatus.month == month
        )
    )
    values: dict[str, Any] = {"status": status}
    if note is not None:
        values["note"] = note
    if row_id is None:
        return insert_row(
            session, ActionStatus, "Set status", {"action_id": action_id, "month": month, **values}
        )
    return update_row(session, ActionStatus, row_id, "Set status", **values)


def cast_dots(session: Session, cause_id: int, member_id: int, dots: int) -> Change:
    """Set how many dots a member puts on a cause, within the member's allowance."""
    from sqlalchemy import func, select

    from sipdesk.models import DotVote, PlanProfile
    from sipdesk.services.edits import insert_row, update_row

    allowance = session.scalar(select(PlanProfile.dots_per_member)) or 0
    used = (
        session.scalar(
            select(func.coalesce(func.sum(DotVote.dots), 0)).where(
                DotVote.member_id == member_id, DotVote.cause_id != cause_id
            )
        )
        or 0
    )
    if dots < 0 or used + dots > allowance:
        raise PlanRuleError(f"Each team member has {allowance} dots; this would use {used + dots}.")
    row_id = session.scalar(
        select(DotVote.id).where(DotVote.cause_id == cause_id, DotVote.member_id == member_id)
    )
    if row_id is None:
        return insert_row(
            session, DotVote, "Vote", {"cause_id": cause_id, "member_id": member_id, "dots": dots}
        )
    return update_row(session, DotVote, row_id, "Vote", dots=dots)


def total_votes(session: Session, cause_id: int) -> int:
    """Dots placed by members plus the typed-in tally."""
    from sqlalchemy import func, select

    from sipdesk.models import Cause, DotVote

    tally = session.scalar(select(Cause.votes).where(Cause.id == cause_id)) or 0
    dots = (
        session.scalar(
            select(func.coalesce(func.sum(DotVote.dots), 0)).where(DotVote.cause_id == cause_id)
        )
        or 0
    )
    return int(tally) + int(dots)


def change_status(
    session: Session, status: str, by: str, note: str = "", when: dt.datetime | None = None
) -> Change:
    """Move the plan along draft → submitted → returned/approved, recording who and when."""
    from sqlalchemy import select

    from sipdesk.models import PlanProfile, StatusEvent
    from sipdesk.services.edits import insert_row, update_row

    if status not in PLAN_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    current = session.scalar(select(PlanProfile.status)) or "draft"
    if status not in TRANSITIONS.get(current, ()):
        raise PlanRuleError(
            f"A plan that is {STATUS_LABELS[current].lower()} cannot be marked "
            f"{STATUS_LABELS[status].lower()}."
        )
    label = f"Mark {STATUS_LABELS[status].lower()}"
    change = update_row(session, PlanProfile, 1, label, status=status)
    event = insert_row(
        session,
        StatusEvent,
        label,
        {
            "status": status,
            "by": by,
            "note": note,
            "at": when or dt.datetime.now().replace(microsecond=0),
        },
    )
    return change.then(event)


def adjustment_from_action(session: Session, action_id: int, action_label: str) -> Change:
    """Start an adjustment-log entry about an action that is behind."""
    from sipdesk.models import Adjustment
    from sipdesk.services.edits import insert_row

    return insert_row(
        session,
        Adjustment,
        "Start adjustment",
        {
            "action_id": action_id,
            "made_on": dt.date.today(),
            "what_changed": f"{action_label} is behind schedule: ",
        },
    )
