"""Badges on the commented items of the district's read-only copy of a school's plan (issue 13,
item 4): a goal that carries district comments (on the goal or on one of its measures) shows a
speech bubble with their count in its card's heading, large enough to read on a projector.

The badge is a button: hovering it or giving it the focus (Tab) shows the comments' words, and
pressing it picks them out in the list under the page (:mod:`copy_comments`). Badges are put on
the cards of the step on show whenever the comments are read or another step is shown, and
taken off again first, so an item never shows two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPainter, QPainterPath, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QToolTip, QWidget

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.district.copy_comments import CopyComment
    from sipdesk.ui.theme import Colors

BADGE_NAME = "commentBadge"


def goal_comments(plan: PlanDoc, comments: Iterable[CopyComment]) -> dict[int, list[CopyComment]]:
    """The comments each goal carries, by goal id: those on the goal and on its measures."""
    goal_of_measure = {m["id"]: g["id"] for g in plan["goals"] for m in g["measures"]}
    goals = {g["id"] for g in plan["goals"]}
    out: dict[int, list[CopyComment]] = {}
    for comment in comments:
        kind, _, key = comment.item.partition(":")
        if not key.isdigit():
            continue
        goal = int(key) if kind == "goal" and int(key) in goals else goal_of_measure.get(int(key))
        if kind in ("goal", "measure") and goal is not None:
            out.setdefault(goal, []).append(comment)
    return out


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
        words = "\n\n".join(
            f"{labels.get(c.item, c.item)}, by {c.author}:\n{c.body}" for c in comments
        )
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


def put_badges(
    page: QWidget | None,
    plan: PlanDoc,
    comments: list[CopyComment],
    labels: Mapping[str, str],
    colors: Colors,
    chosen: Callable[[list[str]], None],
) -> None:
    """Badges on the commented goals of ``page`` (the goals' step; other steps have none:
    their comments are in the list under the page), any earlier ones taken off first."""
    for old in badges_on(page).values():
        old.hide()
        old.deleteLater()
        old.setProperty("item", None)
    if page is None or type(page).__name__ != "DirectionPage":
        return
    on_goals = goal_comments(plan, comments)
    cards: Mapping[int, QWidget] = getattr(page, "goal_cards", {})
    for goal, card in cards.items():
        carried = on_goals.get(goal)
        outer = card.layout()
        first = outer.itemAt(0) if outer is not None and outer.count() else None
        header = first.layout() if first is not None else None
        if not carried or not isinstance(header, QHBoxLayout):
            continue
        item = f"goal:{goal}"
        badge = CommentBadge(carried, labels.get(item, "this goal"), labels, colors, card)
        badge.setProperty("item", item)
        items = [c.item for c in carried]
        badge.clicked.connect(lambda _checked=False, items=items: chosen(items))
        header.insertWidget(1, badge)
        badge.show()


__all__ = ["BADGE_NAME", "CommentBadge", "badges_on", "bubble", "goal_comments", "put_badges"]
