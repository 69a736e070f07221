"""Every table's model passes Qt's model tester (pytest-qt's, in Python), on the sample plan
and while the plan changes under it: the step pages' tables, the month grid, the reports, the
vote ranking and the meeting dialog's agenda and parking lot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from sipdesk.services import measures, monitoring, outline
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.meeting.dialog import MeetingDialog
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.monitor_page import MonitorPage
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.pages.school_page import SchoolPage
from sipdesk.ui.plan.measures import MeasureGroupsModel
from sipdesk.ui.tables import PlanItemsModel, TableRowsModel
from tests.ui.conftest import open_plan

Check = Callable[[QAbstractItemModel], None]


@pytest.fixture
def model_check(request: pytest.FixtureRequest) -> Iterator[Check]:
    """Checks a model now and again after every change it signals: one tester a model (a
    tester follows only the last model it was given)."""
    testers: list[ModelTester] = []

    def check(model: QAbstractItemModel) -> None:
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        testers.append(tester)

    yield check
    for tester in testers:
        if isValid(tester._model):  # (not deleted already, with its page)
            tester._cleanup()


def table_models(root: QWidget) -> list[QAbstractItemModel]:
    """The models of every table under ``root``."""
    models: list[QAbstractItemModel] = []
    for view in root.findChildren(QTableView):
        model = view.model()
        if model is not None and model not in models:
            models.append(model)
    return models


# Every kind of table model the window shows, and where.
KINDS = {
    "TableRowsModel": "steps 0 and 1: the team, signatures, core values, glossary, measures",
    "MeasureGroupsModel": "steps 1 and 5: a measure's rows per grade or student group",
    "CyclesModel": "step 6: the plan's monitoring cycles",
    "PlanItemsModel": "steps 5, 6, 7 and 8: measures, actions, supports, adjustments, comments",
    "MonthGridModel": "step 6: the monthly status grid",
    "MilestoneReportModel": "step 6: the milestone report, a column per monitoring period",
    "StrategyReportModel": "step 6: the semester strategy report",
    "ResultsModel": "step 6: the annual results per measure",
    "RankingModel": "step 3: the vote ranking",
    "QStandardItemModel": "step 8: the status history",
}


def test_every_tables_model_passes_the_model_tester_while_the_plan_changes(
    qtbot: QtBot, window: MainWindow, sample_file: Path, model_check: Check
) -> None:
    # Given every step of the sample plan shown once, the forms of step 5 and the reports
    # of step 6 with an item in them
    controller = open_plan(qtbot, window, sample_file)
    # (and a row per grade under the first goal's and the first strategy's first measure)
    plan = controller.plan()
    goal_measure = plan["goals"][0]["measures"][0]["id"]
    strategy_measure = plan["priorities"][0]["strategies"][0]["measures"][0]["id"]
    for measure_id in (goal_measure, strategy_measure):
        controller.run(lambda s, m=measure_id: measures.add_measure_group(s, m, group="Grade 3"))
    controller.run(lambda s: measures.add_cycle(s))  # (and monitored by cycles)
    models: list[QAbstractItemModel] = []
    for step in range(9):
        window.show_step(step)
        page = window.current_page()
        assert page is not None
        if isinstance(page, DirectionPage):
            page.goal_cards[plan["goals"][0]["id"]].measures.select_id(goal_measure)
        if isinstance(page, PlanPage):
            assert page.focus_item("strategy:1")
            assert page.strategy_form.measures.select_id(strategy_measure)
            models += [page.strategy_form.groups.model]
            assert page.focus_item("milestone:1")
        if isinstance(page, MonitorPage):
            assert page.focus_item("milestone:1")
        # (the other measures' group tables wait, empty, for their measure to be selected)
        models += [
            m
            for m in table_models(page)
            if m not in models and (m.rowCount() or not isinstance(m, MeasureGroupsModel))
        ]
    # Then every table's model is one the tester knows, and each passes it
    assert {type(m).__name__ for m in models} == set(KINDS)
    assert all(m.rowCount() > 0 for m in models), [type(m).__name__ for m in models]
    for model in models:
        model_check(model)
    # And each still passes while rows change under it: edited, added, moved, removed,
    # undone, redone, and the whole plan read again
    controller.run(lambda s: outline.add_action(s, 1, 0))
    controller.run(lambda s: outline.move_item(s, "action:1", 1))
    controller.run(lambda s: outline.delete_item(s, "action:2"))
    controller.run(lambda s: outline.delete_item(s, "measure:1"))
    controller.run(lambda s: monitoring.add_adjustment(s, index=0))
    controller.run(lambda s: measures.add_measure_group(s, goal_measure, group="Grade 4", index=0))
    controller.run(lambda s: measures.set_group_target(s, 1, 2, "50 % by June 2028"))
    controller.run(lambda s: measures.add_cycle(s))
    for model in models:
        if isinstance(model, TableRowsModel | PlanItemsModel) and model.rowCount():
            column = next(i for i, c in enumerate(model.columns) if c.kind == "text")
            model.setData(model.index(0, column), "Changed in the test")
    stack = controller.undo_stack
    while stack.canUndo():
        stack.undo()
    while stack.canRedo():
        stack.redo()
    controller.reload()
    for step in range(9):  # the pages re-read the plan when they show
        window.show_step(step)
    qtbot.wait(50)


def test_the_meeting_dialogs_tables_pass_the_model_tester(
    qtbot: QtBot, window: MainWindow, sample_file: Path, model_check: Check
) -> None:
    controller = open_plan(qtbot, window, sample_file)
    dialog = MeetingDialog(controller, lambda: 3, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    models = table_models(dialog)
    assert set(models) == {dialog.agenda.model, dialog.lot.model}
    for model in models:
        model_check(model)
    # while rows are added, checked off, moved and removed through the tables' buttons
    for tab, editor in enumerate((dialog.agenda, dialog.lot)):
        dialog.show_tab(tab)
        for _ in range(3):
            editor.add_button.click()
            qtbot.keyClick(editor.view.focusWidget() or editor.view, Qt.Key.Key_Escape)
        assert editor.model.rowCount() >= 3 and editor.current_row() is not None
        editor.up_button.click()
        editor.remove_button.click()
    done = dialog.lot.model.column_of("done")
    assert dialog.lot.model.setData(
        dialog.lot.model.index(0, done), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    controller.undo_stack.undo()


def test_a_form_list_model_follows_its_editors_buttons_and_keys(
    qtbot: QtBot, window: MainWindow, sample_file: Path, model_check: Check
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(0)
    page = window.current_page()
    assert isinstance(page, SchoolPage)
    team = page.team
    model_check(team.model)
    count = team.model.rowCount()
    # Insert adds a row after the selected one, Alt+Down moves it, Delete removes it
    team.view.setFocus()
    team.view.selectRow(0)
    qtbot.keyClick(team.view, Qt.Key.Key_Insert)
    qtbot.keyClick(team.view.focusWidget() or team.view, Qt.Key.Key_Escape)
    assert team.model.rowCount() == count + 1 and team.current_row() == 1
    new_id = team.model.row_id(1)
    qtbot.keyClick(team.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert team.model.row_of(new_id) == 2 and team.current_row() == 2
    qtbot.keyClick(team.view, Qt.Key.Key_Delete)
    assert team.model.rowCount() == count and team.model.row_of(new_id) is None
