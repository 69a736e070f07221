"""Schema versions: old files are migrated on the working copy after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from sipdesk.models import (
    Action,
    Base,
    Cause,
    Cycle,
    DotVote,
    Measure,
    MeasureGroup,
    MeasureResult,
    MilestoneReport,
    ParkedIdea,
    PlanProfile,
    Support,
    SwotItem,
    TeamMember,
    WhyStep,
)
from sipdesk.models.formatting import school_year_of
from sipdesk.storage import PlanDocument, list_backups
from sipdesk.storage.migrate import build_empty, upgrade
from sipdesk.storage.schema import (
    SCHEMA_VERSION,
    expected_structure,
    known_versions,
    read_structure,
)
from sipdesk.storage.validate import validate_copy
from tests.plans import is_plan_id, new_plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(version: int) -> Path:
    """The frozen plan written by schema ``version`` (tests/fixtures/plan-vN.sipdesk)."""
    return FIXTURES / f"plan-v{version}.sipdesk"


# Each frozen version's own checks: ``opened`` on the migrated working copy while it is open
# (what it returns is handed to ``closed``), ``closed`` on the file written back.


def _v1_opened(doc: PlanDocument) -> None:
    # the content, and the new features
    with doc.session() as session:
        assert session.scalar(select(PlanProfile.school_name)) == "Maple Grove Elementary"
        assert session.scalar(select(PlanProfile.dots_per_member)) == 3
        assert session.scalar(select(Cause.text)) == "Little shared planning time"
        names = session.scalars(select(TeamMember.name).order_by(TeamMember.position))
        assert list(names) == ["Dana Ortiz", "Lê Thị Hoa"]
        # through every revision: its goal measure is a student outcome with a number
        # target, monitored by quarters against the generic profile
        measure = session.scalars(select(Measure)).one()
        assert (measure.indicator, measure.goal_id) == ("Students proficient in reading", 1)
        assert (measure.kind, measure.target_type, measure.priority_id) == (
            "outcome",
            "number",
            None,
        )
        assert session.scalar(select(Cycle.id)) is None
        assert session.scalar(select(PlanProfile.readiness_profile)) == ""
        # and it has a plan id of its own
        assert is_plan_id(session.scalar(select(PlanProfile.plan_id)))
    with doc.transaction() as session:
        session.add(DotVote(cause_id=1, member_id=2, dots=2))


def _v2_opened(doc: PlanDocument) -> None:
    # (dot voting, no meeting bar) its content and votes are kept and a parking lot can be used
    with doc.session() as session:
        assert session.scalar(select(PlanProfile.dots_per_member)) == 4
        assert session.scalar(select(DotVote.dots)) == 3
        assert session.scalar(select(TeamMember.name).where(TeamMember.id == 2)) == ("José Álvarez")
    with doc.transaction() as session:
        session.add(ParkedIdea(text="Ask the PTA about family math night", step=3))


def _v2_closed(plan: Path, _kept: object) -> None:
    # the written file holds the parked idea
    with sqlite3.connect(plan) as conn:
        assert conn.execute("SELECT text, step FROM parked_ideas").fetchall() == [
            ("Ask the PTA about family math night", 3)
        ]


def _v3_opened(doc: PlanDocument) -> None:
    # (meeting bar; no school year, no span) it keeps its meaning: a three-year plan in the
    # school year its first month (August 2026) starts, with its agenda and parked idea kept
    with doc.session() as session:
        profile = session.scalars(select(PlanProfile)).one()
        assert (profile.first_month, profile.school_year) == ("2026-08", "2026–27")
        assert profile.plan_years == 3
        assert (profile.state_school_id, profile.state_status) == ("", "")
        assert session.scalar(select(ParkedIdea.text)) == "Ask the PTA about family math night"


def _v4_opened(doc: PlanDocument) -> None:
    # (one goal measure with a yearly result, one strategy measure, a daily action; no kinds,
    # rating targets, groups or cycles)
    with doc.session() as session:
        # the goal's measure is a student outcome and the strategy's measure the adults'
        # practice, both with number targets, their texts and ids kept
        rows = session.execute(
            select(
                Measure.id,
                Measure.goal_id,
                Measure.strategy_id,
                Measure.priority_id,
                Measure.kind,
                Measure.target_type,
                Measure.target_y1,
                Measure.target_y4,
                Measure.target_y5,
            ).order_by(Measure.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, 1, None, None, "outcome", "number", "40% by June 2026", "", ""),
            (2, None, 1, None, "implementation", "number", "90% by May 2026", "", ""),
        ]
        # and the goal measure's yearly result survived the rebuilt table
        result = session.scalars(select(MeasureResult)).one()
        assert (result.measure_id, result.progress) == (1, "38%")
        # and nothing else was lost: no group rows or cycles were made up, the profile
        # and the recurring action are as they were
        assert session.scalar(select(MeasureGroup.id)) is None
        assert session.scalar(select(Cycle.id)) is None
        profile = session.scalars(select(PlanProfile)).one()
        assert (profile.school_year, profile.plan_years, profile.readiness_profile) == (
            "2025–26",
            1,
            "",
        )
        action = session.scalars(select(Action)).one()
        assert (action.recurrence, action.schedule) == (
            "daily",
            "45 min small group, then 15 min rereading",
        )
    # and the measures table still holds the plan's rule: one owner per measure
    with pytest.raises(Exception, match="CHECK"), doc.transaction() as session:
        session.add(Measure(goal_id=1, priority_id=1, indicator="Two owners"))


def _v5_opened(doc: PlanDocument) -> str:
    # (no plan id)
    with doc.session() as session:
        # it has a plan id, a UUID in its canonical form
        plan_id = session.scalar(select(PlanProfile.plan_id))
        assert plan_id is not None and is_plan_id(plan_id)
        # and nothing else changed: its profile, measures, group rows and cycles are kept
        profile = session.scalars(select(PlanProfile)).one()
        assert (profile.school_name, profile.readiness_profile) == (
            "Oak Ridge Elementary School",
            "illinois",
        )
        rows = session.execute(
            select(Measure.id, Measure.kind, Measure.target_type, Measure.target_y5).order_by(
                Measure.id
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, "outcome", "number", "50%"),
            (2, "implementation", "number", ""),
            (3, "interim", "rating", ""),
        ]
        assert session.scalars(select(MeasureGroup.group)).all() == ["Grade 3"]
        assert session.scalars(select(Cycle.name)).all() == ["Fall"]
    return plan_id


def _v5_closed(plan: Path, plan_id: object) -> None:
    # the id is written back with the plan: opened again, it is the same plan
    with PlanDocument.open(plan) as again, again.session() as session:
        assert session.scalar(select(PlanProfile.plan_id)) == plan_id
    # while a copy made before plans had ids is brought up to date as a plan of its own
    copy = plan.with_name(f"{plan.stem} (copy).sipdesk")
    shutil.copyfile(fixture(5), copy)
    with PlanDocument.open(copy) as other, other.session() as session:
        other_id = session.scalar(select(PlanProfile.plan_id))
    assert is_plan_id(other_id) and other_id != plan_id


def _v6_opened(doc: PlanDocument) -> None:
    # (a three-year plan with yearly results for years 1 to 3)
    with doc.session() as session:
        # every result keeps its measure, year and words, and the plan its id
        rows = session.execute(
            select(
                MeasureResult.id,
                MeasureResult.measure_id,
                MeasureResult.year,
                MeasureResult.progress,
                MeasureResult.explanation,
            ).order_by(MeasureResult.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, 1, 1, "38%", "Grade 4 grew most"),
            (2, 1, 3, "47%", "Summer school helped"),
            (3, 2, 2, "85%", ""),
        ]
        assert session.scalar(select(PlanProfile.plan_id)) == (
            "6f1c2a9e-3b7d-4e25-9a41-0c8d5e7f2b13"
        )
        # and its milestone's fourth-quarter report
        report = session.scalars(select(MilestoneReport)).one()
        assert (report.milestone_id, report.quarter, report.outputs_completed) == (
            1,
            4,
            "Routine in 9 of 10 rooms",
        )
        assert report.cause_and_adjustments == "Coaching moved to mornings"
    # and results can now be written for years 4 and 5 (a five-year plan), not a sixth
    with doc.transaction() as session:
        session.add(MeasureResult(measure_id=1, year=5, progress="55%"))
    with pytest.raises(Exception, match="CHECK"), doc.transaction() as session:
        session.add(MeasureResult(measure_id=1, year=6, progress="60%"))
    # and reports for each of up to 24 monitoring cycles, not a 25th
    with doc.transaction() as session:
        session.add(MilestoneReport(milestone_id=1, quarter=12, comments="June"))
    with pytest.raises(Exception, match="CHECK"), doc.transaction() as session:
        session.add(MilestoneReport(milestone_id=1, quarter=25, comments="Too far"))
    # and the same measure still has one result a year
    with pytest.raises(Exception, match="UNIQUE"), doc.transaction() as session:
        session.add(MeasureResult(measure_id=1, year=1, progress="again"))


def _v6_closed(plan: Path, _kept: object) -> None:
    # deleting a measure still takes its results with it
    with sqlite3.connect(plan) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM measures WHERE id = 2")
        assert (
            conn.execute("SELECT count(*) FROM measure_results WHERE measure_id = 2").fetchone()[0]
            == 0
        )


def _v7_opened(doc: PlanDocument) -> None:
    # (before a plan named its pack and year)
    with doc.session() as session:
        # the new choices are empty, meaning "as before", and nothing else moved
        profile = session.scalars(select(PlanProfile)).one()
        assert (
            profile.state_pack,
            profile.designation_year,
            profile.plan_phase,
            profile.implementation_year,
        ) == ("", "", "", None)
        assert (profile.readiness_profile, profile.school_year, profile.plan_years) == (
            "illinois",
            "2025–26",
            3,
        )
        assert profile.plan_id == "6f1c2a9e-3b7d-4e25-9a41-0c8d5e7f2b13"
        years = session.scalars(select(MeasureResult.year).order_by(MeasureResult.id)).all()
        assert list(years) == [1, 3, 2, 5]
        assert session.scalars(select(MilestoneReport.quarter)).one() == 12
    # and the plan can now name its pack, designation year and implementation year
    with doc.transaction() as session:
        row = session.scalars(select(PlanProfile)).one()
        row.state_pack = "generic"
        row.designation_year = "2025–26"
        row.plan_phase = "implementation"
        row.implementation_year = 2


def _v7_closed(plan: Path, _kept: object) -> None:
    with sqlite3.connect(plan) as conn:
        assert conn.execute(
            "SELECT state_pack, plan_phase, implementation_year FROM plan_profile"
        ).fetchone() == ("generic", "implementation", 2)


def _v8_opened(doc: PlanDocument) -> None:
    # (before a support kept its catalogue choice and an item named who contributed it)
    with doc.session() as session:
        # every support was typed freely and every item entered on the coach's laptop
        supports = session.scalars(select(Support).order_by(Support.id)).all()
        assert [(s.pack_level, s.pack_provider, s.pack_service) for s in supports] == [
            ("", "", "")
        ] * 2
        assert [s.needed for s in supports] == [
            "Phonics training for new teachers",
            "Family reading nights",
        ]
        for model in (SwotItem, Cause, WhyStep):
            rows = session.scalars(select(model).order_by(model.id)).all()
            assert [r.contributed_by for r in rows] == ["", ""], model.__name__
        causes = session.scalars(select(Cause).order_by(Cause.id)).all()
        assert [(c.text, c.parent_id, c.is_root, c.votes) for c in causes] == [
            ("No shared phonics routine", None, True, 2),
            ("New teachers missed the training", 1, False, 0),
        ]
        profile = session.scalars(select(PlanProfile)).one()
        assert (profile.state_pack, profile.plan_phase, profile.implementation_year) == (
            "illinois",
            "implementation",
            1,
        )
    # and a support can now keep its choice, an item the name of who added it
    with doc.transaction() as session:
        support = session.get(Support, 1)
        assert support is not None
        support.pack_level = "universal"
        support.pack_provider = "ISBE"
        support.pack_service = "School improvement helpline"
        for model in (SwotItem, Cause, WhyStep):
            row = session.get(model, 2)
            assert row is not None
            row.contributed_by = "Jamal"


def _v8_closed(plan: Path, _kept: object) -> None:
    with sqlite3.connect(plan) as conn:
        assert conn.execute(
            "SELECT pack_level, pack_provider, pack_service FROM supports WHERE id = 1"
        ).fetchone() == ("universal", "ISBE", "School improvement helpline")
        for table in ("swot_items", "causes", "why_steps"):
            assert conn.execute(f"SELECT contributed_by FROM {table} ORDER BY id").fetchall() == [
                ("",),
                ("Jamal",),
            ]


def _nothing_more(_plan: Path, _kept: object) -> None:
    """No checks of its own on the written file beyond the shared ones."""


@dataclass(frozen=True)
class Frozen:
    """One frozen schema version and what its migration must keep and allow."""

    version: int
    school: str  # the file's name
    opened: Callable[[PlanDocument], object]
    closed: Callable[[Path, object], None] = _nothing_more


FROZEN = (
    Frozen(1, "Maple Grove", _v1_opened),
    Frozen(2, "Cedar Hollow", _v2_opened, _v2_closed),
    Frozen(3, "Cedar Hollow", _v3_opened),
    Frozen(4, "Oak Ridge", _v4_opened),
    Frozen(5, "Oak Ridge", _v5_opened, _v5_closed),
    Frozen(6, "Oak Ridge", _v6_opened, _v6_closed),
    Frozen(7, "Oak Ridge", _v7_opened, _v7_closed),
    Frozen(8, "Maple Grove", _v8_opened, _v8_closed),
)


def test_every_frozen_version_has_its_migration_case() -> None:
    frozen = sorted(int(p.stem.removeprefix("plan-v")) for p in FIXTURES.glob("plan-v*.sipdesk"))
    assert frozen == [case.version for case in FROZEN]


@pytest.mark.parametrize("case", FROZEN, ids=lambda case: f"v{case.version}")
def test_a_frozen_file_is_migrated_on_open_and_keeps_its_meaning(
    tmp_path: Path, case: Frozen
) -> None:
    # Given a plan written by an earlier schema version
    plan = tmp_path / f"{case.school}.sipdesk"
    shutil.copyfile(fixture(case.version), plan)
    assert validate_copy(plan, plan) == case.version
    original = plan.read_bytes()
    # When it is opened
    doc = PlanDocument.open(plan)
    try:
        # Then the person is told, the working copy has today's schema and this version's
        # content, and what the new schema allows can be written
        assert doc.notice and "earlier SIP Desk" in doc.notice
        kept = case.opened(doc)
        # and a backup of the original bytes was kept before migrating
        backups = [
            b for b in list_backups(plan) if f"before-upgrade-from-v{case.version}" in b.name
        ]
        assert backups and backups[0].read_bytes() == original
        # and the user's file was not touched while open
        assert plan.read_bytes() == original
    finally:
        doc.close()
    # After closing, the document itself is the current version
    assert validate_copy(plan, plan) == SCHEMA_VERSION
    with sqlite3.connect(plan) as conn:
        assert read_structure(conn) == expected_structure(SCHEMA_VERSION)
    case.closed(plan, kept)


def test_a_fresh_plan_file_gets_a_fresh_plan_id(tmp_path: Path) -> None:
    ids = []
    for name in ("one", "two"):
        with new_plan(tmp_path / f"{name}.sipdesk") as doc, doc.session() as session:
            ids.append(session.scalar(select(PlanProfile.plan_id)))
    assert all(is_plan_id(i) for i in ids) and ids[0] != ids[1]


@pytest.mark.parametrize(
    ("first_month", "school_year"),
    [
        ("2026-08", "2026–27"),
        ("2027-01", "2026–27"),  # January to June belong to the year begun before
        ("2027-06", "2026–27"),
        ("2027-07", "2027–28"),
        ("1999-09", "1999–00"),
        ("", ""),  # no first month: no school year is made up
    ],
)
def test_the_school_year_is_read_from_the_first_month(first_month: str, school_year: str) -> None:
    conn = sqlite3.connect(":memory:")
    build_empty(conn, 3)
    conn.execute(
        "INSERT INTO plan_profile (id, school_name, update_summary, essa_status, city_county,"
        " zip_code, phone, principal, contact, district, superintendent, district_liaison,"
        " federal_designation, title_i_status, first_month, vision, mission, toa_if, toa_then,"
        " toa_and, assessment_process, stakeholder_input, leverage, status, dots_per_member)"
        " VALUES (1, 'A', '', '', '', '', '', '', '', '', '', '', '', '', ?, '', '', '', '', '',"
        " '', '', '', 'draft', 3)",
        (first_month,),
    )
    conn.commit()
    upgrade(conn, 4)
    assert conn.execute("SELECT school_year, plan_years FROM plan_profile").fetchone() == (
        school_year,
        3,
    )
    # and an imported document of that age reads it the same way
    assert school_year_of(first_month) == school_year


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
