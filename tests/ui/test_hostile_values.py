"""Values a plan file can hold that no edit in SIP Desk would make: the window shows something
sensible for each, and never crashes or hangs.

Each test writes its values straight into the open plan's working copy with raw sqlite3
(bypassing the validator and the importer, which refuse most of them), reloads, and builds the
step pages as the window does.
"""

from __future__ import annotations

import importlib
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from sipdesk.models.limits import MAX_DOTS_PER_MEMBER, MAX_TEXT_CHARS
from sipdesk.services import root_causes as rc
from sipdesk.storage import PlanDocument
from sipdesk.ui.controller import PlanController
from sipdesk.ui.fishbone.voting_panel import RankingModel
from sipdesk.ui.monitoring.month_grid import FIRST_MONTH_COL
from sipdesk.ui.pages.adjust_page import AdjustPage
from sipdesk.ui.pages.monitor_page import MonitorPage
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.pages.review_page import ReviewPage
from sipdesk.ui.pages.root_causes_page import RootCausesPage
from sipdesk.ui.steps import STEPS
from sipdesk.ui.widgets.wrapping import DISPLAY_CHARS, has_long_word
from tests.plans import sample_plan


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plan, imported once for the module (each test opens its own copy)."""
    path = tmp_path_factory.mktemp("sample") / "Riverside.sipdesk"
    sample_plan(path).close()
    return path


@pytest.fixture
def controller(tmp_path: Path, sample_copy: Path) -> Iterator[PlanController]:
    path = tmp_path / "Riverside.sipdesk"
    shutil.copyfile(sample_copy, path)
    c = PlanController(PlanDocument.open(path))
    yield c
    c.close()


def write_raw(controller: PlanController, *statements: str) -> None:
    """Given: ``statements`` run on the plan with plain sqlite3, foreign keys off."""
    conn = sqlite3.connect(controller.document.working_path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    controller.reload()


def shown(qtbot: QtBot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitExposed(page)
    page.grab()  # every visible widget paints once
    return page


def cause_ids(controller: PlanController) -> list[int]:
    """Every cause the ranking over all fishbones lists (what the voting tab shows)."""
    return sorted(r.cause_id for r in rc.ranking(controller.plan()))


HOSTILE = {
    "first month 9999-12": ["UPDATE plan_profile SET first_month='9999-12'"],
    "first month 0000-01": ["UPDATE plan_profile SET first_month='0000-01'"],
    "first month as a number": ["UPDATE plan_profile SET first_month=202608"],
    "2^62 dots per member": ["UPDATE plan_profile SET dots_per_member=4611686018427387904"],
    "negative dots per member": ["UPDATE plan_profile SET dots_per_member=-5"],
    "unknown plan status": [
        "UPDATE plan_profile SET status='sent by carrier pigeon'",
        "INSERT INTO status_events(status, by, note) VALUES ('zzz', 'x', '')",
    ],
    "infinite votes": ["UPDATE causes SET votes=9e999"],
    "text and real votes": [
        "UPDATE causes SET votes='many' WHERE id % 2 = 0",
        "UPDATE causes SET votes=2.5 WHERE id % 2 = 1",
    ],
    "text and infinite dots": [
        "UPDATE dot_votes SET dots='x' WHERE id % 2 = 0",
        "UPDATE dot_votes SET dots=-9e999 WHERE id % 2 = 1",
    ],
    "text, infinite and huge budgets": [
        "UPDATE actions SET budget_cents='lots' WHERE id % 3 = 0",
        "UPDATE actions SET budget_cents=9e999 WHERE id % 3 = 1",
        "UPDATE actions SET budget_cents=9223372036854775807 WHERE id % 3 = 2",
    ],
    "text in a boolean": ["UPDATE causes SET actionable='yes', is_root='no'"],
    "blobs in text columns": [
        "UPDATE plan_profile SET school_name=x'ff00', vision=x'41', first_month=x'3230'",
        "UPDATE actions SET text=x'00ff41'",
        "UPDATE causes SET text=x'ff'",
        "UPDATE swot_items SET text=x'ff'",
        "UPDATE goals SET text=x'ff'",
        "UPDATE review_comments SET body=x'ff'",
        "UPDATE adjustments SET why=x'ff'",
        "UPDATE action_statuses SET note=x'ff'",
    ],
    "numbers in text columns": ["UPDATE actions SET text=12.5", "UPDATE causes SET text=7"],
    "unparsable dates": [
        "UPDATE plan_profile SET plan_date='not a date', update_date=x'00'",
        "UPDATE actions SET start='yesterday', due='2026-02-31'",
        "UPDATE adjustments SET made_on=42",
        "UPDATE signatures SET signed_on='soon'",
        "UPDATE review_comments SET created_at='whenever'",
        "UPDATE status_events SET at='1/1/1'",
    ],
    "dangling parent": ["UPDATE causes SET parent_id=99999 WHERE id=(SELECT max(id) FROM causes)"],
    "cause cycle": [
        "UPDATE causes SET parent_id=(SELECT max(id) FROM causes)"
        " WHERE id=(SELECT min(id) FROM causes)",
        "UPDATE causes SET parent_id=(SELECT min(id) FROM causes)"
        " WHERE id=(SELECT max(id) FROM causes)",
    ],
    "cause its own parent": ["UPDATE causes SET parent_id=id"],
    "text in id columns": ["UPDATE causes SET parent_id='x' WHERE id % 2 = 0"],
    "huge comment step": ["UPDATE review_comments SET step=4611686018427387904"],
}


@pytest.mark.parametrize("statements", list(HOSTILE.values()), ids=list(HOSTILE))
def test_every_step_page_builds_on_hostile_values(
    qtbot: QtBot, controller: PlanController, statements: list[str]
) -> None:
    # Given a plan holding values no edit would make
    write_raw(controller, *statements)
    errors: list[BaseException] = []
    hook = sys.excepthook
    sys.excepthook = lambda _t, value, _tb: errors.append(value)
    try:
        for info in STEPS:
            # When each step's page is built and shown as the window does it
            page_class = getattr(importlib.import_module(info.module), info.page_class)
            shown(qtbot, page_class(controller))
    finally:
        sys.excepthook = hook
    # Then nothing raised, here or inside Qt's calls into the pages
    assert errors == []


@pytest.mark.parametrize("first_month", ["9999-12", "0000-01", "2200-01", "1899-12", "20x6-08"])
def test_a_first_month_outside_the_calendar_shows_an_empty_grid(
    qtbot: QtBot, controller: PlanController, first_month: str
) -> None:
    # Given a first month no plan may hold (9999-12 once built date(10000, 1, 1): a crash)
    write_raw(controller, f"UPDATE plan_profile SET first_month='{first_month}'")
    # When step 6 opens
    page = shown(qtbot, MonitorPage(controller))
    assert isinstance(page, MonitorPage)
    # Then the grid has its actions but no month columns, and no month to pick
    assert page.grid_model.rowCount() > 0
    assert page.grid_model.months == []
    assert page.grid_model.columnCount() == FIRST_MONTH_COL
    assert page.month_combo.count() == 0


def test_the_last_legal_first_month_runs_into_the_next_year(
    qtbot: QtBot, controller: PlanController
) -> None:
    write_raw(controller, "UPDATE plan_profile SET first_month='2199-12'")
    page = shown(qtbot, MonitorPage(controller))
    assert isinstance(page, MonitorPage)
    model = page.grid_model
    assert model.months[0] == "2199-12" and model.months[-1] == "2200-11"
    assert model.headerData(FIRST_MONTH_COL, Qt.Orientation.Horizontal) == "Dec 2199"


@pytest.mark.parametrize(
    ("stored", "shown_value"), [("4611686018427387904", MAX_DOTS_PER_MEMBER), ("-5", 0), ("7", 7)]
)
def test_dots_per_member_are_clamped_to_the_spin_box(
    qtbot: QtBot, controller: PlanController, stored: str, shown_value: int
) -> None:
    # Given 2^62 dots per member (a 32-bit spin box raised OverflowError)
    write_raw(controller, f"UPDATE plan_profile SET dots_per_member={stored}")
    page = shown(qtbot, RootCausesPage(controller))
    assert isinstance(page, RootCausesPage)
    spin = page.voting.dots_per_member
    # Then the spin box shows the nearest value it can hold, up to the plan's limit
    assert spin.maximum() == MAX_DOTS_PER_MEMBER
    assert spin.value() == shown_value
    assert f"of {shown_value} left" in page.voting.members.text()


def test_an_unknown_plan_status_is_shown_as_stored_and_offers_no_step(
    qtbot: QtBot, controller: PlanController
) -> None:
    write_raw(
        controller,
        "UPDATE plan_profile SET status='sent by carrier pigeon'",
        "INSERT INTO status_events(status, by, note) VALUES ('sent by carrier pigeon', 'x', '')",
    )
    page = shown(qtbot, ReviewPage(controller))
    assert isinstance(page, ReviewPage)
    assert "“sent by carrier pigeon” (not a status SIP Desk knows)" in page.status_label.text()
    assert page.history_model.item(0, 0).text().startswith("“sent by carrier pigeon”")


def test_votes_that_are_not_whole_numbers_count_as_nothing_or_their_whole_part(
    qtbot: QtBot, controller: PlanController
) -> None:
    write_raw(
        controller,
        "UPDATE causes SET votes=9e999 WHERE id = 1",
        "UPDATE causes SET votes='many' WHERE id = 2",
        "UPDATE causes SET votes=2.5 WHERE id = 3",
        "DELETE FROM dot_votes",
    )
    page = shown(qtbot, RootCausesPage(controller))
    assert isinstance(page, RootCausesPage)
    tally = {r.cause_id: r.tally for r in rc.ranking(controller.plan())}
    assert (tally[1], tally[2], tally[3]) == (0, 0, 2)
    model = page.voting.model
    row = model.row_of(3)
    assert row is not None
    assert model.data(model.index(row, RankingModel.COL_TALLY)) == "2"


def test_budgets_that_are_not_amounts_add_nothing(qtbot: QtBot, controller: PlanController) -> None:
    write_raw(
        controller,
        "UPDATE actions SET budget_cents='lots'",
        "UPDATE actions SET budget_cents=9e999 WHERE id = 1",
    )
    page = shown(qtbot, PlanPage(controller))
    assert isinstance(page, PlanPage)
    assert page.total.text() == "Plan budget: none recorded yet"


def test_blobs_in_text_columns_read_as_text(controller: PlanController) -> None:
    write_raw(controller, "UPDATE plan_profile SET school_name=x'52697665ff'")
    assert controller.plan()["profile"]["school_name"] == "Rive\ufffd"


def test_unparsable_dates_read_as_no_date(controller: PlanController) -> None:
    write_raw(
        controller,
        "UPDATE plan_profile SET plan_date='not a date'",
        "UPDATE actions SET start='yesterday', due='2026-09-30'",
    )
    plan = controller.plan()
    assert plan["profile"]["plan_date"] is None
    action = plan["priorities"][0]["strategies"][0]["milestones"][0]["actions"][0]
    assert (action["start"], action["due"]) == (None, "2026-09-30")


def test_dangling_parents_and_cycles_keep_every_cause_on_the_diagram(
    qtbot: QtBot, controller: PlanController
) -> None:
    every = cause_ids(controller)
    # Given a cause whose parent is missing, and two causes that are each other's parent
    write_raw(
        controller,
        f"UPDATE causes SET parent_id=99999 WHERE id={every[-1]}",
        f"UPDATE causes SET parent_id={every[1]} WHERE id={every[0]}",
        f"UPDATE causes SET parent_id={every[0]} WHERE id={every[1]}",
    )
    # When step 3 opens
    page = shown(qtbot, RootCausesPage(controller))
    assert isinstance(page, RootCausesPage)
    # Then every cause is still ranked (none silently dropped), each once
    assert cause_ids(controller) == every
    page.voting.scope.setCurrentIndex(0)  # all fishbones
    page.voting.scope_changed()
    assert page.voting.model.rowCount() == len(every)


def test_a_cause_chain_far_deeper_than_allowed_opens_without_recursion(
    qtbot: QtBot, controller: PlanController
) -> None:
    # Given 3,000 causes, each the sub-cause of the one before (the limit is 50 levels)
    rows = ", ".join(
        f"({100000 + i}, (SELECT min(id) FROM fishbone_categories), "
        f"{'NULL' if i == 0 else 100000 + i - 1}, 'Why {i}', '', 0, 0, 0, {i})"
        for i in range(3000)
    )
    write_raw(
        controller,
        "INSERT INTO causes (id, category_id, parent_id, text, evidence, actionable, is_root,"
        f" votes, position) VALUES {rows}",
    )
    page = shown(qtbot, RootCausesPage(controller))
    assert isinstance(page, RootCausesPage)
    assert len([c for c in cause_ids(controller) if c >= 100000]) == 3000


def test_a_field_limit_text_is_cut_in_its_cell_and_whole_in_the_plan(
    qtbot: QtBot, controller: PlanController
) -> None:
    # Given an adjustment whose "why" is as long as a field may be (20,000 characters)
    long = ("Because the screening data showed it. " * 600)[:MAX_TEXT_CHARS]
    write_raw(controller, f"UPDATE adjustments SET why='{long}'")
    page = shown(qtbot, AdjustPage(controller))
    assert isinstance(page, AdjustPage)
    view = page.log.view
    model = view.model()
    column = next(
        c for c in range(model.columnCount()) if len(str(model.index(0, c).data() or "")) > 1000
    )
    index = model.index(0, column)
    # When the cell is drawn, it shows the first 1,000 characters and an ellipsis
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, index)
    assert len(option.text) == DISPLAY_CHARS and option.text.endswith("…")
    # and the row is no taller than the window, while the plan keeps the whole text
    assert view.rowHeight(0) < 768
    assert controller.plan()["adjustments"][0]["why"] == long


def test_only_words_wider_than_a_cell_count_as_long(qapp: QApplication) -> None:
    metrics = QFontMetrics(qapp.font())
    width = metrics.horizontalAdvance("x" * 20)
    assert not has_long_word("plain words in a sentence " * 50, metrics, width)
    assert has_long_word("see https://example.org/" + "a" * 60, metrics, width)
