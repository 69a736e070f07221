"""A whole SLT meeting driven by keys alone (issue 10, "Tests").

Given a new plan made from the start screen, at 1024 × 768 and 1366 × 768 (and once
presenting at 1024 × 768: F5, then F11 back to the projector's size), when the coach runs the
meeting from the keyboard only — every key sent to whatever has the focus, the steps changed
with Ctrl+PgDown — through the profile (its dates left empty), the team, the direction, a
SWOT with evidence, a fishbone of 4 bones × 3 causes with sub-causes (the last bone typed in
Show view), a 5 Whys chain, a voting round of 5 members and 2 priorities, and closes the plan
with Ctrl+W, then the .sipdesk read back holds every typed word, the structure exactly as
intended and every dot on the intended cause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services import root_causes as rc
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.root_causes_page import TAB_FISHBONE, TAB_VOTES, TAB_WHYS, RootCausesPage
from sipdesk.ui.wall.boards import FishboneWall
from sipdesk.ui.widgets.fields import DateField
from tests.ui.conftest import ScriptedDialogs
from tests.ui.test_room_keys import visible_in_page

Key = Qt.Key
Mod = Qt.KeyboardModifier

SCHOOL = "Maple Grove Elementary"
# Step 0, in the order Tab reaches the fields after the two empty dates.
PROFILE = [
    ("essa_status", "Targeted support"),
    ("city_county", "Springfield / Sangamon"),
    ("zip_code", "62704"),
    ("phone", "217 555 0142"),
    ("principal", "Rosa Delgado"),
    ("contact", "Sam Whitfield"),
    ("district", "Springfield District 186"),
    ("superintendent", "Dr. Alan Pierce"),
    ("district_liaison", "Mira Castellanos"),
    ("federal_designation", "Comprehensive"),
    ("title_i_status", "Schoolwide"),
]
SUMMARY = "First meeting of the year; dates to be agreed"
TEAM = [
    ("Ana Ruiz", "Principal", "Chair"),
    ("Ben Okafor", "Grade 3 teacher", "Data lead"),
    ("Chen Li", "Reading coach", "Facilitator"),
    ("Dora Mensah", "Parent", "Family voice"),
    ("Eli Brooks", "Counselor", "Note taker"),
]
VISION = "Every child reads with joy and confidence"
MISSION = "We teach every reader by name and need"
SWOT = {
    "strength": [
        ("Strong phonics routine in K-2", "Walkthroughs, fall term"),
        ("Stable teaching staff", "Retention 94 percent"),
        ("Active parent group", "PTA sign-in sheets"),
    ],
    "weakness": [
        ("Grade 3 fluency below benchmark", "Spring DIBELS, 41 percent"),
        ("Little time for small groups", "Master schedule review"),
        ("Uneven use of data meetings", "Meeting minutes audit"),
    ],
    "opportunity": [
        ("Public library summer program", "Library letter, March"),
        ("District literacy grant", "Grant notice 2026-04"),
        ("University tutors", "Partnership draft"),
    ],
    "threat": [
        ("Bus route cut", "District notice, May"),
        ("Rising chronic absence", "Attendance report, 18 percent"),
        ("Budget freeze", "Board minutes, June"),
    ],
}
QUADRANT_BOX = {
    "strength": "Add a strength",
    "weakness": "Add a weakness",
    "opportunity": "Add an opportunity",
    "threat": "Add a threat",
}
PROBLEM = "Grade 3 reading fluency fell"
# Four bones, three causes each; the first cause of each bone has sub-causes.
BONES: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "Instruction",
        [
            ("Short reading block", ["Assemblies cut into it", "Late start on Mondays"]),
            ("Few decodable texts", []),
            ("No fluency practice", []),
        ],
    ),
    (
        "Students",
        [("Chronic absence", ["Bus route cut"]), ("Low stamina", []), ("Few books at home", [])],
    ),
    (
        "Teachers",
        [
            ("New to grade 3", ["Two first-year teachers"]),
            ("No coaching cycle", []),
            ("Data meetings skipped", []),
        ],
    ),
    (
        "Materials",
        [
            ("Old core program", ["Adopted in 2012"]),
            ("Library closed at lunch", []),
            ("No audio books", []),
        ],
    ),
]
ROOT_CAUSES = ["Short reading block", "No coaching cycle"]
SYMPTOM = "Grade 3 students read slowly"
WHYS = [
    "They practise reading aloud rarely",
    "The reading block is short",
    "Assemblies take the morning slot",
    "The calendar is set without the team",
    "No one owns protected literacy time",
]
# Each member's three dots (a cause twice is two dots on it); Chen Li uses the arrows + Space.
DOTS = {
    "Ana Ruiz": ["Short reading block", "Short reading block", "No coaching cycle"],
    "Ben Okafor": ["Chronic absence", "No coaching cycle", "Old core program"],
    "Chen Li": ["Short reading block", "Assemblies cut into it", "Few decodable texts"],
    "Dora Mensah": ["Few books at home", "Few books at home", "Bus route cut"],
    "Eli Brooks": ["No coaching cycle", "Library closed at lunch", "No audio books"],
}
ARROW_VOTER = "Chen Li"
PRIORITIES = [
    ("Protected literacy time", "Guard a 90-minute block every morning", "Short reading block"),
    ("Coaching for grade 3", "A coaching cycle for every new teacher", "No coaching cycle"),
]


# ----------------------------------------------------------------- keys on whatever has focus


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Key, mods: Mod = Mod.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        # A person's keys come between turns of the event loop: the layouts asked for by
        # the last key are done before the next one (pytest-qt alone would send them all in
        # one turn, and pages would scroll to where a control was before its page settled).
        QApplication.processEvents()
        qtbot.keyClick(focus(), key, mods)


def type_text(qtbot: QtBot, text: str) -> None:
    QApplication.processEvents()
    qtbot.keyClicks(focus(), text)


def at(name: str) -> bool:
    return focus().accessibleName() == name


def tab_to(qtbot: QtBot, name: str, limit: int = 80) -> int:
    """Press Tab until the control named ``name`` has the focus; how many presses it took."""
    for count in range(limit + 1):
        if at(name):
            return count
        if count < limit:
            press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached “{name}” (stuck at “{focus().accessibleName()}”)")


def wait_for_the_keys(qtbot: QtBot, window: QWidget) -> None:
    """A new window on screen takes the keys once the window system makes it active."""
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: has_the_focus(window))


def has_the_focus(window: QWidget) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and window.isAncestorOf(widget)


def next_step(qtbot: QtBot, window: MainWindow, number: int) -> None:
    press(qtbot, Key.Key_PageDown, Mod.ControlModifier)
    window.finish_step()
    assert window.current_step() == number


# ----------------------------------------------------------------- the meeting


def start_new_plan(qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, path: Path) -> None:
    """The start screen: type the school's name, Enter, and say where the file goes."""
    box = window.start_screen.school_name
    box.setFocus(Qt.FocusReason.OtherFocusReason)  # where File ▸ New (Ctrl+N) puts it
    qtbot.waitUntil(box.hasFocus)
    dialogs.answers.append(path)
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        type_text(qtbot, SCHOOL)
        press(qtbot, Key.Key_Return)
    window.finish_step()
    assert window.current_step() == 0


