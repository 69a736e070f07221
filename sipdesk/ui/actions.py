"""The main window's menus and keys: every QAction, its shortcut and the menu it sits in.

The third layer of :class:`~sipdesk.ui.main_window.MainWindow`. Every action is a window
shortcut (it works wherever the focus is in the window) and is added to the window itself, so
its key works even while the menu bar is hidden (full screen, presentation). The actions call
the window's commands: the plan's (:mod:`.document_session`, :mod:`.plan_files`) and the
view's and the steps' (:mod:`.main_window`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from sipdesk.ui.keys import distinct_keys
from sipdesk.ui.plan_files import PlanFiles
from sipdesk.ui.steps import STEPS
from sipdesk.ui.theme import Theme

if TYPE_CHECKING:
    from sipdesk.ui.room.host import RoomHost

PAPERS: dict[str, str] = {"letter": "&Letter paper", "a4": "&A4 paper"}


class WindowActions(PlanFiles):
    """The menu bar and the window's shortcuts (the third layer)."""

    theme: Theme  # made by the window (main_window.py)
    room_host: RoomHost  # the window's room (main_window.py)

    if TYPE_CHECKING:  # the window's own commands (main_window.py), which the menus call

        def zoom_by(self, direction: int) -> None: ...
        def zoom_reset(self) -> None: ...
        def set_full_screen(self, on: bool) -> None: ...
        def set_presentation(self, on: bool) -> None: ...
        def toggle_wall(self) -> None: ...
        def set_high_contrast(self, on: bool) -> None: ...
        def set_side_panel(self, on: bool) -> None: ...
        def set_step_list(self, on: bool) -> None: ...
        def set_meeting_bar(self, on: bool) -> None: ...
        def _meeting(self, what: str) -> None: ...
        def show_meeting_dialog(self, tab: int) -> None: ...
        def step_by(self, delta: int) -> None: ...
        def switch_tab(self, delta: int) -> bool: ...
        def show_step(self, step: int) -> None: ...
        def about(self) -> None: ...
        def _show_zoom(self) -> None: ...

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
        # Window-wide: Qt's default context for an action's keys, left as it is (naming Qt's
        # namespace before the start screen is painted costs it 15 ms: docs/architecture.md).
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
            self._action(
                "Planning calendar (PDF)…", self.print_planning_calendar, name="export_calendar"
            ),
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
        self.take_review_action = self._action(
            "&Take the district's review…", self.take_district_review, name="take_review"
        )
        self.take_expectations_action = self._action(
            "Take the district's e&xpectations…",
            self.take_district_expectations,
            name="take_expectations",
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
        file_menu.addAction(self.take_review_action)
        file_menu.addAction(self.take_expectations_action)
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
        for action in (self.undo_action, self.redo_action):  # window-wide, as all above
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
        # The plan's whole planning year by month and role (issue 15).
        self.calendar_action = self._action(
            "Planning &calendar…",
            self.show_planning_calendar,
            ["Ctrl+Shift+Y"],
            name="planning_calendar",
        )
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
        self.meeting_action.setChecked(self.prefs.meeting_bar)
        self.contrast_action.setChecked(self.theme.high_contrast)
        self.side_action.setChecked(self.prefs.side_panel)
        self.step_list_action.setChecked(self.prefs.step_list)
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in (
            self.presentation_action,
            self.wall_action,
            self.calendar_action,
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
        # The room: the team adds cards and dots from their own devices (issue 16).
        self.room_action = self._action(
            "Open the &room…", lambda: self.room_host.toggle(), ["Ctrl+Shift+R"], name="room"
        )
        self.meeting_actions = [
            self.timer_action,
            self.segment_action,
            self.park_action,
            self.lot_action,
            self.agenda_action,
            self.room_action,
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
            self.calendar_action,
        ):
            action.setEnabled(has_plan)
        self.export_menu.setEnabled(has_plan)
        self.restore_action.setEnabled(bool(writable))
        self.take_review_action.setEnabled(bool(writable))
        self.take_expectations_action.setEnabled(bool(writable))

    def show_planning_calendar(self) -> None:
        """View ▸ Planning calendar: the plan's year by month and role, beside the window."""
        from sipdesk.ui.planning_calendar import show_calendar

        show_calendar(self)

    def print_planning_calendar(self) -> None:
        """File ▸ Export ▸ Planning calendar (PDF): the year on one page."""
        from sipdesk.ui.planning_calendar import print_calendar

        print_calendar(self)

    def open_plan_at_step(self, path: str, step: int) -> None:
        """A line of the start screen's "this month": open its plan at the line's step."""
        self.prefs.set_plan_step(Path(path), step)
        self.open_plan(Path(path))

    def _refresh_recent(self) -> None:
        paths = self.recent_plans()
        if self.has_start_screen:  # else it lists them when it is made
            self.start_screen.set_recent(paths, {p: self.prefs.plan_id(Path(p)) for p in paths})
        self.recent_menu.clear()
        for text in paths:
            action = self.recent_menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.triggered.connect(lambda _c=False, p=text: self.open_plan(Path(p)))
        self.recent_menu.setEnabled(bool(paths))


__all__ = ["PAPERS", "WindowActions", "distinct_keys"]
