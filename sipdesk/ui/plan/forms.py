"""Step 5's forms, one per kind of outline item: a priority's summary (``PriorityForm``), a
strategy's theory of action, practice and measures (``StrategyForm``, with ``PracticePicker``)
and a milestone with its actions table (``MilestoneForm``). The page that shows them is
``ui/pages/plan_page.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.catalogues import domains, practice
from sipdesk.models.formatting import RECURRENCE_WORDS, short_date
from sipdesk.models.tables import ACTION, MEASURE, MILESTONE, STRATEGY
from sipdesk.services import outline
from sipdesk.services.checks import smart_findings, target_years, theory_findings
from sipdesk.services.values import budget_words, format_money, parse_date, timeline_text
from sipdesk.ui.plan.measures import MeasureGroups, plan_span, strategy_measure_columns
from sipdesk.ui.plan.outline_tree import _item_text
from sipdesk.ui.plan.strategy_supports import StrategySupports
from sipdesk.ui.tables import Column, PlanItemsModel, WideTableEditor
from sipdesk.ui.widgets.binding import FieldBinding
from sipdesk.ui.widgets.common import ScrollingBody, label
from sipdesk.ui.widgets.fields import ChoiceField, TextArea, TextField

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureRow, PlanDoc
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController

KIND_CHOICES = (
    ("process", "Process benchmark"),
    ("early_evidence", "Early evidence of change"),
)


def _date_text(row: dict[str, Any], key: str) -> str:
    value = str(row.get(key) or "")
    try:
        day = parse_date(value)
    except ValueError:
        return value
    return short_date(day) if day else ""


def _timeline_text(row: dict[str, Any]) -> str:
    """The timeline broken after the dash, led by a recurring action's rhythm."""
    return timeline_text(row, dash=" –\n")


def _budget_line(what: str, cents: int) -> str:
    """``"Budget for this strategy: $9,080"``; with nothing recorded, it says so (not "$0")."""
    return f"Budget for this {what}: {budget_words(cents)}"


def _budget_text(row: dict[str, Any]) -> str:
    """The amount, and under it where the money comes from."""
    lines = [format_money(row.get("budget_cents")), str(row.get("funding_source") or "")]
    return "\n".join(line for line in lines if line)


def _people_text(row: dict[str, Any]) -> str:
    """Who leads the action, and under it who helps ("with …")."""
    person = str(row.get("person_responsible") or "")
    helpers = str(row.get("collaborators") or "")
    return "\n".join(filter(None, (person, f"with {helpers}" if helpers else "")))


FORM_SIDE_MARGIN = 12


def _form_body(parent: QWidget) -> ScrollingBody:
    """A form's scrolling column: slimmer margins than a page (it sits beside the outline),
    and it scrolls sideways when the form cannot fit (a large presentation zoom)."""
    body = ScrollingBody(parent)
    body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    body.column.setContentsMargins(FORM_SIDE_MARGIN, 8, FORM_SIDE_MARGIN, 16)
    return body


# --------------------------------------------------------------------- the practice picker
class PracticePicker(QComboBox):
    """The twelve Four Domains practices, grouped under their domains (headings not choosable),
    bound to ``Strategy.practice_code``."""

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Four Domains practice")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.addItem("Choose the practice this strategy puts in place…", "")
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        for domain in domains():
            self.addItem(f"Domain {domain.number}: {domain.name}", None)
            heading = model.item(self.count() - 1)
            heading.setEnabled(False)
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            for item in domain.practices:
                self.addItem(item.label, item.code)
                self.setItemData(self.count() - 1, item.description, Qt.ItemDataRole.ToolTipRole)
        self.binding = FieldBinding(
            controller,
            STRATEGY,
            "practice_code",
            "Choose practice",
            self,
            read=lambda: self.currentData() or "",
            write=self._select,
        )
        self.setEnabled(not controller.readonly)
        self.activated.connect(self.binding.commit_from_widget)

    def _select(self, value: Any) -> None:
        self.setCurrentIndex(max(0, self.findData(value or "")))

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, value or "")


