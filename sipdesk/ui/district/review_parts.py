"""The three tabs of a school's review (see :mod:`review_panel`): the rubric, the comments, and
returning or approving. They show what they are given and hand back what the reviewer chose;
the review window does the writing."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
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

from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.desk_review import ReviewSheet, SheetComment
    from sipdesk.district.review import Reply
    from sipdesk.district.rubric import Criterion

NOT_SCORED = "Not scored yet"
NO_COMMENTS = (
    "No comments on this version yet. Pick an item below, write what the school should know, "
    "and add it; the comments go back to the school with the reply."
)


class _FourLines(QObject):
    """Keeps a text box four lines high in whatever size its text is (zoom, presentation)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange and isinstance(watched, QPlainTextEdit):
            watched.setFixedHeight(4 * watched.fontMetrics().lineSpacing() + 16)
        return False


def _four_lines(box: QPlainTextEdit) -> None:
    keeper = _FourLines(box)
    box.installEventFilter(keeper)
    box.setFixedHeight(4 * box.fontMetrics().lineSpacing() + 16)


def level_words(level: int, name: str) -> str:
    return f"{level} · {name}"


def levels_guide(criterion: Criterion, chosen: int) -> str:
    """The criterion's levels with what each means, as rich text: the chosen one in bold and
    marked, so the reviewer reads every level's description while picking one."""
    lines = []
    for level in criterion.levels:
        words = html.escape(level_words(level.level, level.name), quote=False)
        about = html.escape(level.description, quote=False) if level.description else ""
        line = f"{words} — {about}" if about else words
        if level.level == chosen:
            line = f"<b>▶ {line} (your choice)</b>"
        lines.append(f"<p style='margin: 0 0 4px 0'>{line}</p>")
    return "".join(lines)


