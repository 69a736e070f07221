"""The month grid's data: one row per action (``GridRow``), one column per plan month, and
the table model (``MonthGridModel``) that reads statuses from the plan and writes them back
through the controller. The view and its row headers are in ``month_grid``, the cell painting
in ``month_grid_delegate``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from sipdesk.services import monitoring, operations, outline
from sipdesk.services.measures import effective_cycles
from sipdesk.services.progress import is_plan_month, plan_months, plan_start
from sipdesk.services.values import month_label, timeline_text

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.controller import PlanController, RowValues

COL_ACTION = 0
FIRST_MONTH_COL = 1

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # "on_track" … or "" for no entry
NOTE_ROLE = Qt.ItemDataRole.UserRole + 2
REF_ROLE = Qt.ItemDataRole.UserRole + 3  # "action:12"
MONTH_ROLE = Qt.ItemDataRole.UserRole + 4  # "2026-09"

# Fill, border and text colours per status; a glyph carries the meaning without colour too.
STATUS_STYLE: dict[str, tuple[str, str, str, str]] = {
    "not_started": ("#e4e6ea", "#8a9099", "#1f2328", "–"),
    "on_track": ("#cdebd6", "#2f8a4e", "#0f3d1f", "→"),
    "behind": ("#f9d3cc", "#c2412d", "#5c1409", "!"),
    "done": ("#cfe0f6", "#2f62b0", "#0c2a5a", "✓"),
}

_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


def status_text(status: str) -> str:
    """``"→ On track"``: glyph and words, as the cell shows them."""
    if status not in STATUS_STYLE:
        return ""
    return f"{STATUS_STYLE[status][3]} {monitoring.STATUS_LABELS[status]}"


@dataclass
class GridRow:
    """One action's row. Its timeline and its month → (status, note) table are worked out
    the first time they are read: a plan at its limits holds 50,000 statuses, and the grid
    only ever reads the rows on screen."""

    action_id: int
    number: str
    title: str
    person: str
    data: dict[str, Any] = field(default_factory=dict, repr=False)  # the action as read

    @cached_property
    def timeline(self) -> str:
        return timeline_text(self.data)

    @cached_property
    def statuses(self) -> dict[str, tuple[str, str]]:  # month → (status, note)
        return {s["month"]: (s["status"], s.get("note", "")) for s in self.data.get("statuses", ())}

    @property
    def ref(self) -> str:
        return outline.item_ref("action", self.action_id)


class MonthGridModel(QAbstractTableModel):
    """Actions × months. ``setData`` (EditRole: a status key, ``""`` clears; NOTE_ROLE: the
    note) runs a service operation through the controller, which pushes an undo command."""

    def __init__(
        self,
        controller: PlanController,
        month_count: int = 12,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._today = today  # the current month is today's (within the plan year)
        self._month_count = month_count
        self._rows: list[GridRow] = []
        self._months: list[str] = []
        self._current = ""
        self._periods: dict[str, tuple[str, bool]] = {}  # month → (its period, starts it)
        self._row_of: dict[int, int] = {}
        # status row id → (action, month), worked out when a change first needs it
        self._status_at: dict[int, tuple[int, str]] | None = None
        self._readonly = controller.readonly
        self.generation = 0  # goes up whenever the rows (their names) may have changed

    # ----------------------------------------------------------------- loading
    def load(self, doc: PlanDoc) -> None:
        """Show ``doc``. The same actions and months only repaint (keeping the current cell);
        anything else resets the model."""
        stored = doc["profile"]["first_month"]
        first = plan_start(stored)
        # A first month outside the calendar a plan may hold (a hand-made file) gets no month
        # columns at all rather than months counted from somewhere else.
        months = (
            plan_months(first, self._month_count) if not stored or is_plan_month(stored) else []
        )
        rows = [
            GridRow(
                entry.id,
                entry.number,
                entry.title,
                entry.data.get("person_responsible", ""),
                entry.data,
            )
            for entry in outline.outline(doc)
            if entry.kind == "action"
        ]
        self._current = (
            monitoring.current_month(first, self._month_count, self._today()) if months else ""
        )
        self._status_at = None
        self.generation += 1
        periods = {
            month: (cycle.name.strip() or f"Cycle {cycle.number}", month == cycle.start)
            for cycle in effective_cycles(doc, self._today())
            for month in cycle.months
        }
        if periods != self._periods:
            self._periods = periods
            if self._months:
                self.headerDataChanged.emit(
                    Qt.Orientation.Horizontal, FIRST_MONTH_COL, self.columnCount() - 1
                )
        same_shape = months == self._months and [r.action_id for r in rows] == [
            r.action_id for r in self._rows
        ]
        if same_shape:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self._months = months
        self._row_of = {r.action_id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def _statuses_by_id(self) -> dict[int, tuple[int, str]]:
        """Every status row's (action, month), by the status's id."""
        if self._status_at is None:
            self._status_at = {
                int(s["id"]): (row.action_id, s["month"])
                for row in self._rows
                for s in row.data.get("statuses", ())
            }
        return self._status_at

    def follow(self, values: RowValues) -> bool:
        """Apply status entries a change left behind, without re-reading the plan; False when
        the change holds anything else (the caller then reloads)."""
        touched: list[tuple[int, str]] = []
        status_at = self._statuses_by_id()
        for (table, row_id), row in values.items():
            if table != "action_statuses":
                return False
            if row is not None and "action_id" in row and "month" in row:
                where = (int(row["action_id"]), str(row["month"]))
                status_at[row_id] = where
            elif row_id in status_at:
                where = status_at[row_id]
            else:
                return False
            at = self._row_of.get(where[0])
            if at is None:
                return False
            statuses = self._rows[at].statuses
            if row is None:
                statuses.pop(where[1], None)
                del status_at[row_id]
            else:
                old = statuses.get(where[1], ("not_started", ""))
                statuses[where[1]] = (
                    str(row.get("status", old[0])),
                    str(row.get("note", old[1]) or ""),
                )
            touched.append((at, where[1]))
        for at, month in touched:
            column = self.column_of(month)
            if column is not None:
                cell = self.index(at, column)
                self.dataChanged.emit(cell, cell)
        return True

    @property
    def months(self) -> list[str]:
        return list(self._months)

    @property
    def current_month(self) -> str:
        return self._current

    def period_of(self, month: str) -> str:
        """The monitoring period ``month`` belongs to ("Cycle 1", "Quarter 2"; "" for none)."""
        period = self._periods.get(month)
        return period[0] if period else ""

    def starts_period(self, column: int) -> bool:
        """Whether the month in ``column`` begins a monitoring period after the grid's first
        month (the grid draws a line before it)."""
        month = column - FIRST_MONTH_COL
        if not 0 < month < len(self._months):
            return False
        period = self._periods.get(self._months[month])
        return period is not None and period[1]

    def row_for(self, action_id: int) -> int | None:
        return self._row_of.get(action_id)

    def grid_row(self, row: int) -> GridRow:
        return self._rows[row]

    def month_of(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        col = index.column() - FIRST_MONTH_COL
        return self._months[col] if index.isValid() and 0 <= col < len(self._months) else None

    def column_of(self, month: str) -> int | None:
        return self._months.index(month) + FIRST_MONTH_COL if month in self._months else None

    def action_label(self, row: int) -> str:
        """``"1.1.1.1  Hold two days of training"``: the action column's text."""
        grid_row = self._rows[row]
        return f"{grid_row.number}  {grid_row.title or '(action not described yet)'}"

    def entry_at(self, row: int, column: int) -> tuple[str, str] | None:
        """(status, note) at a row and column (no index objects: the painter's fast path)."""
        month = column - FIRST_MONTH_COL
        if not 0 <= month < len(self._months) or not 0 <= row < len(self._rows):
            return None
        return self._rows[row].statuses.get(self._months[month])

    def entry(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str] | None:
        """(status, note) of a month cell, or None where nothing is recorded."""
        month = self.month_of(index)
        if month is None:
            return None
        return self._rows[index.row()].statuses.get(month)

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_MONTH_COL + len(self._months)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() >= FIRST_MONTH_COL and not self._readonly:
            return _EDITABLE
        return _SELECTABLE

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if index.column() == COL_ACTION:
            return self._action_data(row, role)
        month = self.month_of(index)
        if month is None:
            return None
        status, note = row.statuses.get(month, ("", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            return status_text(status)
        if role in (Qt.ItemDataRole.EditRole, STATUS_ROLE):
            return status
        if role == NOTE_ROLE:
            return note
        if role == REF_ROLE:
            return row.ref
        if role == MONTH_ROLE:
            return month
        if role == Qt.ItemDataRole.BackgroundRole and status:
            return QColor(STATUS_STYLE[status][0])
        if role == Qt.ItemDataRole.ForegroundRole and status:
            return QColor(STATUS_STYLE[status][2])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            words = monitoring.STATUS_LABELS.get(status, "no status yet")
            text = f"Action {row.number}, {month_label(month)}: {words}"
            return f"{text}. Note: {note}" if note else text
        return None

    def _action_data(self, row: GridRow, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.action_label(self._row_of[row.action_id])
        if role == REF_ROLE:
            return row.ref
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"Action {row.number}: {row.title or '(not described yet)'}"]
            if row.person:
                parts.append(f"Person responsible: {row.person}")
            if row.timeline:
                parts.append(f"Timeline: {row.timeline}")
            return "\n".join(parts)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.action_label(section)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._action_data(self._rows[section], role)
            return None
        if section == COL_ACTION:
            return "Action" if role == Qt.ItemDataRole.DisplayRole else None
        col = section - FIRST_MONTH_COL
        if not 0 <= col < len(self._months):
            return None
        month = self._months[col]
        if role == Qt.ItemDataRole.DisplayRole:
            return month_label(month)
        if role == Qt.ItemDataRole.ToolTipRole:
            now = " (this month)" if month == self._current else ""
            period = self._periods.get(month)
            where = f"{period[0]}" if period else "in no monitoring period"
            return f"{month_label(month)}, {where}{now}"
        if role == Qt.ItemDataRole.FontRole and month == self._current:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        month = self.month_of(index)
        if month is None:
            return False
        action_id = self._rows[index.row()].action_id
        if role == NOTE_ROLE:
            if self.entry(index) is None:
                return False
            change = self._controller.run(
                lambda s: monitoring.set_status_note(s, action_id, month, str(value))
            )
            return change is not None
        if role not in (Qt.ItemDataRole.EditRole, STATUS_ROLE):
            return False
        status = str(value or "")
        if status and status not in STATUS_STYLE:
            return False
        if status:
            change = self._controller.run(
                lambda s: operations.set_action_status(s, action_id, month, status)
            )
        else:
            change = self._controller.run(
                lambda s: monitoring.clear_action_status(s, action_id, month)
            )
        return change is not None

    def cycle(self, index: QModelIndex | QPersistentModelIndex, step: int = 1) -> bool:
        """One click: the next status in the cycle (``step=-1`` goes back)."""
        current = (self.entry(index) or ("", ""))[0]
        return self.setData(index, monitoring.next_status(current or None, step))
