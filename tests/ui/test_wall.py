"""Show view: the current board on the whole screen, readable from the back of the room.

Given the sample plan, when a board goes on a 1024 × 768 wall, then its smallest label is at
least the stated floor (20 px), it can still be edited with single keys, and Esc (or F6)
returns to the window exactly where the person was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.diagrams.wall import WALL_MIN_TEXT_PX, largest_size, wall_text_floor, zoom_floor
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.wall import WallBoard, WallWindow
from sipdesk.ui.wall.boards import SwotWall
from tests.ui.conftest import open_plan, stored

WIDTH, HEIGHT = 1024, 768


def test_wall_arithmetic() -> None:
    assert wall_text_floor(768) == WALL_MIN_TEXT_PX == 20
    assert wall_text_floor(1080) == 28
    assert wall_text_floor(600) == 20  # never below the floor on a small screen
    assert largest_size(10, 50, lambda px: px <= 33) == 33
    assert largest_size(10, 50, lambda px: False) == 10  # nothing fits: the floor, and scroll
    assert zoom_floor([14.0, 9.0, 12.0], 18) == pytest.approx(2.0)


HOSTS: list[QWidget] = []  # the walls' owners stay alive for the test (a wall is their child)


def _wall(qtbot: QtBot, controller: PlanController, board: WallBoard) -> WallWindow:
    host = QWidget()
    qtbot.addWidget(host)
    HOSTS[:] = [host]
    wall = WallWindow(controller, board, host, screen_height=HEIGHT)
    wall.setGeometry(0, 0, WIDTH, HEIGHT)
    wall.show()
    qtbot.waitExposed(wall)
    wall.board.refit()
    QApplication.processEvents()
    return wall


@pytest.mark.parametrize("kind", ["swot", "fishbone", "whys", "ranking"])
def test_every_label_on_the_wall_is_at_least_the_floor(
    qtbot: QtBot, sample_controller: PlanController, output_dir: Path, kind: str
) -> None:
    # Given the sample plan's board on a 1024 x 768 wall
    wall = _wall(qtbot, sample_controller, WallBoard(kind, fishbone_id=1))
    # Then its smallest label is at least 20 px tall, and the picture is kept for a look
    assert wall.board.smallest_text_px() >= WALL_MIN_TEXT_PX
    assert wall.grab().save(str(output_dir / f"wall-{kind}-{WIDTH}x{HEIGHT}.png"))
    wall.close()


def test_a_strength_is_added_and_renamed_on_the_wall(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    wall = _wall(qtbot, sample_controller, WallBoard("swot"))
    board = wall.board
    assert isinstance(board, SwotWall)
    strengths = board.lists["strength"]
    strengths.setFocus()
    before = len([i for i in sample_controller.plan()["swot"] if i["kind"] == "strength"])
    # When Insert is pressed, words typed and Enter pressed
    qtbot.keyClick(strengths, Qt.Key.Key_Insert)
    editor = _editor(strengths)
    qtbot.keyClicks(editor, "Parents trust the front office")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # (the editor closes, and the row is saved, on the next turns of the event loop)
    qtbot.waitUntil(lambda: len(_texts(sample_controller, "strength")) == before + 1)
    # Then the plan file holds the new strength
    kinds = [i for i in stored(sample_controller)["swot"] if i["kind"] == "strength"]
    assert len(kinds) == before + 1
    assert "Parents trust the front office" in [i["text"] for i in kinds]
    wall.close()


def test_f2_renames_a_strength_on_the_wall(qtbot: QtBot, sample_controller: PlanController) -> None:
    wall = _wall(qtbot, sample_controller, WallBoard("swot"))
    board = wall.board
    assert isinstance(board, SwotWall)
    strengths = board.lists["strength"]
    strengths.setFocus()
    first = strengths.rows[0].key
    strengths.select_key(first)
    # When F2 is pressed, new words typed and Enter pressed
    qtbot.keyClick(strengths, Qt.Key.Key_F2)
    editor = _editor(strengths)
    editor.selectAll()
    qtbot.keyClicks(editor, "Teachers meet weekly")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Then the plan file holds the new words
    qtbot.waitUntil(lambda: "Teachers meet weekly" in _texts(sample_controller, "strength"))
    texts = [i["text"] for i in stored(sample_controller)["swot"] if i["id"] == first]
    assert texts == ["Teachers meet weekly"]
    wall.close()


def _texts(controller: PlanController, kind: str) -> list[str]:
    return [str(i["text"]) for i in controller.plan()["swot"] if i["kind"] == kind]


def _editor(wall_list: QWidget) -> QLineEdit:
    """The line editor the list opened for typing."""
    editors = [e for e in wall_list.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def test_a_vote_on_the_wall_reaches_the_plan(
    qtbot: QtBot, sample_controller: PlanController
) -> None:
    wall = _wall(qtbot, sample_controller, WallBoard("ranking"))
    ranking = wall.board.focus_target()
    ranking.setFocus()
    cause = ranking.current_key()  # type: ignore[attr-defined]
    votes = {c.cause_id: c.votes for c in _ranking(sample_controller)}[cause]
    qtbot.keyClick(ranking, Qt.Key.Key_Plus)
    assert {c.cause_id: c.votes for c in _ranking(sample_controller)}[cause] == votes + 1
    wall.close()


def _ranking(controller: PlanController) -> list:  # type: ignore[type-arg]
    from sipdesk.services.root_causes import ranking

    return ranking(controller.plan())


def test_f6_puts_the_swot_on_the_wall_and_esc_returns(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    page = window.current_page()
    assert page is not None
    focus = QApplication.focusWidget()
    # When F6 is pressed on step 2
    window.wall_action.trigger()
    wall = window.wall_open()
    assert wall is not None and wall.spec.kind == "swot"
    qtbot.waitExposed(wall)
    # Then Esc closes it and the focus is back where it was
    wall.activateWindow()
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Escape)
    assert window.wall_open() is None
    assert QApplication.focusWidget() is focus or focus is None


def test_f6_on_a_step_without_a_board_says_where_it_works(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(0)
    window.wall_action.trigger()
    assert window.wall_open() is None
    assert "SWOT" in window.statusBar().currentMessage()


def test_quitting_with_the_wall_open_closes_it_quietly_and_saves(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Quitting from the main window while the Show view is up used to log a RuntimeError
    # from the wall's close (its plan's signals were already gone).
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    window.wall_action.trigger()
    wall = window.wall_open()
    assert wall is not None
    qtbot.waitExposed(wall)
    with qtbot.captureExceptions() as raised:
        window.close()
        qtbot.waitUntil(lambda: window.workspace is None, timeout=15000)
    assert raised == []
    assert window.wall_open() is None
