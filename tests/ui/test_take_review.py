"""File ▸ Take the district's review, in the real window (issue 13, item 6).

The school edits a goal after sending; the district comments on goal:1 and returns the plan
(the real desk commands); the school takes the reply from the File menu: its edit and the
district's comment and status are there, step 8 shows them, Edit ▸ Undo takes the whole review
back in one step, and taking the reply again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.models.tables import GOAL
from sipdesk.services.review import mark_submitted
from sipdesk.storage import PlanDocument
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.review_page import ReviewPage
from tests.ui.conftest import ScriptedDialogs, open_plan

SCHOOL = "Riverside Elementary School"


def _district_returns(sample_file: Path, tmp_path: Path, other: Path) -> Path:
    with PlanDocument.open(sample_file) as doc, doc.transaction() as session:
        mark_submitted(session, "Principal Ada", dt.datetime(2026, 11, 30, 9, 0))
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Riverside Unified"]) == 0
    assert main(["district", "add", str(desk), str(sample_file), str(other)]) == 0
    argv = ["district", "comment", str(desk), SCHOOL, "--on", "goal:1", "--by", "Ms Rivera"]
    assert main([*argv, "Add last year's result as the starting point."]) == 0
    reply = tmp_path / "reply.sipdesk"
    assert (
        main(["district", "return", str(desk), SCHOOL, "--by", "Ms Rivera", "-o", str(reply)]) == 0
    )
    return reply


def test_take_the_districts_review_from_the_file_menu(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    sample_file: Path,
    empty_file: Path,
    tmp_path: Path,
) -> None:
    reply = _district_returns(sample_file, tmp_path, empty_file)
    controller = open_plan(qtbot, window, sample_file)
    controller.set_field(GOAL, 2, "Edit goal", text="Every reader reads by grade 3.")
    assert window.take_review_action.isEnabled()
    assert window.take_review_action in window.menuBar().actions()[0].menu().actions()

    dialogs.answers.append(reply)
    window.take_review_action.trigger()
    plan = controller.plan()
    assert plan["profile"]["status"] == "returned"
    assert {g["id"]: g["text"] for g in plan["goals"]}[2] == "Every reader reads by grade 3."
    district = [c for c in plan["review_comments"] if c["author"] == "Ms Rivera"]
    assert [(c["item"], c["step"]) for c in district] == [("goal:1", 1)]
    assert "marked returned with feedback by Ms Rivera" in window.statusBar().currentMessage()
    page = window.workspace.page(8) if window.workspace is not None else None
    assert isinstance(page, ReviewPage) and page.isVisible()
    assert page.status_label.text().startswith("Status: Returned with feedback")
    assert page.comments_model.rowCount() >= 1
    window.resize(1366, 768)
    shots = os.environ.get("SIPDESK_SHOTS")
    if shots:
        window.grab().save(str(Path(shots) / "take-review-step8.png"))

    # One undo step takes the whole review back; the school's edit stays.
    assert controller.undo_stack.undoText() == "Take the district's review"
    controller.undo_stack.undo()
    plan = controller.plan()
    assert plan["profile"]["status"] == "submitted"
    assert not [c for c in plan["review_comments"] if c["author"] == "Ms Rivera"]
    assert {g["id"]: g["text"] for g in plan["goals"]}[2] == "Every reader reads by grade 3."
    controller.undo_stack.redo()
    taken = controller.plan()
    assert taken["profile"]["status"] == "returned"

    # Taking it again changes nothing and adds no undo step.
    count = controller.undo_stack.count()
    dialogs.answers.append(reply)
    window.take_review_action.trigger()
    assert controller.plan() == taken
    assert controller.undo_stack.count() == count


def test_a_reply_for_another_plan_is_refused_in_the_window(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    sample_file: Path,
    empty_file: Path,
    tmp_path: Path,
) -> None:
    reply = _district_returns(sample_file, tmp_path, empty_file)
    controller = open_plan(qtbot, window, empty_file)
    before = controller.plan()
    dialogs.answers.append(reply)
    window.take_review_action.trigger()
    title, text, _ = dialogs.asked[-1]
    assert title == "That is not the district's review of this plan"
    assert "reply for another plan (Riverside Elementary School)" in text
    assert controller.plan() == before
    assert controller.undo_stack.count() == 0
