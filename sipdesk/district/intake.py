"""Intake: received plan files into a district desk.

Given plan files, folders of them, or saved emails (``.eml``, read with the standard ``email``
package) with plans attached, each plan is:

* read once from where it lies (the source is only ever read, never written);
* recognised as ``same`` when a version with the same bytes (SHA-256) is already on the desk;
* otherwise validated as the untrusted file it is, exactly as opening a plan does: its bytes
  are written once into SIP Desk's private folder and checked there by the function
  :meth:`~sipdesk.storage.document.PlanDocument.open` uses read-only
  (``validate_private_copy``: the header, the file's integrity, its layout and every value,
  and an older plan brought up to date in the copy), then the parts the desk keeps facts of
  read from that copy;
* refused with that check's one sentence when it fails — the rest of the batch goes on;
* or recorded, in its group's durable transaction (see :func:`intake`), as a new version of
  its school with the facts read from it (school, school year, status, plan date, open
  readiness findings, plan id) and its rollup facts (``district/rollup_facts.py``, desk
  schema 5).
  The desk keeps the bytes exactly as received.

Plan identity — which school's history a version joins. Versions are recognised by plan id
first; the other facts only place a plan the desk has not seen yet:

1. the plan's id (``profile["plan_id"]``, a UUID made with the plan and kept by its copies,
   exports and imports) when a version with that id is already on the desk — whatever the
   school's name or state id say now, since a school may rename itself or correct its id;
2. otherwise the state school id, when the plan has one and a school on the desk has it;
3. otherwise the school's name, with case and spacing not counting — unless both the plan and
   that school have state school ids and they differ: then they are two schools that share a
   name;
4. otherwise the plan starts a new school (named after its file when the plan has no name).

So a plan with a new id but the name (or state id) of a school on the desk — a school that
started a fresh plan file, say for its next plan cycle — joins that school's history as a
plan of its own: each version records its plan id, and later versions of either plan join
by it. Only an id the school's file carried counts: a file from before plans had ids
(schema version 5 or older) is given one when it is brought up to date in the desk's copy, a
random one each time, so such a version records no plan id and is placed by rules 2-4.

A folder given is read one level deep: its ``.sipdesk`` files and ``.eml`` emails, in name
order. A file named directly is always tried, whatever its name. An email's attachments whose
names end in ``.sipdesk`` are its plans; an email with none is refused with a sentence.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Insert, Select, bindparam, func, insert, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from sipdesk.crash_log import log_unexpected
from sipdesk.district.document import utc_now
from sipdesk.district.models import (
    PART_BYTES,
    PlanVersion,
    PlanVersionPart,
    School,
    VersionFacts,
)
from sipdesk.district.rollup_facts import FACTS_VERSION, STATUS_FIELDS
from sipdesk.district.server import OpenDesk, ServerDeskError, one_intake_at_a_time
from sipdesk.models.base import table_of
from sipdesk.models.limits import MAX_FILE_BYTES
from sipdesk.storage.document import _check_plan_path
from sipdesk.storage.errors import PlanFileError, UnsafePlanError
from sipdesk.storage.plan_read import Recipe, read_plan_parts, recipe_for
from sipdesk.storage.private_folder import _claim_folder, _release_folder
from sipdesk.storage.validate import read_header, unreadable

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc

ADDED, SAME, REFUSED = "added", "same", "refused"
PLAN_SUFFIX = ".sipdesk"
EMAIL_SUFFIX = ".eml"
# The first plan-file schema version whose plans carry their own plan id (migration 0006).
PLAN_ID_SCHEMA = 6
# A saved email may carry several plans, each encoded longer than the file itself.
MAX_EMAIL_BYTES = 4 * MAX_FILE_BYTES

# Called after each file given or found (a plan or an email): (done, total, its name).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Outcome:
    """What became of one received plan (or of an email that carried none)."""

    result: str  # ADDED, SAME or REFUSED
    source: str  # the file as named to the person: a path, or "mail.eml (attachment X)"
    reason: str = ""  # REFUSED: the one sentence saying why
    school: str = ""  # ADDED, SAME: the school whose history holds the version
    number: int = 0  # ADDED, SAME: the version's number in that history

    def line(self) -> str:
        """The command line's line: ``added: …``, ``same: …`` or ``refused: FILE: reason``."""
        if self.result == REFUSED:
            return f"refused: {self.source}: {self.reason}"
        if self.result == SAME:
            return f"same: {self.source} (already received: {self.school}, version {self.number})"
        return f"added: {self.source} ({self.school}, version {self.number})"


