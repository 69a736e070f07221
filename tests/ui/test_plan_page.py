"""Step 5 — Build the plan, driven like a person; every check reads the plan file back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QStyle, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services import operations, outline
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.plan_page import COL_BUDGET, COL_ITEM, PlanPage
from sipdesk.ui.tables import unbroken_width
from sipdesk.ui.widgets.common import ScrollingBody
from tests.plans import sample_plan
from tests.ui.conftest import open_plan, stored

ACTION_COLUMNS = 5
ACTION_FIELDS = (
    "text",
    "outputs",
    "start",
    "due",
    "budget_cents",
    "funding_source",
    "person_responsible",
    "collaborators",
)


def reopen(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


class PickFirst:
    """A stand-in for the window's dialogs: picks the first choice offered."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def pick(self, title: str, text: str, items: list[str]) -> int | None:
        self.asked.append(list(items))
        return 0


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[PlanController]:
    """A new plan with one priority and a leadership team of two."""
    path = tmp_path / "Oak Hill.sipdesk"
    doc = PlanDocument.create(
        path, lambda s: operations.seed_new_plan(s, "Oak Hill", first_month="2026-08")
    )
    controller = PlanController(doc)
    controller.run(lambda s: operations.add_priority(s, "Reading in K–3"))
    for name in ("Ana Ruiz", "Ben Okafor"):
        controller.run(lambda s, n=name: _add_member(s, n))
    controller.undo_stack.clear()
    yield controller
    controller.close()


def _add_member(session: Any, name: str) -> Any:
    from sipdesk.models import TeamMember
    from sipdesk.services.edits import insert_row

    return insert_row(session, TeamMember, "Add team member", {"name": name})


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[PlanController]:
    controller = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    yield controller
    controller.close()


def show(qtbot: QtBot, controller: PlanController) -> PlanPage:
    page = PlanPage(controller)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def tree_texts(page: PlanPage) -> list[tuple[str, str]]:
    out = []
    for item in page.tree._walk():
        out.append((item.text(COL_ITEM).split(" — ")[0], item.text(COL_BUDGET)))
    return out


