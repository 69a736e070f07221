"""``sipdesk room PLAN.sipdesk [--host 127.0.0.1] [--port N]`` (issue 16, item 5): the meeting
room without a window, so it can be scripted and tested.

The plan opens as for any edit (checked working copy, the plan's lock: a plan open elsewhere
is refused with a sentence). The room's address, join code and QR code file are printed;
everything members send waits as pending cards. Commands are read from standard input, one a
line; accepted cards go into the working copy through the one edit path, and only ``write``
puts them in the plan file (the usual safe write-back). Leaving without ``write`` leaves the
plan file exactly as it was.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from sipdesk.room.state import Card, Room, RoomEvent
    from sipdesk.storage import PlanDocument

EXIT_OK, EXIT_BAD = 0, 2

HELP = """Commands:
  list                     the cards waiting (ID, kind, place, who, text)
  accept ID [ID ...]       take cards into the plan (accept all: every waiting card)
  discard ID [ID ...]      set cards aside; they go nowhere
  merge ID ID [...] TEXT   one card in place of several, worded as TEXT
  silent on|off            a silent brainstorm hides the cards on the wall; reveal shows them
  reveal
  round open FISHBONE_ID DOTS   a voting round on a fishbone's causes
  round close              end the round and print the dots
  accept votes             add the last round's dots to the plan
  show swot|fishbone ID|off     let members see that board, read-only
  write                    write what was accepted to the plan file
  quit                     close the room (anything accepted but not written is left out)"""


def add_command(sub: Any) -> None:
    room = sub.add_parser(
        "room",
        help="open a meeting room on the local network, without the window",
        description="Open the meeting room for a plan without the window: team members join "
        "from their own devices with the code shown here and add ideas and votes; everything "
        "waits until you accept it, and nothing reaches the plan file until you type write. "
        "Type help for the commands.",
    )
    room.add_argument("plan", type=Path, help="your plan (.sipdesk)")
    room.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address of this computer to listen on (127.0.0.1 only reaches this computer)",
    )
    room.add_argument("--port", type=int, default=0, help="the port (a free one if not given)")


def run(args: argparse.Namespace) -> int:
    from sipdesk.room.qr import local_ipv4_addresses, qr_svg
    from sipdesk.room.server import RoomServer
    from sipdesk.room.state import Room
    from sipdesk.storage import PlanDocument

    refusal = _check_host(args.host, local_ipv4_addresses())
    if refusal:
        return fail(refusal)
    if not 0 <= args.port <= 65535:
        return fail("the port must be a number from 1 to 65535.")
    doc = PlanDocument.open(args.plan)
    room = Room()
    server = RoomServer(room, host=args.host, port=args.port)
    session = _Session(doc, room, sys.stdout)
    try:
        session.offer_plan()
        try:
            server.start()
        except OSError as exc:
            return fail(
                f"the room could not listen on {args.host} port {args.port} "
                f"({exc.strerror or type(exc).__name__})."
            )
        qr = doc.workdir / "join-code.svg"  # private to this plan, gone when the room closes
        qr.write_text(qr_svg(server.url), encoding="utf-8")
        session.say(f"The room for {doc.path.name} is open.")
        session.say(f"Address: {server.url}")
        session.say(f"Join code: {room.join_code}")
        session.say(f"QR code: {qr}")
        session.say("Type help for the commands, quit to close the room.")
        unsubscribe = room.subscribe(session.on_event)
        try:
            for line in sys.stdin:
                if not session.command(line.strip()):
                    break
        finally:
            unsubscribe()
    finally:
        room.close()
        server.stop()
        (doc.workdir / "join-code.svg").unlink(missing_ok=True)
        if doc.dirty:
            session.say(
                f"{session.unwritten} accepted item(s) were not written, so "
                f"{doc.path.name} is as it was."
            )
            doc.discard()
        else:
            doc.close()
    session.say("The room is closed.")
    return EXIT_OK


def fail(sentence: str) -> int:
    print(f"sipdesk: {sentence}", file=sys.stderr)
    return EXIT_BAD


def _check_host(host: str, mine: list[str]) -> str | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"“{host[:40]}” is not an address; use one of this computer's: {', '.join(mine)}."
    if address.is_unspecified or address.is_multicast:
        return (
            "choose one network for the room rather than all of them; this computer's "
            f"addresses are {', '.join(mine)}."
        )
    return None


def _one_line(text: str) -> str:
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


class _Session:
    """The coach's side of the room, at a terminal."""

    def __init__(self, doc: PlanDocument, room: Room, out: TextIO) -> None:
        self.doc = doc
        self.room = room
        self.out = out
        self.lock = threading.Lock()
        self.unwritten = 0
        self.written = 0

    def say(self, text: str) -> None:
        with self.lock:
            print(text, file=self.out, flush=True)

    def plan(self) -> Any:
        from sipdesk.services.snapshot import read_plan

        with self.doc.session() as session:
            return read_plan(session)

    def offer_plan(self) -> None:
        from sipdesk.room.board import bone_targets, why_targets

        plan = self.plan()
        self.room.set_targets(causes=bone_targets(plan), whys=why_targets(plan))

    def on_event(self, event: RoomEvent) -> None:
        if event.kind == "joined" and event.member is not None:
            self.say(f"{event.member.name} joined.")
        elif event.kind == "card" and event.card is not None:
            self.say(f"New card {event.card.id} from {event.card.member_name}.")

    def describe(self, card: Card) -> str:
        place = card.target if card.kind == "swot" else f"{card.kind} {card.target}"
        line = f"{card.id}  [{place}] {card.member_name}: {_one_line(card.text)}"
        if card.evidence:
            line += f" (evidence: {_one_line(card.evidence)})"
        return line

    # ----------------------------------------------------------------- commands
    def command(self, line: str) -> bool:
        """Run one command; False ends the room."""
        from sipdesk.room.state import RoomRefusal
        from sipdesk.services.edits import PlanRuleError
        from sipdesk.storage import PlanFileError

        words = line.split()
        if not words:
            return True
        verb, rest = words[0].lower(), words[1:]
        if verb in ("quit", "exit"):
            return False
        handler = getattr(self, f"do_{verb}", None)
        if handler is None:
            self.say(f"“{verb[:20]}” is not a command here. Type help for the list.")
            return True
        try:
            handler(rest, line)
        except (RoomRefusal, PlanRuleError) as exc:
            self.say(str(exc))
        except PlanFileError as exc:
            self.say(str(exc))
        except Exception as exc:  # the room stays open; the details go to the log
            from sipdesk.crash_log import log_unexpected

            log = log_unexpected(exc)
            where = f"; the details were saved to {log}" if log else ""
            self.say(f"Something unexpected went wrong ({type(exc).__name__}){where}.")
        return True

    def do_help(self, _rest: list[str], _line: str) -> None:
        self.say(HELP)

    def do_list(self, _rest: list[str], _line: str) -> None:
        cards = self.room.pending()
        face_down = self.room.silent
        if not cards:
            self.say("No cards are waiting.")
        for card in cards:
            self.say(f"{card.id}  (face down)" if face_down else self.describe(card))

    def do_accept(self, rest: list[str], _line: str) -> None:
        from sipdesk.room.accept import change_for_card, changes_for_votes
        from sipdesk.services.edits import PlanRuleError

        if rest == ["votes"]:
            with self.doc.transaction() as session:
                change = changes_for_votes(session, self.room.member_votes())
            if change.empty:
                self.say("There are no dots to add.")
            else:
                self.unwritten += 1
                self.say("The round's dots are in the plan (type write to save them).")
            return
        ids = [c.id for c in self.room.pending()] if rest == ["all"] else rest
        if not ids:
            self.say("Say which card: accept ID.")
        for card_id in ids:
            card = self.room.take(card_id)
            try:
                with self.doc.transaction() as session:
                    change_for_card(session, card)
            except PlanRuleError as exc:
                self.room.put_back(card)
                self.say(f"{card_id}: {exc}")
                continue
            except Exception:
                self.room.put_back(card)  # never lost: it waits on the wall again
                raise
            self.unwritten += 1
            self.say(f"Accepted {card_id}.")

    def do_discard(self, rest: list[str], _line: str) -> None:
        for card_id in rest:
            self.room.discard(card_id)
            self.say(f"Set aside {card_id}.")

    def do_merge(self, rest: list[str], line: str) -> None:
        ids = [w for w in rest if w in {c.id for c in self.room.pending()}]
        text = line.split(None, 1 + len(ids))[-1] if len(rest) > len(ids) else ""
        card = self.room.merge(ids, text)
        self.say(f"Merged into {card.id}.")

    def do_silent(self, rest: list[str], _line: str) -> None:
        if rest not in (["on"], ["off"]):
            self.say("Say silent on or silent off.")
            return
        self.room.set_silent(rest == ["on"])
        if rest == ["on"]:
            self.say("Silent brainstorm: the wall shows the cards face down.")
        else:
            self.say("The cards are face up.")

    def do_reveal(self, _rest: list[str], _line: str) -> None:
        self.room.reveal()
        self.say("The cards are face up.")

    def do_round(self, rest: list[str], _line: str) -> None:
        from sipdesk.room.board import round_options

        if rest[:1] == ["close"]:
            labels = dict(self.room.round_options())
            tallies = self.room.close_round()
            for option, dots in sorted(tallies.items(), key=lambda kv: -kv[1]):
                self.say(f"{dots:3d}  {option}  {labels.get(option, '')}")
            self.say("Type accept votes to add these dots to the plan.")
            return
        if len(rest) != 3 or rest[0] != "open" or not (rest[1].isdigit() and rest[2].isdigit()):
            self.say("Say round open FISHBONE_ID DOTS, or round close.")
            return
        options = round_options(self.plan(), int(rest[1]))
        if not options:
            self.say(f"Fishbone {rest[1]} has no causes to vote on.")
            return
        self.room.open_round(options, int(rest[2]))
        self.say(f"Voting is open on {len(options)} causes, {rest[2]} dots each.")

    def do_show(self, rest: list[str], _line: str) -> None:
        from sipdesk.room.board import fishbone_board, swot_board

        if rest == ["off"]:
            self.room.show_board(None)
            self.say("Members see no board.")
        elif rest == ["swot"]:
            self.room.show_board(swot_board(self.plan()))
            self.say("Members see the SWOT board.")
        elif len(rest) == 2 and rest[0] == "fishbone" and rest[1].isdigit():
            board = fishbone_board(self.plan(), int(rest[1]))
            self.room.show_board(board)
            self.say("Members see that fishbone." if board else "There is no such fishbone.")
        else:
            self.say("Say show swot, show fishbone ID or show off.")

    def do_write(self, _rest: list[str], _line: str) -> None:
        wrote = self.doc.writeback()
        count, self.unwritten = self.unwritten, 0
        self.written += count
        self.say(
            f"Wrote {count} accepted item(s) to {self.doc.path.name}."
            if wrote
            else "Nothing new to write."
        )
