"""The fields a plan difference compares, as people read them (see :mod:`sipdesk.district.diff`).

Each table lists an item's fields: its key in the interchange form, its name in a sentence, and
how its value is shown (spacing does not count; dates, money, months and choices in words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sipdesk.models.formatting import long_date, money


def text(value: Any) -> str:
    """A value as compared and shown: spacing does not count, nothing is None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return " ".join(str(value).split())


BLANK = "(blank)"


def quoted(value: str) -> str:
    return f"“{value}”" if value else BLANK


def short(value: Any, limit: int = 60) -> str:
    """``value`` as text, cut after a word near ``limit`` characters, with an ellipsis."""
    words = text(value)
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.—-")
    return (cut or words[:limit]) + "…"


def date_text(value: Any) -> str:
    return long_date(value) if value else ""


def money_text(value: Any) -> str:
    return money(value) if isinstance(value, int) else ""


def month(value: Any) -> str:
    try:
        return dt.date.fromisoformat(f"{value}-01").strftime("%B %Y")
    except ValueError:
        return text(value)


def choice(names: Mapping[str, str]) -> Callable[[Any], str]:
    return lambda value: names.get(text(value), text(value))


STATUS_NAMES = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned with feedback",
    "approved": "Approved",
}
ACTION_STATUS = {
    "not_started": "Not started",
    "on_track": "On track",
    "behind": "Behind",
    "done": "Done",
}
MEASURE_KINDS = {
    "outcome": "Student outcome",
    "interim": "Interim student measure",
    "implementation": "Implementation",
}
MILESTONE_KINDS = {"process": "Process benchmark", "early_evidence": "Early evidence of change"}

Fields = Sequence[tuple[str, str, Callable[[Any], str]]]
T = text

PROFILE_FACTS: Fields = (
    ("school_name", "School name", T),
    ("state_school_id", "State school id", T),
    ("district", "District", T),
    ("state_district_id", "State district id", T),
    ("principal", "Principal", T),
    ("contact", "Contact", T),
    ("phone", "Phone", T),
    ("city_county", "City or county", T),
    ("zip_code", "ZIP code", T),
    ("superintendent", "Superintendent", T),
    ("district_liaison", "District liaison", T),
    ("essa_status", "ESSA status", T),
    ("federal_designation", "Federal designation", T),
    ("title_i_status", "Title I status", T),
    ("state_status", "State status", T),
    ("school_year", "School year", T),
    ("plan_years", "School years the plan spans", T),
    ("plan_date", "Date of the plan", date_text),
    ("update_date", "Date of the latest update", date_text),
    ("update_summary", "What the update changed", T),
    ("status", "Review status", choice(STATUS_NAMES)),
    ("readiness_profile", "Readiness profile", T),
)
DIRECTION: Fields = (
    ("mission", "Mission", T),
    ("vision", "Vision", T),
    ("toa_if", "Theory of action: If we", T),
    ("toa_then", "Theory of action: then", T),
    ("toa_and", "Theory of action: and", T),
)
PLAN_YEAR: Fields = (("first_month", "First month of the plan year", month),)
GOAL: Fields = (
    ("text", "Goal", T),
    ("explanation", "Why this goal", T),
    ("academic", "Academic goal", T),
)
MEASURE: Fields = (
    ("kind", "Kind of measure", choice(MEASURE_KINDS)),
    ("indicator", "What is measured", T),
    ("data_source", "Data source", T),
    ("baseline", "Baseline", T),
    ("target_type", "Targets are", choice({"number": "Numbers", "rating": "Ratings"})),
    *((f"target_y{year}", f"Year {year} target", T) for year in range(1, 6)),
    ("monitored", "Reviewed in monitoring", T),
)
PRIORITY: Fields = (("title", "Priority", T), ("description", "Description", T))
STRATEGY: Fields = (
    ("if_text", "If we", T),
    ("then_text", "then", T),
    ("and_text", "and", T),
    ("practice_code", "Four Domains practice", T),
    ("evidence_base", "Evidence base", T),
    ("learning_needs", "Professional learning needed", T),
    ("students", "Students served", T),
    ("category", "Category", T),
)
MILESTONE: Fields = (
    ("text", "Milestone", T),
    ("timeline", "Timeline", T),
    ("kind", "Kind", choice(MILESTONE_KINDS)),
)
ACTION: Fields = (
    ("text", "Action", T),
    ("outputs", "Outputs", T),
    ("start", "Start", date_text),
    ("due", "Due", date_text),
    ("budget_cents", "Budget", money_text),
    ("funding_source", "Funding source", T),
    ("person_responsible", "Person responsible", T),
    ("collaborators", "Collaborators", T),
    ("recurrence", "How often", T),
    ("schedule", "Schedule", T),
)
CORE_VALUE: Fields = (("text", "Core value", T),)
MEMBER: Fields = (("name", "Name", T), ("title", "Position", T), ("plan_role", "Role", T))
CYCLE: Fields = (("name", "Name", T), ("start", "First month", month), ("end", "Last month", month))
ADJUSTMENT: Fields = (
    ("made_on", "Decided on", date_text),
    ("what_changed", "What changed", T),
    ("why", "Why", T),
    ("decided_by", "Decided by", T),
    ("communicated_to", "Told to", T),
)
SUPPORT: Fields = (
    ("needed", "Support needed", T),
    ("provided", "Support provided", T),
    ("provider", "Provided by", T),
    ("how_used", "How it was used", T),
    ("effectiveness", "How well it worked", T),
)


GROUP: Fields = (
    ("group", "Grade or group", T),
    ("data_source", "Data source", T),
    ("baseline", "Baseline", T),
)

RESULT: Fields = (("progress", "progress", T), ("explanation", "explanation", T))
MILESTONE_REPORT: Fields = (
    ("outputs_completed", "outputs completed", T),
    ("cause_and_adjustments", "why and what was changed", T),
    ("resources_used", "resources used", T),
    ("comments", "comments", T),
)
STRATEGY_REPORT: Fields = (("cause_and_adjustments", "why and what was changed", T),)