def school_and_team(qtbot: QtBot) -> None:
    tab_to(qtbot, "School name")
    press(qtbot, Key.Key_Tab)
    assert at("Date of plan")
    # a new plan is dated today; the team will agree the dates later: Delete empties it
    press(qtbot, Key.Key_Delete)
    date = focus()
    assert isinstance(date, DateField) and date.text() == "Not set"
    # Tab on the empty dates moves on: the next typing lands in the next field
    press(qtbot, Key.Key_Tab)
    assert at("Date of update")
    press(qtbot, Key.Key_Tab)
    assert at("ESSA status")
    for _field, text in PROFILE:
        type_text(qtbot, text)
        press(qtbot, Key.Key_Tab)
    # past the month the plan year starts in, the school year (the span stays three years)
    tab_to(qtbot, "School year", limit=3)
    type_text(qtbot, "2026-27")
    # (past the span, the state's facts, the template plan health follows, the state pack,
    # the designation year and which year of the plan this is)
    tab_to(qtbot, "Update summary", limit=10)
    type_text(qtbot, SUMMARY)
    press(qtbot, Key.Key_Tab)
    assert at("Leadership team")
    for name, position, role in TEAM:
        press(qtbot, Key.Key_Insert)
        for text, last in ((name, False), (position, False), (role, True)):
            type_text(qtbot, text)
            press(qtbot, Key.Key_Return if last else Key.Key_Tab)
        # the table takes the row on its next turn of the event loop
        qtbot.waitUntil(lambda: at("Leadership team"))


