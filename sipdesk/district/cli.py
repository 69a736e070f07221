"""``sipdesk district …``: the district desk from the command line.

``new`` makes a desk, ``add`` takes plan files, folders and saved emails into it (one line per
plan: ``added: …``, ``same: …`` or ``refused: FILE: reason``), ``list`` shows one row per school,
``diff`` what changed between two versions of a school's plan (``district/diff_cli.py``).
``comment``, ``score``, ``return``, ``approve`` and ``rubric`` are the review and reply
(sipdesk/district/review.py; the school's side is ``sipdesk take-review`` in sipdesk/cli.py).
Exit codes are the command line's (see sipdesk/cli.py): 0 done; 1 done, but some files were
refused; 2 the desk itself could not be used, or bad usage — with one sentence, never a
traceback (sipdesk/cli.py turns every PlanFileError into that sentence).

Only argparse is loaded here at start; the desk's code loads when a command runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sipdesk.district.desk_args import add_server_options, desk_argument, on_server, open_desk

# The same numbers as sipdesk/cli.py (which imports this module, so it cannot import them).
EXIT_OK, EXIT_SOME_REFUSED = 0, 1
Handler = Callable[[argparse.Namespace], int]


def add_commands(sub: Any) -> None:
    """Register ``district`` and its actions on the main parser's subparsers."""
    district = sub.add_parser(
        "district", help="the district desk: receive, compare, review and return schools' plans"
    )
    actions = district.add_subparsers(dest="district_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create an empty district desk")
    new.add_argument("desk", type=desk_argument, nargs="?", help="the new .sipdistrict file")
    new.add_argument("--name", required=True, help="the district's name")
    add = actions.add_parser("add", help="add plan files, folders of them, or saved emails")
    add.add_argument(
        "desk", type=desk_argument, nargs="?", help="the desk (none with --db or --server)"
    )
    add.add_argument("files", type=Path, nargs="+", metavar="FILE_OR_FOLDER")
    listing = actions.add_parser("list", help="one row per school")
    listing.add_argument("desk", type=desk_argument, nargs="?")
    listing.add_argument("--json", action="store_true", help="as JSON")
    for parser in (new, add, listing):
        add_server_options(parser)
    _add_diff(actions)
    _add_review_commands(actions)
    _add_expect_commands(actions)
    _add_roster_commands(actions)
    _add_rollup(actions)


def run(args: argparse.Namespace) -> int:
    from sipdesk.storage.working_copy import forget_working_copy

    handlers: dict[str, Handler] = {
        "new": _new,
        "add": _add,
        "list": _list,
        "diff": _diff,
        **_REVIEW_HANDLERS,
        **_expect_handlers(),
        **_roster_handlers(),
        "rollup": _rollup,
    }
    handler = handlers[args.district_command]
    try:
        return handler(args)
    finally:
        if isinstance(args.desk, Path) and not on_server(args):
            with contextlib.suppress(Exception):  # tidying must never hide the real outcome
                forget_working_copy(args.desk)


def _add_diff(actions: Any) -> None:
    from sipdesk.district.diff_cli import add_diff_command

    add_diff_command(actions)


def _add_rollup(actions: Any) -> None:
    """``rollup``: across schools (issue 14, item 1; district/rollup_cli.py)."""
    from sipdesk.district.rollup_cli import add_rollup_command

    add_rollup_command(actions)


def _rollup(args: argparse.Namespace) -> int:
    from sipdesk.district.rollup_cli import run_rollup

    return run_rollup(args)


def _add_expect_commands(actions: Any) -> None:
    """``expect``, ``export-expectations``, ``checkin``, ``checkins``, ``reflect`` (items 7, 8)."""
    from sipdesk.district.expect_cli import add_commands

    add_commands(actions)


def _add_roster_commands(actions: Any) -> None:
    """``expect-school``, ``expect-schools``, ``forget-school``: the district's list of the
    schools it expects plans from (district/roster_cli.py)."""
    from sipdesk.district.roster_cli import add_roster_commands

    add_roster_commands(actions)


