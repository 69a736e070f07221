"""Binding one editor to one field of one row.

A :class:`FieldBinding` writes through :meth:`PlanController.set_field` (so typing merges into
one undo step per visit to the field) and follows undo/redo through the controller's
``values_changed`` signal, without re-reading the plan. The field widgets in
:mod:`sipdesk.ui.widgets.fields` are built on it; use it directly for a custom editor::

    binding = FieldBinding(controller, GOAL, "text", "Edit goal", editor,
                           read=editor.text, write=editor.setText)
    binding.bind(goal_id, goal["text"])
    editor.textEdited.connect(binding.commit_from_widget)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from sipdesk.models.tables import PlanTable
from sipdesk.services.changes import Change
from sipdesk.ui.controller import PlanController, RowValues


def is_undo_key(event: QEvent) -> bool:
    """Undo/redo keys, which the window's Edit menu handles for the whole plan."""
    if not isinstance(event, QKeyEvent):
        return False
    ctrl = Qt.KeyboardModifier.ControlModifier
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or event.keyCombination() == QKeyCombination(ctrl, Qt.Key.Key_Y)
        or event.keyCombination()
        == QKeyCombination(ctrl | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z)
    )


class FieldBinding(QObject):
    """Keeps ``widget`` and one field of one row in step, both ways."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        label: str,
        widget: QWidget,
        *,
        read: Callable[[], Any],
        write: Callable[[Any], None],
    ) -> None:
        super().__init__(widget)
        self.controller = controller
        self.plan_table = table
        self.table = table.name
        self.field = field
        self.label = label
        self.row_id: int | None = None
        self._widget = widget
        self._read = read
        self._write = write
        self._writing = False
        controller.values_changed.connect(self._on_controller_values_changed)
        widget.installEventFilter(self)

    # ----------------------------------------------------------------- model -> widget
    def bind(self, row_id: int | None, value: Any) -> None:
        """Point the editor at ``row_id`` (None: nothing to edit yet) and show ``value``."""
        self.row_id = row_id
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        """Show ``value`` without recording an edit."""
        if self._read() == value:
            return
        self._writing = True
        try:
            self._write(value)
        finally:
            self._writing = False

    def _on_controller_values_changed(self, values: RowValues) -> None:
        if self.row_id is None:
            return
        row = values.get((self.table, self.row_id), {})
        if row and self.field in row:
            self.show_value(row[self.field])

    # ----------------------------------------------------------------- widget -> model
    def commit(self, value: Any) -> Change | None:
        """Store ``value`` (one transaction; typing into one field merges into one undo step)."""
        if self._writing or self.row_id is None:
            return None
        return self.controller.set_field(
            self.plan_table, self.row_id, self.label, **{self.field: value}
        )

    def commit_from_widget(self, *_: Any) -> Change | None:
        return self.commit(self._read())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.controller.seal_typing()
        return False
