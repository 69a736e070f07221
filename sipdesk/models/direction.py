"""Step 1 — Set the direction: core values, goals, measures and the glossary.

Goal measures and strategy measures share one table (``measures``) with exactly one owner.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered


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
        CheckConstraint("(goal_id IS NULL) <> (strategy_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), default=None, index=True
    )
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), default=None, index=True
    )
    indicator: Mapped[str] = mapped_column(Text, default="")
    data_source: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(Text, default="")
    target_y1: Mapped[str] = mapped_column(Text, default="")
    target_y2: Mapped[str] = mapped_column(Text, default="")
    target_y3: Mapped[str] = mapped_column(Text, default="")
    # Whether the team reviews this measure during monitoring (readiness asks for one per goal).
    monitored: Mapped[bool] = mapped_column(Boolean, default=True)


class GlossaryTerm(Ordered, Base):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(Text, default="")
    meaning: Mapped[str] = mapped_column(Text, default="")
