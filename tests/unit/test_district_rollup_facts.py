"""Rollup facts kept at intake (desk schema 5, issue 14): the rollup over kept facts is the rollup
over the versions' files, facts that cannot be used are read from the file again, and a desk
on a server keeps them too. (A frozen desk from before keeps everything and gets its facts on
its first rollup: tests/unit/test_desk_upgrade.py.)

The desk is the three hand-worked schools of ``test_district_rollup.py`` (its ``desk`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import intake
from sipdesk.district.models import PlanVersion, School, VersionFacts
from sipdesk.district.rollup import PlanCache, Rollup, read_rollup_parts, rollup
from sipdesk.district.rollup_facts import FACTS_VERSION, facts_of, facts_text, read_facts
from sipdesk.district.schema import DESK_SCHEMA_VERSION
from tests.unit import test_district_rollup as hand_worked
from tests.unit.test_district_rollup import RECEIVED, TODAY, _rollup

desk = hand_worked.desk  # the fixture: the hand-worked desk of three schools
DAYS = (None, dt.date(2026, 11, 30), dt.date(2026, 11, 1))


def _without_facts(desk: Path, target: Path) -> Path:
    """A copy of ``desk`` as a desk from before desk schema 5 holds it: no facts kept."""
    shutil.copyfile(desk, target)
    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM version_facts")
    conn.close()
    return target


def _from_files(desk: Path, as_of: dt.date | None) -> Rollup:
    """The rollup as it was before facts were kept: every plan's parts read from its file."""
    cache = PlanCache()
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        for version in session.scalars(select(PlanVersion)):
            cache.plans[version.id] = read_rollup_parts(session, version, doc.path)
        return rollup(session, doc.path, today=as_of or TODAY, as_of=as_of, cache=cache)


def _facts_rows(desk: Path) -> dict[int, tuple[int, str]]:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        return {
            row.version_id: (row.facts_version, row.facts)
            for row in session.scalars(select(VersionFacts))
        }


def test_intake_keeps_each_version_s_facts_as_its_file_gives_them(desk: Path) -> None:
    kept = _facts_rows(desk)
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        versions = session.scalars(select(PlanVersion)).all()
        assert sorted(kept) == sorted(v.id for v in versions) and len(versions) == 4
        for version in versions:
            made, text = kept[version.id]
            assert made == FACTS_VERSION
            assert text.isascii() and "\n" not in text  # compact, any database's text holds it
            parts = read_rollup_parts(session, version, doc.path)
            assert json.loads(text) == facts_of(parts)
            assert len(text) < len(json.dumps(parts)) / 2  # only the fields the views read


def test_the_rollup_over_kept_facts_is_the_rollup_over_the_files(
    desk: Path, tmp_path: Path
) -> None:
    older = _without_facts(desk, tmp_path / "older.sipdistrict")
    for as_of in DAYS:
        cache = PlanCache()
        kept = _rollup(desk, as_of, cache=cache)
        assert cache.reads == 0  # no plan file opened
        read = PlanCache()
        assert kept == _rollup(older, as_of, cache=read) == _from_files(desk, as_of)
        assert read.reads == len(kept.schools) and set(read.made) <= set(_facts_rows(desk))
        assert kept.schools  # a real rollup, not two empty ones


