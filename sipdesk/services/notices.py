"""What an edit changed, in typed terms: the parts of the plan it touched.

Every table of the plan is one :class:`PlanPart`, named in one place (``_PART_OF_MODEL``,
from the model classes), so a screen says what it shows as ``PlanPart.GOALS |
PlanPart.MEASURES`` and matches a :class:`PlanNotice` against it::

    SHOWN = PlanPart.SWOT | PlanPart.NEEDS_ELEMENTS

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.reshapes(PlanPart.SWOT):    # rows added, removed, moved; or a reload
            self.board.reload()
        elif notice.touches(SHOWN):          # any field of those parts
            ...

The controller announces a notice after each edit, undo and redo, and
:meth:`PlanNotice.everything` after the whole plan is read again (a restore). A table
without a part (a new one forgotten here) counts as every part, so screens refresh rather
than go stale; ``tests/unit/test_notices.py`` fails until it is named.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sipdesk.models import Base
    from sipdesk.services.changes import Change

# Columns that decide where a row sits (its list and its place in it), not what it says.
_PLACE_COLUMNS = frozenset({"position", "kind"})


class PlanPart(enum.Flag):
    """One part of the plan per table; combine them with ``|``."""

    PROFILE = enum.auto()
    TEAM = enum.auto()
    SIGNATURES = enum.auto()
    CORE_VALUES = enum.auto()
    GOALS = enum.auto()
    MEASURES = enum.auto()
    MEASURE_RESULTS = enum.auto()
    MEASURE_GROUPS = enum.auto()
    CYCLES = enum.auto()
    GLOSSARY = enum.auto()
    NEEDS_ELEMENTS = enum.auto()
    SWOT = enum.auto()
    FISHBONES = enum.auto()
    FISHBONE_CATEGORIES = enum.auto()
    CAUSES = enum.auto()
    DOT_VOTES = enum.auto()
    WHY_CHAINS = enum.auto()
    WHY_STEPS = enum.auto()
    PRIORITIES = enum.auto()
    PRIORITY_LINKS = enum.auto()
    STRATEGIES = enum.auto()
    MILESTONES = enum.auto()
    ACTIONS = enum.auto()
    ACTION_STATUSES = enum.auto()
    MILESTONE_REPORTS = enum.auto()
    STRATEGY_REPORTS = enum.auto()
    SUPPORTS = enum.auto()
    ADJUSTMENTS = enum.auto()
    REVIEW_COMMENTS = enum.auto()
    STATUS_EVENTS = enum.auto()
    AGENDA = enum.auto()
    PARKED_IDEAS = enum.auto()


NOTHING = PlanPart(0)
EVERY_PART = ~NOTHING

# By table name, so this module (on the path of every page) loads without SQLAlchemy and the
# models (issue 12); tests/unit/test_notices.py holds it equal to the models' tables.
PART_OF_TABLE: dict[str, PlanPart] = {
    "plan_profile": PlanPart.PROFILE,
    "team_members": PlanPart.TEAM,
    "signatures": PlanPart.SIGNATURES,
    "core_values": PlanPart.CORE_VALUES,
    "goals": PlanPart.GOALS,
    "measures": PlanPart.MEASURES,
    "measure_results": PlanPart.MEASURE_RESULTS,
    "measure_groups": PlanPart.MEASURE_GROUPS,
    "cycles": PlanPart.CYCLES,
    "glossary_terms": PlanPart.GLOSSARY,
    "needs_elements": PlanPart.NEEDS_ELEMENTS,
    "swot_items": PlanPart.SWOT,
    "fishbones": PlanPart.FISHBONES,
    "fishbone_categories": PlanPart.FISHBONE_CATEGORIES,
    "causes": PlanPart.CAUSES,
    "dot_votes": PlanPart.DOT_VOTES,
    "why_chains": PlanPart.WHY_CHAINS,
    "why_steps": PlanPart.WHY_STEPS,
    "priorities": PlanPart.PRIORITIES,
    "priority_links": PlanPart.PRIORITY_LINKS,
    "strategies": PlanPart.STRATEGIES,
    "milestones": PlanPart.MILESTONES,
    "actions": PlanPart.ACTIONS,
    "action_statuses": PlanPart.ACTION_STATUSES,
    "milestone_reports": PlanPart.MILESTONE_REPORTS,
    "strategy_reports": PlanPart.STRATEGY_REPORTS,
    "supports": PlanPart.SUPPORTS,
    "adjustments": PlanPart.ADJUSTMENTS,
    "review_comments": PlanPart.REVIEW_COMMENTS,
    "status_events": PlanPart.STATUS_EVENTS,
    "agenda_segments": PlanPart.AGENDA,
    "parked_ideas": PlanPart.PARKED_IDEAS,
}
"""Table name → its part (what the edit path records in a :class:`Change`)."""


def part_of(model: type[Base]) -> PlanPart:
    """The part of the plan ``model``'s rows are."""
    from sipdesk.models.base import table_of

    return PART_OF_TABLE[table_of(model).name]


def parts_of(tables: Iterable[str]) -> PlanPart:
    """The parts these tables are; a table without a part counts as every part."""
    parts = NOTHING
    for table in tables:
        parts |= PART_OF_TABLE.get(table, EVERY_PART)
    return parts


@dataclass(frozen=True)
class PlanNotice:
    """What one edit, undo or redo changed (or, with ``change`` None, that the whole plan was
    read again): ``parts`` it touched at all, and the parts it ``reshaped`` — rows added,
    removed, reordered or moved to another parent, which lists must be rebuilt for. Plain
    field edits are followed by the bound editors without rebuilding."""

    parts: PlanPart
    reshaped: PlanPart
    change: Change | None = None

    @classmethod
    def of(cls, change: Change) -> PlanNotice:
        reshaped = NOTHING
        for step in change.steps:
            keys = set(step.after or {}) | set(step.before or {})
            if (
                step.kind != "update"
                or keys & _PLACE_COLUMNS
                or any(key.endswith("_id") for key in keys)
            ):
                reshaped |= parts_of([step.table])
        return cls(parts_of(change.tables), reshaped, change)

    @classmethod
    def everything(cls) -> PlanNotice:
        """The whole plan was read again: every part may have changed shape."""
        return cls(EVERY_PART, EVERY_PART)

    @property
    def reload(self) -> bool:
        """True when the whole plan was read again (not one edit)."""
        return self.change is None

    def touches(self, parts: PlanPart) -> bool:
        """True when any of ``parts`` changed in any way."""
        return bool(self.parts & parts)

    def reshapes(self, parts: PlanPart) -> bool:
        """True when rows of any of ``parts`` were added, removed, reordered or re-parented."""
        return bool(self.reshaped & parts)
