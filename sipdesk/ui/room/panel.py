"""The room on the wall: how to join (QR code, address, code) and the cards waiting.

Everything is sized from the wall's text floor (20 px at 768 px tall), so the address and
the code are readable from the back of the room. The cards are worked with single keys
while the list has the keyboard (F3 moves between the board and the cards):

- Up / Down: the next card; Enter: accept it into the plan; E or F2: change its words first
  (Enter accepts, Esc leaves it as it was);
- M: mark the card to merge, then M on another card merges the two;
- Delete: set the card aside (it never reaches the plan);
- S: silent brainstorm on or off (cards stay face down); R: reveal them;
- B: the team's devices show the wall's board read-only (B again hides it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.room import qr
from sipdesk.room.state import Card
from sipdesk.ui.room.coach import BoardOf, RoomCoach
from sipdesk.ui.room.qr_view import QrView
from sipdesk.ui.wall.lists import colors_now, list_sheet

ID_ROLE = Qt.ItemDataRole.UserRole + 1
HELP = (
    "Enter accept · E edit · M merge · Delete set aside · S silent · R reveal · "
    "B board to their devices · F3 cards or board"
)


def card_line(card: Card, where: str) -> str:
    """ "Maria · Strength: Families read with their children" """
    return f"{card.member_name} · {where}: {card.text}"


def sized(widget: QWidget, px: int, *, bold: bool = False) -> None:
    """Text ``px`` tall on ``widget``: its own style, as the window's sets the screen's size."""
    weight = 600 if bold else 400
    widget.setStyleSheet(f"font-size: {px}px; font-weight: {weight};")


class CardDelegate(QStyledItemDelegate):
    """Each card as tall as its words need at the list's width now, its words drawn in the
    very rectangle they were measured in. (Qt's own measure under the wall's style sheet
    was at times a line short of its drawing, and a card lost its last words to "…".)"""

    PAD = 6  # around the words, inside the card

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def _words_rect(self, rect: QRect) -> QRect:
        pad = self.PAD
        return rect.adjusted(pad, pad // 2, -pad, -pad // 2)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.view
        width = max(view.viewport().width() - 2 * view.spacing(), 40)
        box = self._words_rect(QRect(0, 0, width, 100_000))
        words = QFontMetrics(view.font()).boundingRect(
            box, int(Qt.TextFlag.TextWordWrap), str(index.data() or "")
        )
        return QSize(width, words.height() + self.PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        words, opt.text = opt.text, ""
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.view)
        state = opt.state
        group = (
            QPalette.ColorGroup.Normal
            if state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        selected = bool(state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(self.view.font())
        painter.setPen(opt.palette.color(group, role))
        flags = (
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        painter.drawText(self._words_rect(opt.rect), int(flags), words)
        painter.restore()


class PendingList(QListWidget):
    """The cards waiting for the coach; the keys are in the module notes."""

    def __init__(self, panel: RoomPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setObjectName("room-pending")
        self.setAccessibleName("Cards waiting from the team")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setSpacing(4)
        self.setItemDelegate(CardDelegate(self))

    def current_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.panel.handle_key(event):
            event.accept()
            return
        super().keyPressEvent(event)


class RoomPanel(QFrame):
    """Beside the board on the wall: join details above, waiting cards below."""

    def __init__(self, coach: RoomCoach, floor: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coach = coach
        self.floor = floor
        self.merging: str | None = None  # the card marked with M
        self.editing: str | None = None  # the card whose words are being changed
        self.board_of: BoardOf | None = None  # what B shows the team (the wall's board)
        self._rows: list[tuple[str, str]] | None = None  # (card id, line) as listed now
        self.setObjectName("room-panel")
        self.setAccessibleName("The room")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(max(floor // 3, 4))
        self.title = self._label("Join from your phone", floor, bold=True)
        self.qr = QrView(self, largest=floor * 16)
        self.address = self._label("", round(floor * 1.1), bold=True)
        self.address.setObjectName("room-address")
        self.address.setAccessibleName("Room address")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = self._label("", round(floor * 1.8), bold=True)
        self.code.setObjectName("room-code")
        self.code.setAccessibleName("Join code")
        self.heading = self._label("", floor, bold=True)
        self.heading.setObjectName("room-heading")
        # Wrapped, so a longer heading ("… · silent · board shown") never widens the panel
        # and squeezes the board beside it.
        self.heading.setWordWrap(True)
        self.votes = self._label("", floor, bold=True)
        self.votes.setObjectName("room-votes")
        self.votes.setAccessibleName("Dots from the team's devices")
        self.votes.setWordWrap(True)
        self.votes.hide()
        self.list = PendingList(self)
        # the theme's colours now, as the wall's own lists: dark on white in presentation
        # mode otherwise (see sipdesk.ui.wall.lists)
        look = list_sheet(colors_now(), floor)
        self.list.setStyleSheet(look)
        self.editor = QLineEdit(self)
        self.editor.setObjectName("room-edit")
        self.editor.setAccessibleName("The card’s words")
        self.editor.setStyleSheet(look)
        self.editor.hide()
        self.editor.installEventFilter(self)
        self.help = self._label(HELP, max(floor - 4, 14))
        self.help.setWordWrap(True)
        for widget in (self.title, self.address, self.code):
            widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.title)
        column.addWidget(self.qr, 3)
        column.addWidget(self.address)
        column.addWidget(self.code)
        column.addWidget(self.votes)
        column.addWidget(self.heading)
        column.addWidget(self.list, 2)
        column.addWidget(self.editor)
        column.addWidget(self.help)
        self.qr.set_code(qr.qr_svg(coach.url))
        self.address.setText(coach.url)
        self.code.setText(f"Code {coach.join_code}")
        coach.changed.connect(self.refresh)
        self.refresh()

    def _label(self, text: str, px: int, *, bold: bool = False) -> QLabel:
        label = QLabel(text, self)
        sized(label, px, bold=bold)
        return label

    # ----------------------------------------------------------------- showing
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_address()

    def _fit_address(self) -> None:
        """The address as large as the panel's width allows (a long one never cut off)."""
        text = self.address.text()
        room = max(self.width() - 8, 40)
        px = round(self.floor * 1.3)
        low = max(round(self.floor * 0.7), 12)
        while px > low:
            font = QFont(self.address.font())
            font.setPixelSize(px)
            font.setBold(True)
            if QFontMetrics(font).horizontalAdvance(text) <= room:
                break
            px -= 1
        sized(self.address, px, bold=True)

    def refresh(self) -> None:
        cards = self.coach.pending()
        count = len(cards)
        # "yet" would be wrong once cards have been taken in or set aside.
        waiting = "1 card" if count == 1 else f"{count} cards"
        silent = self.coach.silent()
        notes = (" · silent" if silent else "") + (
            " · board shown" if self.coach.board_shown() else ""
        )
        self.heading.setText(f"Waiting: {waiting}{notes}" if count else f"No cards waiting{notes}")
        votes = self.coach.round_text()
        self.votes.setText(votes)
        self.votes.setVisible(bool(votes))
        if silent:
            self._rows = None
            self.list.clear()
            # Face down: a count, no names, no words; the list keeps the keyboard for R.
            item = QListWidgetItem(
                f"{waiting} face down. R reveals them when everyone is done."
                if count
                else "Silent brainstorm: cards stay face down until R reveals them."
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
            return
        ids = [card.id for card in cards]
        if self.merging not in ids:
            self.merging = None
        rows = [(card.id, self._line(card)) for card in cards]
        shown = self._rows
        if shown is not None and rows[: len(shown)] == shown:
            # Only new cards at the end (the usual news): add those, keep the rest as it is.
            # During a flood the list is not rebuilt for each of hundreds of cards.
            self._add_rows(rows[len(shown) :])
        else:
            current = self.list.current_id()
            self.list.clear()
            self._add_rows(rows)
            if ids:
                self.list.setCurrentRow(ids.index(current) if current in ids else 0)
        self._rows = rows
        if ids and self.list.currentItem() is None:
            self.list.setCurrentRow(0)

    def _line(self, card: Card) -> str:
        line = card_line(card, self.coach.target_label(card))
        return "Merging → " + line if card.id == self.merging else line

    def _add_rows(self, rows: list[tuple[str, str]]) -> None:
        for card_id, line in rows:
            item = QListWidgetItem(line)
            item.setData(ID_ROLE, card_id)
            self.list.addItem(item)

    def visible_lines(self) -> list[str]:
        """What the room can read of the waiting cards now."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    # ----------------------------------------------------------------- keys
    def handle_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        key = event.key()
        current = self.list.current_id()
        if key == Qt.Key.Key_B:
            self.toggle_board()
        elif key == Qt.Key.Key_S:
            self.coach.set_silent(not self.coach.silent())
        elif key == Qt.Key.Key_R:
            self.coach.reveal()
        elif self.coach.silent() and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_E,
            Qt.Key.Key_F2,
            Qt.Key.Key_M,
            Qt.Key.Key_Delete,
        ):
            self.coach.said.emit("The cards are face down: R reveals them first.")
        elif current is None:
            return False
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.coach.accept(current)
        elif key in (Qt.Key.Key_E, Qt.Key.Key_F2):
            self.start_edit(current)
        elif key == Qt.Key.Key_M:
            self.merge_key(current)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.coach.discard(current)
        else:
            return False
        return True

    def toggle_board(self) -> None:
        """B: the team's devices show the wall's board read-only, or stop showing it."""
        if self.coach.board_shown():
            self.coach.share_board(None)
        elif self.board_of is None:
            self.coach.said.emit("This board cannot be shown on the team’s devices.")
        else:
            self.coach.share_board(self.board_of)

    def merge_key(self, current: str) -> None:
        if self.merging is None or self.merging == current:
            self.merging = None if self.merging == current else current
            if self.merging is not None:
                self.coach.said.emit("Now choose the card to merge it with, and press M.")
            self.refresh()
            return
        first, self.merging = self.merging, None
        merged = self.coach.merge(first, current)
        self.refresh()
        if merged is not None:
            self.select(merged.id)

    def select(self, card_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == card_id:
                self.list.setCurrentRow(row)

    def start_edit(self, card_id: str) -> None:
        card = next((c for c in self.coach.pending() if c.id == card_id), None)
        if card is None:
            return
        self.editing = card_id
        self.editor.setText(card.text)
        self.editor.show()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.selectAll()

    def _finish_edit(self, keep: bool) -> None:
        card_id, self.editing = self.editing, None
        text = self.editor.text()
        self.editor.hide()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        if keep and card_id is not None:
            self.coach.accept(card_id, text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._finish_edit(True)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._finish_edit(False)
                return True
        return super().eventFilter(watched, event)

    def focus_target(self) -> QWidget:
        return self.list


__all__ = ["PendingList", "RoomPanel", "card_line"]
