"""The district's list of expected schools in the desk window (issue 13): schools that have sent
nothing yet have rows of their own on a real desk, sort by their deadline (missing first), say
warmly that no plan has arrived when opened, and File ▸ Expect a school… adds one through the
window's dialogs. Looked at 1366 × 768 with two expected schools."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.district.document import DeskDocument, utc_now
from sipdesk.district.expectations import set_expectations
from sipdesk.district.schools import local_day, school_rows
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.schools_model import column_number
from sipdesk.ui.theme import Theme
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk

NO_PLAN = "No plan has arrived from Pine Ridge High yet."


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    inbox, _later = inbox_of_four(tmp_path / "plans")
    desk = new_desk(tmp_path / "Riverside Unified.sipdistrict")
    add_to_desk(desk, inbox)
    for argv in (["Pine Ridge High", "--state-id", "ST-9"], ["Cedar Park Elementary"]):
        assert main(["district", "expect-school", str(desk), *argv]) == 0
    with DeskDocument.open(desk) as doc, doc.transaction() as session:
        arrived = min(local_day(r.latest_received) for r in school_rows(session) if r.versions)
        # The first draft was due the day before the plans came; the final plan in a month.
        set_expectations(
            session,
            now=utc_now(),
            first_draft_due=arrived - dt.timedelta(days=1),
            final_due=arrived + dt.timedelta(days=30),
        )
    return desk


@pytest.fixture
def window(
    qtbot: QtBot,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    desk_file: Path,
) -> DeskWindow:
    shown = DeskWindow(settings, theme, dialogs)
    qtbot.addWidget(shown, before_close_func=lambda w: _close(qtbot, w))
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.desk_opened, timeout=15000):
        shown.open_desk(desk_file)
    return shown


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


def _column(window: DeskWindow, key: str) -> list[str]:
    column = column_number(key)
    return [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]


def _choose(window: DeskWindow, school: str) -> None:
    row = _column(window, "school").index(school)
    window.table.setCurrentIndex(window.proxy.index(row, 0))


def test_expected_schools_show_and_sort_the_most_urgent_first(
    window: DeskWindow, output_dir: Path
) -> None:
    assert "6 schools · 4 plan versions received · 2 not sent a plan yet" in window.facts.text()
    window.table.sortByColumn(column_number("deadline"), Qt.SortOrder.AscendingOrder)
    assert _column(window, "school")[:2] == ["Cedar Park Elementary", "Pine Ridge High"]
    assert _column(window, "deadline")[:3] == [
        "Missing: first draft",
        "Missing: first draft",
        "Late: first draft",
    ]
    for key, words in (
        ("status", "No plan yet"),
        ("findings", "—"),
        ("score", "—"),
        ("latest", "—"),
        ("year", "—"),
        ("versions", "0"),
    ):
        assert _column(window, key)[:2] == [words, words], key
    # Sorted by the latest version, schools with nothing yet come before every plan received.
    window.table.sortByColumn(column_number("latest"), Qt.SortOrder.AscendingOrder)
    assert _column(window, "latest")[:2] == ["—", "—"]
    # The status filter's "No plan yet" shows who has not sent anything.
    window.status_box.setCurrentIndex(window.status_box.findText("No plan yet"))
    assert sorted(_column(window, "school")) == ["Cedar Park Elementary", "Pine Ridge High"]
    window.status_box.setCurrentIndex(0)
    assert len(_column(window, "school")) == 6
    window.table.sortByColumn(column_number("deadline"), Qt.SortOrder.AscendingOrder)
    window.table.setCurrentIndex(window.proxy.index(0, 0))
    window.grab().save(str(output_dir / "desk-roster.png"))


def test_opening_a_school_with_no_plan_says_so_warmly(
    window: DeskWindow, dialogs: ScriptedDialogs
) -> None:
    _choose(window, "Pine Ridge High")
    assert window.open_school_action.isEnabled()
    window.open_current_school()
    window.show_what_changed()
    window.show_review()
    told = [(title, text) for title, text, _ in dialogs.asked]
    assert len(told) == 3
    assert all(title == "No plan yet" and text.startswith(NO_PLAN) for title, text in told)
    assert window.school_windows == [] and window.side_windows == {}


def test_expect_a_school_from_the_file_menu(
    qtbot: QtBot, window: DeskWindow, dialogs: ScriptedDialogs, desk_file: Path
) -> None:
    assert window.expect_action.isEnabled()
    dialogs.answers.append(["  Elm   Street Academy ", "ST-12"])
    with qtbot.waitSignal(window.rows_shown, timeout=15000):
        window.expect_action.trigger()
    title, _text, fields = dialogs.asked[-1]
    assert title == "Expect a school" and len(fields) == 2
    assert "Elm Street Academy" in _column(window, "school")
    assert window.chosen.full_text() == "Elm Street Academy"
    assert "Added Elm Street Academy to the schools you expect plans from." in (
        window.banner.text.text()
    )
    with DeskDocument.open(desk_file, readonly=True) as doc, doc.session() as session:
        assert [r.school for r in school_rows(session) if r.expected and not r.versions] == [
            "Cedar Park Elementary",
            "Elm Street Academy",
            "Pine Ridge High",
        ]

    # An empty name is a sentence; cancelling asks nothing more.
    dialogs.answers.extend([["   ", ""], None])
    window.expect_action.trigger()
    assert dialogs.asked[-1][:2] == (
        "That school could not be added",
        "The school's name is empty.",
    )
    asked = len(dialogs.asked)
    window.expect_action.trigger()
    assert len(dialogs.asked) == asked + 1  # the form itself, then nothing
    assert len(_column(window, "school")) == 7
