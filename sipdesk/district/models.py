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
