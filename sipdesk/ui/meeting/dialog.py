"""The agenda and the parking lot as two editable tables, every edit one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import AGENDA_SEGMENT, PARKED_IDEA
from sipdesk.services import meeting
from sipdesk.services.findings import STEP_NAMES
from sipdesk.services.notices import PlanNotice, PlanPart
from sipdesk.ui.controller import PlanController
from sipdesk.ui.tables import Column, TableEditor, TableRowsModel

TAB_AGENDA, TAB_LOT = 0, 1


class MeetingDialog(QDialog):
    """Edit the meeting's agenda and review the parking lot (mark done, edit, remove)."""

    def __init__(
        self,
        controller: PlanController,
        step_of: Callable[[], int],
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        actions: Sequence[QAction] = (),
    ) -> None:
        super().__init__(parent)
        for action in actions:  # undo and redo work here too
            self.addAction(action)
        self.controller = controller
        self._step_of = step_of
        self._today = today
        self.setWindowTitle("Meeting: agenda and parking lot")
        self.setObjectName("meetingDialog")
        self._build_ui()
        self._connect()
        self.agenda.model.reload()
        self.lot.model.reload()
        self._show_total()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        agenda_page, agenda_layout = self._tab_page()
        self.agenda = TableEditor(
            TableRowsModel(
                self.controller,
                AGENDA_SEGMENT,
                [
                    Column("title", "Segment", weight=4, placeholder="What the team works on"),
                    Column("minutes", "Minutes", kind="int", stretch=False),
                ],
                noun="segment",
                new_values=lambda: {"title": "New segment", "minutes": 10},
            ),
            title="Agenda",
        )
        row = QHBoxLayout()
        self.total_label = QLabel()
        self.total_label.setProperty("role", "hint")
        self.step_agenda_button = QPushButton()
        self.step_agenda_button.setProperty("role", "secondary")
        row.addWidget(self.total_label, 1)
        row.addWidget(self.step_agenda_button)
        agenda_layout.addWidget(self.agenda)
        agenda_layout.addLayout(row)
        agenda_layout.addStretch(1)
        lot_page, lot_layout = self._tab_page()
        steps = tuple((name, step) for step, name in STEP_NAMES.items())
        self.lot = TableEditor(
            TableRowsModel(
                self.controller,
                PARKED_IDEA,
                [
                    Column("text", "Idea", weight=5, placeholder="The idea, in a sentence"),
                    Column(
                        "step",
                        "Raised on step",
                        kind="choice",
                        choices=steps,
                        stretch=True,
                        weight=2,
                    ),
                    Column("raised_on", "Date", kind="calendar", stretch=False),
                    Column("done", "Done", kind="check", stretch=False),
                ],
                noun="idea",
                new_values=lambda: {"step": self._step_of(), "raised_on": self._today()},
            ),
            title="Parking lot",
        )
        lot_layout.addWidget(self.lot)
        lot_layout.addStretch(1)
        self.tabs.addTab(agenda_page, "&Agenda")
        self.tabs.addTab(lot_page, "&Parking lot")
        layout.addWidget(self.tabs, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout.addWidget(self.buttons)
        self.resize(760, 460)

    def _tab_page(self) -> tuple[QScrollArea, QVBoxLayout]:
        """A tab that scrolls when its list is longer than the dialog."""
        area = QScrollArea(self.tabs)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget(area)
        column = QVBoxLayout(holder)
        column.setContentsMargins(12, 12, 12, 12)
        area.setWidget(holder)
        return area, column

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.close)
        self.step_agenda_button.clicked.connect(self._on_step_agenda_button_clicked)
        self.controller.changed.connect(self._on_controller_changed)

    def show_tab(self, tab: int) -> None:
        self.tabs.setCurrentIndex(tab)
        self._show_total()
        editor = self.agenda if tab == TAB_AGENDA else self.lot
        editor.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if editor.model.rowCount() and editor.current_row() is None:
            editor.view.selectRow(0)

    def _show_total(self) -> None:
        minutes = meeting.agenda_minutes(meeting.agenda(self.controller.plan()))
        self.total_label.setText(f"In all: {minutes} minutes" if minutes else "No segments yet.")
        step = self._step_of()
        self.step_agenda_button.setText(
            f"Use the usual agenda for “{STEP_NAMES.get(step, STEP_NAMES[0])}”"
        )

    def _on_step_agenda_button_clicked(self) -> None:
        step = self._step_of()
        self.controller.run(lambda s: meeting.use_step_agenda(s, step))

    def _on_controller_changed(self, notice: PlanNotice) -> None:
        if notice.touches(PlanPart.AGENDA):
            self._show_total()
