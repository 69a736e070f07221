"""The command line: ``sipdesk [PLAN]`` opens the app; subcommands work without a screen.

Every problem with input ends in one plain sentence on stderr and an exit code, never a
traceback: 0 success (``check``: ready), 1 gaps found, 2 bad or unsafe file or bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from sipdesk import __version__, calendar_cli, pack_cli, room_cli
from sipdesk.crash_log import log_unexpected
from sipdesk.district import cli as district_cli

COMMANDS = (
    "new",
    "sample",
    "check",
    "export",
    "import",
    "district",
    "take-review",
    "take-expectations",
    "packs",
    "calendar",
    "room",
)
EXIT_OK, EXIT_GAPS, EXIT_BAD = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sipdesk",
        description="SIP Desk: plan, monitor and export a School Improvement Plan.",
        epilog="Run 'sipdesk' alone, or with a plan file, to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"SIP Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    new = sub.add_parser("new", help="create an empty plan")
    new.add_argument("plan", type=Path, help="the new .sipdesk file")
    new.add_argument("--school", default="", help="the school's name")
    sample = sub.add_parser("sample", help="write the complete sample plan")
    sample.add_argument("plan", type=Path)
    check = sub.add_parser("check", help="validate a plan and print its health")
    check.add_argument("plan", type=Path)
    check.add_argument(
        "--profile",
        metavar="NAME",
        help="check by this readiness profile (tool-a, illinois) instead of the plan's own",
    )
    export = sub.add_parser(
        "export",
        help="export a plan (.pdf, .json, .csv or .zip, by suffix)",
        description="Export a plan. The kind of file follows the output's name: .pdf (the "
        "Tool A plan), .json (the interchange format), .csv (one table for a spreadsheet) or "
        ".zip (every table, one CSV file each, in one zip).",
        epilog="Each CSV has a header row and one row per item with its Tool A number "
        "(goal 2, strategy 1.2, action 1.2.1.3). Examples: 'sipdesk export plan.sipdesk -o "
        "measures.csv --what measures'; 'sipdesk export plan.sipdesk -o tables.zip --what all' "
        "writes goals.csv, measures.csv, strategies.csv and actions.csv in tables.zip.",
    )
    export.add_argument("plan", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument(
        "--summary", action="store_true", help="with .pdf: the one-page plan on a page"
    )
    export.add_argument("--paper", choices=("letter", "a4"), default="letter")
    export.add_argument(
        "--what",
        choices=("actions", "measures", "goals", "strategies", "all"),
        help="with .csv: the table to write (actions when not given); 'all' writes every "
        "table into a .zip",
    )
    imp = sub.add_parser("import", help="build a plan file from the JSON interchange format")
    imp.add_argument("json", type=Path)
    imp.add_argument("-o", "--output", type=Path, required=True)
    district_cli.add_commands(sub)
    _add_take_review(sub)
    pack_cli.add_take_expectations(sub)
    calendar_cli.add_commands(sub)
    room_cli.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        if args_list and _looks_like_a_command(args_list[0]):
            return _unknown_command(args_list[0])
        return _open_app(args_list)
    args = _parser().parse_args(args_list)
    from sipdesk.storage import PlanFileError, SaveError

    try:
        handler = {
            "new": _new,
            "sample": _sample,
            "check": _check,
            "export": _export,
            "import": _import,
            "district": district_cli.run,
            "take-review": _take_review,
            "take-expectations": pack_cli.take_expectations,
            "packs": calendar_cli.packs,
            "calendar": calendar_cli.calendar,
            "room": room_cli.run,
        }[args.command]
        try:
            return handler(args)
        finally:
            _forget_working_copies(args)
    except SaveError as exc:  # the window's wording says the work is safe in SIP Desk
        return _fail(exc.plain)
    except PlanFileError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a file the operating system refused: name it, keep the details
        log = log_unexpected(exc)
        where = f"“{Path(exc.filename).name}”" if exc.filename else "a file"
        return _fail(
            f"{where} could not be used ({exc.strerror or type(exc).__name__}){_saved_to(log)}."
        )
    except Exception as exc:  # the last guard: a sentence for the user, details in the log
        log = log_unexpected(exc)
        return _fail(f"something unexpected went wrong ({type(exc).__name__}){_saved_to(log)}.")


def _forget_working_copies(args: argparse.Namespace) -> None:
    """Leave nothing of the plans this command touched in the private folder, whatever the
    outcome (work that never reached a plan, or a plan open in a window, is left alone)."""
    from sipdesk.storage.document import forget_working_copy

    for name in ("plan", "output"):
        path = getattr(args, name, None)
        if isinstance(path, Path):
            with contextlib.suppress(Exception):  # tidying must never hide the real outcome
                forget_working_copy(path)


def _saved_to(log: Path | None) -> str:
    return f"; the details were saved to {log}" if log else ""


def _looks_like_a_command(word: str) -> bool:
    """True for a bare word (``chek``) that names no file: a mistyped command, not a plan."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z_-]*", word):
        return False
    try:
        return not Path(word).exists()
    except OSError:
        return False


def _unknown_command(word: str) -> int:
    import difflib

    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    if close:
        return _fail(f"unknown command “{word}” (did you mean {close[0]}?).")
    return _fail(
        f"unknown command “{word}”; the commands are {', '.join(COMMANDS[:-1])} and "
        f"{COMMANDS[-1]}, or give a plan file to open it."
    )


