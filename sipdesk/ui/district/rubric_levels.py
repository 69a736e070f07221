"""The levels of the criterion chosen in the rubric editor (:mod:`rubric_editor`): their names in
a list, lowest first (F2 or a double-click renames one), and what the chosen level means in a
box under it, so a district writes every level's description from the keyboard: pick the level
with the arrow keys, Tab (or Alt+M) into the box, type.

:class:`LevelParts` edits the criterion's own list of levels (plain dicts, the rubric file's
shape) in place; the editor lays its widgets out in its form and checks the whole rubric when it
is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.review_parts import _four_lines
from sipdesk.ui.widgets.label import plain_text

EDITABLE = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
MAX_LEVELS_SHOWN = 6
NO_LEVEL = "What the chosen level &means:"
MEANS_HINT = "What a plan at this level looks like, in a sentence or two."


def meaning_words(name: str) -> str:
    """The label over the chosen level's description, its name quoted (``&`` kept as text)."""
    shown = " ".join(name.split()) or "this level"
    if len(shown) > 40:
        shown = shown[:39].rstrip() + "…"
    return f"What “{shown.replace('&', '&&')}” &means:"


class KeepInView(QObject):
    """Scrolls a box into view when it takes the focus by its Alt key or a refused save, as Tab
    already does: at a large zoom on a small screen the rubric tab scrolls."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            area = watched.parentWidget()
            while area is not None and not isinstance(area, QScrollArea):
                area = area.parentWidget()
            page = area.widget() if area is not None else None
            if area is not None and page is not None and page.isAncestorOf(watched):
                # The whole box, not only its text cursor (what ensureWidgetVisible shows).
                middle = watched.mapTo(page, watched.rect().center())
                room = area.viewport().height() // 2
                area.ensureVisible(middle.x(), middle.y(), 8, min(room, watched.height() // 2 + 8))
        return False


class LevelParts(QObject):
    """The level list, its two buttons and the chosen level's description box."""

    edited = Signal()  # a level was renamed, described, added or taken off

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.levels: list[dict[str, Any]] = []  # the chosen criterion's own, edited in place
        self._current = -1
        self.list = QListWidget(parent)
        self.list.setAccessibleName("The criterion's levels, lowest first")
        self.list.setMinimumWidth(1)
        self.list.setMaximumHeight(MAX_LEVELS_SHOWN * self.list.fontMetrics().lineSpacing() + 16)
        self.add_button = QPushButton("Add a l&evel", parent)
        self.remove_button = QPushButton("Remove the last", parent)
        self.remove_button.setAccessibleName("Remove the last level")
        self.meaning_label = QLabel(NO_LEVEL, parent)
        plain_text(self.meaning_label)  # shows a level's name as the district wrote it
        self.meaning = QPlainTextEdit(parent)
        self.meaning.setAccessibleName("What the chosen level means")
        self.meaning.setPlaceholderText(MEANS_HINT)
        self.meaning.setTabChangesFocus(True)
        self.meaning.setMinimumWidth(1)
        _four_lines(self.meaning)
        self.meaning_label.setBuddy(self.meaning)
        # The names on the left, what the chosen one means beside them: the whole rubric tab
        # stays on a 1024 × 768 screen without scrolling.
        self.row = QHBoxLayout()
        self.row.addWidget(self.list, 2)
        means = QVBoxLayout()
        means.setContentsMargins(0, 0, 0, 0)
        means.addWidget(self.meaning_label)
        means.addWidget(self.meaning)
        means.addStretch(1)
        self.row.addLayout(means, 5)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.row.addLayout(buttons)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.meaning.textChanged.connect(self._on_meaning_text_changed)
        self.add_button.clicked.connect(self.add_level)
        self.remove_button.clicked.connect(self.remove_level)

    # ----------------------------------------------------------------- showing
    def show_levels(self, levels: list[dict[str, Any]] | None) -> None:
        """Edit ``levels`` (a criterion's, changed in place); None: no criterion is chosen."""
        self._current = -1
        self.levels = levels if levels is not None else []
        for widget in (self.list, self.add_button, self.remove_button, self.meaning):
            widget.setEnabled(levels is not None)
        self.list.blockSignals(True)
        self.list.clear()
        for level in self.levels:
            item = QListWidgetItem(level["name"])
            item.setFlags(EDITABLE)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self.levels else -1)
        self._show_meaning(self.list.currentRow())

    def _show_meaning(self, row: int) -> None:
        self._current = -1
        level = self.levels[row] if 0 <= row < len(self.levels) else None
        self.meaning.setPlainText(level["description"] if level else "")
        self.meaning.setEnabled(level is not None)
        self.meaning_label.setText(meaning_words(level["name"]) if level else NO_LEVEL)
        if level is not None:
            self.meaning.setAccessibleName(f"What level {row + 1}, “{level['name']}”, means")
        self._current = row if level else -1

    # ----------------------------------------------------------------- editing
    def _on_list_current_row_changed(self, row: int) -> None:
        self._show_meaning(row)

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.levels):
            self.levels[row]["name"] = item.text()
            if row == self.list.currentRow():
                self.meaning_label.setText(meaning_words(item.text()))
            self.edited.emit()

    def _on_meaning_text_changed(self) -> None:
        if 0 <= self._current < len(self.levels):
            self.levels[self._current]["description"] = self.meaning.toPlainText()
            self.edited.emit()

    def add_level(self) -> None:
        number = len(self.levels) + 1
        self.levels.append({"level": number, "name": f"Level {number}", "description": ""})
        item = QListWidgetItem(f"Level {number}")
        item.setFlags(EDITABLE)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)
        self.edited.emit()

    def remove_level(self) -> None:
        if self.levels:
            self.levels.pop()
            self.list.takeItem(self.list.count() - 1)
            self._show_meaning(self.list.currentRow())
            self.edited.emit()

    def show_problem(self, level: int, part: str) -> None:
        """Choose level ``level`` (from 1) and put the cursor where its problem is."""
        row = level - 1
        if not 0 <= row < self.list.count():
            self.list.setFocus()
            return
        self.list.setCurrentRow(row)
        if part == "description":
            self.meaning.setFocus()
        else:
            self.list.setFocus()
            self.list.editItem(self.list.item(row))


__all__ = ["EDITABLE", "KeepInView", "LevelParts", "meaning_words"]
