"""The SIP Desk window: the start screen, then one open plan with its step navigator.

Opening, validating, writing back, copying and exporting run on a worker thread; the window
stays responsive and shows what it is doing. Storage problems are explained in one plain
dialog with a way forward. SQLAlchemy and the plan pages are imported only when a plan is
opened, so the start screen appears quickly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QByteArray,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from sipdesk import crash_log
from sipdesk.models.formatting import file_stem
from sipdesk.ui import pyside_guard  # noqa: F401  (see its docstring)
from sipdesk.ui.start_screen import StartScreen
from sipdesk.ui.steps import STEPS
from sipdesk.ui.theme import PRESENTATION_ZOOM, Theme, next_zoom
from sipdesk.ui.widgets.background import BackgroundRunner
from sipdesk.ui.widgets.dialogs import Dialogs
from sipdesk.ui.widgets.scrolling import restore_scroll_places, scroll_places

if TYPE_CHECKING:
    from sipdesk.export.pdf import Paper
    from sipdesk.storage import PlanDocument
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.meeting import MeetingBar, MeetingDialog
    from sipdesk.ui.wall import WallWindow
    from sipdesk.ui.workspace import Workspace

MAX_RECENT = 8
TIDY_DELAY_MS = 1500
SAMPLE_NAME = "Riverside Elementary (sample).sipdesk"
PAPER_KEY = "export/paper"
PAPERS: dict[str, str] = {"letter": "&Letter paper", "a4": "&A4 paper"}
SUMMARY_SUFFIX = " – plan on a page"  # added to the plan's name for the one-page PDF


def setting_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def setting_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(str(settings.value(key, default)))
    except ValueError:
        return default


def setting_int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(str(settings.value(key, default)))
    except ValueError:
        return default


def distinct_keys(
    shortcuts: list[QKeySequence | QKeySequence.StandardKey | str],
) -> list[QKeySequence]:
    """The key sequences, each once: a platform's standard key (Quit is Ctrl+Q on Linux) is
    often the same as the one written beside it, and a key bound twice runs nothing."""
    keys: list[QKeySequence] = []
    seen: set[str] = set()
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            found = QKeySequence.keyBindings(shortcut)
        else:
            found = [QKeySequence(shortcut)]
        for key in found:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text and text not in seen:
                seen.add(text)
                keys.append(key)
    return keys


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def log_unexpected(exc: BaseException) -> Path | None:
    """Keep the details of an unexpected problem in the private log; return its path."""
    try:
        return crash_log.log_unexpected(exc)
    except Exception:
        traceback.print_exception(exc)
        return None


# --------------------------------------------------------------------- the window
# A plan file this large opens its first step in turns (see _on_plan_ready); the sample plan
# is about 0.3 MB, the largest allowed plan about 20 MB.
STAGED_OPEN_BYTES = 2_000_000


class MainWindow(QMainWindow):
    """The application window. ``settings`` and ``dialogs`` are injectable for tests."""

    plan_opened = Signal(object)  # the PlanController
    plan_closed = Signal()
    step_shown = Signal(int)
    _step_stage = Signal()  # the next stage of showing a step, queued
    open_failed = Signal(object)  # the exception, after it was explained
    export_progressed = Signal(int, int)  # done, total of a PDF export; from the worker thread

    def __init__(
        self,
        settings: QSettings | None = None,
        theme: Theme | None = None,
        dialogs: Dialogs | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """``clock``: seconds from any fixed point, for the meeting bar's countdown (tests
        give their own; by default ``time.monotonic``)."""
        super().__init__()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.settings = settings if settings is not None else QSettings()
        self.theme = theme if theme is not None else Theme(app)
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.runner = BackgroundRunner(self)
        self.controller: PlanController | None = None
        self.workspace: Workspace | None = None
        self._presentation: dict[str, Any] | None = None
        self._wall: WallWindow | None = None
        self._wall_return: QWidget | None = None
        self._quitting = False
        self._closing = False
        self._asking = False
        self._tidied = False
        self._exporting: str | None = None  # "Exporting X…" while an export runs
        self._undo_group = QUndoGroup(self)
        # The side panel and the step list folded by themselves for want of room (not by
        # the person's choice): they come back when there is room again.
        self._side_folded = False
        self._steps_folded = False
        # A step chosen in the navigator is built in one turn of the event loop and shown in
        # the next, so neither holds the window up as long as both would (a big plan). The
        # turns are queued calls, not zero-timers: those wait behind the slices a big page
        # fills in with, a second and more.
        self._pending_step: int | None = None
        self._step_queued = False
        self._opening: PlanController | None = None  # opened, its first step not shown yet
        self._step_stage.connect(self._on_step_stage, Qt.ConnectionType.QueuedConnection)
        self._clock = clock
        self._meeting_dialog: MeetingDialog | None = None
        self.setWindowTitle("SIP Desk")
        self.setAcceptDrops(True)
        self._build_ui()
        self._build_actions()
        self._connect()
        self._restore_geometry()
        self._refresh_recent()
        self._update_actions()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.stack = QStackedWidget(self)
        self.start_screen = StartScreen(self.stack)
        self.stack.addWidget(self.start_screen)
        self.setCentralWidget(self.stack)
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        self.save_label = QLabel("No plan open", self)
        self.save_label.setAccessibleName("Save status")
        self.zoom_label = QLabel("", self)
        self.zoom_label.setAccessibleName("Zoom")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        status.addPermanentWidget(self.busy_bar)
        status.addPermanentWidget(self.zoom_label)
        status.addPermanentWidget(self.save_label)

    def _action(
        self,
        text: str,
        slot: Callable[..., Any],
        shortcuts: list[QKeySequence | QKeySequence.StandardKey | str] | None = None,
        *,
        name: str,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts(distinct_keys(shortcuts))
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_action = self._action("&New plan…", self.new_plan, [key.New], name="new")
        self.open_action = self._action("&Open…", self.choose_and_open, [key.Open], name="open")
        self.recent_menu = QMenu("Open &recent", self)
        self.sample_action = self._action("Open the &sample plan…", self.open_sample, name="sample")
        self.save_copy_action = self._action(
            "Save a &copy…", self.save_copy, ["Ctrl+Shift+S"], name="save_copy"
        )
        self.export_menu = QMenu("&Export", self)
        self.export_actions: list[QAction] = [
            self._action(
                "Tool A plan (PDF)…", lambda: self.export(".pdf"), ["Ctrl+E"], name="export_pdf"
            ),
            self._action(
                "Plan on a page (PDF)…",
                lambda: self.export(".pdf", summary=True),
                name="export_summary",
            ),
            self._action("Plan data (JSON)…", lambda: self.export(".json"), name="export_json"),
            self._action("Spreadsheet (CSV)…", lambda: self.export(".csv"), name="export_csv"),
        ]
        for action in self.export_actions:
            self.export_menu.addAction(action)
        self.export_menu.addSection("Paper size for PDFs")
        self.paper_group = QActionGroup(self)
        self.paper_group.setExclusive(True)
        self.paper_actions: dict[str, QAction] = {}
        chosen = self.export_paper()
        for paper, text in PAPERS.items():
            action = self._action(
                text,
                lambda on, p=paper: self._on_paper_toggled(p, on),
                name=f"paper_{paper}",
                checkable=True,
            )
            action.blockSignals(True)
            action.setChecked(paper == chosen)
            action.blockSignals(False)
            self.paper_group.addAction(action)
            self.paper_actions[paper] = action
            self.export_menu.addAction(action)
        self.restore_action = self._action(
            "Restore from a &backup…", self.restore_backup, name="restore"
        )
        self.close_action = self._action("&Close plan", self.close_plan, [key.Close], name="close")
        self.quit_action = self._action("&Quit", self.close, [key.Quit, "Ctrl+Q"], name="quit")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for item in (self.new_action, self.open_action):
            file_menu.addAction(item)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_copy_action)
        file_menu.addMenu(self.export_menu)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self._undo_group.createUndoAction(self, "Undo")
        self.undo_action.setObjectName("undo")
        self.undo_action.setShortcuts([QKeySequence(key.Undo)])
        self.redo_action = self._undo_group.createRedoAction(self, "Redo")
        self.redo_action.setObjectName("redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
            edit_menu.addAction(action)

        view_menu = menu.addMenu("&View")
        self.zoom_in_action = self._action(
            "Zoom &in", lambda: self.zoom_by(1), [key.ZoomIn, "Ctrl+="], name="zoom_in"
        )
        self.zoom_out_action = self._action(
            "Zoom &out", lambda: self.zoom_by(-1), [key.ZoomOut], name="zoom_out"
        )
        self.zoom_reset_action = self._action(
            "&Actual size", self.zoom_reset, ["Ctrl+0"], name="zoom_reset"
        )
        self.full_screen_action = self._action(
            "&Full screen",
            self.set_full_screen,
            [key.FullScreen, "F11"],
            name="full_screen",
            checkable=True,
        )
        self.presentation_action = self._action(
            "&Presentation mode",
            self.set_presentation,
            ["F5"],
            name="presentation",
            checkable=True,
        )
        # Show view: the board of steps 2-4 on the whole screen for the room (F6 again or Esc
        # returns). F5 is the whole window presenting; F6 is the board alone.
        self.wall_action = self._action("Show &view", self.toggle_wall, ["F6"], name="show_view")
        self.contrast_action = self._action(
            "&High contrast", self.set_high_contrast, name="high_contrast", checkable=True
        )
        self.side_action = self._action(
            "&Coaching prompts and plan health",
            self.set_side_panel,
            ["F9"],
            name="side_panel",
            checkable=True,
        )
        # Hiding the step list gives a canvas or a wide table the whole width on a projector;
        # the Go menu and Ctrl+PgUp / Ctrl+PgDown still move between the steps.
        self.step_list_action = self._action(
            "&Step list", self.set_step_list, ["F8"], name="step_list", checkable=True
        )
        # The meeting bar: agenda countdown and parking lot, off until the coach wants it.
        self.meeting_action = self._action(
            "&Meeting bar",
            self.set_meeting_bar,
            ["Ctrl+Shift+M"],
            name="meeting_bar",
            checkable=True,
        )
        self.meeting_action.setChecked(setting_bool(self.settings, "view/meeting_bar", False))
        self.contrast_action.setChecked(self.theme.high_contrast)
        self.side_action.setChecked(setting_bool(self.settings, "view/side_panel", True))
        self.step_list_action.setChecked(setting_bool(self.settings, "view/step_list", True))
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (
            self.presentation_action,
            self.wall_action,
            self.meeting_action,
            self.full_screen_action,
            self.contrast_action,
            self.step_list_action,
            self.side_action,
        ):
            view_menu.addAction(action)

        meeting_menu = menu.addMenu("&Meeting")
        self.timer_action = self._action(
            "&Start or pause the timer",
            lambda: self._meeting("toggle"),
            ["Ctrl+Shift+Space"],
            name="meeting_timer",
        )
        self.segment_action = self._action(
            "&Next agenda segment",
            lambda: self._meeting("next_segment"),
            ["Ctrl+Shift+N"],
            name="meeting_next",
        )
        self.park_action = self._action(
            "&Park an idea", lambda: self._meeting("ask_for_idea"), ["Ctrl+Shift+P"], name="park"
        )
        self.lot_action = self._action(
            "Parking &lot…", lambda: self.show_meeting_dialog(1), ["Ctrl+Shift+L"], name="lot"
        )
        self.agenda_action = self._action(
            "Edit the &agenda…", lambda: self.show_meeting_dialog(0), name="agenda"
        )
        self.meeting_actions = [
            self.timer_action,
            self.segment_action,
            self.park_action,
            self.lot_action,
            self.agenda_action,
        ]
        meeting_menu.addAction(self.meeting_action)
        meeting_menu.addSeparator()
        for action in self.meeting_actions:
            meeting_menu.addAction(action)

        go_menu = menu.addMenu("&Go")
        self.previous_action = self._action(
            "&Previous step", lambda: self.step_by(-1), ["Ctrl+PgUp"], name="previous_step"
        )
        self.next_action = self._action(
            "&Next step", lambda: self.step_by(1), ["Ctrl+PgDown"], name="next_step"
        )
        # Steps with tabs (Fishbone / 5 Whys / Votes) switch them in one press wherever the
        # focus is; the tab widget's own Ctrl+Tab only works once the focus is on its tabs.
        self.next_tab_action = self._action(
            "Next &tab in this step", lambda: self.switch_tab(1), ["Ctrl+Tab"], name="next_tab"
        )
        self.previous_tab_action = self._action(
            "Previous t&ab in this step",
            lambda: self.switch_tab(-1),
            ["Ctrl+Shift+Tab"],
            name="previous_tab",
        )
        for action in (
            self.previous_action,
            self.next_action,
            self.next_tab_action,
            self.previous_tab_action,
        ):
            go_menu.addAction(action)
        go_menu.addSeparator()
        self.step_actions: list[QAction] = []
        for step in STEPS:
            # "&" in a title ("School & team") is text, not the menu's underline mark.
            action = self._action(
                f"&{step.number}  {step.title.replace('&', '&&')}",
                lambda n=step.number: self.show_step(n),
                [f"Alt+{step.number}"],
                name=f"step_{step.number}",
            )
            self.step_actions.append(action)
            go_menu.addAction(action)

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About SIP Desk", self.about, name="about"))
        self._show_zoom()

    def _connect(self) -> None:
        self.start_screen.new_requested.connect(self._on_start_screen_new_requested)
        self.start_screen.open_requested.connect(self.choose_and_open)
        self.start_screen.sample_requested.connect(self.open_sample)
        self.start_screen.recent_chosen.connect(self._on_start_screen_recent_chosen)
        self.start_screen.recent_removed.connect(self._on_start_screen_recent_removed)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        # Emitted on the worker thread while a PDF renders, shown on this one.
        self.export_progressed.connect(
            self._on_export_progressed, Qt.ConnectionType.QueuedConnection
        )

    # ----------------------------------------------------------------- start-up
    def start(self, plan: Path | None = None) -> None:
        """After the window is on screen: open ``plan`` if given, else tidy up a moment later.

        Tidying (sweeping interrupted write-backs) loads the storage layer; with no plan to
        open it waits, so it does not compete with the start screen's first paint.
        """
        if plan is not None:
            self.open_plan(plan)
        else:
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
        self._tidy_once()
        if self.controller is not None:
            if self.controller.document.path == path and not readonly:
                self.statusBar().showMessage(f"{path.name} is already open.", 4000)
                return
            self.close_plan(then=lambda: self.open_plan(path, readonly=readonly, recover=recover))
            return

        def work() -> tuple[PlanDocument, dict[str, Any]]:
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

    def _on_plan_ready(self, result: tuple[PlanDocument, dict[str, Any]]) -> None:
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
        from sipdesk.ui.workspace import Workspace

        workspace = Workspace(controller, self.stack)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        for root in self._style_roots():  # the look may have changed since the window opened
            self.theme.restyle(root)
        workspace.navigator.currentRowChanged.connect(self._on_navigator_current_row_changed)
        workspace.health.finding_activated.connect(self.go_to_finding)
        workspace.comment_item_activated.connect(self.go_to_finding)
        workspace.coaching.disclosure.toggled.connect(self._on_coaching_toggled)
        workspace.coaching.set_expanded(setting_bool(self.settings, "view/coaching_expanded", True))
        workspace.side.setVisible(self.side_action.isChecked() and self._presentation is None)
        workspace.fold_changed.connect(self._on_workspace_fold_changed)
        workspace.navigator.setVisible(self.step_list_action.isChecked())
        bar = workspace.meeting_bar
        if self._clock is not None:
            bar.clock = self._clock
        bar.setVisible(self.meeting_action.isChecked())
        bar.said.connect(self._on_meeting_bar_said)
        bar.agenda_requested.connect(lambda: self.show_meeting_dialog(0))
        bar.lot_requested.connect(lambda: self.show_meeting_dialog(1))
        self.step_shown.connect(bar.step_changed)
        self.stack.setCurrentWidget(workspace)
        workspace.fit_navigator()
        self._add_recent(document.path)
        self._show_title(snapshot.get("profile", {}).get("school_name", ""))
        self.save_label.setText(controller.saved_text())
        if document.readonly:
            text = document.notice or (
                f"“{document.path.name}” is open read-only. You can read everything; to make "
                "changes, save a copy."
            )
            workspace.notify(text, [("Save a copy…", self.save_copy)])
        elif document.notice:
            workspace.notify(document.notice)
        self._update_actions()
        step = setting_int(self.settings, self._plan_key(document.path, "step"), 0)
        # The plan counts as opened once its first step shows. An ordinary plan's step is
        # shown at once; a big plan's is chosen as a click would choose it: built, filled
        # and shown in turns of their own, so it never holds the window up with everything
        # else opening does.
        self._opening = controller
        first = step if 0 <= step < len(STEPS) else 0
        if document.path.stat().st_size < STAGED_OPEN_BYTES:
            self.show_step(first)
        elif workspace.navigator.currentRow() == first:
            self._on_navigator_current_row_changed(first)
        else:
            workspace.navigator.setCurrentRow(first)
        item = workspace.navigator.item(first)
        if item is not None and not item.isSelected():
            item.setSelected(True)

    def _on_open_failed(self, exc: BaseException, path: Path, readonly: bool) -> None:
        from sipdesk.storage import (
            NotFoundError,
            PlanFileError,
            PlanLockedError,
            RecoveryAvailableError,
        )

        self._busy(None)
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
        start = Path(str(self.settings.value("last_folder", str(documents_folder()))))
        path = self.dialogs.open_file("Open a plan", start)
        if path is not None:
            self.settings.setValue("last_folder", str(path.parent))
            self.open_plan(path)

    def new_plan(self) -> None:
        """File ▸ New: back to the start screen with the school name ready to type."""
        if self.controller is not None:
            self.close_plan(then=self.new_plan)
            return
        self.start_screen.school_name.setFocus()

    def _on_start_screen_new_requested(self, school: str) -> None:
        name = file_stem(school, "New plan") + ".sipdesk"
        start = Path(str(self.settings.value("last_folder", str(documents_folder())))) / name
        target = self.dialogs.save_file("Where should the new plan be saved?", start)
        if target is None:
            return
        self.settings.setValue("last_folder", str(target.parent))

        def work() -> tuple[PlanDocument, dict[str, Any]]:
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

        def work() -> tuple[PlanDocument, dict[str, Any]]:
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
        self.save_label.setText("Saving…")
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
        self._pending_step = None
        self._opening = None
        self._closing = False
        self._busy(None)
        if self._meeting_dialog is not None:
            self._meeting_dialog.close()
            self._meeting_dialog.deleteLater()
            self._meeting_dialog = None
        if workspace is not None:
            self.step_shown.disconnect(workspace.meeting_bar.step_changed)
            workspace.meeting_bar.timer.stop()
            workspace.analyzer.stop()
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        if controller is not None:
            self._undo_group.removeStack(controller.undo_stack)
            controller.deleteLater()
        self.stack.setCurrentWidget(self.start_screen)
        self.setWindowTitle("SIP Desk")
        self.save_label.setText("No plan open")
        self._refresh_recent()
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
        self.save_label.setText(text)

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
        return "a4" if str(self.settings.value(PAPER_KEY, "letter")) == "a4" else "letter"

    def _on_paper_toggled(self, paper: str, on: bool) -> None:
        if on:
            self.settings.setValue(PAPER_KEY, paper)

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

    # ----------------------------------------------------------------- steps
    def show_step(self, step: int) -> None:
        """Show ``step``'s page now (the navigator, clicked, shows it a moment later)."""
        if self.workspace is None or not 0 <= step < len(STEPS):
            return
        navigator = self.workspace.navigator
        if navigator.currentRow() != step:
            navigator.setCurrentRow(step)
        else:
            self._on_navigator_current_row_changed(step)
        # A freshly built list has row 0 current but nothing selected: mark it too.
        item = navigator.item(step)
        if item is not None and not item.isSelected():
            item.setSelected(True)
        self.finish_step()

    def finish_step(self) -> None:
        """Show the step chosen last now, if it is still waiting to be built or shown."""
        if self._pending_step is not None:
            self._present_step()

    def current_step(self) -> int | None:
        return None if self.workspace is None else self.workspace.navigator.currentRow()

    def current_page(self) -> QWidget | None:
        step = self.current_step()
        return None if step is None or self.workspace is None else self.workspace.page(step)

    def switch_tab(self, delta: int) -> bool:
        """Show the next (or previous) tab of the step's tabs; the focus goes into it."""
        page = self.current_page()
        if page is None:
            return False
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible() and t.count() > 1]
        if not tabs:
            return False
        focus = QApplication.focusWidget()
        chosen = next((t for t in tabs if focus is not None and t.isAncestorOf(focus)), tabs[0])
        chosen.setCurrentIndex((chosen.currentIndex() + delta) % chosen.count())
        shown = chosen.currentWidget()
        for widget in [shown, *shown.findChildren(QWidget)]:
            policy = widget.focusPolicy()
            if widget.isVisible() and widget.isEnabled() and policy & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                break
        else:
            chosen.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def step_by(self, delta: int) -> None:
        step = self.current_step()
        if step is not None:
            self.show_step(max(0, min(len(STEPS) - 1, step + delta)))

    def _on_navigator_current_row_changed(self, step: int) -> None:
        workspace = self.workspace
        if workspace is None or step < 0:
            return
        self._pending_step = step
        if workspace.has_page(step):
            self._present_step()
        else:
            # The navigator marks the new step at once; its page is built in the next turn
            # of the event loop, filled with the plan in the one after, then shown.
            self._queue_step_stage()

    def _queue_step_stage(self) -> None:
        if not self._step_queued:
            self._step_queued = True
            self._step_stage.emit()

    def _on_step_stage(self) -> None:
        self._step_queued = False
        workspace, step = self.workspace, self._pending_step
        if workspace is None or step is None:
            return
        # One stage per turn: the page's widgets, then the plan in them, then showing it.
        if workspace.build_page_later(step) or workspace.fill_page(step):
            self._queue_step_stage()
            return
        self._present_step()

    def _present_step(self) -> None:
        workspace, step = self.workspace, self._pending_step
        self._pending_step = None
        if workspace is None or step is None:
            return
        page = workspace.page(step)
        self.theme.restyle(page)  # a page built, or last shown, before the zoom changed
        workspace.stack.setCurrentWidget(page)
        workspace.show_comments(step)
        workspace.coaching.set_step(step)
        if self.controller is not None:
            self.settings.setValue(self._plan_key(self.controller.document.path, "step"), step)
        self.step_shown.emit(step)
        opening, self._opening = self._opening, None
        if opening is not None and opening is self.controller:
            # Plan health is worked out, and the other steps' code loads, while the person
            # reads this one (on a big plan either slowed the first page down).
            workspace.analyzer.run_now()
            QTimer.singleShot(0, workspace, workspace.warm_up)
            self.plan_opened.emit(opening)

    def go_to_finding(self, step: int, item: str) -> None:
        """Show the step of a plan health finding and put the cursor on its item."""
        self.show_step(step)
        page = self.current_page()
        focus = getattr(page, "focus_item", None)
        if callable(focus) and item:
            focus(item)

    # ----------------------------------------------------------------- view
    def zoom_by(self, direction: int) -> None:
        self.set_zoom(next_zoom(self.theme.zoom, direction))

    def zoom_reset(self) -> None:
        self.set_zoom(PRESENTATION_ZOOM if self._presentation is not None else 1.0)

    def set_zoom(self, zoom: float) -> None:
        if self._presentation is not None:
            zoom = max(PRESENTATION_ZOOM, zoom)  # readable from the back of the room
        self._apply_theme(zoom=zoom)
        key = "view/presentation_zoom" if self._presentation is not None else "view/zoom"
        self.settings.setValue(key, self.theme.zoom)
        self._show_zoom()

    def _apply_theme(self, *, zoom: float | None = None, high_contrast: bool | None = None) -> None:
        """A new zoom or contrast: what is on show takes it now, keeping its scroll position;
        the step pages not on show take it when they are next shown."""
        page = self.current_page()
        places = scroll_places(page) if page is not None else []
        self.theme.apply(zoom=zoom, high_contrast=high_contrast, roots=self._style_roots())
        if places:
            restore_scroll_places(places)
        if self.workspace is not None:
            # The step list takes the look even when folded away: whether it fits again
            # is measured at the new text size.
            self.theme.restyle(self.workspace.navigator)
            self.workspace.check_fold()  # larger text needs a wider page

    def _style_roots(self) -> list[QWidget]:
        """Every widget on show whose look a new theme changes, outermost first: the window
        less the step pages not on show (and less the containers that only hold them)."""
        holders: list[QWidget] = [self, self.stack]
        workspace = self.workspace
        hidden_pages: set[int] = set()
        if workspace is not None:
            area = workspace.page_area
            holders += [workspace, workspace.splitter, workspace.center, area]
            holders += [area.viewport(), workspace.stack]
            current = workspace.stack.currentWidget()
            hidden_pages = {id(p) for p in workspace.pages.values() if p is not current}
            if current is not None:
                # Inside the page, the widgets between it and its tabs only hold them: each
                # tab page is a root of its own, so one not on show waits, as any hidden
                # root does, until it is chosen (see Theme.apply).
                for tabs in current.findChildren(QTabWidget):
                    widget: QWidget | None = tabs.currentWidget() if tabs.isVisible() else None
                    while widget is not None and widget is not current:
                        widget = widget.parentWidget()
                        if widget is not None and widget not in holders:
                            holders.append(widget)
        inside = {id(w) for w in holders}
        roots: list[QWidget] = []
        for holder in holders:
            for child in holder.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if id(child) not in inside and id(child) not in hidden_pages:
                    roots.append(child)
        return roots

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"Zoom {round(self.theme.zoom * 100)} %")
        if getattr(self, "workspace", None) is not None:
            assert self.workspace is not None
            self.workspace.fit_navigator()

    def set_high_contrast(self, on: bool) -> None:
        if on != self.theme.high_contrast:
            self._apply_theme(high_contrast=on)
        if self._presentation is None:
            self.settings.setValue("view/high_contrast", on)

    def set_full_screen(self, on: bool) -> None:
        if on and not self.isFullScreen():
            self.showFullScreen()
        elif not on and self.isFullScreen():
            self.showNormal()
            if setting_bool(self.settings, "window/maximized", False):
                self.showMaximized()

    def set_step_list(self, on: bool) -> None:
        self._steps_folded = False  # the person's choice stands until the window is resized
        if self.workspace is not None:
            self.workspace.navigator.setVisible(on)
            if on:  # it takes the look of now as it shows: its width follows that look
                self.workspace.fit_navigator()
        self.settings.setValue("view/step_list", on)

    def set_side_panel(self, on: bool) -> None:
        self._side_folded = False  # the person's choice stands until the window is resized
        if self.workspace is not None:
            self.workspace.side.setVisible(on)
        if self._presentation is None:
            self.settings.setValue("view/side_panel", on)

    def _on_workspace_fold_changed(self, fold: int) -> None:
        """Fold the side panel, then the step list, away when a page would be left too
        narrow, and bring them back when there is room again; the View menu's ticks follow
        what shows, and the person's own choices are kept."""
        from sipdesk.ui.workspace import FOLD_BOTH, FOLD_NONE

        if self.workspace is None:
            return
        folded: list[str] = []
        if self._presentation is None:
            if fold != FOLD_NONE and self.side_action.isChecked():
                self._side_folded = True
                self._set_side_shown(False)
                folded.append("coaching prompts (F9)")
            elif fold == FOLD_NONE and self._side_folded:
                self._side_folded = False
                self._set_side_shown(True)
        if fold == FOLD_BOTH and self.step_list_action.isChecked():
            self._steps_folded = True
            self._set_steps_shown(False)
            folded.append("step list (F8)")
        elif fold != FOLD_BOTH and self._steps_folded:
            self._steps_folded = False
            self._set_steps_shown(True)
        if folded:
            # Short: presenting at 1024 px leaves the status bar little room beside the
            # save state.
            self.statusBar().showMessage(f"Folded away for room: {', '.join(folded)}.", 8000)

    def _set_steps_shown(self, on: bool) -> None:
        """Show or fold the step list without changing the remembered choice."""
        self.step_list_action.blockSignals(True)
        self.step_list_action.setChecked(on)
        self.step_list_action.blockSignals(False)
        if self.workspace is not None:
            self.workspace.navigator.setVisible(on)
            if on:  # it takes the look of now as it shows: its width follows that look
                self.workspace.fit_navigator()

    def _set_side_shown(self, on: bool) -> None:
        """Show or fold the side panel without changing the remembered choice."""
        self.side_action.blockSignals(True)
        self.side_action.setChecked(on)
        self.side_action.blockSignals(False)
        if self.workspace is not None:
            self.workspace.side.setVisible(on)

    def set_meeting_bar(self, on: bool) -> None:
        if self.workspace is not None:
            self.workspace.meeting_bar.setVisible(on)
        self.settings.setValue("view/meeting_bar", on)

    def meeting_bar(self) -> MeetingBar | None:
        """The open plan's meeting bar (None without a plan)."""
        return None if self.workspace is None else self.workspace.meeting_bar

    def _meeting(self, what: str) -> None:
        """Run a meeting-bar command from its key, turning the bar on if it was off."""
        bar = self.meeting_bar()
        if bar is None:
            return
        if not self.meeting_action.isChecked():
            self.meeting_action.setChecked(True)
        getattr(bar, what)()

    def show_meeting_dialog(self, tab: int) -> None:
        """The agenda (tab 0) or the parking lot (tab 1), beside the window (not modal)."""
        if self.controller is None:
            return
        if self._meeting_dialog is None:
            from sipdesk.ui.meeting import MeetingDialog

            self._meeting_dialog = MeetingDialog(
                self.controller,
                lambda: self.current_step() or 0,
                self,
                actions=[self.undo_action, self.redo_action],
            )
            self.theme.restyle(self._meeting_dialog)
            # Room for the tables at any zoom, and never larger than the window.
            self._meeting_dialog.resize(
                min(self.width() - 40, round(760 * self.theme.zoom)),
                min(self.height() - 40, round(460 * self.theme.zoom)),
            )
        self._meeting_dialog.show()
        self._meeting_dialog.raise_()
        self._meeting_dialog.activateWindow()
        self._meeting_dialog.show_tab(tab)

    def meeting_dialog(self) -> MeetingDialog | None:
        return self._meeting_dialog

    def _on_meeting_bar_said(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 12000)

    def _on_coaching_toggled(self, expanded: bool) -> None:
        self.settings.setValue("view/coaching_expanded", expanded)

    def toggle_wall(self) -> None:
        """Show view on or off: the current step's board on the whole screen (steps 2-4)."""
        if self._wall is not None:
            self._wall.close()
            return
        page = self.current_page()
        board_of = getattr(page, "wall_board", None)
        board = board_of() if board_of is not None and self.controller is not None else None
        if board is None or self.controller is None:
            self.statusBar().showMessage(
                "Show view puts a board on the whole screen: the SWOT (step 2), a fishbone, "
                "5 Whys or the votes (step 3), and the votes again in step 4.",
                8000,
            )
            return
        self._wall_return = QApplication.focusWidget()
        # A meeting under way keeps its countdown (and its Start/Next keys) on the wall.
        bar = self.meeting_bar()
        meeting = bar is not None and bar.isVisible() and bar.started()
        from sipdesk.ui.wall import WallWindow  # the fishbone canvas and all: not at start

        wall = WallWindow(
            self.controller,
            board,
            self,
            actions=[self.undo_action, self.redo_action, self.wall_action]
            + ([self.timer_action, self.segment_action] if meeting else []),
            screen_height=self.screen().geometry().height(),
            meeting_time=bar.time_shown if meeting and bar is not None else None,
        )
        wall.closed.connect(self._on_wall_closed)
        self._wall = wall
        wall.show_on(self.screen())
        if meeting and bar is not None:
            bar.time_up.connect(wall.say)  # the gentle end signal, on the wall too
            bar.show_time()

    def wall_open(self) -> WallWindow | None:
        return self._wall

    def _on_wall_closed(self, selection: object) -> None:
        self._wall = None
        page = self.current_page()
        closed = getattr(page, "wall_closed", None)
        if closed is not None:
            closed(selection)
        self.activateWindow()
        back = self._wall_return
        self._wall_return = None
        if back is not None:
            back.setFocus(Qt.FocusReason.OtherFocusReason)

    def presenting(self) -> bool:
        return self._presentation is not None

    def set_presentation(self, on: bool) -> None:
        """Big text, high contrast, no side panels, full screen; off restores it all."""
        if on == (self._presentation is not None):
            return
        panes = None
        if on:
            self._presentation = {
                "zoom": self.theme.zoom,
                "high_contrast": self.theme.high_contrast,
                "side": self.side_action.isChecked(),
                "side_folded": self._side_folded,
                "full_screen": self.isFullScreen(),
                "maximized": self.isMaximized(),
                "geometry": self.saveGeometry(),
                "panes": (
                    self.workspace.splitter.saveState() if self.workspace is not None else None
                ),
            }
            zoom = setting_float(self.settings, "view/presentation_zoom", PRESENTATION_ZOOM)
            self._apply_theme(zoom=max(PRESENTATION_ZOOM, zoom), high_contrast=True)
            self.contrast_action.setChecked(True)
            self.side_action.setChecked(False)
            self.full_screen_action.setChecked(True)
            # Short enough for the status bar of a 1024 px projector beside the save state.
            self.statusBar().showMessage("Presenting · F5 returns · Ctrl +/− size", 8000)
        else:
            before = self._presentation
            assert before is not None
            self._presentation = None
            panes = before["panes"]
            self.statusBar().clearMessage()
            self._apply_theme(zoom=before["zoom"], high_contrast=before["high_contrast"])
            self.contrast_action.setChecked(before["high_contrast"])
            self.side_action.setChecked(before["side"])
            self._side_folded = before["side_folded"]
            self.full_screen_action.setChecked(before["full_screen"])
            if not before["full_screen"]:
                if before["maximized"]:
                    self.showMaximized()
                else:
                    self.restoreGeometry(before["geometry"])
        self.presentation_action.setChecked(on)
        self._show_zoom()
        if panes is not None and self.workspace is not None:
            # The panes as they were, not as the larger text pushed them.
            self.workspace.splitter.restoreState(panes)

    def about(self) -> None:
        from sipdesk import __version__

        self.dialogs.inform(
            "About SIP Desk",
            f"SIP Desk {__version__}\n\nAn offline workbench for school improvement planning. "
            "Your plan is one file on your computer; SIP Desk saves it as you work.",
        )

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
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return []

    def _add_recent(self, path: Path) -> None:
        text = str(path)
        items = [p for p in self.recent_plans() if p != text]
        self.settings.setValue("recent", [text, *items][:MAX_RECENT])
        self._refresh_recent()

    def _remove_recent(self, path: Path) -> None:
        text = str(path)
        self.settings.setValue("recent", [p for p in self.recent_plans() if p != text])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        paths = self.recent_plans()
        self.start_screen.set_recent(paths)
        self.recent_menu.clear()
        for text in paths:
            action = self.recent_menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.triggered.connect(lambda _c=False, p=text: self.open_plan(Path(p)))
        self.recent_menu.setEnabled(bool(paths))

    # ----------------------------------------------------------------- helpers
    def _busy(self, text: str | None) -> None:
        if self.controller is None:
            self.start_screen.set_busy(text)
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self._update_actions()

    def _update_actions(self) -> None:
        has_plan = self.controller is not None
        writable = has_plan and self.controller is not None and not self.controller.readonly
        for action in (
            self.save_copy_action,
            self.close_action,
            self.previous_action,
            self.next_action,
            *self.export_actions,
            *self.step_actions,
            *self.meeting_actions,
        ):
            action.setEnabled(has_plan)
        self.export_menu.setEnabled(has_plan)
        self.restore_action.setEnabled(bool(writable))

    def _show_title(self, school: str) -> None:
        if self.controller is None:
            return
        name = (school or "").strip() or self.controller.document.path.stem
        suffix = " (read-only)" if self.controller.readonly else ""
        self.setWindowTitle(f"{name}{suffix} — SIP Desk")

    @staticmethod
    def _plan_key(path: Path, what: str) -> str:
        digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]
        return f"plans/{digest}/{what}"

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry)):
            return
        screen = QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(1400, int(area.width() * 0.9))
            height = min(900, int(area.height() * 0.9))
            self.resize(width, height)
        else:
            self.resize(1280, 800)

    def _save_geometry(self) -> None:
        if self._presentation is not None:
            self.settings.setValue("window/geometry", self._presentation["geometry"])
        elif not self.isFullScreen():
            self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/maximized", self.isMaximized())


def _read_or_discard(document: PlanDocument) -> dict[str, Any]:
    """The plan's contents; if they cannot be read, the document is let go (lock, private
    copy) before the error is explained, so trying again is not told the plan is open."""
    try:
        return _read_snapshot(document)
    except BaseException:
        document.discard()
        raise


def _read_snapshot(document: PlanDocument) -> dict[str, Any]:
    from sipdesk.services.snapshot import read_plan

    with document.session() as session:
        return cast(dict[str, Any], read_plan(session))  # UI: plan untyped (#17)


def _backup_label(path: Path) -> str:
    """``20261208-104233-123456-closed.sipdesk`` → ``Dec 8, 2026 at 10:42 (when closed)``."""
    import datetime as dt

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


def _dropped_plan(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".sipdesk"):
            return Path(url.toLocalFile())
    return None


__all__ = ["MainWindow", "documents_folder"]
