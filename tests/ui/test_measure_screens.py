"""Issue 11 on steps 1 and 5: a measure's kind and what its targets are, a target column per
year of the plan's span, and its rows per grade or student group — driven like a person on
the sample plan's file and read back from it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot

from sipdesk.models import PlanProfile
from sipdesk.services import edits
from sipdesk.ui.controller import PlanController
from sipdesk.ui.monitoring.cycles import CUSTOM, NINETY_DAYS, QUARTERS
from sipdesk.ui.pages.direction_page import DirectionPage, GoalCard
from sipdesk.ui.pages.monitor_page import MonitorPage
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.tables import TableEditor
from tests.ui.conftest import show_page, stored, type_in_new_cell


def first_card(qtbot: QtBot, controller: PlanController) -> tuple[DirectionPage, GoalCard]:
    page = DirectionPage(controller)
    show_page(qtbot, page)
    cards = page._ordered_cards()
    return page, cards[0]


def first_goal_measure(controller: PlanController) -> dict[str, Any]:
    return dict(stored(controller)["goals"][0]["measures"][0])


def set_span(controller: PlanController, years: int) -> None:
    """The plan's span, as step 0 stores it."""
    controller.run(
        lambda s: edits.update_row(s, PlanProfile, 1, "Edit plan years", plan_years=years)
    )


