"""Voting rounds the room can run (issue 10, item 3).

Given a plan with a fishbone and a team of five, when the coach opens a round (F7) and each
member in turn places their dots with single keys (a cause's key, or arrows + Space), passes
with Enter, and the coach reveals the votes (F4), then the plan file holds every dot on the
intended cause, the tallies stayed hidden until the reveal, and no key changed the diagram
while the round was open — on step 3 and in Show view alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QFontMetricsF, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sipdesk.models import TeamMember
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.fishbone.canvas import LOCKED, UNDO_WAITS, FishboneCanvas
from sipdesk.ui.fishbone.voting_panel import RankingModel
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.root_causes_page import TAB_VOTES, RootCausesPage
from sipdesk.ui.theme import Theme
from sipdesk.ui.wall import WallWindow
from sipdesk.ui.wall.boards import FishboneWall, RankingWall
from tests.plans import new_plan
from tests.ui.conftest import open_plan, show_page, stored

Key = Qt.Key
Mod = Qt.KeyboardModifier
MEMBERS = ("Ana Ruiz", "Ben Okafor", "Chen Li", "Dora Mensah", "Eli Brooks")
# Bone A: a1 (a1x, a1y), a2, a3, a4, a5, a6 · bone B: b1, b2, b3 → keys 1-9, then a, b, c
BONES = {
    "A": [("a1", ["a1x", "a1y"]), ("a2", []), ("a3", []), ("a4", []), ("a5", []), ("a6", [])],
    "B": [("b1", []), ("b2", []), ("b3", [])],
}
KEYS = {
    "a1": "1",
    "a1x": "2",
    "a1y": "3",
    "a2": "4",
    "a3": "5",
    "a4": "6",
    "a5": "7",
    "a6": "8",
    "b1": "9",
    "b2": "a",
    "b3": "b",
}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A new plan: one fishbone as above, a team of five, no dots per member set yet."""
    doc = new_plan(tmp_path / "Maple School.sipdesk")
    with doc.transaction() as s:
        change = rc.new_fishbone(s, "Reading scores fell", None)
    fishbone = change.created_id("fishbones")
    assert fishbone is not None
    for bone, causes in BONES.items():
        with doc.transaction() as s:
            made = rc.add_category(s, fishbone, bone).created_id("fishbone_categories")
        assert made is not None
        for text, subs in causes:
            with doc.transaction() as s:
                cause = rc.add_cause(s, made, text).created_id("causes")
            for sub in subs:
                with doc.transaction() as s:
                    rc.add_cause(s, made, sub, parent_id=cause)
    for name in MEMBERS:
        with doc.transaction() as s:
            edits.insert_row(s, TeamMember, "Add member", {"name": name})
    doc.close()
    return tmp_path / "Maple School.sipdesk"


@pytest.fixture
def controller(plan_file: Path) -> Iterator[PlanController]:
    c = PlanController(PlanDocument.open(plan_file))
    yield c
    c.close()


@pytest.fixture
def page(qtbot: QtBot, controller: PlanController) -> RootCausesPage:
    p = RootCausesPage(controller)
    show_page(qtbot, p)
    return p


def ids(plan: dict[str, Any]) -> dict[str, int]:
    return {
        c["text"]: c["id"]
        for f in plan["fishbones"]
        for cat in f["categories"]
        for c, _ in rc.iter_causes(cat["causes"])
    }


def members(plan: dict[str, Any]) -> dict[str, int]:
    return {m["name"]: m["id"] for m in plan["team"]}


