"""Every question SIP Desk asks the person at the keyboard, behind one small seam.

The window gets a :class:`Dialogs`; tests give it a scripted stand-in so no real modal dialog
ever blocks a test run::

    answer = dialogs.choose("Plan in use", sentence, ["Open read-only"], cancel="Cancel")
    if answer == 0: ...
    path = dialogs.save_file("Save a copy", Path.home() / "Lincoln copy.sipdesk", PLAN_FILTER)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

PLAN_FILTER = "SIP Desk plans (*.sipdesk)"


class Dialogs:
    """Real dialogs, parented to ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def choose(
        self,
        title: str,
        text: str,
        options: Sequence[str],
        *,
        cancel: str | None = "Cancel",
        detail: str = "",
        warning: bool = True,
    ) -> int | None:
        """Ask one question; returns the index of the chosen option, None for ``cancel``."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
        box.setText(text)
        if detail:
            box.setInformativeText(detail)
        buttons = []
        for number, option in enumerate(options):
            role = (
                QMessageBox.ButtonRole.AcceptRole
                if number == 0
                else QMessageBox.ButtonRole.ActionRole
            )
            buttons.append(box.addButton(option, role))
        cancel_button = None
        if cancel:
            cancel_button = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
            box.setEscapeButton(cancel_button)
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or clicked is cancel_button:
            return None
        return buttons.index(clicked) if clicked in buttons else None

    def inform(self, title: str, text: str, *, detail: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(text)
        if detail:
            box.setInformativeText(detail)
        box.exec()

    def open_file(self, title: str, start: Path, file_filter: str = PLAN_FILTER) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self.parent, title, str(start), file_filter)
        return Path(name) if name else None

    def save_file(self, title: str, start: Path, file_filter: str = PLAN_FILTER) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self.parent, title, str(start), file_filter)
        if not name:
            return None
        path = Path(name)
        wanted = file_filter.rsplit("*", 1)[-1].rstrip(")").strip()
        if wanted.startswith(".") and path.suffix.lower() != wanted:
            path = path.with_name(path.name + wanted)
        return path

    def pick(self, title: str, text: str, items: Sequence[str]) -> int | None:
        """Choose one of ``items`` from a list; returns its index."""
        from PySide6.QtWidgets import QInputDialog

        if not items:
            return None
        item, ok = QInputDialog.getItem(self.parent, title, text, list(items), 0, False)
        return list(items).index(item) if ok and item in items else None

    def ask_fields(
        self,
        title: str,
        text: str,
        fields: Sequence[str],
        *,
        accept: str = "OK",
        values: Sequence[str] = (),
    ) -> list[str] | None:
        """A few lines of text in one small form (one box per field, labelled by ``fields``,
        filled in from ``values``); the texts typed, in order, or None when cancelled. A field
        whose label begins with “Password” shows dots, never what is typed."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        if text:
            intro = QLabel(text, dialog)
            intro.setWordWrap(True)
            form.addRow(intro)
        boxes = []
        for number, field in enumerate(fields):
            box = QLineEdit(values[number] if number < len(values) else "", dialog)
            box.setAccessibleName(field.replace("&", "").rstrip(":"))
            box.setMinimumWidth(28 * box.fontMetrics().averageCharWidth())
            if field.replace("&", "").lower().startswith("password"):
                box.setEchoMode(QLineEdit.EchoMode.Password)  # never shown on screen
            form.addRow(field, box)
            boxes.append(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(accept)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return [box.text() for box in boxes]

    def compose(
        self,
        title: str,
        text: str,
        items: Sequence[str],
        *,
        current: int = 0,
        author: str = "",
        finish: str = "Add",
    ) -> tuple[int, str, str] | None:
        """Ask for a short piece of writing about one of ``items`` (``current`` offered first)
        and the writer's name (``author`` filled in); returns (the item's index, the name, the
        writing), None when cancelled."""
        from sipdesk.ui.widgets.compose import ComposeDialog

        dialog = ComposeDialog(
            title, text, items, current=current, author=author, finish=finish, parent=self.parent
        )
        if dialog.exec() != ComposeDialog.DialogCode.Accepted:
            return None
        return dialog.answer()
