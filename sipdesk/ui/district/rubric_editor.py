"""The *Rubric* tab of the district's expectations window (issue 13, item 6): the criteria, and
under them the chosen one's name, what it looks for, its levels and what each level means
(:mod:`rubric_levels`).

It only edits a copy; :meth:`RubricEditor.checked` hands the rubric to
:func:`sipdesk.district.rubric.parse_rubric`, the very check a rubric file gets, so the rules (a
name, 2–6 levels, sensible lengths, no hidden characters, keys) live in one place and a problem is
that sentence; :meth:`RubricEditor.show_problem` then puts the cursor where it is, with the text
as it was typed. A new criterion's key is made from its name; a kept criterion keeps its key, so
past scores still match.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.review_parts import _four_lines
from sipdesk.ui.district.rubric_levels import EDITABLE, KeepInView, LevelParts
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.rubric import Criterion, RubricError

WHERE = ""  # the sentences speak of the rubric on screen, not of a file
INTRO = (
    "The criteria reviewers score every plan on, each with its levels from lowest to highest. "
    "Pick a level to write what it means; F2 renames it. Scores already given keep the names "
    "they had."
)


def key_for(name: str, taken: set[str]) -> str:
    """A short key in small letters from a criterion's name, not one of ``taken``."""
    words = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    base = (words if words[:1].isalpha() else f"c-{words}".rstrip("-"))[:28].rstrip("-") or "c"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _stacked(*buttons: QPushButton) -> QVBoxLayout:
    stack = QVBoxLayout()
    for button in buttons:
        stack.addWidget(button)
    stack.addStretch(1)
    return stack


class RubricEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criteria: list[dict[str, Any]] = []
        self.saved: list[dict[str, Any]] = []
        self._showing = -1
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(label(INTRO, "hint", self))
        top = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName("The rubric's criteria")
        list_label = QLabel("C&riteria:", self)
        list_label.setBuddy(self.list)
        column.addWidget(list_label)
        self.list.setMinimumWidth(1)
        self.list.setMaximumHeight(8 * self.list.fontMetrics().lineSpacing() + 16)
        top.addWidget(self.list, 1)
        self.add_button = QPushButton("Add a &criterion", self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName("Remove the chosen criterion")
        self.up_button = QPushButton("Up", self)
        self.up_button.setAccessibleName("Move the criterion up")
        self.down_button = QPushButton("Down", self)
        self.down_button.setAccessibleName("Move the criterion down")
        top.addLayout(
            _stacked(self.add_button, self.remove_button, self.up_button, self.down_button)
        )
        column.addLayout(top)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setAccessibleName("The criterion's name")
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName("What the criterion looks for")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumWidth(1)
        _four_lines(self.description)
        self.level_parts = LevelParts(self)
        self.levels = self.level_parts.list
        self.add_level_button = self.level_parts.add_button
        self.remove_level_button = self.level_parts.remove_button
        self.meaning = self.level_parts.meaning
        form.addRow("&Name:", self.name)
        form.addRow("&Looks for:", self.description)
        levels_label = QLabel("Le&vels:", self)
        levels_label.setBuddy(self.levels)
        form.addRow(levels_label, self.level_parts.row)
        column.addLayout(form)
        column.addStretch(1)
        self._in_view = KeepInView(self)
        for box in (self.list, self.name, self.description, self.levels, self.meaning):
            box.installEventFilter(self._in_view)
        self.list.currentRowChanged.connect(self._show)
        self.name.textEdited.connect(self._on_name_edited)
        self.description.textChanged.connect(self._keep)
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_criterion)
        self.up_button.clicked.connect(lambda: self.move_by(-1))
        self.down_button.clicked.connect(lambda: self.move_by(1))

    # ----------------------------------------------------------------- showing
    def show_rubric(self, criteria: list[Criterion]) -> None:
        self._showing = -1
        self.criteria = [
            {
                "key": c.key,
                "name": c.name,
                "description": c.description,
                "levels": [
                    {"level": v.level, "name": v.name, "description": v.description}
                    for v in c.levels
                ],
            }
            for c in criteria
        ]
        self.saved = self.data()["criteria"]
        self._fill(0)

    def _fill(self, current: int) -> None:
        self._showing = -1
        self.list.blockSignals(True)
        self.list.clear()
        for criterion in self.criteria:
            self.list.addItem(criterion["name"] or "(a new criterion)")
        self.list.blockSignals(False)
        if self.criteria:
            self.list.setCurrentRow(max(0, min(current, len(self.criteria) - 1)))
            self._show(self.list.currentRow())
        else:
            self._show(-1)

    def _show(self, row: int) -> None:
        self._showing = -1
        criterion = self.criteria[row] if 0 <= row < len(self.criteria) else None
        for widget in (
            self.name,
            self.description,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            widget.setEnabled(criterion is not None)
        self.name.setText(criterion["name"] if criterion else "")
        self.description.setPlainText(criterion["description"] if criterion else "")
        self.level_parts.show_levels(criterion["levels"] if criterion else None)
        self._showing = row

    # ----------------------------------------------------------------- editing
    def _keep(self) -> None:
        """What the form shows, back into the chosen criterion."""
        row = self._showing
        if not 0 <= row < len(self.criteria):
            return
        criterion = self.criteria[row]
        criterion["name"] = self.name.text()
        criterion["description"] = self.description.toPlainText()

    def _on_name_edited(self, text: str) -> None:
        self._keep()
        item = self.list.item(self._showing)
        if item is not None:
            item.setText(text or "(a new criterion)")

    def add_criterion(self) -> None:
        self._keep()
        names = ("Not yet", "Developing", "Solid", "Strong")
        self.criteria.append(
            {
                "key": "",
                "name": "",
                "description": "",
                "levels": [
                    {"level": n, "name": w, "description": ""} for n, w in enumerate(names, start=1)
                ],
            }
        )
        self._fill(len(self.criteria) - 1)
        self.name.setFocus()

    def remove_criterion(self) -> None:
        row = self._showing
        if 0 <= row < len(self.criteria):
            del self.criteria[row]
            self._fill(row)
            self.list.setFocus()

    def move_by(self, step: int) -> None:
        self._keep()
        row, other = self._showing, self._showing + step
        if 0 <= row < len(self.criteria) and 0 <= other < len(self.criteria):
            self.criteria[row], self.criteria[other] = self.criteria[other], self.criteria[row]
            self._fill(other)

    def add_level(self) -> None:
        self.level_parts.add_level()

    def remove_level(self) -> None:
        self.level_parts.remove_level()

    # ----------------------------------------------------------------- handing back
    def data(self) -> dict[str, Any]:
        """The rubric as a rubric file holds it; new criteria get keys from their names."""
        self._keep()
        taken = {c["key"] for c in self.criteria if c["key"]}
        out = []
        for criterion in copy.deepcopy(self.criteria):  # never the very dicts being edited
            key = criterion["key"] or key_for(criterion["name"], taken)
            taken.add(key)
            out.append({**criterion, "key": key})
        return {"criteria": out}

    def changed(self) -> bool:
        return bool(self.data()["criteria"] != self.saved)

    def checked(self) -> list[Criterion]:
        """The rubric on screen, by the rubric file's own check (a RubricError's sentence)."""
        from sipdesk.district.rubric import parse_rubric

        return parse_rubric(self.data(), WHERE)

    def show_problem(self, problem: RubricError) -> None:
        """Choose the criterion (and level) a refused rubric's sentence is about, and put the
        cursor in the box to put right; nothing typed is changed."""
        row = problem.criterion
        if row is None or not 0 <= row < len(self.criteria):
            self.list.setFocus()
            return
        self.list.setCurrentRow(row)
        if problem.level is not None:
            self.level_parts.show_problem(problem.level, problem.part)
        elif problem.part == "description":
            self.description.setFocus()
        elif problem.part == "levels":
            self.levels.setFocus()
        else:
            self.name.setFocus()
            self.name.selectAll()


__all__ = ["EDITABLE", "RubricEditor", "key_for"]
