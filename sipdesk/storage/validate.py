"""Checks an untrusted plan file before SIP Desk uses it.

Validation runs on a private byte copy, so nothing here can write to the user's file or apply
a stale journal that travelled with it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sipdesk.models.limits import MAX_FILE_BYTES, MAX_TEXT_CHARS
from sipdesk.storage.contents import check_contents
from sipdesk.storage.errors import (
    DamagedPlanError,
    NotAPlanError,
    PlanFileError,
    UnsafePlanError,
)
from sipdesk.storage.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    expected_structure,
    known_versions,
    read_structure,
)

# The longest row SQLite will read from an untrusted file: every text column of the widest
# table at the longest text, in the widest UTF-8, with room to spare.
MAX_ROW_BYTES = 4 * MAX_TEXT_CHARS * 32 + 64 * 1024


def unreadable(path: Path, exc: OSError) -> PlanFileError:
    """The sentence for a plan file the operating system will not let SIP Desk read."""
    return PlanFileError(
        path, f"“{path.name}” could not be read ({exc.strerror or 'unknown problem'})."
    )


@dataclass(frozen=True)
class Header:
    application_id: int
    schema_version: int
    page_size: int
    page_count: int


def read_header(path: Path, display: Path | None = None) -> Header:
    """Read and check the 100-byte SQLite header; raise NotAPlanError for foreign files."""
    shown = display or path
    try:
        size = path.stat().st_size
        if size == 0:
            raise NotAPlanError(shown, f"“{shown.name}” is empty, so there is no plan in it.")
        if size > MAX_FILE_BYTES:
            raise UnsafePlanError(
                shown,
                f"“{shown.name}” is larger than {MAX_FILE_BYTES // 2**20} MB, the most a plan "
                "file may be, so it was not opened.",
            )
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise unreadable(shown, exc) from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAPlanError(shown, f"“{shown.name}” is not a SIP Desk plan file.")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotAPlanError(
            shown,
            f"“{shown.name}” is a database from another program, not a SIP Desk plan.",
        )
    raw_page = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    page_count = int.from_bytes(head[28:32], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedPlanError(shown, f"“{shown.name}” is damaged and cannot be opened.")
    if page_count and page_count * page_size > size:
        raise DamagedPlanError(
            shown, f"“{shown.name}” is incomplete — it may have been cut off while copying."
        )
    return Header(app_id, int.from_bytes(head[60:64], "big"), page_size, page_count)


@contextlib.contextmanager
def hardened_connection(path: Path, *, readonly: bool = True) -> Iterator[sqlite3.Connection]:
    """A raw connection with SQLite's protections for untrusted files turned on."""
    mode = "ro" if readonly else "rw"
    conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, isolation_level=None)
    try:
        harden(conn)
        yield conn
    finally:
        conn.close()


# SQLite's defensive mode (no writable_schema, no shadow-table writes, ...) can only be turned
# on through Connection.setconfig, which Python has from 3.12. On 3.11 plans are opened without
# it; the structure check, trusted_schema=OFF and cell_size_check=ON still apply (see
# docs/storage.md).
DEFENSIVE_MODE_AVAILABLE = hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE") and hasattr(
    sqlite3.Connection, "setconfig"
)


def harden(conn: sqlite3.Connection) -> None:
    """SQLite's protections for files from outside, on every connection SIP Desk opens."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    if DEFENSIVE_MODE_AVAILABLE:
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined]
    limit = getattr(sqlite3, "SQLITE_LIMIT_LENGTH", None)
    if limit is not None and hasattr(conn, "setlimit"):
        conn.setlimit(limit, MAX_ROW_BYTES)


def validate_copy(path: Path, display: Path) -> int:
    """Validate a private copy of a plan; return its schema version.

    Raises NotAPlanError, DamagedPlanError or UnsafePlanError with a sentence naming
    ``display`` (the user's file). Files from newer versions are checked more loosely, since
    their structure is not known here, and are only ever opened read-only.
    """
    header = read_header(path, display)
    name = display.name
    try:
        # Read-write on the private copy (query_only keeps it unchanged): on a read-only
        # connection SQLite's integrity check silently skips the CHECK constraints.
        with hardened_connection(path, readonly=False) as conn:
            conn.execute("PRAGMA query_only = ON")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < 1:
                raise NotAPlanError(display, f"“{name}” is not a SIP Desk plan file.")
            result = conn.execute("PRAGMA integrity_check(20)").fetchall()
            if [r[0] for r in result] != ["ok"]:
                raise DamagedPlanError(
                    display, f"“{name}” is damaged inside and cannot be opened safely."
                )
            structure = read_structure(conn)
            _check_structure(structure, version, display)
            check_contents(conn, display)
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "too big" in text:
            raise UnsafePlanError(
                display, f"“{name}” holds a field far larger than any plan needs."
            ) from None
        # SQLite's own words (in English, sometimes garbled) are not for the person reading.
        raise DamagedPlanError(display, f"“{name}” is damaged and cannot be opened.") from None
    del header
    return version


def _check_structure(structure: dict[str, object], version: int, display: Path) -> None:
    name = display.name
    others = structure["others"]
    assert isinstance(others, list)
    extras = [o for o in others if o[0] in ("trigger", "view")]
    if extras:
        kinds = sorted({o[0] for o in extras})
        raise UnsafePlanError(
            display,
            f"“{name}” contains a {' and a '.join(kinds)} that SIP Desk plans never have, "
            "so it was not opened.",
        )
    if version > SCHEMA_VERSION:
        # A newer file: our tables must still be there to show it read-only.
        ours = expected_structure(SCHEMA_VERSION)["tables"]
        theirs = structure["tables"]
        assert isinstance(theirs, dict)
        for table, spec in ours.items():
            have = {c[0] for c in theirs.get(table, {}).get("columns", [])}
            if not {c[0] for c in spec["columns"]} <= have:
                raise UnsafePlanError(
                    display,
                    f"“{name}” was made by a newer SIP Desk in a way this version "
                    "cannot read. Please update SIP Desk.",
                )
        return
    if version not in known_versions():
        raise NotAPlanError(display, f"“{name}” is not a SIP Desk plan file.")
    expected = expected_structure(version)
    theirs = structure["tables"]
    assert isinstance(theirs, dict)
    extra_tables = sorted(set(theirs) - set(expected["tables"]))
    if extra_tables:
        raise UnsafePlanError(
            display,
            f"“{name}” contains extra tables that SIP Desk plans never have, so it was not opened.",
        )
    if structure != expected:
        raise DamagedPlanError(
            display, f"“{name}” does not have the layout of a SIP Desk plan and was not opened."
        )
