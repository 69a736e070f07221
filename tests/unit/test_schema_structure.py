"""read_structure reads every table's columns, keys and indexes with one query apiece (issue 12);
it must describe every file exactly as the pragma-per-table reading it replaced did, for plans
of every version, desks, and every crafted file in the hostile corpus that SQLite can read."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sipdesk.cli import main as cli_main
from sipdesk.storage.schema import normalise_sql, read_structure
from tests.hostile_corpus import PLAN_CASES, copy_case

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _one_pragma_per_table(conn: sqlite3.Connection) -> dict[str, Any]:
    """The reading as it was: a pragma per table and per index."""

    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def index_keys(index: str) -> list[list[Any]]:
        rows = conn.execute(f"PRAGMA index_xinfo({quote(index)})")
        return [[r[2], bool(r[3]), r[4]] for r in rows if r[5]]

    tables: dict[str, Any] = {}
    others: list[list[str | None]] = []
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    for kind, name, table, sql in rows.fetchall():
        if (
            kind == "table"
            and name == "sqlite_sequence"
            and sql == "CREATE TABLE sqlite_sequence(name,seq)"
        ):
            continue
        text = None if sql is None else normalise_sql(str(sql))
        if kind != "table":
            others.append([kind, name, table, text])
            continue
        q = quote(name)
        tables[name] = {
            "columns": sorted(
                [r[1], (r[2] or "").upper(), bool(r[3]), int(r[5]), int(r[6])]
                for r in conn.execute(f"PRAGMA table_xinfo({q})")
            ),
            "foreign_keys": sorted(
                [r[2], r[3], r[4] or "", r[6]]
                for r in conn.execute(f"PRAGMA foreign_key_list({q})")
            ),
            "indexes": sorted(
                [r[1], bool(r[2]), r[3], index_keys(r[1])]
                for r in conn.execute(f"PRAGMA index_list({q})")
            ),
            "sql": text,
        }
    return {"tables": tables, "others": others}


def _both(path: Path) -> tuple[Any, Any]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        try:
            old: Any = _one_pragma_per_table(conn)
        except sqlite3.Error as exc:
            old = type(exc)
        try:
            new: Any = read_structure(conn)
        except sqlite3.Error as exc:
            new = type(exc)
        return old, new
    finally:
        conn.close()


def _files(tmp_path: Path) -> list[Path]:
    plan = tmp_path / "today.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    return [plan, *sorted(FIXTURES.glob("*.sipdesk")), *sorted(FIXTURES.glob("*.sipdistrict"))]


def test_plans_and_desks_of_every_version_read_as_before(tmp_path: Path) -> None:
    files = _files(tmp_path)
    assert len(files) >= 12
    for path in files:
        old, new = _both(path)
        assert new == old, path.name
        assert new["tables"], path.name


@pytest.mark.parametrize("case", [c for c in PLAN_CASES if c.kind == "plan"], ids=lambda c: c.name)
def test_every_crafted_file_reads_as_before(case: Any, tmp_path: Path) -> None:
    path = copy_case(case, tmp_path)
    if not path.is_file() or not path.read_bytes().startswith(b"SQLite format 3\x00"):
        pytest.skip("not a database")
    old, new = _both(path)
    assert new == old
