"""Step 7 — Adjust course: the actions that are behind, and the log of adjustments (date, what
changed, why, decided by, communicated to). One click on a behind-schedule action starts a
dated log entry about it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import ADJUSTMENT
from sipdesk.services import monitoring, outline
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.services.values import month_label
from sipdesk.ui.monitoring.comments_panel import CommentsPanel
from sipdesk.ui.tables import Column, PlanItemsModel, WideTableEditor
from sipdesk.ui.widgets.batches import Batches, run_parts
from sipdesk.ui.widgets.common import ScrollingBody, label

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.services.monitoring import BehindAction
    from sipdesk.ui.controller import PlanController

PARTS = (
    PlanPart.ADJUSTMENTS
    | PlanPart.ACTIONS
    | PlanPart.ACTION_STATUSES
    | PlanPart.MILESTONES
    | PlanPart.STRATEGIES
    | PlanPart.PRIORITIES
)
# Late actions' cards built at once; any more are built in slices after the page shows.
EAGER_CARDS = 8
COL_DATE, COL_ACTION, COL_WHAT, COL_WHY, COL_DECIDED, COL_COMMUNICATED = range(6)


def _date_text(row: dict[str, Any]) -> str:
    """The date with its year on a line of its own: a narrow column, and never broken up
    as "Sep" / "25," / "2026"."""
    value = row.get("made_on")
    if not value:
        return ""
    return dt.date.fromisoformat(str(value)).strftime("%b %d,\n%Y")


class AdjustPage(QWidget):
    """Step 7. ``focus_item`` understands adjustment: and action: refs."""

    PARTS = PARTS

    def __init__(
        self, controller: PlanController, parent: QWidget | None = None, *, fill: bool = True
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._numbers: dict[str, str] = {}
        self._actions: list[tuple[str, Any]] = []
        self._behind_rows: dict[str, QFrame] = {}
        self.batches = Batches(self, eager=EAGER_CARDS)
        self._stale = False
        self._build_ui()
        self._connect()
        if fill:  # else the window fills it in the next turn (see fill_later)
            self.refresh()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.setAccessibleName("Step 7: Adjust course")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.body = ScrollingBody(self)
        # Whatever cannot shrink to a small window at a large zoom scrolls, never cut off.
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer.addWidget(self.body)
        self.body.add_title(7, "Adjust course")
        behind = self.body.add_section(
            "Actions behind schedule",
            "Each action whose latest monthly status is behind. Start an adjustment to record "
            "what the team decides to change.",
        )
        self.behind_box = QVBoxLayout()
        behind.addLayout(self.behind_box)
        self.nothing_behind = label("No action is behind schedule right now.", "ok", self)
        behind.addWidget(self.nothing_behind)

        log = self.body.add_section(
            "Adjustments log",
            "What changed, why, who decided and who was told. Dates can be typed like 9/25/2026.",
        )
        # The story is in what changed and why: they get most of the width. The date wraps
        # after its day ("Sep 25," over "2026"); who decided and who was told are short.
        columns = (
            Column(
                "made_on",
                "Date",
                kind="date",
                chars=7,
                display=_date_text,
                placeholder="9/25/2026",
            ),
            Column(
                "action_id",
                "Action",
                kind="choice",
                chars=7,
                choices=self.action_choices,
            ),
            Column("what_changed", "What changed", chars=36),
            Column("why", "Why", chars=32),
            Column("decided_by", "Decided by", chars=14),
            Column("communicated_to", "Who was told", chars=14, tip="Communicated to"),
        )
        self.model = PlanItemsModel(
            self.controller,
            ADJUSTMENT,
            columns,
            lambda doc: doc["adjustments"],
            "adjustment",
            self,
            add=lambda s, index: monitoring.add_adjustment(s, index=index),
        )
        self.log = WideTableEditor(self.model, title="Adjustments log")
        self.log.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        log.addWidget(self.log)
        self.comments = CommentsPanel(self.controller, 7)
        self.body.column.addWidget(self.comments)
        self.body.finish()

    def _connect(self) -> None:
        self.controller.changed.connect(self._on_controller_changed)
        self.comments.item_activated.connect(self.focus_item)

    def action_choices(self) -> list[tuple[str, Any]]:
        return [("(none)", None), *self._actions]

    # ----------------------------------------------------------------- refresh
    def refresh(self) -> None:
        run_parts(self.refresh_parts())

    def refresh_parts(self) -> Iterator[None]:
        self._stale = False
        doc = self.controller.plan()
        self._numbers = outline.numbering(doc)
        self._actions = [(e.number, e.id) for e in outline.outline(doc) if e.kind == "action"]
        self.model.load(doc)
        yield
        self._fill_behind(doc)
        yield
        self.comments.refresh()

    def _fill_behind(self, doc: PlanDoc) -> None:
        for frame in self._behind_rows.values():
            self.behind_box.removeWidget(frame)
            frame.deleteLater()
        self._behind_rows = {}
        adjusted = {a["action_id"] for a in doc["adjustments"]}
        behind = monitoring.behind_actions(doc)
        # Card by card, in slices: hundreds of late actions show at once and fill in.
        self.batches.run(partial(self._add_behind, item, adjusted) for item in behind)
        self.nothing_behind.setVisible(not behind)

    def _add_behind(self, item: BehindAction, adjusted: set[int | None]) -> None:
        """One late action's card, with its "Start an adjustment" button."""
        # Made where it shows: moved there afterwards, it was restyled whole once more.
        frame = QFrame(self.behind_box.parentWidget() or self)
        frame.setProperty("role", "card")
        row = QHBoxLayout(frame)
        details = [f"behind in {month_label(item.month)}"]
        if item.person:
            details.append(item.person)
        if item.note:
            details.append(f"note: {item.note}")
        action_id = int(item.ref.split(":")[1])
        if action_id in adjusted:
            details.append("an adjustment is already logged")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        title = label(f"Action {item.number} · {item.title or '(not described)'}", "", frame)
        title.setProperty("role", "subsection")
        texts.addWidget(title)
        texts.addWidget(label(" · ".join(details), "hint", frame))
        row.addLayout(texts, 1)
        button = QPushButton("Start an adjustment")
        button.setAccessibleName(f"Start an adjustment for action {item.number}")
        button.setProperty("role", "primary")
        button.clicked.connect(
            lambda _checked=False, i=item: self.start_adjustment(i.ref, i.number, i.title)
        )
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.behind_box.addWidget(frame)
        # Shown here, inside the slice that pays for it: left to Qt, each card was shown by a
        # call queued for later, and two hundred of them held up the next step for seconds.
        frame.show()
        self._behind_rows[item.ref] = frame

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if not notice.touches(PARTS | PlanPart.REVIEW_COMMENTS):
            return
        if not self.isVisible():
            self._stale = True
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # ----------------------------------------------------------------- actions
    def start_adjustment(self, ref: str, number: str, title: str) -> int | None:
        """Log a dated adjustment about the action ``ref`` and start typing what changed."""
        action_id = int(ref.split(":")[1])
        change = self.controller.run(
            lambda s: monitoring.start_adjustment(s, action_id, number, title)
        )
        new_id = change.created_id("adjustments") if change is not None else None
        if new_id is None:
            return None
        if self._stale:
            self.refresh()
        self.body.reveal(self.log)
        self.log.select_id(new_id, column=COL_WHAT, edit=True)
        editor = self.log.view.focusWidget()
        if isinstance(editor, QLineEdit):
            editor.deselect()
            editor.end(False)
        return new_id

    # ----------------------------------------------------------------- navigation
    def focus_item(self, item: str) -> bool:
        parsed = outline.parse_ref(item)
        if parsed is None:
            return False
        kind, row_id = parsed
        if kind == "adjustment":
            self.body.reveal(self.log)
            return self.log.select_id(row_id, column=COL_WHAT)
        self.batches.flush()
        if kind == "action" and item in self._behind_rows:
            frame = self._behind_rows[item]
            self.body.reveal(frame)
            button = frame.findChild(QPushButton)
            if button is not None:
                button.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