@dataclass(frozen=True)
class _Source:
    shown: str
    path: Path
    is_email: bool


@dataclass(frozen=True)
class _Facts:
    plan_id: str
    school_name: str
    state_school_id: str
    school_year: str
    status: str
    plan_date: dt.date | None
    open_findings: int
    plan_schema_version: int
    rollup: str  # the version's rollup facts, as the desk keeps them (district/rollup_facts.py)


def gather(paths: Iterable[Path | str]) -> list[_Source]:
    """The files a batch will read: each path given, and the plans and emails in a folder."""
    sources: list[_Source] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                children = sorted(path.iterdir(), key=lambda p: p.name)
            except OSError:  # reading it as a file then says what is wrong, in a sentence
                sources.append(_Source(str(path), path, is_email=False))
                continue
            for child in children:
                suffix = child.suffix.lower()
                if suffix in (PLAN_SUFFIX, EMAIL_SUFFIX) and not child.name.startswith("."):
                    sources.append(_Source(str(child), child, suffix == EMAIL_SUFFIX))
        else:
            sources.append(_Source(str(path), path, path.suffix.lower() == EMAIL_SUFFIX))
    return sources


def intake(
    desk: OpenDesk, paths: Iterable[Path | str], progress: Progress | None = None
) -> list[Outcome]:
    """Take every plan in ``paths`` into ``desk``; one outcome per plan (or plan-less email).

    A bad file never stops the batch. Problems with the desk itself (a full disk, say) do:
    they are raised as the desk's PlanFileError, and every version reported before stays.

    Versions are recorded in groups, one durable transaction each (every :data:`GROUP_FILES`
    files or :data:`GROUP_SECONDS` seconds, whichever comes first), and a file's outcome and its
    ``progress`` call come only after the commit that holds it. So a killed intake has kept
    every version it reported; one it had not reported yet is simply new to the next intake.
    """
    sources = gather(paths)
    outcomes: list[Outcome] = []
    scratch, lock = _claim_folder("readonly", desk.path)
    try:
        at = 0
        while at < len(sources):
            with _Group(desk) as group:
                while at < len(sources) and not group.full():
                    at += 1
                    source = sources[at - 1]
                    taken = [
                        _take(group, scratch, shown, name, read)
                        for shown, name, read in _plans_in(source)
                    ]
                    group.waiting.append((at, source.shown, taken))
            # Committed (or nothing to commit): only now is it said what became of them.
            for done, shown, taken in group.waiting:
                outcomes.extend(taken)
                if progress is not None:
                    progress(done, len(sources), shown)
    finally:
        _release_folder(scratch, lock)
    return outcomes


# A batch commits its versions every so many files or seconds, whichever comes first: a commit
# (with its fsync) per version was a fifth of intake's time. Small enough that the progress
# shown moves steadily and that a killed intake has little to do again.
GROUP_FILES = 20
GROUP_SECONDS = 0.3


class _Group:
    """One group of a batch: the transaction its versions are recorded in, opened at its first
    new version (a group of known or refused files changes nothing), and what waits to be
    reported until that transaction is committed."""

    def __init__(self, desk: OpenDesk) -> None:
        self.desk = desk
        self.waiting: list[tuple[int, str, list[Outcome]]] = []
        self._began = time.monotonic()
        self._stack = contextlib.ExitStack()
        self._session: Session | None = None

    def __enter__(self) -> _Group:
        return self

    def __exit__(self, *exc: object) -> None:
        # Commits the group's transaction, or rolls it back when an error is on its way out.
        self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def full(self) -> bool:
        return len(self.waiting) >= GROUP_FILES or (time.monotonic() - self._began >= GROUP_SECONDS)

    def reading(self) -> contextlib.AbstractContextManager[Session]:
        """The group's transaction once open (it sees the versions recorded in it so far),
        else a session for reading."""
        if self._session is not None:
            return contextlib.nullcontext(self._session)
        return self.desk.session()

    def writing(self) -> Session:
        """The group's transaction, opened at its first new version."""
        if self._session is None:
            session = self._stack.enter_context(self.desk.transaction())
            one_intake_at_a_time(session)  # on a server, two people adding at once (issue 14)
            self._session = session
        return self._session


