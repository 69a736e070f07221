"""The action plan as CSV: one row per action, numbered as in Tool A."""

from __future__ import annotations

import csv
import io

from sipdesk.models.formatting import money_for_spreadsheet, tool_a_number
from sipdesk.models.plan_types import PlanDoc

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


# A spreadsheet runs a cell that starts with one of these as a formula (tab and carriage return
# too, in some programs), so a plan's text could reach a district's computer as a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


def to_csv(doc: PlanDoc) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(action_rows(doc))
    return buffer.getvalue()
