"""The start screen: a new plan, open a plan, the sample plan, recent plans.

It only asks; the main window does the opening (off the window's thread). This module must
stay light: it is on screen before SQLAlchemy is even loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sipdesk.services.pack_glance import DeadlineNote, deadline_note, glance
from sipdesk.ui.widgets.after_paint import after_paint
from sipdesk.ui.widgets.label import label

if TYPE_CHECKING:
    from sipdesk.ui.this_month import StartThisMonth

# The recent plans' item roles, by Qt's numbers for them (Qt.ItemDataRole.UserRole and
# AccessibleTextRole): naming ``Qt`` would have PySide build its namespace's 93 enums before
# the start screen's first paint, some 15 ms (docs/architecture.md, "Start-up").
USER_ROLE = 0x0100
SPOKEN_ROLE = 11
PATH_ROLE = USER_ROLE + 1
LATE_ROLE = USER_ROLE + 2  # the district's note says a date has gone by


class StartScreen(QWidget):
    """What a person sees with no plan open."""

    new_requested = Signal(str)  # the school's name
    open_requested = Signal()
    sample_requested = Signal()
    recent_chosen = Signal(str)  # a path
    recent_removed = Signal(str)
    open_at_step = Signal(str, int)  # a recent plan to open at a step (from "this month")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: Callable[[], dt.date] = dt.date.today  # tests give a fixed day
        self._build_ui()
        self._connect()
        self.set_busy(None)

    def _build_ui(self) -> None:
        # Everything scrolls as one when it does not fit (a projector at 1024 x 768 with the
        # text at presentation size), instead of squeezing the parts until words are cut.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")  # no ``Qt``: above
        body = QWidget(scroll)
        body.setObjectName("pageBody")
        scroll.setWidget(body)
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        frame.addWidget(scroll)
        outer = QHBoxLayout(body)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        column_widget = QWidget(body)
        column_widget.setMaximumWidth(900)
        column_widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(column_widget)
        column.setSpacing(14)
        outer.addWidget(column_widget, 4)
        outer.addStretch(1)

        column.addStretch(1)
        column.addWidget(label("SIP Desk", "app-title", column_widget))
        column.addWidget(
            label(
                "Build your School Improvement Plan together, step by step. "
                "Everything is saved as you go.",
                "hint",
                column_widget,
            )
        )

        card = QFrame(column_widget)
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 18)
        card_layout.setSpacing(10)
        card_layout.addWidget(label("Start a new plan", "subsection", card))
        row = QHBoxLayout()
        self.school_name = QLineEdit(card)
        self.school_name.setPlaceholderText("Your school's name, e.g. Lincoln Elementary")
        self.school_name.setAccessibleName("School name for the new plan")
        self.create_button = QPushButton("Create plan…", card)
        self.create_button.setProperty("role", "primary")
        self.create_button.setAccessibleName("Create a new plan")
        row.addWidget(self.school_name, 1)
        row.addWidget(self.create_button)
        card_layout.addLayout(row)
        column.addWidget(card)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open a plan…", column_widget)
        self.open_button.setAccessibleName("Open a plan file")
        self.sample_button = QPushButton("Open the sample plan…", column_widget)
        self.sample_button.setAccessibleName("Open the sample plan")
        self.sample_button.setToolTip(
            "A complete example school. SIP Desk saves a copy where you choose, "
            "so you can explore and change it freely."
        )
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.busy = QWidget(column_widget)
        busy_layout = QHBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        self.busy_text = label("", "hint", self.busy)
        self.busy_bar = QProgressBar(self.busy)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(220)
        self.busy_bar.setAccessibleName("Working")
        busy_layout.addWidget(self.busy_text, 1)
        busy_layout.addWidget(self.busy_bar)
        column.addWidget(self.busy)

        column.addWidget(label("Recent plans", "subsection", column_widget))
        self.recent = QListWidget(column_widget)
        self.recent.setAccessibleName("Recent plans")
        self.recent.setAccessibleDescription(
            "Press Enter to open a plan, Delete to remove it from this list."
        )
        self.recent.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A plan's line may carry the district's next date: wrapped, never scrolled sideways.
        self.recent.setWordWrap(True)
        self.recent.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.recent.setSpacing(2)
        column.addWidget(self.recent)
        self.recent_empty = label(
            "Plans you open will be listed here. You can also drop a plan file "
            "(.sipdesk) onto this window.",
            "hint",
            column_widget,
        )
        column.addWidget(self.recent_empty)
        # Issue 15: the most recent plan's month. Its panel (and the list widgets it needs)
        # is made after the screen's first paint, or when first asked for.
        self._column, self._column_widget = column, column_widget
        self._month_at = column.count()
        self._this_month: StartThisMonth | None = None
        self._month_wanted: tuple[list[str], Mapping[str, str] | None] | None = None
        column.addStretch(2)

    def _connect(self) -> None:
        self.create_button.clicked.connect(self._on_create_button_clicked)
        self.school_name.returnPressed.connect(self._on_create_button_clicked)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.recent.itemActivated.connect(self._on_recent_item_activated)
        self.recent.installEventFilter(self)

    def set_recent(self, paths: list[str], plan_ids: Mapping[str, str] | None = None) -> None:
        """List ``paths``; beside a plan whose id is in ``plan_ids`` and for which the school
        took the district's expectations, the district's next date and the days left."""
        self.recent.clear()
        today = self.today()
        for text in paths:
            path = Path(text)
            where = str(path.parent)
            missing = "" if path.exists() else "  (not found)"
            note = self._district_note((plan_ids or {}).get(text, ""), today)
            shown = f"{path.stem}{missing}\n{where}"
            said = f"{path.name}{missing}, in {where}"
            item = QListWidgetItem(f"{shown}\n{note.text}" if note else shown)
            item.setData(PATH_ROLE, text)
            item.setData(LATE_ROLE, bool(note and note.late))
            item.setToolTip(f"{text}\n{note.text}" if note else text)
            if note:
                said = f"{said}. {note.text}"
                if note.late:  # plain words say it; the mark makes it easy to spot
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            item.setData(SPOKEN_ROLE, said)
            self.recent.addItem(item)
        has = bool(paths)
        self.recent.setVisible(has)
        self.recent_empty.setText(
            "You can also drop a plan file (.sipdesk) onto this window."
            if has
            else "Plans you open will be listed here. You can also drop a plan file "
            "(.sipdesk) onto this window."
        )
        if has:
            self.recent.setCurrentRow(0)
        self._fit_recent()
        if self._this_month is None:
            self._month_wanted = (list(paths), plan_ids)
        else:
            self._this_month.show_recent(paths, plan_ids)

    @property
    def this_month(self) -> StartThisMonth:
        """The "this month" panel, made now if it was not yet."""
        if self._this_month is None:
            from sipdesk.ui.this_month import StartThisMonth

            panel = StartThisMonth(self._column_widget)
            panel.today = lambda: self.today()
            panel.open_at_step.connect(self.open_at_step)
            self._column.insertWidget(self._month_at, panel)
            self._this_month = panel
            if self._month_wanted is not None:
                panel.show_recent(*self._month_wanted)
                self._month_wanted = None
        return self._this_month

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._this_month is None:
            after_paint(self, self._make_this_month)

    def _make_this_month(self) -> None:
        # Not while a plan opens (from the command line, the start screen is painted first):
        # the panel reads the last plan and its state pack on this thread, which would hold
        # up the plan's first page. It is made when the screen is next shown.
        if self.isVisible() and not self.busy.isVisibleTo(self):
            self.this_month  # noqa: B018 - made on first use

    def _fit_recent(self) -> None:
        """As tall as its plans (up to about six), so a short list leaves no empty box."""
        rows = self.recent.count()
        shown = sum(self.recent.sizeHintForRow(row) for row in range(min(rows, 6)))
        spacing = 2 * self.recent.spacing() * min(rows, 6)
        self.recent.setFixedHeight(shown + spacing + 2 * self.recent.frameWidth() + 4)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_recent()  # the zoom and presentation mode change the rows' height

    @staticmethod
    def _district_note(plan_id: str, today: dt.date) -> DeadlineNote | None:
        """The district's next date for the plan with this id, read from the kept pack with
        the json module only (this screen stays light); None when there is none to say."""
        pack = glance(plan_id) if plan_id else None
        return deadline_note(pack, today) if pack is not None else None

    def set_busy(self, text: str | None) -> None:
        """Show what is happening ("Opening Lincoln.sipdesk…"), or nothing."""
        self.busy.setVisible(text is not None)
        if text is None and self._this_month is None and self.isVisible():
            after_paint(self, self._make_this_month)  # an open that failed: the screen stays
        self.busy_text.setText(text or "")
        for widget in (self.create_button, self.open_button, self.sample_button, self.recent):
            widget.setEnabled(text is None)

    def _on_create_button_clicked(self) -> None:
        self.new_requested.emit(self.school_name.text().strip())

    def _on_recent_item_activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(str(item.data(PATH_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.recent
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == QtCore.Qt.Key.Key_Delete
        ):
            item = self.recent.currentItem()
            if item is not None:
                self.recent_removed.emit(str(item.data(PATH_ROLE)))
            return True
        return False
