"""How a table's cells are drawn and edited.

:class:`WrapDelegate` draws text that wraps between words, and inside a word too long for its
column, so no text is ever cut off at a cell's border. :class:`RowDelegate` adds an editor per
:class:`~sipdesk.ui.tables.columns.Column` kind; a ``parts`` column is edited in a
:class:`PartsEditor`, one captioned field per part.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QPalette, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from sipdesk.ui.tables.columns import Column
from sipdesk.ui.widgets.fields import DateEdit
from sipdesk.ui.widgets.wrapping import (
    DISPLAY_CHARS,
    has_long_word,
    keep_units,
    layout_text,
    shown_text,
)

Index = QModelIndex | QPersistentModelIndex
INT_RANGE = (0, 1_000_000)  # what an ``int`` column's spin box offers


class WrapDelegate(QStyledItemDelegate):
    """Cells whose text wraps between words — and inside a word too long for its column
    (a web address, or any word once a narrow window leaves no room), so that no text is
    ever cut off at a cell's border. Rows are as tall as that takes."""

    WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere

    @staticmethod
    def _style(option: QStyleOptionViewItem) -> QStyle:
        widget = option.widget
        return widget.style() if widget is not None else QApplication.style()

    def _margin(self, option: QStyleOptionViewItem) -> int:
        """The room the style leaves on each side of a cell's text."""
        style = self._style(option)
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget) + 1

    @staticmethod
    def _wraps(option: QStyleOptionViewItem) -> bool:
        features = option.features
        feature = QStyleOptionViewItem.ViewItemFeature
        return bool(
            option.text
            and features & feature.WrapText
            and not features & feature.HasDecoration
            and not features & feature.HasCheckIndicator
        )

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if len(option.text) > DISPLAY_CHARS:
            option.text = shown_text(option.text)
        option.text = keep_units(option.text)  # "30.38 %" never splits at its "%"

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = option.rect.width() - 2 * self._margin(opt)
        if not self._wraps(opt) or not option.rect.isValid() or width <= 0:
            return hint
        # Qt measured the lines it would wrap between words; a long word takes more here.
        if not has_long_word(opt.text, QFontMetrics(opt.font), width):
            return hint  # no word wider than the cell: Qt's lines are ours
        words = QTextOption.WrapMode.WordWrap
        ours = layout_text(opt.text, opt.font, width, self._option(self.WRAP))[1]
        qts = layout_text(opt.text, opt.font, width, self._option(words))[1]
        return QSize(hint.width(), hint.height() + max(0, math.ceil(ours) - math.ceil(qts)))

    @staticmethod
    def _option(mode: QTextOption.WrapMode, align: Qt.AlignmentFlag | None = None) -> QTextOption:
        option = QTextOption() if align is None else QTextOption(align)
        option.setWrapMode(mode)
        return option

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not self._wraps(opt):
            super().paint(painter, option, index)
            return
        style = self._style(opt)
        widget = opt.widget
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        margin = self._margin(opt)
        room = QRectF(text_rect.adjusted(margin, 0, -margin, 0))
        align = opt.displayAlignment
        text_option = self._option(self.WRAP, align & Qt.AlignmentFlag.AlignHorizontal_Mask)
        text_option.setTextDirection(opt.direction)
        layout, height = layout_text(text, opt.font, room.width(), text_option)
        top = room.top()
        if align & Qt.AlignmentFlag.AlignVCenter:
            top += max(0.0, (room.height() - height) / 2)
        elif align & Qt.AlignmentFlag.AlignBottom:
            top += max(0.0, room.height() - height)
        state = opt.state
        group = QPalette.ColorGroup.Normal
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif not state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Inactive
        role = (
            QPalette.ColorRole.HighlightedText
            if state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        painter.save()
        painter.setClipRect(QRectF(text_rect), Qt.ClipOperation.IntersectClip)
        painter.setPen(opt.palette.color(group, role))
        layout.draw(painter, QPointF(room.left(), top))
        painter.restore()


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
            if part.kind == "choice":
                field = QComboBox(self)
                field.setEditable(part.free)
                for text, value in part.choice_list():
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
    """Wrapping cells with an editor per column kind: a typed line; a combo box (editable for
    ``free`` choices); a date field for a ``calendar`` column; a spin box for an ``int`` one;
    for a ``parts`` column a :class:`PartsEditor` with one field per part. Every editor is
    named after its column for screen readers. ``padded``: a little air above and below the
    text (a form's list, where rows are few)."""

    def __init__(
        self, columns: Sequence[Column], parent: QObject | None = None, *, padded: bool = False
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self.padded = padded
        self._editor_heights: dict[tuple[str, int], int] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if not self.padded:
            return hint
        return QSize(hint.width(), hint.height() + option.fontMetrics.lineSpacing() // 2)

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

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
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
        field: QWidget
        if column.kind == "choice":
            combo = QComboBox(parent)
            combo.setEditable(column.free)
            for label, value in column.choice_list():
                combo.addItem(label, value)
            field = combo
        elif column.kind == "calendar":
            field = DateEdit(parent)
        elif column.kind == "int":
            spin = QSpinBox(parent)
            spin.setRange(*INT_RANGE)
            field = spin
        else:
            line = QLineEdit(parent)
            line.setFrame(False)
            if column.placeholder:
                line.setPlaceholderText(column.placeholder)
            field = line
        field.setAccessibleName(column.title)
        return field

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
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

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, PartsEditor):
            editor.set_values(value if isinstance(value, tuple) else ())
        elif isinstance(editor, DateEdit):
            editor.setDate(value)
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QComboBox):
            if self._columns[index.column()].free:
                editor.setCurrentText("" if value is None else str(value))
            else:
                editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        edit = Qt.ItemDataRole.EditRole
        if isinstance(editor, PartsEditor):
            before = index.data(edit)
            changed = editor.changed(before if isinstance(before, tuple) else ())
            if changed:
                model.setData(index, changed, edit)
        elif isinstance(editor, (DateEdit, QSpinBox)):
            model.setData(index, editor.value(), edit)
        elif isinstance(editor, QComboBox):
            free = self._columns[index.column()].free
            value = editor.currentText() if free else editor.currentData()
            if value != index.data(edit):
                model.setData(index, value, edit)
        elif isinstance(editor, QLineEdit):
            if editor.text() != (index.data(edit) or ""):
                model.setData(index, editor.text(), edit)
        else:
            super().setModelData(editor, model, index)
