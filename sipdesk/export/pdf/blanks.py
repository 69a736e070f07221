"""The printed template's blank rows, where a plan has none yet (the PDF of an empty plan is
the template to fill in by hand).

They are typed as the plan records they stand in for, and are whole records but for one
thing: they are not in the plan, so their id is None (no label, anchor or report refers to
them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sipdesk.models.plan_types import GoalRow, MilestoneRow, PriorityRow, StrategyRow


def blank_strategy() -> StrategyRow:
    return cast(
        "StrategyRow",
        {
            "id": None,
            "if_text": "",
            "then_text": "",
            "and_text": "",
            "practice_code": "",
            "evidence_base": "",
            "learning_needs": "",
            "students": "",
            "category": "",
            "measures": [],
            "milestones": [blank_milestone()],
            "reports": [],
        },
    )


def blank_milestone() -> MilestoneRow:
    return cast(
        "MilestoneRow",
        {"id": None, "text": "", "timeline": "", "kind": "", "actions": [], "reports": []},
    )


def blank_priority() -> PriorityRow:
    return cast(
        "PriorityRow",
        {
            "id": None,
            "title": "",
            "description": "",
            "links": [],
            "measures": [],
            "strategies": [blank_strategy(), blank_strategy()],
        },
    )


def blank_goal() -> GoalRow:
    return cast(
        "GoalRow",
        {"id": None, "text": "", "explanation": "", "academic": False, "measures": []},
    )
