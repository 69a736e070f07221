"""Step 4's measures of a priority as a whole (a school-wide benchmark, the state test for the
grades the priority is about), with their rows per grade or student group: the same table and
group rows as a strategy's measures on step 5, added through ``measures.add_measure`` and
removed and moved through the outline's operations, each edit one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sipdesk.models.tables import MEASURE
from sipdesk.services import measures
from sipdesk.services.checks import smart_findings, target_years
from sipdesk.ui.plan.measures import MeasureGroups, plan_span, strategy_measure_columns
from sipdesk.ui.tables import PlanItemsModel, WideTableEditor
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import MeasureRow, PlanDoc, PriorityRow
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController

HINT = (
    "Optional: how you will know the priority as a whole is improving, such as a school-wide "
    "benchmark or the state test for the grades it is about. Each strategy's own measures are "
    "added in step 5."
)


class PriorityMeasures(QWidget):
    """The measures of the priority shown (none: the page has no priority chosen)."""

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.priority_id: int | None = None
        self._measures: list[dict[str, Any]] = []
        self.years = plan_span(controller.plan()["profile"])  # the plan's span
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.caption = label("How we will measure this priority", "subsection", self)
        layout.addWidget(self.caption)
        layout.addWidget(label(HINT, "hint", self))
        self.model = PlanItemsModel(
            controller,
            MEASURE,
            strategy_measure_columns(self.years),
            self._rows,
            "measure",
            self,
            add=self._add,
        )
        self.table = WideTableEditor(self.model, title="Priority measures")
        self.table.add_button.setText("Add measure")
        self.table.add_button.setAccessibleName("Add a measure of this priority")
        self.table.view.setAccessibleName("Measures of this priority")
        self.table.view.empty_text = "No measures of the priority as a whole yet."
        # Short of room (a projector), the measures' numbers go before a column is cut off.
        self.table.view.set_numbers_give_way(True)
        layout.addWidget(self.table)
        self.smart = label("", "warn", self)
        self.smart.setAccessibleName("Priority measure check")
        self.smart.setVisible(False)
        layout.addWidget(self.smart)
        self.groups = MeasureGroups(controller, self.table, self.years, self, compact=True)
        layout.addWidget(self.groups)

    def _rows(self, _doc: PlanDoc) -> list[dict[str, Any]]:
        return self._measures

    def _add(self, session: Session, index: int | None) -> Change:
        assert self.priority_id is not None
        return measures.add_measure(session, "priority", self.priority_id, index=index)

    def show_priority(self, doc: PlanDoc, priority: PriorityRow) -> None:
        """Show ``priority``'s measures as ``doc`` holds them."""
        self.priority_id = priority["id"]
        self._measures = [dict(m) for m in priority["measures"]]
        self.follow_span(plan_span(doc["profile"]))
        self.model.load(doc)  # the rows are ``_measures``
        self.groups.follow()
        self._check(priority["measures"], target_years(doc["profile"]))

    def follow_span(self, years: int) -> None:
        """A target for each of the plan's ``years``, in the measures and their rows."""
        if years != self.years:
            self.years = years
            self.table.set_columns(strategy_measure_columns(years))
            self.groups.set_years(years)

    def _check(self, rows: Sequence[MeasureRow], years: int) -> None:
        """What each measure still lacks to be SMART (nothing shown while there are none:
        the priority's measures are optional)."""
        lines = []
        for number, measure in enumerate(rows, start=1):
            missing = smart_findings(measure, years)
            if missing:
                lines.append(f"Measure {number} needs {', '.join(missing)}.")
        self.smart.setText("\n".join(lines))
        self.smart.setVisible(bool(lines))