# ----------------------------------------------------------------- reading the sources
Reader = Callable[[], bytes]


def _plans_in(source: _Source) -> Iterator[tuple[str, str, Reader]]:
    """(name to show, file name, read its bytes) for each plan in ``source``."""
    if not source.is_email:
        yield source.shown, source.path.name, lambda: _read_plan_file(source.path)
        return
    name = source.path.name
    try:
        attachments = list(_attachments(source.path))
    except PlanFileError as exc:
        yield source.shown, name, _raiser(exc)
        return
    except Exception as exc:  # an email from outside may be malformed in any way
        log = log_unexpected(exc)
        where = f"; the details were saved to {log}" if log else ""
        sentence = f"“{name}” could not be read as an email{where}."
        yield source.shown, name, _raiser(PlanFileError(source.path, sentence))
        return
    if not attachments:
        sentence = f"No plan (a {PLAN_SUFFIX} file) is attached to “{name}”."
        yield source.shown, name, _raiser(PlanFileError(source.path, sentence))
    for name, data in attachments:
        yield f"{source.shown} (attachment {name})", name, _constant(data)


def _raiser(exc: PlanFileError) -> Reader:
    def read() -> bytes:
        raise exc

    return read


def _constant(data: bytes) -> Reader:
    return lambda: data


def _read_plan_file(path: Path) -> bytes:
    _check_plan_path(path)  # a folder, a device or a pipe is refused before any reading
    read_header(path)  # size, and whether it is a plan at all, from 100 bytes
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise unreadable(path, exc) from None
    return data


def _attachments(path: Path) -> Iterator[tuple[str, bytes]]:
    """The plans attached to the saved email at ``path``: (safe file name, bytes)."""
    _check_plan_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_EMAIL_BYTES:
            raise UnsafePlanError(
                path,
                f"“{path.name}” is larger than {MAX_EMAIL_BYTES // 2**20} MB, more than an email "
                "with plans attached needs, so it was not read.",
            )
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
    except OSError as exc:
        raise unreadable(path, exc) from None
    for part in message.walk():
        if part.is_multipart():
            continue
        name = safe_name(part.get_filename() or "")
        if not name.lower().endswith(PLAN_SUFFIX):
            continue
        data = part.get_payload(decode=True)
        yield name, data if isinstance(data, bytes) else b""


def safe_name(name: str) -> str:
    """An attachment's name, made safe to use as a file name (it comes from outside)."""
    return re.sub(r"[\x00-\x1f\x7f/\\:]", "_", name).strip().strip(".")[-120:]


# ----------------------------------------------------------------- one plan
def _take(group: _Group, scratch: Path, shown: str, name: str, read: Reader) -> Outcome:
    try:
        data = read()
        if len(data) > MAX_FILE_BYTES:
            raise UnsafePlanError(
                Path(name),
                f"“{name}” is larger than {MAX_FILE_BYTES // 2**20} MB, the most a plan file "
                "may be, so it was not opened.",
            )
        digest = hashlib.sha256(data).hexdigest()
        with group.reading() as session:
            known = _known(session, digest)
            if known is not None:
                return Outcome(SAME, shown, school=known[0], number=known[1])
        facts = _read_facts(scratch, name, data)
    except ServerDeskError:
        raise  # the desk itself, not this plan: the batch stops with the desk's sentence
    except PlanFileError as exc:
        return Outcome(REFUSED, shown, reason=str(exc))
    except Exception as exc:  # never stop the batch; the details go to the log
        log = log_unexpected(exc)
        where = f"; the details were saved to {log}" if log else ""
        return Outcome(
            REFUSED,
            shown,
            reason=f"“{name}” could not be read (something unexpected went wrong{where}).",
        )
    title, number, added = _record(group.writing(), facts, digest, data, shown, name)
    return Outcome(ADDED if added else SAME, shown, school=title, number=number)


