"""Where each school stands against the district's timeline (issue 13, item 4): on time, due
soon, late or missing. Qt-free and pure: :func:`deadline_state` takes the dates and "today" as
parameters, so it says the same thing on any day it is asked about the same facts.

The rules (docs/district-desk.md, "Deadline state"), with D1 the first draft's due date and D3
the final plan's (the district's own "feedback by" date is not a school's deadline):

1. The **first draft** is any version the school sends. Before the school has sent anything, it
   is *missing* once D1 has passed, *due soon* within 14 days of D1, else *on time*.
2. The **final plan** is the school's latest version when it is marked submitted or approved
   (by the school, or approved by the district); a plan the district returned is not final. It
   is *on time* when it arrived on or before D3 and *late* when after. With no final plan yet,
   it is *missing* once D3 has passed and *due soon* within 14 days of D3.
3. A first draft that arrived after D1 makes the school *late* until its final plan is in
   (unless the final plan is missing, which says more); otherwise *on time*.

A date the district has not set is skipped; with neither set there is no deadline state (``""``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sipdesk.district.expectations import day_words

SOON_DAYS = 14
ON_TIME, DUE_SOON, LATE, MISSING = "on time", "due soon", "late", "missing"
# The most urgent first: the order the desk's table sorts by.
URGENCY = {MISSING: 0, LATE: 1, DUE_SOON: 2, ON_TIME: 3, "": 4}
FINAL_STATUSES = ("submitted", "approved")


@dataclass(frozen=True)
class DeadlineState:
    state: str  # one of ON_TIME, DUE_SOON, LATE, MISSING; "" when the district set no dates
    detail: str  # for people: "final plan due 15 Jan 2027, in 3 days"
    days: int = 0  # days left (negative: days past) to the date the state is about
    short: str = ""  # the few words for a table: "final plan in 3 days"

    @property
    def words(self) -> str:
        return self.state.capitalize() if self.state else ""

    @property
    def urgency(self) -> tuple[int, int]:
        """Sorts the most urgent first: missing, late, due soon, on time, none; then by days."""
        return (URGENCY.get(self.state, 4), self.days)


NO_DEADLINE = DeadlineState("", "")


def days_words(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} ago"


def deadline_state(
    *,
    today: dt.date,
    first_draft_due: dt.date | None,
    final_due: dt.date | None,
    first_received: dt.date | None,
    latest_received: dt.date | None,
    latest_status: str,
) -> DeadlineState:
    """The school's state on ``today``.

    ``first_received`` and ``latest_received`` are the days its first and latest versions
    arrived (None before any); ``latest_status`` is its latest version's status as the desk
    shows it (the district's decision when it made one, else the school's own).
    """
    if first_draft_due is None and final_due is None:
        return NO_DEADLINE
    if first_received is None and first_draft_due is not None:
        return _waiting("first draft", first_draft_due, today)
    first_late: DeadlineState | None = None
    if first_draft_due is not None and first_received is not None:
        late_by = (first_draft_due - first_received).days
        if late_by < 0:
            first_late = DeadlineState(
                LATE,
                f"first draft in on {day_words(first_received)}, after its due date "
                f"({day_words(first_draft_due)})",
                late_by,
                "first draft",
            )
    if final_due is not None:
        if latest_received is not None and latest_status in FINAL_STATUSES:
            days = (final_due - latest_received).days
            if days >= 0:
                return DeadlineState(
                    ON_TIME, f"final plan in on {day_words(latest_received)}", 0, "final plan in"
                )
            return DeadlineState(
                LATE,
                f"final plan in on {day_words(latest_received)}, after its due date "
                f"({day_words(final_due)})",
                days,
                "final plan",
            )
        waiting = _waiting("final plan", final_due, today)
        if waiting.state == MISSING or first_late is None:
            return waiting
        return DeadlineState(
            LATE, f"{first_late.detail}; {waiting.detail}", first_late.days, "first draft"
        )
    if first_late is not None:
        return first_late
    assert first_received is not None
    return DeadlineState(
        ON_TIME, f"first draft in on {day_words(first_received)}", 0, "first draft in"
    )


def _waiting(what: str, due: dt.date, today: dt.date) -> DeadlineState:
    days = (due - today).days
    if days < 0:
        return DeadlineState(
            MISSING, f"{what} was due {day_words(due)} ({days_words(days)})", days, what
        )
    state = DUE_SOON if days <= SOON_DAYS else ON_TIME
    short = f"{what} {days_words(days)}" if state == DUE_SOON else f"{what} due {due.day} {due:%b}"
    return DeadlineState(state, f"{what} due {day_words(due)}, {days_words(days)}", days, short)
