"""In the room: the keyboard never destroys or loses work (issue 10, item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sipdesk.diagrams.navigation import Move, outline_of, step
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import AUTOSAVE_DELAY_MS, PlanController
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.needs_page import NeedsPage
from sipdesk.ui.pages.root_causes_page import TAB_FISHBONE, TAB_VOTES, TAB_WHYS, RootCausesPage
from sipdesk.ui.pages.school_page import SchoolPage
from sipdesk.ui.steps import STEPS
from sipdesk.ui.tables import TableEditor
from sipdesk.ui.theme import Theme
from sipdesk.ui.widgets.fields import TextArea
from tests.ui.conftest import (
    ScriptedDialogs,
    killed_after_an_edit,
    open_plan,
    sample_page_in_room,
    show_page,
    stored,
)

ROOT = Path(__file__).resolve().parents[2]


def test_tab_leaves_an_empty_date_and_the_next_typing_lands_in_the_next_field(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given step 0 of a new plan, its dates "Not set"
    page = SchoolPage(empty_controller)
    show_page(qtbot, page)
    plan_date = page.fields["plan_date"]
    plan_date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(plan_date.hasFocus)
    qtbot.keyClick(plan_date, Qt.Key.Key_Delete)
    assert plan_date.text() == "Not set" and page.fields["update_date"].text() == "Not set"
    # When the coach tabs from there through the other empty date and types on
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Targeted")
    # Then the typing went into ESSA status, and the dates stayed empty
    assert page.fields["essa_status"].hasFocus()
    saved = stored(empty_controller)["profile"]
    assert saved["essa_status"] == "Targeted"
    assert saved["plan_date"] is None and saved["update_date"] is None
    # And Shift+Tab goes back through the empty dates to the school name
    for _ in range(3):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
        )
    assert page.fields["school_name"].hasFocus()


def shape(fishbone: dict[str, Any]) -> list[tuple[int, int | None, int]]:
    """Every cause of a fishbone as (cause, parent, category): what restructuring changes."""
    found = []
    for category in fishbone["categories"]:
        stack = [(cause, None) for cause in category["causes"]]
        while stack:
            cause, parent = stack.pop()
            found.append((cause["id"], parent, category["id"]))
            stack.extend((sub, cause["id"]) for sub in cause.get("causes") or [])
    return sorted(found)


@pytest.fixture
def causes_page(qtbot: QtBot, sample_controller: PlanController) -> RootCausesPage:
    page = RootCausesPage(sample_controller)
    show_page(qtbot, page)
    page.tabs.setCurrentIndex(TAB_FISHBONE)
    return page


def a_second_cause(page: RootCausesPage) -> int:
    """A cause with a cause above it on its bone: the one Tab used to hang under it."""
    plan = page.controller.plan()
    fishbone = next(f for f in plan["fishbones"] if f["id"] == page.current_fishbone_id())
    category = next(c for c in fishbone["categories"] if len(c["causes"]) >= 2)
    return int(category["causes"][1]["id"])


def test_tab_after_turning_on_vote_reaches_the_voter_box_and_changes_no_cause(
    qtbot: QtBot, causes_page: RootCausesPage, sample_controller: PlanController
) -> None:
    # Given step 3 with the first fishbone and a cause selected on it
    page = causes_page
    before = shape(sample_controller.plan()["fishbones"][0])
    page.canvas.select(("cause", a_second_cause(page)))
    # When the coach turns on Vote from the keyboard and presses Tab
    page.vote_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(page.vote_button.hasFocus)
    qtbot.keyClick(page.vote_button, Qt.Key.Key_Space)
    assert page.vote_button.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    # Then the focus is on "Who is voting", and no cause moved
    assert page.voter.hasFocus()
    assert shape(sample_controller.plan()["fishbones"][0]) == before


@pytest.mark.parametrize("voting", [False, True], ids=["drawing", "voting"])
def test_tab_and_shift_tab_on_a_selected_cause_only_move_the_focus(
    qtbot: QtBot, causes_page: RootCausesPage, sample_controller: PlanController, voting: bool
) -> None:
    # Given a cause selected on the canvas that has a cause above it
    page, canvas = causes_page, causes_page.canvas
    page.vote_button.setChecked(voting)
    before = shape(sample_controller.plan()["fishbones"][0])
    steps = sample_controller.undo_stack.index()
    for key, mods in (
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier),
    ):
        canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(canvas.hasFocus)
        canvas.select(("cause", a_second_cause(page)))
        # When Tab (or Shift+Tab) is pressed
        qtbot.keyClick(canvas, key, mods)
        # Then the focus left the diagram and nothing in the plan changed
        assert not canvas.hasFocus()
    assert shape(sample_controller.plan()["fishbones"][0]) == before
    assert sample_controller.undo_stack.index() == steps


def test_tab_while_typing_a_cause_keeps_it_and_moves_on(
    qtbot: QtBot, causes_page: RootCausesPage, sample_controller: PlanController
) -> None:
    # Given a new cause being typed after a cause on a bone
    page, canvas = causes_page, causes_page.canvas
    cause = a_second_cause(page)
    canvas.setFocus()
    canvas.select(("cause", cause))
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert canvas.editing
    qtbot.keyClicks(canvas.editor, "Buses arrive late")
    # When Tab is pressed
    qtbot.keyClick(canvas.editor, Qt.Key.Key_Tab)
    # Then the cause is kept beside the one above it (not under it) and the focus moved on
    fishbone = sample_controller.plan()["fishbones"][0]
    new = next(c for c in fishbone_causes(fishbone) if c[0]["text"] == "Buses arrive late")
    old = next(c for c in fishbone_causes(fishbone) if c[0]["id"] == cause)
    assert new[1] == old[1] and new[2] == old[2]  # same bone, same level
    assert not canvas.editing and not canvas.hasFocus()


def fishbone_causes(fishbone: dict[str, Any]) -> list[tuple[dict[str, Any], int | None, int]]:
    found = []
    for category in fishbone["categories"]:
        stack: list[tuple[dict[str, Any], int | None]] = [(c, None) for c in category["causes"]]
        while stack:
            cause, parent = stack.pop()
            found.append((cause, parent, int(category["id"])))
            stack.extend((sub, int(cause["id"])) for sub in cause.get("causes") or [])
    return found


def test_deleting_and_moving_a_cause_say_what_happened(
    qtbot: QtBot, causes_page: RootCausesPage, sample_controller: PlanController
) -> None:
    # Given a cause with a cause above it, selected on the canvas
    page, canvas = causes_page, causes_page.canvas
    cause = a_second_cause(page)
    text = next(
        c["text"]
        for c, _p, _k in fishbone_causes(sample_controller.plan()["fishbones"][0])
        if c["id"] == cause
    )
    canvas.setFocus()
    canvas.select(("cause", cause))
    # When Ctrl+Right moves it to the next bone, the page names it and its new bone
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert f"“{text[:40]}" in page.banner.text.text()
    assert "now sits on the" in page.banner.text.text()
    # When Delete removes it, the page says so and how to bring it back
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert f"Removed “{text[:40]}" in page.banner.text.text()
    assert "Ctrl+Z" in page.banner.text.text()
    sample_controller.undo_stack.undo()
    assert any(
        c["id"] == cause for c, _p, _k in fishbone_causes(sample_controller.plan()["fishbones"][0])
    )


def test_the_indent_keys_are_on_screen(causes_page: RootCausesPage) -> None:
    page = causes_page
    assert "Alt+→" in page.keys_hint.text() and "Tab leaves" in page.keys_hint.text()
    menu = page.canvas.context_menu(("cause", a_second_cause(page)))
    keys = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert keys["Make sub-cause of the cause above"] == "Alt+Right"
    assert keys["Take out a level"] == "Alt+Left"


# ----------------------------------------------------------------- shortcuts


def _bindings(window: MainWindow) -> list[tuple[str, str, QWidget]]:
    """Every key bound by a QAction or QShortcut in the window: (key, owner, scope).

    The scope is where the key is live: the window for window-wide keys, else the widget (and
    its children) the action or shortcut belongs to."""
    found: list[tuple[str, str, QWidget]] = []
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    for action in window.findChildren(QAction):
        owners = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        owners = [w for w in owners if not isinstance(w, QMenu)] or [window]
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            name = action.objectName() or action.text()
            for owner in owners:
                scope = window if action.shortcutContext() in window_wide else owner
                found.append((key, name, scope))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        assert isinstance(parent, QWidget)
        scope = window if shortcut.context() in window_wide else parent
        for sequence in shortcut.keys():  # noqa: SIM118 - a QShortcut, not a dict
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            found.append((key, shortcut.objectName() or "shortcut", scope))
    return found


def _overlap(a: QWidget, b: QWidget) -> bool:
    return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)


def ambiguous_keys(window: MainWindow) -> list[str]:
    """Keys bound twice where both can be live at once (Qt then runs neither)."""
    bound = _bindings(window)
    clashes = []
    for i, (key, name, scope) in enumerate(bound):
        for other_key, other_name, other_scope in bound[i + 1 :]:
            if key == other_key and _overlap(scope, other_scope):
                clashes.append(f"{key}: {name} and {other_name}")
    return clashes


def test_no_key_is_bound_twice_on_any_step(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the sample plan open, with every step's page built
    open_plan(qtbot, window, sample_file)
    for number in range(len(STEPS)):
        window.show_step(number)
    # Then no key is bound twice where both could be live
    assert ambiguous_keys(window) == []
    # And the keys the menus show all do something (Ctrl+Q quits, F11 is full screen)
    bound = _bindings(window)
    assert "Ctrl+Q" in {key for key, name, _scope in bound if name == "quit"}
    assert "F11" in {key for key, name, _scope in bound if name == "full_screen"}


def test_the_go_menu_shows_mnemonics_not_underscores(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    school = window.step_actions[0]
    # "&" marks the mnemonic; a literal "&" in the title is doubled, never shown as "_"
    assert school.text().replace("&&", "").count("&") == 1
    assert "School && team" in school.text()
    shown = school.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    assert shown.endswith("School & team")


def test_ctrl_tab_switches_the_step_tabs_in_one_press_from_anywhere(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given step 3 with the focus in the fishbone diagram
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    page = window.current_page()
    assert isinstance(page, RootCausesPage)
    page.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(page.canvas.hasFocus)
    seen = []
    # When Ctrl+Tab is pressed three times, then Ctrl+Shift+Tab once
    for _ in range(3):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
        seen.append(page.tabs.currentIndex())
        # the focus goes into the tab shown, so typing lands there
        assert page.tabs.currentWidget().isAncestorOf(QApplication.focusWidget())
    back = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, back)
    seen.append(page.tabs.currentIndex())
    # Then each press moved exactly one tab, round and back
    assert seen == [TAB_WHYS, TAB_VOTES, TAB_FISHBONE, TAB_VOTES]
    # And from the step list (where Alt+3 leaves the focus) one press is enough too
    assert window.workspace is not None
    navigator = window.workspace.navigator
    navigator.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(navigator.hasFocus)
    qtbot.keyClick(navigator, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == TAB_FISHBONE


def test_the_diagram_zooms_and_fits_from_the_keyboard(
    qtbot: QtBot, causes_page: RootCausesPage
) -> None:
    # Given the first fishbone at 100 % with the focus in the diagram
    page, canvas = causes_page, causes_page.canvas
    canvas.set_zoom(1.0)
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    # When Ctrl+Alt+= is pressed the diagram zooms in, Ctrl+Alt+- zooms it out again
    qtbot.keyClick(canvas, Qt.Key.Key_Equal, ctrl_alt)
    assert canvas.zoom > 1.0
    qtbot.keyClick(canvas, Qt.Key.Key_Minus, ctrl_alt)
    assert canvas.zoom == pytest.approx(1.0)
    # And Ctrl+Alt+0 fits it, also from the fishbone list above it
    page.fishbones.setFocus()
    qtbot.waitUntil(page.fishbones.hasFocus)
    qtbot.keyClick(page.fishbones, Qt.Key.Key_0, ctrl_alt)
    assert canvas.auto_fit and canvas.zoom != pytest.approx(1.0)
    assert "Ctrl+Alt+0" in page.fit_button.toolTip()


# ----------------------------------------------------------------- recovery


def on_disk(path: Path) -> dict[str, Any]:
    """What the .sipdesk file itself holds now (no write-back asked for)."""
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def test_recovered_work_reaches_the_plan_file_without_another_edit(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, empty_file: Path
) -> None:
    # Given a SIP Desk that stored an edit and was killed before writing the plan back
    killed_after_an_edit(empty_file, "Lincoln Elementary (recovered)")
    assert on_disk(empty_file)["profile"]["school_name"] == "Lincoln Elementary"
    # When the principal opens it, chooses "Recover my work" and edits nothing
    dialogs.answers.append("Recover my work")
    controller = open_plan(qtbot, window, empty_file)
    assert controller.undo_stack.count() == 0
    # Then within the autosave delay the status bar says it is saved to the file
    qtbot.waitUntil(
        lambda: window.save_label.text().startswith("Saved to"),
        timeout=AUTOSAVE_DELAY_MS + 8000,
    )
    # And the plan file on disk holds the recovered work
    assert on_disk(empty_file)["profile"]["school_name"] == "Lincoln Elementary (recovered)"


# ----------------------------------------------------------------- arrows on the diagram

KEYS = [
    Qt.Key.Key_Home,
    Qt.Key.Key_Right,
    Qt.Key.Key_Down,
    Qt.Key.Key_Down,
    Qt.Key.Key_Down,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Right,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Escape,
    Qt.Key.Key_Right,
    Qt.Key.Key_Right,
    Qt.Key.Key_Down,
    Qt.Key.Key_Down,
]
MOVES: dict[Qt.Key, Move] = {
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Escape: "out",
}


def test_arrow_keys_take_the_same_path_with_voting_on_and_off(
    qtbot: QtBot, causes_page: RootCausesPage, sample_controller: PlanController
) -> None:
    # Given the sample plan's first fishbone, its dots showing when voting is on
    page, canvas = causes_page, causes_page.canvas
    fishbone = sample_controller.plan()["fishbones"][0]
    paths = {}
    for voting in (False, True):
        page.vote_button.setChecked(voting)
        canvas.setFocus()
        qtbot.waitUntil(canvas.hasFocus)
        canvas.select(None)
        # When the same keys are pressed
        path = []
        for key in KEYS:
            qtbot.keyClick(canvas, key)
            path.append(canvas.selection())
        paths[voting] = path
    # Then they visit the same labels, in the diagram's structure
    assert paths[False] == paths[True]
    expected, here = [], None
    for key in KEYS:
        here = step(outline_of(fishbone), here, MOVES[key])
        expected.append(here)
    assert paths[False] == expected
    assert len(set(expected)) >= 8  # a real walk: bones, causes and sub-causes
    # and voting stayed on the whole time in the second walk, placing no dot
    assert page.vote_button.isChecked()


# ----------------------------------------------------------------- focus you can see


def _luminance(rgb: int) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _changed_by_3_to_1(before: QImage, after: QImage) -> int:
    """Pixels whose colour changed with at least a 3:1 contrast when the focus came."""
    count = 0
    for y in range(before.height()):
        for x in range(before.width()):
            a, b = _luminance(before.pixel(x, y)), _luminance(after.pixel(x, y))
            if (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 3.0:
                count += 1
    return count


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_focus_is_plain_to_see_on_every_kind_of_control(
    qtbot: QtBot, theme: Theme, high_contrast: bool
) -> None:
    # Given one control of each kind in the app's theme
    theme.apply(zoom=1.0, high_contrast=high_contrast)
    host = QWidget()
    column = QVBoxLayout(host)
    primary = QPushButton("New fishbone", host)
    primary.setProperty("role", "primary")
    vote = QToolButton(host)
    vote.setText("Vote")
    vote.setCheckable(True)
    vote.setChecked(True)
    controls: list[QWidget] = [
        primary,
        QPushButton("Delete", host),
        QToolButton(host),
        vote,
        QCheckBox("Academic goal", host),
        QLineEdit("Lincoln Elementary", host),
        QGraphicsView(host),
        QPushButton("Hidden", host),  # only takes the focus away from the others
    ]
    for control in controls:
        column.addWidget(control)
    cast(QToolButton, controls[2]).setText("Fit")
    cast(QGraphicsView, controls[6]).setFixedSize(200, 80)
    show_page(qtbot, host)
    away = controls[-1]
    try:
        for control in controls[:-1]:
            away.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(away.hasFocus)
            before = control.grab().toImage()
            # When the control gets the focus
            control.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(control.hasFocus)
            after = control.grab().toImage()
            # Then a ring at least as long as its edge changes by 3:1 contrast or more
            edge = control.width() + control.height()
            assert _changed_by_3_to_1(before, after) >= edge, type(control).__name__
    finally:
        theme.apply(zoom=1.0, high_contrast=False)


# ----------------------------------------------------------------- the smaller room defects


def test_measure_cells_keep_their_words_whole_in_a_1366_window(
    qtbot: QtBot, theme: Theme, tmp_path: Path
) -> None:
    # Given step 1 of the sample plan in the room a 1366 × 768 window leaves it
    with sample_page_in_room(qtbot, theme, tmp_path, DirectionPage, 1.0, 788, 714) as page:
        table = next(t for t in page.findChildren(TableEditor) if t.title == "Measures")
        view = table.view
        # (the measure check moves under the table once the page has its width)
        qtbot.waitUntil(lambda: view.viewport().width() > page.width() * 3 // 4)
        view.refit()
        metrics = view.fontMetrics()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        # Then every word of every cell fits its column's text room whole
        broken = []
        model = view.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                room = view.horizontalHeader().sectionSize(column) - 4 * margin
                for word in str(model.index(row, column).data() or "").split():
                    if metrics.horizontalAdvance(word) > room:
                        broken.append(word)
        assert model.rowCount() >= 1 and broken == []
        # And the table does not scroll sideways
        assert not view.horizontalScrollBar().isVisible()


@pytest.mark.parametrize(("zoom", "high_contrast"), [(1.0, False), (1.5, True)])
@pytest.mark.parametrize("count", [3, 8])
def test_a_dropdown_shows_its_last_item_whole(
    qtbot: QtBot, theme: Theme, zoom: float, high_contrast: bool, count: int
) -> None:
    # Given a dropdown in the app's theme, normal and presenting
    theme.apply(zoom=zoom, high_contrast=high_contrast)
    try:
        host = QWidget()
        combo = QComboBox(host)
        for number in range(count):
            combo.addItem(f"Choice number {number + 1}")
        show_page(qtbot, host)
        # When it is opened (all its items fit the screen)
        assert count <= combo.maxVisibleItems()
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        last = combo.model().index(count - 1, 0)
        # Then the last item is shown whole inside the list, not cut off at its foot
        shown = view.visualRect(last)
        assert shown.top() >= 0 and shown.bottom() <= view.viewport().rect().bottom()
        combo.hidePopup()
    finally:
        theme.apply(zoom=1.0, high_contrast=False)


def visible_in_page(widget: QWidget, page: QWidget) -> bool:
    """Whether ``widget`` is wholly inside the page's scrolled view."""
    area = page.findChild(QScrollArea)
    assert area is not None
    view = area.viewport()
    shown = QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())
    return view.rect().contains(shown)


