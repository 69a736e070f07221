"""``sipdesk district rollup DESK -o OUT.pdf|.zip|.json|.csv [--view KEY] [--as-of DATE]``:
the rollup across schools (issue 14, item 1), registered by district/cli.py.

What ``-o`` ends in chooses the export: ``.pdf`` the district report (every view as a table, with
a domain × school heat map and a stacked bar of action status by school), ``.zip`` one CSV file
per view, ``.json`` every view, ``.csv`` one view, named by ``--view`` (a CSV file holds one
table, so there is no default). Without ``-o`` it prints a short summary. ``--as-of DATE`` reads
each school's latest version received on or before that day, and places the monitoring period
on that day (else today). Bad input is one sentence and exit code 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sipdesk.district.desk_args import desk_argument, on_server, open_desk

EXIT_OK = 0
ENDINGS = (".pdf", ".zip", ".json", ".csv")
# The views, in the report's order (district/rollup_tables.py makes them).
VIEW_KEYS = (
    "practices",
    "domains",
    "domain-gaps",
    "strategies",
    "measures",
    "implementation",
    "budget",
    "supports",
    "readiness",
)


def add_rollup_command(actions: Any) -> None:
    rollup = actions.add_parser(
        "rollup",
        help="across schools: practices, measures, implementation, budget, supports, review",
        description="The rollup across the schools' latest plans. -o chooses the export by its "
        "ending: .pdf (the district report), .zip (one CSV file per view), .json (every view) "
        "or .csv (one view, named with --view).",
    )
    rollup.add_argument("desk", type=desk_argument)
    rollup.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="OUT.pdf, OUT.zip, OUT.json or OUT.csv"
    )
    rollup.add_argument(
        "--view", choices=VIEW_KEYS, metavar="VIEW", help=f"for .csv: one of {', '.join(VIEW_KEYS)}"
    )
    rollup.add_argument(
        "--as-of", metavar="DATE", help="the versions received by this day (year-month-day)"
    )


def run_rollup(args: argparse.Namespace) -> int:
    from sipdesk.district.rollup import PlanCache, rollup
    from sipdesk.district.versions import DeskUsageError

    named = (
        Path("desk") if on_server(args) else Path(args.desk)
    )  # a server's address may hold a password
    as_of = _day(args.as_of, named) if args.as_of else None
    target = args.output.expanduser().absolute() if args.output is not None else None
    ending = target.suffix.lower() if target is not None else ""
    if target is not None and ending not in ENDINGS:
        raise DeskUsageError(
            named,
            f"“{target.name}” does not end in .pdf, .zip, .json or .csv; the ending chooses "
            "how the rollup is written.",
        )
    if ending == ".csv" and not args.view:
        raise DeskUsageError(
            named,
            "A CSV file holds one table: please name it with --view (for example --view "
            "practices), or write every table with -o OUT.zip.",
        )
    if args.view and ending != ".csv":
        raise DeskUsageError(named, "--view goes with a .csv output (-o OUT.csv).")
    today = as_of or dt.date.today()
    cache = PlanCache()
    with open_desk(args, readonly=True) as doc, doc.session() as session:
        data = rollup(session, doc.path, today=today, as_of=as_of, cache=cache)
    if target is None:
        print("\n".join(summary_lines(data)))
    else:
        _write(data, target, ending, args.view)
        print(f"Wrote {target.name} ({_plural(len(data.schools), 'school')}).")
    if cache.made:  # versions received before desk schema 5: keep their facts for next time
        _keep_facts(args, cache.made)
    return EXIT_OK


def _keep_facts(args: argparse.Namespace, made: dict[int, str]) -> None:
    """Store the rollup facts made from versions' files, when the desk can be written now;
    otherwise leave it (the rollup is written all the same, and the next one makes them
    again). Never an error of its own: someone may have the desk open, or it may be in a
    place SIP Desk cannot save to."""
    from sqlalchemy.exc import SQLAlchemyError

    from sipdesk.district.rollup_facts import keep_facts
    from sipdesk.storage.errors import PlanFileError

    try:
        with open_desk(args) as doc:
            if doc.readonly:
                return
            with doc.transaction() as session:
                keep_facts(session, made)
            if doc.notice:  # a desk from an earlier SIP Desk, now brought up to date on disk
                print(doc.notice)
    except (PlanFileError, SQLAlchemyError, OSError):
        return  # a server's role that may only read, say: nothing is lost but time


def _day(text: str, desk: Path) -> dt.date:
    from sipdesk.district.versions import DeskUsageError

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DeskUsageError(
            desk,
            f"“{text.strip()}” is not a date SIP Desk can read; please write it as "
            "year-month-day, for example 2026-10-31.",
        ) from None


def _write(data: Any, target: Path, ending: str, view: str | None) -> None:
    from sipdesk.district import rollup_tables
    from sipdesk.storage.writeback import write_atomically

    if ending == ".pdf":
        from sipdesk.export.pdf.rollup import render_rollup

        payload = render_rollup(data)
    elif ending == ".zip":
        payload = rollup_tables.zip_bytes(data)
    elif ending == ".json":
        payload = rollup_tables.json_bytes(data)
    else:
        payload = rollup_tables.csv_bytes(rollup_tables.view_named(data, view or ""))

    def build(temp: Path) -> None:
        temp.write_bytes(payload)

    write_atomically(build, target)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_lines(data: Any) -> list[str]:
    """A few lines for the terminal: schools, domains nobody or some do not address, actions
    behind, schools not updated, the money."""
    from sipdesk.district.rollup_tables import gap_sentences, money_words
    from sipdesk.district.rollup_views import source_totals

    when = f" (versions received by {data.as_of.isoformat()})" if data.as_of else ""
    lines = [f"{data.district or 'The desk'}: {_plural(len(data.schools), 'school')}{when}"]
    if data.not_yet:
        lines.append(f"Not received by then: {', '.join(data.not_yet)}")
    lines += [sentence.rstrip(".") for sentence in gap_sentences(data)]
    behind = [row for row in data.implementation if row.behind]
    if behind:
        lines.append(
            "Actions behind: " + ", ".join(f"{row.school} ({row.behind})" for row in behind)
        )
    stale = [row.school for row in data.implementation if not row.updated]
    if stale:
        lines.append(f"Monitoring not updated this cycle: {', '.join(stale)}")
    for source, cents, schools in source_totals(data.budget):
        lines.append(f"Budget, {source}: {money_words(cents)} ({_plural(schools, 'school')})")
    return lines
