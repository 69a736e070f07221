"""Step 1 — Set the direction: vision, mission, core values, goals and their measures, the
theory of action and the glossary, with live SMART and theory-of-action feedback."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import CORE_VALUE, GLOSSARY_TERM, GOAL, MEASURE, PLAN_PROFILE
from sipdesk.services import lists
from sipdesk.services.checks import (
    smart_findings,
    target_years,
    theory_findings,
    theory_sentence,
)
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.services.pack_glance import glance
from sipdesk.ui.plan.measures import MeasureGroups, goal_measure_columns, plan_span
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel
from sipdesk.ui.widgets.batches import Batches, run_parts
from sipdesk.ui.widgets.common import ScrollingBody, label, restyle
from sipdesk.ui.widgets.fields import CheckField, TextArea
from sipdesk.ui.widgets.wrapping import shown_text

if TYPE_CHECKING:
    from sipdesk.models.plan_types import MeasureRow
    from sipdesk.services.lists import GoalFields
    from sipdesk.ui.controller import PlanController

PROFILE_ROW = 1
# Goal cards built at once when the page shows; any more are built in slices after it shows.
EAGER_CARDS = 3

VALUE_COLUMNS = (Column("text", "Core value"),)
GLOSSARY_COLUMNS = (
    Column("term", "Term or acronym", stretch=False),
    Column("meaning", "What it means"),
)
PREVIEW_CHARS = 600  # of each part, in the theory of action read as one sentence
THEORY_PARTS = (
    ("toa_if", "If we …", "what we, the adults, will do", "If we"),
    ("toa_then", "then …", "what will change in how staff work", "then"),
    ("toa_and", "and …", "what will change for students", "and"),
)


def smart_feedback(measures: Sequence[MeasureRow], years: int = 3) -> tuple[str, bool]:
    """A few plain lines on whether each measure is specific, measurable and time-bound."""
    if not measures:
        return (
            "Add a measure: what you will count, where the numbers come from, where you start "
            "and where you aim to be each year.",
            False,
        )
    lines = []
    good = True
    for number, measure in enumerate(measures, start=1):
        missing = smart_findings(measure, years)
        if missing:
            good = False
            lines.append(f"• Measure {number} still needs {_join(missing)}.")
        else:
            lines.append(f"✓ Measure {number} is specific, measurable and time-bound.")
    return "\n".join(lines), good


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class GoalCard(QFrame):
    """One student-focused goal: its statement, why it matters, and how it is measured."""

    def __init__(self, page: DirectionPage, goal_id: int) -> None:
        # Made inside the box of goals it is shown in: moving a finished card there later
        # restyled every widget in it once more (a tenth of a second a card).
        super().__init__(page.goals_box)
        self.page = page
        self.controller = page.controller
        self.goal_id = goal_id
        self.number = 0
        self._measures_loaded = False
        self.setProperty("role", "card")
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        controller = self.controller
        writable = not controller.readonly
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        header = QHBoxLayout()
        self.title = label("Goal", "subsection", self, wrap=False)
        header.addWidget(self.title)
        header.addStretch(1)
        self.academic = CheckField(
            controller, GOAL, "academic", "Academic goal", self, undo_label="Change academic goal"
        )
        header.addWidget(self.academic)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.remove_button = QPushButton("Remove goal", self)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setProperty("role", "secondary")
            button.setEnabled(writable)
            header.addWidget(button)
        layout.addLayout(header)

        self.text = TextArea(
            controller,
            GOAL,
            "text",
            "Goal",
            self,
            lines=1,
            undo_label="Edit goal",
            placeholder="What students will achieve, e.g. More students read on grade level "
            "by the end of third grade.",
        )
        layout.addWidget(self.text)
        self.explanation_caption = label("Why this goal", "", self)
        layout.addWidget(self.explanation_caption)
        self.explanation = TextArea(
            controller,
            GOAL,
            "explanation",
            "Why this goal",
            self,
            lines=1,
            undo_label="Edit goal explanation",
            placeholder="What the data showed, and why this matters for our students.",
        )
        self.explanation_caption.setBuddy(self.explanation)
        layout.addWidget(self.explanation)

        layout.addWidget(label("How we will measure it", "", self))
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(16)
        self._measure_row = row
        self.measures = TableEditor(
            TableRowsModel(
                controller,
                MEASURE,
                goal_measure_columns(self.page.years),
                noun="measure",
                scope={"goal_id": self.goal_id},
            ),
            title="Measures",
        )
        row.addWidget(self.measures, 3)
        self.smart = QLabel(self)
        self.smart.setWordWrap(True)
        self.smart.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.smart.setAccessibleName("Measure check")
        row.addWidget(self.smart, 1)
        layout.addLayout(row)
        self.groups = MeasureGroups(controller, self.measures, self.page.years, self)
        layout.addWidget(self.groups)

    def set_years(self, years: int) -> None:
        """A target column for each year of the plan's span, in the measures and their rows."""
        self.measures.set_columns(goal_measure_columns(years))
        self.groups.set_years(years)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # The SMART check sits beside the measures when there is room, under them otherwise.
        wide = self.width() > self.fontMetrics().averageCharWidth() * 150
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._measure_row.direction() != direction:
            self._measure_row.setDirection(direction)

    def _connect(self) -> None:
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.measures.model.dataChanged.connect(self._on_measures_changed)
        self.measures.model.modelReset.connect(self._on_measures_changed)

    def show_goal(
        self, goal: GoalFields, number: int, count: int, measures: Sequence[MeasureRow] | None
    ) -> None:
        """Show ``goal`` as goal ``number`` of ``count``; ``measures`` None: read them here
        (once), as a goal row read for a reshape comes without its measures."""
        self.number = number
        self.title.setText(f"Goal {number}")
        self.text.setAccessibleName(f"Goal {number}")
        self.explanation.setAccessibleName(f"Why goal {number}")
        self.academic.setAccessibleName(f"Goal {number} is an academic goal")
        self.measures.view.setAccessibleName(f"Goal {number} measures")
        self.up_button.setAccessibleName(f"Move goal {number} up")
        self.down_button.setAccessibleName(f"Move goal {number} down")
        self.remove_button.setAccessibleName(f"Remove goal {number}")
        writable = not self.controller.readonly
        self.up_button.setEnabled(writable and number > 1)
        self.down_button.setEnabled(writable and number < count)
        self.text.bind(self.goal_id, goal["text"])
        self.explanation.bind(self.goal_id, goal["explanation"])
        self.academic.bind(self.goal_id, goal["academic"])
        if measures is not None:
            self.measures.model.set_rows(measures)
            self._measures_loaded = True
        elif not self._measures_loaded:
            self.measures.model.reload()
            self._measures_loaded = True

    def tab_chain(self) -> list[QWidget]:
        """The card's controls in the order Tab visits them."""
        return [
            self.academic,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.text,
            self.explanation,
            self.measures.view,
            self.measures.add_button,
            self.measures.remove_button,
            self.measures.up_button,
            self.measures.down_button,
            self.groups.table.view,
            self.groups.table.add_button,
            self.groups.table.remove_button,
            self.groups.table.up_button,
            self.groups.table.down_button,
        ]

    def _on_measures_changed(self, *_: Any) -> None:
        # The plan is read afresh before the table hears of an edit: its measures are the rows.
        plan = self.controller.plan()
        goal = next((g for g in plan["goals"] if g["id"] == self.goal_id), None)
        measures = goal["measures"] if goal is not None else ()
        text, good = smart_feedback(measures, target_years(plan["profile"]))
        self.smart.setText(text)
        self.smart.setProperty("role", "ok" if good else "warn")
        restyle(self.smart)

    def _move(self, delta: int) -> None:
        target = self.number - 1 + delta
        goal_id = self.goal_id
        self.controller.run(lambda s: lists.move_goal(s, goal_id, target))

    def _on_up_button_clicked(self) -> None:
        self._move(-1)
        (self.up_button if self.up_button.isEnabled() else self.text).setFocus()

    def _on_down_button_clicked(self) -> None:
        self._move(1)
        (self.down_button if self.down_button.isEnabled() else self.text).setFocus()

    def _on_remove_button_clicked(self) -> None:
        goal_id = self.goal_id
        self.page.remove_goal(goal_id)