def dots_in(plan: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(member, cause) → dots, as the plan holds them."""
    names = {m["id"]: m["name"] for m in plan["team"]}
    found = {}
    for f in plan["fishbones"]:
        for cat in f["categories"]:
            for cause, _ in rc.iter_causes(cat["causes"]):
                for vote in cause["dot_votes"]:
                    found[(names[vote["member_id"]], cause["text"])] = vote["dots"]
    return found


def shape(plan: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every bone and cause with its text, parent, place and root mark."""
    found: list[tuple[Any, ...]] = []
    for f in plan["fishbones"]:
        found.append(("fishbone", f["id"], f["problem"]))
        for n, cat in enumerate(f["categories"]):
            found.append(("bone", cat["id"], cat["name"], n))
            stack = [(c, None, i) for i, c in enumerate(cat["causes"])]
            while stack:
                cause, parent, place = stack.pop()
                found.append(
                    (
                        "cause",
                        cause["id"],
                        cause["text"],
                        parent,
                        place,
                        cat["id"],
                        cause["is_root"],
                    )
                )
                stack.extend((s, cause["id"], i) for i, s in enumerate(cause["causes"]))
    return sorted(found, key=repr)


def press(qtbot: QtBot, keys: str | list[Any]) -> None:
    """Press keys on whatever has the focus, as the coach's keyboard would."""
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        if isinstance(key, tuple):
            qtbot.keyClick(widget, key[0], key[1])
        elif isinstance(key, str):
            qtbot.keyClicks(widget, key)
        else:
            qtbot.keyClick(widget, key)


def badge(canvas: FishboneCanvas, cause_id: int) -> str:
    """The words drawn as a badge in front of a cause (its key, dots or votes)."""
    item = canvas._items[("cause", cause_id)]  # what the room sees
    return item.badge.strip()  # a lone key is padded with thin spaces to a round pill


def open_round(qtbot: QtBot, page: RootCausesPage) -> None:
    page.canvas.setFocus()
    qtbot.waitUntil(page.canvas.hasFocus)
    qtbot.keyClick(page.canvas, Key.Key_F7)
    assert page.round_keeper.round is not None
    assert page.canvas.hasFocus()


def test_a_round_of_five_members_driven_by_keys_alone(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    # Given a new plan's fishbone, a team of five and no dots per member set
    canvas, plan = page.canvas, controller.plan()
    cause = ids(plan)
    # When the coach presses F7 on the diagram
    open_round(qtbot, page)
    # Then the round gives each member the usual three dots, and says who votes
    assert stored(controller)["profile"]["dots_per_member"] == 3
    assert page.round_bar.isVisible()
    assert page.round_status.text() == (
        "Round open — Ana Ruiz (1 of 5) is voting, 3 dots left — press Enter for the next voter"
    )
    # and each cause wears its single key, 1-9 then letters, in the diagram's reading order
    assert {text: badge(canvas, cause[text]) for text in KEYS} == KEYS
    # each badge a round pill, not a sliver, even for the narrowest keys
    metrics = QFontMetricsF(canvas.font())
    for key in ("i", "l", "f", "1"):
        words = FishboneCanvas._round_badge({"dot_votes": []}, key, False, None)
        assert words.strip() == key
        assert metrics.horizontalAdvance(words) >= 0.5 * metrics.height(), key
    # When the members vote in turn, by key, by arrows + Space, with a take-back
    press(qtbot, ["1", "1", "b", Key.Key_Return])  # Ana: a1 twice, b3
    press(qtbot, ["a", Key.Key_Home, Key.Key_Down, Key.Key_Down, Key.Key_Space])  # Ben: b2, a1
    assert canvas.selection() == ("cause", cause["a1"])
    press(qtbot, [Key.Key_Return])
    press(qtbot, ["4", "5", Key.Key_Backspace, "9", Key.Key_Return])  # Chen: a2, b1 (a3 back)
    press(qtbot, ["2", "3", Key.Key_Return])  # Dora: a1x, a1y, keeps one dot
    press(qtbot, ["B", "b", "b", Key.Key_Return])  # Eli: b3 three times (Shift works too)
    # Then everyone has voted, and the file holds every dot on the intended cause
    assert page.round_status.text() == "Round open — everyone has voted — F4 shows the votes"
    assert dots_in(stored(controller)) == {
        ("Ana Ruiz", "a1"): 2,
        ("Ana Ruiz", "b3"): 1,
        ("Ben Okafor", "b2"): 1,
        ("Ben Okafor", "a1"): 1,
        ("Chen Li", "a2"): 1,
        ("Chen Li", "b1"): 1,
        ("Dora Mensah", "a1x"): 1,
        ("Dora Mensah", "a1y"): 1,
        ("Eli Brooks", "b3"): 3,
    }
    # And the diagram is exactly as it was
    assert shape(stored(controller)) == shape(plan)


def test_tallies_stay_hidden_until_the_coach_reveals_them(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    canvas, voting = page.canvas, page.voting
    cause = ids(controller.plan())
    open_round(qtbot, page)
    press(qtbot, ["9", "9", Key.Key_Return, "9", "4"])  # Ana: b1 twice; Ben: b1, a2
    # While hidden: the voter sees their own dots, nobody sees a count
    assert badge(canvas, cause["b1"]) == "9 •"  # Ben's one dot on b1, not the 3 there
    assert badge(canvas, cause["a2"]) == "4 •"
    assert "vote" not in " ".join(badge(canvas, c) for c in cause.values())
    # and the ranking shows the causes in the diagram's order by key, without tallies
    model = voting.model
    assert model.headerData(RankingModel.COL_RANK, Qt.Orientation.Horizontal) == "Key"
    for column in (RankingModel.COL_DOTS, RankingModel.COL_TALLY, RankingModel.COL_TOTAL):
        assert voting.table.isColumnHidden(column)
    order = [model.cause_at(r).text for r in range(model.rowCount())]
    assert order == list(KEYS)
    assert voting.hidden_note.isVisibleTo(voting)
    # When the coach presses F4
    qtbot.keyClick(canvas, Key.Key_F4)
    # Then the counts show on the diagram and the ranking orders the causes by votes
    assert badge(canvas, cause["b1"]) == "9 · 3 votes"
    assert badge(canvas, cause["a2"]) == "4 · 1 vote"
    assert badge(canvas, cause["a1"]) == "1"
    assert not voting.table.isColumnHidden(RankingModel.COL_TOTAL)
    assert [model.cause_at(r).text for r in range(2)] == ["b1", "a2"]
    assert page.reveal_button.isChecked()
    assert page.round_status.text().startswith("Round open · votes shown — Ben Okafor")
    # And Esc ends the round: plain editing again, no key badges
    qtbot.keyClick(canvas, Key.Key_Escape)
    assert page.round_keeper.round is None and not page.round_bar.isVisible()
    assert badge(canvas, cause["a1"]) == ""
    assert page.panel.isEnabled() and page.new_button.isEnabled()
    assert page.panel_scroll.isVisible() and page.new_button.isVisible()


def test_a_voter_cannot_exceed_their_allowance_and_is_told_plainly(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    open_round(qtbot, page)
    # When Ana presses four keys with three dots
    press(qtbot, ["1", "2", "3", "4"])
    # Then the fourth is refused in a sentence, and the file holds three dots
    assert page.banner.isVisible()
    assert page.banner.text.text() == (
        "Ana Ruiz has placed all 3 dots. Backspace takes the last one back; "
        "Enter passes to the next voter."
    )
    assert page.round_status.text().startswith("Round open — Ana Ruiz (1 of 5) is voting, 0 dots")
    assert sum(dots_in(stored(controller)).values()) == 3
    assert ("Ana Ruiz", "a2") not in dots_in(stored(controller))


RESTRUCTURING = [
    pytest.param(Key.Key_Delete, Mod.NoModifier, id="Delete"),
    pytest.param(Key.Key_Insert, Mod.NoModifier, id="Insert"),
    pytest.param(Key.Key_F2, Mod.NoModifier, id="F2"),
    pytest.param(Key.Key_Right, Mod.AltModifier, id="Alt+Right"),
    pytest.param(Key.Key_Left, Mod.AltModifier, id="Alt+Left"),
    pytest.param(Key.Key_Up, Mod.ControlModifier, id="Ctrl+Up"),
    pytest.param(Key.Key_Down, Mod.ControlModifier, id="Ctrl+Down"),
    pytest.param(Key.Key_Left, Mod.ControlModifier, id="Ctrl+Left"),
    pytest.param(Key.Key_Right, Mod.ControlModifier, id="Ctrl+Right"),
    pytest.param(Key.Key_R, Mod.ControlModifier, id="Ctrl+R"),
    pytest.param(Key.Key_Z, Mod.ControlModifier, id="Ctrl+Z"),
    pytest.param(Key.Key_Menu, Mod.NoModifier, id="Menu"),
]


@pytest.mark.parametrize(("key", "mods"), RESTRUCTURING)
def test_restructuring_keys_do_nothing_while_a_round_is_open(
    qtbot: QtBot,
    page: RootCausesPage,
    controller: PlanController,
    key: Qt.Key,
    mods: Qt.KeyboardModifier,
) -> None:
    # Given a round open with one dot placed, and a second cause (a2) selected
    canvas = page.canvas
    cause = ids(controller.plan())
    open_round(qtbot, page)
    press(qtbot, ["4"])
    before = shape(stored(controller))
    assert canvas.select(("cause", cause["a2"]))
    # When a key that adds, renames, moves, deletes, marks or undoes is pressed
    qtbot.keyClick(canvas, key, mods)
    # Then nothing changed: same diagram, the dot still there, no editor open, and a sentence
    assert not canvas.editing
    assert shape(stored(controller)) == before
    assert dots_in(stored(controller)) == {("Ana Ruiz", "a2"): 1}
    assert page.round_keeper.round is not None
    assert page.banner.text.text() in (LOCKED, UNDO_WAITS)


def test_the_mouse_and_the_side_panel_change_nothing_during_a_round(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController
) -> None:
    canvas = page.canvas
    cause = ids(controller.plan())
    open_round(qtbot, page)
    before = shape(stored(controller))
    # The side panel and the diagram's buttons are locked, and out of the way
    assert not page.panel.isEnabled() and not page.panel_scroll.isVisible()
    for widget in (page.new_button, page.delete_button, page.template, page.fishbones):
        assert not widget.isEnabled() and not widget.isVisible()
    page.panel.cause_text.setFocus()
    assert not page.panel.cause_text.hasFocus()
    qtbot.keyClicks(page.panel.cause_text, "typed into the panel")
    assert shape(stored(controller)) == before
    # A double-click opens no editor, and a drag moves nothing
    a2 = canvas.viewport_point(("cause", cause["a2"]))
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=a2)
    assert not canvas.editing
    b1 = canvas.viewport_point(("cause", cause["b1"]))
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=a2)
    for step in range(1, 6):
        qtbot.mouseMove(canvas.viewport(), a2 + (b1 - a2) * step / 5)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=b1)
    assert shape(stored(controller)) == before
    assert set(dots_in(stored(controller))) <= {("Ana Ruiz", "a2")}  # clicks vote, no more
    # And a plain click on a cause places the voter's dot there
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=b1)
    assert dots_in(stored(controller))[("Ana Ruiz", "b1")] == 1


