"""The desk window's Deadline and Last check-in columns (issue 13, items 4 and 8), on a real
desk whose timeline is set around the day its plans arrived: the words shown, the sort by
urgency (missing, late, due soon, on time), and a look at the window at 1366 × 768."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sipdesk.district.checkins import record_checkin
from sipdesk.district.document import DeskDocument, utc_now
from sipdesk.district.expectations import set_expectations
from sipdesk.district.schools import local_day, school_rows
from sipdesk.district.versions import find_school
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.schools_model import column_number
from sipdesk.ui.theme import Theme
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    inbox, later = inbox_of_four(tmp_path / "plans")
    desk = new_desk(tmp_path / "Riverside Unified.sipdistrict")
    add_to_desk(desk, inbox)
    add_to_desk(desk, later)
    with DeskDocument.open(desk) as doc, doc.transaction() as session:
        arrived = local_day(school_rows(session)[0].latest_received)
        # Every first draft came a day late; the final plan is due in a month.
        set_expectations(
            session,
            now=utc_now(),
            first_draft_due=arrived - dt.timedelta(days=1),
            final_due=arrived + dt.timedelta(days=30),
        )
        lincoln = find_school(session, "Lincoln Elementary", desk)
        record_checkin(session, lincoln, dt.date(2026, 11, 2), now=utc_now(), happened="Met.")
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


def test_the_deadline_column_sorts_the_most_urgent_first(
    window: DeskWindow, output_dir: Path
) -> None:
    window.table.sortByColumn(column_number("deadline"), Qt.SortOrder.AscendingOrder)
    assert _column(window, "school") == [
        "Maple Grove Primary",  # returned: not final, and its first draft came late
        "Oak Hill Middle",  # a draft, late the same way
        "Lincoln Elementary",  # approved: the final plan is in
        "Riverside Elementary",  # submitted
    ]
    assert _column(window, "deadline") == [
        "Late: first draft",
        "Late: first draft",
        "On time: final plan in",
        "On time: final plan in",
    ]
    assert _column(window, "checkin") == ["—", "—", "2 Nov 2026", "—"]
    window.grab().save(str(output_dir / "desk-deadlines.png"))
