"""What the district expects of every school's plan (issue 13, item 7): its timeline (first
draft due, feedback by, final plan due, and the check-in rounds of the year), the readiness
profile it requires, and the district goals plans should align to.

Qt-free; plain ORM on the desk's tables (desk schema 3: ``expectations``, ``district_goals``,
``checkin_rounds``). :func:`read_expectations` gives them whole; :func:`set_expectations`
changes only what it is given, and checks it first: every problem is one sentence
(:class:`ExpectationsError`), and nothing is written then.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sipdesk.district.models import CheckinRound, DistrictGoal, Expectations

MAX_GOALS = 20
MAX_GOAL_TEXT = 500
MAX_ROUNDS = 24

# The three dates of the timeline, in the order they come, with their words.
TIMELINE = (
    ("first_draft_due", "first draft due"),
    ("feedback_by", "district feedback by"),
    ("final_due", "final plan due"),
)


class ExpectationsError(ValueError):
    """Expectations that cannot be kept; ``str(error)`` is one sentence."""


@dataclass(frozen=True)
class DeskExpectations:
    first_draft_due: dt.date | None = None
    feedback_by: dt.date | None = None
    final_due: dt.date | None = None
    readiness_profile: str = ""  # a profile's key, "" when the district requires none
    goals: tuple[str, ...] = ()
    checkin_rounds: tuple[dt.date, ...] = field(default=())

    @property
    def any_set(self) -> bool:
        return bool(
            self.first_draft_due
            or self.feedback_by
            or self.final_due
            or self.readiness_profile
            or self.goals
            or self.checkin_rounds
        )

    def date(self, key: str) -> dt.date | None:
        value = getattr(self, key)
        return value if isinstance(value, dt.date) else None


def parse_day(text: str) -> dt.date | None:
    """``2026-10-31`` → that day; ``""`` or ``none`` → None (the date is cleared)."""
    cleaned = text.strip()
    if cleaned.lower() in ("", "none"):
        return None
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ExpectationsError(
            f"“{cleaned}” is not a date SIP Desk can read; please write it as year-month-day, "
            "for example 2026-10-31."
        ) from None


def day_words(day: dt.date) -> str:
    """``31 Oct 2026``."""
    return f"{day.day} {day:%b} {day:%Y}"


def read_expectations(session: Session) -> DeskExpectations:
    row = session.get(Expectations, 1)
    goals = tuple(session.scalars(select(DistrictGoal.text).order_by(DistrictGoal.position)))
    rounds = tuple(session.scalars(select(CheckinRound.held_on).order_by(CheckinRound.held_on)))
    if row is None:
        return DeskExpectations(goals=goals, checkin_rounds=rounds)
    return DeskExpectations(
        first_draft_due=row.first_draft_due,
        feedback_by=row.feedback_by,
        final_due=row.final_due,
        readiness_profile=row.readiness_profile,
        goals=goals,
        checkin_rounds=rounds,
    )


_UNCHANGED: object = object()


def check_goals(goals: list[str]) -> tuple[str, ...]:
    """The goals, tidied (spacing), each checked."""
    if len(goals) > MAX_GOALS:
        raise ExpectationsError(f"A district can set up to {MAX_GOALS} goals for plans.")
    out = []
    for number, goal in enumerate(goals, start=1):
        text = " ".join(goal.split())
        if not text:
            raise ExpectationsError(f"District goal {number} needs some words.")
        if len(text) > MAX_GOAL_TEXT:
            raise ExpectationsError(
                f"District goal {number} is longer than {MAX_GOAL_TEXT} characters; please "
                "say it more briefly."
            )
        out.append(text)
    return tuple(out)


def check_profile(name: str) -> str:
    """The key of the profile named (key or plain name); ``""`` or ``none`` for none."""
    from sipdesk.services.readiness_profiles import UnknownProfileError, find_profile

    if name.strip().lower() in ("", "none"):
        return ""
    try:
        return find_profile(name).key
    except UnknownProfileError as exc:
        raise ExpectationsError(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None


def check_order(expect: DeskExpectations) -> None:
    """The timeline's dates come in order: first draft, feedback, final plan."""
    dated = [(words, expect.date(key)) for key, words in TIMELINE if expect.date(key)]
    for (early_words, early), (late_words, late) in itertools.pairwise(dated):
        assert early is not None and late is not None
        if late < early:
            raise ExpectationsError(
                f"The {late_words} date ({day_words(late)}) comes before the {early_words} "
                f"date ({day_words(early)}); please check the timeline."
            )


