"""The district's expectations, rubric and check-ins on screen (issue 13, items 6–8), on real desk
files: what the windows save is what the command line's own services read back (``district
expect --json``, ``district rubric --json``, ``district checkins --json``), a bad timeline gets
the service's sentence and nothing is saved, and the pack exported on screen is one a school's
``take-expectations`` accepts. Both windows are drawn at 1024 × 768 and 1366 × 768 and checked
to fit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLineEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.ui.district.checkins_window import CheckinsDialog
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.expectations_window import ExpectationsDialog, show_expectations
from sipdesk.ui.district.schools_model import column_number
from sipdesk.ui.theme import Theme
from tests.plans import sample_plan
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk

Opener = Callable[..., DeskWindow]
OCT_1, NOV_1, JAN_15 = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2027, 1, 15)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return inbox_of_four(tmp_path_factory.mktemp("expect-plans"))


@pytest.fixture
def desk_file(tmp_path: Path, plans: tuple[Path, Path]) -> Path:
    desk = new_desk(tmp_path / "Riverside Unified.sipdistrict")
    add_to_desk(desk, plans[0])
    return desk


def _close(qtbot: QtBot, window: DeskWindow) -> None:
    if window.desk is not None:
        with qtbot.waitSignal(window.desk_closed, timeout=15000):
            window.close()
    window.runner.wait(timeout=15)


@pytest.fixture
def open_desk(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs
) -> Iterator[Opener]:
    def opener(path: Path, width: int = 1366, height: int = 768) -> DeskWindow:
        window = DeskWindow(settings, theme, dialogs)
        qtbot.addWidget(window, before_close_func=lambda w: _close(qtbot, w))
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.desk_opened, timeout=15000):
            window.open_desk(path)
        return window

    yield opener


def _expectations(qtbot: QtBot, window: DeskWindow) -> ExpectationsDialog:
    window.district_actions.expectations_action.trigger()
    dialog = window.side_windows[("expectations", 0)]
    assert isinstance(dialog, ExpectationsDialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=15000)
    return dialog


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["district", *args, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def _save(qtbot: QtBot, dialog: ExpectationsDialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=15000):
        dialog.save_button.click()


def test_dates_profile_and_goals_set_on_screen_are_the_desks(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_desk(desk_file)
    column = column_number("deadline")
    before = [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]
    dialog = _expectations(qtbot, window)
    timeline, needs = dialog.timeline, dialog.requirements
    timeline.first_draft.set_day(OCT_1)
    timeline.feedback.set_day(NOV_1)
    timeline.final.set_day(JAN_15)
    timeline.round_day.set_day(dt.date(2026, 12, 1))
    timeline.add_round_button.click()
    timeline.round_day.set_day(dt.date(2026, 9, 15))
    timeline.add_round_button.click()
    needs.profile.setCurrentIndex(needs.profile.findData("tool-a"))
    for text in ("Every reader by grade 3", "Attendance above 95%", "Safe schools"):
        needs.add_goal(text, edit=False)
    needs.goals.setCurrentRow(1)
    needs.up_button.click()  # attendance first
    needs.goals.setCurrentRow(2)
    needs.remove_button.click()
    needs.goals.item(1).setText("Every reader by the end of grade 3")
    _save(qtbot, dialog)
    # The table's Deadline column is read again: every school has a date to meet now.
    shown = [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]
    assert shown != before and all(shown), shown
    assert _json(capsys, "expect", str(desk_file)) == {
        "first_draft_due": "2026-10-01",
        "feedback_by": "2026-11-01",
        "final_due": "2027-01-15",
        "check_ins": ["2026-09-15", "2026-12-01"],
        "readiness_profile": "tool-a",
        "goals": ["Attendance above 95%", "Every reader by the end of grade 3"],
    }
    # Cleared on screen, cleared on the desk; a reopened window shows what the desk holds.
    timeline.feedback.clear_button.click()
    timeline.rounds.setCurrentRow(0)
    timeline.remove_round_button.click()
    _save(qtbot, dialog)
    dialog.close()
    again = _expectations(qtbot, window)
    assert again is not dialog
    assert again.timeline.feedback.day() is None
    assert again.timeline.round_days() == [dt.date(2026, 12, 1)]
    assert again.requirements.profile.currentData() == "tool-a"
    assert _json(capsys, "expect", str(desk_file))["feedback_by"] is None
    # Closing with a change not saved, and choosing Save, saves it and then closes.
    again.requirements.add_goal("Safe schools", edit=False)
    dialogs.answers.append("Save")
    with qtbot.waitSignal(again.saved, timeout=15000):
        again.close()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=15000)
    assert _json(capsys, "expect", str(desk_file))["goals"][-1] == "Safe schools"


def test_a_final_date_before_the_first_draft_is_refused_and_nothing_is_saved(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_desk(desk_file)
    dialog = _expectations(qtbot, window)
    dialog.timeline.first_draft.set_day(NOV_1)
    dialog.timeline.final.set_day(OCT_1)
    dialog.requirements.add_goal("Every reader by grade 3", edit=False)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.asked), timeout=15000)
    title, text, _ = dialogs.asked[-1]
    assert title == "That could not be saved"
    assert text == (
        "The final plan due date (1 Oct 2026) comes before the first draft due date "
        "(1 Nov 2026); please check the timeline."
    )
    assert dialog.isEnabled()  # the window is the person's again, with what they typed
    assert dialog.requirements.goal_texts() == ["Every reader by grade 3"]
    assert _json(capsys, "expect", str(desk_file))["goals"] == []
    assert _json(capsys, "expect", str(desk_file))["first_draft_due"] is None
    # Closing (here by Escape) with changes not saved asks; "Keep editing" keeps it open.
    dialogs.answers.append(None)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialogs.asked[-1][0] == "Save your changes?"
    assert dialog.isVisible()
    dialogs.answers.append("Leave them")
    dialog.close()
    assert not dialog.isVisible()
    assert _json(capsys, "expect", str(desk_file))["goals"] == []


def test_the_rubric_edited_on_screen_is_the_rubric_the_command_prints(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _json(capsys, "rubric", str(desk_file))["criteria"]
    assert isinstance(before, list)
    window = open_desk(desk_file)
    dialog = _expectations(qtbot, window)
    editor = dialog.rubric
    dialog.tabs.setCurrentIndex(2)
    # The first criterion renamed, its last level renamed, a level taken off the second.
    editor.list.setCurrentRow(0)
    editor.name.setText("Goals people can measure")
    editor.name.textEdited.emit("Goals people can measure")
    editor.levels.item(3).setText("Exemplary")
    editor.list.setCurrentRow(1)
    editor.remove_level_button.click()
    # A new criterion with three levels, moved up one place.
    editor.add_criterion()
    editor.name.setText("Family voice")
    editor.name.textEdited.emit("Family voice")
    editor.remove_level_button.click()
    editor.move_by(-1)
    # A criterion with one level is refused by the rubric file's own rule, nothing saved.
    editor.add_criterion()
    editor.name.textEdited.emit("Too thin")
    editor.name.setText("Too thin")
    for _ in range(3):
        editor.remove_level_button.click()
    dialog.save_button.click()
    assert dialogs.asked[-1][:2] == (
        "The rubric cannot be saved yet",
        "“Too thin” needs between 2 and 6 levels.",
    )
    assert _json(capsys, "rubric", str(desk_file))["criteria"] == before
    editor.remove_criterion()
    _save(qtbot, dialog)
    after = _json(capsys, "rubric", str(desk_file))["criteria"]
    assert isinstance(after, list)
    assert after == editor.data()["criteria"]
    assert [c["key"] for c in after] == [c["key"] for c in before[:-1]] + [
        "family-voice",
        before[-1]["key"],
    ]
    assert after[0]["name"] == "Goals people can measure"
    assert after[0]["levels"][3] == {**before[0]["levels"][3], "name": "Exemplary"}
    assert len(after[1]["levels"]) == 3
    assert [lv["name"] for lv in after[-2]["levels"]] == ["Not yet", "Developing", "Solid"]


def test_a_check_in_scheduled_and_reviewed_on_screen_is_the_services(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = open_desk(desk_file)
    window._choose_school(window.proxy.row_at(0).school_id)
    school = window.proxy.row_at(0).school
    dialog = window.district_actions.show_checkins()
    assert isinstance(dialog, CheckinsDialog)
    qtbot.waitUntil(lambda: dialog.tabs.isEnabled(), timeout=15000)
    assert dialog.empty.isVisible()
    dialog.day.set_day(dt.date(2026, 11, 2))
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.schedule_button.click()
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text() == "2 Nov 2026 · no review yet"
    texts = {
        "expected": "Every K–3 class had a phonics block.",
        "happened": "Two of five did.",
        "why": "The schedule was not changed.",
        "next_steps": "The principal sets the block in January.",
    }
    for key, text in texts.items():
        dialog.parts[key].setPlainText(text)
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.save_button.click()
    listed = _json(capsys, "checkins", str(desk_file))
    assert listed["check_ins"] == [{"school": school, "on": "2026-11-02", **texts}]
    # The district's reflection for a round planned in the timeline.
    expectations = show_expectations(window)
    qtbot.waitUntil(lambda: expectations.loaded is not None, timeout=15000)
    expectations.timeline.round_day.set_day(dt.date(2026, 11, 2))
    expectations.timeline.add_round_button.click()
    _save(qtbot, expectations)
    dialog.load()
    qtbot.waitUntil(lambda: len(dialog.rounds) == 1, timeout=15000)
    dialog.tabs.setCurrentIndex(1)
    dialog.reflection.setPlainText("Schedules are the common thread.")
    with qtbot.waitSignal(dialog.shown, timeout=15000):
        dialog.reflect_button.click()
    listed = _json(capsys, "checkins", str(desk_file))
    assert listed["rounds"] == [
        {"on": "2026-11-02", "reflection": "Schedules are the common thread."}
    ]


def test_the_pack_exported_on_screen_is_one_a_school_takes(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
    private_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_desk(desk_file)
    dialog = _expectations(qtbot, window)
    dialog.timeline.final.set_day(JAN_15)  # unsaved: exporting saves it first
    dialogs.answers.append(tmp_path / "for schools")
    with qtbot.waitSignal(dialog.exported, timeout=15000) as signal:
        dialog.export_button.click()
    pack = signal.args[0]
    assert pack == tmp_path / "for schools.sipexpect"
    assert "Wrote for schools.sipexpect" in dialog.facts.text()
    assert _json(capsys, "expect", str(desk_file))["final_due"] == "2027-01-15"
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    capsys.readouterr()
    assert main(["take-expectations", str(plan), str(pack)]) == 0
    assert "Riverside Unified" in capsys.readouterr().out


def _cut_off(dialog: QDialog) -> list[str]:
    """Buttons and boxes the window shows narrower or lower than they need, outside scrolling."""
    problems = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog) or _scrolled(widget, dialog):
            continue
        if (
            isinstance(widget, QAbstractButton)
            and widget.width() < widget.minimumSizeHint().width()
        ):
            problems.append(widget.text())
    if dialog.width() > dialog.screen().availableGeometry().width():
        problems.append("the window is wider than the screen")
    return problems


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_both_windows_fit_the_screen(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    tmp_path: Path,
    size: tuple[int, int],
    request: pytest.FixtureRequest,
) -> None:
    window = open_desk(desk_file, *size)
    dialog = _expectations(qtbot, window)
    checkins = window.district_actions.show_checkins()
    assert checkins is not None
    qtbot.waitUntil(lambda: checkins.tabs.isEnabled(), timeout=15000)
    shots = request.config.getoption("basetemp") or tmp_path
    for name, shown in (("expectations", dialog), ("checkins", checkins)):
        for tab in range(shown.tabs.count()):
            shown.tabs.setCurrentIndex(tab)
            assert shown.width() <= size[0] and shown.height() <= size[1]
            assert _cut_off(shown) == [], (name, tab)
            shown.grab().save(str(Path(shots) / f"{name}-{tab}-{size[0]}.png"))


def test_the_new_keys_clash_with_none_of_the_desks(open_desk: Opener, desk_file: Path) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    window = open_desk(desk_file)
    keys = [
        sequence.toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        for sequence in action.shortcuts()
    ]
    assert "Ctrl+E" in keys and "Ctrl+K" in keys
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
    assert window.district_actions.checkins_button.parent() is window.school_bar


def test_goals_are_added_and_saved_by_keyboard_alone(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = open_desk(desk_file)
    dialog = _expectations(qtbot, window)
    dialog.activateWindow()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # Re&quirements
    assert dialog.tabs.currentIndex() == 1
    qtbot.keyClick(dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # Add a &goal
    editor = dialog.requirements.goals
    qtbot.waitUntil(lambda: editor.state() == editor.State.EditingState, timeout=5000)
    typing = editor.findChild(QLineEdit)  # the goal's own line, open for typing
    assert typing is not None
    qtbot.keyClicks(typing, "Every reader by grade 3")
    qtbot.keyClick(typing, Qt.Key.Key_Return)  # the list takes it in as its events run
    qtbot.waitUntil(
        lambda: dialog.requirements.goal_texts() == ["Every reader by grade 3"], timeout=5000
    )
    with qtbot.waitSignal(dialog.saved, timeout=15000):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Save
    assert _json(capsys, "expect", str(desk_file))["goals"] == ["Every reader by grade 3"]
