"""Identity and shape of a desk file: its application id, desk schema version and expected
structure, and the check of an untrusted desk file (the plan's rules, with the desk's words).

The expected structure of each desk schema version is shipped as JSON beside this module
(``python -m sipdesk.district.schema`` writes it from the models; a test checks they agree), so
a desk written by one SQLAlchemy is read the same by another. The structure checks here are
about the SQLite file itself; the desk's own queries stay portable (see models.py).
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text, create_engine
from sqlalchemy.pool import StaticPool

from sipdesk.storage.errors import (
    DamagedPlanError,
    NotAPlanError,
    PlanFileError,
    UnsafePlanError,
)
from sipdesk.storage.schema import APPLICATION_ID, SQLITE_MAGIC, read_structure
from sipdesk.storage.validate import hardened_connection, unreadable

DESK_APPLICATION_ID = 0x53445354  # "SDST": SIP Desk, district
DESK_SCHEMA_VERSION = 6  # 2: the review tables (rubric, reviews, scores, comments);
# 3: the district's expectations (timeline, profile, goals) and check-ins;
# 4: the district's list of the schools it expects plans from (expected_schools);
# 5: each version's rollup facts, kept at intake (version_facts);
# 6: the district's self-reflection, Tool C (reflections, ratings, agreed levels, notes, links)
SUFFIX = ".sipdistrict"

_HERE = Path(__file__).resolve().parent


class NewerDeskError(PlanFileError):
    """The desk was written by a newer SIP Desk, in a desk schema this copy does not know."""


def read_desk_header(path: Path, display: Path | None = None) -> None:
    """Check the 100-byte SQLite header; raise NotAPlanError for anything but a desk."""
    shown = display or path
    name = shown.name
    try:
        size = path.stat().st_size
        if size == 0:
            raise NotAPlanError(shown, f"“{name}” is empty, so there is no district desk in it.")
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise unreadable(shown, exc) from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAPlanError(shown, f"“{name}” is not a district desk file.")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id == APPLICATION_ID:
        raise NotAPlanError(
            shown,
            f"“{name}” is a school's plan, not a district desk; add it to a desk with "
            "“sipdesk district add”.",
        )
    if app_id != DESK_APPLICATION_ID:
        raise NotAPlanError(
            shown, f"“{name}” is a database from another program, not a district desk."
        )
    raw_page = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    page_count = int.from_bytes(head[28:32], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedPlanError(shown, f"“{name}” is damaged and cannot be opened.")
    if page_count and page_count * page_size > size:
        raise DamagedPlanError(
            shown, f"“{name}” is incomplete — it may have been cut off while copying."
        )


def build_empty_desk(conn: sqlite3.Connection) -> None:
    """Create the desk's tables on ``conn`` and stamp its header (application id, version)."""
    from sipdesk.district.models import DeskBase

    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    DeskBase.metadata.create_all(engine)
    conn.execute(f"PRAGMA application_id = {DESK_APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {DESK_SCHEMA_VERSION}")
    conn.commit()


def schema_file(version: int) -> Path:
    return _HERE / f"desk_schema_v{version}.json"


@cache
def expected_structure(version: int = DESK_SCHEMA_VERSION) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_file(version).read_text(encoding="utf-8"))
    return data


def fresh_structure() -> dict[str, Any]:
    """The structure the models build today (what the frozen JSON must equal)."""
    conn = sqlite3.connect(":memory:")
    try:
        build_empty_desk(conn)
        # Through JSON, as the frozen file is: tuples and lists compare alike.
        result: dict[str, Any] = json.loads(json.dumps(read_structure(conn)))
        return result
    finally:
        conn.close()


def validate_desk_copy(path: Path, display: Path) -> int:
    """Validate a private copy of a desk; return its desk schema version.

    Raises NotAPlanError, DamagedPlanError, UnsafePlanError or NewerDeskError with a sentence
    naming ``display`` (the user's file).
    """
    read_desk_header(path, display)
    name = display.name
    try:
        with hardened_connection(path, readonly=False) as conn:
            conn.execute("PRAGMA query_only = ON")  # CHECKs are checked only on rw connections
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < 1:
                raise NotAPlanError(display, f"“{name}” is not a district desk file.")
            if version > DESK_SCHEMA_VERSION:
                raise NewerDeskError(
                    display,
                    f"“{name}” was saved by a newer SIP Desk (desk file version {version}; this "
                    f"copy reads up to version {DESK_SCHEMA_VERSION}); please update SIP Desk "
                    "to open it.",
                )
            rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                raise DamagedPlanError(
                    display, f"“{name}” is damaged inside and cannot be opened safely."
                )
            _check_structure(read_structure(conn), version, display)
            _check_values(conn, version, display)
    except sqlite3.DatabaseError as exc:
        if "too big" in str(exc).lower():
            raise UnsafePlanError(
                display, f"“{name}” holds a value far larger than any desk needs."
            ) from None
        raise DamagedPlanError(display, f"“{name}” is damaged and cannot be opened.") from None
    return version


