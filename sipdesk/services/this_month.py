"""“This month” for a plan (issue 15 item 2): what the principal and the school leadership team
do this month on the plan's state pack, what is due in the next 30 days and what is overdue,
each line tied to the wizard step it belongs to.

The start screen and step 8 show the same list, made here from a plan's :class:`Standing` (the
few step 0 fields that say which pack the plan follows and where it stands) and ``today``,
which the caller passes in (tests use a fixed day). The district's dates join the list when the
school took the district's expectations pack for the plan; they are read with
:mod:`sipdesk.services.pack_glance`, which is light.

The start screen must stay light (no SQLAlchemy): :func:`read_standing` reads those fields from
a plan file with the standard ``sqlite3`` module, as warily as any file from outside is read
(the header first, read-only and immutable, SQLite's protections on, short text only); a file
it cannot read gives ``None`` and nothing is said. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sipdesk.services.pack_glance import PackGlance
from sipdesk.services.state_packs import (
    Activity,
    Dated,
    StatePack,
    ThisMonth,
    month_words,
    plan_pack,
    start_for_choices,
    this_month,
)

SCHOOL_ROLES = ("principal", "slt")  # whose activities "this month" lists
DISTRICT_STEP = 8  # the district's dates open Review & export (where a plan is sent)
# What each of the district's dates is called in the list.
DISTRICT_WORDS = {
    "first_draft_due": "First draft due to {d}",
    "feedback_by": "Feedback from {d}",
    "final_due": "Final plan due to {d}",
    "check_in": "Check-in with {d}",
}
DISTRICT_KINDS = {"first_draft_due": "due", "final_due": "due"}  # the rest are never overdue
PROFILE_COLUMNS = (
    "plan_id",
    "school_name",
    "first_month",
    "readiness_profile",
    "state_pack",
    "designation_year",
    "plan_phase",
    "implementation_year",
)
MAX_FIELD_BYTES = 1024 * 1024  # a longer value is not read (SQLite refuses the row)


@dataclass(frozen=True)
class Standing:
    """What a plan says of which pack it follows and where it stands (step 0)."""

    plan_id: str = ""
    school: str = ""
    first_month: str = ""
    readiness_profile: str = ""
    state_pack: str = ""
    designation_year: str = ""
    plan_phase: str = ""
    implementation_year: int | None = None

    @classmethod
    def of(cls, profile: Mapping[str, object]) -> Standing:
        """From a plan's profile (``PlanDoc["profile"]``, or a row read from the file)."""

        def text(key: str) -> str:
            value = profile.get(key)
            return " ".join(value.split()) if isinstance(value, str) else ""

        year = profile.get("implementation_year")
        return cls(
            plan_id=text("plan_id"),
            school=text("school_name"),
            first_month=text("first_month"),
            readiness_profile=text("readiness_profile"),
            state_pack=text("state_pack"),
            designation_year=text("designation_year"),
            plan_phase=text("plan_phase"),
            implementation_year=year if isinstance(year, int) and 0 < year < 100 else None,
        )

    def profile(self) -> dict[str, object]:
        return {
            "plan_id": self.plan_id,
            "school_name": self.school,
            "first_month": self.first_month,
            "readiness_profile": self.readiness_profile,
            "state_pack": self.state_pack,
            "designation_year": self.designation_year,
            "plan_phase": self.plan_phase,
            "implementation_year": self.implementation_year,
        }


@dataclass(frozen=True)
class MonthLine:
    """One line of the list: an activity, a date coming up, or one gone by."""

    kind: str  # "activity", "due" or "overdue"
    text: str  # "Root cause analysis", "31 Jan: IQFSR results entered in IWAS"
    detail: str  # "Principal and SLT · Step 3, Find root causes", "5 days ago · Illinois…"
    step: int  # the wizard step it opens
    about: str = ""  # longer words (what each role does), for a tooltip and a screen reader
    day: dt.date | None = None
    short: str = ""  # what a one-line list says after the text: "step 3", "25 days ago"


@dataclass(frozen=True)
class MonthGlance:
    pack: StatePack
    shown: ThisMonth
    heading: str  # "February 2027 · planning year · Illinois: …"
    lines: tuple[MonthLine, ...]

    def of_kind(self, kind: str) -> list[MonthLine]:
        return [line for line in self.lines if line.kind == kind]


def district_dates(glance: PackGlance) -> list[Dated]:
    """The district's dates kept for the plan, as the calendar lists them."""
    district = glance.district or "the district"
    return [
        Dated(
            day,
            DISTRICT_WORDS[key].format(d=district),
            DISTRICT_KINDS.get(key, "ends"),
            None,
            district,
        )
        for key, day in glance.dates
    ]


def year_words(shown: ThisMonth, standing: Standing) -> str:
    if shown.which == "planning":
        return "planning year"
    if shown.which == "implementation":
        year = standing.implementation_year
        return (
            f"implementation year {year}"
            if standing.plan_phase == "implementation" and year
            else "implementation year"
        )
    return "outside the planning and implementation years"


def glance_for(
    standing: Standing,
    today: dt.date,
    district: PackGlance | None = None,
    *,
    pack: StatePack | None = None,
) -> MonthGlance:
    """This month (``today``'s) for the plan: the principal's and the SLT's activities, then the
    dates coming up in the next 30 days, then those overdue (pack's and district's)."""
    chosen, start = plan_place(standing, today, district, pack)
    extra = district_dates(district) if district is not None else []
    shown = this_month(chosen, start, today.year, today.month, today, extra)
    lines = [*_activity_lines(chosen, shown), *_dated_lines(shown, today)]
    heading = f"{month_words(today.year, today.month)} · {year_words(shown, standing)}"
    return MonthGlance(chosen, shown, heading, tuple(lines))


