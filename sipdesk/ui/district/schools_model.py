"""The desk's table of schools: its columns (all in :data:`COLUMNS`), its model and its filter.

One row per school, from the facts of its latest received version
(:func:`sipdesk.district.schools.school_rows`). Each column says what a cell shows and the real
value it sorts by, so sorting by findings is by number and by the latest version is by when it
arrived, never by the words shown. A new column (a rubric score, a deadline's state) is one more
:class:`DeskColumn` in :data:`COLUMNS`; nothing else changes.

The model is read-only and takes its rows whole (:meth:`SchoolsModel.set_rows`): the window
reads them on its worker thread and hands them over. :class:`SchoolsFilter` is the view's model:
it filters (the school's name contains the text typed, the status is the one chosen) and passes
a header click's sort to the schools model, which orders its rows by the column's values in
Python (a proxy's own sorting compares through Qt, value by value: 20-50 ms for 200 schools).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from sipdesk.district.intake import name_key
from sipdesk.district.schools import SchoolRow, name_order

Index = QModelIndex | QPersistentModelIndex

# The value a cell sorts by (a number, a time, a folded name), beside the words it shows.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The whole SchoolRow of a row, for opening the school.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

# A plan's status, as the desk says it; the order is the plan's own journey.
STATUS_WORDS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned",  # to the school, with the district's feedback
    "approved": "Approved",
}
STATUS_ORDER = {status: place for place, status in enumerate(STATUS_WORDS)}
NOT_GIVEN = "—"


def status_words(status: str) -> str:
    """``submitted`` → ``Submitted``; a status this SIP Desk does not know, as written."""
    return STATUS_WORDS.get(status, status.strip().capitalize() or NOT_GIVEN)


def local_time(when: dt.datetime) -> dt.datetime:
    """A stored time (UTC, without a zone) in the reader's own time zone."""
    return when.replace(tzinfo=dt.UTC).astimezone()


def received_day(when: dt.datetime) -> str:
    """``5 Dec 2026`` in local time."""
    local = local_time(when)
    return f"{local.day} {local:%b} {local:%Y}"


def received_words(when: dt.datetime, *, with_time: bool = True) -> str:
    """``5 Dec 2026, 14:02`` in local time (``5 Dec`` without the year and time when short)."""
    local = local_time(when)
    if not with_time:
        return f"{local.day} {local:%b}"
    return f"{local.day} {local:%b} {local:%Y}, {local:%H:%M}"


@dataclass(frozen=True)
class DeskColumn:
    """One column of the schools table."""

    key: str
    title: str
    text: Callable[[SchoolRow], str]
    sort: Callable[[SchoolRow], Any]  # a plain value Qt can compare: int, float or str
    numeric: bool = False  # right-aligned
    tip: str = ""  # the header's tooltip: what the column means


def _name_key(row: SchoolRow) -> str:
    return name_key(row.school)


def _name_order(row: SchoolRow) -> str:
    return name_order(row.school)


def _received_key(row: SchoolRow) -> float:
    if row.latest_received is None:  # nothing received yet: before every school that sent one
        return -1.0
    return row.latest_received.replace(tzinfo=dt.UTC).timestamp()


NO_PLAN_YET = "No plan yet"  # a school on the district's list that has sent nothing
NOTHING_YET = "nothing yet"  # the status filter's key for those schools


def _latest_words(row: SchoolRow) -> str:
    if row.latest_received is None:
        return NOT_GIVEN
    return f"{row.latest_version} · {received_day(row.latest_received)}"


# What a reviewer looks at first comes first: when a narrow screen or a projector's large
# text cannot show every column, the ones left to scroll to are the least needed.
COLUMNS: tuple[DeskColumn, ...] = (
    DeskColumn(
        "school",
        "School",
        lambda r: r.school or NOT_GIVEN,
        _name_order,
        tip="The school, as its latest plan names it.",
    ),
    DeskColumn(
        "status",
        "Status",
        lambda r: status_words(r.desk_status) if r.versions else NO_PLAN_YET,
        lambda r: STATUS_ORDER.get(r.desk_status, len(STATUS_ORDER)) if r.versions else -1,
        tip="Where the school's latest plan stands: a draft or submitted by the school, or "
        "returned with feedback or approved by the district (no plan yet: a school on your "
        "list that has not sent one).",
    ),
    DeskColumn(
        "deadline",
        "Deadline",
        lambda r: r.deadline_words or NOT_GIVEN,
        lambda r: r.deadline_urgency[0] * 1_000_000 + r.deadline_urgency[1],
        tip="Where the school stands against the district's timeline: missing, late, due soon "
        "(within two weeks) or on time. Sorted with the most urgent first.",
    ),
    DeskColumn(
        "findings",
        "Findings",
        lambda r: str(r.open_findings) if r.versions else NOT_GIVEN,
        lambda r: r.open_findings if r.versions else -1,
        numeric=True,
        tip="Readiness findings: things the readiness check still finds open in the latest plan.",
    ),
    DeskColumn(
        "score",
        "Rubric",
        lambda r: r.score or NOT_GIVEN,
        lambda r: r.score_share,
        numeric=True,
        tip="The district's rubric score for the latest plan: the levels given, out of the "
        "most they could be (point at a cell for who reviewed it).",
    ),
    DeskColumn(
        "latest",
        "Latest version",
        _latest_words,
        _received_key,
        tip="The number of the latest plan received from the school, and the day it arrived "
        "(point at a cell for the time).",
    ),
    DeskColumn(
        "checkin",
        "Last check-in",
        lambda r: f"{r.last_checkin.day} {r.last_checkin:%b %Y}" if r.last_checkin else NOT_GIVEN,
        lambda r: r.last_checkin.toordinal() if r.last_checkin else 0,
        tip="The day of the district's latest check-in with the school.",
    ),
    DeskColumn(
        "year",
        "School year",
        lambda r: r.school_year or NOT_GIVEN,
        lambda r: r.school_year,
        tip="The school year the latest plan is for.",
    ),
    DeskColumn(
        "versions",
        "Versions",
        lambda r: str(r.versions),
        lambda r: r.versions,
        numeric=True,
        tip="How many versions of the plan the school has sent.",
    ),
)


