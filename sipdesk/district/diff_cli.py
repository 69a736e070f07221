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

from sipdesk.district.desk_args import desk_argument, open_desk

EXIT_OK = 0


def add_diff_command(actions: Any) -> None:
    """Register ``diff`` on the ``district`` command's actions."""
    diff = actions.add_parser(
        "diff", help="what changed between two versions of a school's plan (text, or a PDF)"
    )
    diff.add_argument("desk", type=desk_argument)
    diff.add_argument("school", metavar="SCHOOL", help="the school's name or its plan id")
    diff.add_argument("--from", dest="from_version", type=int, metavar="N", help="older version")
    diff.add_argument("--to", dest="to_version", type=int, metavar="M", help="newer version")
    diff.add_argument("-o", "--output", type=Path, metavar="OUT.pdf", help="write a PDF")


def run_diff(args: argparse.Namespace) -> int:
    from sipdesk.district.desk_review import (
        check_pdf_target,
        compare_versions,
        one_version_sentence,
        write_diff_pdf,
    )
    from sipdesk.district.diff import text_lines
    from sipdesk.district.versions import find_school

    target = args.output.expanduser().absolute() if args.output is not None else None
    if target is not None:
        check_pdf_target(target, args.desk)
    with open_desk(args, readonly=True) as doc, doc.session() as session:
        school = find_school(session, args.school, doc.path)
        compared = compare_versions(session, school, doc.path, args.from_version, args.to_version)
        if compared is None:
            print(one_version_sentence(school.name))
            return EXIT_OK
    if target is None:
        lines = list(text_lines(compared.diff, compared.title.title))
        if compared.title.received:
            lines.insert(1, compared.title.received)
        print("\n".join(lines))
        return EXIT_OK
    write_diff_pdf(compared, target, today=dt.date.today())
    print(f"Wrote {target.name}.")
    return EXIT_OK