def direction(qtbot: QtBot) -> None:
    tab_to(qtbot, "Vision")
    type_text(qtbot, VISION)
    press(qtbot, Key.Key_Tab)
    assert at("Mission")
    type_text(qtbot, MISSION)


def swot(qtbot: QtBot, window: MainWindow) -> None:
    for kind, items in SWOT.items():
        tab_to(qtbot, QUADRANT_BOX[kind])
        for number, (text, evidence) in enumerate(items, start=1):
            type_text(qtbot, text)
            press(qtbot, Key.Key_Return)
            assert focus().accessibleName() == f"Evidence for {kind} {number}"
            type_text(qtbot, evidence)
            press(qtbot, Key.Key_Tab)
            assert at(QUADRANT_BOX[kind])
    # Show view (F6) puts the board on the wall; Esc comes back to the same box
    press(qtbot, Key.Key_F6)
    wall = window.wall_open()
    assert wall is not None
    wait_for_the_keys(qtbot, wall)
    press(qtbot, Key.Key_Escape)
    assert window.wall_open() is None
    wait_for_the_keys(qtbot, window)
    assert at(QUADRANT_BOX["threat"])
    page = window.current_page()
    assert page is not None and visible_in_page(focus(), page)  # the caret is in view


def fishbone(qtbot: QtBot, window: MainWindow, page: RootCausesPage) -> None:
    canvas = page.canvas
    # a new fishbone with no ready-made categories: the room names its own bones
    tab_to(qtbot, "Categories for a new fishbone")
    press(qtbot, Key.Key_End)
    assert page.template.currentText() == "No categories"
    press(qtbot, Key.Key_Backtab, Mod.ShiftModifier)
    assert at("New fishbone")
    press(qtbot, Key.Key_Space)
    assert canvas.editing  # the problem, ready to type
    type_text(qtbot, PROBLEM)
    press(qtbot, Key.Key_Return)
    # Enter on the head adds a bone; Enter keeps adding; Enter on an empty line stops
    press(qtbot, Key.Key_Return)
    for bone, _causes in BONES:
        type_text(qtbot, bone)
        press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    assert not canvas.editing
    press(qtbot, Key.Key_Home)
    for number, (_bone, causes) in enumerate(BONES[:-1]):
        press(qtbot, Key.Key_Right)  # the head → the first bone → the next bone
        assert canvas.selection() == ("category", bone_ids(page)[number])
        press(qtbot, Key.Key_Return)
        for text, _subs in causes:
            type_text(qtbot, text)
            press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Escape)  # up to the bone
        press(qtbot, Key.Key_Down)  # its first cause
        press(qtbot, Key.Key_Return, Mod.ShiftModifier)  # a sub-cause under it
        for sub in causes[0][1]:
            type_text(qtbot, sub)
            press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        assert not canvas.editing
        press(qtbot, Key.Key_Escape, times=2)  # sub-cause → cause → bone
        assert canvas.selection() == ("category", bone_ids(page)[number])
    last_bone_on_the_wall(qtbot, window, page)


def bone_ids(page: RootCausesPage) -> list[int]:
    return [int(c["id"]) for c in page.controller.plan()["fishbones"][0]["categories"]]


