"""Badges on the commented items of steps 6 and 7 in the district's read-only copy (issue 13):
each item shows its own comments where it is seen.

Step 6 (monitoring): a counted speech bubble under a commented action's number in the month
grid's row headers, at the start of a commented measure's row in the results, and before a
commented strategy or milestone in the reports' choosers. Step 7 (adjusting): a bubble at the
start of a commented adjustment's row in the log, and a badge button (as on step 1's goal
cards) on the card of a commented action that is behind schedule. The comments' words are in
each one's tooltip.

The results' and the log's bubbles are painted in the table's widest column by a delegate put
on its columns, which hands everything else to the columns' own delegates; it reads the row's
item as it paints, so rows sorted or built afresh keep their bubbles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from sipdesk.ui.district.copy_badges import (
    BASE_TIP_ROLE,
    COUNT_ROLE,
    CommentBadge,
    counted_bubble,
    mark,
)

if TYPE_CHECKING:
    from sipdesk.ui.district.copy_comments import CopyComment
    from sipdesk.ui.theme import Colors

Index = QModelIndex | QPersistentModelIndex
RefOf = Callable[[int], "str | None"]
AGAIN_NAME = "commentBubblesAgain"
BUBBLES_NAME = "commentBubbles"
COUNTS_NAME = "commentCounts"


class RowBubbles(QStyledItemDelegate):
    """A delegate for one column of a table: a counted bubble before a commented row's text,
    the comments' words in its tooltip; the table's own delegate does the rest."""

    def __init__(self, view: QAbstractItemView, ref_of: RefOf) -> None:
        super().__init__(view)
        self.view = view
        self.ref_of = ref_of
        self.marks: dict[str, tuple[int, str]] = {}  # item → (count, tooltip)
        self.colors: Colors | None = None
        self.own: dict[int, QAbstractItemDelegate] = {}  # a column's own delegate, if it had one

    def _inner(self, index: Index | None = None) -> QAbstractItemDelegate:
        own = self.own.get(index.column()) if index is not None else None
        return own if own is not None else self.view.itemDelegate()

    def cover(self) -> None:
        """Put on each of the table's columns (their own delegates kept to hand on to)."""
        for column in range(self.view.model().columnCount() if self.view.model() else 0):
            current = self.view.itemDelegateForColumn(column)
            if current is self:
                continue
            if current is not None:
                self.own[column] = current
            self.view.setItemDelegateForColumn(column, self)

    def column(self) -> int:
        """The column the bubbles show in now: the widest one showing, where a bubble takes
        least from the text (worked out as it paints: the widths follow the window's)."""
        view = self.view
        if not isinstance(view, QTableView):
            return 0
        shown = [c for c in range(view.horizontalHeader().count()) if not view.isColumnHidden(c)]
        return max(shown, key=view.columnWidth) if shown else 0

    def mark_at(self, index: Index) -> tuple[int, str] | None:
        return self.mark_of(index.row()) if index.column() == self.column() else None

    def mark_of(self, row: int) -> tuple[int, str] | None:
        try:
            ref = self.ref_of(row)
        except (IndexError, KeyError, AttributeError, ValueError):
            return None
        return self.marks.get(ref) if ref else None

    def _width(self) -> int:
        height = self.view.fontMetrics().height()
        return round(height * 1.7) + 8

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        mark = self.mark_at(index)
        if mark is None or self.colors is None:
            self._inner(index).paint(painter, option, index)
            return
        style = self.view.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self.view
        )
        width = self._width()
        rest = QStyleOptionViewItem(option)
        whole: QRect = option.rect
        rest.rect = whole.adjusted(width, 0, 0, 0)
        self._inner(index).paint(painter, rest, index)
        height = self.view.fontMetrics().height()
        pixmap = counted_bubble(mark[0], height, self.colors)
        top = whole.top() + (whole.height() - height) // 2
        painter.drawPixmap(whole.left() + 4, top, pixmap)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = self._inner(index).sizeHint(option, index)
        if self.mark_at(index) is not None:
            size.setWidth(size.width() + self._width())
        return size

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        mark = self.mark_at(index)
        if mark is None:
            return self._inner(index).helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), mark[1], view)
        return True

    # A read-only copy edits nothing, but the table's own delegate still answers.
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> Any:
        return self._inner(index).createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        self._inner(index).setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        self._inner(index).setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        self._inner(index).updateEditorGeometry(editor, option, index)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        return self._inner(index).editorEvent(event, model, option, index)


def bubbles_of(view: QTableView) -> RowBubbles | None:
    """The results' and the log's bubbles, None before any were put on it."""
    found = view.findChild(RowBubbles, BUBBLES_NAME)
    return found if isinstance(found, RowBubbles) and found.view is view else None