def _check_structure(structure: dict[str, Any], version: int, display: Path) -> None:
    name = display.name
    extras = [o for o in structure["others"] if o[0] in ("trigger", "view")]
    if extras:
        kinds = sorted({o[0] for o in extras})
        raise UnsafePlanError(
            display,
            f"“{name}” contains a {' and a '.join(kinds)} that district desks never have, "
            "so it was not opened.",
        )
    expected = expected_structure(version)
    if set(structure["tables"]) - set(expected["tables"]):
        raise UnsafePlanError(
            display,
            f"“{name}” contains extra tables that district desks never have, so it was not opened.",
        )
    if json.loads(json.dumps(structure)) != expected:
        raise DamagedPlanError(
            display, f"“{name}” does not have the layout of a district desk and was not opened."
        )


def _storage_classes(column: Any) -> tuple[str, ...]:
    kind = column.type
    if isinstance(kind, Integer):
        allowed: tuple[str, ...] = ("integer",)
    elif isinstance(kind, LargeBinary):
        allowed = ("blob",)
    elif isinstance(kind, Text | String | Date | DateTime):
        allowed = ("text",)
    else:  # pragma: no cover - every column of the desk is one of the above
        raise AssertionError(f"no storage class for {kind!r}")
    return (*allowed, "null") if column.nullable else allowed


def _check_values(conn: sqlite3.Connection, version: int, display: Path) -> None:
    """Every value is of the kind its column holds, and there is exactly one desk row: what
    the desk's code may then rely on when it reads the file. (The tables of the file's own
    desk schema version: an older desk has fewer; each table keeps its columns across
    versions, since later versions only add tables.)"""
    from sipdesk.district.models import DeskBase

    present = set(expected_structure(version)["tables"])
    for table in DeskBase.metadata.sorted_tables:
        if table.name not in present:
            continue
        for column in table.columns:
            allowed = ", ".join(f"'{kind}'" for kind in _storage_classes(column))
            bad = conn.execute(
                f'SELECT 1 FROM "{table.name}" WHERE typeof("{column.name}") '
                f"NOT IN ({allowed}) LIMIT 1"
            ).fetchone()
            if bad is not None:
                raise DamagedPlanError(
                    display,
                    f"“{display.name}” holds a value of the wrong kind in {table.name} "
                    f"({column.name.replace('_', ' ')}) and was not opened.",
                )
    if conn.execute("SELECT count(*) FROM desk").fetchone()[0] != 1:
        raise DamagedPlanError(
            display, f"“{display.name}” does not say whose desk it is and was not opened."
        )


# The tables each desk schema version adds to the one before (only ever new tables, so an
# upgraded desk has exactly the structure of a fresh one).
_ADDED_TABLES: dict[int, tuple[str, ...]] = {
    2: ("rubric_criteria", "rubric_levels", "reviews", "review_scores", "district_comments"),
    3: ("expectations", "district_goals", "checkin_rounds", "checkins"),
    4: ("expected_schools",),
    5: ("version_facts",),
    6: (
        "reflections",
        "reflection_ratings",
        "reflection_agreed",
        "reflection_notes",
        "reflection_links",
    ),
}


def tables_added_since(version: int) -> list[str]:
    """The tables a desk of desk schema ``version`` lacks, in the order they were added (a desk
    file's upgrade below, and a desk on a server's, ``district/server.py``)."""
    return [
        name for step in range(version + 1, DESK_SCHEMA_VERSION + 1) for name in _ADDED_TABLES[step]
    ]


def upgrade_desk(path: Path, version: int, display: Path) -> None:
    """Bring a validated private copy of a desk of an older desk schema ``version`` up to
    date, in one transaction, and check it then has exactly today's structure."""
    if version >= DESK_SCHEMA_VERSION:
        return
    from sipdesk.district.models import DeskBase

    conn = sqlite3.connect(path)
    try:
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        with engine.begin() as connection:
            for name in tables_added_since(version):
                DeskBase.metadata.tables[name].create(connection)
            connection.exec_driver_sql("UPDATE desk SET schema_version = ?", (DESK_SCHEMA_VERSION,))
        conn.execute(f"PRAGMA user_version = {DESK_SCHEMA_VERSION}")
        conn.commit()
        if json.loads(json.dumps(read_structure(conn))) != expected_structure():
            raise DamagedPlanError(  # pragma: no cover - the upgrade builds what the models do
                display, f"“{display.name}” could not be brought up to date and was not opened."
            )
    finally:
        conn.close()


def _generate() -> None:  # pragma: no cover - developer tool
    schema_file(DESK_SCHEMA_VERSION).write_text(
        json.dumps(fresh_structure(), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {schema_file(DESK_SCHEMA_VERSION).name}")


if __name__ == "__main__":  # pragma: no cover
    _generate()
