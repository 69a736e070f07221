"""Measures on steps 1 and 5: what kind each is and whether its targets are numbers or
ratings (choices in the indicator's cell), a target for each year of the plan's span, and
under the table a measure's rows per grade or student group (:class:`MeasureGroups`).

The edits go through :mod:`sipdesk.services.measures`, each one undo step.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from sipdesk.models.kinds import MEASURE_KINDS
from sipdesk.models.tables import MEASURE_GROUP
from sipdesk.models.targets import plan_span as span_of
from sipdesk.services import measures
from sipdesk.services.changes import Change
from sipdesk.ui.controller import PlanController
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# (label, stored value), as a choice column offers them
KIND_CHOICES = tuple((measures.KIND_WORDS[kind], kind) for kind in MEASURE_KINDS)
TARGET_TYPE_CHOICES = (("Number", "number"), ("Rating", "rating"))
# Up to this many years of a plan's span, step 1 shows a target column a year; beyond, one
# column with a line a year.
TARGET_COLUMN_YEARS = 3


def plan_span(profile: Mapping[str, Any]) -> int:
    """The plan's span in years (1 to 5), as its target columns follow it."""
    return span_of(profile.get("plan_years"))


def target_header(year: int, years: int, pattern: str) -> str:
    """A target column's title: "Target" for a one-year plan, else ``pattern`` with the
    year ("Year {year} target")."""
    return "Target" if years == 1 else pattern.format(year=year)


def kind_column(**room: Any) -> Column:
    return Column(
        "kind", "Kind", kind="choice", choices=KIND_CHOICES, tip="Kind of measure", **room
    )


def target_type_column(**room: Any) -> Column:
    return Column(
        "target_type",
        "Target is",
        kind="choice",
        choices=TARGET_TYPE_CHOICES,
        tip="Target is a number or a rating",
        **room,
    )


def target_columns(
    years: int, pattern: str = "Target year {year}", **room: Any
) -> tuple[Column, ...]:
    """One target column for each year of a ``years``-year plan."""
    return tuple(
        Column(f"target_y{year}", target_header(year, years, pattern), **room)
        for year in range(1, years + 1)
    )


def _indicator_text(row: Mapping[str, Any]) -> str:
    """The indicator, and under it its kind in brackets ("(Student outcome)"), with "rating
    targets" when its targets are ratings. ("Implementation" may break after "Imple-" in a
    projector's narrow column, with a hyphen, rather than anywhere.)"""
    value = str(row.get("kind") or "")
    kind = measures.KIND_WORDS.get(value, value).replace("Implementation", "Imple\u00admentation")
    if row.get("target_type") == "rating":
        kind += "; rating targets"
    indicator = str(row.get("indicator") or "")
    return f"{indicator}\n({kind})" if indicator else f"({kind})"


def indicator_column(**room: Any) -> Column:
    """The indicator with its kind and what its targets are (numbers or ratings), shown in
    one cell and edited together (Tab moves from the indicator to the two choices): two
    columns more pushed a projector's table past its width, breaking every word."""
    return Column(
        "indicator",
        "Indicator",
        kind="parts",
        stretch=True,
        tip="Indicator, its kind and what its targets are",
        display=_indicator_text,
        parts=(
            Column("indicator", "Indicator", placeholder="What you will count", chars=24),
            kind_column(chars=16),
            target_type_column(chars=9),
        ),
        **room,
    )


def goal_measure_columns(years: int) -> tuple[Column, ...]:
    """Step 1's measures of a goal (a form's list): what is counted and its kind, where the
    numbers come from, the baseline and a target for each year of the plan's span: a column
    a year up to three years, one column with a line a year beyond (five target columns
    broke every word, even "30.38 %", on a projector). The indicator is the longest text;
    the data source and baseline come next."""
    return (
        indicator_column(weight=4),
        Column("data_source", "Data source", placeholder="Where the numbers come from", weight=3),
        Column("baseline", "Baseline", placeholder="Where you start", weight=3),
        *(
            (targets_column(years, weight=6),)
            if years > TARGET_COLUMN_YEARS
            else target_columns(years, "Year {year} target", weight=3)
        ),
    )


def _targets_text(row: Mapping[str, Any], years: int) -> str:
    """A target a line, each led by its year ("Year 1: 75 % by May 2027")."""
    lines = []
    for year in range(1, years + 1):
        text = str(row.get(f"target_y{year}") or "")
        if text:
            lines.append(text if years == 1 else f"Year {year}: {text}")
    return "\n".join(lines)


def targets_column(years: int, **room: Any) -> Column:
    """Every year's target in one column, a line each ("Year 1: …"), edited together (Tab
    moves between the years)."""
    return Column(
        "target_y1",
        "Target" if years == 1 else "Targets",
        kind="parts",
        stretch=True,
        tip="Target for each year of the plan",
        display=partial(_targets_text, years=years),
        parts=target_columns(years, chars=16),
        **room,
    )


def strategy_measure_columns(years: int) -> tuple[Column, ...]:
    """Step 5's measures of a strategy, a wide table in a form beside the outline, which a
    projector leaves narrow: the indicator with its kind, and every year's target in one
    column. The words share the width and wrap (as the actions' do below them), never
    narrower than a word of their titles."""
    return (
        indicator_column(chars=28),
        Column("data_source", "Data source", chars=20),
        Column("baseline", "Baseline", chars=16),
        targets_column(years, chars=24),
    )


