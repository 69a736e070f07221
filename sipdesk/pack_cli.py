"""``sipdesk take-expectations PLAN PACK``: the school's side of the district's expectations
pack (issue 13, item 7), and what ``sipdesk check`` says of the district's deadlines.

The pack is read as untrusted (sipdesk/services/expectations_pack.py) before the plan is even
opened; a refused pack is one sentence, exit code 2, and nothing is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

EXIT_OK = 0
PLAN_IDS_SINCE = 6  # the plan schema version that gave every plan its stable id


def add_take_expectations(sub: Any) -> None:
    take = sub.add_parser(
        "take-expectations",
        help="keep the district's expectations pack (.sipexpect) with your plan",
        description="Keep the district's timeline, required readiness profile, goals and "
        "rubric with your plan on this computer. 'sipdesk check' then checks by the district's "
        "profile and shows its deadlines. Your plan file itself is not changed.",
    )
    take.add_argument("plan", type=Path, help="your plan (.sipdesk)")
    take.add_argument("pack", type=Path, help="the district's pack (.sipexpect)")


def take_expectations(args: argparse.Namespace) -> int:
    from sipdesk.services.expectations_pack import (
        PackError,
        deadline_lines,
        read_pack,
        store_pack,
    )
    from sipdesk.services.readiness_profiles import find_profile
    from sipdesk.services.snapshot import read_plan
    from sipdesk.storage import PlanDocument

    pack = read_pack(args.pack)
    with PlanDocument.open(args.plan, readonly=True) as doc, doc.session() as session:
        plan = read_plan(session)
    if doc.schema_version < PLAN_IDS_SINCE:  # its plan id is made afresh at each look
        raise PackError(
            doc.path,
            f"“{doc.path.name}” was made by an earlier SIP Desk and has no plan id yet; open "
            "it in SIP Desk once (it is brought up to date), then take the expectations again.",
        )
    store_pack(str(plan["profile"].get("plan_id") or ""), pack, doc.path)
    school = plan["profile"].get("school_name") or doc.path.name
    district = pack.district or "the district"
    print(f"Kept the expectations from {district} with this plan ({school}).")
    for line in deadline_lines(pack, dt.date.today()):
        print(f"  {line}")
    if pack.readiness_profile:
        print(f"  Readiness profile: {find_profile(pack.readiness_profile).name}")
    if pack.goals:
        print(f"  District goals: {len(pack.goals)}")
    return EXIT_OK


def district_part(plan_id: str, today: dt.date) -> tuple[str, list[str]]:
    """For ``sipdesk check``: the profile the district requires (``""`` for none, or no pack)
    and the lines saying its deadlines."""
    from sipdesk.services.expectations_pack import deadline_lines, stored_pack

    pack = stored_pack(plan_id)
    if pack is None:
        return "", []
    lines = deadline_lines(pack, today)
    if not lines:
        return pack.readiness_profile, []
    head = f"Deadlines from {pack.district or 'the district'}:"
    return pack.readiness_profile, [head, *(f"  {line}" for line in lines)]
