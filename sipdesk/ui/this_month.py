"""“This month” (issue 15): the principal's and the school leadership team's activities this
month on the plan's state pack, what is due in the next 30 days and what is overdue, each line
one click (or Enter) from the wizard step it belongs to.

:class:`ThisMonthList` shows a :class:`~sipdesk.services.this_month.MonthGlance`; step 8 holds
one for the open plan. :class:`StartThisMonth` is the start screen's: it reads the most recently
opened plan with ``sqlite3`` alone (:func:`~sipdesk.services.this_month.read_standing`), after
the screen is on show, so the start screen stays light and quick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from sipdesk.services.this_month import MonthGlance, MonthLine
from sipdesk.ui.widgets.common import FittedList, label

STEP_ROLE = Qt.ItemDataRole.UserRole + 1  # the wizard step a line opens (None: a heading)
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
GROUPS = (
    ("activity", "To do this month"),
    ("overdue", "Overdue, unless already done"),
    ("due", "Coming up in the next 30 days"),
)
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ThisMonthList(FittedList):
    """The month's lines under their headings; a click, Enter or Space on a line asks for its
    step (``step_chosen``). ``compact``: a line each (the start screen; the rest is in its
    tooltip) in a list that gives up height when the screen is short of room, and scrolls."""

    step_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        self.compact = compact
        super().__init__(parent)
        if compact:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setAccessibleName("This month")
        self.setAccessibleDescription("Press Enter to go to the step a line belongs to.")
        self.setSpacing(2)
        self.itemClicked.connect(self._on_item_clicked)
        self.installEventFilter(self)
        self.glance: MonthGlance | None = None

    def show_glance(self, glance: MonthGlance | None) -> None:
        self.glance = glance
        self.clear()
        if glance is None:
            return
        for kind, heading in GROUPS:
            lines = glance.of_kind(kind)
            if not lines:
                continue
            head = QListWidgetItem(heading)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.addItem(head)
            for line in lines:
                self.addItem(_line_item(line, compact=self.compact))
        if not glance.lines:
            nothing = QListWidgetItem(
                "Nothing on the calendar this month for the principal and the team, and "
                "nothing due in the next 30 days."
            )
            nothing.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(nothing)
        first = next(
            (n for n in range(self.count()) if self._step_of(self.item(n)) is not None), -1
        )
        if first >= 0:
            self.setCurrentRow(first)

    def refit(self) -> None:
        super().refit()
        if getattr(self, "compact", False):  # as tall as its lines when there is room, no less
            least = self.fontMetrics().lineSpacing() * 3 + 2 * self.frameWidth()
            self.setMinimumHeight(min(least, self.maximumHeight()))
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def steps(self) -> list[int]:
        """The step each line opens, in order (headings left out)."""
        found = (self._step_of(self.item(n)) for n in range(self.count()))
        return [s for s in found if s is not None]

    def line_rows(self) -> list[int]:
        return [n for n in range(self.count()) if self._step_of(self.item(n)) is not None]

    @staticmethod
    def _step_of(item: QListWidgetItem | None) -> int | None:
        value = item.data(STEP_ROLE) if item is not None else None
        return value if isinstance(value, int) else None

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        step = self._step_of(item)
        if step is not None:
            self.step_chosen.emit(step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in OPEN_KEYS
            and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            == Qt.KeyboardModifier.NoModifier
        ):
            step = self._step_of(self.currentItem())
            if step is not None:
                self.step_chosen.emit(step)
                return True
        return False


def _line_item(line: MonthLine, *, compact: bool = False) -> QListWidgetItem:
    shown = f"{line.text} · {line.short}" if compact else f"{line.text}\n{line.detail}"
    item = QListWidgetItem(shown)
    item.setData(STEP_ROLE, line.step)
    item.setData(KIND_ROLE, line.kind)
    said = {"overdue": "Overdue: ", "due": "Coming up: "}.get(line.kind, "")
    about = line.about if line.about and line.about != line.text else ""
    item.setToolTip("\n".join(p for p in (line.text, about, line.detail) if p))
    item.setData(
        Qt.ItemDataRole.AccessibleTextRole,
        f"{said}{line.text}. {line.detail}. {about}".strip(),
    )
    if line.kind == "overdue":  # the heading says it; the mark makes it easy to spot
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class ThisMonthPanel(QFrame):
    """A card: "This month" with the plan's name and where it stands, then the list."""

    step_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        self.title = label("This month", "subsection", self)
        self.where = label("", "hint", self)
        self.list = ThisMonthList(self, compact=compact)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.list)
        self.list.step_chosen.connect(self.step_chosen)

    def show_glance(self, glance: MonthGlance | None, school: str = "") -> None:
        title = f"This month for {school}" if school else "This month"
        where = f"{glance.heading} · {glance.pack.title}" if glance is not None else ""
        if self.list.compact:  # one label: nothing to overlap when the screen is short of room
            self.title.setText(f"{title}: {glance.heading}" if glance is not None else title)
            self.title.setToolTip(where)
            self.where.hide()
        else:
            self.title.setText(title)
            self.where.setText(where)
        self.list.show_glance(glance)


class StartThisMonth(ThisMonthPanel):
    """The start screen's "this month", for the most recently opened plan that reads;
    ``open_at_step(path, step)`` asks the window to open that plan at a line's step. Hidden
    when no recent plan reads."""

    open_at_step = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, compact=True)
        self.today: Callable[[], dt.date] = dt.date.today
        self.path: Path | None = None
        self._wanted: tuple[list[str], dict[str, str]] = ([], {})
        self.hide()
        self.step_chosen.connect(self._on_step_chosen)

    def show_recent(self, paths: Sequence[str], plan_ids: Mapping[str, str] | None = None) -> None:
        """Look at ``paths`` (most recent first) in the next turn of the event loop, after
        the start screen is on show."""
        self._wanted = (list(paths), dict(plan_ids or {}))
        QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> None:
        from sipdesk.services.pack_glance import glance
        from sipdesk.services.state_packs import StatePackError
        from sipdesk.services.this_month import first_readable, glance_for

        paths, plan_ids = self._wanted
        found = first_readable(paths)
        if found is None:
            self.path = None
            self.hide()
            return
        path, standing = found
        plan_id = standing.plan_id or plan_ids.get(str(path), "")
        try:
            shown = glance_for(standing, self.today(), glance(plan_id) if plan_id else None)
        except (StatePackError, ValueError):  # a pack that no longer reads: say nothing
            self.path = None
            self.hide()
            return
        self.path = path
        self.show_glance(shown, standing.school or path.stem)
        self.show()

    def _on_step_chosen(self, step: int) -> None:
        if self.path is not None:
            self.open_at_step.emit(str(self.path), step)


__all__ = ["StartThisMonth", "ThisMonthList", "ThisMonthPanel"]
