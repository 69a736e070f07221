"""Step 2 — Assess needs: the checklist, the narratives and the SWOT board (type and Enter,
edit in place, drag between quadrants, reorder, delete), each checked in the plan file."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.needs_page import NeedsPage, SwotCard
from tests.ui.conftest import show_page, stored


def make_page(qtbot: QtBot, controller: PlanController) -> NeedsPage:
    page = NeedsPage(controller)
    show_page(qtbot, page)
    return page


def swot(controller: PlanController) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in stored(controller)["swot"]:
        out.setdefault(item["kind"], []).append(item["text"])
    return out


def add_card(qtbot: QtBot, page: NeedsPage, kind: str, text: str) -> None:
    field = page.board.quadrants[kind].add_field
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def drag(qtbot: QtBot, card: SwotCard, target: QPoint) -> None:
    """Press on the card's handle, move in steps to ``target`` (global), release there."""
    start = card.handle.rect().center()
    qtbot.mousePress(card.handle, Qt.MouseButton.LeftButton, pos=start)
    origin = card.handle.mapToGlobal(start)
    for step in range(1, 6):
        point = origin + (target - origin) * step / 5
        qtbot.mouseMove(card.handle, card.handle.mapFromGlobal(point))
    qtbot.mouseRelease(
        card.handle, Qt.MouseButton.LeftButton, pos=card.handle.mapFromGlobal(target)
    )


def test_typing_and_enter_adds_a_strength_then_undo_and_redo(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "strength", "Teachers meet weekly")
    add_card(qtbot, page, "strength", "Families come when invited")
    # Then both cards are on the board and in the file; the box is ready for the next one
    quadrant = page.board.quadrants["strength"]
    assert [c.text.toPlainText() for c in quadrant.cards()] == [
        "Teachers meet weekly",
        "Families come when invited",
    ]
    # (the caret is in the new card's evidence; one Tab is back in the box for the next one)
    assert quadrant.add_field.text() == ""
    assert quadrant.cards()[-1].evidence.hasFocus()
    qtbot.keyClick(quadrant.cards()[-1].evidence, Qt.Key.Key_Tab)
    assert quadrant.add_field.hasFocus()
    assert swot(empty_controller) == {
        "strength": ["Teachers meet weekly", "Families come when invited"]
    }
    assert empty_controller.undo_stack.undoText() == "Add strength"
    # When undone, the card goes; redo brings it back
    empty_controller.undo_stack.undo()
    assert swot(empty_controller) == {"strength": ["Teachers meet weekly"]}
    assert len(quadrant.cards()) == 1
    empty_controller.undo_stack.redo()
    assert len(quadrant.cards()) == 2


def test_a_card_is_edited_in_place(qtbot: QtBot, empty_controller: PlanController) -> None:
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "threat", "Staff turnover")
    card = page.board.quadrants["threat"].cards()[0]
    card.evidence.setFocus()
    qtbot.keyClicks(card.evidence, "11 of 40 teachers left in 2025")
    card.text.setFocus()
    card.text.moveCursor(card.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.text, " is high")
    item = stored(empty_controller)["swot"][0]
    assert item["text"] == "Staff turnover is high"
    assert item["evidence"] == "11 of 40 teachers left in 2025"
    assert empty_controller.undo_stack.undoText() == "Edit threat"
    empty_controller.undo_stack.undo()
    assert card.text.toPlainText() == "Staff turnover"
    assert stored(empty_controller)["swot"][0]["text"] == "Staff turnover"


def test_dragging_a_card_to_another_quadrant_moves_it(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given a strength that the team decides is really a weakness
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "strength", "Reading instruction varies by classroom")
    add_card(qtbot, page, "weakness", "Chronic absence is rising")
    card = page.board.quadrants["strength"].cards()[0]
    weaknesses = page.board.quadrants["weakness"]
    # When the card is dragged by its handle onto the weaknesses, below the existing card
    target = weaknesses.add_field.mapToGlobal(weaknesses.add_field.rect().center())
    drag(qtbot, card, target)
    # Then it is the second weakness, in the file and on the board
    assert swot(empty_controller) == {
        "weakness": ["Chronic absence is rising", "Reading instruction varies by classroom"]
    }
    assert [c.text.toPlainText() for c in weaknesses.cards()][1].startswith("Reading")
    assert page.board.quadrants["strength"].cards() == []
    assert empty_controller.undo_stack.undoText() == "Move strength to weaknesses"
    assert not page.board.dragging() and not page.board.ghost.isVisible()
    # When undone it is a strength again; redo moves it back
    empty_controller.undo_stack.undo()
    assert swot(empty_controller) == {
        "strength": ["Reading instruction varies by classroom"],
        "weakness": ["Chronic absence is rising"],
    }
    assert len(page.board.quadrants["strength"].cards()) == 1
    empty_controller.undo_stack.redo()
    assert len(weaknesses.cards()) == 2


