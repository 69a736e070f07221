"""The district edits what each level of its rubric means (issue 13, items 6 and 7), on real desk
files and through the real windows.

Given a desk, when a level's description is typed on the Rubric tab from the keyboard alone and
saved, then the desk holds it after it is closed and opened again, the command line prints it,
an open review shows it where the reviewer scores, and the expectations pack exported on screen
carries it to a school. A hostile value (no name, far too long, a hidden control character) is
refused with one plain sentence, the cursor is put where it is, nothing typed is lost and the
desk file is not changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.expectations_window import ExpectationsDialog
from sipdesk.ui.district.review_panel import ReviewDialog
from sipdesk.ui.district.rubric_editor import RubricEditor
from sipdesk.ui.theme import Theme
from tests.plans import sample_plan
from tests.ui.conftest import ScriptedDialogs
from tests.ui.district import test_desk_expectations as expectations
from tests.ui.district.test_desk_expectations import _close, _expectations, _json, _save

# The expectations window's own fixtures: a desk of four schools, opened in a real window.
plans, desk_file, open_desk = expectations.plans, expectations.desk_file, expectations.open_desk

Opener = Callable[..., DeskWindow]
SOLID = "Every goal names the students it serves, with a measure, a start and yearly targets."
ALT = Qt.KeyboardModifier.AltModifier


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _criteria(capsys: pytest.CaptureFixture[str], desk: Path) -> list[dict[str, object]]:
    criteria = _json(capsys, "rubric", str(desk))["criteria"]
    assert isinstance(criteria, list)
    return criteria


def _review(qtbot: QtBot, window: DeskWindow) -> ReviewDialog:
    row = window.proxy.row_at(0)
    window._choose_school(row.school_id)
    window.show_review()
    review = window.side_windows[("review", row.school_id)]
    assert isinstance(review, ReviewDialog)
    qtbot.waitUntil(lambda: review.sheet is not None, timeout=15000)
    return review


def test_a_level_description_typed_with_the_keyboard_is_the_desks(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the desk open, a school's review open beside it (scoring the first criterion) with
    # a level picked and not saved yet, and the Rubric tab reached from the keyboard.
    window = open_desk(desk_file)
    review = _review(qtbot, window)
    review.rubric.choose("causes", 2)
    dialog = _expectations(qtbot, window)
    dialog.activateWindow()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_U, ALT)  # R&ubric
    assert dialog.tabs.currentIndex() == 2
    editor = dialog.rubric
    # When the third level of the first criterion is chosen and its description retyped.
    qtbot.keyClick(dialog, Qt.Key.Key_V, ALT)  # Le&vels
    assert dialog.focusWidget() is editor.levels
    qtbot.keyClick(editor.levels, Qt.Key.Key_Down)
    qtbot.keyClick(editor.levels, Qt.Key.Key_Down)
    assert editor.level_parts.meaning_label.text() == "What “Solid” &means:"
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # What “Solid” &means
    assert dialog.focusWidget() is editor.meaning
    qtbot.keyClick(editor.meaning, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.meaning, SOLID)
    with (
        qtbot.waitSignal(dialog.saved, timeout=15000),
        qtbot.waitSignal(review.shown, timeout=15000),
    ):
        qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # &Save
    # Then the command line reads it from the desk, the other levels as they were.
    criteria = _criteria(capsys, desk_file)
    levels = criteria[0]["levels"]
    assert isinstance(levels, list)
    assert levels[2] == {"level": 3, "name": "Solid", "description": SOLID}
    assert levels[1]["description"].startswith("Goals are about students, but measures")
    # And the open review reads the rubric again: the level guide says the new words, and the
    # level picked before is still picked, still waiting to be saved.
    assert SOLID in review.rubric.guides["goals"].text()
    assert review.rubric.boxes["goals"].itemData(3, Qt.ItemDataRole.ToolTipRole) == SOLID
    assert review.rubric.changed_pairs() == ["causes=2"]
    # And after the desk is closed and opened again, the Rubric tab shows it.
    _close(qtbot, window)
    again = _expectations(qtbot, open_desk(desk_file))
    again.rubric.list.setCurrentRow(0)
    again.rubric.levels.setCurrentRow(2)
    assert again.rubric.meaning.toPlainText() == SOLID
    assert not again.changed()


def test_criteria_and_level_names_edited_on_screen_travel_in_the_pack(
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
    private_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sipdesk.services.expectations_pack import read_pack, stored_pack

    window = open_desk(desk_file)
    dialog = _expectations(qtbot, window)
    editor = dialog.rubric
    # A criterion renamed and described, a level renamed and described, a new criterion with
    # what each of its levels means (none of it saved yet: exporting saves it first).
    editor.list.setCurrentRow(1)
    qtbot.keyClick(editor.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.name, "Causes the team can act on")
    editor.description.setPlainText("Causes within the school's reach, each with its evidence.")
    editor.levels.item(3).setText("Exemplary")
    editor.levels.setCurrentRow(3)
    editor.meaning.setPlainText("Causes tested by asking why, and agreed by the whole team.")
    editor.add_criterion()
    qtbot.keyClicks(editor.name, "Family voice")
    for row, words in enumerate(("No families asked", "Some asked", "Families shaped it", "")):
        editor.levels.setCurrentRow(row)
        editor.meaning.setPlainText(words)
    dialogs.answers.append(tmp_path / "for schools")
    with qtbot.waitSignal(dialog.exported, timeout=15000) as signal:
        dialog.export_button.click()
    pack = signal.args[0]
    # The pack's own file holds every word, as the desk does.
    held = json.loads(pack.read_text(encoding="utf-8"))["rubric"]["criteria"]
    assert held == _criteria(capsys, desk_file) == editor.data()["criteria"]
    causes = held[1]
    assert causes["name"] == "Causes the team can act on"
    assert causes["description"] == "Causes within the school's reach, each with its evidence."
    assert causes["levels"][3] == {
        "level": 4,
        "name": "Exemplary",
        "description": "Causes tested by asking why, and agreed by the whole team.",
    }
    family = held[-1]
    assert (family["key"], family["name"]) == ("family-voice", "Family voice")
    assert [lv["description"] for lv in family["levels"]] == [
        "No families asked",
        "Some asked",
        "Families shaped it",
        "",
    ]
    # A school takes the pack; what it keeps with its plan reads back the same rubric (the
    # school's screens show the deadlines and goals, not the rubric).
    plan = tmp_path / "riverside.sipdesk"
    sample_plan(plan).close()
    assert main(["take-expectations", str(plan), str(pack)]) == 0
    assert read_pack(pack).rubric[1].levels[3].description.startswith("Causes tested")
    from sipdesk.storage import PlanDocument

    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        from sipdesk.services.snapshot import read_plan

        plan_id = str(read_plan(session)["profile"]["plan_id"])
    kept = stored_pack(plan_id)
    assert kept is not None and kept.rubric == read_pack(pack).rubric


Edit = Callable[[RubricEditor, QtBot], None]


@dataclass(frozen=True)
class Hostile:
    name: str
    spoil: Edit  # the bad value, typed or pasted
    sentence: str
    where: Callable[[RubricEditor], QWidget]  # where the cursor goes
    mend: Edit  # put right, so the rest saves


def _meaning_of(row: int, text: str) -> Edit:
    def put(editor: RubricEditor, qtbot: QtBot) -> None:
        editor.list.setCurrentRow(0)
        editor.levels.setCurrentRow(row)
        editor.meaning.setFocus()
        editor.meaning.selectAll()
        editor.meaning.insertPlainText(text)  # as a paste does

    return put


def _mend_meaning(editor: RubricEditor, qtbot: QtBot) -> None:
    editor.meaning.setPlainText("Each goal has a measure, a start and targets.")


def _name_of_level(text: str) -> Edit:
    def put(editor: RubricEditor, qtbot: QtBot) -> None:
        editor.list.setCurrentRow(0)
        editor.levels.item(1).setText(text)

    return put


def _empty_name(editor: RubricEditor, qtbot: QtBot) -> None:
    editor.list.setCurrentRow(0)
    qtbot.keyClick(editor.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.name, Qt.Key.Key_Backspace)


def _type_name(editor: RubricEditor, qtbot: QtBot) -> None:
    qtbot.keyClicks(editor.name, "Goals")


GOALS = "“Clear, measurable goals”"
HOSTILE = [
    Hostile(
        "no name",
        _empty_name,
        "The name of criterion 1 needs some words.",
        lambda e: e.name,
        _type_name,
    ),
    Hostile(
        "far too long",
        _meaning_of(2, "Too much. " * 201),
        f"The description of level 3 of {GOALS} is 2,010 characters long, and a rubric "
        "keeps at most 2,000. Please shorten it.",
        lambda e: e.meaning,
        _mend_meaning,
    ),
    Hostile(
        "a control character in a description",
        _meaning_of(1, "red \x1b[31m text\x07"),
        f"The description of level 2 of {GOALS} has a hidden control character in it, often "
        "left by copying from another program. Please retype that part.",
        lambda e: e.meaning,
        _mend_meaning,
    ),
    Hostile(
        "a control character in a level's name",
        _name_of_level("Devel\x00oping"),
        f"The name of level 2 of {GOALS} has a hidden control character in it, often left by "
        "copying from another program. Please retype that part.",
        lambda e: e.levels,
        lambda e, _qtbot: e.levels.item(1).setText("Developing"),
    ),
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_a_hostile_value_is_refused_with_a_sentence_and_nothing_is_lost(
    case: Hostile,
    qtbot: QtBot,
    open_desk: Opener,
    desk_file: Path,
    dialogs: ScriptedDialogs,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before, rubric_before = _digest(desk_file), _criteria(capsys, desk_file)
    window = open_desk(desk_file)
    dialog: ExpectationsDialog = _expectations(qtbot, window)
    editor = dialog.rubric
    # Given a good edit on another criterion, then the hostile value.
    editor.list.setCurrentRow(2)
    editor.levels.setCurrentRow(0)
    editor.meaning.setPlainText("No strategy follows from a priority yet.")
    case.spoil(editor, qtbot)
    typed = editor.data()["criteria"]
    # When saved, the sentence is shown and nothing is written.
    dialog.save_button.click()
    assert dialogs.asked[-1][:2] == ("The rubric cannot be saved yet", case.sentence)
    assert _criteria(capsys, desk_file) == rubric_before
    assert _digest(desk_file) == before
    # The screen still holds every word typed, and shows the place to put right.
    assert editor.data()["criteria"] == typed
    assert dialog.tabs.currentIndex() == 2
    assert editor.list.currentRow() == 0
    shown = case.where(editor)
    focused = dialog.focusWidget()
    assert focused is shown or (focused is not None and shown.isAncestorOf(focused))
    # Put right, everything saves, the good edit with it.
    case.mend(editor, qtbot)
    _save(qtbot, dialog)
    saved = _criteria(capsys, desk_file)
    assert saved == editor.data()["criteria"]
    levels = saved[2]["levels"]
    assert isinstance(levels, list)
    assert levels[0]["description"] == "No strategy follows from a priority yet."


def test_at_a_large_zoom_the_alt_key_brings_the_level_box_into_view(
    qtbot: QtBot, open_desk: Opener, desk_file: Path, theme: Theme
) -> None:
    # Given the desk at 1024 × 768 in a large zoom: the Rubric tab scrolls.
    window = open_desk(desk_file, 1024, 768)
    theme.apply(zoom=1.5)
    dialog = _expectations(qtbot, window)
    dialog.activateWindow()
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_U, ALT)
    area = dialog.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=5000)
    area.verticalScrollBar().setValue(0)
    # When Alt+M is pressed, the level's box is scrolled into sight and takes the typing.
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)
    meaning = dialog.rubric.meaning
    assert dialog.focusWidget() is meaning
    top = meaning.mapTo(area.viewport(), meaning.rect().topLeft()).y()
    assert top >= 0 and top + meaning.height() <= area.viewport().height()


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].casefold() if at >= 0 else None


def test_every_alt_key_on_the_rubric_tab_is_its_own(
    qtbot: QtBot, open_desk: Opener, desk_file: Path
) -> None:
    dialog = _expectations(qtbot, open_desk(desk_file))
    dialog.tabs.setCurrentIndex(2)
    dialog.rubric.list.setCurrentRow(0)
    texts = [dialog.tabs.tabText(n) for n in range(dialog.tabs.count())]
    for widget in dialog.findChildren(QWidget):
        if widget.isVisibleTo(dialog) and isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
    keys = [key for key in map(_mnemonic, texts) if key]
    assert "m" in keys and "e" in keys  # the level's description, Add a level
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == [], texts
