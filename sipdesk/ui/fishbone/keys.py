"""The fishbone canvas's keys: the facilitator types while the team talks.

The fourth layer of :class:`~sipdesk.ui.fishbone.canvas.FishboneCanvas`, whose module lists
every key. The arrow keys, Home and Esc follow the diagram's structure
(:mod:`sipdesk.diagrams.navigation`); during a voting round the diagram is locked and its
keys place and take back dots instead. Tab and Shift+Tab only ever move the focus on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from sipdesk.diagrams.navigation import Move, outline_of, step
from sipdesk.services.voting_round import KEY_LABELS, cause_keys
from sipdesk.ui.fishbone.dragging import DraggingCanvas
from sipdesk.ui.fishbone.inline_editor import indent_direction
from sipdesk.ui.fishbone.view import LOCKED, UNDO_WAITS

_MOVES: dict[Qt.Key, Move] = {
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_Escape: "out",
}


class KeyboardCanvas(DraggingCanvas):
    """The canvas's keys, and the keys it takes from window shortcuts (the fourth layer)."""

    def navigate(self, key: int) -> None:
        """Arrow keys, Home and Esc: along the diagram's structure (see
        :mod:`sipdesk.diagrams.navigation`), the same with voting on or off."""
        if self._layout is None or self._fishbone is None:
            return
        move = _MOVES.get(Qt.Key(key))
        if move is None:
            return
        here = self._selection
        if move == "out" and here is not None and here[0] == "problem":
            self.select(None)  # nothing above the head: the next Esc is the window's
            return
        there = step(outline_of(self._fishbone), here, move)
        if there != here or self._box(there) is not None:
            self.select(there)

    _HANDLED_KEYS = frozenset(
        {
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_F2,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Home,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Plus,
            Qt.Key.Key_Minus,
            Qt.Key.Key_Equal,
        }
    )

    _CTRL_KEYS = frozenset(
        {Qt.Key.Key_R, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}
    )

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Keys the diagram uses beat window shortcuts while it has the focus.
            # Window shortcuts with Ctrl or Alt (zoom, undo, save…) keep working, except the
            # few Ctrl keys the diagram itself uses.
            mods = event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
            )
            key = event.key()
            # Ctrl+Shift+R is the window's (the meeting room), not the diagram's Ctrl+R.
            shifted_r = key == Qt.Key.Key_R and bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            ours = (
                (key in self._HANDLED_KEYS and mods == Qt.KeyboardModifier.NoModifier)
                or (
                    mods == Qt.KeyboardModifier.ControlModifier
                    and key in self._CTRL_KEYS
                    and not shifted_r
                )
                or indent_direction(event) is not None
            )
            if key == Qt.Key.Key_Escape and self._selection is None and not self._dragging:
                ours = False  # nothing to let go of: Escape is the window's (presentation)
            if self.in_round():
                ours = ours or self._round_claims(event)
            if ours and not self._editing:
                event.accept()
                return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            # Tab and Shift+Tab only ever move the focus on (Ctrl+Tab is the page's: it
            # switches the step's tabs).
            no_ctrl = not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and no_ctrl:
                back = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                self.focusNextPrevChild(not back)
                return True
        return super().event(event)

    def _round_claims(self, event: QKeyEvent) -> bool:
        """The keys a round takes from window shortcuts: every plain key but Tab and the
        function keys (F4 and F7 are the page's round keys, F5/F6 the window's), and the
        undo keys, which a round leaves to Backspace."""
        key = event.key()
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if mods == Qt.KeyboardModifier.NoModifier:
            return not Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35 and key not in (
                Qt.Key.Key_Tab,
                Qt.Key.Key_Backtab,
            )
        return (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or (mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Y, Qt.Key.Key_Z))
        )

    def _round_key(self, event: QKeyEvent) -> None:
        """A key while the round is open (see the module docstring)."""
        keeper = self._keeper
        assert keeper is not None
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        text = event.text().lower()
        selected = self._selection[1] if self._selection and self._selection[0] == "cause" else None
        if plain and len(text) == 1 and text in KEY_LABELS:
            cause = next((c for c, k in cause_keys(self._fishbone).items() if k == text), None)
            if cause is None:
                self.message.emit(f"No cause on this diagram has the key “{text}”.")
                return
            self.select(("cause", cause))
            keeper.place(cause)
        elif plain and key in (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            if selected is None:
                self.message.emit("Select a cause with the arrow keys, then press Space.")
                return
            keeper.place(selected)
        elif plain and key == Qt.Key.Key_Minus:
            if selected is None:
                self.message.emit("Select a cause to take a dot back from it.")
                return
            keeper.take_back(selected)
        elif plain and key == Qt.Key.Key_Backspace:
            cause = keeper.take_back()
            if cause is not None:
                self.select(("cause", cause))
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if shift:
                keeper.previous_voter()
            else:
                keeper.next_voter()
        elif plain and key in (Qt.Key.Key_Escape, Qt.Key.Key_F7):
            keeper.end()
        elif plain and key == Qt.Key.Key_F4:
            keeper.reveal()
        elif plain and key in _MOVES and key != Qt.Key.Key_Escape:
            self.navigate(key)
        elif not plain and key in (Qt.Key.Key_Z, Qt.Key.Key_Y):
            self.message.emit(UNDO_WAITS)
        elif key in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Insert,
            Qt.Key.Key_F2,
            Qt.Key.Key_Menu,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_R,
        ):
            self.message.emit(LOCKED)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._auto_fit = False
        if self.in_round():
            self._round_key(event)
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        direction = indent_direction(event)
        if self._dragging and key == Qt.Key.Key_Escape:
            self._end_drag(drop=False)
        elif direction is not None:
            if self._selection is not None and self._selection[0] == "cause":
                self._indent(self._selection[1], direction)
            else:
                self.message.emit(
                    "Select a cause to make it a sub-cause (Alt+→) or take it out a level (Alt+←)."
                )
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_here(shift=shift)
        elif key == Qt.Key.Key_F2:
            self.start_rename()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif key in arrows:
            if ctrl:
                self.move_selected(key)
            else:
                self.navigate(key)
        elif key == Qt.Key.Key_R and ctrl:
            self.toggle_root()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and not ctrl:
            self._vote_key(1)
        elif key == Qt.Key.Key_Minus and not ctrl:
            self._vote_key(-1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_Escape) and not ctrl:
            self.navigate(key)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            self._menu_at_selection()
        elif key == Qt.Key.Key_F7 and self._keeper is not None and not ctrl:
            # Show view has no page around it: the round's keys are the diagram's there.
            self._keeper.start(self.fishbone_id)
        elif key == Qt.Key.Key_F4 and self._keeper is not None and not ctrl:
            self._keeper.reveal()
        else:
            super().keyPressEvent(event)

    def _vote_key(self, delta: int) -> None:
        if not self._vote_mode:
            self.message.emit("Turn on voting to place dots with + and −.")
            return
        self.vote(delta)


__all__ = ["KeyboardCanvas"]
