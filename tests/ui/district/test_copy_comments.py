"""Commenting where the item is seen, in the district's read-only copy of a school's plan
(issue 13, item 4): the comment goes to the desk on the version shown, through the desk
window; the district's comments on that version are listed under the page and take the reader
to their item; the plan (and its private copy) is never written; a desk open read-only says so.

Real desk files made by the ``district`` commands, real windows; the comment's words come from
the scripted dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from sipdesk.district.document import DeskDocument
from sipdesk.district.intake import version_bytes
from sipdesk.district.models import PlanVersion
from sipdesk.district.review import add_comment, comments_on
from sipdesk.district.schools import SchoolRow, school_rows
from sipdesk.ui.district.copy_comments import COMMENT_KEY, READ_ONLY_DESK
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.review_panel import REVIEWER_KEY
from sipdesk.ui.district.school_window import SchoolPlanWindow
from sipdesk.ui.theme import Theme
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk

Opener = Callable[..., DeskWindow]
SCHOOL = "Riverside Elementary"


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return inbox_of_four(tmp_path_factory.mktemp("copy-comment-plans"))


@pytest.fixture
def desk_file(tmp_path: Path, plans: tuple[Path, Path]) -> Path:
    """Riverside's two versions on a desk of its own."""
    inbox, later = plans
    desk = new_desk(tmp_path / "Riverside Unified.sipdistrict")
    add_to_desk(desk, inbox / "riverside.sipdesk")
    add_to_desk(desk, later)
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


def _row(desk: Path) -> SchoolRow:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        return next(r for r in school_rows(session) if r.school == SCHOOL)


def open_school(qtbot: QtBot, window: DeskWindow, desk: Path) -> SchoolPlanWindow:
    """Riverside's latest version in its copy, its comments read from the desk."""
    with qtbot.waitSignal(window.school_opened, timeout=15000) as opened:
        window.open_school(_row(desk))
    school = opened.args[0]
    assert isinstance(school, SchoolPlanWindow)
    qtbot.addWidget(school)
    qtbot.waitUntil(lambda: school.controller is not None, timeout=30000)
    comments = school.district_comments
    assert comments is not None
    qtbot.waitUntil(lambda: comments.panel is not None, timeout=30000)
    window.runner.wait(timeout=15)  # the version's comments, read
    QApplication.processEvents()
    return school


def desk_comments(desk: Path, number: int) -> list[tuple[str, str, str]]:
    with DeskDocument.open(desk, readonly=True) as doc, doc.session() as session:
        version = (
            session.query(PlanVersion)
            .filter_by(school_id=_row(desk).school_id, number=number)
            .one()
        )
        return [(c.item, c.author, c.body) for c in comments_on(session, version)]


