"""A table of plan rows (actions, measures, supports, adjustments …) edited in place.

Each column names one field; ``setData`` runs a service operation through the controller, so
every cell edit is one undo step and is stored at once. Rows come from the plain snapshot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from sipdesk.models import Base
from sipdesk.services import edits, outline
from sipdesk.services.edits import Change
from sipdesk.services.values import format_money, parse_date, parse_money
from sipdesk.ui.controller import PlanController
from sipdesk.ui.widgets.batches import size_rows
from sipdesk.ui.widgets.table import EAGER_ROWS
from sipdesk.ui.widgets.wrapping import WrapDelegate, shown_text

Row = dict[str, Any]
Writer = Callable[[Session, int, Any], Change]
REF_ROLE = Qt.ItemDataRole.UserRole + 3
SIZE_SAMPLE_ROWS = 100  # rows read to size a column (more held a 2,000-row table up)


def unbroken_width(text: str, font: QFont) -> int:
    """The width of the longest piece of ``text`` that cannot wrap: a word, or a part of
    one where Qt may break it (after the hyphen of "ready-to-teach", the slash of
    "and/or"). A column narrower than that would cut the piece off."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    widest = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(1.0)  # one piece a line
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return math.ceil(widest)


@dataclass(frozen=True)
class Column:
    """One editable (or read-only) column.

    ``kind``: ``text``, ``money`` (typed amount → cents), ``date`` (typed date → date),
    ``choice`` (``choices()`` gives (label, value) pairs; ``free`` lets people type their own),
    ``check`` (a tick box), ``readonly`` or ``parts``. ``chars`` is the width it asks for in
    average characters; ``stretch`` (default: free text columns) makes it share the table's
    spare width and wrap, where other columns keep to their contents. ``tip`` is the header's
    tooltip (its full name, when ``header`` is a short one).

    A ``parts`` column shows several fields of the row in one cell (a start and a due date as
    one timeline, say) so a table with many fields still fits a laptop; ``parts`` are those
    fields as columns of their own, edited together in one editor (Tab moves between them)
    and stored as one undo step.
    """

    key: str
    header: str
    kind: str = "text"
    chars: int = 16
    choices: Callable[[], Sequence[tuple[str, Any]]] | None = None
    free: bool = False
    display: Callable[[Row], str] | None = None
    write: Writer | None = None
    placeholder: str = ""
    stretch: bool | None = None
    parts: tuple[Column, ...] = ()
    tip: str = ""

    @property
    def stretches(self) -> bool:
        return self.kind == "text" if self.stretch is None else self.stretch

    @property
    def title(self) -> str:
        """The column's full name (its tooltip)."""
        return self.tip or self.header

    def fields(self) -> tuple[Column, ...]:
        """The row's fields this column shows: its parts, or itself."""
        return self.parts or (self,)

    def edit_text(self, row: Row) -> Any:
        """What an editor starts from: amounts as plain numbers, fixed choices as values."""
        if self.kind == "money":
            value = row.get(self.key)
            return "" if value is None else f"{value / 100:.2f}"
        if self.kind == "choice" and not self.free:
            return row.get(self.key)
        if self.parts:
            return tuple(part.edit_text(row) for part in self.parts)
        if self.kind == "date":
            return self.text(row).replace("\n", " ")  # one line to type over
        return self.text(row)

    def stored(self, value: Any) -> Any:
        """A typed value as it is stored (cents, a date); ValueError if it cannot be."""
        if self.kind == "money":
            return parse_money(str(value or ""))
        if self.kind == "date":
            return parse_date(str(value or ""))
        if self.kind == "text":
            return "" if value is None else str(value)
        return value

    def text(self, row: Row) -> str:
        if self.display is not None:
            return self.display(row)
        if self.parts:
            return "\n".join(t for t in (part.text(row) for part in self.parts) if t)
        value = row.get(self.key)
        if self.kind == "money":
            return format_money(value)
        if self.kind == "choice" and self.choices is not None and not self.free:
            for label, choice in self.choices():
                if choice == value:
                    return label
            return ""
        if self.kind == "check":
            return ""
        return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel):
    """Rows of one plan table; ``load(doc)`` takes them from the snapshot via ``rows_of``."""

    def __init__(
        self,
        controller: PlanController,
        model: type[Base],
        columns: Sequence[Column],
        rows_of: Callable[[dict[str, Any]], list[Row]],
        kind: str,
        parent: QWidget | None = None,
        *,
        row_label: Callable[[Row, int], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._row_label = row_label
        self._controller = controller
        self._model = model
        self.columns = tuple(columns)
        self._rows_of = rows_of
        self.kind = kind  # "action", "measure" … for refs
        self.table = model.__tablename__
        self._rows: list[Row] = []

    def load(self, doc: dict[str, Any]) -> None:
        rows = self._rows_of(doc)
        if [r["id"] for r in rows] == [r["id"] for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1)
                )
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(rows) - 1)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return int(self._rows[row]["id"])

    def row_of(self, row_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row["id"] == row_id:
                return i
        return None

    def row_data(self, row: int) -> Row:
        return self._rows[row]

    def column_of(self, key: str) -> int:
        """The column showing the field ``key`` (itself, or as one of its parts)."""
        return next(i for i, c in enumerate(self.columns) if any(f.key == key for f in c.fields()))

    # ----------------------------------------------------------------- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if self._controller.readonly or column.kind == "readonly":
            return base
        if column.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return column.edit_text(row)
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "check":
            return (
                Qt.CheckState.Checked.value
                if row.get(column.key)
                else Qt.CheckState.Unchecked.value
            )
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            joint = "\n" if role == Qt.ItemDataRole.ToolTipRole else "; "
            return joint.join(f"{f.title}: {f.text(row) or '(empty)'}" for f in column.fields())
        if role == REF_ROLE:
            return outline.item_ref(self.kind, row["id"])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            if self._row_label is not None:
                return self._row_label(self._rows[section], section)
            return str(section + 1)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not (self.flags(index) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)):
            return False
        column = self.columns[index.column()]
        row_id = self.row_id(index.row())
        if column.kind == "check":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.parts:
            # {part key: typed text} for the parts that changed
            if not isinstance(value, dict) or not value:
                return False
        elif column.kind == "text":
            value = "" if value is None else str(value)
        change = self._controller.run(lambda s: self._write(s, column, row_id, value))
        return change is not None

    def _write(self, session: Session, column: Column, row_id: int, value: Any) -> Change:
        if column.write is not None:
            return column.write(session, row_id, value)
        if column.parts:
            parts = {part.key: part for part in column.parts}
            values = {key: parts[key].stored(typed) for key, typed in value.items()}
            # One part changed: the undo step names it ("Edit due"); several: the column.
            named = parts[next(iter(values))] if len(values) == 1 else column
            label = f"Edit {named.title.lower()}"
            return edits.update_row(session, self._model, row_id, label, **values)
        label = f"Edit {column.title.lower()}"
        return edits.update_row(
            session, self._model, row_id, label, **{column.key: column.stored(value)}
        )