# --------------------------------------------------------------------- forms
class PriorityForm(QWidget):
    add_strategy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.body = _form_body(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)
        self.heading = self.body.add_title(None, "Priority")
        section = self.body.add_section("About this priority area")
        self.description = label("", "", self)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        section.addWidget(self.description)
        self.summary = label("", "hint", self)
        section.addWidget(self.summary)
        self.add_strategy = QPushButton("Add a strategy to this priority")
        self.add_strategy.setAccessibleName("Add a strategy to this priority")
        self.add_strategy.setProperty("role", "primary")
        row = QHBoxLayout()
        row.addWidget(self.add_strategy)
        row.addStretch(1)
        section.addLayout(row)
        section.addWidget(
            label("Priority areas are named and linked to root causes in step 4.", "hint", self)
        )
        self.body.finish()
        self.add_strategy.clicked.connect(self.add_strategy_requested)

    def show_priority(self, entry: outline.Entry, strategies: int, budget: int) -> None:
        self.heading.setText(_item_text(entry))
        self.description.setText(entry.data.get("description") or "No description yet.")
        self.summary.setText(
            f"{strategies} strateg{'y' if strategies == 1 else 'ies'} · "
            f"budget {budget_words(budget)}"
        )


FieldWidget = TypeVar("FieldWidget", TextField, TextArea)


def _captioned(section: QVBoxLayout, field: FieldWidget) -> FieldWidget:
    """``field`` under a caption of its own name (its buddy, so Alt+letter reaches it)."""
    caption = label(field.accessibleName(), "", field.parentWidget())
    caption.setBuddy(field)
    section.addWidget(caption)
    section.addWidget(field)
    return field


# How often an action happens, as the milestone form offers it: (stored value, words).
RECURRENCE_CHOICES = (("once", "Once"), *RECURRENCE_WORDS.items())