@pytest.mark.parametrize(
    "bent",
    [
        "not json at all",
        "[]",
        '{"profile": 5, "goals": [], "priorities": [], "supports": [], "cycles": []}',
        '{"profile": {}, "goals": [{"measures": [1]}], "priorities": [], "supports": [], '
        '"cycles": []}',
        '{"profile": {}, "goals": [], "priorities": [{"strategies": [{"practice_code": {}}]}], '
        '"supports": [], "cycles": []}',
        '{"profile": {}, "goals": []}',
        "[" * 100_000,
    ],
)
def test_facts_that_cannot_be_used_are_read_from_the_file(
    desk: Path, tmp_path: Path, bent: str
) -> None:
    assert read_facts(bent) is None
    copy = tmp_path / "bent.sipdistrict"
    shutil.copyfile(desk, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE version_facts SET facts = ?", (bent,))
    conn.close()
    cache = PlanCache()
    assert _rollup(copy, cache=cache) == _rollup(desk)
    assert cache.reads == 3 and len(cache.made) == 3


def test_facts_made_another_way_are_made_again(desk: Path, tmp_path: Path) -> None:
    copy = tmp_path / "other.sipdistrict"
    shutil.copyfile(desk, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE version_facts SET facts_version = ?", (FACTS_VERSION + 1,))
    conn.close()
    cache = PlanCache()
    assert _rollup(copy, cache=cache) == _rollup(desk)
    assert cache.reads == 3
    assert main(["district", "rollup", str(copy), "-o", str(tmp_path / "r.json")]) == 0
    stored = _facts_rows(copy)
    assert sum(made == FACTS_VERSION for made, _ in stored.values()) == 3  # replaced
    cache = PlanCache()
    _rollup(copy, cache=cache)
    assert cache.reads == 0


def test_the_rollup_command_keeps_the_facts_of_versions_from_before(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = _without_facts(desk, tmp_path / "older.sipdistrict")
    outs = []
    for where, name in ((older, "first"), (older, "second"), (desk, "kept")):
        out = tmp_path / f"{name}.json"
        assert main(["district", "rollup", str(where), "-o", str(out)]) == 0
        outs.append(json.loads(out.read_text(encoding="utf-8")))
        if name == "first":  # the latest version of each of the three schools
            assert len(_facts_rows(older)) == 3
    assert outs[0] == outs[1] == outs[2]
    kept, made = _facts_rows(desk), _facts_rows(older)
    assert all(json.loads(made[v][1]) == json.loads(kept[v][1]) for v in made)
    cache = PlanCache()
    _rollup(older, cache=cache)
    assert cache.reads == 0


def test_a_desk_open_elsewhere_still_rolls_up_without_keeping_facts(
    desk: Path, tmp_path: Path
) -> None:
    older = _without_facts(desk, tmp_path / "older.sipdistrict")
    out = tmp_path / "r.json"
    with DeskDocument.open(older):  # someone has it open: the facts are not kept this time
        assert main(["district", "rollup", str(older), "-o", str(out)]) == 0
        assert out.exists() and _facts_rows(older) == {}


def test_a_desk_on_a_server_keeps_the_facts_too(desk: Path, tmp_path: Path, pg_url: str) -> None:
    from sipdesk.district.server import ServerDesk

    folder = desk.parent
    with ServerDesk.create(pg_url, district_name="Pine County Schools") as server:
        for name in ("alder", "birch", "cedar", "alder-2"):
            (outcome,) = intake(server, [folder / f"{name}.sipdesk"])
            assert outcome.result == "added", outcome.line()
        with server.transaction() as session:
            for version in session.query(PlanVersion):
                school = session.get(School, version.school_id).name
                version.received_at = RECEIVED[(school, version.number)]
        with server.session() as session:
            assert session.scalar(select(func.count()).select_from(VersionFacts)) == 4
            texts = {
                session.get(PlanVersion, row.version_id).sha256: row.facts
                for row in session.scalars(select(VersionFacts))
            }
            cache = PlanCache()
            on_server = rollup(session, server.path, today=TODAY, cache=cache)
        assert cache.reads == 0
        with server.transaction() as session:
            session.execute(delete(VersionFacts))
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        for version in session.scalars(select(PlanVersion)):
            assert json.loads(texts[version.sha256]) == json.loads(
                facts_text(read_rollup_parts(session, version, doc.path))
            )
    on_file = _rollup(desk)
    assert [(r.school, r.version) for r in on_server.readiness] == [
        (r.school, r.version) for r in on_file.readiness
    ]
    assert (on_server.practices, on_server.measures, on_server.budget, on_server.supports) == (
        on_file.practices,
        on_file.measures,
        on_file.budget,
        on_file.supports,
    )
    assert main(["district", "rollup", pg_url, "-o", str(tmp_path / "r.json")]) == 0
    with ServerDesk.open(pg_url, readonly=True) as server, server.session() as session:
        assert session.scalar(select(func.count()).select_from(VersionFacts)) == 3
        cache = PlanCache()
        assert rollup(session, server.path, today=TODAY, cache=cache).practices == (
            on_file.practices
        )
        assert cache.reads == 0


def test_a_desk_schema_4_server_desk_is_brought_up_to_date_as_it_opens(
    desk: Path, tmp_path: Path, pg_url: str
) -> None:
    from sqlalchemy import create_engine, inspect, text

    from sipdesk.district.server import ServerDesk, _parse

    with ServerDesk.create(pg_url, district_name="Pine County Schools") as server:
        (outcome,) = intake(server, [desk.parent / "alder.sipdesk"])
        assert outcome.result == "added"
    engine = create_engine(_parse(pg_url))
    try:
        with engine.begin() as conn:  # as the desk schema 4 SIP Desk set it up
            for table in ("reflection_links", "reflection_notes", "reflection_agreed"):
                conn.execute(text(f"DROP TABLE {table}"))
            conn.execute(text("DROP TABLE reflection_ratings"))
            conn.execute(text("DROP TABLE reflections"))
            conn.execute(text("DROP TABLE version_facts"))
            conn.execute(text("UPDATE desk SET schema_version = 4"))
        with ServerDesk.open(pg_url) as server:
            assert server.notice is not None and "brought up to date" in server.notice
        with engine.connect() as conn:
            assert inspect(conn).has_table("version_facts")
            assert conn.scalar(text("SELECT schema_version FROM desk")) == DESK_SCHEMA_VERSION
    finally:
        engine.dispose()
    assert main(["district", "rollup", pg_url, "-o", str(tmp_path / "r.json")]) == 0
    with ServerDesk.open(pg_url, readonly=True) as server, server.session() as session:
        assert session.scalar(select(func.count()).select_from(VersionFacts)) == 1


def test_a_server_role_that_may_only_read_still_gets_its_rollup(
    desk: Path, tmp_path: Path, pg_url: str
) -> None:
    import re

    from sqlalchemy import create_engine, text

    from sipdesk.district.server import ServerDesk, _parse

    with ServerDesk.create(pg_url, district_name="Pine County Schools") as server:
        (outcome,) = intake(server, [desk.parent / "birch.sipdesk"])
        assert outcome.result == "added"
        with server.transaction() as session:
            session.execute(delete(VersionFacts))  # as if received before desk schema 5
    looker = f"looker_{abs(hash(pg_url)) % 10**8}"
    engine = create_engine(_parse(pg_url))
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE ROLE {looker} LOGIN"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {looker}"))
        its_url = re.sub(r"^postgresql://[^@]*@", f"postgresql://{looker}@", pg_url)
        out = tmp_path / "r.json"
        assert main(["district", "rollup", its_url, "-o", str(out)]) == 0
        assert json.loads(out.read_text(encoding="utf-8"))
        with ServerDesk.open(pg_url, readonly=True) as server, server.session() as session:
            assert session.scalar(select(func.count()).select_from(VersionFacts)) == 0
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {looker}"))
            conn.execute(text(f"DROP ROLE {looker}"))
        engine.dispose()
