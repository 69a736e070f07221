"""Measures of a goal, a priority or a strategy, their rows per grade or student group, and
the plan's monitoring cycles, without Qt, through a real plan file and the one undo path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sipdesk.models import Goal, Measure, PlanProfile, Priority, Strategy
from sipdesk.services import edits, measures
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.measures import CycleSpan, effective_cycles, months_between
from sipdesk.services.outline import add_strategy_measure, delete_item, move_item
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    def seed(session: Any) -> None:
        session.add(PlanProfile(id=1, school_name="Oak Ridge", first_month="2025-08"))
        session.add(Goal(id=1, text="Readers"))
        session.add(Priority(id=1, title="Reading K-2"))
        session.add(Strategy(id=1, priority_id=1, if_text="teach phonics daily"))

    d = PlanDocument.create(tmp_path / "Oak Ridge.sipdesk", seed)
    yield d
    d.close()


def _plan(doc: PlanDocument) -> dict[str, Any]:
    with doc.session() as session:
        return dict(read_plan(session))


def _run(doc: PlanDocument, op: Any, *args: Any, **kwargs: Any) -> Change:
    with doc.transaction() as session:
        change: Change = op(session, *args, **kwargs)
    return change


def _undo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def _redo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.apply(session, change)


def test_a_measure_takes_its_owners_kind_and_belongs_to_that_owner(doc: PlanDocument) -> None:
    goal = _run(doc, measures.add_measure, "goal", 1)
    priority = _run(doc, measures.add_measure, "priority", 1, kind="interim")
    strategy = _run(doc, add_strategy_measure, 1)
    plan = _plan(doc)
    (g,) = plan["goals"][0]["measures"]
    (p,) = plan["priorities"][0]["measures"]
    (s,) = plan["priorities"][0]["strategies"][0]["measures"]
    assert (g["kind"], p["kind"], s["kind"]) == ("outcome", "interim", "implementation")
    assert g["id"] == goal.created_id("measures")
    assert p["id"] == priority.created_id("measures")
    assert s["id"] == strategy.created_id("measures")
    assert g["target_type"] == "number" and g["groups"] == []
    # A priority's measures move among themselves only, and go with it when it goes
    second = _run(doc, measures.add_measure, "priority", 1)
    _run(doc, move_item, f"measure:{second.created_id('measures')}", -1)
    ids = [m["id"] for m in _plan(doc)["priorities"][0]["measures"]]
    assert ids == [second.created_id("measures"), p["id"]]
    removed = _run(doc, delete_item, "priority:1")
    assert _plan(doc)["priorities"] == []
    _undo(doc, removed)
    assert [m["id"] for m in _plan(doc)["priorities"][0]["measures"]] == ids
    with pytest.raises(ValueError, match="goal, a priority or a strategy"):
        _run(doc, measures.add_measure, "action", 1)


def test_a_measure_holds_a_target_for_each_of_five_years(doc: PlanDocument) -> None:
    measure_id = _run(doc, measures.add_measure, "goal", 1).created_id("measures") or 0
    for year in range(1, 6):
        _run(doc, measures.set_target, measure_id, year, f"{40 + year}% by June {2025 + year}")
    (m,) = _plan(doc)["goals"][0]["measures"]
    assert [m[f"target_y{y}"] for y in range(1, 6)] == [
        "41% by June 2026",
        "42% by June 2027",
        "43% by June 2028",
        "44% by June 2029",
        "45% by June 2030",
    ]
    with pytest.raises(ValueError, match="from 1 to 5"):
        _run(doc, measures.set_target, measure_id, 6, "50%")


def test_group_rows_are_added_moved_and_removed_with_undo(doc: PlanDocument) -> None:
    measure_id = _run(doc, measures.add_measure, "goal", 1).created_id("measures") or 0
    with doc.transaction() as session:
        edits.update_row(session, Measure, measure_id, "Edit", data_source="EOG")
    grade3 = _run(doc, measures.add_measure_group, measure_id, group="Grade 3")
    _run(doc, measures.add_measure_group, measure_id, group="Grade 5")
    grade4 = _run(doc, measures.add_measure_group, measure_id, group="Grade 4", index=1)
    g3 = grade3.created_id("measure_groups") or 0
    _run(doc, measures.set_group_target, g3, 1, "36% by June 2026")
    _run(doc, measures.set_group_target, g3, 3, "48% by June 2028")

    def rows() -> list[tuple[str, str, list[str]]]:
        (m,) = _plan(doc)["goals"][0]["measures"]
        return [(g["group"], g["data_source"], list(g["targets"])) for g in m["groups"]]

    # A new row takes the measure's data source; targets read as one list, year 1 first
    assert rows() == [
        ("Grade 3", "EOG", ["36% by June 2026", "", "48% by June 2028"]),
        ("Grade 4", "EOG", []),
        ("Grade 5", "EOG", []),
    ]
    moved = _run(doc, measures.move_measure_group, g3, 2)
    assert [r[0] for r in rows()] == ["Grade 4", "Grade 5", "Grade 3"]
    _undo(doc, moved)
    assert [r[0] for r in rows()] == ["Grade 3", "Grade 4", "Grade 5"]
    removed = _run(doc, measures.delete_measure_group, grade4.created_id("measure_groups") or 0)
    assert [r[0] for r in rows()] == ["Grade 3", "Grade 5"]
    _undo(doc, removed)
    assert [r[0] for r in rows()] == ["Grade 3", "Grade 4", "Grade 5"]
    _redo(doc, removed)
    assert [r[0] for r in rows()] == ["Grade 3", "Grade 5"]
    # and removing the measure takes its rows with it, undo brings them back
    gone = _run(doc, delete_item, f"measure:{measure_id}")
    assert _plan(doc)["goals"][0]["measures"] == []
    _undo(doc, gone)
    assert [r[0] for r in rows()] == ["Grade 3", "Grade 5"]
    with pytest.raises(PlanRuleError, match="no longer exists"):
        _run(doc, measures.add_measure_group, 999)


def test_a_plan_without_cycles_is_monitored_by_quarters_from_its_first_month(
    doc: PlanDocument,
) -> None:
    assert effective_cycles(_plan(doc)) == [
        CycleSpan(1, "Quarter 1", "2025-08", "2025-10", ("2025-08", "2025-09", "2025-10")),
        CycleSpan(2, "Quarter 2", "2025-11", "2026-01", ("2025-11", "2025-12", "2026-01")),
        CycleSpan(3, "Quarter 3", "2026-02", "2026-04", ("2026-02", "2026-03", "2026-04")),
        CycleSpan(4, "Quarter 4", "2026-05", "2026-07", ("2026-05", "2026-06", "2026-07")),
    ]
    # A plan without a first month counts from the school year's August (today stands in)
    blank = {"profile": {"first_month": ""}, "cycles": []}
    spans = effective_cycles(blank, today=dt.date(2027, 3, 1))
    assert (spans[0].start, spans[0].end) == ("2026-08", "2026-10")


def test_cycles_are_added_moved_and_removed_with_undo(doc: PlanDocument) -> None:
    # The first cycle starts with the plan's first month and lasts about ninety days; each
    # next one starts the month after the last ends
    first = _run(doc, measures.add_cycle)
    second = _run(doc, measures.add_cycle)
    summer = _run(doc, measures.add_cycle, name="Summer", start="2026-06", end="2026-07")
    spans = effective_cycles(_plan(doc))
    assert [(s.name, s.start, s.end, s.id) for s in spans] == [
        ("Cycle 1", "2025-08", "2025-10", first.created_id("cycles")),
        ("Cycle 2", "2025-11", "2026-01", second.created_id("cycles")),
        ("Summer", "2026-06", "2026-07", summer.created_id("cycles")),
    ]
    assert spans[1].months == ("2025-11", "2025-12", "2026-01")
    summer_id = summer.created_id("cycles") or 0
    moved = _run(doc, measures.move_cycle, summer_id, 0)
    assert [s.name for s in effective_cycles(_plan(doc))] == ["Summer", "Cycle 1", "Cycle 2"]
    _undo(doc, moved)
    edited = _run(doc, measures.set_cycle_months, summer_id, "2026-02", "2026-06")
    assert effective_cycles(_plan(doc))[2].months == months_between("2026-02", "2026-06")
    _undo(doc, edited)
    with pytest.raises(PlanRuleError, match="cannot end before it starts"):
        _run(doc, measures.set_cycle_months, summer_id, "2026-06", "2026-02")
    with pytest.raises(PlanRuleError, match="written like 2026-08"):
        _run(doc, measures.add_cycle, start="June", end="2026-07")
    removed = _run(doc, measures.delete_cycle, summer_id)
    assert [s.name for s in effective_cycles(_plan(doc))] == ["Cycle 1", "Cycle 2"]
    _undo(doc, removed)
    # Back to quarters in one step, and back to the cycles with one undo
    quarters = _run(doc, measures.use_quarters)
    assert effective_cycles(_plan(doc))[0].name == "Quarter 1"
    assert _plan(doc)["cycles"] == []
    _undo(doc, quarters)
    assert [s.name for s in effective_cycles(_plan(doc))] == ["Cycle 1", "Cycle 2", "Summer"]


def test_months_between_counts_across_the_new_year() -> None:
    assert months_between("2025-11", "2026-02") == ("2025-11", "2025-12", "2026-01", "2026-02")
    assert months_between("2026-02", "2026-02") == ("2026-02",)
    assert months_between("2026-03", "2026-02") == ()
    assert months_between("soon", "2026-02") == ()
