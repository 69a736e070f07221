"""Steps 6 and 7 — monitoring reports, supports and the adjustments log.

Report percentages are never stored: services compute them from the monthly statuses.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered
from sipdesk.models.kinds import ACTION_STATUSES as ACTION_STATUSES
from sipdesk.models.limits import MAX_CYCLES, MAX_PLAN_YEARS


class ActionStatus(Base):
    __tablename__ = "action_statuses"
    __table_args__ = (
        UniqueConstraint("action_id", "month", name="action_month"),
        CheckConstraint("status IN ('not_started', 'on_track', 'behind', 'done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    note: Mapped[str] = mapped_column(Text, default="")


class MilestoneReport(Base):
    __tablename__ = "milestone_reports"
    __table_args__ = (
        UniqueConstraint("milestone_id", "quarter", name="milestone_quarter"),
        # a report for each monitoring period: a quarter, or one of the plan's cycles
        CheckConstraint(f"quarter BETWEEN 1 AND {MAX_CYCLES}", name="quarter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    quarter: Mapped[int] = mapped_column(Integer)
    outputs_completed: Mapped[str] = mapped_column(Text, default="")
    cause_and_adjustments: Mapped[str] = mapped_column(Text, default="")
    resources_used: Mapped[str] = mapped_column(Text, default="")
    comments: Mapped[str] = mapped_column(Text, default="")


class StrategyReport(Base):
    __tablename__ = "strategy_reports"
    __table_args__ = (
        UniqueConstraint("strategy_id", "semester", name="strategy_semester"),
        CheckConstraint("semester BETWEEN 1 AND 2", name="semester"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        ForeignKey("strategies.id", ondelete="CASCADE"), index=True
    )
    semester: Mapped[int] = mapped_column(Integer)
    cause_and_adjustments: Mapped[str] = mapped_column(Text, default="")


class MeasureResult(Base):
    __tablename__ = "measure_results"
    __table_args__ = (
        UniqueConstraint("measure_id", "year", name="measure_year"),
        # a result for each year of the plan's span (1 to 5)
        CheckConstraint(f"year BETWEEN 1 AND {MAX_PLAN_YEARS}", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    progress: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")


class Cycle(Ordered, Base):
    """A named monitoring period of the plan year ("Cycle 1", August to October 2025); a plan
    without any is monitored by quarters from its first month."""

    __tablename__ = "cycles"
    __table_args__ = (CheckConstraint('start <= "end"', name="months_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[str] = mapped_column(String(7))  # "YYYY-MM", its first month
    end: Mapped[str] = mapped_column(String(7))  # "YYYY-MM", its last month


class Support(Ordered, Base):
    __tablename__ = "supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategies.id", ondelete="SET NULL"), default=None
    )
    needed: Mapped[str] = mapped_column(Text, default="")
    provided: Mapped[str] = mapped_column(Text, default="")
    provider: Mapped[str] = mapped_column(Text, default="")
    how_used: Mapped[str] = mapped_column(Text, default="")
    effectiveness: Mapped[str] = mapped_column(Text, default="")
    # The choice made from the plan's state-pack support catalogue, kept beside the text above:
    # the level's key ("universal", ...), the provider's and the service's names. "" = the
    # support was typed freely (every support before schema 9).
    pack_level: Mapped[str] = mapped_column(Text, default="")
    pack_provider: Mapped[str] = mapped_column(Text, default="")
    pack_service: Mapped[str] = mapped_column(Text, default="")


class Adjustment(Ordered, Base):
    __tablename__ = "adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL"), default=None
    )
    what_changed: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(Text, default="")
    communicated_to: Mapped[str] = mapped_column(Text, default="")
