"""Step 8 without Qt: district review comments (what a reviewer can comment on, and their
names) and marking the plan submitted. Writing the district package's files is
:mod:`sipdesk.export.district`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.outline import PlanDoc, item_ref, outline, strategy_measures

if TYPE_CHECKING:  # the writers load SQLAlchemy and the models when they run (issue 12)
    from sqlalchemy.orm import Session


def add_comment(
    session: Session,
    step: int,
    item: str,
    author: str,
    body: str,
    when: dt.datetime | None = None,
) -> Change:
    from sipdesk.models import ReviewComment
    from sipdesk.services.edits import insert_row

    if not body.strip():
        raise PlanRuleError("Write the comment first.")
    if not 0 <= step <= 8:
        raise ValueError("step is 0..8")
    return insert_row(
        session,
        ReviewComment,
        "Add comment",
        {
            "step": step,
            "item": item,
            "author": author.strip(),
            "body": body.strip(),
            "created_at": when or dt.datetime.now().replace(microsecond=0),
            "resolved": False,
        },
    )


def set_comment_resolved(session: Session, comment_id: int, resolved: bool) -> Change:
    from sipdesk.models import ReviewComment
    from sipdesk.services.edits import update_row

    label = "Resolve comment" if resolved else "Reopen comment"
    return update_row(session, ReviewComment, comment_id, label, resolved=resolved)


def comments_for_step(doc: PlanDoc, step: int) -> list[dict[str, Any]]:
    return [c for c in doc.get("review_comments", []) if c.get("step") == step]


def commentable_items(doc: PlanDoc, step: int) -> list[tuple[str, str]]:
    """(ref, label) of what a reviewer can comment on in ``step``; ``""`` is the whole step."""
    items: list[tuple[str, str]] = [("", "The step as a whole")]
    if step == 1:
        for g, goal in enumerate(doc.get("goals", []), start=1):
            items.append((item_ref("goal", goal["id"]), f"Goal {g}"))
            for n, measure in enumerate(goal.get("measures", []), start=1):
                items.append((item_ref("measure", measure["id"]), f"Goal {g} · measure {n}"))
    elif step in (4, 5, 6):
        kinds = {4: ("priority",), 5: ("priority", "strategy", "milestone", "action")}
        wanted = kinds.get(step, ("strategy", "milestone"))
        items += [(e.ref, e.heading) for e in outline(doc) if e.kind in wanted]
        if step == 6:
            items += [(item_ref("measure", m["id"]), label) for label, m in strategy_measures(doc)]
    elif step == 7:
        items += [
            (item_ref("adjustment", a["id"]), f"Adjustment {n}")
            for n, a in enumerate(doc.get("adjustments", []), start=1)
        ]
    return items


def ref_label(doc: PlanDoc, ref: str) -> str:
    """A person's name for a ref: ``"Strategy 1.2"``, ``"Goal 1 · measure 2"``; ``""`` stays
    ``""`` and unknown refs are shown as they are."""
    if not ref:
        return ""
    for step in (1, 5, 6, 7):
        for candidate, label in commentable_items(doc, step):
            if candidate == ref:
                return label
    return ref


PREPARE_LABEL = "Prepare for the district"


def with_open_findings(note: str, open_findings: int) -> str:
    """A status note that also says how many plan health findings were open at the time."""
    if open_findings <= 0:
        return note
    plural = "finding" if open_findings == 1 else "findings"
    return f"{note} Marked with {open_findings} open {plural}.".strip()


def mark_submitted(
    session: Session, by: str, when: dt.datetime | None = None, *, open_findings: int = 0
) -> Change:
    """Mark the plan submitted (with a status event) unless it already is.

    A returned plan is resubmitted; an approved plan must be reopened as a draft first.
    ``open_findings``: how many plan health findings the person chose to send it with.
    """
    from sqlalchemy import select

    from sipdesk.models import PlanProfile
    from sipdesk.services import operations

    status = session.scalar(select(PlanProfile.status)) or "draft"
    if status == "submitted":
        return Change(PREPARE_LABEL)
    if status == "approved":
        raise PlanRuleError(
            "This plan is already approved. Reopen it as a draft for an update before "
            "sending a new version to the district."
        )
    change = operations.change_status(
        session,
        "submitted",
        by.strip(),
        note=with_open_findings("Prepared for the district.", open_findings),
        when=when,
    )
    return Change(PREPARE_LABEL, change.steps)
