"""A list the whole room can read: large wrapped text, edited with single keys.

The SWOT quadrants, a 5 Whys chain and the vote ranking on the wall are each one
:class:`WallList`. Its rows are (key, text) pairs from the plan; what a key does is given by
the board that owns it:

- F2 or Enter renames the selected row (``rename``), Insert adds a row after it (``add``),
  Delete removes it (``delete``), + and − give or take back a vote (``vote``);
- Up / Down move through the rows, Tab and Shift+Tab always leave the list.

The text size is set by the board (see :func:`fit_lists`), the same for every list on it.

**Colours.** A list takes the theme's colours now, as the fishbone on the wall takes them from
the palette: the window restyles only what is on show when the look changes, so a wall opened
in presentation mode kept the first look's dark text on white beside the presentation's light
on black. Each list has its own small style sheet (:func:`list_sheet`), with its text size in
it, since a widget with a style sheet of its own takes its text size from style sheets only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.diagrams.wall import WALL_MAX_TEXT_PX, largest_size
from sipdesk.ui.theme import HIGH_CONTRAST, NORMAL, Colors

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # the words alone, as edited (no prefix)
NEW_ROW = -1  # the key of a row being added, until it is saved
ROW_GAP = 0.45  # space between rows, as a share of the text size


def colors_now() -> Colors:
    """The theme's colours now: :meth:`Theme.apply` makes the application palette from them."""
    window = QApplication.palette().color(QPalette.ColorRole.Window).name()
    return HIGH_CONTRAST if window.lower() == HIGH_CONTRAST.window.lower() else NORMAL


def list_sheet(colors: Colors, px: int | None) -> str:
    """A wall list's own look: the theme's list colours, scroll bar and editor (a row being
    renamed, a card's words), text ``px`` tall (None: the window's text size, until the board
    fits the list)."""
    c = colors
    line = 2 if c == HIGH_CONTRAST else 1  # as the theme draws a list's border and ring
    size = f"QListWidget, QLineEdit {{ font-size: {px}px; }}\n" if px else ""
    return (
        f"{size}QListWidget, QLineEdit {{ background: {c.surface}; color: {c.text}; "
        f"border: {line}px solid {c.field_border}; border-radius: 4px; "
        f"selection-background-color: {c.selection}; selection-color: {c.on_selection}; }}\n"
        f"QListWidget:focus, QLineEdit:focus {{ border: {line + 1}px solid {c.focus}; }}\n"
        f"QScrollBar {{ background: {c.scroll_track}; }}\n"
        f"QScrollBar::handle {{ background: {c.scroll_handle}; }}\n"
        f"QScrollBar::handle:hover, QScrollBar::handle:pressed {{ background: {c.scroll_hover}; }}"
    )


@dataclass(frozen=True)
class WallRow:
    key: int
    text: str
    prefix: str = ""  # shown before the text, not edited (a number, a vote count)