def last_bone_on_the_wall(qtbot: QtBot, window: MainWindow, page: RootCausesPage) -> None:
    """The last bone's causes are typed in Show view (F6), where the room reads them; Esc
    comes back to the diagram with the last cause typed there still selected."""
    press(qtbot, Key.Key_F6)
    wall = window.wall_open()
    assert wall is not None
    wait_for_the_keys(qtbot, wall)
    assert isinstance(wall.board, FishboneWall)
    canvas = wall.board.canvas
    assert canvas.hasFocus()
    assert canvas.selection() == ("category", bone_ids(page)[-2])  # where the page was
    _bone, causes = BONES[-1]
    press(qtbot, Key.Key_Right)
    press(qtbot, Key.Key_Return)
    for text, _subs in causes:
        type_text(qtbot, text)
        press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Up, times=len(causes) - 1)  # back to the bone's first cause
    press(qtbot, Key.Key_Return, Mod.ShiftModifier)
    for sub in causes[0][1]:
        type_text(qtbot, sub)
        press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    selected = canvas.selection()
    press(qtbot, Key.Key_Escape)
    assert window.wall_open() is None
    wait_for_the_keys(qtbot, window)
    assert page.canvas.hasFocus() and page.canvas.selection() == selected


def mark_root_causes(qtbot: QtBot) -> None:
    # the root causes: the first cause of the first bone, the second of the third
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_Right)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_R, Mod.ControlModifier)
    press(qtbot, Key.Key_Right, times=2)  # the first cause of the third bone
    press(qtbot, Key.Key_Down, times=2)  # its sub-cause, then the second cause
    press(qtbot, Key.Key_R, Mod.ControlModifier)


def vote_on_and_off(qtbot: QtBot, page: RootCausesPage) -> None:
    """Vote turned on from the keyboard: the next Tab reaches "Who is voting" and changes
    no cause (it once hung a cause under another); Shift+Tab and Space turn it off again."""
    tab_to(qtbot, "Vote with dots")
    press(qtbot, Key.Key_Space)
    assert page.vote_button.isChecked()
    press(qtbot, Key.Key_Tab)
    assert at("Who is voting")
    press(qtbot, Key.Key_Backtab, Mod.ShiftModifier)
    assert at("Vote with dots")
    press(qtbot, Key.Key_Space)
    assert not page.vote_button.isChecked()


def five_whys(qtbot: QtBot, page: RootCausesPage) -> None:
    press(qtbot, Key.Key_Tab, Mod.ControlModifier)
    assert page.tabs.currentIndex() == TAB_WHYS
    tab_to(qtbot, "New 5 Whys chain")
    press(qtbot, Key.Key_Space)
    type_text(qtbot, SYMPTOM)
    for number, why in enumerate(WHYS, start=1):
        press(qtbot, Key.Key_Return)
        assert focus().accessibleName().startswith(f"Why {number}")
        type_text(qtbot, why)
    press(qtbot, Key.Key_Tab)


def voting_round(qtbot: QtBot, page: RootCausesPage, snap: Callable[[str], None]) -> None:
    canvas = page.canvas
    press(qtbot, Key.Key_F7)
    assert canvas.in_round() and canvas.hasFocus()
    plan = page.controller.plan()
    ids = {
        c["text"]: c["id"]
        for f in plan["fishbones"]
        for cat in f["categories"]
        for c, _ in rc.iter_causes(cat["causes"])
    }
    keys = canvas.round_keys()
    for member, causes in DOTS.items():
        assert member in page.round_status.text()
        for cause in causes:
            if member == ARROW_VOTER:
                # the arrows from the head, then Space
                press(qtbot, Key.Key_Home)
                walk = find_walk(page, ids[cause])
                for key in walk:
                    press(qtbot, key)
                assert canvas.selection() == ("cause", ids[cause])
                press(qtbot, Key.Key_Space)
            else:
                type_text(qtbot, keys[ids[cause]])
        press(qtbot, Key.Key_Return)  # the next voter
    snap("round")
    press(qtbot, Key.Key_F4)
    snap("round-revealed")
    press(qtbot, Key.Key_Escape)
    assert not canvas.in_round()


def ranking_on_the_wall(
    qtbot: QtBot, window: MainWindow, page: RootCausesPage, snap: Callable[[str], None]
) -> None:
    """The Votes tab's ranking goes on the wall (F6) for the room, and Esc comes back."""
    press(qtbot, Key.Key_Tab, Mod.ControlModifier, times=2)
    assert page.tabs.currentIndex() == TAB_VOTES
    here = focus()
    press(qtbot, Key.Key_F6)
    wall = window.wall_open()
    assert wall is not None and wall.spec.kind == "ranking"
    wait_for_the_keys(qtbot, wall)
    snap("ranking-wall")
    press(qtbot, Key.Key_Escape)
    assert window.wall_open() is None
    wait_for_the_keys(qtbot, window)
    assert focus() is here


