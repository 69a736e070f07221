"""The district desk's window: every school's plan in one table, adding the plans schools send,
and a school's latest plan opened read-only in the normal plan window.

Opening the desk, reading its schools, taking plans in and copying out a version run on the
window's worker thread (:class:`~sipdesk.ui.widgets.background.BackgroundRunner`), one after
another; the window stays responsive and shows what it is doing. The desk is written back after
each batch of plans and when the window closes. Its look is the app's (:class:`Theme`): zoom,
high contrast and presentation (F5) work as in the plan window.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.district.schools import SchoolRow
from sipdesk.ui.district.connect import add_connect_action, is_server_address, open_server
from sipdesk.ui.district.desk_look import DeskLook
from sipdesk.ui.district.district_actions import DistrictActions
from sipdesk.ui.district.intake_panel import (
    DeskDialogs,
    IntakeProgress,
    IntakeSummary,
    choose_plans,
)
from sipdesk.ui.district.intake_panel import add_plans as add_plans_in_window
from sipdesk.ui.district.roster_actions import (
    expect_school_from_window,
    rename_from_window,
    set_state_id_from_window,
    start_rename,
    tell_no_plan_yet,
)
from sipdesk.ui.district.school_window import SchoolPlanWindow, open_school_copy
from sipdesk.ui.district.schools_model import (
    NO_PLAN_YET,
    NOTHING_YET,
    STATUS_WORDS,
    SchoolsFilter,
    SchoolsModel,
)
from sipdesk.ui.district.schools_table import SchoolsTable
from sipdesk.ui.document_session import log_unexpected
from sipdesk.ui.keys import distinct_keys
from sipdesk.ui.settings import WindowSettings
from sipdesk.ui.theme import Theme, next_zoom
from sipdesk.ui.widgets.background import BackgroundRunner
from sipdesk.ui.widgets.common import PAGE_MARGINS, Banner, label
from sipdesk.ui.widgets.dialogs import Dialogs
from sipdesk.ui.widgets.label import ElidedLabel

if TYPE_CHECKING:
    from sipdesk.district.document import DeskDocument

EMPTY_DESK = (
    "No plans have arrived yet. When schools send you their plans, choose “Add plans…” and "
    "pick the plan files (.sipdesk), a folder of them, or the emails you saved with plans "
    "attached (.eml). Each school then has its own row here. To see who has not sent one "
    "yet, list the schools you expect plans from: File ▸ Expect a school…"
)


class DeskWindow(DeskLook):
    """One open desk. ``settings``, ``theme`` and ``dialogs`` are injectable for tests."""

    desk_opened = Signal()
    open_failed = Signal(object)  # the exception, after it was explained
    rows_shown = Signal()  # the table shows the desk's schools as they are now
    plans_added = Signal(object)  # the outcomes of a batch, after the summary shows
    school_opened = Signal(object)  # the SchoolPlanWindow, its plan opening
    desk_closed = Signal()
    state_id_set = Signal(str)  # what setting a school's state school id did, in words

    _intake_progressed = Signal(int, int, str)  # from the worker thread

    def __init__(
        self,
        settings: QSettings | None = None,
        theme: Theme | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.settings = settings if settings is not None else QSettings()
        self.prefs = WindowSettings(self.settings)
        self.theme = theme if theme is not None else Theme(app)
        self.dialogs = dialogs if dialogs is not None else DeskDialogs(self)
        self.runner = BackgroundRunner(self)
        self.desk: DeskDocument | None = None
        self.desk_path: Path | None = None  # the desk this window shows, or is opening
        self.district = ""
        self.school_windows: list[SchoolPlanWindow] = []
        self.side_windows: dict[tuple[str, int], QDialog] = {}  # what changed, review
        self._closing = False
        self.setWindowTitle("District desk — SIP Desk")
        self._build_ui()
        self._build_actions()
        self._intake_progressed.connect(self.progress.step, Qt.ConnectionType.QueuedConnection)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.resize(1280, 800)
        self._update_actions()

    # ----------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        body = QWidget(self)
        body.setObjectName("pageBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(PAGE_MARGINS)
        column.setSpacing(10)
        self.title = label("District desk", "page-title", body)
        self.facts = label("Opening the desk…", "hint", body)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        self.banner = Banner(body)
        column.addWidget(self.banner)

        tools = QHBoxLayout()
        tools.setSpacing(10)
        self.filter_box = QLineEdit(body)
        self.filter_box.setPlaceholderText("Find a school by name")
        self.filter_box.setAccessibleName("Find a school by name")
        self.filter_box.setClearButtonEnabled(True)
        self.status_box = QComboBox(body)
        self.status_box.setAccessibleName("Show schools by status")
        self.status_box.addItem("Every status", "")
        for status, words in STATUS_WORDS.items():
            self.status_box.addItem(words, status)
        self.status_box.addItem(NO_PLAN_YET, NOTHING_YET)  # schools listed, nothing sent yet
        # The chosen school's work, in a row under the table: it fits 1024 wide when presenting.
        self.school_bar = QWidget(body)
        school_row = QHBoxLayout(self.school_bar)
        school_row.setContentsMargins(0, 0, 0, 0)
        self.chosen = ElidedLabel("subsection", self.school_bar)  # gives way to the buttons
        self.open_button = QPushButton("Open plan", self.school_bar)
        self.open_button.setAccessibleName("Open the chosen school's latest plan, read only")
        self.changes_button = QPushButton("What changed…", self.school_bar)
        self.changes_button.setAccessibleName("What changed between the school's last two plans")
        self.review_button = QPushButton("Review…", self.school_bar)
        self.review_button.setAccessibleName("Score, comment on, return or approve the plan")
        school_row.addWidget(self.chosen, 1)
        for button in (self.open_button, self.changes_button, self.review_button):
            school_row.addWidget(button)
        self.add_button = QPushButton("Add plans…", body)
        self.add_button.setProperty("role", "primary")
        self.add_button.setAccessibleName("Add plans the schools sent")
        self.filter_box.setMinimumWidth(16 * self.filter_box.fontMetrics().averageCharWidth())
        tools.addWidget(self.filter_box, 3)
        tools.addWidget(self.status_box, 1)
        tools.addStretch(1)
        tools.addWidget(self.add_button)
        column.addLayout(tools)

        self.progress = IntakeProgress(body)
        column.addWidget(self.progress)
        self.summary = IntakeSummary(body)
        column.addWidget(self.summary)

        self.model = SchoolsModel(self)
        self.proxy = SchoolsFilter(self.model, self)
        self.stack = QStackedWidget(body)
        self.table = SchoolsTable(self.stack)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.empty = QWidget(self.stack)
        empty_column = QVBoxLayout(self.empty)
        empty_column.setContentsMargins(0, 12, 0, 0)
        card = QFrame(self.empty)
        card.setProperty("role", "card")
        card.setMaximumWidth(820)
        card_column = QVBoxLayout(card)
        card_column.setContentsMargins(20, 8, 20, 18)
        self.empty_title = label("Welcome to your district desk", "section", card)
        self.empty_text = label(EMPTY_DESK, "", card)
        self.empty_add_button = QPushButton("Add plans…", card)
        self.empty_add_button.setProperty("role", "primary")
        self.empty_add_button.setAccessibleName("Add plans the schools sent")
        card_column.addWidget(self.empty_title)
        card_column.addWidget(self.empty_text)
        card_column.addSpacing(6)
        card_column.addWidget(self.empty_add_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_column.addWidget(card)
        empty_column.addStretch(1)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.stack.setCurrentWidget(self.empty)
        column.addWidget(self.stack, 1)
        column.addWidget(self.school_bar)
        self.no_match = label("", "hint", body)
        self.no_match.hide()
        column.addWidget(self.no_match)
        self.setCentralWidget(body)

        status_bar = self.statusBar()
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        self.zoom_label = QLabel("", self)
        self.zoom_label.setAccessibleName("Zoom")
        status_bar.addPermanentWidget(self.busy_bar)
        status_bar.addPermanentWidget(self.zoom_label)

        self.filter_box.textChanged.connect(self._on_filter_box_text_changed)
        self.filter_box.returnPressed.connect(self.table.setFocus)  # then Enter opens the school
        self.status_box.currentIndexChanged.connect(self._on_status_box_current_index_changed)
        self.table.activated.connect(self._on_table_activated)
        self.open_button.clicked.connect(self.open_current_school)
        self.changes_button.clicked.connect(self.show_what_changed)
        self.review_button.clicked.connect(self.show_review)
        self.proxy.modelReset.connect(self._show_counts)
        self.proxy.rowsInserted.connect(self._show_counts)
        self.proxy.rowsRemoved.connect(self._show_counts)
        self.proxy.layoutChanged.connect(self._show_counts)
        self.table.selectionModel().currentChanged.connect(self._update_actions)
        self.model.rename_asked.connect(lambda school, name: rename_from_window(self, school, name))

    def _action(
        self,
        text: str,
        slot: Any,
        keys: Sequence[QKeySequence.StandardKey | str] = (),
        *,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(distinct_keys(list(keys)))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.add_files_action = self._action(
            "Add plan &files or saved emails…", self.choose_and_add_files, [key.Open]
        )
        self.add_folder_action = self._action(
            "Add a f&older of plans…", self.choose_and_add_folder, ["Ctrl+Shift+O"]
        )
        self.open_school_action = self._action(
            "Open the school's &plan", self.open_current_school, ["Ctrl+Return"]
        )
        self.changes_action = self._action("What &changed…", self.show_what_changed, ["Ctrl+D"])
        self.review_action = self._action("&Review…", self.show_review, ["Ctrl+R"])
        self.rollup_action = self._action("&Across schools…", self.show_rollup, ["Ctrl+U"])
        self.expect_action = self._action("&Expect a school…", self.expect_school)
        self.rename_action = self._action("Rena&me the school", self.rename_school, ["F2"])
        self.state_id_action = self._action(
            "Set the state school &id…", lambda: set_state_id_from_window(self), ["Shift+F2"]
        )
        # Ctrl+Q too: a desk on its own is the whole program, and people quit it as such.
        self.close_action = self._action(
            "&Close the desk", self.close, [key.Close, key.Quit, "Ctrl+Q"]
        )
        for action in (
            self.add_files_action,
            self.add_folder_action,
            self.expect_action,
            self.rename_action,
            self.state_id_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.open_school_action)
        file_menu.addAction(self.changes_action)
        file_menu.addAction(self.review_action)
        file_menu.addAction(self.rollup_action)
        self.district_actions = DistrictActions(self, file_menu)  # expectations, check-ins
        from sipdesk.ui.district.reflection_action import add_reflection_action

        self.reflection_action = add_reflection_action(self, file_menu)  # Tool C, Ctrl+T
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        self.connect_action = add_connect_action(self, file_menu)  # a desk on a server
        add_menu = QMenu(self)
        add_menu.addAction(self.add_files_action)
        add_menu.addAction(self.add_folder_action)
        self.add_button.setMenu(add_menu)
        self.empty_add_button.setMenu(add_menu)

        view = menu.addMenu("&View")
        self.zoom_in_action = self._action(
            "Zoom &in", lambda: self.set_zoom(next_zoom(self.theme.zoom, 1)), [key.ZoomIn, "Ctrl+="]
        )
        self.zoom_out_action = self._action(
            "Zoom &out", lambda: self.set_zoom(next_zoom(self.theme.zoom, -1)), [key.ZoomOut]
        )
        self.zoom_reset_action = self._action("&Actual size", self.zoom_reset, ["Ctrl+0"])
        self.contrast_action = self._action(
            "&High contrast", self.set_high_contrast, ["Ctrl+Shift+H"], checkable=True
        )
        self.contrast_action.setChecked(self.theme.high_contrast)
        self.presentation_action = self._action(
            "&Presentation mode", self.set_presentation, ["F5"], checkable=True
        )
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.contrast_action,
            self.presentation_action,
        ):
            view.addAction(action)
        self._show_zoom()

    def _update_actions(self, *_: object) -> None:
        has_desk = self.desk is not None
        writable = has_desk and self.desk is not None and not self.desk.readonly
        can_add = writable and not self.runner.busy
        for widget in (
            self.add_button,
            self.empty_add_button,
            self.add_files_action,
            self.add_folder_action,
            self.expect_action,
        ):
            widget.setEnabled(can_add)
        chosen = self.table.currentIndex().isValid() and self.proxy.rowCount() > 0
        for widget in (
            self.open_button,
            self.open_school_action,
            self.changes_button,
            self.changes_action,
            self.review_button,
            self.review_action,
        ):
            widget.setEnabled(has_desk and chosen)
        row = self._current_row() if chosen else None
        self.chosen.set_full_text(row.school if row else "")
        self.model.renamable = can_add  # a school's name, edited in its cell (F2)
        self.rename_action.setEnabled(can_add and chosen)
        self.state_id_action.setEnabled(can_add and chosen)

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self._update_actions()

    # ----------------------------------------------------------------- the desk
    def open_desk(self, path: Path | str, *, readonly: bool = False) -> None:
        """Open the desk at ``path`` (or a ``postgresql://`` address) on the worker thread and
        show its schools."""
        if is_server_address(path):
            return open_server(self, str(path))
        path = Path(path).expanduser().absolute()
        self.desk_path = path
        self.setWindowTitle(f"{path.stem} — SIP Desk")
        self.facts.setText(f"Opening {path.name}…")

        def work() -> tuple[DeskDocument, str, list[SchoolRow]]:
            from sipdesk.district.document import DeskDocument
            from sipdesk.district.schools import district_name, school_rows

            desk = DeskDocument.open(path, readonly=readonly)
            try:
                with desk.session() as session:
                    return desk, district_name(session), school_rows(session)
            except BaseException:
                desk.discard()
                raise

        self._busy(f"Opening {path.name}…")
        self.runner.submit(
            work,
            on_done=self._on_desk_ready,
            on_error=lambda exc: self._on_open_failed(exc, path),
        )

    def _on_desk_ready(self, result: tuple[DeskDocument, str, list[SchoolRow]]) -> None:
        desk, district, rows = result
        self._busy(None)
        self.desk = desk
        self.district = district
        name = district or desk.path.stem
        self.title.setText(name)
        self.setWindowTitle(
            f"{name} — district desk{' (read-only)' if desk.readonly else ''} — SIP Desk"
        )
        if desk.readonly:
            self.banner.show_message(
                desk.notice
                or f"“{desk.path.name}” is open read-only: you can look at every school's plan, "
                "but plans cannot be added while it is open elsewhere."
            )
        elif desk.notice:
            self.banner.show_message(desk.notice)
        self._show_rows(rows)
        self._update_actions()
        if self.model.rowCount():
            self.table.setFocus()
        else:
            self.empty_add_button.setFocus()
        self.desk_opened.emit()

    def _on_open_failed(self, exc: BaseException, path: Path) -> None:
        from sipdesk.storage import PlanFileError, PlanLockedError

        self._busy(None)
        if isinstance(exc, PlanLockedError):
            answer = self.dialogs.choose(
                "This desk is already open", str(exc), ["Open read-only"], cancel="Cancel"
            )
            if answer == 0:
                self.open_desk(path, readonly=True)
                return
        elif isinstance(exc, PlanFileError):
            self.dialogs.inform(
                "This desk cannot be opened", str(exc), detail="The file was not changed."
            )
        else:
            log = log_unexpected(exc)
            where = f" The details were saved to {log}." if log else ""
            self.dialogs.inform(
                "Something went wrong",
                f"SIP Desk could not open “{path.name}” because of an unexpected problem "
                f"({type(exc).__name__}).{where}",
            )
        self.open_failed.emit(exc)
        self.close()

    def refresh(self) -> None:
        """Read the schools again (on the worker) and show them."""
        desk = self.desk
        if desk is None:
            return

        def work() -> list[SchoolRow]:
            from sipdesk.district.schools import school_rows

            with desk.session() as session:
                return school_rows(session)

        self.runner.submit(work, on_done=self._show_rows, on_error=self._explain)

    def _show_rows(self, rows: list[SchoolRow]) -> None:
        current = self._current_row()
        self.model.set_rows(rows)
        self.table.fit()
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        for widget in (
            self.filter_box,
            self.status_box,
            self.school_bar,
            self.add_button,
        ):
            widget.setVisible(bool(rows))  # an empty desk: only its welcome and Add plans
        if current is not None:
            self._choose_school(current.school_id)
        elif self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_counts()
        self._update_actions()
        self.rows_shown.emit()

    def _show_counts(self, *_: object) -> None:
        rows = self.model.rows()
        versions = sum(row.versions for row in rows)
        waiting = sum(1 for row in rows if not row.versions)
        if not rows:
            self.facts.setText("No plans received yet.")
        else:
            schools = f"{len(rows)} school{'s' if len(rows) != 1 else ''}"
            received = f"{versions} plan version{'s' if versions != 1 else ''} received"
            shown = self.proxy.rowCount()
            showing = f" · showing {shown}" if self.proxy.filtering() else ""
            nothing = f" · {waiting} not sent a plan yet" if waiting else ""
            self.facts.setText(f"{schools} · {received}{nothing}{showing}")
        if rows and self.proxy.filtering() and self.proxy.rowCount() == 0:
            self.no_match.setText(
                "No school matches what you chose. Clear the search to see them all."
            )
            self.no_match.show()
        else:
            self.no_match.hide()

    def _current_row(self) -> SchoolRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.proxy.rowCount() == 0:
            return None
        return self.proxy.row_at(index.row())

    def _choose_school(self, school_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).school_id == school_id:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return

    def _on_filter_box_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _on_status_box_current_index_changed(self, _index: int) -> None:
        self.proxy.set_status(str(self.status_box.currentData() or ""))
        self._after_filter()

    def _after_filter(self) -> None:
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._show_counts()
        self._update_actions()

    # ----------------------------------------------------------------- adding plans
    def choose_and_add_files(self) -> None:
        choose_plans(self, folder=False)

    def choose_and_add_folder(self) -> None:
        choose_plans(self, folder=True)

    def add_plans(self, paths: Sequence[Path | str]) -> None:
        """Take plans in on the worker, showing the progress, then a summary (intake_panel)."""
        add_plans_in_window(self, paths)

    # ----------------------------------------------------------------- opening a school
    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_school(self.proxy.row_at(index.row()))

    def open_current_school(self) -> None:
        row = self._current_row()
        if row is not None:
            self.open_school(row)

    def open_school(self, row: SchoolRow) -> None:
        """The school's latest plan, read-only, in a plan window of its own (school_window)."""
        open_school_copy(self, row)

    # ----------------------------------------------------------------- review work
    def show_what_changed(self) -> None:
        """What changed between the chosen school's last two versions (any two can be picked)."""
        from sipdesk.ui.district.diff_dialog import show_what_changed

        row = self._current_row()
        if row is not None and self.desk is not None and not tell_no_plan_yet(self, row):
            show_what_changed(self, row)

    def show_review(self) -> None:
        """The chosen school's review: rubric, comments, return or approve."""
        from sipdesk.ui.district.review_panel import show_review

        row = self._current_row()
        if row is not None and self.desk is not None and not tell_no_plan_yet(self, row):
            show_review(self, row)

    def show_rollup(self) -> None:
        """The rollup across schools: its tables, two charts and exports (issue 14)."""
        from sipdesk.ui.district.rollup_window import show_rollup

        if self.desk is not None:
            show_rollup(self)

    def expect_school(self) -> None:
        """File ▸ Expect a school…: put a school on the district's list before it sends a plan."""
        expect_school_from_window(self)

    def rename_school(self) -> None:
        """File ▸ Rename the school (F2): its name edited in the table (roster_actions)."""
        start_rename(self)

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        for side in list(self.side_windows.values()):
            side.close()
        desk = self.desk
        if desk is not None:
            event.ignore()
            if not self._closing:
                self._closing = True
                on_server = getattr(desk, "on_server", False)  # nothing to write back there
                self._busy("Closing the connection…" if on_server else f"Saving {desk.path.name}…")
                self.runner.submit(
                    desk.close,
                    on_done=lambda _r: self._after_close(),
                    on_error=self._on_close_failed,
                )
            return
        self.runner.stop()
        event.accept()

    def _on_close_failed(self, exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        if isinstance(exc, PlanFileError):
            self.dialogs.inform(
                "The desk could not be brought up to date",
                str(exc),
                detail="Every plan it received is kept safely inside SIP Desk; the next time "
                "you open the desk, it carries on from there.",
            )
        else:
            log_unexpected(exc)
        self._after_close()

    def _after_close(self) -> None:
        self.desk = None
        self._closing = False
        self._busy(None)
        self.desk_closed.emit()
        self.close()

    # ----------------------------------------------------------------- helpers
    def _busy(self, text: str | None) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def _explain(self, exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        self._busy(None)
        if isinstance(exc, PlanFileError):
            self.dialogs.inform("That did not work", str(exc))
            return
        log = log_unexpected(exc)
        where = f" The details were saved to {log}." if log else ""
        self.dialogs.inform(
            "Something went wrong",
            f"SIP Desk ran into an unexpected problem ({type(exc).__name__}).{where}",
        )


__all__ = ["DeskWindow"]
