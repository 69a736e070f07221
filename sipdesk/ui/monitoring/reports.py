"""Tool A's reporting grids: milestone reports per monitoring period (the plan's cycles, or its
quarters), semester strategy reports and the annual results per measure. Percentages are
computed from the monthly statuses (shown, never typed); the narrative cells are edited in
place, each edit one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from sipdesk.models.formatting import ordinal
from sipdesk.models.tables import MEASURE
from sipdesk.services import monitoring, outline
from sipdesk.services.progress import (
    ON_TIME_RULE,
    MilestoneProgress,
    default_first_month,
    milestone_progress,
    plan_months,
    plan_start,
    quarter_started,
    semester_started,
    span_progress,
    span_started,
    strategy_progress,
)
from sipdesk.services.values import month_label

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MilestoneRow, PlanDoc, StrategyRow
    from sipdesk.services.measures import CycleSpan
    from sipdesk.ui.controller import PlanController

COMPUTED_BACKGROUND = "#eef0f3"
MUTED_TEXT = "#5b6270"
NOT_STARTED = "not started yet"


def span_words(start: str, end: str) -> str:
    """Months from ``start`` to ``end`` in words: ``"Aug – Oct 2026"``, ``"Nov 2026 – Jan
    2027"``, ``"Sep 2026"`` for one month."""
    first, last = month_label(start), month_label(end)
    if start == end:
        return first
    if first[-4:] == last[-4:]:
        first = first[:-5]
    return f"{first} – {last}"


def percent(value: float | None) -> str:
    """``33.3`` → ``"33.3 %"``; None (nothing to count) → ``"—"``."""
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} %"


# Named in quotes: the plan's record types are for the type checker, not loaded with the page.
R = TypeVar("R", "MilestoneRow", "StrategyRow")


