"""Show view in presentation mode: the lists on the wall take the presentation colours.

The SWOT lists on the wall stayed dark text on white while the rest of presentation mode (and
the wall's own headings) used the light-on-black presentation palette: the window restyles
only what is on show when the look changes, and the wall opens later.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.theme import HIGH_CONTRAST, NORMAL
from sipdesk.ui.wall import WallBoard, WallWindow
from sipdesk.ui.wall.boards import SwotWall
from tests.ui.conftest import open_plan


def ground(widget: QWidget) -> str:
    """The colour most of ``widget`` is painted in, as drawn (#rrggbb)."""
    image = widget.grab().toImage()
    step = 4
    seen = Counter(
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )
    return seen.most_common(1)[0][0]


def swot_wall(qtbot: QtBot, window: MainWindow, width: int, height: int) -> WallWindow:
    """The SWOT on the wall of the window, as F6 on step 2 puts it there, on a screen of
    ``width`` × ``height`` (the test screen is larger: its text floor would be too)."""
    controller = window.controller
    assert controller is not None
    wall = WallWindow(controller, WallBoard("swot"), window, screen_height=height)
    assert isinstance(wall.board, SwotWall)
    wall.setGeometry(0, 0, width, height)
    wall.show()
    qtbot.waitExposed(wall)
    wall.board.refit()
    QApplication.processEvents()
    return wall


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_the_swot_lists_on_the_wall_follow_the_presentation_colours(
    qtbot: QtBot, window: MainWindow, sample_file: Path, output_dir: Path, size: tuple[int, int]
) -> None:
    width, height = size
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    # Given the plan in presentation mode (F5)
    window.set_presentation(True)
    # When the SWOT goes on the wall (F6)
    wall = swot_wall(qtbot, window, width, height)
    assert wall.grab().save(str(output_dir / f"wall-swot-presenting-{width}x{height}.png"))
    # Then the wall and each quadrant's list are painted in the presentation colours, as the
    # headings above them are
    assert ground(wall) == HIGH_CONTRAST.window.lower()
    board = wall.board
    assert isinstance(board, SwotWall)
    for kind, wall_list in board.lists.items():
        assert ground(wall_list.viewport()) == HIGH_CONTRAST.surface.lower(), kind
        assert wall_list.font().pixelSize() >= wall.floor, kind  # and still the wall's size
    wall.close()
    # And out of presentation mode, the next wall is in the normal colours again
    window.set_presentation(False)
    wall = swot_wall(qtbot, window, width, height)
    board = wall.board
    assert isinstance(board, SwotWall)
    for kind, wall_list in board.lists.items():
        assert ground(wall_list.viewport()) == NORMAL.surface.lower(), kind
    wall.close()
