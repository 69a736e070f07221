"""What a school sees once it took the district's expectations pack (issue 13, item 7): plan
health checks by the district's required profile and says so (as ``sipdesk check`` does), the
start screen shows the district's next date beside the plan, and step 1 lists the district's
goals. The pack is made by the desk's real commands and taken by the real command line."""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from sipdesk.cli import main
from sipdesk.models import PlanProfile
from sipdesk.services.checked_by import plan_checked_by
from sipdesk.services.checks import readiness
from sipdesk.services.readiness_profiles import find_profile
from sipdesk.services.snapshot import read_plan
from sipdesk.storage import PlanDocument
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.settings import WindowSettings
from sipdesk.ui.start_screen import LATE_ROLE
from tests.plans import new_plan, sample_plan
from tests.ui.conftest import ScriptedDialogs, controller_for, open_plan, show_page

CHECKED = "Checked against Linden Valley's requirements: Illinois (ISBE)"
OWN_KEPT = "Your team's choice (Tool A) stays as it is."


def _pack(tmp_path: Path, *, profile: str = "illinois") -> Path:
    desk = tmp_path / "district.sipdistrict"
    assert main(["district", "new", str(desk), "--name", "Linden Valley"]) == 0
    argv = ["district", "expect", str(desk), "--first-draft-due", "2098-12-18"]
    argv += ["--final-due", "2099-01-15", "--profile", profile]
    argv += ["--goal", "Every child reads by grade 3.", "Attendance above 95%."]
    assert main(argv) == 0
    out = tmp_path / "linden"
    assert main(["district", "export-expectations", str(desk), "-o", str(out)]) == 0
    return tmp_path / "linden.sipexpect"


def _plan(tmp_path: Path, name: str = "Riverside Elementary", *, sample: bool = True) -> Path:
    plan = tmp_path / "plans" / f"{name}.sipdesk"
    plan.parent.mkdir(exist_ok=True)
    (sample_plan(plan) if sample else new_plan(plan)).close()
    return plan


def _plan_id(plan: Path) -> str:
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        return str(read_plan(session)["profile"]["plan_id"])


def _is_wide(window: MainWindow, width: int) -> bool:
    return window.width() == width


def _recent_lines(window: MainWindow) -> list[str]:
    recent = window.start_screen.recent
    return [recent.item(row).text() for row in range(recent.count())]


def test_plan_health_checks_by_the_districts_profile_and_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, output_dir: Path
) -> None:
    # Given the sample plan, which names Tool A and is ready by it, and Linden Valley's pack
    # requiring Illinois' template, taken with the command line
    plan = _plan(tmp_path)
    assert main(["take-expectations", str(plan), str(_pack(tmp_path))]) == 0
    with PlanDocument.open(plan, readonly=True) as doc, doc.session() as session:
        read = read_plan(session)
    illinois = readiness(read, profile=find_profile("illinois"))
    assert illinois and not readiness(read)  # the two disagree on this plan
    assert plan_checked_by(read["profile"]).profile.key == "illinois"
    # When the plan is opened
    open_plan(qtbot, window, plan)
    assert window.workspace is not None
    health = window.workspace.health
    qtbot.waitUntil(lambda: CHECKED in health.summary.text(), timeout=5000)
    # Then plan health follows the district's checklist, says so, and keeps the team's choice
    said = health.summary.text()
    assert f"{CHECKED}, as they will read it. {OWN_KEPT}" in said
    count = len(illinois)
    assert f"{count} thing{'s' if count != 1 else ''} still to do" in said
    assert window.controller is not None
    assert window.controller.plan()["profile"]["readiness_profile"] in ("", "tool-a")
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.waitUntil(partial(_is_wide, window, width))
        health.grab().save(str(output_dir / f"health-district-profile-{width}.png"))
        window.grab().save(str(output_dir / f"window-district-profile-{width}.png"))


def test_check_and_plan_health_agree_on_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = _plan(tmp_path)
    assert main(["take-expectations", str(plan), str(_pack(tmp_path))]) == 0
    capsys.readouterr()
    main(["check", str(plan)])
    assert "Checked against the Illinois (ISBE) profile" in capsys.readouterr().out
    # A pack that requires the plan's own profile says both agree.
    other = tmp_path / "other"
    other.mkdir()
    plan_b = _plan(other, "Lakeside")
    with PlanDocument.open(plan_b) as doc:
        with doc.transaction() as session:
            session.query(PlanProfile).one().readiness_profile = "illinois"
        doc.writeback()
    assert main(["take-expectations", str(plan_b), str(_pack(other))]) == 0
    with PlanDocument.open(plan_b, readonly=True) as doc, doc.session() as session:
        words = plan_checked_by(read_plan(session)["profile"]).words()
    assert words == f"{CHECKED}, the template your team chose too."


