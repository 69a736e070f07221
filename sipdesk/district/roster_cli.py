"""``sipdesk district expect-school``, ``expect-schools``, ``forget-school``, ``rename`` and
``set-state-id``: the district's list of the schools it expects plans from, and a school's name
and state school id on the desk (issue 13; district/roster.py), registered by district/cli.py.

Bad input is one sentence (a bad CSV: one per bad row) and exit code 2 (a
:class:`DeskUsageError`, which sipdesk/cli.py turns into that sentence); nothing is written then.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sipdesk.district.desk_args import desk_argument, on_server, open_desk

EXIT_OK = 0


def add_roster_commands(actions: Any) -> None:
    one = actions.add_parser(
        "expect-school",
        help="add a school to the list of schools the district expects plans from",
        description="Put a school on the district's list before its first plan arrives; its "
        "first plan joins it (by state school id, else by name).",
    )
    one.add_argument("desk", type=desk_argument)
    one.add_argument("name", help="the school's name")
    one.add_argument("--state-id", default="", metavar="ID", help="the state school id")
    many = actions.add_parser(
        "expect-schools",
        help="add the schools of a CSV file (columns name,state_id) to the district's list",
    )
    many.add_argument("desk", type=desk_argument)
    many.add_argument("file", type=Path, metavar="FILE.csv")
    forget = actions.add_parser(
        "forget-school", help="take a school that has sent nothing off the district's list"
    )
    forget.add_argument("desk", type=desk_argument)
    forget.add_argument("school", help="the school's name")
    rename = actions.add_parser(
        "rename",
        help="give a school on the desk another name",
        description="Rename a school on the desk (its received plans keep what they said).",
    )
    rename.add_argument("desk", type=desk_argument)
    rename.add_argument("school", help="the school's name or plan id")
    rename.add_argument("new_name", metavar="NEW_NAME", help="the school's new name")
    state_id = actions.add_parser(
        "set-state-id",
        help='give a school on the desk its state school id ("" takes it off)',
        description="Set the state school id a school's plans are matched by (its received "
        "plans keep what they said). An id another school on the desk has is refused.",
    )
    state_id.add_argument("desk", type=desk_argument)
    state_id.add_argument("school", help="the school's name or plan id")
    state_id.add_argument("state_id", metavar="ID", help='the state school id ("" for none)')


def _named(args: argparse.Namespace) -> Path:
    """The desk as sentences name it (a server's address, which may hold a password, is not)."""
    return Path("desk") if on_server(args) else Path(args.desk)


def _expect_school(args: argparse.Namespace) -> int:
    from sipdesk.district.roster import check_school, expect_school
    from sipdesk.district.versions import DeskUsageError

    name, state_id, problem = check_school(args.name, args.state_id)
    if problem:
        raise DeskUsageError(_named(args), problem)
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        with doc.transaction() as session:
            listed = expect_school(session, name, state_id)
    print(listed.line())
    return EXIT_OK


def _expect_schools(args: argparse.Namespace) -> int:
    from sipdesk.district.roster import ADDED, expect_schools, read_school_list

    schools = read_school_list(args.file, _named(args))  # every row checked before the desk opens
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        with doc.transaction() as session:
            done = expect_schools(session, schools)
    for listed in done:
        print(listed.line())
    added = sum(1 for listed in done if listed.result == ADDED)
    print(f"{len(done)} school(s) on the list from {args.file.name}; {added} new on the desk.")
    return EXIT_OK


def _forget_school(args: argparse.Namespace) -> int:
    from sipdesk.district.roster import forget_school

    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        with doc.transaction() as session:
            name, checkins = forget_school(session, args.school, doc.path)
    also = ""
    if checkins:
        also = f" (and its {checkins} scheduled check-in{'s' if checkins != 1 else ''})"
    print(f"Took {name} off the desk{also}.")
    return EXIT_OK


def _rename(args: argparse.Namespace) -> int:
    from sipdesk.district.roster import check_school, rename_school
    from sipdesk.district.versions import DeskUsageError

    _name, _state_id, problem = check_school(args.new_name, "")
    if problem:  # before the desk is opened
        raise DeskUsageError(_named(args), problem)
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        with doc.transaction() as session:
            renamed = rename_school(session, args.school, args.new_name, doc.path)
    print(renamed.line())
    return EXIT_OK


def _set_state_id(args: argparse.Namespace) -> int:
    from sipdesk.district.roster import check_school, set_state_id
    from sipdesk.district.versions import DeskUsageError, find_school

    _name, _state_id, problem = check_school("-", args.state_id)
    if problem:  # before the desk is opened
        raise DeskUsageError(_named(args), problem)
    with open_desk(args) as doc:
        if doc.notice:
            print(doc.notice)
        with doc.transaction() as session:
            school = find_school(session, args.school, doc.path)
            done = set_state_id(session, school.id, args.state_id, doc.path)
    print(done.line())
    return EXIT_OK


ROSTER_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "expect-school": _expect_school,
    "expect-schools": _expect_schools,
    "forget-school": _forget_school,
    "rename": _rename,
    "set-state-id": _set_state_id,
}
