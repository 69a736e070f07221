"""Pages with many cards or rows show at once and fill in afterwards, ending exactly as if
everything had been built at once: every card in the plan's order, the Tab order through
them, every table row as tall as its text.

Slices are made as short as they go (``SLICE_MS = 0``), so these tests see the filling in
whatever the machine's speed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.models import (
    Adjustment,
    Goal,
    Milestone,
    Priority,
    ReviewComment,
    Strategy,
    SwotItem,
)
from sipdesk.models.tables import GLOSSARY_TERM
from sipdesk.services import edits
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.monitoring import comments_panel
from sipdesk.ui.monitoring.comments_panel import CommentsArea, CommentsPanel
from sipdesk.ui.pages import direction_page, needs_page
from sipdesk.ui.pages.adjust_page import AdjustPage
from sipdesk.ui.pages.direction_page import GLOSSARY_COLUMNS, DirectionPage
from sipdesk.ui.pages.needs_page import KINDS, NeedsPage
from sipdesk.ui.pages.plan_page import OUTLINE_OPEN_ITEMS, REF_ROLE, PlanPage
from sipdesk.ui.pages.priorities_page import PrioritiesPage
from sipdesk.ui.tables import EAGER_ROWS, TableEditor, TableRowsModel
from sipdesk.ui.widgets import batches, common
from sipdesk.ui.widgets.common import FittedList, ScrollingBody
from sipdesk.ui.widgets.wrapping import DISPLAY_CHARS, shown_text
from tests.ui.conftest import open_plan, show_page

GOALS = 12
CARDS_PER_QUADRANT = 9
TERMS = 150


@pytest.fixture
def thin_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batches, "SLICE_MS", 0.0)


def add_rows(controller: PlanController, model: type, rows: list[dict[str, object]]) -> None:
    for values in rows:
        controller.run(lambda s, v=values: edits.insert_row(s, model, "Add", v))


def tab_path(start: QWidget, wanted: list[QWidget]) -> list[QWidget]:
    """The ``wanted`` widgets in the order Tab visits them, starting after ``start``."""
    members = set(map(id, wanted))
    path: list[QWidget] = []
    widget = start.nextInFocusChain()
    while widget is not start and len(path) < len(wanted):
        if id(widget) in members:
            path.append(widget)
        widget = widget.nextInFocusChain()
    return path


def test_many_goals_show_a_few_cards_at_once_then_all_in_order(
    qtbot: QtBot, empty_controller: PlanController, thin_slices: None
) -> None:
    # Given a plan with more goals than the page builds at once
    add_rows(empty_controller, Goal, [{"text": f"Goal text {n}"} for n in range(1, GOALS + 1)])
    # When the page is built
    page = DirectionPage(empty_controller)
    # Then it is ready with its first cards only, and the rest follow without being asked for
    assert len(page._cards) == direction_page.EAGER_CARDS < GOALS
    assert page.batches.pending()
    show_page(qtbot, page)
    qtbot.waitUntil(lambda: not page.batches.pending())
    cards = page._ordered_cards()
    assert [c.text.toPlainText() for c in cards] == [f"Goal text {n}" for n in range(1, 13)]
    assert [c.title.text() for c in cards] == [f"Goal {n}" for n in range(1, GOALS + 1)]
    assert cards[0].up_button.isEnabled() is False and cards[-1].down_button.isEnabled() is False
    # And Tab goes through the cards in their order, then to "Add a goal"
    wanted = [w for c in cards for w in c.tab_chain()] + [page.add_goal_button]
    assert tab_path(page.values.down_button, wanted) == wanted


def test_asking_for_a_goal_card_builds_the_ones_still_waiting(
    qtbot: QtBot, empty_controller: PlanController, thin_slices: None
) -> None:
    add_rows(empty_controller, Goal, [{"text": f"Goal {n}"} for n in range(1, GOALS + 1)])
    page = DirectionPage(empty_controller)
    show_page(qtbot, page)
    page.batches.run([])  # nothing more built behind the test's back
    page.refresh()
    assert page.batches.pending()
    last = empty_controller.plan()["goals"][-1]["id"]
    # A plan-health finding about the last goal puts the cursor in it at once
    assert page.focus_item(f"goal:{last}")
    assert not page.batches.pending()
    qtbot.waitUntil(page.goal_cards[last].text.hasFocus)


def test_a_big_swot_board_fills_in_each_quadrant_in_order(
    qtbot: QtBot, empty_controller: PlanController, thin_slices: None
) -> None:
    # Given a board with more cards than are built at once
    rows = [
        {"kind": kind, "text": f"{kind} {n}"}
        for n in range(1, CARDS_PER_QUADRANT + 1)
        for kind in KINDS
    ]
    add_rows(empty_controller, SwotItem, rows)
    page = NeedsPage(empty_controller)
    board = page.board
    assert len(board._cards) == needs_page.EAGER_CARDS < len(rows)
    show_page(qtbot, page)
    qtbot.waitUntil(lambda: not board.batches.pending())
    wanted: list[QWidget] = []
    for kind in KINDS:
        quadrant = board.quadrants[kind]
        cards = quadrant.cards()
        numbers = range(1, CARDS_PER_QUADRANT + 1)
        assert [c.text.toPlainText() for c in cards] == [f"{kind} {n}" for n in numbers]
        assert cards[-1].text.accessibleName().endswith(str(CARDS_PER_QUADRANT))
        for card in cards:
            # (a card's buttons come before its text: Tab from its evidence reaches the next)
            wanted += [card.menu_button, card.delete_button, card.text, card.evidence]
        wanted.append(quadrant.add_field)
    # Tab runs card by card, quadrant by quadrant, each quadrant's "add" box after its cards
    assert tab_path(wanted[0], wanted[1:]) == wanted[1:]


def test_a_long_table_sizes_its_first_rows_at_once_and_the_rest_after(
    qtbot: QtBot, empty_controller: PlanController, thin_slices: None
) -> None:
    # Given a glossary longer than a table sizes at once, every tenth meaning a paragraph
    long = "A meaning that runs on over several lines of the table's cell. " * 6
    rows = [
        {"id": n, "term": f"T{n}", "meaning": long if n % 10 == 0 else "Short."}
        for n in range(1, TERMS + 1)
    ]
    body = ScrollingBody()  # as on a page: the page scrolls, the table grows
    editor = TableEditor(
        TableRowsModel(empty_controller, GLOSSARY_TERM, GLOSSARY_COLUMNS, noun="term"), title="G"
    )
    body.column.addWidget(editor)
    body.finish()
    show_page(qtbot, body)
    view = editor.view
    default = view.verticalHeader().defaultSectionSize()
    # When the rows arrive
    editor.model.set_rows(rows)
    # Then the first rows are sized now, the last ones later
    assert view.rowHeight(9) > default
    assert view.rowHeight(TERMS - 1) == default
    assert view.rows_pending()
    # (one row per turn of the event loop: on a busy machine that takes more than the default
    # five seconds, and how long is not what this test is about)
    qtbot.waitUntil(lambda: not view.rows_pending(), timeout=60_000)
    heights = [view.rowHeight(r) for r in range(TERMS)]
    assert heights[TERMS - 1] > default
    # And every row ends as tall as Qt's own whole-table sizing makes it
    view.resizeRowsToContents()
    assert heights == [view.rowHeight(r) for r in range(TERMS)]
    assert view.height() == view.fitted_height()
    assert EAGER_ROWS < TERMS


def test_a_fitted_list_works_out_each_item_size_once_per_width(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a fitted list of long items, shown
    measured: list[str] = []
    original = common.wrapped_text_height

    def counting(text: str, *args: object) -> float:
        measured.append(text)
        return original(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(common, "wrapped_text_height", counting)
    lst = FittedList()
    for n in range(30):
        lst.addItem(f"Item {n}: " + "a cause the team found in the reading data " * 5)
    show_page(qtbot, lst)
    lst.refit()
    # When it is laid out again at the same width
    measured.clear()
    lst.refit()
    lst.refit()
    # Then no item's text is laid out again, and the list is still as tall as its items
    assert measured == []
    assert lst.height() == lst.fitted_height()
    # And at a new width each item is measured afresh
    lst.resize(lst.width() - 120, lst.height())
    lst.refit()
    assert len(measured) == lst.count()


def test_a_field_length_weakness_shows_a_paragraph_in_the_priority_checklist(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a weakness as long as a field may be, and a priority
    long = "Attendance falls in the spring term for students new to the school. " * 290
    add_rows(empty_controller, SwotItem, [{"kind": "weakness", "text": long}])
    add_rows(empty_controller, Priority, [{"title": "Reading"}])
    page = PrioritiesPage(empty_controller)
    show_page(qtbot, page)
    item = page.weaknesses.item(0)
    # Then the list shows its start, ending in "…", and the tooltip has every word
    assert len(long) > DISPLAY_CHARS
    assert item.text() == shown_text(long.strip())
    assert item.text().endswith("…") and len(item.text()) == DISPLAY_CHARS
    assert item.toolTip().startswith(long.strip())


def test_a_long_adjustment_log_sizes_its_rows_in_slices(
    qtbot: QtBot, empty_controller: PlanController, thin_slices: None
) -> None:
    # Given a log of adjustments longer than a table sizes at once, every tenth a paragraph
    long = "We moved the tutoring block to the morning, when more volunteers can come. " * 5
    rows = [
        {"made_on": dt.date(2026, 10, 1), "what_changed": long if n % 10 == 0 else "Small."}
        for n in range(1, TERMS + 1)
    ]
    add_rows(empty_controller, Adjustment, rows)
    # When step 7 shows it
    page = AdjustPage(empty_controller)
    show_page(qtbot, page)
    view = page.log.view
    # Then its rows are sized a slice at a time, and end as Qt's whole-table sizing makes them
    qtbot.waitUntil(lambda: view.rows_pending())
    qtbot.waitUntil(lambda: not view.rows_pending(), timeout=20000)
    heights = [view.rowHeight(r) for r in range(TERMS)]
    assert heights[TERMS - 1] > heights[TERMS - 2]
    view.resizeRowsToContents()
    assert heights == [view.rowHeight(r) for r in range(TERMS)]


def test_opening_a_plan_reads_its_first_steps_comments_once(
    qtbot: QtBot, window: MainWindow, sample_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a count of how often a comments panel reads the plan
    reads: list[int] = []
    original = CommentsPanel.refresh

    def counting(panel: CommentsPanel, *args: object) -> None:
        reads.append(panel._step)
        original(panel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(CommentsPanel, "refresh", counting)
    # When the plan opens on step 0 (its list of steps picks step 0 as it first shows)
    open_plan(qtbot, window, sample_file)
    # Then step 0's comments are read once (right after the first paint, issue 12), not once
    # per way the step was chosen
    qtbot.waitUntil(lambda: reads == [0])
    # and showing another step and coming back reads them again
    window.show_step(1)
    window.show_step(0)
    assert reads == [0, 1, 0]


def test_a_long_fitted_list_scrolls_inside_itself_and_lays_out_in_batches(qtbot: QtBot) -> None:
    # Given a fitted list with as many items as a plan at its limits gives a checklist
    lst = FittedList()
    for n in range(common.LONG_LIST_ITEMS + 200):
        lst.addItem(f"Cause {n}: " + "the team found it in the reading data " * 3)
    show_page(qtbot, lst)
    lst.refit()
    # Then it keeps a height of a set number of lines and scrolls, laying items out in batches
    lines = lst.fontMetrics().lineSpacing() * common.LONG_LIST_LINES + 2 * lst.frameWidth()
    assert lst.height() == lines
    assert lst.layoutMode() == QListView.LayoutMode.Batched
    assert lst.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    qtbot.waitUntil(lambda: lst.verticalScrollBar().maximum() > 0)
    # And once it is short again it grows with its items, with no scrolling of its own
    while lst.count() > 5:
        lst.takeItem(lst.count() - 1)
    lst.refit()
    assert lst.layoutMode() == QListView.LayoutMode.SinglePass
    assert lst.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert lst.height() == lst.fitted_height() < lines


def test_a_long_outline_opens_at_its_strategies_and_keeps_what_was_opened(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a plan whose outline is longer than the page opens whole
    add_rows(empty_controller, Priority, [{"title": "Reading"}])
    priority = empty_controller.plan()["priorities"][0]["id"]
    rows = [{"priority_id": priority, "if_text": f"we try idea {n}"} for n in range(4)]
    add_rows(empty_controller, Strategy, rows)
    strategies = [s["id"] for s in empty_controller.plan()["priorities"][0]["strategies"]]
    milestones = [
        {"strategy_id": strategies[n % 4], "text": f"Milestone {n}"}
        for n in range(OUTLINE_OPEN_ITEMS + 20)
    ]
    add_rows(empty_controller, Milestone, milestones)
    page = PlanPage(empty_controller)
    show_page(qtbot, page)
    tree = page.tree
    top = tree.topLevelItem(0)
    # Then the priority is open and its strategies closed: their milestones are not laid out
    assert top.isExpanded()
    assert [top.child(i).isExpanded() for i in range(top.childCount())] == [False] * 4
    # When the person opens the second strategy, picks its first milestone, and an edit
    # rebuilds the outline
    second = top.child(1)
    second.setExpanded(True)
    tree.setCurrentItem(second.child(0))
    picked = second.child(0).data(0, REF_ROLE)
    add_rows(empty_controller, Priority, [{"title": "Attendance"}])
    # Then the same strategy is open and the same milestone picked
    top = tree.topLevelItem(0)
    assert [top.child(i).isExpanded() for i in range(top.childCount())] == [
        False,
        True,
        False,
        False,
    ]
    assert tree.current_ref() == picked


def test_a_step_chosen_in_the_list_is_built_in_one_turn_and_shown_in_the_next(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan open on step 0
    open_plan(qtbot, window, sample_file)
    workspace = window.workspace
    assert workspace is not None
    first = workspace.stack.currentWidget()
    # When the person picks step 3 in the list of steps
    workspace.navigator.setCurrentRow(3)
    # Then the list marks it at once while the page is still being built behind it
    assert workspace.navigator.currentRow() == 3
    assert not workspace.has_page(3) and workspace.stack.currentWidget() is first
    # And a moment later step 3 shows, built once
    qtbot.waitUntil(lambda: workspace.stack.currentWidget() is workspace.pages.get(3))
    # And choosing steps from code (a finding, a link) shows them at once
    window.show_step(5)
    assert workspace.stack.currentWidget() is workspace.pages[5]


def test_many_comments_on_step_5_leave_the_outline_its_room(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given more district comments on step 5 than its panel lists
    body = "Please say who leads the tutoring block and when it starts. " * 3
    comments = [{"step": 5, "author": "District", "body": body} for _ in range(30)]
    add_rows(empty_controller, ReviewComment, comments)
    # When step 5 shows, in a window the size of a projector's
    page = PlanPage(empty_controller)
    show_page(qtbot, page)
    page.resize(760, 700)
    area = page.findChild(CommentsArea)
    assert area is not None
    qtbot.waitUntil(lambda: area.isVisible())
    # Then the panel lists a reminder's worth and says where the rest are
    texts = [w.text() for w in page.comments.findChildren(QLabel)]
    assert any("18 more comments" in t for t in texts)
    # And it scrolls within a few lines' height instead of pushing the outline off the page
    qtbot.waitUntil(lambda: area.height() <= area.sizeHint().height())
    assert area.height() <= area.fontMetrics().lineSpacing() * CommentsArea.AREA_LINES + 4
    assert page.tree.height() > area.fontMetrics().lineSpacing() * 6
    assert comments_panel.MAX_SHOWN == 12
