"""A day that may be left unset, for the district's windows: a date box with a calendar and a
*Clear* button beside it. Cleared, it reads “Not set”; typing or stepping from there starts at
today, not at the box's far-away lowest day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QWidget

UNSET = QDate(2000, 1, 1)  # the box's lowest day stands for “not set”
NOT_SET = "Not set"


class DayEdit(QWidget):
    """``day()`` is the date chosen, or None; ``set_day(None)`` clears it."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, *, clearable: bool = True) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.box = QDateEdit(self)
        self.box.setCalendarPopup(True)
        self.box.setDisplayFormat("d MMM yyyy")
        self.box.setMinimumDate(UNSET)
        self.box.setSpecialValueText(NOT_SET)
        self.box.setAccessibleName(name)
        self.box.setMinimumWidth(16 * self.box.fontMetrics().averageCharWidth())
        row.addWidget(self.box)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setAccessibleName(f"Clear: {name}")
        self.clear_button.setVisible(clearable)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.setFocusProxy(self.box)
        self._last = UNSET
        self.box.dateChanged.connect(self._on_date_changed)
        self.clear_button.clicked.connect(lambda: self.set_day(None))
        if not clearable:
            self.set_day(dt.date.today())

    def _on_date_changed(self, date: QDate) -> None:
        if self._last == UNSET and date != UNSET and date.year() == UNSET.year():
            self._last = QDate.currentDate()  # stepping from “Not set” starts at today
            self.box.setDate(self._last)
            return
        self._last = date
        self.changed.emit()

    def day(self) -> dt.date | None:
        date = self.box.date()
        if date == UNSET:
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_day(self, day: dt.date | None) -> None:
        self._last = UNSET if day is None else QDate(day.year, day.month, day.day)
        self.box.setDate(self._last)
        self.changed.emit()


__all__ = ["NOT_SET", "DayEdit"]
