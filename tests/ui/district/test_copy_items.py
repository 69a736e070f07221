"""The way back from the focus to an item's name (:mod:`sipdesk.ui.district.copy_items`) is the
exact reverse of each step page's ``focus_item``: on the sample plan, read-only, every item a
comment can go on in steps 1 and 4–7 is focused by its page and named again from the focus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.services.review import commentable_items
from sipdesk.ui.district.copy_items import item_at
from sipdesk.ui.main_window import MainWindow
from tests.ui.conftest import open_plan


def test_every_commentable_item_is_named_again_from_where_its_page_puts_the_focus(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller = open_plan(qtbot, window, sample_file, readonly=True)
    plan = controller.plan()
    tried: dict[int, int] = {}
    for step in (1, 4, 5, 6, 7):
        window.show_step(step)
        page = window.current_page()
        for ref, _name in commentable_items(plan, step):
            if not ref or not page.focus_item(ref):  # type: ignore[union-attr]
                continue  # not shown on this step's page (an action on step 6, say)
            QApplication.processEvents()
            focus = QApplication.focusWidget()
            assert item_at(page, focus) == ref, (step, ref)
            tried[step] = tried.get(step, 0) + 1
    assert set(tried) == {1, 4, 5, 6, 7}
    assert sum(tried.values()) >= 20


def test_with_the_focus_on_no_item_the_nearest_is_named(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller = open_plan(qtbot, window, sample_file, readonly=True)
    goals = controller.plan()["goals"]
    window.show_step(1)
    page = window.current_page()
    assert page is not None
    page.focus_item("profile:vision")
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    assert item_at(page, focus) is None
    assert item_at(page, focus, loose=True) == f"goal:{goals[0]['id']}"
    window.show_step(2)  # a step whose page has no items of its own
    assert item_at(window.current_page(), QApplication.focusWidget(), loose=True) is None
