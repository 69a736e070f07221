"""The school's check-ins saved as CSV from the Check-ins window (issue 13): *Save as CSV…*
(Ctrl+S in the window) writes the very file ``sipdesk district checkins DESK SCHOOL -o OUT.csv``
writes, read afresh from the desk, on a desk file and on a desk on a PostgreSQL server alike
(``desk_kind``, tests/district_pg.py). The CSV is read back.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.ui.district.checkins_window import CheckinsDialog
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.theme import Theme
from tests.district_pg import NewDesk
from tests.ui.conftest import ScriptedDialogs
from tests.ui.test_room_keys import ambiguous_keys

SCHOOL = "Oak Hill Middle"


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


@pytest.fixture
def window(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs, new_desk: NewDesk
) -> Iterator[DeskWindow]:
    """Two schools on a desk of the test's engine, Oak Hill with two check-ins."""
    new_desk(district_name="Linden Valley").close()
    for name in (SCHOOL, "Pine Ridge Elementary"):
        assert main(["district", "expect-school", new_desk.target, name]) == 0
    where = new_desk.target
    assert main(["district", "checkin", where, SCHOOL, "--on", "2026-11-02"]) == 0
    assert (
        main(
            [
                "district",
                "checkin",
                where,
                SCHOOL,
                "--on",
                "2026-10-05",
                "--expected",
                'Every class had a "phonics block", daily.',
                "--happened",
                "=Two of five did",
            ]
        )
        == 0
    )
    assert main(["district", "checkin", where, "Pine Ridge Elementary", "--on", "2026-10-06"]) == 0
    shown = DeskWindow(settings, theme, dialogs)
    qtbot.addWidget(shown, before_close_func=lambda w: _close(qtbot, w))
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.desk_opened, timeout=15000):
        shown.open_desk(new_desk.target)
    yield shown


def _checkins(qtbot: QtBot, window: DeskWindow) -> CheckinsDialog:
    row = next(r for r in range(window.proxy.rowCount()) if window.proxy.row_at(r).school == SCHOOL)
    window._choose_school(window.proxy.row_at(row).school_id)
    dialog = window.district_actions.show_checkins()
    assert isinstance(dialog, CheckinsDialog)
    qtbot.waitUntil(lambda: dialog.tabs.isEnabled(), timeout=15000)
    return dialog


def test_save_as_csv_writes_the_command_lines_file_and_reads_back(
    qtbot: QtBot,
    window: DeskWindow,
    new_desk: NewDesk,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
) -> None:
    dialog = _checkins(qtbot, window)
    assert dialog.list.count() == 2
    dialog.resize(1366, 768)
    dialog.grab().save(str(tmp_path / "checkins.png"))
    # Ctrl+S in the window, the place asked for: the ".csv" is added when left out.
    dialogs.answers.append(tmp_path / "oak hill check-ins")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    assert QKeySequence(QKeySequence.StandardKey.Save).matches(QKeySequence("Ctrl+S"))
    assert ambiguous_keys(dialog) == []  # Ctrl+S and Alt+C are the window's own
    with qtbot.waitSignal(dialog.csv_saved, timeout=15000) as saved:
        qtbot.keyClick(dialog.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    target = saved.args[0]
    assert target == tmp_path / "oak hill check-ins.csv"
    assert dialogs.asked[-1][0] == "Save the check-ins as CSV"
    assert dialogs.asked[-1][1].endswith(f"Check-ins – {SCHOOL}.csv")
    assert dialog.message.text() == (f"Saved “oak hill check-ins.csv” in {tmp_path} (2 check-ins).")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["School", "Check-in"] and len(rows[0]) == 6
    assert [r[:2] for r in rows[1:]] == [[SCHOOL, "2026-10-05"], [SCHOOL, "2026-11-02"]]
    assert rows[1][2] == 'Every class had a "phonics block", daily.'
    assert rows[1][3] == "'=Two of five did"  # a spreadsheet reads it as words, not a formula
    # The same file the command line writes for the school.
    by_hand = tmp_path / "by hand.csv"
    assert main(["district", "checkins", new_desk.target, SCHOOL, "-o", str(by_hand)]) == 0
    assert target.read_bytes() == by_hand.read_bytes()

    # The button does the same; cancelling writes nothing.
    dialogs.answers.append(None)
    dialog.csv_button.click()
    assert dialog.message.text().startswith("Saved “oak hill check-ins.csv”")
    dialog.close()
