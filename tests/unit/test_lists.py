"""The named edits of the plan's simple lists, on a real plan file: each does what its name
says, keeps the plan's order, and undoes and redoes as one step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sipdesk.models import PlanProfile, TeamMember
from sipdesk.services import edits, lists
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument


def _seed(session: Any) -> None:
    session.add(PlanProfile(id=1, school_name="Oak Hill", first_month="2026-08"))


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = PlanDocument.create(tmp_path / "Oak Hill.sipdesk", _seed)
    yield d
    d.close()


def run(doc: PlanDocument, operation: Any) -> edits.Change:
    with doc.transaction() as session:
        change: edits.Change = operation(session)
    return change


def plan(doc: PlanDocument) -> dict[str, Any]:
    with doc.session() as session:
        return read_plan(session)


def undo(doc: PlanDocument, change: edits.Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def test_goals_are_added_moved_and_removed_in_order(doc: PlanDocument) -> None:
    ids = [run(doc, lists.add_goal).created_id("goals") for _ in range(3)]
    assert None not in ids
    moved = run(doc, lambda s: lists.move_goal(s, ids[2], 0))
    assert moved.label == "Move goal"
    with doc.session() as session:
        assert [g["id"] for g in lists.goal_rows(session)] == [ids[2], ids[0], ids[1]]
    removed = run(doc, lambda s: lists.delete_goal(s, ids[0]))
    assert [g["id"] for g in plan(doc)["goals"]] == [ids[2], ids[1]]
    undo(doc, removed)
    assert [g["id"] for g in plan(doc)["goals"]] == [ids[2], ids[0], ids[1]]


def test_a_swot_item_goes_where_it_is_asked_and_moves_between_quadrants(
    doc: PlanDocument,
) -> None:
    first = run(doc, lambda s: lists.add_swot_item(s, "weakness", "Reading gaps")).created_id(
        "swot_items"
    )
    before = run(
        doc,
        lambda s: lists.add_swot_item(
            s, "weakness", "Late buses", evidence="Attendance logs", index=0
        ),
    )
    assert before.label == "Add weakness"
    with doc.session() as session:
        rows = lists.swot_rows(session)
    assert [(r["text"], r["evidence"]) for r in rows] == [
        ("Late buses", "Attendance logs"),
        ("Reading gaps", ""),
    ]
    assert first is not None
    moved = run(doc, lambda s: lists.move_swot_item(s, first, "threat", 0))
    assert moved.label == "Move threat"
    items = plan(doc)["swot"]
    assert {i["text"]: i["kind"] for i in items} == {
        "Late buses": "weakness",
        "Reading gaps": "threat",
    }
    gone = run(doc, lambda s: lists.delete_swot_item(s, first, "threat"))
    assert gone.label == "Delete threat"
    undo(doc, gone)
    assert len(plan(doc)["swot"]) == 2


def test_the_team_becomes_signature_lines_in_one_undo_step(doc: PlanDocument) -> None:
    for name in ("Ana Ruiz", "Ben Cole"):
        run(doc, lambda s, n=name: edits.insert_row(s, TeamMember, "Add member", {"name": n}))
    members = plan(doc)["team"]
    change = run(doc, lambda s: lists.add_signers(s, members))
    assert change.label == "Add the team as signers"
    assert [s["name"] for s in plan(doc)["signatures"]] == ["Ana Ruiz", "Ben Cole"]
    undo(doc, change)
    assert plan(doc)["signatures"] == []


def test_a_checklist_row_an_older_plan_lacks_is_created_with_its_answer(
    doc: PlanDocument,
) -> None:
    run(doc, lambda s: lists.add_needs_element(s, "other", True, "Family survey"))
    with doc.session() as session:
        rows = lists.needs_element_rows(session)
    assert [(r["key"], r["checked"], r["other_text"]) for r in rows] == [
        ("other", True, "Family survey")
    ]
