"""Step 2 — Assess needs: the elements checklist and the SWOT board."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered
from sipdesk.models.kinds import SWOT_KINDS as SWOT_KINDS


class NeedsElement(Ordered, Base):
    """One row of the needs-assessment checklist; ``key`` names a catalogue element."""

    __tablename__ = "needs_elements"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    checked: Mapped[bool] = mapped_column(Boolean, default=False)
    other_text: Mapped[str] = mapped_column(Text, default="")


class SwotItem(Ordered, Base):
    __tablename__ = "swot_items"
    __table_args__ = (
        CheckConstraint("kind IN ('strength', 'weakness', 'opportunity', 'threat')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    # The first name of the team member who added it from their own device in a meeting room;
    # "" = entered on the coach's laptop (every item before schema 9).
    contributed_by: Mapped[str] = mapped_column(Text, default="")
