"""Opening and closing the room from the window (Meeting ▸ Open the room, Ctrl+Shift+R).

:class:`RoomHost` belongs to the main window. Opening asks which network to listen on (the
laptop's IPv4 addresses, loopback included; the choice is remembered), starts the room's
server and puts the join code on the wall beside the step's board (or, on a step without a
board, on a wall of its own). The room stops when the coach closes it, closes the plan or
quits: the window's close path calls :meth:`RoomHost.end` before the plan is written back, so
a voting round's dots from the devices are in the file.

While a room is open, a voting round opened in the window (step 3) opens the room's round
with the same causes; closing the window's round closes the room's and puts the team's dots
into the plan as one undoable edit.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.fishbone.round_keeper import RoundKeeper
    from sipdesk.ui.main_window import MainWindow
    from sipdesk.ui.room.coach import BoardOf, RoomCoach
    from sipdesk.ui.room.panel import RoomPanel
    from sipdesk.ui.wall import WallWindow

CHOOSE_TITLE = "Open the room"
# In short lines: the choice is a plain list dialog that does not wrap its words, and one
# long line made it wider than a 1024 × 768 screen.
CHOOSE_TEXT = (
    "Which network should the team join on?\n"
    "Choose the one their phones and laptops use (the school's Wi-Fi).\n"
    "Only this meeting can use it, and only while the room is open."
)


def board_reader(wall: WallWindow) -> BoardOf | None:
    """What the team's devices may show of ``wall``'s board, read-only."""
    from sipdesk.room.board import fishbone_board, swot_board

    kind = wall.spec.kind
    if kind == "swot":
        return swot_board
    if kind in ("fishbone", "ranking"):
        board = wall.board

        def fishbone(plan: PlanDoc) -> dict[str, Any] | None:
            fishbone_id = getattr(board, "fishbone_id", None) or wall.spec.fishbone_id
            return fishbone_board(plan, fishbone_id) if fishbone_id is not None else None

        return fishbone
    if kind == "whys":
        board = wall.board

        def whys(plan: PlanDoc) -> dict[str, Any] | None:
            chain_id = getattr(board, "chain_id", None)
            chain = next((c for c in plan["why_chains"] if c["id"] == chain_id), None)
            if chain is None:
                return None
            steps = [f"Why? {step['text']}" for step in chain["steps"] if step["text"]]
            return {"title": "5 Whys", "sections": [{"heading": chain["symptom"], "items": steps}]}

        return whys
    return None


class RoomWall(QWidget):
    """The room alone on the whole screen, for a step with no board to show beside it."""

    hidden_by_coach = Signal()  # Esc: back to the window, the room still open

    def __init__(self, parent: QWidget, floor: int) -> None:
        super().__init__(
            parent, QtCore.Qt.WindowType.Window | QtCore.Qt.WindowType.FramelessWindowHint
        )
        self.setObjectName("room-wall")
        self.setWindowTitle("SIP Desk · The room")
        self.floor = floor
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(floor, floor, floor, floor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape:
            self.hide()  # the room stays open; Ctrl+Shift+R closes it
            self.hidden_by_coach.emit()
            return
        super().keyPressEvent(event)


class RoomHost(QObject):
    """The window's one room (or none)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.coach: RoomCoach | None = None
        self.own_wall: RoomWall | None = None
        self._keeper: RoundKeeper | None = None

    # ----------------------------------------------------------------- opening
    def toggle(self) -> None:
        if self.coach is not None:
            self.end()
        else:
            self.open()

    def end(self) -> None:
        """Close the room: the coach closes it, closes the plan or quits. During a round, the
        dots placed on the devices so far join the plan first (one undo step), rather than go
        with the room (issue 16) — before the plan is written back, when it is closing."""
        if self.coach is not None:
            self.coach.close_round()
        self.close()

    def open(self) -> bool:
        window = self.window
        controller = window.controller
        if controller is None or self.coach is not None:
            return self.coach is not None
        if controller.readonly:
            window.statusBar().showMessage(
                "This plan is open read-only, so the team’s cards could not be added to it.", 8000
            )
            return False
        host = self.choose_host()
        if host is None:
            return False
        from sipdesk.room.server import RoomServer
        from sipdesk.room.state import Room
        from sipdesk.ui.room.coach import RoomCoach

        room = Room()
        server = RoomServer(room, host, port=0)
        try:
            server.start()
        except OSError as exc:
            room.close()
            window.dialogs.inform(
                "The room could not be opened",
                f"SIP Desk could not listen on {host} ({exc.strerror or exc}). Try another "
                "network, or loopback to try it on this computer.",
            )
            return False
        self.coach = RoomCoach(controller, room, server, self)
        self.coach.said.connect(self._say)
        self._watch_round()
        self._show()
        self._update()
        self._say(f"The room is open: {self.coach.url}, code {self.coach.join_code}.")
        return True

    def choose_host(self) -> str | None:
        from sipdesk.ui.room.network import (  # QtNetwork: not at start
            local_addresses,
            ordered,
            remember_host,
            remembered_host,
        )

        settings = self.window.settings
        addresses = ordered(local_addresses(), remembered_host(settings))
        index = self.window.dialogs.pick(CHOOSE_TITLE, CHOOSE_TEXT, [a.label for a in addresses])
        if index is None or not 0 <= index < len(addresses):
            return None
        host = addresses[index].host
        remember_host(settings, host)
        return host

    def _show(self) -> None:
        """On the wall beside the board; on a wall of its own when the step has none."""
        window = self.window
        wall = window.wall_open()
        if wall is not None:
            self.dress(wall)
            return
        window.toggle_wall()  # the step's board, dressed with the room as it opens
        if window.wall_open() is not None:
            return
        from sipdesk.diagrams.wall import wall_text_floor

        floor = wall_text_floor(window.screen().geometry().height())
        if self.own_wall is None:
            self.own_wall = RoomWall(window, floor)
            # Undo and the room's key work there too, as on the Show view.
            for action in (window.undo_action, window.redo_action, window.room_action):
                self.own_wall.addAction(action)
            self.own_wall.hidden_by_coach.connect(self._on_own_wall_hidden)
        self.own_wall.column.addWidget(self._panel(floor, self.own_wall))
        self.own_wall.setGeometry(window.screen().geometry())
        self.own_wall.showFullScreen()

    def _on_own_wall_hidden(self) -> None:
        self._say(
            "The room is still open. F6 on steps 2–4 shows it beside the board; "
            "Ctrl+Shift+R closes it."
        )

    def _panel(self, floor: int, parent: QWidget) -> RoomPanel:
        from sipdesk.ui.room.panel import RoomPanel

        assert self.coach is not None
        return RoomPanel(self.coach, floor, parent)

    def dress(self, wall: WallWindow) -> None:
        """A wall just opened: the open room goes beside its board."""
        if self.coach is not None:
            # The wall's note will say who joined in the words they typed ("<b>Ann</b>"):
            # as text, never as markup.
            wall.note.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            panel = self._panel(wall.floor, wall)
            panel.board_of = board_reader(wall)
            wall.attach_room(panel)
            if self.coach.board_shown():
                self.coach.share_board(panel.board_of)  # the board on the wall now

    # ----------------------------------------------------------------- closing
    def close(self) -> None:
        coach, self.coach = self.coach, None
        if coach is None:
            return
        self._unwatch_round()
        coach.close()
        coach.deleteLater()
        wall = self.window.wall_open()
        if wall is not None:
            wall.detach_room()
        if self.own_wall is not None:
            self.own_wall.close()
            self.own_wall.deleteLater()
            self.own_wall = None
        self._update()
        self._say("The room is closed. Nobody can add cards now.")

    def is_open(self) -> bool:
        return self.coach is not None

    # ----------------------------------------------------------------- the voting round
    def _watch_round(self) -> None:
        workspace = self.window.workspace
        if workspace is None:
            return
        for page in list(workspace.pages.values()):
            keeper = getattr(page, "round_keeper", None)
            if keeper is not None and keeper is not self._keeper:
                self._unwatch_round()
                self._keeper = keeper
                keeper.room_voting = True
                keeper.changed.connect(self._on_round_changed)
                self._on_round_changed()

    def step_shown(self, _step: int) -> None:
        if self.coach is not None and self._keeper is None:
            self._watch_round()

    def _unwatch_round(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                keeper.room_voting = False
                if keeper.round is not None:
                    keeper.round.room = False  # no devices vote in it any more
                keeper.changed.disconnect(self._on_round_changed)

    def _on_round_changed(self) -> None:
        coach, keeper = self.coach, self._keeper
        controller = self.window.controller
        if coach is None or keeper is None or controller is None:
            return
        from sipdesk.room.board import round_options
        from sipdesk.services.voting_round import allowance, cause_keys, find_fishbone

        voting = keeper.round
        hidden = keeper.hidden()
        if hidden != coach.round_hidden:
            coach.round_hidden = hidden
            coach.changed.emit()
        if voting is not None and not coach.room.round_open:
            plan = controller.plan()
            fishbone = find_fishbone(plan, voting.fishbone_id)
            keys = {str(cause): key for cause, key in cause_keys(fishbone).items()}
            options = [
                (ident, f"{keys[ident].upper()} · {text}" if ident in keys else text)
                for ident, text in round_options(plan, voting.fishbone_id)
            ]
            coach.open_round(options, allowance(plan))
        elif voting is None and coach.room.round_open:
            coach.close_round()

    # ----------------------------------------------------------------- telling
    def _say(self, sentence: str) -> None:
        wall = self.window.wall_open()
        if wall is not None:
            wall.say(sentence)
        self.window.statusBar().showMessage(sentence, 8000)

    def _update(self) -> None:
        action = getattr(self.window, "room_action", None)
        if action is not None:
            action.setText("Close the &room" if self.coach else "Open the &room…")
        bar = self.window.meeting_bar()
        if bar is not None:
            bar.show_room(self.coach.join_code if self.coach is not None else None)


__all__ = ["RoomHost", "RoomWall"]