class _FocusWatch(QObject):
    """Tells the rubric which criterion's level box the reviewer is on."""

    def __init__(self, tab: RubricTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            key = next((k for k, box in self.tab.boxes.items() if box is watched), None)
            if key is not None and key != self.tab.current:
                self.tab.current = key
                self.tab._on_level_changed()
        return False


class RubricTab(QWidget):
    """Each criterion with its levels to pick; "Save the scores" saves the ones changed.

    The criterion being scored (the one whose level box has, or last had, the focus; the
    first at the start) shows all its levels with their descriptions beside the box; the
    others show the description of the level chosen for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criteria: tuple[Criterion, ...] = ()
        self.saved: dict[str, int] = {}
        self.boxes: dict[str, QComboBox] = {}
        self._notes: dict[str, QLabel] = {}
        self.guides: dict[str, QLabel] = {}
        self.current = ""  # the criterion being scored
        self._watch = _FocusWatch(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        column.addWidget(self.area, 1)
        bottom = QHBoxLayout()
        self.total = label("", "", self)
        self.save_button = QPushButton("&Save the scores", self)
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save the scores you chose")
        bottom.addWidget(self.total, 1)
        bottom.addWidget(self.save_button)
        column.addLayout(bottom)
        self.save_button.setEnabled(False)

    def show_rubric(self, criteria: Sequence[Criterion], levels: dict[str, int]) -> None:
        focused = next((k for k, box in self.boxes.items() if box.hasFocus()), None)
        if focused is None and self.save_button.hasFocus() and self.boxes:
            focused = next(iter(self.boxes))  # scored from the keyboard: back to the levels
        self.criteria = tuple(criteria)
        self.saved = dict(levels)
        body = QWidget()
        grid = QVBoxLayout(body)
        grid.setContentsMargins(4, 0, 12, 8)
        grid.setSpacing(4)
        self.boxes, self._notes, self.guides = {}, {}, {}
        keys = [criterion.key for criterion in self.criteria]
        if self.current not in keys:
            self.current = focused if focused in keys else (keys[0] if keys else "")
        for criterion in self.criteria:
            row = QHBoxLayout()
            name = label(criterion.name, "subsection", body)
            box = QComboBox(body)
            box.setAccessibleName(f"Level for “{criterion.name}”")
            box.addItem(NOT_SCORED, 0)
            for level in criterion.levels:
                box.addItem(level_words(level.level, level.name), level.level)
                box.setItemData(box.count() - 1, level.description, Qt.ItemDataRole.ToolTipRole)
            box.setCurrentIndex(max(0, box.findData(levels.get(criterion.key, 0))))
            box.setMinimumContentsLength(14)
            name.setBuddy(box)
            row.addWidget(name, 1)
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(row)
            if criterion.description:
                grid.addWidget(label(criterion.description, "hint", body))
            note = label("", "", body)
            note.setContentsMargins(16, 0, 0, 6)
            grid.addWidget(note)
            guide = label("", "", body)
            guide.setTextFormat(Qt.TextFormat.RichText)
            guide.setContentsMargins(16, 2, 0, 8)
            guide.setAccessibleName(f"The levels of “{criterion.name}”")
            grid.addWidget(guide)
            self.boxes[criterion.key] = box
            self._notes[criterion.key] = note
            self.guides[criterion.key] = guide
            box.installEventFilter(self._watch)
            box.currentIndexChanged.connect(self._on_level_changed)
        grid.addStretch(1)
        self.area.setWidget(body)
        self._on_level_changed()
        if focused in self.boxes:
            self.boxes[focused].setFocus()

    def choose(self, key: str, level: int) -> None:
        """Pick ``level`` (0: not scored) for the criterion ``key``, as the reviewer would."""
        box = self.boxes[key]
        box.setCurrentIndex(box.findData(level))

    def changed_pairs(self) -> list[str]:
        """``KEY=LEVEL`` for each criterion picked differently from what is saved."""
        pairs = []
        for key, box in self.boxes.items():
            level = int(box.currentData() or 0)
            if level and level != self.saved.get(key, 0):
                pairs.append(f"{key}={level}")
        return pairs

    def _on_level_changed(self, *_: object) -> None:
        points = possible = scored = 0
        for criterion in self.criteria:
            box = self.boxes[criterion.key]
            level = int(box.currentData() or 0)
            chosen = next((lv for lv in criterion.levels if lv.level == level), None)
            scoring = criterion.key == self.current
            self._notes[criterion.key].setText(
                f"{chosen.name}: {chosen.description}" if chosen else ""
            )
            self._notes[criterion.key].setVisible(
                bool(chosen and chosen.description) and not scoring
            )
            guide = self.guides[criterion.key]
            if scoring:
                guide.setText(levels_guide(criterion, level))
            guide.setVisible(scoring)
            if chosen is not None:
                scored += 1
                points += chosen.level
                possible += max((lv.level for lv in criterion.levels), default=0)
        waiting = len(self.changed_pairs())
        words = (
            f"Scored {scored} of {len(self.criteria)} criteria: {points} of {possible}."
            if scored
            else "Nothing scored yet: pick a level for each criterion."
        )
        if waiting:
            words += f" {waiting} not saved yet."
        self.total.setText(words)
        self.save_button.setEnabled(bool(waiting))


class CommentsTab(QWidget):
    """The district's comments on this version, and a new one on an item picked by name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        self.list = QListWidget(self)
        self.list.setAccessibleName("The district's comments on this version")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.empty = label(NO_COMMENTS, "hint", self)
        column.addWidget(self.empty)
        column.addWidget(self.list, 1)
        on_row = QHBoxLayout()
        on_label = QLabel("&Comment on", self)
        self.item_box = QComboBox(self)
        self.item_box.setAccessibleName("The item the comment is about")
        self.item_box.setMinimumContentsLength(24)
        self.item_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        on_label.setBuddy(self.item_box)
        on_row.addWidget(on_label)
        on_row.addWidget(self.item_box, 1)
        column.addLayout(on_row)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("The comment")
        self.text.setPlaceholderText("What should the school know about this? (Ctrl+Enter adds it)")
        self.text.setTabChangesFocus(True)
        _four_lines(self.text)
        column.addWidget(self.text)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        self.add_button = QPushButton("A&dd the comment", self)
        self.add_button.setProperty("role", "primary")
        add_row.addWidget(self.add_button)
        column.addLayout(add_row)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.text)
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.activated.connect(self.add_button.click)

    def show_comments(
        self, comments: Sequence[SheetComment], items: Sequence[tuple[str, str]]
    ) -> None:
        self.list.clear()
        for comment in comments:
            when = f"{comment.when:%B} {comment.when.day} at {comment.when:%H:%M}"
            entry = QListWidgetItem(f"{comment.item}\n{comment.text}\n— {comment.author}, {when}")
            self.list.addItem(entry)
        self.list.setVisible(bool(comments))
        self.empty.setVisible(not comments)
        chosen = self.item_box.currentData()
        self.item_box.clear()
        for ref, name in items:
            self.item_box.addItem(name, ref)
            self.item_box.setItemData(self.item_box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        if chosen is not None and self.item_box.findData(chosen) >= 0:
            self.item_box.setCurrentIndex(self.item_box.findData(chosen))

    def choose_item(self, ref: str) -> None:
        self.item_box.setCurrentIndex(self.item_box.findData(ref))

    def chosen_item(self) -> str:
        return str(self.item_box.currentData() or "plan")

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class DecisionTab(QWidget):
    """An overall note, "Return with feedback" and "Approve", then where the reply went."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reply_path: Path | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(8)
        self.state = label("", "", self)
        column.addWidget(self.state)
        note_label = QLabel("A note for the &school (optional)", self)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("A note for the school, sent with the decision")
        self.note.setTabChangesFocus(True)
        _four_lines(self.note)
        note_label.setBuddy(self.note)
        column.addWidget(note_label)
        column.addWidget(self.note)
        buttons = QHBoxLayout()
        self.return_button = QPushButton("Re&turn with feedback", self)
        self.approve_button = QPushButton("A&pprove", self)
        self.approve_button.setProperty("role", "primary")
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.result = QFrame(self)
        self.result.setProperty("role", "card")
        result_column = QVBoxLayout(self.result)
        result_column.setContentsMargins(16, 10, 16, 12)
        self.result_text = label("", "", self.result)
        self.result_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Show the &folder", self.result)
        self.folder_button.setAccessibleName("Show the Outbox folder with the reply")
        result_column.addWidget(self.result_text)
        result_column.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.result)
        column.addStretch(1)
        self.result.hide()

    def show_sheet(self, sheet: ReviewSheet) -> None:
        from sipdesk.district.review import DECISION_WORDS

        comments = len(sheet.comments)
        carries = (
            f"your {comments} comment{'s' if comments != 1 else ''} and your decision"
            if comments
            else "your decision (no comments yet)"
        )
        self.return_button.setEnabled(sheet.decision in ("", "returned"))
        self.approve_button.setEnabled(sheet.decision in ("", "approved"))
        if sheet.decision:
            self.state.setText(
                f"Version {sheet.version} was {DECISION_WORDS[sheet.decision]} by "
                f"{sheet.reviewer}. Deciding the same again writes the same reply again; the "
                "other decision waits for a new version from the school."
            )
        elif sheet.can_decide:
            self.state.setText(
                f"Version {sheet.version} is ready for your decision. The reply is the school's "
                f"own plan with {carries}, written to the desk's Outbox "
                "folder for you to send."
            )
        else:
            self.state.setText(
                f"Version {sheet.version} is marked {sheet.status}. You can score it and "
                "comment on it now; it can be returned or approved once the school marks it "
                "submitted."
            )

    def show_reply(self, reply: Reply) -> None:
        from sipdesk.district.review import DECISION_WORDS

        self.reply_path = reply.path
        again = " (the same reply as before, written again)" if reply.again else ""
        self.result_text.setText(
            f"{reply.school}'s plan is {DECISION_WORDS[reply.decision]}. The reply is saved as "
            f"“{reply.path.name}”{again} in the folder {reply.path.parent}. Send that file to "
            "the school; opening it brings your comments and decision into their plan."
        )
        self.result.show()


__all__ = ["CommentsTab", "DecisionTab", "RubricTab", "level_words"]
