"""What the desk shows of its schools: one row per school, from its latest received version.

Plain ORM queries (a grouped subquery and joins), portable to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sipdesk.district.models import Desk, PlanVersion, School


@dataclass(frozen=True)
class SchoolRow:
    school: str
    versions: int
    latest_received: dt.datetime  # UTC, without a zone
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

    @property
    def desk_status(self) -> str:
        """Where the plan stands for the district: its decision on the latest version when it
        made one, else the status the school sent."""
        return self.decision or self.status


def district_name(session: Session) -> str:
    desk = session.get(Desk, 1)
    return desk.district_name if desk is not None else ""


def school_rows(session: Session) -> list[SchoolRow]:
    """Every school on the desk, by name, with the facts of its latest version."""
    latest = (
        select(
            PlanVersion.school_id.label("school_id"),
            func.max(PlanVersion.number).label("top"),
            func.count(PlanVersion.id).label("versions"),
        )
        .group_by(PlanVersion.school_id)
        .subquery()
    )
    rows = session.execute(
        select(School.name, latest.c.versions, PlanVersion)
        .join(latest, latest.c.school_id == School.id)
        .join(
            PlanVersion,
            (PlanVersion.school_id == School.id) & (PlanVersion.number == latest.c.top),
        )
        .order_by(School.name_key, School.id)
    ).all()
    from sipdesk.district.review import review_summaries

    reviews = review_summaries(session)
    out = []
    for name, count, version in rows:
        review = reviews.get(version.school_id)
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
                decision=review.decision if review else "",
                reviewer=review.reviewer if review else "",
                score=review.score_text if review else "",
                score_share=review.points / review.possible if review and review.possible else -1.0,
            )
        )
    return out
