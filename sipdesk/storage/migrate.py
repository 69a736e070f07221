"""Schema migrations with Alembic, run on a private working copy (never on the user's file).

New plans are built by the same migrations, so a fresh file and a migrated one have the same
structure by construction. Alembic is imported only here, and only when needed.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from sipdesk.storage.schema import APPLICATION_ID, REVISIONS, SCHEMA_VERSION

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config() -> Config:

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def upgrade(conn: sqlite3.Connection, to_version: int = SCHEMA_VERSION) -> None:
    """Bring the database on ``conn`` up to ``to_version`` and stamp its header."""
    from alembic import command

    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, REVISIONS[to_version])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {int(to_version)}")
    conn.commit()


def build_empty(conn: sqlite3.Connection, version: int = SCHEMA_VERSION) -> None:
    """Create the tables of ``version`` in an empty database."""
    upgrade(conn, version)


@cache
def empty_plan_bytes() -> bytes:
    """An empty database of the current version, built once per process."""
    conn = sqlite3.connect(":memory:")
    try:
        build_empty(conn)
        return conn.serialize()
    finally:
        conn.close()


def _generate() -> None:  # pragma: no cover - developer tool
    """Write schema_vN.json for every known version from the migrations (it lives here, not in
    schema.py, so that schema.py never imports this module: no import circle)."""
    import json

    from sipdesk.storage.schema import known_versions, read_structure, schema_file

    for version in known_versions():
        conn = sqlite3.connect(":memory:")
        build_empty(conn, version)
        structure = read_structure(conn)
        schema_file(version).write_text(
            json.dumps(structure, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"wrote schema_v{version}.json")


if __name__ == "__main__":  # pragma: no cover
    _generate()
