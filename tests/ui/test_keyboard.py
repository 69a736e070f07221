"""Keyboard and screen readers: every control of steps 0–2 has a name and is reached with Tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sipdesk.ui.main_window import MainWindow
from tests.ui.conftest import open_plan

CONTROL_TYPES = (
    QLineEdit,
    QTextEdit,
    QAbstractButton,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
)


def controls(page: QWidget) -> list[QWidget]:
    """The page's visible, enabled controls (a date field counts once, not its inner box)."""
    found = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, CONTROL_TYPES) or not widget.isVisibleTo(page):
            continue
        if not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue
        if inside_a_view(widget):  # a table's headers and corner button are part of it
            continue
        found.append(widget)
    return found


def inside_a_view(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def control_of(widget: QWidget | None, wanted: set[QWidget]) -> QWidget | None:
    while widget is not None and widget not in wanted:
        widget = widget.parentWidget()
    return widget


@pytest.mark.parametrize("step", [0, 1, 2])
def test_every_control_has_a_name_and_is_reached_with_tab(
    qtbot: QtBot, window: MainWindow, sample_file: Path, step: int
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(step)
    page = window.current_page()
    assert page is not None
    wanted = controls(page)
    assert len(wanted) > 10
    unnamed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        for w in wanted
        if not w.accessibleName().strip()
    ]
    assert unnamed == []
    # When Tab is pressed from the first control until focus comes back round
    first = wanted[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    pending = set(wanted)
    for _ in range(len(wanted) * 3 + 40):
        current = control_of(QApplication.focusWidget(), pending | set(wanted))
        pending.discard(current)  # type: ignore[arg-type]
        if not pending:
            break
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    # Then every control was reached
    missed = [f"{type(w).__name__} {w.accessibleName()!r}" for w in pending]
    assert missed == []


def test_the_window_frame_is_keyboard_friendly(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    assert window.workspace is not None
    for widget in (
        window.workspace.navigator,
        window.workspace.health.findings,
        window.workspace.coaching.disclosure.button,
        window.save_label,
    ):
        assert widget.accessibleName()
    # the standard shortcuts are on the menus
    shortcuts = {
        a.objectName(): [s.toString() for s in a.shortcuts()]
        for a in window.findChildren(type(window.undo_action))
    }
    assert "Ctrl+Z" in shortcuts["undo"]
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= set(shortcuts["redo"])
    assert "Ctrl+N" in shortcuts["new"] and "Ctrl+O" in shortcuts["open"]
    assert "F5" in shortcuts["presentation"] and "Ctrl+0" in shortcuts["zoom_reset"]
