"""The document controller: one open plan, its undo stack and its autosave.

Every screen changes the plan through :meth:`PlanController.run`, which wraps a service
operation in one transaction (durable on return), pushes the returned Change onto the undo
stack and announces it, so undo/redo and autosave behave the same everywhere. Screens hold
ids and plain data, never live ORM objects. ``changed`` carries a
:class:`~sipdesk.services.notices.PlanNotice`: the parts of the plan the change touched.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sipdesk.services.changes import Change, PlanRuleError
from sipdesk.services.notices import PlanNotice
from sipdesk.storage import ExternalChangeError, PlanFileError
from sipdesk.ui import pyside_guard  # noqa: F401  (see its docstring)

if TYPE_CHECKING:  # SQLAlchemy and the edit path load when the plan is first read or edited
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import PlanDoc
    from sipdesk.models.tables import PlanTable
    from sipdesk.storage import PlanDocument

AUTOSAVE_DELAY_MS = 2000
Operation = Callable[["Session"], Change]
# (table, row id) -> the row's values now in effect, or None when the row no longer exists.
RowValues = dict[tuple[str, int], dict[str, Any] | None]


def values_in_effect(change: Change, *, forward: bool) -> RowValues:
    """What ``change`` leaves in each row it touched, after doing (forward) or undoing it.

    Field editors use this to follow undo and redo without re-reading the plan.
    """
    out: RowValues = {}
    steps = change.steps if forward else tuple(reversed(change.steps))
    for step in steps:
        key = (step.table, step.row_id)
        if step.kind == "update":
            values = step.after if forward else step.before
            current = out.get(key, {})
            if current is not None:
                out[key] = {**current, **(values or {})}
        elif (step.kind == "insert") == forward:
            out[key] = dict((step.after if forward else step.before) or {})
        else:
            out[key] = None
    return out


class ChangeCommand(QUndoCommand):
    """An undo step holding a Change; typing into one field merges into a single step."""

    MERGE_ID = 1

    def __init__(self, controller: PlanController, change: Change) -> None:
        super().__init__(change.label)
        self._controller = controller
        self.change = change
        self._done = True  # the operation already ran when the command is pushed
        # Set when the person left the field (or undid) before this edit: a new undo step.
        self.starts_step = False

    def id(self) -> int:
        return self.MERGE_ID if self.change.field_key() is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeCommand) or other.starts_step:
            return False
        merged = self.change.merged_with(other.change)
        if merged is None:
            return False
        self.change = merged
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._controller._replay(self.change, forward=True)

    def undo(self) -> None:
        self._controller._replay(self.change, forward=False)


class PlanController(QObject):
    """Owns an open :class:`PlanDocument` for the window."""

    changed = Signal(object)  # PlanNotice: what was just made, undone or redone (or a reload)
    values_changed = Signal(object)  # RowValues: what each touched row now holds
    refused = Signal(str)  # a plan rule said no: show this sentence
    save_state_changed = Signal(str)  # "Saved to Lincoln.sipdesk · 10:42" and the like
    save_failed = Signal(object)  # a PlanFileError from a write-back
    _writeback_done = Signal(object)  # internal: result from the worker thread

    def __init__(
        self,
        document: PlanDocument,
        parent: QObject | None = None,
        *,
        snapshot: PlanDoc | None = None,
    ) -> None:
        """``snapshot``: the plan as read right after opening (e.g. on the opening thread)."""
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)
        self._snapshot: PlanDoc | None = snapshot
        self._seal = False
        self._saving = False
        self._save_again = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_soon_now)
        self._writeback_done.connect(self._on_writeback_done)
        if document.dirty and not document.readonly:
            # Recovered (or just upgraded) work is newer than the file: write it back as
            # after any edit, so a plan emailed a moment later is not the old one.
            self._autosave.start()

    # ----------------------------------------------------------------- reading
    @property
    def readonly(self) -> bool:
        return self.document.readonly

    def session(self) -> Session:
        """A short-lived session for reading; close it (use ``with``)."""
        return self.document.session()

    def plan(self) -> PlanDoc:
        """The whole plan as typed read-only records, cached until the next change."""
        if self._snapshot is None:
            with self.document.session() as session:
                from sipdesk.services.snapshot import read_plan

                self._snapshot = read_plan(session)
        return self._snapshot

    # ----------------------------------------------------------------- editing
    def run(self, operation: Operation) -> Change | None:
        """Run one user action. Returns its Change, or None if refused or read-only."""
        if self.readonly:
            self.refused.emit(
                "This plan is open read-only. Use Save a copy to keep your own version."
            )
            return None
        try:
            with self.document.transaction() as session:
                change = operation(session)
        except PlanRuleError as exc:
            self.refused.emit(str(exc))
            return None
        except PlanFileError as exc:
            self.save_failed.emit(exc)
            return None
        if change.empty:
            return change
        command = ChangeCommand(self, change)
        command.starts_step, self._seal = self._seal, False
        self.undo_stack.push(command)
        self._announce(change)
        return change

    def seal_typing(self) -> None:
        """End the current typing burst: the next field edit becomes its own undo step.

        Field editors call this when they lose focus, so "Undo Edit vision" undoes one visit to
        the field, not everything ever typed into it.
        """
        self._seal = True

    def set_field(self, table: PlanTable, row_id: int, label: str, **values: Any) -> Change | None:
        """Shortcut for the most common edit: set fields of one row."""
        from sipdesk.services import edits

        return self.run(lambda s: edits.update_row(s, table.model, row_id, label, **values))

    def _replay(self, change: Change, *, forward: bool) -> None:
        from sipdesk.services import edits

        self._seal = True
        try:
            with self.document.transaction() as session:
                (edits.apply if forward else edits.revert)(session, change)
        except PlanFileError as exc:
            self.save_failed.emit(exc)
            return
        self._announce(change, forward=forward)

    def _announce(self, change: Change | None, *, forward: bool = True) -> None:
        self._snapshot = None
        if change is not None:
            self.values_changed.emit(values_in_effect(change, forward=forward))
        self.changed.emit(PlanNotice.of(change) if change is not None else PlanNotice.everything())
        self.save_state_changed.emit("Saving…")
        self._autosave.start()

    def reload(self) -> None:
        """Tell every screen to re-read everything (after restore from a backup)."""
        self.undo_stack.clear()
        self._announce(None)

    # ----------------------------------------------------------------- saving
    def save_soon_now(self) -> None:
        """Write the plan back now, on a worker thread (the window never waits for disk)."""
        self._autosave.stop()
        if self.readonly:
            return
        if self._saving:
            self._save_again = True
            return
        self._saving = True
        threading.Thread(target=self._writeback_worker, daemon=True).start()

    def _writeback_worker(self, force: bool = False) -> None:
        try:
            self.document.writeback(force=force)
            result: object = None
        except PlanFileError as exc:
            result = exc
        self._writeback_done.emit(result)

    def _on_writeback_done(self, result: object) -> None:
        self._saving = False
        if isinstance(result, PlanFileError):
            self.save_state_changed.emit("Not saved yet — your work is safe in SIP Desk")
            self.save_failed.emit(result)
            return
        self.save_state_changed.emit(self.saved_text())
        if self._save_again:
            self._save_again = False
            self.save_soon_now()

    def replace_theirs(self) -> None:
        """After an ExternalChangeError: overwrite the other version with ours."""
        self._saving = True
        threading.Thread(target=self._writeback_worker, args=(True,), daemon=True).start()

    def saved_text(self) -> str:
        if self.readonly:
            return f"Read-only · {self.document.path.name}"
        when = self.document.last_saved
        if when is None:  # nothing written back yet in this session: the file's own time
            try:
                when = dt.datetime.fromtimestamp(self.document.path.stat().st_mtime)
            except OSError:
                when = None
        stamp = f" · {when:%H:%M}" if when else ""
        if self.document.dirty:
            return "Saving…"
        return f"Saved to {self.document.path.name}{stamp}"

    def stop_autosave(self) -> None:
        """Cancel a pending autosave (the window is about to write back and close itself)."""
        self._autosave.stop()

    def flush(self) -> None:
        """Write back synchronously (used on close)."""
        self._autosave.stop()
        self.document.writeback()

    def close(self) -> None:
        self._autosave.stop()
        # Each undo step holds the controller: let them go now, in order, rather than leave
        # the circle to the garbage collector, which could free a step's Python half before
        # Qt deleted the step (a crash at exit, seen after a page test).
        self.undo_stack.clear()
        self.document.close()
        self._snapshot = None
        from sipdesk.services.snapshot import release_plans

        release_plans()  # what plan reads kept from the garbage collector


__all__ = [
    "ChangeCommand",
    "ExternalChangeError",
    "PlanController",
    "RowValues",
    "values_in_effect",
]
