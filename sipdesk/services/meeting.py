"""The meeting bar without Qt: the agenda, the parking lot and the countdown's arithmetic.

Writing operations take the caller's session, never commit, and return one
:class:`~sipdesk.services.edits.Change` (one undo step). :class:`Countdown` is plain state
driven by the times it is given, so the bar's timer and the tests share one clock rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sipdesk.models.catalogues import agenda_for_step
from sipdesk.models.limits import MAX_SEGMENT_MINUTES
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.findings import STEP_NAMES
from sipdesk.services.notices import PlanPart

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import PlanDoc

# SQLAlchemy, the models and the edit path are imported inside each edit: the meeting bar is
# built with a plan's first page, before they need to be loaded (issue 12 item 4).

MEETING_PARTS = PlanPart.AGENDA | PlanPart.PARKED_IDEAS
"""The parts of the plan the meeting bar shows."""


@dataclass(frozen=True)
class Segment:
    id: int
    title: str
    minutes: int


@dataclass(frozen=True)
class Idea:
    id: int
    text: str
    step: int
    raised_on: dt.date | None
    done: bool

    @property
    def step_name(self) -> str:
        return STEP_NAMES.get(self.step, "")


# --------------------------------------------------------------------- reading
def agenda(plan: PlanDoc) -> list[Segment]:
    """The agenda in the order it is run, from the plan snapshot."""
    return [Segment(row["id"], row["title"], row["minutes"]) for row in plan["agenda"]]


def parking_lot(plan: PlanDoc) -> list[Idea]:
    """The parked ideas in the team's order, from the plan snapshot."""
    return [
        Idea(
            row["id"],
            row["text"],
            row["step"],
            dt.date.fromisoformat(row["raised_on"]) if row["raised_on"] else None,
            row["done"],
        )
        for row in plan["parking_lot"]
    ]


def agenda_minutes(segments: Sequence[Segment]) -> int:
    return sum(s.minutes for s in segments)


# --------------------------------------------------------------------- the agenda
def _minutes(minutes: int) -> int:
    if not 1 <= minutes <= MAX_SEGMENT_MINUTES:
        raise PlanRuleError(f"A segment lasts from 1 to {MAX_SEGMENT_MINUTES} minutes.")
    return minutes


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PlanRuleError("Give the segment a name first.")
    return title


def add_segment(session: Session, title: str, minutes: int, *, index: int | None = None) -> Change:
    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import insert_row

    return insert_row(
        session,
        AgendaSegment,
        "Add agenda segment",
        {"title": _title(title), "minutes": _minutes(minutes)},
        index=index,
    )


def rename_segment(session: Session, segment_id: int, title: str) -> Change:
    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import update_row

    return update_row(session, AgendaSegment, segment_id, "Rename segment", title=_title(title))


def set_segment_minutes(session: Session, segment_id: int, minutes: int) -> Change:
    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import update_row

    return update_row(
        session, AgendaSegment, segment_id, "Change segment time", minutes=_minutes(minutes)
    )


def move_segment(session: Session, segment_id: int, index: int) -> Change:
    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import move_row

    return move_row(session, AgendaSegment, segment_id, index, "Move segment")


def delete_segment(session: Session, segment_id: int) -> Change:
    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import delete_row

    return delete_row(session, AgendaSegment, segment_id, "Remove segment")


def use_step_agenda(session: Session, step: int) -> Change:
    """Replace the agenda with the starting agenda for a meeting on ``step`` (one undo step)."""
    from sqlalchemy import select

    from sipdesk.models import AgendaSegment
    from sipdesk.services.edits import delete_row, insert_row

    change = Change("Use the step's agenda")
    for row_id in list(session.scalars(select(AgendaSegment.id))):
        change = change.then(delete_row(session, AgendaSegment, row_id, change.label))
    for item in agenda_for_step(step):
        change = change.then(
            insert_row(
                session,
                AgendaSegment,
                change.label,
                {"title": item.title, "minutes": item.minutes},
            )
        )
    return change


