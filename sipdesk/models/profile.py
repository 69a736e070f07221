"""Step 0 — School & team: the at-a-glance profile, the leadership team and signatures.

The profile is a single row that also carries the plan's one-off texts from other steps
(vision, mission, theory of action, needs narratives) so each is one field to edit.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sipdesk.models.base import Base, Ordered
from sipdesk.models.kinds import PLAN_PHASES as PLAN_PHASES
from sipdesk.models.kinds import PLAN_STATUSES as PLAN_STATUSES


def new_plan_id() -> str:
    """A fresh plan id: a random UUID in its canonical lowercase form."""
    return str(uuid.uuid4())


class PlanProfile(Base):
    __tablename__ = "plan_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The plan's identity, made with it and kept by copies, exports and imports: a UUID in
    # its canonical lowercase form. A district recognises a plan's versions by it.
    plan_id: Mapped[str] = mapped_column(Text, default=new_plan_id)
    # At a glance (step 0)
    school_name: Mapped[str] = mapped_column(Text, default="")
    plan_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    update_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    update_summary: Mapped[str] = mapped_column(Text, default="")
    essa_status: Mapped[str] = mapped_column(Text, default="")
    city_county: Mapped[str] = mapped_column(Text, default="")
    zip_code: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")
    principal: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    district: Mapped[str] = mapped_column(Text, default="")
    superintendent: Mapped[str] = mapped_column(Text, default="")
    district_liaison: Mapped[str] = mapped_column(Text, default="")
    federal_designation: Mapped[str] = mapped_column(Text, default="")
    title_i_status: Mapped[str] = mapped_column(Text, default="")
    # The first month of the plan year, "YYYY-MM"; monitoring months count from it.
    first_month: Mapped[str] = mapped_column(String(7), default="")
    # The school year the plan starts in, as people write it ("2026–27"), and how many school
    # years the plan spans (1 for an annual plan, 3 for Tool A's usual plan).
    school_year: Mapped[str] = mapped_column(Text, default="")
    plan_years: Mapped[int] = mapped_column(Integer, default=3)
    # What the state calls the school and district, and the state's own status for it.
    state_school_id: Mapped[str] = mapped_column(Text, default="")
    state_district_id: Mapped[str] = mapped_column(Text, default="")
    state_status: Mapped[str] = mapped_column(Text, default="")
    # The readiness profile plan health holds the plan to; "" is the generic Tool A profile.
    readiness_profile: Mapped[str] = mapped_column(Text, default="")
    # The state pack the plan follows (a pack's name; "" = the one its readiness profile
    # points to), the school year the school was designated in ("2026–27", may be empty),
    # and where the plan stands: its planning year or implementation year 1 to 5 ("" and
    # None = not said, as every plan before schema 8).
    state_pack: Mapped[str] = mapped_column(Text, default="")
    designation_year: Mapped[str] = mapped_column(Text, default="")
    plan_phase: Mapped[str] = mapped_column(Text, default="")
    implementation_year: Mapped[int | None] = mapped_column(Integer, default=None)
    # Step 1 — direction
    vision: Mapped[str] = mapped_column(Text, default="")
    mission: Mapped[str] = mapped_column(Text, default="")
    toa_if: Mapped[str] = mapped_column(Text, default="")
    toa_then: Mapped[str] = mapped_column(Text, default="")
    toa_and: Mapped[str] = mapped_column(Text, default="")
    # Step 2 — needs assessment narratives
    assessment_process: Mapped[str] = mapped_column(Text, default="")
    stakeholder_input: Mapped[str] = mapped_column(Text, default="")
    leverage: Mapped[str] = mapped_column(Text, default="")
    # Step 3 — dots each team member may place when voting on causes
    dots_per_member: Mapped[int] = mapped_column(Integer, default=3)
    # Step 8 — current review status (history in status_events)
    status: Mapped[str] = mapped_column(String(16), default="draft")


class TeamMember(Ordered, Base):
    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")  # position at the school
    plan_role: Mapped[str] = mapped_column(Text, default="")


class Signature(Ordered, Base):
    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_members.id", ondelete="SET NULL"), default=None
    )
    name: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    plan_role: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
