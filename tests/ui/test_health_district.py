"""Plan health says the district's next deadline when the school took the district's
expectations pack for the plan, from the command line or File ▸ Take the district's
expectations (issue 13, item 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.services.expectations_pack import ExpectationsPack, write_pack
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.panels.analysis import district_of
from tests.plans import sample_plan
from tests.ui.conftest import ScriptedDialogs, open_plan


def test_plan_health_shows_the_districts_next_deadline(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, output_dir: Path
) -> None:
    plan = tmp_path / "plans" / "Riverside.sipdesk"
    plan.parent.mkdir()
    sample_plan(plan).close()
    pack = tmp_path / "pine.sipexpect"
    write_pack(
        ExpectationsPack(
            district="Pine County Schools",
            first_draft_due=dt.date(2098, 10, 1),
            feedback_by=None,
            final_due=dt.date(2099, 1, 15),
            check_ins=(),
            readiness_profile="",
            goals=("Every child reads by grade 3.",),
            rubric=(),
        ),
        pack,
    )
    assert main(["take-expectations", str(plan), str(pack)]) == 0
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        read = read_plan(session)
    assert district_of(read, dt.date(2098, 12, 1)) == (
        "Next from Pine County Schools: Final plan due 15 Jan 2099 (45 days left)."
    )
    assert district_of(read, dt.date(2099, 2, 1)) == ""

    open_plan(qtbot, window, plan)
    assert window.workspace is not None
    health = window.workspace.health
    qtbot.waitUntil(lambda: health.summary.text().startswith("Next from"), timeout=5000)
    assert health.summary.text().startswith(
        "Next from Pine County Schools: First draft due 1 Oct 2098 ("
    )
    window.grab().save(str(output_dir / "health-district.png"))


def test_take_the_districts_expectations_from_the_file_menu(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    private_data_dir: Path,
) -> None:
    plan = tmp_path / "plans" / "Riverside.sipdesk"
    plan.parent.mkdir()
    sample_plan(plan).close()
    before = plan.read_bytes()
    pack = tmp_path / "pine.sipexpect"
    write_pack(
        ExpectationsPack(
            district="Pine County Schools",
            first_draft_due=None,
            feedback_by=None,
            final_due=dt.date(2099, 1, 15),
            check_ins=(),
            readiness_profile="illinois",
            goals=(),
            rubric=(),
        ),
        pack,
    )
    hostile = tmp_path / "hostile.sipexpect"
    hostile.write_text('{"format": "sipdesk-expectations", "version": 7}', encoding="utf-8")
    open_plan(qtbot, window, plan)
    assert window.workspace is not None
    health = window.workspace.health
    action = window.take_expectations_action
    assert action.isEnabled() and action in window.menuBar().actions()[0].menu().actions()

    dialogs.answers.append(hostile)
    action.trigger()
    assert dialogs.asked[-1][0] == "That is not a district's expectations pack"
    assert "made by a newer SIP Desk" in dialogs.asked[-1][1]
    assert not (private_data_dir / "expectations").exists()

    dialogs.answers.append(pack)
    action.trigger()
    assert "Kept the expectations from Pine County Schools" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: health.summary.text().startswith("Next from"), timeout=5000)
    assert "Final plan due 15 Jan 2099" in health.summary.text()
    assert plan.read_bytes() == before  # the plan file itself is not changed