# --------------------------------------------------------------------- the parking lot
def park_idea(session: Session, text: str, step: int, today: dt.date) -> Change:
    """Put an idea in the parking lot, noting the step it came up on and the day."""
    from sipdesk.models import ParkedIdea
    from sipdesk.services.edits import insert_row

    text = text.strip()
    if not text:
        raise PlanRuleError("Type the idea first.")
    return insert_row(
        session,
        ParkedIdea,
        "Park an idea",
        {"text": text, "step": step, "raised_on": today, "done": False},
    )


def edit_idea(session: Session, idea_id: int, text: str) -> Change:
    from sipdesk.models import ParkedIdea
    from sipdesk.services.edits import update_row

    text = text.strip()
    if not text:
        raise PlanRuleError("An idea needs some words; remove it instead.")
    return update_row(session, ParkedIdea, idea_id, "Edit parked idea", text=text)


def set_idea_done(session: Session, idea_id: int, done: bool) -> Change:
    from sipdesk.models import ParkedIdea
    from sipdesk.services.edits import update_row

    label = "Mark idea done" if done else "Mark idea open"
    return update_row(session, ParkedIdea, idea_id, label, done=done)


def move_idea(session: Session, idea_id: int, index: int) -> Change:
    from sipdesk.models import ParkedIdea
    from sipdesk.services.edits import move_row

    return move_row(session, ParkedIdea, idea_id, index, "Move parked idea")


def delete_idea(session: Session, idea_id: int) -> Change:
    from sipdesk.models import ParkedIdea
    from sipdesk.services.edits import delete_row

    return delete_row(session, ParkedIdea, idea_id, "Remove parked idea")


# --------------------------------------------------------------------- the countdown
@dataclass
class Countdown:
    """Where the meeting is in its agenda, told the time (in seconds) by whoever drives it.

    Running: ``started_at`` is set and time flows; paused: ``spent`` holds what was used.
    ``remaining`` goes below zero once a segment runs over, so the bar can say by how much.
    """

    minutes: tuple[int, ...] = ()
    index: int = 0
    spent: float = 0.0
    started_at: float | None = None

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def has_segment(self) -> bool:
        return 0 <= self.index < len(self.minutes)

    def set_agenda(self, minutes: Sequence[int]) -> None:
        """Follow an edited agenda, staying on the same segment number where it still exists."""
        self.minutes = tuple(minutes)
        if self.index >= len(self.minutes):
            self.index = max(len(self.minutes) - 1, 0)

    def elapsed(self, now: float) -> float:
        running = now - self.started_at if self.started_at is not None else 0.0
        return self.spent + max(running, 0.0)

    def remaining(self, now: float) -> float:
        if not self.has_segment:
            return 0.0
        return self.minutes[self.index] * 60 - self.elapsed(now)

    def over(self, now: float) -> bool:
        return self.has_segment and self.remaining(now) <= 0

    def start(self, now: float) -> None:
        if self.has_segment and self.started_at is None:
            self.started_at = now

    def pause(self, now: float) -> None:
        if self.started_at is not None:
            self.spent = self.elapsed(now)
            self.started_at = None

    def toggle(self, now: float) -> None:
        if self.running:
            self.pause(now)
        else:
            self.start(now)

    def go_to(self, index: int, now: float) -> None:
        """Begin segment ``index`` afresh, running if the clock was running."""
        was_running = self.running
        self.index = max(0, min(index, len(self.minutes) - 1))
        self.spent = 0.0
        self.started_at = now if was_running else None

    def next(self, now: float) -> bool:
        """Move to the next segment; False when this was the last one."""
        if self.index + 1 >= len(self.minutes):
            return False
        self.go_to(self.index + 1, now)
        return True


def clock_text(seconds: float) -> str:
    """``"24:59"``, or ``"+1:05"`` once a segment has run over (whole seconds, rounded up
    while counting down so the display reads 0:00 only when time is up)."""
    if seconds > 0:
        whole = int(-(-seconds // 1))
        return f"{whole // 60:d}:{whole % 60:02d}"
    over = int(-seconds)
    if over == 0:
        return "0:00"
    return f"+{over // 60:d}:{over % 60:02d}"
