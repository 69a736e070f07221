"""Show view: one board on the whole screen, nothing else, for the room to read.

Opened with F6 from steps 2, 3 and 4 (see :meth:`MainWindow.toggle_wall`). The window has no
title bar, menus, panels or hints; a sentence appears at the bottom for a few seconds when an
edit needs saying (what was added or deleted, or why a plan rule said no). Esc or F6 closes it
and the main window is exactly as it was, with focus back where the person left it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QScreen
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sipdesk.diagrams.wall import wall_text_floor
from sipdesk.services.notices import PlanNotice
from sipdesk.ui.controller import PlanController
from sipdesk.ui.wall.boards import Board, WallBoard, make_board

MESSAGE_MS = 5000


class WallWindow(QWidget):
    """A frameless full-screen window showing one :class:`Board`."""

    closed = Signal(object)  # the board's selection when it closed (a fishbone Target or None)

    def __init__(
        self,
        controller: PlanController,
        board: WallBoard,
        parent: QWidget,
        *,
        actions: Sequence[QAction] = (),
        screen_height: int | None = None,
        meeting_time: SignalInstance | None = None,
    ) -> None:
        """``meeting_time``: the meeting bar's ``time_shown`` while a meeting runs, so the
        room keeps seeing the countdown on the wall."""
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("wall")
        self.setWindowTitle("SIP Desk · Show view")
        self.setAccessibleName("Show view")
        self.setAccessibleDescription("The board on the whole screen. Esc returns to SIP Desk.")
        self.controller = controller
        self.spec = board
        height = screen_height or (parent.screen().geometry().height() if parent else 768)
        self.floor = wall_text_floor(height)
        for action in actions:  # undo, redo and the Show view key work here too
            self.addAction(action)
        column = QVBoxLayout(self)
        margin = self.floor
        column.setContentsMargins(margin, margin, margin, margin // 2)
        column.setSpacing(margin // 2)
        # A voting round's line for the room: who is voting, dots left, the next key.
        self.round_bar = QLabel(self)
        self.round_bar.setObjectName("wall-round")
        self.round_bar.setAccessibleName("Voting round")
        self.round_bar.setWordWrap(True)
        # Its own style: the window's would set the font back to the screen's text size.
        self.round_bar.setStyleSheet(f"font-size: {self.floor}px; font-weight: 600;")
        self.round_bar.hide()
        column.addWidget(self.round_bar)
        self.clock = QLabel(self)
        self.clock.setObjectName("wall-clock")
        self.clock.setAccessibleName("Meeting time")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.clock.hide()
        column.addWidget(self.clock)
        self._meeting_time = meeting_time
        if meeting_time is not None:
            meeting_time.connect(self._on_meeting_time)
        self.board: Board = make_board(controller, board, self.floor, self)
        # The board, and beside it the room's join code and cards while a room is open.
        self.row = QHBoxLayout()
        self.row.setSpacing(margin)
        self.row.addWidget(self.board, 2)
        column.addLayout(self.row, 1)
        self.room: QWidget | None = None
        self.room_key = QAction("Cards or board", self)
        self.room_key.setShortcut(QKeySequence("F3"))
        self.room_key.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.room_key.triggered.connect(self.switch_to_room)
        self.addAction(self.room_key)
        self.note = QLabel(self)
        self.note.setObjectName("wall-note")
        self.note.setAccessibleName("Show view message")
        self.note.setWordWrap(True)
        self.note.hide()
        column.addWidget(self.note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(MESSAGE_MS)
        self._note_timer.timeout.connect(self.note.hide)
        self._closing = False
        self.board.message.connect(self.say)
        controller.changed.connect(self._on_controller_changed)
        controller.refused.connect(self.say)
        self.keeper = self.board.keeper()
        if self.keeper is not None:
            self.keeper.changed.connect(self._on_keeper_changed)
            self.keeper.message.connect(self.say)
        self._show_round()
        for child in [self.board, *self.board.findChildren(QWidget)]:
            child.installEventFilter(self)
        self.board.refresh()

    # ----------------------------------------------------------------- showing
    def show_on(self, screen: QScreen | None) -> None:
        """Cover ``screen`` (the one the main window is on) and put the keyboard on the board."""
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.board.refit()
        self.board.focus_target().setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def say(self, sentence: str) -> None:
        font = self.note.font()
        font.setPixelSize(self.floor)
        self.note.setFont(font)
        self.note.setText(sentence)
        self.note.show()
        self._note_timer.start()

    # ----------------------------------------------------------------- the room
    def attach_room(self, panel: QWidget) -> None:
        """Show an open room beside the board (see :mod:`sipdesk.ui.room.panel`)."""
        self.detach_room()
        panel.setParent(self)
        self.row.addWidget(panel, 1)
        self.room = panel
        panel.show()
        self.board.refit()

    def detach_room(self) -> None:
        panel, self.room = self.room, None
        if panel is not None:
            self.row.removeWidget(panel)
            panel.hide()
            panel.deleteLater()
            self.board.refit()

    def switch_to_room(self) -> None:
        """F3: the keyboard goes to the room's cards, or back to the board."""
        room = self.room
        if room is None:
            return
        focus_of = getattr(room, "focus_target", None)
        target: QWidget = focus_of() if focus_of is not None else room
        focus = QApplication.focusWidget()
        if focus is not None and (focus is room or room.isAncestorOf(focus)):
            target = self.board.focus_target()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----------------------------------------------------------------- leaving
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Esc leaves Show view from anywhere on the board, except while a label is being
        # edited: there it cancels the edit, as everywhere in SIP Desk; and during a voting
        # round, where it ends the round first (the next Esc leaves).
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not self._editing()
        ):
            if self.keeper is not None and self.keeper.round is not None:
                self.keeper.end()
            else:
                self.close()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _editing(self) -> bool:
        canvas = getattr(self.board, "canvas", None)
        if canvas is not None and canvas.editing:
            return True
        return any(panel.list.editing() for panel in getattr(self.board, "panels", ()))

    def closeEvent(self, event: object) -> None:
        if not self._closing:
            self._closing = True
            self.controller.changed.disconnect(self._on_controller_changed)
            self.controller.refused.disconnect(self.say)
            if self.keeper is not None:
                self.keeper.changed.disconnect(self._on_keeper_changed)
                self.keeper.message.disconnect(self.say)
            if self._meeting_time is not None:
                self._meeting_time.disconnect(self._on_meeting_time)
            self.closed.emit(self.board.selection())
        super().closeEvent(event)  # type: ignore[arg-type]

    # ----------------------------------------------------------------- slots
    def _on_meeting_time(self, text: str, over: bool) -> None:
        font = self.clock.font()
        font.setPixelSize(self.floor)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setText(f"{text.replace('· +', '· ')} over" if over else f"{text} left")
        self.clock.show()

    def _on_controller_changed(self, _notice: PlanNotice) -> None:
        self.board.refresh()
        self._show_round()

    def _on_keeper_changed(self) -> None:
        self.board.refresh()
        self._show_round()

    def _show_round(self) -> None:
        keeper = self.keeper
        text = keeper.status() if keeper is not None else ""
        if text and "Esc" not in text:
            text += " · Esc ends the round"
        self.round_bar.setText(text)
        self.round_bar.setVisible(bool(text))


__all__ = ["WallWindow"]