def _open_app(args: list[str]) -> int:
    if args and args[0].strip().lower().startswith(("postgresql://", "postgres://")):
        return _open_desk(args[0])  # a desk on a PostgreSQL server (issue 14)
    plan = Path(args[0]) if args else None
    if plan is not None and plan.suffix.lower() == ".sipdistrict":
        return _open_desk(plan)
    from sipdesk.ui.app import run

    return int(run(plan))


def _open_desk(desk: Path | str) -> int:
    """``sipdesk DESK.sipdistrict``: the district desk's window instead of a plan's."""
    from sipdesk.ui.app import run_desk

    return int(run_desk(desk))


def _fail(sentence: str) -> int:
    print(f"sipdesk: {sentence}", file=sys.stderr)
    return EXIT_BAD


def _new(args: argparse.Namespace) -> int:
    from sipdesk.services.operations import seed_new_plan
    from sipdesk.storage import PlanDocument

    doc = PlanDocument.create(args.plan, lambda s: seed_new_plan(s, args.school))
    doc.close()
    print(f"Created {doc.path.name}.")
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    from sipdesk.export.interchange import import_json
    from sipdesk.paths import resource_path

    doc = import_json(resource_path("sample-plan.json"), args.plan)
    doc.close()
    print(f"Wrote the sample plan to {doc.path.name}.")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from sipdesk.services.checked_by import checked_by
    from sipdesk.services.checks import readiness
    from sipdesk.services.findings import group_findings
    from sipdesk.services.readiness_profiles import UnknownProfileError, find_profile
    from sipdesk.services.snapshot import read_plan
    from sipdesk.storage import PlanDocument

    try:
        chosen = find_profile(args.profile) if args.profile is not None else None
    except UnknownProfileError as exc:
        return _fail(f"{exc}.")
    with PlanDocument.open(args.plan, readonly=True) as doc, doc.session() as session:
        plan = read_plan(session)
    if doc.notice:
        print(doc.notice)
    required, deadlines = pack_cli.district_part(
        str(plan["profile"].get("plan_id")), dt.date.today()
    )
    # As plan health in the window decides it (sipdesk/services/checked_by.py).
    profile = chosen or checked_by(plan["profile"], required).profile
    findings = readiness(plan, profile=profile)
    name = plan["profile"].get("school_name") or doc.path.name
    for said in deadlines:  # the district's, from the expectations pack the school took
        print(said)
    if not findings:
        print(
            f"{name}: the plan file is sound and the plan is ready to send "
            f"(checked against the {profile.name} profile)."
        )
        return EXIT_OK
    lines = group_findings(findings)
    count = len(findings)
    print(
        f"{name}: the plan file is sound. Checked against the {profile.name} profile, {count} "
        f"thing{'s' if count != 1 else ''} still to do:"
    )
    status = plan["profile"]["status"]
    if status in ("submitted", "approved"):
        # Sent or approved all the same: say so, the district reads this first.
        print(f"It is marked {status} with these still open.")
    current = None
    for line in lines:
        if line.step != current:
            current = line.step
            print(f"\nStep {line.step} · {line.step_name}")
        print(f"  - {line.message}")
    return EXIT_GAPS


def _export(args: argparse.Namespace) -> int:
    from sipdesk.export.files import ExportError, check_export, write_export
    from sipdesk.storage import PlanDocument

    target = args.output.expanduser().absolute()
    try:
        suffix = check_export(target.suffix, summary=args.summary, name=target.name, what=args.what)
    except ExportError as exc:
        return _fail(str(exc))
    with PlanDocument.open(args.plan, readonly=True) as doc:
        write_export(
            doc,
            suffix,
            target,
            summary=args.summary,
            paper=args.paper,
            today=dt.date.today(),
            what=args.what,
        )
    print(f"Wrote {target.name}.")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from sipdesk.export.interchange import import_json

    doc = import_json(args.json, args.output)
    doc.close()
    print(f"Built {doc.path.name} from {args.json.name}.")
    return EXIT_OK


def _add_take_review(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    take = sub.add_parser(
        "take-review",
        help="bring the district's comments and decision from its reply into your plan",
        description="Bring the district's comments and its decision (returned or approved) "
        "from the reply it sent into your plan. Nothing else in your plan changes; taking the "
        "same reply twice changes nothing.",
    )
    take.add_argument("plan", type=Path, help="your plan (.sipdesk)")
    take.add_argument("reply", type=Path, help="the district's reply (.sipdesk)")


def _take_review(args: argparse.Namespace) -> int:
    from sipdesk.services.take_review import check_same_plan, read_reply, summary, take_review
    from sipdesk.storage import PlanDocument

    reply = read_reply(args.reply)
    with PlanDocument.open(args.plan, readonly=True) as peek, peek.session() as session:
        check_same_plan(session, reply, peek.path.name)  # refused before anything is opened
    with (
        PlanDocument.open(args.plan) as doc,
        contextlib.suppress(_NothingNew),
        doc.transaction() as session,
    ):
        check_same_plan(session, reply, doc.path.name)
        taken = take_review(session, reply)
        if taken.nothing_new:
            raise _NothingNew  # rolled back: the plan file is not even written again
    print(summary(taken, reply))
    return EXIT_OK


class _NothingNew(Exception):
    """Everything in the reply is already in the plan."""
