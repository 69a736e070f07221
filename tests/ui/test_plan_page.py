"""Step 5 — Build the plan, driven like a person; every check reads the plan file back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services import operations
from sipdesk.services import plan_building as pb
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.plan_page import COL_BUDGET, COL_ITEM, FORM_MIN_CHARS, PlanPage
from tests.plans import sample_plan

ACTION_COLUMNS = 8


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
    for text in ("Phonics routine seen", "Learning walks", "38% (spring 2026)"):
        type_cell(qtbot, form.measures.view, text)
    type_cell(qtbot, form.measures.view, "75% by May 2027")
    type_cell(qtbot, form.measures.view, "90% by May 2028")

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
    for text in (
        "Hold two days of training",
        "Sign-in sheets",
        "8/10/2026",
        "Aug 11, 2026",
        "$1,250.50",
        "Title I",
        "Ana Ruiz",
    ):
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
    numbers = pb.numbering(reopen(sample.document.path))
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
    numbers = pb.numbering(reopen(sample.document.path))
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
    assert table.model.data(table.model.index(0, budget_col)) == "$2,000"
    sample.flush()
    assert pb.budget_totals(reopen(sample.document.path)).plan == 1_878_000


def test_a_budget_that_is_not_an_amount_is_refused(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    page.focus_item("action:1")
    table = page.milestone_form.action_table
    col = table.model.column_of("budget_cents")
    with qtbot.waitSignal(sample.refused) as refused:
        edit_cell(qtbot, table.view, table.model.index(0, col), "about 500")
    assert "not an amount" in refused.args[0]
    assert table.model.data(table.model.index(0, col)) == "$5,400"


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
    assert "milestone:3" not in pb.numbering(reopen(sample.document.path))
    sample.undo_stack.undo()
    sample.flush()
    plan = reopen(sample.document.path)
    assert pb.numbering(plan)["milestone:3"] == "1.2.3"
    restored = pb.index_plan(plan)["milestone:3"].data
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
    action = pb.index_plan(reopen(sample.document.path))["action:2"].data
    assert action["person_responsible"] == "Hoa Nguyễn"


# --------------------------------------------------------------------- contract
def test_actions_table_model_is_sound(
    qtbot: QtBot, qtmodeltester: Any, sample: PlanController
) -> None:
    page = show(qtbot, sample)
    page.focus_item("milestone:1")
    qtmodeltester.check(page.milestone_form.action_table.model, force_py=True)
    assert page.milestone_form.action_table.model.columnCount(QModelIndex()) == ACTION_COLUMNS


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


def test_the_form_gets_the_room_at_a_laptop_width(qtbot: QtBot, sample: PlanController) -> None:
    # Given step 5 as wide as it is in a 1366×768 window with the side panel
    page = show(qtbot, sample)
    page.resize(790, 640)
    unit = page.fontMetrics().averageCharWidth()
    qtbot.waitUntil(lambda: sum(page.splitter.sizes()) < 790)
    # Then the outline is the narrower side and the form has at least its minimum
    tree, form = page.splitter.sizes()
    assert tree < form
    assert form >= FORM_MIN_CHARS * unit
    # The strategy's text boxes end inside the form, not past its right edge
    page.focus_item("strategy:1")
    body = page.strategy_form.body
    qtbot.waitUntil(lambda: body.body.width() <= body.viewport().width())
    assert page.strategy_form.if_text.geometry().right() < body.viewport().width()
    # The outline still says what each item is, by number and title, on up to two lines
    item = page.tree.item_for("milestone:1")
    assert item is not None
    assert page.tree.visualItemRect(item).height() > page.tree.fontMetrics().lineSpacing() * 1.5
    # The milestone's timeline is whole
    page.focus_item("milestone:1")
    mform = page.milestone_form
    qtbot.waitUntil(lambda: mform.timeline.isVisible())
    assert mform.timeline.width() > mform.timeline.fontMetrics().horizontalAdvance("Aug–Oct 2026")
    # The actions table: no column narrower than its longest title word, the action's own
    # words the widest column; what does not fit scrolls sideways with the numbers in view
    view = mform.action_table.view
    header = view.horizontalHeader()
    model = mform.actions_model
    qtbot.waitUntil(lambda: header.sectionSize(0) > 10 * unit)
    for col in range(model.columnCount()):
        word = max(str(model.headerData(col, Qt.Orientation.Horizontal)).split(), key=len)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(word), word
    assert header.sectionSize(0) == max(header.sectionSize(c) for c in range(8))
    assert view.verticalHeader().isVisible()
    # And when some columns are out of view, the selected action is spelled out in full
    assert page.focus_item("action:3")
    if view.horizontalScrollBar().maximum() > 0:
        qtbot.waitUntil(mform.action_details.isVisible)
        text = mform.action_details.text()
        row = model.row_of(3)
        assert row is not None
        assert text.startswith("1.1.1.3 — ")
        for column in model.columns[1:]:
            assert f"{column.header}: {column.text(model.row_data(row)) or '—'}" in text