def test_a_comment_on_the_goal_with_the_focus_goes_to_the_desk_by_keyboard(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    settings: QSettings,
) -> None:
    settings.setValue(REVIEWER_KEY, "Dr Ortiz")  # remembered from the review window
    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    comments = school.district_comments
    assert comments is not None and comments.panel is not None
    assert comments.panel.lines() == []
    assert comments.action.shortcut().toString() == COMMENT_KEY
    controller = school.controller
    assert controller is not None
    copy = controller.document.path
    before = copy.read_bytes()
    goal = controller.plan()["goals"][0]["id"]
    school.show_step(1)
    page = school.current_page()
    card = page.goal_cards[goal]  # type: ignore[union-attr]
    school.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is school, timeout=5000)
    card.text.setFocus()
    qtbot.waitUntil(card.text.hasFocus, timeout=5000)

    dialogs.answers.append("Please name the screener the goal is measured by.")
    with qtbot.waitSignal(comments.link.comment_added, timeout=30000):
        qtbot.keyClick(
            card.text,
            Qt.Key.Key_M,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    # The goal with the focus is offered first, by its number and words.
    assert [(item.split(" — ")[0], who) for item, who in dialogs.composed] == [
        ("Goal 1", "Dr Ortiz")
    ]
    assert comments.panel.lines() == [
        "Goal 1 — Please name the screener the goal is measured by. — Dr Ortiz"
    ]
    # The comment on the goal with the focus is picked out in the list.
    assert comments.panel.here.text() == "· 1 on Goal 1"
    assert comments.panel.list.item(0).isSelected()
    assert copy.read_bytes() == before  # the plan's private copy is not written either
    assert controller.readonly

    # The list takes the reader to the item: from another step back to the goal.
    school.show_step(5)
    comments.panel.list.setFocus()
    comments.panel.list.setCurrentRow(0)
    qtbot.keyClick(comments.panel.list, Qt.Key.Key_Return)
    assert school.current_step() == 1 and card.text.hasFocus()

    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    _close(qtbot, window)  # the desk is written back as the window closes
    assert desk_comments(desk_file, 2) == [
        (f"goal:{goal}", "Dr Ortiz", "Please name the screener the goal is measured by.")
    ]
    assert desk_comments(desk_file, 1) == []


def test_the_comments_already_on_the_version_are_listed_and_the_nearest_item_offered(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    from sipdesk.district.review import _item_refs, read_version_plan
    from sipdesk.district.versions import find_school, versions_of

    with DeskDocument.open(desk_file) as desk:
        with desk.session() as session:
            plan = read_version_plan(
                session, versions_of(session, find_school(session, SCHOOL, desk.path))[-1], desk
            )
        strategy = _item_refs(plan, "strategy")[0]
        add_comment(desk, SCHOOL, "goal:1", "Dr Ortiz", "Say how the goal is measured.")
        add_comment(desk, SCHOOL, strategy, "Ana Ruiz", "Who leads this strategy?")
        add_comment(desk, SCHOOL, "goal:1", "Ana Ruiz", "On the old version.", number=1)
    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    comments = school.district_comments
    assert comments is not None and comments.panel is not None
    lines = comments.panel.lines()
    assert lines[0] == "Goal 1 — Say how the goal is measured. — Dr Ortiz"
    assert lines[1].startswith("Strategy ") and lines[1].endswith(
        " — Who leads this strategy? — Ana Ruiz"
    )
    assert len(lines) == 2  # the other version's comment is not this version's
    assert comments.panel.title.text() == "Comments on the desk for this version: 2"

    # The focus on the first goal picks out its comment.
    school.show_step(1)
    goal_one = school.controller.plan()["goals"][0]["id"]  # type: ignore[union-attr]
    school.current_page().goal_cards[goal_one].text.setFocus()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: comments.panel.here.text() == "· 1 on Goal 1", timeout=5000)
    # Clicking one shows its item: the strategy, chosen in step 5's outline.
    comments.panel.list.setCurrentRow(1)
    comments.panel._on_list_item_activated(comments.panel.list.item(1))
    assert school.current_step() == 5
    page = school.current_page()
    assert page.tree.current_ref() == strategy  # type: ignore[union-attr]

    # The focus on no item (the list under the page): the step's items are offered, the
    # strategy on show first; cancelling writes nothing.
    comments.panel.list.setFocus()
    refs, current = comments.choices()
    assert refs[current][0] == strategy
    assert refs[-1] == ("", "The plan as a whole")
    dialogs.answers.append(None)
    comments.comment_here()
    assert dialogs.composed[-1][0] == refs[current][1]
    # No name given: asked for, and nothing written.
    dialogs.answers.append((0, " ", "A comment by nobody."))
    comments.comment_here()
    assert dialogs.titles()[-1] == "Who is reviewing?"
    # A step with no items of its own offers the plan as a whole.
    school.show_step(2)
    refs, current = comments.choices()
    assert refs == [("", "The plan as a whole")] and current == 0
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    _close(qtbot, window)
    assert len(desk_comments(desk_file, 2)) == 2


def test_a_desk_open_read_only_refuses_with_a_sentence(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    holder = DeskDocument.open(desk_file)  # another window has it
    try:
        dialogs.answers.append("Open read-only")
        window = open_desk(desk_file)
        assert window.desk is not None and window.desk.readonly
        school = open_school(qtbot, window, desk_file)
        comments = school.district_comments
        assert comments is not None
        school.show_step(1)
        dialogs.answers.append("Never written.")
        comments.comment_here()
        assert dialogs.asked[-1] == ("Comments cannot be added here", READ_ONLY_DESK, ())
        assert dialogs.composed == []  # nothing was asked for
        with qtbot.waitSignal(school.plan_closed, timeout=15000):
            school.close()
    finally:
        holder.close()
    assert desk_comments(desk_file, 2) == []


def test_the_private_copy_holds_the_versions_bytes_after_commenting(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    """Commenting in the copy never changes the version the desk keeps."""
    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    comments = school.district_comments
    assert comments is not None and school.controller is not None
    copy = school.controller.document.path
    school.show_step(1)
    dialogs.answers.append((0, "Dr Ortiz", "A note on the plan."))
    with qtbot.waitSignal(comments.link.comment_added, timeout=30000):
        comments.comment_here()
    with DeskDocument.open(desk_file, readonly=True) as doc, doc.session() as session:
        version = (
            session.query(PlanVersion)
            .filter_by(school_id=_row(desk_file).school_id, number=2)
            .one()
        )
        assert copy.read_bytes() == version_bytes(session, version.id)
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()


def test_the_context_menu_of_what_is_under_the_pointer_offers_comment_on_this(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    comments = school.district_comments
    assert comments is not None and school.controller is not None
    second = school.controller.plan()["goals"][1]["id"]
    school.show_step(1)
    page = school.current_page()
    text = page.goal_cards[second].text  # type: ignore[union-attr]
    seen: list[list[str]] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.append([a.text() for a in menu.actions() if not a.isSeparator()])
        menu.actions()[0].trigger()
        menu.close()

    dialogs.answers.append(None)  # looked, and did not write after all
    QTimer.singleShot(0, choose)
    target = text.viewport() if hasattr(text, "viewport") else text
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), target.mapToGlobal(QPoint(5, 5))
    )
    QApplication.sendEvent(target, event)
    qtbot.waitUntil(lambda: bool(dialogs.composed), timeout=5000)
    assert seen and seen[0][0] == "&Comment on this…"
    assert len(seen[0]) > 1  # the field's own Copy and Select All stay
    # The goal clicked, and no name remembered yet.
    assert [(item.split(" — ")[0], who) for item, who in dialogs.composed] == [("Goal 2", "")]
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()


def test_the_comment_key_is_bound_once_on_every_step_of_the_copy(
    qtbot: QtBot, open_desk: Opener, desk_file: Path
) -> None:
    from sipdesk.ui.steps import STEPS
    from tests.ui.test_room_keys import ambiguous_keys

    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    for number in range(len(STEPS)):
        school.show_step(number)
    assert ambiguous_keys(school) == []
    menus = [a.text() for a in school.menuBar().actions()]
    assert menus[-2:] == ["&District", "&Help"]
    mnemonics = {m[m.index("&") + 1].lower() for m in menus}
    assert len(mnemonics) == len(menus)  # each menu's Alt key is its own
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()


def test_a_commented_goal_shows_its_badge_and_an_uncommented_one_none(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, tmp_path: Path
) -> None:
    """Goal 1 carries two comments (one on the goal, one on its measure): its card shows a
    badge with the count and their words; goal 2 carries none and shows none. A commented
    priority and strategy show a counted bubble in step 4's list and step 5's outline."""
    from sipdesk.district.review import _item_refs, read_version_plan
    from sipdesk.district.versions import find_school, versions_of
    from sipdesk.ui.district.copy_badges import BADGE_NAME, CommentBadge, badges_on, marked_items

    with DeskDocument.open(desk_file) as desk:
        with desk.session() as session:
            plan = read_version_plan(
                session, versions_of(session, find_school(session, SCHOOL, desk.path))[-1], desk
            )
        goals = [g["id"] for g in plan["goals"]]
        measure = f"measure:{plan['goals'][0]['measures'][0]['id']}"
        assert len(goals) >= 2 and measure in _item_refs(plan, "measure")
        add_comment(desk, SCHOOL, f"goal:{goals[0]}", "Dr Ortiz", "Say how the goal is measured.")
        add_comment(desk, SCHOOL, measure, "Ana Ruiz", "Which screener gives the baseline?")
        priority = _item_refs(plan, "priority")[0]
        strategy = _item_refs(plan, "strategy")[0]
        add_comment(desk, SCHOOL, priority, "Ana Ruiz", "Is this the first priority?")
        add_comment(desk, SCHOOL, strategy, "Dr Ortiz", "Who leads this strategy?")
    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    comments = school.district_comments
    assert comments is not None and comments.panel is not None
    school.show_step(1)
    page = school.current_page()
    qtbot.waitUntil(lambda: f"goal:{goals[0]}" in badges_on(page), timeout=5000)
    badges = badges_on(page)
    assert list(badges) == [f"goal:{goals[0]}"]  # goal 2 has none
    badge = badges[f"goal:{goals[0]}"]
    cards = page.goal_cards  # type: ignore[union-attr]
    assert badge.parentWidget() is cards[goals[0]] and badge.isVisible()
    assert not cards[goals[1]].findChildren(CommentBadge, BADGE_NAME)
    assert badge.text() == "2 comments"
    assert "Say how the goal is measured." in badge.toolTip()
    assert "Which screener gives the baseline?" in badge.toolTip()
    assert badge.accessibleName() == "2 district comments on Goal 1"
    assert badge.height() >= badge.fontMetrics().height()  # readable: the text's own size
    # Pressing it picks out its comments in the list under the page.
    badge.click()
    assert len(comments.panel.list.selectedItems()) == 2
    # Another step and back: still one badge on goal 1.
    school.show_step(2)
    school.show_step(1)
    qtbot.waitUntil(lambda: len(badges_on(school.current_page())) == 1, timeout=5000)
    # Step 4's list and step 5's outline: a counted bubble before each commented item, the
    # comments' words in its tooltip; none on the others.
    school.show_step(4)
    qtbot.waitUntil(lambda: marked_items(school.current_page()) == {priority: 1}, timeout=5000)
    school.show_step(5)
    page = school.current_page()
    qtbot.waitUntil(lambda: marked_items(page) == {priority: 1, strategy: 1}, timeout=5000)
    found = page.tree.item_for(strategy)  # type: ignore[union-attr]
    assert found is not None and "Who leads this strategy?" in found.toolTip(0)
    page.refresh()  # the outline built afresh keeps its bubbles
    qtbot.waitUntil(lambda: marked_items(page) == {priority: 1, strategy: 1}, timeout=5000)
    page.tree.setCurrentItem(page.tree.item_for(strategy))  # type: ignore[union-attr]
    school.resize(1366, 768)
    school.grab().save(str(tmp_path / "outline.png"))
    school.show_step(1)
    qtbot.waitUntil(lambda: len(badges_on(school.current_page())) == 1, timeout=5000)
    badge = badges_on(school.current_page())[f"goal:{goals[0]}"]
    scroller = badge.parentWidget()
    while scroller is not None and not isinstance(scroller, QScrollArea):
        scroller = scroller.parentWidget()
    if scroller is not None:
        scroller.ensureWidgetVisible(cards[goals[0]].title, 50, 50)
    badge.setFocus()
    QApplication.processEvents()
    school.grab().save(str(tmp_path / "badge.png"))
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    _close(qtbot, window)


def test_steps_six_and_seven_show_a_bubble_on_each_commented_item_where_it_is_seen(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, tmp_path: Path
) -> None:
    """Step 6: a commented action's row in the month grid, a commented measure's row in the
    results and a commented milestone in the reports' chooser carry a counted bubble, the
    comments' words in its tooltip; step 7: a commented adjustment's row in the log. Items
    without comments carry none."""
    from sipdesk.district.review import _item_refs, read_version_plan
    from sipdesk.district.versions import find_school, versions_of
    from sipdesk.ui.district.copy_badges_rows import bubbles_of, marked_rows

    with DeskDocument.open(desk_file) as desk:
        with desk.session() as session:
            plan = read_version_plan(
                session, versions_of(session, find_school(session, SCHOOL, desk.path))[-1], desk
            )
        action = _item_refs(plan, "action")[0]
        milestone = _item_refs(plan, "milestone")[0]
        strategy_measures = [
            f"measure:{m['id']}"
            for p in plan["priorities"]
            for s in p["strategies"]
            for m in s["measures"]
        ]
        adjustments = _item_refs(plan, "adjustment")
        assert strategy_measures and adjustments
        measure, adjustment = strategy_measures[0], adjustments[0]
        add_comment(desk, SCHOOL, action, "Dr Ortiz", "Is the training booked?")
        add_comment(desk, SCHOOL, action, "Ana Ruiz", "Who runs it?")
        add_comment(desk, SCHOOL, measure, "Ana Ruiz", "Where does this figure come from?")
        add_comment(desk, SCHOOL, milestone, "Dr Ortiz", "A date for this milestone, please.")
        add_comment(desk, SCHOOL, adjustment, "Dr Ortiz", "Good call to change course here.")
    window = open_desk(desk_file)
    school = open_school(qtbot, window, desk_file)
    school.resize(1366, 768)
    school.show_step(6)
    page = school.current_page()
    qtbot.waitUntil(lambda: marked_rows(page) == {action: 2}, timeout=5000)
    school.grab().save(str(tmp_path / "step6-grid.png"))
    # The results and the reports fill in as their tab is shown, and their bubbles with them.
    assert page.focus_item(milestone)  # type: ignore[union-attr]
    wanted = {action: 2, measure: 1, milestone: 1}
    qtbot.waitUntil(lambda: marked_rows(page) == wanted, timeout=5000)
    # The grid names its actions in its row headers: the bubble is there, its words on hover.
    header = page.grid.action_header()  # type: ignore[union-attr]
    row = page.grid_model.row_for(int(action.split(":")[1]))  # type: ignore[union-attr]
    mark = header.mark_at(row)
    assert mark is not None and not mark[0].isNull()
    assert "Is the training booked?" in mark[1] and "Who runs it?" in mark[1]
    others = range(page.grid_model.rowCount())  # type: ignore[union-attr]
    assert [r for r in others if header.mark_at(r) is not None] == [row]
    results = bubbles_of(page.results)  # type: ignore[union-attr]
    assert results is not None
    shown = page.results_model.row_of(int(measure.split(":")[1]))  # type: ignore[union-attr]
    found_mark = results.mark_of(shown)
    assert found_mark is not None and "Where does this figure come from?" in found_mark[1]
    combo = page.milestone_combo  # type: ignore[union-attr]
    found = combo.findData(int(milestone.split(":")[1]))
    assert "A date for this milestone, please." in combo.itemData(
        found, Qt.ItemDataRole.ToolTipRole
    )
    school.grab().save(str(tmp_path / "step6.png"))
    # Shown again: the same bubbles, none twice.
    school.show_step(5)
    school.show_step(6)
    qtbot.waitUntil(lambda: marked_rows(school.current_page()) == wanted, timeout=5000)
    school.show_step(7)
    page = school.current_page()
    qtbot.waitUntil(lambda: marked_rows(page) == {adjustment: 1}, timeout=5000)
    page.body.reveal(page.log)  # type: ignore[union-attr]
    QApplication.processEvents()
    log = page.log.view  # type: ignore[union-attr]
    in_log = bubbles_of(log)
    assert in_log is not None and in_log.column() != 0  # the widest column, not the date
    school.grab().save(str(tmp_path / "step7.png"))
    with qtbot.waitSignal(school.plan_closed, timeout=15000):
        school.close()
    _close(qtbot, window)
