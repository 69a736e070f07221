"""The district's list of the schools it expects plans from, and a school's name, in the desk
window (issue 13).

File ▸ *Expect a school…* asks for the school's name and state school id (optional) through the
window's dialogs (a test scripts them) and lists it with the command line's own code
(:func:`sipdesk.district.roster.expect_school`) on the window's worker; the desk is written back
at once. A listed school that has sent nothing yet has a row of its own; opening it, or asking
what changed or for its review, says warmly that no plan has arrived yet.

File ▸ *Rename the school* (F2) edits the chosen school's name in its cell of the table, with no
question asked: Enter renames it (:func:`sipdesk.district.roster.rename_school_id`, as
``sipdesk district rename`` does), Escape leaves it as it was. A name another school has is
told in a sentence and nothing changes.

File ▸ *Set the state school id…* (Shift+F2) asks for the chosen school's state school id, filled
in with the one the desk has, and sets it (:func:`sipdesk.district.roster.set_state_id`, as
``sipdesk district set-state-id`` does); an id another school has is told in a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sipdesk.district.schools import SchoolRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.district.roster import Listed, Renamed, StateIdSet
    from sipdesk.ui.district.desk_window import DeskWindow

EXPECT_TITLE = "Expect a school"
EXPECT_TEXT = (
    "Add a school you expect a plan from. It shows on the desk straight away, with where it "
    "stands against your dates, and its first plan joins it when it arrives."
)
FIELDS = ("School's &name:", "&State school id (if you have it):")
R = TypeVar("R")


def _change_and_reread(
    desk: Any, change: Callable[[Session], R]
) -> Callable[[], tuple[R, list[SchoolRow], str]]:
    """The worker's part of a change to the list: ``change`` in one transaction, the desk
    written back (a failure becomes a sentence to add: the change is kept safely in the desk's
    working copy), then the rows read again."""

    def work() -> tuple[R, list[SchoolRow], str]:
        from sipdesk.district.schools import school_rows
        from sipdesk.storage import PlanFileError

        with desk.transaction() as session:
            result = change(session)
        note = ""
        try:
            desk.writeback()
        except PlanFileError as exc:
            note = str(exc)
        with desk.session() as session:
            return result, school_rows(session), note

    return work


def tell_no_plan_yet(window: DeskWindow, row: SchoolRow) -> bool:
    """For a school that has sent nothing yet: say so (True); else False and nothing shown."""
    if row.versions:
        return False
    from sipdesk.district.versions import no_plan_yet

    window.dialogs.inform("No plan yet", no_plan_yet(row.school))
    return True


def expect_school_from_window(window: DeskWindow) -> None:
    """Ask for a school and put it on the district's list, on the worker."""
    from sipdesk.district.roster import check_school

    desk = window.desk
    if desk is None or desk.readonly or window.runner.busy:
        return
    answer = window.dialogs.ask_fields(EXPECT_TITLE, EXPECT_TEXT, FIELDS, accept="Add the school")
    if answer is None:
        return
    name, state_id = [*answer, "", ""][:2]
    name, state_id, problem = check_school(name, state_id)
    if problem:
        window.dialogs.inform("That school could not be added", problem)
        return

    from sipdesk.district.roster import expect_school

    work = _change_and_reread(desk, lambda session: expect_school(session, name, state_id))

    def done(result: tuple[Listed, list[SchoolRow], str]) -> None:
        listed, rows, note = result
        window.statusBar().clearMessage()
        window._show_rows(rows)
        window._choose_school(listed.school_id)
        window.banner.show_message(listed.line() + (f" {note}" if note else ""))

    window.statusBar().showMessage(f"Adding {name}…")
    window.runner.submit(work, on_done=done, on_error=window._explain)


def start_rename(window: DeskWindow) -> None:
    """Edit the chosen school's name in its cell (Enter renames, Escape leaves it)."""
    index = window.table.currentIndex()
    if not index.isValid() or not window.model.renamable or window.runner.busy:
        return
    cell = window.proxy.index(index.row(), 0)
    window.table.setFocus()
    window.table.scrollTo(cell)
    window.table.edit(cell)


