"""One rollup view as a sortable, read-only table in the "Across schools" window.

The cells are the view's own (:class:`sipdesk.district.rollup_tables.View`, the CSV file's rows);
money shows in dollars for people, as in the PDF. Clicking a column head, or Ctrl+Shift+S on a
cell of it from the keyboard, sorts by that column's real values (numbers as numbers); again, the
other way. The rows first show in the report's order.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from sipdesk.district.rollup_tables import COUNT, MONEY, View, money_words

RAW_ROLE = Qt.ItemDataRole.UserRole  # the view's own cell
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ORDER_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's place in the report
LONG = 30  # longer cells show whole in their tooltip (a narrow column may cut them)

Index = QModelIndex | QPersistentModelIndex


class ViewModel(QAbstractTableModel):
    def __init__(self, view: View, parent: Any = None) -> None:
        super().__init__(parent)
        self.view = view

    def set_view(self, view: View) -> None:
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.view.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.view.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.view.columns[index.column()]
        value = self.view.rows[index.row()][index.column()]
        number = column.kind in (COUNT, MONEY)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind == MONEY and isinstance(value, int):
                return money_words(value)
            return str(value)
        if role == RAW_ROLE:
            return value
        if role == SORT_ROLE:
            return value if isinstance(value, int) else str(value).casefold()
        if role == ORDER_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.ToolTipRole:
            text = str(value)
            return text if len(text) > LONG else None
        if role == Qt.ItemDataRole.FontRole and self._heads_group(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if number else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _heads_group(self, row: int) -> bool:
        """A funding source's total across schools, which heads its group (as in the PDF)."""
        return self.view.key == "budget" and self.view.rows[row][1] == "All schools"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.view.columns[section].title
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def fair_widths(natural: list[int], room: int, *, least: int) -> list[int]:
    """Column widths within ``room``: a column that fits under the common cap keeps its own
    width, the others get the cap, chosen so the columns fill the room (never under ``least``,
    so a very narrow room scrolls instead); when all fit, the widest takes what is left over."""
    if sum(natural) <= room:
        widths = list(natural)
        widest = max(range(len(widths)), key=lambda column: widths[column])
        widths[widest] += room - sum(widths)
        return widths
    low, high = least, max(natural)
    while low < high:  # the largest cap whose columns still fit the room
        cap = (low + high + 1) // 2
        if sum(min(width, cap) for width in natural) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(width, low) for width in natural]


class RollupTable(QTableView):
    """A view's rows, read-only; a column head sorts, a second click the other way."""

    def __init__(self, view: View, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = ViewModel(view, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setAccessibleName(view.title)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(200)
        header.setStretchLastSection(False)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._on_head_clicked)
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._fit_columns()

    def set_view(self, view: View) -> None:
        self.source.set_view(view)
        self.setAccessibleName(view.title)
        if self._sorted is not None:
            self.proxy.sort(*self._sorted)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Narrow columns (numbers, short words) whole; the wide ones share the room that is
        left equally, so no column of names is cut while another has room to spare (the
        tooltip shows a cut cell whole)."""
        self.resizeColumnsToContents()
        count = self.proxy.columnCount()
        natural = [self.columnWidth(column) for column in range(count)]
        room = self.viewport().width()
        if count == 0 or room <= 0:
            return
        for column, width in enumerate(fair_widths(natural, room, least=120)):
            self.setColumnWidth(column, width)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def sort_by(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorted = (column, order)
        self.proxy.sort(column, order)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSortIndicator(column, order)

    def _on_head_clicked(self, column: int) -> None:
        ascending = Qt.SortOrder.AscendingOrder
        if self._sorted == (column, ascending):
            self.sort_by(column, Qt.SortOrder.DescendingOrder)
        else:
            self.sort_by(column, ascending)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_S and event.modifiers() == wanted:
            column = max(0, self.currentIndex().column())
            self._on_head_clicked(column)
            event.accept()
            return
        super().keyPressEvent(event)

    def shown_rows(self) -> list[tuple[Any, ...]]:
        """The rows as shown (in their current order), as the view's own cells."""
        model = self.proxy
        return [
            tuple(model.index(r, c).data(RAW_ROLE) for c in range(model.columnCount()))
            for r in range(model.rowCount())
        ]


__all__ = ["RollupTable", "ViewModel"]
