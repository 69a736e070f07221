"""The action plan as CSV: one row per action, numbered as in Tool A."""

from __future__ import annotations

import csv
import io
from typing import Any

from sipdesk.models.formatting import money_for_spreadsheet, numbered_outline

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
)


# A spreadsheet runs a cell that starts with one of these as a formula (tab and carriage return
# too, in some programs), so a plan's text could reach a district's computer as a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def action_rows(doc: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    # The latest row and number of each level, as the outline walks down to each action.
    above: dict[str, tuple[dict[str, Any], str]] = {}
    for item in numbered_outline(doc):
        above[item.kind] = (item.row, item.number)
        if item.kind != "action":
            continue
        (priority, p), (strategy, s), (milestone, m) = (
            above["priority"],
            above["strategy"],
            above["milestone"],
        )
        action = item.row
        statuses = action.get("statuses", [])
        latest = max(statuses, key=lambda e: e["month"]) if statuses else None
        rows.append(
            [
                p,
                safe_cell(priority.get("title", "")),
                s,
                safe_cell(strategy.get("practice_code", "")),
                m,
                safe_cell(milestone.get("text", "")),
                item.number,
                safe_cell(action.get("text", "")),
                safe_cell(action.get("outputs", "")),
                action.get("start") or "",
                action.get("due") or "",
                money_for_spreadsheet(action.get("budget_cents")),
                safe_cell(action.get("funding_source", "")),
                safe_cell(action.get("person_responsible", "")),
                safe_cell(action.get("collaborators", "")),
                latest["status"].replace("_", " ") if latest else "",
                latest["month"] if latest else "",
            ]
        )
    return rows


def to_csv(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(action_rows(doc))
    return buffer.getvalue()
