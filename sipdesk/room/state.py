"""The room's state in memory: who joined, the cards waiting on the wall, a voting round.

Thread-safe behind one lock: the web server's threads call it for members, the window's
thread reads it for the coach. Every method holds the lock only for a few dictionary
operations (no I/O, no plan access), so the window never waits on a member. Listeners are
called after the lock is released, on the thread that made the change.

Nothing here touches the plan: the coach takes a card (:meth:`Room.take`) and applies it with
:mod:`sipdesk.room.accept`; a card that could not be applied goes back (:meth:`Room.put_back`).

Every refusal is a :class:`RoomRefusal` whose text is one plain sentence for the member or
the coach. Refused calls change nothing.
"""

from __future__ import annotations

import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

from sipdesk.models.needs import SWOT_KINDS

CARD_KINDS = ("swot", "cause", "why")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read off a wall
CODE_LENGTH = 6

# What a member's own card list says about each card.
WAITING, ACCEPTED, SET_ASIDE, MERGED = "waiting", "accepted", "set aside", "merged"


class RoomRefusal(Exception):
    """Why the room refused a request; ``str(exc)`` is one plain sentence."""


class NotJoined(RoomRefusal):
    """The session token is unknown (never given, or retired by joining again)."""


class RoomClosed(RoomRefusal):
    """The coach has closed the room."""


class TooManyTries(RoomRefusal):
    """This device gave too many wrong codes lately."""


@dataclass(frozen=True)
class RoomLimits:
    """Every bound the room keeps. Defaults suit a leadership team around one table."""

    max_members: int = 40
    max_cards_per_member: int = 50
    max_text: int = 500
    max_name: int = 40
    max_body_bytes: int = 8192
    wrong_code_tries: int = 5
    wrong_code_window_s: float = 60.0
    max_dots: int = 3  # dots each member gets when the plan does not say
    max_options: int = 60
    max_tracked_clients: int = 1000  # memory bound for the wrong-code counters


@dataclass(frozen=True)
class Member:
    id: str
    name: str


@dataclass(frozen=True)
class Card:
    """One contribution. ``kind`` is "swot", "cause" or "why"; ``target`` is the SWOT
    quadrant ("strength", "weakness", "opportunity", "threat"), the fishbone bone's id, or
    the 5 Whys chain's id (ids as text)."""

    id: str
    member_id: str
    member_name: str
    kind: str
    target: str
    text: str
    evidence: str
    created: float


@dataclass(frozen=True)
class RoomEvent:
    """What just happened: "joined", "card", "edited", "taken", "put back", "discarded",
    "merged", "silent", "round", "vote", "round closed", "board", "targets", "closed"."""

    kind: str
    card: Card | None = None
    member: Member | None = None


@dataclass
class _Round:
    options: dict[str, str]
    dots: int
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # member id -> option -> n
    open: bool = True


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_text(value: object, limit: int, what: str, *, required: bool) -> str:
    """``value`` as plain text: control characters dropped (line breaks kept), trimmed, and
    within ``limit`` characters; refused otherwise."""
    if not isinstance(value, str):
        raise RoomRefusal(f"The {what} must be written as text.")
    kept = "".join(
        ch for ch in value if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
    ).strip()
    if required and not kept:
        raise RoomRefusal(f"Please write the {what} first.")
    if len(kept) > limit:
        raise RoomRefusal(f"The {what} is too long: keep it under {limit} characters.")
    return kept


