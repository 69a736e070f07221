"""Step 8 — Review: district comments and the status history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base


class ReviewComment(Base):
    """A reviewer's comment on a step, or on one item of it (``item`` like ``"goal:3"``)."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[int] = mapped_column(Integer, default=8)
    item: Mapped[str] = mapped_column(String(64), default="")
    author: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class StatusEvent(Base):
    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    by: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
