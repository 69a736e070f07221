"""Adding plans to the desk, as the window shows it: choosing the files (or a folder), the
progress of a batch, then one plain summary of what became of it (added, already on the desk,
and each refusal's sentence). The intake itself runs on the desk window's worker
(:func:`add_plans`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.district.intake import ADDED, REFUSED, SAME, Outcome
from sipdesk.district.schools import SchoolRow
from sipdesk.ui.widgets.common import label
from sipdesk.ui.widgets.dialogs import Dialogs

if TYPE_CHECKING:
    from sipdesk.ui.district.desk_window import DeskWindow

PLANS_FILTER = "Plans and saved emails (*.sipdesk *.eml)"
# The refusals listed before the list scrolls inside itself.
REFUSALS_SHOWN = 6


def _plans(count: int) -> str:
    return f"{count} plan{'s' if count != 1 else ''}"


def summary_sentence(outcomes: Sequence[Outcome]) -> str:
    """``Added 5 plans. 2 were already on the desk. 1 could not be taken in:`` and the like."""
    if not outcomes:
        return "No plan files or saved emails were found there."
    added = sum(o.result == ADDED for o in outcomes)
    same = sum(o.result == SAME for o in outcomes)
    refused = sum(o.result == REFUSED for o in outcomes)
    parts = [f"Added {_plans(added)}." if added else "No new plans were added."]
    if same:
        parts.append(
            "1 was already on the desk." if same == 1 else f"{same} were already on the desk."
        )
    if refused:
        parts.append(
            "1 could not be taken in:" if refused == 1 else f"{refused} could not be taken in:"
        )
    return " ".join(parts)


def refusal_line(outcome: Outcome) -> str:
    """``notes.sipdesk: “notes.sipdesk” is not a SIP Desk plan file.``"""
    return f"{Path(outcome.source).name}: {outcome.reason}"


class DeskDialogs(Dialogs):
    """The window's questions, with the two the desk adds: several files, or a folder."""

    def open_files(self, title: str, start: Path, file_filter: str = PLANS_FILTER) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.parent, title, str(start), file_filter)
        return [Path(name) for name in names]

    def open_folder(self, title: str, start: Path) -> Path | None:
        name = QFileDialog.getExistingDirectory(self.parent, title, str(start))
        return Path(name) if name else None


class IntakeProgress(QWidget):
    """``Reading 3 of 20: lincoln.sipdesk`` and a bar, while a batch is taken in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = label("", "hint", self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Adding plans")
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(260)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.bar)
        self.hide()

    def begin(self, what: str) -> None:
        self.bar.setRange(0, 0)  # how many files there are is known once the first is read
        self.text.setText(what)
        self.show()

    def step(self, done: int, total: int, name: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self.text.setText(f"Read {done} of {total}: {name}")

    def end(self) -> None:
        self.hide()


class IntakeSummary(QFrame):
    """What became of the last batch, until dismissed."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 10, 12)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.text = label("", "", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton("Done", self)
        self.dismiss_button.setAccessibleName("Dismiss the summary of the plans added")
        self.dismiss_button.clicked.connect(self._on_dismiss_button_clicked)
        top.addWidget(self.text, 1)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.refusals = QListWidget(self)
        self.refusals.setAccessibleName("Files that could not be taken in, and why")
        self.refusals.setWordWrap(True)
        self.refusals.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.refusals)
        self.hide()

    def show_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        self.text.setText(summary_sentence(outcomes))
        self.setAccessibleName(self.text.text())
        self.refusals.clear()
        refused = [o for o in outcomes if o.result == REFUSED]
        for outcome in refused:
            item = QListWidgetItem(refusal_line(outcome))
            item.setToolTip(outcome.source)
            self.refusals.addItem(item)
        self.refusals.setVisible(bool(refused))
        if refused:
            line = self.refusals.fontMetrics().lineSpacing()
            rows = min(len(refused), REFUSALS_SHOWN)
            self.refusals.setFixedHeight(rows * (line + 8) + 8)
        self.show()

    def lines(self) -> list[str]:
        """The refusals listed, as shown."""
        return [self.refusals.item(i).text() for i in range(self.refusals.count())]

    def _on_dismiss_button_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()


# ------------------------------------------------------------------ taking plans in, in the window
def choose_plans(window: DeskWindow, *, folder: bool) -> None:
    """File ▸ Add plan files… or Add a folder of plans…: ask, then :func:`add_plans`."""
    ask = window.dialogs if isinstance(window.dialogs, DeskDialogs) else DeskDialogs(window)
    if folder:
        chosen = ask.open_folder("Add every plan in a folder", window.prefs.last_folder)
        if chosen is not None:
            window.prefs.last_folder = chosen
            add_plans(window, [chosen])
        return
    paths = ask.open_files("Add plans the schools sent", window.prefs.last_folder)
    if paths:
        window.prefs.last_folder = paths[0].parent
        add_plans(window, paths)


def add_plans(window: DeskWindow, paths: Sequence[Path | str]) -> None:
    """Take plan files, folders of them and saved emails in, on the window's worker thread;
    the progress shows as it goes, then one summary of what became of them."""
    desk = window.desk
    if desk is None or desk.readonly or not paths:
        return
    given = [Path(p) for p in paths]

    def work() -> tuple[list[Outcome], list[SchoolRow], str]:
        from sipdesk.district.intake import intake
        from sipdesk.district.schools import school_rows
        from sipdesk.storage import PlanFileError

        outcomes = intake(desk, given, progress=window._intake_progressed.emit)
        note = ""
        try:
            desk.writeback()
        except PlanFileError as exc:  # the plans are safe in the desk's working copy
            note = str(exc)
        with desk.session() as session:
            return outcomes, school_rows(session), note

    def done(result: tuple[list[Outcome], list[SchoolRow], str]) -> None:
        outcomes, rows, note = result
        window.progress.end()
        window._busy(None)
        window._show_rows(rows)
        window.summary.show_outcomes(outcomes)
        if note:
            window.banner.show_message(
                f"{note} Everything received is kept safely inside SIP Desk and is written to "
                "the desk when it closes."
            )
        window._update_actions()
        window.plans_added.emit(outcomes)

    def failed(exc: BaseException) -> None:
        window.progress.end()
        window._explain(exc)
        window.refresh()

    window.summary.hide()
    what = given[0].name if len(given) == 1 else f"{len(given)} files and folders"
    window.progress.begin(f"Looking for plans in {what}…")
    window._busy("Adding plans…")
    window._update_actions()
    window.runner.submit(work, on_done=done, on_error=failed)


__all__ = [
    "DeskDialogs",
    "IntakeProgress",
    "IntakeSummary",
    "add_plans",
    "choose_plans",
    "refusal_line",
    "summary_sentence",
]
