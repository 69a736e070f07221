"""Supports picked from the state pack's catalogue (issue 15 item 3): on step 6 and on step 5's
supports of a strategy, by level, with the keyboard; one undo takes a pick back; a support
picked so round-trips through the plan file, the JSON and the Tool A PDF's text."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sipdesk.export import pdf
from sipdesk.export.interchange import import_json, write_json
from sipdesk.services.catalogue_pick import NO_PICK, Pick
from sipdesk.services.snapshot import read_plan
from sipdesk.services.state_packs import StatePack, find_pack
from sipdesk.storage import PlanDocument
from sipdesk.ui.catalogue_picker import CataloguePicker
from sipdesk.ui.controller import PlanController
from sipdesk.ui.pages.monitor_page import TAB_SUPPORTS, MonitorPage
from sipdesk.ui.pages.plan_page import PlanPage
from tests.plans import SAMPLE_JSON
from tests.ui.conftest import show_page

TODAY = dt.date(2027, 2, 25)
GRANT = Pick(
    "collaborative",
    "Illinois State Board of Education",
    "Planning Grant and Implementation Years Grant",
)
GRANT_WORDS = "ISBE · Planning Grant and Implementation Years Grant (Level 2)"


@pytest.fixture
def illinois(tmp_path: Path) -> Iterator[PlanController]:
    document = copy.deepcopy(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    document["profile"].update(readiness_profile="illinois", state_pack="illinois")
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    controller = PlanController(import_json(source, tmp_path / "Riverside.sipdesk"))
    yield controller
    controller.close()


def _asked(answer: Pick | None, seen: list[Pick]) -> Any:
    def ask(pack: StatePack, current: Pick, _parent: QWidget) -> Pick | None:
        assert pack.name == "illinois"
        seen.append(current)
        return answer

    return ask


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_support_picked_on_step_6_round_trips_through_file_json_and_pdf(
    qtbot: QtBot, illinois: PlanController, tmp_path: Path, output_dir: Path
) -> None:
    page = MonitorPage(illinois, today=lambda: TODAY)
    show_page(qtbot, page)
    page.tabs.setCurrentIndex(TAB_SUPPORTS)
    first = illinois.plan()["supports"][0]
    provided = first["provided"]
    page.supports.setCurrentIndex(page.supports_model.index(0, 1))
    seen: list[Pick] = []
    page.pick_support_button.ask = _asked(GRANT, seen)
    qtbot.mouseClick(page.pick_support_button, Qt.MouseButton.LeftButton)
    assert seen == [NO_PICK]  # typed freely until now
    picked = illinois.plan()["supports"][0]
    assert (picked["pack_level"], picked["pack_provider"], picked["pack_service"]) == (
        GRANT.level,
        GRANT.provider,
        GRANT.service,
    )
    # The provider's name fills "Provider"; the team's own words in "provided" stay.
    assert (picked["provider"], picked["provided"]) == (GRANT.provider, provided)
    # Said under the table (its columns stay as they are, to fit a projector).
    assert page.pick_support_button.note.text() == f"Picked from the catalogue: {GRANT_WORDS}"
    page.grab().save(str(output_dir / "step6-catalogue-pick.png"))
    # One undo takes the whole pick back; redo brings it again.
    illinois.undo_stack.undo()
    undone = illinois.plan()["supports"][0]
    assert (undone["pack_service"], undone["provider"]) == ("", first["provider"])
    illinois.undo_stack.redo()
    illinois.flush()

    # The file, read afresh
    with PlanDocument.open(illinois.document.path, readonly=True) as doc:
        with doc.session() as session:
            stored = read_plan(session)["supports"][0]
        target = tmp_path / "plan-out.json"
        with doc.session() as session:
            write_json(session, target)
    assert stored["pack_service"] == GRANT.service
    # The JSON, and a plan made from it
    exported = json.loads(target.read_text(encoding="utf-8"))["supports"][0]
    assert (exported["pack_level"], exported["pack_provider"], exported["pack_service"]) == (
        GRANT.level,
        GRANT.provider,
        GRANT.service,
    )
    (tmp_path / "again").mkdir()
    again = import_json(target, tmp_path / "again" / "Riverside.sipdesk")
    try:
        with again.session() as session:
            plan = read_plan(session)
    finally:
        again.close()
    assert plan["supports"][0]["pack_service"] == GRANT.service
    # The Tool A PDF's text
    data = pdf.render_plan_data(plan, today=TODAY)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert _squash(GRANT_WORDS) in _squash(text)


def test_clearing_the_choice_keeps_the_words(qtbot: QtBot, illinois: PlanController) -> None:
    page = MonitorPage(illinois, today=lambda: TODAY)
    show_page(qtbot, page)
    page.tabs.setCurrentIndex(TAB_SUPPORTS)
    page.supports.setCurrentIndex(page.supports_model.index(1, 1))
    seen: list[Pick] = []
    page.pick_support_button.ask = _asked(GRANT, seen)
    page.pick_support_button.click()
    page.pick_support_button.ask = _asked(NO_PICK, seen)
    page.pick_support_button.click()
    assert seen == [NO_PICK, GRANT]  # the second time, the picker starts at the choice
    cleared = illinois.plan()["supports"][1]
    assert (cleared["pack_service"], cleared["provider"]) == ("", GRANT.provider)


def test_step_5_adds_a_support_picked_for_the_strategy(
    qtbot: QtBot, illinois: PlanController, output_dir: Path
) -> None:
    page = PlanPage(illinois)
    show_page(qtbot, page)
    strategy = illinois.plan()["supports"][0]["strategy_id"]
    assert page.focus_item(f"strategy:{strategy}")
    supports = page.strategy_form.supports
    linked = [s["id"] for s in illinois.plan()["supports"] if s["strategy_id"] == strategy]
    assert supports.model.ids() == linked
    column = supports.model.column_of("pack_service")  # step 5's table has a column for it
    assert supports.model.index(0, column).data() == ""  # typed freely
    supports.editor.view.setCurrentIndex(supports.model.index(-1, -1))  # none chosen
    seen: list[Pick] = []
    supports.pick_button.ask = _asked(GRANT, seen)
    new_id = supports.pick_button.pick()
    assert new_id is not None and supports.model.ids() == [*linked, new_id]
    added = next(s for s in illinois.plan()["supports"] if s["id"] == new_id)
    assert (added["strategy_id"], added["provided"], added["provider"]) == (
        strategy,
        GRANT.service,
        GRANT.provider,
    )
    page.strategy_form.body.ensureWidgetVisible(supports.pick_button)
    page.grab().save(str(output_dir / "step5-strategy-supports.png"))
    illinois.undo_stack.undo()  # one step: the support is gone again
    assert supports.model.ids() == linked


def test_the_picker_by_keys(qtbot: QtBot) -> None:
    pack = find_pack("illinois")
    picker = CataloguePicker(pack, NO_PICK)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.level.currentData() == "universal"
    picker.level.setFocus()
    qtbot.keyClick(picker.level, Qt.Key.Key_Down)  # Level 2
    assert picker.level.currentData() == "collaborative"
    picker.list.setFocus()
    assert picker.list.currentItem().text().startswith("ISBE · Planning Grant")
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.chosen() == GRANT
    # A pack with no catalogue says so, and offers only Cancel.
    empty = CataloguePicker(find_pack("generic"), NO_PICK)
    qtbot.addWidget(empty)
    assert not empty.list.isVisibleTo(empty) and empty.empty.isVisibleTo(empty)
    assert not empty.use_button.isEnabled()