class StrategyForm(QWidget):
    add_milestone_requested = Signal()

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.strategy_id: int | None = None
        self._measures: list[dict[str, Any]] = []
        self.years = plan_span(controller.plan()["profile"])  # the plan's span
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body = _form_body(self)
        layout.addWidget(self.body)
        self.heading = self.body.add_title(None, "Strategy")
        self.budget = label("", "hint", self)
        self.body.column.addWidget(self.budget)

        toa = self.body.add_section(
            "Theory of action",
            "Write the strategy as If we … (the practice), then … (what adults will do), "
            "and … (what students will achieve).",
        )
        self.if_text = self._area(
            toa, "if_text", "If we …", "the practice the school puts in place"
        )
        self.then_text = self._area(
            toa, "then_text", "then …", "what teachers and staff will do as a result"
        )
        self.and_text = self._area(toa, "and_text", "and …", "what students will achieve")
        self.check = label("", "warn", self)
        self.check.setAccessibleName("Theory of action check")
        toa.addWidget(self.check)
        self.preview = label("", "hint", self)
        self.preview.setAccessibleName("The strategy as one sentence")
        toa.addWidget(self.preview)

        served = self.body.add_section(
            "Whom it serves", "The students the strategy is for, and the plan's own label for it."
        )
        self.students = _captioned(
            served,
            TextField(
                controller,
                STRATEGY,
                "students",
                "Students served",
                self,
                placeholder="e.g. all 2nd graders in the intensive range",
            ),
        )
        self.category = _captioned(
            served,
            TextField(
                controller,
                STRATEGY,
                "category",
                "Category",
                self,
                placeholder="e.g. Tier 2 intervention, or your district's element",
            ),
        )

        domain = self.body.add_section("Four Domains practice")
        self.practice = PracticePicker(controller, self)
        domain.addWidget(self.practice)
        self.practice_note = label("", "hint", self)
        domain.addWidget(self.practice_note)

        grounds = self.body.add_section("Evidence and learning")
        self.evidence = _captioned(
            grounds,
            TextArea(
                controller,
                STRATEGY,
                "evidence_base",
                "Evidence base",
                self,
                lines=2,
                placeholder="What research or evidence says this practice works",
            ),
        )
        self.learning = _captioned(
            grounds,
            TextArea(
                controller,
                STRATEGY,
                "learning_needs",
                "Professional-learning needs",
                self,
                lines=2,
                placeholder="What staff need to learn to carry it out",
            ),
        )

        measures = self.body.add_section(
            "Strategy performance measures",
            "Measure the “then” part: what adults do differently.",
        )
        self.measures_model = PlanItemsModel(
            controller,
            MEASURE,
            strategy_measure_columns(self.years),
            self._measure_rows,
            "measure",
            self,
            add=self._add_measure,
        )
        self.measures = WideTableEditor(self.measures_model, title="Strategy performance measures")
        # Short of room (a projector), the measures' numbers go before a column is cut off.
        self.measures.view.set_numbers_give_way(True)
        measures.addWidget(self.measures)
        self.smart = label("", "warn", self)
        self.smart.setAccessibleName("Measure check")
        measures.addWidget(self.smart)
        self.groups = MeasureGroups(controller, self.measures, self.years, self, compact=True)
        measures.addWidget(self.groups)

        resources = self.body.add_section(  # issue 15: typed, or picked from the catalogue
            "Supports for this strategy",
            "The resources and outside support it uses (step 6 follows how they are used).",
        )
        self.supports = StrategySupports(controller, self)
        resources.addWidget(self.supports)

        milestones = self.body.add_section("Milestones")
        self.milestones = label("", "", self)
        milestones.addWidget(self.milestones)
        self.add_milestone = QPushButton("Add a milestone to this strategy")
        self.add_milestone.setAccessibleName("Add a milestone to this strategy")
        row = QHBoxLayout()
        row.addWidget(self.add_milestone)
        row.addStretch(1)
        milestones.addLayout(row)
        self.body.finish()

        for area in (self.if_text, self.then_text, self.and_text):
            area.textChanged.connect(self._on_theory_text_changed)
        self.practice.currentIndexChanged.connect(self._on_practice_current_index_changed)
        self.add_milestone.clicked.connect(self.add_milestone_requested)

    def _measure_rows(self, _doc: PlanDoc) -> list[dict[str, Any]]:
        return self._measures

    def _add_measure(self, session: Any, index: int | None) -> Change:
        assert self.strategy_id is not None
        return outline.add_strategy_measure(session, self.strategy_id, index)

    def _area(self, section: QVBoxLayout, field: str, name: str, hint: str) -> TextArea:
        caption = label(name, "subsection", self)
        area = TextArea(
            self.controller, STRATEGY, field, f"{name} ({hint})", self, lines=2, placeholder=hint
        )
        caption.setBuddy(area)
        section.addWidget(caption)
        section.addWidget(area)
        return area

    def show_strategy(
        self, entry: outline.Entry, budget: int, milestones: list[outline.Entry]
    ) -> None:
        data = entry.data
        self.strategy_id = entry.id
        self.heading.setText(entry.heading)
        self.budget.setText(_budget_line("strategy", budget))
        self.if_text.bind(entry.id, data.get("if_text", ""))
        self.then_text.bind(entry.id, data.get("then_text", ""))
        self.and_text.bind(entry.id, data.get("and_text", ""))
        self.practice.bind(entry.id, data.get("practice_code", ""))
        self.evidence.bind(entry.id, data.get("evidence_base", ""))
        self.learning.bind(entry.id, data.get("learning_needs", ""))
        self.students.bind(entry.id, data.get("students", ""))
        self.category.bind(entry.id, data.get("category", ""))
        self._measures = list(data.get("measures", []))
        self.supports.show_for(entry.id)
        doc = self.controller.plan()
        self.follow_span(plan_span(doc["profile"]))
        self.measures_model.load(doc)  # the rows are ``_measures``
        self.groups.follow()
        self.show_measure_check(data.get("measures", []))
        self.milestones.setText(
            "\n".join(_item_text(m) for m in milestones) or "No milestones yet."
        )
        self._on_theory_text_changed()
        self._on_practice_current_index_changed()

    def follow_span(self, years: int) -> None:
        """A target column for each of the plan's ``years``, in the measures and their rows,
        and the SMART check asking for a target each year."""
        if years != self.years:
            self.years = years
            self.measures.set_columns(strategy_measure_columns(years))
            self.groups.set_years(years)
            self.show_measure_check(cast("list[MeasureRow]", self._measures))

    def show_measure_check(self, measures: Sequence[MeasureRow]) -> None:
        # A target for each year of the plan's span, as goal measures on step 1
        years = target_years(self.controller.plan()["profile"])
        lines = []
        for number, measure in enumerate(measures, start=1):
            missing = smart_findings(measure, years)
            if missing:
                lines.append(f"Measure {number} needs {', '.join(missing)}.")
        if not measures:
            lines.append("Add at least one measure of what adults will do differently.")
        self.smart.setText("\n".join(lines))
        self.smart.setProperty("role", "warn" if lines else "ok")
        self.smart.setVisible(bool(lines))

    def _on_theory_text_changed(self) -> None:
        texts = [a.toPlainText().strip() for a in (self.if_text, self.then_text, self.and_text)]
        problems = theory_findings(*texts)
        if problems:
            self.check.setText("Still to do: " + "; ".join(problems) + ".")
            role = "warn"
        else:
            self.check.setText("✓ Reads as a complete theory of action.")
            role = "ok"
        if self.check.property("role") != role:
            self.check.setProperty("role", role)
            self.check.style().unpolish(self.check)
            self.check.style().polish(self.check)
        parts = [t.rstrip(".") for t in texts]
        self.preview.setText(
            f"If we {parts[0] or '…'}, then {parts[1] or '…'}, and {parts[2] or '…'}."
        )

    def _on_practice_current_index_changed(self, *_args: object) -> None:
        code = self.practice.currentData() or ""
        found = practice(code) if code else None
        self.practice_note.setText(
            f"Domain {found.domain_number} · {found.domain_name}: {found.description}"
            if found
            else "Code each strategy to one practice so the district can see patterns."
        )


