"""Plan items (actions, measures, supports, adjustments, comments) as an editable table."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from sipdesk.services import outline
from sipdesk.ui.tables.model import RowTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.models.tables import PlanTable
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.tables.columns import Column, Row


class PlanItemsModel(RowTableModel):
    """Plan items of one kind (``"action"``, ``"measure"`` …), taken from the plan snapshot
    by ``rows_of`` whenever the page calls ``load(doc)``. Cell edits are named after their
    column ("Edit due"); rows are added by ``add(session, index)`` (a named service
    operation; None: the table offers no adding) and removed and moved by ref."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        columns: Sequence[Column],
        rows_of: Callable[[PlanDoc], Sequence[Mapping[str, Any]]],
        kind: str,
        parent: QObject | None = None,
        *,
        row_label: Callable[[Row, int], str] | None = None,
        add: Callable[[Session, int | None], Change] | None = None,
    ) -> None:
        super().__init__(controller, table, columns, noun=kind, row_label=row_label, parent=parent)
        self._rows_of = rows_of
        self._add = add
        self.kind = kind
        self._ref = partial(outline.item_ref, kind)

    def ref(self, row: int) -> str:
        """The row's ref, as the rest of the app names it: ``"action:12"``."""
        return outline.item_ref(self.kind, self.row_id(row))

    def load(self, doc: PlanDoc) -> None:
        """Show the rows ``doc`` holds. The same rows only repaint (keeping the current
        cell and the rows' heights); other rows reset the model."""
        rows = [dict(row) for row in self._rows_of(doc)]  # the plan's records stay unchanged
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

    @property
    def can_add(self) -> bool:
        return self._add is not None

    def add_row(self, index: int | None = None) -> int | None:
        add = self._add
        if add is None:
            return None
        change = self.controller.run(lambda s: add(s, index))
        return change.created_id(self.table) if change is not None else None

    def remove_row(self, row: int) -> Change | None:
        ref = self.ref(row)
        return self.controller.run(lambda s: outline.delete_item(s, ref))

    def move_row(self, row: int, to: int) -> Change | None:
        ref = self.ref(row)
        return self.controller.run(lambda s: outline.move_item(s, ref, to - row))