def test_the_round_runs_the_same_in_show_view(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController, output_dir: Path
) -> None:
    # Given a round open on step 3, and the fishbone put on a 1024 x 768 wall
    cause = ids(controller.plan())
    drawn = shape(controller.plan())
    open_round(qtbot, page)
    spec = page.wall_board()
    assert spec is not None and spec.round is page.round_keeper
    wall = WallWindow(controller, spec, page, screen_height=768)
    wall.setGeometry(0, 0, 1024, 768)
    wall.show()
    qtbot.waitExposed(wall)
    board = wall.board
    assert isinstance(board, FishboneWall)
    board.refit()
    wall.activateWindow()
    board.canvas.setFocus()
    qtbot.waitUntil(board.canvas.hasFocus)
    # The wall says who is voting and shows the keys
    assert wall.round_bar.isVisible() and "Ana Ruiz (1 of 5) is voting" in wall.round_bar.text()
    assert badge(board.canvas, cause["b2"]) == "a"
    # When the members vote on the wall by keys, and try to restructure
    press(qtbot, ["a", "a", Key.Key_Return, "1", (Key.Key_Right, Mod.AltModifier), Key.Key_Delete])
    assert "Ben Okafor (2 of 5) is voting, 2 dots left" in wall.round_bar.text()
    assert badge(board.canvas, cause["a1"]) == "1 •"
    wall.grab().save(str(output_dir / "wall-round-fishbone-1024x768.png"))
    # and the coach reveals the votes there
    qtbot.keyClick(board.canvas, Key.Key_F4)
    assert badge(board.canvas, cause["b2"]) == "a · 2 votes"
    # Then the file holds the dots, and the diagram did not change
    assert dots_in(stored(controller)) == {("Ana Ruiz", "b2"): 2, ("Ben Okafor", "a1"): 1}
    assert shape(stored(controller)) == drawn
    # and a voter past their allowance is told so on the wall, in a sentence
    press(qtbot, ["2", "3", "4"])
    assert wall.note.isVisible() and wall.note.text().startswith(
        "Ben Okafor has placed all 3 dots."
    )
    assert sum(dots_in(stored(controller)).values()) == 5
    press(qtbot, [Key.Key_Backspace, Key.Key_Backspace])  # Ben takes back a1y and a1x
    # The page behind follows the same round
    assert page.round_status.text() == wall.round_bar.text().removesuffix(" · Esc ends the round")
    # Esc ends the round first, on the wall; the next Esc leaves Show view
    qtbot.keyClick(board.canvas, Key.Key_Escape)
    assert page.round_keeper.round is None and wall.isVisible()
    assert not wall.round_bar.isVisible()
    with qtbot.waitSignal(wall.closed):
        qtbot.keyClick(board.canvas, Key.Key_Escape)


