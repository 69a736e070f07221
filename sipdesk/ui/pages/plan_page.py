"""Step 5 — Build the plan: the outline (priority → strategy → milestone) on the left, the
selected item's form on the right.

Strategies are written as a theory of action (If we … then … and …) with a live check, coded to
one of the twelve Four Domains practices, and carry their measures; milestones carry their
actions (Tool A's action table). Numbers (1.1, 1.1.1, 1.1.1.1) and budget totals are computed
from the plan each time, so moving things around never leaves them wrong.

The outline tree lives in ``ui/plan/outline_tree.py`` and the forms in ``ui/plan/forms.py``;
the names tests use are all importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.services import outline
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.services.values import budget_words, format_money
from sipdesk.ui.monitoring.comments_panel import CommentsArea, CommentsPanel
from sipdesk.ui.plan.forms import FORM_SIDE_MARGIN, MilestoneForm, PriorityForm, StrategyForm
from sipdesk.ui.plan.measures import plan_span
from sipdesk.ui.plan.outline_tree import (
    COL_BUDGET,
    COL_ITEM,
    REF_ROLE,
    PlanTree,
    _item_text,
    _OutlineDelegate,
)
from sipdesk.ui.tables import FlowLayout
from sipdesk.ui.widgets.common import label
from sipdesk.ui.widgets.dialogs import Dialogs

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController, RowValues

OUTLINE_PARTS = PlanPart.PRIORITIES | PlanPart.STRATEGIES | PlanPart.MILESTONES | PlanPart.ACTIONS
PARTS = OUTLINE_PARTS | PlanPart.MEASURES | PlanPart.TEAM | PlanPart.REVIEW_COMMENTS
PAGE_EMPTY, PAGE_PRIORITY, PAGE_STRATEGY, PAGE_MILESTONE = range(4)
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


# --------------------------------------------------------------------- the page
class PlanPage(QWidget):
    """Step 5. ``focus_item`` understands priority:, strategy:, milestone:, action: and
    measure: refs."""

    PARTS = PARTS

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
        self._doc: PlanDoc | None = None
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
        self.total.setText(f"Plan budget: {budget_words(self._totals.plan)}")

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
            doc = self._doc or self.controller.plan()  # an entry shown: the plan was read
            self.milestone_form.show_milestone(entry, self._totals.of(entry.ref), doc)
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

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.touches(PlanPart.PROFILE):  # the plan's span: one target column a year
            self.strategy_form.follow_span(plan_span(self.controller.plan()["profile"]))
        if notice.reshapes(OUTLINE_PARTS | PlanPart.MEASURES):
            self.refresh()
            return
        if notice.touches(PlanPart.ACTIONS | PlanPart.MEASURES | PlanPart.TEAM):
            self._read()
            for ref, entry in self._index.items():
                item = self.tree.item_for(ref)
                if item is not None:
                    item.setText(COL_BUDGET, self._budget_text(ref))
                    item.setText(COL_ITEM, _item_text(entry))
            self._show_current()
        if notice.touches(PlanPart.REVIEW_COMMENTS):
            self.comments.refresh(notice)

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


__all__ = [
    "COL_BUDGET",
    "COL_ITEM",
    "OUTLINE_OPEN_ITEMS",
    "PARTS",
    "REF_ROLE",
    "MilestoneForm",
    "PlanPage",
    "PlanTree",
    "PriorityForm",
    "StrategyForm",
]
