"""The frozen plans in tests/fixtures are what ``make_plan_fixture`` builds.

The committed files are never rebuilt (the migration tests start from them); this builds each
version into a temporary folder and compares what its tables hold, row by row, with the
committed file. Bytes may differ (SQLite page layout), contents may not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.make_plan_fixture import VERSIONS, build, file_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _contents(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found: dict[str, Any] = {
            "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        }
        for table in tables:
            columns = [info[1] for info in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            found[table] = (columns, sorted(rows, key=repr))
        return found
    finally:
        conn.close()


@pytest.mark.parametrize("number", sorted(VERSIONS))
def test_builder_makes_what_the_frozen_plan_holds(number: int, tmp_path: Path) -> None:
    built = tmp_path / file_name(number)
    build(number, built)
    frozen = _contents(FIXTURES / file_name(number))
    assert _contents(built) == frozen
    assert frozen["plan_profile"][1]  # the comparison is not between two empty plans


def test_every_frozen_plan_has_its_entry() -> None:
    frozen = sorted(
        int(path.stem.removeprefix("plan-v")) for path in FIXTURES.glob("plan-v*.sipdesk")
    )
    assert frozen == sorted(VERSIONS), (
        "each frozen plan-vN.sipdesk needs its entry in VERSIONS in make_plan_fixture.py"
    )
