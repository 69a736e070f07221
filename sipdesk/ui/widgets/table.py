"""An ordered, editable table of plan rows: add, remove, reorder, edit in place — all undoable.

:class:`RowTableModel` shows the rows of one plan table (optionally only those under a parent,
e.g. the measures of one goal) and keeps itself current: field edits arrive through the
controller's ``values_changed`` signal, and when rows are added, removed or moved (by anyone,
including undo) it re-reads just its own rows. ``setData`` stores through the controller, so
every cell edit is one named undo step. :class:`TableEditor` puts the model in a view with
Add / Remove / Move up / Move down buttons and keyboard shortcuts::

    columns = [
        Column("name", "Name"),
        Column("title", "Position"),
        Column("plan_role", "Role in the plan"),
    ]
    team = TableEditor(controller, TeamMember, columns, noun="team member",
                       title="Leadership team")
    team.model.reload()                      # or model.set_rows(plan["team"])

    measures = TableEditor(controller, Measure, measure_columns, noun="measure",
                           title="Goal 1 measures", scope={"goal_id": goal_id})

Column kinds: ``text`` (default), ``bool`` (a check box), ``date`` (a date picker, may be
empty), ``choice`` (``choices=[(value, label), ...]``) and ``int``. Keys: Insert adds a row,
Delete removes the selected row (undoable), Alt+Up / Alt+Down move it, F2 or typing edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from sipdesk.models import Base
from sipdesk.models.base import table_of
from sipdesk.services import edits
from sipdesk.services.edits import Change
from sipdesk.ui.controller import PlanController, RowValues
from sipdesk.ui.widgets.batches import size_rows
from sipdesk.ui.widgets.binding import reshapes
from sipdesk.ui.widgets.fields import DATE_FORMAT, DateEdit, to_date, to_qdate
from sipdesk.ui.widgets.wrapping import WrapDelegate, shown_text

Index = QModelIndex | QPersistentModelIndex
# Rows sized at once when a table is refitted; a longer table sizes the rest in slices.
EAGER_ROWS = 60
# A long table's fitted column is as wide as the widest of this many texts (by their plain
# width; a cell's delegate may add a little, so a few are measured in full).
WIDEST_ROWS = 8


@dataclass(frozen=True)
class Column:
    """One column: the row field it shows, its header and how it is edited."""

    key: str
    title: str
    kind: str = "text"  # text | bool | date | choice | int
    choices: tuple[tuple[str, str], ...] = ()
    editable: bool = True
    stretch: bool = True  # share the spare width (False: fit the contents)
    weight: int = 1  # a stretching column's share of the spare width, against the others'
    placeholder: str = ""

    def label_of(self, value: Any) -> str:
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value or ""))
        if self.kind == "date":
            day = to_date(value)
            return to_qdate(day).toString(DATE_FORMAT) if day else ""
        if self.kind == "bool":
            return ""
        return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel):
    """Rows of ``model`` (plain dicts with ``id``) in their hand-made order."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    rows_reloaded = Signal()

    def __init__(
        self,
        controller: PlanController,
        model: type[Base],
        columns: Sequence[Column],
        *,
        noun: str,
        scope: Mapping[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = model
        self.table = table_of(model)
        self.columns = list(columns)
        self.noun = noun
        self.scope = dict(scope or {})
        self._rows: list[dict[str, Any]] = []
        controller.values_changed.connect(self._on_controller_values_changed)
        controller.changed.connect(self._on_controller_changed)

    # ----------------------------------------------------------------- rows
    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Show these rows (e.g. from ``controller.plan()``), in the order given."""
        self.beginResetModel()
        self._rows = [self._normal(row) for row in rows]
        self.endResetModel()
        self.rows_reloaded.emit()

    def reload(self) -> None:
        """Re-read this table's rows (within the scope) from the plan."""
        t = self.table
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

    def _normal(self, row: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(row)
        for column in self.columns:
            if column.kind == "date" and column.key in out:
                out[column.key] = to_date(out[column.key])
        return out

    def row_id(self, row: int) -> int:
        return int(self._rows[row]["id"])

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r["id"] == row_id), None)

    def row_values(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def ids(self) -> list[int]:
        return [int(r["id"]) for r in self._rows]

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
            return None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        value = row.get(column.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.label_of(value) if column.kind != "bool" else None
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "date":
                return to_qdate(value)
            if column.kind == "int":
                return int(value or 0)
            return value if column.kind in ("choice", "bool") else str(value or "")
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column.kind == "bool":
                return f"{column.title}: {'yes' if value else 'no'}"
            return f"{column.title}: {column.label_of(value) or 'empty'}"
        if role == self.ID_ROLE:
            return row["id"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.editable and not self.controller.readonly:
            if column.kind == "bool":
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        if column.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            stored: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.kind == "date":
            stored = to_date(value.toPython() if hasattr(value, "toPython") else value)
            if stored is not None and stored <= dt.date(1900, 1, 1):
                stored = None
        elif column.kind == "int":
            stored = int(value)
        else:
            stored = value
        label = f"Edit {self.noun}" if column.kind != "bool" else f"Change {self.noun}"
        change = self.controller.set_field(
            self.model, self.row_id(index.row()), label, **{column.key: stored}
        )
        return change is not None

    # ----------------------------------------------------------------- edits
    def add_row(self, values: Mapping[str, Any] | None = None, index: int | None = None) -> int:
        """Add a row (at ``index``, default last); returns its id, or -1 if refused."""
        data = {**self.scope, **(values or {})}
        change = self.controller.run(
            lambda s: edits.insert_row(s, self.model, f"Add {self.noun}", data, index=index)
        )
        created = change.created_id(self.table.name) if change else None
        return -1 if created is None else created

    def remove_row(self, row: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(
            lambda s: edits.delete_row(s, self.model, row_id, f"Remove {self.noun}")
        )

    def move_row(self, row: int, to: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(
            lambda s: edits.move_row(s, self.model, row_id, to, f"Move {self.noun}")
        )

    # ----------------------------------------------------------------- following the plan
    def _on_controller_values_changed(self, values: RowValues) -> None:
        for (table, row_id), row in values.items():
            if table != self.table.name or row is None:
                continue
            at = self.row_of(row_id)
            if at is None:
                continue
            self._rows[at].update(self._normal(row))
            left = self.index(at, 0)
            right = self.index(at, len(self.columns) - 1)
            self.dataChanged.emit(left, right)

    def _on_controller_changed(self, change: Change | None) -> None:
        if change is not None and reshapes(change, [self.table.name]):
            self.reload()


def share_width(room: int, weights: dict[int, int], least: dict[int, int]) -> dict[int, int]:
    """``room`` px shared among columns in proportion to ``weights``, none narrower than its
    ``least``: the columns that need more take it from the others' shares."""
    widths: dict[int, int] = {}
    free = dict(weights)
    left = room
    while free:
        total = sum(free.values())
        short = {c for c, w in free.items() if left * w // total < least.get(c, 0)}
        if not short:
            widths.update({c: left * w // total for c, w in free.items()})
            break
        for column in short:
            widths[column] = least.get(column, 0)
            left = max(0, left - widths[column])
            del free[column]
    used = sum(widths.values())
    if widths and used < room:
        widths[max(widths)] += room - used
    return widths


def _wrap_words(text: str, room: int, width_of: Callable[[str], int]) -> list[str]:
    """``text`` broken between words into lines no wider than ``room`` (a word wider than
    that gets a line of its own), as a header wraps its title."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and width_of(candidate) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


class _PaddedDelegate(WrapDelegate):
    """Wrapping cells (:class:`WrapDelegate`) with a little air above and below their text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + option.fontMetrics.lineSpacing() // 2)


class _DateDelegate(_PaddedDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = DateEdit(parent)
        editor.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        cast(DateEdit, editor).setDate(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        model.setData(index, cast(DateEdit, editor).value(), Qt.ItemDataRole.EditRole)


class _ChoiceDelegate(_PaddedDelegate):
    def __init__(self, column: Column, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName(self.column.title)
        for value, label in self.column.choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        box = cast(QComboBox, editor)
        box.setCurrentIndex(max(0, box.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        model.setData(index, cast(QComboBox, editor).currentData(), Qt.ItemDataRole.EditRole)


class _IntDelegate(_PaddedDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(0, 1_000_000)
        return editor


class _TextDelegate(_PaddedDelegate):
    def __init__(self, column: Column, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(self.column.title)
        if self.column.placeholder and hasattr(editor, "setPlaceholderText"):
            editor.setPlaceholderText(self.column.placeholder)
        return editor


class RowTableView(QTableView):
    """A table that grows to show all its rows (the page scrolls, not the table)."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        # A child timer dies with the view, so a refit never runs on a deleted table.
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.refit)
        # Rows of a long table are sized a slice at a time, so the window never waits long.
        self._next_row = 0
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self._on_measure_timer_timeout)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft
            | Qt.AlignmentFlag.AlignVCenter
            | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._weights: dict[int, int] = {}
        # The table never scrolls itself, so the page must: the cell being typed in stays
        # in view as the table grows under it (a new row at the foot of a long page).
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(0)
        self._follow_timer.timeout.connect(self.reveal_current)
        # Per column, a long table's rows whose text is widest: found once per change.
        self._widest: dict[int, list[int]] = {}

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            for signal in _change_signals(old):
                signal.disconnect(self._forget_widest)
        super().setModel(model)
        self._widest.clear()
        if model is not None:
            for signal in _change_signals(model):
                signal.connect(self._forget_widest)

    def _forget_widest(self, *_: Any) -> None:
        self._widest.clear()

    def set_weights(self, weights: dict[int, int]) -> None:
        """Share the width left by the fitted columns among ``weights``' columns in proportion
        (an indicator needs more room than a year's target; Qt's stretch shares equally)."""
        self._weights = dict(weights)
        header = self.horizontalHeader()
        for section in self._weights:
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Fixed)
        self._distribute()

    def _distribute(self) -> None:
        if not self._weights or self.model() is None:
            return
        header = self.horizontalHeader()
        fitted = sum(
            header.sectionSize(c)
            for c in range(self.model().columnCount())
            if c not in self._weights and not header.isSectionHidden(c)
        )
        room = max(0, self.viewport().width() - fitted)
        least = self._least_widths()
        if sum(least.values()) > room:
            # Too narrow for every column's longest word: plain shares, so the table never
            # scrolls sideways (a long word may then break inside).
            six = self.fontMetrics().averageCharWidth() * 6
            least = dict.fromkeys(least, six)
        widths = share_width(room, self._weights, least)
        for section, width in widths.items():
            if header.sectionSize(section) != width:
                header.resizeSection(section, width)

    def _least_widths(self) -> dict[int, int]:
        """Each shared column's narrowest width: its longest word whole (a measure's
        "benchmark" must never break into "benchma" / "rk"), and never under six letters."""
        model = self.model()
        metrics = self.fontMetrics()
        # the room a cell keeps on each side of its text (see WrapDelegate), and a grid line
        # (the style's text margin and the delegate's own, on each side, and a grid line)
        pad = 4 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2
        least: dict[int, int] = {}
        for column in self._weights:
            widest = 0
            for row in range(model.rowCount()):
                text = shown_text(str(model.index(row, column).data() or ""))
                for word in set(text.split()):
                    widest = max(widest, metrics.horizontalAdvance(word))
            least[column] = max(metrics.averageCharWidth() * 6, widest + pad)
        return least

    def _fit_header(self) -> None:
        """Let long column titles wrap onto a second (or third) line, with the header tall
        enough for them in the font, padding and border the style sheet gives its sections."""
        header = self.horizontalHeader()
        model = self.model()
        if model is None:
            return
        height = 0
        for section in range(model.columnCount()):
            if header.isSectionHidden(section):
                continue
            title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            lines = _wrap_words(title, self._header_text_room(section), self._header_text_width)
            height = max(height, self._header_size("\n".join(lines[:3]) or "X").height())
        if height and header.minimumHeight() != height:
            header.setMinimumHeight(height)

    def _header_size(self, text: str, section: int = 0) -> QSize:
        """The size the style gives a header section showing ``text`` (lines split at "\n")."""
        header = self.horizontalHeader()
        option = QStyleOptionHeader()
        option.initFrom(header)
        option.section = section
        option.text = text
        option.textAlignment = header.defaultAlignment()
        option.orientation = Qt.Orientation.Horizontal
        return header.style().sizeFromContents(
            QStyle.ContentsType.CT_HeaderSection, option, QSize(), header
        )

    def _header_text_width(self, text: str) -> int:
        """How wide ``text`` is in the header's section font (which the style sheet may make
        bolder than the header's own font)."""
        return self._header_size(text).width() - self._header_size("").width()

    def _header_text_room(self, section: int) -> int:
        """The width a section's title wraps in: the section less its padding and border."""
        empty = self._header_size("").width()
        return max(20, self.horizontalHeader().sectionSize(section) - empty)

    def fitted_height(self) -> int:
        rows = self.verticalHeader().length() if self.model() else 0
        empty = self.fontMetrics().lineSpacing() * 2 + 12
        header = max(
            self.horizontalHeader().sizeHint().height(), self.horizontalHeader().minimumHeight()
        )
        frame = self.frameWidth() * 2
        scroll = self.horizontalScrollBar().sizeHint().height()
        extra = scroll if self.horizontalScrollBar().isVisible() else 0
        return header + max(rows, empty) + frame + extra + 2

    def refit(self) -> None:
        """Size the rows to their text and the table to its rows: the first rows now, the
        rest of a long table in slices after (each row keeps its old height till then)."""
        self._refit_timer.stop()
        self._distribute()  # a longer word may have been typed in
        self._fit_header()
        self._next_row = 0
        self._measure_rows(EAGER_ROWS)

    def rows_pending(self) -> bool:
        """Whether rows of a long table are still waiting to be sized."""
        return self._measure_timer.isActive()

    def finish_refit(self) -> None:
        """Size every row still waiting for its turn, now."""
        if self._measure_timer.isActive():
            self._measure_timer.stop()
            self._measure_rows(None)

    def _measure_rows(self, least: int | None) -> None:
        """Size rows from the next one waiting: at least ``least`` of them (None: all), then
        more while the slice's time lasts."""
        self._next_row = row = size_rows(self, self._next_row, least)
        count = self.model().rowCount() if self.model() is not None else 0
        height = self.fitted_height()
        if self.height() != height:
            self.setFixedHeight(height)
        if row < count:
            self._measure_timer.start()

    def _on_measure_timer_timeout(self) -> None:
        self._measure_rows(0)

    def schedule_refit(self) -> None:
        """Refit once the layout has settled (column widths follow the table's width)."""
        if not self._refit_timer.isActive():
            self._refit_timer.start()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        super().scrollTo(index, hint)
        if index.isValid() and index == self.currentIndex():
            self._follow_timer.start()

    def reveal_current(self) -> None:
        """Scroll the page this table sits on so its current cell is in view."""
        index = self.currentIndex()
        area = self._page_area()
        body = area.widget() if area is not None else None
        if not index.isValid() or area is None or body is None:
            return
        cell = self.visualRect(index)
        if cell.isEmpty():
            return
        centre = self.viewport().mapTo(body, cell.center())
        area.ensureVisible(
            centre.x(), centre.y(), min(cell.width() // 2, 40), cell.height() // 2 + 24
        )

    def _page_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def _has_focus_within(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if event.size().height() > event.oldSize().height() and self._has_focus_within():
            # A row was added or grew while someone works in the table: once the page has
            # its new height (on the next turn), its current cell is brought into view.
            self._follow_timer.start()
        self._distribute()
        # Rows follow the columns' widths; a new height is the refit's own doing.
        if event.size().width() != event.oldSize().width():
            self.schedule_refit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fitted_height())

    def sizeHintForColumn(self, column: int) -> int:
        """The width a fitted column needs. Qt asks every row's delegate, which a long table
        pays for on each layout; there, the rows whose text is widest in the view's font are
        found first and only they are asked."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if rows <= EAGER_ROWS:
            return super().sizeHintForColumn(column)
        widest_rows = self._widest.get(column)
        if widest_rows is None:
            metrics = self.fontMetrics()
            display = Qt.ItemDataRole.DisplayRole
            widths = sorted(
                (
                    (
                        metrics.horizontalAdvance(
                            shown_text(str(model.index(r, column).data(display) or ""))
                        ),
                        r,
                    )
                    for r in range(rows)
                ),
                reverse=True,
            )
            widest_rows = self._widest[column] = [row for _width, row in widths[:WIDEST_ROWS]]
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        widest = 0
        for row in widest_rows:
            index = model.index(row, column)
            delegate = self.itemDelegateForIndex(index)
            if delegate is not None:
                widest = max(widest, delegate.sizeHint(option, index).width())
        return widest + (1 if self.showGrid() else 0)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                self.viewport().rect().adjusted(12, 0, -12, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.empty_text,
            )
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widest.clear()
            self.schedule_refit()


def _change_signals(model: QAbstractItemModel) -> tuple[Any, ...]:
    """The signals after which a model's widest rows must be found again."""
    return (
        model.modelReset,
        model.dataChanged,
        model.rowsInserted,
        model.rowsRemoved,
        model.rowsMoved,
        model.layoutChanged,
    )


class TableEditor(QWidget):
    """A :class:`RowTableModel` in a view with Add / Remove / Move up / Move down."""

    row_added = Signal(int)  # the new row's id

    def __init__(
        self,
        controller: PlanController,
        model: type[Base],
        columns: Sequence[Column],
        *,
        noun: str,
        title: str,
        scope: Mapping[str, Any] | None = None,
        new_values: Callable[[], Mapping[str, Any]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.noun = noun
        self.title = title
        self._new_values = new_values
        self.model = RowTableModel(controller, model, columns, noun=noun, scope=scope, parent=self)
        self._build_ui(columns)
        self._connect()
        self._update_buttons()

    def _build_ui(self, columns: Sequence[Column]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.view = RowTableView(
            self, empty_text=f"Nothing here yet. Use “Add {self.noun}” to start the list."
        )
        self.view.setModel(self.model)
        self.view.setItemDelegate(_PaddedDelegate(self.view))
        self.view.setAccessibleName(self.title)
        self.view.setAccessibleDescription(
            f"Table of {self.noun}s. Type to edit a cell; Insert adds, Delete removes, "
            "Alt+Up and Alt+Down move the selected row."
        )
        header = self.view.horizontalHeader()
        for number, column in enumerate(columns):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column.stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(number, mode)
            if column.kind == "date":
                self.view.setItemDelegateForColumn(number, _DateDelegate(self.view))
            elif column.kind == "choice":
                self.view.setItemDelegateForColumn(number, _ChoiceDelegate(column, self.view))
            elif column.kind == "int":
                self.view.setItemDelegateForColumn(number, _IntDelegate(self.view))
            elif column.kind == "text":
                self.view.setItemDelegateForColumn(number, _TextDelegate(column, self.view))
        weights = {n: c.weight for n, c in enumerate(columns) if c.stretch}
        if len(set(weights.values())) > 1:
            self.view.set_weights(weights)
        layout.addWidget(self.view)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.add_button = QPushButton(f"Add {self.noun}", self)
        self.add_button.setAccessibleName(f"Add {self.noun}")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName(f"Remove the selected {self.noun}")
        self.up_button = QPushButton("Move up", self)
        self.up_button.setAccessibleName(f"Move the selected {self.noun} up")
        self.down_button = QPushButton("Move down", self)
        self.down_button.setAccessibleName(f"Move the selected {self.noun} down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setProperty("role", "secondary")
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.view.horizontalHeader().sectionResized.connect(self._on_header_section_resized)
        self.view.installEventFilter(self)
        self._keep_id: int | None = None

    # ----------------------------------------------------------------- selection
    def current_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_id(self, row_id: int, *, edit: bool = False) -> bool:
        """Select the row with ``row_id`` (and start editing its first cell)."""
        at = self.model.row_of(row_id)
        if at is None:
            return False
        index = self.model.index(at, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(at)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if edit:
            self.view.edit(index)
        return True

    def _update_buttons(self, *_: Any) -> None:
        row = self.current_row()
        writable = not self.controller.readonly
        count = self.model.rowCount()
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and row is not None)
        self.up_button.setEnabled(writable and row is not None and row > 0)
        self.down_button.setEnabled(writable and row is not None and row < count - 1)

    # ----------------------------------------------------------------- slots
    def _on_add_button_clicked(self) -> None:
        values = dict(self._new_values()) if self._new_values else {}
        row = self.current_row()
        at = None if row is None else row + 1
        new_id = self.model.add_row(values, at)
        if new_id > 0:
            self.select_id(new_id, edit=True)
            self.row_added.emit(new_id)

    def _on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None:
            return
        following = row if row < self.model.rowCount() - 1 else row - 1
        self.model.remove_row(row)
        if 0 <= following < self.model.rowCount():
            self.view.selectRow(following)
            self.view.setFocus()

    def _move(self, delta: int) -> None:
        row = self.current_row()
        if row is None:
            return
        target = row + delta
        if not 0 <= target < self.model.rowCount():
            return
        row_id = self.model.row_id(row)
        self.model.move_row(row, target)
        self.select_id(row_id)

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_model_about_to_be_reset(self) -> None:
        row = self.current_row()
        self._keep_id = self.model.row_id(row) if row is not None else None

    def _on_model_reset(self) -> None:
        self.view.refit()
        if self._keep_id is not None:
            at = self.model.row_of(self._keep_id)
            if at is not None:
                self.view.selectRow(at)
        self._update_buttons()

    def _on_model_data_changed(self, *_: Any) -> None:
        self.view.schedule_refit()

    def _on_header_section_resized(self, *_: Any) -> None:
        self.view.schedule_refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt may still deliver events while Python tears the editor down (its attributes
        # already gone): nothing to do then.
        if watched is getattr(self, "view", None) and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            editing = self.view.state() == QAbstractItemView.State.EditingState
            if editing or self.controller.readonly:
                return False
            key, mods = key_event.key(), key_event.modifiers()
            if key == Qt.Key.Key_Insert:
                self._on_add_button_clicked()
                return True
            if key == Qt.Key.Key_Delete and not mods:
                self._on_remove_button_clicked()
                return True
            if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return False
