"""Step 4 driven from the keyboard: four priorities at most, each linked to what it answers;
every check ends on what the plan file holds after it is closed and opened again."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sipdesk.models import Action, Milestone, Strategy, SwotItem
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.priorities_page import LINK_ROLE, PrioritiesPage
from sipdesk.ui.pages.root_causes_page import RootCausesPage
from sipdesk.ui.theme import Theme
from tests.plans import new_plan, sample_plan
from tests.ui.conftest import (
    WINDOW_1366,
    ScriptedDialogs,
    open_plan,
    sample_page_in_room,
    type_in_new_cell,
)

Key = Qt.Key
Plan = dict[str, Any]


class FakeDialogs:
    def __init__(self, answer: int | None) -> None:
        self.answer = answer
        self.questions: list[str] = []

    def choose(self, title: str, text: str, *args: Any, **kwargs: Any) -> int | None:
        self.questions.append(text)
        return self.answer


@pytest.fixture
def controller(tmp_path: Path) -> Iterator[PlanController]:
    """A plan with a root cause on a fishbone, a 5 Whys chain and two weaknesses."""
    path = tmp_path / "Oak Hill.sipdesk"
    doc = new_plan(path)
    with doc.transaction() as s:
        fid = rc.new_fishbone(s, "Reading is low", None).created_id("fishbones")
        assert fid is not None
        cat = rc.add_category(s, fid, "Instruction").created_id("fishbone_categories")
        assert cat is not None
        root = rc.add_cause(s, cat, "No phonics routine").created_id("causes")
        assert root is not None
        rc.set_root(s, root, True)
        rc.add_cause(s, cat, "Old books")
        chain = rc.new_why_chain(s, "Homework late").created_id("why_chains")
        assert chain is not None
        rc.add_why_step(s, chain, "No quiet place to work")
        for text in ("Reading below grade level", "Math problem solving weak"):
            edits.insert_row(s, SwotItem, "Add", {"kind": "weakness", "text": text})
    doc.close()
    c = PlanController(PlanDocument.open(path))
    yield c
    c.close()


@pytest.fixture
def page(qtbot: QtBot, controller: PlanController) -> PrioritiesPage:
    p = PrioritiesPage(controller)
    qtbot.addWidget(p)
    p.resize(1200, 850)
    p.show()
    qtbot.waitExposed(p)
    return p


def reopened(controller: PlanController) -> Plan:
    path = controller.document.path
    controller.close()
    doc = PlanDocument.open(path, readonly=True)
    try:
        with doc.session() as session:
            return read_plan(session)
    finally:
        doc.close()


def titles(controller: PlanController) -> list[str]:
    return [p["title"] for p in controller.plan()["priorities"]]


def test_four_priorities_then_a_clear_refusal_links_and_reorder(
    qtbot: QtBot, page: PrioritiesPage, controller: PlanController
) -> None:
    # Given an empty list, when four priorities are added and named from the keyboard
    assert "0 of 4" in page.count.text()
    for title in ("Reading", "Math", "Attendance", "Families"):
        qtbot.keyClick(page.add_button, Key.Key_Space)
        assert page.title.hasFocus()
        qtbot.keyClicks(page.title, title)
    assert titles(controller) == ["Reading", "Math", "Attendance", "Families"]
    assert "4 of 4" in page.count.text()
    # When a fifth is asked for, then the plan refuses it with a sentence on the page
    qtbot.keyClick(page.add_button, Key.Key_Space)
    assert page.banner.isVisible()
    assert "at most 4 priority areas" in page.banner.text.text()
    assert "remove one" in page.banner.text.text()
    assert len(controller.plan()["priorities"]) == 4

    # When Reading is chosen, described, and its root causes and a weakness ticked with Space
    reading = controller.plan()["priorities"][0]["id"]
    assert page.focus_item(f"priority:{reading}")
    qtbot.keyClick(page.title, Key.Key_Tab)
    assert page.description.hasFocus()
    qtbot.keyClicks(page.description, "Every K-3 child reads at grade level")
    causes = page.causes
    assert [causes.item(i).data(LINK_ROLE)[0] for i in range(causes.count())] == [
        "cause_id",
        "chain_id",
    ]
    assert causes.item(0).text().startswith("★ No phonics routine")
    causes.setFocus()
    for row in (0, 1):
        causes.setCurrentRow(row)
        qtbot.keyClick(causes, Key.Key_Space)
    page.weaknesses.setFocus()
    page.weaknesses.setCurrentRow(0)
    qtbot.keyClick(page.weaknesses, Key.Key_Space)
    links = controller.plan()["priorities"][0]["links"]
    assert len(links) == 3
    # And unticking one removes that link only
    causes.setFocus()
    causes.setCurrentRow(1)
    qtbot.keyClick(causes, Key.Key_Space)
    assert len(controller.plan()["priorities"][0]["links"]) == 2
    assert causes.item(0).checkState() == Qt.CheckState.Checked
    assert causes.item(1).checkState() == Qt.CheckState.Unchecked

    # "Show every cause" offers causes that are not marked as roots
    page.every_cause.click()
    assert any("Old books" in causes.item(i).text() for i in range(causes.count()))

    # When Math is moved up with Alt+Up, then down twice with the button
    math = controller.plan()["priorities"][1]["id"]
    page.focus_item(f"priority:{math}")
    page.priorities.setFocus()
    qtbot.keyClick(page.priorities, Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert titles(controller) == ["Math", "Reading", "Attendance", "Families"]
    assert page.current_priority_id() == math
    assert not page.up_button.isEnabled()
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert titles(controller) == ["Reading", "Attendance", "Math", "Families"]
    controller.undo_stack.undo()
    assert titles(controller) == ["Reading", "Math", "Attendance", "Families"]

    # When Families is removed (it has no strategies: no question asked), then a fifth fits
    families = controller.plan()["priorities"][3]["id"]
    page.focus_item(f"priority:{families}")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert titles(controller) == ["Reading", "Math", "Attendance"]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.title, "Staff learning")

    plan = reopened(controller)
    assert [p["title"] for p in plan["priorities"]] == [
        "Reading",
        "Math",
        "Attendance",
        "Staff learning",
    ]
    first = plan["priorities"][0]
    assert first["description"] == "Every K-3 child reads at grade level"
    root = next(
        c["id"]
        for c in plan["fishbones"][0]["categories"][0]["causes"]
        if c["text"] == "No phonics routine"
    )
    weakness = plan["swot"][0]["id"]
    assert {(k, v) for link in first["links"] for k, v in link.items() if k != "id" and v} == {
        ("cause_id", root),
        ("weakness_id", weakness),
    }


def test_removing_a_priority_with_strategies_asks_first(
    qtbot: QtBot, page: PrioritiesPage, controller: PlanController
) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.title, "Reading")
    prio = controller.plan()["priorities"][0]["id"]

    def build(s: Any) -> edits.Change:
        strategy = edits.insert_row(s, Strategy, "Add", {"priority_id": prio})
        sid = strategy.created_id("strategies")
        milestone = edits.insert_row(s, Milestone, "Add", {"strategy_id": sid})
        mid = milestone.created_id("milestones")
        action = edits.insert_row(s, Action, "Add", {"milestone_id": mid, "text": "Train"})
        return strategy.then(milestone).then(action)

    controller.run(build)
    # When Remove is pressed and the person keeps it, nothing changes
    keep = FakeDialogs(None)
    page.dialogs = keep  # type: ignore[assignment]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "1 strategy with their milestones and actions" in keep.questions[0]
    assert titles(controller) == ["Reading"]
    # When they confirm, it goes with its strategy, and one undo brings all of it back
    page.dialogs = FakeDialogs(0)  # type: ignore[assignment]
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert titles(controller) == []
    assert not page.detail.isVisible() and page.empty.isVisible()
    controller.undo_stack.undo()
    plan = reopened(controller)
    assert plan["priorities"][0]["strategies"][0]["milestones"][0]["actions"][0]["text"] == "Train"


def test_drag_in_the_list_reorders_and_focus_item(
    qtbot: QtBot, page: PrioritiesPage, controller: PlanController
) -> None:
    for title in ("A", "B", "C"):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(page.title, title)
    # A drop in the list moves the row in the model; the page stores that order
    model = page.priorities.model()
    assert model.moveRows(model.index(0, 0).parent(), 2, 1, model.index(0, 0).parent(), 0)
    assert titles(controller) == ["C", "A", "B"]
    assert controller.undo_stack.undoText() == "Move priority"
    assert page.priorities.item(0).text().startswith("1. C")
    assert not page.focus_item("priority:999")
    assert not page.focus_item("goal:1")
    assert page.focus_item("priorities")


def test_every_control_has_an_accessible_name(qtbot: QtBot, page: PrioritiesPage) -> None:
    from tests.ui.test_root_causes_page import unnamed_controls

    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(page) == []


@pytest.mark.parametrize(("zoom", "width", "height"), WINDOW_1366)
def test_the_page_fits_a_1366_by_768_window(
    qtbot: QtBot, theme: Theme, tmp_path: Path, zoom: float, width: int, height: int
) -> None:
    with sample_page_in_room(qtbot, theme, tmp_path, PrioritiesPage, zoom, width, height) as page:
        # Given the sample plan's step 4 in the room a 1366 × 768 window leaves
        # Then it needs no scrolling as a whole, and its buttons are on screen
        assert page.minimumSizeHint().width() <= width
        assert page.minimumSizeHint().height() <= height
        for button in (page.add_button, page.up_button, page.down_button, page.remove_button):
            shown = QRect(button.mapTo(page, QPoint(0, 0)), button.size())
            assert page.rect().contains(shown), button.accessibleName()
        # And the details column only scrolls up and down: nothing is cut off at its right
        body = page.detail_scroll.widget()
        assert body.minimumSizeHint().width() <= page.detail_scroll.viewport().width()
        assert page.every_cause.geometry().right() <= body.width()


def shows_every_item(lst: QListWidget) -> bool:
    """The list is as tall as its items: all of them in view, no scrolling inside it."""
    rows = [lst.visualItemRect(lst.item(i)) for i in range(lst.count())]
    return (
        lst.verticalScrollBar().maximum() == 0
        and lst.viewport().height() >= sum(r.height() for r in rows)
        and all(lst.viewport().rect().contains(r) for r in rows)
    )


@pytest.mark.parametrize(("zoom", "width", "height"), WINDOW_1366)
def test_link_lists_and_the_description_show_whole_at_any_width_and_zoom(
    qtbot: QtBot, theme: Theme, tmp_path: Path, zoom: float, width: int, height: int
) -> None:
    with sample_page_in_room(qtbot, theme, tmp_path, PrioritiesPage, zoom, width, height) as page:
        # Given the sample plan's first priority in the room a 1366 × 768 window leaves
        lists = (page.causes, page.weaknesses)
        assert page.causes.count() >= 4 and page.weaknesses.count() >= 4
        # Then both link lists show every item: the details pane scrolls, not the lists
        qtbot.waitUntil(lambda: all(shows_every_item(lst) for lst in lists))
        assert page.detail_scroll.verticalScrollBar().maximum() > 0
        # And the description shows all of its text
        description = page.description
        assert description.verticalScrollBar().maximum() == 0
        assert description.document().size().height() <= description.viewport().height()

        # When the window gets wider, the items wrap onto fewer lines: the lists get shorter
        tall = page.causes.height()
        page.resize(width + 300, height)
        qtbot.waitUntil(lambda: page.causes.height() < tall)
        qtbot.waitUntil(lambda: all(shows_every_item(lst) for lst in lists))
        # When the text gets bigger (Ctrl +), they grow again
        tall = page.causes.height()
        theme.apply(zoom=zoom + 0.25)
        qtbot.waitUntil(lambda: page.causes.height() > tall)
        qtbot.waitUntil(lambda: all(shows_every_item(lst) for lst in lists))
        # When every cause is shown, the list takes them all
        count = page.causes.count()
        qtbot.mouseClick(page.every_cause, Qt.MouseButton.LeftButton)
        assert page.causes.count() > count
        qtbot.waitUntil(lambda: shows_every_item(page.causes))
        # (and the pane holds the whole of the longer list)
        body = page.detail_scroll.widget()
        qtbot.waitUntil(
            lambda: page.causes.mapTo(body, QPoint(0, page.causes.height())).y() < body.height()
        )

        # Moving through a list with the keyboard brings its items into the pane's view
        causes = page.causes
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        causes.setFocus()
        for _ in range(causes.count()):
            qtbot.keyClick(causes, Key.Key_Down)
        last = causes.item(causes.count() - 1)
        assert causes.currentItem() is last
        rect = causes.visualItemRect(last)
        seen = page.detail_scroll.viewport()
        top_left = causes.viewport().mapTo(seen, rect.topLeft())
        assert seen.rect().contains(QRect(top_left, rect.size()))


def test_a_title_too_long_for_its_field_shows_whole_as_a_tooltip(
    qtbot: QtBot, page: PrioritiesPage, controller: PlanController
) -> None:
    page.resize(760, 850)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    # A short title fits: no tooltip
    qtbot.keyClicks(page.title, "Reading")
    assert page.title.toolTip() == ""
    # A long one does not fit: its tooltip has the whole of it
    long = " & writing in kindergarten through grade 3, with coaching for every teacher"
    qtbot.keyClicks(page.title, long)
    whole = "Reading" + long
    assert titles(controller) == [whole]
    assert page.title.fontMetrics().horizontalAdvance(whole) > page.title.width()
    assert html.unescape(re.sub("<[^>]+>", "", page.title.toolTip())) == whole
    # With room enough again, the tooltip goes
    page.resize(page.title.fontMetrics().horizontalAdvance(whole) * 3, 850)
    qtbot.waitUntil(lambda: page.title.toolTip() == "")


def test_steps_3_and_4_line_up_with_the_scrolling_steps(qtbot: QtBot, tmp_path: Path) -> None:
    controller = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    try:
        pages: list[QWidget] = [
            DirectionPage(controller),
            RootCausesPage(controller),
            PrioritiesPage(controller),
        ]
        corners = []
        for page in pages:
            qtbot.addWidget(page)
            page.resize(1000, 760)
            page.show()
            qtbot.waitExposed(page)
            (title,) = [
                w
                for w in page.findChildren(QLabel)
                if w.property("role") == "page-title" and w.isVisible()
            ]
            corners.append(title.mapTo(page, QPoint(0, 0)))
        # Then every page's title starts at the same place
        assert corners[1] == corners[0] and corners[2] == corners[0]
    finally:
        controller.close()


def saved_plan(path: Path) -> Plan:
    """What the plan file holds (the plan stays open in the window)."""
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def edit_cell(qtbot: QtBot, view: QAbstractItemView, index: Any, text: str) -> None:
    """Select a cell, F2, type over it, Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and view.state() == QAbstractItemView.State.EditingState
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_a_priority_measure_is_added_in_the_window_saved_and_printed(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path, tmp_path: Path
) -> None:
    # Given the sample plan open in the window at 1366×768, on step 4 with priority 1 chosen
    controller = open_plan(qtbot, window, sample_file)
    window.resize(1366, 768)
    window.show_step(4)
    page = window.current_page()
    assert isinstance(page, PrioritiesPage)
    first = controller.plan()["priorities"][0]
    page.select_priority(first["id"])
    before = [m["id"] for m in first["measures"]]
    table = page.measures.table
    assert table.model.rowCount() == len(before)
    # When the team adds a measure of the priority as a whole and writes what it counts
    page.detail_scroll.ensureWidgetVisible(table.add_button)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, table.view, "Families at the spring reading nights")
    # Then it is one undo step, a student outcome measure of the priority, and the live
    # check asks for what it still lacks
    stack = controller.undo_stack
    assert [stack.text(stack.index() - 2), stack.undoText()] == [
        "Add priority measure",
        "Edit indicator",
    ]
    assert "Measure" in page.measures.smart.text() and "a data source" in page.measures.smart.text()
    model = table.model
    row = model.rowCount() - 1
    edit_cell(qtbot, table.view, model.index(row, model.column_of("data_source")), "Sign-in")
    for _ in range(3):
        QApplication.processEvents()  # (the table refits on the next turn of the event loop)
    page.detail_scroll.ensureWidgetVisible(table)
    assert page.grab().save(str(tmp_path / "step4-priority-measures.png"))
    # And it is saved to the plan file under the priority
    controller.flush()
    saved = saved_plan(sample_file)["priorities"][0]["measures"]
    added = [m for m in saved if m["id"] not in before]
    assert [(m["indicator"], m["data_source"], m["kind"]) for m in added] == [
        ("Families at the spring reading nights", "Sign-in", "outcome")
    ]
    # And plan health's line for it ("needs a baseline") leads back to it on step 4
    page.priorities.setFocus()
    assert page.focus_item(f"measure:{added[0]['id']}")
    assert table.current_row() == row and table.view.hasFocus()
    # And the Tool A PDF prints it with the priority's measures
    target = tmp_path / "Riverside Tool A.pdf"
    dialogs.answers.append(target)
    next(a for a in window.export_actions if a.objectName() == "export_pdf").trigger()
    qtbot.waitUntil(lambda: not window.runner.busy and target.exists(), timeout=60_000)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(target).pages).split())
    assert "Families at the spring reading nights" in text
    # And undo takes the measure away again, from the screen and the file
    controller.undo_stack.undo()  # the data source
    controller.undo_stack.undo()  # the indicator
    controller.undo_stack.undo()  # the measure
    assert table.model.rowCount() == len(before)
    controller.flush()
    assert [m["id"] for m in saved_plan(sample_file)["priorities"][0]["measures"]] == before