class WallList(QListWidget):
    """Rows of large wrapped text; see the module notes for the keys."""

    def __init__(
        self,
        name: str,
        parent: QWidget | None = None,
        *,
        rename: Callable[[int, str], object] | None = None,
        add: Callable[[int | None, str], object] | None = None,
        delete: Callable[[int], object] | None = None,
        vote: Callable[[int, int], object] | None = None,
        empty: str = "Nothing here yet.",
    ) -> None:
        super().__init__(parent)
        self._rename, self._add, self._delete, self._vote = rename, add, delete, vote
        self._rows: list[WallRow] = []
        self._empty = empty
        self._adding_after: int | None = None
        # Gets every key first while set (a voting round): True when it took the key.
        self.key_hook: Callable[[QKeyEvent, int | None], bool] | None = None
        # Window shortcuts it keeps from firing while set (a round's undo keys): True to keep.
        self.claims_hook: Callable[[QKeyEvent], bool] | None = None
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.itemDelegate().closeEditor.connect(self._on_editor_closed)
        self._px: int | None = None  # the text size the board gave (None: not yet)
        self._dress(None)

    # ----------------------------------------------------------------- rows
    @property
    def rows(self) -> list[WallRow]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[WallRow]) -> None:
        """Show these rows; the selected row stays selected while it exists."""
        if self.editing():
            return  # the plan changed under an open editor: it is refreshed when it closes
        rows = list(rows)
        keep = self.current_key()
        self._rows = rows
        self.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.prefix}{row.text.strip() or 'Untitled'}")
            item.setData(KEY_ROLE, row.key)
            item.setData(TEXT_ROLE, row.text)
            self.addItem(item)
            if row.key == keep:
                self.setCurrentItem(item)
        if not rows:
            placeholder = QListWidgetItem(self._empty)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)
        elif self.currentItem() is None:
            self.setCurrentRow(0)
        self.refit_rows()

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def current_key(self) -> int | None:
        item = self.currentItem()
        value = item.data(KEY_ROLE) if item is not None else None
        return int(value) if isinstance(value, int) and value != NEW_ROW else None

    def select_key(self, key: int) -> bool:
        for index in range(self.count()):
            item = self.item(index)
            if item.data(KEY_ROLE) == key:
                self.setCurrentItem(item)
                self.scrollToItem(item)
                return True
        return False

    # ----------------------------------------------------------------- text size
    def set_text_px(self, px: int) -> None:
        self._dress(px)  # the size goes in the list's style sheet: a setFont would not last
        self.refit_rows()

    def _dress(self, px: int | None) -> None:
        """The theme's colours now, at text size ``px`` (see the module notes)."""
        self._px = px
        sheet = list_sheet(colors_now(), px)
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a new look while the wall is up
            self._dress(self._px)

    def content_height(self, px: int, width: int) -> int:
        """How tall every row is at text size ``px`` wrapped to ``width`` pixels."""
        font = QFont(self.font())
        font.setPixelSize(px)
        metrics = QFontMetrics(font)
        texts = [self.item(i).text() for i in range(self.count())]
        flags = int(Qt.TextFlag.TextWordWrap)
        # the list's border comes off the width too (2 px a side in high contrast)
        usable = max(width - 2 * self.frameWidth() - 2 * self._pad(px), 40)
        total = 0
        for text in texts:
            box = metrics.boundingRect(QRect(0, 0, usable, 100_000), flags, text)
            total += box.height() + self._gap(px)
        return total

    def refit_rows(self) -> None:
        """Give each row the height its wrapped text needs at the current width."""
        px = max(self.font().pixelSize(), 1)
        metrics = self.fontMetrics()
        usable = max(self.viewport().width() - 2 * self._pad(px), 40)
        flags = int(Qt.TextFlag.TextWordWrap)
        for index in range(self.count()):
            item = self.item(index)
            box = metrics.boundingRect(QRect(0, 0, usable, 100_000), flags, item.text())
            item.setSizeHint(QSize(usable, box.height() + self._gap(px)))

    @staticmethod
    def _pad(px: int) -> int:
        return max(4, px // 4)

    @staticmethod
    def _gap(px: int) -> int:
        return round(px * ROW_GAP)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.refit_rows()

    # ----------------------------------------------------------------- keys
    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.claims_hook is not None
            and not self.editing()
            and self.claims_hook(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.editing():  # keys the open editor passed on (its Enter) are not commands
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        plain = not mods & ~Qt.KeyboardModifier.KeypadModifier
        current = self.current_key()
        if self.key_hook is not None and self.key_hook(event, current):
            event.accept()
            return
        if plain and key in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._rename is not None and current is not None:
                self.editItem(self.currentItem())
                event.accept()
                return
        elif plain and key == Qt.Key.Key_Insert and self._add is not None:
            self.start_adding()
            event.accept()
            return
        elif plain and key == Qt.Key.Key_Delete and self._delete is not None:
            if current is not None:
                self._delete(current)
            event.accept()
            return
        elif self._vote is not None and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            if current is not None:
                self._vote(current, 1)
            event.accept()
            return
        elif self._vote is not None and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            if current is not None:
                self._vote(current, -1)
            event.accept()
            return
        super().keyPressEvent(event)

    def start_adding(self) -> None:
        """Open an empty row after the selected one (or at the end) to type a new item."""
        self._adding_after = self.current_key()
        row = self.currentRow() + 1 if self._adding_after is not None else self.count()
        if not self._rows:  # the placeholder goes
            self.clear()
            row = 0
        item = QListWidgetItem("")
        item.setData(KEY_ROLE, NEW_ROW)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.insertItem(row, item)
        self.setCurrentItem(item)
        self.refit_rows()
        self.editItem(item)

    def editItem(self, item: QListWidgetItem) -> None:
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if item.data(KEY_ROLE) != NEW_ROW:
            item.setText(str(item.data(TEXT_ROLE) or ""))
        super().editItem(item)

    def _on_editor_closed(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        item = self.currentItem()
        if item is None:
            return
        key = item.data(KEY_ROLE)
        text = item.text().strip()
        before = str(item.data(TEXT_ROLE) or "")
        saved = hint != QAbstractItemDelegate.EndEditHint.RevertModelCache
        # Saved once the view has finished closing its editor: saving rebuilds the rows.
        QTimer.singleShot(0, lambda: self._finish_edit(key, text, before, saved))

    def _finish_edit(self, key: object, text: str, before: str, saved: bool) -> None:
        if key == NEW_ROW:
            if saved and text and self._add is not None:
                self._add(self._adding_after, text)
        elif saved and isinstance(key, int) and self._rename is not None and text != before:
            self._rename(key, text)
        self.set_rows(self._rows)  # shows what the plan holds now
        self.setFocus()


class WallPanel(QWidget):
    """A heading over a :class:`WallList`."""

    def __init__(self, title: str, wall_list: WallList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = wall_list
        self.title = QLabel(title, self)
        self.title.setObjectName("wall-heading")
        self.title.setBuddy(wall_list)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(wall_list, 1)
        wall_list.setParent(self)

    def set_text_px(self, px: int) -> None:
        font = QFont(self.title.font())
        font.setPixelSize(round(px * 1.25))
        font.setBold(True)
        self.title.setFont(font)
        self.list.set_text_px(px)

    def fits(self, px: int) -> bool:
        heading = QFontMetrics(self._heading_font(px)).height() + 4
        room = self.height() - heading
        return self.list.content_height(px, self.width()) <= room

    def _heading_font(self, px: int) -> QFont:
        font = QFont(self.title.font())
        font.setPixelSize(round(px * 1.25))
        return font


def fit_panels(panels: Sequence[WallPanel], floor: int) -> int:
    """Set one text size on every panel: the largest at which each shows all its rows, and
    never below ``floor`` (a panel that still does not fit scrolls). The size set."""
    px = largest_size(floor, WALL_MAX_TEXT_PX, lambda size: all(p.fits(size) for p in panels))
    for panel in panels:
        panel.set_text_px(px)
    return px


__all__ = ["NEW_ROW", "WallList", "WallPanel", "WallRow", "colors_now", "fit_panels", "list_sheet"]