def plan_place(
    standing: Standing,
    today: dt.date,
    district: PackGlance | None = None,
    pack: StatePack | None = None,
) -> tuple[StatePack, int]:
    """The plan's pack (``pack`` when given; else the one it names, else the one the profile
    it is checked by points to: the district's when its pack requires one) and the year its
    planning year starts."""
    from sipdesk.services.progress import plan_start
    from sipdesk.services.readiness_profiles import profile_of

    profile = standing.profile()
    checked = district.readiness_profile if district and district.readiness_profile else ""
    key = _known_profile(checked) or profile_of(profile).key
    chosen = pack or plan_pack(profile, key)
    return chosen, start_for_choices(chosen, plan_start(standing.first_month, today), profile)


def _known_profile(key: str) -> str:
    from sipdesk.services.readiness_profiles import UnknownProfileError, find_profile

    try:
        return find_profile(key).key if key else ""
    except UnknownProfileError:
        return ""


def school_roles(pack: StatePack) -> tuple[str, ...]:
    """The roles "this month" speaks to: the principal and the SLT, or every role of a pack
    that names neither."""
    keys = tuple(r.key for r in pack.roles if r.key in SCHOOL_ROLES)
    return keys or tuple(r.key for r in pack.roles)


def _activity_lines(pack: StatePack, shown: ThisMonth) -> list[MonthLine]:
    from sipdesk.services.findings import STEP_NAMES

    wanted = school_roles(pack)
    seen: list[Activity] = []
    for role, activities in shown.by_role:
        if role.key in wanted:
            seen.extend(a for a in activities if a not in seen)
    order = {a: n for n, a in enumerate(pack.activities)}
    lines = []
    for activity in sorted(seen, key=order.__getitem__):
        names = [pack.role(k).name for k in wanted if activity.for_role(k)]
        who = " and ".join(names) if len(names) < 3 else ", ".join(names)
        where = f"Step {activity.step}, {STEP_NAMES[activity.step]}"
        about = " ".join(
            f"{pack.role(k).name}: {activity.for_role(k)}" for k in wanted if activity.for_role(k)
        )
        lines.append(
            MonthLine(
                "activity",
                activity.title,
                f"{who} · {where}",
                activity.step,
                about,
                short=f"step {activity.step}",
            )
        )
    return lines


def _dated_lines(shown: ThisMonth, today: dt.date) -> list[MonthLine]:
    from sipdesk.services.findings import STEP_NAMES

    lines = []
    for kind, items in (("due", shown.due), ("overdue", shown.overdue)):
        for item in items:
            step = item.step if item.step is not None else DISTRICT_STEP
            when = days_words(item.days_from(today))
            text = f"{_day(item.day, today)}: {item.what}"
            if item.step is None:  # the district's: it says whose
                detail = f"{when} · {item.source}"
            else:
                detail = f"{when} · Step {step}, {STEP_NAMES[step]}"
            about = f"{text} ({when}), from {item.source}"
            lines.append(MonthLine(kind, text, detail, step, about, item.day, short=when))
    return lines


def days_words(days: int) -> str:
    """ "today", "in 3 days", "5 days ago"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _day(day: dt.date, today: dt.date) -> str:
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


# ------------------------------------------------------------------ reading a plan, lightly
def read_standing(path: Path) -> Standing | None:
    """The plan's step 0 fields that place it on its pack, read from the file with ``sqlite3``
    alone; None for a file that is not there, not a plan, or not readable so."""
    from sipdesk.models.limits import MAX_FILE_BYTES
    from sipdesk.storage.schema import APPLICATION_ID, SQLITE_MAGIC

    try:
        size = path.stat().st_size
        if not 100 <= size <= MAX_FILE_BYTES:
            return None
        with path.open("rb") as handle:
            head = handle.read(100)
        if (
            not head.startswith(SQLITE_MAGIC)
            or int.from_bytes(head[68:72], "big") != APPLICATION_ID
        ):
            return None
        # immutable: no lock, no side files; a plan is written whole and renamed into place.
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            _harden(conn)
            have = {str(row[1]) for row in conn.execute("PRAGMA table_info(plan_profile)")}
            columns = [c for c in PROFILE_COLUMNS if c in have]
            if "first_month" not in columns:
                return None
            row = conn.execute(
                f"SELECT {', '.join(columns)} FROM plan_profile ORDER BY id LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
    except (OSError, ValueError, sqlite3.Error):
        return None
    if row is None:
        return None
    return Standing.of(dict(zip(columns, row, strict=True)))


def _harden(conn: sqlite3.Connection) -> None:
    """SQLite's protections for a file from outside (as storage.validate.harden, which this
    light reader cannot import: it loads the database code)."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA query_only = ON")
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if defensive is not None and hasattr(conn, "setconfig"):
        conn.setconfig(defensive, True)
    limit = getattr(sqlite3, "SQLITE_LIMIT_LENGTH", None)
    if limit is not None and hasattr(conn, "setlimit"):
        conn.setlimit(limit, MAX_FIELD_BYTES)


def first_readable(paths: Sequence[str]) -> tuple[Path, Standing] | None:
    """The first of ``paths`` (most recent first) that reads as a plan."""
    for text in paths:
        standing = read_standing(Path(text))
        if standing is not None:
            return Path(text), standing
    return None


__all__ = [
    "MonthGlance",
    "MonthLine",
    "Standing",
    "district_dates",
    "first_readable",
    "glance_for",
    "read_standing",
]
