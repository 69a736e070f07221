"""The fishbone canvas's editing: typing labels in place, the commands on the selection and
the context menu that offers them.

The second layer of :class:`~sipdesk.ui.fishbone.canvas.FishboneCanvas` (its module lists the
keys). Every change is one service operation run through the plan controller, whose new
snapshot comes back through :meth:`~.view.CanvasView.set_fishbone`; where a command puts
things is worked out from the layout by :mod:`sipdesk.diagrams.editing`. Every
restructuring or deletion says in a sentence what moved (``message``) and is undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from sipdesk.diagrams import PROBLEM_ID
from sipdesk.diagrams.editing import (
    DRAFT_ID,
    CategoryMove,
    CauseMove,
    Direction,
    Draft,
    Target,
    category_ids,
    children_of,
    enter_draft,
    place_of,
    planned_move,
    selection_after_delete,
    shifted_draft,
)
from sipdesk.models.catalogues import category_sets
from sipdesk.models.tables import CAUSE, FISHBONE, FISHBONE_CATEGORY, PlanTable
from sipdesk.services import root_causes as rc
from sipdesk.ui.fishbone.cause_panel import short
from sipdesk.ui.fishbone.inline_editor import INDENT_KEYS, OUTDENT_KEYS
from sipdesk.ui.fishbone.view import LOCKED, CanvasView, LabelEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sipdesk.models.plan_types import CauseRow
    from sipdesk.services.changes import Change
    from sipdesk.ui.controller import PlanController
    from sipdesk.ui.fishbone.round_keeper import RoundKeeper

_DIRECTIONS: dict[Qt.Key, Direction] = {
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
}


class EditingCanvas(CanvasView):
    """Types labels in place and runs the commands on the selection, from the keys (see
    :mod:`.keys`) or the context menu (the second layer)."""

    def __init__(self, controller: PlanController | None = None, parent: QWidget | None = None):
        super().__init__(controller, parent)
        self._editor.committed.connect(self._on_editor_committed)
        self._editor.cancelled.connect(self._on_editor_cancelled)
        self._editor.indented.connect(self._on_editor_indented)
        self._editor.tabbed.connect(self._on_editor_tabbed)
        self._editor.left.connect(self._on_editor_left)
        self._editor.textEdited.connect(self._on_editor_text_edited)

    def set_round_keeper(self, keeper: RoundKeeper | None) -> None:
        """Take part in the window's voting rounds (see :mod:`.canvas`)."""
        self._keeper = keeper
        if keeper is not None:
            keeper.changed.connect(self._on_keeper_changed)
        self._relayout()

    def _on_keeper_changed(self) -> None:
        if self.in_round() and self._editing is not None:
            self._commit(advance=False)  # what was being typed is kept, then the lock holds
        self._relayout()

    # ----------------------------------------------------------------- in-place editing
    def _can_edit(self) -> bool:
        if self._controller is None:
            return False
        if self._locked():
            return False
        if self._controller.readonly:
            self.message.emit("This plan is open read-only, so the diagram cannot be changed.")
            return False
        return True

    def start_rename(self, target: Target | None = None) -> bool:
        """Open the in-place editor on a label (F2, double-click)."""
        target = target or self._selection
        if target is None or self._fishbone is None or self._box(target) is None:
            return False
        if not self._can_edit():
            return False
        kind, ident = target
        if kind == "problem":
            original = self._fishbone["problem"]
        elif kind == "category":
            category = self._category(ident)
            original = category["name"] if category else ""
        else:
            cause = self._cause(ident)
            original = cause["text"] if cause else ""
        self._cancel_edit(relayout=False)
        self.select(target)
        self._editing = LabelEdit(kind, ident, original)
        self._override = (kind, ident, original)
        self._open_editor(original)
        return True

    def start_cause_draft(self, category_id: int, parent_id: int | None, index: int) -> None:
        """Start typing a new cause at ``index`` in a bone's (or a cause's) list."""
        if not self._can_edit():
            return
        self._cancel_edit(relayout=False)
        self._draft = Draft("cause", index, category_id, parent_id)
        self._editing = LabelEdit("cause", DRAFT_ID, "")
        self._relayout()
        self._open_editor("")

    def start_category_draft(self, index: int) -> None:
        if not self._can_edit():
            return
        self._cancel_edit(relayout=False)
        self._draft = Draft("category", index)
        self._editing = LabelEdit("category", DRAFT_ID, "")
        self._relayout()
        self._open_editor("")

    def _open_editor(self, text: str) -> None:
        self._editor.setText(text)
        self._editor.selectAll()
        self._place_editor()
        self._editor.show()
        self._editor.raise_()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_editor_text_edited(self, text: str) -> None:
        if self._draft is not None:
            self._draft.text = text
        elif self._editing is not None:
            self._override = (self._editing.kind, self._editing.ident, text)
        # The diagram makes room as the label grows; coalesce a burst of keys into one layout.
        self._relayout_timer.start()

    def _on_editor_cancelled(self) -> None:
        self._cancel_edit()

    def _on_editor_left(self) -> None:
        if self._editing is not None:
            self._commit(advance=False, keep_focus=False)

    def _on_editor_committed(self, advance: bool) -> None:
        self._commit(advance=advance)

    def _commit(self, *, advance: bool, keep_focus: bool = True) -> None:
        edit, draft = self._editing, self._draft
        if edit is None:
            return
        text = self._editor.text().strip()
        self._cancel_edit(relayout=False)
        if keep_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        fishbone_id = self.fishbone_id
        if draft is not None:
            if not text:
                self._relayout()
                return
            if draft.kind == "cause":
                change = self._run(
                    lambda s: rc.add_cause(
                        s, draft.category_id, text, parent_id=draft.parent_id, index=draft.index
                    )
                )
                new = change.created_id("causes") if change else None
                self._relayout()
                if new is not None:
                    self.select(("cause", new))
                    if advance:
                        self.start_cause_draft(draft.category_id, draft.parent_id, draft.index + 1)
            else:
                assert fishbone_id is not None
                change = self._run(lambda s: rc.add_category(s, fishbone_id, text, draft.index))
                new = change.created_id("fishbone_categories") if change else None
                self._relayout()
                if new is not None:
                    self.select(("category", new))
                    if advance:
                        self.start_category_draft(draft.index + 1)
            return
        self._relayout()
        if text == edit.original.strip():
            return
        if edit.kind == "problem":
            assert fishbone_id is not None
            self._run(_setter(FISHBONE, fishbone_id, "Edit problem", problem=text))
        elif edit.kind == "category":
            self._run(_setter(FISHBONE_CATEGORY, edit.ident, "Rename category", name=text))
        else:
            self._run(_setter(CAUSE, edit.ident, "Edit cause", text=text))

    def _on_editor_indented(self, forward: bool) -> None:
        edit, draft = self._editing, self._draft
        if edit is None:
            return
        if draft is not None and draft.kind == "cause":
            self._shift_draft(draft, forward)
            return
        if edit.kind == "cause":
            ident = edit.ident
            self._commit(advance=False)
            self._indent(ident, forward)

    def _on_editor_tabbed(self, forward: bool) -> None:
        """Tab while typing keeps what was typed and moves on, as in any other field."""
        self._commit(advance=False)
        self.focusNextPrevChild(forward)

    def _shift_draft(self, draft: Draft, forward: bool) -> None:
        """Alt+→ / Alt+← on the cause being typed: hang it under the cause above, or take it
        out a level."""
        shifted = shifted_draft(self._drawn, draft, forward)
        if shifted is None:
            self.message.emit(
                "There is no cause above this one to hang it under."
                if forward
                else "This cause already sits on the bone itself."
            )
            return
        self._draft = shifted
        self._relayout()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------- commands on the selection
    def add_here(self, *, shift: bool = False) -> None:
        """What Enter does for the selection (see :mod:`.canvas`)."""
        target = self._selection
        if target is None:
            self.select(("problem", PROBLEM_ID))
            return
        draft = enter_draft(self._drawn, target, shift=shift)
        if draft.kind == "category":
            self.start_category_draft(draft.index)
        else:
            self.start_cause_draft(draft.category_id, draft.parent_id, draft.index)

    def _locked(self) -> bool:
        """True (and the room told why) while a voting round keeps the diagram as it is."""
        if self.in_round():
            self.message.emit(LOCKED)
            return True
        return False

    def delete_selected(self) -> None:
        target = self._selection
        if target is None or self._locked():
            return
        kind, ident = target
        if kind == "cause":
            then = selection_after_delete(self._drawn, target)
            removed = self._cause(ident)
            if self._run(lambda s: rc.delete_cause(s, ident)) is None:
                return
            under = sum(1 for _ in rc.iter_causes(removed["causes"] if removed else ()))
            also = f" with its {under} sub-cause{'s' if under != 1 else ''}" if under else ""
            self.message.emit(
                f"Removed {self._quote_cause(removed)}{also}. Undo (Ctrl+Z) brings it back."
            )
            self.select(then)
        elif kind == "category":
            then = selection_after_delete(self._drawn, target)
            category = self._category(ident)
            name = short(category["name"] if category else "") or "untitled"
            if self._run(lambda s: rc.delete_category(s, ident)) is None:
                return
            self.message.emit(
                f"Removed the category “{name}” and its causes. Undo (Ctrl+Z) brings them back."
            )
            self.select(then)

    def toggle_root(self) -> None:
        if self._locked():
            return
        if self._selection is None or self._selection[0] != "cause":
            self.message.emit("Select a cause to mark it as a root cause.")
            return
        ident = self._selection[1]
        cause = self._cause(ident)
        is_root = not (cause is not None and cause["is_root"])
        self._run(lambda s: rc.set_root(s, ident, is_root))

    def set_actionable(self, cause_id: int, value: bool) -> None:
        label = "Mark actionable" if value else "Mark not actionable"
        self._run(_setter(CAUSE, cause_id, label, actionable=value))

    def vote(self, delta: int, cause_id: int | None = None) -> None:
        """Place (+1) or take back (-1) a dot of the current voter on a cause."""
        if cause_id is None:
            if self._selection is None or self._selection[0] != "cause":
                self.message.emit("Select a cause to vote on it.")
                return
            cause_id = self._selection[1]
        voter, ident = self._voter, cause_id
        self._run(lambda s: rc.add_dot(s, ident, voter, delta))

    def _template_adder(self, key: str) -> Callable[[], object]:
        fishbone_id = self.fishbone_id

        def run() -> object:
            if fishbone_id is None:
                return None
            return self._run(lambda s: rc.add_template_categories(s, fishbone_id, key))

        return run

    def _indent(self, cause_id: int, forward: bool) -> None:
        if self._locked():
            return
        op = rc.indent_cause if forward else rc.outdent_cause
        if self._run(lambda s: op(s, cause_id)) is not None:
            self.select(("cause", cause_id))
            self.tell_where(cause_id)

    def _quote_cause(self, cause: CauseRow | None) -> str:
        return f"“{short(cause['text'] if cause else '', 60) or 'an untitled cause'}”"

    def tell_where(self, cause_id: int) -> None:
        """Say in a sentence where a cause sits now, after a key or a drag moved it."""
        for category in self._categories():
            parents: dict[int, CauseRow] = {}
            for cause, _depth in rc.iter_causes(category["causes"]):
                for child in cause["causes"]:
                    parents[child["id"]] = cause
                if cause["id"] != cause_id:
                    continue
                what = self._quote_cause(cause)
                parent = parents.get(cause_id)
                if parent is not None:
                    where = f"is now a sub-cause of {self._quote_cause(parent)}"
                else:
                    name = short(category["name"], 40) or "untitled"
                    where = f"now sits on the “{name}” bone"
                self.message.emit(f"{what} {where}. Undo (Ctrl+Z) puts it back.")
                return

    def move_selected(self, key: int) -> None:
        """Ctrl+arrow: reorder, or move a cause to the neighbouring bone."""
        target = self._selection
        if target is None or self._locked():
            return
        kind, ident = target
        direction = _DIRECTIONS.get(Qt.Key(key))
        if direction is None:
            return
        move = planned_move(self._drawn, target, direction)
        if isinstance(move, CategoryMove):
            category_move = move
            self._run(lambda s: rc.move_category(s, ident, category_move.index))
            self.select(target)
            return
        if kind != "cause" or (move is None and direction in ("left", "right")):
            return
        if isinstance(move, CauseMove):
            cause_move = move
            self._run(
                lambda s: rc.move_cause(
                    s,
                    ident,
                    cause_move.index,
                    category_id=cause_move.category_id,
                    parent_id=cause_move.parent_id,
                )
            )
        # Up or Down at the end of its list moves nothing, and still says where it is.
        self.select(target)
        self.tell_where(ident)

    # ----------------------------------------------------------------- context menu
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.in_round():
            self.message.emit(LOCKED)
            return
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            hit = self._hit(event.pos())
            self.select(hit, visible=False)
        menu = self.context_menu(self._selection)
        menu.exec(event.globalPos())

    def _menu_at_selection(self) -> None:
        point = (
            self.viewport_point(self._selection)
            if self._selection is not None
            else self.viewport().rect().center()
        )
        self.context_menu(self._selection).exec(self.viewport().mapToGlobal(point))

    def context_menu(self, target: Target | None) -> QMenu:
        """The menu for a label (or the empty canvas); its actions act at once."""
        menu = QMenu(self)
        menu.setAccessibleName("Diagram actions")

        def add(text: str, slot: Callable[[], object], keys: str = "") -> QAction:
            action = menu.addAction(text)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutVisibleInContextMenu(True)
            action.triggered.connect(slot)
            return action

        if self._fishbone is None:
            return menu
        if target is None or target[0] == "problem":
            add("Edit problem", lambda: self.start_rename(("problem", PROBLEM_ID)), "F2")
            add("Add category", lambda: self.start_category_draft(len(category_ids(self._drawn))))
            menu.addSeparator()
            for chosen in category_sets():
                add(f"Add the {chosen.name} categories", self._template_adder(chosen.key))
        elif target[0] == "category":
            add("Add cause", lambda: self.add_here(), "Return")
            add("Rename category", lambda: self.start_rename(target), "F2")
            add("Add category after", lambda: self.add_here(shift=True), "Shift+Return")
            menu.addSeparator()
            add("Move left", lambda: self.move_selected(Qt.Key.Key_Left), "Ctrl+Left")
            add("Move right", lambda: self.move_selected(Qt.Key.Key_Right), "Ctrl+Right")
            menu.addSeparator()
            add("Delete category", self.delete_selected, "Delete")
        else:
            ident = target[1]
            cause = self._cause(ident)
            add("Rename", lambda: self.start_rename(target), "F2")
            add("Add cause after", lambda: self.add_here(), "Return")
            add("Add sub-cause", lambda: self.add_here(shift=True), "Shift+Return")
            menu.addSeparator()
            root = add("Root cause", self.toggle_root, "Ctrl+R")
            root.setCheckable(True)
            actionable_now = cause is not None and cause["actionable"]
            root.setChecked(cause is not None and cause["is_root"])
            actionable = add("Actionable", lambda: self.set_actionable(ident, not actionable_now))
            actionable.setCheckable(True)
            actionable.setChecked(actionable_now)
            menu.addSeparator()
            add(
                "Make sub-cause of the cause above",
                lambda: self._indent(ident, True),
                INDENT_KEYS,
            )
            add("Take out a level", lambda: self._indent(ident, False), OUTDENT_KEYS)
            move = menu.addMenu("Move to category")
            here = place_of(self._drawn, ident).category_id
            for category in self._fishbone.get("categories") or []:
                cid = int(category["id"])
                action = move.addAction(str(category["name"]) or "Untitled category")
                action.setEnabled(cid != here)
                action.triggered.connect(
                    lambda _=False, c=cid: self._run(
                        lambda s: rc.move_cause(
                            s, ident, len(children_of(self._drawn, c, None)), category_id=c
                        )
                    )
                )
            if self._vote_mode:
                menu.addSeparator()
                add("Place a dot", lambda: self.vote(1, ident), "+")
                add("Take back a dot", lambda: self.vote(-1, ident), "-")
            menu.addSeparator()
            add("Delete cause", self.delete_selected, "Delete")
        return menu


__all__ = ["EditingCanvas"]


def _setter(
    table: PlanTable, row_id: int, label: str, **values: Any
) -> Callable[[Session], Change]:
    """The edit that sets fields of one row; the edit path (and SQLAlchemy) loads when it runs,
    not when the canvas is built (issue 12)."""

    def run(session: Session) -> Change:
        from sipdesk.services import edits

        return edits.update_row(session, table.model, row_id, label, **values)

    return run
