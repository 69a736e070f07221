"""Dot voting: how many dots each member has, and the causes ranked by votes.

Votes are placed on the canvas (click a cause, or + / −, for the chosen voter) or typed here as
a number in the "Typed" column. Root causes are marked ★ and can be ticked from here.

The cause is what people read, so its column takes the room and wraps; the numbers and the
root-cause tick keep to narrow columns whose headers explain themselves as tooltips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.limits import MAX_DOTS_PER_MEMBER
from sipdesk.models.tables import PLAN_PROFILE
from sipdesk.services import root_causes as rc
from sipdesk.ui.fishbone.drawing import ROOT_MARK
from sipdesk.ui.fishbone.elided_combo import ElidedComboBox
from sipdesk.ui.widgets.binding import FieldBinding
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.services.root_causes import RankedCause
    from sipdesk.ui.controller import PlanController

Index = QModelIndex | QPersistentModelIndex
ALL_FISHBONES = -1
CAUSE_MIN_EM = 22  # the cause column never gets narrower than this: below it the table scrolls
SIZE_SAMPLE_ROWS = 200  # rows read to size the category column
MAX_SAMPLE_CHARS = 200  # characters of a name measured
MAX_WORD_CHARS = 40
SHOWN_CHARS = 300  # a cause's text in its cell (two lines at most)
TIP_CHARS = 2000  # and in its tooltip
MEMBERS_SHOWN = 12  # members named in the "dots left" line


def shortened(text: str, chars: int) -> str:
    """``text`` stripped, cut to ``chars`` characters with an ellipsis when longer."""
    text = text[: chars * 2].strip()
    return text if len(text) <= chars else text[: chars - 1] + "…"


class RankingModel(QAbstractTableModel):
    """Causes by votes, most first. Typed votes are editable; the root mark is checkable."""

    COL_RANK, COL_CAUSE, COL_CATEGORY, COL_DOTS, COL_TALLY, COL_TOTAL, COL_ROOT = range(7)
    HEADERS = ("Rank", "Cause", "Category", "Dots", "Typed", "Total", "Root")
    HEADER_TIPS = (
        "Rank by votes: equal votes share a rank",
        "The cause (★ marks a root cause)",
        "The category (bone) it hangs on",
        "Dots the team placed on the diagram",
        "Typed votes: a number typed in, e.g. from a show of hands; double-click to change",
        "Dots and typed votes together",
        "Root cause: tick to mark it",
    )
    CAUSE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
    COUNT_COLUMNS = (COL_RANK, COL_DOTS, COL_TALLY, COL_TOTAL)

    def __init__(self, controller: PlanController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._rows: list[RankedCause] = []
        self._ranks: list[int] = []
        self._keys: dict[int, str] | None = None  # a round's cause keys, tallies hidden

    def set_rows(self, rows: list[RankedCause], keys: dict[int, str] | None = None) -> None:
        """``keys``: a voting round keeps its tallies hidden; the first column shows each
        cause's key instead of its rank, and the rows keep the diagram's order."""
        self.beginResetModel()
        self._keys = keys
        self._rows = list(rows)
        self._ranks = []
        for i, row in enumerate(self._rows):
            # Equal votes share a rank (1, 2, 2, 4).
            same = i and row.votes == self._rows[i - 1].votes
            self._ranks.append(self._ranks[-1] if same else i + 1)
        self.endResetModel()

    def cause_at(self, row: int) -> RankedCause:
        return self._rows[row]

    def row_of(self, cause_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.cause_id == cause_id:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.COL_RANK and self._keys is not None:
                return "Key"
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role == self.CAUSE_ID_ROLE:
            return item.cause_id
        if role == Qt.ItemDataRole.DisplayRole and col in self.COUNT_COLUMNS:
            # A count shows as its text (a cell shows text); an editor starts from the number.
            return str(self.data(index, Qt.ItemDataRole.EditRole))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.COL_RANK:
                if self._keys is not None:
                    return self._keys.get(item.cause_id, "")
                return self._ranks[index.row()]
            if col == self.COL_CAUSE:
                text = shortened(item.text, SHOWN_CHARS) or "(untitled cause)"
                indent = "    " * min(item.depth, 10)
                return f"{indent}{ROOT_MARK if item.is_root else ''}{text}"
            if col == self.COL_CATEGORY:
                return item.category
            if col == self.COL_DOTS:
                return item.dots
            if col == self.COL_TALLY:
                return item.tally
            if col == self.COL_TOTAL:
                return item.votes
            if col == self.COL_ROOT:
                return ""  # the tick says it; the cause's ★ too
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.COL_ROOT:
            return "Root cause" if item.is_root else "Not a root cause"
        if role == Qt.ItemDataRole.CheckStateRole and col == self.COL_ROOT:
            return Qt.CheckState.Checked if item.is_root else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and item.is_root and col == self.COL_CAUSE:
            font = QFont()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_CAUSE:
            return f"{shortened(item.text, TIP_CHARS)}\n{item.problem} · {item.category}"
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_ROOT:
            return "Root cause" if item.is_root else "Tick to mark it as a root cause"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            self.COL_RANK,
            self.COL_DOTS,
            self.COL_TALLY,
            self.COL_TOTAL,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self.controller.readonly:
            return base
        if index.column() == self.COL_TALLY and self._keys is None:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.COL_ROOT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        item = self._rows[index.row()]
        ident = item.cause_id
        if index.column() == self.COL_TALLY and role == Qt.ItemDataRole.EditRole:
            try:
                votes = int(str(value).strip())
            except ValueError:
                self.controller.refused.emit("Type the number of votes, for example 3.")
                return False
            return self.controller.run(lambda s: rc.set_tally(s, ident, votes)) is not None
        if index.column() == self.COL_ROOT and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.controller.run(lambda s: rc.set_root(s, ident, checked)) is not None
        return False


def _allowance(value: object) -> int:
    """Dots per member as the spin box can show them: 0 to the plan's limit (a file may hold
    any integer; Qt's spin box holds 32 bits)."""
    number = value if isinstance(value, int) else 0
    return max(0, min(MAX_DOTS_PER_MEMBER, number))