class _ReportModel(QAbstractTableModel, Generic[R]):
    """Rows are the report's lines (fixed), columns its periods; ``R`` the plan item shown."""

    ROWS: tuple[tuple[str, str | None], ...] = ()  # (label, narrative field or None)
    PERIOD = "Quarter"
    PERIODS = 4
    MONTHS = 3  # months in one period

    def __init__(
        self,
        controller: PlanController,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._today = today
        self._first_month = default_first_month()
        self._item: R | None = None

    @property
    def item_id(self) -> int | None:
        return None if self._item is None else self._item["id"]

    def show_item(self, item: R | None, first_month: str) -> None:
        self.beginResetModel()
        self._item = item
        self._first_month = plan_start(first_month)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._item is None else len(self.ROWS)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.period_count()

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.ROWS[index.row()][1] is not None and not self._controller.readonly:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # ----------------------------------------------------------------- periods
    def period_count(self) -> int:
        """How many periods (columns) the report has."""
        return self.PERIODS

    def started(self, period: int) -> bool:
        """Whether ``period`` (1-based) has begun by today; later ones show no figures."""
        raise NotImplementedError

    def period_name(self, period: int) -> str:
        """``"2nd semester"``."""
        return f"{ordinal(period)} {self.PERIOD.lower()}"

    def period_months(self, period: int) -> str:
        """A period's months: ``"Aug – Oct 2026"``, ``"Nov 2026 – Jan 2027"``."""
        months = plan_months(self._first_month, period * self.MONTHS)
        return span_words(months[-self.MONTHS], months[-1])

    def period_start(self, period: int) -> str:
        """The first month of ``period``, e.g. ``"Feb 2027"``."""
        months = plan_months(self._first_month, period * self.MONTHS)
        return month_label(months[-self.MONTHS])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.period_count():
                return None
            name = self.period_name(section + 1)
            months = self.period_months(section + 1)
            started = self.started(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                begins = f"{name} ({months}) begins in {self.period_start(section + 1)}"
                return begins + ("" if started else f"; it has {NOT_STARTED}.")
            return f"{name}\n{months}" + ("" if started else f"\n({NOT_STARTED})")
        if 0 <= section < len(self.ROWS):
            label, field = self.ROWS[section]
            if role == Qt.ItemDataRole.ToolTipRole and field is None:
                computed = f"{label}: computed from the monthly action statuses."
                return f"{computed} {self._rule(section)}".strip()
            return label
        return None

    def _rule(self, row: int) -> str:
        """How a computed row is counted, in plain words (for tooltips)."""
        return ""

    def _report(self, period: int) -> Mapping[str, object]:
        assert self._item is not None
        key = "quarter" if self.PERIOD == "Quarter" else "semester"
        return next((r for r in self._item["reports"] if r.get(key) == period), {})

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or self._item is None:
            return None
        label, field = self.ROWS[index.row()]
        period = index.column() + 1
        if field is not None:
            text = str(self._report(period).get(field, "") or "")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return text
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{label}, {self.period_name(period)}: {text or '(empty)'}"
            return None
        started = self.started(period)
        if started:
            shown, explained = self._computed(index.row(), period)
        else:
            shown = "—"
            explained = (
                f"{self.period_name(period)} has {NOT_STARTED} (it begins in "
                f"{self.period_start(period)}), so there is nothing to count."
            )
        if role == Qt.ItemDataRole.DisplayRole:
            return shown
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{label}, {self.period_name(period)}: {shown}. {explained}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COMPUTED_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1f2328" if started else MUTED_TEXT))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _computed(self, row: int, period: int) -> tuple[str, str]:
        raise NotImplementedError

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        field = self.ROWS[index.row()][1]
        item_id = self.item_id
        if field is None or item_id is None:
            return False
        text = "" if value is None else str(value)
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        return self._write(item_id, index.column() + 1, field, text)

    def _write(self, item_id: int, period: int, field: str, text: str) -> bool:
        raise NotImplementedError


class MilestoneReportModel(_ReportModel["MilestoneRow"]):
    """Tool A's milestone report: one column per monitoring period of the plan — its own
    cycles (``effective_cycles``), or its four quarters when it has none."""

    ROW_DONE, ROW_OUTPUTS, ROW_ON_TIME, ROW_BEHIND, ROW_CAUSE, ROW_RESOURCES, ROW_COMMENTS = range(
        7
    )
    ROWS = (
        ("Actions completed (%)", None),
        ("Outputs completed (list)", "outputs_completed"),
        ("Actions on time (%)", None),
        ("Actions behind schedule (%)", None),
        ("Cause & adjustments made", "cause_and_adjustments"),
        ("Resources/budget used", "resources_used"),
        ("Additional information/comments", "comments"),
    )
    PERIOD = "Quarter"
    PERIODS = 4

    def __init__(
        self,
        controller: PlanController,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(controller, parent, today=today)
        self._cycles: tuple[CycleSpan, ...] = ()

    def set_cycles(self, cycles: Sequence[CycleSpan]) -> None:
        """Report by ``cycles`` (the plan's ``effective_cycles``): one column each, named
        after it, its figures counted from its own months."""
        cycles = tuple(cycles)
        if cycles == self._cycles:
            return
        self.beginResetModel()
        self._cycles = cycles
        self.endResetModel()

    @property
    def cycles(self) -> tuple[CycleSpan, ...]:
        return self._cycles

    def period_count(self) -> int:
        return len(self._cycles) if self._cycles else self.PERIODS

    def _cycle(self, period: int) -> CycleSpan | None:
        return self._cycles[period - 1] if 0 < period <= len(self._cycles) else None

    def period_name(self, period: int) -> str:
        """The cycle's own name ("Cycle 2", "Quarter 2", "Trimester 2")."""
        cycle = self._cycle(period)
        if cycle is None:
            return super().period_name(period)
        return cycle.name.strip() or f"Cycle {cycle.number}"

    def period_months(self, period: int) -> str:
        cycle = self._cycle(period)
        if cycle is None:
            return super().period_months(period)
        return span_words(cycle.start, cycle.end)

    def period_start(self, period: int) -> str:
        cycle = self._cycle(period)
        return super().period_start(period) if cycle is None else month_label(cycle.start)

    def progress(self, period: int) -> MilestoneProgress:
        assert self._item is not None
        cycle = self._cycle(period)
        if cycle is None:
            return milestone_progress(self._item, self._first_month, period, self._today())
        return span_progress(
            self._item, self._first_month, period, cycle.start, cycle.end, self._today()
        )

    def started(self, period: int) -> bool:
        cycle = self._cycle(period)
        if cycle is None:
            return quarter_started(self._first_month, period, self._today())
        return span_started(self._first_month, cycle.start, self._today())

    def _rule(self, row: int) -> str:
        return ON_TIME_RULE if row == self.ROW_ON_TIME else ""

    def _computed(self, row: int, period: int) -> tuple[str, str]:
        result = self.progress(period)
        n = result.actions
        if n == 0:
            return "—", "This milestone has no actions yet."
        if not result.started:
            return "—", f"{self.period_name(period)} has {NOT_STARTED}."
        value, counted, what = {
            self.ROW_DONE: (result.done_pct, result.done, "done"),
            self.ROW_ON_TIME: (result.on_time_pct, result.on_time, "on time"),
            self.ROW_BEHIND: (result.behind_pct, result.behind, "behind"),
        }[row]
        explained = (
            f"{counted} of {n} actions {what} by the end of {self.period_name(period)} "
            f"({self.period_months(period)}), computed from the monthly statuses."
        )
        if row == self.ROW_ON_TIME:
            explained += f" {ON_TIME_RULE}"
        return percent(value), explained

    def _write(self, item_id: int, period: int, field: str, text: str) -> bool:
        change = self._controller.run(
            lambda s: monitoring.set_milestone_report(s, item_id, period, **{field: text})
        )
        return change is not None


class StrategyReportModel(_ReportModel["StrategyRow"]):
    """Tool A's strategy report: one column per semester."""

    ROW_DONE, ROW_BEHIND, ROW_CAUSE = range(3)
    ROWS = (
        ("Milestones completed (%)", None),
        ("Milestones behind schedule", None),
        ("Cause & adjustments made", "cause_and_adjustments"),
    )
    PERIOD = "Semester"
    PERIODS = 2
    MONTHS = 6

    def started(self, period: int) -> bool:
        return semester_started(self._first_month, period, self._today())

    def _computed(self, row: int, period: int) -> tuple[str, str]:
        assert self._item is not None
        result = strategy_progress(self._item, self._first_month, period, self._today())
        if result.milestones == 0:
            return "—", "This strategy has no milestones yet."
        if row == self.ROW_DONE:
            return percent(result.done_pct), (
                f"{result.done} of {result.milestones} milestones have every action done by "
                f"the end of semester {period}."
            )
        return str(result.behind), (
            f"{result.behind} of {result.milestones} milestones have an action behind at the "
            f"end of semester {period}."
        )

    def _write(self, item_id: int, period: int, field: str, text: str) -> bool:
        change = self._controller.run(
            lambda s: monitoring.set_strategy_report(s, item_id, period, text)
        )
        return change is not None


class ResultsModel(QAbstractTableModel):
    """Annual performance data: each measure's target for the year, the progress seen and the
    explanation & needed adjustments."""

    COL_MEASURE, COL_MONITORED, COL_INDICATOR, COL_TARGET, COL_PROGRESS, COL_EXPLANATION = range(6)
    HEADERS = (
        "Measure",
        "Monitored",
        "Indicator",
        "Target",
        "Annual progress",
        "Explanation & needed adjustments",
    )
    FIELDS: ClassVar[dict[int, str]] = {COL_PROGRESS: "progress", COL_EXPLANATION: "explanation"}

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._rows: list[tuple[str, dict[str, Any]]] = []
        self.year = 1

    def load(self, doc: PlanDoc, year: int | None = None) -> None:
        rows = list(outline.strategy_measures(doc))
        new_year = year or self.year
        if [m["id"] for _, m in rows] == [m["id"] for _, m in self._rows] and new_year == self.year:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.year = new_year
        self.endResetModel()

    def measure_id(self, row: int) -> int:
        return int(self._rows[row][1]["id"])

    def row_of(self, measure_id: int) -> int | None:
        for i, (_label, measure) in enumerate(self._rows):
            if measure["id"] == measure_id:
                return i
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._controller.readonly:
            return base
        if index.column() in self.FIELDS:
            base |= Qt.ItemFlag.ItemIsEditable
        elif index.column() == self.COL_MONITORED:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if section == self.COL_TARGET:
                return f"Target year {self.year}"
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def _result(self, measure: dict[str, Any]) -> dict[str, Any]:
        for result in measure.get("results", []):
            if result["year"] == self.year:
                return dict(result)
        return {}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        label, measure = self._rows[index.row()]
        col = index.column()
        if col == self.COL_MONITORED:
            monitored = bool(measure.get("monitored"))
            if role == Qt.ItemDataRole.CheckStateRole:
                return (Qt.CheckState.Checked if monitored else Qt.CheckState.Unchecked).value
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"Monitored: {'yes' if monitored else 'no'}"
            return None
        if col == self.COL_MEASURE:
            text = label
        elif col == self.COL_INDICATOR:
            text = measure.get("indicator", "")
        elif col == self.COL_TARGET:
            text = measure.get(f"target_y{self.year}", "") or ""
        else:
            text = self._result(measure).get(self.FIELDS[col], "") or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.headerData(col, Qt.Orientation.Horizontal)}: {text or '(empty)'}"
        if role == Qt.ItemDataRole.BackgroundRole and col not in self.FIELDS:
            return QBrush(QColor(COMPUTED_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and col not in self.FIELDS:
            return QBrush(QColor("#1f2328"))
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if (
            index.isValid()
            and index.column() == self.COL_MONITORED
            and role == Qt.ItemDataRole.CheckStateRole
            and self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        ):
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
            measure_id = self.measure_id(index.row())
            label = "Monitor measure" if checked else "Stop monitoring measure"
            return (
                self._controller.set_field(MEASURE, measure_id, label, monitored=checked)
                is not None
            )
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value)
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        measure_id = self.measure_id(index.row())
        field = self.FIELDS[index.column()]
        year = self.year
        change = self._controller.run(
            lambda s: monitoring.set_measure_result(s, measure_id, year, **{field: text})
        )
        return change is not None
