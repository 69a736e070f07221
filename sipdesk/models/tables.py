"""The plan's tables by name, for the window's editors: no SQLAlchemy until an edit needs it.

A step's page binds its fields and lists to tables when it is built, which for the page a plan
was left on is before the plan's first paint. Naming the ORM classes there loaded SQLAlchemy
and every model first, about a quarter of a second (issue 12). A page names a
:class:`PlanTable` instead (``TextArea(controller, PLAN_PROFILE, "mission", …)``); the class
behind it is looked up when an edit runs (:attr:`PlanTable.model`), by which time the database
code has loaded. ``tests/unit/test_plan_tables.py`` holds this list equal to the models'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sipdesk.models.base import Base


@dataclass(frozen=True)
class PlanTable:
    """One table of a plan file, by its name in the file."""

    name: str

    @property
    def model(self) -> type[Base]:
        """The ORM class of this table (loads SQLAlchemy and the models the first time)."""
        from sipdesk.models.base import model_of

        return model_of(self.name)


ACTION = PlanTable("actions")
ACTION_STATUS = PlanTable("action_statuses")
ADJUSTMENT = PlanTable("adjustments")
AGENDA_SEGMENT = PlanTable("agenda_segments")
CAUSE = PlanTable("causes")
CORE_VALUE = PlanTable("core_values")
CYCLE = PlanTable("cycles")
DOT_VOTE = PlanTable("dot_votes")
FISHBONE = PlanTable("fishbones")
FISHBONE_CATEGORY = PlanTable("fishbone_categories")
GLOSSARY_TERM = PlanTable("glossary_terms")
GOAL = PlanTable("goals")
MEASURE = PlanTable("measures")
MEASURE_GROUP = PlanTable("measure_groups")
MEASURE_RESULT = PlanTable("measure_results")
MILESTONE = PlanTable("milestones")
MILESTONE_REPORT = PlanTable("milestone_reports")
NEEDS_ELEMENT = PlanTable("needs_elements")
PARKED_IDEA = PlanTable("parked_ideas")
PLAN_PROFILE = PlanTable("plan_profile")
PRIORITY = PlanTable("priorities")
PRIORITY_LINK = PlanTable("priority_links")
REVIEW_COMMENT = PlanTable("review_comments")
SIGNATURE = PlanTable("signatures")
STATUS_EVENT = PlanTable("status_events")
STRATEGY = PlanTable("strategies")
STRATEGY_REPORT = PlanTable("strategy_reports")
SUPPORT = PlanTable("supports")
SWOT_ITEM = PlanTable("swot_items")
TEAM_MEMBER = PlanTable("team_members")
WHY_CHAIN = PlanTable("why_chains")
WHY_STEP = PlanTable("why_steps")

# Every table above, for the test that holds them equal to the models.
ALL: tuple[PlanTable, ...] = tuple(
    value for value in tuple(globals().values()) if isinstance(value, PlanTable)
)
