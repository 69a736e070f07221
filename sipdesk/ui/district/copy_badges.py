"""Badges on the commented items of the district's read-only copy of a school's plan (issue 13,
item 4): a goal that carries district comments (on the goal or on one of its measures) shows a
speech bubble with their count in its card's heading, large enough to read on a projector; a
commented priority (step 4's list), and priority, strategy or milestone (step 5's outline; a
strategy's measures and a milestone's actions count with it) shows a bubble with the count
before its title, the comments' words in its tooltip.

The goal's badge is a button: hovering it or giving it the focus (Tab) shows the comments'
words, and pressing it picks them out in the list under the page (:mod:`copy_comments`).
Badges are put on the step on show whenever the comments are read, another step is shown or
step 5's outline is built again, and taken off again first, so an item never shows two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QToolTip,
    QTreeWidget,
    QWidget,
)

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.district.copy_comments import CopyComment
    from sipdesk.ui.theme import Colors

BADGE_NAME = "commentBadge"
# On a list's or outline's item: its own tooltip (before the comments were added), its count.
BASE_TIP_ROLE = Qt.ItemDataRole.UserRole + 40
COUNT_ROLE = Qt.ItemDataRole.UserRole + 41


def item_comments(plan: PlanDoc, comments: Iterable[CopyComment]) -> dict[str, list[CopyComment]]:
    """The comments each item that shows a badge carries, by its name (``goal:3``): a goal or
    priority or strategy with those on its measures, a milestone with those on its actions."""
    owner: dict[str, str] = {}
    for goal in plan["goals"]:
        ref = f"goal:{goal['id']}"
        owner[ref] = ref
        owner.update({f"measure:{m['id']}": ref for m in goal["measures"]})
    for priority in plan["priorities"]:
        ref = f"priority:{priority['id']}"
        owner[ref] = ref
        owner.update({f"measure:{m['id']}": ref for m in priority["measures"]})
        for strategy in priority["strategies"]:
            ref = f"strategy:{strategy['id']}"
            owner[ref] = ref
            owner.update({f"measure:{m['id']}": ref for m in strategy["measures"]})
            for milestone in strategy["milestones"]:
                ref = f"milestone:{milestone['id']}"
                owner[ref] = ref
                owner.update({f"action:{a['id']}": ref for a in milestone["actions"]})
    out: dict[str, list[CopyComment]] = {}
    for comment in comments:
        carrier = owner.get(comment.item)
        if carrier is not None:
            out.setdefault(carrier, []).append(comment)
    return out


def _words(comments: Iterable[CopyComment], labels: Mapping[str, str]) -> str:
    return "\n\n".join(f"{labels.get(c.item, c.item)}, by {c.author}:\n{c.body}" for c in comments)


def _count(count: int) -> str:
    return f"{count} comment{'s' if count != 1 else ''}"


def counted_bubble(count: int, height: int, colors: Colors) -> QPixmap:
    """A speech bubble with the count in it, ``height`` pixels high, for a list's item."""
    width = round(height * 1.7)
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(1, 1, width - 2, height * 0.78)
    path = QPainterPath()
    path.addRoundedRect(box, height * 0.25, height * 0.25)
    path.addPolygon(
        QPolygonF(
            [
                QPointF(width * 0.2, box.bottom() - 1),
                QPointF(width * 0.16, height - 1.0),
                QPointF(width * 0.42, box.bottom() - 1),
            ]
        )
    )
    painter.setPen(QColor(colors.accent))
    painter.setBrush(QColor(colors.accent))
    painter.drawPath(path.simplified())
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, round(box.height() * 0.72)))
    painter.setFont(font)
    painter.setPen(QColor(colors.on_accent))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return pixmap


def bubble(size: int, fill: str, edge: str) -> QPixmap:
    """A speech bubble ``size`` pixels high: a rounded box with a tail at its bottom left."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(1, 1, size - 2, size * 0.72)
    path = QPainterPath()
    path.addRoundedRect(box, size * 0.2, size * 0.2)
    tail = QPolygonF(
        [
            QPointF(size * 0.22, box.bottom() - 1),
            QPointF(size * 0.18, size - 1.0),
            QPointF(size * 0.48, box.bottom() - 1),
        ]
    )
    path.addPolygon(tail)
    path = path.simplified()
    painter.setPen(QColor(edge))
    painter.setBrush(QColor(fill))
    painter.drawPath(path)
    painter.end()
    return pixmap


class CommentBadge(QPushButton):
    """``(bubble) 2 comments`` beside an item: its comments' words on hover or focus."""

    def __init__(
        self,
        comments: list[CopyComment],
        name: str,
        labels: Mapping[str, str],
        colors: Colors,
        parent: QWidget | None = None,
    ) -> None:
        count = len(comments)
        super().__init__(f"{count} comment{'s' if count != 1 else ''}", parent)
        self.setObjectName(BADGE_NAME)
        self.comments = comments
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        height = self.fontMetrics().height()
        self.setIcon(QIcon(bubble(height * 2, colors.on_accent, colors.on_accent)))
        self.setIconSize(QSize(height, height))
        words = _words(comments, labels)
        self.setToolTip(f"The district's comments on {name}:\n\n{words}")
        self.setAccessibleName(f"{count} district comment{'s' if count != 1 else ''} on {name}")
        self.setAccessibleDescription(words)
        radius = height // 2 + 4
        self.setStyleSheet(
            f"QPushButton#{BADGE_NAME} {{ background: {colors.accent}; color: "
            f"{colors.on_accent}; border: 2px solid {colors.accent}; border-radius: {radius}px;"
            f" font-weight: 600; padding: 2px 12px; }}"
            f"QPushButton#{BADGE_NAME}:focus, QPushButton#{BADGE_NAME}:hover {{ "
            f"border: 3px solid {colors.text}; }}"
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), self.toolTip(), self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        QToolTip.hideText()


