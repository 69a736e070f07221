"""Accepting the room's cards into a real plan file (issue 16): one undoable edit each, saying
who wrote it; a round's dots go to the matching team member or to the cause's tally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from sipdesk.models import Cause, DotVote, TeamMember
from sipdesk.room.accept import change_for_card, changes_for_votes, match_team
from sipdesk.room.state import Card
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import PlanRuleError, insert_row
from sipdesk.storage import PlanDocument
from tests.plans import new_plan


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = new_plan(tmp_path / "Oak Hill.sipdesk")
    with d.transaction() as session:
        change = rc.new_fishbone(session, "Reading is behind", template=None)
        fishbone = change.created_id("fishbones")
        assert fishbone is not None
        rc.add_category(session, fishbone, "People")
        chain = rc.new_why_chain(session, "Late buses")
        assert chain.created_id("why_chains") is not None
        for name in ("Angela Whitfield", "Marcus Oyelaran", "Sam Lee", "Sam Ortiz"):
            insert_row(session, TeamMember, "Add member", {"name": name})
    yield d
    d.close()


def _ids(doc: PlanDocument, sql: str) -> list[int]:
    with doc.session() as session:
        return [int(i) for i in session.execute(text(sql)).scalars()]


def _card(kind: str, target: str, words: str, who: str = "Ana", evidence: str = "") -> Card:
    return Card("c1", "m1", who, kind, target, words, evidence, 0.0)


def test_each_kind_of_card_lands_where_it_belongs_naming_its_writer(doc: PlanDocument) -> None:
    [bone] = _ids(doc, "select id from fishbone_categories")
    [chain] = _ids(doc, "select id from why_chains")
    hostile = "<script>alert(1)</script>"
    cards = [
        _card("swot", "strength", "Teachers stay", "Ana", "Retention 94%"),
        _card("cause", str(bone), "No shared planning time", "Ana & Ben", "Schedule"),
        _card("why", str(chain), hostile, "Ben", hostile),
    ]
    changes = []
    for card in cards:
        with doc.transaction() as session:
            changes.append(change_for_card(session, card))
    assert [c.label for c in changes] == ["Add strength", "Add cause", "Add why"]
    with doc.session() as session:
        rows = [
            tuple(r)
            for table in ("swot_items", "causes", "why_steps")
            for r in session.execute(text(f"select text, evidence, contributed_by from {table}"))
        ]
    assert rows == [
        ("Teachers stay", "Retention 94%", "Ana"),
        ("No shared planning time", "Schedule", "Ana & Ben"),
        (hostile, hostile, "Ben"),
    ]
    # Each card is one undo step, and redo brings it back exactly.
    for change in reversed(changes):
        with doc.transaction() as session:
            edits.revert(session, change)
    assert _ids(doc, "select id from swot_items") == []
    assert _ids(doc, "select id from causes") == []
    assert _ids(doc, "select id from why_steps") == []
    with doc.transaction() as session:
        edits.apply(session, changes[1])
    with doc.session() as session:
        assert session.execute(text("select contributed_by from causes")).scalar() == "Ana & Ben"


@pytest.mark.parametrize(
    ("kind", "target"),
    [("cause", "999"), ("why", "999"), ("cause", "bone"), ("swot", "goal"), ("note", "1")],
)
def test_a_card_whose_place_is_gone_is_refused_and_nothing_changes(
    doc: PlanDocument, kind: str, target: str
) -> None:
    with pytest.raises(PlanRuleError), doc.transaction() as session:
        change_for_card(session, _card(kind, target, "idea"))
    for table in ("swot_items", "causes", "why_steps"):
        assert _ids(doc, f"select id from {table}") == []


def test_room_names_match_team_members_by_a_clear_first_name(doc: PlanDocument) -> None:
    with doc.session() as session:
        team = {n: i for i, n in session.execute(select(TeamMember.id, TeamMember.name))}
        matched = match_team(session, ["angela", "Marcus O.", "Marcus", "Sam", "Guest"])
    # Angela and the first Marcus are clear; the second "Marcus" is already matched; two Sams
    # on the team make "Sam" unclear; Guest is nobody on the team.
    assert matched == {"angela": team["Angela Whitfield"], "Marcus O.": team["Marcus Oyelaran"]}


def test_round_dots_go_to_members_within_allowance_and_the_rest_to_the_tally(
    doc: PlanDocument,
) -> None:
    [bone] = _ids(doc, "select id from fishbone_categories")
    with doc.transaction() as session:
        one = rc.add_cause(session, bone, "No time").created_id("causes")
        two = rc.add_cause(session, bone, "Budget").created_id("causes")
        rc.set_dots_per_member(session, 2)
        angela = session.scalar(select(TeamMember.id).where(TeamMember.name.like("Angela%")))
        rc.add_dot(session, int(one or 0), angela, 1)  # placed earlier, in the window
    votes = {"Angela": {str(one): 1, str(two): 1}, "Guest": {str(two): 2}, "Ana": {"x": 1}}
    with doc.transaction() as session:
        change = changes_for_votes(session, votes)
    with doc.session() as session:
        dots = {(d.cause_id, d.member_id): d.dots for d in session.scalars(select(DotVote))}
        tally = {c.id: c.votes for c in session.scalars(select(Cause))}
    # Angela had 1 of her 2 dots left: it goes on the first cause as hers, the other to the
    # tally; the guest's two dots go to the tally; an option that is not a cause is skipped.
    assert dots == {(one, angela): 2}
    assert tally == {one: 0, two: 3}
    with doc.transaction() as session:
        edits.revert(session, change)
    with doc.session() as session:
        assert {(d.cause_id, d.dots) for d in session.scalars(select(DotVote))} == {(one, 1)}
        assert sum(c.votes for c in session.scalars(select(Cause))) == 0
