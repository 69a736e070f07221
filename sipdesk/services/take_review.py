"""Taking the district's review into the school's plan (issue 13, item 6), without Qt.

The district's reply (:mod:`sipdesk.district.review`) is the school's own plan as it was sent,
with the district's comments and decision added. The school has usually gone on editing since,
so only the district's part is taken from it, and nothing else:

* the reply's **decision** — its latest status event, which must say returned or approved and
  come after the last time the plan was marked submitted;
* the reply's **comments made after that moment** (the district dates its part at least a second
  after the plan was marked submitted, whatever its clock says).

A comment is already there when the plan has one with the same item, author, text and time; the
decision when the plan has a status event with the same status, person and time. What is already
there is left alone (the school may have resolved a comment), so taking a reply twice changes
nothing. The plan's status becomes the decision only when no later status event is in the plan
(a school that already sent a newer version stays submitted).

The reply is read as the untrusted file it is (opened read-only, validated like any plan) and
must carry this plan's id; a reply for another plan is refused with a sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sipdesk.models import PlanProfile, ReviewComment, StatusEvent
from sipdesk.services.edits import Change, insert_row, update_row
from sipdesk.storage.errors import PlanFileError

LABEL = "Take the district's review"
DECISIONS = ("returned", "approved")


class NotAReplyError(PlanFileError):
    """The file is a plan, but not the district's reply for this plan; one sentence."""


@dataclass(frozen=True)
class ReplyComment:
    step: int
    item: str
    author: str
    body: str
    created_at: dt.datetime


@dataclass(frozen=True)
class ReplyContent:
    """The district's part of a reply file."""

    path: Path
    plan_id: str
    school: str
    status: str
    by: str
    at: dt.datetime
    note: str
    comments: tuple[ReplyComment, ...]


@dataclass(frozen=True)
class Taken:
    change: Change
    comments: int  # comments brought in (0 when all were there)
    status_changed: bool

    @property
    def nothing_new(self) -> bool:
        return self.change.empty


def read_reply(path: Path | str) -> ReplyContent:
    """Open ``path`` read-only (validated as untrusted) and read the district's part of it."""
    from sipdesk.storage.document import PlanDocument

    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        shown = doc.path
        profile = session.get(PlanProfile, 1)
        events = list(
            session.scalars(
                select(StatusEvent)
                .where(StatusEvent.at.is_not(None))
                .order_by(StatusEvent.at, StatusEvent.id)
            )
        )
        sent = [e.at for e in events if e.status == "submitted" and e.at is not None]
        since = sent[-1] if sent else None
        decision = events[-1] if events else None
        if (
            profile is None
            or decision is None
            or decision.at is None
            or decision.status not in DECISIONS
            or (since is not None and decision.at <= since)
        ):
            raise NotAReplyError(
                shown,
                f"“{shown.name}” is a plan, but not the district's reply to one: it has not "
                "been returned or approved since it was sent.",
            )
        query = select(ReviewComment).where(ReviewComment.created_at.is_not(None))
        if since is not None:
            query = query.where(ReviewComment.created_at > since)
        comments = tuple(
            ReplyComment(c.step, c.item, c.author, c.body, c.created_at)
            for c in session.scalars(query.order_by(ReviewComment.created_at, ReviewComment.id))
            if c.created_at is not None
        )
        return ReplyContent(
            path=shown,
            plan_id=profile.plan_id,
            school=profile.school_name,
            status=decision.status,
            by=decision.by,
            at=decision.at,
            note=decision.note,
            comments=comments,
        )


def check_same_plan(session: Session, reply: ReplyContent, plan_name: str) -> None:
    """Refuse a reply for another plan (by plan id), with a sentence; nothing is written."""
    plan_id = session.scalar(select(PlanProfile.plan_id)) or ""
    if not reply.plan_id or reply.plan_id != plan_id:
        whose = f" ({reply.school})" if reply.school else ""
        raise NotAReplyError(
            reply.path,
            f"“{reply.path.name}” is the district's reply for another plan{whose}, not for "
            f"“{plan_name}”, so nothing was taken from it.",
        )


def take_review(session: Session, reply: ReplyContent) -> Taken:
    """Bring the district's comments and decision into the plan (in the caller's transaction);
    returns the Change for undo (empty when everything was already there)."""
    have = {
        (c.item, c.author, c.body, c.created_at) for c in session.scalars(select(ReviewComment))
    }
    change = Change(LABEL)
    added = 0
    for comment in reply.comments:
        key = (comment.item, comment.author, comment.body, comment.created_at)
        if key in have:
            continue
        have.add(key)
        added += 1
        change = change.then(
            insert_row(
                session,
                ReviewComment,
                LABEL,
                {
                    "step": comment.step,
                    "item": comment.item,
                    "author": comment.author,
                    "body": comment.body,
                    "created_at": comment.created_at,
                    "resolved": False,
                },
            )
        )
    events = list(session.scalars(select(StatusEvent)))
    status_changed = False
    if not any((e.status, e.by, e.at) == (reply.status, reply.by, reply.at) for e in events):
        later = [e for e in events if e.at is not None and e.at > reply.at]
        change = change.then(
            insert_row(
                session,
                StatusEvent,
                LABEL,
                {"status": reply.status, "by": reply.by, "at": reply.at, "note": reply.note},
            )
        )
        if not later:
            status = update_row(session, PlanProfile, 1, LABEL, status=reply.status)
            status_changed = not status.empty
            change = change.then(status)
    return Taken(change, added, status_changed)


def summary(taken: Taken, reply: ReplyContent) -> str:
    """One plain sentence about what taking the reply did."""
    if taken.nothing_new:
        return "This review was already taken into the plan; nothing changed."
    word = "returned with feedback" if reply.status == "returned" else "approved"
    count = taken.comments
    comments = f"{count} comment{'s' if count != 1 else ''} from the district"
    if taken.status_changed:
        return f"The plan is now marked {word} by {reply.by or 'the district'}, with {comments}."
    return f"Took {comments} and the district's decision ({word}) into the plan's history."
