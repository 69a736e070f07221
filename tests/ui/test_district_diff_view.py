"""The desk's view of what changed between two versions (issue 13, item 5): real differences
of the sample plan, shown at 1366×768 in the app's theme and grabbed for people to look at."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sipdesk.district.diff import compare
from sipdesk.ui.district.diff_view import NO_DIFF, DiffView
from sipdesk.ui.theme import BASE_POINT_SIZE, PRESENTATION_ZOOM, Theme
from tests.plans import SAMPLE_JSON

TITLE = "What changed: Riverside Elementary School, version 1 → 2"


def _versions() -> tuple[dict[str, Any], dict[str, Any]]:
    before: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    before["profile"]["plan_id"] = "0f8fad5b-d9cb-469f-a165-70867728950e"
    after = copy.deepcopy(before)
    after["goals"][0]["measures"][0]["target_y2"] = "60% at or above benchmark by spring 2028"
    action = after["priorities"][0]["strategies"][0]["milestones"][0]["actions"][1]
    action["statuses"][0]["status"] = "behind"
    del after["priorities"][1]["strategies"][0]
    return before, after


def _view(qtbot: QtBot) -> DiffView:
    view = DiffView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_view_shows_each_change_under_its_section(
    qtbot: QtBot, theme: Theme, output_dir: Path
) -> None:
    view = _view(qtbot)
    assert view.lines() == [NO_DIFF]
    before, after = _versions()
    view.show_diff(compare(before, after), TITLE, "Version 2 received December 6, 2026.")
    lines = view.lines()
    assert lines[:3] == [TITLE, "Version 2 received December 6, 2026.", lines[2]]
    assert lines[2].startswith("3 changes: measures and targets, strategies and milestones")
    for line in (
        "Measures and targets",
        "Year 2 target: “58% at or above benchmark by spring 2028” → “60% at or above "
        "benchmark by spring 2028”",
        "Status in August 2026: “Done” → “Behind”",
        "Category: “Collaborative planning”",
        "No changes: the school and the plan, goals, priorities, monitoring.",
    ):
        assert line in lines, line
    assert sum(line.startswith("Removed Strategy 2.1") for line in lines) == 1
    view.grab().save(str(output_dir / "district-diff-view.png"))

    # Headings and changes take the theme's sizes, and grow with it for a projector.
    heading = next(
        label for label in view.findChildren(QLabel) if label.text() == "Measures and targets"
    )
    size = heading.font().pointSizeF()
    assert size > BASE_POINT_SIZE
    theme.apply(zoom=PRESENTATION_ZOOM)
    view.grab()
    assert heading.font().pointSizeF() > size
    view.grab().save(str(output_dir / "district-diff-view-presenting.png"))
    theme.apply(zoom=1.0)


def test_nothing_changed_says_so(qtbot: QtBot, theme: Theme) -> None:
    view = _view(qtbot)
    before, _after = _versions()
    view.show_diff(compare(before, before), TITLE)
    assert view.lines() == [TITLE, "Nothing changed between these two versions."]
    view.clear()
    assert view.lines() == [NO_DIFF]
