"""The district's list of the schools it expects plans from (its roster; issue 13).

A school on the list is a :class:`~sipdesk.district.models.School` row like any other, made
before its first plan arrives, with an :class:`~sipdesk.district.models.ExpectedSchool` row
saying it is listed. Until a plan arrives it has no versions, and the desk shows it with its
deadline state ("missing" once the first draft's date has passed). Listing a school finds a
school already on the desk by the rules intake uses (:func:`sipdesk.district.intake.match_school`:
state school id, then name), and a plan arriving later joins the listed school by the same
rules, so no school is ever on the desk twice.

A CSV of schools (``name,state_id``) comes from outside and is read as untrusted: a size cap,
UTF-8, the two columns named in its first row, each row checked; every bad row gets its own
sentence and nothing is written unless every row is good. Qt-free.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sipdesk.district.document import utc_now
from sipdesk.district.intake import match_school, name_key
from sipdesk.district.models import Checkin, ExpectedSchool, PlanVersion, School
from sipdesk.district.versions import DeskUsageError, find_school

MAX_NAME = 200  # characters of a school's name
MAX_STATE_ID = 60  # characters of a state school id
MAX_CSV_BYTES = 512 * 1024  # a list of a few thousand schools is far smaller
MAX_ROWS = 5000
MAX_ROW_SENTENCES = 20  # bad rows named one by one; more are counted

ADDED, LISTED, ALREADY = "added", "listed", "already"


@dataclass(frozen=True)
class Listed:
    """What listing one school did."""

    school: str
    result: str  # ADDED (new on the desk), LISTED (on the desk already, now on the list) or ALREADY
    school_id: int = 0  # the school's row on the desk

    def line(self) -> str:
        if self.result == ADDED:
            return f"Added {self.school} to the schools you expect plans from."
        if self.result == LISTED:
            return (
                f"{self.school} is already on the desk; it is now on the list of schools you "
                "expect plans from."
            )
        return f"{self.school} is already on the list of schools you expect plans from."


def check_school(name: str, state_id: str, where: str = "") -> tuple[str, str, str]:
    """The name and state id tidied (spacing folded), or ``("", "", sentence)`` when bad.
    ``where`` starts the sentence for a row of a file ("Row 4: ")."""
    tidy_name = " ".join(name.split())
    tidy_id = " ".join(state_id.split())
    problem = ""
    if not tidy_name:
        problem = "the school's name is empty."
    elif len(tidy_name) > MAX_NAME:
        problem = f"the school's name is longer than {MAX_NAME} characters."
    elif len(tidy_id) > MAX_STATE_ID:
        problem = f"the state school id is longer than {MAX_STATE_ID} characters."
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in tidy_name + tidy_id):
        problem = "the school's name or state id holds characters that are not text."
    if problem:
        sentence = f"{where}{problem}" if where else problem[0].upper() + problem[1:]
        return "", "", sentence
    return tidy_name, tidy_id, ""


def expect_school(session: Session, name: str, state_id: str = "") -> Listed:
    """Put one school on the list (its name and state school id already checked): the school
    on the desk it names (state id, then name, as intake places a plan), else a new school."""
    school = match_school(session, plan_id="", state_school_id=state_id, school_name=name)
    result = LISTED
    if school is None:
        school = School(
            name=name, name_key=name_key(name), state_school_id=state_id, added_at=utc_now()
        )
        session.add(school)
        session.flush()
        result = ADDED
    elif state_id and not school.state_school_id:
        school.state_school_id = state_id
    if session.get(ExpectedSchool, school.id) is not None:
        return Listed(school.name, ALREADY, school.id)
    session.add(ExpectedSchool(school_id=school.id, listed_at=utc_now()))
    session.flush()
    return Listed(school.name, result, school.id)


def read_school_list(path: Path, desk_path: Path) -> list[tuple[str, str]]:
    """The schools in a CSV file (``name,state_id``), checked as outside input; a
    :class:`DeskUsageError` with one sentence per bad row (nothing is read half)."""
    shown = path.name
    try:
        if not path.is_file():
            raise DeskUsageError(desk_path, f"“{shown}” is not a file SIP Desk can read.")
        if path.stat().st_size > MAX_CSV_BYTES:
            raise DeskUsageError(
                desk_path,
                f"“{shown}” is larger than {MAX_CSV_BYTES // 1024} KB, far more than a list of "
                "schools needs, so it was not read.",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_CSV_BYTES + 1)
    except OSError:
        raise DeskUsageError(desk_path, f"“{shown}” could not be read.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeskUsageError(
            desk_path, f"“{shown}” is not a text file (UTF-8), so no school was added."
        ) from None
    if "\x00" in text:
        raise DeskUsageError(desk_path, f"“{shown}” is not a text file, so no school was added.")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise DeskUsageError(
            desk_path, f"“{shown}” could not be read as a CSV file, so no school was added."
        ) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DeskUsageError(desk_path, f"“{shown}” lists no schools.")
    header = [" ".join(cell.split()).casefold().replace(" ", "_") for cell in rows[0]]
    if "name" not in header:
        raise DeskUsageError(
            desk_path,
            f"The first row of “{shown}” should name its columns: name,state_id "
            "(state_id may be left empty).",
        )
    if len(rows) - 1 > MAX_ROWS:
        raise DeskUsageError(
            desk_path, f"“{shown}” lists more than {MAX_ROWS} schools, so none was added."
        )
    at_name = header.index("name")
    at_id = header.index("state_id") if "state_id" in header else -1
    schools: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            problems.append(f"Row {number}: it has more cells than the first row has columns.")
            continue
        name = row[at_name] if at_name < len(row) else ""
        state_id = row[at_id] if 0 <= at_id < len(row) else ""
        tidy_name, tidy_id, problem = check_school(name, state_id, f"Row {number}: ")
        if problem:
            problems.append(problem)
        else:
            schools.append((tidy_name, tidy_id))
    if problems:
        shown_problems = problems[:MAX_ROW_SENTENCES]
        if len(problems) > MAX_ROW_SENTENCES:
            shown_problems.append(f"… and {len(problems) - MAX_ROW_SENTENCES} more rows.")
        rows_word = "row" if len(problems) == 1 else "rows"
        raise DeskUsageError(
            desk_path,
            f"{len(problems)} {rows_word} of “{shown}” could not be used, so no school was "
            "added:\n" + "\n".join(f"  {line}" for line in shown_problems),
        )
    if not schools:
        raise DeskUsageError(desk_path, f"“{shown}” lists no schools.")
    return schools


def expect_schools(session: Session, schools: list[tuple[str, str]]) -> list[Listed]:
    """Put every school of a checked list on the desk's list (in the caller's transaction)."""
    return [expect_school(session, name, state_id) for name, state_id in schools]


def forget_school(session: Session, text: str, desk_path: Path) -> tuple[str, int]:
    """Take a school that has sent no plan off the desk (and its check-ins, which can only be
    scheduled ones); (its name, the check-ins removed). A school with versions stays."""
    school = find_school(session, text, desk_path)
    versions = session.scalar(
        select(func.count(PlanVersion.id)).where(PlanVersion.school_id == school.id)
    )
    if versions:
        plans = "a plan" if versions == 1 else f"{versions} versions of its plan"
        raise DeskUsageError(
            desk_path,
            f"{school.name} has sent {plans}, so it stays on the desk; only a school that has "
            "not sent anything yet can be taken off the list.",
        )
    checkins = session.scalar(select(func.count(Checkin.id)).where(Checkin.school_id == school.id))
    session.execute(delete(Checkin).where(Checkin.school_id == school.id))
    session.execute(delete(ExpectedSchool).where(ExpectedSchool.school_id == school.id))
    name = school.name
    session.delete(school)
    session.flush()
    return name, int(checkins or 0)


@dataclass(frozen=True)
class Renamed:
    """What renaming a school did: its name before and after (the same when nothing changed)."""

    school_id: int
    before: str
    after: str

    def line(self) -> str:
        if self.before == self.after:
            return f"{self.after} is already called that; nothing was changed."
        return f"Renamed {self.before} to {self.after}."


def rename_school(session: Session, text: str, new_name: str, desk_path: Path) -> Renamed:
    """Give the school ``text`` names (as ``SCHOOL`` does everywhere) the name ``new_name``
    (in the caller's transaction). The name is checked as listing checks it; a name another
    school on the desk has (case and spacing not counting) is refused with a sentence. Only the
    desk's name for the school changes: its versions keep what their plans said."""
    school = find_school(session, text, desk_path)
    return rename_school_id(session, school.id, new_name, desk_path)


def rename_school_id(session: Session, school_id: int, new_name: str, desk_path: Path) -> Renamed:
    """:func:`rename_school` for the school with this id (the desk window's row)."""
    school = session.get(School, school_id)
    if school is None:
        raise DeskUsageError(desk_path, "That school is no longer on the desk.")
    name, _, problem = check_school(new_name, "")
    if problem:
        raise DeskUsageError(desk_path, problem)
    before = school.name
    key = name_key(name)
    taken = session.scalars(
        select(School.name).where(School.name_key == key, School.id != school.id).limit(1)
    ).first()
    if taken is not None:
        raise DeskUsageError(
            desk_path,
            f"There is already a school called {taken} on this desk; please choose another "
            f"name for {before}.",
        )
    if name != before:
        school.name = name
        school.name_key = key
        session.flush()
    return Renamed(school.id, before, name)


def expected_ids(session: Session) -> set[int]:
    """The ids of the schools on the district's list."""
    return set(session.scalars(select(ExpectedSchool.school_id)))


@dataclass(frozen=True)
class StateIdSet:
    """What setting a school's state school id did: the id before and after ("" is none)."""

    school_id: int
    school: str
    before: str
    after: str

    def line(self) -> str:
        if self.before == self.after:
            has = f"is already {self.after}" if self.after else "is already empty"
            return f"{self.school}'s state school id {has}; nothing was changed."
        if not self.after:
            return f"{self.school} has no state school id now (it was {self.before})."
        was = f" (it was {self.before})" if self.before else ""
        return f"{self.school}'s state school id is now {self.after}{was}."


def state_id_of(session: Session, school_id: int) -> str:
    """The school's state school id as the desk has it ("" when none or no such school)."""
    school = session.get(School, school_id)
    return school.state_school_id if school is not None else ""


def set_state_id(session: Session, school_id: int, state_id: str, desk_path: Path) -> StateIdSet:
    """Give the school with this id the state school id ``state_id`` ("" clears it), in the
    caller's transaction. The id is checked as listing checks it; an id another school on the
    desk has (case and spacing not counting) is refused with a sentence, since a plan arriving
    with it would not know which school it belongs to."""
    school = session.get(School, school_id)
    if school is None:
        raise DeskUsageError(desk_path, "That school is no longer on the desk.")
    _, tidy, problem = check_school(school.name, state_id)
    if problem:
        raise DeskUsageError(desk_path, problem)
    before = school.state_school_id or ""
    if tidy:
        taken = session.scalars(
            select(School.name)
            .where(func.lower(School.state_school_id) == tidy.lower(), School.id != school.id)
            .limit(1)
        ).first()
        if taken is not None:
            raise DeskUsageError(
                desk_path,
                f"{taken} already has the state school id {tidy}; please check the id for "
                f"{school.name}.",
            )
    if tidy != before:
        school.state_school_id = tidy
        session.flush()
    return StateIdSet(school.id, school.name, before, tidy)
