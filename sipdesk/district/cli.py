"""``sipdesk district …``: the district desk from the command line.

``new`` makes a desk, ``add`` takes plan files, folders and saved emails into it (one line per
plan: ``added: …``, ``same: …`` or ``refused: FILE: reason``), ``list`` shows one row per school,
``diff`` what changed between two versions of a school's plan (``district/diff_cli.py``).
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
from pathlib import Path
from typing import Any

# The same numbers as sipdesk/cli.py (which imports this module, so it cannot import them).
EXIT_OK, EXIT_SOME_REFUSED = 0, 1


def add_commands(sub: Any) -> None:
    """Register ``district`` and its actions on the main parser's subparsers."""
    district = sub.add_parser("district", help="the district desk: receive and list schools' plans")
    actions = district.add_subparsers(dest="district_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create an empty district desk")
    new.add_argument("desk", type=Path, help="the new .sipdistrict file")
    new.add_argument("--name", required=True, help="the district's name")
    add = actions.add_parser("add", help="add plan files, folders of them, or saved emails")
    add.add_argument("desk", type=Path)
    add.add_argument("files", type=Path, nargs="+", metavar="FILE_OR_FOLDER")
    listing = actions.add_parser("list", help="one row per school")
    listing.add_argument("desk", type=Path)
    listing.add_argument("--json", action="store_true", help="as JSON")
    _add_diff(actions)


def run(args: argparse.Namespace) -> int:
    from sipdesk.storage.working_copy import forget_working_copy

    handler = {"new": _new, "add": _add, "list": _list, "diff": _diff}[args.district_command]
    try:
        return handler(args)
    finally:
        with contextlib.suppress(Exception):  # tidying must never hide the real outcome
            forget_working_copy(args.desk)


def _add_diff(actions: Any) -> None:
    from sipdesk.district.diff_cli import add_diff_command

    add_diff_command(actions)


def _diff(args: argparse.Namespace) -> int:
    from sipdesk.district.diff_cli import run_diff

    return run_diff(args)


def _new(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument

    name = " ".join(args.name.split())
    doc = DeskDocument.create(args.desk, district_name=name)
    doc.close()
    print(f"Created the desk {doc.path.name} for {name or 'your district'}.")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.intake import REFUSED, intake

    with DeskDocument.open(args.desk) as doc:
        if doc.notice:
            print(doc.notice)
        outcomes = intake(doc, args.files, progress=None)
        for outcome in outcomes:
            print(outcome.line(), flush=True)
    if not outcomes:
        print("No plan files or saved emails were found there.")
    return EXIT_SOME_REFUSED if any(o.result == REFUSED for o in outcomes) else EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.schools import district_name, school_rows

    with DeskDocument.open(args.desk, readonly=True) as doc, doc.session() as session:
        district = district_name(session)
        rows = school_rows(session)
    if args.json:
        data = {
            "district": district,
            "schools": [
                {
                    "school": row.school,
                    "versions": row.versions,
                    "latest_received": row.latest_received.replace(tzinfo=dt.UTC).isoformat(),
                    "status": row.status,
                    "school_year": row.school_year,
                    "open_findings": row.open_findings,
                    "plan_id": row.plan_id,
                }
                for row in rows
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print(f"{district or doc.path.name}: no plans received yet.")
        return EXIT_OK
    header = ("School", "Versions", "Latest received", "Status", "School year", "Open findings")
    table = [header] + [
        (
            row.school,
            str(row.versions),
            _local(row.latest_received),
            row.status or "—",
            row.school_year or "—",
            str(row.open_findings),
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
