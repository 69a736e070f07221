"""``sipdesk packs`` and ``sipdesk calendar`` (issue 15, item 4): the state packs on this
computer, and a month of the planning year in plain text: what each role does, what is due in
the next 30 days and what is overdue.

Without a plan the pack's own calendar is shown, the planning year taken as the one holding the
month. With a plan, the plan's own choices are used when it makes them (step 0: its state pack,
its designation year, and whether this year is its planning year or implementation year N);
otherwise, as before plans said, the plan's first month places the planning year (the plan's
school year is its planning year) and its readiness profile picks the pack (an installed pack
that expects that profile, else the generic one). The district's dates join the list when the
school took the district's expectations pack for the plan. Problems are one sentence, exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sipdesk.services.state_packs import Dated, StatePack, StatePackError, ThisMonth

EXIT_OK = 0
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII)


def add_commands(sub: Any) -> None:
    sub.add_parser(
        "packs",
        help="list the state packs on this computer",
        description="List the state packs SIP Desk has: each one's name, what it covers, the "
        "readiness profile it expects, the months of its planning year and its providers.",
    )
    cal = sub.add_parser(
        "calendar",
        help="print a month of the planning year: who does what, and what is due",
        description="Print a month of the planning year from a state pack: each role's "
        "activities with the step of the plan they belong to, what is due in the next 30 days "
        "and what is overdue. With a plan, its state pack and the year it says it is in are "
        "used (else its school year is the planning year and its readiness profile picks the "
        "pack), and the district's deadlines join the list.",
    )
    cal.add_argument("plan", type=Path, nargs="?", help="your plan (.sipdesk), if you like")
    cal.add_argument("--pack", metavar="NAME_OR_FILE", help="a pack's name, or a pack file")
    cal.add_argument("--month", metavar="YYYY-MM", help="the month to show (this month if not)")
    cal.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)


def packs(_args: argparse.Namespace) -> int:
    from sipdesk.services.readiness_profiles import find_profile
    from sipdesk.services.state_packs import MONTH_NAMES, installed_packs

    for pack in installed_packs():
        months = ", ".join(MONTH_NAMES[m - 1][:3] for m in pack.months())
        providers = ", ".join(p.short or p.name for p in pack.providers) or "none listed"
        print(f"{pack.name}: {pack.title}")
        print(f"  System: {pack.system}")
        print(f"  Readiness profile: {find_profile(pack.readiness_profile).name}")
        print(f"  Planning year months: {months}")
        print(f"  Providers: {providers}")
    return EXIT_OK


def calendar(args: argparse.Namespace) -> int:
    from sipdesk.services.state_packs import (
        district_dated,
        load_pack,
        start_for_choices,
        start_for_month,
        this_month,
    )

    today = _date(args.today) if args.today else dt.date.today()
    year, month = _month(args.month) if args.month else (today.year, today.month)
    pack = load_pack(args.pack) if args.pack is not None else None
    extra: list[Dated] = []
    implementation_year = None
    if args.plan is None:
        pack = pack or load_pack("generic")
        start = start_for_month(pack, year, month)
        school = ""
    else:
        facts = _plan_facts(args.plan)
        pack = pack or facts.pack
        start = start_for_choices(pack, facts.first_month, facts.profile)
        school = facts.school
        if facts.profile.get("plan_phase") == "implementation":
            implementation_year = facts.profile.get("implementation_year")
        if facts.district is not None:
            extra = district_dated(facts.district, today)
    shown = this_month(pack, start, year, month, today, extra)
    print("\n".join(_lines(pack, shown, today, school, implementation_year)))
    return EXIT_OK


@dataclass(frozen=True)
class _PlanFacts:
    pack: StatePack
    first_month: str
    school: str
    profile: Mapping[str, Any]
    district: Any  # the district's expectations pack kept for the plan, or None


def _plan_facts(path: Path) -> _PlanFacts:
    """The plan's pack (the one it names, else by its readiness profile), its first month, its
    school's name, its profile and the district's expectations pack kept for it (or None)."""
    from sipdesk.pack_cli import district_part
    from sipdesk.services.checked_by import checked_by
    from sipdesk.services.expectations_pack import stored_pack
    from sipdesk.services.progress import plan_start
    from sipdesk.services.snapshot import read_plan
    from sipdesk.services.state_packs import plan_pack
    from sipdesk.storage import PlanDocument

    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        plan = read_plan(session)
    profile = plan["profile"]
    plan_id = str(profile.get("plan_id") or "")
    required, _ = district_part(plan_id, dt.date.today())
    chosen = checked_by(profile, required).profile
    first = plan_start(profile.get("first_month"))
    school = str(profile.get("school_name") or doc.path.name)
    return _PlanFacts(plan_pack(profile, chosen.key), first, school, profile, stored_pack(plan_id))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _no_date(text)
    except ValueError:
        return _no_date(text)


def _no_date(text: str) -> dt.date:
    raise StatePackError(Path("."), f"“{text[:20]}” is not a date written as YYYY-MM-DD.")


def _month(text: str) -> tuple[int, int]:
    found = _MONTH.fullmatch(text)
    if found is None or not 1900 <= int(found.group(1)) <= 2200:
        raise StatePackError(Path("."), f"“{text[:20]}” is not a month written as YYYY-MM.")
    return int(found.group(1)), int(found.group(2))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _dated_line(item: Dated, today: dt.date) -> str:
    from sipdesk.services.expectations_pack import days_left_words
    from sipdesk.services.findings import STEP_NAMES

    where = f" · step {item.step}, {STEP_NAMES[item.step]}" if item.step is not None else ""
    source = "" if item.step is not None else f" · {item.source}"
    left = days_left_words(item.days_from(today))
    return f"  {_day(item.day)}  {item.what} ({left}){where}{source}"


def _lines(
    pack: StatePack,
    shown: ThisMonth,
    today: dt.date,
    school: str,
    implementation_year: object = None,
) -> list[str]:
    from sipdesk.services.findings import STEP_NAMES
    from sipdesk.services.state_packs import month_words

    which = {
        "planning": "planning year",
        "implementation": "implementation year",
    }.get(shown.which, "outside the planning and implementation years")
    if shown.which == "implementation" and isinstance(implementation_year, int):
        which = f"implementation year {implementation_year}"
    head = f"{month_words(shown.year, shown.month)} · {which} · {pack.title}"
    lines = [f"{school}: {head}" if school else head, ""]
    if shown.by_role:
        lines.append("This month, by role:")
        for role, activities in shown.by_role:
            lines.append(f"  {role.name}")
            for activity in activities:
                step = f"step {activity.step}, {STEP_NAMES[activity.step]}"
                lines.append(f"    - {activity.title} ({step}): {activity.for_role(role.key)}")
    else:
        lines.append("Nothing on the calendar this month.")
    lines.append("")
    if shown.due:
        lines.append(f"Coming up in the next 30 days (from {_day(today)}):")
        lines.extend(_dated_line(item, today) for item in shown.due)
    else:
        lines.append(f"Nothing due in the next 30 days (from {_day(today)}).")
    if shown.overdue:
        lines.append("")
        lines.append("Overdue, unless already done:")
        lines.extend(_dated_line(item, today) for item in shown.overdue)
    return lines