def _read_facts(scratch: Path, name: str, data: bytes) -> _Facts:
    """Validate the plan's bytes as opening does, and read what the desk keeps of it.

    As :meth:`PlanDocument.open` read-only, but on the one private copy intake writes anyway:
    the same header check, validation and upgrade of an older plan
    (``storage.document.validate_private_copy``), then the plan read from the checked copy
    over the same read-only connection, with ``sqlite3`` alone (``storage.plan_read``, as a
    plan's first page is) — without a second copy and a private folder per plan, and without
    making and disposing of a SQLAlchemy engine for every file.
    """
    from sipdesk.district.rollup_facts import ROLLUP_PARTS, facts_text
    from sipdesk.services.checks import READINESS_PARTS, readiness
    from sipdesk.storage.document import validate_private_copy
    from sipdesk.storage.engine import connect

    # Under its own name, so every sentence names the file as the person knows it.
    copy = (scratch / name).absolute()
    try:
        copy.write_bytes(data)
        _check_plan_path(copy)
        read_header(copy, copy)
        version = validate_private_copy(copy, copy)
        conn = connect(copy, readonly=True)
        try:
            # Only what the readiness count and the rollup facts read: not the needs
            # assessment, SWOT, team, glossary, meeting notes and the like.
            plan = read_plan_parts(conn, (*READINESS_PARTS, *ROLLUP_PARTS), _recipe())
        finally:
            conn.close()
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                copy.with_name(copy.name + suffix).unlink()
    profile: Mapping[str, Any] = plan["profile"]
    # An older file's id was made up just now, in the desk's scratch copy: it is not the plan's.
    plan_id = _text(plan["profile"]["plan_id"]) if version >= PLAN_ID_SCHEMA else ""
    return _Facts(
        plan_id=plan_id,
        school_name=_text(profile.get("school_name")),
        state_school_id=_text(profile.get("state_school_id")),
        school_year=_text(profile.get("school_year")),
        status=_text(profile.get("status")),
        plan_date=_date(profile.get("plan_date")),
        open_findings=len(readiness(cast("PlanDoc", plan))),
        plan_schema_version=version,
        rollup=facts_text(plan),
    )


@cache
def _recipe() -> Recipe:
    """How intake reads a plan: every part readiness and the rollup facts read, and of the
    monthly statuses (most of a large plan's rows) only what the facts keep of them, their
    month and status: readiness reads none (tests/unit/test_district_intake.py holds the
    facts and readiness equal to those of the whole plan)."""
    return recipe_for({"action_statuses": STATUS_FIELDS})


def _text(value: object) -> str:
    # A NUL character means nothing in a name, and PostgreSQL's text cannot hold one.
    return " ".join(str(value).replace("\x00", "").split()) if value is not None else ""


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return None


def name_key(name: str) -> str:
    """A school's name for matching: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def _record(
    session: Session, facts: _Facts, digest: str, data: bytes, shown: str, name: str
) -> tuple[str, int, bool]:
    """Add the version to its school's history, in the group's transaction: (school, number,
    True), or (school, number, False) when the same bytes arrived meanwhile.

    New rows are plain inserts on the tables (nothing in this session reads them back as
    objects): the session's unit of work, twice a plan, was most of the time it took."""
    known = _known(session, digest)
    if known is not None:  # someone else added these very bytes a moment ago
        return (known[0], known[1], False)
    school = _match(session, facts)
    if school is None:
        title = facts.school_name or Path(name).stem
        school_id = _inserted(
            session,
            _queries().add_school,
            name=title,
            name_key=name_key(title),
            state_school_id=facts.state_school_id,
            added_at=utc_now(),
        )
    else:
        title, school_id = school.name, school.id
        if facts.state_school_id and not school.state_school_id:
            school.state_school_id = facts.state_school_id
    last = session.scalar(_queries().last_number, {"school_id": school_id})
    number = (last or 0) + 1
    version_id = _inserted(
        session,
        _queries().add_version,
        school_id=school_id,
        number=number,
        sha256=digest,
        size=len(data),
        received_at=utc_now(),
        source_name=shown,
        plan_id=facts.plan_id,
        school_name=facts.school_name,
        state_school_id=facts.state_school_id,
        school_year=facts.school_year,
        status=facts.status,
        plan_date=facts.plan_date,
        open_findings=facts.open_findings,
        plan_schema_version=facts.plan_schema_version,
    )
    session.execute(
        _queries().add_facts,
        [{"version_id": version_id, "facts_version": FACTS_VERSION, "facts": facts.rollup}],
    )
    session.execute(
        _queries().add_parts,
        [
            {"version_id": version_id, "part": part, "data": data[start : start + PART_BYTES]}
            for part, start in enumerate(range(0, len(data), PART_BYTES))
        ],
    )
    return title, number, True