def test_dragging_within_a_quadrant_reorders(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    for text in ("First", "Second", "Third"):
        add_card(qtbot, page, "opportunity", text)
    quadrant = page.board.quadrants["opportunity"]
    third = quadrant.cards()[2]
    first = quadrant.cards()[0]
    # drop just above the middle of the first card
    target = first.mapToGlobal(QPoint(first.width() // 2, 2))
    drag(qtbot, third, target)
    assert swot(empty_controller)["opportunity"] == ["Third", "First", "Second"]
    assert empty_controller.undo_stack.undoText() == "Move opportunity"


def test_a_short_click_on_a_card_is_not_a_drag(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "strength", "Stays put")
    card = page.board.quadrants["strength"].cards()[0]
    count = empty_controller.undo_stack.count()
    qtbot.mouseClick(card.handle, Qt.MouseButton.LeftButton)
    assert empty_controller.undo_stack.count() == count
    assert not page.board.dragging()


def test_keyboard_moves_and_delete_with_undo(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "weakness", "One")
    add_card(qtbot, page, "weakness", "Two")
    quadrant = page.board.quadrants["weakness"]
    second = quadrant.cards()[1]
    second.text.setFocus()
    qtbot.keyClick(second.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert swot(empty_controller)["weakness"] == ["Two", "One"]
    assert quadrant.cards()[0].text.hasFocus()
    # Delete with the ✕ button, then undo brings the card back with its id
    before = stored(empty_controller)["swot"]
    qtbot.mouseClick(quadrant.cards()[0].delete_button, Qt.MouseButton.LeftButton)
    assert swot(empty_controller)["weakness"] == ["One"]
    assert empty_controller.undo_stack.undoText() == "Delete weakness"
    empty_controller.undo_stack.undo()
    assert stored(empty_controller)["swot"] == before
    assert [c.text.toPlainText() for c in quadrant.cards()] == ["Two", "One"]


def test_the_card_menu_moves_a_card_to_another_quadrant(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    add_card(qtbot, page, "threat", "A new charter school opens nearby")
    card = page.board.quadrants["threat"].cards()[0]
    card.menu.aboutToShow.emit()
    titles = [a.text() for a in card.menu.actions() if a.text()]
    assert "Move to Opportunities" in titles
    next(a for a in card.menu.actions() if a.text() == "Move to Opportunities").trigger()
    assert swot(empty_controller) == {"opportunity": ["A new charter school opens nearby"]}


def test_checklist_label_click_and_other_text_are_stored(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    box = page.checks["engagement_attendance"]
    assert not box.isChecked()
    # clicking the words ticks the box, as on paper
    qtbot.mouseClick(page.captions["engagement_attendance"], Qt.MouseButton.LeftButton)
    assert box.isChecked()
    other = page.others["engagement_other"]
    other.setFocus()
    qtbot.keyClicks(other, "Student focus groups")
    elements = {e["key"]: e for e in stored(empty_controller)["needs_elements"]}
    assert elements["engagement_attendance"]["checked"] is True
    assert elements["engagement_other"]["other_text"] == "Student focus groups"
    empty_controller.undo_stack.undo()
    empty_controller.undo_stack.undo()
    assert not box.isChecked()
    elements = {e["key"]: e for e in stored(empty_controller)["needs_elements"]}
    assert elements["engagement_attendance"]["checked"] is False


def test_narratives_are_stored(qtbot: QtBot, empty_controller: PlanController) -> None:
    page = make_page(qtbot, empty_controller)
    for field in ("assessment_process", "stakeholder_input", "leverage"):
        editor = page.fields[field]
        editor.setFocus()
        qtbot.keyClicks(editor, f"Notes for {field}")
    profile = stored(empty_controller)["profile"]
    assert profile["assessment_process"] == "Notes for assessment_process"
    assert profile["leverage"] == "Notes for leverage"
    assert QApplication.focusWidget() is page.fields["leverage"]
