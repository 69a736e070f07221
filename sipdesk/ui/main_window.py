"""The SIP Desk window: the start screen, then one open plan with its step navigator.

:class:`MainWindow` is built in layers, each a module of its own and each a subclass of the
one before: :mod:`.document_session` (opening and closing the plan, locks, recovery, what a
failed save asks), :mod:`.plan_files` (save a copy, export, restore from a backup) and
:mod:`.actions` (the menus and shortcuts); here, the window itself: its status bar, the
plan's steps and how they are shown (zoom, contrast, presentation, the side panels, the
meeting bar and the show view). What it remembers between runs is :mod:`.settings`.

Long work runs on a worker thread; the window stays responsive and shows what it is doing.
SQLAlchemy and the plan pages are imported only when a plan is opened, so the start screen
appears quickly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from sipdesk.ui import pyside_guard  # noqa: F401  (see its docstring)
from sipdesk.ui.actions import WindowActions
from sipdesk.ui.room.host import RoomHost
from sipdesk.ui.settings import WindowSettings, setting_bool, setting_float
from sipdesk.ui.steps import STEPS
from sipdesk.ui.theme import PRESENTATION_ZOOM, Theme, next_zoom
from sipdesk.ui.widgets.after_paint import after_paint
from sipdesk.ui.widgets.background import BackgroundRunner
from sipdesk.ui.widgets.batches import Batches
from sipdesk.ui.widgets.dialogs import Dialogs
from sipdesk.ui.widgets.label import StatusLabel
from sipdesk.ui.widgets.scrolling import restore_scroll_places, scroll_places

if TYPE_CHECKING:
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.meeting import MeetingBar, MeetingDialog
    from sipdesk.ui.start_screen import StartScreen
    from sipdesk.ui.wall import WallWindow
    from sipdesk.ui.workspace import Workspace

# A plan file this large opens its first step in turns (see _show_plan); the sample plan
# is about 0.3 MB, the largest allowed plan about 20 MB.
STAGED_OPEN_BYTES = 2_000_000
# Qt's largest widget size (QWIDGETSIZE_MAX): no limit on the save status's width.
NO_WIDTH_LIMIT = (1 << 24) - 1
# Left of a status bar message (Qt's own margin) and after it, before the next part.
MESSAGE_MARGINS = 16


class MainWindow(WindowActions):
    """The application window. ``settings`` and ``dialogs`` are injectable for tests."""

    plan_opened = Signal(object)  # the PlanController
    step_shown = Signal(int)
    _step_stage = Signal()  # the next stage of showing a step, queued

    def __init__(
        self,
        settings: QSettings | None = None,
        theme: Theme | None = None,
        dialogs: Dialogs | None = None,
        *,
        clock: Callable[[], float] | None = None,
        plan_first: bool = False,
    ) -> None:
        """``clock``: seconds from any fixed point, for the meeting bar's countdown (tests
        give their own; by default ``time.monotonic``). ``plan_first``: a plan named on the
        command line opens at once, so the start screen is made only when it is first needed
        (that plan failing to open, or closing it), not before the plan's first page."""
        self._plan_first = plan_first
        super().__init__()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.settings = settings if settings is not None else QSettings()
        self.prefs = WindowSettings(self.settings)
        self.theme = theme if theme is not None else Theme(app)
        self.dialogs = dialogs if dialogs is not None else Dialogs(self)
        self.runner = BackgroundRunner(self)
        self._presentation: dict[str, Any] | None = None
        self._wall: WallWindow | None = None
        self._wall_return: QWidget | None = None
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
        self._step_stage_connected = False  # connected when first needed (_queue_step_stage)
        self._clock = clock
        self._meeting_dialog: MeetingDialog | None = None
        self.room_host = RoomHost(self)  # the team's devices (issue 16): off until opened
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
        self._start_screen: StartScreen | None = None
        if self._plan_first:
            self.stack.addWidget(QWidget(self.stack))  # blank until the plan is shown
        else:
            self._make_start_screen()
        self.setCentralWidget(self.stack)
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        self.save_label = StatusLabel(self)  # plain text: "Saved to <b>Oak.sipdesk" as written
        self.save_label.set_full_text("No plan open")
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
        status.messageChanged.connect(self._make_room_for_message)

    @property
    def start_screen(self) -> StartScreen:
        """The start screen, made the first time it is asked for (see ``plan_first``)."""
        if self._start_screen is None:
            self._make_start_screen()
            self._refresh_recent()
        assert self._start_screen is not None
        return self._start_screen

    @property
    def has_start_screen(self) -> bool:
        return self._start_screen is not None

    def _make_start_screen(self) -> None:
        from sipdesk.ui.start_screen import StartScreen

        screen = StartScreen(self.stack)
        self._start_screen = screen
        self.stack.insertWidget(0, screen)
        self.theme.restyle(screen)
        screen.new_requested.connect(self._on_start_screen_new_requested)
        screen.open_requested.connect(self.choose_and_open)
        screen.sample_requested.connect(self.open_sample)
        screen.recent_chosen.connect(self._on_start_screen_recent_chosen)
        screen.recent_removed.connect(self._on_start_screen_recent_removed)
        screen.open_at_step.connect(self.open_plan_at_step)

    def _connect(self) -> None:
        self.runner.busy_changed.connect(self._on_runner_busy_changed)

    def _make_room_for_message(self, message: str) -> None:
        """A message in the status bar ("Exporting Riverside.pdf… 40 %", "Presenting · F5
        returns") comes first: while it shows, the save status gives it the room it needs
        (shortening its file name, see StatusLabel), and takes the room back after. A run of
        messages (an export's percentages) only ever narrows it, so it does not flicker."""
        if message:
            # Measured once the bar has its new size and letters (presentation changes both).
            QTimer.singleShot(0, self, self._give_way_to_message)
        else:
            self.save_label.setMaximumWidth(NO_WIDTH_LIMIT)

    def _give_way_to_message(self) -> None:
        bar = self.statusBar()
        message = bar.currentMessage()
        layout = bar.layout()
        if not message or layout is None:
            return
        layout.activate()
        parts = [w for w in (self.busy_bar, self.zoom_label, self.save_label) if w.isVisible()]
        if not parts:
            return
        # Qt writes the message from the bar's left edge up to the first lasting part.
        needed = bar.fontMetrics().horizontalAdvance(message) + MESSAGE_MARGINS
        short = needed - min(w.x() for w in parts)
        if short > 0:
            label = self.save_label
            label.setMaximumWidth(max(label.minimumSizeHint().width(), label.width() - short))

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self._update_actions()

    # ----------------------------------------------------------------- the plan's steps
    def _show_plan(self, controller: PlanController, snapshot: PlanDoc) -> None:
        """Lay out the plan just opened: its steps, the side panels, the meeting bar, and the
        step it was left on."""
        from sipdesk.ui.workspace import Workspace

        self.theme.finish()  # in already, unless the plan came before the first paint did
        document = controller.document
        workspace = Workspace(controller, self.stack)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        for root in self._style_roots():  # the look may have changed since the window opened
            self.theme.restyle(root)
        workspace.navigator.currentRowChanged.connect(self._on_navigator_current_row_changed)
        workspace.health.finding_activated.connect(self.go_to_finding)
        workspace.comment_item_activated.connect(self.go_to_finding)
        workspace.coaching.disclosure.toggled.connect(self._on_coaching_toggled)
        workspace.coaching.set_expanded(self.prefs.coaching_expanded)
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
        bar.room_requested.connect(self.room_host.toggle)
        self.step_shown.connect(self.room_host.step_shown)
        self.stack.setCurrentWidget(workspace)
        workspace.fit_navigator()
        self._add_recent(document.path)
        self._show_title(snapshot.get("profile", {}).get("school_name", ""))
        self.save_label.set_full_text(controller.saved_text())
        if document.readonly:
            text = document.notice or (
                f"“{document.path.name}” is open read-only. You can read everything; to make "
                "changes, save a copy."
            )
            workspace.notify(text, [("Save a copy…", self.save_copy)])
        elif document.notice:
            workspace.notify(document.notice)
        self._update_actions()
        step = self.prefs.plan_step(document.path)
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

    def _end_room(self) -> None:
        # Before the plan is written back: a round's dots from the devices go into the file.
        self.room_host.end()

    def _put_away_plan(self, workspace: Workspace | None) -> None:
        """Take down the steps of the plan just closed."""
        self._pending_step = None
        self._opening = None
        if self._wall is not None:  # the Show view of a plan no longer open
            self._wall.close()
        self.room_host.close()  # the room ends with the plan (and with SIP Desk)
        if self._meeting_dialog is not None:
            self._meeting_dialog.close()
            self._meeting_dialog.deleteLater()
            self._meeting_dialog = None
        if workspace is not None:
            self.step_shown.disconnect(workspace.meeting_bar.step_changed)
            self.step_shown.disconnect(self.room_host.step_shown)
            workspace.meeting_bar.timer.stop()
            workspace.analyzer.stop()
            self.stack.removeWidget(workspace)
            workspace.deleteLater()

    @staticmethod
    def _plan_key(path: Path, what: str) -> str:
        """The settings key of something remembered about one plan (see _present_step)."""
        return WindowSettings.plan_key(path, what)

    # ----------------------------------------------------------------- the window's place
    def _restore_geometry(self) -> None:
        geometry = self.prefs.geometry
        if geometry is not None and self.restoreGeometry(geometry):
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
            self.prefs.geometry = self._presentation["geometry"]
        elif not self.isFullScreen():
            self.prefs.geometry = self.saveGeometry()
        self.prefs.maximized = self.isMaximized()

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
            if (
                widget.isVisible()
                and widget.isEnabled()
                and policy & QtCore.Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
                break
        else:
            chosen.tabBar().setFocus(QtCore.Qt.FocusReason.TabFocusReason)
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
        if not self._step_stage_connected:
            # Connected here, not when the window is made: Qt's namespace (the connection
            # type) waits for the start screen's paint (docs/architecture.md, "Start-up").
            self._step_stage_connected = True
            queued = QtCore.Qt.ConnectionType.QueuedConnection
            self._step_stage.connect(self._on_step_stage, queued)
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
        first_page = self._opening is not None and self._opening is self.controller
        held: list[Batches] = []
        if first_page:
            # The plan's first page shows its first screenful first (see Batches.held).
            with Batches.held() as held:
                page = workspace.page(step)
        else:
            page = workspace.page(step)
        self.theme.restyle(page)  # a page built, or last shown, before the zoom changed
        workspace.stack.setCurrentWidget(page)
        if not first_page:  # the first page's come with plan health, after it is painted
            workspace.show_comments(step)
        workspace.coaching.set_step(step)
        if self.controller is not None:
            self.settings.setValue(self._plan_key(self.controller.document.path, "step"), step)
        self.step_shown.emit(step)
        opening, self._opening = self._opening, None
        if opening is not None and opening is self.controller:
            # Plan health is worked out, and the other steps' code loads, while the person
            # reads this one: once it is on screen (either slowed the first page down).
            after_paint(page, lambda: self._after_first_page(workspace, held))
            self.plan_opened.emit(opening)

    def _after_first_page(self, workspace: Workspace, held: list[Batches]) -> None:
        if workspace is self.workspace:  # still the open plan's
            # The district's comments on the step above its page: building the list (even
            # to find there are none) was some 8 ms before the plan's first paint (issue 12).
            workspace.show_comments(workspace.navigator.currentRow())
            for batches in held:
                batches.resume()
            workspace.analyzer.run_now()
            workspace.load_database_code()
            workspace.warm_up()

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
        self.theme.apply(
            zoom=zoom,
            high_contrast=high_contrast,
            roots=self._style_roots(),
            holders=self._style_holders(),
        )
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
        holders = self._style_holders()
        hidden_pages: set[int] = set()
        if self.workspace is not None:
            current = self.workspace.stack.currentWidget()
            hidden_pages = {id(p) for p in self.workspace.pages.values() if p is not current}
        inside = {id(w) for w in holders}
        roots: list[QWidget] = []
        for holder in holders:
            for child in holder.findChildren(
                QWidget, options=QtCore.Qt.FindChildOption.FindDirectChildrenOnly
            ):
                if id(child) not in inside and id(child) not in hidden_pages:
                    roots.append(child)
        return roots

    def _style_holders(self) -> list[QWidget]:
        """The containers between the window and the style roots: the window, its stacks and
        splitters, the current page and its chosen tabs' frames. They take a new look's
        palette (a tab frame paints with it) but not its style sheet, which would restyle
        every page and tab inside them, shown or not."""
        holders: list[QWidget] = [self, self.stack]
        workspace = self.workspace
        if workspace is not None:
            area = workspace.page_area
            holders += [workspace, workspace.splitter, workspace.center, area]
            holders += [area.viewport(), workspace.stack]
            current = workspace.stack.currentWidget()
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
        return holders

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
        self.prefs.meeting_bar = on

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
        self.prefs.coaching_expanded = expanded

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
            actions=[self.undo_action, self.redo_action, self.wall_action, self.room_action]
            + ([self.timer_action, self.segment_action] if meeting else []),
            screen_height=self.screen().geometry().height(),
            meeting_time=bar.time_shown if meeting and bar is not None else None,
        )
        wall.closed.connect(self._on_wall_closed)
        self._wall = wall
        self.room_host.dress(wall)
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
            back.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

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


__all__ = ["MainWindow"]
