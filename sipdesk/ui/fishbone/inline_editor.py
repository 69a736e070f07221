"""The in-place text field the fishbone canvas types labels in, and its indent keys.

Enter, Escape, Tab and Alt+arrows in the field are the canvas's: the field says which was
pressed (its signals) and the canvas decides what happens (see :mod:`.editing`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit

INDENT_KEYS = "Alt+Right"
OUTDENT_KEYS = "Alt+Left"


def indent_direction(event: QKeyEvent) -> bool | None:
    """True for the indent key (Alt+Right), False for outdent (Alt+Left), else None."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if mods != Qt.KeyboardModifier.AltModifier:
        return None
    return {Qt.Key.Key_Right: True, Qt.Key.Key_Left: False}.get(Qt.Key(event.key()))


class InlineEditor(QLineEdit):
    """The in-place text field over a label. Enter, Escape, Tab and Alt+arrows are the
    canvas's."""

    committed = Signal(bool)  # True: go on to the next item (Enter)
    cancelled = Signal()
    indented = Signal(bool)  # True: Alt+Right (a level down), False: Alt+Left (up)
    tabbed = Signal(bool)  # True: Tab, False: Shift+Tab (keep the text, leave the diagram)
    left = Signal()  # focus went elsewhere in the window

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            back = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.tabbed.emit(not back)
            return True
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and indent_direction(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        direction = indent_direction(event)
        if direction is not None:
            self.indented.emit(direction)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.committed.emit(True)
            return
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Switching to another application or opening a menu keeps the edit going.
        if event.reason() not in (
            Qt.FocusReason.ActiveWindowFocusReason,
            Qt.FocusReason.PopupFocusReason,
        ):
            self.left.emit()


__all__ = ["INDENT_KEYS", "OUTDENT_KEYS", "InlineEditor", "indent_direction"]