def _roster_handlers() -> dict[str, Handler]:
    from sipdesk.district.roster_cli import ROSTER_HANDLERS

    return dict(ROSTER_HANDLERS)


def _expect_handlers() -> dict[str, Handler]:
    from sipdesk.district.expect_cli import EXPECT_HANDLERS

    return dict(EXPECT_HANDLERS)


def _diff(args: argparse.Namespace) -> int:
    from sipdesk.district.diff_cli import run_diff

    return run_diff(args)


def _new(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.versions import DeskUsageError

    name = " ".join(args.name.split())
    if on_server(args):
        from sipdesk.district.desk_args import server_address
        from sipdesk.district.server import ServerDesk

        if args.desk is not None and (args.db or args.server):
            raise DeskUsageError(
                Path("desk"), "Please name either a desk (a file or an address) or --db, not both."
            )
        with ServerDesk.create(server_address(args), district_name=name) as desk:
            print(f"Created the desk in {desk.path} for {name or 'your district'}.")
        return EXIT_OK
    if args.desk is None:
        raise DeskUsageError(
            Path("desk"), "Please name the new desk: a .sipdistrict file, or a server with --db."
        )
    doc = DeskDocument.create(args.desk, district_name=name)
    doc.close()
    print(f"Created the desk {doc.path.name} for {name or 'your district'}.")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from sipdesk.district.intake import REFUSED, intake

    files = list(args.files)
    if (args.db or args.server) and args.desk is not None:
        files.insert(0, args.desk)  # with --db every path is a plan, a folder or an email
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        outcomes = intake(doc, files, progress=None)
        for outcome in outcomes:
            print(outcome.line(), flush=True)
    if not outcomes:
        print("No plan files or saved emails were found there.")
    return EXIT_SOME_REFUSED if any(o.result == REFUSED for o in outcomes) else EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from sipdesk.district.schools import district_name, school_rows

    with open_desk(args, readonly=True) as doc, doc.session() as session:
        district = district_name(session)
        rows = school_rows(session)
    if args.json:
        data = {
            "district": district,
            "schools": [
                {
                    "school": row.school,
                    "versions": row.versions,
                    "latest_received": (
                        row.latest_received.replace(tzinfo=dt.UTC).isoformat()
                        if row.latest_received is not None
                        else None
                    ),
                    "status": row.desk_status,
                    "school_status": row.status,
                    "reviewer": row.reviewer,
                    "rubric_score": row.score,
                    "school_year": row.school_year,
                    "open_findings": row.open_findings,
                    "plan_id": row.plan_id,
                    "deadline": row.deadline,
                    "deadline_detail": row.deadline_detail,
                    "last_check_in": row.last_checkin.isoformat() if row.last_checkin else None,
                    "expected": row.expected,
                }
                for row in rows
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print(f"{district or doc.path.name}: no plans received yet.")
        return EXIT_OK
    header = (
        "School",
        "Versions",
        "Latest received",
        "Status",
        "School year",
        "Open findings",
        "Rubric",
        "Deadline",
        "Last check-in",
    )
    table = [header] + [
        (
            row.school,
            str(row.versions),
            _local(row.latest_received) if row.latest_received is not None else "—",
            (row.desk_status or "—") if row.versions else "no plan yet",
            row.school_year or "—",
            str(row.open_findings) if row.versions else "—",
            row.score or "—",
            row.deadline_words or "—",
            row.last_checkin.isoformat() if row.last_checkin else "—",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"{district or doc.path.name}: {len(rows)} school(s)")
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    return EXIT_OK


def _local(when: dt.datetime) -> str:
    """A stored UTC time as the reader's local date and time."""
    return when.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------------------ review and reply
def _add_review_commands(actions: Any) -> None:
    """``comment``, ``score``, ``return``, ``approve`` and ``rubric`` (issue 13, item 6)."""
    comment = actions.add_parser("comment", help="comment on an item of a school's plan")
    comment.add_argument("desk", type=desk_argument)
    comment.add_argument("school", help="the school's name or plan id")
    comment.add_argument(
        "--on", required=True, metavar="ITEM", help="the item, as plan health names it (goal:1)"
    )
    comment.add_argument("--by", required=True, metavar="NAME", help="the reviewer")
    comment.add_argument("--version", type=int, metavar="N", help="a version other than the latest")
    comment.add_argument("text", help="the comment")
    score = actions.add_parser("score", help="score the rubric for a school's latest plan")
    score.add_argument("desk", type=desk_argument)
    score.add_argument("school")
    score.add_argument("--by", required=True, metavar="NAME")
    score.add_argument("scores", nargs="+", metavar="CRITERION=LEVEL")
    for decision, words in (("return", "return the plan with feedback"), ("approve", "approve")):
        parser = actions.add_parser(decision, help=f"{words} and write the reply for the school")
        parser.add_argument("desk", type=desk_argument)
        parser.add_argument("school")
        parser.add_argument("--by", required=True, metavar="NAME")
        parser.add_argument("--note", default="", help="an overall note for the school")
        parser.add_argument(
            "-o", "--output", type=Path, help="the reply file (else the Outbox beside the desk)"
        )
    rubric = actions.add_parser("rubric", help="show the district's rubric, or set it")
    rubric.add_argument("desk", type=desk_argument)
    rubric.add_argument("--set", type=Path, metavar="RUBRIC.json", help="use this rubric")
    rubric.add_argument("--json", action="store_true", help="as JSON")


def _comment(args: argparse.Namespace) -> int:
    from sipdesk.district.review import add_comment

    with open_desk(args) as doc:
        _say_notice(doc)
        done = add_comment(doc, args.school, args.on, args.by, args.text, number=args.version)
    print(f"Commented on {done.label} of {done.school}'s plan (version {done.version}).")
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from sipdesk.district.review import score

    with open_desk(args) as doc:
        _say_notice(doc)
        chosen = score(doc, args.school, args.by, args.scores)
    for criterion, level, name in chosen:
        print(f"{criterion.name}: {level} ({name})")
    return EXIT_OK


def _decide(args: argparse.Namespace) -> int:
    from sipdesk.district.review import APPROVED, RETURNED, decide

    decision = RETURNED if args.district_command == "return" else APPROVED
    with open_desk(args) as doc:
        _say_notice(doc)
        reply = decide(doc, args.school, decision, args.by, args.output, note=args.note)
    what = "Returned with feedback" if decision == RETURNED else "Approved"
    count = f"{reply.comments} comment{'s' if reply.comments != 1 else ''}"
    again = " (the same decision as before; the reply was written again)" if reply.again else ""
    print(f"{what}: {reply.school}, version {reply.version}, with {count}{again}.")
    print(f"The reply for the school: {reply.path}")
    return EXIT_OK


def _rubric(args: argparse.Namespace) -> int:
    from sipdesk.district.rubric import RubricError, load_rubric_file, rubric, set_rubric
    from sipdesk.district.versions import DeskUsageError

    if args.set is not None:
        try:
            criteria = load_rubric_file(args.set)
        except RubricError as exc:
            raise DeskUsageError(args.desk, str(exc)) from None
        with open_desk(args) as doc, doc.transaction() as session:
            set_rubric(session, criteria)
        print(f"The desk now uses the rubric from {args.set.name} ({len(criteria)} criteria).")
        return EXIT_OK
    with open_desk(args, readonly=True) as doc, doc.session() as session:
        criteria = rubric(session)
    if args.json:
        data = {
            "criteria": [
                {
                    "key": c.key,
                    "name": c.name,
                    "description": c.description,
                    "levels": [
                        {"level": lv.level, "name": lv.name, "description": lv.description}
                        for lv in c.levels
                    ],
                }
                for c in criteria
            ]
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    for c in criteria:
        levels = ", ".join(f"{lv.level} {lv.name}" for lv in c.levels)
        print(f"{c.key}: {c.name} — {levels}")
    return EXIT_OK


def _say_notice(doc: Any) -> None:
    if doc.notice:  # e.g. a desk from an earlier SIP Desk, brought up to date
        print(doc.notice)


_REVIEW_HANDLERS = {
    "comment": _comment,
    "score": _score,
    "return": _decide,
    "approve": _decide,
    "rubric": _rubric,
}
