"""File ▸ *The district's expectations…* (Ctrl+E): the district's timeline, requirements and rubric
on screen, and its expectations pack (issue 13, items 6 and 7).

Tabs: **Timeline** (first draft due, feedback by, final plan due — each can be cleared — and the
check-in rounds), **Requirements** (the readiness profile required and the district goals, in
order), **Rubric** (:mod:`rubric_editor`). *Save* checks and writes everything in one transaction
on the desk window's worker, through the command line's own services
(:func:`~sipdesk.district.expectations.set_expectations`, the rubric file's check and
:func:`~sipdesk.district.rubric.set_rubric`): a problem is their sentence and nothing is saved.
The desk file is written back at once and the schools table read again (its Deadline column).
*Export the pack…* writes the `.sipexpect` as ``district export-expectations`` does, after
saving what was changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.day_edit import DayEdit
from sipdesk.ui.district.review_panel import _scrolling
from sipdesk.ui.district.rubric_editor import EDITABLE, RubricEditor
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.expectations import DeskExpectations
    from sipdesk.district.rubric import Criterion
    from sipdesk.district.schools import SchoolRow
    from sipdesk.ui.district.desk_window import DeskWindow

TIMELINE_INTRO = (
    "The dates every school's plan works to. They show in the schools table's Deadline column "
    "and travel to schools in the expectations pack."
)
GOALS_INTRO = (
    "The district goals plans should align to, in order. Add one, then type it; F2 or a "
    "double-click edits one."
)
PACK_FILTER = "District expectations (*.sipexpect)"


def _buttons(parent: QWidget, *names: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    made = [QPushButton(name, parent) for name in names]
    for button in made:
        row.addWidget(button)
    row.addStretch(1)
    return row, made


class TimelineTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.addWidget(label(TIMELINE_INTRO, "hint", self))
        form = QFormLayout()
        self.first_draft = DayEdit("First draft due", self)
        self.feedback = DayEdit("District feedback by", self)
        self.final = DayEdit("Final plan due", self)
        form.addRow("&First draft due:", self.first_draft)
        form.addRow("District &feedback by:", self.feedback)
        form.addRow("Final &plan due:", self.final)
        column.addLayout(form)
        column.addWidget(label("Check-in rounds through the year", "subsection", self))
        self.rounds = QListWidget(self)
        self.rounds.setAccessibleName("The check-in rounds")
        self.rounds.setMaximumHeight(7 * self.rounds.fontMetrics().lineSpacing() + 16)
        column.addWidget(self.rounds)
        row = QHBoxLayout()
        self.round_day = DayEdit("A check-in round's day", self, clearable=False)
        self.add_round_button = QPushButton("&Add the round", self)
        self.remove_round_button = QPushButton("Remove the chosen round", self)
        row.addWidget(self.round_day)
        row.addWidget(self.add_round_button)
        row.addWidget(self.remove_round_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.add_round_button.clicked.connect(lambda: self.add_round(self.round_day.day()))
        self.remove_round_button.clicked.connect(self.remove_round)

    def show_expectations(self, expect: DeskExpectations) -> None:
        self.first_draft.set_day(expect.first_draft_due)
        self.feedback.set_day(expect.feedback_by)
        self.final.set_day(expect.final_due)
        self.rounds.clear()
        for day in expect.checkin_rounds:
            self.add_round(day)

    def round_days(self) -> list[dt.date]:
        return [
            self.rounds.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.rounds.count())
        ]

    def add_round(self, day: dt.date | None) -> None:
        from sipdesk.district.expectations import day_words

        if day is None or day in self.round_days():
            return
        days = sorted([*self.round_days(), day])
        item = QListWidgetItem(day_words(day))
        item.setData(Qt.ItemDataRole.UserRole, day)
        self.rounds.insertItem(days.index(day), item)
        self.rounds.setCurrentItem(item)

    def remove_round(self) -> None:
        row = self.rounds.currentRow()
        if row >= 0:
            self.rounds.takeItem(row)


class RequirementsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from sipdesk.services.readiness_profiles import known_profiles

        column = QVBoxLayout(self)
        form = QFormLayout()
        self.profile = QComboBox(self)
        self.profile.setAccessibleName("The readiness profile every plan is checked against")
        self.profile.addItem("None chosen (each plan's own)", "")
        for profile in known_profiles():
            self.profile.addItem(profile.name, profile.key)
        form.addRow("&Readiness profile required:", self.profile)
        column.addLayout(form)
        column.addWidget(label("District goals", "subsection", self))
        column.addWidget(label(GOALS_INTRO, "hint", self))
        self.goals = QListWidget(self)
        self.goals.setAccessibleName("The district goals, in order")
        self.goals.setWordWrap(True)
        column.addWidget(self.goals, 1)
        row, made = _buttons(self, "Add a &goal", "&Edit", "Remove", "Up", "Down")
        self.add_button, self.edit_button, self.remove_button, self.up_button, self.down_button = (
            made
        )
        self.up_button.setAccessibleName("Move the goal up")
        self.down_button.setAccessibleName("Move the goal down")
        column.addLayout(row)
        self.add_button.clicked.connect(lambda: self.add_goal(""))
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button.clicked.connect(lambda: self.move_by(1))

    def show_expectations(self, expect: DeskExpectations) -> None:
        at = self.profile.findData(expect.readiness_profile)
        self.profile.setCurrentIndex(max(0, at))
        self.goals.clear()
        for goal in expect.goals:
            self.add_goal(goal, edit=False)

    def goal_texts(self) -> list[str]:
        return [self.goals.item(n).text() for n in range(self.goals.count())]

    def add_goal(self, text: str, *, edit: bool = True) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(EDITABLE)
        self.goals.addItem(item)
        if edit:
            self.goals.setCurrentItem(item)
            self.goals.setFocus()
            self.goals.editItem(item)
        return item

    def _edit(self) -> None:
        item = self.goals.currentItem()
        if item is not None:
            self.goals.setFocus()
            self.goals.editItem(item)

    def _remove(self) -> None:
        row = self.goals.currentRow()
        if row >= 0:
            self.goals.takeItem(row)

    def move_by(self, step: int) -> None:
        row = self.goals.currentRow()
        if row < 0 or not 0 <= row + step < self.goals.count():
            return
        item = self.goals.takeItem(row)
        self.goals.insertItem(row + step, item)
        self.goals.setCurrentItem(item)


class ExpectationsDialog(QDialog):
    """The district's expectations and rubric, one window beside the desk."""

    shown = Signal()  # what the desk holds is on screen
    saved = Signal()  # written to the desk (and the table read again)
    exported = Signal(object)  # the pack's path

    def __init__(self, window: DeskWindow) -> None:
        super().__init__(window)
        self.desk_window = window
        self.loaded: tuple[Any, ...] | None = None
        self.setWindowTitle("The district's expectations — SIP Desk")
        self.setModal(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        self.title = label("The district's expectations", "section", self)
        self.facts = label("Reading the desk…", "hint", self)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        self.tabs = QTabWidget(self)
        self.timeline = TimelineTab(self.tabs)
        self.requirements = RequirementsTab(self.tabs)
        self.rubric = RubricEditor(self.tabs)
        self.tabs.addTab(_scrolling(self.timeline), "&Timeline")
        self.tabs.addTab(_scrolling(self.requirements), "Re&quirements")
        self.tabs.addTab(_scrolling(self.rubric), "R&ubric")
        column.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.export_button = QPushButton("E&xport the pack…", self)
        self.save_button = QPushButton("&Save", self)
        self.close_button = QPushButton("Close", self)
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.export_button.setAccessibleName("Write the expectations pack for schools")
        column.addLayout(row)
        self.save_button.clicked.connect(lambda: self.save())
        self.export_button.clicked.connect(self.choose_and_export)
        self.close_button.clicked.connect(self.close)
        self.tabs.setEnabled(False)

    # ----------------------------------------------------------------- reading
    def load(self) -> None:
        desk = self.desk_window.desk
        if desk is None:
            return

        def work() -> tuple[DeskExpectations, list[Criterion]]:
            from sipdesk.district.expectations import read_expectations
            from sipdesk.district.rubric import rubric

            with desk.session() as session:
                return read_expectations(session), rubric(session)

        self._run(work, self._show)

    def _show(self, result: tuple[DeskExpectations, list[Criterion]]) -> None:
        expect, criteria = result
        self.timeline.show_expectations(expect)
        self.requirements.show_expectations(expect)
        self.rubric.show_rubric(criteria)
        self.loaded = self.wanted()
        desk = self.desk_window.desk
        writable = desk is not None and not desk.readonly
        self.facts.setText(
            "Change what you need, then Save. Schools get these in the expectations pack."
            if writable
            else "The desk is open read-only here, so nothing can be changed."
        )
        self.tabs.setEnabled(True)
        self.save_button.setEnabled(writable)
        self.shown.emit()

    def wanted(self) -> tuple[Any, ...]:
        """What the window shows: the three dates, the rounds, the profile, the goals."""
        return (
            self.timeline.first_draft.day(),
            self.timeline.feedback.day(),
            self.timeline.final.day(),
            self.timeline.round_days(),
            str(self.requirements.profile.currentData() or ""),
            self.requirements.goal_texts(),
        )

    def changed(self) -> bool:
        return self.loaded is not None and (self.wanted() != self.loaded or self.rubric.changed())

    # ----------------------------------------------------------------- writing
    def _save_work(self) -> Callable[[], list[SchoolRow]] | None:
        """The saving, to run on the worker; None (and the sentence shown) when the rubric on
        screen is not one SIP Desk can keep."""
        from sipdesk.district.rubric import RubricError

        desk = self.desk_window.desk
        assert desk is not None
        first, feedback, final, rounds, profile, goals = self.wanted()
        try:
            criteria = self.rubric.checked() if self.rubric.changed() else None
        except RubricError as exc:
            self.tabs.setCurrentIndex(2)
            self.desk_window.dialogs.inform("The rubric cannot be saved yet", str(exc))
            self.rubric.show_problem(exc)  # the cursor where to put it right; nothing is lost
            return None

        def work() -> list[SchoolRow]:
            from sipdesk.district.document import utc_now
            from sipdesk.district.expectations import set_expectations
            from sipdesk.district.rubric import set_rubric
            from sipdesk.district.schools import school_rows

            with desk.transaction() as session:
                set_expectations(
                    session,
                    now=utc_now(),
                    first_draft_due=first,
                    feedback_by=feedback,
                    final_due=final,
                    readiness_profile=profile or "none",
                    goals=goals,
                    checkin_rounds=rounds,
                )
                if criteria is not None:
                    set_rubric(session, criteria)
            _write_back(desk)
            with desk.session() as session:
                return school_rows(session)

        return work

    def save(self, then: Callable[[], object] | None = None) -> None:
        work = self._save_work()
        if work is None:
            return

        rubric_changed = self.rubric.changed()

        def done(rows: list[SchoolRow]) -> None:
            self.desk_window._show_rows(rows)
            self.loaded = self.wanted()
            self.rubric.saved = self.rubric.data()["criteria"]
            if rubric_changed:
                _reread_reviews(self.desk_window)
            self.facts.setText("Saved. The schools table shows the new dates.")
            self.saved.emit()
            if then is not None:
                then()

        self._run(work, done, "Saving the district's expectations…")

    def choose_and_export(self) -> None:
        desk = self.desk_window.desk
        if desk is None:
            return
        start = desk.path.with_name(f"{desk.path.stem} expectations.sipexpect")
        chosen = self.desk_window.dialogs.save_file(
            "Export the district's expectations", start, PACK_FILTER
        )
        if chosen is not None:
            self.export(Path(chosen))

    def export(self, path: Path) -> None:
        """Save what was changed, then write the pack to ``path`` (ending in .sipexpect)."""
        if self.changed() and not (self.desk_window.desk and self.desk_window.desk.readonly):
            self.save(then=lambda: self.export(path))
            return
        desk = self.desk_window.desk
        assert desk is not None

        def work() -> Path:
            from sipdesk.district.expect_cli import expectations_pack, pack_target
            from sipdesk.services.expectations_pack import write_pack

            target = pack_target(path)
            with desk.session() as session:
                pack = expectations_pack(session)
            write_pack(pack, target)
            return target

        def done(target: Path) -> None:
            self.facts.setText(
                f"Wrote {target.name} in {target.parent}. Send it to your schools; they take it "
                "in with File ▸ Take the district's expectations…"
            )
            self.exported.emit(target)

        self._run(work, done, "Writing the expectations pack…")

    def reject(self) -> None:
        """Close (Escape, Close, the window's ×): changes not saved yet are saved, left, or the
        window stays."""
        desk = self.desk_window.desk
        if desk is None or desk.readonly or not self.isEnabled() or not self.changed():
            super().reject()
            return
        answer = self.desk_window.dialogs.choose(
            "Save your changes?",
            "The district's expectations on screen have changes that are not saved yet.",
            ["Save", "Leave them"],
            cancel="Keep editing",
            warning=False,
        )
        if answer == 1:
            self.loaded = None  # nothing to ask about again
            super().reject()
        elif answer == 0:
            self.save(then=self.reject)

    # ----------------------------------------------------------------- helpers
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

        window.runner.submit(work, on_done=finished, on_error=failed)


def _reread_reviews(window: DeskWindow) -> None:
    """Every open review reads the rubric again, so its levels and what they mean are the ones
    just saved (scores picked there and not saved yet stay picked)."""
    from sipdesk.ui.district.review_panel import ReviewDialog

    for side in list(window.side_windows.values()):
        if isinstance(side, ReviewDialog):
            side.reread()


def _write_back(desk: Any) -> None:
    import contextlib

    from sipdesk.storage import PlanFileError

    with contextlib.suppress(PlanFileError):  # kept in the working copy, written on close
        desk.writeback()


def explain(window: DeskWindow, exc: BaseException, title: str) -> None:
    """A service's sentence as it is; anything else as the desk window explains it."""
    from sipdesk.district.checkins import CheckinError
    from sipdesk.district.expectations import ExpectationsError
    from sipdesk.district.rubric import RubricError
    from sipdesk.storage import PlanFileError

    if isinstance(exc, (ExpectationsError, RubricError, CheckinError, PlanFileError)):
        window.dialogs.inform(title, str(exc))
    else:
        window._explain(exc)


def show_expectations(window: DeskWindow) -> ExpectationsDialog:
    """Open (or bring forward) the district's expectations and read them from the desk."""
    key = ("expectations", 0)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, ExpectationsDialog):
        dialog = ExpectationsDialog(window)
        window.side_windows[key] = dialog
        dialog.finished.connect(lambda *_: window.side_windows.pop(key, None))
        dialog.resize(min(980, max(640, window.width() - 60)), max(520, window.height() - 60))
        dialog.load()
    dialog.show()
    window.theme.restyle(dialog)
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["ExpectationsDialog", "explain", "show_expectations"]
