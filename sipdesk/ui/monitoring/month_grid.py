"""The monthly action-status grid of step 6: one row per action, one column per plan month.

Built for a ten-minute check-in: a click on a month cell cycles its status, Space does the same
from the keyboard, 1–4 (or N, O, B, D) set a status and move to the next action, Delete clears
it and Enter asks for the cell's note. Every change goes through the controller, so it is one
undo step and is on disk at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QStaticText,
    QTextLayout,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from sipdesk.services import monitoring, operations, outline
from sipdesk.services.progress import is_plan_month, plan_months, plan_start
from sipdesk.services.values import month_label, timeline_text
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
KEY_STATUS: dict[int, str] = {
    Qt.Key.Key_1: "not_started",
    Qt.Key.Key_N: "not_started",
    Qt.Key.Key_2: "on_track",
    Qt.Key.Key_O: "on_track",
    Qt.Key.Key_3: "behind",
    Qt.Key.Key_B: "behind",
    Qt.Key.Key_4: "done",
    Qt.Key.Key_D: "done",
}


_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
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
        self._row_of: dict[int, int] = {}
        # status row id → (action, month), worked out when a change first needs it
        self._status_at: dict[int, tuple[int, str]] | None = None
        self._readonly = controller.readonly
        self.generation = 0  # goes up whenever the rows (their names) may have changed

    # ----------------------------------------------------------------- loading
    def load(self, doc: dict[str, Any]) -> None:
        """Show ``doc``. The same actions and months only repaint (keeping the current cell);
        anything else resets the model."""
        stored = doc.get("profile", {}).get("first_month")
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
            return f"{month_label(month)}, quarter {col // 3 + 1}{now}"
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


class StatusDelegate(QStyledItemDelegate):
    """Paints a month cell as a coloured pill with glyph and words, a corner mark for a note,
    and a thick focus frame so the current cell is plain from across a room.

    A meeting scrolls this grid a lot, so painting is cheap: each pill (status × size × font ×
    note mark) is drawn once into a cached pixmap and then only copied, and the cells read the
    model's rows directly instead of asking for each role through Qt.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Pills by (status, note mark, width, height); cleared when font, palette or screen
        # change (the view calls clear_cache), so no per-cell font or colour lookups.
        self._pills: dict[tuple[str, bool, int, int], QPixmap] = {}
        self._elided: dict[tuple[str, int], QStaticText] = {}
        self.row_height = 0  # a one-line row; pills in taller rows keep this height

    def clear_cache(self) -> None:
        self._pills.clear()
        self._elided.clear()

    def _pill(
        self, status: str, note: bool, width: int, height: int, option: QStyleOptionViewItem
    ) -> QPixmap:
        key = (status, note, width, height)
        cached = self._pills.get(key)
        if cached is not None:
            return cached
        font: QFont = option.font
        widget = option.widget
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        mark = option.palette.color(QPalette.ColorRole.Text)
        pixmap = QPixmap(int(width * dpr), int(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(font)
        fill, border, text, _glyph = STATUS_STYLE[status]
        painter.setPen(QPen(QColor(border), 1))
        painter.setBrush(QColor(fill))
        radius = height / 4
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), radius, radius)
        painter.setPen(QColor(text))
        label = QFontMetrics(font).elidedText(
            status_text(status), Qt.TextElideMode.ElideRight, width - 4
        )
        painter.drawText(QRect(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter), label)
        if note:
            size = max(6, height // 3)
            corner = QPainterPath()
            corner.moveTo(width - size, 0)
            corner.lineTo(width, 0)
            corner.lineTo(width, size)
            corner.closeSubpath()
            painter.fillPath(corner, mark)
        painter.end()
        if len(self._pills) > 256:  # widths change with the window; never grow without bound
            self._pills.clear()
        self._pills[key] = pixmap
        return pixmap

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        if not isinstance(model, MonthGridModel):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        state = option.state.value
        if state & _SELECTED:
            painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Highlight).lighter(170))
        row, column = index.row(), index.column()
        if column < FIRST_MONTH_COL:
            self._paint_action(painter, option, model.action_label(row), rect)
        else:
            entry = model.entry_at(row, column)
            if entry is not None:
                line = min(rect.height(), self.row_height or rect.height())
                pad = max(2, line // 10)
                width, height = rect.width() - 2 * pad, line - 2 * pad
                if width > 4 and height > 4:
                    pixmap = self._pill(entry[0], bool(entry[1]), width, height, option)
                    top = rect.top() + (rect.height() - height) // 2
                    painter.drawPixmap(rect.left() + pad, top, pixmap)
        if state & _FOCUS:
            line = max(2, rect.height() // 12)
            painter.save()
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), line))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = line // 2
            painter.drawRect(rect.adjusted(half, half, -half - 1, -half - 1))
            painter.restore()

    def _paint_action(
        self, painter: QPainter, option: QStyleOptionViewItem, text: str, rect: QRect
    ) -> None:
        pad = max(4, rect.height() // 6)
        width = rect.width() - 2 * pad
        key = (text, width)
        label = self._elided.get(key)
        if label is None:
            metrics = QFontMetrics(option.font)
            label = QStaticText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.prepare(QTransform(), option.font)
            if len(self._elided) > 4096:
                self._elided.clear()
            self._elided[key] = label
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        top = rect.top() + (rect.height() - int(label.size().height())) // 2
        painter.drawStaticText(rect.left() + pad, top, label)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        if index.column() < FIRST_MONTH_COL:
            return super().sizeHint(option, index)
        metrics = option.fontMetrics
        return QSize(
            metrics.horizontalAdvance(status_text("not_started")) + metrics.height(),
            int(metrics.height() * 1.9),
        )


class ActionHeader(QHeaderView):
    """The grid's row headers: each action's number and name. Being the vertical header, it
    stays put when the months scroll sideways, so the row is always known at any zoom.

    A name that does not fit wraps onto a second line under itself (the number hangs to its
    left) and only then is elided; its row grows to hold the two lines (``fit_rows``), other
    rows stay one line high. The column is ``chars`` average characters wide — drag its right
    edge to make it wider or narrower (double-click the edge for the default); the width is
    kept in characters, so it follows the presentation zoom.
    """

    CHARS = 34
    MIN_CHARS, MAX_CHARS = 14, 90
    LINES = 2
    GRIP = 6  # px inside the right edge that start a resize

    width_changed = Signal(int)  # the new width in characters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHighlightSections(True)
        self.setSectionsClickable(True)
        self.setMouseTracking(True)
        self.chars = self.CHARS
        self._drag_from: tuple[int, int] | None = None  # (press x, width then)
        # (number, title, width) → (number text, lines of the name)
        self._texts: dict[tuple[str, str, int], tuple[QStaticText, list[QStaticText]]] = {}
        self._fitted: tuple[int, int, int, str] | None = None  # what fit_rows last measured

    # ----------------------------------------------------------------- width
    def sizeHint(self) -> QSize:
        # Qt's own hint measures the sections' texts (every action's whole name); the width
        # is ours in characters and the height of one row is all a layout needs.
        return QSize(self.fontMetrics().averageCharWidth() * self.chars, self.defaultSectionSize())

    def set_chars(self, chars: int) -> None:
        chars = max(self.MIN_CHARS, min(self.MAX_CHARS, chars))
        if chars == self.chars:
            return
        self.chars = chars
        self.updateGeometry()
        view = self.parentWidget()
        if isinstance(view, MonthGridView):
            view.updateGeometries()
            self.fit_rows()
        self.width_changed.emit(chars)

    def _on_grip(self, x: int) -> bool:
        return 0 <= self.width() - x <= self.GRIP

    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and self._on_grip(x):
            self._drag_from = (x, self.width())
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = int(event.position().x())
        if self._drag_from is not None:
            start, width = self._drag_from
            unit = max(1, self.fontMetrics().averageCharWidth())
            self.set_chars(round((width + x - start) / unit))
            return
        if self._on_grip(x):
            self.setCursor(Qt.CursorShape.SplitHCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._on_grip(int(event.position().x())):
            self.set_chars(self.CHARS)
            return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._drag_from is None:
            self.unsetCursor()
        super().leaveEvent(event)

    # ----------------------------------------------------------------- text
    def clear_cache(self) -> None:
        self._texts.clear()
        self._fitted = None

    def _pad(self, height: int) -> int:
        return max(4, height // 6)

    def _wrap(self, title: str, width: int) -> list[str]:
        """The name in at most ``LINES`` lines of ``width`` px, the last one elided."""
        metrics = QFontMetrics(self.font())
        # Only the start of a long name can show: lay out no more than LINES lines of the
        # narrowest letters (a name may be 20,000 characters long).
        most = (self.LINES + 1) * max(1, width) // max(1, metrics.horizontalAdvance("i"))
        title = title[: most + 1]
        if metrics.horizontalAdvance(title) <= width:
            return [title]
        layout = QTextLayout(title, self.font())
        option = QTextOption()
        # A word wider than the column breaks too, so a name that does not fit on one line
        # always takes two (``lines_of`` counts on it).
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            starts.append(line.textStart())
        layout.endLayout()
        lines = []
        for i, start in enumerate(starts[: self.LINES]):
            last = i == self.LINES - 1 or i == len(starts) - 1
            end = len(title) if last else starts[i + 1]
            part = title[start:end].strip()
            if last:
                part = metrics.elidedText(part, Qt.TextElideMode.ElideRight, width)
            lines.append(part)
        return lines

    def _label(self, row: GridRow) -> tuple[QStaticText, list[QStaticText]]:
        width = self.width() - 2 * self._pad(self.defaultSectionSize())
        key = (row.number, row.title, width)
        cached = self._texts.get(key)
        if cached is not None:
            return cached
        metrics = QFontMetrics(self.font())
        number = f"{row.number}  "
        room = width - metrics.horizontalAdvance(number)
        title = row.title or "(action not described yet)"
        statics = []
        for text in [number, *self._wrap(title, room)]:
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self.font())
            statics.append(static)
        if len(self._texts) > 4096:
            self._texts.clear()
        label = (statics[0], statics[1:])
        self._texts[key] = label
        return label

    def lines_of(self, row: int) -> int:
        """How many lines row ``row``'s name takes at the current width (1 or 2): one when it
        fits on one line, else two (measured without laying the name out, which waits for
        the row to be painted)."""
        model = self.model()
        if not isinstance(model, MonthGridModel) or not 0 <= row < model.rowCount():
            return 1
        grid_row = model.grid_row(row)
        metrics = QFontMetrics(self.font())
        width = self.width() - 2 * self._pad(self.defaultSectionSize())
        room = width - metrics.horizontalAdvance(f"{grid_row.number}  ")
        title = grid_row.title or "(action not described yet)"
        most = 2 * max(1, room) // max(1, metrics.horizontalAdvance("i"))
        return 1 if metrics.horizontalAdvance(title[: most + 1]) <= room else self.LINES

    def row_height(self, lines: int) -> int:
        base = self.defaultSectionSize()
        if lines <= 1:
            return base
        spacing = QFontMetrics(self.font()).lineSpacing()
        return max(base, lines * spacing + 2 * self._pad(base))

    def fit_rows(self) -> None:
        """Rows whose name wraps are two lines high; the others the default height.

        Measured again only when the names, the width or the font changed: showing the page
        asks for a fit several times (new model, reset, font from the style sheet), and each
        one measures every action's name.
        """
        model = self.model()
        if not isinstance(model, MonthGridModel):
            return
        key = (model.generation, self.width(), self.defaultSectionSize(), self.font().key())
        if key == self._fitted:
            return
        self._fitted = key
        for row in range(model.rowCount()):
            height = self.row_height(self.lines_of(row))
            if self.sectionSize(row) != height:
                self.resizeSection(row, height)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        model = self.model()
        palette = self.palette()
        view = self.parentWidget()
        current = isinstance(view, QTableView) and view.currentIndex().row() == logicalIndex
        role = QPalette.ColorRole.Highlight if current else QPalette.ColorRole.Window
        painter.fillRect(rect, palette.color(role))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if not isinstance(model, MonthGridModel) or not 0 <= logicalIndex < model.rowCount():
            return
        number, lines = self._label(model.grid_row(logicalIndex))
        text_role = QPalette.ColorRole.HighlightedText if current else QPalette.ColorRole.WindowText
        painter.setPen(palette.color(text_role))
        spacing = QFontMetrics(self.font()).lineSpacing()
        height = int(number.size().height()) + spacing * (len(lines) - 1)
        top = rect.top() + (rect.height() - height) // 2
        left = rect.left() + self._pad(self.defaultSectionSize())
        painter.drawStaticText(left, top, number)
        indent = left + int(number.size().width())
        for i, line in enumerate(lines):
            painter.drawStaticText(indent, top + i * spacing, line)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.clear_cache()
            self.updateGeometry()
            # The header's width follows its font; have the view move its cells over.
            view = self.parentWidget()
            if isinstance(view, MonthGridView):
                QTimer.singleShot(0, view, view.updateGeometries)


class MonthGridView(QTableView):
    """The grid's keyboard and mouse: Space / click cycle, 1–4 or N/O/B/D set and move down,
    Delete clears, Enter asks for the note (``note_requested``)."""

    note_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(StatusDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the next control
        self.setWordWrap(False)
        self.setShowGrid(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Whole months fill the width and follow the chosen month (← → and the page's month
        # chooser move them): no sideways scroll bar on a projector's narrow screen.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalHeader(ActionHeader(self))
        self.horizontalHeader().setHighlightSections(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_self_context_menu)
        self.clicked.connect(self._on_self_clicked)
        self._month_width = self._month_tight = 0
        self._fit_months = QTimer(self)
        self._fit_months.setSingleShot(True)
        self._fit_months.setInterval(0)
        self._fit_months.timeout.connect(self.fit_month_widths)
        self.setAccessibleName("Monthly action status grid")
        self.setAccessibleDescription(
            "Rows are actions, columns are months. Space or a click moves a cell to the next "
            "status; 1 not started, 2 on track, 3 behind, 4 done; Delete clears; Enter edits "
            "the note."
        )

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_to_font)
            model.dataChanged.connect(self._on_model_data_changed)
        self.fit_to_font()

    def action_header(self) -> ActionHeader:
        header = self.verticalHeader()
        assert isinstance(header, ActionHeader)
        return header

    def _on_model_data_changed(self, top_left: QModelIndex, *_args: object) -> None:
        # A reload can rename actions (the range starts at the name column); a status click
        # (one month cell) cannot, and must stay cheap.
        if top_left.column() <= COL_ACTION:
            self.action_header().fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_months.start()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport narrows when the vertical scroll bar appears: share the width again.
        if event.type() == QEvent.Type.Resize:
            self._fit_months.start()
        return super().viewportEvent(event)

    def _month_columns(self) -> range:
        model = self.grid_model()
        return range(FIRST_MONTH_COL, model.columnCount() if model is not None else 0)

    def fit_month_widths(self) -> None:
        """Months as wide as their statuses need, widened a little so that a whole number of
        them fill the view: scrolled to a month, no month is cut in half at either edge."""
        self._fit_months.stop()
        months = self._month_columns()
        if not months:
            return
        least = self._month_width
        room = self.viewport().width()
        if least <= 0 or len(months) * least <= room:
            width = max(least, 1)
        else:
            fits = max(1, room // least)
            # One more month when it can still show every status whole (less air around it)
            # rather than widening the few that fit by much.
            if room // (fits + 1) >= self._month_tight:
                fits += 1
            width = room // fits
        header = self.horizontalHeader()
        for col in months:
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)
        # The selected month in view, whole, with the months before it (from the first one
        # whenever it fits beside them: a view first laid out small may have scrolled).
        current = self.currentIndex()
        if current.isValid() and current.column() >= FIRST_MONTH_COL:
            self._scroll_whole_months_to(current.column())

    def _scroll_whole_months_to(self, col: int) -> None:
        # Qt brings the scroll range up to date with new month widths a turn later (on a
        # timer); until then a far month would be clamped short of whole, and stay cut.
        self.updateGeometries()
        self.horizontalScrollBar().setValue(self._whole_months_to(col))

    def _whole_months_to(self, col: int) -> int:
        """The scroll position that shows month ``col`` whole at the right with as many whole
        months before it as fit (the last few months, this one included), starting at the
        left edge of a month."""
        header = self.horizontalHeader()
        room = self.viewport().width() - header.sectionSize(col)
        first = col
        while first - 1 >= FIRST_MONTH_COL and header.sectionSize(first - 1) <= room:
            first -= 1
            room -= header.sectionSize(first)
        return min(header.sectionPosition(first), self.horizontalScrollBar().maximum())

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        bar = self.horizontalScrollBar()
        before = bar.value()
        super().scrollTo(index, hint)  # the rows as Qt scrolls them
        if not index.isValid() or index.column() < FIRST_MONTH_COL:
            return
        header = self.horizontalHeader()
        left = header.sectionPosition(index.column()) - before
        if left >= 0 and left + header.sectionSize(index.column()) <= self.viewport().width():
            bar.setValue(before)  # in view already: the months stay put
        else:
            # Qt would stop wherever the month just comes into view, cutting the month at
            # the other edge in two: move by whole months instead.
            self._scroll_whole_months_to(index.column())

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        header = self.verticalHeader()
        for index in (previous, current):
            if index.isValid():
                header.updateSection(index.row())

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)  # the theme draws the month titles semi-bold
        return bold

    def grid_model(self) -> MonthGridModel | None:
        model = self.model()
        return model if isinstance(model, MonthGridModel) else None

    def fit_to_font(self) -> None:
        """Row height and month widths from the current font (presentation zoom included)."""
        metrics = self.fontMetrics()
        row_height = int(metrics.height() * 1.9)
        self.verticalHeader().setDefaultSectionSize(row_height)
        delegate = self.itemDelegate()
        if isinstance(delegate, StatusDelegate):
            delegate.row_height = row_height
        model = self.grid_model()
        if model is None:
            return
        header = self.horizontalHeader()
        titles = QFontMetrics(self._bold(header.font()))
        months = range(FIRST_MONTH_COL, model.columnCount())
        widest = max(
            [metrics.horizontalAdvance(status_text(status)) for status in monitoring.STATUS_CYCLE]
            + [
                titles.horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal)))
                for col in months
            ]
        )
        self._month_width = widest + metrics.height() * 2
        self._month_tight = widest + metrics.height()
        for col in months:
            header.resizeSection(col, self._month_width)
        # The actions are named in the row headers, which stay put while months scroll.
        self.setColumnHidden(COL_ACTION, True)
        self.verticalHeader().updateGeometry()
        self.updateGeometries()  # the row headers may be wider now: move the cells over
        self.action_header().fit_rows()
        self._fit_months.start()  # once the view has its new size

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, StatusDelegate):
                delegate.clear_cache()
            if kind == QEvent.Type.FontChange:
                self.fit_to_font()

    # ----------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.grid_model()
        index = self.currentIndex()
        month_cell = model is not None and index.isValid() and index.column() >= FIRST_MONTH_COL
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if model is not None and month_cell and plain:
            if key == Qt.Key.Key_Space:
                model.cycle(index, -1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
                return
            if int(key) in KEY_STATUS and mods == Qt.KeyboardModifier.NoModifier:
                model.setData(index, KEY_STATUS[int(key)])
                below = model.index(index.row() + 1, index.column())
                if below.isValid():
                    self.setCurrentIndex(below)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                model.setData(index, "")
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.note_requested.emit(index)
                return
        super().keyPressEvent(event)

    def _on_self_clicked(self, index: QModelIndex) -> None:
        model = self.grid_model()
        if model is None or index.column() < FIRST_MONTH_COL:
            return
        from PySide6.QtWidgets import QApplication

        backwards = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        model.cycle(index, -1 if backwards else 1)

    def _on_self_context_menu(self, pos: QPoint) -> None:
        model = self.grid_model()
        index = self.indexAt(pos)
        if model is None or not index.isValid() or index.column() < FIRST_MONTH_COL:
            return
        self.setCurrentIndex(index)
        menu = QMenu(self)
        target = QPersistentModelIndex(index)
        for status in monitoring.STATUS_CYCLE:
            action = QAction(status_text(status), menu)
            action.triggered.connect(lambda _checked=False, s=status: model.setData(target, s))
            menu.addAction(action)
        menu.addSeparator()
        note = menu.addAction("Edit note…")
        note.setEnabled(model.entry(index) is not None)
        note.triggered.connect(lambda: self.note_requested.emit(index))
        clear = menu.addAction("Clear")
        clear.triggered.connect(lambda: model.setData(index, ""))
        menu.popup(self.viewport().mapToGlobal(pos))
