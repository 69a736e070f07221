"""The planning calendar (issue 15 item 2): the plan's whole planning year by month and role,
beside the window, readable on a projector, and printable as one PDF page.

The year reads down by month: an activity a row, a mark (●) under each role with a part in it,
its dates at the end (see :mod:`sipdesk.services.planning_calendar`). Arrow keys move through
the rows; what each role does in the chosen activity shows below; Enter (or a double click, or
"Go to step N") shows the activity's step in the window. It is opened from View ▸ Planning
calendar (Ctrl+Shift+Y) and from step 8; "Print planning calendar…" writes the PDF page, as
File ▸ Export ▸ Planning calendar (PDF) does.

The window's side (:func:`show_calendar`, :func:`print_calendar`) is here too, so the menus'
module stays small; both read the open plan's profile and take the district's dates kept for
it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.services.findings import STEP_NAMES
from sipdesk.services.planning_calendar import GridRow, YearGrid
from sipdesk.services.state_packs import MONTH_NAMES
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.export.pdf import Paper

MARK = "●"
COL_MONTH, COL_WHAT = 0, 1
PDF_SUFFIX = " – planning calendar.pdf"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def short_name(name: str) -> str:
    """A role's name short enough for a narrow column: "SLT" for "School leadership team",
    "Principal" as it is, "Coor." for one long word."""
    words = [w for w in name.replace("(", " ").replace(")", " ").split() if w[:1].isalnum()]
    if len(words) == 1:
        return name if len(name) <= 9 else f"{name[:4]}."
    return "".join(w[0].upper() for w in words)[:5]


class PlanningCalendarDialog(QDialog):
    """The year in a table; ``step_chosen(step)`` asks the window to show a step,
    ``print_requested`` to print the page."""

    step_chosen = Signal(int)
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningCalendar")
        self.setWindowTitle("Planning calendar")
        self.grid: YearGrid | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.title = label("Planning calendar", "page-title", self)
        self.where = label("", "hint", self)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Planning calendar: the year by month and role")
        self.table.setAccessibleDescription(
            "One activity a row. Press Enter to go to the activity's step."
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.verticalHeader().setVisible(False)
        self.table.installEventFilter(self)
        self.detail = label("", "", self)
        self.detail.setAccessibleName("What each role does in the chosen activity")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A few lines high; a long activity scrolls rather than squeezing the year away.
        self.detail_area = QScrollArea(self)
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_area.setWidget(self.detail)
        buttons = QHBoxLayout()
        self.go_button = QPushButton("Go to the step", self)
        self.go_button.setProperty("role", "primary")
        self.print_button = QPushButton("Print planning calendar…", self)
        self.print_button.setAccessibleName("Print the planning calendar as a PDF page")
        self.close_button = QPushButton("Close", self)
        buttons.addWidget(self.go_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_area)
        layout.addLayout(buttons)
        self.table.currentCellChanged.connect(self._on_current_cell_changed)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.choose_row(row))
        self.go_button.clicked.connect(lambda: self.choose_row(self.table.currentRow()))
        self.print_button.clicked.connect(self.print_requested)
        self.close_button.clicked.connect(self.close)

    # ----------------------------------------------------------------- showing
    def show_grid(self, grid: YearGrid, school: str = "") -> None:
        self.grid = grid
        self.title.setText(f"Planning calendar: {school}" if school else "Planning calendar")
        roles = [textwrap.fill(r.name, 11, break_long_words=False) for r in grid.roles]
        heads = ["Month", "Activity", *roles, "Dates"]
        table = self.table
        table.clearSpans()
        table.clear()
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        table.setRowCount(len(grid.rows))
        top = 0
        for n, row in enumerate(grid.rows):
            if row.first and n > top:
                self._span(top, n - top)
                top = n
            self._fill_row(n, row, grid)
        if grid.rows:
            self._span(top, len(grid.rows) - top)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col, r in enumerate(grid.roles, start=2):
            item = table.horizontalHeaderItem(col)
            if item is not None:
                item.setToolTip(r.name)
        self._fit_rows()
        if grid.rows:
            table.setCurrentCell(0, COL_WHAT)
        else:
            self.detail.setText("The pack has nothing on the calendar for this year.")
        self.go_button.setEnabled(bool(grid.rows))

    def _fit_rows(self) -> None:
        """Columns for the room there is: the month as wide as its longest name, each role as
        wide as its name (or, when that leaves the activities too little room, a short name
        explained above the table), the dates a fifth, the activity the rest; rows as tall as
        their wrapped text at these widths (again whenever the width or the look changes)."""
        table, grid = self.table, self.grid
        if grid is None or table.columnCount() != len(grid.roles) + 3:
            return
        metrics = table.fontMetrics()
        heads = table.horizontalHeader().fontMetrics()  # bold, and larger in a theme
        pad = 2 * metrics.averageCharWidth()
        head_pad = 3 * heads.averageCharWidth()
        room = table.viewport().width()
        bold = QFont(table.font())
        bold.setBold(True)
        month = max(QFontMetrics(bold).horizontalAdvance(m) for m in MONTH_NAMES) + pad
        dates = max(metrics.horizontalAdvance("30 Sep"), room // 5)
        full = [textwrap.fill(r.name, 11, break_long_words=False) for r in grid.roles]
        widths = [
            max(heads.horizontalAdvance(line) for line in f.split("\n")) + head_pad for f in full
        ]
        short = month + sum(widths) + dates > room * 0.62
        if short:
            full = [short_name(r.name) for r in grid.roles]
            widths = [
                max(heads.horizontalAdvance(f), metrics.horizontalAdvance(MARK)) + head_pad
                for f in full
            ]
        header = table.horizontalHeader()
        for col, (text, width) in enumerate(zip(full, widths, strict=True), start=2):
            item = table.horizontalHeaderItem(col)
            if item is not None:
                item.setText(text)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(col, width)
        for col, width in ((COL_MONTH, month), (table.columnCount() - 1, dates)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        legend = [
            f"{name} = {r.name}" for name, r in zip(full, grid.roles, strict=True) if name != r.name
        ]
        said = f"{grid.pack.title} · {grid.title}. {MARK} marks each role with a part."
        self.where.setText(f"{said} {'; '.join(legend)}." if short and legend else said)
        self.detail_area.setMaximumHeight(metrics.lineSpacing() * 4 + pad)
        table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()

    def _span(self, top: int, rows: int) -> None:
        if rows > 1:
            self.table.setSpan(top, COL_MONTH, rows, 1)

    def _fill_row(self, n: int, row: GridRow, grid: YearGrid) -> None:
        def cell(text: str, *, bold: bool = False, centre: bool = False) -> QTableWidgetItem:
            item = QTableWidgetItem(text)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if centre:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            return item

        table = self.table
        month = row.month_name.replace(" ", "\n") if row.first else ""
        table.setItem(n, COL_MONTH, cell(month, bold=True))
        step = f"  · step {row.step}" if row.step is not None else ""
        what = cell(f"{row.title}{step}", bold=row.step is None)
        what.setToolTip(self._about(row, grid))
        table.setItem(n, COL_WHAT, what)
        for col, part in enumerate(row.parts, start=2):
            mark = cell(MARK if part else "", centre=True)
            name = grid.roles[col - 2].name
            mark.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{name}: {part}" if part else f"{name}: no part",
            )
            if part:
                mark.setToolTip(f"{name}: {part}")
            table.setItem(n, col, mark)
        dates = "\n".join(
            f"{_day(d.day)}: {d.what}" if row.step is not None else _day(d.day) for d in row.dates
        )
        table.setItem(n, len(row.parts) + 2, cell(dates))

    @staticmethod
    def _about(row: GridRow, grid: YearGrid) -> str:
        lines = [f"{r.name}: {part}" for r, part in zip(grid.roles, row.parts, strict=True) if part]
        if row.step is not None:
            lines.insert(0, f"{row.title} (step {row.step}, {STEP_NAMES[row.step]})")
        else:
            lines.insert(0, f"{row.title} ({', '.join(_day(d.day) for d in row.dates)})")
        return "\n".join(lines)

    def _on_current_cell_changed(self, row: int, *_: Any) -> None:
        grid = self.grid
        if grid is None or not 0 <= row < len(grid.rows):
            return
        shown = grid.rows[row]
        self.detail.setText(self._about(shown, grid))
        if shown.step is not None:
            name = STEP_NAMES[shown.step].replace("&", "&&")  # "&" is text, not a key mark
            self.go_button.setText(f"Go to step {shown.step}, {name}")
        else:
            self.go_button.setText("Go to step 8, Review && export")

    # ----------------------------------------------------------------- choosing
    def step_of_row(self, row: int) -> int | None:
        grid = self.grid
        if grid is None or not 0 <= row < len(grid.rows):
            return None
        step = grid.rows[row].step
        return 8 if step is None else step  # the district's dates: where a plan is sent

    def choose_row(self, row: int) -> None:
        step = self.step_of_row(row)
        if step is not None:
            self.step_chosen.emit(step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.choose_row(self.table.currentRow())
            return True
        return False


# --------------------------------------------------------------------- the window's side
def _plan_grid(window: Any) -> tuple[YearGrid, str, str] | None:
    """The open plan's year, its school's name and its file's stem (None without a plan)."""
    from sipdesk.services.pack_glance import glance
    from sipdesk.services.planning_calendar import grid_for_plan
    from sipdesk.services.this_month import Standing

    controller = window.controller
    if controller is None:
        return None
    standing = Standing.of(controller.plan()["profile"])
    district = glance(standing.plan_id) if standing.plan_id else None
    grid = grid_for_plan(standing, _today(window), district)
    path: Path = controller.document.path
    return grid, standing.school or path.stem, path.stem