def test_the_ranking_wall_hides_the_tallies_until_the_reveal(
    qtbot: QtBot, page: RootCausesPage, controller: PlanController, output_dir: Path
) -> None:
    open_round(qtbot, page)
    press(qtbot, ["b", "b", "4", Key.Key_Return, "b"])  # b3: 3 dots, a2: 1
    page.tabs.setCurrentIndex(TAB_VOTES)
    spec = page.wall_board()
    assert spec is not None and spec.kind == "ranking"
    wall = WallWindow(controller, spec, page, screen_height=768)
    wall.setGeometry(0, 0, 1024, 768)
    wall.show()
    qtbot.waitExposed(wall)
    board = wall.board
    assert isinstance(board, RankingWall)
    board.refit()
    # While hidden: the diagram's order with each cause's key, no counts
    texts = [board.list.item(i).text() for i in range(board.list.count())]
    assert texts[:3] == ["1 — a1", "2 — a1x", "3 — a1y"]
    assert not any("vote" in t for t in texts)
    assert "hidden" in board.panel.title.text()
    title = board.panel.title
    qtbot.waitUntil(lambda: title.height() >= title.sizeHint().height())  # laid out whole
    assert title.width() >= title.sizeHint().width()
    wall.grab().save(str(output_dir / "wall-round-ranking-hidden-1024x768.png"))
    # A cause's key places Ben's dot from the ranking too
    board.list.setFocus()
    qtbot.keyClick(board.list, "9")
    assert dots_in(stored(controller))[("Ben Okafor", "b1")] == 1
    # and Ctrl+Z waits for the end of the round there too, even with the window's undo on it
    wall.addAction(undo := QAction("Undo", wall))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.triggered.connect(controller.undo_stack.undo)
    qtbot.keyClick(board.list, Key.Key_Z, Mod.ControlModifier)
    assert dots_in(stored(controller))[("Ben Okafor", "b1")] == 1
    assert wall.note.text() == UNDO_WAITS
    # When the coach reveals the votes (F4), the ranking shows them, most first
    qtbot.keyClick(board.list, Key.Key_F4)
    texts = [board.list.item(i).text() for i in range(board.list.count())]
    assert texts[:3] == ["b · 3 votes — b3", "4 · 1 vote — a2", "9 · 1 vote — b1"]
    assert board.panel.title.text() == "Causes by votes"
    wall.grab().save(str(output_dir / "wall-round-ranking-shown-1024x768.png"))
    wall.close()


