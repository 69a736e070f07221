"""SQLAlchemy entities of a plan file, one module per wizard area.

The names are loaded on first use (PEP 562): importing a plain helper such as
``sipdesk.models.formatting`` must not load SQLAlchemy, which the start screen never needs
(it took a third of a second of every start).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sipdesk.models.base import Base
    from sipdesk.models.direction import (
        MEASURE_KINDS,
        TARGET_TYPES,
        CoreValue,
        GlossaryTerm,
        Goal,
        Measure,
        MeasureGroup,
    )
    from sipdesk.models.meeting import AgendaSegment, ParkedIdea
    from sipdesk.models.monitoring import (
        ACTION_STATUSES,
        ActionStatus,
        Adjustment,
        Cycle,
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
    from sipdesk.models.profile import (
        PLAN_PHASES,
        PLAN_STATUSES,
        PlanProfile,
        Signature,
        TeamMember,
    )
    from sipdesk.models.review import ReviewComment, StatusEvent
    from sipdesk.models.root_causes import (
        Cause,
        DotVote,
        Fishbone,
        FishboneCategory,
        WhyChain,
        WhyStep,
    )

_WHERE: dict[str, str] = {
    "ACTION_STATUSES": "sipdesk.models.monitoring",
    "Action": "sipdesk.models.plan",
    "ActionStatus": "sipdesk.models.monitoring",
    "Adjustment": "sipdesk.models.monitoring",
    "AgendaSegment": "sipdesk.models.meeting",
    "Base": "sipdesk.models.base",
    "Cause": "sipdesk.models.root_causes",
    "Cycle": "sipdesk.models.monitoring",
    "CoreValue": "sipdesk.models.direction",
    "DotVote": "sipdesk.models.root_causes",
    "Fishbone": "sipdesk.models.root_causes",
    "FishboneCategory": "sipdesk.models.root_causes",
    "GlossaryTerm": "sipdesk.models.direction",
    "Goal": "sipdesk.models.direction",
    "MAX_PRIORITIES": "sipdesk.models.plan",
    "MEASURE_KINDS": "sipdesk.models.direction",
    "MILESTONE_KINDS": "sipdesk.models.plan",
    "Measure": "sipdesk.models.direction",
    "MeasureGroup": "sipdesk.models.direction",
    "MeasureResult": "sipdesk.models.monitoring",
    "Milestone": "sipdesk.models.plan",
    "MilestoneReport": "sipdesk.models.monitoring",
    "NeedsElement": "sipdesk.models.needs",
    "PLAN_PHASES": "sipdesk.models.profile",
    "PLAN_STATUSES": "sipdesk.models.profile",
    "ParkedIdea": "sipdesk.models.meeting",
    "PlanProfile": "sipdesk.models.profile",
    "Priority": "sipdesk.models.plan",
    "PriorityLink": "sipdesk.models.plan",
    "ReviewComment": "sipdesk.models.review",
    "SWOT_KINDS": "sipdesk.models.needs",
    "TARGET_TYPES": "sipdesk.models.direction",
    "Signature": "sipdesk.models.profile",
    "StatusEvent": "sipdesk.models.review",
    "Strategy": "sipdesk.models.plan",
    "StrategyReport": "sipdesk.models.monitoring",
    "Support": "sipdesk.models.monitoring",
    "SwotItem": "sipdesk.models.needs",
    "TeamMember": "sipdesk.models.profile",
    "WhyChain": "sipdesk.models.root_causes",
    "WhyStep": "sipdesk.models.root_causes",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Every entity at once, as an eager import would: their relationships name each other,
    # and the metadata must hold every table.
    for key, module in _WHERE.items():
        globals()[key] = getattr(importlib.import_module(module), key)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "ACTION_STATUSES",
    "MAX_PRIORITIES",
    "MEASURE_KINDS",
    "MILESTONE_KINDS",
    "PLAN_PHASES",
    "PLAN_STATUSES",
    "SWOT_KINDS",
    "TARGET_TYPES",
    "Action",
    "ActionStatus",
    "Adjustment",
    "AgendaSegment",
    "Base",
    "Cause",
    "CoreValue",
    "Cycle",
    "DotVote",
    "Fishbone",
    "FishboneCategory",
    "GlossaryTerm",
    "Goal",
    "Measure",
    "MeasureGroup",
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