def set_expectations(
    session: Session,
    *,
    now: dt.datetime,
    first_draft_due: object = _UNCHANGED,
    feedback_by: object = _UNCHANGED,
    final_due: object = _UNCHANGED,
    readiness_profile: str | None = None,
    goals: list[str] | None = None,
    checkin_rounds: list[dt.date] | None = None,
) -> DeskExpectations:
    """Change what is given (a date given as None clears it); returns the expectations now.

    Checked whole before anything is written: the dates in order, the profile one SIP Desk
    knows, the goals and rounds within their limits.
    """
    current = read_expectations(session)
    dates = {
        "first_draft_due": first_draft_due,
        "feedback_by": feedback_by,
        "final_due": final_due,
    }
    new_dates = {
        key: (current.date(key) if value is _UNCHANGED else value) for key, value in dates.items()
    }
    profile = (
        current.readiness_profile if readiness_profile is None else check_profile(readiness_profile)
    )
    new_goals = current.goals if goals is None else check_goals(goals)
    rounds = current.checkin_rounds
    if checkin_rounds is not None:
        rounds = tuple(sorted(set(checkin_rounds)))
        if len(rounds) > MAX_ROUNDS:
            raise ExpectationsError(f"A district can plan up to {MAX_ROUNDS} check-in rounds.")
    wanted = DeskExpectations(
        first_draft_due=_day(new_dates["first_draft_due"]),
        feedback_by=_day(new_dates["feedback_by"]),
        final_due=_day(new_dates["final_due"]),
        readiness_profile=profile,
        goals=new_goals,
        checkin_rounds=rounds,
    )
    check_order(wanted)
    row = session.get(Expectations, 1)
    if row is None:
        row = Expectations(id=1, updated_at=now)
        session.add(row)
    row.first_draft_due = wanted.first_draft_due
    row.feedback_by = wanted.feedback_by
    row.final_due = wanted.final_due
    row.readiness_profile = wanted.readiness_profile
    row.updated_at = now
    if goals is not None:
        session.execute(delete(DistrictGoal))
        for position, text in enumerate(wanted.goals):
            session.add(DistrictGoal(position=position, text=text))
    if checkin_rounds is not None:
        _keep_rounds(session, wanted.checkin_rounds, now)
    session.flush()
    return read_expectations(session)


def _day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _keep_rounds(session: Session, rounds: tuple[dt.date, ...], now: dt.datetime) -> None:
    """The rounds become exactly ``rounds``; a round already written about keeps its
    reflection, and one left out that has a reflection is kept too (nothing written is lost)."""
    existing = {r.held_on: r for r in session.scalars(select(CheckinRound))}
    for day, row in existing.items():
        if day not in rounds and not row.reflection:
            session.delete(row)
    for day in rounds:
        if day not in existing:
            session.add(CheckinRound(held_on=day, reflection="", updated_at=now))


def describe(expect: DeskExpectations) -> list[str]:
    """The expectations as lines for people: the timeline, the profile, the goals."""
    from sipdesk.services.readiness_profiles import find_profile

    lines = []
    for key, words in TIMELINE:
        day = expect.date(key)
        lines.append(f"{words[0].upper()}{words[1:]}: {day_words(day) if day else 'not set'}")
    rounds = ", ".join(day_words(d) for d in expect.checkin_rounds)
    lines.append(f"Check-in rounds: {rounds or 'none planned'}")
    if expect.readiness_profile:
        lines.append(f"Readiness profile required: {find_profile(expect.readiness_profile).name}")
    else:
        lines.append("Readiness profile required: none chosen (each plan's own)")
    if expect.goals:
        lines.append("District goals plans should align to:")
        lines.extend(f"  {n}. {goal}" for n, goal in enumerate(expect.goals, start=1))
    else:
        lines.append("District goals: none set")
    return lines
