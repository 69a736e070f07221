"""The coach's hold on an open room: the server, the cards, and the one edit path.

The room (:mod:`sipdesk.room.state`) calls its listeners on the server's threads; the
listener here only emits a queued signal, so every widget is touched on the window's own
thread and the window never waits for the network. An accepted card becomes one Change
pushed on the window's undo stack (as every edit is); undoing it puts the card back among
the pending ones, and redoing it takes the card again.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sipdesk.models.plan_types import PlanDoc, WhyChainRow
from sipdesk.room import accept
from sipdesk.room.board import bone_targets, why_targets
from sipdesk.room.state import Card, Room, RoomEvent, RoomRefusal
from sipdesk.services.notices import PlanNotice, PlanPart

if TYPE_CHECKING:
    from sipdesk.room.server import RoomServer
    from sipdesk.ui.controller import PlanController

TARGET_PARTS = (
    PlanPart.FISHBONES | PlanPart.FISHBONE_CATEGORIES | PlanPart.WHY_CHAINS | PlanPart.WHY_STEPS
)

MERGE_JOIN = " / "
# News from the room is passed on at most this often: a flood of cards (hundreds a second)
# redraws the wall a few times a second, not once per card, so the window keeps answering.
NEWS_MS = 50
BoardOf = Callable[[PlanDoc], dict[str, Any] | None]  # the board members may see, read-only


@dataclasses.dataclass
class _Accepted:
    change: object  # the Change on the undo stack
    card: Card
    in_plan: bool = True


class RoomCoach(QObject):
    """One open room: its server, its cards and what the coach does with them."""

    changed = Signal()  # cards arrived, were taken, put back, merged; silent or not
    said = Signal(str)  # a sentence for the wall (who joined, what was accepted)
    closed = Signal()
    _arrived = Signal(object)  # a RoomEvent, from the server's thread (queued)

    def __init__(
        self, controller: PlanController, room: Room, server: RoomServer, parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.room = room
        self.server = server
        self.events_seen: deque[RoomEvent] = deque(maxlen=200)  # the latest, for tests
        self._accepted: list[_Accepted] = []
        self._open = True
        self._labels: dict[tuple[str, str], str] = {}
        self._board_of: BoardOf | None = None
        self.round_hidden = False  # the window's round keeps its tallies from the room
        self._news = QTimer(self)
        self._news.setSingleShot(True)
        self._news.setInterval(NEWS_MS)
        self._news.timeout.connect(self._pass_news_on)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], object] = room.subscribe(self._arrived.emit)
        controller.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        controller.changed.connect(self._on_plan_changed)
        self.set_targets()

    # ----------------------------------------------------------------- reading
    @property
    def url(self) -> str:
        return str(self.server.url)

    @property
    def join_code(self) -> str:
        return str(self.room.join_code)

    @property
    def is_open(self) -> bool:
        return self._open

    def pending(self) -> list[Card]:
        return list(self.room.pending()) if self._open else []

    def silent(self) -> bool:
        return bool(self.room.silent)

    def target_label(self, card: Card) -> str:
        """Where a card goes, in words: "Strength", "Cause · Staff", "Why? · Low reading"."""
        if card.kind == "swot":
            return card.target.capitalize()
        label = self._labels.get((card.kind, card.target), "")
        if card.kind == "cause":
            return f"Cause · {label}" if label else "Cause"
        return f"Why? ({label})" if label else "Why?"

    def set_targets(self) -> None:
        """Tell the room where members may add: every fishbone bone, every 5 Whys chain."""
        plan = self.controller.plan()
        self._labels = short_labels(plan)
        if self._open:
            self.room.set_targets(causes=bone_targets(plan), whys=why_targets(plan))

    # ----------------------------------------------------------------- the board, read-only
    def board_shown(self) -> bool:
        return self._board_of is not None

    def share_board(self, board_of: BoardOf | None) -> None:
        """Show the team the current board read-only (``board_of`` reads it), or stop."""
        self._board_of = board_of
        data = board_of(self.controller.plan()) if board_of is not None else None
        self.room.show_board(data)
        self.said.emit(
            "The team’s devices show the board, read-only. B again hides it."
            if data is not None
            else "The team’s devices no longer show the board."
        )
        self.changed.emit()

    # ----------------------------------------------------------------- the coach's keys
    def accept(self, card_id: str, text: str | None = None) -> bool:
        """Put the card into the plan (as one undoable edit), with ``text`` if edited."""
        pending = {card.id: card for card in self.pending()}
        if text is not None and card_id in pending and text.strip() != pending[card_id].text:
            try:
                self.room.edit(card_id, text)
            except RoomRefusal as exc:
                self.said.emit(str(exc))
                return False
        card = self._take(card_id)
        if card is None:
            return False
        taken = card
        try:
            change = self.controller.run(lambda s: accept.change_for_card(s, taken))
        except Exception:
            self.room.put_back(card)  # never lost: it waits on the wall again
            raise
        if change is None or change.empty:
            self.room.put_back(card)
            self.changed.emit()
            return False
        self._accepted.append(_Accepted(change, card))
        self.said.emit(f"Added {card.member_name}’s card. Ctrl+Z puts it back.")
        self.changed.emit()
        return True

    def discard(self, card_id: str) -> bool:
        try:
            self.room.discard(card_id)
        except RoomRefusal as exc:
            self.said.emit(str(exc))
            return False
        self.said.emit("Set the card aside. It is not in the plan.")
        self.changed.emit()
        return True

    def merge(self, first_id: str, second_id: str) -> Card | None:
        """One pending card holding both cards' words (the first card's place and kind)."""
        cards = {card.id: card for card in self.pending()}
        if first_id not in cards or second_id not in cards or first_id == second_id:
            return None
        text = cards[first_id].text.rstrip() + MERGE_JOIN + cards[second_id].text.lstrip()
        try:
            merged = self.room.merge([first_id, second_id], text)
        except RoomRefusal as exc:
            self.said.emit(str(exc))
            return None
        self.said.emit("Merged the two cards. E changes the words before you accept.")
        self.changed.emit()
        return merged

    def set_silent(self, on: bool) -> None:
        self.room.set_silent(on)
        self.said.emit(
            "Silent brainstorm: cards stay face down until R reveals them."
            if on
            else "Cards show as they arrive."
        )
        self.changed.emit()

    def reveal(self) -> None:
        self.room.reveal()
        if self.room.silent:
            self.room.set_silent(False)
        self.said.emit("Revealed everyone’s cards.")
        self.changed.emit()

    # ----------------------------------------------------------------- voting
    def open_round(self, options: list[tuple[str, str]], dots: int) -> None:
        if self._open and not self.room.round_open:
            self.room.open_round(options, dots)
            self.changed.emit()

    def close_round(self) -> bool:
        """Close the room's round and put its dots into the plan as one undoable edit."""
        if not self._open or not self.room.round_open:
            return False
        tallies = dict(self.room.close_round())
        self.changed.emit()
        if not any(tallies.values()):
            return False
        member_votes = self.room.member_votes()
        change = self.controller.run(lambda s: accept.changes_for_votes(s, member_votes))
        if change is None or change.empty:
            return False
        dots = sum(tallies.values())
        self.said.emit(f"Added the team’s {dots} dots from their devices. Ctrl+Z takes them back.")
        return True

    def round_text(self) -> str:
        """The room's dots for the wall, live: the total while the window's round hides its
        tallies, each cause's key and dots once they are shown; "" with no round open."""
        if not self._open or not self.room.round_open:
            return ""
        tallies = self.room.tallies()
        total = sum(tallies.values())
        dots = "1 dot" if total == 1 else f"{total} dots"
        if self.round_hidden or not total:
            return f"Dots from devices: {dots}" + (" (hidden)" if self.round_hidden else "")
        labels = dict(self.room.round_options())
        parts = [
            f"{labels.get(option, option).split(' · ', 1)[0]}: {'1 dot' if n == 1 else f'{n} dots'}"
            for option, n in sorted(tallies.items(), key=lambda kv: -kv[1])
            if n
        ]
        return " · ".join(["Dots from devices", *parts])

    def tallies(self) -> dict[str, int]:
        return dict(self.room.tallies()) if self._open and self.room.round_open else {}

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        """Stop listening; members' devices get "connection refused" from now on."""
        if not self._open:
            return
        self._open = False
        # (the stack may have gone first, when the window is closing)
        with contextlib.suppress(RuntimeError, TypeError):
            self.controller.undo_stack.indexChanged.disconnect(self._on_undo_index_changed)
            self.controller.changed.disconnect(self._on_plan_changed)
        self._unsubscribe()
        self._news.stop()
        try:
            self.room.close()
        finally:
            self.server.stop()
        self._accepted.clear()
        self.closed.emit()

    # ----------------------------------------------------------------- slots
    def _on_arrived(self, event: RoomEvent) -> None:
        if not self._open:
            return
        self.events_seen.append(event)
        if event.kind == "joined" and event.member is not None:
            self.said.emit(f"{event.member.name} joined the room.")
        if not self._news.isActive():
            self._news.start()  # the events that arrive meanwhile share one redraw

    def _pass_news_on(self) -> None:
        if self._open:
            self.changed.emit()

    def _on_plan_changed(self, notice: PlanNotice) -> None:
        if self._open and notice.touches(TARGET_PARTS):
            self.set_targets()
        if self._open and self._board_of is not None:
            self.room.show_board(self._board_of(self.controller.plan()))  # kept up to date

    def _on_undo_index_changed(self, index: int) -> None:
        """Follow undo and redo: an undone accept puts its card back, a redone one takes it."""
        stack = self.controller.undo_stack
        positions: dict[int, int] = {}
        for place in range(stack.count()):
            change = getattr(stack.command(place), "change", None)
            if change is not None:
                positions[id(change)] = place
        kept: list[_Accepted] = []
        moved = False
        for entry in self._accepted:
            position = positions.get(id(entry.change))
            if position is None:
                continue  # the step is gone (undone, then a new edit): the card stays pending
            done = position < index
            if done and not entry.in_plan:
                self._take(entry.card.id)  # redone: the card leaves the wall again
                entry.in_plan = True
                moved = True
            elif not done and entry.in_plan:
                self.room.put_back(entry.card)
                entry.in_plan = False
                moved = True
            kept.append(entry)
        self._accepted = kept
        if moved:
            self.changed.emit()

    def _take(self, card_id: str) -> Card | None:
        try:
            return self.room.take(card_id)
        except (RoomRefusal, KeyError) as exc:
            self.said.emit(str(exc) if isinstance(exc, RoomRefusal) else "That card is gone.")
            return None


def short_labels(plan: PlanDoc) -> dict[tuple[str, str], str]:
    """Where a card goes, as the wall names it beside the card: the bone, the "why?"."""
    labels = {
        ("cause", str(bone["id"])): bone["name"].strip() or "Unnamed bone"
        for fishbone in plan["fishbones"]
        for bone in fishbone["categories"]
    }
    for n, chain in enumerate(plan["why_chains"], 1):
        labels[("why", str(chain["id"]))] = short(why_question(chain, n), 40)
    return labels


def why_question(chain: WhyChainRow, n: int) -> str:
    """The "why?" members answer next: of the chain's last step, or of its symptom."""
    last = chain["steps"][-1]["text"] if chain["steps"] else ""
    about = " ".join((last or chain["symptom"]).split()) or f"5 Whys chain {n}"
    return short(about, 80)


def short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["RoomCoach", "short_labels"]
