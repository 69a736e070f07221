"""The room on the wall (issue 16): the team's cards arrive beside the board, the coach
works them with single keys, and only what the coach accepts reaches the plan file.

Members are simulated with plain HTTP requests (urllib) to the real server on 127.0.0.1,
on threads of their own, as phones would be; the window is real, the plan a real file.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.room.server import RoomServer
from sipdesk.room.state import Room
from sipdesk.ui.controller import PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.room.coach import RoomCoach
from sipdesk.ui.room.network import HOST_KEY, LOOPBACK, local_addresses
from sipdesk.ui.room.panel import RoomPanel
from sipdesk.ui.wall import WallBoard, WallWindow
from tests.ui.conftest import ScriptedDialogs, open_plan, stored


class Member:
    """One phone in the room: its own cookie jar, plain JSON requests."""

    def __init__(self, url: str, name: str, code: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.post("api/join", {"code": code, "name": name})

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with self.opener.open(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer

    def state(self) -> dict[str, Any]:
        with self.opener.open(self.url + "api/state", timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer

    def card(self, kind: str, target: str, text: str, evidence: str = "") -> None:
        self.post("api/cards", {"kind": kind, "target": target, "text": text, "evidence": evidence})


def on_a_thread(work: Any) -> None:
    """Run ``work`` off the window's thread (as a phone would) and wait for it."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # pragma: no cover - shown by the assert below
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        QApplication.processEvents()
        thread.join(0.01)
    assert not failure, failure


def open_room(qtbot: QtBot, window: MainWindow) -> tuple[WallWindow, RoomPanel, RoomCoach]:
    window.settings.setValue(HOST_KEY, LOOPBACK)  # remembered: offered first
    dialogs = window.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.answers.append(0)
    window.room_action.trigger()
    coach = window.room_host.coach
    assert coach is not None and dialogs.asked[-1][0] == "Open the room"
    assert LOOPBACK in dialogs.asked[-1][2][0]
    wall = window.wall_open()
    assert wall is not None and isinstance(wall.room, RoomPanel)
    qtbot.waitExposed(wall)
    return wall, wall.room, coach


def lines(panel: RoomPanel) -> list[str]:
    return panel.visible_lines()


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(widget, key)


def choose(panel: RoomPanel, words: str) -> None:
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    row = next(i for i, line in enumerate(rows) if words in line)
    panel.list.setCurrentRow(row)
    panel.list.setFocus()


def swot(controller: PlanController) -> list[tuple[str, str, str]]:
    plan = stored(controller)
    return [(i["kind"], i["text"], i.get("contributed_by") or "") for i in plan["swot"]]