def _inserted(session: Session, statement: Insert, **values: Any) -> int:
    """Insert one row; its new id."""
    result = cast("CursorResult[Any]", session.execute(statement, values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _known(session: Session, digest: str) -> tuple[str, int] | None:
    """The school and number of the version with these bytes, if the desk has it."""
    row = session.execute(_queries().known, {"digest": digest}).first()
    return None if row is None else (row[0], row[1])


def _match(session: Session, facts: _Facts) -> School | None:
    """The school whose history this plan joins (see the module's docstring), or None."""
    return match_school(
        session,
        plan_id=facts.plan_id,
        state_school_id=facts.state_school_id,
        school_name=facts.school_name,
    )


def match_school(
    session: Session, *, plan_id: str, state_school_id: str, school_name: str
) -> School | None:
    """The school on the desk these facts name, by the rules in the module's docstring (plan
    id, then state school id, then name). A school the district listed before any plan
    arrived (district/roster.py) is a school on the desk like any other, so its first plan
    joins it; listing a school uses the same rules, so no school is on the desk twice."""
    queries = _queries()
    if plan_id:
        school_id = session.scalars(queries.by_plan_id, {"plan_id": plan_id}).first()
        if school_id is not None:
            return session.get(School, school_id)
    if state_school_id:
        found = session.scalars(queries.by_state_id, {"state_id": state_school_id}).first()
        if found is not None:
            return found
    if not school_name:
        return None
    named = session.scalars(queries.by_name, {"key": name_key(school_name)})
    for school in named:
        state_ids = (state_school_id, school.state_school_id)
        if all(state_ids) and state_ids[0] != state_ids[1]:
            continue  # two schools that share a name, told apart by the state's ids
        return school
    return None


class _Queries(NamedTuple):
    known: Select[str, int]
    by_plan_id: Select[int]
    by_state_id: Select[School]
    by_name: Select[School]
    last_number: Select[int]
    add_school: Insert
    add_version: Insert
    add_facts: Insert
    add_parts: Insert


@cache
def _queries() -> _Queries:
    """The statements intake runs for every plan, built once: SQLAlchemy took longer to build
    them afresh for each plan than the database takes to run them."""
    return _Queries(
        known=select(School.name, PlanVersion.number)
        .join(School, School.id == PlanVersion.school_id)
        .where(PlanVersion.sha256 == bindparam("digest"))
        .limit(1),
        by_plan_id=select(PlanVersion.school_id)
        .where(PlanVersion.plan_id == bindparam("plan_id"))
        .limit(1),
        by_state_id=select(School)
        .where(School.state_school_id == bindparam("state_id"))
        .order_by(School.id)
        .limit(1),
        by_name=select(School).where(School.name_key == bindparam("key")).order_by(School.id),
        last_number=select(func.max(PlanVersion.number)).where(
            PlanVersion.school_id == bindparam("school_id")
        ),
        add_school=insert(table_of(School)),
        add_version=insert(table_of(PlanVersion)),
        add_facts=insert(table_of(VersionFacts)),
        add_parts=insert(table_of(PlanVersionPart)),
    )


def version_bytes(session: Session, version_id: int) -> bytes:
    """The received file of a version, byte for byte."""
    parts = session.scalars(
        select(PlanVersionPart.data)
        .where(PlanVersionPart.version_id == version_id)
        .order_by(PlanVersionPart.part)
    )
    return b"".join(parts)