# --------------------------------------------------------------------- group rows
def _write_group_target(year: int, session: Session, row_id: int, value: Any) -> Change:
    return measures.set_group_target(session, row_id, year, "" if value is None else str(value))


def group_columns(years: int, *, compact: bool = False) -> tuple[Column, ...]:
    """A group row's columns: the group, its data source, its baseline and a target for
    each year of the plan's span (the words share the width and wrap). ``compact`` (a
    narrow form) or a span over three years: every year's target in one column."""
    targets: tuple[Column, ...]
    if compact or years > TARGET_COLUMN_YEARS:
        targets = (targets_column(years, weight=5),)
    else:
        targets = tuple(
            Column(
                f"target_y{year}",
                target_header(year, years, "Year {year} target"),
                weight=3,
                write=partial(_write_group_target, year),
            )
            for year in range(1, years + 1)
        )
    return (
        Column("group", "Group", placeholder="e.g. Grade 3", weight=2),
        Column("data_source", "Data source", weight=3),
        Column("baseline", "Baseline", placeholder="e.g. 30.38 %", weight=2),
        *targets,
    )


class MeasureGroupsModel(TableRowsModel):
    """The group rows of one measure (none shown: no measure chosen), added, removed and
    moved through the measures' own operations."""

    def __init__(
        self,
        controller: PlanController,
        years: int,
        parent: QObject | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(
            controller,
            MEASURE_GROUP,
            group_columns(years, compact=compact),
            noun="group row",
            scope={"measure_id": None},
            parent=parent,
        )

    @property
    def measure_id(self) -> int | None:
        value = self.scope.get("measure_id")
        return None if value is None else int(value)

    def show_measure(self, measure_id: int | None) -> None:
        """Show the rows of the measure ``measure_id`` (None: no rows)."""
        if measure_id == self.measure_id and measure_id is not None:
            return
        self.scope = {"measure_id": measure_id}
        if measure_id is None:
            self.set_rows([])
        else:
            self.reload()

    def add_row(
        self, index: int | None = None, values: Mapping[str, Any] | None = None
    ) -> int | None:
        measure_id = self.measure_id
        if measure_id is None:
            return None
        change = self.controller.run(
            lambda s: measures.add_measure_group(s, measure_id, index=index)
        )
        return change.created_id(self.table) if change is not None else None

    def remove_row(self, row: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(lambda s: measures.delete_measure_group(s, row_id))

    def move_row(self, row: int, to: int) -> Change | None:
        row_id = self.row_id(row)
        return self.controller.run(lambda s: measures.move_measure_group(s, row_id, to))


class MeasureGroups(QWidget):
    """Under a table of measures: the selected measure's rows per grade or student group
    ("Grade 3", EOG, 30.38 %, a target a year), with Add / Remove / Move up / Move down."""

    def __init__(
        self,
        controller: PlanController,
        measures_table: TableEditor[Any],
        years: int,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.measures_table = measures_table
        self.compact = compact  # every year's target in one column (a narrow form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        self.caption = label("Rows per grade or student group", "", self)
        layout.addWidget(self.caption)
        self.hint = label(
            "Select a measure to give it rows per grade or student group (Grade 3, English "
            "learners …), each with its own data source, baseline and targets.",
            "hint",
            self,
        )
        layout.addWidget(self.hint)
        self.model = MeasureGroupsModel(controller, years, compact=compact)
        self.table = TableEditor(self.model, title="Rows per grade or student group")
        self.table.setParent(self)
        self.table.add_button.setText("Add group row")
        # (a few rows, named by their group: their numbers would only take room)
        self.table.view.verticalHeader().hide()
        self.table.view.empty_text = (
            "No rows per grade or group: the measure's own baseline and targets stand for all."
        )
        layout.addWidget(self.table)
        view = measures_table.view
        view.selectionModel().currentChanged.connect(self.follow)
        view.selectionModel().selectionChanged.connect(self.follow)
        measures_table.model.modelReset.connect(self.follow)
        self.follow()

    def set_years(self, years: int) -> None:
        """A target column for each of ``years`` years."""
        self.table.set_columns(group_columns(years, compact=self.compact))

    def follow(self, *_args: object) -> None:
        """Show the rows of the measure selected above (or, with none, say how to start)."""
        row = self.measures_table.current_row()
        measure_id = None if row is None else self.measures_table.model.row_id(row)
        self.model.show_measure(measure_id)
        chosen = measure_id is not None
        if chosen and row is not None:
            self.caption.setText(f"Measure {row + 1}: rows per grade or student group")
            self.table.view.setAccessibleName(f"Measure {row + 1}: rows per grade or student group")
        self.caption.setVisible(chosen)
        self.table.setVisible(chosen)
        self.hint.setVisible(not chosen)


__all__ = [
    "KIND_CHOICES",
    "TARGET_TYPE_CHOICES",
    "MeasureGroups",
    "MeasureGroupsModel",
    "goal_measure_columns",
    "group_columns",
    "indicator_column",
    "kind_column",
    "plan_span",
    "strategy_measure_columns",
    "target_columns",
    "target_type_column",
    "targets_column",
]