def test_the_team_adds_cards_and_the_coach_takes_what_fits(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller = open_plan(qtbot, window, sample_file)
    window.show_step(2)  # the SWOT
    before = swot(controller)
    _wall, panel, coach = open_room(qtbot, window)
    # The wall shows how to join: the QR code, the address, the code.
    assert panel.qr.has_code() and panel.qr.side() >= 120
    assert coach.url in panel.address.text() and coach.join_code in panel.code.text()
    assert window.meeting_bar() is not None
    assert coach.join_code in window.meeting_bar().room_button.text()  # type: ignore[union-attr]
    # Events reach the window's thread through a queued signal, never a server thread.
    # The room tells its listeners on the server's threads; the coach passes the news on
    # through a queued signal, so the panel changes on the window's thread only.
    threads: list[bool] = []
    coach.changed.connect(lambda: threads.append(QThread.currentThread() is qtbot_thread()))
    server_side: list[bool] = []
    coach.room.subscribe(
        lambda _e: server_side.append(threading.current_thread() is not threading.main_thread())
    )
    # When three members join and add cards from their devices
    url, code = coach.url, coach.join_code

    def team() -> None:
        ana = Member(url, "Ana", code)
        ben = Member(url, "Ben", code)
        cleo = Member(url, "Cleo", code)
        ana.card("swot", "strength", "Families read at home", "Reading logs")
        ana.card("swot", "threat", "Bus routes cut")
        ben.card("swot", "strength", "Staff plan together")
        cleo.card("swot", "strength", "Teachers share lessons")
        cleo.card("swot", "weakness", "Attendance dips in winter")

    on_a_thread(team)
    qtbot.waitUntil(lambda: panel.list.count() == 5)
    assert threads and all(threads)
    assert server_side and all(server_side)
    assert any(line.startswith("Ana · Strength: Families read") for line in lines(panel))
    # the coach accepts one as it is (Enter)
    choose(panel, "Families read at home")
    press(qtbot, panel.list, Qt.Key.Key_Return)
    # one after changing its words (E, type, Enter)
    choose(panel, "Attendance dips")
    press(qtbot, panel.list, Qt.Key.Key_E)
    assert panel.editor.isVisible() and panel.editor.hasFocus()
    panel.editor.selectAll()
    qtbot.keyClicks(panel.editor, "Attendance dips in January and February")
    press(qtbot, panel.editor, Qt.Key.Key_Return)
    # discards one (Delete) and merges two (M on one, M on the other)
    choose(panel, "Bus routes cut")
    press(qtbot, panel.list, Qt.Key.Key_Delete)
    choose(panel, "Staff plan together")
    press(qtbot, panel.list, Qt.Key.Key_M)
    choose(panel, "Teachers share lessons")
    press(qtbot, panel.list, Qt.Key.Key_M)
    # Then one merged card waits, naming both; the others are gone from the wall
    assert lines(panel) == ["Ben & Cleo · Strength: Staff plan together / Teachers share lessons"]
    # and the plan file holds exactly the two accepted cards, with who wrote them
    added = [row for row in swot(controller) if row not in before]
    assert added == [
        ("strength", "Families read at home", "Ana"),
        ("weakness", "Attendance dips in January and February", "Cleo"),
    ]
    # Ctrl+Z takes the last accept back out of the plan, and its card waits again
    qtbot.keyClick(panel.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.list.count() == 2)
    assert any("Attendance dips in January and February" in line for line in lines(panel))
    added = [row for row in swot(controller) if row not in before]
    assert added == [("strength", "Families read at home", "Ana")]
    # Ctrl+Y puts it back in
    qtbot.keyClick(panel.list, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    # When the coach closes the plan, the server stops: the address refuses connections
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    assert window.room_host.coach is None
    refused(url)


def qtbot_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def refused(url: str) -> None:
    with pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen(url + "api/state", timeout=5)
    assert isinstance(caught.value.reason, ConnectionRefusedError)


def test_closing_the_room_and_quitting_stop_the_server(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    _wall, _panel, coach = open_room(qtbot, window)
    url = coach.url
    urllib.request.urlopen(url + "api/state", timeout=5).close()
    # Ctrl+Shift+R again (the action) closes the room; the wall stays, without it
    window.room_action.trigger()
    assert window.room_host.coach is None
    wall = window.wall_open()
    assert wall is not None and wall.room is None
    refused(url)
    assert window.room_action.text() == "Open the &room…"
    # opened again, the room has a fresh code on a fresh port; quitting stops it
    _wall, _panel, again = open_room(qtbot, window)
    assert again.url != url or again.join_code != coach.join_code
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close()
    refused(again.url)


def test_a_silent_brainstorm_keeps_cards_face_down_until_reveal(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    wall, panel, coach = open_room(qtbot, window)
    # F3 takes the keyboard from the board to the cards
    qtbot.waitUntil(wall.isActiveWindow)
    assert wall.board.focus_target().hasFocus()
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_F3)
    assert panel.list.hasFocus()
    press(qtbot, panel.list, Qt.Key.Key_S)
    assert coach.silent() and panel.list.hasFocus()  # the keys stay with the cards
    url, code = coach.url, coach.join_code

    members: list[Member] = []

    def team() -> None:
        members.append(Member(url, "Dana", code))
        members[0].card("swot", "opportunity", "A grant for tutors")
        Member(url, "Eli", code).card("swot", "opportunity", "A library partnership")

    on_a_thread(team)
    qtbot.waitUntil(lambda: "2 cards" in panel.heading.text())
    shown = " ".join(lines(panel)) + panel.heading.text()
    assert "Dana" not in shown and "Eli" not in shown and "grant" not in shown
    assert lines(panel) == ["2 cards face down. R reveals them when everyone is done."]
    # Enter does nothing while they are face down
    assert panel.list.hasFocus()
    press(qtbot, panel.list, Qt.Key.Key_Return)
    assert len(coach.pending()) == 2
    # R turns them face up, names and all
    press(qtbot, panel.list, Qt.Key.Key_R)
    assert not coach.silent()
    assert lines(panel) == [
        "Dana · Opportunity: A grant for tutors",
        "Eli · Opportunity: A library partnership",
    ]
    # Nothing of the plan reaches a member's device until the coach shows the board (B),
    # and then only the board on the wall, read-only
    seen: list[dict[str, Any]] = []
    on_a_thread(lambda: seen.append(members[0].state()))
    assert seen[-1]["board"] is None
    press(qtbot, panel.list, Qt.Key.Key_B)
    on_a_thread(lambda: seen.append(members[0].state()))
    board = seen[-1]["board"]
    assert board["title"] == "SWOT"
    assert [s["heading"] for s in board["sections"]] == [
        "Strengths",
        "Weaknesses",
        "Opportunities",
        "Threats",
    ]
    press(qtbot, panel.list, Qt.Key.Key_B)
    on_a_thread(lambda: seen.append(members[0].state()))
    assert seen[-1]["board"] is None


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
@pytest.mark.parametrize("kind", ["swot", "fishbone", "whys"])
def test_the_room_on_the_wall_is_readable(
    qtbot: QtBot,
    sample_controller: PlanController,
    output_dir: Path,
    size: tuple[int, int],
    kind: str,
) -> None:
    width, height = size
    room = Room()
    server = RoomServer(room, LOOPBACK, port=0)
    server.start()
    coach = RoomCoach(sample_controller, room, server, None)
    try:
        url, code = coach.url, coach.join_code
        bone = coach.room.targets()["cause"][0][0]

        def team() -> None:
            Member(url, "Ana", code).card("swot", "strength", "Families read at home")
            Member(url, "Ben", code).card("cause", bone, "New teachers get no mentor")

        on_a_thread(team)
        host = QWidget()
        qtbot.addWidget(host)
        wall = WallWindow(
            sample_controller, WallBoard(kind, fishbone_id=1), host, screen_height=height
        )
        wall.attach_room(RoomPanel(coach, wall.floor, wall))
        wall.setGeometry(0, 0, width, height)
        wall.show()
        qtbot.waitExposed(wall)
        panel = wall.room
        assert isinstance(panel, RoomPanel)
        qtbot.waitUntil(lambda: panel.list.count() == 2)
        wall.board.refit()
        QApplication.processEvents()
        # The code and address are large, the QR code big enough to scan across a room
        assert panel.code.font().pixelSize() >= 36
        assert panel.address.font().pixelSize() >= wall.floor
        assert panel.qr.side() >= 200
        address_width = panel.address.fontMetrics().horizontalAdvance(panel.address.text())
        assert address_width <= panel.address.width()
        assert wall.grab().save(str(output_dir / f"room-wall-{kind}-{width}x{height}.png"))
        wall.close()
    finally:
        coach.close()
    refused(url)


def total_votes(controller: PlanController, fishbone_id: int) -> dict[int, int]:
    from sipdesk.services import root_causes as rc

    return {r.cause_id: r.votes for r in rc.ranking(stored(controller), fishbone_id)}


def test_the_rooms_dots_join_the_windows_voting_round(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller = open_plan(qtbot, window, sample_file)
    window.show_step(3)  # the fishbone
    page = window.current_page()
    keeper = page.round_keeper  # type: ignore[union-attr]
    wall, panel, coach = open_room(qtbot, window)
    fishbone_id = page.current_fishbone_id()  # type: ignore[union-attr]
    before = total_votes(controller, fishbone_id)
    # (every member of the sample's team still has dots to place)
    from sipdesk.services import root_causes as rc

    assert controller.run(lambda s: rc.set_dots_per_member(s, 9)) is not None
    # When the coach opens the voting round in the window (F7 on the wall)
    assert keeper.start(fishbone_id)
    # then the room's round opens on the same causes, each with its key
    assert coach.room.round_open
    options = coach.room.round_options()
    assert {int(i) for i, _label in options} == set(before)
    first, second = options[0][0], options[1][0]
    url, code = coach.url, coach.join_code

    def team() -> None:
        ana, ben = Member(url, "Ana", code), Member(url, "Ben", code)
        ana.post("api/vote", {"option": first, "delta": 1})
        ana.post("api/vote", {"option": first, "delta": 1})
        ben.post("api/vote", {"option": second, "delta": 1})

    on_a_thread(team)
    # the wall counts the room's dots live, hidden as the window's round hides its own
    qtbot.waitUntil(lambda: sum(coach.tallies().values()) == 3)
    qtbot.waitUntil(lambda: panel.votes.text() == "Dots from devices: 3 dots (hidden)")
    keeper.reveal()  # F4
    key_of = {ident: label.split(" · ", 1)[0] for ident, label in options}
    assert panel.votes.text() == (
        f"Dots from devices · {key_of[first]}: 2 dots · {key_of[second]}: 1 dot"
    )
    # When the round ends (Esc on the wall), the team's dots are added as one edit
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Escape)
    assert keeper.round is None and not coach.room.round_open and not panel.votes.isVisible()
    after = total_votes(controller, fishbone_id)
    assert after[int(first)] == before[int(first)] + 2
    assert after[int(second)] == before[int(second)] + 1
    assert sum(after.values()) == sum(before.values()) + 3
    # and one Ctrl+Z takes them all back
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert total_votes(controller, fishbone_id) == before


def test_a_round_opens_for_the_room_after_the_team_has_placed_all_its_dots(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    """Issue 16: once the team had placed all its dots no round could open, so the room's
    members could not vote either. With the room open the round opens; the team's own dots
    stay as they were, and the room's dots, beyond each matched member's allowance, go to
    the typed votes: nothing is lost and nothing is put in the wrong person's name."""
    from sipdesk.services import root_causes as rc

    controller = open_plan(qtbot, window, sample_file)
    window.show_step(3)  # the fishbone
    page = window.current_page()
    keeper = page.round_keeper  # type: ignore[union-attr]
    fishbone_id = page.current_fishbone_id()  # type: ignore[union-attr]
    # Given a team that has placed every one of its dots (the sample plan's 7 × 3)
    plan = stored(controller)
    allowance = plan["profile"]["dots_per_member"]
    used = rc.dots_used(plan)
    assert allowance and set(used.values()) == {allowance}
    said: list[str] = []
    keeper.message.connect(said.append)
    # Without the room, F7 still says how to vote again, as before
    assert not keeper.start(fishbone_id)
    assert said and said[-1].startswith(f"Every member has placed all {allowance} dots")
    # When the room is open, F7 opens the window's round and the room's
    wall, panel, coach = open_room(qtbot, window)
    before = {r.cause_id: (r.dots, r.tally) for r in rc.ranking(stored(controller), fishbone_id)}
    assert keeper.start(fishbone_id)
    assert keeper.round is not None and coach.room.round_open
    assert coach.room.dots_per_member() == allowance
    assert "the team has placed all its dots" in keeper.status()
    options = coach.room.round_options()
    first, second = options[0][0], options[1][0]
    url, code = coach.url, coach.join_code

    def team() -> None:
        # Angela is on the plan's team (her dots are all placed); Sam is a guest
        angela, sam = Member(url, "Angela", code), Member(url, "Sam", code)
        angela.post("api/vote", {"option": first, "delta": 1})
        angela.post("api/vote", {"option": second, "delta": 1})
        sam.post("api/vote", {"option": first, "delta": 1})

    on_a_thread(team)
    qtbot.waitUntil(lambda: sum(coach.tallies().values()) == 3)
    qtbot.waitUntil(lambda: panel.votes.text() == "Dots from devices: 3 dots (hidden)")
    # When the round ends (Esc on the wall)
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Escape)
    assert keeper.round is None and not coach.room.round_open
    # Then every dot from the room is counted once, as typed votes: the team's dots are as
    # they were, and nobody has placed more than their dots
    after_plan = stored(controller)
    after = {r.cause_id: (r.dots, r.tally) for r in rc.ranking(after_plan, fishbone_id)}
    assert rc.dots_used(after_plan) == used
    assert after[int(first)] == (before[int(first)][0], before[int(first)][1] + 2)
    assert after[int(second)] == (before[int(second)][0], before[int(second)][1] + 1)
    others = set(after) - {int(first), int(second)}
    assert {c: after[c] for c in others} == {c: before[c] for c in others}
    # and one Ctrl+Z takes them back
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {r.cause_id: (r.dots, r.tally) for r in rc.ranking(stored(controller), fishbone_id)} == (
        before
    )


def test_a_round_opens_for_the_room_on_a_plan_without_a_team(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    """Issue 16: no team in step 0 (and no dots per member set) must not keep the room's
    members from voting; their dots arrive as typed votes."""
    from sipdesk.models import TeamMember
    from sipdesk.services import edits
    from sipdesk.services import root_causes as rc

    controller = open_plan(qtbot, window, sample_file)
    for member in stored(controller)["team"]:
        ident = member["id"]
        assert controller.run(lambda s, i=ident: edits.delete_row(s, TeamMember, i, "Delete"))
    assert controller.run(lambda s: rc.set_dots_per_member(s, 0)) is not None
    window.show_step(3)
    page = window.current_page()
    keeper = page.round_keeper  # type: ignore[union-attr]
    fishbone_id = page.current_fishbone_id()  # type: ignore[union-attr]
    said: list[str] = []
    keeper.message.connect(said.append)
    # Without the room, F7 says to add the team first, as before
    assert not keeper.start(fishbone_id)
    assert said[-1].endswith("add the leadership team in step 0 first.")
    # With the room open, F7 opens the round with the usual 3 dots each
    wall, _panel, coach = open_room(qtbot, window)
    before = {r.cause_id: r.tally for r in rc.ranking(stored(controller), fishbone_id)}
    assert keeper.start(fishbone_id)
    assert coach.room.round_open and coach.room.dots_per_member() == 3
    assert stored(controller)["profile"]["dots_per_member"] == 3
    assert "the room is voting on their devices" in keeper.status()
    first = coach.room.round_options()[0][0]
    url, code = coach.url, coach.join_code

    def team() -> None:
        ana = Member(url, "Ana", code)
        for _ in range(3):
            ana.post("api/vote", {"option": first, "delta": 1})

    on_a_thread(team)
    qtbot.waitUntil(lambda: sum(coach.tallies().values()) == 3)
    qtbot.keyClick(wall.board.focus_target(), Qt.Key.Key_Escape)
    # Then her three dots are the cause's typed votes
    after = {r.cause_id: r.tally for r in rc.ranking(stored(controller), fishbone_id)}
    assert after == {**before, int(first): before[int(first)] + 3}


def _a_dot_placed_in_a_round(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> tuple[PlanController, int, dict[int, int], int]:
    """The room open on the fishbone, a round open, and Sam's one dot placed from a phone:
    the plan's controller, the fishbone, its causes' votes before and the cause voted for."""
    controller = open_plan(qtbot, window, sample_file)
    window.show_step(3)
    page = window.current_page()
    keeper = page.round_keeper  # type: ignore[union-attr]
    fishbone_id = page.current_fishbone_id()  # type: ignore[union-attr]
    _wall, _panel, coach = open_room(qtbot, window)
    before = total_votes(controller, fishbone_id)
    assert keeper.start(fishbone_id) and coach.room.round_open
    first = coach.room.round_options()[0][0]
    url, code = coach.url, coach.join_code
    on_a_thread(lambda: Member(url, "Sam", code).post("api/vote", {"option": first, "delta": 1}))
    qtbot.waitUntil(lambda: sum(coach.tallies().values()) == 1)
    return controller, fishbone_id, before, int(first)


def test_closing_the_room_during_a_round_keeps_the_dots_placed_on_devices(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller, fishbone_id, before, cause = _a_dot_placed_in_a_round(qtbot, window, sample_file)
    # When the coach closes the room (Ctrl+Shift+R) while the round is still open
    window.room_action.trigger()
    assert window.room_host.coach is None
    # Then Sam's dot is in the plan, not gone with the room
    assert total_votes(controller, fishbone_id) == {**before, cause: before[cause] + 1}


def test_closing_the_plan_during_a_round_keeps_the_dots_placed_on_devices(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    from sipdesk.services import root_causes as rc
    from sipdesk.storage import PlanDocument

    _controller, fishbone_id, before, cause = _a_dot_placed_in_a_round(qtbot, window, sample_file)
    # When the coach closes the plan (Ctrl+W) while the round is still open
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    assert window.room_host.coach is None
    # Then Sam's dot is in the plan file, not gone with the room
    with PlanDocument.open(sample_file, readonly=True) as document:
        plan = document.read_plan()
    after = {r.cause_id: r.votes for r in rc.ranking(plan, fishbone_id)}
    assert after == {**before, cause: before[cause] + 1}


def test_a_cause_from_a_phone_lands_on_its_bone(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    controller = open_plan(qtbot, window, sample_file)
    window.show_step(3)
    _wall, panel, coach = open_room(qtbot, window)
    bone_id, _label = coach.room.targets()["cause"][0]
    url, code = coach.url, coach.join_code
    on_a_thread(
        lambda: Member(url, "Ana", code).card("cause", bone_id, "New teachers get no mentor")
    )
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    choose(panel, "New teachers")
    press(qtbot, panel.list, Qt.Key.Key_Return)
    plan = stored(controller)
    found = [
        (category["id"], cause["text"], cause.get("contributed_by"))
        for fishbone in plan["fishbones"]
        for category in fishbone["categories"]
        for cause in category["causes"]
        if cause["text"] == "New teachers get no mentor"
    ]
    assert found == [(int(bone_id), "New teachers get no mentor", "Ana")]


def test_on_a_step_without_a_board_the_room_has_a_wall_of_its_own(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(0)  # no board to show here
    window.settings.setValue(HOST_KEY, "")
    dialogs = window.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    offered = [a.host for a in local_addresses()]
    assert offered[-1] == LOOPBACK  # the real networks first, loopback last
    dialogs.answers.append(len(offered) - 1)
    window.room_action.trigger()
    coach = window.room_host.coach
    own = window.room_host.own_wall
    assert coach is not None and window.wall_open() is None
    assert own is not None and own.isVisible()
    assert window.settings.value(HOST_KEY) == LOOPBACK  # remembered for next time
    panel = own.findChild(RoomPanel)
    assert panel is not None and coach.join_code in panel.code.text()
    # Esc leaves it, the room still open; Ctrl+Shift+R (the action) closes the room
    qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
    assert not own.isVisible() and window.room_host.coach is coach
    url = coach.url
    window.room_action.trigger()
    assert window.room_host.coach is None and window.room_host.own_wall is None
    refused(url)