def _today(window: Any) -> dt.date:
    """The window's day (a test gives its own as ``window.today``)."""
    today = getattr(window, "today", None)
    return today() if callable(today) else dt.date.today()


def show_calendar(window: Any) -> PlanningCalendarDialog | None:
    """Show the open plan's planning calendar beside the window (made once, filled afresh)."""
    from sipdesk.services.state_packs import StatePackError

    try:
        found = _plan_grid(window)
    except StatePackError as exc:
        window.dialogs.inform("The planning calendar could not be shown", str(exc))
        return None
    if found is None:
        return None
    grid, school, _stem = found
    dialog: PlanningCalendarDialog | None = getattr(window, "_calendar_dialog", None)
    if dialog is None:
        dialog = PlanningCalendarDialog(window)
        for action in window.actions():  # the window's keys (zoom, steps, …) work here too
            dialog.addAction(action)
        dialog.step_chosen.connect(lambda step: _go_to_step(window, step))
        dialog.print_requested.connect(lambda: print_calendar(window))
        window.plan_closed.connect(dialog.close)
        window._calendar_dialog = dialog
    window.theme.restyle(dialog)
    dialog.show_grid(grid, school)
    dialog.resize(
        max(640, min(window.width() - 40, round(1100 * window.theme.zoom))),
        max(480, window.height() - 60),
    )
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog


