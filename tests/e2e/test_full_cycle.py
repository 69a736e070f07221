"""A whole improvement cycle, as a school leadership team would live it, through the window.

Given the app's start screen, when a principal creates a plan and fills every step 0–8 with the
keyboard and mouse (undoing and redoing along the way), prepares the plan for the district,
closes it and opens it again, then every entry is still there and ``sipdesk check`` says the
plan is ready to send.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services import outline
from sipdesk.services.checks import readiness
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.adjust_page import AdjustPage
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.monitor_page import TAB_RESULTS, TAB_SUPPORTS, MonitorPage
from sipdesk.ui.pages.needs_page import NeedsPage
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.pages.priorities_page import PrioritiesPage
from sipdesk.ui.pages.review_page import ReviewPage
from sipdesk.ui.pages.root_causes_page import TAB_WHYS, RootCausesPage
from sipdesk.ui.pages.school_page import SchoolPage
from sipdesk.ui.theme import Theme
from tests.plans import days_since
from tests.ui.conftest import ScriptedDialogs, type_in_new_cell

ROOT = Path(__file__).resolve().parents[2]
P = TypeVar("P", bound=QWidget)

# What the team types (ASCII only: QTest types nothing else).
SCHOOL = "Cedar Grove Middle"
GOALS = (
    ("More students read on grade level", "Students at benchmark", "Spring screener"),
    ("More students solve multi-step problems", "Students meeting growth", "Math interim"),
)
STRATEGY = (
    "give every teacher a weekly coaching cycle on explicit reading routines",
    "teachers teach a daily explicit reading routine in every class",
    "students read on grade level by the end of the year",
)
STRATEGY_MEASURE = (
    "Routine seen in learning walks",
    "Monthly learning walks",
    "9 of 24 visits in spring 2026",
    "75% of visits by May 2027",
    "90% of visits by May 2028",
    "95% of visits by May 2029",  # (a target each year of the plan's three)
)
ACTIONS = (
    ("Train every teacher in the routine", "Sign-in sheets", "8/10/2026", "8/11/2026", "2500"),
    ("Start weekly coaching cycles", "Coaching log", "9/1/2026", "5/28/2027", "1,200.50"),
)


def step(window: MainWindow, number: int, kind: type[P]) -> P:
    window.show_step(number)
    page = window.current_page()
    assert isinstance(page, kind), f"step {number} shows {type(page).__name__}"
    return page


def edit(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex, text: str) -> None:
    """Select a cell, F2, type over it, Enter."""
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and view.state() == QAbstractItemView.State.EditingState
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def tab_type(qtbot: QtBot, texts: tuple[str, ...]) -> None:
    """Type into the open cell editor, Tab to the next cell for each text."""
    for text in texts:
        editor = QApplication.focusWidget()
        assert editor is not None
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)


def read_file(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    theme = Theme(qapp)
    theme.apply(zoom=1.0, high_contrast=False)
    win = MainWindow(settings, theme, ScriptedDialogs())

    def shut_down(w: MainWindow) -> None:
        if w.controller is not None:
            with qtbot.waitSignal(w.plan_closed, timeout=15000):
                w.close_plan()
        w.runner.wait(timeout=15)

    qtbot.addWidget(win, before_close_func=shut_down)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def test_a_whole_improvement_cycle_through_the_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    dialogs = window.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    path = tmp_path / "plans" / f"{SCHOOL}.sipdesk"
    path.parent.mkdir()

    # ------------------------------------------------------------ a new plan
    dialogs.answers.append(path)
    window.start_screen.school_name.setFocus()
    qtbot.keyClicks(window.start_screen.school_name, SCHOOL)
    with qtbot.waitSignal(window.plan_opened, timeout=15000) as opened:
        qtbot.keyClick(window.start_screen.school_name, Qt.Key.Key_Return)
    controller = opened.args[0]

    # ------------------------------------------------------------ 0 School & team
    school = step(window, 0, SchoolPage)
    principal = school.fields["principal"]
    principal.setFocus()
    qtbot.keyClicks(principal, "Maria Lopez")
    school_year = school.fields["school_year"]
    school_year.setFocus()
    qtbot.keyClicks(school_year, "2026-27")
    for name in ("Maria Lopez", "Sam Lee"):
        qtbot.mouseClick(school.team.add_button, Qt.MouseButton.LeftButton)
        type_in_new_cell(qtbot, school.team.view, name)
    qtbot.mouseClick(school.add_signers, Qt.MouseButton.LeftButton)

    # ------------------------------------------------------------ 1 Set the direction
    direction = step(window, 1, DirectionPage)
    vision = direction.fields["vision"]
    vision.setFocus()
    qtbot.keyClicks(vision, "Every student reads, reasons and belongs.")
    mission = direction.fields["mission"]
    mission.setFocus()
    qtbot.keyClicks(mission, "We teach every student to read and reason, every day.")
    qtbot.mouseClick(direction.values.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, direction.values.view, "Every child, every day")
    for text, indicator, source in GOALS:
        qtbot.mouseClick(direction.add_goal_button, Qt.MouseButton.LeftButton)
        card = direction._ordered_cards()[-1]
        qtbot.keyClicks(card.text, text)
        qtbot.mouseClick(card.academic, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(card.measures.add_button, Qt.MouseButton.LeftButton)
        type_in_new_cell(qtbot, card.measures.view, indicator)
        model = card.measures.model
        for column, value in (
            (1, source),
            (2, "41% in spring 2026"),
            (3, "50% by spring 2027"),
            (4, "58% by spring 2028"),
            (5, "65% by spring 2029"),  # a target for each year of the three-year plan
        ):
            edit(qtbot, card.measures.view, model.index(0, column), value)
        assert card.smart.text().startswith("✓")
    for field, text in zip(("toa_if", "toa_then", "toa_and"), STRATEGY, strict=True):
        editor = direction.fields[field]
        editor.setFocus()
        qtbot.keyClicks(editor, text)

    # ------------------------------------------------------------ 2 Assess needs
    needs = step(window, 2, NeedsPage)
    for kind, text in (("strength", "Teachers meet weekly"), ("weakness", "No shared routine")):
        field = needs.board.quadrants[kind].add_field
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    process = needs.fields["assessment_process"]
    process.setFocus()
    qtbot.keyClicks(process, "Screener data and learning walks, Feb to May, whole team.")

    # ------------------------------------------------------------ 3 Find root causes
    causes = step(window, 3, RootCausesPage)
    causes.tabs.setCurrentIndex(TAB_WHYS)
    whys = causes.whys
    qtbot.keyClick(whys.new_button, Qt.Key.Key_Space)
    qtbot.keyClicks(whys.symptom, "Students read below grade level")
    qtbot.keyClick(whys.symptom, Qt.Key.Key_Return)
    row = whys.step_row(whys.step_ids()[0])
    qtbot.keyClicks(row.text, "Teachers use different reading routines")
    qtbot.keyClick(row.text, Qt.Key.Key_Tab)
    qtbot.keyClicks(row.evidence, "12 of 20 learning walks")

    # ------------------------------------------------------------ 4 Choose priorities
    priorities = step(window, 4, PrioritiesPage)
    qtbot.keyClick(priorities.add_button, Qt.Key.Key_Space)
    qtbot.keyClicks(priorities.title, "Reading in every class")
    priorities.causes.setFocus()
    priorities.causes.setCurrentRow(0)
    qtbot.keyClick(priorities.causes, Qt.Key.Key_Space)
    assert controller.plan()["priorities"][0]["links"]

    # ------------------------------------------------------------ 5 Build the plan
    plan_page = step(window, 5, PlanPage)
    plan_page.focus_item(f"priority:{controller.plan()['priorities'][0]['id']}")
    qtbot.mouseClick(plan_page.add_strategy_button, Qt.MouseButton.LeftButton)
    form = plan_page.strategy_form
    for area, text in zip((form.if_text, form.then_text, form.and_text), STRATEGY, strict=True):
        area.setFocus()
        qtbot.keyClicks(area, text)
    assert form.check.text().startswith("✓")
    form.practice.setFocus()
    qtbot.keyClicks(form.practice, "3b")
    qtbot.mouseClick(form.measures.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, form.measures.view, "Routine seen in learning walks")
    assert "Measure 1 needs a data source" in form.smart.text()
    measures = form.measures.model
    for key, value in zip(("data_source", "baseline"), STRATEGY_MEASURE[1:3], strict=True):
        edit(qtbot, form.measures.view, measures.index(0, measures.column_of(key)), value)
    # (every year's target in one cell: Tab moves from year 1 to year 2, Enter stores both)
    view = form.measures.view
    view.setCurrentIndex(measures.index(0, measures.column_of("target_y1")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    for target in STRATEGY_MEASURE[3:]:
        qtbot.keyClicks(QApplication.focusWidget(), target)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert not form.smart.text()  # the live check has nothing left to ask for
    qtbot.mouseClick(plan_page.add_milestone_button, Qt.MouseButton.LeftButton)
    milestone = plan_page.milestone_form
    qtbot.keyClicks(milestone.text, "Every teacher uses the routine daily")
    qtbot.keyClick(milestone.text, Qt.Key.Key_Tab)
    qtbot.keyClicks(milestone.timeline, "Aug to Dec 2026")
    table = milestone.action_table
    for text, outputs, start, due, budget in ACTIONS:
        table.view.setFocus()
        qtbot.keyClick(table.view, Qt.Key.Key_Insert)
        qtbot.waitUntil(lambda: table.view.state() == QAbstractItemView.State.EditingState)
        tab_type(qtbot, (text, outputs, start, due, budget, "Title I"))
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, "Maria Lopez")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState)
    assert plan_page.total.text() == "Plan budget: $3,700.50"

    # Undo and redo through the window's Edit menu: the last person responsible goes and comes
    assert window.undo_action.text() == "Undo Edit person responsible"
    window.undo_action.trigger()
    assert table.model.index(1, table.model.column_of("person_responsible")).data() == ""
    window.redo_action.trigger()
    assert table.model.index(1, table.model.column_of("person_responsible")).data() == (
        "Maria Lopez"
    )

    # ------------------------------------------------------------ 6 Monitor progress
    monitor = step(window, 6, MonitorPage)
    grid, grid_model = monitor.grid, monitor.grid_model
    sep = grid_model.column_of(f"{grid_model.months[1]}")
    assert sep is not None
    grid.setFocus()
    grid.setCurrentIndex(grid_model.index(0, sep))
    qtbot.keyClick(grid, Qt.Key.Key_4)  # action 1.1.1.1 done, moves to 1.1.1.2
    qtbot.keyClick(grid, Qt.Key.Key_3)  # action 1.1.1.2 behind
    grid.setCurrentIndex(grid_model.index(1, sep))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.keyClicks(monitor.note_edit, "Coach on leave")
    qtbot.keyClick(monitor.note_edit, Qt.Key.Key_Return)
    monitor.focus_item(f"milestone:{_ids(controller, 'milestone')[0]}")
    report = monitor.milestone_report_model
    assert report.index(report.ROW_DONE, 0).data() == "50 %"
    edit(qtbot, monitor.milestone_report, report.index(report.ROW_CAUSE, 0), "Coach on leave")
    monitor.tabs.setCurrentIndex(TAB_RESULTS)
    results = monitor.results_model
    edit(qtbot, monitor.results, results.index(0, results.COL_PROGRESS), "45% at winter check")
    monitor.tabs.setCurrentIndex(TAB_SUPPORTS)
    qtbot.mouseClick(monitor.add_support_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: monitor.supports.state() == QAbstractItemView.State.EditingState)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "District reading coach two days a week")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: monitor.supports.state() != QAbstractItemView.State.EditingState)

    # ------------------------------------------------------------ 7 Adjust course
    adjust = step(window, 7, AdjustPage)
    behind_ref = next(iter(adjust._behind_rows))
    button = adjust._behind_rows[behind_ref].findChild(QPushButton)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: adjust.log.view.state() == QAbstractItemView.State.EditingState)
    tab_type(qtbot, ("cycles resume in October", "coach on leave in September"))
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Leadership team")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: adjust.log.view.state() != QAbstractItemView.State.EditingState)

    # ------------------------------------------------------------ 8 Review & export
    review = step(window, 8, ReviewPage)
    assert review.health.summary.text().startswith("Everything the plan needs is in place")
    review.comment_step.setCurrentIndex(review.comment_step.findData(5))
    qtbot.keyClicks(review.comment_author, "District liaison")
    qtbot.keyClicks(review.comment_body, "Strong plan; say who coaches in May.")
    qtbot.keyClick(review.comment_body, Qt.Key.Key_Return)
    send = tmp_path / "to the district"
    send.mkdir()
    shown: list[Path] = []
    review.choose_folder = lambda title, start: send
    review.open_folder = shown.append
    window.paper_actions["a4"].trigger()  # File ▸ Export ▸ A4 paper, for everything sent
    with qtbot.waitSignal(review.package_written, timeout=60000) as prepared:
        qtbot.mouseClick(review.prepare_button, Qt.MouseButton.LeftButton)
    package = prepared.args[0]
    assert shown == [send]
    assert review.status_label.text().startswith("Status: Submitted (by Maria Lopez")

    # ------------------------------------------------------------ close, reopen
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    plan = read_file(path)
    with qtbot.waitSignal(window.plan_opened, timeout=15000) as reopened:
        window.open_plan(path)
    assert reopened.args[0].plan() == plan  # the window shows what the file holds

    # Then every entry is in the file
    profile = plan["profile"]
    assert (profile["school_name"], profile["principal"], profile["status"]) == (
        SCHOOL,
        "Maria Lopez",
        "submitted",
    )
    assert profile["vision"] == "Every student reads, reasons and belongs."
    assert (profile["toa_if"], profile["toa_then"], profile["toa_and"]) == STRATEGY
    assert [m["name"] for m in plan["team"]] == ["Maria Lopez", "Sam Lee"]
    assert [s["name"] for s in plan["signatures"]] == ["Maria Lopez", "Sam Lee"]
    assert [(g["text"], g["academic"]) for g in plan["goals"]] == [(g[0], True) for g in GOALS]
    assert [g["measures"][0]["target_y2"] for g in plan["goals"]] == ["58% by spring 2028"] * 2
    assert {(s["kind"], s["text"]) for s in plan["swot"]} == {
        ("strength", "Teachers meet weekly"),
        ("weakness", "No shared routine"),
    }
    assert plan["profile"]["assessment_process"].startswith("Screener data")
    (chain,) = plan["why_chains"]
    assert chain["steps"][0]["text"] == "Teachers use different reading routines"
    (priority,) = plan["priorities"]
    assert priority["title"] == "Reading in every class"
    assert priority["links"][0]["chain_id"] == chain["id"]
    (strategy,) = priority["strategies"]
    assert (strategy["if_text"], strategy["then_text"], strategy["and_text"]) == STRATEGY
    assert strategy["practice_code"] == "3b"
    fields = ("indicator", "data_source", "baseline", "target_y1", "target_y2", "target_y3")
    assert tuple(strategy["measures"][0][f] for f in fields) == STRATEGY_MEASURE
    (milestone_row,) = strategy["milestones"]
    assert milestone_row["timeline"] == "Aug to Dec 2026"
    assert [
        (a["text"], a["budget_cents"], a["person_responsible"], a["start"])
        for a in milestone_row["actions"]
    ] == [
        (ACTIONS[0][0], 250000, "Maria Lopez", "2026-08-10"),
        (ACTIONS[1][0], 120050, "Maria Lopez", "2026-09-01"),
    ]
    first, second = milestone_row["actions"]
    month = grid_model.months[1]
    assert [(s["month"], s["status"]) for s in first["statuses"]] == [(month, "done")]
    assert [(s["status"], s["note"]) for s in second["statuses"]] == [("behind", "Coach on leave")]
    assert milestone_row["reports"][0]["cause_and_adjustments"] == "Coach on leave"
    assert plan["goals"][0]["measures"][0]["results"][0]["progress"] == "45% at winter check"
    assert plan["supports"][0]["needed"] == "District reading coach two days a week"
    (adjustment,) = plan["adjustments"]
    assert adjustment["action_id"] == second["id"]
    assert adjustment["made_on"] in days_since(began)
    assert adjustment["what_changed"].endswith("cycles resume in October")
    assert adjustment["decided_by"] == "Leadership team"
    (comment,) = plan["review_comments"]
    assert (comment["step"], comment["author"]) == (5, "District liaison")
    assert [e["status"] for e in plan["status_history"]] == ["submitted"]
    assert outline.numbering(plan)[f"action:{second['id']}"] == "1.1.1.2"
    assert readiness(plan) == []

    # And the files for the district are there: a clean copy marked submitted, the Tool A PDF
    # and the plan on a page, both on the A4 paper chosen in the window
    assert read_file(package.plan_file)["profile"]["status"] == "submitted"
    assert package.pdf_file.read_bytes().startswith(b"%PDF")
    tool_a = PdfReader(package.pdf_file)
    assert SCHOOL in "\n".join(page.extract_text() or "" for page in tool_a.pages)
    assert sorted(map(round, tool_a.pages[0].mediabox[2:])) == [595, 842]
    summary = PdfReader(package.summary_file)
    assert len(summary.pages) == 1
    assert SCHOOL in (summary.pages[0].extract_text() or "")

    # And the command line agrees the plan is ready to send
    result = subprocess.run(
        [sys.executable, "-m", "sipdesk", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ready to send" in result.stdout


def _ids(controller: Any, kind: str) -> list[int]:
    return [e.id for e in outline.outline(controller.plan()) if e.kind == kind]
