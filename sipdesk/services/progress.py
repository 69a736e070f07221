"""Progress maths: report percentages computed from monthly action statuses, never typed.

Quarters and semesters count from the plan's first month (``profile.first_month``): months
1–3 are quarter 1, months 1–6 semester 1, and so on. An action's standing in a period is its
latest status recorded in or before that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


def month_index(first_month: str, month: str) -> int:
    """0 for the plan's first month, 1 for the next, ... (negative before the plan)."""
    y0, m0 = (int(x) for x in first_month.split("-"))
    y, m = (int(x) for x in month.split("-"))
    return (y - y0) * 12 + (m - m0)


def plan_months(first_month: str, count: int = 12) -> list[str]:
    y, m = (int(x) for x in first_month.split("-"))
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


def _status_by(action: dict[str, Any], first_month: str, last_index: int) -> str | None:
    latest: tuple[int, str] | None = None
    for entry in action.get("statuses", []):
        idx = month_index(first_month, entry["month"])
        if idx <= last_index and (latest is None or idx >= latest[0]):
            latest = (idx, entry["status"])
    return latest[1] if latest else None


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class MilestoneProgress:
    """Per milestone and quarter: percent of actions done, on time (done or on track), behind."""

    quarter: int
    actions: int
    done_pct: float | None
    on_time_pct: float | None
    behind_pct: float | None

    @property
    def complete(self) -> bool:
        return self.actions > 0 and self.done_pct == 100.0


def milestone_progress(
    milestone: dict[str, Any], first_month: str, quarter: int
) -> MilestoneProgress:
    actions = milestone.get("actions", [])
    last = quarter * 3 - 1
    standings = [_status_by(a, first_month, last) for a in actions]
    done = sum(1 for s in standings if s == "done")
    on_time = sum(1 for s in standings if s in ("done", "on_track"))
    behind = sum(1 for s in standings if s == "behind")
    n = len(actions)
    return MilestoneProgress(quarter, n, _pct(done, n), _pct(on_time, n), _pct(behind, n))


@dataclass(frozen=True)
class StrategyProgress:
    """Per strategy and semester: percent of milestones done, and how many are behind."""

    semester: int
    milestones: int
    done_pct: float | None
    behind: int


def strategy_progress(
    strategy: dict[str, Any], first_month: str, semester: int
) -> StrategyProgress:
    milestones = strategy.get("milestones", [])
    quarter = semester * 2
    results = [milestone_progress(m, first_month, quarter) for m in milestones]
    done = sum(1 for r in results if r.complete)
    behind = sum(1 for r in results if r.behind_pct)
    n = len(milestones)
    return StrategyProgress(semester, n, _pct(done, n), behind)
