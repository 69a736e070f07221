"""A voting round (issue 10, item 3): turns, single-key labels, dots left, take-back and the
hidden tallies, on a real plan file whose dots go down through the plan's own service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sipdesk.models import TeamMember
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import Change
from sipdesk.services.snapshot import read_plan
from sipdesk.services.voting_round import (
    KEY_LABELS,
    RoundError,
    VotingRound,
    cause_keys,
)
from sipdesk.storage import PlanDocument
from tests.plans import new_plan

Plan = dict[str, Any]
MEMBERS = ("Ana Ruiz", "Ben Okafor", "Chen Li")


@pytest.fixture
def doc(tmp_path: Path) -> Iterator[PlanDocument]:
    d = new_plan(tmp_path / "Oak Hill.sipdesk")
    yield d
    d.close()


def _run(doc: PlanDocument, op: Callable[[Session], Change]) -> Change:
    with doc.transaction() as session:
        return op(session)


def _plan(doc: PlanDocument) -> Plan:
    with doc.session() as session:
        return read_plan(session)


def _fishbone(doc: PlanDocument, *, members: tuple[str, ...] = MEMBERS, dots: int = 2) -> int:
    """A: a1 (a1x), a2 · B: b1 — and the team, each with ``dots`` dots."""
    fid = _run(doc, lambda s: rc.new_fishbone(s, "Attendance", None)).created_id("fishbones")
    assert fid is not None
    a = _run(doc, lambda s: rc.add_category(s, fid, "A")).created_id("fishbone_categories")
    b = _run(doc, lambda s: rc.add_category(s, fid, "B")).created_id("fishbone_categories")
    assert a is not None and b is not None
    a1 = _run(doc, lambda s: rc.add_cause(s, a, "a1")).created_id("causes")
    _run(doc, lambda s: rc.add_cause(s, a, "a2"))
    _run(doc, lambda s: rc.add_cause(s, a, "a1x", parent_id=a1))
    _run(doc, lambda s: rc.add_cause(s, b, "b1"))
    for name in members:
        _run(doc, lambda s, n=name: edits.insert_row(s, TeamMember, "Add", {"name": n}))  # type: ignore[misc]
    _run(doc, lambda s: rc.set_dots_per_member(s, dots))
    return fid


def _ids(plan: Plan) -> dict[str, int]:
    return {
        c["text"]: c["id"]
        for f in plan["fishbones"]
        for cat in f["categories"]
        for c, _ in rc.iter_causes(cat["causes"])
    }


def _place(doc: PlanDocument, voting: VotingRound, cause_id: int) -> None:
    assert voting.refusal(_plan(doc)) is None
    voter = voting.voter
    assert voter is not None
    _run(doc, lambda s: rc.add_dot(s, cause_id, voter.id, 1))
    voting.placed(cause_id)


def test_keys_follow_the_reading_order_bone_by_bone_then_letters() -> None:
    # Given a fishbone with sub-causes and more causes than digits
    fishbone = {
        "id": 1,
        "categories": [
            {"id": 1, "causes": [{"id": 10, "causes": [{"id": 11, "causes": []}]}]},
            {"id": 2, "causes": [{"id": 20 + n, "causes": []} for n in range(40)]},
        ],
    }
    keys = cause_keys(fishbone)
    # Then the first bone reads first, a sub-cause after its cause, 1-9 then a-z
    assert keys[10] == "1" and keys[11] == "2" and keys[20] == "3"
    assert keys[26] == "9" and keys[27] == "a"
    assert list(keys.values()) == list(KEY_LABELS)
    # and the causes past the 35th have no key (arrows and Space reach them)
    assert 55 not in keys and len(keys) == 35


def test_a_round_gives_each_member_a_turn_and_their_allowance(doc: PlanDocument) -> None:
    # Given a fishbone and three members with two dots each
    fid = _fishbone(doc)
    plan = _plan(doc)
    ids = _ids(plan)
    voting = VotingRound.start(plan, fid)
    assert voting.keys(plan) == {ids["a1"]: "1", ids["a1x"]: "2", ids["a2"]: "3", ids["b1"]: "4"}
    assert voting.voter is not None and voting.voter.name == "Ana Ruiz"
    assert voting.status(plan) == (
        "Round open — Ana Ruiz (1 of 3) is voting, 2 dots left — press Enter for the next voter"
    )
    # When Ana places both her dots by key
    for key in ("4", "1"):
        cause = voting.cause_for_key(_plan(doc), key)
        assert cause is not None
        _place(doc, voting, cause)
    # Then she has none left and a third is refused in a plain sentence
    plan = _plan(doc)
    assert voting.dots_left(plan) == 0
    assert voting.refusal(plan) == (
        "Ana Ruiz has placed all 2 dots. Backspace takes the last one back; "
        "Enter passes to the next voter."
    )
    assert voting.mine(plan) == {ids["b1"]: 1, ids["a1"]: 1}
    # When she takes back her last dot (Backspace), it is the one on a1
    assert voting.last_placed(plan) == ids["a1"]
    # and Enter passes the turn: Ben, then Chen, then everyone has voted
    voting.next_voter()
    assert voting.voter is not None and voting.voter.name == "Ben Okafor"
    assert voting.mine(plan) == {}  # Ben sees none of Ana's dots as his
    voting.next_voter()
    voting.next_voter()
    assert voting.finished and voting.voter is None
    assert voting.status(plan) == "Round open — everyone has voted — F4 shows the votes"
    assert voting.refusal(plan) is not None
    voting.next_voter()  # nothing past the end
    voting.previous_voter()
    assert voting.voter is not None and voting.voter.name == "Chen Li"


def test_take_back_skips_dots_an_undo_already_removed(doc: PlanDocument) -> None:
    fid = _fishbone(doc, dots=3)
    ids = _ids(_plan(doc))
    voting = VotingRound.start(_plan(doc), fid)
    _place(doc, voting, ids["a2"])
    voter = voting.voter
    assert voter is not None
    last = _run(doc, lambda s: rc.add_dot(s, ids["b1"], voter.id, 1))
    voting.placed(ids["b1"])
    # When an undo removes the b1 dot behind the round's back
    with doc.transaction() as session:
        edits.revert(session, last)
    # Then Backspace takes back the dot that is still there, and then there is none
    plan = _plan(doc)
    assert voting.last_placed(plan) == ids["a2"]
    assert voting.last_placed(plan) is None


def test_a_round_started_again_carries_on_with_the_first_member_with_dots_left(
    doc: PlanDocument,
) -> None:
    fid = _fishbone(doc, dots=1)
    ids = _ids(_plan(doc))
    voting = VotingRound.start(_plan(doc), fid)
    _place(doc, voting, ids["a1"])
    voting.next_voter()
    _place(doc, voting, ids["b1"])
    # When the round is ended and started again
    again = VotingRound.start(_plan(doc), fid)
    # Then Chen, the first with a dot left, is voting, and the tallies start hidden
    assert again.voter is not None and again.voter.name == "Chen Li"
    assert not again.revealed
    again.reveal()
    assert again.revealed and again.status(_plan(doc)).startswith("Round open · votes shown")
    # And once every dot is placed, a new round says how to vote again
    _place(doc, again, ids["a2"])
    with pytest.raises(RoundError, match=r"Every member has placed all 1 dot\. To vote again"):
        VotingRound.start(_plan(doc), fid)
    # But with the room open the round opens for the members' devices (issue 16): the
    # team's turns are over, and the banner and any key say why
    plan = _plan(doc)
    roomy = VotingRound.start(plan, fid, room=True)
    assert roomy.room and roomy.voter is None and roomy.team_spent(plan)
    assert roomy.status(plan) == (
        "Round open — the team has placed all its dots; dots from devices still count "
        "— F4 shows the votes"
    )
    assert (roomy.refusal(plan) or "").startswith(
        "The team has placed all 1 dot: in this round only dots from devices count."
    )
    # and once the coach gives more dots, Shift+Enter brings back a member to vote
    _run(doc, lambda s: rc.set_dots_per_member(s, 2))
    plan = _plan(doc)
    assert not roomy.team_spent(plan)
    assert roomy.status(plan).startswith("Round open — everyone has voted")
    roomy.previous_voter()
    assert roomy.voter is not None and roomy.refusal(plan) is None


def test_with_the_room_open_a_plan_without_a_team_gets_a_round_for_the_devices(
    doc: PlanDocument,
) -> None:
    fid = _fishbone(doc, members=(), dots=3)
    plan = _plan(doc)
    with pytest.raises(RoundError, match="add the leadership team in step 0 first"):
        VotingRound.start(plan, fid)
    # With the room open (issue 16) the round opens: nobody takes turns at the keyboard
    voting = VotingRound.start(plan, fid, room=True)
    assert voting.voter is None and voting.room
    assert voting.status(plan) == (
        "Round open — the room is voting on their devices — F4 shows the votes"
    )
    assert (voting.refusal(plan) or "").startswith("In this round only dots from devices count.")


@pytest.mark.parametrize(
    ("members", "dots", "causes", "sentence"),
    [
        ((), 3, True, "add the leadership team in step 0 first"),
        (MEMBERS, 0, True, "Give each member some dots first"),
        (MEMBERS, 3, False, "no causes to vote on"),
    ],
    ids=["no-team", "no-dots", "no-causes"],
)
def test_a_round_that_cannot_start_says_why(
    doc: PlanDocument, members: tuple[str, ...], dots: int, causes: bool, sentence: str
) -> None:
    if causes:
        fid = _fishbone(doc, members=members, dots=dots)
    else:
        made = _run(doc, lambda s: rc.new_fishbone(s, "Empty", None)).created_id("fishbones")
        assert made is not None
        fid = made
        for name in members:
            _run(doc, lambda s, n=name: edits.insert_row(s, TeamMember, "Add", {"name": n}))  # type: ignore[misc]
        _run(doc, lambda s: rc.set_dots_per_member(s, dots))
    with pytest.raises(RoundError, match=sentence):
        VotingRound.start(_plan(doc), fid)