def find_walk(page: RootCausesPage, cause_id: int) -> list[Key]:
    """Arrow keys from the head to a cause: Right to its bone, then Down along it."""
    fishbone = page.controller.plan()["fishbones"][0]
    for number, category in enumerate(fishbone["categories"]):
        reading = [c["id"] for c, _ in rc.iter_causes(category["causes"])]
        if cause_id in reading:
            return [Key.Key_Right] * (number + 1) + [Key.Key_Down] * (reading.index(cause_id) + 1)
    raise AssertionError(f"cause {cause_id} is on no bone")


def priorities(qtbot: QtBot) -> None:
    for title, description, cause in PRIORITIES:
        tab_to(qtbot, "Add a priority area")
        press(qtbot, Key.Key_Space)
        assert at("Priority title")
        type_text(qtbot, title)
        press(qtbot, Key.Key_Tab)
        assert at("Priority description")
        type_text(qtbot, description)
        tab_to(qtbot, "Root causes this priority answers", limit=3)
        links = focus()
        assert isinstance(links, QListWidget)
        for _ in range(links.count()):
            if links.currentItem() is not None and cause in links.currentItem().text():
                break
            press(qtbot, Key.Key_Down)
        assert links.currentItem() is not None and cause in links.currentItem().text()
        press(qtbot, Key.Key_Space)


def run_meeting(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    path: Path,
    presenting: bool,
    snap: Callable[[str], None],
) -> None:
    start_new_plan(qtbot, window, dialogs, path)
    if presenting:
        # F5 presents full screen; F11 gives the window back its projector's size (the
        # test screen is larger than a projector), presenting still
        size = window.size()
        press(qtbot, Key.Key_F5)
        assert window.presentation_action.isChecked() and window.isFullScreen()
        press(qtbot, Key.Key_F11)
        qtbot.waitUntil(lambda: not window.isFullScreen() and window.size() == size)
        assert window.presentation_action.isChecked()
    school_and_team(qtbot)
    snap("step0")
    next_step(qtbot, window, 1)
    direction(qtbot)
    next_step(qtbot, window, 2)
    swot(qtbot, window)
    snap("swot")
    next_step(qtbot, window, 3)
    page = window.current_page()
    assert isinstance(page, RootCausesPage)
    fishbone(qtbot, window, page)
    mark_root_causes(qtbot)
    vote_on_and_off(qtbot, page)
    snap("fishbone")
    five_whys(qtbot, page)
    snap("whys")
    press(qtbot, Key.Key_Tab, Mod.ControlModifier)
    assert page.tabs.currentIndex() == TAB_VOTES
    press(qtbot, Key.Key_Tab, Mod.ControlModifier)
    assert page.tabs.currentIndex() == TAB_FISHBONE
    tab_to(qtbot, "Fishbone diagram")
    voting_round(qtbot, page, snap)
    ranking_on_the_wall(qtbot, window, page, snap)
    next_step(qtbot, window, 4)
    priorities(qtbot)
    snap("priorities")
    if presenting:
        press(qtbot, Key.Key_F5)
        assert not window.presentation_action.isChecked()
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        press(qtbot, Key.Key_W, Mod.ControlModifier)


# ----------------------------------------------------------------- reading the file back


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def typed_words() -> list[str]:
    typed = [SCHOOL, SUMMARY, VISION, MISSION, PROBLEM, SYMPTOM, *WHYS]
    typed += [text for _f, text in PROFILE]
    typed += [text for member in TEAM for text in member]
    typed += [text for items in SWOT.values() for pair in items for text in pair]
    for bone, causes in BONES:
        typed += [bone] + [cause for cause, _ in causes] + [s for _c, subs in causes for s in subs]
    typed += [text for title, description, _ in PRIORITIES for text in (title, description)]
    return typed


