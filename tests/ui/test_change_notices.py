"""Which pages redraw after an edit: the controller's typed notice names the parts of the plan
an edit changed, and each page rebuilds only for the parts it shows (real pages, a real plan
file, edits made through the controller as the pages make them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from sipdesk.services import lists
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.controller import PlanController
from sipdesk.ui.needs.swot_board import SwotBoard
from sipdesk.ui.pages.direction_page import DirectionPage
from sipdesk.ui.pages.monitor_page import MonitorPage
from sipdesk.ui.pages.needs_page import NeedsPage
from sipdesk.ui.pages.root_causes_page import RootCausesPage
from tests.ui.conftest import show_page


def _count(monkeypatch: pytest.MonkeyPatch, rebuilt: list[str], cls: type, name: str) -> None:
    """Record in ``rebuilt`` each call of ``cls.name``, which still does its work."""
    original: Callable[..., Any] = getattr(cls, name)

    def counting(self: object, *args: Any, **kwargs: Any) -> Any:
        rebuilt.append(f"{cls.__name__}.{name}")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counting)


def test_an_edit_to_a_goal_rebuilds_step_1_and_not_the_pages_without_goals(
    qtbot: QtBot, empty_controller: PlanController, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given steps 1, 2 and 3 on show and step 6 built but hidden, counting their rebuilds
    rebuilt: list[str] = []
    _count(monkeypatch, rebuilt, DirectionPage, "_show_goals")
    _count(monkeypatch, rebuilt, NeedsPage, "refresh")
    _count(monkeypatch, rebuilt, SwotBoard, "reload")
    _count(monkeypatch, rebuilt, RootCausesPage, "refresh")
    controller = empty_controller
    direction = DirectionPage(controller)
    show_page(qtbot, direction)
    needs = NeedsPage(controller)
    show_page(qtbot, needs)
    causes = RootCausesPage(controller)
    show_page(qtbot, causes)
    monitor = MonitorPage(controller)
    qtbot.addWidget(monitor)
    notices: list[PlanNotice] = []
    controller.changed.connect(notices.append)
    rebuilt.clear()

    # When a goal is added
    controller.run(lists.add_goal)
    # Then the notice names the goals, step 1 alone rebuilds its goals, and step 6, which
    # shows goals' results, catches up when it is next shown
    assert notices[-1].parts == notices[-1].reshaped == PlanPart.GOALS
    assert rebuilt == ["DirectionPage._show_goals"]
    (card,) = direction.goal_cards.values()
    assert monitor._stale

    # When the goal's text is typed, a field edit: the card follows it, nothing is rebuilt
    rebuilt.clear()
    card.text.setFocus()
    qtbot.keyClicks(card.text, "Readers")
    assert notices[-1].touches(PlanPart.GOALS) and not notices[-1].reshapes(PlanPart.GOALS)
    assert rebuilt == []

    # When a strength is added, step 2's board and step 3 (which links weaknesses) redraw,
    # and step 1 does not
    controller.run(lambda s: lists.add_swot_item(s, "strength", "Caring staff"))
    assert notices[-1].parts == PlanPart.SWOT
    assert sorted(rebuilt) == ["RootCausesPage.refresh", "SwotBoard.reload"]
    strengths = needs.board.quadrants["strength"].cards()
    assert [c.text.toPlainText() for c in strengths] == ["Caring staff"]

    # When the plan is read again whole (a restore), every page rebuilds
    rebuilt.clear()
    controller.reload()
    assert notices[-1].reload
    assert sorted(rebuilt) == [
        "DirectionPage._show_goals",
        "NeedsPage.refresh",
        "RootCausesPage.refresh",
    ]
