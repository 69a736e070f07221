"""``sipdesk district diff DESK SCHOOL [--from N --to M] [-o OUT.pdf]``: what changed.

Compares two versions of a school's plan on the desk: by default the one before the latest with
the latest. Without ``-o`` it prints the difference; with it, writes the PDF. A school with one
version has nothing to compare yet (said in a sentence, exit 0). A school or version the desk does
not have is one sentence and exit 2, as every bad input (``DeskUsageError`` is a plan file
error, which sipdesk/cli.py turns into that sentence).

Registered by ``sipdesk/district/cli.py``; only argparse is loaded until the command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_diff_command(actions: Any) -> None:
    """Register ``diff`` on the ``district`` command's actions."""
    diff = actions.add_parser(
        "diff", help="what changed between two versions of a school's plan (text, or a PDF)"
    )
    diff.add_argument("desk", type=Path)
    diff.add_argument("school", metavar="SCHOOL", help="the school's name or its plan id")
    diff.add_argument("--from", dest="from_version", type=int, metavar="N", help="older version")
    diff.add_argument("--to", dest="to_version", type=int, metavar="M", help="newer version")
    diff.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", help="write a PDF")


def run_diff(args: argparse.Namespace) -> int:
    from sipdesk.district.diff import compare, text_lines
    from sipdesk.district.document import DeskDocument
    from sipdesk.district.versions import (
        DeskUsageError,
        find_school,
        read_version,
        version_numbered,
        versions_of,
    )
    from sipdesk.export.pdf.diff import DiffTitle, render_diff
    from sipdesk.storage.document import write_atomically

    target = args.output.expanduser().absolute() if args.output is not None else None
    if target is not None and target.suffix.lower() != ".pdf":
        raise DeskUsageError(
            args.desk, f"“{target.name}” does not end in .pdf; the difference is written as a PDF."
        )
    with DeskDocument.open(args.desk, readonly=True) as doc, doc.session() as session:
        school = find_school(session, args.school, doc.path)
        count = len(versions_of(session, school))
        if count < 2 and args.from_version is None and args.to_version is None:
            print(
                f"{school.name} has sent one version of its plan so far; there is nothing to "
                "compare it with yet."
            )
            return EXIT_OK
        newer = version_numbered(
            session, school, args.to_version if args.to_version is not None else count, doc.path
        )
        older_number = args.from_version if args.from_version is not None else newer.number - 1
        if older_number == newer.number or older_number < 1:
            raise DeskUsageError(
                doc.path,
                f"Please choose two different versions of {school.name}'s plan to compare "
                f"(it has {'versions 1 to ' + str(count) if count > 1 else 'only version 1'}).",
            )
        older = version_numbered(session, school, older_number, doc.path)
        before = read_version(session, older, doc.path)
        after = read_version(session, newer, doc.path)
        title = DiffTitle(
            school=school.name,
            school_year=str(after.get("profile", {}).get("school_year") or ""),
            from_number=older.number,
            to_number=newer.number,
            from_received=_received(older.received_at, older.source_name),
            to_received=_received(newer.received_at, newer.source_name),
        )
        # A version from before plan ids has none on the desk (it gets a random one each time it
        # is read); it joined this school's history, so its items keep the ids they had.
        unknown = not older.plan_id or not newer.plan_id
    diff = compare(before, after, same_plan=True if unknown else None)
    if target is None:
        lines = list(text_lines(diff, title.title))
        if title.received:
            lines.insert(1, title.received)
        print("\n".join(lines))
        return EXIT_OK
    data = render_diff(diff, title, today=dt.date.today())

    def build(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomically(build, target)
    print(f"Wrote {target.name}.")
    return EXIT_OK


def _received(when: dt.datetime, source: str) -> str:
    """When a version arrived, in the reader's local time, and the file it came as."""
    local = when.replace(tzinfo=dt.UTC).astimezone()
    name = Path(source).name
    return f"{local:%B} {local.day}, {local.year} at {local:%H:%M}" + (f" ({name})" if name else "")
