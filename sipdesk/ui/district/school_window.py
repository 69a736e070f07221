"""A school's received plan, read-only, in the normal plan window.

The desk keeps every version's bytes; to show one, the desk window copies them to a private
folder (:func:`sipdesk.district.versions.version_file`) and this window opens that copy with the
app's own read-only open (:meth:`MainWindow.open_plan`), so every check that guards opening a
plan applies. The copy stays as long as the window has the plan open and is let go as it
closes. The title says whose plan it is, which version, and that it is the district's copy.

It is one plan's window: it opens no other plan, joins no list of recent plans and leaves the
step a person's own plans were left on alone.

Opened from a desk, the desk window hands it a :class:`~copy_comments.DeskLink`
(:meth:`SchoolPlanWindow.attach_desk`): the reviewer then comments on an item where they see it,
and the district's comments on the version are listed under the page
(:mod:`sipdesk.ui.district.copy_comments`). The comments go to the desk; the plan stays as it
was received.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent

from sipdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from sipdesk.district.schools import SchoolRow
    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.district.copy_comments import CopyComments, DeskLink
    from sipdesk.ui.district.desk_window import DeskWindow
    from sipdesk.ui.theme import Theme
    from sipdesk.ui.widgets.dialogs import Dialogs

# What the district's copies remember of their step: one place for them all.
COPY_KEY = "district-copy"


def copy_title(school: str, version: int, received: str) -> str:
    """``Riverside Elementary — version 3 (received 5 Dec) — district copy, read only``."""
    return f"{school} — version {version} (received {received}) — district copy, read only"


def copy_notice(school: str, version: int, received: str) -> str:
    """The banner over the district's copy: whose plan, which version, and what can be done."""
    return (
        f"This is {school}'s plan as the district received it: version {version}, received "
        f"{received}. It is read only; to keep a copy of your own, save a copy."
    )


class SchoolPlanWindow(MainWindow):
    """A received version of a school's plan, read-only. ``release`` lets its private copy go;
    it is called once, when the plan has closed or could not be opened."""

    def __init__(
        self,
        title: str,
        release: contextlib.ExitStack,
        notice: str = "",
        settings: QSettings | None = None,
        theme: Theme | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(settings, theme, dialogs)
        self.copy_title = title
        self.copy_notice = notice
        self._release: contextlib.ExitStack | None = release
        self.district_comments: CopyComments | None = None  # opened from a desk
        self.setAcceptDrops(False)
        for action in (self.new_action, self.open_action, self.sample_action):
            action.setVisible(False)
            action.setEnabled(False)
        self.recent_menu.menuAction().setVisible(False)
        self.setWindowTitle(title)
        self.plan_closed.connect(self._on_plan_closed)
        self.open_failed.connect(self._on_open_failed_here)

    def attach_desk(self, link: DeskLink) -> None:
        """Let the reviewer comment on the desk from this copy (before the plan opens)."""
        from sipdesk.ui.district.copy_comments import CopyComments

        self.district_comments = CopyComments(self, link)

    def open_copy(self, copy: Path) -> None:
        """Open the private copy read-only, as any read-only plan is opened."""
        self.open_plan(copy, readonly=True)

    def released(self) -> bool:
        """Whether the private copy has been let go."""
        return self._release is None

    def _let_go(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release.close()

    def _on_plan_closed(self) -> None:
        self._let_go()
        self.close()  # nothing else to show here: no start screen for the district's copy

    def _on_open_failed_here(self, _exc: object) -> None:
        self._let_go()
        self.close()

    # ----------------------------------------------------------------- the plan window's ways
    def _show_plan(self, controller: PlanController, snapshot: PlanDoc) -> None:
        super()._show_plan(controller, snapshot)
        if self.copy_notice and self.workspace is not None and not controller.document.notice:
            self.workspace.notify(self.copy_notice, [("Save a copy…", self.save_copy)])
        if self.district_comments is not None:
            self.district_comments.plan_shown()

    def _show_title(self, school: str) -> None:
        self.setWindowTitle(self.copy_title)

    def _add_recent(self, path: Path) -> None:
        """The district's private copy is not one of the person's plans."""

    def _refresh_recent(self) -> None:
        self.start_screen.set_recent([])

    @staticmethod
    def _plan_key(path: Path, what: str) -> str:
        return f"plans/{COPY_KEY}/{what}"

    def _save_geometry(self) -> None:
        """The main window's place on screen is remembered; a copy's is not."""

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            if self.district_comments is not None:
                self.district_comments.stop()
            self._let_go()


# ------------------------------------------------------------------ opened from the desk window
def open_school_copy(desk_window: DeskWindow, row: SchoolRow) -> None:
    """The school's latest plan, read-only, in a plan window of its own: its bytes copied out
    on the desk window's worker, then the window opened on the copy."""
    from sipdesk.ui.district.roster_actions import tell_no_plan_yet
    from sipdesk.ui.district.schools_model import received_words

    desk = desk_window.desk
    if desk is None or tell_no_plan_yet(desk_window, row) or row.latest_received is None:
        return
    day = received_words(row.latest_received, with_time=False)
    title = copy_title(row.school, row.latest_version, day)
    notice = copy_notice(row.school, row.latest_version, received_words(row.latest_received))

    def work() -> tuple[contextlib.ExitStack, Path]:
        from sipdesk.district.models import School
        from sipdesk.district.versions import version_file, version_numbered
        from sipdesk.storage import PlanFileError

        with desk.session() as session:
            school = session.get(School, row.school_id)
            if school is None:
                raise PlanFileError(desk.path, f"{row.school} is no longer on this desk.")
            version = version_numbered(session, school, row.latest_version, desk.path)
            keep = contextlib.ExitStack()
            try:
                copy = keep.enter_context(version_file(session, version, desk.path))
            except BaseException:
                keep.close()
                raise
        return keep, copy

    def show(result: tuple[contextlib.ExitStack, Path]) -> None:
        from sipdesk.ui.district.copy_comments import DeskLink
        from sipdesk.ui.district.intake_panel import DeskDialogs

        keep, copy = result
        desk_window._busy(None)
        # The window asks its own questions; a test's scripted dialogs answer for it too.
        dialogs = None if isinstance(desk_window.dialogs, DeskDialogs) else desk_window.dialogs
        window = SchoolPlanWindow(
            title, keep, notice, desk_window.settings, desk_window.theme, dialogs
        )
        window.attach_desk(DeskLink(desk_window, row.school_id, row.latest_version))
        desk_window.school_windows.append(window)

        def forget(*_: object) -> None:
            if window in desk_window.school_windows:
                desk_window.school_windows.remove(window)

        window.destroyed.connect(forget)
        window.plan_closed.connect(forget)
        window.resize(desk_window.size())
        window.show()
        window.open_copy(copy)
        desk_window.school_opened.emit(window)

    desk_window._busy(f"Opening {row.school}'s plan…")
    desk_window.runner.submit(work, on_done=show, on_error=desk_window._explain)


__all__ = ["SchoolPlanWindow", "copy_notice", "copy_title", "open_school_copy"]
