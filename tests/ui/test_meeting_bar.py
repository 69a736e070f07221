"""The meeting bar (issue 10, item 2): agenda countdown, gentle end signal, parking lot.

Given a real window on a real plan file, driven by keys, then what the bar shows and what the
file holds are checked. Time is a number the test moves on: the bar asks its clock on every
tick of its QTimer, so nothing sleeps.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.models.catalogues import agenda_for_step
from sipdesk.services import meeting
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.meeting import MeetingBar
from sipdesk.ui.meeting.dialog import TAB_AGENDA, TAB_LOT
from sipdesk.ui.theme import Theme
from tests.plans import days_since
from tests.ui.conftest import ScriptedDialogs, open_plan, show_window, stored, type_in_new_cell

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class FakeClock:
    """Seconds the test sets; the bar reads them like time.monotonic()."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_window(
    qtbot: QtBot, settings: QSettings, theme: Theme, dialogs: ScriptedDialogs, clock: FakeClock
) -> MainWindow:
    return show_window(qtbot, MainWindow(settings, theme, dialogs, clock=clock), 1366, 768)


@pytest.fixture
def room(
    qtbot: QtBot,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    clock: FakeClock,
) -> MainWindow:
    return make_window(qtbot, settings, theme, dialogs, clock)


def press(qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = CTRL_SHIFT) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, mods)


def bar_of(window: MainWindow) -> MeetingBar:
    bar = window.meeting_bar()
    assert isinstance(bar, MeetingBar)
    return bar


def test_the_bar_is_off_by_default_and_f7_turns_it_on_for_next_time(
    qtbot: QtBot,
    room: MainWindow,
    empty_file: Path,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    clock: FakeClock,
) -> None:
    # Given a plan opened for the first time
    open_plan(qtbot, room, empty_file)
    bar = bar_of(room)
    assert not bar.isVisible()
    # When the coach presses Ctrl+Shift+M (F7 is step 3's voting round)
    room.current_page().setFocus()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_M)
    # Then the bar shows, and the next window remembers it
    qtbot.waitUntil(bar.isVisible)
    assert room.meeting_action.isChecked()
    again = MainWindow(settings, theme, dialogs, clock=clock)
    qtbot.addWidget(again)
    assert again.meeting_action.isChecked()
    assert room.meeting_action.shortcut().toString() == "Ctrl+Shift+M"


def test_the_countdown_reaches_a_gentle_end_signal_and_moves_on(
    qtbot: QtBot, room: MainWindow, empty_file: Path, clock: FakeClock
) -> None:
    # Given a new plan on step 2 with the bar on: step 2's usual agenda is offered
    controller = open_plan(qtbot, room, empty_file)
    room.show_step(2)
    room.meeting_action.setChecked(True)
    bar = bar_of(room)
    usual = agenda_for_step(2)
    assert bar.segment_text() == f"1 of {len(usual)} · {usual[0].title}"
    assert bar.clock_label.text() == f"{usual[0].minutes}:00"
    assert stored(controller)["agenda"] == []  # offered, not yet written
    # When the coach starts the timer with its key
    room.current_page().setFocus()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Space)
    # Then the agenda the meeting runs is kept in the plan file
    assert [(s["title"], s["minutes"]) for s in stored(controller)["agenda"]] == [
        (i.title, i.minutes) for i in usual
    ]
    assert bar.start_button.text() == "Pause"
    # And as time passes the countdown follows the clock, with no sleeping
    clock.now += usual[0].minutes * 60 - 121
    qtbot.waitUntil(lambda: bar.clock_label.text() == "2:01")
    assert room.statusBar().currentMessage() == ""
    # with a quiet word two minutes before the end
    clock.now += 60
    qtbot.waitUntil(lambda: bar.clock_label.text() == "1:01")
    assert room.statusBar().currentMessage() == f"Two minutes left for “{usual[0].title}”."
    assert bar.warmth() == 0.0
    # When the segment's time is up, the bar eases to a warm colour and says so, gently
    with qtbot.waitSignal(bar.time_up, timeout=3000) as signal:
        clock.now += 61
    sentence = str(signal.args[0])
    assert sentence.startswith(f"Time is up for “{usual[0].title}”")
    assert usual[1].title in sentence and "Ctrl+Shift+N" in sentence
    assert room.statusBar().currentMessage() == sentence
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: bar.warmth() == 1.0, timeout=5000)
    clock.now += 65
    qtbot.waitUntil(lambda: bar.clock_label.text() == "+1:05")
    # When the coach moves on with Ctrl+Shift+N, the next segment starts afresh and calm
    press(qtbot, Qt.Key.Key_N)
    assert bar.segment_text() == f"2 of {len(usual)} · {usual[1].title}"
    assert bar.clock_label.text() == f"{usual[1].minutes}:00"
    qtbot.waitUntil(lambda: bar.warmth() == 0.0, timeout=5000)
    # And pausing stops the clock
    press(qtbot, Qt.Key.Key_Space)
    clock.now += 600
    bar.tick()
    assert bar.clock_label.text() == f"{usual[1].minutes}:00"


