"""The desk window's File ▸ *Our self-reflection…* (Ctrl+T): the district's self-reflection,
Tool C (issue 14, item 2). The window itself (:mod:`reflection_window`) is imported when first
asked for, so the desk opens as quickly as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from sipdesk.ui.district.desk_window import DeskWindow

KEY = "Ctrl+T"


def add_reflection_action(window: DeskWindow, menu: QMenu) -> QAction:
    def show() -> None:
        from sipdesk.ui.district.reflection_window import show_reflection

        if window.desk is not None:
            show_reflection(window)

    action = window._action("Our &self-reflection…", show, [KEY])
    menu.addAction(action)
    window.desk_opened.connect(lambda *_: action.setEnabled(window.desk is not None))
    action.setEnabled(window.desk is not None)
    return action


__all__ = ["KEY", "add_reflection_action"]
