"""The shared table model: Qt's model tester, and both directions of the binding."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sipdesk.models import Signature, TeamMember
from sipdesk.services import edits
from sipdesk.ui.controller import PlanController
from sipdesk.ui.widgets.table import Column, RowTableModel, TableEditor
from tests.ui.conftest import show_page, stored

SIGNATURE_COLUMNS = (
    Column("name", "Name"),
    Column("plan_role", "Role", kind="choice", choices=(("lead", "Lead"), ("member", "Member"))),
    Column("signed_on", "Signed on", kind="date"),
)


def test_the_table_model_passes_qts_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sample_controller: PlanController
) -> None:
    model = RowTableModel(
        sample_controller,
        TeamMember,
        (Column("name", "Name"), Column("title", "Position"), Column("plan_role", "Role")),
        noun="team member",
    )
    model.reload()
    assert model.rowCount() > 3
    qtmodeltester.check(model, force_py=True)
    # and it stays valid while rows are added, moved and removed through the controller
    model.add_row({"name": "New member"}, 0)
    model.move_row(0, 2)
    model.remove_row(1)
    qtmodeltester.check(model, force_py=True)


def test_the_model_shows_changes_made_elsewhere_and_stores_its_own(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_controller: PlanController
) -> None:
    model = RowTableModel(empty_controller, Signature, SIGNATURE_COLUMNS, noun="signature")
    model.reload()
    qtmodeltester.check(model, force_py=True)
    # Given a signature added by another part of the window
    empty_controller.run(
        lambda s: edits.insert_row(
            s, Signature, "Add signature", {"name": "Ana", "plan_role": "lead"}
        )
    )
    # Then the model shows it, with its choice label
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Lead"
    assert model.index(0, 2).data() == ""
    # When cells are set through the model (as a delegate does)
    assert model.setData(model.index(0, 2), QDate(2026, 9, 1))
    assert model.setData(model.index(0, 1), "member")
    # Then the file holds them and the display follows
    row = stored(empty_controller)["signatures"][0]
    assert row["signed_on"] == "2026-09-01" and row["plan_role"] == "member"
    assert model.index(0, 2).data() == "Sep 1, 2026"
    # When a change is undone elsewhere, the model follows without a reload
    empty_controller.undo_stack.undo()
    assert model.index(0, 1).data() == "Lead"
    assert model.row_values(0)["signed_on"] == dt.date(2026, 9, 1)
    qtmodeltester.check(model, force_py=True)


def test_table_editor_keyboard_add_move_and_delete(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    editor = TableEditor(
        empty_controller,
        TeamMember,
        (Column("name", "Name"),),
        noun="team member",
        title="Team",
    )
    show_page(qtbot, editor)
    for name in ("A", "B"):
        empty_controller.run(
            lambda s, n=name: edits.insert_row(s, TeamMember, "Add team member", {"name": n})
        )
    view = editor.view
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["B", "A"]
    assert editor.current_row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Escape)
    assert [m["name"] for m in stored(empty_controller)["team"]] == ["B", "", "A"]
    assert not editor.up_button.isEnabled() or editor.current_row() != 0
