"""The plan as CSV tables a district can load into a spreadsheet: one row per item, numbered
as in Tool A (goal 2, strategy 1.2, action 1.2.1.3).

Four tables: ``actions`` (the action plan, the default), ``measures``, ``goals`` and
``strategies``; ``all`` is every table, each its own CSV file in one zip. Blank cells are
blank: an action with no budget recorded has an empty Budget cell, not 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal, cast

from sipdesk.models.formatting import money_for_spreadsheet, tool_a_number
from sipdesk.models.targets import span_years, target_text

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureRow, PlanDoc

Table = Literal["actions", "measures", "goals", "strategies"]
TABLES: tuple[Table, ...] = ("actions", "measures", "goals", "strategies")
ZIP_ORDER: tuple[Table, ...] = ("goals", "measures", "strategies", "actions")  # as in the plan
CHOICES = (*TABLES, "all")  # what ``sipdesk export --what`` accepts

COLUMNS = (
    "Priority",
    "Priority area",
    "Strategy",
    "Practice",
    "Milestone",
    "Milestone text",
    "Action",
    "Action text",
    "Anticipated outputs",
    "Start",
    "Due",
    "Budget",
    "Funding source",
    "Person responsible",
    "Collaborators",
    "Latest status",
    "Status month",
    "Recurrence",
    "Schedule",
)

GOAL_COLUMNS = ("Goal", "Goal text", "Academic", "Explanation", "Measures")

STRATEGY_COLUMNS = (
    "Priority",
    "Priority area",
    "Strategy",
    "Practice",
    "Category",
    "Students served",
    "If we",
    "Then",
    "And",
    "Evidence base",
    "Professional learning needs",
    "Milestones",
    "Actions",
    "Budget",
)

MEASURE_COLUMNS = (
    "Measure of",
    "Goal, priority or strategy",
    "Measure",
    "Group",
    "Kind",
    "Target type",
    "Indicator",
    "Data source",
    "Baseline",
)  # then "Target year 1" … one per year of the plan's span, then the columns below
MEASURE_TAIL = ("Monitored", "Latest result year", "Latest result", "Explanation")


# A spreadsheet runs a cell that starts with one of these as a formula (tab and carriage return
# too, in some programs), so a plan's text could reach a district's computer as a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def action_rows(doc: PlanDoc) -> list[list[str]]:
    """One row per action, in plan order, numbered as in Tool A (1, 1.1, 1.1.1, 1.1.1.1)."""
    rows: list[list[str]] = []
    for p, priority in enumerate(doc["priorities"], start=1):
        for s, strategy in enumerate(priority["strategies"], start=1):
            for m, milestone in enumerate(strategy["milestones"], start=1):
                for a, action in enumerate(milestone["actions"], start=1):
                    statuses = action["statuses"]
                    latest = max(statuses, key=lambda e: e["month"]) if statuses else None
                    rows.append(
                        [
                            tool_a_number(p),
                            safe_cell(priority["title"]),
                            tool_a_number(p, s),
                            safe_cell(strategy["practice_code"]),
                            tool_a_number(p, s, m),
                            safe_cell(milestone["text"]),
                            tool_a_number(p, s, m, a),
                            safe_cell(action["text"]),
                            safe_cell(action["outputs"]),
                            action["start"] or "",
                            action["due"] or "",
                            money_for_spreadsheet(action["budget_cents"]),
                            safe_cell(action["funding_source"]),
                            safe_cell(action["person_responsible"]),
                            safe_cell(action["collaborators"]),
                            latest["status"].replace("_", " ") if latest else "",
                            latest["month"] if latest else "",
                            action["recurrence"],
                            safe_cell(action["schedule"]),
                        ]
                    )
    return rows


def goal_rows(doc: PlanDoc) -> list[list[str]]:
    """One row per goal: its number, text, whether it is academic, and how many measures."""
    return [
        [
            str(g),
            safe_cell(goal["text"]),
            _yes(goal["academic"]),
            safe_cell(goal["explanation"]),
            str(len(goal["measures"])),
        ]
        for g, goal in enumerate(doc["goals"], start=1)
    ]


def strategy_rows(doc: PlanDoc) -> list[list[str]]:
    """One row per strategy, numbered 1.1, 1.2 …, with its counts and recorded budget (the sum
    of the actions' recorded budgets; blank when none is recorded)."""
    rows: list[list[str]] = []
    for p, priority in enumerate(doc["priorities"], start=1):
        for s, strategy in enumerate(priority["strategies"], start=1):
            actions = [a for m in strategy["milestones"] for a in m["actions"]]
            budgets = [a["budget_cents"] for a in actions if a["budget_cents"] is not None]
            rows.append(
                [
                    tool_a_number(p),
                    safe_cell(priority["title"]),
                    tool_a_number(p, s),
                    safe_cell(strategy["practice_code"]),
                    safe_cell(strategy["category"]),
                    safe_cell(strategy["students"]),
                    safe_cell(strategy["if_text"]),
                    safe_cell(strategy["then_text"]),
                    safe_cell(strategy["and_text"]),
                    safe_cell(strategy["evidence_base"]),
                    safe_cell(strategy["learning_needs"]),
                    str(len(strategy["milestones"])),
                    str(len(actions)),
                    money_for_spreadsheet(sum(budgets)) if budgets else "",
                ]
            )
    return rows


def _measures(doc: PlanDoc) -> Iterator[tuple[str, str, int, MeasureRow]]:
    """Every measure: what it measures ("Goal", "Priority", "Strategy"), that item's number,
    its own number there, and the measure; a priority's own measures before its
    strategies'."""
    for g, goal in enumerate(doc["goals"], start=1):
        for n, measure in enumerate(goal["measures"], start=1):
            yield "Goal", tool_a_number(g), n, measure
    for p, priority in enumerate(doc["priorities"], start=1):
        for n, measure in enumerate(priority["measures"], start=1):
            yield "Priority", tool_a_number(p), n, measure
        for s, strategy in enumerate(priority["strategies"], start=1):
            for n, measure in enumerate(strategy["measures"], start=1):
                yield "Strategy", tool_a_number(p, s), n, measure


def _text(row: MeasureRow, key: str) -> str:
    """A measure's text field that may not exist in every plan (read without assuming it)."""
    value = cast("Mapping[str, object]", row).get(key)
    return value if isinstance(value, str) else ""


def measure_years(doc: PlanDoc) -> list[int]:
    """The target years the measures table has a column for: the plan's span."""
    return span_years(doc["profile"]["plan_years"])


def measure_header(doc: PlanDoc) -> list[str]:
    years = [f"Target year {year}" for year in measure_years(doc)]
    return [*MEASURE_COLUMNS, *years, *MEASURE_TAIL]


def measure_rows(doc: PlanDoc) -> list[list[str]]:
    """One row per measure (the goals' first, then each priority's and its strategies'), with
    one target column per year and the latest recorded result; after it, one row per grade or
    student group of the measure (its name in the Group column, its own data source, baseline
    and targets), so a district can load per-grade numbers."""
    years = measure_years(doc)
    rows: list[list[str]] = []
    for level, number, n, measure in _measures(doc):
        results = [r for r in measure["results"] if isinstance(r["year"], int)]
        latest = max(results, key=lambda r: r["year"]) if results else None
        rows.append(
            [
                level,
                number,
                str(n),
                "",
                safe_cell(_text(measure, "kind")),
                safe_cell(_text(measure, "target_type")),
                safe_cell(measure["indicator"]),
                safe_cell(measure["data_source"]),
                safe_cell(measure["baseline"]),
                *(safe_cell(target_text(measure, year)) for year in years),
                _yes(measure["monitored"]),
                str(latest["year"]) if latest else "",
                safe_cell(latest["progress"]) if latest else "",
                safe_cell(latest["explanation"]) if latest else "",
            ]
        )
        for group in measure["groups"]:
            targets = list(group["targets"])
            rows.append(
                [
                    level,
                    number,
                    str(n),
                    safe_cell(group["group"]),
                    safe_cell(_text(measure, "kind")),
                    safe_cell(_text(measure, "target_type")),
                    safe_cell(measure["indicator"]),
                    safe_cell(group["data_source"]),
                    safe_cell(group["baseline"]),
                    *(safe_cell(targets[y - 1] if y <= len(targets) else "") for y in years),
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return rows


_BUILDERS: dict[Table, tuple[Callable[[PlanDoc], list[str]], Callable[[PlanDoc], list[list[str]]]]]
_BUILDERS = {
    "actions": (lambda doc: list(COLUMNS), action_rows),
    "measures": (measure_header, measure_rows),
    "goals": (lambda doc: list(GOAL_COLUMNS), goal_rows),
    "strategies": (lambda doc: list(STRATEGY_COLUMNS), strategy_rows),
}


def to_csv(doc: PlanDoc, what: Table = "actions") -> str:
    """One table as CSV text: a header row, then one row per item."""
    header, rows = _BUILDERS[what]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header(doc))
    writer.writerows(rows(doc))
    return buffer.getvalue()


def csv_bytes(doc: PlanDoc, what: Table = "actions") -> bytes:
    """One table as a CSV file's bytes; the byte-order mark lets spreadsheet programs read
    accents correctly."""
    return to_csv(doc, what).encode("utf-8-sig")


def to_zip(doc: PlanDoc, today: dt.date) -> bytes:
    """Every table as its own CSV file (``goals.csv``, ``measures.csv``, ``strategies.csv``,
    ``actions.csv``) in one zip, the files dated ``today``: the same plan and day give the same
    bytes."""
    buffer = io.BytesIO()
    stamp = (max(today.year, 1980), today.month, today.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for what in ZIP_ORDER:
            info = zipfile.ZipInfo(f"{what}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, csv_bytes(doc, what))
    return buffer.getvalue()


def table_named(what: str | None) -> Table:
    """The table called ``what``; the actions when None or not a table's name."""
    return next((table for table in TABLES if table == what), "actions")