def test_the_start_screen_shows_the_districts_next_date_beside_the_plan(
    qtbot: QtBot,
    window: MainWindow,
    settings: QSettings,
    tmp_path: Path,
    private_data_dir: Path,
    output_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Given a plan with Linden Valley's pack, a plan without one, and an entry kept by an
    # older SIP Desk (no plan id)
    plan = _plan(tmp_path)
    assert main(["take-expectations", str(plan), str(_pack(tmp_path))]) == 0
    plain = _plan(tmp_path, "Lincoln Elementary", sample=False)
    old = _plan(tmp_path, "Hillcrest Middle", sample=False)
    screen = window.start_screen
    screen.today = lambda: dt.date(2098, 12, 6)
    for opened in (plain, plan):
        open_plan(qtbot, window, opened)
        with qtbot.waitSignal(window.plan_closed, timeout=15000):
            window.close_plan()
    prefs = WindowSettings(settings)
    prefs.recent = [*prefs.recent, str(old)]
    assert prefs.plan_id(old) == "" and prefs.plan_id(plan) == _plan_id(plan)
    window._refresh_recent()
    # Then the plan with the pack says its next date and the days left; the others nothing
    lines = _recent_lines(window)
    assert lines[0] == (
        f"Riverside Elementary\n{plan.parent}\nFirst draft due to Linden Valley in 12 days — 18 Dec"
    )
    assert lines[1] == f"Lincoln Elementary\n{plain.parent}"
    assert lines[2] == f"Hillcrest Middle\n{old.parent}"
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.waitUntil(partial(_is_wide, window, width))
        window.grab().save(str(output_dir / f"start-district-{width}.png"))

    # When the final plan's day has gone by, it is marked late, kindly
    screen.today = lambda: dt.date(2099, 1, 18)
    window._refresh_recent()
    first = screen.recent.item(0)
    assert first.text().endswith(
        "Late: final plan was due to Linden Valley 3 days ago — 15 Jan. "
        "Send it when the team is ready."
    )
    assert first.data(LATE_ROLE) is True and first.font().bold()
    window.grab().save(str(output_dir / "start-district-late-1024.png"))
    screen.today = lambda: dt.date(2098, 12, 17)
    window._refresh_recent()
    assert _recent_lines(window)[0].endswith("First draft due to Linden Valley tomorrow — 18 Dec")

    # And a kept pack cut short shows nothing, fails nothing, and tells no one
    kept = private_data_dir / "expectations" / f"{_plan_id(plan)}.json"
    kept.write_bytes(kept.read_bytes()[:40])
    with caplog.at_level(logging.WARNING):
        window._refresh_recent()
    assert _recent_lines(window)[0] == f"Riverside Elementary\n{plan.parent}"
    assert not caplog.records


def test_step_one_lists_the_districts_goals_only_with_a_pack(
    qtbot: QtBot, tmp_path: Path, private_data_dir: Path
) -> None:
    plan = _plan(tmp_path)
    plain = _plan(tmp_path, "Lincoln Elementary", sample=False)
    assert main(["take-expectations", str(plan), str(_pack(tmp_path))]) == 0
    for controller in controller_for(qtbot, plan):
        page = DirectionPage(controller)
        show_page(qtbot, page)
        assert page.district_goals.isVisible()
        assert page.district_goals.text() == (
            "Your district's goals, from Linden Valley. Your own goals can build on them:\n"
            "•  Every child reads by grade 3.\n•  Attendance above 95%."
        )
        # A kept pack that no longer reads says nothing.
        kept = private_data_dir / "expectations" / f"{_plan_id(plan)}.json"
        kept.write_text('{"format": "sipdesk-expectations", "version": 1, "goals": [', "utf-8")
        page.refresh()
        assert not page.district_goals.isVisible()
    for controller in controller_for(qtbot, plain):
        page = DirectionPage(controller)
        show_page(qtbot, page)
        assert not page.district_goals.isVisible()


LIGHT = """
import sys
from PySide6.QtCore import QSettings
from sipdesk.ui.app import build_window, create_application

app = create_application()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = build_window(app, None, settings)
recent = window.start_screen.recent
print("loaded", "sqlalchemy" in sys.modules, "said", "Linden Valley" in recent.item(0).text())
"""


def test_the_start_screen_stays_light_with_the_districts_dates(
    tmp_path: Path, private_data_dir: Path
) -> None:
    plan = _plan(tmp_path)
    assert main(["take-expectations", str(plan), str(_pack(tmp_path))]) == 0
    ini = tmp_path / "settings.ini"
    prefs = WindowSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    prefs.recent = [str(plan)]
    prefs.set_plan_id(plan, _plan_id(plan))
    prefs.settings.sync()
    env = {**os.environ, "SIPDESK_DATA_DIR": str(private_data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", LIGHT, str(ini)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    # The date said depends on today; only that something is said, and nothing heavy loaded.
    assert "loaded False said True" in done.stdout, done.stdout


def test_taking_the_pack_from_the_file_menu_shows_the_goals_on_step_one(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    plan = _plan(tmp_path, "Lincoln Elementary", sample=False)
    pack = _pack(tmp_path)
    open_plan(qtbot, window, plan)
    window.show_step(1)
    page = window.current_page()
    assert isinstance(page, DirectionPage) and not page.district_goals.isVisible()
    dialogs.answers.append(pack)
    window.take_expectations_action.trigger()
    assert page.district_goals.isVisible()
    assert "Every child reads by grade 3." in page.district_goals.text()
    # The start screen, behind the plan, already has the district's next date beside it.
    assert "Linden Valley" in window.start_screen.recent.item(0).text()
