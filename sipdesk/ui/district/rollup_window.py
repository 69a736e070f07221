"""“Across schools…” in the desk window: the rollup across schools (issue 14, item 1).

A window of its own beside the desk. On the left, the rollup's views in the report's order, with
its two charts (the domain × school heat map and the stacked bar of action status by school)
just before their tables; on the right, the one chosen, each table sortable and read-only. The
tables are :func:`sipdesk.district.rollup_tables.views` (the same rows and cells as the CSV
files), the charts :mod:`sipdesk.district.rollup_charts` (the same numbers as the PDF's).

"As of" reads each school's latest version received by that day and places the monitoring period
on it, as ``district rollup --as-of`` does; today (the default) reads the latest versions. The
reading runs on the desk window's worker, with a line saying how far it has got, so the window
never freezes. "Export…" writes the PDF, the zip of CSV files or the JSON with the command's own
functions: the same desk and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.rollup_charts_view import HeatMapChart, StatusBarChart
from sipdesk.ui.district.rollup_table import RollupTable
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.rollup import PlanCache, Rollup
    from sipdesk.district.rollup_tables import View
    from sipdesk.ui.district.desk_window import DeskWindow

# (ending, the menu's words, the file dialog's filter)
EXPORTS = (
    (".pdf", "The district &report (PDF)…", "PDF documents (*.pdf)"),
    (".zip", "Every &table for a spreadsheet (zip of CSV files)…", "Zip files (*.zip)"),
    (".json", "Every table as &JSON…", "JSON files (*.json)"),
)
HEAT, BARS = "chart:domains", "chart:status"
# The list's short names (each page carries its view's whole title).
PAGE_NAMES = {
    "practices": "Practices",
    HEAT: "Domains: chart",
    "domains": "Domains: table",
    "domain-gaps": "Domains not addressed",
    "strategies": "Strategies",
    "measures": "Goals and measures",
    BARS: "Action status: chart",
    "implementation": "Implementation",
    "budget": "Budget",
    "supports": "Supports",
    "readiness": "Readiness and review",
}


class _Progress(QObject):
    """Carries the worker's progress to the window's thread (a queued signal)."""

    step = Signal(int, int, str)


def export_bytes(data: Rollup, ending: str) -> bytes:
    """The export ``district rollup -o OUT`` writes for ``ending``, from the same functions."""
    from sipdesk.district import rollup_tables

    if ending == ".pdf":
        from sipdesk.export.pdf.rollup import render_rollup

        return render_rollup(data)
    if ending == ".zip":
        return rollup_tables.zip_bytes(data)
    return rollup_tables.json_bytes(data)


def _day_words(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


class RollupWindow(QDialog):
    """The rollup across schools: tables and charts, an as-of day, and exports."""

    shown = Signal()  # a rollup is on screen
    exported = Signal(object)  # the file's path

    def __init__(self, window: DeskWindow, clock: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(window)
        self.desk_window = window
        self.clock = clock  # what "today" is (tests give a fixed day)
        self.data: Rollup | None = None
        self.views: list[View] = []
        self.cache: PlanCache | None = None
        self._reading: dt.date | None = None  # the day being read, while reading
        self._wanted: dt.date | None = None  # a day picked while another was being read
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_step)
        self.setWindowTitle("Across schools — SIP Desk")
        self.setModal(False)
        self._build_ui()

    # ----------------------------------------------------------------- the window
    def _build_ui(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.date_box = QDateEdit(self)
        self.date_box.setCalendarPopup(True)
        self.date_box.setDisplayFormat("MMMM d, yyyy")
        self.date_box.setKeyboardTracking(False)  # a day typed is read once, when whole
        self.date_box.setAccessibleName("As of: the versions received by this day")
        today = self.clock()
        self.date_box.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_box.setDate(QDate(today.year, today.month, today.day))
        as_of = QLabel("&As of", self)
        as_of.setBuddy(self.date_box)
        self.when = label("", "hint", self)
        self.export_button = QPushButton("&Export…", self)
        self.export_button.setAccessibleName("Export the rollup")
        export_menu = QMenu(self.export_button)
        for ending, words, _filter in EXPORTS:
            action = export_menu.addAction(words)
            action.triggered.connect(lambda _c=False, e=ending: self.export(e))
        self.export_button.setMenu(export_menu)
        self.export_button.setEnabled(False)
        self.close_button = QPushButton("Close", self)
        for widget in (as_of, self.date_box):
            top.addWidget(widget)
        top.addWidget(self.when, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.close_button)
        column.addLayout(top)
        self.message = label("", "hint", self)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.pages_list = QListWidget(self.splitter)
        self.pages_list.setAccessibleName("The rollup's tables and charts")
        self.pages_list.setWordWrap(True)  # long names wrap when the text grows (presentation)
        self.pages_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages_list.setSpacing(2)
        self.pages_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.stack = QStackedWidget(self.splitter)
        self.splitter.addWidget(self.pages_list)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        column.addWidget(self.splitter, 1)
        self.heat = HeatMapChart()
        self.bars = StatusBarChart()
        self.tables: dict[str, RollupTable] = {}
        self.page_keys: list[str] = []

        self.date_box.dateChanged.connect(self._on_date_changed)
        self.pages_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, lambda: self.export(".pdf"))
        QShortcut(QKeySequence("Ctrl+L"), self, self.pages_list.setFocus)

    def _chart_page(self, chart: QWidget, title: str, note: str) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label(title, "section", page))
        box.addWidget(label(note, "hint", page))
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(chart)
        box.addWidget(scroll, 1)
        return page

    def _table_page(self, view: View) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label(view.title, "section", page))
        box.addWidget(label(view.note, "hint", page))
        table = RollupTable(view, page)
        self.tables[view.key] = table
        box.addWidget(table, 1)
        return page

    def _build_pages(self) -> None:
        """The list and its pages, once: a later day only changes what they show."""
        if self.page_keys:
            return
        for view in self.views:
            if view.key == "domains":
                self._add_page(
                    HEAT,
                    self._chart_page(
                        self.heat,
                        "Strategies by school and domain",
                        "Each school's strategies in each of the four domains; “none” marks a "
                        "domain the school does not address.",
                    ),
                )
            if view.key == "implementation":
                self._add_page(
                    BARS,
                    self._chart_page(
                        self.bars,
                        "Where each school's actions stand",
                        "Each school's actions this cycle by status; the number at the end is "
                        "all of its actions.",
                    ),
                )
            self._add_page(view.key, self._table_page(view))
        self.pages_list.setCurrentRow(0)
        self.pages_list.setMinimumWidth(160)
        side = max(180, min(260, self.width() // 5))
        self.splitter.setSizes([side, max(400, self.width() - side)])
        self.desk_window.theme.restyle(self)
        if self.isActiveWindow() or not self.focusWidget():
            self.pages_list.setFocus()

    def _add_page(self, key: str, page: QWidget) -> None:
        self.page_keys.append(key)
        self.pages_list.addItem(
            PAGE_NAMES.get(key) or next(v.title for v in self.views if v.key == key)
        )
        self.stack.addWidget(page)

    def show_page(self, key: str) -> None:
        self.pages_list.setCurrentRow(self.page_keys.index(key))

    # ----------------------------------------------------------------- reading
    def picked_day(self) -> dt.date | None:
        """The "As of" day, or None for today (the latest versions)."""
        day = self.date_box.date().toPython()
        assert isinstance(day, dt.date)
        return None if day >= self.clock() else day

    def _on_date_changed(self, _date: QDate) -> None:
        self.load()

    def load(self) -> None:
        """Read the rollup for the picked day on the desk window's worker, then show it."""
        desk = self.desk_window.desk
        if desk is None:
            return
        as_of = self.picked_day()
        if self._reading is not None:  # one read at a time: the latest day picked follows
            self._wanted = as_of or self.clock()
            return
        today = as_of or self.clock()
        self._reading = today
        if self.cache is None:
            from sipdesk.district.rollup import PlanCache

            self.cache = PlanCache()
        cache, step = self.cache, self._progress.step

        def work() -> tuple[Rollup, list[View]]:
            from sipdesk.district.rollup import rollup
            from sipdesk.district.rollup_tables import views

            with desk.session() as session:
                data = rollup(
                    session, desk.path, today=today, as_of=as_of, cache=cache, progress=step.emit
                )
            return data, views(data)

        self.message.setText("Reading the schools' plans…")
        self.message.show()
        self.export_button.setEnabled(False)
        self.desk_window.runner.submit(work, on_done=self._on_read, on_error=self._on_failed)

    def _on_step(self, done: int, total: int, school: str) -> None:
        if self._reading is not None:
            self.message.setText(f"Reading the schools' plans: {done} of {total} ({school})…")

    def _read_again(self) -> bool:
        read, wanted = self._reading, self._wanted
        self._reading = self._wanted = None
        if wanted is not None and wanted != read:
            self.load()
            return True
        return False

    def _on_read(self, result: tuple[Rollup, list[View]]) -> None:
        if self._read_again():
            return
        self.data, self.views = result
        self._build_pages()
        self._show()
        self.shown.emit()

    def _show(self) -> None:
        from sipdesk.district.rollup_charts import heat_map, status_bars

        data = self.data
        assert data is not None
        for view in self.views:
            self.tables[view.key].set_view(view)
        domains = next(v for v in self.views if v.key == "domains")
        self.heat.set_chart(heat_map(data, domains))
        self.bars.set_bars(status_bars(data))
        count = len(data.schools)
        schools = f"{count} school{'' if count == 1 else 's'}"
        if data.as_of:
            self.when.setText(f"{schools}: each one's latest plan received by then")
        else:
            self.when.setText(f"{schools}: each one's latest plan (today)")
        lines = [f"Monitoring as of {_day_words(data.today)}."]
        if data.not_yet:
            lines.append(f"Not received by then: {', '.join(data.not_yet)}.")
        if not data.schools:
            lines.append("No school has sent a plan by then, so there is nothing to add up yet.")
        self.message.setText(" ".join(lines))
        self.message.show()
        self.export_button.setEnabled(True)

    def _on_failed(self, exc: BaseException) -> None:
        self._reading = self._wanted = None
        self.message.hide()
        self.desk_window._explain(exc)

    # ----------------------------------------------------------------- exporting
    def suggested_name(self, ending: str) -> str:
        data = self.data
        day = data.as_of or data.today if data else self.clock()
        kind = "tables" if ending == ".zip" else "rollup"
        return f"Across our schools – {kind} – {day.isoformat()}{ending}"

    def export(self, ending: str) -> None:
        """Ask where, then write the export for the day shown, on the worker."""
        data = self.data
        desk = self.desk_window.desk
        if data is None or desk is None or self._reading is not None:
            return
        words, file_filter = next((w, f) for e, w, f in EXPORTS if e == ending)
        prefs = self.desk_window.prefs
        target = self.desk_window.dialogs.save_file(
            words.replace("&", "").rstrip("…"),
            prefs.last_folder / self.suggested_name(ending),
            file_filter,
        )
        if target is None:
            return
        if target.suffix.lower() != ending:
            target = target.with_name(target.name + ending)
        prefs.last_folder = target.parent
        self.write(target)

    def write(self, target: Path) -> None:
        """Write the export ``target``'s ending chooses, for the day shown, on the worker."""
        data = self.data
        desk = self.desk_window.desk
        if data is None or desk is None:
            return
        if target.expanduser().absolute() == desk.path.absolute():
            self.message.setText("That is the desk itself; please choose another name.")
            return
        ending = target.suffix.lower()

        def work() -> Path:
            from sipdesk.storage.writeback import write_atomically

            payload = export_bytes(data, ending)

            def build(temp: Path) -> None:
                temp.write_bytes(payload)

            write_atomically(build, target)
            return target

        self.message.setText(f"Saving {target.name}…")
        self.desk_window.runner.submit(work, on_done=self._on_saved, on_error=self._on_failed)

    def _on_saved(self, target: Any) -> None:
        self.message.setText(f"Saved “{target.name}” in {target.parent}.")
        self.exported.emit(target)


def show_rollup(window: DeskWindow) -> RollupWindow:
    """Open (or bring forward) the desk's "Across schools" window and read the rollup."""
    key = ("rollup", 0)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, RollupWindow):
        dialog = RollupWindow(window)
        window.side_windows[key] = dialog
        dialog.finished.connect(lambda *_: window.side_windows.pop(key, None))
        dialog.resize(min(1280, max(760, window.width() - 40)), max(520, window.height() - 40))
        dialog.load()
    dialog.show()
    window.theme.restyle(dialog)
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["RollupWindow", "export_bytes", "show_rollup"]
