"""What the desk shows of its schools: one row per school, from its latest received version.

A school on the district's list that has sent nothing yet (district/roster.py) has a row too:
no versions, no latest version, and its deadline state ("missing" once the first draft's date
has passed). Plain ORM queries (a grouped subquery and outer joins), portable to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sipdesk.district.intake import name_key
from sipdesk.district.models import Desk, PlanVersion, School


@dataclass(frozen=True)
class SchoolRow:
    school: str
    versions: int  # 0: a school on the district's list that has sent nothing yet
    latest_received: dt.datetime | None  # UTC, without a zone; None before any version
    status: str
    school_year: str
    open_findings: int
    plan_id: str
    school_id: int = 0  # the school's row on the desk (the window opens a school by it)
    latest_version: int = 0  # the latest version's number in the school's history
    decision: str = ""  # the district's on the latest version: "", "returned" or "approved"
    reviewer: str = ""
    score: str = ""  # the rubric score, "14 of 20", or "" before any score
    score_share: float = -1.0  # points over possible, for sorting; -1 before any score
    # Against the district's timeline (district/deadlines.py): "on time", "due soon", "late",
    # "missing", or "" when the district set no dates; the words for people; the sort value.
    deadline: str = ""
    deadline_detail: str = ""
    deadline_urgency: tuple[int, int] = (4, 0)
    deadline_short: str = ""
    last_checkin: dt.date | None = None  # the latest check-in held on or before today
    expected: bool = False  # on the district's list of the schools it expects plans from

    @property
    def deadline_words(self) -> str:
        """``Due soon: final plan in 3 days``; ``""`` without a timeline."""
        if not self.deadline:
            return ""
        return f"{self.deadline.capitalize()}: {self.deadline_short}"

    @property
    def desk_status(self) -> str:
        """Where the plan stands for the district: its decision on the latest version when it
        made one, else the status the school sent."""
        return self.decision or self.status


def district_name(session: Session) -> str:
    desk = session.get(Desk, 1)
    return desk.district_name if desk is not None else ""


def local_day(when: dt.datetime) -> dt.date:
    """A stored time (UTC, without a zone) as the reader's own day."""
    return when.replace(tzinfo=dt.UTC).astimezone().date()


def school_rows(session: Session, today: dt.date | None = None) -> list[SchoolRow]:
    """Every school on the desk, by name, with the facts of its latest version and where it
    stands against the district's timeline on ``today`` (the reader's today when not given)."""
    from sipdesk.district.checkins import last_checkins
    from sipdesk.district.deadlines import deadline_state
    from sipdesk.district.expectations import read_expectations

    day = today or dt.date.today()
    expect = read_expectations(session)
    held = last_checkins(session, day)
    latest = (
        select(
            PlanVersion.school_id.label("school_id"),
            func.max(PlanVersion.number).label("top"),
            func.count(PlanVersion.id).label("versions"),
            func.min(PlanVersion.received_at).label("first"),
        )
        .group_by(PlanVersion.school_id)
        .subquery()
    )
    rows = session.execute(
        select(School.id, School.name, latest.c.versions, latest.c.first, PlanVersion)
        .outerjoin(latest, latest.c.school_id == School.id)
        .outerjoin(
            PlanVersion,
            (PlanVersion.school_id == School.id) & (PlanVersion.number == latest.c.top),
        )
        .order_by(School.id)  # then by name, in Python (name_order)
    ).all()
    from sipdesk.district.review import review_summaries
    from sipdesk.district.roster import expected_ids

    reviews = review_summaries(session)
    listed = expected_ids(session)
    out = []
    for school_id, name, count, first, version in rows:
        if version is None:  # on the district's list, nothing received yet
            state = deadline_state(
                today=day,
                first_draft_due=expect.first_draft_due,
                final_due=expect.final_due,
                first_received=None,
                latest_received=None,
                latest_status="",
            )
            out.append(
                SchoolRow(
                    school=name,
                    versions=0,
                    latest_received=None,
                    status="",
                    school_year="",
                    open_findings=0,
                    plan_id="",
                    school_id=school_id,
                    deadline=state.state,
                    deadline_detail=state.detail,
                    deadline_urgency=state.urgency,
                    deadline_short=state.short,
                    last_checkin=held.get(school_id),
                    expected=True,
                )
            )
            continue
        review = reviews.get(version.school_id)
        decision = review.decision if review else ""
        state = deadline_state(
            today=day,
            first_draft_due=expect.first_draft_due,
            final_due=expect.final_due,
            first_received=local_day(first),
            latest_received=local_day(version.received_at),
            latest_status=decision or version.status,
        )
        out.append(
            SchoolRow(
                school=name,
                versions=int(count),
                latest_received=version.received_at,
                status=version.status,
                school_year=version.school_year,
                open_findings=version.open_findings,
                plan_id=version.plan_id,
                school_id=version.school_id,
                latest_version=version.number,
                decision=decision,
                reviewer=review.reviewer if review else "",
                score=review.score_text if review else "",
                score_share=review.points / review.possible if review and review.possible else -1.0,
                deadline=state.state,
                deadline_detail=state.detail,
                deadline_urgency=state.urgency,
                deadline_short=state.short,
                last_checkin=held.get(version.school_id),
                expected=school_id in listed,
            )
        )
    out.sort(key=lambda row: name_order(row.school))  # stable: one name keeps the ids' order
    return out


_NUMBER = re.compile(r"\d+")


def name_order(name: str) -> str:
    """A school's name as lists sort it: case and spacing not counting, and its numbers by
    their value, so "PS 9" comes before "PS 12" and "PS 102" (as a person would file them)."""
    return _NUMBER.sub(lambda number: number.group().zfill(12), name_key(name))
