"""Step 7 — Adjust course: one click from a behind-schedule action to a dated log entry, the
log edited by keyboard, undo and redo; every check reads the plan file back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from sipdesk.services import operations
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.adjust_page import (
    COL_ACTION,
    COL_COMMUNICATED,
    COL_DATE,
    COL_DECIDED,
    COL_WHAT,
    COL_WHY,
    AdjustPage,
)
from tests.plans import days_since, sample_plan


def reopen(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[PlanController]:
    c = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    yield c
    c.close()


def show(qtbot: QtBot, controller: PlanController) -> AdjustPage:
    page = AdjustPage(controller)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def edit_cell(qtbot: QtBot, view: Any, index: QModelIndex, text: str) -> None:
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "F2 did not open an editor"
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_start_an_adjustment_from_a_behind_action_in_one_click(
    qtbot: QtBot, sample: PlanController
) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    # Given the sample plan, where action 2.2.2.1 is behind in November
    page = show(qtbot, sample)
    assert list(page._behind_rows) == ["action:28"]
    before = len(sample.plan()["adjustments"])
    button = page._behind_rows["action:28"].findChild(QPushButton)
    assert button is not None
    assert button.accessibleName() == "Start an adjustment for action 2.2.2.1"
    # When the coach clicks "Start an adjustment" and finishes the sentence
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = page.log.view
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text().startswith("Action 2.2.2.1 “Hold a math-talk learning walk")
    assert editor.cursorPosition() == len(editor.text())  # ready to keep typing
    qtbot.keyClicks(editor, "moved to December 2")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # on to "Why"
    qtbot.keyClicks(QApplication.focusWidget(), "parent conferences")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Leadership team")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    # Then the log holds a dated entry linked to the action
    sample.flush()
    log = reopen(sample.document.path)["adjustments"]
    assert len(log) == before + 1
    entry = log[-1]
    assert entry["action_id"] == 28
    assert entry["made_on"] in days_since(began)
    assert entry["what_changed"].endswith("is behind schedule: moved to December 2")
    assert (entry["why"], entry["decided_by"]) == ("parent conferences", "Leadership team")
    row = page.model.row_of(entry["id"])
    assert row is not None
    assert page.model.index(row, COL_ACTION).data() == "2.2.2.1"
    # And the behind list now says an adjustment is logged
    assert "an adjustment is already logged" in " ".join(
        w.text() for w in page._behind_rows["action:28"].findChildren(type(page.nothing_behind))
    )
    # And undo takes the edits back one by one, the entry last
    stack = sample.undo_stack
    for _ in range(4):
        stack.undo()
    assert page.model.rowCount() == before
    stack.redo()
    assert page.model.rowCount() == before + 1


def test_log_by_keyboard_with_typed_dates(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    view = page.log.view
    view.setFocus()
    view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Insert)  # a new, dated entry below the current one
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    new_id = page.log.current_id()
    assert new_id is not None
    row = page.model.row_of(new_id)
    assert row == 1
    edit_cell(qtbot, view, page.model.index(row, COL_DATE), "1/12/2027")
    edit_cell(qtbot, view, page.model.index(row, COL_WHAT), "Second coach shares K-1")
    edit_cell(qtbot, view, page.model.index(row, COL_WHY), "Coaching cycles behind")
    # The action column offers the plan's actions by number
    index = page.model.index(row, COL_ACTION)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = QApplication.focusWidget()
    while combo is not None and not hasattr(combo, "findText"):
        combo = combo.parentWidget()
    assert combo is not None
    combo.setCurrentIndex(combo.findText("1.1.2.2"))  # type: ignore[attr-defined]
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    # A date that is not a date is refused with a sentence
    with qtbot.waitSignal(sample.refused) as refused:
        edit_cell(qtbot, view, page.model.index(row, COL_DATE), "next week")
    assert "not a date" in refused.args[0]
    sample.flush()
    entry = next(a for a in reopen(sample.document.path)["adjustments"] if a["id"] == new_id)
    assert entry == entry | {
        "made_on": "2027-01-12",
        "what_changed": "Second coach shares K-1",
        "why": "Coaching cycles behind",
        "action_id": 6,
    }
    assert page.model.index(row, COL_DATE).data() == "Jan 12,\n2027"
    # Alt+Up moves it to the top of the log
    view.setCurrentIndex(page.model.index(row, COL_WHAT))
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    sample.flush()
    assert reopen(sample.document.path)["adjustments"][0]["id"] == new_id


def test_nothing_behind_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    doc = PlanDocument.create(tmp_path / "new.sipdesk", lambda s: operations.seed_new_plan(s, "X"))
    c = PlanController(doc)
    try:
        page = show(qtbot, c)
        assert page.nothing_behind.isVisible()
        assert page._behind_rows == {}
        assert not page.focus_item("action:1")
    finally:
        c.close()


def test_model_and_names(qtbot: QtBot, qtmodeltester: Any, sample: PlanController) -> None:
    page = show(qtbot, sample)
    qtmodeltester.check(page.model, force_py=True)
    assert page.focus_item("adjustment:2")
    assert page.log.current_id() == 2
    for widget in (page.log.view, page.log.add_button, page.log.remove_button):
        assert widget.accessibleName()


def test_communicated_to_is_typed_in_the_log_and_stored(
    qtbot: QtBot, sample: PlanController
) -> None:
    # Given the log as wide as step 7 is in a 1366×768 window (with the side panel)
    page = show(qtbot, sample)
    page.resize(790, 700)
    view = page.log.view
    qtbot.waitUntil(lambda: view.width() < 760)
    # Every column is in view once the columns are fitted: "Decided by" and "Communicated
    # to" are not off to the right
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0)
    cell = page.model.index(0, COL_COMMUNICATED)
    rect = view.visualRect(cell)
    assert view.viewport().rect().contains(rect.center())
    assert view.visualRect(page.model.index(0, COL_DECIDED)).right() <= view.viewport().width()
    # When the coach double-clicks the first entry's "Communicated to" cell and types
    page.body.ensureWidgetVisible(view)
    # (QTest's double-click needs the press that comes before it in real life)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.accessibleName() == "Communicated to"
    editor.selectAll()
    qtbot.keyClicks(editor, "Families by letter home; PTA board")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    # Then the plan file holds it, as one undo step
    sample.flush()
    first_id = page.model.row_id(0)
    entry = next(a for a in reopen(sample.document.path)["adjustments"] if a["id"] == first_id)
    assert entry["communicated_to"] == "Families by letter home; PTA board"
    assert cell.data() == "Families by letter home; PTA board"
    assert sample.undo_stack.undoText() == "Edit communicated to"
    sample.undo_stack.undo()
    sample.flush()
    entry = next(a for a in reopen(sample.document.path)["adjustments"] if a["id"] == first_id)
    assert entry["communicated_to"] != "Families by letter home; PTA board"


def test_what_changed_and_why_get_the_room(qtbot: QtBot, sample: PlanController) -> None:
    # Given the log as wide as step 7 is in a 1366×768 window (with the side panel)
    page = show(qtbot, sample)
    page.resize(790, 700)
    view = page.log.view
    header = view.horizontalHeader()
    count = page.model.columnCount()

    def fitted() -> bool:
        return (
            view.width() < 760
            and [header.sectionSize(c) for c in range(count)] == view.column_widths()
        )

    qtbot.waitUntil(fitted)
    widths = {col: header.sectionSize(col) for col in range(count)}
    # Then what changed and why are the two widest columns, each wider than the date and
    # the action together: the story reads in lines, not a word or two a line
    assert sorted(widths, key=widths.__getitem__)[-2:] in ([COL_WHY, COL_WHAT], [COL_WHAT, COL_WHY])
    assert widths[COL_WHAT] > widths[COL_DATE] + widths[COL_ACTION]
    assert widths[COL_WHY] > widths[COL_DATE] + widths[COL_ACTION]
    # The date keeps its day and month together, the year under them
    metrics = view.fontMetrics()
    date = page.model.index(0, COL_DATE)
    assert date.data() == "Sep 25,\n2026"
    assert widths[COL_DATE] > metrics.horizontalAdvance("Sep 25,")
    # A short title, the full one in the tooltip (and the editor's name, the undo step's)
    assert page.model.headerData(COL_COMMUNICATED, Qt.Orientation.Horizontal) == "Who was told"
    tip = page.model.headerData(
        COL_COMMUNICATED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert tip == "Communicated to"
    # Typing a date over the two lines: one line to type on, stored as typed
    view.setFocus()
    view.setCurrentIndex(date)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Sep 25, 2026"
    editor.selectAll()
    qtbot.keyClicks(editor, "9/26/2026")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    sample.flush()
    first_id = page.model.row_id(0)
    entry = next(a for a in reopen(sample.document.path)["adjustments"] if a["id"] == first_id)
    assert entry["made_on"] == "2026-09-26"


def test_late_action_cards_show_as_they_are_built_not_by_calls_queued_for_later(
    qtbot: QtBot, sample: PlanController
) -> None:
    # Given step 7 on screen with the sample plan's late actions
    page = show(qtbot, sample)
    # When its cards are built again while it shows (as after an edit) and all slices run
    page.refresh()
    page.batches.flush()
    frames = list(page._behind_rows.values())
    assert frames
    # Then every card already shows: none waits for a show queued behind other work (two
    # hundred of those held up the next step for seconds at the plan's limits)
    assert [f for f in frames if f.isHidden()] == []