class MilestoneForm(QWidget):
    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.milestone_id: int | None = None
        self._numbers: dict[str, str] = {}
        self._team: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.body = _form_body(self)
        layout.addWidget(self.body)
        self.heading = self.body.add_title(None, "Milestone")
        self.budget = label("", "hint", self)
        self.body.column.addWidget(self.budget)
        about = self.body.add_section(
            "The milestone", "A large piece of work that shows the strategy is being carried out."
        )
        caption = label("Milestone", "", self)
        self.text = TextArea(
            controller,
            MILESTONE,
            "text",
            "Milestone",
            self,
            lines=2,
            placeholder="What will be in place",
        )
        caption.setBuddy(self.text)
        about.addWidget(caption)
        about.addWidget(self.text)
        row = QGridLayout()
        row.setHorizontalSpacing(12)
        caption = label("Timeline", "", self)
        self.timeline = TextField(
            controller, MILESTONE, "timeline", "Timeline", self, placeholder="e.g. Aug–Oct 2026"
        )
        caption.setBuddy(self.timeline)
        row.addWidget(caption, 0, 0)
        row.addWidget(self.timeline, 1, 0)
        caption = label("Kind of benchmark", "", self)
        self.kind = ChoiceField(
            controller, MILESTONE, "kind", "Kind of benchmark", KIND_CHOICES, self
        )
        caption.setBuddy(self.kind)
        row.addWidget(caption, 0, 1)
        row.addWidget(self.kind, 1, 1)
        row.setColumnStretch(0, 3)
        row.setColumnStretch(1, 2)
        about.addLayout(row)
        self._fit_to_font()

        actions = self.body.add_section(
            "Actions",
            "The steps to complete the milestone. Dates can be typed like 9/15/2026; "
            "budgets like 1,250.",
        )
        # Tool A's eight fields in five columns, so that a laptop shows them all: the dates as
        # one timeline, the amount over its funding source, the person responsible over the
        # collaborators. Each pair is edited together (Tab moves from one to the other). The
        # words share the width and wrap; the timeline keeps to its contents.
        columns = (
            Column("text", "Action", chars=32),
            Column("outputs", "Anticipated outputs", chars=22),
            Column(
                "start",
                "Timeline",
                kind="parts",
                chars=13,
                tip="Timeline: start and due dates",
                display=_timeline_text,
                parts=(
                    Column(
                        "start",
                        "Start",
                        kind="date",
                        chars=11,
                        display=lambda r: _date_text(r, "start"),
                        placeholder="9/1/2026",
                    ),
                    Column(
                        "due",
                        "Due",
                        kind="date",
                        chars=11,
                        display=lambda r: _date_text(r, "due"),
                        placeholder="5/28/2027",
                    ),
                ),
            ),
            Column(
                "budget_cents",
                "Budget",
                kind="parts",
                chars=16,
                stretch=True,
                tip="Budget and funding source",
                display=_budget_text,
                parts=(
                    Column("budget_cents", "Budget", kind="money", chars=9, placeholder="1,250"),
                    Column("funding_source", "Funding source", chars=16),
                ),
            ),
            Column(
                "person_responsible",
                "People",
                kind="parts",
                chars=20,
                stretch=True,
                tip="Person responsible and collaborators",
                display=_people_text,
                parts=(
                    Column(
                        "person_responsible",
                        "Person responsible",
                        kind="choice",
                        free=True,
                        chars=15,
                        choices=self.team_choices,
                    ),
                    Column("collaborators", "Collaborators", chars=16),
                ),
            ),
        )
        self.actions_model = PlanItemsModel(
            controller,
            ACTION,
            columns,
            self._action_rows,
            "action",
            self,
            row_label=lambda row, _n: self._numbers.get(outline.item_ref("action", row["id"]), ""),
            add=self._add_action,
        )
        self.action_table = WideTableEditor(self.actions_model, title="Actions")
        self.duplicate = QPushButton("Duplicate")
        self.duplicate.setAccessibleName("Duplicate the selected action")
        self.action_table.add_extra_button(self.duplicate)
        actions.addWidget(self.action_table)
        # How often the selected action happens: once (its timeline says when) or again and
        # again, with its rhythm in words; bound to whichever action is selected.
        rhythm = QHBoxLayout()
        rhythm.setSpacing(8)
        caption = label("The selected action happens", "", self)
        self.recurrence = ChoiceField(
            controller,
            ACTION,
            "recurrence",
            "How often the selected action happens",
            RECURRENCE_CHOICES,
            self,
        )
        caption.setBuddy(self.recurrence)
        schedule_caption = label("Schedule", "", self)
        self.schedule = TextField(
            controller,
            ACTION,
            "schedule",
            "Schedule of the selected action",
            self,
            placeholder="e.g. Tuesdays, 45 minutes in each PLC",
        )
        schedule_caption.setBuddy(self.schedule)
        rhythm.addWidget(caption)
        rhythm.addWidget(self.recurrence)
        rhythm.addWidget(schedule_caption)
        rhythm.addWidget(self.schedule, 1)
        actions.addLayout(rhythm)
        # When the table is too narrow for all its columns (a large presentation zoom: it
        # scrolls sideways), the selected action is spelled out in full right under it.
        self.action_details = QFrame(self)
        self.action_details.setProperty("role", "card")
        self.action_details.setAccessibleName("The selected action in full")
        details = QVBoxLayout(self.action_details)
        details.setContentsMargins(12, 8, 12, 10)
        details.setSpacing(4)
        self.action_details_title = label("", "subsection", self.action_details)
        self.action_details_text_label = label("", "", self.action_details)
        self.action_details_text_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        details.addWidget(self.action_details_title)
        details.addWidget(self.action_details_text_label)
        self.action_details.hide()
        self.action_table.add_below_table(self.action_details)
        self.body.finish()
        self.duplicate.clicked.connect(self._on_duplicate_clicked)
        view = self.action_table.view
        view.selectionModel().currentChanged.connect(self._show_action_details)
        view.selectionModel().currentChanged.connect(self._show_rhythm)
        self.actions_model.modelReset.connect(self._show_rhythm)
        view.horizontalScrollBar().rangeChanged.connect(self._show_action_details)
        self.actions_model.dataChanged.connect(self._show_action_details)
        self.actions_model.modelReset.connect(self._show_action_details)

    def action_details_text(self, row: int) -> str:
        """Every field of the action in row ``row``, in words, one a line."""
        data = self.actions_model.row_values(row)
        number = self._numbers.get(outline.item_ref("action", data["id"]), "")
        columns = self.actions_model.columns
        head = f"{number} — {columns[0].text(data) or '(action not described yet)'}"
        fields = [f for c in columns[1:] for f in c.fields()]
        return "\n".join([head, *(f"{f.title}: {f.text(data) or '—'}" for f in fields)])

    def _show_action_details(self, *_args: object) -> None:
        view = self.action_table.view
        index = view.currentIndex()
        clipped = view.horizontalScrollBar().maximum() > 0
        if not clipped or not self.actions_model.rowCount():
            self.action_details.hide()
            return
        if index.isValid() and index.row() < self.actions_model.rowCount():
            text = self.action_details_text(index.row())
            head, _newline, rest = text.partition("\n")
            self.action_details_title.setText(f"Action {head}")
            self.action_details_text_label.setText(rest)
        else:
            self.action_details_title.setText("Not every column fits at this size")
            self.action_details_text_label.setText(
                "Select an action to read all of it here, or scroll the table sideways."
            )
        self.action_details.show()

    def _show_rhythm(self, *_args: object) -> None:
        """The rhythm fields follow the selected action (none selected: they wait)."""
        row = self.action_table.view.currentIndex().row()
        if 0 <= row < self.actions_model.rowCount():
            data = self.actions_model.row_values(row)
            self.recurrence.bind(data["id"], data.get("recurrence") or "once")
            self.schedule.bind(data["id"], data.get("schedule") or "")
            chosen = not self.controller.readonly
        else:
            self.recurrence.bind(None, "once")
            self.schedule.bind(None, "")
            chosen = False
        self.recurrence.setEnabled(chosen)
        self.schedule.setEnabled(chosen)

    def _fit_to_font(self) -> None:
        # A timeline such as "Aug–Oct 2026" stays whole; below this the form scrolls sideways.
        self.timeline.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def team_choices(self) -> list[tuple[str, Any]]:
        return [(name, name) for name in self._team]

    def _action_rows(self, doc: PlanDoc) -> list[dict[str, Any]]:
        if self.milestone_id is None:
            return []
        entry = outline.index_plan(doc).get(outline.item_ref("milestone", self.milestone_id))
        return list(entry.data.get("actions", [])) if entry else []

    def _add_action(self, session: Any, index: int | None) -> Change:
        assert self.milestone_id is not None
        return outline.add_action(session, self.milestone_id, index)

    def show_milestone(self, entry: outline.Entry, budget: int, doc: PlanDoc) -> None:
        self.milestone_id = entry.id
        self._numbers = outline.numbering(doc)
        self._team = [m["name"] for m in doc["team"] if m["name"].strip()]
        self.heading.setText(entry.heading)
        self.budget.setText(_budget_line("milestone", budget))
        self.text.bind(entry.id, entry.data.get("text", ""))
        self.timeline.bind(entry.id, entry.data.get("timeline", ""))
        self.kind.bind(entry.id, entry.data.get("kind", "process"))
        self.actions_model.load(doc)

    def _on_duplicate_clicked(self) -> None:
        action_id = self.action_table.current_id()
        if action_id is None:
            return
        change = self.controller.run(lambda s: outline.duplicate_action(s, action_id))
        new_id = change.created_id("actions") if change else None
        if new_id is not None:
            self.action_table.select_id(new_id)
