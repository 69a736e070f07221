"""The action plan as CSV: one row per action, numbered as in Tool A."""

from __future__ import annotations

import csv
import io
from typing import Any

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


def format_money(cents: int | None) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def action_rows(doc: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    for p, priority in enumerate(doc.get("priorities", []), start=1):
        for s, strategy in enumerate(priority.get("strategies", []), start=1):
            for m, milestone in enumerate(strategy.get("milestones", []), start=1):
                for a, action in enumerate(milestone.get("actions", []), start=1):
                    statuses = action.get("statuses", [])
                    latest = max(statuses, key=lambda e: e["month"]) if statuses else None
                    rows.append(
                        [
                            str(p),
                            safe_cell(priority.get("title", "")),
                            f"{p}.{s}",
                            safe_cell(strategy.get("practice_code", "")),
                            f"{p}.{s}.{m}",
                            safe_cell(milestone.get("text", "")),
                            f"{p}.{s}.{m}.{a}",
                            safe_cell(action.get("text", "")),
                            safe_cell(action.get("outputs", "")),
                            action.get("start") or "",
                            action.get("due") or "",
                            format_money(action.get("budget_cents")),
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
