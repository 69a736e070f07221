"""The rows of one plan table as a Qt table model, edited in place, every edit one undo step.

:class:`RowTableModel` shows rows (plain dicts with ``id``) through its columns (:class:`Column`)
and stores cell edits through the controller. Where the rows come from, and how rows are added,
removed and moved, is one of two kinds:

- :class:`TableRowsModel` — the rows of one table (optionally only those under a parent, e.g.
  the measures of one goal), read from the file; it follows every change by itself and edits
  with the generic row edits, named after its ``noun`` ("Edit team member");
- :class:`~sipdesk.ui.tables.items.PlanItemsModel` — plan items (actions, measures,
  adjustments …) that the page hands it from the plan snapshot (``load(doc)``); edits go
  through named service operations, each named after the column it changes ("Edit due"), and
  rows are removed and moved by ref.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from sipdesk.models.tables import PlanTable
from sipdesk.services.changes import Change
from sipdesk.services.notices import PART_OF_TABLE, PlanNotice
from sipdesk.ui.controller import PlanController, RowValues
from sipdesk.ui.tables.columns import Column, Row
from sipdesk.ui.widgets.fields import to_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id
REF_ROLE = Qt.ItemDataRole.UserRole + 3  # the row's ref: "action:12"
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_TIP = Qt.ItemDataRole.ToolTipRole
_SPOKEN = Qt.ItemDataRole.AccessibleTextRole


class RowTableModel(QAbstractTableModel):
    """Rows of one plan table, shown by ``columns``; ``setData`` stores an edit through the
    controller (one undo step). Subclasses say where the rows come from and how rows are
    added, removed and moved."""

    ID_ROLE = ID_ROLE
    REF_ROLE = REF_ROLE

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        columns: Sequence[Column],
        *,
        noun: str,
        row_label: Callable[[Row, int], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.plan_table = table
        self.table = table.name
        self.columns = tuple(columns)
        self.noun = noun
        self._row_label = row_label
        self._rows: list[Row] = []
        self._ref: Callable[[int], str] | None = None  # a row's ref by its id, if it has one

    # ----------------------------------------------------------------- rows
    def row_id(self, row: int) -> int:
        return int(self._rows[row]["id"])

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["id"] == row_id), None)

    def row_values(self, row: int) -> Row:
        """A copy of the row's values."""
        return dict(self._rows[row])

    def ids(self) -> list[int]:
        return [int(r["id"]) for r in self._rows]

    def column_of(self, key: str) -> int:
        """The column showing the field ``key`` (itself, or as one of its parts)."""
        return next(i for i, c in enumerate(self.columns) if any(f.key == key for f in c.fields()))

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show the rows through other ``columns`` (a target column per year of the plan's
        span, say): the model is reset (a view's editor: :meth:`TableEditor.set_columns`)."""
        if tuple(columns) == self.columns:
            return
        self.beginResetModel()
        self.columns = tuple(columns)
        self.endResetModel()

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            if role == _DISPLAY:
                return self.columns[section].header
            return self.columns[section].title if role == _TIP else None
        if role != _DISPLAY or not 0 <= section < len(self._rows):
            return None
        if self._row_label is not None:
            return self._row_label(self._rows[section], section)
        return str(section + 1)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == _DISPLAY:
            return None if column.kind == "check" else column.text(row)
        if role == _EDIT:
            return column.edit_value(row)
        if role == _CHECK:
            if column.kind != "check":
                return None
            return Qt.CheckState.Checked if row.get(column.key) else Qt.CheckState.Unchecked
        if role in (_TIP, _SPOKEN):
            joint = "\n" if role == _TIP else "; "
            return joint.join(f"{f.title}: {f.spoken(row)}" for f in column.fields())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row["id"]
        if role == REF_ROLE and self._ref is not None:
            return self._ref(row["id"])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if self.controller.readonly or not column.editable:
            return base
        if column.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        if not self.flags(index) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable):
            return False
        column = self.columns[index.column()]
        if column.kind == "check":
            if role != _CHECK:
                return False
            value = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        elif role != _EDIT:
            return False
        elif column.parts and (not isinstance(value, dict) or not value):
            return False  # {part key: typed text} for the parts that changed
        row_id = self.row_id(index.row())
        change = self.controller.run(lambda s: self._write(s, column, row_id, value))
        return change is not None

    def _write(self, session: Session, column: Column, row_id: int, value: Any) -> Change:
        from sipdesk.services import edits  # SQLAlchemy: loaded by the first edit, not before

        if column.write is not None:
            return column.write(session, row_id, value)
        if column.parts:
            parts = {part.key: part for part in column.parts}
            values = {key: parts[key].stored(typed) for key, typed in value.items()}
            # One part changed: the undo step names it ("Edit due"); several: the column.
            named = parts[next(iter(values))] if len(values) == 1 else column
            label = self.edit_label(named)
            return edits.update_row(session, self.plan_table.model, row_id, label, **values)
        label = self.edit_label(column)
        return edits.update_row(
            session, self.plan_table.model, row_id, label, **{column.key: column.stored(value)}
        )

    def edit_label(self, column: Column) -> str:
        """The undo step's name for an edit of ``column``."""
        return f"Edit {column.title.lower()}"

    # ----------------------------------------------------------------- adding, removing, moving
    @property
    def can_add(self) -> bool:
        return True

    def add_row(self, index: int | None = None) -> int | None:
        """Add a row (at ``index``, default last); its id, or None if refused."""
        raise NotImplementedError

    def remove_row(self, row: int) -> Change | None:
        raise NotImplementedError

    def move_row(self, row: int, to: int) -> Change | None:
        """Move ``row`` to be row ``to``."""
        raise NotImplementedError


