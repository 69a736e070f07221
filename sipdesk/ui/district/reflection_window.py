"""*Our self-reflection…* (Ctrl+T) in the desk window: the district's self-reflection, Tool C
(issue 14, item 2), a window of its own beside the desk.

On the left, the four domains' elements in order, each with how far the team has got ("2 ratings
· agreed 2"), and after each domain its *Strengths and weaknesses*. On the right, the one chosen:

- an element: its name, a prompt, the four levels in words for this element; *Your name*, the
  level and the evidence, *Save my rating* (Ctrl+Return); the team's ratings side by side; then
  the level the team agrees and its evidence, *Save the agreed level*;
- a domain's strengths and weaknesses: added, removed; a weakness linked to rows of the rollup
  across schools (a table, then its row), the linked rows shown with today's figures.

Everything is read and written by :mod:`sipdesk.district.reflection` (what ``district reflect``
uses) on the desk window's worker; the desk file is written back after each change. *Save as
PDF…* (Ctrl+S) writes what ``district reflect -o`` writes. Keyboard: Ctrl+L the list, Alt+ the
underlined letters, Tab through the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.ui.district.expectations_window import _write_back
from sipdesk.ui.district.review_panel import REVIEWER_KEY, _scrolling
from sipdesk.ui.district.review_parts import _four_lines
from sipdesk.ui.widgets.common import label

if TYPE_CHECKING:
    from sipdesk.district.reflection import DomainSheet, ElementSheet, Sheet
    from sipdesk.district.reflection_links import LinkedRow
    from sipdesk.district.rollup import Rollup
    from sipdesk.district.rollup_tables import View
    from sipdesk.ui.district.desk_window import DeskWindow

NOTES = "notes"  # the list's key for a domain's strengths and weaknesses
Read = tuple[list[str], "Sheet | None", "Rollup | None"]


def _box(name: str, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    _four_lines(box)
    return box


def _wrapping_list(name: str, parent: QWidget) -> QListWidget:
    items = QListWidget(parent)
    items.setAccessibleName(name)
    items.setWordWrap(True)
    items.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # words wrap
    return items


class ReflectionWindow(QDialog):
    shown = Signal()
    saved = Signal(object)  # the PDF's path

    def __init__(self, window: DeskWindow) -> None:
        from sipdesk.district.reflection import school_year_title
        from sipdesk.models.catalogues import tool_c

        super().__init__(window)
        self.desk_window = window
        self.tool = tool_c()
        self.sheet: Sheet | None = None
        self.data: Rollup | None = None
        self.views: list[View] = []
        self.setWindowTitle("Our self-reflection — SIP Desk")
        self.setModal(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        top.addWidget(label("Our self-reflection (Tool C)", "section", self), 1)
        self.title = QComboBox(self)
        self.title.setEditable(True)
        self.title.setAccessibleName("Which self-reflection: its name")
        self.title.setMinimumContentsLength(12)
        self.title.setEditText(school_year_title(dt.date.today()))
        named = QLabel("&Name:", self)
        named.setBuddy(self.title)
        top.addWidget(named)
        top.addWidget(self.title)
        self.pdf_button = QPushButton("Save as &PDF…", self)
        self.close_button = QPushButton("Close", self)
        top.addWidget(self.pdf_button)
        top.addWidget(self.close_button)
        column.addLayout(top)
        self.message = label(self.tool.intro, "hint", self)
        self.message.setWordWrap(True)
        column.addWidget(self.message)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = _wrapping_list(
            "The elements, and each domain's strengths and weaknesses", split
        )
        self.pages = QStackedWidget(split)
        self.element_page = self._build_element_page()
        self.notes_page = self._build_notes_page()
        self.pages.addWidget(_scrolling(self.element_page))
        self.pages.addWidget(_scrolling(self.notes_page))
        split.addWidget(self.list)
        split.addWidget(self.pages)
        self.list.setMinimumWidth(22 * self.list.fontMetrics().averageCharWidth())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 4)
        column.addWidget(split, 1)
        self.keys: list[tuple[str, Any]] = []  # per list row: ("element", code) or (NOTES, n)
        for domain in self.tool.domains:
            for element in domain.elements:
                self.keys.append(("element", element.code))
                self.list.addItem(QListWidgetItem(element.code))
            self.keys.append((NOTES, domain.number))
            self.list.addItem(QListWidgetItem(""))
        self._label_list()

        self.list.currentRowChanged.connect(self._show_current)
        self.title.activated.connect(lambda *_: self.load())
        self.close_button.clicked.connect(self.close)
        self.pdf_button.clicked.connect(self.save_pdf)
        QShortcut(QKeySequence("Ctrl+L"), self, self.list.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_pdf)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save_rating)
        self.list.setCurrentRow(0)

    # ----------------------------------------------------------------- building
    def _build_element_page(self) -> QWidget:
        page = QWidget(self)
        col = QVBoxLayout(page)
        self.element_name = label("", "subsection", page)
        self.element_name.setWordWrap(True)
        self.element_prompt = label("", "hint", page)
        self.element_prompt.setWordWrap(True)
        col.addWidget(self.element_name)
        col.addWidget(self.element_prompt)
        row = QHBoxLayout()
        self.member = QLineEdit(page)
        self.member.setAccessibleName(self.tool.prompts["member"])
        self.member.setText(str(self.desk_window.settings.value(REVIEWER_KEY, "")))
        who = QLabel("&Your name:", page)
        who.setBuddy(self.member)
        row.addWidget(who)
        row.addWidget(self.member, 1)
        col.addLayout(row)
        levels = QLabel("Your &level — " + self.tool.prompts["rating"], page)
        levels.setWordWrap(True)
        self.levels = _wrapping_list("The four levels for this element", page)
        levels.setBuddy(self.levels)
        col.addWidget(levels)
        col.addWidget(self.levels)
        evidence = QLabel("Your &evidence — " + self.tool.prompts["evidence"], page)
        evidence.setWordWrap(True)
        self.evidence = _box("Your evidence", page)
        evidence.setBuddy(self.evidence)
        col.addWidget(evidence)
        col.addWidget(self.evidence)
        self.rate_button = QPushButton("Save &my rating", page)
        self.rate_button.setProperty("role", "primary")
        col.addWidget(self.rate_button, 0, Qt.AlignmentFlag.AlignRight)
        col.addWidget(label("The team's ratings side by side", "subsection", page))
        col.addWidget(label(self.tool.prompts["side_by_side"], "hint", page))
        self.ratings = _wrapping_list("The team's ratings of this element", page)
        col.addWidget(self.ratings)
        col.addWidget(label("Agreed by the team", "subsection", page))
        agreed_words = label(self.tool.prompts["agreed"], "hint", page)
        agreed_words.setWordWrap(True)
        col.addWidget(agreed_words)
        row = QHBoxLayout()
        self.agreed = QComboBox(page)
        self.agreed.setAccessibleName("The agreed level")
        self.agreed.addItem("Not agreed yet", None)
        for level in self.tool.levels:
            self.agreed.addItem(f"{level.level} · {level.name}", level.level)
        agreed = QLabel("&Agreed level:", page)
        agreed.setBuddy(self.agreed)
        row.addWidget(agreed)
        row.addWidget(self.agreed)
        row.addStretch(1)
        col.addLayout(row)
        self.agreed_evidence = _box("The evidence the agreed level rests on", page)
        col.addWidget(self.agreed_evidence)
        self.agree_button = QPushButton("Save the a&greed level", page)
        col.addWidget(self.agree_button, 0, Qt.AlignmentFlag.AlignRight)
        col.addStretch(1)
        self.rate_button.clicked.connect(self.save_rating)
        self.agree_button.clicked.connect(self.save_agreed)
        self.ratings.setMaximumHeight(8 * self.ratings.fontMetrics().lineSpacing() + 16)
        return page

    def _build_notes_page(self) -> QWidget:
        page = QWidget(self)
        col = QVBoxLayout(page)
        self.notes_title = label("", "subsection", page)
        col.addWidget(self.notes_title)
        self.note_lists: dict[str, QListWidget] = {}
        self.note_texts: dict[str, QLineEdit] = {}
        self.note_prompts: dict[str, QLabel] = {}
        for kind, words in (("strength", "&Strengths"), ("weakness", "&Weaknesses")):
            heading = QLabel(words, page)
            heading.setProperty("role", "subsection")
            col.addWidget(heading)
            self.note_prompts[kind] = label("", "hint", page)
            self.note_prompts[kind].setWordWrap(True)
            col.addWidget(self.note_prompts[kind])
            items = _wrapping_list(f"The domain's {kind}es".replace("ses", "s"), page)
            items.setMaximumHeight(6 * items.fontMetrics().lineSpacing() + 16)
            heading.setBuddy(items)
            col.addWidget(items)
            row = QHBoxLayout()
            text = QLineEdit(page)
            text.setAccessibleName(f"A new {kind}")
            text.setPlaceholderText(f"A new {kind}")
            add = QPushButton(f"Add the {kind}", page)
            remove = QPushButton(f"Remove the chosen {kind}", page)
            row.addWidget(text, 1)
            row.addWidget(add)
            row.addWidget(remove)
            col.addLayout(row)
            self.note_lists[kind], self.note_texts[kind] = items, text
            add.clicked.connect(lambda *_, k=kind: self.add_note(k))
            text.returnPressed.connect(lambda k=kind: self.add_note(k))
            remove.clicked.connect(lambda *_, k=kind: self.remove_note(k))
        links = label(self.tool.prompts["link"], "hint", page)
        links.setWordWrap(True)
        col.addWidget(links)
        self.links = _wrapping_list("The rollup rows linked to the chosen weakness", page)
        self.links.setMaximumHeight(6 * self.links.fontMetrics().lineSpacing() + 16)
        col.addWidget(self.links)
        row = QHBoxLayout()
        self.link_view = QComboBox(page)
        self.link_view.setAccessibleName("A table of the rollup across schools")
        self.link_row = QComboBox(page)
        self.link_row.setAccessibleName("A row of that table")
        self.link_row.setMinimumContentsLength(20)
        self.link_button = QPushButton("&Link", page)
        self.unlink_button = QPushButton("&Unlink the chosen row", page)
        table = QLabel("&Table:", page)
        table.setBuddy(self.link_view)
        row.addWidget(table)
        row.addWidget(self.link_view)
        row.addWidget(self.link_row, 1)
        col.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.link_button)
        row.addWidget(self.unlink_button)
        col.addLayout(row)
        col.addStretch(1)
        self.note_lists["weakness"].currentRowChanged.connect(lambda *_: self._show_links())
        self.link_view.currentIndexChanged.connect(self._fill_link_rows)
        self.link_button.clicked.connect(self.link)
        self.unlink_button.clicked.connect(self.unlink)
        return page

    # ----------------------------------------------------------------- reading
    def _reader(self, with_rollup: bool) -> Callable[[], Read]:
        desk = self.desk_window.desk
        assert desk is not None
        wanted = self.title.currentText().strip()

        def read() -> Read:
            from sipdesk.district.reflection import find_reflection, sheet, titles

            with desk.session() as session:
                found = find_reflection(session, wanted) if wanted else find_reflection(session)
                data = None
                if with_rollup:
                    from sipdesk.district.rollup import PlanCache, rollup

                    data = rollup(session, desk.path, today=dt.date.today(), cache=PlanCache())
                return titles(session), (sheet(session, found) if found else None), data

        return read

    def load(self) -> None:
        if self.desk_window.desk is not None:
            self._run(self._reader(with_rollup=self.data is None), self._show)

    def _show(self, read: Read) -> None:
        from sipdesk.district.rollup_tables import views

        names, self.sheet, data = read
        if data is not None:
            self.data, self.views = data, views(data)
            self.link_view.blockSignals(True)
            self.link_view.clear()
            for view in self.views:
                self.link_view.addItem(view.title, view.key)
            self.link_view.blockSignals(False)
            self._fill_link_rows()
        typed = self.title.currentText()
        self.title.blockSignals(True)
        self.title.clear()
        self.title.addItems(names)
        self.title.setEditText(self.sheet.title if self.sheet else typed)
        self.title.blockSignals(False)
        self._label_list()
        self._show_current()
        desk = self.desk_window.desk
        writable = desk is not None and not desk.readonly
        for widget in (self.rate_button, self.agree_button, self.link_button, self.unlink_button):
            widget.setEnabled(writable)
        self.shown.emit()

    def _label_list(self) -> None:
        for index, (kind, key) in enumerate(self.keys):
            item = self.list.item(index)
            if kind == NOTES:
                domain = self.tool.domain(key)
                assert domain is not None
                item.setText(f"{domain.number}. {domain.name}: strengths and weaknesses")
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                continue
            element = self.tool.element(key)
            assert element is not None
            state = ""
            if self.sheet is not None:
                shown = self.sheet.element(key)
                count = len(shown.ratings)
                parts = [f"{count} rating{'s' if count != 1 else ''}"] if count else []
                if shown.agreed_level is not None:
                    parts.append(f"agreed {shown.agreed_level}")
                state = f"  ({' · '.join(parts)})" if parts else ""
            words = (
                element.name
                if len(element.name) <= 70
                else element.name[:70].rsplit(" ", 1)[0] + "…"
            )
            item.setText(f"{element.code}. {words}{state}")

    def current_element(self) -> ElementSheet | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.keys) or self.keys[row][0] != "element" or self.sheet is None:
            return None
        return self.sheet.element(self.keys[row][1])

    def current_domain(self) -> DomainSheet | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.keys) or self.keys[row][0] != NOTES or self.sheet is None:
            return None
        number: int = self.keys[row][1]
        return self.sheet.domains[number - 1]

    def _show_current(self, *_: object) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.keys):
            return
        kind, key = self.keys[row]
        self.list.scrollToItem(self.list.item(row))
        if kind == NOTES:
            self.pages.setCurrentIndex(1)
            self._show_notes(key)
        else:
            self.pages.setCurrentIndex(0)
            self._show_element(key)

    def _show_element(self, code: str) -> None:
        from sipdesk.district.reflection import level_words

        element = self.tool.element(code)
        assert element is not None
        self.element_name.setText(element.label)
        self.element_prompt.setText(element.prompt)
        shown = self.sheet.element(code) if self.sheet is not None else None
        mine = None
        who = " ".join(self.member.text().split()).casefold()
        if shown is not None:
            mine = next((r for r in shown.ratings if r.member.casefold() == who), None)
        self.levels.clear()
        for level, words in zip(self.tool.levels, element.levels, strict=True):
            self.levels.addItem(f"{level.level} · {level.name} — {words}")
        self.levels.setCurrentRow(mine.level - 1 if mine else -1)
        self.evidence.setPlainText(mine.evidence if mine else "")
        self.ratings.clear()
        for rating in shown.ratings if shown else ():
            evidence = f" — {rating.evidence}" if rating.evidence else ""
            self.ratings.addItem(f"{rating.member}: {level_words(rating.level)}{evidence}")
        if not self.ratings.count():
            self.ratings.addItem("Nobody has rated this element yet.")
        agreed = shown.agreed_level if shown else None
        self.agreed.setCurrentIndex(0 if agreed is None else agreed)
        self.agreed_evidence.setPlainText(shown.agreed_evidence if shown else "")

    def _show_notes(self, number: int) -> None:
        domain = self.tool.domain(number)
        assert domain is not None
        self.notes_title.setText(f"{domain.number}. {domain.name}")
        self.note_prompts["strength"].setText(domain.strengths_prompt)
        self.note_prompts["weakness"].setText(domain.weaknesses_prompt)
        shown = self.sheet.domains[number - 1] if self.sheet is not None else None
        for kind in ("strength", "weakness"):
            items = self.note_lists[kind]
            at = items.currentRow()
            items.blockSignals(True)
            items.clear()
            notes = (shown.strengths if kind == "strength" else shown.weaknesses) if shown else ()
            for note in notes:
                item = QListWidgetItem(note.text)
                item.setData(Qt.ItemDataRole.UserRole, note.id)
                items.addItem(item)
            items.blockSignals(False)
            items.setCurrentRow(min(max(at, 0), items.count() - 1))
        self._show_links()

    def linked_rows(self) -> list[LinkedRow]:
        from sipdesk.district.reflection_links import linked_rows

        note = self._chosen_note("weakness")
        domain = self.current_domain()
        if note is None or domain is None:
            return []
        found = next((n for n in domain.weaknesses if n.id == note), None)
        return linked_rows(self.data, found.links) if found else []

    def _show_links(self) -> None:
        self.links.clear()
        rows = self.linked_rows()
        for row in rows:
            self.links.addItem(row.words)
        if not rows:
            chosen = self._chosen_note("weakness") is not None
            self.links.addItem(
                "No figures linked yet." if chosen else "Choose a weakness to link it to figures."
            )

    def _fill_link_rows(self, *_: object) -> None:
        from sipdesk.district.reflection_links import linkable_rows

        self.link_row.clear()
        index = self.link_view.currentIndex()
        if 0 <= index < len(self.views):
            for key, words in linkable_rows(self.views[index]):
                self.link_row.addItem(words if len(words) <= 120 else words[:119] + "…", key)

    def _chosen_note(self, kind: str) -> int | None:
        item = self.note_lists[kind].currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    # ----------------------------------------------------------------- writing
    def _change(self, busy: str, change: Callable[[Any, Any, dt.datetime], None]) -> None:
        """Run ``change(session, reflection, now)`` in one transaction (starting the reflection
        named at the top when there is none), write the desk back, and show it again."""
        desk = self.desk_window.desk
        if desk is None or desk.readonly:
            return
        title = self.title.currentText().strip()
        self.title.setEditText(title)
        read = self._reader(with_rollup=False)

        def work() -> Read:
            from sipdesk.district.document import utc_now
            from sipdesk.district.reflection import start_reflection

            now = utc_now()
            with desk.transaction() as session:
                change(session, start_reflection(session, title, now=now), now)
            _write_back(desk)
            return read()

        self._run(work, self._show, busy)

    def save_rating(self) -> None:
        from sipdesk.district.reflection import rate

        row = self.list.currentRow()
        if not 0 <= row < len(self.keys) or self.keys[row][0] != "element":
            return
        code, member = self.keys[row][1], self.member.text()
        level = self.levels.currentRow() + 1 if self.levels.currentRow() >= 0 else None
        evidence = self.evidence.toPlainText()
        if level is None:
            self.desk_window.dialogs.inform("Choose a level", "Please choose the level that fits.")
            return
        self.desk_window.settings.setValue(REVIEWER_KEY, " ".join(member.split()))
        self._change(
            "Saving your rating…",
            lambda s, r, now: rate(s, r, code, member, level, evidence, now=now),
        )

    def save_agreed(self) -> None:
        from sipdesk.district.reflection import agree

        row = self.list.currentRow()
        if not 0 <= row < len(self.keys) or self.keys[row][0] != "element":
            return
        code, level = self.keys[row][1], self.agreed.currentData()
        evidence = self.agreed_evidence.toPlainText()
        self._change(
            "Saving the agreed level…",
            lambda s, r, now: agree(s, r, code, level, evidence, now=now),
        )

    def add_note(self, kind: str) -> None:
        from sipdesk.district.reflection import add_note

        row = self.list.currentRow()
        text = self.note_texts[kind].text()
        if not 0 <= row < len(self.keys) or self.keys[row][0] != NOTES or not text.strip():
            return
        number = self.keys[row][1]
        self.note_texts[kind].clear()
        self._change(
            f"Adding the {kind}…",
            lambda s, r, now: (add_note(s, r, number, kind, text, now=now), None)[1],
        )

    def remove_note(self, kind: str) -> None:
        from sipdesk.district.reflection import remove_note

        note = self._chosen_note(kind)
        if note is not None:
            self._change(f"Removing the {kind}…", lambda s, r, now: remove_note(s, note))

    def link(self) -> None:
        from sipdesk.district.reflection import link_note

        note, view, key = (
            self._chosen_note("weakness"),
            self.link_view.currentData(),
            self.link_row.currentData(),
        )
        if note is not None and view and key is not None:
            self._change("Linking…", lambda s, r, now: link_note(s, note, view, key))

    def unlink(self) -> None:
        from sipdesk.district.reflection import unlink_note

        note, rows, at = self._chosen_note("weakness"), self.linked_rows(), self.links.currentRow()
        if note is not None and 0 <= at < len(rows):
            view, key = rows[at].view, rows[at].row_key
            self._change("Unlinking…", lambda s, r, now: unlink_note(s, note, view, key))

    # ----------------------------------------------------------------- the PDF
    def save_pdf(self) -> None:
        if self.sheet is None:
            self.desk_window.dialogs.inform(
                "Nothing to save yet", "Rate an element first; then the reflection can be saved."
            )
            return
        prefs = self.desk_window.prefs
        target = self.desk_window.dialogs.save_file(
            "Save the self-reflection as PDF",
            prefs.last_folder / f"Our self-reflection – {self.sheet.title}.pdf",
            "PDF documents (*.pdf)",
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        prefs.last_folder = target.parent
        self.write_pdf(target)

    def write_pdf(self, target: Path) -> None:
        desk, sheet, data = self.desk_window.desk, self.sheet, self.data
        if desk is None or sheet is None:
            return

        def work() -> Path:
            from sipdesk.district.models import Desk
            from sipdesk.district.reflection_links import linked_rows
            from sipdesk.export.pdf.reflection import render_reflection
            from sipdesk.storage.writeback import write_atomically

            with desk.session() as session:
                row = session.get(Desk, 1)
                district = row.district_name if row is not None else ""
            linked = {n.id: linked_rows(data, n.links) for d in sheet.domains for n in d.weaknesses}
            payload = render_reflection(sheet, district, linked, today=dt.date.today())

            def build(temp: Path) -> None:
                temp.write_bytes(payload)

            write_atomically(build, target)
            return target

        def done(path: Any) -> None:
            self.message.setText(f"Saved “{path.name}” in {path.parent}.")
            self.saved.emit(path)

        self._run(work, done, f"Saving {target.name}…")

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], busy: str = "") -> None:
        from sipdesk.district.reflection import ReflectionError
        from sipdesk.ui.district.expectations_window import explain

        window = self.desk_window
        if busy:
            window.statusBar().showMessage(busy)
        self.setEnabled(False)

        def finished(result: Any) -> None:
            self.setEnabled(True)
            window.statusBar().clearMessage()
            done(result)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            window.statusBar().clearMessage()
            if isinstance(exc, ReflectionError):
                window.dialogs.inform("That could not be saved", str(exc))
            else:
                explain(window, exc, "That could not be saved")
            self.shown.emit()

        window.runner.submit(work, on_done=finished, on_error=failed)


def show_reflection(window: DeskWindow) -> ReflectionWindow:
    """Open (or bring forward) the district's self-reflection and read it from the desk."""
    key = ("reflection", 0)
    dialog = window.side_windows.get(key)
    if not isinstance(dialog, ReflectionWindow):
        dialog = ReflectionWindow(window)
        window.side_windows[key] = dialog
        dialog.finished.connect(lambda *_: window.side_windows.pop(key, None))
        dialog.resize(min(1280, max(760, window.width() - 40)), max(520, window.height() - 40))
        dialog.load()
    dialog.show()
    window.theme.restyle(dialog)
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["ReflectionWindow", "show_reflection"]
