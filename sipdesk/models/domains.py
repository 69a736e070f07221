"""What every column of a plan may hold: its kind, whether it may be empty, its range.

One table of domains, derived from the models and the limits, serves every way into a plan:
the file validator turns each domain into SQL, the JSON importer checks parsed values with it,
and the editing services check each value before writing it. So a value one of them accepts is
never refused (or crashed on) by another, and every page can rely on what it reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Table

from sipdesk.models import (
    ACTION_STATUSES,
    MEASURE_KINDS,
    MILESTONE_KINDS,
    PLAN_PHASES,
    PLAN_STATUSES,
    SWOT_KINDS,
    TARGET_TYPES,
    Base,
)
from sipdesk.models.limits import (
    MAX_BUDGET_CENTS,
    MAX_CYCLES,
    MAX_DOTS_PER_MEMBER,
    MAX_PLAN_YEARS,
    MAX_SEGMENT_MINUTES,
    MAX_TALLY,
    MAX_TEXT_CHARS,
    MAX_YEAR,
    MIN_YEAR,
)
from sipdesk.models.plan import RECURRENCES

Kind = Literal["integer", "boolean", "text", "choice", "month", "date", "datetime", "uuid"]

# Ids and positions fit the 32-bit whole numbers Qt passes between widgets.
MAX_INT32 = 2**31 - 1
# Dates and date-times as JSON writes them (ASCII digits, no offset); the file stores them as
# SQLAlchemy does, "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS.ffffff".
DATE_BODY = r"\d{4}-\d{2}-\d{2}"
DATETIME_BODY = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
# A month of the plan year ("2026-08").
MONTH_BODY = r"\d{4}-(?:0[1-9]|1[0-2])"
# A plan id: a UUID in its canonical form, lowercase, 8-4-4-4-12 hexadecimal digits.
UUID_GROUPS = (8, 4, 4, 4, 12)
UUID_BODY = "-".join(f"[0-9a-f]{{{n}}}" for n in UUID_GROUPS)
UUID_GLOB = "-".join("[0-9a-f]" * n for n in UUID_GROUPS)

_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("swot_items", "kind"): SWOT_KINDS,
    ("milestones", "kind"): MILESTONE_KINDS,
    ("actions", "recurrence"): RECURRENCES,
    ("measures", "kind"): MEASURE_KINDS,
    ("measures", "target_type"): TARGET_TYPES,
    ("action_statuses", "status"): ACTION_STATUSES,
    ("plan_profile", "status"): PLAN_STATUSES,
    ("plan_profile", "plan_phase"): PLAN_PHASES,
    ("status_events", "status"): PLAN_STATUSES,
}
# Whole numbers with a meaning narrower than "any 32-bit number".
_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("causes", "votes"): (0, MAX_TALLY),
    ("dot_votes", "dots"): (0, MAX_DOTS_PER_MEMBER),
    ("plan_profile", "dots_per_member"): (0, MAX_DOTS_PER_MEMBER),
    ("plan_profile", "plan_years"): (1, MAX_PLAN_YEARS),
    ("plan_profile", "implementation_year"): (1, MAX_PLAN_YEARS),
    ("actions", "budget_cents"): (-MAX_BUDGET_CENTS, MAX_BUDGET_CENTS),
    ("review_comments", "step"): (0, 8),
    ("milestone_reports", "quarter"): (1, MAX_CYCLES),
    ("strategy_reports", "semester"): (1, 2),
    ("measure_results", "year"): (1, MAX_PLAN_YEARS),
    ("agenda_segments", "minutes"): (1, MAX_SEGMENT_MINUTES),
    ("parked_ideas", "step"): (0, 8),
}
# Month columns, and whether each may be left blank.
_MONTHS: dict[tuple[str, str], bool] = {
    ("plan_profile", "first_month"): True,
    ("action_statuses", "month"): False,
    ("cycles", "start"): False,
    ("cycles", "end"): False,
}
# Columns that hold a UUID (a plan's identity).
_UUIDS = {("plan_profile", "plan_id")}
# Plain words for a column in a refusal, where its name alone would not do.
_WORDS: dict[str, str] = {
    "budget_cents": "budget",
    "if_text": "if",
    "then_text": "then",
    "plan_id": "plan id",
}


@dataclass(frozen=True)
class Domain:
    """The values one column may hold."""

    table: str
    column: str
    kind: Kind
    nullable: bool
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()
    blank: bool = False  # a month column that may be ""

    @property
    def words(self) -> str:
        return _WORDS.get(self.column, self.column.replace("_", " "))

    # ------------------------------------------------------------- in SQL
    def sql_ok(self, column_sql: str) -> str:
        """A SQL condition that is true when the stored value ``column_sql`` is acceptable.

        Storage classes are checked with ``typeof`` because SQLite lets any column hold any
        class of value; a crafted file can put text, a REAL or a blob anywhere.
        """
        c = column_sql
        parts: list[str]
        if self.kind == "integer":
            parts = [f"typeof({c}) = 'integer'", f"{c} BETWEEN {self.low} AND {self.high}"]
        elif self.kind == "boolean":
            parts = [f"typeof({c}) = 'integer'", f"{c} IN (0, 1)"]
        elif self.kind == "text":
            parts = [f"typeof({c}) = 'text'", f"length({c}) <= {MAX_TEXT_CHARS}"]
        elif self.kind == "choice":
            listed = ", ".join("'" + v + "'" for v in self.choices)
            parts = [f"typeof({c}) = 'text'", f"{c} IN ({listed})"]
        elif self.kind == "month":
            shape = (
                f"{c} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND "
                f"substr({c}, 6, 2) BETWEEN '01' AND '12' AND "
                f"substr({c}, 1, 4) BETWEEN '{MIN_YEAR}' AND '{MAX_YEAR}'"
            )
            if self.blank:
                shape = f"({c} = '' OR ({shape}))"
            parts = [f"typeof({c}) = 'text'", shape]
        elif self.kind == "uuid":
            parts = [f"typeof({c}) = 'text'", f"{c} GLOB '{UUID_GLOB}'"]
        elif self.kind == "date":
            parts = [
                f"typeof({c}) = 'text'",
                f"length({c}) = 10",
                f"date(julianday({c})) = {c}",  # date() alone lets 2026-02-30 by
                f"substr({c}, 1, 4) BETWEEN '{MIN_YEAR}' AND '{MAX_YEAR}'",
            ]
        else:  # datetime, as "YYYY-MM-DD HH:MM:SS.ffffff"
            head = f"substr({c}, 1, 19)"
            parts = [
                f"typeof({c}) = 'text'",
                f"(length({c}) = 19 OR (length({c}) = 26 AND "
                f"substr({c}, 20) GLOB '.[0-9][0-9][0-9][0-9][0-9][0-9]'))",
                f"datetime(julianday({head})) = {head}",
                f"substr({c}, 1, 4) BETWEEN '{MIN_YEAR}' AND '{MAX_YEAR}'",
            ]
        ok = " AND ".join(parts)
        if self.nullable:
            return f"({c} IS NULL OR ({ok}))"
        return f"({c} IS NOT NULL AND {ok})"

    # ------------------------------------------------------------- in Python
    def problem(self, value: Any, *, dates_as_text: bool = False) -> str | None:
        """Why ``value`` cannot go in this column, as words after its name; None if it can.

        Dates are ``datetime.date`` objects, or ISO text when ``dates_as_text`` (JSON).
        """
        if value is None:
            return None if self.nullable else "may not be empty (null)"
        if self.kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                return "should be a whole number"
            if not self.low <= value <= self.high:
                return f"should be a whole number from {self.low:,} to {self.high:,}"
            return None
        if self.kind == "boolean":
            return None if isinstance(value, bool) else "should be true or false"
        if self.kind in ("date", "datetime"):
            return self._date_problem(value, dates_as_text)
        if not isinstance(value, str):
            return "should be text"
        if not _encodable(value):
            return "holds characters that are not valid text"
        if self.kind == "text":
            if len(value) > MAX_TEXT_CHARS:
                return f"is longer than {MAX_TEXT_CHARS:,} characters, the most a field may hold"
            return None
        if self.kind == "choice":
            return None if value in self.choices else f"should be one of {', '.join(self.choices)}"
        if self.kind == "uuid":
            if re.fullmatch(UUID_BODY, value, re.ASCII):
                return None
            return (
                f"is not a plan id SIP Desk understands ({value[:40]!r}; a plan id looks like "
                "0f8fad5b-d9cb-469f-a165-70867728950e)"
            )
        if value == "" and self.blank:
            return None
        if not re.fullmatch(MONTH_BODY, value, re.ASCII) or not _year_ok(int(value[:4])):
            return f"is not a month SIP Desk understands ({value[:20]!r}; write YYYY-MM)"
        return None

    def _date_problem(self, value: Any, as_text: bool) -> str | None:
        with_time = self.kind == "datetime"
        written = "YYYY-MM-DDTHH:MM:SS" if with_time else "YYYY-MM-DD"
        if as_text:
            if not isinstance(value, str):
                return "should be a date written as text"
            try:
                if not re.fullmatch(DATETIME_BODY if with_time else DATE_BODY, value, re.ASCII):
                    raise ValueError(value)
                value = (dt.datetime if with_time else dt.date).fromisoformat(value)
            except ValueError:
                return f"is not a date SIP Desk understands ({value[:20]!r}; write {written})"
        wanted = dt.datetime if with_time else dt.date
        if not isinstance(value, wanted) or (not with_time and isinstance(value, dt.datetime)):
            return "should be a date"
        if not _year_ok(value.year):
            return f"should be a date between the years {MIN_YEAR} and {MAX_YEAR}"
        return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON can spell but a file cannot hold
        return False
    return True


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _domain(table: Table, column: Column[Any]) -> Domain:
    key = (table.name, column.name)
    nullable = bool(column.nullable) and not column.primary_key
    kind = column.type
    if isinstance(kind, Boolean):
        return Domain(table.name, column.name, "boolean", nullable)
    if isinstance(kind, Integer):
        low, high = _RANGES.get(key, (-MAX_INT32, MAX_INT32))
        if column.primary_key or column.foreign_keys:
            low = 1
        return Domain(table.name, column.name, "integer", nullable, low, high)
    if isinstance(kind, DateTime):
        return Domain(table.name, column.name, "datetime", nullable)
    if isinstance(kind, Date):
        return Domain(table.name, column.name, "date", nullable)
    if key in _UUIDS:
        return Domain(table.name, column.name, "uuid", nullable)
    if key in _MONTHS:
        return Domain(table.name, column.name, "month", nullable, blank=_MONTHS[key])
    if key in _CHOICES:
        return Domain(table.name, column.name, "choice", nullable, choices=_CHOICES[key])
    return Domain(table.name, column.name, "text", nullable)


@cache
def domains() -> dict[str, dict[str, Domain]]:
    """Every column's domain, by table name then column name."""
    return {
        table.name: {column.name: _domain(table, column) for column in table.columns}
        for table in Base.metadata.sorted_tables
    }


def domain_of(column: Column[Any]) -> Domain:
    return domains()[column.table.name][column.name]


def check_values(table: str, values: dict[str, Any]) -> str | None:
    """The first problem with ``values`` for a row of ``table``, as "<column> <problem>"."""
    columns = domains()[table]
    for name, value in values.items():
        domain = columns.get(name)
        if domain is None:
            continue
        problem = domain.problem(value)
        if problem:
            return f"{domain.words} {problem}"
    return None
