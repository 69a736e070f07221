"""Step 5 — Build the plan: the outline (priority → strategy → milestone) on the left, the
selected item's form on the right.

Strategies are written as a theory of action (If we … then … and …) with a live check, coded to
one of the twelve Four Domains practices, and carry their measures; milestones carry their
actions (Tool A's action table). Numbers (1.1, 1.1.1, 1.1.1.1) and budget totals are computed
from the plan each time, so moving things around never leaves them wrong.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models import Action, Measure, Milestone, Strategy
from sipdesk.models.catalogues import domains, practice
from sipdesk.models.formatting import action_when, short_date
from sipdesk.models.plan_types import MeasureRow, ProfileRow
from sipdesk.services import outline
from sipdesk.services.checks import smart_findings, strategy_target_years, theory_findings
from sipdesk.services.edits import Change
from sipdesk.services.values import format_money, parse_date
from sipdesk.ui.controller import PlanController, RowValues
from sipdesk.ui.monitoring.comments_panel import CommentsArea, CommentsPanel
from sipdesk.ui.tables import Column, FlowLayout, PlanItemsModel, WideTableEditor
from sipdesk.ui.widgets.binding import FieldBinding, reshapes, touches
from sipdesk.ui.widgets.common import ScrollingBody, label
from sipdesk.ui.widgets.dialogs import Dialogs
from sipdesk.ui.widgets.fields import ChoiceField, TextArea, TextField

OUTLINE_TABLES = frozenset({"priorities", "strategies", "milestones", "actions"})
TABLES = OUTLINE_TABLES | {"measures", "team_members", "review_comments"}
REF_ROLE = Qt.ItemDataRole.UserRole + 3
COL_ITEM, COL_BUDGET = range(2)
PAGE_EMPTY, PAGE_PRIORITY, PAGE_STRATEGY, PAGE_MILESTONE = range(4)
KIND_CHOICES = (
    ("process", "Process benchmark"),
    ("early_evidence", "Early evidence of change"),
)
# Step 5's split, in average characters: the outline takes about a third of the page, between
# these bounds, and gives up room (down to TREE_KEEP_CHARS) to a form that needs it; the form
# never gets narrower than FORM_MIN_CHARS (it scrolls sideways below).
TREE_MIN_CHARS, TREE_CHARS, TREE_MAX_CHARS = 20, 32, 46
# An outline longer than this (a plan near its limits) opens with its priorities and whatever
# the person opened before; each item's wrapped height is worked out only once it shows.
OUTLINE_OPEN_ITEMS = 300
TREE_KEEP_CHARS = 28  # the outline keeps this much even when the form would like more
FORM_MIN_CHARS = 44
# A milestone's actions table shows all its columns in about this width. A page too narrow
# for it beside the outline (a laptop with the side panel open) puts the outline above the
# form instead — when it is at least STACK_MIN_LINES lines tall; a shorter one (a projector
# at presentation zoom) keeps them side by side and spells the selected action out in full.
ACTIONS_FIT_CHARS = 84
STACK_MIN_LINES = 26
# Stacked, the outline takes about a third of the height, between these (in lines of text).
STACKED_TREE_MIN_LINES, STACKED_TREE_MAX_LINES = 11, 16
# A strategy's measures: the words share the width and wrap (as the actions' do below them),
# never narrower than a word of their titles.
MEASURE_COLUMNS = (
    Column("indicator", "Indicator", chars=28),
    Column("data_source", "Data source", chars=20),
    Column("baseline", "Baseline", chars=20),
    Column("target_y1", "Target year 1", chars=20),
    Column("target_y2", "Target year 2", chars=20),
)


def _date_text(row: dict[str, Any], key: str) -> str:
    value = str(row.get(key) or "")
    try:
        day = parse_date(value)
    except ValueError:
        return value
    return short_date(day) if day else ""


def _timeline_text(row: dict[str, Any]) -> str:
    """Start and due as one timeline, broken after the dash (see ``formatting.timeline``); a
    recurring action's rhythm and schedule above them."""
    return action_when(
        str(row.get("recurrence") or "once"),
        str(row.get("schedule") or ""),
        row.get("start"),
        row.get("due"),
        dash=" –\n",
    )


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


