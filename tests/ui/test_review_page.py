"""Step 8 — Review & export: plan health, the status workflow with who and when, review
comments shown on their step, exports and "Prepare for the district"."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sipdesk.services import operations
from sipdesk.services.checks import readiness
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.pages.review_page import COL_BODY, COL_RESOLVED, ReviewPage
from tests.plans import sample_plan
from tests.ui.conftest import stored


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def reopen(path: Path) -> dict[str, Any]:
    with PlanDocument.open(path, readonly=True) as doc, doc.session() as session:
        return read_plan(session)


class SaveTo:
    """The window's dialogs, answered without a person: save where the test says."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save_file(self, title: str, start: Path, file_filter: str) -> Path:
        return self.folder / start.name


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[PlanController]:
    c = PlanController(sample_plan(tmp_path / "Riverside.sipdesk"))
    yield c
    c.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[PlanController]:
    doc = PlanDocument.create(
        tmp_path / "Oak Hill.sipdesk", lambda s: operations.seed_new_plan(s, "Oak Hill")
    )
    c = PlanController(doc)
    yield c
    c.close()


def show(qtbot: QtBot, controller: PlanController) -> ReviewPage:
    page = ReviewPage(controller)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


# --------------------------------------------------------------------- health
def test_plan_health_lists_what_is_missing(qtbot: QtBot, fresh: PlanController) -> None:
    page = show(qtbot, fresh)
    assert page.health.findings.count() > 0
    assert "still to do" in page.health.summary.text()
    # Choosing a finding asks the window to go there
    item = page.health.findings.item(1)
    with qtbot.waitSignal(page.finding_activated) as went:
        qtbot.mouseClick(
            page.health.findings.viewport(),
            Qt.MouseButton.LeftButton,
            pos=page.health.findings.visualItemRect(item).center(),
        )
    assert isinstance(went.args[0], int)


