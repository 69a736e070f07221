"""Check-ins through the year (issue 13, item 8): a schedule of check-ins per school; for each
one held, its after-action review (what was expected, what happened, why, what comes next); and
the district's own reflection across the schools for each check-in round.

Qt-free; plain ORM on the desk's ``checkins`` and ``checkin_rounds`` tables (desk schema 3).
A check-in is on the schedule as soon as it has a date, and it counts as held once its day has
come (the review can be written then or later). Texts given replace what was written; a text
not given is left as it was, so a review can be written a part at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sipdesk.district.models import Checkin, CheckinRound, School

MAX_TEXT = 10_000
# The after-action review's four parts: the column, and the question it answers.
REVIEW_PARTS = (
    ("expected", "What was expected"),
    ("happened", "What happened"),
    ("why", "Why"),
    ("next_steps", "What we will do next"),
)


class CheckinError(ValueError):
    """A check-in that cannot be kept; ``str(error)`` is one sentence."""


@dataclass(frozen=True)
class CheckinView:
    school: str
    school_id: int
    on: dt.date
    expected: str
    happened: str
    why: str
    next_steps: str

    @property
    def reviewed(self) -> bool:
        return any((self.expected, self.happened, self.why, self.next_steps))


def _tidy(text: str, what: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise CheckinError(f"{what} is longer than {MAX_TEXT:,} characters; please shorten it.")
    return cleaned


def record_checkin(
    session: Session,
    school: School,
    on: dt.date,
    *,
    now: dt.datetime,
    expected: str | None = None,
    happened: str | None = None,
    why: str | None = None,
    next_steps: str | None = None,
) -> tuple[Checkin, bool]:
    """Put a check-in with ``school`` on ``on`` on the schedule, or write its review; returns
    the check-in and whether it was new."""
    given = {"expected": expected, "happened": happened, "why": why, "next_steps": next_steps}
    texts = {
        key: _tidy(value, words)
        for (key, words) in REVIEW_PARTS
        if (value := given[key]) is not None
    }
    row = session.scalars(
        select(Checkin).where(Checkin.school_id == school.id, Checkin.held_on == on)
    ).first()
    new = row is None
    if row is None:
        row = Checkin(school_id=school.id, held_on=on, updated_at=now)
        for key, _ in REVIEW_PARTS:
            setattr(row, key, "")
        session.add(row)
    for key, value in texts.items():
        setattr(row, key, value)
    row.updated_at = now
    session.flush()
    return row, new


def checkins(session: Session, school: School | None = None) -> list[CheckinView]:
    """Every check-in (or one school's), by school name, then by day."""
    query = select(School.name, School.name_key, Checkin).join(
        School, School.id == Checkin.school_id
    )
    if school is not None:
        query = query.where(Checkin.school_id == school.id)
    rows = session.execute(query.order_by(School.name_key, School.id, Checkin.held_on)).all()
    return [
        CheckinView(name, c.school_id, c.held_on, c.expected, c.happened, c.why, c.next_steps)
        for name, _key, c in rows
    ]


def last_checkins(session: Session, today: dt.date) -> dict[int, dt.date]:
    """By school id: the day of its latest check-in on or before ``today``."""
    rows = session.execute(
        select(Checkin.school_id, func.max(Checkin.held_on))
        .where(Checkin.held_on <= today)
        .group_by(Checkin.school_id)
    ).all()
    return {school_id: day for school_id, day in rows if day is not None}


def set_reflection(session: Session, on: dt.date, text: str, *, now: dt.datetime) -> None:
    """The district's reflection across schools for the check-in round on ``on`` (the round is
    added to the year's rounds when it was not planned)."""
    cleaned = _tidy(text, "The reflection")
    row = session.scalars(select(CheckinRound).where(CheckinRound.held_on == on)).first()
    if row is None:
        session.add(CheckinRound(held_on=on, reflection=cleaned, updated_at=now))
    else:
        row.reflection = cleaned
        row.updated_at = now
    session.flush()


def reflections(session: Session) -> list[tuple[dt.date, str]]:
    """Every check-in round, by day, with the district's reflection (``""`` until written)."""
    rows = session.execute(
        select(CheckinRound.held_on, CheckinRound.reflection).order_by(CheckinRound.held_on)
    ).all()
    return [(day, text) for day, text in rows]


def write_checkins_csv(rows: Sequence[CheckinView], target: Path) -> None:
    """The check-ins as one CSV table for a spreadsheet: school, day, the review's parts."""
    from sipdesk.export.csv_export import safe_cell as _cell
    from sipdesk.storage.writeback import write_atomically

    def build(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["School", "Check-in", *(words for _, words in REVIEW_PARTS)])
            for row in rows:
                out.writerow(
                    [
                        _cell(row.school),
                        row.on.isoformat(),
                        *(_cell(getattr(row, key)) for key, _ in REVIEW_PARTS),
                    ]
                )

    write_atomically(build, target)