NUMBER_COLUMNS = (
    RankingModel.COL_RANK,
    RankingModel.COL_DOTS,
    RankingModel.COL_TALLY,
    RankingModel.COL_TOTAL,
    RankingModel.COL_ROOT,
)


class VotingPanel(QWidget):
    """Dots per member, who has dots left, and the ranking table."""

    cause_activated = Signal(int)  # show this cause on the diagram

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        c = self.controller
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 8, 12, 8)
        col.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(label("Dots per team member", "", self, wrap=False))
        self.dots_per_member = QSpinBox(self)
        self.dots_per_member.setRange(0, MAX_DOTS_PER_MEMBER)
        self.dots_per_member.setAccessibleName("Dots per team member")
        self.dots_per_member.setReadOnly(c.readonly)
        self._dots_binding = FieldBinding(
            c,
            PLAN_PROFILE,
            "dots_per_member",
            "Set dots per member",
            self.dots_per_member,
            read=self.dots_per_member.value,
            write=self._show_dots_per_member,
        )
        top.addWidget(self.dots_per_member)
        top.addSpacing(24)
        top.addWidget(label("Show", "", self, wrap=False))
        self.scope = ElidedComboBox(self, min_chars=16)
        self.scope.setAccessibleName("Which fishbone's causes to rank")
        top.addWidget(self.scope, 1)
        col.addLayout(top)
        self.members = label("", "hint", self)
        self.members.setAccessibleName("Dots left per team member")
        col.addWidget(self.members)
        self.vote_hint = label(
            "Vote on the diagram: turn on Vote, choose who is voting, then click a cause "
            "(Shift+click takes a dot back). Or type a number in the Typed column.",
            "hint",
            self,
        )
        col.addWidget(self.vote_hint)
        self.hidden_note = label(
            "A voting round is open: the votes stay hidden until the coach shows them (F4).",
            "subsection",
            self,
        )
        self.hidden_note.hide()
        col.addWidget(self.hidden_note)
        self.model = RankingModel(c, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Causes ranked by votes")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.hide()
        # Every row two lines high (a longer cause is elided; its tooltip has it whole):
        # measuring each row's wrapped text froze the page for minutes on big plans.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(RankingModel.COL_CAUSE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RankingModel.COL_CATEGORY, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        col.addWidget(self.table, 1)

    def _show_dots_per_member(self, value: object) -> None:
        self.dots_per_member.setValue(_allowance(value))

    def size_columns(self) -> None:
        """Narrow columns for the numbers; the category about 16 characters wide (it wraps
        between words, never inside one); the rest for the cause. If that leaves the cause
        too little, the table scrolls sideways rather than squeeze it.

        Sized from the headers, the font and a bounded sample of rows, never from every
        row: the cost stays the same for ten causes or the two thousand a plan may hold.
        """
        table, header = self.table, self.table.horizontalHeader()
        metrics = table.fontMetrics()
        titles = header.fontMetrics()
        em = metrics.averageCharWidth()
        pad = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        pad += 2 * em
        digits = metrics.horizontalAdvance("99999")
        for column in NUMBER_COLUMNS:
            title = titles.horizontalAdvance(RankingModel.HEADERS[column])
            width = max(title, metrics.height() * 2 if column == RankingModel.COL_ROOT else digits)
            header.resizeSection(column, width + pad)
        sample = range(min(self.model.rowCount(), SIZE_SAMPLE_ROWS))
        words = {
            word[:MAX_WORD_CHARS]
            for row in sample
            for word in self.model.cause_at(row).category[:MAX_SAMPLE_CHARS].split()
        }
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        names = max(
            (
                metrics.horizontalAdvance(self.model.cause_at(row).category[:MAX_SAMPLE_CHARS])
                for row in sample
            ),
            default=0,
        )
        cap = max(16 * em, longest + 2 * em)
        title = titles.horizontalAdvance(RankingModel.HEADERS[RankingModel.COL_CATEGORY])
        category = max(title + pad, min(names + pad, cap))
        header.resizeSection(RankingModel.COL_CATEGORY, category)
        table.verticalHeader().setDefaultSectionSize(2 * metrics.lineSpacing() + pad // 2)
        others = sum(
            header.sectionSize(i) for i in range(header.count()) if i != RankingModel.COL_CAUSE
        )
        room = table.viewport().width() - others
        wanted = CAUSE_MIN_EM * em
        if room >= wanted:
            header.setSectionResizeMode(RankingModel.COL_CAUSE, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(RankingModel.COL_CAUSE, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(RankingModel.COL_CAUSE, wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.size_columns()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.size_columns()

    def _connect(self) -> None:
        self.dots_per_member.valueChanged.connect(self._dots_binding.commit_from_widget)
        self.scope.activated.connect(self._on_scope_activated)
        self.table.activated.connect(self._on_table_activated)

    def refresh(
        self,
        plan: PlanDoc,
        fishbone_id: int | None = None,
        *,
        hidden: bool = False,
        keys: dict[int, str] | None = None,
    ) -> None:
        """Show ``plan``; ``fishbone_id`` picks the scope when it is first set. ``hidden``: a
        voting round keeps the tallies from the room (the causes show in the diagram's order
        with their ``keys``, without counts)."""
        allowance = _allowance(plan["profile"]["dots_per_member"])
        self._dots_binding.bind(1, allowance)
        wanted = [(ALL_FISHBONES, "All fishbones")] + [
            (f["id"], f"Fishbone {n}: {f['problem'].strip() or 'untitled'}")
            for n, f in enumerate(plan["fishbones"], start=1)
        ]
        current = self.scope.currentData()
        if current is None and fishbone_id is not None:
            current = fishbone_id
        self.scope.blockSignals(True)
        try:
            have = [
                (self.scope.itemData(i), self.scope.itemText(i)) for i in range(self.scope.count())
            ]
            if have != wanted:
                self.scope.clear()
                for ident, text in wanted:
                    self.scope.addItem(text, ident)
            self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        finally:
            self.scope.blockSignals(False)
        used = rc.dots_used(plan)
        lines = []
        for member in plan["team"]:
            name = shortened(member["name"], 40) or "Unnamed member"
            placed = used.get(member["id"], 0)
            lines.append(f"{name}: {max(allowance - placed, 0)} of {allowance} left")
        if len(lines) > MEMBERS_SHOWN:  # a long team must not push the ranking off the page
            lines[MEMBERS_SHOWN:] = [f"{len(lines) - MEMBERS_SHOWN} more members"]
        self.members.setText(
            " · ".join(lines)
            if lines
            else "Add the leadership team in step 0 to vote by member; typed votes work anyway."
        )
        scope = self.scope.currentData()
        selected = self._selected_cause()
        chosen = None if scope == ALL_FISHBONES else scope
        self.model.set_rows(
            rc.ranking(plan, chosen, by_votes=not hidden),
            dict(keys or {}) if hidden else None,
        )
        for column in (RankingModel.COL_DOTS, RankingModel.COL_TALLY, RankingModel.COL_TOTAL):
            self.table.setColumnHidden(column, hidden)
        self.hidden_note.setVisible(hidden)
        self.vote_hint.setVisible(not hidden)  # the round's bar says how to vote
        self.size_columns()
        if selected is not None:
            self.select_cause(selected)

    def _selected_cause(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.data(index, RankingModel.CAUSE_ID_ROLE))

    def select_cause(self, cause_id: int, column: int = RankingModel.COL_CAUSE) -> bool:
        row = self.model.row_of(cause_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, column))
        return True

    def _on_scope_activated(self, _index: int) -> None:
        self.scope_changed()

    def scope_changed(self) -> None:
        plan = self.controller.plan()
        self.refresh(plan)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.column() in (RankingModel.COL_CAUSE, RankingModel.COL_CATEGORY):
            self.cause_activated.emit(int(self.model.data(index, RankingModel.CAUSE_ID_ROLE)))
