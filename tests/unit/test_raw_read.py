"""A plan is read with plain SQL the driver runs as it is (services/snapshot._raw_sql), not
with statements SQLAlchemy compiles afresh for each plan opened (issue 12, item 4). The rows
must be the ones SQLAlchemy's own statements give, for every table, even for values a file
from outside may hold in the wrong kind of column."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Table, create_engine, select, type_coerce
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from sipdesk.cli import main as cli_main
from sipdesk.models import Base, Goal, PlanProfile, Support
from sipdesk.models.base import table_of
from sipdesk.models.tree import TREE, Node
from sipdesk.models.walk import preorder
from sipdesk.services.snapshot import _raw_rows, read_plan
from sipdesk.storage import PlanDocument, plan_read

FIXTURE_V8 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v8.sipdesk"

RAW_KINDS = (Date, DateTime, Boolean)  # read raw on purpose: to_plain reads what SQLite holds


def _children(node: Node) -> tuple[Node, ...]:
    return node.children


def _tables() -> list[tuple[Table, tuple[str, ...]]]:
    return [(table_of(PlanProfile), ())] + [
        (table_of(node.model), tuple(node.order)) for node, _ in preorder(TREE, _children)
    ]


def _compiled_rows(session: Session, table: Table, order: tuple[str, ...]) -> list[Any]:
    """The rows as SQLAlchemy's compiled statement gave them before."""
    query = select(
        *(
            type_coerce(c, NullType()).label(c.name) if isinstance(c.type, RAW_KINDS) else c
            for c in table.columns
        )
    ).order_by(*(table.c[name] for name in order))
    return _typed(session.execute(query).mappings().all())


def _typed(rows: Any) -> list[Any]:
    # 1 == True == 1.0 in Python: compare the kinds as well as the values.
    return [{key: (type(value), value) for key, value in row.items()} for row in rows]


def _same_rows_both_ways(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            for table, order in _tables():
                raw = _typed(_raw_rows(session, table, order).all())
                assert raw == _compiled_rows(session, table, order), table.name
            read_plan(session)  # and the whole plan reads
    finally:
        engine.dispose()


def test_no_column_has_a_converter_but_the_ones_read_raw() -> None:
    dialect = sqlite.dialect()
    converted = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if not isinstance(column.type, RAW_KINDS)
        and column.type.dialect_impl(dialect).result_processor(dialect, None) is not None
    ]
    assert converted == []


def test_the_sample_plan_reads_the_same_both_ways(tmp_path: Path) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    _same_rows_both_ways(plan)


def test_values_of_the_wrong_kind_read_the_same_both_ways(tmp_path: Path) -> None:
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    with sqlite3.connect(plan) as conn:  # what a file from outside may hold
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE actions SET start = 'not a date', budget_cents = '12x'")
        conn.execute("UPDATE actions SET due = 20270601, position = 2.5")
        conn.execute("UPDATE goals SET text = x'ff00fe', academic = 'yes'")
        conn.execute("UPDATE measures SET target_y1 = 3.25")
        conn.execute("UPDATE plan_profile SET school_name = 42")
    _same_rows_both_ways(plan)


def test_catalogue_choices_and_contributors_read_the_same_both_ways(tmp_path: Path) -> None:
    # A file migrated from schema 8 (new columns added at the end of their tables), then
    # given a support's catalogue choice and the names of who contributed items (issues 15, 16)
    plan = tmp_path / "Maple Grove.sipdesk"
    shutil.copyfile(FIXTURE_V8, plan)
    PlanDocument.open(plan).close()
    with sqlite3.connect(plan) as conn:
        conn.execute(
            "UPDATE supports SET pack_level = 'universal', pack_provider = 'ISBE', "
            "pack_service = 'School improvement helpline' WHERE id = 1"
        )
        for table in ("swot_items", "causes", "why_steps"):
            conn.execute(f"UPDATE {table} SET contributed_by = 'Jamal' WHERE id = 2")
    _same_rows_both_ways(plan)
    engine = create_engine(f"sqlite:///{plan}")
    try:
        with Session(engine) as session:
            rows = _raw_rows(session, table_of(Support), ("position",)).all()
            assert [r["pack_service"] for r in rows] == ["School improvement helpline", ""]
    finally:
        engine.dispose()


def test_changes_not_yet_flushed_are_read_as_the_sessions_own_queries_read_them() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            session.add(Goal(text="Read before it is flushed"))
            with session.no_autoflush:
                assert _raw_rows(session, table_of(Goal)).all() == []
            assert [row["text"] for row in _raw_rows(session, table_of(Goal)).all()] == [
                "Read before it is flushed"
            ]
    finally:
        engine.dispose()


