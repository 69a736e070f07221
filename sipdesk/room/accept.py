"""An accepted card, or a closed round's dots, as one plan edit through the one edit path.

Each function runs inside the caller's transaction (it never commits) and returns a
:class:`~sipdesk.services.edits.Change`, so the window undoes it like any edit
(:func:`sipdesk.services.edits.revert`) and the file keeps it like any edit. The row a card
makes names who wrote it in ``contributed_by``::

    card = room.take(card_id)
    try:
        with doc.transaction() as session:
            change = change_for_card(session, card)
    except PlanRuleError:
        room.put_back(card)
        raise

**Votes.** The plan counts dots per team member (step 0's team) and, besides, a typed-in
tally per cause. A room member's dots go to the team member they are, when that is clear: the
room name's first word matches the first word of exactly one team member's name (case does
not matter) and no other room member has already been matched to that team member. Those dots
are placed as that member's, within the plan's dots per member; any dot that would go over
their allowance, and every dot of a room member who is not matched (a guest, a nickname, two
"Sam"s), is added to the cause's typed-in tally instead. So every dot placed in the room is
counted once, and nothing is attributed to the wrong person.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sipdesk.models import (
    Cause,
    DotVote,
    FishboneCategory,
    PlanProfile,
    TeamMember,
    WhyStep,
)
from sipdesk.models.needs import SWOT_KINDS
from sipdesk.room.state import Card
from sipdesk.services import lists, root_causes
from sipdesk.services.edits import Change, PlanRuleError, update_row


def _target_id(card: Card) -> int:
    try:
        return int(card.target)
    except ValueError:
        raise PlanRuleError("That card's place is no longer in the plan.") from None


def change_for_card(session: Session, card: Card) -> Change:
    """Add ``card`` to the plan: a SWOT item in its quadrant, a cause at the end of its bone,
    or a step at the end of its 5 Whys chain, with its evidence and who wrote it."""
    if card.kind == "swot":
        if card.target not in SWOT_KINDS:
            raise PlanRuleError("That card's SWOT quadrant is not one the plan knows.")
        return lists.add_swot_item(
            session,
            card.target,
            card.text,
            evidence=card.evidence,
            contributed_by=card.member_name,
        )
    if card.kind == "cause":
        bone = _target_id(card)
        if session.get(FishboneCategory, bone) is None:
            raise PlanRuleError("That fishbone bone is no longer in the plan.")
        change = root_causes.add_cause(session, bone, card.text, contributed_by=card.member_name)
        model: type[Cause] | type[WhyStep] = Cause
    elif card.kind == "why":
        chain = _target_id(card)
        change = root_causes.add_why_step(
            session, chain, card.text, contributed_by=card.member_name
        )
        model = WhyStep
    else:
        raise PlanRuleError("That card is not a SWOT item, a cause or a why.")
    if not card.evidence:
        return change
    row_id = change.created_id(model.__tablename__)
    assert row_id is not None
    return change.then(update_row(session, model, row_id, change.label, evidence=card.evidence))


def _first_word(name: str) -> str:
    words = name.split()
    return words[0].casefold() if words else ""


def match_team(session: Session, room_names: list[str]) -> dict[str, int]:
    """Room member name -> team member id, by the rule in the module doc."""
    team = [(int(r[0]), str(r[1])) for r in session.execute(select(TeamMember.id, TeamMember.name))]
    by_first: dict[str, list[int]] = {}
    for member_id, name in team:
        by_first.setdefault(_first_word(name), []).append(member_id)
    matched: dict[str, int] = {}
    taken: set[int] = set()
    for room_name in room_names:
        found = by_first.get(_first_word(room_name), [])
        if len(found) == 1 and found[0] not in taken and _first_word(room_name):
            matched[room_name] = found[0]
            taken.add(found[0])
    return matched


def changes_for_votes(session: Session, member_votes: Mapping[str, Mapping[str, int]]) -> Change:
    """A closed round's dots (:meth:`Room.member_votes`: name -> cause id -> dots) added to
    the plan as one undo step. Options that are not causes still in the plan are skipped."""
    change = Change("Add the room's votes")
    matched = match_team(session, list(member_votes))
    allowance = int(session.scalar(select(PlanProfile.dots_per_member)) or 0)
    for name, votes in member_votes.items():
        team_id = matched.get(name)
        for option, dots in votes.items():
            try:
                cause_id = int(option)
            except ValueError:
                continue
            if dots <= 0 or session.get(Cause, cause_id) is None:
                continue
            as_member = 0
            if team_id is not None:
                used = session.scalar(
                    select(func.coalesce(func.sum(DotVote.dots), 0)).where(
                        DotVote.member_id == team_id
                    )
                )
                as_member = max(0, min(dots, allowance - int(used or 0)))
            if as_member:
                change = change.then(root_causes.add_dot(session, cause_id, team_id, as_member))
            if dots - as_member:
                change = change.then(root_causes.add_dot(session, cause_id, None, dots - as_member))
    return change