def _on_table(
    view: QTableView,
    ref_of: RefOf,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    bubbles = bubbles_of(view)
    if bubbles is None:
        bubbles = RowBubbles(view, ref_of)
        bubbles.setObjectName(BUBBLES_NAME)
    bubbles.cover()
    bubbles.colors = colors
    height = view.fontMetrics().height()
    marks: dict[str, tuple[int, str]] = {}
    for ref in carried:
        _icon, tip, count = mark(ref, carried, labels, colors, height, "")
        if count:
            marks[ref] = (count, tip)
    bubbles.marks = marks
    view.viewport().update()


def _on_combo(
    combo: QComboBox,
    kind: str,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    height = combo.fontMetrics().height()
    combo.setIconSize(QSize(round(height * 1.7), height))
    for row in range(combo.count()):
        ident = combo.itemData(row)
        base = combo.itemData(row, BASE_TIP_ROLE)
        if not isinstance(base, str):
            tip = combo.itemData(row, Qt.ItemDataRole.ToolTipRole)
            base = tip if isinstance(tip, str) else ""
        ref = f"{kind}:{ident}" if isinstance(ident, int) else ""
        icon, tip, count = mark(ref, carried, labels, colors, height, base)
        combo.setItemData(row, base, BASE_TIP_ROLE)
        combo.setItemData(row, count, COUNT_ROLE)
        combo.setItemData(row, tip or None, Qt.ItemDataRole.ToolTipRole)
        combo.setItemIcon(row, icon)


def on_monitor(
    page: Any,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    """Step 6: the month grid's actions, the results' measures, the reports' choosers."""
    results_model = page.results_model
    # The grid's actions are named in its row headers: the bubble goes under the number.
    height = page.grid.fontMetrics().height()
    marks = {}
    counts: dict[str, int] = {}
    for ref in carried:
        _icon, tip, count = mark(ref, carried, labels, colors, height, "")
        if count and ref.startswith("action:"):
            marks[int(ref.split(":")[1])] = (counted_bubble(count, height, colors), tip)
            counts[ref] = count
    page.grid.action_header().set_marks(marks)
    page.grid.setProperty(COUNTS_NAME, counts)
    _on_table(
        page.results,
        lambda row: f"measure:{results_model.measure_id(row)}",
        carried,
        labels,
        colors,
    )

    def combos() -> None:
        _on_combo(page.strategy_combo, "strategy", carried, labels, colors)
        _on_combo(page.milestone_combo, "milestone", carried, labels, colors)

    combos()
    # The choosers are filled afresh as their tab is shown and a strategy chosen: their
    # bubbles are put back then, once for the whole filling.
    again = page.findChild(QTimer, AGAIN_NAME)
    if not isinstance(again, QTimer):
        again = QTimer(page)
        again.setObjectName(AGAIN_NAME)
        again.setSingleShot(True)
        again.setInterval(0)
        for combo in (page.strategy_combo, page.milestone_combo):
            combo.model().rowsInserted.connect(again.start)
    else:
        again.timeout.disconnect()
    again.timeout.connect(combos)


def on_adjust(
    page: Any,
    carried: Mapping[str, list[CopyComment]],
    labels: Mapping[str, str],
    colors: Colors,
) -> None:
    """Step 7: the adjustments log's rows and the cards of the actions behind schedule."""
    model = page.model
    _on_table(page.log.view, lambda row: f"adjustment:{model.row_id(row)}", carried, labels, colors)
    page.batches.flush()  # every late action's card made, so each can carry its badge
    frames: Mapping[str, QWidget] = page._behind_rows
    for ref, frame in frames.items():
        row = frame.layout()
        if ref not in carried or not isinstance(row, QHBoxLayout):
            continue
        badge = CommentBadge(carried[ref], labels.get(ref, "this action"), labels, colors, frame)
        badge.setProperty("item", ref)
        row.insertWidget(1, badge, 0, Qt.AlignmentFlag.AlignVCenter)
        badge.show()


def marked_rows(page: QWidget | None) -> dict[str, int]:
    """The items of step 6 or 7 showing a bubble in a table or a chooser: name → count."""
    out: dict[str, int] = {}
    if page is None:
        return out
    for view in page.findChildren(QTableView):
        model = view.model()
        bubbles = bubbles_of(view)
        if model is None or bubbles is None:
            continue
        for row in range(model.rowCount()):
            mark = bubbles.mark_of(row)
            if mark is not None:
                out[str(bubbles.ref_of(row))] = mark[0]
    header = getattr(getattr(page, "grid", None), "action_header", None)
    if callable(header):
        shown = header()
        model = shown.model()
        for row in range(model.rowCount() if model is not None else 0):
            mark = shown.mark_at(row)
            counts = page.grid.property(COUNTS_NAME) or {}  # type: ignore[attr-defined]
            ref = f"action:{model.grid_row(row).action_id}"
            if mark is not None and ref in counts:
                out[ref] = int(counts[ref])
    for combo, kind in (
        (getattr(page, "strategy_combo", None), "strategy"),
        (getattr(page, "milestone_combo", None), "milestone"),
    ):
        if not isinstance(combo, QComboBox):
            continue
        for row in range(combo.count()):
            count = combo.itemData(row, COUNT_ROLE)
            if isinstance(count, int) and count and not combo.itemIcon(row).isNull():
                out[f"{kind}:{combo.itemData(row)}"] = count
    return out


__all__ = ["RowBubbles", "bubbles_of", "marked_rows", "on_adjust", "on_monitor"]
