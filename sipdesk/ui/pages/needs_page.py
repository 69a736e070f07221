"""Step 2 — Assess needs: the elements checklist, the two narratives, the SWOT board and what
can be leveraged.

The SWOT board (its quadrants and cards) lives in :mod:`sipdesk.ui.needs.swot_board`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.catalogues import needs_elements
from sipdesk.models.tables import NEEDS_ELEMENT, PLAN_PROFILE
from sipdesk.services import lists
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.needs.swot_board import EAGER_CARDS, KINDS, Quadrant, SwotBoard, SwotCard
from sipdesk.ui.widgets.batches import run_parts
from sipdesk.ui.widgets.common import ScrollingBody
from sipdesk.ui.widgets.fields import CheckField, TextArea, TextField

if TYPE_CHECKING:
    from sipdesk.models.plan_types import NeedsElementRow
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.wall import WallBoard

# The board's names that tests and older imports still take from here.
__all__ = ["EAGER_CARDS", "KINDS", "NeedsPage", "SwotBoard", "SwotCard"]

PROFILE_ROW = 1


class _ClickableLabel(QLabel):
    """A wrapping label that toggles its check box when clicked."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.box.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
            self.box.setFocus()


class NeedsPage(QWidget):
    """What the team looked at, how, and what it found."""

    PARTS = PlanPart.PROFILE | PlanPart.NEEDS_ELEMENTS | PlanPart.SWOT

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.fields: dict[str, TextArea] = {}
        self.checks: dict[str, CheckField] = {}
        self.others: dict[str, TextField] = {}
        self.captions: dict[str, QLabel] = {}
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    def _build_ui(self) -> None:
        controller = self.controller
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        outer.addWidget(self.body)
        self.body.add_title(2, "Assess needs")

        checklist = self.body.add_section(
            "What the assessment looked at", "Tick each kind of information the team reviewed."
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        elements = needs_elements()
        half = (len(elements) + 1) // 2
        for number, element in enumerate(elements):
            cell = QWidget(self)
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
            box = CheckField(
                controller,
                NEEDS_ELEMENT,
                "checked",
                element.label,
                cell,
                undo_label="Change the checklist",
            )
            box.setText("")
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            text = QVBoxLayout()
            text.setSpacing(2)
            caption = _ClickableLabel(element.label, box, cell)
            caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            text.addWidget(caption)
            self.captions[element.key] = caption
            if element.has_other:
                other = TextField(
                    controller,
                    NEEDS_ELEMENT,
                    "other_text",
                    f"Details for “{element.label}”",
                    cell,
                    placeholder="Say what",
                    undo_label="Edit the checklist",
                )
                text.addWidget(other)
                self.others[element.key] = other
                other.textEdited.connect(
                    lambda _t, key=element.key: self._on_missing_element_edited(key)
                )
            row.addLayout(text, 1)
            self.checks[element.key] = box
            box.toggled.connect(lambda _c, key=element.key: self._on_missing_element_edited(key))
            column, line = divmod(number, half)
            grid.addWidget(cell, line, column, Qt.AlignmentFlag.AlignTop)
        checklist.addLayout(grid)

        for field, title, hint in (
            (
                "assessment_process",
                "How the assessment was done, and who took part",
                "The data you looked at, when, and who was in the room.",
            ),
            (
                "stakeholder_input",
                "How stakeholder input was included",
                "Staff, families, students and partners: how their voices shaped this.",
            ),
        ):
            section = self.body.add_section(title)
            editor = TextArea(
                controller, PLAN_PROFILE, field, title, self, lines=3, placeholder=hint
            )
            section.addWidget(editor)
            self.fields[field] = editor

        swot = self.body.add_section(
            "SWOT",
            "Type in a quadrant and press Enter to add a card. Give each its evidence. Drag a "
            "card by its edge to reorder it or move it to another quadrant.",
        )
        self.board = SwotBoard(controller, self)
        swot.addWidget(self.board)

        leverage = self.body.add_section(
            "What can be leveraged",
            "The strengths and opportunities the plan can build on.",
        )
        self.fields["leverage"] = TextArea(
            controller,
            PLAN_PROFILE,
            "leverage",
            "What can be leveraged",
            self,
            lines=3,
        )
        leverage.addWidget(self.fields["leverage"])
        self.body.finish()

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)

    # ----------------------------------------------------------------- data
    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        plan = self.controller.plan()
        profile = plan["profile"]
        for field, editor in self.fields.items():
            editor.bind(PROFILE_ROW, profile.get(field))
        self._show_elements(plan["needs_elements"])
        yield
        self.board.set_items(plan["swot"])

    def _show_elements(self, rows: Sequence[NeedsElementRow]) -> None:
        by_key = {row["key"]: row for row in rows}
        for key, box in self.checks.items():
            row = by_key.get(key)
            box.bind(row["id"] if row else None, bool(row and row["checked"]))
            if key in self.others:
                self.others[key].bind(row["id"] if row else None, row["other_text"] if row else "")

    def _element_rows(self) -> list[NeedsElementRow]:
        with self.controller.session() as session:
            return lists.needs_element_rows(session)

    def _on_missing_element_edited(self, key: str) -> None:
        """A checklist row this plan does not have yet (an older plan): create it now."""
        box = self.checks[key]
        if box.binding.row_id is not None or self.controller.readonly:
            return
        other = self.others.get(key)
        checked, text = box.isChecked(), other.text() if other is not None else ""
        self.controller.run(lambda s: lists.add_needs_element(s, key, checked, text))

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.reload:
            self.refresh()
            return
        if notice.reshapes(PlanPart.SWOT):
            self.board.reload()
        if notice.reshapes(PlanPart.NEEDS_ELEMENTS):
            self._show_elements(self._element_rows())

    # ----------------------------------------------------------------- finding things
    def wall_board(self) -> WallBoard:
        """Show view puts the SWOT on the wall (F6)."""
        from sipdesk.ui.wall import WallBoard  # the wall's code loads when it is first shown

        return WallBoard("swot")

    def focus_item(self, item: str) -> bool:
        kind, _, key = item.partition(":")
        target: QWidget | None = None
        if kind == "profile" and key in self.fields:
            target = self.fields[key]
        elif kind in ("needs_elements", "needs_element"):
            target = next(iter(self.checks.values()), None)
            if key in self.checks:
                target = self.checks[key]
        elif kind in ("swot", "swot_item") and key.isdigit() and int(key) in self.board.cards:
            target = self.board.cards[int(key)].text
        elif kind in ("swot", *KINDS):
            target = self.board.quadrants.get(kind if kind in KINDS else "strength", None)
            target = target.add_field if isinstance(target, Quadrant) else None
        if target is None:
            return False
        self.body.reveal(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
