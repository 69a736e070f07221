"""Renaming a school in the desk window (issue 13): File ▸ Rename the school or F2 on the table
edits the chosen school's name in its cell, with no question asked; Enter renames it on the
desk, Escape leaves it as it was; a name another school has is told in a sentence. On a desk
file and on a desk on a PostgreSQL server alike (``desk_kind``, tests/district_pg.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.district.intake import intake
from sipdesk.district.schools import school_rows
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.theme import Theme
from tests.district_pg import NewDesk
from tests.plans import new_plan
from tests.ui.conftest import ScriptedDialogs


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


@pytest.fixture
def window(
    qtbot: QtBot,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    new_desk: NewDesk,
    tmp_path: Path,
) -> Iterator[DeskWindow]:
    """Three schools on a desk of the test's engine: two listed, one that sent a plan."""
    new_desk(district_name="Linden Valley").close()
    for name in ("Oak Hill Middle", "Pine Ridge Elementary"):
        assert main(["district", "expect-school", new_desk.target, name]) == 0
    new_plan(tmp_path / "riverside.sipdesk", "Riverside Elementary").close()
    with new_desk.reopen() as desk:
        intake(desk, [tmp_path / "riverside.sipdesk"])
    shown = DeskWindow(settings, theme, dialogs)
    qtbot.addWidget(shown, before_close_func=lambda w: _close(qtbot, w))
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.desk_opened, timeout=15000):
        shown.open_desk(new_desk.target)
    yield shown


def _names(window: DeskWindow) -> list[str]:
    return [window.proxy.row_at(r).school for r in range(window.proxy.rowCount())]


def _on_desk(new_desk: NewDesk) -> list[str]:
    with new_desk.reopen(readonly=True) as desk, desk.session() as session:
        return [row.school for row in school_rows(session)]


def _choose(window: DeskWindow, school: str) -> None:
    row = _names(window).index(school)
    window.table.setCurrentIndex(window.proxy.index(row, 0))


def _editor(window: DeskWindow) -> QLineEdit:
    assert window.table.state() == QAbstractItemView.State.EditingState
    editor = window.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    return editor