def test_swot_add_flows_card_evidence_next_card_with_the_page_following(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given step 2 of a new plan in the room a 1366 × 768 window leaves it
    page = NeedsPage(empty_controller)
    show_page(qtbot, page)
    page.resize(788, 714)
    box = page.board.quadrants["threat"].add_field
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(box.hasFocus)
    page.findChild(QScrollArea).ensureWidgetVisible(box)
    typed = [("Bus route cut", "District notice, May"), ("Flu season", ""), ("Budget", "Cuts")]
    for text, evidence in typed:
        # When the coach types a threat and presses Enter
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        # Then the caret is in the new card's evidence, in view
        focus = QApplication.focusWidget()
        assert isinstance(focus, TextArea) and focus.accessibleName().startswith("Evidence for")
        assert visible_in_page(focus, page)
        qtbot.keyClicks(focus, evidence)
        # And one Tab brings it back to the box for the next threat, in view
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        assert box.hasFocus() and visible_in_page(box, page)
    saved = [(i["text"], i["evidence"]) for i in stored(empty_controller)["swot"]]
    assert saved == typed


def test_a_team_typed_row_by_row_stays_in_view_as_the_table_grows(
    qtbot: QtBot, empty_controller: PlanController
) -> None:
    # Given step 0 of a new plan in a window too short for the whole page, the focus in the
    # leadership team table
    page = SchoolPage(empty_controller)
    show_page(qtbot, page)
    page.resize(788, 500)
    table = page.team.view
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    page.findChild(QScrollArea).ensureWidgetVisible(table)
    members = [("Ana Ruiz", "Principal"), ("Ben Okafor", "Teacher"), ("Chen Li", "Coach")]
    members += [("Dora Mensah", "Parent"), ("Eli Brooks", "Counselor"), ("Fay Ito", "Nurse")]
    for name, position in members:
        # When the coach presses Insert and types a member, Tab, the position, Enter
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Insert)
        for text, key in ((name, Qt.Key.Key_Tab), (position, Qt.Key.Key_Return)):
            QApplication.processEvents()  # the table grows by a row between two keys
            # Then the cell being typed in is in view on the page
            editor = QApplication.focusWidget()
            assert isinstance(editor, QLineEdit) and visible_in_page(editor, page), text
            qtbot.keyClicks(editor, text)
            qtbot.keyClick(editor, key)
        qtbot.waitUntil(table.hasFocus)
    # And the row just typed is in view once the table has settled
    QApplication.processEvents()
    last = table.visualRect(table.model().index(len(members) - 1, 0))
    area = page.findChild(QScrollArea)
    shown = QRect(table.viewport().mapTo(area.viewport(), last.topLeft()), last.size())
    assert area.viewport().rect().contains(shown)
    saved = [(m["name"], m["title"]) for m in stored(empty_controller)["team"]]
    assert saved == members
