"""Schema versions: old files are migrated on the working copy after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from sipdesk.models import Base, Cause, DotVote, ParkedIdea, PlanProfile, TeamMember
from sipdesk.storage import PlanDocument, list_backups
from sipdesk.storage.migrate import build_empty
from sipdesk.storage.schema import (
    SCHEMA_VERSION,
    expected_structure,
    known_versions,
    read_structure,
)
from sipdesk.storage.validate import validate_copy

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v1.sipdesk"
FIXTURE_V2 = FIXTURE.with_name("plan-v2.sipdesk")


def test_frozen_first_version_file_is_migrated_on_open(tmp_path: Path) -> None:
    # Given a plan written by the first schema version
    plan = tmp_path / "Maple Grove.sipdesk"
    shutil.copyfile(FIXTURE, plan)
    assert validate_copy(plan, plan) == 1
    original = plan.read_bytes()
    # When it is opened
    doc = PlanDocument.open(plan)
    try:
        # Then the working copy has today's schema, the content, and the new features
        assert doc.notice and "earlier SIP Desk" in doc.notice
        with doc.session() as session:
            assert session.scalar(select(PlanProfile.school_name)) == "Maple Grove Elementary"
            assert session.scalar(select(PlanProfile.dots_per_member)) == 3
            assert session.scalar(select(Cause.text)) == "Little shared planning time"
            names = session.scalars(select(TeamMember.name).order_by(TeamMember.position))
            assert list(names) == ["Dana Ortiz", "Lê Thị Hoa"]
        with doc.transaction() as session:
            session.add(DotVote(cause_id=1, member_id=2, dots=2))
        # and a backup of the original bytes was kept before migrating
        backups = [b for b in list_backups(plan) if "before-upgrade-from-v1" in b.name]
        assert backups and backups[0].read_bytes() == original
        # and the user's file was not touched while open
        assert plan.read_bytes() == original
    finally:
        doc.close()
    # After closing, the document itself is the new version
    assert validate_copy(plan, plan) == SCHEMA_VERSION
    with sqlite3.connect(plan) as conn:
        assert read_structure(conn) == expected_structure(SCHEMA_VERSION)


def test_frozen_second_version_file_gains_the_meeting_bar_on_open(tmp_path: Path) -> None:
    # Given a plan written by schema version 2 (dot voting, no meeting bar)
    plan = tmp_path / "Cedar Hollow.sipdesk"
    shutil.copyfile(FIXTURE_V2, plan)
    assert validate_copy(plan, plan) == 2
    original = plan.read_bytes()
    # When it is opened
    doc = PlanDocument.open(plan)
    try:
        # Then its content and votes are kept and a parking lot can be used
        assert doc.notice and "earlier SIP Desk" in doc.notice
        with doc.session() as session:
            assert session.scalar(select(PlanProfile.dots_per_member)) == 4
            assert session.scalar(select(DotVote.dots)) == 3
            assert session.scalar(select(TeamMember.name).where(TeamMember.id == 2)) == (
                "José Álvarez"
            )
        with doc.transaction() as session:
            session.add(ParkedIdea(text="Ask the PTA about family math night", step=3))
        backups = [b for b in list_backups(plan) if "before-upgrade-from-v2" in b.name]
        assert backups and backups[0].read_bytes() == original
        assert plan.read_bytes() == original
    finally:
        doc.close()
    # After closing, the document is the current version and holds the parked idea
    assert validate_copy(plan, plan) == SCHEMA_VERSION
    with sqlite3.connect(plan) as conn:
        assert read_structure(conn) == expected_structure(SCHEMA_VERSION)
        assert conn.execute("SELECT text, step FROM parked_ideas").fetchall() == [
            ("Ask the PTA about family math night", 3)
        ]


def test_models_match_the_migrations() -> None:
    conn = sqlite3.connect(":memory:")
    build_empty(conn)
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_shipped_schema_fingerprints_match_the_migrations() -> None:
    for version in known_versions():
        conn = sqlite3.connect(":memory:")
        build_empty(conn, version)
        assert read_structure(conn) == expected_structure(version), version
