"""Step 1 — Set the direction: vision, goals with measures and live SMART feedback, the theory
of action and the glossary, driven like a person and checked in the plan file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.direction_page import DirectionPage, GoalCard
from sipdesk.ui.theme import Theme
from tests.ui.conftest import show_page, stored, type_in_new_cell


def make_page(qtbot: QtBot, controller: PlanController) -> DirectionPage:
    page = DirectionPage(controller)
    show_page(qtbot, page)
    return page


def only_card(page: DirectionPage) -> GoalCard:
    cards = page._ordered_cards()
    assert len(cards) == 1
    return cards[0]


def test_vision_typing_is_one_undo_step(qtbot: QtBot, empty_controller: PlanController) -> None:
    page = make_page(qtbot, empty_controller)
    vision = page.fields["vision"]
    vision.setFocus()
    qtbot.keyClicks(vision, "Every child reads with joy.")
    assert stored(empty_controller)["profile"]["vision"] == "Every child reads with joy."
    assert empty_controller.undo_stack.count() == 1
    assert empty_controller.undo_stack.undoText() == "Edit vision"
    empty_controller.undo_stack.undo()
    assert vision.toPlainText() == ""
    assert stored(empty_controller)["profile"]["vision"] == ""
    empty_controller.undo_stack.redo()
    assert vision.toPlainText() == "Every child reads with joy."


def test_a_goal_with_a_measure_gets_live_smart_feedback(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given an empty plan
    page = make_page(qtbot, empty_controller)
    assert page.no_goals.isVisible()
    # When the coach adds a goal and types it, then ticks "Academic goal"
    qtbot.mouseClick(page.add_goal_button, Qt.MouseButton.LeftButton)
    card = only_card(page)
    assert card.text.hasFocus()
    qtbot.keyClicks(card.text, "More students read on grade level")
    qtbot.mouseClick(card.academic, Qt.MouseButton.LeftButton)
    assert "Add a measure" in card.smart.text()
    # And adds a measure, filling the indicator and the baseline only
    qtbot.mouseClick(card.measures.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, card.measures.view, "Students at benchmark")
    view = card.measures.view
    model = card.measures.model
    for key, text in (("baseline", "41% in spring 2026"), ("target_y1", "more")):
        view.setCurrentIndex(model.index(0, model.column_of(key)))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        type_in_new_cell(qtbot, view, text)
    # Then the feedback beside the table says what is still missing
    feedback = card.smart.text()
    assert "Measure 1 still needs" in feedback
    assert "a data source" in feedback and "a number and a time in the year 1 target" in feedback
    # When the rest is filled in, but for the third year of the three-year plan
    for key, text in (
        ("data_source", "Spring screener"),
        ("target_y1", "50% by spring 2027"),
        ("target_y2", "58% by spring 2028"),
    ):
        view.setCurrentIndex(model.index(0, model.column_of(key)))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        type_in_new_cell(qtbot, view, text)
    # Then it asks for that year's target: one per year of the plan's span
    assert card.smart.text() == "• Measure 1 still needs a year 3 target."
    view.setCurrentIndex(model.index(0, model.column_of("target_y3")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    type_in_new_cell(qtbot, view, "65% by spring 2029")
    # Then it turns into a check mark, and the file holds it all
    assert card.smart.text().startswith("✓ Measure 1")
    goal = stored(empty_controller)["goals"][0]
    assert goal["text"] == "More students read on grade level"
    assert goal["academic"] is True
    measure = goal["measures"][0]
    assert measure["indicator"] == "Students at benchmark"
    assert measure["target_y2"] == "58% by spring 2028"
    # When the last cell edit is undone, the feedback follows
    empty_controller.undo_stack.undo()
    assert "Measure 1 still needs" in card.smart.text()
    assert stored(empty_controller)["goals"][0]["measures"][0]["target_y3"] == ""


def test_removing_a_goal_takes_its_measures_and_undo_brings_both_back(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    page = make_page(qtbot, sample_controller)
    before = stored(sample_controller)["goals"]
    first = page._ordered_cards()[0]
    measures = first.measures.model.rowCount()
    assert measures > 0
    qtbot.mouseClick(first.remove_button, Qt.MouseButton.LeftButton)
    after = stored(sample_controller)["goals"]
    assert [g["id"] for g in after] == [g["id"] for g in before[1:]]
    assert sample_controller.undo_stack.undoText() == "Remove goal"
    assert page._ordered_cards()[0].title.text() == "Goal 1"
    sample_controller.undo_stack.undo()
    assert stored(sample_controller)["goals"] == before
    restored = page._ordered_cards()[0]
    assert restored.goal_id == before[0]["id"]
    assert restored.measures.model.rowCount() == measures


def test_goals_are_reordered_with_their_buttons(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    page = make_page(qtbot, sample_controller)
    ids = [g["id"] for g in stored(sample_controller)["goals"]]
    qtbot.mouseClick(page._ordered_cards()[0].down_button, Qt.MouseButton.LeftButton)
    assert [g["id"] for g in stored(sample_controller)["goals"]] == [ids[1], ids[0], *ids[2:]]
    assert page._ordered_cards()[0].goal_id == ids[1]
    assert page._ordered_cards()[1].title.text() == "Goal 2"
    sample_controller.undo_stack.undo()
    assert [c.goal_id for c in page._ordered_cards()] == ids


def test_theory_of_action_check_follows_typing_and_undo(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    assert "the “If we …” part is empty" in page.theory_check.text()
    parts = {
        "toa_if": "give every teacher a weekly planning block with a coach",
        "toa_then": "teachers will plan lessons together around student work",
        "toa_and": "more students will read on grade level by spring",
    }
    for field, text in parts.items():
        editor = page.fields[field]
        editor.setFocus()
        qtbot.keyClicks(editor, text)
    assert page.theory_check.text().startswith("✓")
    assert page.theory_preview.text().startswith("If we give every teacher")
    profile = stored(empty_controller)["profile"]
    assert {k: profile[k] for k in parts} == parts
    empty_controller.undo_stack.undo()
    assert "the “and …” part is empty" in page.theory_check.text()
    assert stored(empty_controller)["profile"]["toa_and"] == ""


def test_glossary_and_core_values_are_tables(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    page = make_page(qtbot, empty_controller)
    qtbot.mouseClick(page.glossary.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, page.glossary.view, "PLC")
    view = page.glossary.view
    view.setCurrentIndex(page.glossary.model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    type_in_new_cell(qtbot, view, "Professional learning community")
    qtbot.mouseClick(page.values.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, page.values.view, "Every child, every day")
    plan = stored(empty_controller)
    assert plan["glossary"][0]["term"] == "PLC"
    assert plan["glossary"][0]["meaning"] == "Professional learning community"
    assert plan["core_values"][0]["text"] == "Every child, every day"


def test_readiness_items_are_focused(qtbot: QtBot, sample_controller: PlanController) -> None:
    page = make_page(qtbot, sample_controller)
    plan = stored(sample_controller)
    goal = plan["goals"][1]
    assert page.focus_item(f"goal:{goal['id']}")
    assert page.goal_cards[goal["id"]].text.hasFocus()
    measure = goal["measures"][0]
    assert page.focus_item(f"measure:{measure['id']}")
    table = page.goal_cards[goal["id"]].measures
    assert table.view.hasFocus()
    assert table.current_row() == 0
    assert page.focus_item("profile:toa_then")
    assert page.fields["toa_then"].hasFocus()
    assert not page.focus_item("strategy:1")


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("zoom", "high_contrast"), [(1.0, False), (1.5, True)])
def test_the_pages_scroll_bar_is_plain_to_see_and_grows_with_the_zoom(
    qtbot: QtBot, theme: Theme, sample_controller: PlanController, zoom: float, high_contrast: bool
) -> None:
    theme.apply(zoom=zoom, high_contrast=high_contrast)
    # Given step 1 of the sample plan, taller than its window
    page = make_page(qtbot, sample_controller)
    bar = page.body.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
    # Then its scroll bar is wide enough to hit, wider as the text grows
    assert bar.width() >= round(12 * zoom)
    # And its handle stands out from the track: 3 : 1 at least, as WCAG asks of controls
    bar.setValue(0)
    image = bar.grab().toImage()
    middle = bar.width() // 2
    handle = image.pixelColor(middle, round(12 * zoom))
    track = image.pixelColor(middle, bar.height() - 3)
    assert contrast(handle, track) >= 3.0
    # When the page is scrolled to its end, the handle goes with it
    bar.setValue(bar.maximum())
    image = bar.grab().toImage()
    assert contrast(image.pixelColor(middle, round(12 * zoom)), handle) >= 3.0
    assert contrast(image.pixelColor(middle, bar.height() - round(12 * zoom)), track) >= 3.0
    theme.apply(zoom=1.0, high_contrast=False)
