"""The main window's plan: opening it, closing it, and what its saving asks of the person.

The first layer of :class:`~sipdesk.ui.main_window.MainWindow`. Opening, validating and
writing back run on the window's worker thread; the window stays responsive and shows what it
is doing. A plan that is open elsewhere (its lock), unsaved work left by a crash (recovery), a
file that cannot be read or a save that fails is explained in one plain dialog with a way
forward. SQLAlchemy and the storage layer are imported only when a plan is opened, so the
start screen appears quickly.

Once the plan is read, :meth:`_show_plan` (the window's) lays out its steps; once it is
closed, :meth:`_put_away_plan` takes them down.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from sipdesk.ui.settings import WindowSettings, documents_folder
from sipdesk.ui.widgets.background import BackgroundRunner

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.storage import PlanDocument
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.start_screen import StartScreen
    from sipdesk.ui.widgets.dialogs import Dialogs
    from sipdesk.ui.widgets.label import StatusLabel
    from sipdesk.ui.workspace import Workspace

TIDY_DELAY_MS = 1500
DESK_SUFFIX = ".sipdistrict"  # a district desk: opens in a desk window (sipdesk/ui/district)
OPEN_FILTER = "SIP Desk plans and district desks (*.sipdesk *.sipdistrict)"

SAMPLE_NAME = "Riverside Elementary (sample).sipdesk"


def log_unexpected(exc: BaseException) -> Path | None:
    """Keep the details of an unexpected problem in the private log; return its path."""
    # Imported here: the start screen has no use for them before something goes wrong.
    try:
        from sipdesk import crash_log

        return crash_log.log_unexpected(exc)
    except Exception:
        import traceback

        traceback.print_exception(exc)
        return None


class DocumentSession(QMainWindow):
    """The open plan's life in the window: open, recover, take over, close, quit."""

    plan_closed = Signal()
    open_failed = Signal(object)  # the exception, after it was explained
    # A district desk (.sipdistrict) was chosen here. It opens in a desk window of its own,
    # which app.py (``connect_desks``) makes: the desk window can open plan windows, so this
    # layer must not import it.
    desk_requested = Signal(object)

    # Made by the window (main_window.py) before anything is opened.
    settings: QSettings
    prefs: WindowSettings
    dialogs: Dialogs
    runner: BackgroundRunner
    stack: QStackedWidget
    save_label: StatusLabel
    _undo_group: QUndoGroup

    if TYPE_CHECKING:  # what the layers above offer this one

        def _show_plan(self, controller: PlanController, snapshot: PlanDoc) -> None:
            """Lay out the plan just opened (main_window.py)."""

        def _put_away_plan(self, workspace: Workspace | None) -> None:
            """Take down the steps of the plan just closed (main_window.py)."""

        def _end_room(self) -> None:
            """End the team's room before the plan is written back (main_window.py)."""

        @property
        def start_screen(self) -> StartScreen: ...
        @property
        def has_start_screen(self) -> bool: ...
        def _save_geometry(self) -> None: ...
        def _update_actions(self) -> None: ...
        def _refresh_recent(self) -> None: ...
        def save_copy(self) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self.controller: PlanController | None = None
        self.workspace: Workspace | None = None
        self._quitting = False
        self._closing = False
        self._asking = False
        self._tidied = False

    # ----------------------------------------------------------------- start-up
    def start(self, plan: Path | None = None) -> None:
        """After the window is on screen: open ``plan`` if given; tidy up a moment later.

        Tidying (sweeping interrupted write-backs and copies of plans no longer open) waits,
        so it does not compete with the start screen's first paint, nor with the plan named
        on the command line (it took 60-110 ms before that plan's first page). By then that
        plan is open and its lock held, and the tidy leaves whatever is locked alone.
        """
        if plan is not None:
            self._tidied = True  # not before this plan: a moment after it
            self.open_plan(plan)
            self._tidied = False
        QTimer.singleShot(TIDY_DELAY_MS, self._tidy_once)

    def _tidy_once(self) -> None:
        """Queue the start-up tidy before any plan is opened (it clears temporary folders)."""
        if self._tidied:
            return
        self._tidied = True

        def tidy() -> None:
            from sipdesk.storage import clean_up_at_start

            clean_up_at_start()

        self.runner.submit(tidy, on_error=self._log_quietly, quiet=True)

    @staticmethod
    def _log_quietly(exc: BaseException) -> None:
        log_unexpected(exc)

    def _close_again(self) -> None:
        self.close()

    # ----------------------------------------------------------------- opening
    def open_plan(
        self,
        path: Path | str,
        *,
        readonly: bool = False,
        recover: bool | None = None,
        take_over: bool = False,
    ) -> None:
        """Open ``path`` on the worker thread (closing the current plan first)."""
        path = Path(path).expanduser().absolute()
        if path.suffix.lower() == DESK_SUFFIX:
            self._open_desk(path)
            return
        self._tidy_once()
        if self.controller is not None:
            if self.controller.document.path == path and not readonly:
                self.statusBar().showMessage(f"{path.name} is already open.", 4000)
                return
            self.close_plan(then=lambda: self.open_plan(path, readonly=readonly, recover=recover))
            return

        def work() -> tuple[PlanDocument, PlanDoc]:
            from sipdesk.storage import PlanDocument

            document = PlanDocument.open(
                path, readonly=readonly, recover=recover, take_over=take_over
            )
            return document, _read_or_discard(document)

        self._busy(f"Opening {path.name}…")
        self.runner.submit(
            work,
            on_done=self._on_plan_ready,
            on_error=lambda exc: self._on_open_failed(exc, path, readonly),
        )

    def _open_desk(self, path: Path) -> None:
        """A district desk opens in a desk window of its own; this window stays as it is."""
        self._add_recent(path)
        self.desk_requested.emit(path)

    def _on_plan_ready(self, result: tuple[PlanDocument, PlanDoc]) -> None:
        from sipdesk.ui.controller import PlanController

        document, snapshot = result
        self._busy(None)
        try:
            controller = PlanController(document, self, snapshot=snapshot)
        except Exception as exc:  # explained like any failed open, with the plan let go
            document.discard()
            self._on_open_failed(exc, document.path, document.readonly)
            return
        self.controller = controller
        self._undo_group.addStack(controller.undo_stack)
        self._undo_group.setActiveStack(controller.undo_stack)
        controller.save_state_changed.connect(self._on_controller_save_state_changed)
        controller.save_failed.connect(self._on_controller_save_failed)
        controller.refused.connect(self._on_controller_refused)
        controller.values_changed.connect(self._on_controller_values_changed)
        # Kept so the start screen can show the district's dates beside it (issue 13 item 7).
        self.prefs.set_plan_id(document.path, str(snapshot["profile"].get("plan_id") or ""))
        self._show_plan(controller, snapshot)

    def _on_open_failed(self, exc: BaseException, path: Path, readonly: bool) -> None:
        from sipdesk.storage import (
            NotFoundError,
            PlanFileError,
            PlanLockedError,
            RecoveryAvailableError,
        )

        self._busy(None)
        if self.controller is None:  # what is asked next is asked over the start screen
            self.stack.setCurrentWidget(self.start_screen)
        if isinstance(exc, PlanLockedError):
            # Reading is the default (Enter); taking over has to be chosen.
            options = ["Open read-only", "Take over"] if exc.can_take_over else ["Open read-only"]
            answer = self.dialogs.choose(
                "This plan is already open", str(exc), options, cancel="Cancel"
            )
            if answer is not None and options[answer] == "Take over":
                self.open_plan(path, take_over=True)
                return
            if answer is not None and options[answer] == "Open read-only":
                self.open_plan(path, readonly=True)
                return
        elif isinstance(exc, RecoveryAvailableError):
            answer = self.dialogs.choose(
                "Recover your unsaved work?",
                str(exc),
                ["Recover my work", "Open the last saved version"],
                cancel="Cancel",
                detail="If you open the last saved version, your unsaved work is kept as a "
                "backup, so nothing is lost.",
                warning=False,
            )
            if answer in (0, 1):
                self.open_plan(path, recover=answer == 0)
                return
        elif isinstance(exc, NotFoundError):
            self._remove_recent(path)
            self.dialogs.inform("Plan not found", str(exc))
        elif isinstance(exc, PlanFileError):
            answer = self.dialogs.choose(
                "This plan cannot be opened",
                str(exc),
                ["Open another plan…"],
                cancel="Close",
                detail="The file was not changed.",
            )
            if answer == 0:
                QTimer.singleShot(0, self.choose_and_open)
        else:
            log = log_unexpected(exc)
            where = f" The details were saved to {log}." if log else ""
            self.dialogs.inform(
                "Something went wrong",
                f"SIP Desk could not open “{path.name}” because of an unexpected problem "
                f"({type(exc).__name__}).{where}",
            )
        self.open_failed.emit(exc)

    def choose_and_open(self) -> None:
        path = self.dialogs.open_file("Open a plan", self.prefs.last_folder, OPEN_FILTER)
        if path is not None:
            self.prefs.last_folder = path.parent
            self.open_plan(path)

    def new_plan(self) -> None:
        """File ▸ New: back to the start screen with the school name ready to type."""
        if self.controller is not None:
            self.close_plan(then=self.new_plan)
            return
        self.start_screen.school_name.setFocus()

    def _on_start_screen_new_requested(self, school: str) -> None:
        from sipdesk.models.formatting import file_stem

        name = file_stem(school, "New plan") + ".sipdesk"
        start = self.prefs.last_folder / name
        target = self.dialogs.save_file("Where should the new plan be saved?", start)
        if target is None:
            return
        self.prefs.last_folder = target.parent

        def work() -> tuple[PlanDocument, PlanDoc]:
            from sipdesk.services.operations import seed_new_plan
            from sipdesk.storage import PlanDocument

            document = PlanDocument.create(
                target, lambda s: seed_new_plan(s, school), overwrite=target.exists()
            )
            return document, _read_or_discard(document)

        self._tidy_once()
        self._busy(f"Creating {target.name}…")
        self.runner.submit(
            work,
            on_done=self._on_plan_ready,
            on_error=lambda exc: self._on_open_failed(exc, target, False),
        )

    def open_sample(self) -> None:
        """Copy the sample plan to a place the person picks, then open the copy."""
        if self.controller is not None:
            self.close_plan(then=self.open_sample)
            return
        start = documents_folder() / SAMPLE_NAME
        target = self.dialogs.save_file("Where should SIP Desk put the sample plan?", start)
        if target is None:
            return

        def work() -> tuple[PlanDocument, PlanDoc]:
            from sipdesk.export.interchange import import_json
            from sipdesk.paths import resource_path

            document = import_json(
                resource_path("sample-plan.json"), target, overwrite=target.exists()
            )
            return document, _read_or_discard(document)

        self._tidy_once()
        self._busy(f"Copying the sample plan to {target.name}…")
        self.runner.submit(
            work,
            on_done=self._on_plan_ready,
            on_error=lambda exc: self._on_open_failed(exc, target, False),
        )

    def _on_start_screen_recent_chosen(self, path: str) -> None:
        self.open_plan(Path(path))

    def _on_start_screen_recent_removed(self, path: str) -> None:
        self._remove_recent(Path(path))

    # ----------------------------------------------------------------- closing
    def close_plan(self, then: Callable[[], None] | None = None) -> None:
        """Write the plan back and close it on the worker thread, then run ``then``."""
        controller = self.controller
        if controller is None:
            if then is not None:
                then()
            return
        if self._closing:
            return
        self._closing = True
        self._end_room()
        controller.seal_typing()
        controller.stop_autosave()
        if self.workspace is not None:
            self.workspace.setEnabled(False)
        self._close_when_idle(then)

    def _close_when_idle(self, then: Callable[[], None] | None) -> None:
        """Close the document once no page is still exporting from it (step 8 writes its
        files on a worker of its own); until then, check again shortly."""
        controller = self.controller
        if controller is None:
            return
        document = controller.document
        pages = self.workspace.pages.values() if self.workspace is not None else ()
        if any(
            isinstance(runner, BackgroundRunner) and runner.busy
            for runner in (getattr(page, "runner", None) for page in pages)
        ):
            self._busy(f"Finishing the export from {document.path.name} before closing…")
            QTimer.singleShot(100, lambda: self._close_when_idle(then))
            return
        self._busy(f"Saving {document.path.name}…")
        self.save_label.set_full_text("Saving…")
        self.runner.submit(
            document.close,
            on_done=lambda _r: self._after_close(then),
            on_error=lambda exc: self._on_close_failed(exc, then),
        )

    def _on_close_failed(self, exc: BaseException, then: Callable[[], None] | None) -> None:
        from sipdesk.storage import PlanFileError

        self._busy(None)
        document_name = self.controller.document.path.name if self.controller else "the plan"
        if isinstance(exc, PlanFileError):
            self.dialogs.inform(
                "The plan file could not be brought up to date",
                str(exc),
                detail=f"Your work on {document_name} is kept safely inside SIP Desk. The next "
                "time you open the plan, SIP Desk offers to recover it.",
            )
        else:
            log_unexpected(exc)
        self._after_close(then)

    def _after_close(self, then: Callable[[], None] | None) -> None:
        controller, workspace = self.controller, self.workspace
        self.controller = None
        self.workspace = None
        self._closing = False
        self._busy(None)
        self._put_away_plan(workspace)
        if controller is not None:
            self._undo_group.removeStack(controller.undo_stack)
            controller.deleteLater()
        self.stack.setCurrentWidget(self.start_screen)
        self.setWindowTitle("SIP Desk")
        self.save_label.set_full_text("No plan open")
        self._refresh_recent()
        # The keyboard's place was in the plan just put away: on the recent plans (the one
        # just closed first, Enter opens it again), or on the new plan's name when none.
        screen = self.start_screen
        (screen.recent if screen.recent.count() else screen.school_name).setFocus()
        self._update_actions()
        self.plan_closed.emit()
        if then is not None:
            then()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        if self.controller is not None:
            event.ignore()
            if not self._quitting:
                self._quitting = True
                self.close_plan(then=self._close_again)
            return
        self.runner.stop()
        event.accept()

    # ----------------------------------------------------------------- saving
    def _on_controller_save_state_changed(self, text: str) -> None:
        self.save_label.set_full_text(text)

    def _on_controller_save_failed(self, exc: object) -> None:
        from sipdesk.storage import ExternalChangeError, PlanFileError

        if self._asking or self.controller is None or not isinstance(exc, PlanFileError):
            return
        self._asking = True
        try:
            if isinstance(exc, ExternalChangeError):
                answer = self.dialogs.choose(
                    "Someone else changed this plan",
                    str(exc),
                    ["Save my version as a copy…", "Replace their version"],
                    cancel="Decide later",
                    detail="Until you decide, your work is kept safely inside SIP Desk.",
                )
                if answer == 0:
                    self.save_copy()
                elif answer == 1:
                    self.controller.replace_theirs()
            else:
                answer = self.dialogs.choose(
                    "Your plan could not be saved",
                    str(exc),
                    ["Save a copy elsewhere…", "Try again"],
                    cancel="Not now",
                    detail="Your changes are kept safely inside SIP Desk in the meantime.",
                )
                if answer == 0:
                    self.save_copy()
                elif answer == 1:
                    self.controller.save_soon_now()
        finally:
            self._asking = False

    def _on_controller_refused(self, sentence: str) -> None:
        if self.workspace is not None:
            self.workspace.notify(sentence)
        self.statusBar().showMessage(sentence, 8000)

    def _on_controller_values_changed(self, values: dict[tuple[str, int], Any]) -> None:
        row = values.get(("plan_profile", 1))
        if row and "school_name" in row:
            self._show_title(row["school_name"])

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_plan(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_plan(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_plan(path)

    # ----------------------------------------------------------------- recent plans
    def recent_plans(self) -> list[str]:
        return self.prefs.recent

    def _add_recent(self, path: Path) -> None:
        text = str(path)
        self.prefs.recent = [text, *(p for p in self.recent_plans() if p != text)]
        self._refresh_recent()

    def _remove_recent(self, path: Path) -> None:
        text = str(path)
        self.prefs.recent = [p for p in self.recent_plans() if p != text]
        self._refresh_recent()

    # ----------------------------------------------------------------- helpers
    def _busy(self, text: str | None) -> None:
        if self.controller is None and self.has_start_screen:
            self.start_screen.set_busy(text)
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _show_title(self, school: str) -> None:
        if self.controller is None:
            return
        name = (school or "").strip() or self.controller.document.path.stem
        suffix = " (read-only)" if self.controller.readonly else ""
        self.setWindowTitle(f"{name}{suffix} — SIP Desk")


def _read_or_discard(document: PlanDocument) -> PlanDoc:
    """The plan's contents; if they cannot be read, the document is let go (lock, private
    copy) before the error is explained, so trying again is not told the plan is open."""
    try:
        return _read_snapshot(document)
    except BaseException:
        document.discard()
        raise


def _read_snapshot(document: PlanDocument) -> PlanDoc:
    # Read with sqlite3 alone: SQLAlchemy is not needed before the plan's first page (issue 12).
    return document.read_plan()


def _dropped_plan(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".sipdesk", DESK_SUFFIX)):
            return Path(url.toLocalFile())
    return None


__all__ = ["SAMPLE_NAME", "DocumentSession", "log_unexpected"]