def badges_on(page: QWidget | None) -> dict[str, CommentBadge]:
    """The badges on a step page, by the item they are on (``goal:3``)."""
    if page is None:
        return {}
    found: dict[str, CommentBadge] = {}
    for badge in page.findChildren(CommentBadge, BADGE_NAME):
        item = badge.property("item")
        if isinstance(item, str):
            found[item] = badge
    return found


def on_goal_cards(
    page: QWidget,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
    chosen: Callable[[list[str]], None],
) -> None:
    cards: Mapping[int, QWidget] = getattr(page, "goal_cards", {})
    for goal, card in cards.items():
        item = f"goal:{goal}"
        outer = card.layout()
        first = outer.itemAt(0) if outer is not None and outer.count() else None
        header = first.layout() if first is not None else None
        if item not in carried or not isinstance(header, QHBoxLayout):
            continue
        badge = CommentBadge(carried[item], labels.get(item, "this goal"), labels, colors, card)
        badge.setProperty("item", item)
        items = [c.item for c in carried[item]]
        badge.clicked.connect(lambda _checked=False, items=items: chosen(items))
        header.insertWidget(1, badge)
        badge.show()


def mark(
    ref: str,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
    height: int,
    base_tip: str,
) -> tuple[QIcon, str, int]:
    """An item's bubble, tooltip and count (an empty icon and its own tooltip: none)."""
    on_it = carried.get(ref, [])
    if not on_it:
        return QIcon(), base_tip, 0
    words = f"The district's comments ({len(on_it)}):\n\n{_words(on_it, labels)}"
    tip = f"{base_tip}\n\n{words}" if base_tip else words
    return QIcon(counted_bubble(len(on_it), height, colors)), tip, len(on_it)


def on_list(
    shown: QListWidget,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    height = shown.fontMetrics().height()
    shown.setIconSize(QSize(round(height * 1.7), height))
    for row in range(shown.count()):
        entry = shown.item(row)
        ident = entry.data(Qt.ItemDataRole.UserRole)
        if not isinstance(ident, int):
            continue
        base = entry.data(BASE_TIP_ROLE)
        base = base if isinstance(base, str) else entry.toolTip()
        icon, tip, count = mark(f"priority:{ident}", carried, labels, colors, height, base)
        entry.setData(BASE_TIP_ROLE, base)
        entry.setData(COUNT_ROLE, count)
        entry.setIcon(icon)
        entry.setToolTip(tip)


def on_tree(
    tree: QTreeWidget,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    from sipdesk.ui.plan.outline_tree import COL_ITEM, REF_ROLE

    height = tree.fontMetrics().height()
    tree.setIconSize(QSize(round(height * 1.7), height))
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        entry = stack.pop()
        if entry is None:
            continue
        stack.extend(entry.child(i) for i in range(entry.childCount()))
        ref = entry.data(COL_ITEM, REF_ROLE)
        if not isinstance(ref, str):
            continue
        base = entry.data(COL_ITEM, BASE_TIP_ROLE)
        base = base if isinstance(base, str) else entry.toolTip(COL_ITEM)
        icon, tip, count = mark(ref, carried, labels, colors, height, base)
        entry.setData(COL_ITEM, BASE_TIP_ROLE, base)
        entry.setData(COL_ITEM, COUNT_ROLE, count)
        entry.setIcon(COL_ITEM, icon)
        entry.setToolTip(COL_ITEM, tip)


def marked_items(page: QWidget | None) -> dict[str, int]:
    """The items of step 4's list or step 5's outline showing a bubble: name → count."""
    from sipdesk.ui.plan.outline_tree import COL_ITEM, REF_ROLE

    out: dict[str, int] = {}
    shown = getattr(page, "priorities", None)
    if type(page).__name__ == "PrioritiesPage" and isinstance(shown, QListWidget):
        for row in range(shown.count()):
            entry = shown.item(row)
            count = entry.data(COUNT_ROLE)
            if isinstance(count, int) and count and not entry.icon().isNull():
                out[f"priority:{entry.data(Qt.ItemDataRole.UserRole)}"] = count
    tree = getattr(page, "tree", None)
    if type(page).__name__ == "PlanPage" and isinstance(tree, QTreeWidget):
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            stack.extend(node.child(i) for i in range(node.childCount()))
            count = node.data(COL_ITEM, COUNT_ROLE)
            if isinstance(count, int) and count and not node.icon(COL_ITEM).isNull():
                out[str(node.data(COL_ITEM, REF_ROLE))] = count
    return out


__all__ = [
    "BADGE_NAME",
    "CommentBadge",
    "badges_on",
    "bubble",
    "counted_bubble",
    "item_comments",
    "mark",
    "marked_items",
    "on_goal_cards",
    "on_list",
    "on_tree",
]
