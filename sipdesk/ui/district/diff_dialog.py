"""“What changed…” in the desk window: two versions of a school's plan, compared.

A window of its own beside the desk (not modal: the reviewer can open the school's plan or its
review beside it), showing :class:`DiffView` of the last two versions first; the two versions
can be any two, picked from the school's list. The reading and comparing is
:func:`sipdesk.district.desk_review.compare_versions` — the ``district diff`` command's own — on the
desk window's worker, so the window never freezes; "Save as PDF…" writes the same PDF as
``district diff -o``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from sipdesk.district.schools import SchoolRow
from sipdesk.ui.district.diff_view import DiffView
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.desk_review import Compared
    from sipdesk.ui.district.desk_window import DeskWindow

PDF_FILTER = "PDF documents (*.pdf)"


def _safe(text: str) -> str:
    return "".join(c for c in text if c not in '\\/:*?"<>|').strip() or "School"


class WhatChangedDialog(QDialog):
    """What changed between two versions of one school's plan."""

    shown = Signal()  # a difference, or the sentence saying there is none yet, is on screen
    pdf_saved = Signal(object)  # the PDF's path

    def __init__(self, window: DeskWindow, row: SchoolRow) -> None:
        super().__init__(window)
        self.desk_window = window
        self.row = row
        self.compared: Compared | None = None
        self.setWindowTitle(f"What changed — {row.school} — SIP Desk")
        self.setModal(False)
        self._build_ui()
        self.save_button.setEnabled(False)

    def _build_ui(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        picks = QHBoxLayout()
        picks.setSpacing(8)
        self.from_box = QComboBox(self)
        self.from_box.setAccessibleName("The older version")
        self.to_box = QComboBox(self)
        self.to_box.setAccessibleName("The newer version")
        for box in (self.from_box, self.to_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        from_label = QLabel("&Compare", self)
        from_label.setBuddy(self.from_box)
        to_label = QLabel("&with", self)
        to_label.setBuddy(self.to_box)
        self.save_button = QPushButton("&Save as PDF…", self)
        self.save_button.setAccessibleName("Save what changed as a PDF")
        self.close_button = QPushButton("Close", self)
        for widget in (from_label, self.from_box, to_label, self.to_box):
            picks.addWidget(widget)
        picks.addStretch(1)
        picks.addWidget(self.save_button)
        picks.addWidget(self.close_button)
        column.addLayout(picks)
        self.message = label("", "hint", self)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)
        self.view = DiffView(self)
        column.addWidget(self.view, 1)
        self.from_box.activated.connect(self._on_versions_picked)
        self.to_box.activated.connect(self._on_versions_picked)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_pdf)

    # ----------------------------------------------------------------- reading
    def load(self, from_number: int | None = None, to_number: int | None = None) -> None:
        """Read and compare the two versions on the desk window's worker (by default the last
        two), then show them."""
        desk = self.desk_window.desk
        if desk is None:
            return
        school_id = self.row.school_id

        def work() -> tuple[list[tuple[int, str]], Compared | None, str]:
            from sipdesk.district.desk_review import (
                compare_versions,
                one_version_sentence,
                school_of,
                version_choices,
            )

            choices = version_choices(desk, school_id)
            with desk.session() as session:
                school = school_of(session, school_id, desk.path)
                compared = compare_versions(session, school, desk.path, from_number, to_number)
                return choices, compared, "" if compared else one_version_sentence(school.name)

        if from_number is None:
            self.message.setText(f"Reading {self.row.school}'s last two versions…")
        else:
            self.message.setText(f"Reading versions {from_number} and {to_number}…")
        self.message.show()
        self.save_button.setEnabled(False)
        self.desk_window.runner.submit(work, on_done=self._on_read, on_error=self._on_failed)

    def _on_read(self, result: tuple[list[tuple[int, str]], Compared | None, str]) -> None:
        choices, compared, sentence = result
        self.compared = compared
        self._fill(choices, compared)
        many = len(choices) > 1
        for box in (self.from_box, self.to_box):
            box.setEnabled(many)
        if compared is None:
            self.view.clear()
            self.message.setText(sentence)
            self.message.show()
        else:
            self.message.hide()
            title = compared.title
            self.view.show_diff(compared.diff, title.title, title.received)
        self.save_button.setEnabled(compared is not None)
        self.shown.emit()

    def _fill(self, choices: list[tuple[int, str]], compared: Compared | None) -> None:
        for box in (self.from_box, self.to_box):
            box.blockSignals(True)
            box.clear()
            for number, words in choices:
                box.addItem(words, number)
            box.blockSignals(False)
        if compared is not None:
            self.from_box.setCurrentIndex(self.from_box.findData(compared.title.from_number))
            self.to_box.setCurrentIndex(self.to_box.findData(compared.title.to_number))

    def _on_versions_picked(self, _index: int) -> None:
        older, newer = self.from_box.currentData(), self.to_box.currentData()
        if older is None or newer is None:
            return
        if older == newer:
            self.compared = None
            self.view.clear()
            self.save_button.setEnabled(False)
            self.message.setText("Those are the same version; please choose two different ones.")
            self.message.show()
            return
        self.load(int(older), int(newer))

    def _on_failed(self, exc: BaseException) -> None:
        from sipdesk.storage import PlanFileError

        if isinstance(exc, PlanFileError):
            self.view.clear()
            self.message.setText(str(exc))
            self.message.show()
            self.shown.emit()
        else:
            self.desk_window._explain(exc)

    # ----------------------------------------------------------------- the PDF
    def suggested_name(self) -> str:
        if self.compared is None:
            return f"{_safe(self.row.school)} – what changed.pdf"
        t = self.compared.title
        return f"{_safe(t.school)} – what changed – version {t.from_number} to {t.to_number}.pdf"

    def save_pdf(self) -> None:
        compared = self.compared
        if compared is None or self.desk_window.desk is None:
            return
        prefs = self.desk_window.prefs
        target = self.desk_window.dialogs.save_file(
            "Save what changed as a PDF", prefs.last_folder / self.suggested_name(), PDF_FILTER
        )
        if target is None:
            return
        desk_path = self.desk_window.desk.path
        prefs.last_folder = target.parent

        def work() -> Path:
            from sipdesk.district.desk_review import check_pdf_target, write_diff_pdf

            check_pdf_target(target, desk_path)
            write_diff_pdf(compared, target)
            return target

        self.message.setText(f"Saving {target.name}…")
        self.message.show()
        self.desk_window.runner.submit(work, on_done=self._on_saved, on_error=self._on_save_failed)

    def _on_saved(self, target: Path) -> None:
        self.message.setText(f"Saved “{target.name}” in {target.parent}.")
        self.message.show()
        self.pdf_saved.emit(target)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.message.hide()
        self.desk_window._explain(exc)


def show_what_changed(window: DeskWindow, row: SchoolRow) -> WhatChangedDialog:
    """Open (or bring forward) the school's “What changed” window and read its last two
    versions."""
    key = ("diff", row.school_id)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, WhatChangedDialog):
        dialog = WhatChangedDialog(window, row)
        window.side_windows[key] = dialog
        dialog.finished.connect(lambda *_: window.side_windows.pop(key, None))
        width = min(1100, max(640, window.width() - 60))
        height = max(480, window.height() - 60)
        dialog.resize(width, height)
        dialog.load()
    dialog.show()
    window.theme.restyle(dialog)
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["WhatChangedDialog", "show_what_changed"]
