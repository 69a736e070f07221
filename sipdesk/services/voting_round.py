"""A voting round the room runs from the keyboard: each member in turn places their dots.

The round is session state (who is voting, whose dots were placed this round, whether the
tallies are shown); the dots themselves are plan data, placed and taken back through
:func:`sipdesk.services.root_causes.add_dot`, so undo works and the file holds the votes::

    voting = VotingRound.start(plan, fishbone_id)   # RoundError: a sentence saying why not
    voting = VotingRound.start(plan, fishbone_id, room=True)  # the room's devices vote too
    cause = voting.cause_for_key(plan, "3")        # the cause labelled "3" on the diagram
    refusal = voting.refusal(plan)                 # None, or why no dot can go down now
    ... add_dot(session, cause, voting.voter.id, +1) ...
    voting.placed(cause)
    voting.next_voter()

Each cause of the round's fishbone has a single-key label: ``1``–``9`` then ``a``–``z``, in
the order the arrow keys read the diagram (bone by bone, each bone's causes with their
sub-causes). Causes beyond the 35th have no key; arrows and Space reach them.

**With the room open** (``room=True``) a round opens even when every team member has placed
all their dots, or the plan has no team yet (issue 16): the team's turns have nothing to
place, but the members on their devices vote with the plan's dots per member, and the room
adds their dots when the round ends (beyond a member's allowance, or of a member not on the
team, as typed votes: :mod:`sipdesk.room.accept`). The plan's dots are never taken back to
make room: a round without the room still says how to vote again (raise "Dots per team
member").

Qt-free: the plan in as its typed records (:mod:`sipdesk.models.plan_types`), plain data out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sipdesk.diagrams.navigation import outline_of
from sipdesk.services.root_causes import dots_used, iter_causes, member_dots

if TYPE_CHECKING:
    from sipdesk.models.plan_types import FishboneRow, PlanDoc

KEY_LABELS = "123456789abcdefghijklmnopqrstuvwxyz"
DEFAULT_DOTS = 3  # what a round gives each member when the plan has not said
NEXT_KEY, PREVIOUS_KEY = "Enter", "Shift+Enter"
TAKE_BACK_KEY = "Backspace"
REVEAL_KEY = "F4"
ROUND_KEY = "F7"  # start a round; again, or Esc, ends it
END_KEY = "Esc"


class RoundError(Exception):
    """Why a round cannot start, as one plain sentence for the room."""


@dataclass(frozen=True)
class Voter:
    id: int
    name: str


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def find_fishbone(plan: PlanDoc, fishbone_id: int) -> FishboneRow | None:
    return next((f for f in plan["fishbones"] if f["id"] == fishbone_id), None)


def cause_keys(fishbone: Mapping[str, Any] | None) -> dict[int, str]:
    """Cause id → its single-key label, in the diagram's reading order (see module doc)."""
    outline = outline_of(fishbone)
    order = [ident for bone in outline.categories for ident in outline.reading.get(bone, ())]
    return dict(zip(order, KEY_LABELS, strict=False))


def allowance(plan: PlanDoc) -> int:
    return max(plan["profile"]["dots_per_member"], 0)


def voters_of(plan: PlanDoc) -> tuple[Voter, ...]:
    """The team in the order of step 0: the order of turns."""
    return tuple(
        Voter(m["id"], m["name"].strip() or f"Member {n}")
        for n, m in enumerate(plan["team"], start=1)
    )


