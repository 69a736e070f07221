"""Steps 4 and 5 — priorities and the plan: strategies, milestones and actions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered
from sipdesk.models.kinds import MILESTONE_KINDS as MILESTONE_KINDS
from sipdesk.models.kinds import RECURRENCES as RECURRENCES
from sipdesk.models.limits import MAX_PRIORITIES as MAX_PRIORITIES


class Priority(Ordered, Base):
    __tablename__ = "priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")


class PriorityLink(Base):
    """What a priority answers: a root cause (fishbone cause or 5-Whys chain) or a weakness."""

    __tablename__ = "priority_links"
    __table_args__ = (
        CheckConstraint(
            "(cause_id IS NOT NULL) + (chain_id IS NOT NULL) + (weakness_id IS NOT NULL) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), index=True
    )
    cause_id: Mapped[int | None] = mapped_column(
        ForeignKey("causes.id", ondelete="CASCADE"), default=None
    )
    chain_id: Mapped[int | None] = mapped_column(
        ForeignKey("why_chains.id", ondelete="CASCADE"), default=None
    )
    weakness_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_items.id", ondelete="CASCADE"), default=None
    )


class Strategy(Ordered, Base):
    __tablename__ = "strategies"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), index=True
    )
    if_text: Mapped[str] = mapped_column(Text, default="")
    then_text: Mapped[str] = mapped_column(Text, default="")
    and_text: Mapped[str] = mapped_column(Text, default="")
    practice_code: Mapped[str] = mapped_column(String(4), default="")
    evidence_base: Mapped[str] = mapped_column(Text, default="")
    learning_needs: Mapped[str] = mapped_column(Text, default="")
    # Whom the strategy serves ("all 2nd graders in the intensive range") and the plan's own
    # label for it (a category or element of the district's template).
    students: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(Text, default="")


class Milestone(Ordered, Base):
    __tablename__ = "milestones"
    __table_args__ = (CheckConstraint("kind IN ('process', 'early_evidence')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="process")


class Action(Ordered, Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    outputs: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[dt.date | None] = mapped_column(Date, default=None)
    due: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # Whole cents, so sums are exact.
    budget_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    funding_source: Mapped[str] = mapped_column(Text, default="")
    person_responsible: Mapped[str] = mapped_column(Text, default="")
    collaborators: Mapped[str] = mapped_column(Text, default="")
    # How often the action happens: "once" (its start and due dates say when) or again and
    # again ("daily", "weekly", "monthly", "each cycle"), with its rhythm in words.
    recurrence: Mapped[str] = mapped_column(String(16), default="once")
    schedule: Mapped[str] = mapped_column(Text, default="")
