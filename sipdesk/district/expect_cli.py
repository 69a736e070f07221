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

from sipdesk.district.desk_args import desk_argument, open_desk

EXIT_OK = 0


def add_expect_commands(actions: Any) -> None:
    expect = actions.add_parser(
        "expect",
        help="set what the district expects of plans (dates, profile, goals), or show it",
        description="Set the district's timeline, the readiness profile it requires and the "
        "district goals plans should align to. With no options, shows them. Dates are "
        "year-month-day (2026-10-31); 'none' clears one.",
    )
    expect.add_argument("desk", type=desk_argument)
    expect.add_argument("--first-draft-due", metavar="DATE")
    expect.add_argument("--feedback-by", metavar="DATE")
    expect.add_argument("--final-due", metavar="DATE")
    expect.add_argument(
        "--check-in",
        action="extend",
        nargs="+",
        metavar="DATE",
        help="the check-in rounds of the year",
    )
    expect.add_argument("--profile", metavar="NAME", help="the readiness profile required")
    expect.add_argument(
        "--goal",
        action="extend",
        nargs="+",
        metavar="TEXT",
        help="the district goals (replacing any set)",
    )
    expect.add_argument("--json", action="store_true", help="show them as JSON")


def _expect(args: argparse.Namespace) -> int:
    from sipdesk.district.document import utc_now
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
        with open_desk(args) as doc:
            if doc.notice:
                print(doc.notice)
            try:
                with doc.transaction() as session:
                    expect = set_expectations(session, now=utc_now(), **given)
            except ExpectationsError as exc:
                raise DeskUsageError(args.desk, str(exc)) from None
        print("The district's expectations are saved:")
    else:
        with open_desk(args, readonly=True) as doc, doc.session() as session:
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
    export.add_argument("desk", type=desk_argument)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="PACK.sipexpect")


