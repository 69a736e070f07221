"""The meeting bar: the agenda of timed segments and the parking lot of ideas.

Neither is part of the School Improvement Plan's template; both are kept in the plan file so a
team finds its agenda and its parked ideas again at the next meeting, and the parking lot is
listed in the plan's PDF so no idea is lost.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered


class AgendaSegment(Ordered, Base):
    """One timed part of the meeting ("SWOT, 25 minutes"), in the order it is run."""

    __tablename__ = "agenda_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=10)


class ParkedIdea(Ordered, Base):
    """An idea raised in a meeting that belongs elsewhere, kept until the team deals with it."""

    __tablename__ = "parked_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # The wizard step (0-8) the team was on when the idea was raised.
    step: Mapped[int] = mapped_column(Integer, default=0)
    raised_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