def _item_text(entry: outline.Entry) -> str:
    fallback = {
        "priority": "(priority area not named yet)",
        "strategy": "(theory of action not written yet)",
        "milestone": "(milestone not described yet)",
    }[entry.kind]
    title = entry.title or fallback
    return f"{entry.heading} — {title}"


# --------------------------------------------------------------------- the outline tree
class _OutlineDelegate(QStyledItemDelegate):
    """Draws an outline title so a narrow outline still says what each item is: by its
    number alone ("1.1.1  Every K–3 teacher …"; the indent and the bold priorities show the
    level), wrapped onto a second line and elided after it. The item's own text, its
    tooltip and what a screen reader hears stay in full ("Milestone 1.1.1 — Every …").
    Qt's size hint does not wrap tree items, so the height is worked out here."""

    LINES = 3  # beside the form; one, on the full width, when the outline is above it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = self.LINES

    @staticmethod
    def shown(text: str) -> str:
        heading, sep, title = text.partition(" — ")
        kind, _space, number = heading.partition(" ")
        if sep and kind in ("Priority", "Strategy", "Milestone") and number:
            return f"{number}  {title}"
        return text

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() == COL_ITEM:
            option.text = self.shown(option.text)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        tree = self.parent()
        if index.column() != COL_ITEM or not isinstance(tree, QTreeWidget):
            return hint
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        font = index.data(Qt.ItemDataRole.FontRole)  # as Qt paints it: over the view's font
        metrics = QFontMetrics(
            font.resolve(option.font) if isinstance(font, QFont) else option.font
        )
        width = tree.header().sectionSize(COL_ITEM) - tree.indentation() * depth - 8
        text = self.shown(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap.value)
        box = metrics.boundingRect(QRect(0, 0, max(width, 20), 10_000), flags, text)
        lines = min(self.lines, max(1, round(box.height() / metrics.lineSpacing())))
        extra = max(0, hint.height() - metrics.height()) + max(2, metrics.lineSpacing() // 4)
        return QSize(hint.width(), max(hint.height(), lines * metrics.lineSpacing() + extra))


class PlanTree(QTreeWidget):
    """Priorities, strategies and milestones with their numbers and budget totals.

    Alt+Up / Alt+Down move the selected item, Insert adds under it, Delete removes it.
    """

    move_requested = Signal(int)
    add_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._delegate = _OutlineDelegate(self)
        self.setColumnCount(2)
        self.setHeaderLabels(["Plan outline", "Budget"])
        self.setAccessibleName("Plan outline")
        self.setAccessibleDescription(
            "Priorities, strategies and milestones. Alt+Up and Alt+Down move the selected "
            "item; Insert adds below it; Delete removes it."
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_BUDGET, QHeaderView.ResizeMode.ResizeToContents)
        self._fit_indent()
        self.setItemDelegate(self._delegate)
        # Wrapped titles change height with the width: lay the rows out again.
        header.sectionResized.connect(self._on_header_section_resized)

    def _fit_indent(self) -> None:
        # The numbers show the level too: a slim indent leaves the titles more room.
        self.setIndentation(max(12, round(self.fontMetrics().averageCharWidth() * 1.5)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_indent()

    def title_lines(self) -> int:
        """How many lines a title may take before it is cut short (…)."""
        return self._delegate.lines

    def set_title_lines(self, lines: int) -> None:
        if lines != self._delegate.lines:
            self._delegate.lines = lines
            self.scheduleDelayedItemsLayout()

    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == COL_ITEM:
            self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.NoModifier:
            self.add_requested.emit()
            return
        if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def current_ref(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(COL_ITEM, REF_ROLE))

    def item_for(self, ref: str) -> QTreeWidgetItem | None:
        for item in self._walk():
            if item.data(COL_ITEM, REF_ROLE) == ref:
                return item
        return None

    def _walk(self) -> list[QTreeWidgetItem]:
        """Every item, in the order the outline shows them."""
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in reversed(range(self.topLevelItemCount()))]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            out.append(item)
            stack.extend(item.child(i) for i in reversed(range(item.childCount())))
        return out


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
            Strategy,
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
            f"budget {format_money(budget) or '$0'}"
        )


class StrategyForm(QWidget):
    add_milestone_requested = Signal()

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.strategy_id: int | None = None
        self._measures: list[dict[str, Any]] = []
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

        domain = self.body.add_section("Four Domains practice")
        self.practice = PracticePicker(controller, self)
        domain.addWidget(self.practice)
        self.practice_note = label("", "hint", self)
        domain.addWidget(self.practice_note)

        grounds = self.body.add_section("Evidence and learning")
        caption = label("Evidence base", "", self)
        self.evidence = TextArea(
            controller,
            Strategy,
            "evidence_base",
            "Evidence base",
            self,
            lines=2,
            placeholder="What research or evidence says this practice works",
        )
        caption.setBuddy(self.evidence)
        grounds.addWidget(caption)
        grounds.addWidget(self.evidence)
        caption = label("Professional-learning needs", "", self)
        self.learning = TextArea(
            controller,
            Strategy,
            "learning_needs",
            "Professional-learning needs",
            self,
            lines=2,
            placeholder="What staff need to learn to carry it out",
        )
        caption.setBuddy(self.learning)
        grounds.addWidget(caption)
        grounds.addWidget(self.learning)

        measures = self.body.add_section(
            "Strategy performance measures",
            "Measure the “then” part: what adults do differently.",
        )
        self.measures_model = PlanItemsModel(
            controller,
            Measure,
            MEASURE_COLUMNS,
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

    def _measure_rows(self, _doc: dict[str, Any]) -> list[dict[str, Any]]:
        return self._measures

    def _add_measure(self, session: Any, index: int | None) -> Change:
        assert self.strategy_id is not None
        return outline.add_strategy_measure(session, self.strategy_id, index)

    def _area(self, section: QVBoxLayout, field: str, name: str, hint: str) -> TextArea:
        caption = label(name, "subsection", self)
        area = TextArea(
            self.controller, Strategy, field, f"{name} ({hint})", self, lines=2, placeholder=hint
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
        self.budget.setText(f"Budget for this strategy: {format_money(budget) or '$0'}")
        self.if_text.bind(entry.id, data.get("if_text", ""))
        self.then_text.bind(entry.id, data.get("then_text", ""))
        self.and_text.bind(entry.id, data.get("and_text", ""))
        self.practice.bind(entry.id, data.get("practice_code", ""))
        self.evidence.bind(entry.id, data.get("evidence_base", ""))
        self.learning.bind(entry.id, data.get("learning_needs", ""))
        self._measures = list(data.get("measures", []))
        self.measures_model.load({})
        self.show_measure_check(data.get("measures", []))
        self.milestones.setText(
            "\n".join(_item_text(m) for m in milestones) or "No milestones yet."
        )
        self._on_theory_text_changed()
        self._on_practice_current_index_changed()

    def show_measure_check(self, measures: list[dict[str, Any]]) -> None:
        # A target for each year of the plan's span (the template's strategy measures have two)
        years = strategy_target_years(cast(ProfileRow, self.controller.plan()["profile"]))
        lines = []
        for number, measure in enumerate(measures, start=1):
            missing = smart_findings(cast(MeasureRow, measure), years)  # UI: plan untyped (#17)
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
            Milestone,
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
            controller, Milestone, "timeline", "Timeline", self, placeholder="e.g. Aug–Oct 2026"
        )
        caption.setBuddy(self.timeline)
        row.addWidget(caption, 0, 0)
        row.addWidget(self.timeline, 1, 0)
        caption = label("Kind of benchmark", "", self)
        self.kind = ChoiceField(
            controller, Milestone, "kind", "Kind of benchmark", KIND_CHOICES, self
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
            Action,
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
        view.horizontalScrollBar().rangeChanged.connect(self._show_action_details)
        self.actions_model.dataChanged.connect(self._show_action_details)
        self.actions_model.modelReset.connect(self._show_action_details)
        self._doc: dict[str, Any] = {}

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

    def _fit_to_font(self) -> None:
        # A timeline such as "Aug–Oct 2026" stays whole; below this the form scrolls sideways.
        self.timeline.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def team_choices(self) -> list[tuple[str, Any]]:
        return [(name, name) for name in self._team]

    def _action_rows(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        if self.milestone_id is None:
            return []
        entry = outline.index_plan(doc).get(outline.item_ref("milestone", self.milestone_id))
        return list(entry.data.get("actions", [])) if entry else []

    def _add_action(self, session: Any, index: int | None) -> Change:
        assert self.milestone_id is not None
        return outline.add_action(session, self.milestone_id, index)

    def show_milestone(self, entry: outline.Entry, budget: int, doc: dict[str, Any]) -> None:
        self._doc = doc
        self.milestone_id = entry.id
        self._numbers = outline.numbering(doc)
        self._team = [m["name"] for m in doc.get("team", []) if (m.get("name") or "").strip()]
        self.heading.setText(entry.heading)
        self.budget.setText(f"Budget for this milestone: {format_money(budget) or '$0'}")
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


# --------------------------------------------------------------------- the page
class PlanPage(QWidget):
    """Step 5. ``focus_item`` understands priority:, strategy:, milestone:, action: and
    measure: refs."""

    TABLES = TABLES

    def __init__(
        self,
        controller: PlanController,
        parent: QWidget | None = None,
        *,
        dialogs: Dialogs | None = None,
        fill: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialogs = dialogs or Dialogs(self)
        self._doc: dict[str, Any] = {}
        self._index: dict[str, outline.Entry] = {}
        self._totals = outline.BudgetTotals({}, 0)
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.setAccessibleName("Step 5: Build the plan")
        outer = QVBoxLayout(self)
        # The same margins as the steps that scroll as a whole (ScrollingBody).
        outer.setContentsMargins(32, 24, 32, 12)
        title = label("STEP 5", "step-number", self)
        outer.addWidget(title)
        heading = QHBoxLayout()
        heading.addWidget(label("Build the plan", "page-title", self), 1)
        # The plan's budget on the title's line, where it is in view however the page is split.
        self.total = label("", "", self, wrap=False)
        self.total.setAccessibleName("Plan budget total")
        heading.addWidget(self.total, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(heading)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.splitter, 1)

        left = QWidget()
        self.outline_layout = QVBoxLayout(left)
        self.outline_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = PlanTree(left)
        self.outline_layout.addWidget(self.tree, 1)
        # The buttons wrap onto more lines rather than holding the outline wide (with the
        # outline above the form they make one row).
        buttons = FlowLayout(spacing=4)
        self.add_strategy_button = QPushButton("Add &strategy")
        self.add_strategy_button.setAccessibleName("Add a strategy to the selected priority")
        self.add_milestone_button = QPushButton("Add &milestone")
        self.add_milestone_button.setAccessibleName("Add a milestone to the selected strategy")
        buttons.addWidget(self.add_strategy_button)
        buttons.addWidget(self.add_milestone_button)
        # The less frequent moves are slimmer tool buttons (the tree has keys for them too).
        self.up_button = QToolButton()
        self.up_button.setText("↑ Up")
        self.up_button.setToolTip("Move the selected item up (Alt+Up)")
        self.up_button.setAccessibleName("Move the selected item up")
        self.down_button = QToolButton()
        self.down_button.setText("↓ Down")
        self.down_button.setToolTip("Move the selected item down (Alt+Down)")
        self.down_button.setAccessibleName("Move the selected item down")
        self.move_to_button = QToolButton()
        self.move_to_button.setText("Move to…")
        self.move_to_button.setToolTip("Move the selected item under another parent")
        self.move_to_button.setAccessibleName("Move the selected item under another parent")
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.setToolTip("Delete the selected item (Delete)")
        self.delete_button.setAccessibleName("Delete the selected item")
        for button in (self.up_button, self.down_button, self.move_to_button, self.delete_button):
            button.setProperty("role", "secondary")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            buttons.addWidget(button)
        self.outline_layout.addLayout(buttons)
        self.splitter.addWidget(left)
        self.outline_panel = left

        # Each part is made inside the widget it ends up in: a finished part added there
        # afterwards was restyled whole once more (a big plan's step waited 50 ms for it).
        self.stack = QStackedWidget(self.splitter)
        self.splitter.addWidget(self.stack)
        empty = QWidget(self.stack)
        empty_layout = QVBoxLayout(empty)
        self.empty_text = label(
            "Choose your priority areas in step 4; then build each one's strategies, milestones "
            "and actions here.",
            "hint",
            empty,
        )
        empty_layout.addWidget(self.empty_text)
        empty_layout.addStretch(1)
        self.priority_form = PriorityForm(self.stack)
        self.strategy_form = StrategyForm(self.controller, self.stack)
        self.milestone_form = MilestoneForm(self.controller, self.stack)
        for page in (empty, self.priority_form, self.strategy_form, self.milestone_form):
            self.stack.addWidget(page)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._split_by_hand = False  # once someone drags the divider, their split stays
        self._fit_split_to_font()
        self.comments = CommentsPanel(self.controller, 5)
        outer.addWidget(CommentsArea(self.comments, self))

    def _forms(self) -> tuple[PriorityForm, StrategyForm, MilestoneForm]:
        return (self.priority_form, self.strategy_form, self.milestone_form)

    def _fit_split_to_font(self) -> None:
        unit = self.fontMetrics().averageCharWidth()
        self.outline_panel.setMinimumWidth(unit * TREE_MIN_CHARS)
        self.stack.setMinimumWidth(unit * FORM_MIN_CHARS)
        self._split()

    def stacked(self) -> bool:
        """Whether the outline is above the form (rather than beside it)."""
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def _wants_stacked(self) -> bool:
        unit = self.fontMetrics().averageCharWidth()
        beside = (TREE_KEEP_CHARS + ACTIONS_FIT_CHARS) * unit + self.splitter.handleWidth()
        tall = self.splitter.height() >= STACK_MIN_LINES * self.fontMetrics().lineSpacing()
        return self.splitter.width() < beside and tall

    def _set_stacked(self, stacked: bool) -> None:
        if stacked == self.stacked():
            return
        self._split_by_hand = False  # a divider dragged the other way means nothing now
        self.splitter.setOrientation(
            Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal
        )
        # Full width, a title needs one line; beside the form, up to three.
        self.tree.set_title_lines(1 if stacked else _OutlineDelegate.LINES)
        for form in self._forms():
            # The page's own margins are beside the form already when it has the full width.
            margins = form.body.column.contentsMargins()
            side = 0 if stacked else FORM_SIDE_MARGIN
            form.body.column.setContentsMargins(side, margins.top(), side, margins.bottom())

    def _split(self) -> None:
        """Beside each other: the outline about a third of the page (within its bounds), the
        form the rest. Stacked: the outline about a third of the height."""
        self._set_stacked(self._wants_stacked())
        if self._split_by_hand:
            return
        unit = self.fontMetrics().averageCharWidth()
        if self.stacked():
            total = self.splitter.height() - self.splitter.handleWidth()
            line = self.fontMetrics().lineSpacing()
            tree = round(total * 0.36)
            tree = max(line * STACKED_TREE_MIN_LINES, min(tree, line * STACKED_TREE_MAX_LINES))
            tree = min(tree, max(0, total - line * 8))
        else:
            total = self.splitter.width() - self.splitter.handleWidth()
            if total <= 0:
                total = unit * (TREE_CHARS + FORM_MIN_CHARS * 2)
            tree = round(total * 0.36)
            tree = max(unit * TREE_MIN_CHARS, min(tree, unit * TREE_MAX_CHARS))
            # The form gets what its widest page needs, as long as the outline keeps its
            # minimum; and what its tables need to show all their columns (the measures, the
            # actions) when the outline can keep its share beside that.
            form = max(unit * FORM_MIN_CHARS, self._form_width())
            room = total - unit * TREE_KEEP_CHARS
            for best, least in self._table_widths():
                if best <= room:
                    form = max(form, best)
                elif least <= room:
                    form = max(form, least)  # the measures' row numbers give way
            tree = min(tree, max(unit * TREE_KEEP_CHARS, total - form))
        if total > 0 and self.splitter.sizes() != [tree, total - tree]:
            self.splitter.blockSignals(True)
            self.splitter.setSizes([tree, total - tree])
            self.splitter.blockSignals(False)

    def _table_widths(self) -> list[tuple[int, int]]:
        """The form widths at which the measures and the actions show all their columns:
        with the row numbers, and the least (without them, where they may give way)."""
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        out = []
        for form, view in (
            (self.strategy_form, self.strategy_form.measures.view),
            (self.milestone_form, self.milestone_form.action_table.view),
        ):
            margins = form.body.column.contentsMargins()
            chrome = margins.left() + margins.right() + scroll + 4
            out.append((view.least_width() + chrome, view.least_width(numbers=False) + chrome))
        return out

    def _form_width(self) -> int:
        """The width the widest form needs to show without scrolling sideways."""
        forms = (self.priority_form, self.strategy_form, self.milestone_form)
        for form in forms:
            form.ensurePolished()  # a hidden form may not have the new zoom's fonts yet
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return max(f.body.body.minimumSizeHint().width() for f in forms) + scroll + 4

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._split()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # After the forms have their new font too (their widths follow it).
            QTimer.singleShot(0, self, self._fit_split_to_font)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._split)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._split_by_hand = True

    def _on_stack_current_changed(self, _index: int) -> None:
        QTimer.singleShot(0, self, self._split)  # its form now laid out with today's fonts

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.controller.values_changed.connect(self._on_controller_values_changed)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.move_requested.connect(self._on_tree_move_requested)
        self.tree.add_requested.connect(self._on_tree_add_requested)
        self.tree.delete_requested.connect(self._on_delete_button_clicked)
        self.add_strategy_button.clicked.connect(self._on_add_strategy_button_clicked)
        self.add_milestone_button.clicked.connect(self._on_add_milestone_button_clicked)
        self.priority_form.add_strategy_requested.connect(self._on_add_strategy_button_clicked)
        self.strategy_form.add_milestone_requested.connect(self._on_add_milestone_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.move_to_button.clicked.connect(self._on_move_to_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.comments.item_activated.connect(self.focus_item)

    # ----------------------------------------------------------------- refresh
    def refresh(self) -> None:
        """Rebuild the outline from the plan, keeping the selected item."""
        keep = self.tree.current_ref()
        opened = {
            str(item.data(COL_ITEM, REF_ROLE)) for item in self.tree._walk() if item.isExpanded()
        }
        self._read()
        self.tree.blockSignals(True)
        self.tree.clear()
        parents: dict[str, QTreeWidgetItem] = {}
        for entry in self._index.values():
            if entry.kind == "action":
                continue
            item = QTreeWidgetItem([_item_text(entry), self._budget_text(entry.ref)])
            item.setData(COL_ITEM, REF_ROLE, entry.ref)
            item.setToolTip(COL_ITEM, _item_text(entry))
            item.setTextAlignment(COL_BUDGET, Qt.AlignmentFlag.AlignRight)
            if entry.kind == "priority":
                font = QFont(item.font(COL_ITEM))
                font.setBold(True)
                item.setFont(COL_ITEM, font)
                self.tree.addTopLevelItem(item)
            else:
                assert entry.parent is not None
                parents[entry.parent].addChild(item)
            parents[entry.ref] = item
        if len(parents) <= OUTLINE_OPEN_ITEMS:
            self.tree.expandAll()
        else:
            for ref, item in parents.items():
                if item.parent() is None or ref in opened:
                    item.setExpanded(True)
        self.tree.blockSignals(False)
        target = parents.get(keep) if keep else None
        if target is None and self.tree.topLevelItemCount():
            target = self.tree.topLevelItem(0)
        if target is not None:
            above = target.parent()
            while above is not None:  # the kept item shows, whatever was closed around it
                above.setExpanded(True)
                above = above.parent()
            self.tree.setCurrentItem(target)
        self._show_current()
        self.comments.refresh()

    def _read(self) -> None:
        self._doc = self.controller.plan()
        self._index = outline.index_plan(self._doc)
        self._totals = outline.budget_totals(self._doc)
        self.total.setText(f"Plan budget: {format_money(self._totals.plan) or '$0'}")

    def _budget_text(self, ref: str) -> str:
        total = self._totals.of(ref)
        return format_money(total) if total else "—"

    def _show_current(self) -> None:
        ref = self.tree.current_ref()
        entry = self._index.get(ref) if ref else None
        if entry is None:
            self.stack.setCurrentIndex(PAGE_EMPTY)
        elif entry.kind == "priority":
            strategies = [e for e in self._index.values() if e.parent == entry.ref]
            self.priority_form.show_priority(entry, len(strategies), self._totals.of(entry.ref))
            self.stack.setCurrentIndex(PAGE_PRIORITY)
        elif entry.kind == "strategy":
            milestones = [e for e in self._index.values() if e.parent == entry.ref]
            self.strategy_form.show_strategy(entry, self._totals.of(entry.ref), milestones)
            self.stack.setCurrentIndex(PAGE_STRATEGY)
        else:
            self.milestone_form.show_milestone(entry, self._totals.of(entry.ref), self._doc)
            self.stack.setCurrentIndex(PAGE_MILESTONE)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ref = self.tree.current_ref()
        kind = ref.split(":")[0] if ref else ""
        writable = not self.controller.readonly
        self.add_strategy_button.setEnabled(writable and bool(ref))
        self.add_milestone_button.setEnabled(writable and kind in ("strategy", "milestone"))
        movable = writable and kind in ("strategy", "milestone")
        item = self.tree.currentItem()
        parent = item.parent() if item is not None else None
        index = parent.indexOfChild(item) if parent is not None and item is not None else -1
        count = parent.childCount() if parent is not None else 0
        self.up_button.setEnabled(movable and index > 0)
        self.down_button.setEnabled(movable and 0 <= index < count - 1)
        self.move_to_button.setEnabled(movable)
        self.delete_button.setEnabled(movable)

    def _on_controller_changed(self, change: Change | None) -> None:
        if reshapes(change, OUTLINE_TABLES | {"measures"}):
            self.refresh()
            return
        if touches(change, {"actions", "measures", "team_members"}):
            self._read()
            for ref, entry in self._index.items():
                item = self.tree.item_for(ref)
                if item is not None:
                    item.setText(COL_BUDGET, self._budget_text(ref))
                    item.setText(COL_ITEM, _item_text(entry))
            self._show_current()
        if touches(change, {"review_comments"}):
            self.comments.refresh(change)

    def _on_controller_values_changed(self, values: RowValues) -> None:
        # Titles in the outline follow typing without re-reading the plan.
        fields = {"strategies": "if_text", "milestones": "text", "priorities": "title"}
        kinds = {"strategies": "strategy", "milestones": "milestone", "priorities": "priority"}
        for (table, row_id), row in values.items():
            if table not in fields or row is None or fields[table] not in row:
                continue
            ref = outline.item_ref(kinds[table], row_id)
            entry = self._index.get(ref)
            item = self.tree.item_for(ref)
            if entry is None or item is None:
                continue
            data = {**entry.data, fields[table]: row[fields[table]]}
            updated = outline.Entry(entry.kind, entry.id, entry.number, entry.parent, data)
            self._index[ref] = updated
            item.setText(COL_ITEM, _item_text(updated))
            item.setToolTip(COL_ITEM, _item_text(updated))

    # ----------------------------------------------------------------- slots
    def _on_tree_current_item_changed(self, *_args: object) -> None:
        self._show_current()

    def _selected_parent(self, kind: str) -> outline.Entry | None:
        """The selected item or its ancestor of ``kind``."""
        ref = self.tree.current_ref()
        if ref is None:
            return None
        for candidate in reversed(outline.ancestors(self._index, ref)):
            if candidate.startswith(f"{kind}:"):
                return self._index[candidate]
        return None

    def _select_new(self, change: Change | None, table: str, kind: str) -> None:
        new_id = change.created_id(table) if change is not None else None
        if new_id is None:
            return
        item = self.tree.item_for(outline.item_ref(kind, new_id))
        if item is not None:
            self.tree.setCurrentItem(item)
        form = self.strategy_form.if_text if kind == "strategy" else self.milestone_form.text
        form.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_add_strategy_button_clicked(self) -> None:
        priority = self._selected_parent("priority")
        if priority is None:
            return
        change = self.controller.run(lambda s: outline.add_strategy(s, priority.id))
        self._select_new(change, "strategies", "strategy")

    def _on_add_milestone_button_clicked(self) -> None:
        strategy = self._selected_parent("strategy")
        if strategy is None:
            return
        change = self.controller.run(lambda s: outline.add_milestone(s, strategy.id))
        self._select_new(change, "milestones", "milestone")

    def _on_tree_add_requested(self) -> None:
        ref = self.tree.current_ref() or ""
        if ref.startswith("priority:"):
            self._on_add_strategy_button_clicked()
        elif ref.startswith(("strategy:", "milestone:")):
            self._on_add_milestone_button_clicked()

    def _move(self, delta: int) -> None:
        ref = self.tree.current_ref()
        if ref is None or ref.startswith("priority:"):
            return
        self.controller.run(lambda s: outline.move_item(s, ref, delta))
        item = self.tree.item_for(ref)
        if item is not None:
            self.tree.setCurrentItem(item)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_tree_move_requested(self, delta: int) -> None:
        self._move(delta)

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_move_to_button_clicked(self) -> None:
        ref = self.tree.current_ref()
        if ref is None:
            return
        kind = ref.split(":")[0]
        parent_kind = {"strategy": "priority", "milestone": "strategy"}.get(kind)
        if parent_kind is None:
            return
        current_parent = self._index[ref].parent
        targets = [
            e for e in self._index.values() if e.kind == parent_kind and e.ref != current_parent
        ]
        if not targets:
            self.controller.refused.emit(f"There is no other {parent_kind} to move it to.")
            return
        choice = self.dialogs.pick(
            f"Move {self._index[ref].heading}",
            f"Move it under which {parent_kind}?",
            [_item_text(t) for t in targets],
        )
        if choice is None:
            return
        target = targets[choice].ref
        self.controller.run(lambda s: outline.move_under(s, ref, target))
        item = self.tree.item_for(ref)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _on_delete_button_clicked(self) -> None:
        ref = self.tree.current_ref()
        if ref is None or ref.startswith("priority:"):
            return
        item = self.tree.currentItem()
        neighbour = None
        if item is not None:
            neighbour = self.tree.itemBelow(item) or self.tree.itemAbove(item)
        keep = neighbour.data(COL_ITEM, REF_ROLE) if neighbour is not None else None
        if self.controller.run(lambda s: outline.delete_item(s, ref)) is None:
            return
        target = self.tree.item_for(keep) if keep else None
        if target is not None:
            self.tree.setCurrentItem(target)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------- navigation
    def focus_item(self, item: str) -> bool:
        parsed = outline.parse_ref(item)
        if parsed is None:
            return False
        kind, row_id = parsed
        if kind == "measure":
            owner = next(
                (
                    e
                    for e in self._index.values()
                    if e.kind == "strategy"
                    and any(m["id"] == row_id for m in e.data.get("measures", []))
                ),
                None,
            )
            owner_item = self.tree.item_for(owner.ref) if owner is not None else None
            if owner_item is None:
                return False
            self.tree.setCurrentItem(owner_item)
            self.strategy_form.measures.select_id(row_id)
            return True
        if kind == "action":
            entry = self._index.get(item)
            parent_item = self.tree.item_for(entry.parent) if entry and entry.parent else None
            if parent_item is None:
                return False
            self.tree.setCurrentItem(parent_item)
            self.milestone_form.body.reveal(self.milestone_form.action_table)
            return self.milestone_form.action_table.select_id(row_id)
        tree_item = self.tree.item_for(item)
        if tree_item is None:
            return False
        self.tree.setCurrentItem(tree_item)
        if kind == "strategy":
            self.strategy_form.body.reveal(self.strategy_form.if_text)
            self.strategy_form.if_text.setFocus(Qt.FocusReason.OtherFocusReason)
        elif kind == "milestone":
            self.milestone_form.text.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
