"""SQLAlchemy entities of a plan file, one module per wizard area."""

from __future__ import annotations

from sipdesk.models.base import Base
from sipdesk.models.direction import CoreValue, GlossaryTerm, Goal, Measure
from sipdesk.models.meeting import AgendaSegment, ParkedIdea
from sipdesk.models.monitoring import (
    ACTION_STATUSES,
    ActionStatus,
    Adjustment,
    MeasureResult,
    MilestoneReport,
    StrategyReport,
    Support,
)
from sipdesk.models.needs import SWOT_KINDS, NeedsElement, SwotItem
from sipdesk.models.plan import (
    MAX_PRIORITIES,
    MILESTONE_KINDS,
    Action,
    Milestone,
    Priority,
    PriorityLink,
    Strategy,
)
from sipdesk.models.profile import PLAN_STATUSES, PlanProfile, Signature, TeamMember
from sipdesk.models.review import ReviewComment, StatusEvent
from sipdesk.models.root_causes import Cause, DotVote, Fishbone, FishboneCategory, WhyChain, WhyStep

__all__ = [
    "ACTION_STATUSES",
    "MAX_PRIORITIES",
    "MILESTONE_KINDS",
    "PLAN_STATUSES",
    "SWOT_KINDS",
    "Action",
    "ActionStatus",
    "Adjustment",
    "AgendaSegment",
    "Base",
    "Cause",
    "CoreValue",
    "DotVote",
    "Fishbone",
    "FishboneCategory",
    "GlossaryTerm",
    "Goal",
    "Measure",
    "MeasureResult",
    "Milestone",
    "MilestoneReport",
    "NeedsElement",
    "ParkedIdea",
    "PlanProfile",
    "Priority",
    "PriorityLink",
    "ReviewComment",
    "Signature",
    "StatusEvent",
    "Strategy",
    "StrategyReport",
    "Support",
    "SwotItem",
    "TeamMember",
    "WhyChain",
    "WhyStep",
]
