"""“Review…” in the desk window: the rubric, the district's comments and the decision for a
school's latest version, in a window of its own beside the desk (not modal, so the school's plan
can be open beside it).

Three tabs keep each part whole at 1024×768 and on a projector: **Rubric** (each criterion with
its levels to pick, saved together), **Comments** (the district's comments on this version and a
new one on an item picked by its readable name) and **Return or approve** (an overall note and the
two decisions, then where the reply was written). Everything is done by
:mod:`sipdesk.district.review`'s own functions on the desk window's worker; what the window shows
is read back by :func:`sipdesk.district.desk_review.review_sheet`. Every sentence those functions
raise is shown as it is, through the desk window's dialogs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.district.schools import SchoolRow
from sipdesk.ui.district.review_parts import CommentsTab, DecisionTab, RubricTab
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.desk_review import ReviewSheet
    from sipdesk.district.review import Reply
    from sipdesk.ui.district.desk_window import DeskWindow

REVIEWER_KEY = "district/reviewer"
NO_NAME = "Please type your name first, so the review shows who made it."


def _scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area: at a large zoom on a small screen it scrolls, never squeezes."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def status_line(sheet: ReviewSheet) -> str:
    """``Received December 6, 2026 at 09:14 (v2.sipdesk) · returned with feedback by Ana Ruiz
    on December 6`` and the like: one line over the tabs."""
    from sipdesk.district.review import DECISION_WORDS

    first = f"Received {sheet.received}"
    if sheet.decision and sheet.decided_at is not None:
        when = f"{sheet.decided_at:%B} {sheet.decided_at.day}"
        words = DECISION_WORDS[sheet.decision]
        return f"{first} · {words} by {sheet.reviewer} on {when}"
    return f"{first} · marked {sheet.status} by the school"


class ReviewDialog(QDialog):
    """The review of one school's latest version."""

    shown = Signal()  # the sheet read from the desk is on screen
    changed = Signal()  # a score, comment or decision was written to the desk
    decided = Signal(object)  # the Reply, after its sentence shows

    def __init__(self, window: DeskWindow, row: SchoolRow) -> None:
        super().__init__(window)
        self.desk_window = window
        self.row = row
        self.sheet: ReviewSheet | None = None
        self._picked: dict[str, int] = {}  # levels chosen and not saved, kept over a re-read
        self.open_folder: Callable[[Path], None] = open_folder  # tests replace it
        self.setWindowTitle(f"Review — {row.school} — SIP Desk")
        self.setModal(False)
        self._build_ui()

    def _build_ui(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        self.title = label(f"Review: {self.row.school}", "section", self)
        self.facts = label("Reading the plan…", "hint", self)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        who = QHBoxLayout()
        who_label = QLabel("Your &name", self)
        self.who = QLineEdit(self)
        self.who.setAccessibleName("Your name, recorded with your scores, comments and decision")
        self.who.setText(str(self.desk_window.settings.value(REVIEWER_KEY, "") or ""))
        self.who.setMaximumWidth(28 * self.who.fontMetrics().averageCharWidth())
        who_label.setBuddy(self.who)
        who.addWidget(who_label)
        who.addWidget(self.who, 1)
        who.addStretch(1)
        self.close_button = QPushButton("Close", self)
        who.addWidget(self.close_button)
        column.addLayout(who)
        self.tabs = QTabWidget(self)
        self.rubric = RubricTab(self.tabs)
        self.comments = CommentsTab(self.tabs)
        self.decision = DecisionTab(self.tabs)
        self.tabs.addTab(self.rubric, "&Rubric")
        self.tabs.addTab(_scrolling(self.comments), "C&omments")
        self.tabs.addTab(_scrolling(self.decision), "Return or &approve")
        column.addWidget(self.tabs, 1)
        self.close_button.clicked.connect(self.close)
        self.rubric.save_button.clicked.connect(self.save_scores)
        self.comments.add_button.clicked.connect(self.add_comment)
        self.decision.return_button.clicked.connect(lambda: self.decide("returned"))
        self.decision.approve_button.clicked.connect(lambda: self.decide("approved"))
        self.decision.folder_button.clicked.connect(self._on_folder_button_clicked)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.rubric.setEnabled(on)
        self.comments.setEnabled(on)
        self.decision.setEnabled(on)

    # ----------------------------------------------------------------- reading
    def load(self) -> None:
        """Read the school's latest version and its review on the desk window's worker."""
        desk = self.desk_window.desk
        if desk is None:
            return
        school_id = self.row.school_id

        def work() -> ReviewSheet:
            from sipdesk.district.desk_review import review_sheet

            return review_sheet(desk, school_id)

        self._run(work, self._show_sheet)

    def reread(self) -> None:
        """Read the review again (the district changed its rubric), keeping the levels the
        reviewer picked and has not saved yet."""
        saved = self.sheet.levels if self.sheet is not None else {}
        self._picked = {
            key: level
            for key, box in self.rubric.boxes.items()
            if (level := int(box.currentData() or 0)) != saved.get(key, 0)
        }
        self.load()

    def _show_sheet(self, sheet: ReviewSheet) -> None:
        self.title.setText(f"Review: {sheet.school}, version {sheet.version}")
        self.facts.setText(status_line(sheet))
        self.rubric.show_rubric(sheet.criteria, sheet.levels)
        picked, self._picked = self._picked, {}
        for key, level in picked.items():
            box = self.rubric.boxes.get(key)
            if box is not None and box.findData(level) >= 0:
                self.rubric.choose(key, level)
        self.comments.show_comments(sheet.comments, sheet.items)
        self.tabs.setTabText(1, f"C&omments ({len(sheet.comments)})")
        self.decision.show_sheet(sheet)
        desk = self.desk_window.desk
        writable = desk is not None and not desk.readonly
        if not writable:
            self.facts.setText(
                f"{status_line(sheet)} · the desk is open read-only here, so nothing can be changed"
            )
        first = self.sheet is None
        self.sheet = sheet
        self._enable(writable)
        if first and writable:
            (self.who if not self.who.text().strip() else self.tabs).setFocus()
        self.shown.emit()

    # ----------------------------------------------------------------- writing
    def _reviewer(self) -> str | None:
        who = " ".join(self.who.text().split())
        if not who:
            self.desk_window.dialogs.inform("Who is reviewing?", NO_NAME)
            self.who.setFocus()
            return None
        self.desk_window.settings.setValue(REVIEWER_KEY, who)
        return who

    def save_scores(self) -> None:
        sheet, who = self.sheet, self._reviewer()
        pairs = self.rubric.changed_pairs()
        if sheet is None or who is None or not pairs:
            return
        desk = self.desk_window.desk
        assert desk is not None

        def work() -> ReviewSheet:
            from sipdesk.district.desk_review import review_sheet
            from sipdesk.district.review import score

            score(desk, sheet.school_key, who, pairs, number=sheet.version)
            return review_sheet(desk, sheet.school_id)

        self._run(work, self._after_change, f"Saving the scores for {sheet.school}…")

    def add_comment(self) -> None:
        sheet, who = self.sheet, self._reviewer()
        if sheet is None or who is None:
            return
        item, text = self.comments.chosen_item(), self.comments.text.toPlainText()
        desk = self.desk_window.desk
        assert desk is not None

        def work() -> ReviewSheet:
            from sipdesk.district.desk_review import review_sheet
            from sipdesk.district.review import add_comment

            add_comment(desk, sheet.school_key, item, who, text, number=sheet.version)
            return review_sheet(desk, sheet.school_id)

        def done(fresh: ReviewSheet) -> None:
            self.comments.text.clear()
            self._after_change(fresh)
            self.comments.text.setFocus()

        self._run(work, done, "Adding the comment…")

    def decide(self, decision: str) -> None:
        from sipdesk.district.review import APPROVED, DECISION_WORDS

        sheet, who = self.sheet, self._reviewer()
        if sheet is None or who is None:
            return
        if sheet.can_decide and sheet.decision != decision:
            comments = len(sheet.comments)
            what = (
                f"The reply carries your {comments} comment{'s' if comments != 1 else ''} "
                "and your decision back to the school."
                if comments
                else "The reply carries your decision back to the school."
            )
            verb = "Approve" if decision == APPROVED else "Return with feedback"
            answer = self.desk_window.dialogs.choose(
                f"{verb}: {sheet.school}?",
                f"Version {sheet.version} of {sheet.school}'s plan will be "
                f"{DECISION_WORDS[decision]}, and the reply written to the desk's Outbox "
                f"folder. {what}",
                [verb],
                cancel="Not yet",
                warning=False,
            )
            if answer != 0:
                return
        desk = self.desk_window.desk
        assert desk is not None
        note = self.decision.note.toPlainText()

        def work() -> tuple[Reply | None, ReviewSheet]:
            from sipdesk.district.desk_review import latest_number, review_sheet
            from sipdesk.district.review import decide
            from sipdesk.storage import PlanFileError

            if latest_number(desk, sheet.school_id) != sheet.version:
                return None, review_sheet(desk, sheet.school_id)  # decide() takes the latest
            reply = decide(desk, sheet.school_key, decision, who, note=note)
            # A decision is written to the desk file at once, as a batch of plans is.
            with contextlib.suppress(PlanFileError):  # kept in the working copy meanwhile
                desk.writeback()
            return reply, review_sheet(desk, sheet.school_id)

        def done(result: tuple[Reply | None, ReviewSheet]) -> None:
            reply, fresh = result
            self._after_change(fresh)
            if reply is None:
                self.desk_window.dialogs.inform(
                    "A newer version has arrived",
                    f"Version {fresh.version} of {fresh.school}'s plan arrived after this review "
                    "was opened, so nothing was decided; the review now shows the new version. "
                    "Please look it over before you decide.",
                )
                return
            self.decision.show_reply(reply)
            self.decision.folder_button.setFocus()
            self.decided.emit(reply)

        self._run(work, done, "Writing the reply…")

    def _after_change(self, sheet: ReviewSheet) -> None:
        self._show_sheet(sheet)
        self.changed.emit()

    def _on_folder_button_clicked(self) -> None:
        if self.decision.reply_path is not None:
            self.open_folder(self.decision.reply_path.parent)

    # ----------------------------------------------------------------- helpers
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], busy: str = "") -> None:
        window = self.desk_window
        if busy:
            window.statusBar().showMessage(busy)
        self._enable(False)

        def finished(result: Any) -> None:
            window.statusBar().clearMessage()
            done(result)

        window.runner.submit(work, on_done=finished, on_error=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        self.desk_window.statusBar().clearMessage()
        if self.sheet is not None:
            self._enable(True)
        if isinstance(exc, PlanFileError):
            self.desk_window.dialogs.inform("That could not be done", str(exc))
            self.shown.emit()
        else:
            self.desk_window._explain(exc)


def show_review(window: DeskWindow, row: SchoolRow) -> ReviewDialog:
    """Open (or bring forward) the school's review and read it from the desk."""
    key = ("review", row.school_id)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, ReviewDialog):
        dialog = ReviewDialog(window, row)
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


__all__ = ["ReviewDialog", "show_review", "status_line"]