def test_values_of_the_wrong_kind_read_the_same_without_sqlalchemy(tmp_path: Path) -> None:
    # PlanDocument.read_plan reads with sqlite3 alone (storage/plan_read), from the frozen read
    # recipe; services.snapshot runs the same reader over the session's connection. Values no
    # validated file holds, put into the working copy behind the validator's back, read the
    # same both ways and as the column's kind (its default when they cannot be).
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    with PlanDocument.open(plan) as document:
        conn = sqlite3.connect(document.working_path, isolation_level=None)
        try:
            conn.execute("PRAGMA ignore_check_constraints = ON")
            conn.execute("UPDATE actions SET start = 'not a date', budget_cents = '12x'")
            conn.execute("UPDATE actions SET due = 20270601, position = 2.5")
            conn.execute("UPDATE goals SET text = x'ff00fe', academic = 'yes'")
            conn.execute("UPDATE goals SET explanation = 1e999 WHERE id = 1")
            conn.execute("UPDATE measures SET target_y1 = 3.25")
            conn.execute("UPDATE measure_groups SET target_y5 = '', target_y4 = x'41'")
            conn.execute("UPDATE plan_profile SET school_name = 42, plan_years = ' 4 '")
            conn.execute("UPDATE plan_profile SET plan_date = '2026-02-30', update_date = 7.5")
            conn.execute("UPDATE plan_profile SET dots_per_member = 'many'")
            conn.execute("UPDATE review_comments SET created_at = '2026-08-01 09:30:00.123456'")
            conn.execute("UPDATE causes SET votes = 1.9, parent_id = id")  # each its own parent
        finally:
            conn.close()
        with document.session() as session:
            through_session = read_plan(session)
        read = document.read_plan()
    assert read == through_session
    profile = read["profile"]
    assert (profile["school_name"], profile["plan_years"]) == ("42", 4)
    assert (profile["plan_date"], profile["update_date"]) == (None, None)
    assert profile["dots_per_member"] == 3  # the column's default
    goals = read["goals"]
    assert {(goal["text"], goal["academic"]) for goal in goals} == {("\ufffd\x00\ufffd", False)}
    assert goals[0]["explanation"] == "Inf"  # as SQLite stores it in a text column
    actions = [
        action
        for priority in read["priorities"]
        for strategy in priority["strategies"]
        for milestone in strategy["milestones"]
        for action in milestone["actions"]
    ]
    # No default for any of them: a date no calendar holds, a number for a date, "12x".
    assert actions and {(a["start"], a["due"], a["budget_cents"]) for a in actions} == {
        (None, None, None)
    }
    measures = [m for goal in goals for m in goal["measures"]]
    assert measures and all(m["target_y1"] == "3.25" for m in measures)
    assert all(g["targets"][3:] == ["A"] for m in measures for g in m["groups"])
    comments = read["review_comments"]
    assert all(c["created_at"] == "2026-08-01T09:30:00" for c in comments)
    causes = [c for f in read["fishbones"] for cat in f["categories"] for c in cat["causes"]]
    assert causes and all(c["votes"] == 1 for c in causes)  # and every cycle cut at the top


def test_a_plan_read_through_a_session_includes_its_changes_not_yet_flushed() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            session.add(PlanProfile(id=1, school_name="Riverside"))
            session.add(Goal(text="Read before it is flushed"))
            with session.no_autoflush:
                assert read_plan(session)["goals"] == []
            plan = read_plan(session)
            assert [goal["text"] for goal in plan["goals"]] == ["Read before it is flushed"]
            assert plan["profile"]["school_name"] == "Riverside"
            session.rollback()
            assert read_plan(session)["goals"] == []
    finally:
        engine.dispose()


def test_a_compiled_row_maker_reads_what_the_loop_over_the_fields_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A node with many rows (a large plan's monthly statuses) has its rows made into dicts by
    # a function compiled for it (plan_read._row_maker), the others by a loop over the fields.
    # Both must read every value alike: plain ones, and ones of the wrong kind.
    plan = tmp_path / "Riverside.sipdesk"
    assert cli_main(["sample", str(plan)]) == 0
    conn = sqlite3.connect(plan, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE actions SET start = 'not a date', budget_cents = '12x' WHERE id % 2")
        conn.execute("UPDATE actions SET due = 20270601, position = 2.5 WHERE id % 3")
        conn.execute("UPDATE goals SET text = x'ff00fe', academic = 'yes' WHERE id = 1")
        conn.execute("UPDATE measures SET target_y1 = 3.25 WHERE id % 2")
        conn.execute("UPDATE measure_groups SET target_y5 = '', target_y4 = x'41'")
        conn.execute("UPDATE review_comments SET created_at = '2026-08-01 09:30:00.123456'")
        conn.execute("UPDATE causes SET votes = 1.9, parent_id = id WHERE id % 2")
        keys = [node.key for node in plan_read.recipe().tree]
        monkeypatch.setattr(plan_read, "COMPILE_FROM_ROWS", 10**9)
        looped = plan_read.read_plan_parts(conn, keys, plan_read.Recipe(plan_read.frozen_spec()))
        monkeypatch.setattr(plan_read, "COMPILE_FROM_ROWS", 0)
        made = plan_read.Recipe(plan_read.frozen_spec())
        compiled = plan_read.read_plan_parts(conn, keys, made)
    finally:
        conn.close()
    assert all(node._compiled is not None for node in made.tree)  # every node's rows compiled
    assert repr(compiled) == repr(looped)  # the kinds too: True is not 1
    goals = looped["goals"]
    assert ("\ufffd\x00\ufffd", False) in {(goal["text"], goal["academic"]) for goal in goals}
    groups = [g for goal in goals for m in goal["measures"] for g in m["groups"]]
    assert groups and all(g["targets"][3:] == ["A"] for g in groups)
