"""Step 6's monitoring periods: quarters (the default), four 90-day cycles, or the plan's own
cycles, each a name and its first and last month. Every choice and edit is one undo step
through :mod:`sipdesk.services.measures`."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from sipdesk.models.tables import CYCLE
from sipdesk.services import measures
from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.progress import month_parts
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.controller import PlanController

QUARTERS, NINETY_DAYS, CUSTOM = "quarters", "90-day", "custom"
CYCLE_CHOICES = (
    (QUARTERS, "Quarters (default)"),
    (NINETY_DAYS, "90-day cycles"),
    (CUSTOM, "Custom"),
)
CYCLES_IN_A_YEAR = 4


def month_words(month: str) -> str:
    """``"2026-08"`` → ``"Aug 2026"`` (anything else as it is)."""
    parts = month_parts(month)
    return f"{calendar.month_abbr[parts[1]]} {parts[0]}" if parts else month


def cycle_months_text(row: Mapping[str, Any]) -> str:
    """A cycle's months in words: "Aug – Oct 2026 (3 months)"."""
    start, end = str(row.get("start") or ""), str(row.get("end") or "")
    count = len(measures.months_between(start, end))
    if not count:
        return ""
    first, last = month_words(start), month_words(end)
    if first[-4:] == last[-4:]:
        first = first[:-5]
    span = first if start == end else f"{first} – {last}"
    # (a no-break space: "(3 months)" stays whole when a cell wraps)
    return f"{span} ({count}\u00a0month{'s' if count != 1 else ''})"


def cycles_kind(doc: PlanDoc) -> str:
    """How the plan is monitored: by quarters (no cycles stored), by four 90-day cycles (as
    "90-day cycles" makes them) or by its own cycles."""
    stored = list(doc["cycles"])
    if not stored:
        return QUARTERS
    quarters = measures.effective_cycles({"profile": doc["profile"]})
    ninety = [(f"Cycle {q.number}", q.start, q.end) for q in quarters]
    return NINETY_DAYS if [(c["name"], c["start"], c["end"]) for c in stored] == ninety else CUSTOM


def use_kind(session: Session, kind: str) -> Change:
    """Monitor by ``kind``, as one undo step: quarters (no cycles stored), or four 90-day
    cycles from the plan's first month, or, for custom, the quarters as cycles of the plan's
    own to edit (a plan that has cycles keeps them for custom: the caller asks for nothing)."""
    steps = list(measures.use_quarters(session).steps)  # (none when it has no cycles)
    if kind in (NINETY_DAYS, CUSTOM):
        for number in range(1, CYCLES_IN_A_YEAR + 1):
            name = f"{'Quarter' if kind == CUSTOM else 'Cycle'} {number}"
            steps += measures.add_cycle(session, name=name).steps
    words = {QUARTERS: "Monitor by quarters", NINETY_DAYS: "Monitor by 90-day cycles"}
    return Change(words.get(kind, "Use custom cycles"), tuple(steps))


def cycle_columns(months: Callable[[int], tuple[str, str]]) -> tuple[Column, ...]:
    """A cycle's name, first and last month (typed like 2026-08: a month is stored with the
    cycle's other month, from ``months(cycle id)``) and its months in words."""

    def month(field: str, header: str) -> Column:
        def write(session: Session, row_id: int, value: Any) -> Change:
            start, end = months(row_id)
            typed = str(value or "").strip()
            start, end = (typed, end) if field == "start" else (start, typed)
            return measures.set_cycle_months(session, row_id, start, end)

        return Column(field, header, placeholder="2026-08", stretch=True, weight=2, write=write)

    return (
        Column("name", "Name", placeholder="e.g. Cycle 1", weight=3),
        month("start", "First month"),
        month("end", "Last month"),
        Column(
            "start_words",
            "Months",
            kind="readonly",
            stretch=True,
            weight=4,
            display=cycle_months_text,
        ),
    )


class CyclesModel(TableRowsModel):
    """The plan's cycles, added, removed and moved through the cycles' own operations."""

    def __init__(self, controller: PlanController, parent: QObject | None = None) -> None:
        super().__init__(
            controller, CYCLE, cycle_columns(self._months), noun="cycle", parent=parent
        )

    def _months(self, cycle_id: int) -> tuple[str, str]:
        """The cycle's first and last month, as shown."""
        row = self.row_of(cycle_id)
        if row is None:
            raise PlanRuleError("That cycle no longer exists in the plan.")
        values = self.row_values(row)
        return str(values.get("start") or ""), str(values.get("end") or "")

    def add_row(
        self, index: int | None = None, values: Mapping[str, Any] | None = None
    ) -> int | None:
        change = self.controller.run(lambda s: measures.add_cycle(s, index=index))
        return change.created_id(self.table) if change is not None else None

    def remove_row(self, row: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(lambda s: measures.delete_cycle(s, row_id))

    def move_row(self, row: int, to: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(lambda s: measures.move_cycle(s, row_id, to))


class CyclesEditor(QWidget):
    """ "Monitoring periods: [Quarters (default) ▾]", and for cycles their table (name, first
    month, last month), which the reports follow."""

    def __init__(
        self,
        controller: PlanController,
        parent: QWidget | None = None,
        *,
        plan: Callable[[], PlanDoc] | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._plan = plan or controller.plan
        # "Custom" chosen over 90-day cycles: the same cycles, now to be edited
        self._custom = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        caption = label("Monitoring &periods:", "", self, wrap=False)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName("Monitoring periods")
        for value, words in CYCLE_CHOICES:
            self.choice.addItem(words, value)
        caption.setBuddy(self.choice)
        row.addWidget(caption)
        row.addWidget(self.choice)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = label("", "hint", self)
        self.summary.setAccessibleName("The plan's monitoring periods")
        layout.addWidget(self.summary)
        self.model = CyclesModel(controller)
        self.table = TableEditor(self.model, title="Monitoring cycles")
        self.table.setParent(self)
        self.table.add_button.setText("Add cycle")
        layout.addWidget(self.table)
        self.choice.setEnabled(not controller.readonly)
        self.choice.activated.connect(self._on_choice_activated)

    def show_plan(self, doc: PlanDoc) -> None:
        """Show how ``doc`` is monitored."""
        kind = cycles_kind(doc)
        if kind == NINETY_DAYS and self._custom:
            kind = CUSTOM
        self.choice.setCurrentIndex(max(0, self.choice.findData(kind)))
        self.model.set_rows(doc["cycles"])
        self.table.setVisible(kind != QUARTERS)
        periods = "; ".join(
            f"{p.name}, {cycle_months_text({'start': p.start, 'end': p.end})}"
            for p in measures.effective_cycles(doc)
        )
        if kind == QUARTERS:
            self.summary.setText(f"Reports follow the quarters: {periods}.")
        else:
            self.summary.setText(
                "The milestone report and the progress chart follow these cycles, each "
                "counted from its own months."
            )

    def _on_choice_activated(self, _index: int) -> None:
        kind = str(self.choice.currentData())
        self._custom = kind == CUSTOM
        current = cycles_kind(self._plan())
        # (custom over cycles already kept: the same cycles, now to be edited)
        if kind != current and not (kind == CUSTOM and current != QUARTERS):
            self.controller.run(lambda s: use_kind(s, kind))
        self.show_plan(self.controller.plan())