def check_the_file(path: Path) -> None:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        plan = read_plan(session)
    # every typed word is in the file, whole
    stored = set(strings(plan))
    assert [text for text in typed_words() if text not in stored] == []
    # the profile: each field holds what was typed in it, the dates still empty
    profile = plan["profile"]
    assert profile["school_name"] == SCHOOL
    assert {key: profile[key] for key, _ in PROFILE} == dict(PROFILE)
    assert profile["plan_date"] is None and profile["update_date"] is None
    assert profile["update_summary"] == SUMMARY
    assert [(m["name"], m["title"], m["plan_role"]) for m in plan["team"]] == TEAM
    assert (profile["vision"], profile["mission"]) == (VISION, MISSION)
    # the SWOT: three items per quadrant, in order, each with its evidence
    for kind, items in SWOT.items():
        got = [(i["text"], i["evidence"]) for i in plan["swot"] if i["kind"] == kind]
        assert got == items, kind
    # the fishbone: exactly the bones, causes and sub-causes typed, in order
    [fish] = plan["fishbones"]
    assert fish["problem"] == PROBLEM
    shape = [
        (cat["name"], [(c["text"], [s["text"] for s in c["causes"]]) for c in cat["causes"]])
        for cat in fish["categories"]
    ]
    assert shape == BONES
    for cat in fish["categories"]:
        for cause in cat["causes"]:
            assert all(sub["causes"] == [] for sub in cause["causes"])
    causes = {c["text"]: c for cat in fish["categories"] for c, _ in rc.iter_causes(cat["causes"])}
    assert sorted(t for t, c in causes.items() if c["is_root"]) == sorted(ROOT_CAUSES)
    # the 5 Whys chain
    [chain] = plan["why_chains"]
    assert chain["symptom"] == SYMPTOM
    assert [s["text"] for s in chain["steps"]] == WHYS
    # the dots: each member's on the intended causes, and nowhere else
    names = {m["id"]: m["name"] for m in plan["team"]}
    placed: dict[tuple[str, str], int] = {}
    for text, cause in causes.items():
        for vote in cause["dot_votes"]:
            placed[(names[vote["member_id"]], text)] = vote["dots"]
    wanted: dict[tuple[str, str], int] = {}
    for member, chosen in DOTS.items():
        for text in chosen:
            wanted[(member, text)] = wanted.get((member, text), 0) + 1
    assert placed == wanted
    # the priorities, each linked to its root cause
    got_priorities: list[tuple[str, str, list[str]]] = []
    for priority in plan["priorities"]:
        linked = [
            causes_by_id(causes)[link["cause_id"]]
            for link in priority["links"]
            if link.get("cause_id")
        ]
        got_priorities.append((priority["title"], priority["description"], linked))
    assert got_priorities == [(t, d, [c]) for t, d, c in PRIORITIES]


def causes_by_id(causes: dict[str, dict[str, Any]]) -> dict[int, str]:
    return {int(c["id"]): text for text, c in causes.items()}


@pytest.mark.parametrize(
    ("width", "height", "presenting"),
    [
        pytest.param(1024, 768, False, id="1024x768"),
        pytest.param(1366, 768, False, id="1366x768"),
        pytest.param(1024, 768, True, id="1024x768-presenting"),
    ],
)
def test_a_whole_meeting_by_keys_alone_reaches_the_plan_file(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    output_dir: Path,
    request: pytest.FixtureRequest,
    width: int,
    height: int,
    presenting: bool,
) -> None:
    # Given SIP Desk's start screen in a window the size of a classroom projector
    window.resize(width, height)
    path = tmp_path / "Maple Grove.sipdesk"
    # When the coach runs the meeting by keys alone and closes the plan
    name = request.node.callspec.id

    def snap(moment: str) -> None:
        qtbot.wait(300)  # a look at the settled screen: Show view when it is on
        shown = window.wall_open() or window
        shown.grab().save(str(output_dir / f"meeting-{name}-{moment}.png"))

    run_meeting(qtbot, window, dialogs, path, presenting, snap)
    # Then the file holds the meeting exactly
    check_the_file(path)
    assert dialogs.asked[1:] == []  # nothing but "where should the plan be saved?"
