"""Which item of a school's plan a district reviewer is looking at, in the district's read-only
copy: the way back from a widget to the item's name (``goal:1``, ``strategy:3``), as each step
page's ``focus_item`` goes from the name to the widget.

:func:`item_at` answers for the widget that has the focus (the goal card it is in, the row of a
table that is current, the strategy chosen in step 5's outline); with ``loose`` it answers with
the item nearest to it instead of none (the goal card closest to the focus, the priority or
strategy shown), the one a reviewer is offered first when the focus is on no item. Names are
the ones plan health and the desk use, so :func:`sipdesk.district.review.add_comment` takes them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget


def inside(widget: QWidget | None, container: QWidget | None) -> bool:
    """Whether ``widget`` is ``container`` or one of its descendants."""
    while widget is not None and container is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def _row_id(editor: Any) -> int | None:
    """The current row's id of a table editor (None: no row)."""
    try:
        found = editor.current_id()
    except (AttributeError, IndexError):
        return None
    return found if isinstance(found, int) else None


def _direction(page: Any, focus: QWidget | None, loose: bool) -> str | None:
    cards = list(page.goal_cards.values())
    for card in cards:
        if inside(focus, card):
            measure = _row_id(card.measures) if inside(focus, card.measures) else None
            return f"measure:{measure}" if measure is not None else f"goal:{card.goal_id}"
    if not loose or not cards:
        return None
    # The goal nearest the focus (or the top of what shows): a card's middle, as it shows on
    # the page (a scrolled card's place on the page moves with the scrolling).
    y = focus.mapTo(page, QPoint(0, focus.height() // 2)).y() if focus is not None else 0

    def distance(card: QWidget) -> int:
        middle = card.mapTo(page, QPoint(0, card.height() // 2)).y()
        return abs(middle - y)

    shown = [c for c in cards if not c.isHidden()]
    return f"goal:{min(shown or cards, key=distance).goal_id}"


def _priorities(page: Any, focus: QWidget | None, loose: bool) -> str | None:
    if inside(focus, page.measures.table):
        measure = _row_id(page.measures.table)
        if measure is not None:
            return f"measure:{measure}"
    ident = page.current_priority_id()
    if ident is None:
        return None
    if loose or inside(focus, page.priorities) or inside(focus, page.detail_scroll):
        return f"priority:{ident}"
    return None


def _plan(page: Any, focus: QWidget | None, loose: bool) -> str | None:
    if inside(focus, page.milestone_form.action_table):
        action = _row_id(page.milestone_form.action_table)
        if action is not None:
            return f"action:{action}"
    if inside(focus, page.strategy_form.measures):
        measure = _row_id(page.strategy_form.measures)
        if measure is not None:
            return f"measure:{measure}"
    ref = page.tree.current_ref()
    if ref and ":" in ref and (loose or inside(focus, page)):
        return str(ref)
    return None


def _monitor(page: Any, focus: QWidget | None, loose: bool) -> str | None:
    from sipdesk.ui.pages.monitor_page import TAB_REPORTS, TAB_RESULTS, TAB_STATUS

    tab = page.tabs.currentIndex()
    if tab == TAB_STATUS and (loose or inside(focus, page.grid)):
        index = page.grid.currentIndex()
        if index.isValid():
            return f"action:{page.grid_model.grid_row(index.row()).action_id}"
    if tab == TAB_RESULTS and (loose or inside(focus, page.results)):
        index = page.results.currentIndex()
        if index.isValid():
            return f"measure:{page.results_model.measure_id(index.row())}"
    if tab == TAB_REPORTS:
        milestone = page.milestone_combo.currentData()
        if isinstance(milestone, int) and (
            inside(focus, page.milestone_report) or inside(focus, page.milestone_combo)
        ):
            return f"milestone:{milestone}"
        strategy = page.strategy_combo.currentData()
        if isinstance(strategy, int) and (loose or inside(focus, page.tabs)):
            return f"strategy:{strategy}"
    return None


def _adjust(page: Any, focus: QWidget | None, loose: bool) -> str | None:
    for ref, frame in page._behind_rows.items():
        if inside(focus, frame):
            return str(ref)
    if loose or inside(focus, page.log):
        adjustment = _row_id(page.log)
        if adjustment is not None:
            return f"adjustment:{adjustment}"
    return None


READERS = {
    "DirectionPage": _direction,
    "PrioritiesPage": _priorities,
    "PlanPage": _plan,
    "MonitorPage": _monitor,
    "AdjustPage": _adjust,
}


def item_at(page: QWidget | None, focus: QWidget | None, *, loose: bool = False) -> str | None:
    """The item ``focus`` is on in ``page`` (a step page), None when it is on none; with
    ``loose``, the item nearest to it. A page not knowing its items answers None."""
    if page is None:
        return None
    reader = READERS.get(type(page).__name__)
    if reader is None:
        return None
    if focus is not None and not inside(focus, page):
        focus = None
    try:
        return reader(page, focus, loose)
    except (AttributeError, IndexError, KeyError):  # a page still being filled
        return None


__all__ = ["READERS", "inside", "item_at"]
