"""The shared table model: Qt's model tester, and both directions of the binding."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sipdesk.models import Signature, TeamMember
from sipdesk.models.tables import SIGNATURE, TEAM_MEMBER
from sipdesk.services import edits
from sipdesk.ui.controller import PlanController
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel
from sipdesk.ui.theme import Theme
from tests.ui.conftest import show_page, stored

SIGNATURE_COLUMNS = (
    Column("name", "Name"),
    Column("plan_role", "Role", kind="choice", choices=(("Lead", "lead"), ("Member", "member"))),
    Column("signed_on", "Signed on", kind="calendar"),
)


def test_the_table_model_passes_qts_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sample_controller: PlanController
) -> None:
    model = TableRowsModel(
        sample_controller,
        TEAM_MEMBER,
        (Column("name", "Name"), Column("title", "Position"), Column("plan_role", "Role")),
        noun="team member",
    )
    model.reload()
    assert model.rowCount() > 3
    qtmodeltester.check(model, force_py=True)
    # and it stays valid while rows are added, moved and removed through the controller
    model.add_row(0, {"name": "New member"})
    model.move_row(0, 2)
    model.remove_row(1)
    qtmodeltester.check(model, force_py=True)


def test_the_model_shows_changes_made_elsewhere_and_stores_its_own(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_controller: PlanController
) -> None:
    model = TableRowsModel(empty_controller, SIGNATURE, SIGNATURE_COLUMNS, noun="signature")
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
        TableRowsModel(
            empty_controller, TEAM_MEMBER, (Column("name", "Name"),), noun="team member"
        ),
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


def ink(image: QImage, rect: QRect, background: QColor) -> list[tuple[int, int]]:
    """The pixels in ``rect`` where something (text) is drawn on ``background``."""
    found = []
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            c = image.pixelColor(x, y)
            diff = (
                abs(c.red() - background.red())
                + abs(c.green() - background.green())
                + abs(c.blue() - background.blue())
            )
            if diff > 150:
                found.append((x, y))
    return found


def bands(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive pixel rows: one per line of text."""
    out: list[tuple[int, int]] = []
    for y in sorted(set(rows)):
        if out and y <= out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def team_editor(
    qtbot: QtBot, controller: PlanController, titles: tuple[str, ...], weights: tuple[int, ...]
) -> TableEditor:
    keys = ("name", "title", "plan_role")
    columns = tuple(
        Column(key, title, weight=weight)
        for key, title, weight in zip(keys, titles, weights, strict=True)
    )
    editor = TableEditor(
        TableRowsModel(controller, TEAM_MEMBER, columns, noun="team member"), title="Team"
    )
    show_page(qtbot, editor)
    return editor


def test_a_word_too_long_for_its_column_wraps_inside_its_cell(
    qtbot: QtBot, theme: Theme, empty_controller: PlanController
) -> None:
    # Given a narrow table, presenting (zoom 150 %, high contrast)
    theme.apply(zoom=1.5, high_contrast=True)
    editor = team_editor(qtbot, empty_controller, ("Name", "Position", "Role"), (1, 1, 4))
    # (a column widens for its longest word while the table has the room: this one is
    # wider than the whole table, so it has to break)
    word = "Kindergartenreadinessbenchmark" * 3
    # When a cell holds one word wider than its column
    empty_controller.run(
        lambda s: edits.insert_row(s, TeamMember, "Add team member", {"name": word})
    )
    view, model = editor.view, editor.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    view.refit()
    cell = view.visualRect(model.index(0, 0))
    assert view.fontMetrics().horizontalAdvance(word) > cell.width()
    image = view.viewport().grab().toImage()
    beside = view.visualRect(model.index(0, 1)).adjusted(3, 3, -3, -3)
    background = image.pixelColor(beside.center())
    # Then none of it is drawn over the next column
    assert ink(image, beside, background) == []
    # And it breaks onto two lines or more, every line inside its own cell's borders
    drawn = ink(image, cell.adjusted(1, 1, -1, -1), background)
    assert len(bands([y for _x, y in drawn])) >= 2
    assert max(x for x, _y in drawn) < cell.right() - 2
    assert min(y for _x, y in drawn) > cell.top() and max(y for _x, y in drawn) < cell.bottom()
    assert model.index(0, 0).data() == word


@pytest.mark.parametrize("zoom", [1.0, 1.5, 2.0])
def test_wrapped_column_titles_show_whole_in_the_header(
    qtbot: QtBot, theme: Theme, empty_controller: PlanController, zoom: float
) -> None:
    theme.apply(zoom=zoom, high_contrast=True)
    titles = ("Target year 1", "Target year 2", "Role in the plan")
    editor = team_editor(qtbot, empty_controller, titles, (1, 1, 8))
    view = editor.view
    header = view.horizontalHeader()
    # Given columns where a title would fit on one line in the header's plain font, but the
    # header draws its titles bold, and bold it does not fit
    plain = header.fontMetrics().horizontalAdvance(titles[0])
    wanted = plain + round(20 * zoom)
    # (the two columns get a tenth each of the table's width)
    editor.resize(editor.width() + 10 * wanted - view.viewport().width(), 600)
    qtbot.waitUntil(lambda: header.sectionSize(0) == wanted)
    view.refit()
    image = header.grab().toImage()
    padding, line = round(5 * zoom), 2  # the style sheet's, in high contrast
    for section in range(2):
        left = header.sectionViewportPosition(section)
        inside = QRect(left + 3, 0, header.sectionSize(section) - 6, header.height() - line)
        background = image.pixelColor(left + 3, 1)
        rows = [y for _x, y in ink(image, inside, background)]
        # Then each title wraps onto two lines, and neither is cut at the top or the bottom:
        # the header leaves its padding clear above and below them
        assert len(bands(rows)) == 2, section
        assert min(rows) > padding and max(rows) < inside.bottom() - padding, section