class TableRowsModel(RowTableModel):
    """The rows of ``table`` within ``scope`` (e.g. ``{"goal_id": 3}``) in their hand-made
    order, read from the file. It keeps itself current: field edits arrive through the
    controller's ``values_changed`` signal, and when rows are added, removed or moved (by
    anyone, including undo) it re-reads just its own rows. Its undo steps are named after
    ``noun``: "Edit team member", "Remove team member"."""

    rows_reloaded = Signal()

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        columns: Sequence[Column],
        *,
        noun: str,
        scope: Mapping[str, Any] | None = None,
        new_values: Callable[[], Mapping[str, Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(controller, table, columns, noun=noun, parent=parent)
        self.scope = dict(scope or {})
        self._new_values = new_values
        controller.values_changed.connect(self._on_controller_values_changed)
        controller.changed.connect(self._on_controller_changed)

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Show these rows (e.g. from ``controller.plan()``), in the order given."""
        self.beginResetModel()
        self._rows = [self._normal(row) for row in rows]
        self.endResetModel()
        self.rows_reloaded.emit()

    def reload(self) -> None:
        """Re-read this table's rows (within the scope) from the plan."""
        from sqlalchemy import select  # loaded by the time rows are re-read

        from sipdesk.models.base import table_of

        t = table_of(self.plan_table.model)
        query = select(t)
        for key, value in self.scope.items():
            query = query.where(t.c[key].is_(None) if value is None else t.c[key] == value)
        if "position" in t.c:
            query = query.order_by(t.c.position, t.c.id)
        else:
            query = query.order_by(t.c.id)
        with self.controller.session() as session:
            rows = [dict(r) for r in session.execute(query).mappings()]
        self.set_rows(rows)

    def _normal(self, row: Mapping[str, Any]) -> Row:
        out = dict(row)
        for column in self.columns:
            if column.kind == "calendar" and column.key in out:
                out[column.key] = to_date(out[column.key])
        return out

    def edit_label(self, column: Column) -> str:
        return f"{'Change' if column.kind == 'check' else 'Edit'} {self.noun}"

    def add_row(
        self, index: int | None = None, values: Mapping[str, Any] | None = None
    ) -> int | None:
        """Add a row (at ``index``, default last) holding the scope, ``new_values()`` and
        ``values``; its id, or None if refused."""
        new = dict(self._new_values()) if self._new_values is not None else {}
        data = {**self.scope, **new, **(values or {})}
        from sipdesk.services import edits

        change = self.controller.run(
            lambda s: edits.insert_row(
                s, self.plan_table.model, f"Add {self.noun}", data, index=index
            )
        )
        return change.created_id(self.table) if change is not None else None

    def remove_row(self, row: int) -> Change | None:
        from sipdesk.services import edits

        row_id = self.row_id(row)
        return self.controller.run(
            lambda s: edits.delete_row(s, self.plan_table.model, row_id, f"Remove {self.noun}")
        )

    def move_row(self, row: int, to: int) -> Change | None:
        from sipdesk.services import edits

        row_id = self.row_id(row)
        return self.controller.run(
            lambda s: edits.move_row(s, self.plan_table.model, row_id, to, f"Move {self.noun}")
        )

    # ----------------------------------------------------------------- following the plan
    def _on_controller_values_changed(self, values: RowValues) -> None:
        for (table, row_id), row in values.items():
            if table != self.table or row is None:
                continue
            at = self.row_of(row_id)
            if at is None:
                continue
            self._rows[at].update(self._normal(row))
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.columns) - 1))

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if not notice.reload and notice.reshapes(PART_OF_TABLE[self.table]):
            self.reload()
