"""The side panel next to the fishbone canvas: the diagram's problem and weakness, and the
selected category or cause with its evidence, actionable flag, root-cause mark and votes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import CAUSE, FISHBONE, FISHBONE_CATEGORY
from sipdesk.services import root_causes as rc
from sipdesk.ui.fishbone.elided_combo import ElidedComboBox
from sipdesk.ui.widgets.binding import FieldBinding
from sipdesk.ui.widgets.common import label
from sipdesk.ui.widgets.fields import CheckField, TextArea, TextField

if TYPE_CHECKING:
    from sipdesk.models.plan_types import FishboneRow, PlanDoc
    from sipdesk.ui.controller import PlanController

NOT_LINKED = -1
PAGE_NONE, PAGE_CATEGORY, PAGE_CAUSE = range(3)


def fill_combo(
    combo: QComboBox,
    items: list[tuple[int, str]],
    current: int | None,
    tips: Mapping[int, str] | None = None,
) -> None:
    """Replace a combo's items (data = id, ``NOT_LINKED`` for none) without emitting.

    ``tips``: the whole text of items shown shortened, as their tooltip."""
    wanted = [(NOT_LINKED, "Not linked"), *items]
    have = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
    combo.blockSignals(True)
    try:
        if have != wanted:
            combo.clear()
            for ident, text in wanted:
                combo.addItem(text, ident)
        for row, (ident, text) in enumerate(wanted):
            tip = (tips or {}).get(ident, text)
            combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(NOT_LINKED if current is None else current)
        combo.setCurrentIndex(max(0, index))
    finally:
        combo.blockSignals(False)


def combo_id(combo: QComboBox) -> int | None:
    value = combo.currentData()
    return None if value in (None, NOT_LINKED) else int(value)


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CausePanel(QWidget):
    """Shows and edits what is selected on the canvas; every edit is one undo step."""

    weakness_chosen = Signal(object)  # int | None: link the diagram to this weakness

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._fishbone_id: int | None = None
        self._target: tuple[str, int] | None = None
        self._build_ui()
        self._connect()

    def _build_ui(self) -> None:
        c = self.controller
        self.setObjectName("causePanel")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        column.addWidget(label("This diagram", "panel-title", self))
        self.problem = TextArea(
            c,
            FISHBONE,
            "problem",
            "Problem (effect)",
            self,
            lines=2,
            max_lines=5,
            placeholder="The problem this diagram explains",
            undo_label="Edit problem",
        )
        column.addWidget(label("Problem (effect)", "", self))
        column.addWidget(self.problem)
        column.addWidget(label("SWOT weakness it digs into", "", self))
        self.weakness = ElidedComboBox(self, min_chars=12)
        self.weakness.setAccessibleName("SWOT weakness this diagram digs into")
        column.addWidget(self.weakness)

        self.title = label("Nothing selected", "panel-title", self)
        column.addSpacing(8)
        column.addWidget(self.title)
        self.stack = QStackedWidget(self)
        column.addWidget(self.stack)
        column.addStretch(1)

        none = QWidget(self.stack)
        none_col = QVBoxLayout(none)
        none_col.setContentsMargins(0, 0, 0, 0)
        self.none_hint = label("", "hint", none)
        none_col.addWidget(self.none_hint)
        none_col.addStretch(1)
        self.stack.addWidget(none)

        category = QWidget(self.stack)
        cat_col = QVBoxLayout(category)
        cat_col.setContentsMargins(0, 0, 0, 0)
        cat_col.addWidget(label("Name", "", category))
        self.category_name = TextField(
            c, FISHBONE_CATEGORY, "name", "Category name", category, undo_label="Rename category"
        )
        cat_col.addWidget(self.category_name)
        cat_col.addWidget(
            label("On the diagram, Enter adds a cause to this category.", "hint", category)
        )
        cat_col.addStretch(1)
        self.stack.addWidget(category)

        cause = QWidget(self.stack)
        cause_col = QVBoxLayout(cause)
        cause_col.setContentsMargins(0, 0, 0, 0)
        cause_col.addWidget(label("Cause", "", cause))
        self.cause_text = TextArea(
            c, CAUSE, "text", "Cause", cause, lines=2, max_lines=6, undo_label="Edit cause"
        )
        cause_col.addWidget(self.cause_text)
        cause_col.addWidget(label("Evidence", "", cause))
        self.evidence = TextArea(
            c,
            CAUSE,
            "evidence",
            "Evidence",
            cause,
            lines=3,
            max_lines=10,
            placeholder="What data or observation shows this?",
            undo_label="Edit evidence",
        )
        cause_col.addWidget(self.evidence)
        # Short, so the panel stays narrow beside the canvas; the name says it in full.
        self.actionable = CheckField(c, CAUSE, "actionable", "Actionable", cause)
        self.actionable.setAccessibleName("Actionable (within our control)")
        self.actionable.setToolTip("Within our control: the school can act on this cause")
        cause_col.addWidget(self.actionable)
        self.is_root = CheckField(
            c, CAUSE, "is_root", "Root cause", cause, undo_label="Mark root cause"
        )
        cause_col.addWidget(self.is_root)
        cause_col.addWidget(label("Typed-in votes", "", cause))
        self.tally = QSpinBox(cause)
        self.tally.setRange(0, 999)
        self.tally.setAccessibleName("Typed-in votes")
        self.tally.setReadOnly(c.readonly)
        self._tally_binding = FieldBinding(
            c,
            CAUSE,
            "votes",
            "Set votes",
            self.tally,
            read=self.tally.value,
            write=self._show_tally,
        )
        cause_col.addWidget(self.tally)
        self.dots = label("", "hint", cause)
        self.dots.setAccessibleName("Dots on this cause")
        cause_col.addWidget(self.dots)
        cause_col.addStretch(1)
        self.stack.addWidget(cause)

    def _connect(self) -> None:
        self.weakness.activated.connect(self._on_weakness_activated)
        self.tally.valueChanged.connect(self._tally_binding.commit_from_widget)

    def _show_tally(self, value: Any) -> None:
        self.tally.setValue(int(value or 0))

    def _on_weakness_activated(self, _index: int) -> None:
        self.weakness_chosen.emit(combo_id(self.weakness))

    # ----------------------------------------------------------------- showing
    def show_fishbone(self, plan: PlanDoc, fishbone: FishboneRow | None) -> None:
        """Show the diagram's own fields (None: no diagram yet)."""
        self.problem.setEnabled(fishbone is not None)
        self.weakness.setEnabled(fishbone is not None and not self.controller.readonly)
        if fishbone is None:
            self._fishbone_id = None
            self.problem.bind(None, "")
            fill_combo(self.weakness, [], None)
            return
        self._fishbone_id = fishbone["id"]
        self.problem.bind(self._fishbone_id, fishbone["problem"])
        options = rc.weakness_options(plan)
        weaknesses = [(o.id, short(o.text)) for o in options]
        tips = {o.id: o.text for o in options}
        fill_combo(self.weakness, weaknesses, fishbone["weakness_id"], tips)

    def show_target(self, plan: PlanDoc, fishbone: FishboneRow | None, target: Any) -> None:
        """Show the selected category or cause (anything else: a hint)."""
        self._target = target
        if fishbone is None or target is None or target[0] == "problem":
            self.title.setText("Nothing selected" if fishbone else "No diagram yet")
            self.none_hint.setText(
                "Click a cause or a category on the diagram, or move to it with the arrow keys. "
                "Enter on the problem adds a category; on a category, a cause."
                if fishbone
                else "Press New fishbone to start one."
            )
            self.stack.setCurrentIndex(PAGE_NONE)
            return
        kind, ident = target
        if kind == "category":
            category = next((c for c in fishbone["categories"] if c["id"] == ident), None)
            if category is None:
                self.stack.setCurrentIndex(PAGE_NONE)
                return
            self.title.setText("Selected category")
            self.category_name.bind(ident, category["name"])
            self.stack.setCurrentIndex(PAGE_CATEGORY)
            return
        cause = None
        for category in fishbone["categories"]:
            for item, _ in rc.iter_causes(category["causes"]):
                if item["id"] == ident:
                    cause = item
        if cause is None:
            self.stack.setCurrentIndex(PAGE_NONE)
            return
        self.title.setText(
            "Selected sub-cause" if self._is_sub(fishbone, ident) else "Selected cause"
        )
        self.cause_text.bind(ident, cause["text"])
        self.evidence.bind(ident, cause["evidence"])
        self.actionable.bind(ident, cause["actionable"])
        self.is_root.bind(ident, cause["is_root"])
        self._tally_binding.bind(ident, cause["votes"])
        names = {m["id"]: m["name"] or "Member" for m in plan["team"]}
        placed = [
            f"{names.get(v['member_id'], 'Member')} {v['dots']}"
            for v in cause["dot_votes"]
            if v["dots"]
        ]
        total = rc.cause_votes(cause)
        self.dots.setText(
            f"Dots: {', '.join(placed)} · {total} votes in all"
            if placed
            else f"{total} votes in all"
        )
        self.stack.setCurrentIndex(PAGE_CAUSE)

    @staticmethod
    def _is_sub(fishbone: FishboneRow, ident: int) -> bool:
        for category in fishbone["categories"]:
            for item, depth in rc.iter_causes(category["causes"]):
                if item["id"] == ident:
                    return depth > 0
        return False
