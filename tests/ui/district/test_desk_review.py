"""The desk window's review work on real desk files: what changed between a school's versions
(on screen and as a PDF read back), scoring and commenting through the review window (read back
from the desk file), returning with the reply in the Outbox, and a draft that cannot be decided.

Desks are made by the ``sipdesk district new`` and ``add`` commands; every question the window
asks is answered by the scripted dialogs (no real modal dialog, no file dialog).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from sipdesk.district.desk_review import compare_versions, one_version_sentence
from sipdesk.district.document import DeskDocument
from sipdesk.district.review import comments_on, review_summaries, scores_of
from sipdesk.district.versions import find_school, versions_of
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.diff_dialog import WhatChangedDialog
from sipdesk.ui.district.review_panel import NO_NAME, ReviewDialog
from sipdesk.ui.district.schools_model import column_number
from sipdesk.ui.theme import Theme
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district.desk_files import add_to_desk, inbox_of_four, new_desk, variant

Opener = Callable[..., DeskWindow]
RIVERSIDE = "Riverside Elementary"


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return inbox_of_four(tmp_path_factory.mktemp("review-plans"))


@pytest.fixture
def desk_file(tmp_path: Path, plans: tuple[Path, Path]) -> Path:
    inbox, later = plans
    (tmp_path / "desk").mkdir()
    desk = new_desk(tmp_path / "desk" / "Riverside Unified.sipdistrict")
    add_to_desk(desk, inbox)
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


def _choose(window: DeskWindow, school: str) -> None:
    for row in range(window.proxy.rowCount()):
        if window.proxy.row_at(row).school == school:
            window.table.setCurrentIndex(window.proxy.index(row, 0))
            return
    raise AssertionError(school)


def _shown(window: DeskWindow, key: str, school: str) -> str:
    for row in range(window.proxy.rowCount()):
        if window.proxy.row_at(row).school == school:
            return str(window.proxy.index(row, column_number(key)).data())
    raise AssertionError(school)


def _what_changed(qtbot: QtBot, window: DeskWindow, school: str) -> WhatChangedDialog:
    _choose(window, school)
    window.changes_action.trigger()
    dialog = next(d for d in window.side_windows.values() if isinstance(d, WhatChangedDialog))
    # The versions are read on the worker; what it found arrives through the event loop.
    qtbot.waitSignal(dialog.shown, timeout=15000).wait()
    return dialog


def _review(qtbot: QtBot, window: DeskWindow, school: str) -> ReviewDialog:
    _choose(window, school)
    window.review_action.trigger()
    dialog = next(d for d in window.side_windows.values() if isinstance(d, ReviewDialog))
    qtbot.waitSignal(dialog.shown, timeout=15000).wait()
    return dialog


def test_what_changed_shows_riverside_s_change_and_saves_it_as_the_same_pdf(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    with DeskDocument.open(desk_file, readonly=True) as desk, desk.session() as session:
        school = find_school(session, RIVERSIDE, desk.path)
        expected = compare_versions(session, school, desk.path)
    assert expected is not None and expected.diff.changed  # the school year changed
    headlines = [c.headline() for s in expected.diff.changed for c in s.changes]
    window = open_desk(desk_file)
    dialog = _what_changed(qtbot, window, RIVERSIDE)
    lines = dialog.view.lines()
    assert lines[0] == f"What changed: {RIVERSIDE}, version 1 → 2"
    for headline in headlines:
        assert lines.count(headline) == 1
    assert any("2027–28" in line for line in lines)
    assert (dialog.from_box.currentData(), dialog.to_box.currentData()) == (1, 2)
    assert dialog.save_button.isEnabled()

    target = tmp_path / "out" / "riverside changes.pdf"
    target.parent.mkdir()
    dialogs.answers.append(target)
    with qtbot.waitSignal(dialog.pdf_saved, timeout=15000):
        dialog.save_button.click()
    text = " ".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    flat = " ".join(text.split())
    assert f"What changed: {RIVERSIDE}, version 1 → 2" in flat
    assert "2027–28" in flat
    assert dialog.message.text() == f"Saved “{target.name}” in {target.parent}."
    assert [title for title, *_ in dialogs.asked] == ["Save what changed as a PDF"]

    # Picking the same version twice is a sentence on screen, not a comparison.
    dialog.to_box.setCurrentIndex(dialog.to_box.findData(1))
    dialog.to_box.activated.emit(dialog.to_box.currentIndex())
    assert dialog.message.text() == "Those are the same version; please choose two different ones."
    assert not dialog.save_button.isEnabled()


def test_a_school_with_one_version_is_told_so_warmly(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    window = open_desk(desk_file)
    dialog = _what_changed(qtbot, window, "Lincoln Elementary")
    assert dialog.message.text() == one_version_sentence("Lincoln Elementary")
    assert not dialog.save_button.isEnabled()
    assert not dialog.from_box.isEnabled()
    assert dialogs.asked == []


def test_scores_and_a_comment_made_in_the_review_window_land_in_the_desk_file(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    window = open_desk(desk_file)
    dialog = _review(qtbot, window, RIVERSIDE)
    sheet = dialog.sheet
    assert sheet is not None and sheet.version == 2 and sheet.comments == ()
    first, second = sheet.criteria[0], sheet.criteria[1]

    # No name yet: asked for it, nothing written.
    dialog.rubric.choose(first.key, 3)
    dialog.rubric.save_button.click()
    assert dialogs.asked[-1] == ("Who is reviewing?", NO_NAME, ())

    dialog.who.setText("Dr  Ortiz")
    dialog.rubric.choose(second.key, 2)
    assert dialog.rubric.changed_pairs() == [f"{first.key}=3", f"{second.key}=2"]
    with qtbot.waitSignal(window.rows_shown, timeout=15000):
        dialog.rubric.save_button.click()
    assert dialog.sheet is not None and dialog.sheet.levels == {first.key: 3, second.key: 2}
    assert dialog.rubric.changed_pairs() == []
    assert _shown(window, "score", RIVERSIDE) == "5 of 8"

    items = dict(dialog.sheet.items)
    assert items["goal:1"].startswith("Goal 1 — Students in kindergarten")
    dialog.comments.choose_item("goal:1")
    dialog.comments.text.setPlainText("Please name the benchmark this goal is measured by.")
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.comments.add_button.click()
    assert dialog.comments.text.toPlainText() == ""
    [line] = dialog.comments.lines()
    assert line.startswith(items["goal:1"] + "\nPlease name the benchmark")
    assert "— Dr Ortiz, " in line
    assert dialog.tabs.tabText(1) == "C&omments (1)"

    _close(qtbot, window)
    with DeskDocument.open(desk_file, readonly=True) as desk, desk.session() as session:
        latest = versions_of(session, find_school(session, RIVERSIDE, desk.path))[-1]
        scores = {s.criterion_key: (s.level, s.scored_by) for s in scores_of(session, latest)}
        assert scores == {first.key: (3, "Dr Ortiz"), second.key: (2, "Dr Ortiz")}
        [comment] = comments_on(session, latest)
        assert (comment.item, comment.step, comment.author) == ("goal:1", 1, "Dr Ortiz")
        assert comment.body == "Please name the benchmark this goal is measured by."


def test_returning_writes_the_reply_to_the_outbox_and_the_table_says_returned(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    window = open_desk(desk_file)
    dialog = _review(qtbot, window, RIVERSIDE)
    dialog.who.setText("Dr Ortiz")
    dialog.tabs.setCurrentIndex(2)
    dialog.decision.note.setPlainText("Thank you; a few things to look at again.")
    dialogs.answers.append("Return with feedback")
    with qtbot.waitSignal(dialog.decided, timeout=20000) as blocker:
        dialog.decision.return_button.click()
    reply = blocker.args[0]
    outbox = desk_file.parent / "Outbox"
    assert reply.path.parent == outbox and reply.path.is_file()
    assert reply.path.name.startswith(f"{RIVERSIDE} – returned with feedback – ")
    assert dialogs.asked[-1][0] == f"Return with feedback: {RIVERSIDE}?"
    text = dialog.decision.result_text.text()
    assert f"“{reply.path.name}”" in text and str(outbox) in text
    qtbot.waitUntil(lambda: _shown(window, "status", RIVERSIDE) == "Returned", timeout=15000)
    # Returned: the same reply can be written again; approving waits for a new version.
    assert dialog.decision.return_button.isEnabled()
    assert not dialog.decision.approve_button.isEnabled()

    shown: list[Path] = []
    dialog.open_folder = shown.append
    dialog.decision.folder_button.click()
    assert shown == [outbox]
    # The decision is in the desk file at once, not only when the window closes.
    with DeskDocument.open(desk_file, readonly=True) as desk, desk.session() as session:
        school = find_school(session, RIVERSIDE, desk.path)
        assert review_summaries(session)[school.id].decision == "returned"


def test_approving_a_draft_shows_the_command_line_s_sentence_and_writes_nothing(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    window = open_desk(desk_file)
    dialog = _review(qtbot, window, "Oak Hill Middle")
    assert dialog.sheet is not None and not dialog.sheet.can_decide
    assert "marked draft" in dialog.decision.state.text()
    dialog.who.setText("Dr Ortiz")
    with qtbot.waitSignal(dialog.shown, timeout=15000):
        dialog.decision.approve_button.click()
    title, sentence, _ = dialogs.asked[-1]
    assert title == "That could not be done"
    assert sentence.startswith(
        "Version 1 of Oak Hill Middle's plan is marked draft, not submitted, so it cannot be "
        "approved; the school marks it submitted (Prepare for the district) and sends it again."
    )
    assert not (desk_file.parent / "Outbox").exists()
    assert dialog.decision.approve_button.isEnabled()
    assert _shown(window, "status", "Oak Hill Middle") == "Draft"


def test_the_review_is_reached_from_the_keyboard_and_a_comment_needs_words(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, dialogs: ScriptedDialogs
) -> None:
    window = open_desk(desk_file)
    _choose(window, RIVERSIDE)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = window.side_windows[("review", window.proxy.row_at(3).school_id)]
    assert isinstance(dialog, ReviewDialog)
    qtbot.waitSignal(dialog.shown, timeout=15000).wait()
    assert window.chosen.full_text() == RIVERSIDE
    dialog.who.setText("Dr Ortiz")
    with qtbot.waitSignal(dialog.shown, timeout=15000):
        dialog.comments.add_button.click()
    assert dialogs.asked[-1] == ("That could not be done", "Please write the comment.", ())
    assert dialog.comments.add_button.isEnabled()  # nothing broke; the reviewer carries on


def test_a_version_arriving_after_the_review_opened_is_shown_before_anything_is_decided(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    plans: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    _inbox, later = plans
    third = variant(
        later,
        tmp_path / "v3" / "riverside v3.sipdesk",
        RIVERSIDE,
        same_plan=True,
        status="submitted",
        school_year="2028–29",
    )
    window = open_desk(desk_file)
    dialog = _review(qtbot, window, RIVERSIDE)
    assert dialog.sheet is not None and dialog.sheet.version == 2
    with qtbot.waitSignal(window.plans_added, timeout=20000):
        window.add_plans([third])
    dialog.who.setText("Dr Ortiz")
    dialogs.answers.append("Approve")
    with qtbot.waitSignal(dialog.changed, timeout=15000):
        dialog.decision.approve_button.click()
    assert dialogs.asked[-1][0] == "A newer version has arrived"
    assert dialog.sheet is not None and dialog.sheet.version == 3
    assert dialog.title.text() == f"Review: {RIVERSIDE}, version 3"
    assert not (desk_file.parent / "Outbox").exists()


def test_the_criterion_being_scored_shows_every_level_with_its_description(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, tmp_path: Path
) -> None:
    """Where the reviewer picks a level, the criterion's levels show what each means (the
    district's rubric, here the default one in resources/rubrics/), the chosen one marked."""
    import json

    from sipdesk.paths import resource_path

    rubric = json.loads(resource_path("rubrics/default.json").read_text(encoding="utf-8"))
    window = open_desk(desk_file)
    dialog = _review(qtbot, window, RIVERSIDE)
    tab = dialog.rubric
    first, second = rubric["criteria"][0], rubric["criteria"][1]

    def shown(key: str) -> bool:
        return not tab.guides[key].isHidden()

    # At the start the first criterion is the one being scored: its four levels are there.
    assert shown(first["key"]) and not shown(second["key"])
    for level in first["levels"]:
        assert level["description"] in tab.guides[first["key"]].text()
        assert level["name"] in tab.guides[first["key"]].text()
    # Moving to the second criterion's box shows its levels instead.
    dialog.tabs.setCurrentWidget(tab)
    dialog.activateWindow()
    tab.boxes[second["key"]].setFocus()
    qtbot.waitUntil(lambda: shown(second["key"]), timeout=5000)
    assert not shown(first["key"])
    guide = tab.guides[second["key"]].text()
    assert all(level["description"] in guide for level in second["levels"])
    assert "your choice" not in guide
    # Picking a level marks it, with its description, in the list of levels.
    tab.choose(second["key"], 3)
    chosen = next(level for level in second["levels"] if level["level"] == 3)
    assert "(your choice)" in tab.guides[second["key"]].text()
    marked = tab.guides[second["key"]].text().split("<b>")[1]
    assert chosen["description"] in marked
    dialog.resize(1366, 768)
    dialog.grab().save(str(tmp_path / "rubric.png"))
    _close(qtbot, window)