class DirectionPage(QWidget):
    """Where the school is headed and how it will know it got there."""

    PARTS = (
        PlanPart.PROFILE
        | PlanPart.CORE_VALUES
        | PlanPart.GOALS
        | PlanPart.MEASURES
        | PlanPart.GLOSSARY
    )

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._cards: dict[int, GoalCard] = {}
        self.years = plan_span(controller.plan()["profile"])  # the plan's span
        self.fields: dict[str, TextArea] = {}
        self.batches = Batches(self, eager=EAGER_CARDS, below_first_screen=True)
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        controller = self.controller
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        outer.addWidget(self.body)
        self.body.add_title(1, "Set the direction")

        words = self.body.add_section(
            "Vision and mission", "Where the school is headed, and what it does every day."
        )
        for field, name, hint in (
            ("vision", "Vision", "The future the school is working toward."),
            ("mission", "Mission", "What the school does, for whom, every day."),
        ):
            editor = TextArea(
                controller, PLAN_PROFILE, field, name, self, lines=2, placeholder=hint
            )
            caption = label(name, "subsection", self)
            caption.setBuddy(editor)
            words.addWidget(caption)
            words.addWidget(editor)
            self.fields[field] = editor

        values = self.body.add_section("Core values", "The beliefs that guide decisions.")
        self.values = TableEditor(
            TableRowsModel(controller, CORE_VALUE, VALUE_COLUMNS, noun="core value"),
            title="Core values",
        )
        values.addWidget(self.values)

        goals = self.body.add_section(
            "Student-focused goals",
            "At least two goals with complete measures, and at least two of them academic.",
        )
        # The district's goals, when the school took its expectations (issue 13 item 7).
        self.district_goals = label("", "hint", self)
        self.district_goals.setAccessibleName("Your district's goals")
        self.district_goals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.district_goals.hide()
        goals.addWidget(self.district_goals)
        self.goals_box = QWidget(self)
        self.goals_layout = QVBoxLayout(self.goals_box)
        self.goals_layout.setContentsMargins(0, 0, 0, 0)
        self.goals_layout.setSpacing(14)
        goals.addWidget(self.goals_box)
        self.no_goals = label("No goals yet.", "hint", self)
        goals.addWidget(self.no_goals)
        add_row = QHBoxLayout()
        self.add_goal_button = QPushButton("Add a goal", self)
        self.add_goal_button.setAccessibleName("Add a goal")
        self.add_goal_button.setEnabled(not controller.readonly)
        add_row.addWidget(self.add_goal_button)
        add_row.addStretch(1)
        goals.addLayout(add_row)

        theory = self.body.add_section(
            "Theory of action",
            "The school's overall purpose as one chain of reasoning: if we do this, then "
            "adults will work this way, and students will achieve this.",
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        for row, (field, caption_text, hint, name) in enumerate(THEORY_PARTS):
            editor = TextArea(
                controller,
                PLAN_PROFILE,
                field,
                f"Theory of action, “{name} …” part",
                self,
                lines=2,
                placeholder=hint,
                undo_label="Edit theory of action",
            )
            caption = label(caption_text, "subsection", self, wrap=False)
            caption.setBuddy(editor)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, 1)
            self.fields[field] = editor
        theory.addLayout(grid)
        self.theory_check = label("", "hint", self)
        self.theory_check.setAccessibleName("Theory of action check")
        theory.addWidget(self.theory_check)
        self.theory_preview = label("", "hint", self)
        self.theory_preview.setAccessibleName("Theory of action as one sentence")
        theory.addWidget(self.theory_preview)

        glossary = self.body.add_section(
            "Glossary", "Terms and acronyms a reader outside the school may not know."
        )
        self.glossary = TableEditor(
            TableRowsModel(controller, GLOSSARY_TERM, GLOSSARY_COLUMNS, noun="term"),
            title="Glossary",
        )
        glossary.addWidget(self.glossary)
        self.body.finish()

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.add_goal_button.clicked.connect(self._on_add_goal_button_clicked)
        for field, _caption, _hint, _name in THEORY_PARTS:
            self.fields[field].textChanged.connect(self._on_theory_text_changed)

    # ----------------------------------------------------------------- data
    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        plan = self.controller.plan()
        profile = plan["profile"]
        self._follow_span(profile)
        for field, editor in self.fields.items():
            editor.bind(PROFILE_ROW, profile.get(field))
        self._on_theory_text_changed()
        self.show_district_goals(str(profile.get("plan_id") or ""))
        yield
        self.values.model.set_rows(plan["core_values"])
        yield
        self.glossary.model.set_rows(plan["glossary"])
        yield
        self._show_goals(plan["goals"], {g["id"]: g["measures"] for g in plan["goals"]})

    def show_district_goals(self, plan_id: str) -> None:
        """Say the district's goals above the plan's own, quietly, when the school took its
        expectations pack for this plan (read with the json module only; PlanPart.PROFILE
        brings the plan id)."""
        pack = glance(plan_id)
        goals = pack.goals if pack is not None else ()
        if goals:
            lines = "\n".join(f"•  {goal}" for goal in goals)
            source = f", from {pack.district}" if pack and pack.district else ""
            self.district_goals.setText(
                f"Your district's goals{source}. Your own goals can build on them:\n{lines}"
            )
        self.district_goals.setVisible(bool(goals))

    def _goal_rows(self) -> list[GoalFields]:
        with self.controller.session() as session:
            return lists.goal_rows(session)

    def _show_goals(
        self, goals: Sequence[GoalFields], measures: Mapping[int, Sequence[MeasureRow]] = {}
    ) -> None:
        wanted = [g["id"] for g in goals]
        for goal_id in [i for i in self._cards if i not in wanted]:
            card = self._cards.pop(goal_id)
            self.goals_layout.removeWidget(card)
            card.deleteLater()
        self.no_goals.setVisible(not goals)
        if not goals:
            QWidget.setTabOrder(self.values.down_button, self.add_goal_button)
        # Card by card, in slices: a plan with hundreds of goals shows at once and fills in.
        count = len(goals)
        self.batches.run(
            partial(self._show_goal, goal, number, count, measures.get(goal["id"]))
            for number, goal in enumerate(goals)
        )

    def _show_goal(
        self, goal: GoalFields, number: int, count: int, measures: Sequence[MeasureRow] | None
    ) -> None:
        card = self._cards.get(goal["id"])
        if card is None:
            card = GoalCard(self, goal["id"])
            self._cards[goal["id"]] = card
        if self.goals_layout.indexOf(card) != number:
            self.goals_layout.removeWidget(card)
            self.goals_layout.insertWidget(number, card)
        card.show_goal(goal, number + 1, count, measures)
        self._link_tab_order(card, number)

    @property
    def goal_cards(self) -> dict[int, GoalCard]:
        """Every goal's card, by goal id (all of them: any still to build are built now)."""
        self.batches.flush()
        return self._cards

    def _link_tab_order(self, card: GoalCard, number: int) -> None:
        """Put ``card`` in the Tab order after the card above it (cards added later would
        otherwise come last), and the "Add a goal" button after it."""
        previous: QWidget = self.values.down_button
        if number > 0:
            item = self.goals_layout.itemAt(number - 1)
            above = item.widget() if item is not None else None
            if isinstance(above, GoalCard):
                previous = above.tab_chain()[-1]
        for widget in card.tab_chain():
            QWidget.setTabOrder(previous, widget)
            previous = widget
        QWidget.setTabOrder(previous, self.add_goal_button)

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.reload:
            self.refresh()
            return
        if notice.reshapes(PlanPart.GOALS):
            self._show_goals(self._goal_rows())
        if notice.touches(PlanPart.PROFILE):
            self._follow_span(self.controller.plan()["profile"])

    def _follow_span(self, profile: Mapping[str, Any]) -> None:
        """The measures' target columns follow the plan's span (step 0)."""
        years = plan_span(profile)
        if years == self.years:
            return
        self.years = years
        for card in self._cards.values():
            card.set_years(years)

    def _on_theory_text_changed(self) -> None:
        parts = [self.fields[f].toPlainText() for f, *_ in THEORY_PARTS]
        problems = theory_findings(*parts)
        if problems:
            self.theory_check.setText("Still to do: " + "; ".join(problems) + ".")
            self.theory_check.setProperty("role", "warn")
        else:
            self.theory_check.setText("✓ Each part reads as a complete thought.")
            self.theory_check.setProperty("role", "ok")
        restyle(self.theory_check)
        if any(p.strip() for p in parts):
            # A label lays its whole text out again on every layout pass: each part is
            # shown up to a paragraph's length (the fields above hold all of it).
            shown = [shown_text(p, PREVIEW_CHARS) for p in parts]
            self.theory_preview.setText(theory_sentence(*shown))
        else:
            self.theory_preview.setText("")

    # ----------------------------------------------------------------- edits
    def _on_add_goal_button_clicked(self) -> None:
        change = self.controller.run(lists.add_goal)
        new_id = change.created_id("goals") if change else None
        if new_id is not None and new_id in self.goal_cards:
            card = self.goal_cards[new_id]
            card.text.setFocus(Qt.FocusReason.OtherFocusReason)
            self.body.reveal(card)

    def remove_goal(self, goal_id: int) -> None:
        ids = list(self.goal_cards)
        self.controller.run(lambda s: lists.delete_goal(s, goal_id))
        remaining = [i for i in ids if i != goal_id and i in self.goal_cards]
        if remaining:
            position = min(ids.index(goal_id), len(remaining) - 1)
            self.goal_cards[remaining[position]].text.setFocus()
        else:
            self.add_goal_button.setFocus()

    # ----------------------------------------------------------------- finding things
    def focus_item(self, item: str) -> bool:
        kind, _, key = item.partition(":")
        target: QWidget | None = None
        if kind == "profile" and key in self.fields:
            target = self.fields[key]
        elif kind == "goals":
            cards = self._ordered_cards()
            target = cards[0].text if cards else self.add_goal_button
        elif kind == "goal" and key.isdigit() and int(key) in self.goal_cards:
            target = self.goal_cards[int(key)].text
        elif kind == "measure" and key.isdigit():
            for card in self.goal_cards.values():
                if card.measures.select_id(int(key)):
                    self.body.reveal(card.measures)
                    return True
        elif kind in ("core_values", "core_value"):
            target = self.values.view
        elif kind in ("glossary", "term"):
            target = self.glossary.view
        if target is None:
            return False
        self.body.reveal(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _ordered_cards(self) -> list[GoalCard]:
        self.batches.flush()
        cards = []
        for index in range(self.goals_layout.count()):
            item = self.goals_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, GoalCard):
                cards.append(widget)
        return cards
