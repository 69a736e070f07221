"""Which badges go on which step of the district's read-only copy: the goal cards, the
priority list and the outline (:mod:`copy_badges`), the month grid, results and log of steps 6
and 7 (:mod:`copy_badges_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QListWidget, QTreeWidget, QWidget

from sipdesk.ui.district import copy_badges_rows
from sipdesk.ui.district.copy_badges import (
    badges_on,
    item_comments,
    on_goal_cards,
    on_list,
    on_tree,
)

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.district.copy_comments import CopyComment
    from sipdesk.ui.theme import Colors


def put_badges(
    page: QWidget | None,
    plan: PlanDoc,
    comments: list[CopyComment],
    labels: Mapping[str, str],
    colors: Colors,
    chosen: Callable[[list[str]], None],
) -> None:
    """Badges on the commented items of ``page``: a button in the heading of each commented
    goal's card (step 1), a counted bubble before each commented priority in step 4's list and
    each commented priority, strategy and milestone in step 5's outline, and on steps 6 and 7
    before each commented item where it is seen (:mod:`copy_badges_rows`). Any earlier ones are
    taken off first; the other steps' comments are in the list under the page."""
    for old in badges_on(page).values():
        old.hide()
        old.deleteLater()
        old.setProperty("item", None)
    if page is None:
        return
    carried = item_comments(plan, comments)
    kind = type(page).__name__
    if kind == "DirectionPage":
        on_goal_cards(page, carried, labels, colors, chosen)
    elif kind == "PrioritiesPage" and isinstance(getattr(page, "priorities", None), QListWidget):
        on_list(page.priorities, carried, labels, colors)  # type: ignore[attr-defined]
    elif kind == "PlanPage" and isinstance(getattr(page, "tree", None), QTreeWidget):
        on_tree(page.tree, carried, labels, colors)  # type: ignore[attr-defined]
    elif kind in ("MonitorPage", "AdjustPage"):
        own: dict[str, list[CopyComment]] = {}
        for comment in comments:  # each item with its own comments, where it is seen
            if comment.item:
                own.setdefault(comment.item, []).append(comment)
        put = copy_badges_rows.on_monitor if kind == "MonitorPage" else copy_badges_rows.on_adjust
        put(page, own, labels, colors)
