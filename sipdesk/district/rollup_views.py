"""The rollup's per-plan views (issue 14, item 1): measures, implementation this cycle, budget
and supports, each worked out from one plan's interchange document. Pure functions; Qt-free.

**Subject.** A plan has no subject field. A measure's subject is what it belongs to, as the plan
holds it: under a goal, the goal's own flag says whether it is an academic goal ("Academic
goal", "Other goal"); a priority's measure is "Priority", a strategy's "Strategy".

**The cycle.** The monitoring period holding ``today``: the plan's own cycle that holds today's
month (before the first, the first; after the last or between two, the latest begun), or, for a
plan monitored by quarters, the quarter of its plan year (from ``profile.first_month``; clamped
to the year's first and fourth quarter). An action's standing is its latest monthly status in or
before today's month, but no later than the cycle's last month (``services.monitoring.standing``);
an action with no status yet counts as *not started*. A milestone is met when it has actions and
every one of them stands at *done*. A school has updated its monitoring when any action has a
status recorded for a month of the cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sipdesk.services.progress import is_plan_month, month_index, plan_months

Plan = dict[str, Any]

KINDS = ("outcome", "interim", "implementation")
KIND_NAMES = {"outcome": "Outcome", "interim": "Interim", "implementation": "Implementation"}
SUBJECTS = ("Academic goal", "Other goal", "Priority", "Strategy")
STATUSES = ("done", "on_track", "behind", "not_started")
STATUS_NAMES = {
    "done": "Done",
    "on_track": "On track",
    "behind": "Behind",
    "not_started": "Not started",
}
NO_SOURCE = "No funding source named"
_TARGET_KEYS = tuple(f"target_y{year}" for year in range(1, 6))
NO_PROVIDER = "No provider named"


def clean(value: Any) -> str:
    """The value as one line of text, its spaces collapsed."""
    if type(value) is str and value.isprintable() and "  " not in value:
        # Already one line with single spaces (no other kind of space is printable): only its
        # ends, if any, to strip.
        return value if value[:1] != " " and value[-1:] != " " else value.strip(" ")
    return " ".join(str(value or "").split())


# ------------------------------------------------------------------ measures
@dataclass(slots=True)  # not frozen: tens of thousands are made, and frozen ones cost 5× as much
class MeasureLine:
    """One measure of one school, or one of its rows per grade or group (``group`` set)."""

    kind: str  # outcome, interim, implementation
    subject: str  # one of SUBJECTS
    school: str
    measure: str  # "Goal 1, measure 2"
    indicator: str
    group: str  # "" for the measure as a whole
    data_source: str
    baseline: str
    targets: tuple[str, ...]  # year 1 first, as many as the plan's years


def measure_lines(school: str, plan: Plan) -> list[MeasureLine]:
    years = plan.get("profile", {}).get("plan_years") or 3
    years = max(1, min(5, int(years))) if isinstance(years, int) else 3
    out: list[MeasureLine] = []
    target_keys = _TARGET_KEYS[:years]

    def add(subject: str, owner: str, measures: list[Plan], default_kind: str) -> None:
        for m, measure in enumerate(measures, start=1):
            kind = measure.get("kind") or default_kind
            label = f"{owner}, measure {m}"
            indicator = clean(measure.get("indicator"))
            targets = tuple([clean(measure.get(key)) for key in target_keys])
            out.append(
                MeasureLine(
                    kind,
                    subject,
                    school,
                    label,
                    indicator,
                    "",
                    clean(measure.get("data_source")),
                    clean(measure.get("baseline")),
                    targets,
                )
            )
            for group in measure.get("groups", []):
                given = [clean(t) for t in group.get("targets", [])][:years]
                out.append(
                    MeasureLine(
                        kind,
                        subject,
                        school,
                        label,
                        indicator,
                        clean(group.get("group")) or "(a group not named)",
                        clean(group.get("data_source")),
                        clean(group.get("baseline")),
                        tuple(given + [""] * (years - len(given))),
                    )
                )

    for g, goal in enumerate(plan.get("goals", []), start=1):
        subject = "Academic goal" if goal.get("academic") else "Other goal"
        add(subject, f"Goal {g}", goal.get("measures", []), "outcome")
    for p, priority in enumerate(plan.get("priorities", []), start=1):
        add("Priority", f"Priority {p}", priority.get("measures", []), "outcome")
    for p, priority in enumerate(plan.get("priorities", []), start=1):
        for s, strategy in enumerate(priority.get("strategies", []), start=1):
            add("Strategy", f"Strategy {p}.{s}", strategy.get("measures", []), "implementation")
    order = {kind: i for i, kind in enumerate(KINDS)}
    subjects = {subject: i for i, subject in enumerate(SUBJECTS)}
    # Stable: within kind and subject, the plan's own order.
    out.sort(key=lambda line: (order.get(line.kind, 9), subjects.get(line.subject, 9)))
    return out


# ------------------------------------------------------------------ implementation this cycle
@dataclass(frozen=True)
class ImplementationRow:
    school: str
    cycle: str  # "Cycle 2 (Nov 2026 – Jan 2027)", "Quarter 2 (Nov 2026 – Jan 2027)", or ""
    done: int
    on_track: int
    behind: int
    not_started: int
    milestones_met: int
    milestones: int
    updated: bool  # any status recorded for a month of the cycle
    latest_month: str  # the latest month with any status, "" when none

    @property
    def actions(self) -> int:
        return self.done + self.on_track + self.behind + self.not_started

    def count(self, status: str) -> int:
        return int(getattr(self, status))


def _month_words(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1).strftime("%b %Y")


def current_cycle(plan: Plan, today: dt.date) -> tuple[str, str, str] | None:
    """(name, first month, last month) of the monitoring period holding ``today``; None when
    the plan has no plan year to count from and no cycles."""
    now = f"{today.year:04d}-{today.month:02d}"
    cycles = [
        c
        for c in plan.get("cycles", [])
        if is_plan_month(c.get("start")) and is_plan_month(c.get("end"))
    ]
    if cycles:
        begun = [c for c in cycles if c["start"] <= now]
        pick = begun[-1] if begun else cycles[0]
        name = clean(pick.get("name")) or f"Cycle {cycles.index(pick) + 1}"
        return name, pick["start"], pick["end"]
    first = str(plan.get("profile", {}).get("first_month") or "")
    months = plan_months(first, 12)
    if not months:
        return None
    index = max(0, min(11, month_index(first, now))) if is_plan_month(now) else 0
    quarter = index // 3
    return f"Quarter {quarter + 1}", months[quarter * 3], months[quarter * 3 + 2]


def implementation_row(school: str, plan: Plan, today: dt.date) -> ImplementationRow:
    cycle = current_cycle(plan, today)
    now = f"{today.year:04d}-{today.month:02d}"
    # An action's standing is its latest status up to today's month, no later than the cycle's
    # last month (``services.monitoring.standing``; of two statuses for one month, the later
    # in the list). Plan months compare as text in the order of their months, so one pass over
    # each action's statuses does it all. With no plan year, the latest status at all (of two
    # for one month, the first: ``max``).
    if cycle is None:
        first = last = end = ""
    else:
        first, end = cycle[1], cycle[2]
        last = min(now, end) if is_plan_month(now) else end
    counts = dict.fromkeys(STATUSES, 0)
    met = milestones = 0
    updated = False
    latest = ""
    months: dict[Any, bool] = {}  # whether each month met is a plan month
    for priority in plan.get("priorities", []):
        for strategy in priority.get("strategies", []):
            for milestone in strategy.get("milestones", []):
                milestones += 1
                actions = milestone.get("actions", [])
                all_done = bool(actions)
                for action in actions:
                    found = ""
                    status = "not_started"
                    for entry in action.get("statuses", []):
                        month = entry["month"]
                        valid = months.get(month)
                        if valid is None:
                            valid = months[month] = is_plan_month(month)
                        if not valid:
                            continue
                        if month > latest:
                            latest = month
                        if cycle is None:
                            if month > found:
                                found, status = month, entry["status"]
                            continue
                        if first <= month <= end:
                            updated = True
                        if month <= last and month >= found:
                            found, status = month, entry["status"]
                    counts[status if status in counts else "not_started"] += 1
                    all_done = all_done and status == "done"
                met += all_done
    words = f"{cycle[0]} ({_month_words(cycle[1])} – {_month_words(cycle[2])})" if cycle else ""
    return ImplementationRow(
        school,
        words,
        counts["done"],
        counts["on_track"],
        counts["behind"],
        counts["not_started"],
        met,
        milestones,
        updated,
        latest,
    )


# ------------------------------------------------------------------ budget
@dataclass(frozen=True)
class BudgetLine:
    """The money one school budgets from one funding source (cents), over its actions."""

    source: str
    school: str
    cents: int
    actions: int


def budget_lines(plans: Iterable[tuple[str, Plan]]) -> tuple[BudgetLine, ...]:
    """By funding source (as schools write it; case and spacing do not count), then school.
    Only actions with an amount recorded count."""
    names: dict[str, str] = {}
    sums: dict[tuple[str, str], list[int]] = {}
    # A funding source as written → (its words, its key): the same few are written again and
    # again across actions and schools.
    seen: dict[Any, tuple[str, str]] = {}
    for school, plan in plans:
        for priority in plan.get("priorities", []):
            for strategy in priority.get("strategies", []):
                for milestone in strategy.get("milestones", []):
                    for action in milestone.get("actions", []):
                        cents = action.get("budget_cents")
                        if type(cents) is not int:  # none, or not a whole number of cents
                            continue
                        written = action.get("funding_source")
                        known = seen.get(written)
                        if known is None:
                            source = clean(written) or NO_SOURCE
                            known = seen[written] = (source, source.casefold())
                        source, key = known
                        if key not in names:
                            names[key] = source
                        held = sums.get((key, school))
                        if held is None:
                            held = sums[(key, school)] = [0, 0]
                        held[0] += cents
                        held[1] += 1
    lines = [
        BudgetLine(names[key], school, total, count)
        for (key, school), (total, count) in sums.items()
    ]
    lines.sort(key=lambda line: (line.source == NO_SOURCE, line.source.casefold()))
    return tuple(lines)


def source_totals(lines: Iterable[BudgetLine]) -> list[tuple[str, int, int]]:
    """(source, cents across schools, schools) in the lines' order of sources."""
    totals: dict[str, list[int]] = {}
    for line in lines:
        held = totals.setdefault(line.source, [0, 0])
        held[0] += line.cents
        held[1] += 1
    return [(source, cents, schools) for source, (cents, schools) in totals.items()]


# ------------------------------------------------------------------ supports
@dataclass(slots=True)  # not frozen: tens of thousands are made, and frozen ones cost 5× as much
class SupportLine:
    """A support a school asked for or received. Plans hold no tier, so none is shown."""

    provider: str
    school: str
    strategy: str  # "Strategy 1.2", or "" when the support serves no strategy
    needed: str
    provided: str


def support_lines(school: str, plan: Plan) -> list[SupportLine]:
    numbers = {
        strategy.get("id"): f"Strategy {p}.{s}"
        for p, priority in enumerate(plan.get("priorities", []), start=1)
        for s, strategy in enumerate(priority.get("strategies", []), start=1)
    }
    return [
        SupportLine(
            clean(support.get("provider")) or NO_PROVIDER,
            school,
            numbers.get(support.get("strategy_id"), ""),
            clean(support.get("needed")),
            clean(support.get("provided")),
        )
        for support in plan.get("supports", [])
    ]
