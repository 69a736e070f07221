"""Step 3 — Find root causes: fishbones, 5-Whys chains and dot votes."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered


class Fishbone(Ordered, Base):
    __tablename__ = "fishbones"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem: Mapped[str] = mapped_column(Text, default="")
    # The SWOT weakness this diagram digs into, if any.
    weakness_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_items.id", ondelete="SET NULL"), default=None
    )


class FishboneCategory(Ordered, Base):
    __tablename__ = "fishbone_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    fishbone_id: Mapped[int] = mapped_column(
        ForeignKey("fishbones.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text, default="")


class Cause(Ordered, Base):
    """A cause on a category bone; ``parent_id`` makes it a sub-cause of another cause."""

    __tablename__ = "causes"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("fishbone_categories.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("causes.id", ondelete="CASCADE"), default=None, index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    actionable: Mapped[bool] = mapped_column(Boolean, default=False)
    is_root: Mapped[bool] = mapped_column(Boolean, default=False)
    # Dots placed without naming a member (typed in as a tally).
    votes: Mapped[int] = mapped_column(Integer, default=0)
    # Who added it from their own device in a meeting room (a first name; "" = the coach).
    contributed_by: Mapped[str] = mapped_column(Text, default="")


class WhyChain(Ordered, Base):
    __tablename__ = "why_chains"

    id: Mapped[int] = mapped_column(primary_key=True)
    symptom: Mapped[str] = mapped_column(Text, default="")
    actionable: Mapped[bool] = mapped_column(Boolean, default=False)
    weakness_id: Mapped[int | None] = mapped_column(
        ForeignKey("swot_items.id", ondelete="SET NULL"), default=None
    )
    cause_id: Mapped[int | None] = mapped_column(
        ForeignKey("causes.id", ondelete="SET NULL"), default=None
    )


class WhyStep(Ordered, Base):
    """One "why?" answer; the chain's last step is its root cause."""

    __tablename__ = "why_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(
        ForeignKey("why_chains.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    # Who added it from their own device in a meeting room (a first name; "" = the coach).
    contributed_by: Mapped[str] = mapped_column(Text, default="")


class DotVote(Base):
    """Dots one team member placed on one cause."""

    __tablename__ = "dot_votes"
    __table_args__ = (UniqueConstraint("cause_id", "member_id", name="cause_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cause_id: Mapped[int] = mapped_column(ForeignKey("causes.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("team_members.id", ondelete="CASCADE"), index=True
    )
    dots: Mapped[int] = mapped_column(Integer, default=1)
