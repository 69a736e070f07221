"""How the plan's tables nest into one document.

This spec drives the JSON interchange format, the read snapshot the checks and the PDF use,
the importer and the JSON Schema, so a new column is carried everywhere by being declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column

from sipdesk.models import (
    Action,
    ActionStatus,
    Adjustment,
    AgendaSegment,
    Base,
    Cause,
    CoreValue,
    Cycle,
    DotVote,
    Fishbone,
    FishboneCategory,
    GlossaryTerm,
    Goal,
    Measure,
    MeasureGroup,
    MeasureResult,
    Milestone,
    MilestoneReport,
    NeedsElement,
    ParkedIdea,
    PlanProfile,
    Priority,
    PriorityLink,
    ReviewComment,
    Signature,
    StatusEvent,
    Strategy,
    StrategyReport,
    Support,
    SwotItem,
    TeamMember,
    WhyChain,
    WhyStep,
)
from sipdesk.models.base import table_of


@dataclass(frozen=True)
class Node:
    """A list of rows of ``model`` stored under ``key`` in their parent's object.

    ``parent_fk`` is the column that points at the parent row (implied by nesting, so it is
    not written); ``order`` names the columns that give the list its order.
    """

    key: str
    model: type[Base]
    parent_fk: str | None = None
    order: tuple[str, ...] = ("position", "id")
    children: tuple[Node, ...] = field(default=())
    # Self-nesting: rows whose ``self_fk`` is set are written inside their parent row.
    self_fk: str | None = None
    # Columns not written at all (a measure's other possible owners, always empty).
    hidden: tuple[str, ...] = ()
    # Columns written together as one list under a key, first column first, with the blank
    # ones at the end left out: a group row's yearly targets ``target_y1`` … ``target_y5``
    # are its ``"targets"``.
    packed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def table_columns(self) -> list[Column[Any]]:
        return list(table_of(self.model).columns)

    def fields(self) -> list[Column[Any]]:
        """The columns written one key each: all but the implied parent link, position, the
        hidden columns and the packed ones."""
        skip = {"position", self.parent_fk, self.self_fk, *self.hidden}
        skip.update(name for _, names in self.packed for name in names)
        return [c for c in self.table_columns if c.name not in skip]

    def packed_columns(self) -> list[tuple[str, list[Column[Any]]]]:
        """Each packed key with its columns, in list order."""
        columns = table_of(self.model).c
        return [(key, [columns[name] for name in names]) for key, names in self.packed]


YEARLY_TARGETS = tuple(f"target_y{year}" for year in range(1, 6))
MEASURE_RESULTS = Node("results", MeasureResult, "measure_id", order=("year", "id"))
MEASURE_GROUPS = Node("groups", MeasureGroup, "measure_id", packed=(("targets", YEARLY_TARGETS),))
MEASURE_OWNERS = ("goal_id", "priority_id", "strategy_id")


def _measures(owner: str) -> Node:
    """The measures of a goal, a priority or a strategy (one table, one owner each)."""
    others = tuple(o for o in MEASURE_OWNERS if o != owner)
    return Node(
        "measures", Measure, owner, children=(MEASURE_GROUPS, MEASURE_RESULTS), hidden=others
    )


GOAL_MEASURES = _measures("goal_id")
PRIORITY_MEASURES = _measures("priority_id")
STRATEGY_MEASURES = _measures("strategy_id")

TREE: tuple[Node, ...] = (
    Node("team", TeamMember),
    Node("signatures", Signature),
    Node("core_values", CoreValue),
    Node("goals", Goal, children=(GOAL_MEASURES,)),
    Node("glossary", GlossaryTerm),
    Node("needs_elements", NeedsElement),
    Node("swot", SwotItem),
    Node(
        "fishbones",
        Fishbone,
        children=(
            Node(
                "categories",
                FishboneCategory,
                "fishbone_id",
                children=(
                    Node(
                        "causes",
                        Cause,
                        "category_id",
                        self_fk="parent_id",
                        children=(Node("dot_votes", DotVote, "cause_id", order=("id",)),),
                    ),
                ),
            ),
        ),
    ),
    Node("why_chains", WhyChain, children=(Node("steps", WhyStep, "chain_id"),)),
    Node(
        "priorities",
        Priority,
        children=(
            Node("links", PriorityLink, "priority_id", order=("id",)),
            PRIORITY_MEASURES,
            Node(
                "strategies",
                Strategy,
                "priority_id",
                children=(
                    STRATEGY_MEASURES,
                    Node(
                        "milestones",
                        Milestone,
                        "strategy_id",
                        children=(
                            Node(
                                "actions",
                                Action,
                                "milestone_id",
                                children=(
                                    Node(
                                        "statuses",
                                        ActionStatus,
                                        "action_id",
                                        order=("month", "id"),
                                    ),
                                ),
                            ),
                            Node(
                                "reports",
                                MilestoneReport,
                                "milestone_id",
                                order=("quarter", "id"),
                            ),
                        ),
                    ),
                    Node("reports", StrategyReport, "strategy_id", order=("semester", "id")),
                ),
            ),
        ),
    ),
    Node("supports", Support),
    Node("adjustments", Adjustment),
    Node("review_comments", ReviewComment, order=("id",)),
    Node("status_history", StatusEvent, order=("id",)),
    Node("agenda", AgendaSegment),
    Node("parking_lot", ParkedIdea),
    Node("cycles", Cycle),
)

PROFILE_MODEL = PlanProfile


def profile_fields() -> list[Column[Any]]:
    return [c for c in table_of(PlanProfile).columns if c.name != "id"]


def walk(nodes: tuple[Node, ...] = TREE) -> list[Node]:
    """Every node of the tree, parents before children."""
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        out.extend(walk(node.children))
    return out