class PartsEditor(QFrame):
    """The editor of a ``parts`` column: one captioned field per part, stacked. Tab and
    Shift+Tab move between the fields and, past the first or last, to the next cell; Enter
    stores them all, Escape leaves them as they were, leaving the editor stores them."""

    def __init__(
        self,
        column: Column,
        parent: QWidget | None,
        done: Callable[[QAbstractItemDelegate.EndEditHint, bool], None],
    ) -> None:
        super().__init__(parent)
        self.column = column
        self._done = done
        self._finished = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)  # it lies over the cells around it
        self.setAccessibleName(column.title)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.fields: list[QLineEdit | QComboBox] = []
        for row, part in enumerate(column.parts):
            caption = QLabel(part.header, self)
            field: QLineEdit | QComboBox
            if part.kind == "choice" and part.choices is not None:
                field = QComboBox(self)
                field.setEditable(part.free)
                for text, value in part.choices():
                    field.addItem(text, value)
            else:
                field = QLineEdit(self)
                if part.placeholder:
                    field.setPlaceholderText(part.placeholder)
            field.setAccessibleName(part.title)
            field.setMinimumWidth(self.fontMetrics().averageCharWidth() * min(part.chars, 16))
            caption.setBuddy(field)
            grid.addWidget(caption, row, 0)
            grid.addWidget(field, row, 1)
            field.installEventFilter(self)
            line = field.lineEdit() if isinstance(field, QComboBox) else None
            if line is not None:
                line.installEventFilter(self)
            self.fields.append(field)
        grid.setColumnStretch(1, 1)
        if self.fields:
            self.setFocusProxy(self.fields[0])

    # ----------------------------------------------------------------- values
    def values(self) -> list[Any]:
        out: list[Any] = []
        for part, field in zip(self.column.parts, self.fields, strict=True):
            if isinstance(field, QComboBox):
                out.append(field.currentText() if part.free else field.currentData())
            else:
                out.append(field.text())
        return out

    def set_values(self, values: Sequence[Any]) -> None:
        for part, field, value in zip(self.column.parts, self.fields, values, strict=False):
            if isinstance(field, QComboBox):
                if part.free:
                    field.setCurrentText("" if value is None else str(value))
                else:
                    field.setCurrentIndex(max(field.findData(value), 0))
            else:
                field.setText("" if value is None else str(value))

    def changed(self, before: Sequence[Any]) -> dict[str, Any]:
        """{part key: value} for the parts whose value differs from ``before``."""
        out = {}
        for part, was, now in zip(self.column.parts, before, self.values(), strict=False):
            if (was or "") != (now or ""):
                out[part.key] = now
        return out

    # ----------------------------------------------------------------- keys and focus
    def _field_of(self, watched: QObject) -> int:
        for number, field in enumerate(self.fields):
            if watched is field or (isinstance(field, QComboBox) and watched is field.lineEdit()):
                return number
        return -1

    def _finish(self, hint: QAbstractItemDelegate.EndEditHint, commit: bool = True) -> None:
        if not self._finished:
            self._finished = True
            self._done(hint, commit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        number = self._field_of(watched)
        if number < 0:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            key, mods = key_event.key(), key_event.modifiers()
            hint = QAbstractItemDelegate.EndEditHint
            back = key == Qt.Key.Key_Backtab or (
                key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ShiftModifier
            )
            if key == Qt.Key.Key_Tab and not back:
                if number + 1 < len(self.fields):
                    self.fields[number + 1].setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self._finish(hint.EditNextItem)
                return True
            if back:
                if number > 0:
                    self.fields[number - 1].setFocus(Qt.FocusReason.BacktabFocusReason)
                else:
                    self._finish(hint.EditPreviousItem)
                return True
            popup = isinstance(watched, QComboBox) and watched.view().isVisible()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not popup:
                self._finish(hint.SubmitModelCache)
                return True
            if key == Qt.Key.Key_Escape and not popup:
                self._finish(hint.RevertModelCache, commit=False)
                return True
        elif kind == QEvent.Type.FocusOut:
            QTimer.singleShot(0, self, self._on_focus_moved)
        return False

    def _on_focus_moved(self) -> None:
        """Focus went elsewhere (a click outside the table, say): store what was typed."""
        focus = QApplication.focusWidget()
        while focus is not None:
            if focus is self:
                return
            focus = focus.parentWidget()
        if any(isinstance(f, QComboBox) and f.view().isVisible() for f in self.fields):
            return  # a choice list of ours is open
        self._finish(QAbstractItemDelegate.EndEditHint.NoHint)


class RowDelegate(WrapDelegate):
    """Editors per column kind: a typed line, a combo box (editable for ``free`` choices), or
    for a ``parts`` column a :class:`PartsEditor` with one field per part."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._editor_heights: dict[tuple[str, int], int] = {}

    def editor_height(self, view: QAbstractItemView) -> int:
        """How tall the tallest editor is (a :class:`PartsEditor`'s stacked fields), in the
        view's font and style: a table shorter than that would cut it off."""
        parts = [c for c in self._columns if c.parts]
        if not parts:
            return 0
        app = QApplication.instance()
        sheet = app.styleSheet() if isinstance(app, QApplication) else ""
        key = (view.font().toString(), hash(sheet))
        if key not in self._editor_heights:
            heights = []
            for column in parts:
                # measured unparented and never shown: not a stray widget in the table
                probe = PartsEditor(column, None, lambda _hint, _commit: None)
                probe.setFont(view.font())
                probe.ensurePolished()
                heights.append(probe.sizeHint().height())
                probe.deleteLater()
            self._editor_heights = {key: max(heights)}
        return self._editor_heights[key]

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        column = self._columns[index.column()]
        if column.parts:
            editor: PartsEditor | None = None

            def done(hint: QAbstractItemDelegate.EndEditHint, commit: bool) -> None:
                assert editor is not None
                if commit:
                    self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint)

            editor = PartsEditor(column, parent, done)
            return editor
        if column.kind == "choice" and column.choices is not None:
            combo = QComboBox(parent)
            combo.setEditable(column.free)
            for label, value in column.choices():
                combo.addItem(label, value)
            combo.setAccessibleName(column.title)
            return combo
        line = QLineEdit(parent)
        line.setAccessibleName(column.title)
        line.setFrame(False)
        if column.placeholder:
            line.setPlaceholderText(column.placeholder)
        return line

    def updateEditorGeometry(
        self,
        editor: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not isinstance(editor, PartsEditor):
            super().updateEditorGeometry(editor, option, index)
            return
        # As wide and tall as its fields need (over the cells around it if the cell is
        # smaller), kept inside the table.
        rect = QRect(option.rect)
        hint = editor.sizeHint()
        rect.setWidth(max(rect.width(), hint.width()))
        rect.setHeight(max(rect.height(), hint.height()))
        area = editor.parentWidget()
        if area is not None:
            room = area.rect()
            if rect.right() > room.right():
                rect.moveRight(room.right())
            if rect.bottom() > room.bottom():
                rect.moveBottom(room.bottom())
            rect.moveLeft(max(rect.left(), 0))
            rect.moveTop(max(rect.top(), 0))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, PartsEditor):
            editor.set_values(value if isinstance(value, tuple) else ())
            return
        if isinstance(editor, QComboBox):
            column = self._columns[index.column()]
            if column.free:
                editor.setCurrentText("" if value is None else str(value))
            else:
                found = editor.findData(value)
                editor.setCurrentIndex(max(found, 0))
            return
        if isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, PartsEditor):
            before = index.data(Qt.ItemDataRole.EditRole)
            changed = editor.changed(before if isinstance(before, tuple) else ())
            if changed:
                model.setData(index, changed, Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QComboBox):
            column = self._columns[index.column()]
            value = editor.currentText() if column.free else editor.currentData()
            if value != index.data(Qt.ItemDataRole.EditRole):
                model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            if editor.text() != (index.data(Qt.ItemDataRole.EditRole) or ""):
                model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class WrapHeader(QHeaderView):
    """A header whose titles wrap onto more lines instead of being cut off.

    Horizontal: each title wraps within its column, and the header is as tall as the
    tallest title (``fit_height``). Vertical with ``chars``: row titles (a report's line
    labels) wrap within ``chars`` average characters, so a long label makes its row taller
    instead of making the label column take the table's width.
    """

    def __init__(
        self, orientation: Qt.Orientation, parent: QWidget | None = None, *, chars: int = 0
    ) -> None:
        super().__init__(orientation, parent)
        self.chars = chars
        wrap = Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        if orientation == Qt.Orientation.Horizontal:
            self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | wrap)
        elif chars:
            self.setDefaultAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | wrap
            )
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def _wraps(self) -> bool:
        return self.orientation() == Qt.Orientation.Horizontal or self.chars > 0

    def title_metrics(self) -> QFontMetrics:
        """The titles' metrics (the theme draws them semi-bold: measure them bold)."""
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font)

    def title(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def _padding(self, section: int, text: str) -> QSize:
        """Room the style adds around a title (the theme's padding and borders)."""
        base = super().sectionSizeFromContents(section)
        natural = self.title_metrics().size(0, text)
        return QSize(
            max(8, base.width() - natural.width()), max(4, base.height() - natural.height())
        )

    def word_width(self, section: int) -> int:
        """The narrowest a section can be without cutting a word of its title."""
        text = self.title(section)
        metrics = self.title_metrics()
        words = text.split()
        widest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        return widest + self._padding(section, text).width()

    def full_width(self, section: int) -> int:
        """The width of the title on one line (per line, for a title with line breaks)."""
        text = self.title(section)
        return self.title_metrics().size(0, text).width() + self._padding(section, text).width()

    def label_width(self) -> int:
        """Vertical, wrapping: the width of the label column — ``chars`` characters (so the
        tables of one page line up), or the longest word of a title if that is wider."""
        model = self.model()
        if model is None or not model.rowCount():
            return 0
        cap = self.fontMetrics().averageCharWidth() * self.chars
        return max(cap, *(self.word_width(s) for s in range(model.rowCount())))

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        base = super().sectionSizeFromContents(logicalIndex)
        if not self._wraps():
            return base
        text = self.title(logicalIndex)
        if not text:
            return base
        pad = self._padding(logicalIndex, text)
        if self.orientation() == Qt.Orientation.Horizontal:
            room = self.sectionSize(logicalIndex) - pad.width()
        else:
            room = (self.width() if self.width() > 0 else self.label_width()) - pad.width()
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap.value)
        box = self.title_metrics().boundingRect(QRect(0, 0, max(room, 8), 100_000), flags, text)
        return QSize(base.width(), max(base.height(), box.height() + pad.height()))

    def fit_height(self) -> int:
        """Horizontal: as tall as the tallest wrapped title."""
        model = self.model()
        if model is None:
            return 0
        heights = [
            self.sectionSizeFromContents(s).height()
            for s in range(model.columnCount())
            if not self.isSectionHidden(s)
        ]
        height = max(heights, default=self.fontMetrics().height() + 8)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
        return height


