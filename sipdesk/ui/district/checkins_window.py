"""*Check-ins…* (Ctrl+K) for the chosen school, beside the desk (issue 13, item 8).

**This school**: its check-ins by day; *Schedule* puts one on a day; choosing one shows its
after-action review (what was expected, what happened, why, what we will do next) to write or
edit and save. **Reflections**: the district's own reflection across schools for each check-in
round. Everything goes through :mod:`sipdesk.district.checkins` (what ``district checkin``,
``checkins`` and ``reflect`` use) on the desk window's worker; the desk file is written back at
once and the table read again (its Last check-in column).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.day_edit import DayEdit
from sipdesk.ui.district.expectations_window import _write_back, explain
from sipdesk.ui.district.review_panel import _scrolling
from sipdesk.ui.district.review_parts import _four_lines
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.checkins import CheckinView
    from sipdesk.district.schools import SchoolRow
    from sipdesk.ui.district.desk_window import DeskWindow

NO_CHECKINS = "No check-ins with this school yet. Pick a day and schedule one."
NO_ROUNDS = "No check-in rounds yet: plan them in File ▸ The district's expectations… (Timeline)."
Sheet = tuple[list["CheckinView"], list[tuple[dt.date, str]]]
NATIVE = QKeySequence.SequenceFormat.NativeText


def _box(name: str, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    _four_lines(box)  # four lines high at any zoom
    return box


class CheckinsDialog(QDialog):
    shown = Signal()
    changed = Signal()
    csv_saved = Signal(object)  # the file written

    def __init__(self, window: DeskWindow, row: SchoolRow) -> None:
        from sipdesk.district.checkins import REVIEW_PARTS

        super().__init__(window)
        self.desk_window = window
        self.row = row
        self.views: list[CheckinView] = []
        self.rounds: list[tuple[dt.date, str]] = []
        self.setWindowTitle(f"Check-ins — {row.school} — SIP Desk")
        self.setModal(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        top.addWidget(label(f"Check-ins: {row.school}", "section", self), 1)
        self.csv_button = QPushButton("Save as &CSV…", self)
        self.csv_button.setToolTip(
            f"Save {row.school}'s check-ins and their reviews as a spreadsheet table "
            f"({QKeySequence(QKeySequence.StandardKey.Save).toString(NATIVE)})"
        )
        top.addWidget(self.csv_button)
        self.close_button = QPushButton("Close", self)
        top.addWidget(self.close_button)
        column.addLayout(top)
        self.message = label("", "hint", self)
        self.message.setVisible(False)
        column.addWidget(self.message)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_csv)
        self.tabs = QTabWidget(self)
        school = QWidget(self.tabs)
        school_column = QVBoxLayout(school)
        self.empty = label(NO_CHECKINS, "hint", school)
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        school_column.addWidget(self.empty)
        self.list = QListWidget(school)
        self.list.setAccessibleName("The school's check-ins, by day")
        self.list.setMaximumHeight(6 * self.list.fontMetrics().lineSpacing() + 16)
        school_column.addWidget(self.list)
        schedule = QHBoxLayout()
        self.day = DayEdit("The check-in's day", school, clearable=False)
        self.schedule_button = QPushButton("&Schedule a check-in", school)
        schedule.addWidget(self.day)
        schedule.addWidget(self.schedule_button)
        schedule.addStretch(1)
        school_column.addLayout(schedule)
        self.review_title = label("", "subsection", school)
        school_column.addWidget(self.review_title)
        form = QFormLayout()
        self.parts: dict[str, QPlainTextEdit] = {}
        for key, words in REVIEW_PARTS:
            self.parts[key] = _box(words, school)
            form.addRow(f"{words}:", self.parts[key])
        school_column.addLayout(form)
        self.save_button = QPushButton("Sa&ve the review", school)
        self.save_button.setProperty("role", "primary")
        school_column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        school_column.addStretch(1)
        self.tabs.addTab(_scrolling(school), "&This school")
        rounds = QWidget(self.tabs)
        rounds_column = QVBoxLayout(rounds)
        rounds_column.addWidget(
            label("The district's own reflection across schools, for each round.", "hint", rounds)
        )
        self.round_list = QListWidget(rounds)
        self.round_list.setAccessibleName("The check-in rounds")
        self.round_list.setMaximumHeight(6 * self.round_list.fontMetrics().lineSpacing() + 16)
        rounds_column.addWidget(self.round_list)
        self.reflection = _box("The district's reflection for the chosen round", rounds)
        heading = QLabel("The district's &reflection for the chosen round:", rounds)
        heading.setBuddy(self.reflection)
        rounds_column.addWidget(heading)
        rounds_column.addWidget(self.reflection)
        self.reflect_button = QPushButton("Save the reflection", rounds)
        rounds_column.addWidget(self.reflect_button, 0, Qt.AlignmentFlag.AlignRight)
        rounds_column.addStretch(1)
        self.tabs.addTab(_scrolling(rounds), "Re&flections")
        column.addWidget(self.tabs, 1)
        self.close_button.clicked.connect(self.close)
        self.csv_button.clicked.connect(self.save_csv)
        self.list.currentRowChanged.connect(self._show_review)
        self.round_list.currentRowChanged.connect(self._show_reflection)
        self.schedule_button.clicked.connect(self.schedule)
        self.save_button.clicked.connect(self.save_review)
        self.reflect_button.clicked.connect(self.save_reflection)
        self.tabs.setEnabled(False)

    # ----------------------------------------------------------------- reading
    def _sheet(self) -> Callable[[], Sheet]:
        desk = self.desk_window.desk
        assert desk is not None
        school_id = self.row.school_id

        def read() -> Sheet:
            from sipdesk.district.checkins import checkins, reflections
            from sipdesk.district.models import School

            with desk.session() as session:
                school = session.get(School, school_id)
                views = checkins(session, school) if school is not None else []
                return views, reflections(session)

        return read

    def load(self) -> None:
        if self.desk_window.desk is not None:
            self._run(self._sheet(), self._show)

    def _show(self, sheet: Sheet, day: dt.date | None = None) -> None:
        from sipdesk.district.expectations import day_words

        self.views, self.rounds = sheet
        shown = self.current()
        chosen = day or (shown.on if shown else None)
        self.list.blockSignals(True)
        self.list.clear()
        for view in self.views:
            note = "" if view.reviewed else " · no review yet"
            self.list.addItem(f"{day_words(view.on)}{note}")
        self.list.blockSignals(False)
        self.empty.setVisible(not self.views)
        self.list.setVisible(bool(self.views))
        days = [v.on for v in self.views]
        self.list.setCurrentRow(days.index(chosen) if chosen in days else len(days) - 1)
        self._show_review(self.list.currentRow())
        at = self.round_list.currentRow()
        self.round_list.blockSignals(True)
        self.round_list.clear()
        for on, text in self.rounds:
            self.round_list.addItem(f"{day_words(on)}{'' if text else ' · not written yet'}")
        if not self.rounds:
            self.round_list.addItem(NO_ROUNDS)
        self.round_list.blockSignals(False)
        self.round_list.setCurrentRow(max(0, min(at, len(self.rounds) - 1)))
        self._show_reflection(self.round_list.currentRow())
        desk = self.desk_window.desk
        writable = desk is not None and not desk.readonly
        self.tabs.setEnabled(True)
        for button in (self.schedule_button, self.save_button, self.reflect_button):
            button.setEnabled(writable)
        self.save_button.setEnabled(writable and self.current() is not None)
        self.reflect_button.setEnabled(writable and bool(self.rounds))
        self.shown.emit()

    def current(self) -> CheckinView | None:
        row = self.list.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _show_review(self, _row: int) -> None:
        from sipdesk.district.expectations import day_words

        view = self.current()
        title = f"After-action review of {day_words(view.on)}" if view else "After-action review"
        if view is not None and view.on > dt.date.today() and not view.reviewed:
            title += " (not held yet: write it once the check-in has taken place)"
        self.review_title.setText(title)
        for key, box in self.parts.items():
            box.setPlainText(getattr(view, key) if view else "")
            box.setEnabled(view is not None)
        self.save_button.setEnabled(view is not None)

    def _show_reflection(self, row: int) -> None:
        has = 0 <= row < len(self.rounds)
        self.reflection.setPlainText(self.rounds[row][1] if has else "")
        self.reflection.setEnabled(has)

    # ----------------------------------------------------------------- writing
    def _write(self, on: dt.date, busy: str, texts: dict[str, str] | None = None) -> None:
        desk = self.desk_window.desk
        if desk is None or desk.readonly:
            return
        school_id, read = self.row.school_id, self._sheet()

        def work() -> Sheet:
            from sipdesk.district.checkins import record_checkin
            from sipdesk.district.document import utc_now
            from sipdesk.district.models import School
            from sipdesk.storage import PlanFileError

            with desk.transaction() as session:
                school = session.get(School, school_id)
                if school is None:
                    raise PlanFileError(desk.path, f"{self.row.school} is no longer on this desk.")
                record_checkin(session, school, on, now=utc_now(), **(texts or {}))
            _write_back(desk)
            return read()

        def done(sheet: Sheet) -> None:
            self._show(sheet, on)
            self.changed.emit()

        self._run(work, done, busy)

    def schedule(self) -> None:
        day = self.day.day()
        if day is not None:
            self._write(day, f"Scheduling a check-in with {self.row.school}…")

    def save_review(self) -> None:
        view = self.current()
        if view is not None:
            texts = {key: box.toPlainText() for key, box in self.parts.items()}
            self._write(view.on, "Saving the after-action review…", texts)

    def save_reflection(self) -> None:
        desk = self.desk_window.desk
        row = self.round_list.currentRow()
        if desk is None or desk.readonly or not 0 <= row < len(self.rounds):
            return
        on, text, read = self.rounds[row][0], self.reflection.toPlainText(), self._sheet()

        def work() -> Sheet:
            from sipdesk.district.checkins import set_reflection
            from sipdesk.district.document import utc_now

            with desk.transaction() as session:
                set_reflection(session, on, text, now=utc_now())
            _write_back(desk)
            return read()

        self._run(work, self._show, "Saving the district's reflection…")

    # ----------------------------------------------------------------- CSV
    def save_csv(self) -> None:
        """Ask where, then write the school's check-ins as a CSV table: the same file as
        ``sipdesk district checkins DESK SCHOOL -o OUT.csv``, read afresh from the desk."""
        desk = self.desk_window.desk
        if desk is None:
            return
        prefs = self.desk_window.prefs
        target = self.desk_window.dialogs.save_file(
            "Save the check-ins as CSV",
            prefs.last_folder / f"Check-ins – {self.row.school}.csv",
            "Spreadsheets (*.csv)",
        )
        if target is None:
            return
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        target = target.expanduser().absolute()
        if target == desk.path.absolute():
            self._say("That is the desk itself; please choose another name.")
            return
        prefs.last_folder = target.parent
        read = self._sheet()

        def work() -> int:
            from sipdesk.district.checkins import write_checkins_csv

            views = read()[0]
            write_checkins_csv(views, target)
            return len(views)

        def done(count: Any) -> None:
            self._say(
                f"Saved “{target.name}” in {target.parent} "
                f"({count} check-in{'s' if count != 1 else ''})."
            )
            self.csv_saved.emit(target)

        self._run(work, done, f"Saving {target.name}…")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], busy: str = "") -> None:
        window = self.desk_window
        if busy:
            window.statusBar().showMessage(busy)
        self.setEnabled(False)

        def finished(result: Any) -> None:
            self.setEnabled(True)
            window.statusBar().clearMessage()
            done(result)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            window.statusBar().clearMessage()
            explain(window, exc, "That could not be saved")
            self._say("")
            self.shown.emit()

        window.runner.submit(work, on_done=finished, on_error=failed)


def show_checkins(window: DeskWindow, row: SchoolRow) -> CheckinsDialog:
    """Open (or bring forward) the school's check-ins and read them from the desk."""
    key = ("checkins", row.school_id)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, CheckinsDialog):
        dialog = CheckinsDialog(window, row)
        window.side_windows[key] = dialog
        dialog.finished.connect(lambda *_: window.side_windows.pop(key, None))
        dialog.changed.connect(window.refresh)
        dialog.resize(min(980, max(640, window.width() - 60)), max(520, window.height() - 60))
        dialog.load()
    dialog.show()
    window.theme.restyle(dialog)
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["CheckinsDialog", "show_checkins"]