def test_parking_an_idea_by_keys_returns_to_the_field_being_typed(
    qtbot: QtBot, room: MainWindow, empty_file: Path
) -> None:
    began = dt.date.today()  # (what the app stamps today is checked against this)
    # Given the coach typing a school name on step 0
    controller = open_plan(qtbot, room, empty_file)
    room.show_step(0)
    field = room.current_page().fields["school_name"]  # type: ignore[union-attr]
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "Lincoln")
    # When an idea comes up: Ctrl+Shift+P, the sentence, Enter
    press(qtbot, Qt.Key.Key_P)
    bar = bar_of(room)
    assert bar.isVisible() and bar.idea_edit.hasFocus()
    qtbot.keyClicks(bar.idea_edit, "Ask families about the late bus")
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    # Then the cursor is back in the field, where the typing goes on
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, " Elementary")
    saved = stored(controller)
    assert saved["profile"]["school_name"] == "Lincoln Elementary"
    # And the idea is in the plan file with its step, its day, and open
    [idea] = saved["parking_lot"]
    assert idea["text"] == "Ask families about the late bus"
    assert idea["step"] == 0 and idea["done"] is False
    assert idea["raised_on"] in days_since(began)
    assert bar.lot_button.text() == "Parking lot (1)"
    assert "Parked “Ask families about the late bus”" in room.statusBar().currentMessage()
    # And Esc in the idea box parks nothing and gives the cursor back
    press(qtbot, Qt.Key.Key_P)
    qtbot.keyClicks(bar.idea_edit, "never mind")
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(field.hasFocus)
    assert len(stored(controller)["parking_lot"]) == 1


def test_parking_an_idea_is_one_undo_step(qtbot: QtBot, room: MainWindow, empty_file: Path) -> None:
    controller = open_plan(qtbot, room, empty_file)
    room.show_step(3)
    room.current_page().setFocus()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_P)
    bar = bar_of(room)
    qtbot.keyClicks(bar.idea_edit, "Timetable for common planning")
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    assert [i["step"] for i in stored(controller)["parking_lot"]] == [3]
    assert controller.undo_stack.undoText() == "Park an idea"
    controller.undo_stack.undo()
    assert stored(controller)["parking_lot"] == []
    assert bar.lot_button.text() == "Parking lot"
    controller.undo_stack.redo()
    assert [i["text"] for i in stored(controller)["parking_lot"]] == [
        "Timetable for common planning"
    ]