def headers(table: TableEditor[Any]) -> list[str]:
    model = table.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def pick_kind(qtbot: QtBot, table: TableEditor[Any], row: int, kind: str, target: str) -> None:
    """Open the indicator's cell with F2, Tab to its kind and its target type, pick each by
    typing its first letters, Enter."""
    view = table.view
    view.setCurrentIndex(table.model.index(row, table.model.column_of("indicator")))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() == QAbstractItemView.State.EditingState
    for name, keys in (("Kind of measure", kind), ("Target is a number or a rating", target)):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        field = QApplication.focusWidget()
        assert field is not None and field.accessibleName() == name
        qtbot.keyClicks(field, keys)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_a_goal_measures_kind_and_target_type_are_picked_by_keys_and_undone(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    # Given step 1 of the sample plan, its first goal's first measure a student outcome
    _page, card = first_card(qtbot, sample_controller)
    assert first_goal_measure(sample_controller)["kind"] == "outcome"
    model = card.measures.model
    cell = model.index(0, model.column_of("indicator"))
    assert str(cell.data()).endswith("\n(Student outcome)")
    # When the coach picks "Interim student measure" and "Rating" by their first letters
    pick_kind(qtbot, card.measures, 0, "Int", "R")
    # Then the file holds both, as one undo step, and the cell says them in words
    measure = first_goal_measure(sample_controller)
    assert (measure["kind"], measure["target_type"]) == ("interim", "rating")
    assert str(cell.data()).endswith("\n(Interim student measure; rating targets)")
    # When it is undone, the file and the table are as they were
    sample_controller.undo_stack.undo()
    measure = first_goal_measure(sample_controller)
    assert (measure["kind"], measure["target_type"]) == ("outcome", "number")
    assert str(cell.data()).endswith("\n(Student outcome)")


def test_target_columns_follow_the_plans_span_on_steps_1_and_5(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    # Given the sample plan's three-year span on step 1 and step 5
    _page, card = first_card(qtbot, sample_controller)
    plan_page = PlanPage(sample_controller)
    show_page(qtbot, plan_page)
    assert plan_page.focus_item("strategy:1")
    form = plan_page.strategy_form
    assert headers(card.measures)[-3:] == ["Year 1 target", "Year 2 target", "Year 3 target"]
    # When step 0 makes it a two-year plan: two target columns, in the group rows too
    set_span(sample_controller, 2)
    assert headers(card.measures)[-3:] == ["Baseline", "Year 1 target", "Year 2 target"]
    assert headers(card.groups.table)[-2:] == ["Year 1 target", "Year 2 target"]
    # When it becomes a five-year plan
    set_span(sample_controller, 5)
    # Then step 1 (past three years) and step 5 show the five targets in one column, a
    # line a year, edited together
    for columns in (card.measures.model.columns, card.groups.model.columns):
        assert columns[-1].header == "Targets"
        assert [p.header for p in columns[-1].parts] == [f"Target year {y}" for y in range(1, 6)]
    targets = form.measures_model.columns[form.measures_model.column_of("target_y1")]
    assert [p.header for p in targets.parts] == [f"Target year {y}" for y in range(1, 6)]
    group_targets = form.groups.model.columns[-1]  # (a narrow form's: a year a line)
    assert [p.header for p in group_targets.parts] == [f"Target year {y}" for y in range(1, 6)]
    # and step 5's check asks the strategy's measure for a target each of the five years
    assert "targets for years 4 and 5" in form.smart.text()
    # When it becomes an annual plan: one "Target" column
    set_span(sample_controller, 1)
    assert headers(card.measures)[-2:] == ["Baseline", "Target"]
    assert "Year 2 target" not in headers(card.measures)
    assert [p.header for p in form.measures_model.columns[-1].parts] == ["Target"]
    # And undo brings the three years back
    for _ in range(3):
        sample_controller.undo_stack.undo()
    assert headers(card.measures)[-3:] == ["Year 1 target", "Year 2 target", "Year 3 target"]


def test_a_measures_group_rows_are_added_edited_moved_and_removed_with_undo(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    # Given step 1 with no measure selected: no group table, a hint how to start
    _page, card = first_card(qtbot, sample_controller)
    groups = card.groups
    assert groups.hint.isVisible() and not groups.table.isVisible()
    # When the coach selects the first measure and adds two rows, typing each group
    assert card.measures.select_id(card.measures.model.row_id(0))
    assert groups.table.isVisible() and not groups.hint.isVisible()
    assert groups.caption.text() == "Measure 1: rows per grade or student group"
    table = groups.table
    for name in ("Grade 3", "Grade 4"):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
        type_in_new_cell(qtbot, table.view, name)
    # And gives Grade 4 its baseline, "30.38 %", and a year 2 target
    model = table.model
    for key, text in (("baseline", "30.38 %"), ("target_y2", "55 % by June 2028")):
        table.view.setCurrentIndex(model.index(1, model.column_of(key)))
        qtbot.keyClick(table.view, Qt.Key.Key_F2)
        type_in_new_cell(qtbot, table.view, text)
    # Then the file holds both rows under the measure, with the measure's data source
    rows = first_goal_measure(sample_controller)["groups"]
    source = first_goal_measure(sample_controller)["data_source"]
    assert [(r["group"], r["data_source"]) for r in rows] == [
        ("Grade 3", source),
        ("Grade 4", source),
    ]
    assert (rows[1]["baseline"], rows[1]["targets"][1]) == ("30.38 %", "55 % by June 2028")
    # And the cell shows "30.38 %" with its number and "%" bound together
    assert model.index(1, model.column_of("baseline")).data() == "30.38 %"
    # When Grade 4 is moved up, then removed
    table.view.selectRow(1)
    qtbot.mouseClick(table.up_button, Qt.MouseButton.LeftButton)
    assert [r["group"] for r in first_goal_measure(sample_controller)["groups"]] == [
        "Grade 4",
        "Grade 3",
    ]
    assert table.current_row() == 0
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert [r["group"] for r in first_goal_measure(sample_controller)["groups"]] == ["Grade 3"]
    assert model.rowCount() == 1
    # Then undo brings it back in its place, with its baseline and target
    sample_controller.undo_stack.undo()
    rows = first_goal_measure(sample_controller)["groups"]
    assert [r["group"] for r in rows] == ["Grade 4", "Grade 3"]
    assert rows[0]["baseline"] == "30.38 %"
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Grade 4", "Grade 3"]
    assert sample_controller.undo_stack.undoText() == "Move group row"
    # And another measure shows its own rows
    assert card.measures.select_id(card.measures.model.row_id(1))
    own = stored(sample_controller)["goals"][0]["measures"][1]["groups"]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [g["group"] for g in own]
    assert groups.caption.text() == "Measure 2: rows per grade or student group"


def test_step_6_monitors_by_quarters_90_day_or_custom_cycles_kept_in_the_plan_with_undo(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    # Given step 6's reports of the sample plan, monitored by quarters from August 2026
    page = MonitorPage(sample_controller)
    show_page(qtbot, page)
    page.tabs.setCurrentIndex(1)
    cycles = page.cycles
    qtbot.waitUntil(lambda: cycles.choice.currentData() == QUARTERS)
    assert not cycles.table.isVisible()
    assert cycles.summary.text().startswith("Reports follow the quarters: Quarter 1, Aug")
    # When the coach picks "90-day cycles" by its first key
    cycles.choice.setFocus()
    qtbot.keyClicks(cycles.choice, "9")
    # Then the plan holds four cycles of three months, shown in the table
    stored_cycles = stored(sample_controller)["cycles"]
    assert [c["name"] for c in stored_cycles] == [f"Cycle {n}" for n in range(1, 5)]
    assert (stored_cycles[0]["start"], stored_cycles[0]["end"]) == ("2026-08", "2026-10")
    assert cycles.choice.currentData() == NINETY_DAYS and cycles.table.isVisible()
    assert sample_controller.undo_stack.undoText() == "Monitor by 90-day cycles"
    # And the milestone report's columns are named after them, with their months
    report = page.milestone_report_model
    assert report.headerData(0, Qt.Orientation.Horizontal).startswith("Cycle 1\nAug – Oct 2026")
    # When "Custom" (the next choice) is picked and the first cycle made to start in September
    qtbot.keyClick(cycles.choice, Qt.Key.Key_Down)
    assert cycles.choice.currentData() == CUSTOM
    table = cycles.table
    model = table.model
    table.view.setCurrentIndex(model.index(0, model.column_of("start")))
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    type_in_new_cell(qtbot, table.view, "2026-09")
    assert stored(sample_controller)["cycles"][0]["start"] == "2026-09"
    # (the report follows the cycle's new months)
    assert report.headerData(0, Qt.Orientation.Horizontal).startswith("Cycle 1\nSep – Oct")
    assert "follow these cycles" in cycles.summary.text()
    assert model.index(0, model.column_of("start_words")).data() == (
        "Sep – Oct 2026 (2\u00a0months)"
    )
    # And a month that is not one is refused, the plan unchanged
    table.view.setCurrentIndex(model.index(0, model.column_of("end")))
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    type_in_new_cell(qtbot, table.view, "October")
    assert stored(sample_controller)["cycles"][0]["end"] == "2026-10"
    # When every step is undone, the plan is monitored by quarters again
    while sample_controller.undo_stack.canUndo():
        sample_controller.undo_stack.undo()
    assert stored(sample_controller)["cycles"] == []
    qtbot.waitUntil(lambda: cycles.choice.currentData() == QUARTERS)