def test_f2_renames_the_chosen_school_in_its_cell_and_escape_leaves_it(
    qtbot: QtBot,
    window: DeskWindow,
    new_desk: NewDesk,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
) -> None:
    assert _names(window) == ["Oak Hill Middle", "Pine Ridge Elementary", "Riverside Elementary"]
    _choose(window, "Oak Hill Middle")
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=5000)
    assert window.rename_action.isEnabled()
    assert window.rename_action.shortcut().toString() == "F2"

    # F2, a new name, Escape: nothing changes, nothing is asked.
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    editor = _editor(window)
    assert editor.text() == "Oak Hill Middle"  # the name as it is, to be edited
    editor.selectAll()
    qtbot.keyClicks(editor, "Oak Hill Academy")
    window.resize(1366, 768)
    window.grab().save(str(tmp_path / "renaming.png"))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(
        lambda: window.table.state() != QAbstractItemView.State.EditingState, timeout=5000
    )
    QApplication.processEvents()
    window.runner.wait(timeout=15)
    assert _names(window)[0] == "Oak Hill Middle" and dialogs.asked == []
    assert "Oak Hill Middle" in _on_desk(new_desk)

    # F2, a new name, Enter: renamed on the desk, and the table shows it, still chosen.
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    editor = _editor(window)
    editor.selectAll()
    qtbot.keyClicks(editor, "Oak Hill  Middle School")
    with qtbot.waitSignal(window.rows_shown, timeout=15000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _names(window) == [
        "Oak Hill Middle School",
        "Pine Ridge Elementary",
        "Riverside Elementary",
    ]
    assert window._current_row().school == "Oak Hill Middle School"  # type: ignore[union-attr]
    assert window.banner.isVisible()
    assert _on_desk(new_desk) == [
        "Oak Hill Middle School",
        "Pine Ridge Elementary",
        "Riverside Elementary",
    ]
    assert dialogs.asked == []  # no confirmation asked
    window.grab().save(str(tmp_path / "renamed.png"))


def test_the_menu_renames_a_school_that_sent_a_plan_and_a_name_in_use_is_refused(
    qtbot: QtBot, window: DeskWindow, new_desk: NewDesk, dialogs: ScriptedDialogs
) -> None:
    _choose(window, "Riverside Elementary")
    window.activateWindow()
    window.rename_action.trigger()  # File ▸ Rename the school
    editor = _editor(window)
    editor.selectAll()
    qtbot.keyClicks(editor, "pine ridge  ELEMENTARY")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    window.runner.wait(timeout=15)
    qtbot.waitUntil(lambda: bool(dialogs.asked), timeout=15000)
    title, sentence, _ = dialogs.asked[-1]
    assert title == "The school could not be renamed"
    assert sentence.startswith("There is already a school called Pine Ridge Elementary")
    assert _on_desk(new_desk) == [
        "Oak Hill Middle",
        "Pine Ridge Elementary",
        "Riverside Elementary",
    ]
    # An empty name: one sentence, before anything is written.
    window.rename_action.trigger()
    editor = _editor(window)
    editor.selectAll()
    qtbot.keyClicks(editor, "   ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the cell's editor hands its words on queued
    qtbot.waitUntil(lambda: len(dialogs.asked) == 2, timeout=5000)
    assert dialogs.asked[-1][:2] == ("That name cannot be used", "The school's name is empty.")
    # A name of its own: the school that sent a plan is renamed; its plan keeps its words.
    window.rename_action.trigger()
    editor = _editor(window)
    editor.selectAll()
    qtbot.keyClicks(editor, "Riverside Elementary School")
    with qtbot.waitSignal(window.rows_shown, timeout=15000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "Riverside Elementary School" in _on_desk(new_desk)
    row = window._current_row()
    assert row is not None and row.school == "Riverside Elementary School" and row.versions == 1


def _state_ids(new_desk: NewDesk) -> dict[str, str]:
    from sqlalchemy import select

    from sipdesk.district.models import School

    with new_desk.reopen(readonly=True) as desk, desk.session() as session:
        return {s.name: s.state_school_id for s in session.scalars(select(School))}


def test_shift_f2_sets_the_chosen_schools_state_id_and_one_in_use_is_refused(
    qtbot: QtBot, window: DeskWindow, new_desk: NewDesk, dialogs: ScriptedDialogs
) -> None:
    """File ▸ Set the state school id… (Shift+F2): asked for, filled in with the desk's, set
    through the command line's own service; an id another school has is told in a sentence."""
    from sipdesk.ui.district.roster_actions import STATE_ID_TITLE
    from tests.ui.test_room_keys import ambiguous_keys

    assert window.state_id_action.shortcut().toString() == "Shift+F2"
    assert ambiguous_keys(window) == []  # type: ignore[arg-type]
    _choose(window, "Oak Hill Middle")
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=5000)
    dialogs.answers.append(["  OH  7 "])
    with qtbot.waitSignal(window.state_id_set, timeout=15000) as said:
        qtbot.keyClick(window.table, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    assert said.args == ["Oak Hill Middle's state school id is now OH 7."]
    assert dialogs.asked[-1][0] == STATE_ID_TITLE
    assert window.banner.isVisible()
    assert window._current_row().school == "Oak Hill Middle"  # type: ignore[union-attr]
    assert _state_ids(new_desk)["Oak Hill Middle"] == "OH 7"

    # Another school, the same id: one sentence, nothing changes.
    _choose(window, "Pine Ridge Elementary")
    dialogs.answers.append(["oh 7"])
    window.state_id_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs.asked) == 3, timeout=15000)
    title, sentence, _ = dialogs.asked[-1]
    assert title == "The state school id could not be set"
    assert sentence.startswith("Oak Hill Middle already has the state school id oh 7")
    # Too long: told before anything is written; cancelling writes nothing either.
    dialogs.answers.append(["x" * 61])
    window.state_id_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs.asked) == 5, timeout=15000)
    assert dialogs.asked[-1][0] == "That id cannot be used"
    dialogs.answers.append(None)
    window.state_id_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs.asked) == 6, timeout=15000)
    window.runner.wait(timeout=15)
    assert _state_ids(new_desk)["Pine Ridge Elementary"] == ""