def _go_to_step(window: Any, step: int) -> None:
    dialog = getattr(window, "_calendar_dialog", None)
    if dialog is not None:
        dialog.close()
    window.activateWindow()
    window.show_step(step)


def calendar_pdf_bytes(grid: YearGrid, school: str, paper: Paper, today: dt.date) -> bytes:
    from sipdesk.export.calendar_pdf import render_calendar

    return render_calendar(grid, school, paper=paper, today=today)


def print_calendar(window: Any) -> None:
    """Ask where, then write the planning calendar's PDF page on the window's worker thread."""
    from sipdesk.services.state_packs import StatePackError

    try:
        found = _plan_grid(window)
    except StatePackError as exc:
        window.dialogs.inform("The planning calendar could not be printed", str(exc))
        return
    if found is None:
        return
    grid, school, stem = found
    start = window.controller.document.path.with_name(f"{stem}{PDF_SUFFIX}")
    target = window.dialogs.save_file("Print the planning calendar", start, "PDF documents (*.pdf)")
    if target is None:
        return
    paper, today = window.export_paper(), _today(window)

    def work() -> Path:
        from sipdesk.storage.writeback import write_atomically

        data = calendar_pdf_bytes(grid, school, paper, today)

        def build(temp: Path) -> None:
            temp.write_bytes(data)

        write_atomically(build, target)
        return Path(target)

    window._busy(f"Printing the planning calendar to {target.name}…")
    window.runner.submit(
        work,
        on_done=lambda path: window._done(
            f"Saved the planning calendar as {path.name} in {path.parent}."
        ),
        on_error=window._explain_error,
    )


__all__ = ["PlanningCalendarDialog", "print_calendar", "show_calendar"]
