"""The desk's tables: its own declarative base and metadata, apart from the plan's.

Only portable column types (text, integers, dates, binary) and plain ORM queries: the same
tables are meant to live on a PostgreSQL server later (issue 13). A plan's bytes are kept in
parts of at most :data:`PART_BYTES`, so that no single value is larger than the hardened SQLite
connection allows (see ``sipdesk.storage.validate.MAX_ROW_BYTES``) and a large plan does not need
one huge value on any database.

Times are stored in UTC, without a zone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Bytes of a received plan per row of ``plan_version_parts``.
PART_BYTES = 1024 * 1024

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DeskBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Desk(DeskBase):
    """The one row saying whose desk this is, and which desk schema it is written in."""

    __tablename__ = "desk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_name: Mapped[str] = mapped_column(Text, default="")
    schema_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class School(DeskBase):
    """A school whose plans the district receives; its history is its plan versions."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # The name folded for matching (case and spacing do not count).
    name_key: Mapped[str] = mapped_column(Text, index=True)
    state_school_id: Mapped[str] = mapped_column(Text, default="", index=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PlanVersion(DeskBase):
    """One received plan file: its bytes (in :class:`PlanVersionPart`) and what was read from it."""

    __tablename__ = "plan_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … in the order received
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    source_name: Mapped[str] = mapped_column(Text)
    # Facts read from the plan when it arrived.
    plan_id: Mapped[str] = mapped_column(Text, default="", index=True)
    school_name: Mapped[str] = mapped_column(Text, default="")
    state_school_id: Mapped[str] = mapped_column(Text, default="")
    school_year: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(Text, default="")
    plan_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, default=None)
    open_findings: Mapped[int] = mapped_column(Integer, default=0)
    plan_schema_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("school_id", "number"),)


class PlanVersionPart(DeskBase):
    """A part of a received plan's bytes, in order; joined they are the file as it came."""

    __tablename__ = "plan_version_parts"

    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# ------------------------------------------------------------------ reviews (desk schema 2)
class RubricCriterion(DeskBase):
    """One criterion of the district's rubric (the district edits it; a default ships in
    resources/rubrics/default.json). ``key`` is its short name on the command line."""

    __tablename__ = "rubric_criteria"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class RubricLevel(DeskBase):
    """One level of a criterion: 1 is the lowest."""

    __tablename__ = "rubric_levels"

    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class Review(DeskBase):
    """The district's review of one received version: who, the overall note, and the decision
    (``""`` while under review, then ``"returned"`` or ``"approved"``) and when (UTC)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), unique=True)
    reviewer: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReviewScore(DeskBase):
    """A review's level on one criterion. The criterion's key and the names are kept as they
    were when scored, so a later edit of the rubric never changes a past review."""

    __tablename__ = "review_scores"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), primary_key=True)
    criterion_key: Mapped[str] = mapped_column(Text, primary_key=True)
    criterion_name: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    level_name: Mapped[str] = mapped_column(Text)
    scored_by: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DistrictComment(DeskBase):
    """A district comment on one item of a received version (``item`` as plan health names
    it, e.g. ``"goal:1"``; ``""`` for the plan as a whole; ``step`` the step it belongs to)."""

    __tablename__ = "district_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    item: Mapped[str] = mapped_column(Text, default="")
    step: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# ------------------------------------------------------- expectations and check-ins (desk schema 3)
class Expectations(DeskBase):
    """The one row of what the district expects of every school's plan: its timeline, the
    readiness profile it requires (a key of resources/profiles, ``""`` for none chosen). The
    district's goals are :class:`DistrictGoal` rows; check-in rounds :class:`CheckinRound`."""

    __tablename__ = "expectations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_draft_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True, default=None)
    feedback_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True, default=None)
    final_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True, default=None)
    readiness_profile: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class DistrictGoal(DeskBase):
    """One of the district's goals that schools' plans should align to, in order."""

    __tablename__ = "district_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CheckinRound(DeskBase):
    """A check-in round of the district's year (its date), with the district's own reflection
    across the schools it met then (``""`` until written)."""

    __tablename__ = "checkin_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, unique=True)
    reflection: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Checkin(DeskBase):
    """A check-in with one school on one day: scheduled, and once held its after-action review
    (what was expected, what happened, why, what comes next; ``""`` until written)."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    expected: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("school_id", "held_on"),)


# ----------------------------------------------------------------- the roster (desk schema 4)
class ExpectedSchool(DeskBase):
    """A school on the district's list of the schools it expects plans from (its roster).

    The school is a :class:`School` row like any other, made before its first plan arrives (it
    then has no versions, and its first plan joins it as intake joins any known school). A
    school that sent a plan without being listed is on the desk but not on this list."""

    __tablename__ = "expected_schools"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    listed_at: Mapped[dt.datetime] = mapped_column(DateTime)


# ----------------------------------------------------------------- rollup facts (desk schema 5)
class VersionFacts(DeskBase):
    """The parts of a version's plan the rollup reads (``district/rollup_facts.py``), kept as
    compact JSON text when the version is received, so the rollup need not open its file.

    ``facts_version`` says how they were worked out; facts of another version are worked out
    again from the version's bytes. A version without a row (received before desk schema 5)
    gets one on its first rollup."""

    __tablename__ = "version_facts"

    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), primary_key=True)
    facts_version: Mapped[int] = mapped_column(Integer)
    facts: Mapped[str] = mapped_column(Text)


# ------------------------------------------- the district's self-reflection, Tool C (desk schema 6)
class Reflection(DeskBase):
    """One sitting of the district's self-reflection (Tool C), named by its team: "2026–27"."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReflectionRating(DeskBase):
    """One team member's level (1–4) for one element (``"2b1"``), with their evidence."""

    __tablename__ = "reflection_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflections.id"), index=True)
    element: Mapped[str] = mapped_column(String(8))
    member: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("reflection_id", "element", "member"),)


class ReflectionAgreed(DeskBase):
    """The level the team agreed for one element, and the evidence it rests on."""

    __tablename__ = "reflection_agreed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflections.id"), index=True)
    element: Mapped[str] = mapped_column(String(8))
    level: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("reflection_id", "element"),)


class ReflectionNote(DeskBase):
    """A strength or a weakness (``kind``) the team noted for a domain (1–4), in order."""

    __tablename__ = "reflection_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflections.id"), index=True)
    domain: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # "strength" or "weakness"
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ReflectionLink(DeskBase):
    """A weakness linked to a row of the rollup it explains: the view's key (``practices``) and
    the row's key in it (``2b``; ``district/reflection_links.py``)."""

    __tablename__ = "reflection_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("reflection_notes.id"), index=True)
    view: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("note_id", "view", "row_key"),)
