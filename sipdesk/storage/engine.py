"""The one way SIP Desk connects to a plan's working copy, with or without SQLAlchemy.

:func:`connect` opens the SQLite connection every reader and writer of a working copy uses:
the file's URI read-only or read-write, SQLite's protections for files from outside
(``validate.harden``), foreign keys enforced and, for editing, the write-ahead log with full
syncs. :func:`engine_for` gives SQLAlchemy's engine over such connections (the edits and the
ORM's reads); ``PlanDocument.read_plan`` reads a plan over one directly, so opening a plan and
showing its first page need not import SQLAlchemy (issue 12).

:data:`DATABASE_CODE` is what a plan's edits need; the window loads it on a thread of its own
after the plan's first paint (``sipdesk.preload``, which says why making the engine takes the
same lock as that thread's imports).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sipdesk.preload import import_in_turn, importing
from sipdesk.storage.validate import harden

if TYPE_CHECKING:
    from sqlalchemy import Engine


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection to the working copy at ``path``, set up as every one of SIP Desk's is.

    Usable from any thread (the engine's pool hands connections to the thread that asks);
    whoever uses it from two threads at once must keep them apart."""
    uri = f"{path.as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        harden(conn)
        cursor = conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()
    except BaseException:
        conn.close()
        raise
    return conn


def engine_for(path: Path, *, readonly: bool) -> Engine:
    """SQLAlchemy's engine over :func:`connect`'s connections to ``path``."""

    def creator() -> sqlite3.Connection:
        return connect(path, readonly=readonly)

    with importing:  # making the engine imports the dialect: never beside a helper's imports
        from sqlalchemy import create_engine
        from sqlalchemy.pool import QueuePool

        # A small pool keeps connections (and their pragmas) between edits; each edit then
        # costs one transaction, not a fresh connection.
        return create_engine("sqlite://", creator=creator, poolclass=QueuePool, pool_size=2)


# What an open plan's edits and its ORM reads need.
DATABASE_CODE = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite",  # the package, which loads the pysqlite dialect
    "sipdesk.models",
    "sipdesk.services.edits",
    "sipdesk.services.snapshot",
)


def load_database_code() -> None:
    """Import :data:`DATABASE_CODE` on this thread, or wait while a helper thread does."""
    import_in_turn(DATABASE_CODE)
