"""Step 4 — Choose priorities: at most four priority areas, each with a title, a description,
and the root causes (step 3) and weaknesses (step 2) it answers.

A fifth priority is refused by the plan rules with a sentence, shown on the page. Priorities are
reordered with Move up / Move down, Alt+Up / Alt+Down or by dragging in the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.limits import MAX_PRIORITIES
from sipdesk.models.tables import PRIORITY
from sipdesk.services import operations
from sipdesk.services import root_causes as rc
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.fishbone.drawing import ROOT_MARK
from sipdesk.ui.plan.priority_measures import PriorityMeasures
from sipdesk.ui.widgets.common import PAGE_MARGINS, PAGE_SPACING, Banner, FittedList, label
from sipdesk.ui.widgets.dialogs import Dialogs
from sipdesk.ui.widgets.fields import TextArea, TextField
from sipdesk.ui.widgets.wrapping import shown_text

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PriorityRow
    from sipdesk.services.root_causes import LinkOption
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.wall import WallBoard

LINK_ROLE = Qt.ItemDataRole.UserRole + 1  # (column, id) of a link option
ID_ROLE = Qt.ItemDataRole.UserRole


class PrioritiesPage(QWidget):
    """Step 4 of the wizard."""

    # (the plan's span: a target column for each of its years in the priority's measures)
    PARTS = rc.PRIORITY_PARTS | PlanPart.MEASURES | PlanPart.MEASURE_GROUPS | PlanPart.PROFILE

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialogs = Dialogs(self)  # the seam tests replace
        self._priority_id: int | None = None
        self._stale = False
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- set-up
    def _build_ui(self) -> None:
        c = self.controller
        readonly = c.readonly
        column = QVBoxLayout(self)
        column.setContentsMargins(PAGE_MARGINS)  # as on the scrolling steps
        column.setSpacing(PAGE_SPACING)
        column.addWidget(label("STEP 4", "step-number", self))
        column.addWidget(label("Choose priorities", "page-title", self))
        column.addWidget(
            label(
                f"Pick at most {MAX_PRIORITIES} priority areas. For each, name the root causes "
                "and weaknesses it answers; the plan's strategies in step 5 hang under them.",
                "hint",
                self,
            )
        )
        self.banner = Banner(self)
        column.addWidget(self.banner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        column.addWidget(self.splitter, 1)

        left = QWidget(self.splitter)
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 4, 0)
        self.count = label("", "panel-title", left)
        left_col.addWidget(self.count)
        self.priorities = QListWidget(left)
        self.priorities.setAccessibleName("Priority areas")
        self.priorities.setWordWrap(True)
        self.priorities.setSpacing(3)
        self.priorities.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.priorities.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.priorities.setDragEnabled(not readonly)
        left_col.addWidget(self.priorities, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton("Add priority", left)
        self.add_button.setAccessibleName("Add a priority area")
        self.add_button.setProperty("role", "primary")
        moves = QHBoxLayout()
        self.up_button = QPushButton("Move up", left)
        self.up_button.setAccessibleName("Move the priority up")
        self.up_button.setToolTip("Move up (Alt+Up)")
        self.down_button = QPushButton("Move down", left)
        self.down_button.setAccessibleName("Move the priority down")
        self.down_button.setToolTip("Move down (Alt+Down)")
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        self.remove_button = QPushButton("Remove", left)
        self.remove_button.setAccessibleName("Remove the priority area")
        buttons.addWidget(self.add_button)
        buttons.addLayout(moves)
        buttons.addWidget(self.remove_button)
        left_col.addLayout(buttons)

        self.detail_scroll = QScrollArea(self.splitter)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self.detail_scroll)
        body.setObjectName("pageBody")
        col = QVBoxLayout(body)
        # Narrow sides: presenting at 1366 × 768, the widest line (the "every cause" box)
        # still fits beside the priority list with the page's own margins.
        col.setContentsMargins(12, 4, 12, 16)
        col.setSpacing(6)
        self.empty = label(
            "No priority areas yet. Press Add priority, then choose the root causes and "
            "weaknesses it answers.",
            "hint",
            body,
        )
        col.addWidget(self.empty)
        self.detail = QWidget(body)
        dcol = QVBoxLayout(self.detail)
        dcol.setContentsMargins(0, 0, 0, 0)
        dcol.setSpacing(6)
        dcol.addWidget(label("Title", "subsection", self.detail))
        self.title = TextField(
            c,
            PRIORITY,
            "title",
            "Priority title",
            self.detail,
            placeholder="e.g. Early literacy",
            undo_label="Edit priority title",
        )
        dcol.addWidget(self.title)
        dcol.addWidget(label("Description", "subsection", self.detail))
        self.description = TextArea(
            c,
            PRIORITY,
            "description",
            "Priority description",
            self.detail,
            lines=3,
            max_lines=12,
            placeholder="What this priority is about and why it matters now",
            undo_label="Edit priority description",
        )
        dcol.addWidget(self.description)
        dcol.addWidget(label("Root causes it answers", "subsection", self.detail))
        dcol.addWidget(
            label(
                "Marked in step 3 (★ on a fishbone, or the last answer of a 5 Whys chain). "
                "Space ticks the one in focus.",
                "hint",
                self.detail,
            )
        )
        self.every_cause = QCheckBox("Show every fishbone cause, not only root causes", self.detail)
        self.every_cause.setAccessibleName("Show every fishbone cause")
        dcol.addWidget(self.every_cause)
        # The link lists are as tall as their items: the details pane scrolls, not they.
        self.causes = FittedList(self.detail)
        self.causes.setAccessibleName("Root causes this priority answers")
        self.causes.setSpacing(3)
        dcol.addWidget(self.causes)
        dcol.addWidget(label("Weaknesses it answers", "subsection", self.detail))
        self.weaknesses = FittedList(self.detail)
        self.weaknesses.setAccessibleName("Weaknesses this priority answers")
        self.weaknesses.setSpacing(3)
        dcol.addWidget(self.weaknesses)
        self.measures = PriorityMeasures(c, self.detail)  # (optional) how it is measured
        dcol.addWidget(self.measures)
        col.addWidget(self.detail)
        col.addStretch(1)
        self.detail_scroll.setWidget(body)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        for widget in (self.add_button, self.up_button, self.down_button, self.remove_button):
            widget.setEnabled(not readonly)

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.controller.refused.connect(self._on_controller_refused)
        self.priorities.currentItemChanged.connect(self._on_priorities_current_item_changed)
        self.priorities.model().rowsMoved.connect(self._on_priorities_rows_moved)
        self.priorities.installEventFilter(self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.every_cause.toggled.connect(self._on_every_cause_toggled)
        self.causes.itemChanged.connect(self._on_links_item_changed)
        self.weaknesses.itemChanged.connect(self._on_links_item_changed)
        self.causes.currentRowChanged.connect(self._on_causes_current_row_changed)
        self.weaknesses.currentRowChanged.connect(self._on_weaknesses_current_row_changed)

    # ----------------------------------------------------------------- reading the plan
    def refresh(self, notice: PlanNotice | None = None) -> None:
        self._stale = False
        plan = self.controller.plan()
        priorities = plan["priorities"]
        ids = [p["id"] for p in priorities]
        if self._priority_id not in ids:
            self._priority_id = ids[0] if ids else None
        self._fill_list(priorities)
        full = len(priorities) >= MAX_PRIORITIES
        self.count.setText(
            f"Priority areas ({len(priorities)} of {MAX_PRIORITIES})" + (" — full" if full else "")
        )
        self.add_button.setToolTip(
            f"The plan already has {MAX_PRIORITIES}: merge two or remove one first"
            if full
            else "Add a priority area"
        )
        priority = next((p for p in priorities if p["id"] == self._priority_id), None)
        self.empty.setVisible(priority is None)
        self.detail.setVisible(priority is not None)
        at = ids.index(self._priority_id) if self._priority_id in ids else -1
        writable = not self.controller.readonly
        self.up_button.setEnabled(writable and at > 0)
        self.down_button.setEnabled(writable and 0 <= at < len(ids) - 1)
        self.remove_button.setEnabled(writable and priority is not None)
        if priority is None:
            self.title.bind(None, "")
            self.description.bind(None, "")
            self.causes.clear()
            self.weaknesses.clear()
            return
        self.title.bind(priority["id"], priority["title"])
        self.description.bind(priority["id"], priority["description"])
        self.measures.show_priority(plan, priority)
        links = {
            (column, value)
            for link in priority["links"]
            for column in ("cause_id", "chain_id", "weakness_id")
            if (value := link[column]) is not None
        }
        roots = rc.root_cause_options(plan, every_cause=self.every_cause.isChecked())
        shown = {(o.column, o.id) for o in roots}
        # A linked cause that is no longer marked as a root stays visible, so it can be unticked.
        extra = [
            o
            for o in rc.root_cause_options(plan, every_cause=True)
            if (o.column, o.id) in links and (o.column, o.id) not in shown
        ]
        self._fill_checklist(
            self.causes,
            roots + extra,
            links,
            "No root causes yet: mark them in step 3 (★ on a fishbone, or a 5 Whys chain).",
        )
        self._fill_checklist(
            self.weaknesses,
            rc.weakness_options(plan),
            links,
            "No weaknesses yet: list them on the SWOT board in step 2.",
        )

    def _fill_list(self, priorities: Sequence[PriorityRow]) -> None:
        lst = self.priorities
        lst.blockSignals(True)
        try:
            wanted = [p["id"] for p in priorities]
            have = [lst.item(i).data(ID_ROLE) for i in range(lst.count())]
            if have != wanted:
                lst.clear()
                for _ in priorities:
                    lst.addItem(QListWidgetItem())
            for row, priority in enumerate(priorities):
                item = lst.item(row)
                item.setData(ID_ROLE, priority["id"])
                title = priority["title"].strip() or "Untitled priority"
                answers = len(priority["links"])
                item.setText(f"{row + 1}. {title}\n{answers} link{'s' if answers != 1 else ''}")
                item.setToolTip(priority["description"])
                if priority["id"] == self._priority_id:
                    lst.setCurrentRow(row)
        finally:
            lst.blockSignals(False)

    def _fill_checklist(
        self,
        widget: QListWidget,
        options: list[LinkOption],
        links: set[tuple[str, int]],
        empty_text: str,
    ) -> None:
        """Show the options with their ticks; items are updated in place when the options are
        the same (this runs inside the list's own itemChanged signal)."""
        wanted = [(o.column, o.id) for o in options]
        have = [widget.item(i).data(LINK_ROLE) for i in range(widget.count())]
        widget.blockSignals(True)
        try:
            if have != wanted or not options:
                current = widget.currentItem().data(LINK_ROLE) if widget.currentItem() else None
                widget.clear()
                for option in options:
                    item = QListWidgetItem()
                    item.setData(LINK_ROLE, (option.column, option.id))
                    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    if not self.controller.readonly:
                        flags |= Qt.ItemFlag.ItemIsUserCheckable
                    item.setFlags(flags)
                    widget.addItem(item)
                    if item.data(LINK_ROLE) == current:
                        widget.setCurrentItem(item)
                if not options:
                    hint = QListWidgetItem(empty_text)
                    hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    widget.addItem(hint)
            for row, option in enumerate(options):
                item = widget.item(row)
                mark = ROOT_MARK if option.column == "cause_id" and option.is_root else ""
                # Weaknesses show their evidence as a tooltip only: it is long.
                detail = "" if option.column == "weakness_id" else f"\n{option.detail}"
                # Up to a paragraph of each (the tooltip has the rest): a long list of
                # field-length texts would otherwise take seconds to lay out.
                text = f"{mark}{shown_text(option.text)}{shown_text(detail)}".rstrip()
                item.setText(text)
                item.setToolTip(f"{option.text}\n{option.detail}")
                linked = (option.column, option.id) in links
                item.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
                # Bold as well as ticked: the state never rests on one small box alone.
                font = item.font()
                font.setBold(linked)
                item.setFont(font)
        finally:
            widget.blockSignals(False)
        if isinstance(widget, FittedList):
            widget.refit()  # the texts changed with signals blocked

    # ----------------------------------------------------------------- page contract
    def wall_board(self) -> WallBoard:
        """Show view puts the causes by votes on the wall (F6): what priorities answer."""
        from sipdesk.ui.wall import WallBoard  # the wall's code loads when it is first shown

        return WallBoard("ranking")

    def focus_item(self, item: str) -> bool:
        """Show ``priority:N`` (its title gets the focus), ``measure:N`` (a priority's own
        measure, selected in its table) or ``priorities``."""
        if self._stale:
            self.refresh()
        kind, _, raw = item.partition(":")
        if kind == "priorities" and not raw:
            self.priorities.setFocus()
            return True
        if kind not in ("priority", "measure") or not raw.isdigit():
            return False
        ident = int(raw)
        priorities = self.controller.plan()["priorities"]
        if kind == "measure":
            owner = next(
                (p["id"] for p in priorities if any(m["id"] == ident for m in p["measures"])),
                None,
            )
            if owner is None:
                return False
            self.select_priority(owner)
            table = self.measures.table
            if not table.select_id(ident):
                return False
            self.detail_scroll.ensureWidgetVisible(table)
            table.view.setFocus()
            return True
        if ident not in [p["id"] for p in priorities]:
            return False
        self.select_priority(ident)
        self.title.setFocus()
        return True

    def select_priority(self, priority_id: int) -> None:
        self._priority_id = priority_id
        self.refresh()

    def current_priority_id(self) -> int | None:
        return self._priority_id

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.priorities
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- slots
    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if not notice.touches(self.PARTS):
            return
        if self.isVisible():
            self.refresh(notice)
        else:
            self._stale = True

    def _on_controller_refused(self, sentence: str) -> None:
        if self.isVisible():
            self.banner.show_message(sentence)

    def _on_priorities_current_item_changed(self, current: QListWidgetItem | None, *_: Any) -> None:
        if current is not None and current.data(ID_ROLE) is not None:
            self._priority_id = int(current.data(ID_ROLE))
            self.refresh()

    def _on_priorities_rows_moved(
        self,
        _parent: QModelIndex | QPersistentModelIndex,
        start: int,
        _end: int,
        _dest: QModelIndex | QPersistentModelIndex,
        row: int,
    ) -> None:
        """A drag in the list: store the new order (one undo step)."""
        item = self.priorities.item(row if row < start else row - 1)
        if item is None:
            return
        priority_id = int(item.data(ID_ROLE))
        index = row if row < start else row - 1
        self._priority_id = priority_id
        if self.controller.run(lambda s: rc.move_priority(s, priority_id, index)) is None:
            self.refresh()

    def _on_add_button_clicked(self) -> None:
        change = self.controller.run(lambda s: operations.add_priority(s))
        new = change.created_id("priorities") if change else None
        if new is not None:
            self.banner.hide()
            self.select_priority(new)
            self.title.setFocus()

    def _move(self, step: int) -> None:
        priority_id = self._priority_id
        ids = [p["id"] for p in self.controller.plan()["priorities"]]
        if priority_id is None or priority_id not in ids:
            return
        index = ids.index(priority_id) + step
        if not 0 <= index < len(ids):
            return
        self.controller.run(lambda s: rc.move_priority(s, priority_id, index))
        self.priorities.setFocus()

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    def _on_remove_button_clicked(self) -> None:
        priority_id = self._priority_id
        if priority_id is None:
            return
        priority = next(
            (p for p in self.controller.plan()["priorities"] if p["id"] == priority_id), None
        )
        if priority is None:
            return
        strategies = len(priority["strategies"])
        if strategies:
            title = priority["title"].strip() or "This priority"
            noun = "strategy" if strategies == 1 else "strategies"
            answer = self.dialogs.choose(
                "Remove priority area",
                f"“{title}” has {strategies} {noun} with their milestones and actions. "
                "Remove it with all of them? Undo brings them back.",
                ["Remove"],
                cancel="Keep it",
            )
            if answer != 0:
                return
        self.controller.run(lambda s: rc.delete_priority(s, priority_id))

    def _reveal_row(self, widget: QListWidget, row: int) -> None:
        """Keep the item in focus on screen: the details pane scrolls to it."""
        item = widget.item(row) if row >= 0 else None
        body = self.detail_scroll.widget()
        if item is None or body is None:
            return
        rect = widget.visualItemRect(item)
        top = widget.viewport().mapTo(body, rect.topLeft())
        self.detail_scroll.ensureVisible(
            top.x(), top.y() + rect.height() // 2, 0, rect.height() // 2 + 8
        )

    def _on_causes_current_row_changed(self, row: int) -> None:
        self._reveal_row(self.causes, row)

    def _on_weaknesses_current_row_changed(self, row: int) -> None:
        self._reveal_row(self.weaknesses, row)

    def _on_every_cause_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_links_item_changed(self, item: QListWidgetItem) -> None:
        priority_id = self._priority_id
        target = item.data(LINK_ROLE)
        if priority_id is None or target is None:
            return
        column, ident = target
        target_kw = {str(column): int(ident)}
        if item.checkState() == Qt.CheckState.Checked:
            self.controller.run(lambda s: operations.link_priority(s, priority_id, **target_kw))
        else:
            self.controller.run(lambda s: rc.unlink_priority(s, priority_id, **target_kw))