def test_a_ready_plan_says_so(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    assert page.health.summary.text().startswith("Everything the plan needs is in place")
    assert not page.health.findings.isVisible()


# --------------------------------------------------------------------- status workflow
def test_status_workflow_records_who_and_when(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    assert page.status_label.text().startswith("Status: Draft")
    buttons = page._status_buttons
    assert [k for k, b in buttons.items() if b.isVisible()] == ["submitted"]
    # The principal submits
    page.who.clear()
    qtbot.keyClicks(page.who, "Angela Whitfield")
    qtbot.keyClicks(page.note, "Mid-year update")
    qtbot.mouseClick(buttons["submitted"], Qt.MouseButton.LeftButton)
    assert page.status_label.text().startswith("Status: Submitted (by Angela Whitfield")
    assert page.note.text() == ""
    assert [k for k, b in buttons.items() if b.isVisible()] == ["returned", "approved"]
    # The district liaison returns it with feedback, the school resubmits, the liaison approves
    page.who.clear()
    qtbot.keyClicks(page.who, "Dr. Kwame Asante")
    qtbot.keyClicks(page.note, "Tighten measure 2")
    qtbot.mouseClick(buttons["returned"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons["submitted"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons["approved"], Qt.MouseButton.LeftButton)
    assert page.history_model.rowCount() == 7
    assert page.history_model.item(0, 0).text() == "Approved"
    sample.flush()
    plan = reopen(sample.document.path)
    assert plan["profile"]["status"] == "approved"
    events = [(e["status"], e["by"], e["note"]) for e in plan["status_history"][-4:]]
    assert events == [
        ("submitted", "Angela Whitfield", "Mid-year update"),
        ("returned", "Dr. Kwame Asante", "Tighten measure 2"),
        ("submitted", "Dr. Kwame Asante", ""),
        ("approved", "Dr. Kwame Asante", ""),
    ]
    assert all(e["at"] for e in plan["status_history"])
    # Undo takes the approval back
    assert sample.undo_stack.undoText() == "Mark approved"
    sample.undo_stack.undo()
    assert page.status_label.text().startswith("Status: Submitted")


def test_no_status_change_without_a_name(qtbot: QtBot, sample: PlanController) -> None:
    page = show(qtbot, sample)
    page.who.clear()
    with qtbot.waitSignal(sample.refused):
        qtbot.mouseClick(page._status_buttons["submitted"], Qt.MouseButton.LeftButton)
    assert sample.plan()["profile"]["status"] == "draft"


# --------------------------------------------------------------------- comments
def test_comment_on_an_item_shows_on_its_step_and_resolves(
    qtbot: QtBot, sample: PlanController
) -> None:
    page = show(qtbot, sample)
    plan_page = PlanPage(sample)
    qtbot.addWidget(plan_page)
    plan_page.show()
    assert "0 open, 1 resolved" in plan_page.comments.title.text()
    # The reviewer picks step 5 and strategy 1.1, types and presses Enter
    page.comment_step.setCurrentIndex(page.comment_step.findData(5))
    page.comment_item.setCurrentIndex(page.comment_item.findData("strategy:1"))
    qtbot.keyClicks(page.comment_author, "Dr. Asante")
    qtbot.keyClicks(page.comment_body, "Say how coaching cycles are counted.")
    qtbot.keyClick(page.comment_body, Qt.Key.Key_Return)
    assert page.comment_body.text() == ""
    row = page.comments_model.rowCount() - 1
    assert page.comments_model.index(row, COL_BODY).data() == "Say how coaching cycles are counted."
    assert page.comments_model.index(row, 1).data() == "Strategy 1.1"
    # Then step 5 shows it, with a way to go to the strategy
    assert "1 open, 1 resolved" in plan_page.comments.title.text()
    with qtbot.waitSignal(plan_page.comments.item_activated) as shown:
        show_button = next(
            b
            for b in plan_page.comments.findChildren(type(page.add_comment_button))
            if b.text() == "Show"
        )
        qtbot.mouseClick(show_button, Qt.MouseButton.LeftButton)
    assert shown.args == ["strategy:1"]
    assert plan_page.tree.current_ref() == "strategy:1"
    # Resolving it from the table (Space on the tick box) updates step 5 too
    view = page.comments.view
    view.setFocus()
    view.setCurrentIndex(page.comments_model.index(row, COL_RESOLVED))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert "0 open, 2 resolved" in plan_page.comments.title.text()
    sample.flush()
    comment = reopen(sample.document.path)["review_comments"][-1]
    assert comment == comment | {
        "step": 5,
        "item": "strategy:1",
        "author": "Dr. Asante",
        "body": "Say how coaching cycles are counted.",
        "resolved": True,
    }
    # An empty comment is refused
    with qtbot.waitSignal(sample.refused):
        qtbot.keyClick(page.comment_body, Qt.Key.Key_Return)


# --------------------------------------------------------------------- exports
def test_json_and_csv_exports(qtbot: QtBot, sample: PlanController, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    page = show(qtbot, sample)
    page.dialogs = SaveTo(out)
    with qtbot.waitSignal(page.export_written, timeout=10_000):
        qtbot.mouseClick(page.json_button, Qt.MouseButton.LeftButton)
    data = json.loads((out / "Riverside.json").read_text(encoding="utf-8"))
    assert data["format"] == "sipdesk-plan"
    assert data["profile"]["school_name"] == "Riverside Elementary School"
    with qtbot.waitSignal(page.export_written, timeout=10_000):
        qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO((out / "Riverside.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Priority" and rows[1][6] == "1.1.1.1"
    assert "Wrote Riverside.csv" in page.export_result.text()


def test_prepare_for_the_district(qtbot: QtBot, sample: PlanController, tmp_path: Path) -> None:
    # Given a folder the person picks, and a window that would open it afterwards
    send = tmp_path / "to district #1"
    send.mkdir()
    opened: list[Path] = []
    page = show(qtbot, sample)
    page.choose_folder = lambda title, start: send
    page.open_folder = opened.append
    # When they prepare the plan for the district
    with qtbot.waitSignal(page.package_written, timeout=60_000) as done:
        qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    package = done.args[0]
    # Then the folder holds a clean copy of the plan file, marked submitted with an event
    assert package.plan_file.parent == send and package.plan_file.suffix == ".sipdesk"
    copy = reopen(package.plan_file)
    assert copy["profile"]["status"] == "submitted"
    assert copy["status_history"][-1]["note"] == "Prepared for the district."
    assert copy["status_history"][-1]["by"] == "Angela Whitfield"
    # And the Tool A PDF and the plan on a page beside it, on Letter paper; the folder is shown
    assert package.pdf_file.parent == send
    assert package.pdf_file.read_bytes().startswith(b"%PDF")
    assert "Riverside Elementary School" in pdf_text(package.pdf_file)
    summary = PdfReader(package.summary_file)
    assert len(summary.pages) == 1
    assert sorted(map(round, summary.pages[0].mediabox[2:])) == [612, 792]
    assert opened == [send]
    assert "Ready to send from" in page.export_result.text()
    # And the open plan itself is submitted too (one undo step)
    assert sample.plan()["profile"]["status"] == "submitted"
    assert sample.undo_stack.undoText() == "Prepare for the district"


def test_pdf_export_shows_its_progress_and_writes_tool_a(
    qtbot: QtBot, sample: PlanController, tmp_path: Path
) -> None:
    # Given the review page and a folder to save in
    page = show(qtbot, sample)
    page.dialogs = SaveTo(tmp_path)
    values: list[int] = []
    page.progress.valueChanged.connect(values.append)
    progressed: list[tuple[int, int]] = []
    page.export_progressed.connect(lambda done, total: progressed.append((done, total)))
    # When the Tool A PDF is exported
    with qtbot.waitSignal(page.export_written, timeout=60_000) as written:
        qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
        # the buttons wait while it is written, and the bar counts up (it is not a spinner)
        assert not page.pdf_button.isEnabled() and not page.prepare_button.isEnabled()
        assert page.progress.isVisible()
        assert page.progress.maximum() > 0
    # Then the progress came from the worker, step by step to the end, and the bar followed
    assert len(progressed) > 5 and progressed[-1][0] == progressed[-1][1]
    assert len(set(values)) > 5
    assert page.pdf_button.isEnabled() and not page.progress.isVisible()
    # And the PDF is the plan's Tool A, on Letter paper
    target = written.args[0]
    assert target == tmp_path / "Riverside.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    reader = PdfReader(target)
    assert len(reader.pages) > 5
    assert round(reader.pages[0].mediabox.width) == 612
    assert "Riverside Elementary School" in pdf_text(target)
    assert "Wrote Riverside.pdf" in page.export_result.text()


def test_plan_on_a_page_on_a4(qtbot: QtBot, sample: PlanController, tmp_path: Path) -> None:
    # Given the window chose A4 paper
    page = show(qtbot, sample)
    page.dialogs = SaveTo(tmp_path)
    page.paper = lambda: "a4"
    # When the plan on a page is exported
    with qtbot.waitSignal(page.export_written, timeout=60_000) as written:
        qtbot.mouseClick(page.summary_button, Qt.MouseButton.LeftButton)
    # Then it is one A4 page named after the plan
    target = written.args[0]
    assert target.name == "Riverside – plan on a page.pdf"
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert sorted(map(round, reader.pages[0].mediabox[2:])) == [595, 842]
    assert "Riverside Elementary School" in pdf_text(target)


def test_prepare_refuses_an_approved_plan(
    qtbot: QtBot, sample: PlanController, tmp_path: Path
) -> None:
    sample.run(lambda s: operations.change_status(s, "submitted", "A"))
    sample.run(lambda s: operations.change_status(s, "approved", "B"))
    page = show(qtbot, sample)
    page.choose_folder = lambda title, start: tmp_path
    with qtbot.waitSignal(sample.refused) as refused:
        qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert "already approved" in refused.args[0]
    assert list(tmp_path.glob("*SIP 20*")) == []  # nothing was written


def test_names_and_model(qtbot: QtBot, qtmodeltester: Any, sample: PlanController) -> None:
    page = show(qtbot, sample)
    qtmodeltester.check(page.comments_model, force_py=True)
    for widget in (
        page.who,
        page.note,
        page.comment_step,
        page.comment_item,
        page.comment_author,
        page.comment_body,
        page.add_comment_button,
        page.prepare_button,
        page.pdf_button,
        page.summary_button,
        page.json_button,
        page.csv_button,
        page.history,
        page.comments.view,
        *page._status_buttons.values(),
    ):
        assert widget.accessibleName(), type(widget).__name__
    assert page.focus_item("comment:2")
    assert page.comments.current_id() == 2


def test_the_comment_takes_the_room_at_a_laptop_width(qtbot: QtBot, sample: PlanController) -> None:
    # Given step 8 as wide as it is in a 1366×768 window with the side panel
    page = show(qtbot, sample)
    page.resize(790, 700)
    view = page.comments.view
    header = view.horizontalHeader()
    qtbot.waitUntil(lambda: view.width() < 760 and view.horizontalScrollBar().maximum() == 0)
    widths = [header.sectionSize(c) for c in range(page.comments_model.columnCount())]
    # Then the comment is the widest column, wide enough for a sentence per few lines, and
    # the short columns keep to their contents; nothing runs off to the right
    unit = view.fontMetrics().averageCharWidth()
    assert widths[COL_BODY] == max(widths)
    assert widths[COL_BODY] >= 28 * unit
    assert sum(widths) <= view.viewport().width()
    # Each title is whole (wrapped, never cut mid-word) and has its name as a tooltip
    model = page.comments_model
    for col in range(model.columnCount()):
        title = model.headerData(col, Qt.Orientation.Horizontal)
        assert (
            model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == title
        )
        words = max(title.split(), key=len)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(words)


class Answers:
    """The window's questions, answered without a person, in turn; each question is kept."""

    def __init__(self, *answers: int | None) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def choose(self, title: str, text: str, options: Any, **_kw: Any) -> int | None:
        self.asked.append(text)
        return self.answers.pop(0)


def test_marking_a_plan_with_open_findings_asks_first_and_says_so(
    qtbot: QtBot, fresh: PlanController
) -> None:
    # Given a new plan, far from ready
    page = show(qtbot, fresh)
    page.dialogs = Answers(None, 0)
    open_now = len(readiness(fresh.plan()))  # type: ignore[arg-type]
    assert open_now > 5
    page.who.clear()
    qtbot.keyClicks(page.who, "Ana Ruiz")
    qtbot.keyClicks(page.note, "First draft for feedback")
    # When the principal marks it submitted, the window asks first; going back marks nothing
    qtbot.mouseClick(page._status_buttons["submitted"], Qt.MouseButton.LeftButton)
    assert page.dialogs.asked[0].startswith(f"Plan health lists {open_now} things still to do.")
    assert stored(fresh)["profile"]["status"] == "draft"
    # When they mark it anyway, the history records how many findings were open
    qtbot.mouseClick(page._status_buttons["submitted"], Qt.MouseButton.LeftButton)
    plan = stored(fresh)
    assert plan["profile"]["status"] == "submitted"
    assert plan["status_history"][-1]["note"] == (
        f"First draft for feedback Marked with {open_now} open findings."
    )
