"""Step 1 — Set the direction: core values, goals, measures and the glossary.

Goal, priority and strategy measures share one table (``measures``) with exactly one owner;
a measure's rows per grade or student group (``measure_groups``) sit under it.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered
from sipdesk.models.kinds import MEASURE_KINDS as MEASURE_KINDS
from sipdesk.models.kinds import TARGET_TYPES as TARGET_TYPES


class CoreValue(Ordered, Base):
    __tablename__ = "core_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")


class Goal(Ordered, Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    academic: Mapped[bool] = mapped_column(Boolean, default=False)


class Measure(Ordered, Base):
    __tablename__ = "measures"
    __table_args__ = (
        CheckConstraint(
            "(goal_id IS NOT NULL) + (priority_id IS NOT NULL) + (strategy_id IS NOT NULL) = 1",
            name="one_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), default=None, index=True
    )
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), default=None, index=True
    )
    # Added by schema 5: a measure may belong to a priority instead.
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), default=None, index=True
    )
    # What kind of measure it is (MEASURE_KINDS; schema 5).
    kind: Mapped[str] = mapped_column(String(16), default="outcome")
    indicator: Mapped[str] = mapped_column(Text, default="")
    data_source: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(Text, default="")
    # Whether its targets are numbers or ratings (TARGET_TYPES; schema 5), and a target for
    # each year of the plan's span (years 4 and 5 since schema 5).
    target_type: Mapped[str] = mapped_column(String(16), default="number")
    target_y1: Mapped[str] = mapped_column(Text, default="")
    target_y2: Mapped[str] = mapped_column(Text, default="")
    target_y3: Mapped[str] = mapped_column(Text, default="")
    target_y4: Mapped[str] = mapped_column(Text, default="")
    target_y5: Mapped[str] = mapped_column(Text, default="")
    # Whether the team reviews this measure during monitoring (readiness asks for one per goal).
    monitored: Mapped[bool] = mapped_column(Boolean, default=True)


class MeasureGroup(Ordered, Base):
    """One grade's or student group's row of a measure ("Grade 3", EOG, 30.38 %), with its
    own data source, baseline and a target for each year of the plan."""

    __tablename__ = "measure_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    group: Mapped[str] = mapped_column(Text, default="")
    data_source: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(Text, default="")
    target_y1: Mapped[str] = mapped_column(Text, default="")
    target_y2: Mapped[str] = mapped_column(Text, default="")
    target_y3: Mapped[str] = mapped_column(Text, default="")
    target_y4: Mapped[str] = mapped_column(Text, default="")
    target_y5: Mapped[str] = mapped_column(Text, default="")


class GlossaryTerm(Ordered, Base):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(Text, default="")
    meaning: Mapped[str] = mapped_column(Text, default="")
