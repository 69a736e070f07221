"""The desk window's *Our self-reflection…* (Ctrl+T), Tool C (issue 14, item 2), on a desk file
and on a server desk: two team members' ratings with evidence, the agreed level, a strength and a
weakness linked to a rollup row are saved through the window, shown there (the ratings side by
side, the linked row's figures), stored (``district reflect --json``) and printed (the PDF read
back with pypdf). It fits 1366×768.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.district.intake import intake
from sipdesk.ui.district.desk_window import DeskWindow
from sipdesk.ui.district.reflection_window import ReflectionWindow
from sipdesk.ui.theme import Theme
from tests.district_pg import NewDesk
from tests.ui.conftest import ScriptedDialogs
from tests.unit.test_district_reflection import plan_files

__all__ = ["plan_files"]  # the module fixture of the unit tests: three hand-worked plans


@pytest.fixture
def desk_window(
    qtbot: QtBot,
    settings: QSettings,
    theme: Theme,
    dialogs: ScriptedDialogs,
    new_desk: NewDesk,
    plan_files: list[Path],
    tmp_path: Path,
) -> Iterator[DeskWindow]:
    with new_desk("Pine County Schools") as desk:
        for file in plan_files:
            (outcome,) = intake(desk, [file])
            assert outcome.result == "added"
    window = DeskWindow(settings, theme, dialogs)
    window.prefs.last_folder = tmp_path

    def close(w: DeskWindow) -> None:
        if w.desk is not None:
            with qtbot.waitSignal(w.desk_closed, timeout=15000):
                w.close()
        w.runner.wait(timeout=15)

    qtbot.addWidget(window, before_close_func=close)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.desk_opened, timeout=20000):
        window.open_desk(new_desk.target)
    yield window


def _row_of(dialog: ReflectionWindow, kind: str, key: object) -> int:
    return dialog.keys.index((kind, key))


def _saved(qtbot: QtBot, dialog: ReflectionWindow, act: object) -> None:
    with qtbot.waitSignal(dialog.shown, timeout=20000):
        act()  # type: ignore[operator]
    assert dialog.isEnabled()


def test_ratings_agreed_level_and_linked_weakness_through_the_window(
    qtbot: QtBot,
    desk_window: DeskWindow,
    new_desk: NewDesk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    action = desk_window.reflection_action
    assert [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()] == [
        "Ctrl+T"
    ]
    action.trigger()
    dialog = desk_window.side_windows[("reflection", 0)]
    assert isinstance(dialog, ReflectionWindow)
    qtbot.waitSignal(dialog.shown, timeout=30000).wait()
    dialog.title.setEditText("2026–27")

    dialog.list.setCurrentRow(_row_of(dialog, "element", "2b1"))
    assert dialog.element_name.text().startswith("2b1. The LEA has adopted")
    assert dialog.levels.count() == 4 and dialog.levels.item(1).text().startswith(
        "2 · Taking shape — "
    )
    for member, level, evidence in (
        ("Ms Rivera", 2, "PL standards are on paper only."),
        ("Mr Chen", 3, "Our PL calendar follows them."),
    ):
        dialog.member.setText(member)
        dialog.levels.setCurrentRow(level - 1)
        dialog.evidence.setPlainText(evidence)
        _saved(qtbot, dialog, dialog.save_rating)
    dialog.agreed.setCurrentIndex(2)
    dialog.agreed_evidence.setPlainText("Standards exist; they do not choose our PL yet.")
    _saved(qtbot, dialog, dialog.save_agreed)
    shown = [dialog.ratings.item(i).text() for i in range(dialog.ratings.count())]
    assert shown == [
        "Mr Chen: 3 · Working — Our PL calendar follows them.",
        "Ms Rivera: 2 · Taking shape — PL standards are on paper only.",
    ]
    assert dialog.agreed.currentText() == "2 · Taking shape"
    assert dialog.list.currentItem().text().endswith("(2 ratings · agreed 2)")
    # Mr Chen, the last name typed, sees his own rating to change
    assert dialog.levels.currentRow() == 2
    assert dialog.evidence.toPlainText() == "Our PL calendar follows them."

    dialog.list.setCurrentRow(_row_of(dialog, "notes", 2))
    assert dialog.pages.currentIndex() == 1
    dialog.note_texts["strength"].setText("New teachers get a mentor.")
    _saved(qtbot, dialog, lambda: dialog.add_note("strength"))
    dialog.note_texts["weakness"].setText("PL is not chosen from schools' needs.")
    _saved(qtbot, dialog, lambda: dialog.add_note("weakness"))
    dialog.note_lists["weakness"].setCurrentRow(0)
    dialog.link_view.setCurrentIndex(dialog.link_view.findData("practices"))
    dialog.link_row.setCurrentIndex(dialog.link_row.findData("2b"))
    _saved(qtbot, dialog, dialog.link)
    links = [dialog.links.item(i).text() for i in range(dialog.links.count())]
    assert links == [
        "Strategies by Four Domains practice: 2b. Target professional learning opportunities — "
        "Domain 2. Talent Development · Schools 1 · Strategies 1"
    ]

    # stored: what the command prints is what the window saved
    assert main(["district", "reflect", new_desk.target, "--json"]) == 0
    talent = json.loads(capsys.readouterr().out)["domains"][1]
    element = next(e for e in talent["elements"] if e["code"] == "2b1")
    assert [(r["member"], r["level"], r["evidence"]) for r in element["ratings"]] == [
        ("Mr Chen", 3, "Our PL calendar follows them."),
        ("Ms Rivera", 2, "PL standards are on paper only."),
    ]
    assert element["agreed"] == {
        "level": 2,
        "evidence": "Standards exist; they do not choose our PL yet.",
    }
    assert talent["strengths"] == ["New teachers get a mentor."]
    assert [(x["view"], x["row"]) for x in talent["weaknesses"][0]["links"]] == [
        ("practices", "2b")
    ]

    # printed: the window's PDF
    target = tmp_path / "ours.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=30000):
        dialog.write_pdf(target)
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    for words in (
        "Our self-reflection: 2026–27",
        "PL standards are on paper only.",
        "Our PL calendar follows them.",
        "Agreed by the team",
        "Standards exist; they do not choose our PL yet.",
        "PL is not chosen from schools' needs.",
        "Schools 1 · Strategies 1",
    ):
        assert words in text, words

    # it fits 1366×768 with nothing cut off sideways
    dialog.resize(1366, 768)
    dialog.list.setCurrentRow(_row_of(dialog, "element", "2b1"))
    qtbot.waitUntil(lambda: dialog.element_page.isVisible())
    assert dialog.element_page.width() <= dialog.width()
