"""The one edit path: every operation can be undone and redone exactly, through the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sipdesk.models import (
    Action,
    Cause,
    Fishbone,
    FishboneCategory,
    Goal,
    Milestone,
    PlanProfile,
    PriorityLink,
    Strategy,
    SwotItem,
)
from sipdesk.services import edits, operations
from sipdesk.services.edits import PlanRuleError
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument


def _seed(session) -> None:  # type: ignore[no-untyped-def]
    session.add(PlanProfile(id=1, school_name="Oak Hill", first_month="2026-08"))


@pytest.fixture
def doc(tmp_path: Path) -> PlanDocument:
    d = PlanDocument.create(tmp_path / "Oak Hill.sipdesk", _seed)
    yield d
    d.close()


def _plan(doc: PlanDocument) -> dict:  # type: ignore[type-arg]
    with doc.session() as session:
        return read_plan(session)


def _undo(doc: PlanDocument, change: edits.Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def _redo(doc: PlanDocument, change: edits.Change) -> None:
    with doc.transaction() as session:
        edits.apply(session, change)


def test_update_records_old_and_new_values_and_undoes(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        change = edits.update_row(session, PlanProfile, 1, "Edit vision", vision="All thrive")
    assert change.steps[0].before == {"vision": ""}
    assert change.steps[0].after == {"vision": "All thrive"}
    _undo(doc, change)
    assert _plan(doc)["profile"]["vision"] == ""
    _redo(doc, change)
    assert _plan(doc)["profile"]["vision"] == "All thrive"


def test_unchanged_value_makes_an_empty_change(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        change = edits.update_row(session, PlanProfile, 1, "Edit", school_name="Oak Hill")
    assert change.empty


def test_typing_merges_into_one_step(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        goal = edits.insert_row(session, Goal, "Add goal").created_id("goals")
        assert goal is not None
        first = edits.update_row(session, Goal, goal, "Edit goal", text="R")
        second = edits.update_row(session, Goal, goal, "Edit goal", text="Re")
        third = edits.update_row(session, Goal, goal, "Edit goal", text="Rea")
    merged = first.merged_with(second)
    assert merged is not None
    merged = merged.merged_with(third)
    assert merged is not None and merged.steps[0].before == {"text": ""}
    _undo(doc, merged)
    assert _plan(doc)["goals"][0]["text"] == ""
    other = edits.Change(
        "Edit goal",
        (edits.Step("update", "goals", goal, {"explanation": ""}, {"explanation": "x"}),),
    )
    assert first.merged_with(other) is None


def test_two_moves_of_one_row_are_two_undo_steps(doc: PlanDocument) -> None:
    # Given a threat, moved to the weaknesses and then to the strengths: each move changes
    # only that row (its quadrant), as typing into one field would
    with doc.transaction() as session:
        item = edits.insert_row(session, SwotItem, "Add threat", {"kind": "threat"})
        item_id = item.created_id("swot_items")
        assert item_id is not None
        first = edits.move_row(session, SwotItem, item_id, 0, "Move weakness", kind="weakness")
        second = edits.move_row(session, SwotItem, item_id, 0, "Move strength", kind="strength")
    assert len(first.steps) == len(second.steps) == 1
    # Then they never merge into one step (found by the undo state-machine test)
    assert first.field_key() is None and first.merged_with(second) is None


def test_insert_at_index_keeps_the_users_order(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        for text in ("first", "third"):
            edits.insert_row(session, SwotItem, "Add strength", {"kind": "strength", "text": text})
        middle = edits.insert_row(
            session, SwotItem, "Add strength", {"kind": "strength", "text": "second"}, index=1
        )
        edits.insert_row(session, SwotItem, "Add threat", {"kind": "threat", "text": "t"})
    assert [i["text"] for i in _plan(doc)["swot"] if i["kind"] == "strength"] == [
        "first",
        "second",
        "third",
    ]

    def strengths() -> list[str]:
        return [i["text"] for i in _plan(doc)["swot"] if i["kind"] == "strength"]

    _undo(doc, middle)
    assert strengths() == ["first", "third"]
    _redo(doc, middle)
    assert strengths() == ["first", "second", "third"]


def test_a_row_added_after_deletes_goes_last(doc: PlanDocument) -> None:
    # Given four goals, the first three deleted (their positions leave a gap below the fourth)
    with doc.transaction() as session:
        ids = [
            edits.insert_row(session, Goal, "Add goal", {"text": t}).created_id("goals")
            for t in ("a", "b", "c", "d")
        ]
        for goal_id in ids[:3]:
            assert goal_id is not None
            edits.delete_row(session, Goal, goal_id, "Remove goal")
    # When a goal is added (last, as Add goal does)
    with doc.transaction() as session:
        edits.insert_row(session, Goal, "Add goal", {"text": "e"})
    # Then it comes after the goal that is left (found by the undo state-machine test)
    assert [g["text"] for g in _plan(doc)["goals"]] == ["d", "e"]


def test_deleting_a_fishbone_takes_its_tree_and_undo_restores_it_exactly(
    doc: PlanDocument,
) -> None:
    with doc.transaction() as session:
        weak = edits.insert_row(session, SwotItem, "Add", {"kind": "weakness", "text": "w"})
        fish = edits.insert_row(session, Fishbone, "Add", {"problem": "Low attendance"})
        fish_id = fish.created_id("fishbones")
        cat = edits.insert_row(
            session, FishboneCategory, "Add", {"fishbone_id": fish_id, "name": "Families"}
        )
        cause = edits.insert_row(
            session,
            Cause,
            "Add",
            {"category_id": cat.created_id("fishbone_categories"), "text": "Transport"},
        )
        cause_id = cause.created_id("causes")
        edits.insert_row(
            session,
            Cause,
            "Add",
            {
                "category_id": cat.created_id("fishbone_categories"),
                "parent_id": cause_id,
                "text": "Bus route cut",
            },
        )
        prio = operations.add_priority(session, "Attendance")
        operations.link_priority(session, prio.created_id("priorities") or 0, cause_id=cause_id)
        operations.link_priority(
            session,
            prio.created_id("priorities") or 0,
            weakness_id=weak.created_id("swot_items") or 0,
        )
    before = _plan(doc)
    with doc.transaction() as session:
        removal = edits.delete_row(session, Fishbone, fish_id or 0, "Delete fishbone")
    after = _plan(doc)
    assert after["fishbones"] == []
    assert [link["weakness_id"] for link in after["priorities"][0]["links"]] == [
        weak.created_id("swot_items")
    ]
    _undo(doc, removal)
    assert _plan(doc) == before
    _redo(doc, removal)
    assert _plan(doc) == after


def test_deleting_a_weakness_clears_references_and_undo_puts_them_back(
    doc: PlanDocument,
) -> None:
    with doc.transaction() as session:
        weak = edits.insert_row(session, SwotItem, "Add", {"kind": "weakness", "text": "w"})
        edits.insert_row(
            session, Fishbone, "Add", {"problem": "p", "weakness_id": weak.created_id("swot_items")}
        )
    before = _plan(doc)
    with doc.transaction() as session:
        removal = edits.delete_row(session, SwotItem, weak.created_id("swot_items") or 0, "Del")
    assert _plan(doc)["fishbones"][0]["weakness_id"] is None
    _undo(doc, removal)
    assert _plan(doc) == before


def test_move_to_another_list_and_back(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        fish = edits.insert_row(session, Fishbone, "Add", {"problem": "p"})
        fid = fish.created_id("fishbones")
        a = edits.insert_row(session, FishboneCategory, "Add", {"fishbone_id": fid, "name": "A"})
        b = edits.insert_row(session, FishboneCategory, "Add", {"fishbone_id": fid, "name": "B"})
        a_id, b_id = a.created_id("fishbone_categories"), b.created_id("fishbone_categories")
        causes = [
            edits.insert_row(session, Cause, "Add", {"category_id": a_id, "text": t}).created_id(
                "causes"
            )
            for t in ("x", "y", "z")
        ]
        edits.insert_row(session, Cause, "Add", {"category_id": b_id, "text": "q"})
    before = _plan(doc)
    with doc.transaction() as session:
        move = edits.move_row(session, Cause, causes[0] or 0, 1, "Move cause", category_id=b_id)
    cats = _plan(doc)["fishbones"][0]["categories"]
    assert [c["text"] for c in cats[0]["causes"]] == ["y", "z"]
    assert [c["text"] for c in cats[1]["causes"]] == ["q", "x"]
    _undo(doc, move)
    assert _plan(doc) == before


def test_a_fifth_priority_is_refused_with_a_clear_message(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        for n in range(4):
            operations.add_priority(session, f"Priority {n}")
    with (
        pytest.raises(PlanRuleError, match="at most 4 priority areas"),
        doc.transaction() as session,
    ):
        operations.add_priority(session, "Fifth")
    assert len(_plan(doc)["priorities"]) == 4


def test_action_status_is_upserted_per_month(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        p = operations.add_priority(session, "P").created_id("priorities")
        s = edits.insert_row(session, Strategy, "Add", {"priority_id": p}).created_id("strategies")
        m = edits.insert_row(session, Milestone, "Add", {"strategy_id": s}).created_id("milestones")
        a = edits.insert_row(session, Action, "Add", {"milestone_id": m}).created_id("actions")
        operations.set_action_status(session, a or 0, "2026-09", "on_track", "started")
        again = operations.set_action_status(session, a or 0, "2026-09", "behind")
    statuses = _plan(doc)["priorities"][0]["strategies"][0]["milestones"][0]["actions"][0][
        "statuses"
    ]
    assert [(e["month"], e["status"], e["note"]) for e in statuses] == [
        ("2026-09", "behind", "started")
    ]
    _undo(doc, again)
    with doc.session() as session:
        assert session.scalar(select(PriorityLink).limit(1)) is None


def test_status_workflow_records_who_and_when(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        operations.change_status(session, "submitted", "Principal Ruiz")
    with pytest.raises(PlanRuleError), doc.transaction() as session:
        operations.change_status(session, "submitted", "again")
    with doc.transaction() as session:
        back = operations.change_status(session, "returned", "District", "Add budget detail")
    plan = _plan(doc)
    assert plan["profile"]["status"] == "returned"
    assert [(e["status"], e["by"]) for e in plan["status_history"]] == [
        ("submitted", "Principal Ruiz"),
        ("returned", "District"),
    ]
    _undo(doc, back)
    assert _plan(doc)["profile"]["status"] == "submitted"
    assert len(_plan(doc)["status_history"]) == 1


def test_dot_votes_respect_each_members_allowance(doc: PlanDocument) -> None:
    from sipdesk.models import TeamMember

    with doc.transaction() as session:
        member = edits.insert_row(session, TeamMember, "Add", {"name": "Ana"}).created_id(
            "team_members"
        )
        fid = edits.insert_row(session, Fishbone, "Add", {}).created_id("fishbones")
        cat = edits.insert_row(session, FishboneCategory, "Add", {"fishbone_id": fid}).created_id(
            "fishbone_categories"
        )
        c1 = edits.insert_row(session, Cause, "Add", {"category_id": cat}).created_id("causes")
        c2 = edits.insert_row(session, Cause, "Add", {"category_id": cat}).created_id("causes")
        operations.cast_dots(session, c1 or 0, member or 0, 2)
        edits.update_row(session, Cause, c1 or 0, "Tally", votes=4)
    with pytest.raises(PlanRuleError, match="3 dots"), doc.transaction() as session:
        operations.cast_dots(session, c2 or 0, member or 0, 2)
    with doc.session() as session:
        assert operations.total_votes(session, c1 or 0) == 6
