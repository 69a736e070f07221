"""Step 5's outline: the priority → strategy → milestone tree (``PlanTree``) with its titles
drawn by number, wrapped and elided (``_OutlineDelegate``), and the text an item shows
(``_item_text``). The page that holds it is ``ui/pages/plan_page.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from sipdesk.services import outline

REF_ROLE = Qt.ItemDataRole.UserRole + 3
COL_ITEM, COL_BUDGET = range(2)


def _item_text(entry: outline.Entry) -> str:
    fallback = {
        "priority": "(priority area not named yet)",
        "strategy": "(theory of action not written yet)",
        "milestone": "(milestone not described yet)",
    }[entry.kind]
    title = entry.title or fallback
    return f"{entry.heading} — {title}"


# --------------------------------------------------------------------- the outline tree
class _OutlineDelegate(QStyledItemDelegate):
    """Draws an outline title so a narrow outline still says what each item is: by its
    number alone ("1.1.1  Every K–3 teacher …"; the indent and the bold priorities show the
    level), wrapped onto a second line and elided after it. The item's own text, its
    tooltip and what a screen reader hears stay in full ("Milestone 1.1.1 — Every …").
    Qt's size hint does not wrap tree items, so the height is worked out here."""

    LINES = 3  # beside the form; one, on the full width, when the outline is above it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = self.LINES

    @staticmethod
    def shown(text: str) -> str:
        heading, sep, title = text.partition(" — ")
        kind, _space, number = heading.partition(" ")
        if sep and kind in ("Priority", "Strategy", "Milestone") and number:
            return f"{number}  {title}"
        return text

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() == COL_ITEM:
            option.text = self.shown(option.text)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        tree = self.parent()
        if index.column() != COL_ITEM or not isinstance(tree, QTreeWidget):
            return hint
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        font = index.data(Qt.ItemDataRole.FontRole)  # as Qt paints it: over the view's font
        metrics = QFontMetrics(
            font.resolve(option.font) if isinstance(font, QFont) else option.font
        )
        width = tree.header().sectionSize(COL_ITEM) - tree.indentation() * depth - 8
        text = self.shown(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap.value)
        box = metrics.boundingRect(QRect(0, 0, max(width, 20), 10_000), flags, text)
        lines = min(self.lines, max(1, round(box.height() / metrics.lineSpacing())))
        extra = max(0, hint.height() - metrics.height()) + max(2, metrics.lineSpacing() // 4)
        return QSize(hint.width(), max(hint.height(), lines * metrics.lineSpacing() + extra))


class PlanTree(QTreeWidget):
    """Priorities, strategies and milestones with their numbers and budget totals.

    Alt+Up / Alt+Down move the selected item, Insert adds under it, Delete removes it.
    """

    move_requested = Signal(int)
    add_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._delegate = _OutlineDelegate(self)
        self.setColumnCount(2)
        self.setHeaderLabels(["Plan outline", "Budget"])
        self.setAccessibleName("Plan outline")
        self.setAccessibleDescription(
            "Priorities, strategies and milestones. Alt+Up and Alt+Down move the selected "
            "item; Insert adds below it; Delete removes it."
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_BUDGET, QHeaderView.ResizeMode.ResizeToContents)
        self._fit_indent()
        self.setItemDelegate(self._delegate)
        # Wrapped titles change height with the width: lay the rows out again.
        header.sectionResized.connect(self._on_header_section_resized)

    def _fit_indent(self) -> None:
        # The numbers show the level too: a slim indent leaves the titles more room.
        self.setIndentation(max(12, round(self.fontMetrics().averageCharWidth() * 1.5)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_indent()

    def title_lines(self) -> int:
        """How many lines a title may take before it is cut short (…)."""
        return self._delegate.lines

    def set_title_lines(self, lines: int) -> None:
        if lines != self._delegate.lines:
            self._delegate.lines = lines
            self.scheduleDelayedItemsLayout()

    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == COL_ITEM:
            self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.NoModifier:
            self.add_requested.emit()
            return
        if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def current_ref(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(COL_ITEM, REF_ROLE))

    def item_for(self, ref: str) -> QTreeWidgetItem | None:
        for item in self._walk():
            if item.data(COL_ITEM, REF_ROLE) == ref:
                return item
        return None

    def _walk(self) -> list[QTreeWidgetItem]:
        """Every item, in the order the outline shows them."""
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            out.append(item)
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out
