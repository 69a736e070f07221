"""Plan health puts findings of one rule on one line; the line opens to list them, and each
is one click from its item (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from sipdesk.export.interchange import import_json
from sipdesk.models.plan_types import PlanDoc
from sipdesk.services.checks import readiness
from sipdesk.ui.main_window import MainWindow
from sipdesk.ui.pages.plan_page import PlanPage
from sipdesk.ui.panels.health_panel import GROUP_ROLE, ITEM_ROLE, STEP_ROLE, HealthPanel
from tests.plans import SAMPLE_JSON
from tests.ui.conftest import open_plan

WITHOUT_BASELINE = ("1.1", "1.2", "2.1", "3.2")


def _sample_without_four_baselines(folder: Path) -> tuple[Path, list[int]]:
    """The (ready) sample plan with the baselines of four strategy measures taken out."""
    plan = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    ids = []
    for p, priority in enumerate(plan["priorities"], start=1):
        for s, strategy in enumerate(priority["strategies"], start=1):
            if f"{p}.{s}" in WITHOUT_BASELINE:
                strategy["measures"][0]["baseline"] = ""
                ids.append(strategy["measures"][0]["id"])
    source = folder / "four.json"
    source.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    target = folder / "plans" / "Four gaps.sipdesk"
    target.parent.mkdir(exist_ok=True)
    import_json(source, target).close()
    return target, ids


def _rows(health: HealthPanel) -> list[QListWidgetItem]:
    return [health.findings.item(i) for i in range(health.findings.count())]


def _click(qtbot: QtBot, health: HealthPanel, item: QListWidgetItem) -> None:
    rect = health.findings.visualItemRect(item)
    assert rect.isValid() and not item.isHidden()
    qtbot.mouseClick(health.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_four_measures_without_a_baseline_are_one_line_that_opens_to_each(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path, ids = _sample_without_four_baselines(tmp_path)
    open_plan(qtbot, window, path)
    assert window.workspace is not None
    health = window.workspace.health
    qtbot.waitUntil(lambda: health.findings.count() > 0, timeout=5000)
    assert health.summary.text().startswith("4 things still to do")
    # One line says it all, its findings are listed only when it is opened
    line = next(i for i in _rows(health) if i.data(GROUP_ROLE) and i.data(STEP_ROLE) is None)
    assert line.text() == "▸  4 strategy measures need a baseline: 1.1, 1.2, 2.1, 3.2."
    children = [i for i in _rows(health) if i.data(STEP_ROLE) is not None]
    assert [c.data(ITEM_ROLE) for c in children] == [f"measure:{n}" for n in ids]
    assert all(c.isHidden() for c in children)
    _click(qtbot, health, line)
    assert line.text().startswith("▾  ") and not any(c.isHidden() for c in children)
    assert "Open" in line.data(Qt.ItemDataRole.AccessibleTextRole)
    # Each finding goes to its measure on step 5
    for child, measure_id in zip(children, ids, strict=True):
        window.show_step(0)
        _click(qtbot, health, child)
        assert window.current_step() == 5
        page = window.current_page()
        assert isinstance(page, PlanPage)
        assert page.strategy_form.measures.current_id() == measure_id
    # and the line closes again
    _click(qtbot, health, line)
    assert line.text().startswith("▸  ") and all(c.isHidden() for c in children)


def test_the_line_opens_from_the_keyboard_and_stays_open_when_plan_health_refreshes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path, _ = _sample_without_four_baselines(tmp_path)
    open_plan(qtbot, window, path)
    assert window.workspace is not None
    health = window.workspace.health
    qtbot.waitUntil(lambda: health.findings.count() > 0, timeout=5000)
    line = next(i for i in _rows(health) if i.data(STEP_ROLE) is None and i.data(GROUP_ROLE))
    health.findings.setFocus()
    health.findings.setCurrentItem(line)
    qtbot.keyClick(health.findings, Qt.Key.Key_Return)
    assert line.text().startswith("▾  ")
    # the same findings shown again, as after an edit
    assert window.controller is not None
    health.show_findings(readiness(cast(PlanDoc, window.controller.plan())))
    again = [i for i in _rows(health) if i.data(STEP_ROLE) is not None]
    assert len(again) == 4 and not any(i.isHidden() for i in again)
    current = health.findings.currentItem()
    assert current is not None and current.data(GROUP_ROLE) and current.data(STEP_ROLE) is None


def test_plan_health_says_whose_template_it_follows(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # Given the sample plan (ready by the Tool A template), set to Illinois' template
    plan = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    plan["profile"]["readiness_profile"] = "illinois"
    source = tmp_path / "illinois.json"
    source.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "plans" / "Illinois.sipdesk"
    target.parent.mkdir(exist_ok=True)
    import_json(source, target).close()
    # When it is opened
    open_plan(qtbot, window, target)
    assert window.workspace is not None
    health = window.workspace.health
    # Then plan health names the template it checks against
    qtbot.waitUntil(lambda: health.summary.text().startswith("Checked against"), timeout=5000)
    assert health.summary.text().startswith("Checked against the Illinois (ISBE) template.\n")
