"""The window: start screen, opening and closing plans, undo/redo through the Edit menu,
autosave in the status bar, presentation mode, plan health, and storage problems explained."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument, SaveError
from sipdesk.ui.app import MAXIMIZED_UP_TO, build_window, opens_maximized
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.needs_page import NeedsPage
from sipdesk.ui.pages.school_page import SchoolPage
from sipdesk.ui.panels.health_panel import ITEM_ROLE
from sipdesk.ui.steps import STEPS, StepInfo
from sipdesk.ui.theme import Theme
from sipdesk.ui.workspace import build_page
from tests.ui.conftest import ScriptedDialogs, killed_after_an_edit, open_plan

ROOT = Path(__file__).resolve().parents[2]


def read_file(path: Path) -> dict:  # type: ignore[type-arg]
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


def page_of(window: MainWindow) -> object:
    page = window.current_page()
    assert page is not None
    return page


# ----------------------------------------------------------------- start screen
def test_open_the_sample_plan_copies_it_where_the_person_chooses(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    target = tmp_path / "My copy of the sample.sipdesk"
    dialogs.answers.append(target)
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        qtbot.mouseClick(window.start_screen.sample_button, Qt.MouseButton.LeftButton)
    # the suggested place was the Documents folder
    title, start, _ = dialogs.asked[0]
    assert "sample" in title and start.endswith("Riverside Elementary (sample).sipdesk")
    assert target.exists()
    assert read_file(target)["profile"]["school_name"] == "Riverside Elementary School"
    assert window.windowTitle() == "Riverside Elementary School — SIP Desk"
    assert window.workspace is not None and window.workspace.navigator.count() == 9
    assert isinstance(page_of(window), SchoolPage)


def test_enter_presses_the_start_screen_button_that_has_the_focus(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    # Keyboard-only people press Enter on a button; Qt alone only honours that in dialogs.
    dialogs.answers.append(tmp_path / "By keys.sipdesk")
    window.show()
    qtbot.waitExposed(window)
    window.start_screen.sample_button.setFocus()
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        qtbot.keyClick(window.start_screen.sample_button, Qt.Key.Key_Return)
    assert (tmp_path / "By keys.sipdesk").exists()


def test_a_new_plan_is_created_from_the_school_name(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    target = tmp_path / "Cedar Grove Middle.sipdesk"
    dialogs.answers.append(target)
    window.start_screen.school_name.setFocus()
    qtbot.keyClicks(window.start_screen.school_name, "Cedar Grove Middle")
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        qtbot.keyClick(window.start_screen.school_name, Qt.Key.Key_Return)
    assert dialogs.asked[0][1].endswith("Cedar Grove Middle.sipdesk")
    assert read_file(target)["profile"]["school_name"] == "Cedar Grove Middle"
    assert len(read_file(target)["needs_elements"]) > 20


def test_the_command_line_plan_opens_directly(
    qtbot: QtBot, qapp: QApplication, settings: QSettings, sample_file: Path
) -> None:
    window = build_window(qapp, sample_file, settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        pass
    assert window.controller is not None
    assert window.controller.document.path == sample_file
    assert not window.has_start_screen  # made only when it is needed (issue 12)
    window.activateWindow()
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    # Then the start screen shows, the keyboard on its recent plans with the plan just closed
    # first: Enter opens it again
    screen = window.start_screen
    assert window.stack.currentWidget() is screen
    qtbot.waitUntil(screen.recent.hasFocus)
    assert screen.recent.currentItem().toolTip().startswith(str(sample_file))
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        qtbot.keyClick(screen.recent, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    window.runner.wait(timeout=15)


@pytest.mark.parametrize(
    ("width", "maximized"), [(1024, True), (1366, True), (1600, False), (1920, False)]
)
def test_a_first_start_fills_a_projector_or_laptop_screen(width: int, maximized: bool) -> None:
    # A screen up to 1366 pixels wide (a classroom projector, a school laptop) is filled
    assert opens_maximized(width) is maximized
    assert MAXIMIZED_UP_TO == 1366


def test_a_first_start_on_a_wide_screen_opens_a_window_and_remembers_the_choice(
    qtbot: QtBot, qapp: QApplication, settings: QSettings
) -> None:
    # Given no window left from before, on the tests' 1600-pixel screen
    window = build_window(qapp, None, settings)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    assert not window.isMaximized()
    window.close()
    # And a window left maximized opens maximized again, whatever the screen
    settings.setValue("window/maximized", True)
    again = build_window(qapp, None, settings)
    qtbot.addWidget(again)
    qtbot.waitUntil(again.isMaximized)


def test_dropping_a_plan_file_on_the_window_opens_it(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_file))])
    enter = QDragEnterEvent(
        QPointF(50, 50).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        QApplication.sendEvent(window, drop)
    assert window.controller is not None and window.controller.document.path == sample_file


def test_recent_plans_and_window_size_are_remembered(
    qtbot: QtBot,
    window: MainWindow,
    settings: QSettings,
    theme: Theme,
    sample_file: Path,
) -> None:
    open_plan(qtbot, window, sample_file)
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    recent = window.start_screen.recent
    assert recent.count() == 1 and "Riverside Elementary" in recent.item(0).text()
    # Enter on the recent plan opens it again
    recent.setFocus()
    recent.setCurrentRow(0)
    with qtbot.waitSignal(window.plan_opened, timeout=15000):
        qtbot.keyClick(recent, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    window.resize(700, 500)
    size = (window.width(), window.height())
    window.close()
    settings.sync()
    again = MainWindow(settings, theme, ScriptedDialogs())
    qtbot.addWidget(again)
    assert again.recent_plans() == [str(sample_file)]
    assert (again.width(), again.height()) == size


def test_delete_on_a_recent_plan_takes_it_off_the_list_and_leaves_the_file(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    recent = window.start_screen.recent
    assert recent.count() == 1
    recent.setFocus()
    recent.setCurrentRow(0)
    qtbot.keyClick(recent, Qt.Key.Key_Delete)
    assert window.recent_plans() == [] and recent.count() == 0
    assert sample_file.exists()


def test_the_start_screen_set_up_without_naming_qt_does_what_it_says(
    window: MainWindow, tmp_path: Path
) -> None:
    # The start screen sets its roles, scroll bars and plain text by number or by name (see
    # test_light_start): they must be the very settings Qt's names stand for.
    screen = window.start_screen
    odd = tmp_path / "<b>Oak Hill.sipdesk"
    odd.write_bytes(b"")
    screen.set_recent([str(odd)])
    item = screen.recent.item(0)
    assert item.data(Qt.ItemDataRole.UserRole + 1) == str(odd)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).startswith("<b>Oak Hill.sipdesk, in")
    scrolls = [screen.recent, *screen.findChildren(QScrollArea)]
    assert len(scrolls) >= 2
    for area in scrolls:
        assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    labels = screen.findChildren(QLabel)
    assert labels and all(lb.textFormat() == Qt.TextFormat.PlainText for lb in labels)
    actions = [a for a in window.actions() if a.shortcuts()]
    assert actions and {a.shortcutContext() for a in actions} == {Qt.ShortcutContext.WindowShortcut}


# ----------------------------------------------------------------- steps and pages
def test_every_step_has_its_own_page(qtbot: QtBot, window: MainWindow, sample_file: Path) -> None:
    open_plan(qtbot, window, sample_file)
    kinds = {0: SchoolPage, 1: DirectionPage, 2: NeedsPage}
    for step in STEPS:
        with qtbot.waitSignal(window.step_shown, timeout=5000):
            window.show_step(step.number)
        page = page_of(window)
        if step.number in kinds:
            assert isinstance(page, kinds[step.number])
        assert type(page).__name__ == step.page_class
        assert window.workspace is not None
        assert window.workspace.coaching.step == step.number
        # The step list marks the step on show (also the first one, right after opening)
        selected = window.workspace.navigator.selectedItems()
        assert [window.workspace.navigator.row(item) for item in selected] == [step.number]


def test_a_page_that_fails_to_build_says_so_on_its_step_alone(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given a plan open in the window
    open_plan(qtbot, window, sample_file)
    assert window.workspace is not None and window.controller is not None
    # When a step's page module cannot be found
    broken = StepInfo(3, "Find root causes", "sipdesk.ui.pages.no_such_page", "NoSuchPage")
    page = build_page(broken, window.controller, window.workspace.stack)
    qtbot.addWidget(page)
    # Then that step says so plainly, and the plan stays open
    texts = " ".join(w.text() for w in page.findChildren(QLabel))
    assert "could not be shown" in texts and "Your plan is safe" in texts
    assert window.controller is not None


def test_keyboard_moves_between_steps(qtbot: QtBot, window: MainWindow, sample_file: Path) -> None:
    open_plan(qtbot, window, sample_file)
    window.show_step(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == 1
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_step() == 2
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == 1


def test_the_coaching_prompts_follow_the_step_and_collapse(
    qtbot: QtBot, window: MainWindow, settings: QSettings, sample_file: Path
) -> None:
    from sipdesk.models.catalogues import step_prompts

    open_plan(qtbot, window, sample_file)
    window.show_step(2)
    assert window.workspace is not None
    coaching = window.workspace.coaching
    prompts = step_prompts(2)
    assert prompts is not None and prompts.intro == coaching.intro.text()
    assert prompts.prompts[0][:30] in coaching.prompts.text()
    qtbot.mouseClick(coaching.disclosure.button, Qt.MouseButton.LeftButton)
    assert not coaching.prompts.isVisible()
    assert settings.value("view/coaching_expanded", type=bool) is False


def test_plan_health_lists_what_is_missing_and_jumps_there(
    qtbot: QtBot, window: MainWindow, empty_file: Path
) -> None:
    open_plan(qtbot, window, empty_file)
    assert window.workspace is not None
    health = window.workspace.health
    qtbot.waitUntil(lambda: health.findings.count() > 0, timeout=5000)
    assert "still to do" in health.summary.text()
    items = [health.findings.item(i) for i in range(health.findings.count())]
    goals = next(i for i in items if i.data(ITEM_ROLE) == "goals")
    rect = health.findings.visualItemRect(goals)
    qtbot.mouseClick(health.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_step() == 1
    page = page_of(window)
    assert isinstance(page, DirectionPage)
    assert page.add_goal_button.hasFocus()


def test_step_completeness_shows_in_the_navigator(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    from sipdesk.ui.workspace import PERCENT_ROLE

    open_plan(qtbot, window, sample_file)
    assert window.workspace is not None
    navigator = window.workspace.navigator
    qtbot.waitUntil(lambda: navigator.item(0).data(PERCENT_ROLE) is not None, timeout=5000)
    assert navigator.item(0).data(PERCENT_ROLE) == 100
    assert "percent" in navigator.item(0).data(Qt.ItemDataRole.AccessibleTextRole)


# ----------------------------------------------------------------- editing, undo, saving
def test_undo_and_redo_are_named_and_work_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, empty_file: Path
) -> None:
    controller = open_plan(qtbot, window, empty_file)
    window.show_step(2)
    page = page_of(window)
    assert isinstance(page, NeedsPage)
    field = page.board.quadrants["strength"].add_field
    field.setFocus()
    qtbot.keyClicks(field, "Caring staff")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.undo_action.text() == "Undo Add strength"
    card = page.board.quadrants["strength"].cards()[0]
    card.evidence.setFocus()
    qtbot.keyClicks(card.evidence, "Staff survey")
    assert window.undo_action.text() == "Undo Edit evidence"
    # Ctrl+Z in a text box undoes the plan edit (not just the box's own typing)
    qtbot.keyClick(card.evidence, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.evidence.toPlainText() == ""
    qtbot.keyClick(card.evidence, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.board.quadrants["strength"].cards() == []
    assert window.redo_action.text() == "Redo Add strength"
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(
        focus,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(page.board.quadrants["strength"].cards()) == 1
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    card = page.board.quadrants["strength"].cards()[0]
    assert card.evidence.toPlainText() == "Staff survey"
    controller.flush()
    assert read_file(empty_file)["swot"][0]["evidence"] == "Staff survey"


def test_the_status_bar_says_when_the_plan_was_saved(
    qtbot: QtBot, window: MainWindow, empty_file: Path
) -> None:
    open_plan(qtbot, window, empty_file)
    page = page_of(window)
    assert isinstance(page, SchoolPage)
    field = page.fields["phone"]
    field.setFocus()
    qtbot.keyClicks(field, "555-0100")
    assert window.save_label.text() == "Saving…"
    # autosave writes the plan file back a couple of seconds after the last edit
    qtbot.waitUntil(
        lambda: (
            re.fullmatch(
                r"Saved to Lincoln Elementary\.sipdesk · \d\d:\d\d", window.save_label.text()
            )
            is not None
        ),
        timeout=8000,
    )
    assert read_file(empty_file)["profile"]["phone"] == "555-0100"


def test_closing_right_after_typing_keeps_every_word(
    qtbot: QtBot, window: MainWindow, empty_file: Path
) -> None:
    open_plan(qtbot, window, empty_file)
    window.show_step(1)
    page = page_of(window)
    assert isinstance(page, DirectionPage)
    mission = page.fields["mission"]
    mission.setFocus()
    qtbot.keyClicks(mission, "We teach every child, every day.")
    with qtbot.waitSignal(window.plan_closed, timeout=15000):
        window.close_plan()
    assert read_file(empty_file)["profile"]["mission"] == "We teach every child, every day."
    assert window.stack.currentWidget() is window.start_screen


def test_save_a_copy_and_export(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path, tmp_path: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    copy = tmp_path / "Riverside copy.sipdesk"
    dialogs.answers.append(copy)
    window.save_copy_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert read_file(copy)["profile"]["school_name"] == "Riverside Elementary School"
    exported = tmp_path / "Riverside.json"
    dialogs.answers.append(exported)
    next(a for a in window.export_actions if a.objectName() == "export_json").trigger()
    qtbot.waitUntil(lambda: exported.exists(), timeout=10000)
    assert json.loads(exported.read_text(encoding="utf-8"))["format"] == "sipdesk-plan"


def export_action(window: MainWindow, name: str) -> QAction:
    action = next(a for a in window.export_actions if a.objectName() == name)
    assert action in window.export_menu.actions() and action.isEnabled()
    return action


def test_a_long_file_name_gives_way_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, sample_file: Path, tmp_path: Path
) -> None:
    # A district's emailed draft with a long, descriptive name on a 1024-wide projector: the
    # save status keeps how it starts and its time, shortened in the middle, within the
    # window; a message beside it (presentation's keys) is shown whole, and once it has gone
    # the save status takes its room back.
    name = (
        "Frederick Douglass Academy of Science and Mathematics - School Improvement Plan "
        "2026-27 (district draft).sipdesk"
    )
    path = tmp_path / name
    path.write_bytes(sample_file.read_bytes())
    window.resize(1024, 768)
    controller = open_plan(qtbot, window, path)
    label, bar = window.save_label, window.statusBar()
    full = controller.saved_text()
    assert (
        label.full_text() == full
        and label.toolTip() == full
        and full.startswith(f"Saved to {name}")
    )
    bar.clearMessage()  # the coaching panel folding away for room says so there
    tail = full[-8:]  # " · 10:42"

    def settled() -> bool:
        shown = label.text()
        return shown.startswith("Saved to Frederick Douglass") and shown.endswith(tail)

    qtbot.waitUntil(settled)
    assert "…" in label.text() and label.geometry().right() < bar.width()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    message = "Presenting · F5 returns · Ctrl +/− size"
    wide = label.width()
    bar.showMessage(message)
    needed = bar.fontMetrics().horizontalAdvance(message)
    first = min(w.x() for w in (window.zoom_label, label) if w.isVisible())
    qtbot.waitUntil(lambda: min(w.x() for w in (window.zoom_label, label)) > needed)
    assert first <= needed  # it did not fit before the save status gave way
    assert label.text().endswith(tail)
    bar.clearMessage()
    qtbot.waitUntil(lambda: label.width() == wide)


def test_export_the_tool_a_pdf_with_progress_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path, tmp_path: Path
) -> None:
    # Given the sample plan open, and a place to save the PDF
    open_plan(qtbot, window, sample_file)
    target = tmp_path / "out" / "Riverside Tool A.pdf"
    target.parent.mkdir()
    dialogs.answers.append(target)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    progressed: list[tuple[int, int]] = []
    window.export_progressed.connect(lambda done, total: progressed.append((done, total)))
    # When File ▸ Export ▸ Tool A plan (PDF)… is chosen
    export_action(window, "export_pdf").trigger()
    # Then the dialog suggested the plan's name, and the PDF renders on the worker thread
    title, start, _ = dialogs.asked[-1]
    assert "PDF" in title and start.endswith("Riverside Elementary.pdf")
    assert window.runner.busy and window.busy_bar.isVisible()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    # And the status bar counted up while it did (so the window kept handling events), then
    # said where the file went
    percents = [m for m in messages if re.fullmatch(r"Exporting Riverside Tool A\.pdf… \d+ %", m)]
    assert len(percents) > 5
    assert percents[-1].endswith(" 100 %")
    assert progressed and progressed[-1][0] == progressed[-1][1]
    assert messages[-1] == f"Exported {target.name} to {target.parent}."
    assert window.busy_bar.maximum() == 0  # a busy spinner again for the next task
    # And the PDF is the plan's Tool A, on Letter paper by default
    assert target.read_bytes().startswith(b"%PDF")
    reader = PdfReader(target)
    assert len(reader.pages) > 5
    assert round(reader.pages[0].mediabox.width) == 612
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Riverside Elementary School" in text


def test_export_the_plan_on_a_page_on_a4_paper_which_is_remembered(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    settings: QSettings,
    theme: Theme,
    sample_file: Path,
    tmp_path: Path,
) -> None:
    # Given Letter is the paper at first
    assert window.paper_actions["letter"].isChecked()
    assert window.export_paper() == "letter"
    open_plan(qtbot, window, sample_file)
    # When the person picks A4 in File ▸ Export, then exports the plan on a page
    window.paper_actions["a4"].trigger()
    assert not window.paper_actions["letter"].isChecked()
    target = tmp_path / "Riverside on a page.pdf"
    dialogs.answers.append(target)
    export_action(window, "export_summary").trigger()
    title, start, _ = dialogs.asked[-1]
    assert "one-page" in title and start.endswith("Riverside Elementary – plan on a page.pdf")
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    # Then the file is one A4 page with the school's name on it
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert sorted(map(round, reader.pages[0].mediabox[2:])) == [595, 842]
    assert "Riverside Elementary School" in (reader.pages[0].extract_text() or "")
    # And the choice is remembered for the next window
    assert settings.value("export/paper") == "a4"
    again = MainWindow(settings, theme, ScriptedDialogs())
    qtbot.addWidget(again)
    assert again.paper_actions["a4"].isChecked() and again.export_paper() == "a4"


# ----------------------------------------------------------------- presentation mode
def test_presentation_mode_toggles_and_restores(
    qtbot: QtBot, window: MainWindow, settings: QSettings, sample_file: Path
) -> None:
    open_plan(qtbot, window, sample_file)
    assert window.workspace is not None
    side = window.workspace.side
    assert side.isVisible() and not window.isFullScreen()
    font_before = QApplication.font().pointSizeF()
    panes_before = window.workspace.splitter.sizes()
    # When F5 is pressed
    qtbot.keyClick(window, Qt.Key.Key_F5)
    # Then text is at least 150 %, the theme is high contrast, side panels hidden, full screen
    assert window.presenting()
    assert window.theme.zoom >= 1.5 and window.theme.high_contrast
    assert QApplication.font().pointSizeF() >= font_before * 1.5 - 0.01
    assert not side.isVisible()
    qtbot.waitUntil(window.isFullScreen)
    # and everything stays editable; Ctrl + enlarges further
    page = page_of(window)
    assert isinstance(page, SchoolPage)
    assert not page.fields["school_name"].isReadOnly()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 1.75
    # but Ctrl − never takes the text below presentation size
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 1.5
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 1.75
    # When F5 is pressed again, everything is as before
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.presenting()
    assert window.theme.zoom == 1.0 and not window.theme.high_contrast
    assert QApplication.font().pointSizeF() == pytest.approx(font_before)
    assert side.isVisible()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    # (the step list gives back the room the larger text took)
    # (the offscreen screen is smaller than the window, so only the side panes are compared)
    qtbot.waitUntil(
        lambda: (
            window.workspace is not None
            and window.workspace.splitter.sizes()[0::2] == panes_before[0::2]
        )
    )
    # and the presentation size is remembered for next time
    assert float(settings.value("view/presentation_zoom")) == 1.75
    window.set_presentation(True)
    assert window.theme.zoom == 1.75
    window.set_presentation(False)


def test_zoom_keys_change_the_size_of_everything(
    qtbot: QtBot, window: MainWindow, settings: QSettings
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 1.1 and window.zoom_label.text() == "Zoom 110 %"
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 0.9
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.zoom == 1.0
    assert float(settings.value("view/zoom")) == 1.0


# ----------------------------------------------------------------- storage problems
def test_a_plan_open_elsewhere_can_be_opened_read_only(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path
) -> None:
    holder = PlanDocument.open(sample_file)
    try:
        dialogs.answers.append("Open read-only")
        controller = open_plan(qtbot, window, sample_file)
        title, text, options = dialogs.asked[0]
        assert title == "This plan is already open"
        assert "already open in SIP Desk" in text and options == ("Open read-only",)
        assert controller.readonly
        assert window.workspace is not None and window.workspace.notice_shown()
        assert "read-only" in window.windowTitle()
        page = page_of(window)
        assert isinstance(page, SchoolPage)
        assert page.fields["school_name"].isReadOnly()
        assert not page.team.add_button.isEnabled()
    finally:
        holder.close()


def test_unsaved_work_from_a_crash_is_offered_back(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, empty_file: Path
) -> None:
    # Given a SIP Desk that stored an edit and was then killed before writing the plan back
    killed_after_an_edit(empty_file, "Lincoln Elementary (recovered)")
    # When the plan is opened and the person chooses to recover
    dialogs.answers.append("Recover my work")
    controller = open_plan(qtbot, window, empty_file)
    # Then the edit is there
    assert dialogs.titles()[0] == "Recover your unsaved work?"
    assert controller.plan()["profile"]["school_name"] == "Lincoln Elementary (recovered)"


def test_a_file_that_is_not_a_plan_gets_one_plain_sentence(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    bad = tmp_path / "Budget notes.sipdesk"
    bad.write_bytes(b"These are not the plans you are looking for.\n" * 50)
    before = bad.read_bytes()
    with qtbot.waitSignal(window.open_failed, timeout=15000):
        window.open_plan(bad)
    title, text, options = dialogs.asked[0]
    assert title == "This plan cannot be opened"
    assert "Budget notes.sipdesk" in text and "Traceback" not in text
    assert options == ("Open another plan…",)
    assert bad.read_bytes() == before
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.create_button.isEnabled()


def test_a_plan_from_a_newer_version_opens_read_only_with_a_notice(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    conn = sqlite3.connect(sample_file)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    controller = open_plan(qtbot, window, sample_file)
    assert controller.readonly
    assert window.workspace is not None and window.workspace.notice_shown()
    assert "99" in window.workspace.banner.text.text()


def test_a_failed_save_offers_a_copy_elsewhere(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, empty_file: Path, tmp_path: Path
) -> None:
    controller = open_plan(qtbot, window, empty_file)
    copy = tmp_path / "elsewhere" / "Lincoln.sipdesk"
    copy.parent.mkdir()
    dialogs.answers.extend(["Save a copy elsewhere…", copy])
    controller.save_failed.emit(
        SaveError(empty_file, "There is no room left on the disk to save “Lincoln.sipdesk”.")
    )
    title, text, options = dialogs.asked[0]
    assert title == "Your plan could not be saved"
    assert "no room left" in text and "Try again" in options
    qtbot.waitUntil(copy.exists, timeout=10000)


def test_someone_else_changing_the_file_is_asked_about(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    empty_file: Path,
    sample_file: Path,
    tmp_path: Path,
) -> None:
    # Given an open plan with an edit of ours
    controller = open_plan(qtbot, window, empty_file)
    page = page_of(window)
    assert isinstance(page, SchoolPage)
    page.fields["principal"].setFocus()
    qtbot.keyClicks(page.fields["principal"], "Ana Ruiz")
    # When someone else replaces the file meanwhile and our autosave comes along
    empty_file.write_bytes(sample_file.read_bytes())
    mine = tmp_path / "Mine.sipdesk"
    dialogs.answers.extend(["Save my version as a copy…", mine])
    controller.save_soon_now()
    qtbot.waitUntil(lambda: "Someone else changed this plan" in dialogs.titles(), timeout=10000)
    qtbot.waitUntil(mine.exists, timeout=10000)
    # Then their version is untouched and ours is in the copy
    assert read_file(empty_file)["profile"]["school_name"] == "Riverside Elementary School"
    assert read_file(mine)["profile"]["principal"] == "Ana Ruiz"


def test_on_a_small_projector_no_part_of_a_page_is_out_of_reach(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given the priorities page (which does not scroll by itself) in presentation mode
    open_plan(qtbot, window, sample_file)
    window.show_step(4)
    window.set_presentation(True)
    assert window.workspace is not None
    area = window.workspace.page_area
    # When the window is only as big as a small projector's picture, at a larger size still
    window.set_full_screen(False)
    window.resize(1024, 600)
    window.set_zoom(2.0)
    page = page_of(window)
    assert isinstance(page, QWidget)
    # Then the page is never squeezed below what it needs: the page area scrolls instead
    qtbot.waitUntil(
        lambda: (
            window.workspace is not None
            and window.workspace.stack.height() >= page.minimumSizeHint().height()
        )
    )
    # and its buttons at the bottom can be brought into view
    add = page.add_button  # type: ignore[attr-defined]
    area.ensureWidgetVisible(add)
    qtbot.waitUntil(lambda: add.visibleRegion().boundingRect().height() == add.height())
    window.set_presentation(False)
    # and a page that scrolls by itself never gets a second scroll bar
    window.show_step(0)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)


def test_district_comments_show_on_the_step_they_are_about(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given a plan with an open district comment on step 1
    from sipdesk.services import review

    controller = open_plan(qtbot, window, sample_file)
    comments = [c for c in review.comments_for_step(controller.plan(), 1) if not c.get("resolved")]
    assert comments, "the sample plan has an open comment on step 1"
    # When step 1 is shown
    window.show_step(1)
    assert window.workspace is not None
    panel = window.workspace.comments[1]
    # Then its comments are above the page
    qtbot.waitUntil(panel.isVisible)
    assert comments[0]["body"][:40] in " ".join(w.text() for w in panel.findChildren(QLabel))
    # and step 0, which has none, shows no comment panel
    window.show_step(0)
    assert not panel.isVisible()
    assert not window.workspace.comments[0].isVisible()
    assert not window.workspace.comments_area.isVisible()
    # nor do steps that show their comments on the page itself (no empty band above them)
    for own in (5, 6, 7, 8):
        window.show_step(1)
        qtbot.waitUntil(window.workspace.comments_area.isVisible)
        window.show_step(own)
        assert not window.workspace.comments_area.isVisible()
    # When the comment is resolved from step 1, it leaves the step (and the file says so)
    window.show_step(1)
    resolve = next(b for b in panel.findChildren(QPushButton) if b.text() == "Resolve")
    qtbot.mouseClick(resolve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.isVisible() or "0 open" in panel.title.text())
    # (read back from the working copy, where every edit is committed)
    stored = [
        c for c in review.comments_for_step(controller.plan(), 1) if c["id"] == comments[0]["id"]
    ]
    assert stored[0]["resolved"]


def test_the_step_list_can_be_hidden_to_give_the_page_the_width(
    qtbot: QtBot, window: MainWindow, settings: QSettings, sample_file: Path
) -> None:
    # Given a plan open on step 3
    open_plan(qtbot, window, sample_file)
    window.show_step(3)
    assert window.workspace is not None
    navigator = window.workspace.navigator
    width = window.workspace.center.width()
    # When F8 is pressed
    qtbot.keyClick(window, Qt.Key.Key_F8)
    # Then the step list is hidden, the page is wider, and the steps still change by keyboard
    assert not navigator.isVisible()
    qtbot.waitUntil(
        lambda: window.workspace is not None and window.workspace.center.width() > width
    )
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_step() == 4
    # and the choice is remembered for the next plan
    assert settings.value("view/step_list") in (False, "false")
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert navigator.isVisible()


def test_many_district_comments_never_push_the_page_off_the_screen(
    qtbot: QtBot, window: MainWindow, sample_file: Path
) -> None:
    # Given a step with a dozen open district comments
    from sipdesk.services import review

    controller = open_plan(qtbot, window, sample_file)
    for n in range(12):
        controller.run(
            lambda s, n=n: review.add_comment(
                s, 0, "", "Reviewer", f"Please check this part of the profile again ({n})."
            )
        )
    # When step 0 is shown
    window.show_step(0)
    assert window.workspace is not None
    workspace = window.workspace
    area = workspace.comments_area
    qtbot.waitUntil(area.isVisible)
    # Then the comments take at most a third of the column and scroll on their own,
    # and the page keeps the rest
    assert area.height() <= max(
        workspace.center.height() // 3, area.fontMetrics().lineSpacing() * 6
    )
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    # (the column lays itself out again in a later turn once the comments are fitted)
    qtbot.waitUntil(lambda: workspace.page_area.height() >= workspace.center.height() // 2)


def test_closing_the_plan_during_an_export_waits_for_the_export(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path, tmp_path: Path
) -> None:
    # Given the Tool A PDF being written from step 8
    open_plan(qtbot, window, sample_file)
    window.show_step(8)
    page = page_of(window)
    target = tmp_path / "sent" / "Riverside.pdf"
    target.parent.mkdir()
    page.dialogs = dialogs  # type: ignore[attr-defined]
    dialogs.answers.append(target)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert page.runner.busy  # type: ignore[attr-defined]
    # When the plan is closed straight away
    with qtbot.waitSignal(window.plan_closed, timeout=60_000):
        window.close_plan()
    # Then the export finished first: the whole PDF is there, and nothing went wrong
    assert len(PdfReader(target).pages) > 5
    assert "That did not work" not in dialogs.titles()
    assert "Something went wrong" not in dialogs.titles()
    assert window.stack.currentWidget() is window.start_screen


def test_a_plan_that_fails_to_load_is_not_left_locked(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path
) -> None:
    # Given a plan that passes validation but whose contents cannot be read (a date that
    # is no date)
    conn = sqlite3.connect(sample_file)
    conn.execute("UPDATE plan_profile SET plan_date = 'the first day of spring'")
    conn.commit()
    conn.close()
    # (the explained errors are kept, as a log or a report would keep them: their tracebacks
    # must not be what holds the plan open)
    failures: list[BaseException] = []
    window.open_failed.connect(failures.append)
    # When the person opens it twice
    for _attempt in range(2):
        with qtbot.waitSignal(window.open_failed, timeout=15000):
            window.open_plan(sample_file)
    # Then both times the same explanation, never "already open"
    assert len(dialogs.asked) == 2
    assert dialogs.asked[0] == dialogs.asked[1]
    assert "already open" not in dialogs.asked[1][1]
    assert dialogs.titles()[1] != "This plan is already open"
    # and once the file is put right it opens for editing: nothing still holds it
    conn = sqlite3.connect(sample_file)
    conn.execute("UPDATE plan_profile SET plan_date = NULL")
    conn.commit()
    conn.close()
    controller = open_plan(qtbot, window, sample_file)
    assert not controller.readonly


def test_a_plan_left_open_on_another_machine_can_be_taken_over(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path
) -> None:
    from sipdesk.storage.lock import presence_path

    # Given a plan on a shared folder that Ms Rivera's laptop still marks as open
    presence_path(sample_file).write_text(
        json.dumps(
            {"user": "Ms Rivera", "host": "LAPTOP-3", "pid": 4242, "started": "2026-12-05T09:40"}
        ),
        encoding="utf-8",
    )
    # When the person opens it and chooses to take it over
    dialogs.answers.append("Take over")
    controller = open_plan(qtbot, window, sample_file)
    # Then they were told who has it and since when, and asked
    title, text, options = dialogs.asked[0]
    assert title == "This plan is already open"
    assert text.startswith("Ms Rivera on LAPTOP-3 has had “")
    assert "If you are sure they are no longer using it, you can take it over." in text
    assert options == ("Open read-only", "Take over")
    # and the plan is theirs to edit, marked as theirs for anyone else
    assert not controller.readonly
    assert "Ms Rivera" not in presence_path(sample_file).read_text(encoding="utf-8")