def expectations_pack(session: Any) -> Any:
    """The desk's expectations pack as the command writes it (the desk window's Export too)."""
    from sipdesk.district.document import utc_now
    from sipdesk.district.expectations import read_expectations
    from sipdesk.district.rubric import rubric
    from sipdesk.district.schools import district_name
    from sipdesk.services.expectations_pack import ExpectationsPack

    expect = read_expectations(session)
    return ExpectationsPack(
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


def pack_target(path: Path) -> Path:
    """Where the pack goes: ``path``, ending in .sipexpect."""
    from sipdesk.services.expectations_pack import SUFFIX

    target = path.expanduser().absolute()
    return target if target.suffix.lower() == SUFFIX else target.with_name(target.name + SUFFIX)


def _export(args: argparse.Namespace) -> int:
    from sipdesk.district.expectations import read_expectations
    from sipdesk.services.expectations_pack import write_pack

    target = pack_target(args.output)
    with open_desk(args, readonly=True) as doc, doc.session() as session:
        expect = read_expectations(session)
        pack = expectations_pack(session)
    write_pack(pack, target)
    print(f"Wrote {target.name}, the district's expectations for schools to take into SIP Desk.")
    if not expect.any_set:
        print("The desk has no timeline, profile or goals yet ('sipdesk district expect').")
    return EXIT_OK


# ------------------------------------------------------------------ check-ins (item 8)
def add_checkin_commands(actions: Any) -> None:
    checkin = actions.add_parser(
        "checkin",
        help="schedule a check-in with a school, or write its after-action review",
        description="Put a check-in with the school on the schedule for the day given; with "
        "any of --expected, --happened, --why, --next, write that part of its after-action "
        "review (parts not given stay as they were).",
    )
    checkin.add_argument("desk", type=desk_argument)
    checkin.add_argument("school", help="the school's name or plan id")
    checkin.add_argument("--on", required=True, metavar="DATE", help="the day (2026-11-15)")
    checkin.add_argument("--expected", metavar="TEXT", help="what was expected")
    checkin.add_argument("--happened", metavar="TEXT", help="what happened")
    checkin.add_argument("--why", metavar="TEXT", help="why it happened so")
    checkin.add_argument("--next", metavar="TEXT", help="what we will do next")
    listing = actions.add_parser(
        "checkins", help="list check-ins (every school's, or one's) and the district's reflections"
    )
    listing.add_argument("desk", type=desk_argument)
    listing.add_argument("school", nargs="?", help="only this school")
    listing.add_argument("--json", action="store_true", help="as JSON")
    listing.add_argument("-o", "--output", type=Path, metavar="OUT.csv", help="write a CSV table")
    reflect = actions.add_parser(
        "reflect",
        help="the district's self-reflection (Tool C): show, export or rate it; or, with --on "
        "DATE TEXT, write the district's reflection for a check-in round",
    )
    reflect.add_argument("desk", type=desk_argument)
    # --on DATE TEXT as one option: a positional TEXT that may be left out could not follow it.
    reflect.add_argument(
        "--on", nargs="+", metavar=("DATE", "TEXT"), help="a check-in round's day and reflection"
    )
    reflect.add_argument("text", nargs="?", help=argparse.SUPPRESS)  # DESK TEXT --on DATE
    from sipdesk.district.reflection_cli import add_reflect_options

    add_reflect_options(reflect)  # the self-reflection, Tool C (issue 14)


def _usage(desk: Path, exc: Exception) -> Exception:
    from sipdesk.district.versions import DeskUsageError

    return DeskUsageError(desk, str(exc))


def _checkin(args: argparse.Namespace) -> int:
    from sipdesk.district.checkins import CheckinError, record_checkin
    from sipdesk.district.document import utc_now
    from sipdesk.district.expectations import ExpectationsError, day_words, parse_day
    from sipdesk.district.versions import find_school

    try:
        day = parse_day(args.on)
    except ExpectationsError as exc:
        raise _usage(args.desk, exc) from None
    if day is None:
        raise _usage(args.desk, ValueError("Please give the check-in's day (2026-11-15)."))
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        try:
            with doc.transaction() as session:
                school = find_school(session, args.school, doc.path)
                name = school.name
                row, new = record_checkin(
                    session,
                    school,
                    day,
                    now=utc_now(),
                    expected=args.expected,
                    happened=args.happened,
                    why=args.why,
                    next_steps=args.next,
                )
                reviewed = any((row.expected, row.happened, row.why, row.next_steps))
        except CheckinError as exc:
            raise _usage(args.desk, exc) from None
    when = day_words(day)
    if new and not reviewed:
        print(f"A check-in with {name} is on the schedule for {when}.")
    elif reviewed:
        print(f"Saved the after-action review of the check-in with {name} on {when}.")
    else:
        print(f"The check-in with {name} on {when} is already on the schedule.")
    return EXIT_OK


def _checkins(args: argparse.Namespace) -> int:
    from sipdesk.district.checkins import REVIEW_PARTS, checkins, reflections, write_checkins_csv
    from sipdesk.district.expectations import day_words
    from sipdesk.district.versions import find_school

    with open_desk(args, readonly=True) as doc, doc.session() as session:
        school = find_school(session, args.school, doc.path) if args.school else None
        rows = checkins(session, school)
        rounds = reflections(session) if school is None else []
    if args.output is not None:
        target = args.output.expanduser().absolute()
        write_checkins_csv(rows, target)
        print(f"Wrote {target.name} ({len(rows)} check-in{'s' if len(rows) != 1 else ''}).")
        return EXIT_OK
    if args.json:
        data = {
            "check_ins": [
                {
                    "school": r.school,
                    "on": r.on.isoformat(),
                    **{key: getattr(r, key) for key, _ in REVIEW_PARTS},
                }
                for r in rows
            ],
            "rounds": [{"on": day.isoformat(), "reflection": text} for day, text in rounds],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("No check-ins yet.")
    current = None
    for row in rows:
        if row.school != current:
            current = row.school
            print(f"{row.school}:")
        print(f"  {day_words(row.on)}{'' if row.reviewed else ' (no review written yet)'}")
        for key, words in REVIEW_PARTS:
            if getattr(row, key):
                print(f"    {words}: {getattr(row, key)}")
    if rounds:
        print("The district's reflections:")
        for day, text in rounds:
            print(f"  {day_words(day)}: {text or '(not written yet)'}")
    return EXIT_OK


def _reflect(args: argparse.Namespace) -> int:
    from sipdesk.district.checkins import CheckinError, set_reflection
    from sipdesk.district.document import utc_now
    from sipdesk.district.expectations import ExpectationsError, day_words, parse_day

    if args.on is None:  # the district's self-reflection, Tool C
        from sipdesk.district.reflection_cli import run_reflect

        return run_reflect(args)
    tool_c = (args.title, args.json, args.output, args.rate, args.agree, args.by, args.level)
    if any(tool_c) or args.evidence:
        raise _usage(
            args.desk,
            ValueError(
                "--on DATE writes a check-in round's reflection; the other options are "
                "for the self-reflection, without --on."
            ),
        )
    if len(args.on) > 2 or (len(args.on) == 2 and args.text is not None):
        raise _usage(
            args.desk, ValueError("Please give the round's reflection as one text, in quotes.")
        )
    text = args.on[1] if len(args.on) == 2 else args.text
    if text is None:
        raise _usage(args.desk, ValueError("Please write the round's reflection after --on DATE."))
    try:
        day = parse_day(args.on[0])
    except ExpectationsError as exc:
        raise _usage(args.desk, exc) from None
    if day is None:
        raise _usage(args.desk, ValueError("Please give the check-in round's day (2026-11-15)."))
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        try:
            with doc.transaction() as session:
                set_reflection(session, day, text, now=utc_now())
        except CheckinError as exc:
            raise _usage(args.desk, exc) from None
    print(f"Saved the district's reflection for the check-ins of {day_words(day)}.")
    return EXIT_OK


def add_commands(actions: Any) -> None:
    add_expect_commands(actions)
    add_export_command(actions)
    add_checkin_commands(actions)


EXPECT_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "expect": _expect,
    "export-expectations": _export,
    "checkin": _checkin,
    "checkins": _checkins,
    "reflect": _reflect,
}