@pytest.mark.parametrize(("width", "zoom"), [(1024, 1.0), (1366, 1.0), (1366, 1.5)])
def test_the_step_during_a_round_fits_the_room(
    qtbot: QtBot,
    controller: PlanController,
    theme: Theme,
    output_dir: Path,
    width: int,
    zoom: float,
) -> None:
    # Given step 3 in a window of the room's size, a round open and a vote placed
    theme.apply(zoom=zoom, high_contrast=zoom > 1)
    try:
        page = RootCausesPage(controller)
        qtbot.addWidget(page)
        page.resize(width - 230, 768 - 60)  # beside the step list, under the title bar
        page.show()
        qtbot.waitExposed(page)
        open_round(qtbot, page)
        press(qtbot, ["1", "b"])
        # Then the diagram gets the room the chooser and the side panel made (once laid out)
        qtbot.waitUntil(lambda: page.canvas.width() >= page.splitter.width() - 8, timeout=3000)
        qtbot.waitUntil(lambda: page.round_bar.y() < page.canvas.mapTo(page, QPoint(0, 0)).y())
        tall = {1.0: 300, 1.5: 240}[zoom]
        qtbot.waitUntil(lambda: page.canvas.height() >= tall, timeout=3000)
        name = f"step3-round-{width}x768{'-presenting' if zoom > 1 else ''}.png"
        assert page.grab().save(str(output_dir / name))
        # and the round's bar and buttons show whole, and nothing scrolls sideways
        assert page.minimumSizeHint().width() <= page.width()
        for widget in (page.round_bar, page.round_button, page.reveal_button, page.canvas):
            assert widget.isVisible()
            assert widget.visibleRegion().boundingRect().width() == widget.width()
        for button in (page.round_button, page.reveal_button):  # their words whole
            assert button.width() >= button.sizeHint().width()
        for line in (page.round_status, page.round_help):  # every wrapped line shows
            assert line.heightForWidth(line.width()) <= line.height()
    finally:
        theme.apply(zoom=1.0, high_contrast=False)


