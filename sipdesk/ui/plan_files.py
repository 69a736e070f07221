"""The main window's commands on the plan file: save a copy, export, restore from a backup,
take the district's review.

The second layer of :class:`~sipdesk.ui.main_window.MainWindow`, above the open plan
(:mod:`.document_session`). Each asks where (or which backup), then does the work on the
window's worker thread; a PDF's progress shows in the status bar ("Exporting X… 40 %").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QProgressBar

from sipdesk.ui.document_session import DocumentSession, log_unexpected

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from sipdesk.export.pdf import Paper
    from sipdesk.services.edits import Change

SUMMARY_SUFFIX = " – plan on a page"  # added to the plan's name for the one-page PDF


class PlanFiles(DocumentSession):
    """Save a copy, export and restore (the second layer)."""

    export_progressed = Signal(int, int)  # done, total of a PDF export; from the worker thread

    busy_bar: QProgressBar  # made by the window (main_window.py)

    if TYPE_CHECKING:

        def show_step(self, step: int) -> None: ...  # main_window.py

        def current_page(self) -> QWidget | None: ...  # main_window.py

    def __init__(self) -> None:
        super().__init__()
        self._exporting: str | None = None  # "Exporting X…" while an export runs
        self._progress_connected = False  # at the first export (see export)

    def save_copy(self) -> None:
        controller = self.controller
        if controller is None:
            return
        document = controller.document
        start = document.path.with_name(f"{document.path.stem} (copy).sipdesk")
        target = self.dialogs.save_file("Save a copy of the plan", start)
        if target is None:
            return
        if target.resolve() == document.path.resolve():
            self.dialogs.inform(
                "Choose another name",
                "That is the plan itself. Choose another name or folder for the copy.",
            )
            return
        self._busy(f"Saving a copy as {target.name}…")
        self.runner.submit(
            lambda: document.save_copy(target),
            on_done=lambda _r: self._done(f"Saved a copy as {target.name} in {target.parent}."),
            on_error=self._explain_error,
        )

    def export(self, suffix: str, *, summary: bool = False) -> None:
        """File ▸ Export: ask where, then write the file on the worker thread. A PDF's
        progress shows in the status bar ("Exporting X… 40 %")."""
        controller = self.controller
        if controller is None:
            return
        document = controller.document
        what = (
            "one-page PDF" if summary else {".pdf": "PDF", ".json": "JSON", ".csv": "CSV"}[suffix]
        )
        filters = {
            ".pdf": "PDF documents (*.pdf)",
            ".json": "Plan data (*.json)",
            ".csv": "Spreadsheets (*.csv)",
        }
        path = document.path
        start = path.with_name(f"{path.stem}{SUMMARY_SUFFIX if summary else ''}{suffix}")
        target = self.dialogs.save_file(f"Export the plan as {what}", start, filters[suffix])
        if target is None:
            return
        from sipdesk.export.files import by_percent, write_export

        if not self._progress_connected:
            # Emitted on the worker thread while a PDF renders, shown on this one. Connected
            # here: Qt's namespace waits for the start screen's paint (docs/architecture.md).
            self._progress_connected = True
            queued = QtCore.Qt.ConnectionType.QueuedConnection
            self.export_progressed.connect(self._on_export_progressed, queued)
        paper = self.export_paper()
        progress = by_percent(self.export_progressed.emit) if suffix == ".pdf" else None
        self._exporting = f"Exporting {target.name}…"
        self._busy(self._exporting)
        self.runner.submit(
            lambda: write_export(
                document,
                suffix,
                target,
                summary=summary,
                paper=paper,
                progress=progress,
                today=dt.date.today(),
            ),
            on_done=self._on_export_done,
            on_error=self._on_export_failed,
        )

    def export_paper(self) -> Paper:
        """The paper size for PDFs chosen in File ▸ Export (remembered; Letter at first)."""
        return self.prefs.paper

    def _on_paper_toggled(self, paper: str, on: bool) -> None:
        if on:
            self.prefs.paper = paper

    def _on_export_progressed(self, done: int, total: int) -> None:
        if self._exporting is None or total <= 0:
            return
        self.busy_bar.setRange(0, total)
        self.busy_bar.setValue(min(done, total))
        self.statusBar().showMessage(f"{self._exporting} {100 * done // total} %")

    def _end_export(self) -> None:
        self._exporting = None
        self.busy_bar.setRange(0, 0)

    def _on_export_done(self, target: Path) -> None:
        self._end_export()
        self._done(f"Exported {target.name} to {target.parent}.")

    def _on_export_failed(self, exc: BaseException) -> None:
        self._end_export()
        self._explain_error(exc)

    def restore_backup(self) -> None:
        controller = self.controller
        if controller is None or controller.readonly:
            return
        backups = list(reversed(controller.document.backups()))
        if not backups:
            self.dialogs.inform(
                "No backups yet",
                "SIP Desk keeps a backup each time you close a plan you changed. "
                "There is none for this plan yet.",
            )
            return
        names = [_backup_label(p) for p in backups]
        chosen = self.dialogs.pick(
            "Restore from a backup", "Which version of the plan do you want back?", names
        )
        if chosen is None:
            return
        answer = self.dialogs.choose(
            "Restore this backup?",
            f"The plan will be replaced by the version from {names[chosen]}.",
            ["Restore"],
            detail="The plan as it is now is kept as a backup first, so you can come back.",
            warning=False,
        )
        if answer != 0:
            return
        backup = backups[chosen]
        self._busy("Restoring the backup…")
        self.runner.submit(
            lambda: controller.document.restore(backup),
            on_done=lambda _r: self._after_restore(names[chosen]),
            on_error=self._explain_error,
        )

    def _after_restore(self, name: str) -> None:
        if self.controller is not None:
            self.controller.reload()
            self.controller.save_soon_now()
        self._done(f"Restored the plan from {name}.")

    def take_district_review(self) -> None:
        """File ▸ Take the district's review: the district's comments and decision from its
        reply, into this plan, as one change (Edit ▸ Undo takes it back); then step 8."""
        from sipdesk.services.take_review import check_same_plan, read_reply, summary, take_review
        from sipdesk.storage import PlanFileError

        controller = self.controller
        if controller is None or controller.readonly:
            return
        document = controller.document
        chosen = self.dialogs.open_file("Take the district's review", document.path.parent)
        if chosen is None:
            return
        try:
            reply = read_reply(chosen)
            with controller.session() as session:
                check_same_plan(session, reply, document.path.name)
        except PlanFileError as exc:
            self.dialogs.inform("That is not the district's review of this plan", str(exc))
            return
        taken = []

        def take(session: Session) -> Change:
            taken.append(take_review(session, reply))
            return taken[-1].change

        if controller.run(take) is None or not taken:
            return
        self.show_step(8)
        self._done(summary(taken[-1], reply))

    def take_district_expectations(self) -> None:
        """File ▸ Take the district's expectations: keep the district's pack (.sipexpect)
        with this plan — in the private folder by plan id; the plan file does not change —
        so plan health names the district's next date."""
        from sipdesk.services.expectations_pack import (
            SUFFIX,
            next_deadline,
            read_pack,
            store_pack,
        )
        from sipdesk.storage import PlanFileError

        controller = self.controller
        if controller is None or controller.readonly:
            return
        document = controller.document
        chosen = self.dialogs.open_file(
            "Take the district's expectations",
            document.path.parent,
            f"District expectations (*{SUFFIX});;All files (*)",
        )
        if chosen is None:
            return
        try:
            pack = read_pack(chosen)
            plan_id = str(controller.plan()["profile"].get("plan_id") or "")
            store_pack(plan_id, pack, document.path)
        except PlanFileError as exc:
            self.dialogs.inform("That is not a district's expectations pack", str(exc))
            return
        except OSError as exc:
            self.dialogs.inform(
                "The expectations could not be kept",
                f"SIP Desk could not keep them in its folder ({exc.strerror or exc}).",
            )
            return
        if self.workspace is not None:
            self.workspace.analyzer.run_now()
        show_goals = getattr(self.current_page(), "show_district_goals", None)
        if show_goals is not None:  # step 1 lists the district's goals
            show_goals(plan_id)
        self._refresh_recent()  # the start screen shows the district's next date beside it
        coming = next_deadline(pack, dt.date.today())
        then = f" Next: {coming}." if coming else ""
        self._done(f"Kept the expectations from {pack.district or 'the district'}.{then}")

    def _done(self, message: str) -> None:
        self._busy(None)
        self.statusBar().showMessage(message, 8000)

    def _explain_error(self, exc: BaseException) -> None:
        from sipdesk.export.files import ExportError
        from sipdesk.storage import PlanFileError

        self._busy(None)
        if isinstance(exc, PlanFileError | ExportError):
            self.dialogs.inform("That did not work", str(exc))
            return
        log = log_unexpected(exc)
        where = f" The details were saved to {log}." if log else ""
        self.dialogs.inform(
            "Something went wrong",
            f"SIP Desk ran into an unexpected problem ({type(exc).__name__}).{where}",
        )


def _backup_label(path: Path) -> str:
    """``20261208-104233-123456-closed.sipdesk`` → ``Dec 8, 2026 at 10:42 (when closed)``."""
    parts = path.stem.split("-")
    reasons = {
        "closed": "when closed",
        "snapshot": "snapshot",
        "before": "before a change",
        "unrecovered": "unsaved work set aside",
    }
    try:
        when = dt.datetime.strptime(f"{parts[0]}-{parts[1]}", "%Y%m%d-%H%M%S")
    except (ValueError, IndexError):
        return path.name
    reason = "-".join(parts[3:]) if len(parts) > 3 else ""
    nice = reasons.get(reason.split("-")[0], reason.replace("-", " "))
    return f"{when:%b} {when.day}, {when:%Y} at {when:%H:%M}" + (f" ({nice})" if nice else "")


__all__ = ["PlanFiles"]
