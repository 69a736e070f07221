"""Editors bound to one field of one plan row; every edit goes through the controller.

Each editor takes the controller, the table (:mod:`sipdesk.models.tables`), the field and a
human name. The name is the accessible name and makes the undo label ("Undo Edit school
name")::

    name = TextField(controller, PLAN_PROFILE, "school_name", "School name")
    name.bind(1, plan["profile"]["school_name"])     # row id and the value to show

    vision = TextArea(controller, PLAN_PROFILE, "vision", "Vision", lines=3)
    academic = CheckField(controller, GOAL, "academic", "Academic goal")
    signed = DateField(controller, SIGNATURE, "signed_on", "Signed on")
    kind = ChoiceField(controller, MILESTONE, "kind", "Kind of milestone",
                       choices=[("process", "Process"), ("early_evidence", "Early evidence")])

Typing is stored as you type (one transaction per keystroke, merged into one undo step per
visit to the field), undo/redo updates the editor, and in a read-only plan the editor only
shows the value. Undo keys go to the window's Edit menu, not to the editor's own history.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionFrame,
    QTextEdit,
    QWidget,
)

from sipdesk.models.tables import PlanTable
from sipdesk.ui.controller import PlanController
from sipdesk.ui.widgets.binding import FieldBinding, is_undo_key
from sipdesk.ui.widgets.markup import escape

# A date before any plan: shown as "Not set" in a date field.
NO_DATE = QDate(1900, 1, 1)
DATE_FORMAT = "MMM d, yyyy"


def _undo_label(name: str) -> str:
    return f"Edit {name[:1].lower()}{name[1:]}" if name else "Edit"


def to_date(value: Any) -> dt.date | None:
    """A stored date (``date`` or ISO text) as a ``date``; None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def to_qdate(value: Any) -> QDate:
    day = to_date(value)
    return NO_DATE if day is None else QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date | None:
    if not value.isValid() or value <= NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


class _UndoPassThrough:
    """Mixin: leave undo/redo keys to the window, which undoes across the whole plan."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):
            event.ignore()
            return True
        return bool(super().event(event))  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_undo_key(event):
            event.ignore()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class PlainLineEdit(_UndoPassThrough, QLineEdit):
    """A line edit that is not bound to the plan (e.g. "add a card" boxes).

    Undo keys still go to the window, so Ctrl+Z means the same everywhere.
    """


def full_text_tip(text: str) -> str:
    """A tooltip showing ``text`` whole: as plain text, which the tooltip breaks into lines
    only when it would be wider than the screen; escaped when it could pass for markup."""
    return f"<p>{escape(text)}</p>" if "<" in text else text


class TextField(_UndoPassThrough, QLineEdit):
    """A one-line text field bound to ``table.field``.

    A value too long for the field's width has a tooltip with the whole of it."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        name: str,
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
        undo_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._own_tip = ""  # the "whole value" tooltip this field set, if any
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.binding = FieldBinding(
            controller,
            table,
            field,
            undo_label or _undo_label(name),
            self,
            read=self.text,
            write=self._show,
        )
        self.setReadOnly(controller.readonly)
        self.textEdited.connect(self.binding.commit_from_widget)
        self.textChanged.connect(self._update_tip)

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, str(value or ""))

    def _show(self, value: Any) -> None:
        self.setText(str(value or ""))
        if not self.hasFocus():
            self.setCursorPosition(0)  # show the start of a long value, not its end

    def text_fits(self) -> bool:
        """Whether the whole value shows in the field at its present width."""
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        margins = self.textMargins()
        # QLineEdit keeps 2 px clear at each side of its text.
        room = rect.width() - margins.left() - margins.right() - 4
        return self.fontMetrics().horizontalAdvance(self.text()) <= room

    def _update_tip(self, *_: Any) -> None:
        if self.toolTip() not in ("", self._own_tip):
            return  # a tooltip the page set itself stays
        tip = "" if self.text_fits() else full_text_tip(self.text())
        self._own_tip = tip
        if self.toolTip() != tip:
            self.setToolTip(tip)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_tip()


class TextArea(_UndoPassThrough, QTextEdit):
    """Plain text over several lines that grows with its content (up to ``max_lines``).

    Tab moves to the next control; Enter starts a new line.
    """

    def __init__(
        self,
        controller: PlanController | None,
        table: PlanTable | None,
        field: str,
        name: str,
        parent: QWidget | None = None,
        *,
        lines: int = 2,
        max_lines: int = 12,
        placeholder: str = "",
        undo_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._lines = lines
        self._max_lines = max_lines
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.binding: FieldBinding | None = None
        if controller is not None and table is not None:
            self.binding = FieldBinding(
                controller,
                table,
                field,
                undo_label or _undo_label(name),
                self,
                read=self.toPlainText,
                write=self._show,
            )
            self.setReadOnly(controller.readonly)
            self.textChanged.connect(self.binding.commit_from_widget)
        self._fit()

    def bind(self, row_id: int | None, value: Any) -> None:
        if self.binding is not None:
            self.binding.bind(row_id, str(value or ""))

    def _show(self, value: Any) -> None:
        text = str(value or "")
        cursor = self.textCursor()
        position = cursor.position()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)

    def _line_height(self) -> float:
        """One line's height as the document lays it out: with a fractional font size (any
        zoom) that is a little more than the font's rounded line spacing."""
        spacing = QFontMetricsF(self.document().defaultFont()).lineSpacing()
        layout = self.document().firstBlock().layout()
        if layout is not None and layout.lineCount() > 0:
            return max(spacing, layout.lineAt(0).height())
        return spacing

    def _line_count(self) -> int:
        count = 0
        block = self.document().firstBlock()
        while block.isValid():
            layout = block.layout()
            count += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        return count

    def _fit(self, *_: Any) -> None:
        margins = self.contentsMargins()
        doc_margin = self.document().documentMargin() * 2
        content = self.document().size().height()
        line = self._line_height()
        low = line * self._lines + doc_margin
        # Up to max_lines lines the box shows them all, however tall the lines are laid out;
        # beyond that it scrolls.
        if self._line_count() <= self._max_lines:
            high = max(content, low)
        else:
            high = line * self._max_lines + doc_margin
        height = math.ceil(max(low, min(content, high))) + margins.top() + margins.bottom()
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())


