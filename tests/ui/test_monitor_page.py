"""Step 6 — Monitor progress: the month grid by keyboard and mouse, computed report
percentages against hand-worked numbers, narratives, annual results and supports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from sipdesk.models import Action, Strategy, TeamMember
from sipdesk.models.tables import PLAN_PROFILE
from sipdesk.services import measures, monitoring, operations, outline
from sipdesk.services.edits import insert_row, update_row
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.monitoring.month_grid import (
    COL_ACTION,
    FIRST_MONTH_COL,
    STATUS_ROLE,
    MonthGridModel,
)
from sipdesk.ui.monitoring.progress_chart import chart_data, describe
from sipdesk.ui.monitoring.reports import MilestoneReportModel, ResultsModel, StrategyReportModel
from sipdesk.ui.pages.monitor_page import (
    TAB_CHART,
    TAB_REPORTS,
    TAB_RESULTS,
    TAB_SUPPORTS,
    MonitorPage,
)
from sipdesk.ui.theme import Theme
from tests.plans import sample_plan

FIRST = "2026-08"  # Aug–Oct is quarter 1, Nov–Jan quarter 2; semester 1 = Aug–Jan
TODAY = dt.date(2026, 12, 1)  # in quarter 2: quarters 3–4 and semester 2 have not started


def reopen(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def statuses(plan: dict[str, Any], action_id: int) -> dict[str, tuple[str, str]]:
    action = outline.index_plan(plan)[f"action:{action_id}"].data
    return {s["month"]: (s["status"], s["note"]) for s in action["statuses"]}


@pytest.fixture
def small(tmp_path: Path) -> Iterator[PlanController]:
    """One priority, one strategy, milestones M1 (actions 1–3) and M2 (action 4)."""
    doc = PlanDocument.create(
        tmp_path / "Oak Hill.sipdesk",
        lambda s: operations.seed_new_plan(s, "Oak Hill", first_month=FIRST),
    )
    c = PlanController(doc)
    c.run(lambda s: operations.add_priority(s, "Reading"))
    c.run(lambda s: outline.add_strategy(s, 1))
    c.run(lambda s: update_row(s, Strategy, 1, "x", if_text="coach teachers weekly"))
    c.run(lambda s: outline.add_milestone(s, 1))
    c.run(lambda s: outline.add_milestone(s, 1))
    for milestone, text in ((1, "Train"), (1, "Model"), (1, "Observe"), (2, "Review")):
        change = c.run(lambda s, m=milestone: outline.add_action(s, m))
        assert change is not None
        new_id = change.created_id("actions")
        assert new_id is not None
        c.run(lambda s, i=new_id, t=text: update_row(s, Action, i, "x", text=t))
    c.run(lambda s: insert_row(s, TeamMember, "Add team member", {"name": "Ana"}))
    c.undo_stack.clear()
    yield c
    c.close()


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[PlanController]:
    c = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    yield c
    c.close()


def show(qtbot: QtBot, controller: PlanController) -> MonitorPage:
    page = MonitorPage(controller, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def edit_cell(qtbot: QtBot, view: Any, index: QModelIndex, text: str) -> None:
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "F2 did not open an editor"
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


# --------------------------------------------------------------------- the month grid
def test_month_grid_by_keyboard_then_undo(qtbot: QtBot, small: PlanController) -> None:
    # Given the grid, with the cursor on action 1.1.1.1 in September
    page = show(qtbot, small)
    grid, model = page.grid, page.grid_model
    sep = model.column_of("2026-09")
    assert sep is not None
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, sep))
    # When the coach presses Space twice, then 3 and 4 (which move down), then Enter + a note
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert model.index(0, sep).data(STATUS_ROLE) == "not_started"
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert model.index(0, sep).data() == "→ On track"
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_3)
    assert grid.currentIndex().row() == 2  # moved to the next action
    qtbot.keyClick(grid, Qt.Key.Key_D)
    assert grid.currentIndex().row() == 3
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.note_edit.hasFocus()
    assert page.note_label.text() == "&Note for 1.1.1.2, Sep 2026:"
    qtbot.keyClicks(page.note_edit, "Trainer was ill")
    qtbot.keyClick(page.note_edit, Qt.Key.Key_Return)
    assert grid.hasFocus()
    # And Shift+Space on the last action steps backwards from blank to done
    grid.setCurrentIndex(model.index(3, sep))
    qtbot.keyClick(grid, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert model.index(3, sep).data(STATUS_ROLE) == "done"
    # And Delete clears it again
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert model.index(3, sep).data(STATUS_ROLE) == ""

    # Then the file holds each status and the note
    small.flush()
    plan = reopen(small.document.path)
    assert statuses(plan, 1) == {"2026-09": ("on_track", "")}
    assert statuses(plan, 2) == {"2026-09": ("behind", "Trainer was ill")}
    assert statuses(plan, 3) == {"2026-09": ("done", "")}
    assert statuses(plan, 4) == {}

    # And undo goes back one action at a time: the clear, the Shift+Space, then the whole note
    stack = small.undo_stack
    stack.undo()
    stack.undo()
    assert stack.undoText() == "Edit status note"
    stack.undo()
    assert model.index(1, sep).data(Qt.ItemDataRole.ToolTipRole).endswith("Behind")
    stack.redo()
    assert "Note: Trainer was ill" in model.index(1, sep).data(Qt.ItemDataRole.ToolTipRole)


def test_one_click_cycles_a_month(qtbot: QtBot, small: PlanController) -> None:
    page = show(qtbot, small)
    grid, model = page.grid, page.grid_model
    oct_col = model.column_of("2026-10")
    assert oct_col is not None
    index = model.index(0, oct_col)
    grid.scrollTo(index)
    center = grid.visualRect(index).center()
    seen = []
    for _ in range(5):
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=center)
        seen.append(model.index(0, oct_col).data(STATUS_ROLE))
    assert seen == ["not_started", "on_track", "behind", "done", "not_started"]
    # The action's name is its row header; a click there changes nothing
    before = small.undo_stack.count()
    header = grid.verticalHeader()
    assert header.isVisible() and grid.isColumnHidden(COL_ACTION)
    assert model.headerData(0, Qt.Orientation.Vertical) == "1.1.1.1  Train"
    name = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, name))
    assert small.undo_stack.count() == before
    small.flush()
    assert statuses(reopen(small.document.path), 1) == {"2026-10": ("not_started", "")}


def test_carry_forward_fills_this_month(qtbot: QtBot, small: PlanController) -> None:
    small.run(lambda s: operations.set_action_status(s, 1, "2026-09", "behind"))
    small.run(lambda s: operations.set_action_status(s, 2, "2026-08", "done"))
    page = show(qtbot, small)
    page.month_combo.setCurrentIndex(page.month_combo.findData("2026-10"))
    qtbot.mouseClick(page.carry_button, Qt.MouseButton.LeftButton)
    small.flush()
    plan = reopen(small.document.path)
    assert statuses(plan, 1)["2026-10"] == ("behind", "")
    assert statuses(plan, 2)["2026-10"] == ("done", "")
    assert "2026-10" not in statuses(plan, 3)
    assert small.undo_stack.undoText() == "Carry statuses forward"


# --------------------------------------------------------------------- computed reports
def record(c: PlanController, rows: list[tuple[int, str, str]]) -> None:
    for action_id, month, status in rows:
        c.run(lambda s, a=action_id, m=month, st=status: operations.set_action_status(s, a, m, st))


def set_due(c: PlanController, dues: dict[int, str]) -> None:
    for action_id, due in dues.items():
        day = dt.date.fromisoformat(due)
        c.run(lambda s, a=action_id, d=day: update_row(s, Action, a, "Due", due=d))


def test_report_percentages_match_hand_worked_numbers(qtbot: QtBot, small: PlanController) -> None:
    """Due: action 1 Sep 30, 2 Oct 31, 3 Dec 15, 4 Oct 31. By the end of Q1 (Aug–Oct):
    action 1 done in Sep (on time), 2 behind, 3 on track and not due until December (on time)
    → M1 done 1/3 = 33.3 %, on time 2/3 = 66.7 %, behind 1/3 = 33.3 %.
    In Q2 all three are done → 100 % done, 0 % behind; but action 2 was done in December,
    after its October due month, so on time is 2/3 = 66.7 %.
    M2's only action is behind in Q1 and still behind in Q2.
    Semester 1 (Q1+Q2): M1 complete, M2 not → 50 %; M2 behind → 1 milestone behind.
    Today is 1 Dec 2026: quarters 3–4 and semester 2 have not started and show no figures."""
    set_due(small, {1: "2026-09-30", 2: "2026-10-31", 3: "2026-12-15", 4: "2026-10-31"})
    record(
        small,
        [
            (1, "2026-09", "done"),
            (2, "2026-10", "behind"),
            (3, "2026-08", "on_track"),
            (3, "2026-11", "done"),  # Q2, must not count in Q1
            (2, "2026-12", "done"),
            (4, "2026-10", "behind"),
        ],
    )
    page = show(qtbot, small)
    page.focus_item("milestone:1")
    assert page.tabs.currentIndex() == TAB_REPORTS
    m = page.milestone_report_model
    rows = (m.ROW_DONE, m.ROW_ON_TIME, m.ROW_BEHIND)
    assert [m.index(r, 0).data() for r in rows] == ["33.3 %", "66.7 %", "33.3 %"]
    assert [m.index(r, 1).data() for r in rows] == ["100 %", "66.7 %", "0 %"]
    assert "1 of 3 actions done by the end of Quarter 1 (Aug – Oct 2026)" in m.index(
        m.ROW_DONE, 0
    ).data(Qt.ItemDataRole.ToolTipRole)
    # The on-time rule is told in plain words where the figure is
    on_time_tip = m.index(m.ROW_ON_TIME, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 of 3 actions on time by the end of Quarter 2" in on_time_tip
    assert "marked done in or before the month it is due" in on_time_tip
    assert "due" in str(m.headerData(m.ROW_ON_TIME, Qt.Orientation.Vertical, 3))
    assert page.on_time_hint.isVisibleTo(page)
    # Quarters that have not started show a dash and say so, never a carried-on figure
    for quarter in (2, 3):
        assert [m.index(r, quarter).data() for r in rows] == ["—", "—", "—"]
        assert "not started yet" in m.index(m.ROW_DONE, quarter).data(Qt.ItemDataRole.ToolTipRole)
    assert "not started yet" in m.headerData(2, Qt.Orientation.Horizontal)
    assert m.headerData(1, Qt.Orientation.Horizontal) == "Quarter 2\nNov 2026 – Jan 2027"
    # Computed cells cannot be typed into
    assert not (m.flags(m.index(m.ROW_DONE, 0)) & Qt.ItemFlag.ItemIsEditable)
    s = page.strategy_report_model
    assert (s.index(s.ROW_DONE, 0).data(), s.index(s.ROW_BEHIND, 0).data()) == ("50 %", "1")
    assert (s.index(s.ROW_DONE, 1).data(), s.index(s.ROW_BEHIND, 1).data()) == ("—", "—")
    # M2: its one action is behind in Q1 → 0 % done, 100 % behind
    page.focus_item("milestone:2")
    assert [m.index(r, 0).data() for r in rows] == ["0 %", "0 %", "100 %"]
    # A milestone with no actions shows a dash, not 0 %
    small.run(lambda s: outline.add_milestone(s, 1))
    page.focus_item("milestone:3")
    assert m.index(m.ROW_DONE, 0).data() == "—"


def test_step_6_follows_the_plans_own_cycles_names_months_and_figures(
    qtbot: QtBot, small: PlanController
) -> None:
    """Three trimesters of four months (Aug–Nov, Dec–Mar, Apr–Jul) instead of quarters, with
    the statuses and due dates of the hand-worked quarters above. At the end of November
    (trimester 1): action 1 done (Sep, due Sep: on time), 2 behind, 3 done in Nov (due Dec:
    on time) → done 2/3 = 66.7 %, on time 66.7 %, behind 33.3 % (quarter 1 said 33.3 % done:
    the figures come from the cycle's own months). Trimester 2 is under way on 1 Dec 2026:
    all three done, action 2 late → 100 %, 66.7 %, 0 %. Trimester 3 has not started."""
    set_due(small, {1: "2026-09-30", 2: "2026-10-31", 3: "2026-12-15", 4: "2026-10-31"})
    record(
        small,
        [
            (1, "2026-09", "done"),
            (2, "2026-10", "behind"),
            (3, "2026-08", "on_track"),
            (3, "2026-11", "done"),
            (2, "2026-12", "done"),
            (4, "2026-10", "behind"),
        ],
    )
    for name, start, end in (
        ("Trimester 1", "2026-08", "2026-11"),
        ("Trimester 2", "2026-12", "2027-03"),
        ("Trimester 3", "2027-04", "2027-07"),
    ):
        small.run(lambda s, n=name, a=start, b=end: measures.add_cycle(s, name=n, start=a, end=b))
    page = show(qtbot, small)
    page.resize(1366, 768)
    page.focus_item("milestone:1")
    m = page.milestone_report_model
    # The report has one column per cycle, named after it with its months, not quarters
    assert m.columnCount() == 3
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers[:2] == ["Trimester 1\nAug – Nov 2026", "Trimester 2\nDec 2026 – Mar 2027"]
    assert headers[2] == "Trimester 3\nApr – Jul 2027\n(not started yet)"
    rows = (m.ROW_DONE, m.ROW_ON_TIME, m.ROW_BEHIND)
    assert [m.index(r, 0).data() for r in rows] == ["66.7 %", "66.7 %", "33.3 %"]
    assert [m.index(r, 1).data() for r in rows] == ["100 %", "66.7 %", "0 %"]
    assert [m.index(r, 2).data() for r in rows] == ["—", "—", "—"]
    assert "2 of 3 actions done by the end of Trimester 1 (Aug – Nov 2026)" in m.index(
        m.ROW_DONE, 0
    ).data(Qt.ItemDataRole.ToolTipRole)
    # The narrative lines are typed per cycle, and kept in the plan file
    edit_cell(qtbot, page.milestone_report, m.index(m.ROW_COMMENTS, 2), "Spring push")
    small.flush()
    milestone = outline.index_plan(reopen(small.document.path))["milestone:1"].data
    assert [(r["quarter"], r["comments"]) for r in milestone["reports"]] == [(3, "Spring push")]
    # The month grid marks where each cycle begins and names it for each month
    grid = page.grid_model
    dec, nov = grid.column_of("2026-12"), grid.column_of("2026-11")
    assert dec is not None and nov is not None
    assert grid.starts_period(dec) and not grid.starts_period(nov)
    assert grid.headerData(dec, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Dec 2026, Trimester 2 (this month)"
    )
    # The progress chart has a bar per cycle, counted at the cycle's last month
    (bars,) = chart_data(small.plan(), TODAY)
    assert bars.labels == ("Trimester 1", "Trimester 2", "Trimester 3")
    assert bars.started == (True, True, False)
    assert bars.periods[0] == {"done": 2, "on_track": 0, "behind": 2, "not_started": 0, "none": 0}
    assert "Trimester 1: 2 of 4 done, 2 behind" in describe([bars])
    assert "Trimester 3: not started yet" in describe([bars])
    assert "follow these cycles" in page.cycles.summary.text()
    # A fourth and a fifth cycle (monthly in spring): a column each, notes typed in the fifth
    for name, month in (("April", "2027-04"), ("May", "2027-05")):
        small.run(lambda s, n=name, a=month: measures.add_cycle(s, name=n, start=a, end=a))
    page.focus_item("milestone:1")
    assert m.columnCount() == 5
    assert m.headerData(4, Qt.Orientation.Horizontal).startswith("May\nMay 2027")
    edit_cell(qtbot, page.milestone_report, m.index(m.ROW_COMMENTS, 4), "Last push")
    small.flush()
    milestone = outline.index_plan(reopen(small.document.path))["milestone:1"].data
    assert [(r["quarter"], r["comments"]) for r in milestone["reports"]] == [
        (3, "Spring push"),
        (5, "Last push"),
    ]
    for _ in range(3):
        small.undo_stack.undo()  # the note, the May and the April cycles
    assert m.columnCount() == 3
    # (a look at the reports and the chart at 1366×768)
    page.tabs.setCurrentIndex(TAB_REPORTS)
    for _ in range(3):
        QApplication.processEvents()  # (the tables refit on the next turn of the event loop)
    assert page.grab().save(str(small.document.path.with_name("step6-cycles.png")))
    page.tabs.setCurrentIndex(TAB_CHART)
    assert page.grab().save(str(small.document.path.with_name("step6-chart.png")))


def test_reports_catch_up_with_statuses_typed_in_the_grid(
    qtbot: QtBot, small: PlanController
) -> None:
    # Given the grid on screen (the reports tab is not)
    page = show(qtbot, small)
    grid, model = page.grid, page.grid_model
    sep = model.column_of("2026-09")
    assert sep is not None
    grid.setFocus()
    grid.setCurrentIndex(model.index(0, sep))
    # When actions 1–3 are marked done, behind, on track in September
    for key in (Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_2):
        qtbot.keyClick(grid, key)
    # Then the milestone report shows 1 of 3 done, 1 of 3 on time, 1 of 3 behind for Q1
    # (these actions have no due dates, so only the done one is shown to be on time)
    page.focus_item("milestone:1")
    m = page.milestone_report_model
    assert [m.index(r, 0).data() for r in (m.ROW_DONE, m.ROW_ON_TIME, m.ROW_BEHIND)] == [
        "33.3 %",
        "33.3 %",
        "33.3 %",
    ]
    assert page.chart.bars[0].periods[0]["behind"] == 1
    # And undo in the grid's tab is followed too
    page.tabs.setCurrentIndex(0)
    small.undo_stack.undo()
    assert model.index(2, sep).data(STATUS_ROLE) == ""


def test_report_narratives_are_typed_and_stored(qtbot: QtBot, small: PlanController) -> None:
    page = show(qtbot, small)
    page.focus_item("milestone:1")
    m = page.milestone_report_model
    edit_cell(qtbot, page.milestone_report, m.index(m.ROW_OUTPUTS, 0), "Sign-in sheets")
    edit_cell(qtbot, page.milestone_report, m.index(m.ROW_CAUSE, 1), "Trainer moved to Nov")
    s = page.strategy_report_model
    edit_cell(qtbot, page.strategy_report, s.index(s.ROW_CAUSE, 1), "Coaching restarted")
    small.flush()
    plan = reopen(small.document.path)
    reports = outline.index_plan(plan)["milestone:1"].data["reports"]
    assert [
        (r["quarter"], r["outputs_completed"], r["cause_and_adjustments"]) for r in reports
    ] == [
        (1, "Sign-in sheets", ""),
        (2, "", "Trainer moved to Nov"),
    ]
    strategy = outline.index_plan(plan)["strategy:1"].data
    assert strategy["reports"][0] | {"id": 0} == {
        "id": 0,
        "semester": 2,
        "cause_and_adjustments": "Coaching restarted",
    }


def test_annual_results_and_supports(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    # Year 2 results for strategy 1.2's measure
    page.tabs.setCurrentIndex(TAB_RESULTS)
    page.year_combo.setCurrentIndex(1)
    r = page.results_model
    assert r.headerData(r.COL_TARGET, Qt.Orientation.Horizontal) == "Target year 2"
    assert page.focus_item("measure:7")
    row = r.row_of(7)
    assert row is not None
    assert r.index(row, r.COL_MEASURE).data() == "Strategy 1.2 · measure 1"
    edit_cell(qtbot, page.results, r.index(row, r.COL_PROGRESS), "92% of groups")
    edit_cell(qtbot, page.results, r.index(row, r.COL_EXPLANATION), "On target")
    # The team stops monitoring this measure with Space on its tick box
    page.results.setFocus()
    page.results.setCurrentIndex(r.index(row, r.COL_MONITORED))
    qtbot.keyClick(page.results, Qt.Key.Key_Space)
    unchecked = Qt.CheckState.Unchecked.value
    assert r.index(row, r.COL_MONITORED).data(Qt.ItemDataRole.CheckStateRole) == unchecked
    # A support added for the plan as a whole
    page.tabs.setCurrentIndex(TAB_SUPPORTS)
    before = page.supports_model.rowCount()
    qtbot.mouseClick(page.add_support_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.supports.state() == QAbstractItemView.State.EditingState)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Interpreters for family nights")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Two interpreters")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.supports.state() != QAbstractItemView.State.EditingState)
    assert page.supports_model.rowCount() == before + 1
    sample.flush()
    plan = reopen(sample.document.path)
    measure = next(m for label, m in outline.strategy_measures(plan) if m["id"] == 7)
    year2 = next(x for x in measure["results"] if x["year"] == 2)
    assert (year2["progress"], year2["explanation"]) == ("92% of groups", "On target")
    assert measure["monitored"] is False
    support = plan["supports"][-1]
    assert (support["needed"], support["provided"]) == (
        "Interpreters for family nights",
        "Two interpreters",
    )


def test_the_yearly_results_offer_every_year_of_the_plans_span(
    qtbot: QtBot, sample: PlanController
) -> None:
    # Given the sample, a three-year plan: its results are for years 1 to 3
    page = show(qtbot, sample)
    page.tabs.setCurrentIndex(TAB_RESULTS)
    combo = page.year_combo
    years = lambda: [combo.itemData(i) for i in range(combo.count())]  # noqa: E731
    assert years() == [1, 2, 3]
    # When step 0 makes it a five-year plan, then years 4 and 5 are offered too
    sample.set_field(PLAN_PROFILE, 1, "Plan span", plan_years=5)
    qtbot.waitUntil(lambda: years() == [1, 2, 3, 4, 5])
    # and the team writes year 5's result for strategy 1.2's measure, kept in the plan file
    combo.setCurrentIndex(4)
    r = page.results_model
    assert r.headerData(r.COL_TARGET, Qt.Orientation.Horizontal) == "Target year 5"
    row = r.row_of(7)
    assert row is not None
    edit_cell(qtbot, page.results, r.index(row, r.COL_PROGRESS), "97% of groups")
    sample.flush()
    measure = next(
        m for _, m in outline.strategy_measures(reopen(sample.document.path)) if m["id"] == 7
    )
    assert [(x["year"], x["progress"]) for x in measure["results"] if x["year"] == 5] == [
        (5, "97% of groups")
    ]
    # When it becomes an annual plan, year 1 alone is offered (year 5's result is kept)
    sample.set_field(PLAN_PROFILE, 1, "Plan span", plan_years=1)
    qtbot.waitUntil(lambda: years() == [1])
    assert combo.currentData() == 1 and r.year == 1


def test_progress_chart_counts(qtbot: QtBot, small: PlanController) -> None:
    record(small, [(1, "2026-09", "done"), (2, "2026-10", "behind")])
    page = show(qtbot, small)
    (bars,) = chart_data(small.plan(), TODAY)
    assert bars.number == "1.1"
    assert bars.periods[0] == {"done": 1, "on_track": 0, "behind": 1, "not_started": 0, "none": 2}
    assert "Q1: 1 of 4 done, 1 behind" in describe([bars])
    # Quarters 3 and 4 have not begun on 1 Dec 2026: empty bars, not Q2's standing again
    assert bars.started == (True, True, False, False)
    assert bars.periods[2] == bars.periods[3] == dict.fromkeys(bars.periods[0], 0)
    assert "Q3: not started yet; Q4: not started yet" in describe([bars])
    page.tabs.setCurrentIndex(TAB_CHART)  # the chart is drawn when its tab is shown
    assert page.chart.accessibleDescription() == describe([bars])
    assert not page.chart.grab().isNull()


# --------------------------------------------------------------------- contracts
def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, sample: PlanController
) -> None:
    page = show(qtbot, sample)
    page.focus_item("milestone:1")
    for model in (
        page.grid_model,
        page.milestone_report_model,
        page.strategy_report_model,
        page.results_model,
        page.supports_model,
    ):
        qtmodeltester.check(model, force_py=True)
    assert isinstance(page.grid_model, MonthGridModel)
    assert isinstance(page.milestone_report_model, MilestoneReportModel)
    assert isinstance(page.strategy_report_model, StrategyReportModel)
    assert isinstance(page.results_model, ResultsModel)
    assert page.grid_model.columnCount() == FIRST_MONTH_COL + 12


def test_focus_item_and_names(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    assert page.focus_item("action:5")
    assert page.grid.currentIndex().row() == page.grid_model.row_for(5)
    assert page.focus_item("support:2")
    assert page.focus_item("goal:1")
    assert page.tabs.currentIndex() == TAB_RESULTS
    assert not page.focus_item("priority:1")
    for widget in (
        page.month_combo,
        page.carry_button,
        page.grid,
        page.note_edit,
        page.strategy_combo,
        page.milestone_combo,
        page.milestone_report,
        page.strategy_report,
        page.year_combo,
        page.results,
        page.supports,
        page.add_support_button,
        page.delete_support_button,
        page.chart,
    ):
        assert widget.accessibleName(), type(widget).__name__
    # Tab leaves the grid (it does not trap the keyboard)
    assert not page.grid.tabKeyNavigation()


# --------------------------------------------------------------------- fitting the window
def test_step_title_and_tab_titles_that_fit(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    texts = [w.text() for w in page.findChildren(QLabel)]
    assert "STEP 6" in texts and "Monitor progress" in texts
    full = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert full[1] == "Milestone && strategy reports"
    # When the page is too narrow for the full titles (a projector at a large zoom), the tabs
    # take their short titles instead of hiding some behind scroll arrows; the full title
    # stays in the tooltip
    page.resize(420, 700)
    qtbot.waitUntil(lambda: page.tabs.tabText(1) == "Reports")
    assert not page.tabs.usesScrollButtons()
    assert page.tabs.tabToolTip(1) == "Milestone & strategy reports"
    bar = page.tabs.tabBar()
    assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= page.tabs.width()
    page.resize(1400, 900)
    qtbot.waitUntil(lambda: page.tabs.tabText(1) == full[1])


def test_action_names_wrap_and_the_name_column_can_be_widened(
    qtbot: QtBot, small: PlanController
) -> None:
    long_name = "Hold two days of curriculum training with the district literacy trainers"
    small.run(lambda s: update_row(s, Action, 1, "x", text=long_name))
    page = show(qtbot, small)
    grid = page.grid
    header = grid.action_header()
    # A name too long for one line wraps onto a second: its row is taller than a short one's
    qtbot.waitUntil(lambda: header.lines_of(0) == 2)
    assert header.lines_of(1) == 1
    assert header.sectionSize(0) > header.sectionSize(1) == header.defaultSectionSize()
    # Dragging the right edge of the names makes the column wider, in characters
    edits = small.undo_stack.count()
    before = header.width()
    y = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    wider = before + 60 * header.fontMetrics().averageCharWidth()  # room for 60 more letters
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(before - 2, y))
    qtbot.mouseMove(header.viewport(), pos=QPoint(wider, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(wider, y))
    qtbot.waitUntil(lambda: header.width() > before + 200)
    assert header.chars > header.CHARS
    # Now the long name fits one line again, and its row is back to one line
    qtbot.waitUntil(lambda: header.lines_of(0) == 1)
    assert header.sectionSize(0) == header.defaultSectionSize()
    # The drag changed nothing in the plan; one click on a month still cycles its status
    assert small.undo_stack.count() == edits
    oct_col = page.grid_model.column_of("2026-10")
    assert oct_col is not None
    index = page.grid_model.index(0, oct_col)
    grid.scrollTo(index)
    qtbot.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(index).center()
    )
    assert page.grid_model.index(0, oct_col).data(STATUS_ROLE) == "not_started"


# --------------------------------------------------------------------- whole months, padding
def test_the_grid_shows_whole_months_up_to_the_current_one(
    qtbot: QtBot, small: PlanController
) -> None:
    # Given the grid as wide as step 6 is in a 1366×768 window (with the side panel), on
    # 1 December 2026: the plan's fifth month, too far right to show beside August
    page = show(qtbot, small)
    page.resize(790, 640)
    grid, model = page.grid, page.grid_model
    bar = grid.horizontalScrollBar()
    december = model.column_of("2026-12")
    assert december is not None and model.current_month == "2026-12"
    room = grid.viewport

    def whole(col: int) -> bool:
        left = grid.columnViewportPosition(col)
        return left >= 0 and left + grid.columnWidth(col) <= room().width()

    def settled() -> bool:
        return grid.width() < 760 and bar.value() > 0 and whole(december)

    qtbot.waitUntil(settled)
    # Then December is whole, and so is November before it
    assert grid.currentIndex().column() == december
    assert whole(december - 1)
    # And the months start at the view's left edge: no month cut at either side (what is
    # left over at the right is less than a pixel a month)
    shown = [c for c in range(FIRST_MONTH_COL, model.columnCount()) if whole(c)]
    assert grid.columnViewportPosition(shown[0]) == 0
    assert room().width() - sum(grid.columnWidth(c) for c in shown) < len(shown)
    assert shown[-1] == december  # the months that passed, not the empty ones ahead
    # Every status fits its month
    metrics = grid.fontMetrics()
    for status in monitoring.STATUS_CYCLE:
        assert grid.columnWidth(december) > metrics.horizontalAdvance(
            model.index(0, december).data() or status
        )
    # When the coach picks a far month with the keyboard and comes back, whole months again
    page.month_combo.setFocus()
    last = page.month_combo.count() - 1
    page.month_combo.setCurrentIndex(last)
    page.month_combo.activated.emit(last)
    july = model.column_of(model.months[-1])
    assert july is not None
    qtbot.waitUntil(lambda: whole(july))
    page.month_combo.setCurrentIndex(0)
    page.month_combo.activated.emit(0)
    qtbot.waitUntil(lambda: bar.value() == 0)
    # Nowhere a sideways scroll bar: the months move with the chooser and its buttons
    assert not bar.isVisible()
    page.month_combo.setCurrentIndex(page.month_combo.findData("2026-12"))
    page.month_combo.activated.emit(page.month_combo.currentIndex())
    qtbot.waitUntil(lambda: whole(december))
    for _ in range(4):  # back to August, the plan's first month
        qtbot.mouseClick(page.earlier_button, Qt.MouseButton.LeftButton)
    assert grid.currentIndex().column() == FIRST_MONTH_COL
    qtbot.waitUntil(lambda: bar.value() == 0 and whole(FIRST_MONTH_COL))
    assert not page.earlier_button.isEnabled() and page.later_button.isEnabled()
    qtbot.mouseClick(page.later_button, Qt.MouseButton.LeftButton)
    assert page.month_combo.currentData() == model.months[1]
    assert grid.currentIndex().column() == FIRST_MONTH_COL + 1
    # A wider window keeps whole months too
    page.resize(1300, 700)
    grid.setCurrentIndex(model.index(0, december))
    qtbot.waitUntil(lambda: grid.width() > 1000 and whole(december))
    shown = [c for c in range(FIRST_MONTH_COL, model.columnCount()) if whole(c)]
    assert grid.columnViewportPosition(shown[0]) == 0


def test_the_chart_has_room_around_it(qtbot: QtBot, small: PlanController) -> None:
    record(small, [(1, "2026-09", "done")])
    page = show(qtbot, small)
    page.tabs.setCurrentIndex(TAB_CHART)
    chart = page.chart
    qtbot.waitUntil(chart.isVisible)
    line = chart.fontMetrics().height()
    margins = chart.contentsMargins()
    assert min(margins.left(), margins.top(), margins.right(), margins.bottom()) >= line // 2
    # Nothing is drawn in that padding (but for a line's anti-aliased half pixel): the strips
    # along the edges are plain background
    image = chart.grab().toImage()
    background = image.pixelColor(0, 0)
    for x in range(margins.left() - 1):
        for y in range(0, image.height(), 3):
            assert image.pixelColor(x, y) == background, (x, y)
    for y in range(margins.top() - 1):
        for x in range(0, image.width(), 3):
            assert image.pixelColor(x, y) == background, (x, y)
    # And it grows with the presentation zoom
    page.chart.setFont(QFont(page.font().family(), round(page.font().pointSizeF() * 1.5)))
    assert chart.contentsMargins().left() > margins.left()


def test_annual_results_and_supports_fit_a_projector(
    qtbot: QtBot, sample: PlanController, theme: Theme
) -> None:
    # Given step 6 as presentation mode shows it on a 1366×768 screen (150 %, no side panel)
    theme.apply(zoom=1.5, high_contrast=True)
    page = show(qtbot, sample)
    page.resize(1009, 706)
    for tab, view in ((TAB_RESULTS, page.results), (TAB_SUPPORTS, page.supports)):
        page.tabs.setCurrentIndex(tab)
        header = view.horizontalHeader()
        count = view.model().columnCount()

        def fitted(v: Any = view, h: Any = header, n: int = count) -> bool:
            widths = [h.sectionSize(c) for c in range(n)]
            return v.isVisible() and v.width() < 1000 and widths == v.column_widths()

        qtbot.waitUntil(fitted)
        # Then every column lies whole in the table: the last is not cut mid-word
        assert view.horizontalScrollBar().maximum() == 0, tab
        room = view.viewport().width()
        for col in range(count):
            left = header.sectionViewportPosition(col)
            assert left >= 0 and left + header.sectionSize(col) <= room, (tab, col)
            # no column narrower than a word of its title (the titles wrap between words)
            assert header.sectionSize(col) >= header.word_width(col), (tab, col)
        assert header.height() >= header.fit_height()
        # And every row is as tall as its wrapped text (a long word breaks, never cut off)
        delegate = view.itemDelegate()
        for row in range(view.model().rowCount()):
            for col in range(count):
                option = QStyleOptionViewItem()
                view.initViewItemOption(option)
                option.rect = QRect(0, 0, header.sectionSize(col), 10)
                hint = delegate.sizeHint(option, view.model().index(row, col))
                assert hint.height() <= view.rowHeight(row), (tab, row, col)