class Room:
    """One meeting's room. See the module doc; all public methods are thread-safe."""

    def __init__(
        self,
        *,
        limits: RoomLimits = RoomLimits(),
        clock: Callable[[], float] = time.monotonic,
        join_code: str | None = None,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self.join_code = (join_code or new_join_code()).strip().upper()
        self._lock = threading.Lock()
        self._longest_hold = 0.0
        self._closed = False
        self._silent = False
        self._version = 0
        self._members: dict[str, Member] = {}
        self._client_of: dict[str, str] = {}  # member id -> client that joined them
        self._tokens: dict[str, str] = {}  # token -> member id
        self._token_of: dict[str, str] = {}  # member id -> their current token
        self._wrong: dict[str, list[float]] = {}  # client -> times of wrong codes
        self._cards: dict[str, Card] = {}  # every card ever made here, by id
        self._order: dict[str, int] = {}  # card id -> arrival number
        self._status: dict[str, str] = {}
        self._by_member: dict[str, list[str]] = {}
        self._pending: dict[str, Card] = {}
        self._next = 0
        self._round: _Round | None = None
        self._board: dict[str, Any] | None = None
        self._targets: dict[str, list[tuple[str, str]]] = {"cause": [], "why": []}
        self._listeners: list[Callable[[RoomEvent], None]] = []

    # ----------------------------------------------------------------- plumbing
    @contextmanager
    def _held(self) -> Iterator[None]:
        with self._lock:
            start = time.perf_counter()
            try:
                yield
            finally:
                held = time.perf_counter() - start
                if held > self._longest_hold:
                    self._longest_hold = held

    def longest_lock_hold(self) -> float:
        """The longest time, in seconds, any call has held the room's lock."""
        with self._lock:
            return self._longest_hold

    def _emit(self, event: RoomEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            # A broken listener must not break a member's request.
            with suppress(Exception):
                listener(event)

    def subscribe(self, listener: Callable[[RoomEvent], None]) -> Callable[[], None]:
        """Call ``listener`` after every change (on the changing thread); returns unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _changed(self) -> None:
        self._version += 1

    @property
    def version(self) -> int:
        """Goes up by one with every change, so a reader can poll cheaply."""
        with self._lock:
            return self._version

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise RoomClosed("This room has closed. Thank you for taking part.")

    def _member(self, token: object) -> Member:
        self._check_open()
        member_id = self._tokens.get(token) if isinstance(token, str) else None
        if member_id is None:
            raise NotJoined("Please join the room again with the code on the wall.")
        return self._members[member_id]

    # ----------------------------------------------------------------- members
    def _wrong_recently(self, client: str, now: float) -> list[float]:
        window = self.limits.wrong_code_window_s
        times = [t for t in self._wrong.get(client, ()) if now - t < window]
        if times:
            self._wrong[client] = times
        else:
            self._wrong.pop(client, None)
        return times

    def join(self, code: str, name: str, client: str) -> tuple[str, Member]:
        """Join with the wall's code and a first name; returns a fresh session token.

        ``client`` names the device (its address); after ``wrong_code_tries`` wrong codes
        within ``wrong_code_window_s`` it is refused, even with the right code, until the
        window has passed. Joining again under one's own name from the same device gives a
        new token and retires the old one; a name taken from another device is refused.
        """
        with self._held():
            self._check_open()
            now = self._clock()
            if len(self._wrong_recently(client, now)) >= self.limits.wrong_code_tries:
                raise TooManyTries("Too many wrong codes. Please wait a minute and try again.")
            given = code.strip().upper() if isinstance(code, str) else ""
            if not secrets.compare_digest(given.encode(), self.join_code.encode()):
                crowded = len(self._wrong) >= self.limits.max_tracked_clients
                if client not in self._wrong and crowded:
                    self._wrong.pop(next(iter(self._wrong)))
                self._wrong.setdefault(client, []).append(now)
                raise RoomRefusal("That code does not match the one on the wall.")
            clean = clean_text(name, self.limits.max_name, "first name", required=True)
            clean = " ".join(clean.split())
            same = next(
                (m for m in self._members.values() if m.name.casefold() == clean.casefold()), None
            )
            if same is not None and self._client_of.get(same.id) != client:
                raise RoomRefusal(
                    f"Someone called {clean} has already joined. Please add an initial."
                )
            if same is None and len(self._members) >= self.limits.max_members:
                raise RoomRefusal("This room is full.")
            if same is None:
                member = Member(f"m{len(self._members) + 1}", clean)
                self._members[member.id] = member
                self._client_of[member.id] = client
                self._by_member[member.id] = []
            else:
                member = same
                self._tokens.pop(self._token_of.get(member.id, ""), None)
            token = secrets.token_urlsafe(24)
            self._tokens[token] = member.id
            self._token_of[member.id] = token
            self._changed()
        self._emit(RoomEvent("joined", member=member))
        return token, member

    def member_for(self, token: str) -> Member:
        with self._held():
            return self._member(token)

    def members(self) -> list[Member]:
        with self._held():
            return list(self._members.values())

    # ----------------------------------------------------------------- targets
    def set_targets(
        self,
        *,
        causes: list[tuple[str, str]] | None = None,
        whys: list[tuple[str, str]] | None = None,
    ) -> None:
        """What members may add to: fishbone bones for causes and the 5 Whys chains whose
        "why?" is being asked, each as (id, label). None leaves that list as it is."""
        with self._held():
            if causes is not None:
                self._targets["cause"] = [(str(i), str(label)) for i, label in causes]
            if whys is not None:
                self._targets["why"] = [(str(i), str(label)) for i, label in whys]
            self._changed()
        self._emit(RoomEvent("targets"))

    def targets(self) -> dict[str, list[tuple[str, str]]]:
        """Every kind's choices: "swot" (the four quadrants), "cause" and "why"."""
        with self._held():
            return {
                "swot": [(k, k.capitalize()) for k in SWOT_KINDS],
                "cause": list(self._targets["cause"]),
                "why": list(self._targets["why"]),
            }

    def _check_target(self, kind: str, target: str) -> None:
        if kind == "swot":
            if target not in SWOT_KINDS:
                raise RoomRefusal("Please choose strength, weakness, opportunity or threat.")
            return
        ids = {i for i, _ in self._targets[kind]}
        if not ids:
            what = "a fishbone" if kind == "cause" else "a 5 Whys question"
            raise RoomRefusal(f"The coach has not opened {what} for ideas yet.")
        if target not in ids:
            raise RoomRefusal("Please choose one of the places the coach has opened.")

    # ----------------------------------------------------------------- cards
    def add_card(self, token: str, kind: str, target: str, text: str, evidence: str = "") -> Card:
        with self._held():
            member = self._member(token)
            if kind not in CARD_KINDS:
                raise RoomRefusal("Please add a SWOT item, a cause or a why.")
            if not isinstance(target, str):
                raise RoomRefusal("Please choose where your idea goes.")
            self._check_target(kind, target)
            limit = self.limits.max_text
            body = clean_text(text, limit, "idea", required=True)
            proof = clean_text(evidence, limit, "evidence", required=False)
            mine = self._by_member[member.id]
            if len(mine) >= self.limits.max_cards_per_member:
                raise RoomRefusal(
                    f"You have added {self.limits.max_cards_per_member} ideas, "
                    "the most one person can add."
                )
            card = self._new_card(member.id, member.name, kind, target, body, proof)
            mine.append(card.id)
        self._emit(RoomEvent("card", card=card, member=member))
        return card

    def _new_card(
        self, member_id: str, name: str, kind: str, target: str, text: str, evidence: str
    ) -> Card:
        self._next += 1
        card = Card(f"c{self._next}", member_id, name, kind, target, text, evidence, self._clock())
        self._cards[card.id] = card
        self._order[card.id] = self._next
        self._status[card.id] = WAITING
        self._pending[card.id] = card
        self._changed()
        return card

    def cards_of(self, token: str) -> list[Card]:
        """A member's own contributions, oldest first."""
        with self._held():
            member = self._member(token)
            return [self._cards[i] for i in self._by_member[member.id]]

    def my_cards(self, token: str) -> list[tuple[Card, str]]:
        """A member's own contributions with what became of each, oldest first."""
        with self._held():
            member = self._member(token)
            return [(self._cards[i], self._status[i]) for i in self._by_member[member.id]]

    def status_of(self, card_id: str) -> str:
        """ "waiting", "accepted", "set aside" or "merged"."""
        with self._held():
            return self._status.get(card_id, SET_ASIDE)

    def pending(self) -> list[Card]:
        """Cards waiting on the wall, in the order they arrived."""
        with self._held():
            return list(self._pending.values())

    def pending_count(self) -> int:
        with self._held():
            return len(self._pending)

    def _pending_card(self, card_id: str) -> Card:
        card = self._pending.get(card_id)
        if card is None:
            raise RoomRefusal("That card is no longer waiting on the wall.")
        return card

    def take(self, card_id: str) -> Card:
        """Remove a waiting card to accept it; the caller applies it to the plan."""
        with self._held():
            card = self._pending_card(card_id)
            del self._pending[card_id]
            self._status[card_id] = ACCEPTED
            self._changed()
        self._emit(RoomEvent("taken", card=card))
        return card

    def put_back(self, card: Card) -> None:
        """Return a taken card to the wall, in its old place (undo, or a failed accept)."""
        with self._held():
            self._cards.setdefault(card.id, card)
            self._order.setdefault(card.id, self._next + 1)
            self._pending[card.id] = card
            self._pending = dict(sorted(self._pending.items(), key=lambda kv: self._order[kv[0]]))
            self._status[card.id] = WAITING
            self._changed()
        self._emit(RoomEvent("put back", card=card))

    def discard(self, card_id: str) -> None:
        with self._held():
            card = self._pending_card(card_id)
            del self._pending[card_id]
            self._status[card_id] = SET_ASIDE
            self._changed()
        self._emit(RoomEvent("discarded", card=card))

    def edit(self, card_id: str, text: str, evidence: str | None = None) -> Card:
        """The coach rewords a waiting card before accepting it."""
        with self._held():
            card = self._pending_card(card_id)
            body = clean_text(text, self.limits.max_text, "idea", required=True)
            proof = card.evidence
            if evidence is not None:
                proof = clean_text(evidence, self.limits.max_text, "evidence", required=False)
            card = replace(card, text=body, evidence=proof)
            self._pending[card_id] = card
            self._cards[card_id] = card
            self._changed()
        self._emit(RoomEvent("edited", card=card))
        return card

    def merge(self, card_ids: list[str], text: str) -> Card:
        """One waiting card in place of several of the same kind and place; its name lists
        everyone who wrote them, its evidence joins theirs."""
        with self._held():
            ids = list(dict.fromkeys(card_ids))
            if len(ids) < 2:
                raise RoomRefusal("Choose at least two cards to merge.")
            cards = [self._pending_card(i) for i in ids]
            if len({(c.kind, c.target) for c in cards}) != 1:
                raise RoomRefusal("Only cards of the same kind, in the same place, can merge.")
            body = clean_text(text, self.limits.max_text, "idea", required=True)
            names = list(dict.fromkeys(n for c in cards for n in c.member_name.split(" & ")))
            proofs = list(dict.fromkeys(c.evidence for c in cards if c.evidence))
            evidence = "; ".join(proofs)[: self.limits.max_text]
            first = cards[0]
            for c in cards:
                del self._pending[c.id]
                self._status[c.id] = MERGED
            merged = self._new_card(
                first.member_id, " & ".join(names), first.kind, first.target, body, evidence
            )
            merged = replace(merged, created=min(c.created for c in cards))
            self._cards[merged.id] = merged
            self._pending[merged.id] = merged
            self._order[merged.id] = self._order[first.id]
            self._pending = dict(sorted(self._pending.items(), key=lambda kv: self._order[kv[0]]))
        self._emit(RoomEvent("merged", card=merged))
        return merged

    # ----------------------------------------------------------------- silent brainstorm
    @property
    def silent(self) -> bool:
        with self._lock:
            return self._silent

    def set_silent(self, on: bool) -> None:
        """While silent, the wall shows waiting cards face down (members only ever see
        their own cards)."""
        with self._held():
            self._silent = bool(on)
            self._changed()
        self._emit(RoomEvent("silent"))

    def reveal(self) -> None:
        """Turn the waiting cards face up: ends the silent brainstorm."""
        self.set_silent(False)

    # ----------------------------------------------------------------- voting round
    def open_round(self, options: list[tuple[str, str]], dots_per_member: int) -> None:
        """Start a round on ``options`` ((id, label), e.g. a fishbone's causes); each member
        may place up to ``dots_per_member`` dots. A new round forgets the last one's dots."""
        if not 1 <= dots_per_member <= 99:
            raise RoomRefusal("Give each member between 1 and 99 dots.")
        if not options:
            raise RoomRefusal("There is nothing to vote on yet.")
        if len(options) > self.limits.max_options:
            raise RoomRefusal(f"A round can offer at most {self.limits.max_options} choices.")
        with self._held():
            self._check_open()
            labels = {str(i): str(label) for i, label in options}
            self._round = _Round(labels, dots_per_member)
            self._changed()
        self._emit(RoomEvent("round"))

    @property
    def round_open(self) -> bool:
        with self._lock:
            return self._round is not None and self._round.open

    def round_options(self) -> list[tuple[str, str]]:
        """The open round's choices; empty when no round is open."""
        with self._held():
            r = self._round
            return list(r.options.items()) if r is not None and r.open else []

    def dots_per_member(self) -> int:
        with self._held():
            return self._round.dots if self._round is not None else 0

    def vote(self, token: str, option_id: str, delta: int = 1) -> None:
        """Place (+1) or take back (-1) one of the member's dots."""
        with self._held():
            member = self._member(token)
            r = self._round
            if r is None or not r.open:
                raise RoomRefusal("Voting is not open right now.")
            if option_id not in r.options:
                raise RoomRefusal("Please choose one of the ideas in this round.")
            if delta not in (1, -1):
                raise RoomRefusal("Place or take back one dot at a time.")
            mine = r.votes.setdefault(member.id, {})
            now = mine.get(option_id, 0)
            if now + delta < 0:
                raise RoomRefusal("You have no dot there to take back.")
            if delta > 0 and sum(mine.values()) + delta > r.dots:
                raise RoomRefusal(
                    f"You have placed all {r.dots} of your dots. Take one back to move it."
                )
            if now + delta:
                mine[option_id] = now + delta
            else:
                del mine[option_id]
            self._changed()
        self._emit(RoomEvent("vote", member=member))

    def my_votes(self, token: str) -> dict[str, int]:
        with self._held():
            member = self._member(token)
            r = self._round
            return dict(r.votes.get(member.id, {})) if r is not None else {}

    def close_round(self) -> dict[str, int]:
        """End the round; returns the tallies (its dots stay readable until the next round)."""
        with self._held():
            if self._round is None or not self._round.open:
                raise RoomRefusal("No voting round is open.")
            self._round.open = False
            result = self._tally()
            self._changed()
        self._emit(RoomEvent("round closed"))
        return result

    def _tally(self) -> dict[str, int]:
        r = self._round
        if r is None:
            return {}
        totals = dict.fromkeys(r.options, 0)
        for mine in r.votes.values():
            for option, n in mine.items():
                totals[option] += n
        return totals

    def tallies(self) -> dict[str, int]:
        """Option id -> dots, for the current or last round."""
        with self._held():
            return self._tally()

    def member_votes(self) -> dict[str, dict[str, int]]:
        """Member name -> option id -> dots, for the current or last round."""
        with self._held():
            r = self._round
            if r is None:
                return {}
            return {self._members[m].name: dict(mine) for m, mine in r.votes.items() if mine}

    # ----------------------------------------------------------------- the board
    def show_board(self, board: dict[str, Any] | None) -> None:
        """What the coach shows members read-only (plain JSON-able data); None shows nothing."""
        with self._held():
            self._board = board
            self._changed()
        self._emit(RoomEvent("board"))

    def board(self, token: str) -> dict[str, Any] | None:
        with self._held():
            self._member(token)
            return self._board

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        """End the room: every token stops working; waiting cards stay readable for the coach."""
        with self._held():
            if self._closed:
                return
            self._closed = True
            self._tokens.clear()
            self._token_of.clear()
            if self._round is not None:
                self._round.open = False
            self._changed()
        self._emit(RoomEvent("closed"))
