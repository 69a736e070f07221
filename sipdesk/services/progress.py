"""Progress maths: report percentages computed from monthly action statuses, never typed.

Quarters and semesters count from the plan's first month (``profile.first_month``): months
1–3 are quarter 1, months 1–6 semester 1, and so on. An action's standing in a period is its
latest status recorded in or before that period's last month.

A period that has not started yet (its first month is after today's month) has no figures:
its results say ``started=False`` and carry ``None`` instead of percentages, so nothing is
carried forward into months nobody has reported on. ``today`` is a parameter everywhere so
tests (and a reviewer reading an old plan) can fix the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sipdesk.models.limits import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from sipdesk.models.plan_types import ActionRow, MilestoneRow, StrategyRow

ON_TIME_RULE = (
    "An action counts as on time if it was marked done in or before the month it is due, "
    "or if it is not done yet, is not behind and its due month has not passed (by the end "
    "of the period, or by today for the period under way). An action with no due date "
    "counts as on time only once it is done."
)


_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII)


@lru_cache(maxsize=4096)
def month_parts(month: object) -> tuple[int, int] | None:
    """``"2026-09"`` → ``(2026, 9)``; None for anything that is not a month of a year from
    MIN_YEAR to MAX_YEAR (a file may hold any text, a number or bytes in a month column).

    Cached: the monitoring pages ask about the same few dozen months many thousands of times.
    """
    if not isinstance(month, str):
        return None
    found = _MONTH.fullmatch(month)
    if found is None:
        return None
    year, mon = int(found.group(1)), int(found.group(2))
    return (year, mon) if MIN_YEAR <= year <= MAX_YEAR else None


def is_plan_month(month: object) -> bool:
    """Whether ``month`` is a "YYYY-MM" month in the range a plan may hold."""
    return month_parts(month) is not None


def month_index(first_month: str, month: object) -> int:
    """0 for the plan's first month, 1 for the next, ... (negative before the plan).

    Raises ValueError when either is not a plan month (see :func:`month_parts`).
    """
    start, at = month_parts(first_month), month_parts(month)
    if start is None or at is None:
        raise ValueError(f"not a month: {month!r}")
    return (at[0] - start[0]) * 12 + (at[1] - start[1])


def plan_months(first_month: str, count: int = 12) -> list[str]:
    """``count`` months from ``first_month`` on; none when it is not a plan month."""
    start = month_parts(first_month)
    if start is None:
        return []
    y, m = start
    out = []
    for i in range(count):
        yy, mm = divmod(m - 1 + i, 12)
        out.append(f"{y + yy:04d}-{mm + 1:02d}")
    return out


def default_first_month(today: dt.date | None = None) -> str:
    """The school year's first month: August of the current school year."""
    today = today or dt.date.today()
    year = today.year if today.month >= 8 else today.year - 1
    return f"{year:04d}-08"


def plan_start(first_month: object, today: dt.date | None = None) -> str:
    """The plan's first month as stored when it is one ("2026-08"); otherwise (blank, or
    something a hand-edited file holds) the school year's first month, so the monitoring
    maths always has a calendar."""
    if isinstance(first_month, str) and is_plan_month(first_month):
        return first_month
    return default_first_month(today)


def today_index(first_month: str, today: dt.date | None = None) -> int:
    """Today's month as a plan month index (see :func:`month_index`)."""
    today = today or dt.date.today()
    return month_index(first_month, f"{today.year:04d}-{today.month:02d}")


def quarter_started(first_month: str, quarter: int, today: dt.date | None = None) -> bool:
    """Whether quarter ``quarter`` (1-based) has begun by ``today`` (default: the real today)."""
    return today_index(first_month, today) >= (quarter - 1) * 3


def semester_started(first_month: str, semester: int, today: dt.date | None = None) -> bool:
    """Whether semester ``semester`` (1-based) has begun by ``today``."""
    return today_index(first_month, today) >= (semester - 1) * 6


def quarter_months(first_month: str, quarter: int) -> tuple[str, str]:
    """The first and last month of a quarter: ``("2026-11", "2027-01")``."""
    months = plan_months(first_month, quarter * 3)
    return months[-3], months[-1]


def _due_index(action: ActionRow, first_month: str) -> int | None:
    """The plan month index of the action's due date, or None when it has none (or it is
    not a date)."""
    due = action["due"]
    if due is None or not is_plan_month(due[:7]):
        return None
    return month_index(first_month, due[:7])


def _entries(action: ActionRow, first_month: str, last_index: int) -> list[tuple[int, str]]:
    """(month index, status) of the entries recorded in or before ``last_index``, oldest
    first."""
    out: list[tuple[int, str]] = []
    for entry in action["statuses"]:
        if not is_plan_month(entry["month"]):
            continue  # a month no calendar holds: it belongs to no period
        idx = month_index(first_month, entry["month"])
        if idx <= last_index:
            out.append((idx, entry["status"]))
    out.sort(key=lambda item: item[0])
    return out


