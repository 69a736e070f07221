"""What a coach met walking through the room with the keyboard (issue 16), each fixed and
kept fixed here: Ctrl+Shift+R opens the room from step 3's fishbone too; the cards arriving
one by one on a presenting wall each show all their words (Qt's own measure of a wrapped
card was a line short on a real X screen, offscreen it happened to fit); the panel keeps
its width whatever its heading says; the network question fits a 1024 × 768 screen.
"""

from __future__ import annotations

import threading
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.room.host import CHOOSE_TEXT
from sipdesk.ui.room.network import HOST_KEY, LOOPBACK
from sipdesk.ui.room.panel import CardDelegate, RoomPanel
from tests.ui.conftest import ScriptedDialogs, open_plan
from tests.ui.test_room_flood import Device
from tests.ui.test_room_wall import open_room


def on_a_thread(qtbot: QtBot, work: object) -> None:
    worker = threading.Thread(target=work)  # type: ignore[arg-type]
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive())


def test_ctrl_shift_r_on_the_fishbone_opens_the_room_and_marks_no_root_cause(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    window.settings.setValue(HOST_KEY, LOOPBACK)
    dialogs = window.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    window.toggle_wall()  # F6: the fishbone on the whole screen
    wall = window.wall_open()
    assert wall is not None
    qtbot.waitExposed(wall)
    canvas = wall.board.focus_target()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    undo_count = window.controller.undo_stack.count()  # type: ignore[union-attr]
    dialogs.answers.append(0)
    qtbot.keyClick(
        canvas,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.room_host.coach is not None
    assert window.controller.undo_stack.count() == undo_count  # type: ignore[union-attr]
    assert isinstance(wall.room, RoomPanel)


def test_cards_arriving_one_by_one_on_a_presenting_wall_show_all_their_words(
    qtbot: QtBot, window: MainWindow, sample_file: Path, output_dir: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.presentation_action.trigger()  # F5, as a coach presents
    window.show_step(3)
    wall, panel, coach = open_room(qtbot, window)
    wall.setGeometry(0, 0, 1024, 768)
    QApplication.processEvents()
    url, code = coach.url, coach.join_code
    device = Device(url)
    on_a_thread(qtbot, lambda: device.join(code, "Dan"))
    words = [
        "Coaches visit every class each month to model the reading routine",
        "<b>x</b> Too little time for planning together in grade teams",
        "DISCARD-THIS rumour about the budget for next year",
        "A grant for tutors from the county library",
    ]
    for n, text in enumerate(words, 1):
        on_a_thread(qtbot, lambda text=text: device.card(text))
        qtbot.waitUntil(lambda n=n: panel.list.count() == n)
    device.close()
    QApplication.processEvents()
    view = panel.list
    assert wall.grab().save(str(output_dir / "room-wall-cards-one-by-one-1024x768.png"))
    delegate = view.itemDelegate()
    assert isinstance(delegate, CardDelegate)
    metrics = QFontMetrics(view.font())
    rects = [view.visualItemRect(view.item(row)) for row in range(view.count())]
    for row, shown in enumerate(rects):
        text = view.item(row).text()
        box = delegate._words_rect(shown)
        needed = metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text)
        # Each card is as tall as its words need at the list's width now: none cut short,
        assert needed.height() <= box.height(), (text, shown, needed)
        assert shown.width() == view.viewport().width() - 2 * view.spacing()
    # and the cards follow one another without gaps (the list measured them as drawn).
    for above, below in pairwise(rects):
        assert below.top() - above.bottom() - 1 == 2 * view.spacing(), (above, below)


def test_the_panel_keeps_its_width_whatever_its_heading_says(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    wall, panel, _coach = open_room(qtbot, window)
    wall.setGeometry(0, 0, 1024, 768)
    QApplication.processEvents()
    before = panel.width()
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_S)  # silent
    qtbot.keyClick(panel.list, Qt.Key.Key_B)  # the board to their devices
    assert panel.heading.text() == "No cards waiting · silent · board shown"
    QApplication.processEvents()
    assert panel.width() == before


def test_the_network_question_is_in_short_lines() -> None:
    assert all(len(line) <= 70 for line in CHOOSE_TEXT.splitlines())