class CheckField(QCheckBox):
    """A yes/no field; the name is its visible text."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        name: str,
        parent: QWidget | None = None,
        *,
        undo_label: str | None = None,
    ) -> None:
        super().__init__(name, parent)
        self.setAccessibleName(name)
        checked_label = undo_label or f"Change “{name}”"
        self.binding = FieldBinding(
            controller,
            table,
            field,
            checked_label,
            self,
            read=self.isChecked,
            write=lambda v: self.setChecked(bool(v)),
        )
        self.setEnabled(not controller.readonly)
        self.toggled.connect(self.binding.commit_from_widget)

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, bool(value))


class DateEdit(_UndoPassThrough, QDateEdit):
    """A date picker that can also be empty ("Not set"); Delete empties it.

    Tab and Shift+Tab always leave the field, as in every other field: a date edit's own Tab
    walks its month/day/year sections and, on "Not set", never leaves at all, so whatever
    the person typed next went into the date and was lost. Left/Right move between sections.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("Not set")
        self.setDate(NO_DATE)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)

    def value(self) -> dt.date | None:
        return from_qdate(self.date())

    def set_value(self, value: Any) -> None:
        self.setDate(to_qdate(value))

    def stepBy(self, steps: int) -> None:
        if self.date() <= NO_DATE:  # stepping from "Not set" starts at today
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.setDate(NO_DATE)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def mousePressEvent(self, event: Any) -> None:
        super().mousePressEvent(event)
        if self.date() <= NO_DATE and self.calendarWidget() is not None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


class DateField(DateEdit):
    """A date bound to ``table.field`` (stored as a date, or empty)."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        name: str,
        parent: QWidget | None = None,
        *,
        undo_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.binding = FieldBinding(
            controller,
            table,
            field,
            undo_label or _undo_label(name),
            self,
            read=self.value,
            write=self.set_value,
        )
        self.setReadOnly(controller.readonly)
        self.dateChanged.connect(self.binding.commit_from_widget)

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, to_date(value))


class MonthField(QComboBox):
    """A month ("2026-08") bound to ``table.field``, chosen from a list of nearby months."""

    YEARS_AROUND = 3

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        name: str,
        parent: QWidget | None = None,
        *,
        undo_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setMaxVisibleItems(14)
        this_year = QDate.currentDate().year()
        for year in range(this_year - self.YEARS_AROUND, this_year + self.YEARS_AROUND + 1):
            for month in range(1, 13):
                self._add_month(f"{year:04d}-{month:02d}")
        self.binding = FieldBinding(
            controller,
            table,
            field,
            undo_label or _undo_label(name),
            self,
            read=self.value,
            write=self.set_value,
        )
        self.setEnabled(not controller.readonly)
        self.currentIndexChanged.connect(self.binding.commit_from_widget)

    def _add_month(self, value: str) -> int:
        year, month = (int(x) for x in value.split("-"))
        self.addItem(QDate(year, month, 1).toString("MMMM yyyy"), value)
        return self.count() - 1

    def value(self) -> str:
        return str(self.currentData() or "")

    def set_value(self, value: Any) -> None:
        text = str(value or "")
        index = self.findData(text)
        if index < 0 and len(text) == 7 and text[4] == "-" and text.replace("-", "").isdigit():
            index = self._add_month(text)  # a month outside the usual range stays choosable
        self.setCurrentIndex(index)

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, str(value or ""))


class ChoiceField(QComboBox):
    """One of a fixed list of ``(stored value, label)`` choices."""

    def __init__(
        self,
        controller: PlanController,
        table: PlanTable,
        field: str,
        name: str,
        choices: Sequence[tuple[Any, str]],
        parent: QWidget | None = None,
        *,
        undo_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        for value, label in choices:
            self.addItem(label, value)
        self.binding = FieldBinding(
            controller,
            table,
            field,
            undo_label or _undo_label(name),
            self,
            read=self.currentData,
            write=self._select,
        )
        self.setEnabled(not controller.readonly)
        self.currentIndexChanged.connect(self.binding.commit_from_widget)

    def _select(self, value: Any) -> None:
        self.setCurrentIndex(max(0, self.findData(value)))

    def bind(self, row_id: int | None, value: Any) -> None:
        self.binding.bind(row_id, value)


def hline(parent: QWidget | None = None) -> QFrame:
    """A thin separator line."""
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setObjectName("separator")
    return line