def _status_by(action: ActionRow, first_month: str, last_index: int) -> str | None:
    entries = _entries(action, first_month, last_index)
    return entries[-1][1] if entries else None


def on_time(
    action: ActionRow, first_month: str, last_index: int, now_index: int | None = None
) -> bool:
    """Whether ``action`` is on time at the end of plan month ``last_index`` — or, for a
    period still under way (``now_index`` ≤ ``last_index``), as of the month ``now_index``.

    The rule (:data:`ON_TIME_RULE`): it is on time if its standing then is *done* and the
    first month it was marked done is in or before its due month (with no due date, done is
    on time); or if it is not done, not *behind*, and its due month has not passed: it is
    after ``last_index``, or, while the period is under way, not before ``now_index``.
    A not-done action with no due date is not counted as on time: nothing shows it is.
    """
    entries = _entries(action, first_month, last_index)
    standing = entries[-1][1] if entries else None
    due = _due_index(action, first_month)
    if standing == "done":
        first_done = next(idx for idx, status in entries if status == "done")
        return due is None or first_done <= due
    if standing == "behind" or due is None:
        return False
    if now_index is not None and now_index <= last_index:
        return due >= now_index  # due this month or later: not late yet
    return due > last_index


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class MilestoneProgress:
    """Per milestone and quarter: percent of actions done, on time (see :func:`on_time`) and
    behind at the quarter's end, with the counts behind them. A quarter that has not started
    yet has ``started=False`` and no percentages."""

    quarter: int
    actions: int
    done_pct: float | None
    on_time_pct: float | None
    behind_pct: float | None
    started: bool = True
    done: int = 0
    on_time: int = 0
    behind: int = 0

    @property
    def complete(self) -> bool:
        return self.actions > 0 and self.done_pct == 100.0


def _milestone_at(
    milestone: MilestoneRow,
    first_month: str,
    quarter: int,
    last_index: int,
    now_index: int | None = None,
) -> MilestoneProgress:
    actions = milestone["actions"]
    standings = [_status_by(a, first_month, last_index) for a in actions]
    done = sum(1 for s in standings if s == "done")
    timely = sum(1 for a in actions if on_time(a, first_month, last_index, now_index))
    behind = sum(1 for s in standings if s == "behind")
    n = len(actions)
    return MilestoneProgress(
        quarter, n, _pct(done, n), _pct(timely, n), _pct(behind, n), True, done, timely, behind
    )


def milestone_progress(
    milestone: MilestoneRow, first_month: str, quarter: int, today: dt.date | None = None
) -> MilestoneProgress:
    """Where the milestone's actions stand at the end of ``quarter``; nothing for a quarter
    that has not started by ``today`` (default: the real today)."""
    n = len(milestone["actions"])
    if not quarter_started(first_month, quarter, today):
        return MilestoneProgress(quarter, n, None, None, None, started=False)
    now = today_index(first_month, today)
    return _milestone_at(milestone, first_month, quarter, quarter * 3 - 1, now)


def span_started(first_month: str, start: str, today: dt.date | None = None) -> bool:
    """Whether a monitoring period whose first month is ``start`` has begun by ``today``
    (never, for a ``start`` that is not a month)."""
    if not is_plan_month(start):
        return False
    return today_index(first_month, today) >= month_index(first_month, start)


def span_progress(
    milestone: MilestoneRow,
    first_month: str,
    number: int,
    start: str,
    end: str,
    today: dt.date | None = None,
) -> MilestoneProgress:
    """Where the milestone's actions stand at the end of the monitoring period ``number``
    running from month ``start`` to month ``end`` (one of the plan's cycles, or a quarter);
    nothing for a period that has not begun by ``today``. For the plan's quarters this is
    :func:`milestone_progress`."""
    n = len(milestone["actions"])
    if not is_plan_month(end) or not span_started(first_month, start, today):
        return MilestoneProgress(number, n, None, None, None, started=False)
    last = month_index(first_month, end)
    now = today_index(first_month, today)
    return _milestone_at(milestone, first_month, number, last, now)


@dataclass(frozen=True)
class StrategyProgress:
    """Per strategy and semester: percent of milestones done, and how many are behind. A
    semester that has not started yet has ``started=False`` and no figures."""

    semester: int
    milestones: int
    done_pct: float | None
    behind: int
    started: bool = True
    done: int = 0


def strategy_progress(
    strategy: StrategyRow, first_month: str, semester: int, today: dt.date | None = None
) -> StrategyProgress:
    """A milestone counts as done when every one of its actions is done at the semester's
    end, and as behind when any of them is behind then."""
    milestones = strategy["milestones"]
    n = len(milestones)
    if not semester_started(first_month, semester, today):
        return StrategyProgress(semester, n, None, 0, started=False)
    last = semester * 6 - 1
    now = today_index(first_month, today)
    results = [_milestone_at(m, first_month, semester * 2, last, now) for m in milestones]
    done = sum(1 for r in results if r.complete)
    behind = sum(1 for r in results if r.behind)
    return StrategyProgress(semester, n, _pct(done, n), behind, True, done)