@dataclass
class VotingRound:
    """One round on one fishbone. ``turn`` indexes ``voters``; ``len(voters)`` means
    everyone has had a turn."""

    fishbone_id: int
    voters: tuple[Voter, ...]
    turn: int = 0
    revealed: bool = False
    room: bool = False  # the room's devices vote in this round too
    # each voter's dots placed in this round, oldest first (what Backspace takes back)
    _placed: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def start(cls, plan: PlanDoc, fishbone_id: int, *, room: bool = False) -> VotingRound:
        """A round on ``fishbone_id``; the first turn is the first member with dots left, so
        a round started again after an early Esc carries on where it was. ``room``: the
        room's devices vote too, so a team with no dots left, or no team yet, still gets a
        round (its turns are over from the start)."""
        fishbone = find_fishbone(plan, fishbone_id)
        if fishbone is None:
            raise RoundError("Choose a fishbone to vote on first.")
        if not cause_keys(fishbone):
            raise RoundError("This fishbone has no causes to vote on yet.")
        voters = voters_of(plan)
        if not voters and not room:
            raise RoundError(
                "A round gives each team member a turn: add the leadership team in step 0 first."
            )
        if not allowance(plan):
            raise RoundError(
                "Give each member some dots first (“Dots per team member” on the Votes tab)."
            )
        voting = cls(fishbone_id, voters, room=room)
        left = [voting.dots_left(plan, v) for v in voters]
        if not any(left) and room:
            voting.turn = len(voters)  # the team's turns are over; the devices vote
            return voting
        if not any(left):
            total = plural(allowance(plan), "dot")
            raise RoundError(
                f"Every member has placed all {total}. To vote again, raise “Dots per team "
                "member” on the Votes tab."
            )
        voting.turn = next(i for i, n in enumerate(left) if n > 0)
        return voting

    # ----------------------------------------------------------------- reading
    @property
    def voter(self) -> Voter | None:
        """Whose turn it is (None once everyone has had one)."""
        return self.voters[self.turn] if self.turn < len(self.voters) else None

    @property
    def finished(self) -> bool:
        return self.voter is None

    def dots_left(self, plan: PlanDoc, voter: Voter | None = None) -> int:
        who = voter or self.voter
        if who is None:
            return 0
        return max(allowance(plan) - dots_used(plan).get(who.id, 0), 0)

    def keys(self, plan: PlanDoc) -> dict[int, str]:
        return cause_keys(find_fishbone(plan, self.fishbone_id))

    def cause_for_key(self, plan: PlanDoc, key: str) -> int | None:
        wanted = key.lower()
        return next((c for c, k in self.keys(plan).items() if k == wanted), None)

    def mine(self, plan: PlanDoc) -> dict[int, int]:
        """The current voter's dots on each cause of this fishbone (shown to the room as
        theirs while the totals stay hidden)."""
        voter = self.voter
        if voter is None:
            return {}
        found: dict[int, int] = {}
        fishbone = find_fishbone(plan, self.fishbone_id)
        for category in fishbone["categories"] if fishbone else ():
            for cause, _depth in iter_causes(category["causes"]):
                dots = sum(v["dots"] for v in cause["dot_votes"] if v["member_id"] == voter.id)
                if dots:
                    found[cause["id"]] = dots
        return found

    def team_spent(self, plan: PlanDoc) -> bool:
        """True when no team member has a dot left to place."""
        return not any(self.dots_left(plan, v) for v in self.voters)

    def refusal(self, plan: PlanDoc) -> str | None:
        """Why the current voter cannot place a dot now (None: they can)."""
        voter = self.voter
        if voter is None and self.room and not self.voters:
            return (
                "In this round only dots from devices count. To vote here by member, add "
                "the leadership team in step 0."
            )
        if voter is None and self.room and self.team_spent(plan):
            return (
                f"The team has placed all {plural(allowance(plan), 'dot')}: in this round only "
                "dots from devices count. To give more, raise “Dots per team member” on the "
                "Votes tab."
            )
        if voter is None:
            return (
                f"Everyone has had a turn. {REVEAL_KEY} shows the votes; "
                f"{PREVIOUS_KEY} goes back to the last voter."
            )
        if self.dots_left(plan) <= 0:
            total = allowance(plan)
            return (
                f"{voter.name} has placed all {plural(total, 'dot')}. {TAKE_BACK_KEY} takes the "
                f"last one back; {NEXT_KEY} passes to the next voter."
            )
        return None

    def status(self, plan: PlanDoc) -> str:
        """The round's banner: who is voting, dots left, the next key."""
        shown = " · votes shown" if self.revealed else ""
        voter = self.voter
        if voter is None:
            then = "Esc ends the round" if self.revealed else f"{REVEAL_KEY} shows the votes"
            if self.room and not self.voters:
                return f"Round open{shown} — the room is voting on their devices — {then}"
            if self.room and self.team_spent(plan):
                return (
                    f"Round open{shown} — the team has placed all its dots; "
                    f"dots from devices still count — {then}"
                )
            return f"Round open{shown} — everyone has voted — {then}"
        left = self.dots_left(plan)
        place = f"{self.turn + 1} of {len(self.voters)}"
        return (
            f"Round open{shown} — {voter.name} ({place}) is voting, "
            f"{plural(left, 'dot')} left — press {NEXT_KEY} for the next voter"
        )

    # ----------------------------------------------------------------- changing
    def placed(self, cause_id: int) -> None:
        """Record that the current voter's dot went on ``cause_id`` (after add_dot)."""
        voter = self.voter
        if voter is not None:
            self._placed.setdefault(voter.id, []).append(cause_id)

    def last_placed(self, plan: PlanDoc) -> int | None:
        """The cause of the current voter's last dot of this round that is still in the plan
        (an undo may have removed some), forgotten as it is returned."""
        voter = self.voter
        if voter is None:
            return None
        stack = self._placed.get(voter.id) or []
        while stack:
            cause_id = stack.pop()
            if member_dots(plan, cause_id).get(voter.id, 0) > 0:
                return cause_id
        return None

    def took_back(self, cause_id: int) -> None:
        """A dot of the current voter's came off ``cause_id`` some other way (− on a cause)."""
        voter = self.voter
        stack = self._placed.get(voter.id) if voter is not None else None
        if stack and cause_id in stack:
            del stack[len(stack) - 1 - stack[::-1].index(cause_id)]

    def next_voter(self) -> None:
        self.turn = min(self.turn + 1, len(self.voters))

    def previous_voter(self) -> None:
        self.turn = max(self.turn - 1, 0)

    def reveal(self, on: bool | None = None) -> None:
        self.revealed = not self.revealed if on is None else on


ROUND_HELP = (
    f"A cause’s key, or arrows + Space: place a dot · {TAKE_BACK_KEY}: take it back · "
    f"{NEXT_KEY}: next voter · {REVEAL_KEY}: show the votes · {END_KEY}: end the round"
)

__all__ = [
    "DEFAULT_DOTS",
    "END_KEY",
    "KEY_LABELS",
    "NEXT_KEY",
    "PREVIOUS_KEY",
    "REVEAL_KEY",
    "ROUND_HELP",
    "ROUND_KEY",
    "TAKE_BACK_KEY",
    "RoundError",
    "Voter",
    "VotingRound",
    "allowance",
    "cause_keys",
    "find_fishbone",
    "plural",
    "voters_of",
]