def edit_cell(qtbot: QtBot, view: Any, index: QModelIndex, text: str) -> None:
    """Select a cell, press F2 as a person would, type, press Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "F2 did not open an editor"
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call: wait for the editor to close.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


# QTest types ASCII only (it asserts on other characters), so typed text here is ASCII.
def type_cell(qtbot: QtBot, view: Any, text: str) -> None:
    """Type into the open cell editor, then Tab to the next cell (which commits)."""
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "no cell editor is open"
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)


# --------------------------------------------------------------------- building by keyboard
def test_build_a_strategy_milestone_and_actions_like_a_person(
    qtbot: QtBot, fresh: PlanController
) -> None:
    # Given a plan with one priority, selected in the outline
    page = show(qtbot, fresh)
    assert page.tree.current_ref() == "priority:1"
    # (nothing costed yet, and the page says so rather than "$0")
    assert page.priority_form.summary.text() == "0 strategies · budget none recorded yet"
    assert page.total.text() == "Plan budget: none recorded yet"

    # When the coach adds a strategy and types the theory of action, tabbing between parts
    qtbot.mouseClick(page.add_strategy_button, Qt.MouseButton.LeftButton)
    form = page.strategy_form
    assert page.stack.currentWidget() is form
    assert form.if_text.hasFocus()
    qtbot.keyClicks(form.if_text, "adopt one phonics scope and sequence")
    assert "“then …” part is empty" in form.check.text()
    qtbot.keyClick(form.if_text, Qt.Key.Key_Tab)
    assert form.then_text.hasFocus()
    qtbot.keyClicks(form.then_text, "teachers teach a daily explicit phonics lesson")
    qtbot.keyClick(form.then_text, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.and_text, "students master foundational reading skills")
    # Then the live check passes and the outline already shows the new words
    assert form.check.text().startswith("✓")
    assert "If we adopt one phonics" in page.tree.currentItem().text(COL_ITEM)
    assert page.tree.currentItem().text(COL_ITEM).startswith("Strategy 1.1")

    # When the practice is picked by typing its code into the picker
    form.practice.setFocus()
    qtbot.keyClicks(form.practice, "3b")
    assert form.practice.currentData() == "3b"
    assert "Instructional Transformation" in form.practice_note.text()

    # And a measure is added with the table's keyboard (Insert, type, Tab)
    form.measures.view.setFocus()
    qtbot.keyClick(form.measures.view, Qt.Key.Key_Insert)
    # (its kind, and whether its targets are numbers or ratings, picked by their first letters
    # in the indicator's cell; its targets, a year a line, typed in one cell)
    for text in (
        "Phonics routine seen",
        "Int",
        "R",
        "Learning walks",
        "38% (spring 2026)",
        "75% by May 2027",
        "90% by May 2028",
    ):
        type_cell(qtbot, form.measures.view, text)
    editor = QApplication.focusWidget()  # (the year 3 target, left empty: Enter stores them)
    assert editor is not None and editor.accessibleName() == "Target year 3"
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    # And a milestone with two actions
    qtbot.mouseClick(page.add_milestone_button, Qt.MouseButton.LeftButton)
    mform = page.milestone_form
    assert page.stack.currentWidget() is mform and mform.text.hasFocus()
    qtbot.keyClicks(mform.text, "Every K-3 teacher is trained")
    qtbot.keyClick(mform.text, Qt.Key.Key_Tab)
    qtbot.keyClicks(mform.timeline, "Aug-Oct 2026")
    mform.kind.setFocus()
    qtbot.keyClick(mform.kind, Qt.Key.Key_Down)
    assert mform.kind.currentData() == "early_evidence"

    table = mform.action_table
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    # Tab goes through all eight fields: the pairs (start and due, amount and funding source,
    # person responsible and collaborators) each in one cell's editor
    for text in (
        "Hold two days of training",
        "Sign-in sheets",
        "8/10/2026",
        "Aug 11, 2026",
        "$1,250.50",
        "Title I",
        "Ana Ruiz",
    ):
        if text == "8/10/2026":
            # the pair's editor, whole inside the one-row table
            fields = QApplication.focusWidget()
            assert fields is not None and fields.parentWidget() is not None
            area = table.view.viewport().rect()
            assert area.contains(fields.parentWidget().geometry())
        type_cell(qtbot, table.view, text)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "District trainers")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)
    # A second action, added below with Insert
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Insert)
    type_cell(qtbot, table.view, "Buy decodable books")
    assert [table.model.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == [
        "1.1.1.1",
        "1.1.1.2",
    ]
    # Budgets add up in the outline
    assert ("Milestone 1.1.1", "$1,250.50") in tree_texts(page)
    assert ("Priority 1", "$1,250.50") in tree_texts(page)
    assert page.total.text() == "Plan budget: $1,250.50"

    # Then the plan file holds every entry
    path = fresh.document.path
    fresh.flush()
    plan = reopen(path)
    strategy = plan["priorities"][0]["strategies"][0]
    assert (strategy["if_text"], strategy["then_text"], strategy["and_text"]) == (
        "adopt one phonics scope and sequence",
        "teachers teach a daily explicit phonics lesson",
        "students master foundational reading skills",
    )
    assert strategy["practice_code"] == "3b"
    measure = strategy["measures"][0]
    assert (measure["indicator"], measure["target_y1"], measure["target_y2"]) == (
        "Phonics routine seen",
        "75% by May 2027",
        "90% by May 2028",
    )
    assert (measure["kind"], measure["target_type"]) == ("interim", "rating")
    milestone = strategy["milestones"][0]
    assert (milestone["text"], milestone["timeline"], milestone["kind"]) == (
        "Every K-3 teacher is trained",
        "Aug-Oct 2026",
        "early_evidence",
    )
    first, second = milestone["actions"]
    assert first == first | {
        "text": "Hold two days of training",
        "outputs": "Sign-in sheets",
        "start": "2026-08-10",
        "due": "2026-08-11",
        "budget_cents": 125050,
        "funding_source": "Title I",
        "person_responsible": "Ana Ruiz",
        "collaborators": "District trainers",
    }
    assert second["text"] == "Buy decodable books"

    # And undo takes back the last steps one by one; redo brings them back
    stack = fresh.undo_stack
    assert stack.undoText() == "Edit action"
    stack.undo()  # the second action's text
    stack.undo()  # adding the second action
    assert table.model.rowCount() == 1
    stack.redo()
    stack.redo()
    assert table.model.rowCount() == 2
    assert table.model.data(table.model.index(1, 0)) == "Buy decodable books"


def test_typing_a_strategy_part_is_one_undo_step(qtbot: QtBot, fresh: PlanController) -> None:
    page = show(qtbot, fresh)
    qtbot.mouseClick(page.add_strategy_button, Qt.MouseButton.LeftButton)
    form = page.strategy_form
    qtbot.keyClicks(form.if_text, "coach every teacher weekly")
    assert fresh.undo_stack.undoText() == "Edit if we … (the practice the school puts in place)"
    fresh.undo_stack.undo()
    assert form.if_text.toPlainText() == ""
    assert "(theory of action not written yet)" in page.tree.currentItem().text(COL_ITEM)
    fresh.undo_stack.redo()
    assert form.if_text.toPlainText() == "coach every teacher weekly"


# --------------------------------------------------------------------- numbering and budgets
def test_reordering_keeps_the_numbering_right(qtbot: QtBot, sample: PlanController) -> None:
    # Given the sample plan with strategy 1.1 selected
    page = show(qtbot, sample)
    page.focus_item("strategy:1")
    page.tree.setFocus()
    assert page.tree.currentItem().text(COL_ITEM).startswith("Strategy 1.1 — If we adopt")
    # When it is moved down with Alt+Down
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    # Then it is strategy 1.2, its milestones 1.2.x, and the other strategy is 1.1
    item = page.tree.currentItem()
    assert item.text(COL_ITEM).startswith("Strategy 1.2 — If we adopt")
    assert [item.child(i).text(COL_ITEM)[:15] for i in range(item.childCount())] == [
        "Milestone 1.2.1",
        "Milestone 1.2.2",
        "Milestone 1.2.3",
    ]
    assert page.tree.topLevelItem(0).child(0).text(COL_ITEM).startswith("Strategy 1.1 — If we give")
    # And the action numbers in the milestone's table follow
    page.focus_item("milestone:1")
    model = page.milestone_form.action_table.model
    assert model.headerData(0, Qt.Orientation.Vertical) == "1.2.1.1"
    # And the file agrees
    sample.flush()
    numbers = outline.numbering(reopen(sample.document.path))
    assert (numbers["strategy:1"], numbers["strategy:2"], numbers["action:4"]) == (
        "1.2",
        "1.1",
        "1.2.1.4",
    )
    # And undo restores the order
    sample.undo_stack.undo()
    assert (
        page.tree.topLevelItem(0).child(0).text(COL_ITEM).startswith("Strategy 1.1 — If we adopt")
    )


def test_actions_reorder_with_alt_arrows(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    page.focus_item("action:3")
    table = page.milestone_form.action_table
    assert table.current_id() == 3
    qtbot.keyClick(table.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(table.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert table.current_id() == 3
    assert table.model.headerData(0, Qt.Orientation.Vertical) == "1.1.1.1"
    assert table.model.row_id(0) == 3
    sample.flush()
    numbers = outline.numbering(reopen(sample.document.path))
    assert [numbers[f"action:{n}"] for n in (3, 1, 2, 4)] == [
        "1.1.1.1",
        "1.1.1.2",
        "1.1.1.3",
        "1.1.1.4",
    ]


def test_budget_totals_follow_a_typed_budget(qtbot: QtBot, sample: PlanController) -> None:
    """Hand-worked from the sample: strategy 1.1 = 5,400 + 3,200 + 480 = $9,080; priority 1 =
    9,080 + 1,800 = $10,880; the plan = $16,780. Typing $2,000 on action 1.1.2.1 adds 2,000
    to milestone 1.1.2, strategy 1.1, priority 1 and the plan."""
    page = show(qtbot, sample)
    texts = dict(tree_texts(page))
    assert (texts["Strategy 1.1"], texts["Priority 1"], texts["Milestone 1.1.2"]) == (
        "$9,080",
        "$10,880",
        "—",
    )
    assert page.total.text() == "Plan budget: $16,780"
    # When the coach types a budget into action 1.1.2.1
    page.focus_item("action:5")
    # (milestone 1.1.2 has no budget yet, and says so rather than "$0")
    assert page.milestone_form.budget.text() == "Budget for this milestone: none recorded yet"
    table = page.milestone_form.action_table
    budget_col = table.model.column_of("budget_cents")
    edit_cell(qtbot, table.view, table.model.index(0, budget_col), "2,000")
    # Then every total above it moves by $2,000
    texts = dict(tree_texts(page))
    assert (texts["Milestone 1.1.2"], texts["Strategy 1.1"], texts["Priority 1"]) == (
        "$2,000",
        "$11,080",
        "$12,880",
    )
    assert page.total.text() == "Plan budget: $18,780"
    assert page.milestone_form.budget.text() == "Budget for this milestone: $2,000"
    assert table.model.data(table.model.index(0, budget_col)) == "$2,000"
    sample.flush()
    assert outline.budget_totals(reopen(sample.document.path)).plan == 1_878_000


def test_a_budget_that_is_not_an_amount_is_refused(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    page.focus_item("action:1")
    table = page.milestone_form.action_table
    col = table.model.column_of("budget_cents")
    with qtbot.waitSignal(sample.refused) as refused:
        edit_cell(qtbot, table.view, table.model.index(0, col), "about 500")
    assert "not an amount" in refused.args[0]
    sample.flush()
    # The amount (over its funding source) is as it was, in the table and in the file
    assert (
        table.model.data(table.model.index(0, col)) == "$5,400\nTitle I, Part A (teacher stipends)"
    )
    assert (
        outline.index_plan(reopen(sample.document.path))["action:1"].data["budget_cents"] == 540000
    )


def test_move_to_another_strategy_and_delete_with_undo(
    qtbot: QtBot, sample: PlanController
) -> None:
    page = show(qtbot, sample)
    page.dialogs = PickFirst()  # type: ignore[assignment]
    # Move milestone 1.1.3 under the first other strategy offered (strategy 1.2)
    page.focus_item("milestone:3")
    qtbot.mouseClick(page.move_to_button, Qt.MouseButton.LeftButton)
    assert page.dialogs.asked[0][0].startswith("Strategy 1.2")  # type: ignore[attr-defined]
    assert page.tree.currentItem().text(COL_ITEM).startswith("Milestone 1.2.3")
    # Delete it (Delete key in the outline), then undo
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert page.tree.item_for("milestone:3") is None
    sample.flush()
    assert "milestone:3" not in outline.numbering(reopen(sample.document.path))
    sample.undo_stack.undo()
    sample.flush()
    plan = reopen(sample.document.path)
    assert outline.numbering(plan)["milestone:3"] == "1.2.3"
    restored = outline.index_plan(plan)["milestone:3"].data
    assert len(restored["actions"]) == 3  # its actions came back with it


def test_person_responsible_is_picked_from_the_team(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    page.focus_item("action:2")
    table = page.milestone_form.action_table
    col = table.model.column_of("person_responsible")
    index = table.model.index(1, col)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    combo = QApplication.focusWidget()
    while combo is not None and not hasattr(combo, "findText"):
        combo = combo.parentWidget()
    assert combo is not None
    names = [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert "Hoa Nguyễn" in names and "Siobhán O'Connell" in names
    combo.setCurrentIndex(names.index("Hoa Nguyễn"))  # type: ignore[attr-defined]
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)
    sample.flush()
    action = outline.index_plan(reopen(sample.document.path))["action:2"].data
    assert action["person_responsible"] == "Hoa Nguyễn"


def test_a_pair_of_fields_is_edited_in_one_cell(qtbot: QtBot, sample: PlanController) -> None:
    # Given action 1.1.1.1 (Aug 10 – Aug 11, 2026), its timeline cell chosen
    page = show(qtbot, sample)
    page.focus_item("action:1")
    table = page.milestone_form.action_table
    view, model = table.view, table.model
    col = model.column_of("due")
    assert col == model.column_of("start")
    index = model.index(model.row_of(1) or 0, col)
    rows = model.rowCount()
    qtbot.waitUntil(lambda: view.viewport().height() >= sum(map(view.rowHeight, range(rows))))
    assert index.data() == "Aug 10 –\nAug 11, 2026"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Start: Aug 10, 2026\nDue: Aug 11, 2026"
    # When the coach presses F2: one editor, a field per date, the start field first
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    start = QApplication.focusWidget()
    assert isinstance(start, QLineEdit) and start.accessibleName() == "Start"
    assert start.text() == "Aug 10, 2026"
    editor = start.parentWidget()
    assert editor is not None and view.viewport().rect().contains(editor.geometry())
    # Tab moves to the due date; the coach types a new one and presses Enter
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    due = QApplication.focusWidget()
    assert isinstance(due, QLineEdit) and due.accessibleName() == "Due"
    due.selectAll()
    qtbot.keyClicks(due, "9/4/2026")
    qtbot.keyClick(due, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    # Then only the due date changed, as one undo step named for it
    assert sample.undo_stack.undoText() == "Edit due"
    sample.flush()
    action = outline.index_plan(reopen(sample.document.path))["action:1"].data
    assert (action["start"], action["due"]) == ("2026-08-10", "2026-09-04")
    assert model.index(index.row(), col).data() == "Aug 10 –\nSep 4, 2026"
    # Escape leaves a pair as it was
    edits = sample.undo_stack.count()
    view.setCurrentIndex(model.index(index.row(), model.column_of("collaborators")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    person = QApplication.focusWidget()
    assert person is not None
    qtbot.keyClick(person, Qt.Key.Key_Tab)
    helpers = QApplication.focusWidget()
    assert isinstance(helpers, QLineEdit) and helpers.accessibleName() == "Collaborators"
    qtbot.keyClicks(helpers, " and coaches")
    qtbot.keyClick(helpers, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert sample.undo_stack.count() == edits
    # Both fields of a pair typed: one step, named for the column
    view.setFocus()
    view.setCurrentIndex(model.index(index.row(), model.column_of("budget_cents")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    amount = QApplication.focusWidget()
    assert isinstance(amount, QLineEdit) and amount.text() == "5400.00"
    amount.selectAll()
    qtbot.keyClicks(amount, "5,100")
    qtbot.keyClick(amount, Qt.Key.Key_Tab)
    source = QApplication.focusWidget()
    assert isinstance(source, QLineEdit) and source.accessibleName() == "Funding source"
    source.selectAll()
    qtbot.keyClicks(source, "Title II")
    qtbot.keyClick(source, Qt.Key.Key_Tab)  # past the last field: on to the next cell
    qtbot.waitUntil(lambda: view.currentIndex().column() == model.column_of("collaborators"))
    assert sample.undo_stack.undoText() == "Edit budget and funding source"
    assert sample.undo_stack.count() == edits + 1
    sample.flush()
    action = outline.index_plan(reopen(sample.document.path))["action:1"].data
    assert (action["budget_cents"], action["funding_source"]) == (510000, "Title II")


def test_steps_5_and_6_have_the_page_margins_of_the_others(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    window.resize(1366, 768)
    open_plan(qtbot, window, sample_file)
    corners = {}
    for step in (0, 2, 5, 6, 7):
        window.show_step(step)
        page = window.current_page()
        assert page is not None
        qtbot.waitUntil(lambda p=page: p.isVisible())
        number = next(
            w for w in page.findChildren(QLabel) if w.text() == f"STEP {step}" and w.isVisible()
        )
        # The step's number and title start as far from the page's left and top edges
        corners[step] = number.mapTo(window, QPoint(0, 0))
    assert len({(c.x(), c.y()) for c in corners.values()}) == 1, corners
    # And end as far from its right edge
    for step in (5, 6):
        window.show_step(step)
        page = window.current_page()
        assert page is not None and page.layout() is not None
        assert (
            page.layout().contentsMargins().right()
            == ScrollingBody().column.contentsMargins().right()
        )


# --------------------------------------------------------------------- contract
def test_actions_table_model_is_sound(
    qtbot: QtBot, qtmodeltester: Any, sample: PlanController
) -> None:
    page = show(qtbot, sample)
    page.focus_item("milestone:1")
    model = page.milestone_form.action_table.model
    qtmodeltester.check(model, force_py=True)
    # Tool A's eight fields, in five columns (the pairs share one)
    assert model.columnCount(QModelIndex()) == ACTION_COLUMNS
    assert [f.key for c in model.columns for f in c.fields()] == list(ACTION_FIELDS)


def test_focus_item_finds_every_kind(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    assert page.focus_item("priority:2")
    assert page.stack.currentWidget() is page.priority_form
    assert page.focus_item("strategy:2")
    assert page.strategy_form.heading.text() == "Strategy 1.2"
    assert page.focus_item("measure:6")
    assert page.strategy_form.heading.text() == "Strategy 1.1"
    assert page.focus_item("action:9")
    assert page.milestone_form.heading.text() == "Milestone 1.1.3"
    assert page.milestone_form.action_table.current_id() == 9
    assert not page.focus_item("goal:1")
    assert not page.focus_item("action:9999")


def test_every_control_is_named_and_reachable(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    for ref in ("priority:1", "strategy:1", "milestone:1"):
        page.focus_item(ref)
        unnamed = [
            f"{type(w).__name__} {w.objectName()}"
            for w in page.findChildren(QWidget)
            if w.isVisibleTo(page)
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not w.accessibleName()
            and type(w).__name__ not in ("QScrollArea", "ScrollingBody", "QSplitterHandle")
            and not isinstance(w.parentWidget(), QLineEdit)
        ]
        assert unnamed == [], ref


# --------------------------------------------------------------------- fitting the window
def laptop(qtbot: QtBot, window: MainWindow, path: Path, *, presenting: bool = False) -> PlanPage:
    """Step 5 of the sample plan in a 1366×768 window: with the side panel at 100 %, or as
    presentation mode shows it there (150 %, high contrast, no side panel)."""
    window.resize(1366, 768)
    open_plan(qtbot, window, path)
    if presenting:
        window.theme.apply(zoom=1.5, high_contrast=True)
        window.set_side_panel(False)
    window.show_step(5)
    page = window.current_page()
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: page.splitter.height() > 0 and sum(page.splitter.sizes()) > 0)
    return page


def columns_in_view(view: Any) -> bool:
    """The columns of ``view`` are fitted to its width and every one lies whole inside its
    viewport: nothing to scroll to."""
    header = view.horizontalHeader()
    room = view.viewport().width()
    count = view.model().columnCount()
    if [header.sectionSize(c) for c in range(count)] != view.column_widths():
        return False  # not fitted to this width yet
    return view.horizontalScrollBar().maximum() == 0 and all(
        header.sectionViewportPosition(c) >= 0
        and header.sectionViewportPosition(c) + header.sectionSize(c) <= room
        for c in range(view.model().columnCount())
    )


def test_a_laptop_shows_every_action_column(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan's step 5 in a 1366×768 window, side panel open
    page = laptop(qtbot, window, sample_file)
    # Then the outline is above the form, its titles on one line across the page
    qtbot.waitUntil(page.stacked)
    assert page.tree.title_lines() == 1
    assert page.outline_panel.geometry().bottom() < page.stack.geometry().top()
    assert page.outline_panel.width() == page.stack.width()
    # When the coach picks milestone 1.1.1
    page.focus_item("milestone:1")
    mform = page.milestone_form
    view = mform.action_table.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: view.isVisible() and columns_in_view(view))
    # Then every action column is whole in the table, and neither the table, the form nor
    # the page scrolls sideways; no "in full" card is needed
    model = mform.actions_model
    assert model.columnCount() == ACTION_COLUMNS
    assert mform.body.horizontalScrollBar().maximum() == 0
    assert window.workspace is not None
    assert window.workspace.page_area.horizontalScrollBar().maximum() == 0
    assert not mform.action_details.isVisible()
    # No title word and no word of a cell is cut: each column is wider than both
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
    for col in range(model.columnCount()):
        assert header.sectionSize(col) >= header.word_width(col), col
        longest = max(
            unbroken_width(str(model.index(r, col).data()), view.font())
            for r in range(model.rowCount())
        )
        assert header.sectionSize(col) >= longest + 2 * (margin + 1), col
    # The action's own words have the widest column; the numbers stay at the left
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in range(ACTION_COLUMNS))
    assert view.verticalHeader().isVisible()
    # The strategy's text boxes end inside the form, not past its right edge; its measures
    # show every column, numbered
    page.focus_item("strategy:1")
    body = page.strategy_form.body
    qtbot.waitUntil(lambda: body.body.width() <= body.viewport().width())
    assert page.strategy_form.if_text.geometry().right() < body.viewport().width()
    measures = page.strategy_form.measures.view
    qtbot.waitUntil(lambda: columns_in_view(measures))
    assert measures.verticalHeader().isVisible()
    # The milestone's timeline is whole
    page.focus_item("milestone:1")
    assert mform.timeline.width() > mform.timeline.fontMetrics().horizontalAdvance("Aug–Oct 2026")


def test_presenting_on_a_laptop_spells_the_action_out_under_the_table(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given step 5 as presentation mode shows it on a 1366×768 screen
    page = laptop(qtbot, window, sample_file, presenting=True)
    # Then the outline stays beside the form (the page is too short to stack them), its
    # titles on up to three lines so that items can be told apart
    qtbot.waitUntil(lambda: not page.stacked() and page.tree.title_lines() == 3)
    tree, form = page.splitter.sizes()
    assert tree < form
    item = page.tree.item_for("milestone:3")
    assert item is not None
    line = page.tree.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: page.tree.visualItemRect(item).height() > line * 2.5)
    # And no form scrolls sideways: the measures' buttons wrap rather than hold it wide
    page.focus_item("strategy:1")
    body = page.strategy_form.body
    measures = page.strategy_form.measures
    qtbot.waitUntil(lambda: body.isVisible() and body.body.width() <= body.viewport().width())
    assert body.horizontalScrollBar().maximum() == 0
    right = measures.mapTo(body.body, measures.rect().topRight()).x()
    assert right < body.viewport().width()
    for button in (measures.add_button, measures.down_button):
        assert button.mapTo(body.body, button.rect().topRight()).x() < body.viewport().width()
    # with every measure column whole, no word of a title cut ("Baseline")
    # (every year's target in one column: the row numbers keep their place at this size)
    qtbot.waitUntil(lambda: columns_in_view(measures.view))
    header = measures.view.horizontalHeader()
    for col in range(measures.model.columnCount()):
        assert header.sectionSize(col) >= header.word_width(col), col
    # When the coach picks action 1.1.1.3, whose columns do not all fit at this size
    assert page.focus_item("action:3")
    mform = page.milestone_form
    view = mform.action_table.view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    qtbot.waitUntil(mform.action_details.isVisible)
    assert mform.body.horizontalScrollBar().maximum() == 0
    # Then the action is spelled out in full right under the table, above its buttons
    details = mform.action_details
    assert details.geometry().top() >= view.geometry().bottom()
    assert details.geometry().bottom() <= mform.action_table.add_button.geometry().top()
    model = mform.actions_model
    row = model.row_of(3)
    assert row is not None
    data = model.row_values(row)
    assert mform.action_details_title.text() == f"Action 1.1.1.3 — {data['text']}"
    text = mform.action_details_text_label.text()
    for field in (f for c in model.columns[1:] for f in c.fields()):
        assert f"{field.title}: {field.text(data) or '—'}" in text
    assert "Collaborators: Grade-level leads" in text
    # And it follows the selection
    view.setCurrentIndex(model.index(model.row_of(4) or 0, 0))
    assert mform.action_details_title.text().startswith("Action 1.1.1.4 — ")


def test_a_strategy_says_whom_it_serves_and_its_category(
    qtbot: QtBot, sample: PlanController
) -> None:
    # Given the sample's strategy 1.2, which serves K-3 students below benchmark
    page = show(qtbot, sample)
    assert page.focus_item("strategy:2")
    form = page.strategy_form
    assert form.students.text() == "K–3 students below benchmark on the fall screener"
    assert form.category.text() == "Tier 2 intervention"
    # When the coach narrows it down by keys
    form.students.setFocus()
    form.students.end(False)
    qtbot.keyClicks(form.students, " (grades 1-2 first)")
    # Then the plan file holds it, and undo takes it back
    sample.flush()
    strategy = next(
        s for p in stored(sample)["priorities"] for s in p["strategies"] if s["id"] == 2
    )
    assert strategy["students"].endswith("fall screener (grades 1-2 first)")
    sample.undo_stack.undo()
    assert form.students.text() == "K–3 students below benchmark on the fall screener"


def test_the_selected_action_says_how_often_it_happens(
    qtbot: QtBot, sample: PlanController
) -> None:
    # Given the sample's action 2.1.1.4, run weekly in each PLC
    page = show(qtbot, sample)
    assert page.focus_item("action:21")
    form = page.milestone_form
    assert form.recurrence.currentText() == "Weekly"
    assert form.schedule.text() == "Tuesdays, 45 minutes, in each grade-level PLC"
    # When the coach makes it monthly by keys and rewrites its schedule
    form.recurrence.setFocus()
    qtbot.keyClick(form.recurrence, Qt.Key.Key_Down)
    assert form.recurrence.currentText() == "Monthly"
    form.schedule.setFocus()
    form.schedule.selectAll()
    qtbot.keyClicks(form.schedule, "First Tuesday of the month")
    # Then the plan file holds both, and the table's timeline leads with the new rhythm
    sample.flush()
    action = next(
        a
        for p in stored(sample)["priorities"]
        for s in p["strategies"]
        for m in s["milestones"]
        for a in m["actions"]
        if a["id"] == 21
    )
    assert (action["recurrence"], action["schedule"]) == ("monthly", "First Tuesday of the month")
    qtbot.waitUntil(
        lambda: (
            form.action_table.model.index(form.action_table.view.currentIndex().row(), 2)
            .data()
            .startswith("Monthly · First Tuesday of the month")
        )
    )
    # and a one-off action shows "Once"
    assert page.focus_item("action:20")
    assert form.recurrence.currentText() == "Once" and form.schedule.text() == ""