def rename_from_window(window: DeskWindow, school_id: int, new_name: str) -> None:
    """Give the school the name typed in its cell, on the worker; the rows are read again."""
    from sipdesk.district.roster import check_school

    desk = window.desk
    if desk is None or desk.readonly or window.runner.busy:
        return
    current = next((row for row in window.model.rows() if row.school_id == school_id), None)
    name, _, problem = check_school(new_name, "")
    if problem:
        window.dialogs.inform("That name cannot be used", problem)
        return
    if current is not None and current.school == name:
        return  # nothing changed

    from sipdesk.district.roster import rename_school_id

    work = _change_and_reread(
        desk, lambda session: rename_school_id(session, school_id, name, desk.path)
    )

    def done(result: tuple[Renamed, list[SchoolRow], str]) -> None:
        renamed, rows, note = result
        window.statusBar().clearMessage()
        window._show_rows(rows)
        window._choose_school(renamed.school_id)
        window.table.setFocus()
        window.banner.show_message(renamed.line() + (f" {note}" if note else ""))

    def refused(exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        if not isinstance(exc, PlanFileError):
            window._explain(exc)
            return
        window.statusBar().clearMessage()
        window.dialogs.inform("The school could not be renamed", str(exc))
        window.table.setFocus()

    window.statusBar().showMessage(f"Renaming {current.school if current else 'the school'}…")
    window.runner.submit(work, on_done=done, on_error=refused)


STATE_ID_TITLE = "The school's state school id"
STATE_ID_FIELDS = ("&State school id:",)


def state_id_text(school: str) -> str:
    return (
        f"The id the state gives {school}. A plan that arrives with it joins {school}, "
        "whatever name the plan carries. Leave it empty for none."
    )


def set_state_id_from_window(window: DeskWindow) -> None:
    """File ▸ Set the state school id…: the chosen school's id as the desk has it is read, asked
    for again (filled in), and saved on the worker; an id another school has is told in a
    sentence and nothing changes."""
    desk = window.desk
    row = window._current_row()
    if desk is None or desk.readonly or row is None or window.runner.busy:
        return
    school_id, school = row.school_id, row.school

    def read() -> str:
        from sipdesk.district.roster import state_id_of

        with desk.session() as session:
            return state_id_of(session, school_id)

    window.runner.submit(
        read, on_done=lambda current: _ask_state_id(window, school_id, school, str(current))
    )


def _ask_state_id(window: DeskWindow, school_id: int, school: str, current: str) -> None:
    from sipdesk.district.roster import check_school

    desk = window.desk
    if desk is None or desk.readonly:
        return
    answer = window.dialogs.ask_fields(
        STATE_ID_TITLE, state_id_text(school), STATE_ID_FIELDS, accept="Save", values=[current]
    )
    if answer is None:
        return
    _, state_id, problem = check_school(school, [*answer, ""][0])
    if problem:
        window.dialogs.inform("That id cannot be used", problem)
        return
    if state_id == current:
        return  # nothing changed

    from sipdesk.district.roster import set_state_id

    work = _change_and_reread(
        desk, lambda session: set_state_id(session, school_id, state_id, desk.path)
    )

    def done(result: tuple[StateIdSet, list[SchoolRow], str]) -> None:
        changed, rows, note = result
        window.statusBar().clearMessage()
        window._show_rows(rows)
        window._choose_school(changed.school_id)
        window.table.setFocus()
        window.banner.show_message(changed.line() + (f" {note}" if note else ""))
        window.state_id_set.emit(changed.line())

    def refused(exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        window.statusBar().clearMessage()
        if not isinstance(exc, PlanFileError):
            window._explain(exc)
            return
        window.dialogs.inform("The state school id could not be set", str(exc))
        window.table.setFocus()

    window.statusBar().showMessage(f"Setting {school}'s state school id…")
    window.runner.submit(work, on_done=done, on_error=refused)
