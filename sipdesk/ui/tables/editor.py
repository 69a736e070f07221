"""A table of plan rows with Add / Remove / Move up / Move down, every change one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QVBoxLayout, QWidget

from sipdesk.services.changes import Change
from sipdesk.ui.tables.columns import Column
from sipdesk.ui.tables.flow import FlowLayout
from sipdesk.ui.tables.model import RowTableModel
from sipdesk.ui.tables.view import FormTableView, TableView

if TYPE_CHECKING:
    from sipdesk.ui.tables.wrap_view import WrapTableView

M = TypeVar("M", bound=RowTableModel)


class TableEditor(QWidget, Generic[M]):
    """A :class:`RowTableModel` in a view with Add / Remove / Move up / Move down buttons
    under it. Insert adds a row after the selected one, Delete removes it, Alt+Up / Alt+Down
    move it; typing or F2 edits a cell::

        team = TableEditor(
            TableRowsModel(controller, TeamMember, columns, noun="team member"),
            title="Leadership team",
        )

    Its view is a form's list (:class:`FormTableView`: the columns share the width by
    weight, rows are selected whole); :class:`WideTableEditor` shows a table of many fields
    instead. Either grows with its rows.

    A view that selects whole rows acts on the selected row; one that selects cells, on the
    current cell's row. The selection stays on its row when the model is reset.
    """

    row_added = Signal(int)  # the new row's id
    view: TableView
    BUTTON_SPACING = 8  # between the buttons under the table

    def __init__(
        self,
        model: M,
        *,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.controller = model.controller
        self.noun = noun = model.noun
        self.title = title
        if model.parent() is None:
            model.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.view = self._make_view()
        if model.can_add:
            self.view.empty_text = f"Nothing here yet. Use “Add {noun}” to start the list."
        self.view.setModel(model)
        self.view.use_columns(model.columns)
        self.view.setAccessibleName(title)
        self.view.setAccessibleDescription(
            f"Table of {noun}s. Type to edit a cell; Insert adds, Delete removes, Alt+Up and "
            "Alt+Down move the selected row."
        )
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.buttons = FlowLayout(spacing=self.BUTTON_SPACING)
        self.add_button = QPushButton(f"Add {noun}", self)
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.up_button = QPushButton("Move up", self)
        self.up_button.setAccessibleName(f"Move the selected {noun} up")
        self.down_button = QPushButton("Move down", self)
        self.down_button.setAccessibleName(f"Move the selected {noun} down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            self.add_extra_button(button)
        layout.addLayout(self.buttons)
        self.add_button.setVisible(model.can_add)
        self._keep: tuple[int, int] | None = None  # (row id, column) across a reset
        self._connect()
        self._update_buttons()

    def _make_view(self) -> TableView:
        return FormTableView(self)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        selection = self.view.selectionModel()
        selection.selectionChanged.connect(self._update_buttons)
        selection.currentChanged.connect(self._update_buttons)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)

    def add_extra_button(self, button: QPushButton) -> None:
        """Add ``button`` to the row of buttons under the table (after the others)."""
        button.setProperty("role", "secondary")
        self.buttons.addWidget(button)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show other ``columns`` (each edited and sized as it says)."""
        if tuple(columns) == self.model.columns:
            return
        self.model.set_columns(columns)
        self.view.use_columns(self.model.columns)
        self.view.refit()

    def add_below_table(self, widget: QWidget) -> None:
        """Show ``widget`` right under the table, above its buttons."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.view) + 1, widget)

    # ----------------------------------------------------------------- selection
    def current_row(self) -> int | None:
        """The row the buttons act on (None: no row)."""
        if self.view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
            rows = self.view.selectionModel().selectedRows()
            return rows[0].row() if rows else None
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def current_id(self) -> int | None:
        row = self.current_row()
        return None if row is None else self.model.row_id(row)

    def select_id(self, row_id: int, *, column: int = 0, edit: bool = False) -> bool:
        """Make the row with ``row_id`` current (in ``column``) and focus the table; with
        ``edit``, start editing that cell."""
        row = self.model.row_of(row_id)
        if row is None:
            return False
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if edit:
            self.view.edit(index)
        return True

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        writable = not self.controller.readonly
        count = self.model.rowCount()
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and row is not None)
        self.up_button.setEnabled(writable and row is not None and row > 0)
        self.down_button.setEnabled(writable and row is not None and row < count - 1)

    # ----------------------------------------------------------------- edits
    def _on_add_button_clicked(self) -> None:
        if not self.model.can_add:
            return
        row = self.current_row()
        new_id = self.model.add_row(None if row is None else row + 1)
        if new_id is not None:
            self.select_id(new_id, edit=True)
            self.row_added.emit(new_id)

    def _on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None:
            return
        column = max(self.view.currentIndex().column(), 0)
        self.model.remove_row(row)
        following = min(row, self.model.rowCount() - 1)
        if following >= 0:
            self.view.setCurrentIndex(self.model.index(following, column))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_current(self, delta: int) -> Change | None:
        """Move the selected row ``delta`` places (-1: up), keeping it selected."""
        row = self.current_row()
        if row is None or not 0 <= row + delta < self.model.rowCount():
            return None
        row_id = self.model.row_id(row)
        column = max(self.view.currentIndex().column(), 0)
        change = self.model.move_row(row, row + delta)
        self.select_id(row_id, column=column)
        return change

    def _on_up_button_clicked(self) -> None:
        self.move_current(-1)

    def _on_down_button_clicked(self) -> None:
        self.move_current(1)

    # ----------------------------------------------------------------- following the model
    def _on_model_about_to_be_reset(self) -> None:
        row = self.current_row()
        column = max(self.view.currentIndex().column(), 0)
        self._keep = (self.model.row_id(row), column) if row is not None else None

    def _on_model_reset(self) -> None:
        if self._keep is not None:
            row_id, column = self._keep
            at = self.model.row_of(row_id)
            if at is not None and column < self.model.columnCount():
                self.view.setCurrentIndex(self.model.index(at, column))
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt may still deliver events while Python tears the editor down (its attributes
        # already gone): nothing to do then.
        if watched is getattr(self, "view", None) and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            editing = self.view.state() == QAbstractItemView.State.EditingState
            if editing or self.controller.readonly:
                return False
            key, mods = key_event.key(), key_event.modifiers()
            if key == Qt.Key.Key_Insert and self.model.can_add:
                self._on_add_button_clicked()
                return True
            if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
                self._on_remove_button_clicked()
                return True
            if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return False


class WideTableEditor(TableEditor[M]):
    """A :class:`TableEditor` of a table with many fields (the actions, the adjustments
    log): a :class:`WrapTableView`, its columns sized in average characters, its cells
    selected one by one::

        actions = WideTableEditor(
            PlanItemsModel(controller, Action, columns, rows_of, "action", add=add_action),
            title="Actions",
        )
    """

    view: WrapTableView
    BUTTON_SPACING = 6

    def _make_view(self) -> WrapTableView:
        # (loaded by the pages that show a wide table, not by every page with a list)
        from sipdesk.ui.tables.wrap_view import WrapTableView

        return WrapTableView(self, grow=True)
