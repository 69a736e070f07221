"""Named edits of the plan's simple lists — goals, SWOT items, the needs checklist, signature
lines, 5 Whys — so that pages ask for "add a goal" rather than build rows themselves.

Each edit takes the caller's session and returns a :class:`Change` for undo; each read returns
the rows in the order the plan shows them, as the typed records of
:mod:`sipdesk.models.plan_types` (a goal without its measures: :class:`GoalFields`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from sipdesk.services.changes import Change

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from typing_extensions import ReadOnly  # only in annotations, which are never evaluated

    from sipdesk.models import Base
    from sipdesk.models.plan_types import NeedsElementRow, SwotItemRow

# SQLAlchemy, the models and the edit path are imported inside each function: a plan's first
# page imports this module before they need to be loaded (issue 12 item 4).

SWOT_NOUNS = {
    "strength": "strength",
    "weakness": "weakness",
    "opportunity": "opportunity",
    "threat": "threat",
}


def ordered_rows(session: Session, model: type[Base]) -> list[dict[str, Any]]:
    """Every row of an ordered list (goals, SWOT items …), in the plan's order."""
    from sqlalchemy import select

    from sipdesk.models.base import table_of

    table = table_of(model)
    query = select(table).order_by(table.c.position, table.c.id)
    return [dict(row) for row in session.execute(query).mappings()]


# ----------------------------------------------------------------- goals (step 1)
def add_goal(session: Session) -> Change:
    from sipdesk.models import Goal
    from sipdesk.services.edits import insert_row

    return insert_row(session, Goal, "Add goal", {})


def delete_goal(session: Session, goal_id: int) -> Change:
    from sipdesk.models import Goal
    from sipdesk.services.edits import delete_row

    return delete_row(session, Goal, goal_id, "Remove goal")


def move_goal(session: Session, goal_id: int, index: int) -> Change:
    from sipdesk.models import Goal
    from sipdesk.services.edits import move_row

    return move_row(session, Goal, goal_id, index, "Move goal")


class GoalFields(TypedDict):
    """A goal's own fields: a :class:`~sipdesk.models.plan_types.GoalRow` without its
    measures (so a ``GoalRow`` is one too)."""

    id: ReadOnly[int]
    text: ReadOnly[str]
    explanation: ReadOnly[str]
    academic: ReadOnly[bool]


def goal_rows(session: Session) -> list[GoalFields]:
    from sipdesk.models import Goal

    return [
        GoalFields(id=r["id"], text=r["text"], explanation=r["explanation"], academic=r["academic"])
        for r in ordered_rows(session, Goal)
    ]


# ----------------------------------------------------------------- SWOT (step 2)
def _noun(kind: str) -> str:
    return SWOT_NOUNS.get(kind, "item")


def add_swot_item(
    session: Session,
    kind: str,
    text: str = "",
    *,
    evidence: str = "",
    index: int | None = None,
    contributed_by: str = "",
) -> Change:
    """A strength, weakness, opportunity or threat, at ``index`` of its quadrant (None: last);
    ``contributed_by`` names the team member who added it from their own device ("" = the
    coach's laptop)."""
    from sipdesk.models import SwotItem
    from sipdesk.services.edits import insert_row

    values: dict[str, Any] = {"kind": kind, "text": text}
    if evidence:
        values["evidence"] = evidence
    if contributed_by:
        values["contributed_by"] = contributed_by
    return insert_row(session, SwotItem, f"Add {_noun(kind)}", values, index=index)


def delete_swot_item(session: Session, item_id: int, kind: str) -> Change:
    from sipdesk.models import SwotItem
    from sipdesk.services.edits import delete_row

    return delete_row(session, SwotItem, item_id, f"Delete {_noun(kind)}")


def move_swot_item(
    session: Session, item_id: int, kind: str, index: int, label: str | None = None
) -> Change:
    """Move an item to ``index`` of the ``kind`` quadrant (its own, or another)."""
    from sipdesk.models import SwotItem
    from sipdesk.services.edits import move_row

    return move_row(session, SwotItem, item_id, index, label or f"Move {_noun(kind)}", kind=kind)


def swot_rows(session: Session) -> list[SwotItemRow]:
    from sipdesk.models import SwotItem
    from sipdesk.models.plan_types import SwotItemRow

    return [
        SwotItemRow(
            id=r["id"],
            kind=r["kind"],
            text=r["text"],
            evidence=r["evidence"],
            contributed_by=r["contributed_by"],
        )
        for r in ordered_rows(session, SwotItem)
    ]


def needs_element_rows(session: Session) -> list[NeedsElementRow]:
    from sqlalchemy import select

    from sipdesk.models import NeedsElement
    from sipdesk.models.base import table_of
    from sipdesk.models.plan_types import NeedsElementRow

    return [
        NeedsElementRow(id=r["id"], key=r["key"], checked=r["checked"], other_text=r["other_text"])
        for r in session.execute(select(table_of(NeedsElement))).mappings()
    ]


def add_needs_element(session: Session, key: str, checked: bool, other_text: str = "") -> Change:
    """A checklist row an older plan lacks, created as it is first ticked or typed in."""
    from sipdesk.models import NeedsElement
    from sipdesk.services.edits import insert_row

    values = {"key": key, "checked": checked, "other_text": other_text}
    return insert_row(session, NeedsElement, "Change the checklist", values)


# ----------------------------------------------------------------- signatures (step 0)
def add_signers(session: Session, members: Iterable[Mapping[str, Any]]) -> Change:
    """A signature line for each team member given, as one undo step."""
    from sipdesk.models import Signature
    from sipdesk.services.edits import insert_row

    change = Change("Add the team as signers")
    for member in members:
        values = {
            "member_id": member["id"],
            "name": member.get("name") or "",
            "title": member.get("title") or "",
            "plan_role": member.get("plan_role") or "",
        }
        change = change.then(insert_row(session, Signature, change.label, values))
    return change


# ----------------------------------------------------------------- 5 Whys (step 3)
def delete_why_chain(session: Session, chain_id: int) -> Change:
    from sipdesk.models import WhyChain
    from sipdesk.services.edits import delete_row

    return delete_row(session, WhyChain, chain_id, "Delete 5 Whys")


def delete_why_step(session: Session, step_id: int, label: str = "Remove why") -> Change:
    from sipdesk.models import WhyStep
    from sipdesk.services.edits import delete_row

    return delete_row(session, WhyStep, step_id, label)
