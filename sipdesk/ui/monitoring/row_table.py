"""A table of plan rows (actions, measures, supports, adjustments …) edited in place.

Each column names one field; ``setData`` runs a service operation through the controller, so
every cell edit is one undo step and is stored at once. Rows come from the plain snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from sipdesk.models import Base
from sipdesk.services import edits
from sipdesk.services import plan_building as pb
from sipdesk.services.edits import Change
from sipdesk.ui.controller import PlanController

Row = dict[str, Any]
Writer = Callable[[Session, int, Any], Change]
REF_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Column:
    """One editable (or read-only) column.

    ``kind``: ``text``, ``money`` (typed amount → cents), ``date`` (typed date → date),
    ``choice`` (``choices()`` gives (label, value) pairs; ``free`` lets people type their own),
    ``check`` (a tick box) or ``readonly``.
    """

    key: str
    header: str
    kind: str = "text"
    chars: int = 16
    choices: Callable[[], Sequence[tuple[str, Any]]] | None = None
    free: bool = False
    display: Callable[[Row], str] | None = None
    write: Writer | None = None
    placeholder: str = ""

    def text(self, row: Row) -> str:
        if self.display is not None:
            return self.display(row)
        value = row.get(self.key)
        if self.kind == "money":
            return pb.format_money(value)
        if self.kind == "choice" and self.choices is not None and not self.free:
            for label, choice in self.choices():
                if choice == value:
                    return label
            return ""
        if self.kind == "check":
            return ""
        return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel):
    """Rows of one plan table; ``load(doc)`` takes them from the snapshot via ``rows_of``."""

    def __init__(
        self,
        controller: PlanController,
        model: type[Base],
        columns: Sequence[Column],
        rows_of: Callable[[dict[str, Any]], list[Row]],
        kind: str,
        parent: QWidget | None = None,
        *,
        row_label: Callable[[Row, int], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._row_label = row_label
        self._controller = controller
        self._model = model
        self.columns = tuple(columns)
        self._rows_of = rows_of
        self.kind = kind  # "action", "measure" … for refs
        self.table = model.__tablename__
        self._rows: list[Row] = []

    def load(self, doc: dict[str, Any]) -> None:
        rows = self._rows_of(doc)
        if [r["id"] for r in rows] == [r["id"] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1)
                )
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(rows) - 1)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return int(self._rows[row]["id"])

    def row_of(self, row_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row["id"] == row_id:
                return i
        return None

    def row_data(self, row: int) -> Row:
        return self._rows[row]

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if self._controller.readonly or column.kind == "readonly":
            return base
        if column.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "money":
                value = row.get(column.key)
                return "" if value is None else f"{value / 100:.2f}"
            if column.kind == "choice" and not column.free:
                return row.get(column.key)
            return column.text(row)
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            return (
                Qt.CheckState.Checked.value
                if row.get(column.key)
                else Qt.CheckState.Unchecked.value
            )
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{column.header}: {column.text(row) or '(empty)'}"
        if role == REF_ROLE:
            return pb.item_ref(self.kind, row["id"])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            if self._row_label is not None:
                return self._row_label(self._rows[section], section)
            return str(section + 1)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not (self.flags(index) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)):
            return False
        column = self.columns[index.column()]
        row_id = self.row_id(index.row())
        if column.kind == "check":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.kind == "text":
            value = "" if value is None else str(value)
        change = self._controller.run(lambda s: self._write(s, column, row_id, value))
        return change is not None

    def _write(self, session: Session, column: Column, row_id: int, value: Any) -> Change:
        if column.write is not None:
            return column.write(session, row_id, value)
        if column.kind == "money":
            value = pb.parse_money(str(value or ""))
        elif column.kind == "date":
            value = pb.parse_date(str(value or ""))
        label = f"Edit {column.header.lower()}"
        return edits.update_row(session, self._model, row_id, label, **{column.key: value})


class RowDelegate(QStyledItemDelegate):
    """Editors per column kind: a typed line, or a combo box (editable for ``free`` choices)."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        column = self._columns[index.column()]
        if column.kind == "choice" and column.choices is not None:
            combo = QComboBox(parent)
            combo.setEditable(column.free)
            for label, value in column.choices():
                combo.addItem(label, value)
            combo.setAccessibleName(column.header)
            return combo
        editor = QLineEdit(parent)
        editor.setAccessibleName(column.header)
        editor.setFrame(False)
        if column.placeholder:
            editor.setPlaceholderText(column.placeholder)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            column = self._columns[index.column()]
            if column.free:
                editor.setCurrentText("" if value is None else str(value))
            else:
                found = editor.findData(value)
                editor.setCurrentIndex(max(found, 0))
            return
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            column = self._columns[index.column()]
            value = editor.currentText() if column.free else editor.currentData()
            if value != index.data(Qt.ItemDataRole.EditRole):
                model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            if editor.text() != (index.data(Qt.ItemDataRole.EditRole) or ""):
                model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class WrapTableView(QTableView):
    """A table whose rows grow to show wrapped text; rows are re-fitted whenever widths, the
    font (presentation zoom) or the data change. Tab leaves the table, as in a form."""

    def __init__(self, parent: QWidget | None = None, *, grow: bool = False) -> None:
        super().__init__(parent)
        self._chars: tuple[int, ...] = ()
        # grow: the table is as tall as its rows (inside a scrolling page, the page scrolls)
        self._grow = grow
        if grow:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.refit)
        self.horizontalHeader().sectionResized.connect(self._schedule_refit)

    def refit(self) -> None:
        """Rows as tall as their wrapped text; a growing table as tall as its rows."""
        self.resizeRowsToContents()
        if not self._grow:
            return
        model = self.model()
        rows = sum(self.rowHeight(r) for r in range(model.rowCount())) if model else 0
        line = self.fontMetrics().lineSpacing()
        scroll = self.horizontalScrollBar()
        height = (
            self.horizontalHeader().sizeHint().height()
            + max(rows, line * 3)
            + self.frameWidth() * 2
            + (scroll.sizeHint().height() if scroll.isVisible() else 0)
            + 2
        )
        if self.height() != height:
            self.setFixedHeight(height)

    def set_column_chars(self, chars: Sequence[int]) -> None:
        """Column widths in average characters (all but the last, which stretches)."""
        self._chars = tuple(chars)
        self._apply_widths()

    def _apply_widths(self) -> None:
        if not self._chars:
            return
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        unit = self.fontMetrics().averageCharWidth()
        for col, chars in enumerate(self._chars[:-1]):
            header.resizeSection(col, chars * unit + unit * 2)
        self._schedule_refit()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._schedule_refit)
            model.dataChanged.connect(self._schedule_refit)
            model.rowsInserted.connect(self._schedule_refit)

    def _schedule_refit(self, *_args: object) -> None:
        self._refit.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule_refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_widths()
            self._schedule_refit()


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to a new line when the width runs out, so a
    row of buttons never makes a page wider than the window at a large presentation zoom."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x = rect.x()
                y += line + self._spacing
                line = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class RowTableEditor(QWidget):
    """A :class:`RowTableModel` in a :class:`WrapTableView` with Add / Remove / Move up /
    Move down buttons; Insert adds, Delete removes, Alt+Up / Alt+Down move the selected row.

    ``add(index)`` returns the Change that inserted the row (``index`` is where, or None for
    last); removing and moving use :mod:`sipdesk.services.plan_building` by ref.
    """

    def __init__(
        self,
        controller: PlanController,
        model: RowTableModel,
        *,
        noun: str,
        title: str,
        add: Callable[[Session, int | None], Change] | None,
        parent: QWidget | None = None,
        grow: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = model
        self.noun = noun
        self._add = add
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = WrapTableView(self, grow=grow)
        self.view.setModel(model)
        self.view.setItemDelegate(RowDelegate(model.columns, self.view))
        self.view.setAccessibleName(title)
        self.view.setAccessibleDescription(
            f"Table of {noun}s. Type to edit a cell; Insert adds, Delete removes, Alt+Up and "
            "Alt+Down move the selected row."
        )
        self.view.set_column_chars([c.chars for c in model.columns])
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.buttons = FlowLayout()
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.up_button = QPushButton("Move up")
        self.up_button.setAccessibleName(f"Move the selected {noun} up")
        self.down_button = QPushButton("Move down")
        self.down_button.setAccessibleName(f"Move the selected {noun} down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setProperty("role", "secondary")
            self.buttons.addWidget(button)
        layout.addLayout(self.buttons)
        self.add_button.setVisible(add is not None)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def add_extra_button(self, button: QPushButton) -> None:
        button.setProperty("role", "secondary")
        self.buttons.addWidget(button)

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def current_id(self) -> int | None:
        row = self.current_row()
        return None if row is None else self.model.row_id(row)

    def select_id(self, row_id: int, *, column: int = 0, edit: bool = False) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if edit:
            self.view.edit(index)
        return True

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        writable = not self.controller.readonly
        count = self.model.rowCount()
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and row is not None)
        self.up_button.setEnabled(writable and row is not None and row > 0)
        self.down_button.setEnabled(writable and row is not None and row < count - 1)

    def _on_add_button_clicked(self) -> None:
        if self._add is None:
            return
        row = self.current_row()
        at = None if row is None else row + 1
        add = self._add
        change = self.controller.run(lambda s: add(s, at))
        new_id = change.created_id(self.model.table) if change is not None else None
        if new_id is not None:
            self.select_id(new_id, edit=True)

    def _on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None:
            return
        ref = pb.item_ref(self.model.kind, self.model.row_id(row))
        column = self.view.currentIndex().column()
        self.controller.run(lambda s: pb.delete_item(s, ref))
        following = min(row, self.model.rowCount() - 1)
        if following >= 0:
            self.view.setCurrentIndex(self.model.index(following, max(column, 0)))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_current(self, delta: int) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        ref = pb.item_ref(self.model.kind, row_id)
        column = max(self.view.currentIndex().column(), 0)
        self.controller.run(lambda s: pb.move_item(s, ref, delta))
        self.select_id(row_id, column=column)

    def _on_up_button_clicked(self) -> None:
        self.move_current(-1)

    def _on_down_button_clicked(self) -> None:
        self.move_current(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            editing = self.view.state() == QAbstractItemView.State.EditingState
            if editing or self.controller.readonly:
                return False
            key, mods = key_event.key(), key_event.modifiers()
            if key == Qt.Key.Key_Insert and self._add is not None:
                self._on_add_button_clicked()
                return True
            if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
                self._on_remove_button_clicked()
                return True
            if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return False
