"""The open voting round of a plan window, shared by step 3 and Show view.

The round's rules are in :mod:`sipdesk.services.voting_round` (Qt-free); this object holds the
one open round, places and takes back dots through the controller (one undoable edit each, so
the file holds the votes at once) and tells every view that shows the round when it changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from sipdesk.services import root_causes as rc
from sipdesk.services.voting_round import (
    DEFAULT_DOTS,
    RoundError,
    VotingRound,
    allowance,
    voters_of,
)
from sipdesk.ui.controller import PlanController


class RoundKeeper(QObject):
    """Starts, runs and ends the voting round; views read :attr:`round`."""

    changed = Signal()  # the round opened, closed, moved on, or its tallies were shown
    message = Signal(str)  # a sentence for the room (why a key did nothing)

    def __init__(self, controller: PlanController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.round: VotingRound | None = None
        # True while the room is open (set by the window's RoomHost): its devices vote in
        # the round too, so a round opens even when the team has no dots left (issue 16)
        self.room_voting = False

    def open_on(self, fishbone_id: int | None) -> VotingRound | None:
        """The open round when it is on ``fishbone_id``."""
        voting = self.round
        return voting if voting is not None and voting.fishbone_id == fishbone_id else None

    def hidden(self) -> bool:
        """True while a round keeps its tallies from the room."""
        return self.round is not None and not self.round.revealed

    # ----------------------------------------------------------------- opening and closing
    def start(self, fishbone_id: int | None) -> bool:
        if self.round is not None:
            return True
        if fishbone_id is None:
            self.message.emit("Choose a fishbone to vote on first.")
            return False
        if self.controller.readonly:
            self.message.emit("This plan is open read-only, so no votes can be placed.")
            return False
        plan = self.controller.plan()
        if not allowance(plan) and (voters_of(plan) or self.room_voting):
            # A round with no dots to place is no round: give the usual three (undoable).
            if self.controller.run(lambda s: rc.set_dots_per_member(s, DEFAULT_DOTS)) is None:
                return False
            plan = self.controller.plan()
            self.message.emit(
                f"Each member has {DEFAULT_DOTS} dots; change it under “Dots per team member” "
                "on the Votes tab."
            )
        try:
            self.round = VotingRound.start(plan, fishbone_id, room=self.room_voting)
        except RoundError as exc:
            self.message.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def end(self) -> None:
        if self.round is not None:
            self.round = None
            self.changed.emit()

    def toggle(self, fishbone_id: int | None) -> None:
        if self.round is not None:
            self.end()
        else:
            self.start(fishbone_id)

    # ----------------------------------------------------------------- during the round
    def status(self) -> str:
        return self.round.status(self.controller.plan()) if self.round is not None else ""

    def place(self, cause_id: int) -> bool:
        """One of the current voter's dots on ``cause_id``; False (and a sentence) if not."""
        voting = self.round
        if voting is None:
            return False
        refusal = voting.refusal(self.controller.plan())
        voter = voting.voter
        if refusal is not None or voter is None:
            self.message.emit(refusal or "")
            return False
        if self.controller.run(lambda s: rc.add_dot(s, cause_id, voter.id, 1)) is None:
            return False
        voting.placed(cause_id)
        self.changed.emit()
        return True

    def take_back(self, cause_id: int | None = None) -> int | None:
        """Take back the current voter's last dot of this round (or their dot on
        ``cause_id``); the cause it came off, or None (and a sentence)."""
        voting = self.round
        voter = voting.voter if voting is not None else None
        if voting is None or voter is None:
            return None
        plan = self.controller.plan()
        if cause_id is None:
            cause_id = voting.last_placed(plan)
            if cause_id is None:
                self.message.emit(f"{voter.name} has no dot from this round to take back.")
                return None
        elif not voting.mine(plan).get(cause_id):
            self.message.emit(f"{voter.name} has no dot on this cause to take back.")
            return None
        else:
            voting.took_back(cause_id)
        ident = cause_id
        if self.controller.run(lambda s: rc.add_dot(s, ident, voter.id, -1)) is None:
            return None
        self.changed.emit()
        return ident

    def next_voter(self) -> None:
        if self.round is not None:
            self.round.next_voter()
            self.changed.emit()

    def previous_voter(self) -> None:
        if self.round is not None:
            self.round.previous_voter()
            self.changed.emit()

    def reveal(self) -> None:
        """Show the tallies to the room, or hide them again."""
        if self.round is None:
            self.message.emit("Start a voting round (F7) first; its votes stay hidden until then.")
            return
        self.round.reveal()
        self.changed.emit()


__all__ = ["RoundKeeper"]
