"""The SWOT board of step 2: four quadrants of cards.

Type in a quadrant's box and press Enter to add a card; edit a card's text and evidence in
place; drag a card (by its handle or edge) to reorder it or to move it to another quadrant, or
use its ⋯ menu (Alt+Up / Alt+Down also move it); delete it with ✕. Every one of these is one
undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QCursor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsOpacityEffect,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.models.tables import SWOT_ITEM
from sipdesk.services import lists
from sipdesk.ui.widgets.batches import Batches
from sipdesk.ui.widgets.common import label, restyle
from sipdesk.ui.widgets.fields import PlainLineEdit, TextArea

if TYPE_CHECKING:
    from sipdesk.models.plan_types import SwotItemRow
    from sipdesk.ui.controller import PlanController

# A card shows all of its words: the board scrolls, a card never does.
CARD_MAX_LINES = 200
# Cards built at once when the board shows; any more are built in slices after it shows.
EAGER_CARDS = 16

# kind -> (quadrant title, one item, where it comes from)
QUADRANTS: dict[str, tuple[str, str, str]] = {
    "strength": ("Strengths", "strength", "Inside the school · helps us"),
    "weakness": ("Weaknesses", "weakness", "Inside the school · holds us back"),
    "opportunity": ("Opportunities", "opportunity", "Outside the school · could help"),
    "threat": ("Threats", "threat", "Outside the school · could get in the way"),
}
KINDS = tuple(QUADRANTS)


def follow(widget: QWidget) -> None:
    """Scroll the page so ``widget`` (where the caret now is) is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 24, 48)


def noun(kind: str) -> str:
    return QUADRANTS[kind][1]