def test_agenda_and_parking_lot_edits_persist_and_reopen(
    qtbot: QtBot, room: MainWindow, empty_file: Path
) -> None:
    # Given the agenda editor on step 3
    controller = open_plan(qtbot, room, empty_file)
    room.show_step(3)
    room.show_meeting_dialog(TAB_AGENDA)
    dialog = room.meeting_dialog()
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    # When the coach takes the step's usual agenda and adds a segment of their own
    qtbot.mouseClick(dialog.step_agenda_button, Qt.MouseButton.LeftButton)
    usual = agenda_for_step(3)
    assert dialog.agenda.model.rowCount() == len(usual)
    dialog.agenda.view.selectRow(len(usual) - 1)
    qtbot.mouseClick(dialog.agenda.add_button, Qt.MouseButton.LeftButton)
    type_in_new_cell(qtbot, dialog.agenda.view, "Celebrations")
    # and parks an idea, then marks it done in the parking lot
    bar = bar_of(room)
    bar.ask_for_idea()
    qtbot.keyClicks(bar.idea_edit, "Invite the PTA chair")
    qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    room.show_meeting_dialog(TAB_LOT)
    lot = dialog.lot
    qtbot.waitUntil(lambda: lot.model.rowCount() == 1)
    done_column = 3
    assert lot.model.setData(
        lot.model.index(0, done_column), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    # Then after closing and reopening the plan, both are there
    path = controller.document.path
    with qtbot.waitSignal(room.plan_closed, timeout=15000):
        room.close_plan()
    assert room.meeting_dialog() is None
    open_plan(qtbot, room, path)
    room.meeting_action.setChecked(True)
    bar = bar_of(room)
    assert bar.stored
    assert [s.title for s in bar.segments] == [i.title for i in usual] + ["Celebrations"]
    assert bar.lot_button.text() == "Parking lot"  # the only idea is done
    room.show_meeting_dialog(TAB_LOT)
    reopened = room.meeting_dialog()
    assert reopened is not None
    model = reopened.lot.model
    assert model.data(model.index(0, 0)) == "Invite the PTA chair"
    assert model.data(model.index(0, 1)) == "Find root causes"


def test_giving_an_overrun_segment_more_minutes_calms_the_bar(
    qtbot: QtBot, empty_controller: PlanController, clock: FakeClock
) -> None:
    # Given a bar on its own, its first segment run over
    bar = MeetingBar(empty_controller, lambda: 1, clock=clock)
    qtbot.addWidget(bar)
    bar.show()
    bar.toggle()
    first = bar.segments[0]
    clock.now += first.minutes * 60 + 30
    qtbot.waitUntil(lambda: bar.warmth() == 1.0, timeout=5000)
    assert bar.clock_label.text() == "+0:30"
    # When the team agrees to five more minutes in the agenda
    empty_controller.run(lambda s: meeting.set_segment_minutes(s, first.id, first.minutes + 5))
    # Then the clock shows the time left and the bar eases back to calm
    qtbot.waitUntil(lambda: bar.clock_label.text() == "4:30")
    qtbot.waitUntil(lambda: bar.warmth() == 0.0, timeout=5000)
    assert stored(empty_controller)["agenda"][0]["minutes"] == first.minutes + 5


@pytest.mark.parametrize("presenting", [False, True], ids=["normal", "presenting"])
@pytest.mark.parametrize("width", [1024, 1366])
def test_the_bar_fits_the_room_and_its_clock_reads_from_the_back(
    qtbot: QtBot,
    room: MainWindow,
    sample_file: Path,
    output_dir: Path,
    width: int,
    presenting: bool,
) -> None:
    # Given the sample plan on step 3 with the meeting running, at a projector's size
    open_plan(qtbot, room, sample_file)
    room.show_step(3)
    room.meeting_action.setChecked(True)
    bar = bar_of(room)
    bar.toggle()
    if presenting:
        room.set_presentation(True)
        room.showNormal()  # offscreen has no real full screen: take the projector's size
    room.resize(width, 768)
    in_order = [
        bar.slot,
        bar.clock_label,
        bar.start_button,
        bar.next_button,
        bar.park_button,
        bar.lot_button,
    ]

    def laid_out() -> bool:
        """The bar spans the window and its controls sit side by side, with no hole."""
        shown = [w for w in in_order if w.isVisible()]
        gaps = [b.x() - a.geometry().right() for a, b in pairwise(shown)]
        return bar.width() == room.centralWidget().width() and max(gaps) <= 12

    qtbot.waitUntil(laid_out)
    room.grab().save(
        str(output_dir / f"meeting-bar-{width}x768-{'presenting' if presenting else 'normal'}.png")
    )
    # Then every control is whole, inside the bar, and the segment keeps room for its name
    shown = [
        w
        for w in (
            bar.clock_label,
            bar.start_button,
            bar.next_button,
            bar.park_button,
            bar.lot_button,
        )
        if w.isVisible()
    ]
    assert bar.clock_label in shown and bar.lot_button in shown
    for widget in shown:
        assert bar.rect().contains(widget.geometry()), widget.objectName()
        assert widget.width() >= widget.sizeHint().width(), widget.objectName()
    assert bar.slot.width() >= 240
    assert bar.segment_text().split(" · ")[1] in bar.segment_button.text() or "…" in (
        bar.segment_button.text()
    )
    # and the countdown's digits are at least twice the height of the page's text
    body = QFontMetrics(QApplication.font()).height()
    assert QFontMetrics(bar.clock_label.font()).height() >= 1.8 * body


def test_the_parking_lot_is_reviewed_by_keys_alone(
    qtbot: QtBot, room: MainWindow, empty_file: Path
) -> None:
    # Given two ideas parked on step 2
    controller = open_plan(qtbot, room, empty_file)
    room.show_step(2)
    bar = bar_of(room)
    for text in ("Family reading night", "Late bus and intervention"):
        room.current_page().setFocus()  # type: ignore[union-attr]
        press(qtbot, Qt.Key.Key_P)
        qtbot.keyClicks(bar.idea_edit, text)
        qtbot.keyClick(bar.idea_edit, Qt.Key.Key_Return)
    # When Ctrl+Shift+L opens the parking lot, the cursor is in its list
    press(qtbot, Qt.Key.Key_L)
    dialog = room.meeting_dialog()
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    lot = dialog.lot
    qtbot.waitUntil(lot.view.hasFocus)
    assert lot.current_row() == 0
    # and Space on "Done" marks the first idea done
    lot.view.setCurrentIndex(lot.model.index(0, 3))
    qtbot.keyClick(lot.view, Qt.Key.Key_Space)
    ideas = stored(controller)["parking_lot"]
    assert [(i["text"], i["done"]) for i in ideas] == [
        ("Family reading night", True),
        ("Late bus and intervention", False),
    ]
    assert bar.lot_button.text() == "Parking lot (1)"
    # and Delete removes the selected idea, which Ctrl+Z in the dialog brings back
    lot.view.selectRow(1)
    qtbot.keyClick(lot.view, Qt.Key.Key_Delete)
    assert [i["text"] for i in stored(controller)["parking_lot"]] == ["Family reading night"]
    qtbot.keyClick(lot.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i["text"] for i in stored(controller)["parking_lot"]] == [
        "Family reading night",
        "Late bus and intervention",
    ]


def test_show_view_keeps_the_meeting_countdown_and_its_keys(
    qtbot: QtBot, room: MainWindow, sample_file: Path, clock: FakeClock, output_dir: Path
) -> None:
    # Given a meeting under way on step 2
    open_plan(qtbot, room, sample_file)
    room.show_step(2)
    room.meeting_action.setChecked(True)
    bar = bar_of(room)
    bar.toggle()
    first, second = bar.segments[0], bar.segments[1]
    # When F6 puts the SWOT on the wall
    room.wall_action.trigger()
    wall = room.wall_open()
    assert wall is not None
    qtbot.waitExposed(wall)
    wall.activateWindow()
    qtbot.waitUntil(wall.isActiveWindow)
    # Then the wall shows the segment and its time, at the wall's readable size
    qtbot.waitUntil(lambda: wall.clock.text() == f"{first.title} · {first.minutes}:00 left")
    assert wall.clock.isVisible() and wall.clock.font().pixelSize() == wall.floor
    clock.now += first.minutes * 60 + 5
    qtbot.waitUntil(lambda: wall.clock.text() == f"{first.title} · 0:05 over")
    assert wall.note.isVisible() and "Time is up" in wall.note.text()
    wall.resize(1024, 768)
    wall.grab().save(str(output_dir / "wall-meeting-clock-1024x768.png"))
    # and Ctrl+Shift+N moves the meeting on from the wall
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_N, CTRL_SHIFT)
    assert wall.clock.text() == f"{second.title} · {second.minutes}:00 left"
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Escape)
    assert room.wall_open() is None


def test_show_view_without_a_meeting_has_no_clock(
    qtbot: QtBot, room: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, room, sample_file)
    room.show_step(2)
    room.meeting_action.setChecked(True)  # the bar is on, but the meeting has not started
    room.wall_action.trigger()
    wall = room.wall_open()
    assert wall is not None
    qtbot.waitExposed(wall)
    assert not wall.clock.isVisible()
    assert "Ctrl+Shift+N" not in {s.toString() for a in wall.actions() for s in a.shortcuts()}
    wall.close()
