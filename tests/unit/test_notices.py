"""Change notices: every table of the plan is one part, named once, and a real edit's notice
says which parts it touched and which it reshaped (rows added, removed or moved)."""

from __future__ import annotations

from pathlib import Path

from sipdesk.models import Base, Goal, SwotItem
from sipdesk.services import edits, lists
from sipdesk.services.edits import Change
from sipdesk.services.notices import (
    EVERY_PART,
    NOTHING,
    PART_OF_TABLE,
    PlanNotice,
    PlanPart,
    part_of,
    parts_of,
)
from sipdesk.storage import PlanDocument
from tests.plans import new_plan


def test_every_table_of_the_schema_is_one_part_of_its_own() -> None:
    # A new table must be named in notices.py, or no screen would hear of its edits by name.
    assert set(PART_OF_TABLE) == set(Base.metadata.tables)
    assert len(set(PART_OF_TABLE.values())) == len(PART_OF_TABLE)
    assert set(PART_OF_TABLE.values()) == set(PlanPart)
    for mapper in Base.registry.mappers:
        model = mapper.class_
        assert PART_OF_TABLE[model.__tablename__] is part_of(model)


def test_a_table_without_a_part_counts_as_every_part() -> None:
    assert parts_of(["goals", "measures"]) == PlanPart.GOALS | PlanPart.MEASURES
    assert parts_of([]) == NOTHING
    assert parts_of(["a_table_added_later"]) == EVERY_PART


def _run(doc: PlanDocument, operation: object) -> Change:
    with doc.transaction() as session:
        change = operation(session)  # type: ignore[operator]
    assert isinstance(change, Change)
    return change


def test_a_real_edit_says_what_it_touched_and_what_it_reshaped(tmp_path: Path) -> None:
    with new_plan(tmp_path / "Oak.sipdesk") as doc:
        # Adding a goal reshapes the goals and nothing else
        added = PlanNotice.of(_run(doc, lists.add_goal))
        assert added.parts == added.reshaped == PlanPart.GOALS
        assert not added.reload
        goal_id = added.change.created_id("goals") if added.change else None
        assert goal_id is not None
        # Typing into it touches the goals without reshaping them
        typed = PlanNotice.of(
            _run(doc, lambda s: edits.update_row(s, Goal, goal_id, "Edit goal", text="Read"))
        )
        assert typed.touches(PlanPart.GOALS) and not typed.reshapes(PlanPart.GOALS)
        assert not typed.touches(PlanPart.SWOT | PlanPart.MEASURES)
        # Moving a SWOT item to another quadrant (its kind) reshapes the SWOT board
        item = PlanNotice.of(_run(doc, lambda s: lists.add_swot_item(s, "strength", "Staff")))
        item_id = item.change.created_id("swot_items") if item.change else None
        assert item_id is not None
        moved = PlanNotice.of(_run(doc, lambda s: lists.move_swot_item(s, item_id, "weakness", 0)))
        assert moved.reshapes(PlanPart.SWOT) and not moved.reshapes(PlanPart.GOALS)
        # Removing the goal reshapes the goals (and whatever went with it)
        removed = PlanNotice.of(_run(doc, lambda s: lists.delete_goal(s, goal_id)))
        assert removed.reshapes(PlanPart.GOALS)
        assert part_of(SwotItem) is PlanPart.SWOT


def test_reading_the_whole_plan_again_reshapes_every_part() -> None:
    notice = PlanNotice.everything()
    assert notice.reload
    for part in PlanPart:
        assert notice.touches(part) and notice.reshapes(part)