def test_a_round_in_the_real_window_keeps_window_keys_and_blocks_undo(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan's step 3 in the window, the focus on the diagram
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    page = window.current_page()
    assert isinstance(page, RootCausesPage)
    page.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(page.canvas.hasFocus)
    controller = page.controller
    # Every member of the sample team has placed their 3 dots: F7 says how to vote again
    qtbot.keyClick(page.canvas, Key.Key_F7)
    assert page.round_keeper.round is None and not page.round_button.isChecked()
    assert page.banner.text.text().startswith("Every member has placed all 3 dots.")
    # (so the coach gives one more)
    controller.run(lambda s: rc.set_dots_per_member(s, 4))
    # When F7 opens a round, and the first voter places a dot by key
    qtbot.keyClick(page.canvas, Key.Key_F7)
    voting = page.round_keeper.round
    assert voting is not None and voting.voter is not None
    voter = voting.voter.name
    before = dict(dots_in(stored(controller)))
    qtbot.keyClick(page.canvas, "1")
    cause = next(c for c, k in page.canvas.round_keys().items() if k == "1")
    first = {v: k for k, v in ids(controller.plan()).items()}[cause]
    after = dots_in(stored(controller))
    assert sum(after.values()) == sum(before.values()) + 1
    assert after.get((voter, first), 0) == before.get((voter, first), 0) + 1
    # Then Ctrl+Z does not take it back (Backspace does), and says so
    qtbot.keyClick(page.canvas, Key.Key_Z, Mod.ControlModifier)
    assert dots_in(stored(controller)) == after
    assert "Backspace" in page.banner.text.text()
    qtbot.keyClick(page.canvas, Key.Key_Backspace)
    assert dots_in(stored(controller)) == before
    # And the window's own keys still work: F6 puts the round on the wall, Esc ends the round
    # there, the next Esc comes back
    qtbot.keyClick(page.canvas, Key.Key_F6)
    wall = window.wall_open()
    assert wall is not None and wall.round_bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wall.board.focus_target())
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Escape)
    assert page.round_keeper.round is None and window.wall_open() is wall
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Escape)
    qtbot.waitUntil(lambda: window.wall_open() is None)
    # and with the round over, Ctrl+Z undoes again
    assert window.undo_action.isEnabled()
