"""The meeting bar's agenda, parking lot and countdown, without Qt, through a real plan file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sipdesk.models import ParkedIdea, PlanProfile
from sipdesk.models.catalogues import agenda_for_step
from sipdesk.models.limits import MAX_ROWS
from sipdesk.services import edits, meeting
from sipdesk.services.edits import Change, PlanRuleError
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument

TODAY = dt.date(2026, 9, 14)


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = PlanDocument.create(
        tmp_path / "Oak Hill.sipdesk",
        lambda s: s.add(PlanProfile(id=1, school_name="Oak Hill", first_month="2026-08")),
    )
    yield d
    d.close()


def _plan(doc: PlanDocument) -> dict[str, Any]:
    with doc.session() as session:
        return read_plan(session)


def _run(doc: PlanDocument, op: Any, *args: Any, **kwargs: Any) -> Change:
    with doc.transaction() as session:
        change: Change = op(session, *args, **kwargs)
    return change


def _undo(doc: PlanDocument, change: Change) -> None:
    with doc.transaction() as session:
        edits.revert(session, change)


def _titles(doc: PlanDocument) -> list[tuple[str, int]]:
    return [(s.title, s.minutes) for s in meeting.agenda(_plan(doc))]


def test_every_step_has_a_starting_agenda_of_one_hour() -> None:
    for step in range(9):
        items = agenda_for_step(step)
        assert sum(i.minutes for i in items) == 60, step
        assert len({i.title for i in items}) == len(items)
    assert [(i.title, i.minutes) for i in agenda_for_step(2)][1:3] == [
        ("Review the data", 10),
        ("SWOT", 25),
    ]


def test_step_agenda_replaces_the_old_one_as_one_undo_step(doc: PlanDocument) -> None:
    # Given an agenda the team typed
    _run(doc, meeting.add_segment, "Celebrations", 5)
    # When the coach takes step 3's starting agenda
    change = _run(doc, meeting.use_step_agenda, 3)
    # Then the agenda is step 3's, and one undo brings back the team's own
    assert _titles(doc) == [(i.title, i.minutes) for i in agenda_for_step(3)]
    _undo(doc, change)
    assert _titles(doc) == [("Celebrations", 5)]


def test_segments_are_added_renamed_retimed_moved_and_removed_with_undo(
    doc: PlanDocument,
) -> None:
    ids = [
        _run(doc, meeting.add_segment, t, m).created_id("agenda_segments")
        for t, m in (("Data", 10), ("SWOT", 25), ("Close", 5))
    ]
    a, b, c = (int(i or 0) for i in ids)
    _run(doc, meeting.rename_segment, b, "  SWOT   board ")
    retime = _run(doc, meeting.set_segment_minutes, b, 30)
    move = _run(doc, meeting.move_segment, c, 0)
    assert _titles(doc) == [("Close", 5), ("Data", 10), ("SWOT board", 30)]
    _undo(doc, move)
    _undo(doc, retime)
    assert _titles(doc) == [("Data", 10), ("SWOT board", 25), ("Close", 5)]
    removed = _run(doc, meeting.delete_segment, a)
    assert _titles(doc) == [("SWOT board", 25), ("Close", 5)]
    _undo(doc, removed)
    assert _titles(doc)[0] == ("Data", 10)


@pytest.mark.parametrize("minutes", [0, -5, 241])
def test_a_segment_outside_1_to_240_minutes_is_refused(doc: PlanDocument, minutes: int) -> None:
    with pytest.raises(PlanRuleError, match="1 to 240 minutes"):
        _run(doc, meeting.add_segment, "Data", minutes)
    assert _titles(doc) == []


def test_ideas_are_parked_with_step_and_day_then_done_edited_and_removed(
    doc: PlanDocument,
) -> None:
    # When two ideas are parked on step 2 and step 3
    first = _run(doc, meeting.park_idea, " Ask families about homework ", 2, TODAY)
    _run(doc, meeting.park_idea, "Bus schedule and late arrivals", 3, TODAY)
    idea_id = int(first.created_id("parked_ideas") or 0)
    # Then each keeps its words, its step and the day
    ideas = meeting.parking_lot(_plan(doc))
    assert [(i.text, i.step, i.step_name, i.raised_on, i.done) for i in ideas] == [
        ("Ask families about homework", 2, "Assess needs", TODAY, False),
        ("Bus schedule and late arrivals", 3, "Find root causes", TODAY, False),
    ]
    done = _run(doc, meeting.set_idea_done, idea_id, True)
    _run(doc, meeting.edit_idea, idea_id, "Survey families about homework")
    assert meeting.parking_lot(_plan(doc))[0].done
    _undo(doc, done)
    _run(doc, meeting.move_idea, idea_id, 1)
    ideas = meeting.parking_lot(_plan(doc))
    assert [(i.text, i.done) for i in ideas] == [
        ("Bus schedule and late arrivals", False),
        ("Survey families about homework", False),
    ]
    gone = _run(doc, meeting.delete_idea, idea_id)
    assert len(meeting.parking_lot(_plan(doc))) == 1
    _undo(doc, gone)
    assert meeting.parking_lot(_plan(doc))[1].id == idea_id


def test_a_blank_idea_is_not_parked(doc: PlanDocument) -> None:
    with pytest.raises(PlanRuleError):
        _run(doc, meeting.park_idea, "   ", 2, TODAY)
    assert meeting.parking_lot(_plan(doc)) == []


def test_the_parking_lot_stops_at_its_limit(doc: PlanDocument) -> None:
    with doc.transaction() as session:
        session.execute(
            ParkedIdea.__table__.insert(),  # type: ignore[attr-defined]
            [{"text": f"idea {n}", "step": 0, "done": False, "position": n} for n in range(2000)],
        )
    assert MAX_ROWS["parked_ideas"] == 2000
    with pytest.raises(PlanRuleError, match="2,000 parked ideas"):
        _run(doc, meeting.park_idea, "one more", 2, TODAY)


def test_countdown_runs_pauses_moves_on_and_runs_over() -> None:
    clock = meeting.Countdown()
    clock.set_agenda([10, 25])
    assert meeting.clock_text(clock.remaining(0)) == "10:00"
    clock.start(100.0)
    assert meeting.clock_text(clock.remaining(100.5)) == "10:00"  # 9:59.5 shows as 10:00
    assert meeting.clock_text(clock.remaining(101.0)) == "9:59"
    clock.pause(160.0)
    assert clock.remaining(5000.0) == 540.0  # paused: time does not flow
    clock.start(5000.0)
    assert not clock.over(5539.0)
    assert clock.over(5540.0)
    assert meeting.clock_text(clock.remaining(5605.0)) == "+1:05"
    assert clock.next(5605.0)
    assert clock.index == 1 and clock.running
    assert meeting.clock_text(clock.remaining(5605.0)) == "25:00"
    assert not clock.next(5606.0)  # the last segment has no next
    clock.set_agenda([10])
    assert clock.index == 0


def test_agenda_and_parking_lot_survive_the_json_round_trip(
    doc: PlanDocument, tmp_path: Path
) -> None:
    from sipdesk.export.interchange import dumps, export_document, import_json

    # Given a plan with an agenda and a parked idea, exported as JSON
    _run(doc, meeting.use_step_agenda, 4)
    parked = _run(doc, meeting.park_idea, "Ask the district about coaching days", 4, TODAY)
    _run(doc, meeting.set_idea_done, int(parked.created_id("parked_ideas") or 0), True)
    with doc.session() as session:
        exported = export_document(session)
    assert exported["format_version"] >= 2  # the version that added them, or later
    assert exported["parking_lot"] == [
        {
            "id": 1,
            "text": "Ask the district about coaching days",
            "step": 4,
            "raised_on": "2026-09-14",
            "done": True,
        }
    ]
    source = tmp_path / "plan.json"
    source.write_text(dumps(exported), encoding="utf-8")
    # When it is imported into a new plan file and exported again
    rebuilt = import_json(source, tmp_path / "rebuilt.sipdesk")
    try:
        with rebuilt.session() as session:
            again = export_document(session)
    finally:
        rebuilt.close()
    # Then nothing changed, and the agenda kept its order
    assert again == exported
    assert [s["title"] for s in again["agenda"]] == [i.title for i in agenda_for_step(4)]
