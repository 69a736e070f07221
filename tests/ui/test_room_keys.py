"""In the room: the keyboard never destroys or loses work (issue 10, item 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.school_page import SchoolPage
from tests.ui.conftest import show_page, stored


def test_tab_leaves_an_empty_date_and_the_next_typing_lands_in_the_next_field(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given step 0 of a new plan, its dates "Not set"
    page = SchoolPage(empty_controller)
    show_page(qtbot, page)
    plan_date = page.fields["plan_date"]
    plan_date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(plan_date.hasFocus)
    qtbot.keyClick(plan_date, Qt.Key.Key_Delete)
    assert plan_date.text() == "Not set" and page.fields["update_date"].text() == "Not set"
    # When the coach tabs from there through the other empty date and types on
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Targeted")
    # Then the typing went into ESSA status, and the dates stayed empty
    assert page.fields["essa_status"].hasFocus()
    saved = stored(empty_controller)["profile"]
    assert saved["essa_status"] == "Targeted"
    assert saved["plan_date"] is None and saved["update_date"] is None
    # And Shift+Tab goes back through the empty dates to the school name
    for _ in range(3):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
        )
    assert page.fields["school_name"].hasFocus()