class SwotCard(QFrame):
    """One SWOT item: its text and evidence, edited in place; drag it to move it."""

    def __init__(self, board: SwotBoard, item: SwotItemRow, parent: QWidget | None = None) -> None:
        # ``parent``: the quadrant it shows in, so that it is not moved (and restyled
        # whole) once more as it goes in.
        super().__init__(parent or board)
        self.board = board
        self.controller = board.controller
        self.item_id = item["id"]
        self.kind: str = item["kind"]
        self._press: QPoint | None = None
        self.setProperty("role", "card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._build_ui()
        self._connect()
        self.text.bind(self.item_id, item["text"])
        self.evidence.bind(self.item_id, item["evidence"])

    def _build_ui(self) -> None:
        name = noun(self.kind)
        writable = not self.controller.readonly
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.handle = QLabel("⠿", self)
        self.handle.setToolTip("Drag to move this card")
        self.handle.setCursor(Qt.CursorShape.OpenHandCursor)
        self.handle.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.handle.setProperty("role", "hint")
        self.handle.setFixedWidth(self.handle.fontMetrics().horizontalAdvance("⠿") + 8)
        layout.addWidget(self.handle)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.text = TextArea(
            self.controller,
            SWOT_ITEM,
            "text",
            name.capitalize(),
            self,
            lines=1,
            max_lines=CARD_MAX_LINES,
            undo_label=f"Edit {name}",
        )
        self.evidence = TextArea(
            self.controller,
            SWOT_ITEM,
            "evidence",
            f"Evidence for this {name}",
            self,
            lines=1,
            max_lines=CARD_MAX_LINES,
            placeholder="Evidence: how do we know?",
            undo_label="Edit evidence",
        )
        self.text.setProperty("role", "card-text")
        self.evidence.setProperty("role", "card-evidence")
        column.addWidget(self.text)
        column.addWidget(self.evidence)
        layout.addLayout(column, 1)
        tools = QVBoxLayout()
        tools.setSpacing(2)
        self.menu_button = QToolButton(self)
        self.menu_button.setText("⋯")
        self.menu_button.setProperty("role", "card-tool")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setToolTip("Move this card")
        self.menu = QMenu(self.menu_button)
        self.menu_button.setMenu(self.menu)
        self.delete_button = QToolButton(self)
        self.delete_button.setText("✕")
        self.delete_button.setProperty("role", "card-tool")
        self.delete_button.setToolTip(f"Delete this {name} (you can undo)")
        for button in (self.menu_button, self.delete_button):
            button.setEnabled(writable)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)

    def _connect(self) -> None:
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.text.installEventFilter(self)
        self.evidence.installEventFilter(self)

    def set_number(self, number: int) -> None:
        name = noun(self.kind)
        self.text.setAccessibleName(f"{name.capitalize()} {number}")
        self.evidence.setAccessibleName(f"Evidence for {name} {number}")
        self.menu_button.setAccessibleName(f"Move {name} {number}")
        self.delete_button.setAccessibleName(f"Delete {name} {number}")
        self.text.setPlaceholderText(f"Describe this {name}")

    def show_item(self, item: SwotItemRow) -> None:
        self.text.bind(self.item_id, item["text"])
        self.evidence.bind(self.item_id, item["evidence"])

    # ----------------------------------------------------------------- keyboard
    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        index, count = self.board.place_of(self)
        up = self.menu.addAction(
            "Move up", lambda: self.board.move_card(self, self.kind, index - 1)
        )
        up.setEnabled(index > 0)
        down = self.menu.addAction(
            "Move down", lambda: self.board.move_card(self, self.kind, index + 1)
        )
        down.setEnabled(index < count - 1)
        self.menu.addSeparator()
        for kind in KINDS:
            if kind != self.kind:
                action = self.menu.addAction(f"Move to {QUADRANTS[kind][0]}")
                action.triggered.connect(self._mover(kind))
        self.menu.addSeparator()
        self.menu.addAction(f"Delete this {noun(self.kind)}", self._on_delete_button_clicked)

    def _mover(self, kind: str) -> Callable[[], None]:
        def move() -> None:
            self.board.move_card(self, kind, None)

        return move

    def _on_delete_button_clicked(self) -> None:
        self.board.delete_card(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        moving = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        )
        if moving:
            assert isinstance(event, QKeyEvent)
            index, _count = self.board.place_of(self)
            delta = -1 if event.key() == Qt.Key.Key_Up else 1
            self.board.move_card(self, self.kind, index + delta, keep_focus=watched)
            return True
        return False

    # ----------------------------------------------------------------- dragging
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.controller.readonly:
            self._press = event.position().toPoint()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        global_pos = event.globalPosition().toPoint()
        if not self.board.dragging():
            distance = (event.position().toPoint() - self._press).manhattanLength()
            if distance < QApplication.startDragDistance():
                return
            self.board.begin_drag(self, self._press)
        self.board.drag_to(global_pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        was_pressed = self._press is not None
        self._press = None
        if was_pressed and self.board.dragging():
            self.board.finish_drag(event.globalPosition().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)


class Quadrant(QFrame):
    """One of the four SWOT quadrants: its cards and a box to add one."""

    def __init__(self, board: SwotBoard, kind: str) -> None:
        super().__init__(board)
        self.board = board
        self.kind = kind
        title, one, hint = QUADRANTS[kind]
        self.setProperty("role", "quadrant")
        self.setObjectName(f"quadrant_{kind}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(8)
        self.title = label(title, "quadrant-title", self)
        layout.addWidget(self.title)
        self.hint = label(hint, "hint", self)
        layout.addWidget(self.hint)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(6)
        layout.addLayout(self.cards_layout)
        self.drop_line = QFrame(self)
        self.drop_line.setProperty("role", "drop-line")
        self.drop_line.hide()
        self.add_field = PlainLineEdit(self)
        article = "an" if one[0] in "aeiou" else "a"
        self.add_field.setPlaceholderText(f"Add {article} {one}, then press Enter")
        self.add_field.setAccessibleName(f"Add {article} {one}")
        self.add_field.setEnabled(not board.controller.readonly)
        layout.addWidget(self.add_field)
        layout.addStretch(1)
        self.add_field.returnPressed.connect(self._on_add_field_return_pressed)

    def cards(self) -> list[SwotCard]:
        self.board.batches.flush()
        out = []
        for index in range(self.cards_layout.count()):
            item = self.cards_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, SwotCard):
                out.append(widget)
        return out

    def global_rect(self) -> QRect:
        return QRect(self.mapToGlobal(QPoint(0, 0)), self.size())

    def show_drop_line(self, index: int | None) -> None:
        self.cards_layout.removeWidget(self.drop_line)
        if index is None:
            self.drop_line.hide()
            return
        # Cards before the insertion point, not counting the one being dragged.
        cards = self.cards()
        position = 0
        seen = 0
        for position, card in enumerate(cards):  # noqa: B007
            if card is self.board.drag_card:
                continue
            if seen == index:
                break
            seen += 1
        else:
            position = len(cards)
        self.cards_layout.insertWidget(position, self.drop_line)
        self.drop_line.show()

    def _on_add_field_return_pressed(self) -> None:
        text = self.add_field.text().strip()
        if not text:
            return
        new = self.board.add_item(self.kind, text)
        if new is None:
            return
        self.add_field.clear()
        # On to the new card's evidence; Tab from there comes back here for the next card.
        card = self.board.cards.get(new)
        if card is not None and card.evidence.isEnabled():
            card.evidence.setFocus(Qt.FocusReason.TabFocusReason)
            follow(card.evidence)


class SwotBoard(QWidget):
    """Strengths, weaknesses, opportunities and threats as four quadrants of cards."""

    def __init__(self, controller: PlanController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._cards: dict[int, SwotCard] = {}
        self.batches = Batches(self, eager=EAGER_CARDS, done=self._link_empty_quadrants)
        self.drag_card: SwotCard | None = None
        self._drag_target: tuple[Quadrant, int] | None = None
        self._hotspot = QPoint()
        self.ghost = QLabel(self)
        self.ghost.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        effect = QGraphicsOpacityEffect(self.ghost)
        effect.setOpacity(0.75)
        self.ghost.setGraphicsEffect(effect)
        self.ghost.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.quadrants: dict[str, Quadrant] = {}
        for number, kind in enumerate(KINDS):
            quadrant = Quadrant(self, kind)
            self.quadrants[kind] = quadrant
            grid.addWidget(quadrant, number // 2, number % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    # ----------------------------------------------------------------- showing
    def reload(self) -> None:
        with self.controller.session() as session:
            self.set_items(lists.swot_rows(session))

    def set_items(self, items: Sequence[SwotItemRow]) -> None:
        """Show ``items`` in their order."""
        by_kind: dict[str, list[SwotItemRow]] = {kind: [] for kind in KINDS}
        for item in items:
            if item["kind"] in by_kind:
                by_kind[item["kind"]].append(item)
        wanted = {i["id"]: i for i in items if i["kind"] in by_kind}
        for item_id in list(self._cards):
            card = self._cards[item_id]
            if item_id not in wanted or wanted[item_id]["kind"] != card.kind:
                self._drop_card(item_id)
        # Card by card, in slices: a board of hundreds of cards shows at once and fills in.
        self.batches.run(
            partial(self._show_card, kind, number, item)
            for kind in KINDS
            for number, item in enumerate(by_kind[kind])
        )

    def _show_card(self, kind: str, number: int, item: SwotItemRow) -> None:
        quadrant = self.quadrants[kind]
        item_id = item["id"]
        card = self._cards.get(item_id)
        if card is None:
            card = SwotCard(self, item, quadrant)
            self._cards[item_id] = card
        else:
            card.show_item(item)
        if quadrant.cards_layout.indexOf(card) != number:
            quadrant.cards_layout.removeWidget(card)
            quadrant.cards_layout.insertWidget(number, card)
        card.set_number(number + 1)
        card.show()
        # In the Tab order after the card above it (or the quadrant before this one), and
        # before the quadrant's "add" box.
        previous = self._tab_before(kind, number)
        # A card's buttons come before its text, so Tab from a card's evidence is at once in
        # the box that adds the next card.
        chain = (card.menu_button, card.delete_button, card.text, card.evidence, quadrant.add_field)
        for widget in chain:
            if previous is not None:
                QWidget.setTabOrder(previous, widget)
            previous = widget

    def _link_empty_quadrants(self) -> None:
        """A quadrant without cards: its "add" box comes after the quadrant before it."""
        for kind in KINDS[1:]:
            quadrant = self.quadrants[kind]
            if not quadrant.cards_layout.count():
                previous = self._tab_before(kind, 0)
                if previous is not None:
                    QWidget.setTabOrder(previous, quadrant.add_field)

    def _tab_before(self, kind: str, number: int) -> QWidget | None:
        """What Tab visits just before the ``number``-th card of ``kind``'s quadrant."""
        layout = self.quadrants[kind].cards_layout
        for index in range(min(number, layout.count()) - 1, -1, -1):
            item = layout.itemAt(index)
            above = item.widget() if item is not None else None
            if isinstance(above, SwotCard):
                return above.evidence
        at = KINDS.index(kind)
        return self.quadrants[KINDS[at - 1]].add_field if at > 0 else None

    @property
    def cards(self) -> dict[int, SwotCard]:
        """Every item's card, by item id (all of them: any still to build are built now)."""
        self.batches.flush()
        return self._cards

    def _drop_card(self, item_id: int) -> None:
        card = self._cards.pop(item_id)
        card.hide()
        card.setParent(None)
        card.deleteLater()

    def place_of(self, card: SwotCard) -> tuple[int, int]:
        cards = self.quadrants[card.kind].cards()
        return cards.index(card), len(cards)

    # ----------------------------------------------------------------- edits
    def add_item(self, kind: str, text: str) -> int | None:
        """Add a card; its item id (None if the plan refused)."""
        change = self.controller.run(lambda s: lists.add_swot_item(s, kind, text))
        return change.created_id("swot_items") if change is not None else None

    def delete_card(self, card: SwotCard) -> None:
        quadrant = self.quadrants[card.kind]
        cards = quadrant.cards()
        index = cards.index(card)
        item_id, kind = card.item_id, card.kind
        self.controller.run(lambda s: lists.delete_swot_item(s, item_id, kind))
        remaining = quadrant.cards()
        if remaining:
            remaining[min(index, len(remaining) - 1)].text.setFocus()
        else:
            quadrant.add_field.setFocus()

    def move_card(
        self,
        card: SwotCard,
        kind: str,
        index: int | None,
        *,
        keep_focus: QObject | None = None,
    ) -> None:
        """Move ``card`` to position ``index`` (None: the end) of the ``kind`` quadrant."""
        item_id, old_kind = card.item_id, card.kind
        count = len(self.quadrants[kind].cards()) - (1 if kind == old_kind else 0)
        target = count if index is None else index
        if not 0 <= target <= count:
            return
        if kind == old_kind and target == self.place_of(card)[0]:
            return
        if kind == old_kind:
            label_text = f"Move {noun(kind)}"
        else:
            label_text = f"Move {noun(old_kind)} to {QUADRANTS[kind][0].lower()}"
        field = "evidence" if keep_focus is card.evidence else "text"
        self.controller.run(lambda s: lists.move_swot_item(s, item_id, kind, target, label_text))
        moved = self.cards.get(item_id)
        if moved is not None:
            getattr(moved, field).setFocus()

    # ----------------------------------------------------------------- dragging
    def dragging(self) -> bool:
        return self.drag_card is not None

    def begin_drag(self, card: SwotCard, hotspot: QPoint) -> None:
        self.drag_card = card
        self._hotspot = hotspot
        self.ghost.setPixmap(card.grab())
        self.ghost.resize(card.size())
        self.ghost.raise_()
        self.ghost.show()
        card.setProperty("dragging", "true")
        restyle(card)
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.ClosedHandCursor))

    def _target_at(self, global_pos: QPoint) -> tuple[Quadrant, int] | None:
        for quadrant in self.quadrants.values():
            if not quadrant.global_rect().contains(global_pos):
                continue
            index = 0
            for card in quadrant.cards():
                if card is self.drag_card:
                    continue
                middle = card.mapToGlobal(QPoint(0, card.height() // 2)).y()
                if global_pos.y() > middle:
                    index += 1
            return quadrant, index
        return None

    def drag_to(self, global_pos: QPoint) -> None:
        if self.drag_card is None:
            return
        self.ghost.move(self.mapFromGlobal(global_pos) - self._hotspot)
        target = self._target_at(global_pos)
        if target != self._drag_target:
            if self._drag_target is not None:
                old, _ = self._drag_target
                old.show_drop_line(None)
                old.setProperty("droptarget", "false")
                restyle(old)
            if target is not None:
                quadrant, index = target
                quadrant.show_drop_line(index)
                quadrant.setProperty("droptarget", "true")
                restyle(quadrant)
            self._drag_target = target

    def finish_drag(self, global_pos: QPoint) -> None:
        card = self.drag_card
        target = self._target_at(global_pos)
        self.cancel_drag()
        if card is None or target is None:
            return
        quadrant, index = target
        self.move_card(card, quadrant.kind, index)

    def cancel_drag(self) -> None:
        if self.drag_card is not None:
            self.drag_card.setProperty("dragging", "false")
            restyle(self.drag_card)
            QApplication.restoreOverrideCursor()
        if self._drag_target is not None:
            quadrant, _ = self._drag_target
            quadrant.show_drop_line(None)
            quadrant.setProperty("droptarget", "false")
            restyle(quadrant)
        self.drag_card = None
        self._drag_target = None
        self.ghost.hide()