def column_number(key: str) -> int:
    """The place of the column called ``key`` in :data:`COLUMNS`."""
    return next(number for number, column in enumerate(COLUMNS) if column.key == key)


class SchoolsModel(QAbstractTableModel):
    """Every school on the desk, one row each, in :data:`COLUMNS`.

    While ``renamable``, a school's name can be edited in its cell (F2); the new name is not
    put in the cell but asked for (``rename_asked``): the window renames the school on the desk
    and shows the rows read again."""

    rename_asked = Signal(int, str)  # the school's id, the name typed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.renamable = False
        self._rows: list[SchoolRow] = []
        # Each row's cells worked out once: (words shown, value sorted by), column by column.
        self._cells: list[list[tuple[str, Any]]] = []
        self._sorted_by: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[SchoolRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [[(c.text(row), c.sort(row)) for c in COLUMNS] for row in self._rows]
        self._order_rows(*self._sorted_by)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the column's real values (ties by name, A to Z), in Python: the proxy's
        own sorting asks for two values through Qt per comparison, twenty times slower."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = self._order_rows(column, order)
        after = [self.index(moved[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _order_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Put the rows in order; returns each old row's new place."""
        self._sorted_by = (column, order)
        by_name = sorted(range(len(self._rows)), key=lambda r: self._cells[r][0][1])
        places = sorted(
            by_name,
            key=lambda r: self._cells[r][column][1],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[r] for r in places]
        self._cells = [self._cells[r] for r in places]
        moved = [0] * len(places)
        for new, old in enumerate(places):
            moved[old] = new
        return moved

    def rows(self) -> list[SchoolRow]:
        return list(self._rows)

    def row_at(self, row: int) -> SchoolRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = COLUMNS[index.column()]
        text, key = self._cells[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.EditRole and column.key == "school":
            return self._rows[index.row()].school  # the name as it is, to be renamed
        if role == SORT_ROLE:
            return key
        if role == ROW_ROLE:
            return self._rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "latest":
            row = self._rows[index.row()]
            if row.latest_received is None:
                return "No plan has arrived from this school yet; it is on your list of schools."
            return (
                f"Version {row.latest_version} of {row.versions}, received "
                f"{received_words(row.latest_received)}."
            )
        if role == Qt.ItemDataRole.ToolTipRole and column.key in ("score", "status"):
            row = self._rows[index.row()]
            if row.decision or row.score:
                return f"Reviewed by {row.reviewer or 'the district'}."
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.renamable and COLUMNS[index.column()].key == "school":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name typed in the school's cell: asked for, not kept here (see the class)."""
        if not (index.isValid() and self.renamable and role == Qt.ItemDataRole.EditRole):
            return False
        if COLUMNS[index.column()].key != "school" or not 0 <= index.row() < len(self._rows):
            return False
        self.rename_asked.emit(self._rows[index.row()].school_id, str(value or ""))
        return False


class SchoolsFilter(QSortFilterProxyModel):
    """Sorts by each column's real value (through the schools model); shows the schools whose
    name contains the text typed (case and spacing do not count) and whose status is the one
    chosen ("" for all; :data:`NOTHING_YET` for the listed schools that have sent nothing)."""

    def __init__(self, source: SchoolsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._text = ""
        self._status = ""
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The schools model sorts itself by real values (see :meth:`SchoolsModel.sort`); the
        filter keeps its order."""
        self._source.sort(column, order)

    def set_text(self, text: str) -> None:
        wanted = " ".join(text.split()).casefold()
        if wanted != self._text:
            self.beginFilterChange()
            self._text = wanted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        if status != self._status:
            self.beginFilterChange()
            self._status = status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filtering(self) -> bool:
        return bool(self._text or self._status)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self._source.row_at(source_row)
        if self._status == NOTHING_YET:
            if row.versions:
                return False
        elif self._status and row.status != self._status:
            return False
        return not self._text or self._text in _name_key(row)

    def row_at(self, proxy_row: int) -> SchoolRow:
        """The school shown in ``proxy_row``."""
        return self._source.row_at(self.mapToSource(self.index(proxy_row, 0)).row())
