"""5 Whys: a symptom, then "why?" answers added with Enter; the last answer is the root cause.

Each chain can be linked to a SWOT weakness or a fishbone cause and flagged actionable. Rows
are kept by step id across refreshes, so whoever is typing keeps typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import WHY_CHAIN, WHY_STEP
from sipdesk.services import lists
from sipdesk.services import root_causes as rc
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.fishbone.cause_panel import combo_id, fill_combo, short
from sipdesk.ui.fishbone.elided_combo import ElidedComboBox
from sipdesk.ui.widgets.common import label, restyle
from sipdesk.ui.widgets.fields import CheckField, TextArea

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc, WhyChainRow, WhyStepRow
    from sipdesk.ui.controller import PlanController

CHAIN_PARTS = PlanPart.WHY_CHAINS | PlanPart.WHY_STEPS
# Answers, their evidence and the symptom grow to show their whole text up to this many
# lines (the chain's pane scrolls), so a long answer never hides behind a box's scroll bar.
ANSWER_MAX_LINES = 10


def is_plain_enter(event: QEvent) -> bool:
    """Enter or Return without Shift (Shift+Enter breaks the line instead)."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
    )


class StepRow(QFrame):
    """One "why?" answer with its evidence."""

    enter_pressed = Signal(int)  # step id
    remove_clicked = Signal(int)

    def __init__(self, controller: PlanController, step_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.step_id = step_id
        self.setProperty("role", "card")
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 6, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.number = label("", "subsection", self, wrap=False)
        self.text = TextArea(
            controller,
            WHY_STEP,
            "text",
            "Why",
            self,
            lines=1,
            max_lines=ANSWER_MAX_LINES,
            placeholder="Because…",
            undo_label="Edit why",
        )
        self.evidence = TextArea(
            controller,
            WHY_STEP,
            "evidence",
            "Evidence",
            self,
            lines=1,
            max_lines=ANSWER_MAX_LINES,
            placeholder="Evidence: what shows this?",
            undo_label="Edit evidence",
        )
        # Long answers wrap; Enter asks the next "why?" (Shift+Enter breaks the line).
        self.text.installEventFilter(self)
        self.evidence.installEventFilter(self)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setProperty("role", "card-tool")
        self.remove.setEnabled(not controller.readonly)
        grid.addWidget(self.number, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.text, 0, 1)
        grid.addWidget(self.remove, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.evidence, 1, 1)
        grid.setColumnStretch(1, 1)
        self.remove.clicked.connect(self._on_remove_clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_plain_enter(event):
            self.enter_pressed.emit(self.step_id)
            return True
        return super().eventFilter(watched, event)

    def show_step(self, step: WhyStepRow, number: int, last: bool) -> None:
        title = "Root cause" if last else f"Why {number}?"
        metrics = self.number.fontMetrics()
        widest = max(metrics.horizontalAdvance("Root cause"), metrics.horizontalAdvance("Why 10?"))
        self.number.setMinimumWidth(widest + metrics.averageCharWidth())
        self.number.setText(title)
        self.number.setProperty("role", "warn" if last else "subsection")
        restyle(self.number)
        self.text.setAccessibleName(f"Why {number}" + (" (root cause)" if last else ""))
        self.evidence.setAccessibleName(f"Evidence for why {number}")
        self.remove.setAccessibleName(f"Remove why {number}")
        self.remove.setToolTip(f"Remove why {number}")
        self.text.bind(step["id"], step["text"])
        self.evidence.bind(step["id"], step["evidence"])

    def _on_remove_clicked(self) -> None:
        self.remove_clicked.emit(self.step_id)


class WhysPanel(QWidget):
    """The 5 Whys chains of the plan: a list on the left, the chosen chain on the right."""

    message = Signal(str)

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._chain_id: int | None = None
        self._rows: dict[int, StepRow] = {}
        self._plan: PlanDoc | None = None
        self._build_ui()
        self._connect()

    # ----------------------------------------------------------------- set-up
    def _build_ui(self) -> None:
        c = self.controller
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.splitter)

        left = QWidget(self.splitter)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(8, 8, 8, 8)
        left_col.addWidget(label("5 Whys chains", "panel-title", left))
        self.chains = QListWidget(left)
        self.chains.setAccessibleName("5 Whys chains in this plan")
        self.chains.setWordWrap(True)
        left_col.addWidget(self.chains, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("New 5 Whys", left)
        self.new_button.setAccessibleName("New 5 Whys chain")
        self.delete_button = QPushButton("Delete", left)
        self.delete_button.setAccessibleName("Delete this 5 Whys chain")
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_col.addLayout(buttons)

        self.body_scroll = QScrollArea(self.splitter)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget(self.body_scroll)
        body.setObjectName("pageBody")
        col = QVBoxLayout(body)
        col.setContentsMargins(16, 8, 16, 16)
        col.setSpacing(8)
        self.empty = label(
            "Start a chain with New 5 Whys: write the symptom, press Enter, and answer “why?” "
            "until you reach a cause you can act on.",
            "hint",
            body,
        )
        col.addWidget(self.empty)
        self.editor = QWidget(body)
        ed = QVBoxLayout(self.editor)
        ed.setContentsMargins(0, 0, 0, 0)
        ed.setSpacing(6)
        ed.addWidget(label("Symptom (the problem you see)", "subsection", self.editor))
        # It wraps, so a long problem statement shows whole; Enter asks the first "why?".
        self.symptom = TextArea(
            c,
            WHY_CHAIN,
            "symptom",
            "Symptom",
            self.editor,
            lines=1,
            max_lines=ANSWER_MAX_LINES,
            placeholder="What do you see? Press Enter to ask why.",
            undo_label="Edit symptom",
        )
        self.symptom.installEventFilter(self)
        ed.addWidget(self.symptom)
        links = QGridLayout()
        links.addWidget(label("SWOT weakness", "", self.editor), 0, 0)
        self.weakness = ElidedComboBox(self.editor, min_chars=16)
        self.weakness.setAccessibleName("SWOT weakness this chain digs into")
        links.addWidget(self.weakness, 0, 1)
        links.addWidget(label("Fishbone cause", "", self.editor), 1, 0)
        self.cause = ElidedComboBox(self.editor, min_chars=16)
        self.cause.setAccessibleName("Fishbone cause this chain digs into")
        links.addWidget(self.cause, 1, 1)
        links.setColumnStretch(1, 1)
        ed.addLayout(links)
        self.actionable = CheckField(
            c, WHY_CHAIN, "actionable", "Actionable (within our control)", self.editor
        )
        ed.addWidget(self.actionable)
        ed.addWidget(label("Why? — press Enter in an answer to ask why again", "hint", self.editor))
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(6)
        ed.addLayout(self.steps_box)
        self.add_step_button = QPushButton("Add why", self.editor)
        self.add_step_button.setAccessibleName("Add a why")
        ed.addWidget(self.add_step_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.root_summary = label("", "", self.editor)
        self.root_summary.setAccessibleName("Root cause of this chain")
        ed.addWidget(self.root_summary)
        col.addWidget(self.editor)
        col.addStretch(1)
        self.body_scroll.setWidget(body)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        readonly = c.readonly
        for button in (self.new_button, self.delete_button, self.add_step_button):
            button.setEnabled(not readonly)
        self.weakness.setEnabled(not readonly)
        self.cause.setEnabled(not readonly)

    def _connect(self) -> None:
        self.chains.currentItemChanged.connect(self._on_chains_current_item_changed)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.add_step_button.clicked.connect(self._on_add_step_button_clicked)
        self.weakness.activated.connect(self._on_links_activated)
        self.cause.activated.connect(self._on_links_activated)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.symptom and is_plain_enter(event):
            self._on_symptom_return_pressed()
            return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- showing
    def chain_id(self) -> int | None:
        return self._chain_id

    def step_row(self, step_id: int) -> StepRow:
        return self._rows[step_id]

    def step_ids(self) -> list[int]:
        return list(self._rows)

    def refresh(self, plan: PlanDoc, notice: PlanNotice | None = None) -> None:
        self._plan = plan
        chains = plan["why_chains"]
        ids = [ch["id"] for ch in chains]
        if self._chain_id not in ids:
            self._chain_id = ids[0] if ids else None
        self._fill_list(chains)
        chain = next((ch for ch in chains if ch["id"] == self._chain_id), None)
        self.empty.setVisible(chain is None)
        self.editor.setVisible(chain is not None)
        self.delete_button.setEnabled(chain is not None and not self.controller.readonly)
        if chain is None:
            self._clear_rows()
            return
        self.symptom.bind(chain["id"], chain["symptom"])
        self.actionable.bind(chain["id"], chain["actionable"])
        options = rc.weakness_options(plan)
        weaknesses = [(o.id, short(o.text)) for o in options]
        fill_combo(self.weakness, weaknesses, chain["weakness_id"], {o.id: o.text for o in options})
        found = [o for o in rc.root_cause_options(plan, every_cause=True) if o.column == "cause_id"]
        causes = [(o.id, short(f"{o.text} ({o.detail})", 90)) for o in found]
        tips = {o.id: f"{o.text}\n{o.detail}" for o in found}
        fill_combo(self.cause, causes, chain["cause_id"], tips)
        if (
            notice is None
            or notice.reshapes(CHAIN_PARTS)
            or set(self._rows) != {s["id"] for s in chain["steps"]}
        ):
            self._sync_rows(chain["steps"])
        steps = chain["steps"]
        for number, step in enumerate(steps, start=1):
            self._rows[step["id"]].show_step(step, number, number == len(steps))
        last = steps[-1]["text"].strip() if steps else ""
        self.root_summary.setText(
            f"Root cause: {last}" if last else "The last answer becomes the chain's root cause."
        )

    def _fill_list(self, chains: Sequence[WhyChainRow]) -> None:
        self.chains.blockSignals(True)
        try:
            wanted = [ch["id"] for ch in chains]
            have = [
                self.chains.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.chains.count())
            ]
            if have != wanted:
                self.chains.clear()
                for _ in chains:
                    self.chains.addItem(QListWidgetItem())
            for row, chain in enumerate(chains):
                item = self.chains.item(row)
                item.setData(Qt.ItemDataRole.UserRole, chain["id"])
                text = short(chain["symptom"] or "Untitled 5 Whys", 60)
                item.setText(f"{row + 1}. {text}")
                if chain["id"] == self._chain_id:
                    self.chains.setCurrentRow(row)
        finally:
            self.chains.blockSignals(False)

    def _clear_rows(self) -> None:
        for row in self._rows.values():
            row.setParent(None)
            row.deleteLater()
        self._rows = {}

    def _sync_rows(self, steps: Sequence[WhyStepRow]) -> None:
        """Keep a row per step, in order, reusing rows by id (focus stays where it was)."""
        wanted = [s["id"] for s in steps]
        for step_id in list(self._rows):
            if step_id not in wanted:
                row = self._rows.pop(step_id)
                row.setParent(None)
                row.deleteLater()
        for index, step_id in enumerate(wanted):
            found = self._rows.get(step_id)
            if found is None:
                found = StepRow(self.controller, step_id, self.editor)
                found.enter_pressed.connect(self._on_step_enter_pressed)
                found.remove_clicked.connect(self._on_step_remove_clicked)
                self._rows[step_id] = found
            self.steps_box.insertWidget(index, found)
            found.show()  # now, not at the next event loop turn: focus may move there at once
        self._rows = {step_id: self._rows[step_id] for step_id in wanted}
        # Tab goes down the chain in reading order.
        previous: QWidget = self.actionable
        for step_id in wanted:
            row = self._rows[step_id]
            for widget in (row.text, row.evidence, row.remove):
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.add_step_button)

    def select_chain(self, chain_id: int) -> bool:
        plan = self._plan
        if plan is None or chain_id not in [ch["id"] for ch in plan["why_chains"]]:
            return False
        self._chain_id = chain_id
        self.refresh(plan)
        return True

    # ----------------------------------------------------------------- slots
    def _on_chains_current_item_changed(self, current: QListWidgetItem | None, *_: Any) -> None:
        if current is None:
            return
        self._chain_id = int(current.data(Qt.ItemDataRole.UserRole))
        if self._plan is not None:
            self.refresh(self._plan)

    def _on_new_button_clicked(self) -> None:
        change = self.controller.run(lambda s: rc.new_why_chain(s))
        new = change.created_id("why_chains") if change else None
        if new is not None:
            self.select_chain(new)
            self.symptom.setFocus()

    def _on_delete_button_clicked(self) -> None:
        chain_id = self._chain_id
        if chain_id is None:
            return
        self.controller.run(lambda s: lists.delete_why_chain(s, chain_id))

    def _add_step(self, index: int | None) -> None:
        chain_id = self._chain_id
        if chain_id is None:
            return
        change = self.controller.run(lambda s: rc.add_why_step(s, chain_id, "", index))
        new = change.created_id("why_steps") if change else None
        if new is not None and new in self._rows:
            self._rows[new].text.setFocus()
            self.body_scroll.ensureWidgetVisible(self._rows[new])

    def _on_add_step_button_clicked(self) -> None:
        self._add_step(None)

    def _on_symptom_return_pressed(self) -> None:
        if self._rows:
            first = next(iter(self._rows.values()))
            first.text.setFocus()
        else:
            self._add_step(0)

    def _on_step_enter_pressed(self, step_id: int) -> None:
        order = list(self._rows)
        self._add_step(order.index(step_id) + 1)

    def _on_step_remove_clicked(self, step_id: int) -> None:
        self.controller.run(lambda s: lists.delete_why_step(s, step_id))

    def _on_links_activated(self, _index: int) -> None:
        chain_id = self._chain_id
        if chain_id is None:
            return
        weakness, cause = combo_id(self.weakness), combo_id(self.cause)
        self.controller.run(
            lambda s: rc.link_why_chain(s, chain_id, weakness_id=weakness, cause_id=cause)
        )
