"""``sipdesk district expect``, ``export-expectations``, ``checkin``, ``checkins`` and
``reflect``: the district's expectations and its check-ins through the year (issue 13, items 7
and 8), registered by district/cli.py.

Bad input is one sentence and exit code 2 (a :class:`DeskUsageError`, which sipdesk/cli.py
turns into that sentence); nothing is written then.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_expect_commands(actions: Any) -> None:
    expect = actions.add_parser(
        "expect",
        help="set what the district expects of plans (dates, profile, goals), or show it",
        description="Set the district's timeline, the readiness profile it requires and the "
        "district goals plans should align to. With no options, shows them. Dates are "
        "year-month-day (2026-10-31); 'none' clears one.",
    )
    expect.add_argument("desk", type=Path)
    expect.add_argument("--first-draft-due", metavar="DATE")
    expect.add_argument("--feedback-by", metavar="DATE")
    expect.add_argument("--final-due", metavar="DATE")
    expect.add_argument(
        "--check-in", nargs="+", metavar="DATE", help="the check-in rounds of the year"
    )
    expect.add_argument("--profile", metavar="NAME", help="the readiness profile required")
    expect.add_argument(
        "--goal", nargs="+", metavar="TEXT", help="the district goals (replacing any set)"
    )
    expect.add_argument("--json", action="store_true", help="show them as JSON")


def _expect(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument, utc_now
    from sipdesk.district.expectations import (
        ExpectationsError,
        describe,
        parse_day,
        read_expectations,
        set_expectations,
    )
    from sipdesk.district.versions import DeskUsageError

    given: dict[str, Any] = {}
    try:
        for key in ("first_draft_due", "feedback_by", "final_due"):
            value = getattr(args, key)
            if value is not None:
                given[key] = parse_day(value)
        if args.check_in is not None:
            days = [parse_day(text) for text in args.check_in]
            given["checkin_rounds"] = [d for d in days if d is not None]
    except ExpectationsError as exc:
        raise DeskUsageError(args.desk, str(exc)) from None
    if args.profile is not None:
        given["readiness_profile"] = args.profile
    if args.goal is not None:
        given["goals"] = [] if [g.strip().lower() for g in args.goal] == ["none"] else args.goal
    if given:
        with DeskDocument.open(args.desk) as doc:
            if doc.notice:
                print(doc.notice)
            try:
                with doc.transaction() as session:
                    expect = set_expectations(session, now=utc_now(), **given)
            except ExpectationsError as exc:
                raise DeskUsageError(args.desk, str(exc)) from None
        print("The district's expectations are saved:")
    else:
        with DeskDocument.open(args.desk, readonly=True) as doc, doc.session() as session:
            expect = read_expectations(session)
    if args.json:
        print(json.dumps(expectations_json(expect), indent=2, ensure_ascii=False))
        return EXIT_OK
    for line in describe(expect):
        print(line)
    return EXIT_OK


def expectations_json(expect: Any) -> dict[str, Any]:
    def iso(day: Any) -> str | None:
        return day.isoformat() if day else None

    return {
        "first_draft_due": iso(expect.first_draft_due),
        "feedback_by": iso(expect.feedback_by),
        "final_due": iso(expect.final_due),
        "check_ins": [d.isoformat() for d in expect.checkin_rounds],
        "readiness_profile": expect.readiness_profile,
        "goals": list(expect.goals),
    }


def add_export_command(actions: Any) -> None:
    export = actions.add_parser(
        "export-expectations",
        help="write the district's expectations pack (.sipexpect) for schools",
        description="Write one file with the district's name, timeline, required readiness "
        "profile, goals and rubric, for schools to take into SIP Desk "
        "('sipdesk take-expectations PLAN PACK').",
    )
    export.add_argument("desk", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="PACK.sipexpect")


def _export(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument, utc_now
    from sipdesk.district.expectations import read_expectations
    from sipdesk.district.rubric import rubric
    from sipdesk.district.schools import district_name
    from sipdesk.services.expectations_pack import SUFFIX, ExpectationsPack, write_pack

    target = args.output.expanduser().absolute()
    if target.suffix.lower() != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    with DeskDocument.open(args.desk, readonly=True) as doc, doc.session() as session:
        expect = read_expectations(session)
        pack = ExpectationsPack(
            district=district_name(session),
            first_draft_due=expect.first_draft_due,
            feedback_by=expect.feedback_by,
            final_due=expect.final_due,
            check_ins=expect.checkin_rounds,
            readiness_profile=expect.readiness_profile,
            goals=expect.goals,
            rubric=tuple(rubric(session)),
            exported_at=utc_now().replace(microsecond=0).isoformat() + "Z",
        )
    write_pack(pack, target)
    print(f"Wrote {target.name}, the district's expectations for schools to take into SIP Desk.")
    if not expect.any_set:
        print("The desk has no timeline, profile or goals yet ('sipdesk district expect').")
    return EXIT_OK


def add_commands(actions: Any) -> None:
    add_expect_commands(actions)
    add_export_command(actions)


EXPECT_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "expect": _expect,
    "export-expectations": _export,
}
