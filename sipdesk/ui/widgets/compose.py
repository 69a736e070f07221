"""A short piece of writing about one of several items, with the writer's name: the dialog
behind :meth:`sipdesk.ui.widgets.dialogs.Dialogs.compose` (a district reviewer's comment on an
item of a school's plan, say). Tests script :meth:`Dialogs.compose` and never show it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.widgets.common import label


class ComposeDialog(QDialog):
    """``text`` over three fields: what it is about (``items``, ``current`` chosen), the
    writer's name and the writing itself. Ctrl+Enter finishes, as in the review window."""

    def __init__(
        self,
        title: str,
        text: str,
        items: Sequence[str],
        *,
        current: int = 0,
        author: str = "",
        finish: str = "Add",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        column = QVBoxLayout(self)
        column.addWidget(label(text, "", self))
        form = QFormLayout()
        self.item_box = QComboBox(self)
        self.item_box.addItems(list(items))
        self.item_box.setCurrentIndex(max(0, min(current, len(items) - 1)))
        self.item_box.setAccessibleName("What the comment is about")
        self.item_box.setMinimumContentsLength(40)
        self.item_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.author = QLineEdit(author, self)
        self.author.setAccessibleName("Your name, recorded with the comment")
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("The comment")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText("What should the school know about this? (Ctrl+Enter adds it)")
        lines = self.body.fontMetrics().lineSpacing()
        self.body.setMinimumHeight(5 * lines)
        form.addRow("&About", self.item_box)
        form.addRow("Your &name", self.author)
        form.addRow("&Comment", self.body)
        column.addLayout(form, 1)
        buttons = QDialogButtonBox(self)
        self.finish_button = buttons.addButton(finish, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        send = QShortcut(QKeySequence("Ctrl+Return"), self)
        send.activated.connect(self._on_buttons_accepted)
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())
        (self.body if author.strip() else self.author).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_buttons_accepted(self) -> None:
        if not " ".join(self.author.text().split()):
            self.author.setFocus()
            return
        if not self.body.toPlainText().strip():
            self.body.setFocus()
            return
        self.accept()

    def answer(self) -> tuple[int, str, str]:
        return (
            self.item_box.currentIndex(),
            " ".join(self.author.text().split()),
            self.body.toPlainText().strip(),
        )


__all__ = ["ComposeDialog"]