class WrapTableView(QTableView):
    """A table whose columns share the width sensibly and whose rows grow to show wrapped
    text; everything is re-fitted whenever the width, the font (presentation zoom) or the data
    change. Tab leaves the table, as in a form.

    Column widths (``set_column_chars``): a column that *stretches* (free text) shares the
    room left over in proportion to its character count, never narrower than half of it (or
    its longest header word); any other column (dates, amounts, tick boxes, short choices) is
    as wide as its contents, up to its character count, and wraps beyond it. Short of room,
    columns give up their comfort first, then long words break inside (the cells wrap
    anywhere); only when even that does not fit does the table scroll sideways, the row
    titles staying put.
    Header titles wrap rather than being cut, and every header has its title as a tooltip.
    """

    MIN_STRETCH_CHARS = 8
    TIGHT_WORD_CHARS = 7  # a longer word may break when nothing else makes the table fit

    def __init__(
        self, parent: QWidget | None = None, *, grow: bool = False, label_chars: int = 0
    ) -> None:
        super().__init__(parent)
        self._chars: tuple[int, ...] = ()
        self._stretch: tuple[bool, ...] = ()
        self._measured: dict[int, tuple[int | None, int]] = {}  # col → content widths
        self._applying = False
        self._numbers_give_way = False
        self.setHorizontalHeader(WrapHeader(Qt.Orientation.Horizontal, self))
        # The widths follow the table's width (column_widths); a border dragged by hand would
        # only snap back at the next refit, so the borders do not offer to be dragged.
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setVerticalHeader(WrapHeader(Qt.Orientation.Vertical, self, chars=label_chars))
        # grow: the table is as tall as its rows (inside a scrolling page, the page scrolls)
        self._grow = grow
        if grow:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setWordWrap(True)
        self.setItemDelegate(WrapDelegate(self))
        self.setTabKeyNavigation(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.refit)
        self._refit_when_shown = False
        self._next_row = 0
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self._on_rows_timer_timeout)
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)

    # ----------------------------------------------------------------- widths
    def set_column_chars(self, chars: Sequence[int], stretch: Sequence[bool] | None = None) -> None:
        """Column widths in average characters, and which columns stretch (share the spare
        room and wrap); by default only the last one does."""
        self._chars = tuple(chars)
        if stretch is None:
            stretch = [i == len(self._chars) - 1 for i in range(len(self._chars))]
        self._stretch = tuple(stretch)
        self._schedule_refit()

    def column_widths(self) -> list[int]:
        """The widths the columns should have at the current size (see the class doc).

        First every stretching column gets its minimum and every other column its contents'
        width; if that is too wide and wrapping the other columns (never below their longest
        word) makes it fit, they give up the room; else the table scrolls sideways. Any room
        left is shared by the stretching columns by their character counts.
        """
        model = self.model()
        if model is None:
            return []
        header = self.horizontalHeader()
        assert isinstance(header, WrapHeader)
        unit = max(1, self.fontMetrics().averageCharWidth())
        pad = self._cell_padding()
        count = model.columnCount()
        widths = [0] * count
        floor, tight = self._floors()
        mins: dict[int, int] = {}
        weights: dict[int, int] = {}
        for col in range(count):
            if self.isColumnHidden(col):
                continue
            chars = self._chars[col] if col < len(self._chars) else 12
            stretches = self._stretch[col] if col < len(self._stretch) else False
            content, _longest = self._content_widths(col)
            if stretches:
                mins[col] = max(floor[col], max(self.MIN_STRETCH_CHARS, chars // 2) * unit + pad)
                weights[col] = max(1, chars)
                continue
            cap = chars * unit + pad
            wanted = min(cap, header.full_width(col)) if content is None else min(content, cap)
            widths[col] = max(floor[col], wanted)
        avail = self.viewport().width()
        deficit = sum(widths) + sum(mins.values()) - avail
        give = {c: widths[c] - floor[c] for c in range(count) if c not in mins and widths[c]}
        spare = sum(give.values())
        if 0 < deficit <= spare:  # only when wrapping them saves scrolling sideways
            share = deficit / spare
            for col, room in give.items():
                widths[col] -= math.ceil(room * share)
        elif deficit > spare:
            # Still too wide: before scrolling sideways, let the text columns give up some of
            # their comfortable minimum too (down to a third of their characters).
            squeezed = {
                col: max(floor[col], max(self.MIN_STRETCH_CHARS, weights[col] // 3) * unit + pad)
                for col in mins
            }
            others = sum(widths[c] for c in range(count) if c not in give and c not in mins)
            if sum(floor[c] for c in give) + others + sum(squeezed.values()) <= avail:
                for col in give:
                    widths[col] = floor[col]
                mins = squeezed
            elif sum(floor[c] for c in give) + others + sum(floor[c] for c in mins) <= avail:
                # Every column at its narrowest with its words whole.
                for col in give:
                    widths[col] = floor[col]
                mins = {col: floor[col] for col in mins}
            elif sum(tight[c] for c in give) + others + sum(tight[c] for c in mins) <= avail:
                # Even so: a word too long for its column breaks onto the next line (never
                # cut off) rather than the table scrolling sideways.
                for col in give:
                    widths[col] = tight[col]
                mins = {col: tight[col] for col in mins}
            else:
                # It scrolls sideways: as little as it can, every word whole.
                for col in give:
                    widths[col] = floor[col]
                mins = {col: floor[col] for col in mins}
        room = avail - sum(widths)
        pool = dict(weights)
        while pool:  # columns whose share would be below their minimum get the minimum
            total = sum(pool.values())
            short = [c for c in pool if room * pool[c] / total < mins[c]]
            if not short:
                break
            for col in short:
                widths[col] = mins[col]
                room -= mins[col]
                del pool[col]
        if pool:
            total = sum(pool.values())
            for col in pool:
                widths[col] = int(room * pool[col] / total)
            widths[max(pool)] += room - sum(widths[c] for c in pool)
        else:
            visible = [c for c in range(count) if not self.isColumnHidden(c)]
            if visible and room > 0:
                widths[visible[-1]] += room  # no text column: the last takes what is left
        return widths

    def _floors(self) -> tuple[list[int], list[int]]:
        """Per column, the narrowest it may be with every word of its title and cells whole,
        and (tight) with a cell's long words broken (see :class:`WrapDelegate`)."""
        model = self.model()
        header = self.horizontalHeader()
        assert isinstance(header, WrapHeader)
        unit = max(1, self.fontMetrics().averageCharWidth())
        pad = self._cell_padding()
        word_cap = unit * 16 + pad  # a longer "word" (a URL, say) may wrap anywhere
        tight_cap = unit * self.TIGHT_WORD_CHARS + pad
        count = model.columnCount() if model is not None else 0
        floor, tight = [0] * count, [0] * count
        for col in range(count):
            if self.isColumnHidden(col):
                continue
            longest = self._content_widths(col)[1]
            floor[col] = max(header.word_width(col), min(longest + pad, word_cap))
            tight[col] = max(header.word_width(col), min(longest + pad, tight_cap))
        return floor, tight

    def set_numbers_give_way(self, give_way: bool) -> None:
        """Let the row numbers make room: hidden while the columns fit only without them."""
        self._numbers_give_way = give_way
        if not give_way:
            self.verticalHeader().show()
        self._schedule_refit()

    def _numbers_only_if_room(self) -> None:
        rows = self.verticalHeader()
        model = self.model()
        if model is None or not model.rowCount():
            rows.show()
            return
        numbers = max(rows.sizeHint().width(), 1)
        room = self.viewport().width() + (0 if rows.isHidden() else rows.width())
        columns = sum(self._floors()[1])
        hide = columns > room - numbers and columns <= room
        if hide != rows.isHidden():
            rows.setHidden(hide)
            self.updateGeometries()

    def least_width(self, *, numbers: bool = True) -> int:
        """How wide the table must be to show every column without scrolling sideways or
        breaking a word: the row titles (unless ``numbers`` is False and they may give way),
        each column at its narrowest, the frame."""
        rows = self.verticalHeader()
        titles = 0
        if numbers or not self._numbers_give_way:
            titles = rows.label_width() if isinstance(rows, WrapHeader) and rows.chars else 0
            titles = max(titles, rows.sizeHint().width(), rows.width() if rows.isVisible() else 0)
        return sum(self._floors()[0]) + titles + 2 * self.frameWidth()

    def _cell_padding(self) -> int:
        """Room a cell takes around its text: the style's text margin on both sides (as Qt's
        item painting takes it), the grid line and a little to spare."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        return 2 * (margin + 1) + 4

    def _content_widths(self, col: int) -> tuple[int | None, int]:
        """(the widest cell of a column on one line, padding included, or None without
        rows; its longest stretch of text that cannot wrap). Measured once per change of
        the data, over the first SIZE_SAMPLE_ROWS rows."""
        cached = self._measured.get(col)
        if cached is not None:
            return cached
        model = self.model()
        if model is None or model.rowCount() == 0:
            self._measured[col] = (None, 0)
            return None, 0
        metrics = self.fontMetrics()
        box = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        widest = word = 0
        # A bounded sample: the widths of a 2,000-row table need not read every row.
        for row in range(min(model.rowCount(), SIZE_SAMPLE_ROWS)):
            index = model.index(row, col)
            value = index.data(Qt.ItemDataRole.DisplayRole)
            if value:
                text = shown_text(str(value))
                widest = max(widest, metrics.size(0, text).width())
                word = max(word, unbroken_width(text, self.font()))
            if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
                widest = max(widest, box + metrics.averageCharWidth())
                word = max(word, box)
        result = (widest + self._cell_padding(), word)
        self._measured[col] = result
        return result

    def _apply_widths(self) -> None:
        header = self.horizontalHeader()
        if not self._chars or self.model() is None:
            return
        header.setStretchLastSection(False)
        self._applying = True
        try:
            for col, width in enumerate(self.column_widths()):
                if width > 0 and header.sectionSize(col) != width:
                    header.resizeSection(col, width)
        finally:
            self._applying = False

    # ----------------------------------------------------------------- heights
    def refit(self) -> None:
        """Columns to the width, headers to their titles, rows as tall as their wrapped text,
        and a growing table as tall as its rows."""
        self._refit.stop()
        if self._numbers_give_way:
            self._numbers_only_if_room()
        self._apply_widths()
        header = self.horizontalHeader()
        if isinstance(header, WrapHeader) and not header.isHidden():
            header.fit_height()
        rows = self.verticalHeader()
        if isinstance(rows, WrapHeader) and rows.chars and not rows.isHidden():
            width = rows.label_width()
            if width and rows.width() != width:
                rows.setFixedWidth(width)
        self.updateGeometries()
        # Rows as tall as their text: a short table's now; a long table's in slices from
        # the next turn (its column widths were this turn's work).
        self._next_row = 0
        model = self.model()
        if model is not None and model.rowCount() > EAGER_ROWS:
            self._rows_timer.start()
        else:
            self._measure_rows(EAGER_ROWS)

    def rows_pending(self) -> bool:
        """Whether rows of a long table are still waiting to be sized."""
        return self._rows_timer.isActive()

    def _measure_rows(self, least: int) -> None:
        """Size rows from the next one waiting: at least ``least`` of them, then more while
        the slice's time lasts; the rest on the next turn of the event loop."""
        self._next_row = row = size_rows(self, self._next_row, least)
        count = self.model().rowCount() if self.model() is not None else 0
        self._fit_grown_height()
        if row < count:
            self._rows_timer.start()

    def _on_rows_timer_timeout(self) -> None:
        self._measure_rows(0)

    def _fit_grown_height(self) -> None:
        """A growing table as tall as its rows."""
        if not self._grow:
            return
        header = self.horizontalHeader()
        count = self.verticalHeader().length() if self.model() is not None else 0
        line = self.fontMetrics().lineSpacing()
        # Never shorter than its tallest cell editor, which would be cut off otherwise.
        delegate = self.itemDelegate()
        least = max(
            line * 3, delegate.editor_height(self) if isinstance(delegate, RowDelegate) else 0
        )
        scroll = self.horizontalScrollBar()
        height = (
            (0 if header.isHidden() else header.height())
            + max(count, least)
            + self.frameWidth() * 2
            + (scroll.sizeHint().height() if scroll.isVisible() else 0)
            + 2
        )
        if self.height() != height:
            self.setFixedHeight(height)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (
                model.modelReset,
                model.dataChanged,
                model.rowsInserted,
                model.rowsRemoved,
                model.headerDataChanged,
                model.layoutChanged,
            ):
                signal.connect(self._on_model_changed)
        self._on_model_changed()

    def _on_model_changed(self, *_args: object) -> None:
        self._measured.clear()
        self._schedule_refit()

    def _schedule_refit(self, *_args: object) -> None:
        # A table out of sight (on a tab not chosen yet) fits itself when it is shown: its
        # rows' wrapped heights are the costly part of showing a page with many rows.
        if self.isVisible():
            self._refit.start()
        else:
            self._refit_when_shown = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._refit_when_shown:
            self._refit_when_shown = False
            self._refit.start()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport narrows when the vertical scroll bar appears: fit the columns again
        # (a new height alone is the refit's own doing).
        if isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width():
            self._schedule_refit()
        return super().viewportEvent(event)

    def _on_section_resized(self, *_args: object) -> None:
        if not self._applying:
            self._schedule_refit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._schedule_refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measured.clear()
            self._schedule_refit()


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to a new line when the width runs out, so a
    row of buttons never makes a page wider than the window at a large presentation zoom."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in lines (each centred on its line's height); the height used."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and lines[-1]:
                lines.append([])
                x = rect.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = rect.y()
        for number, line in enumerate(lines):
            if not line:
                continue
            height = max(hint.height() for _item, hint in line)
            if move:
                x = rect.x()
                for item, hint in line:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                    x += hint.width() + self._spacing
            y += height + (self._spacing if number + 1 < len(lines) else 0)
        return y - rect.y()


class RowTableEditor(QWidget):
    """A :class:`RowTableModel` in a :class:`WrapTableView` with Add / Remove / Move up /
    Move down buttons; Insert adds, Delete removes, Alt+Up / Alt+Down move the selected row.

    ``add(index)`` returns the Change that inserted the row (``index`` is where, or None for
    last); removing and moving use :mod:`sipdesk.services.outline` by ref.
    """

    def __init__(
        self,
        controller: PlanController,
        model: RowTableModel,
        *,
        noun: str,
        title: str,
        add: Callable[[Session, int | None], Change] | None,
        parent: QWidget | None = None,
        grow: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = model
        self.noun = noun
        self._add = add
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = WrapTableView(self, grow=grow)
        self.view.setModel(model)
        self.view.setItemDelegate(RowDelegate(model.columns, self.view))
        self.view.setAccessibleName(title)
        self.view.setAccessibleDescription(
            f"Table of {noun}s. Type to edit a cell; Insert adds, Delete removes, Alt+Up and "
            "Alt+Down move the selected row."
        )
        self.view.set_column_chars(
            [c.chars for c in model.columns], [c.stretches for c in model.columns]
        )
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.buttons = FlowLayout()
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.up_button = QPushButton("Move up")
        self.up_button.setAccessibleName(f"Move the selected {noun} up")
        self.down_button = QPushButton("Move down")
        self.down_button.setAccessibleName(f"Move the selected {noun} down")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setProperty("role", "secondary")
            self.buttons.addWidget(button)
        layout.addLayout(self.buttons)
        self.add_button.setVisible(add is not None)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.up_button.clicked.connect(self._on_up_button_clicked)
        self.down_button.clicked.connect(self._on_down_button_clicked)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def add_extra_button(self, button: QPushButton) -> None:
        button.setProperty("role", "secondary")
        self.buttons.addWidget(button)

    def add_below_table(self, widget: QWidget) -> None:
        """Show ``widget`` right under the table, above its buttons."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.view) + 1, widget)

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def current_id(self) -> int | None:
        row = self.current_row()
        return None if row is None else self.model.row_id(row)

    def select_id(self, row_id: int, *, column: int = 0, edit: bool = False) -> bool:
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

    def _on_add_button_clicked(self) -> None:
        if self._add is None:
            return
        row = self.current_row()
        at = None if row is None else row + 1
        add = self._add
        change = self.controller.run(lambda s: add(s, at))
        new_id = change.created_id(self.model.table) if change is not None else None
        if new_id is not None:
            self.select_id(new_id, edit=True)

    def _on_remove_button_clicked(self) -> None:
        row = self.current_row()
        if row is None:
            return
        ref = outline.item_ref(self.model.kind, self.model.row_id(row))
        column = self.view.currentIndex().column()
        self.controller.run(lambda s: outline.delete_item(s, ref))
        following = min(row, self.model.rowCount() - 1)
        if following >= 0:
            self.view.setCurrentIndex(self.model.index(following, max(column, 0)))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_current(self, delta: int) -> None:
        row_id = self.current_id()
        if row_id is None:
            return
        ref = outline.item_ref(self.model.kind, row_id)
        column = max(self.view.currentIndex().column(), 0)
        self.controller.run(lambda s: outline.move_item(s, ref, delta))
        self.select_id(row_id, column=column)

    def _on_up_button_clicked(self) -> None:
        self.move_current(-1)

    def _on_down_button_clicked(self) -> None:
        self.move_current(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)
            editing = self.view.state() == QAbstractItemView.State.EditingState
            if editing or self.controller.readonly:
                return False
            key, mods = key_event.key(), key_event.modifiers()
            if key == Qt.Key.Key_Insert and self._add is not None:
                self._on_add_button_clicked()
                return True
            if key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
                self._on_remove_button_clicked()
                return True
            if mods == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return False
