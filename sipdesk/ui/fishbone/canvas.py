"""The live fishbone canvas: a QGraphicsView drawn from the diagrams layout.

The scene never holds the truth. The canvas is given a snapshot fishbone (plain data), lays it
out with :mod:`sipdesk.diagrams` and draws it; every edit goes through the plan controller as
one service operation, whose ``changed`` signal brings back a new snapshot. A drag ends in
one move command, as in Qt's undoframework example.

Keyboard (the facilitator types while the team talks):

========================  ============================================================
Enter                     head: add a category · category: add a cause · cause: add the
                          next cause. While typing, Enter keeps adding; Enter on an
                          empty line stops.
Shift+Enter               category: add a category after it · cause: add a sub-cause
Alt+Right / Alt+Left      make the cause (or the one being typed) a sub-cause of the
                          cause above / take it back out a level
F2, double-click          rename in place
Delete                    remove the cause or category (undoable)
Arrow keys                Up/Down: through the causes on one bone (sub-causes
                          included) · Left/Right: between bones (same with voting on)
Esc / Home                up a level (cause → the cause above it → bone → head) / the head
Ctrl+arrow keys           move the cause or category (Ctrl+Left/Right: to the
                          neighbouring bone)
Ctrl+R                    mark or unmark as a root cause
+ / -                     in voting: place or take back a dot
Tab / Shift+Tab           leave the diagram (a label being typed is kept), as everywhere
========================  ============================================================

During a voting round (:class:`RoundKeeper`) the diagram is locked: a cause's key (1–9, a–z,
shown in its badge) or Space on the selected cause places the voter's dot, Backspace takes
their last one back, Enter passes to the next voter (Shift+Enter: back), F4 shows or hides the
votes, Esc (or F7) ends the round. Arrows still select; every key that would add, rename,
move or delete says the diagram is locked instead, and so does Ctrl+Z.

Tab never restructures: in a meeting it is the key people press to get to the next box, and
a cause silently hung under another one is work changed without anyone seeing it. Every
restructuring or deletion says in a sentence what moved (``message``) and is undoable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QLineEdit,
    QMenu,
    QStyle,
    QWidget,
)
from sqlalchemy.orm import Session

from sipdesk.diagrams import (
    PROBLEM_ID,
    Box,
    CategoryNode,
    CauseNode,
    FishboneInput,
    FishboneLayout,
    HitKind,
    hit_test,
    layout_fishbone,
)
from sipdesk.diagrams.navigation import Move, outline_of, step
from sipdesk.models import Cause, Fishbone, FishboneCategory
from sipdesk.models.catalogues import category_sets
from sipdesk.services import edits
from sipdesk.services import root_causes as rc
from sipdesk.services.edits import Change
from sipdesk.services.voting_round import KEY_LABELS, cause_keys
from sipdesk.ui.controller import PlanController
from sipdesk.ui.fishbone import export
from sipdesk.ui.fishbone.cause_panel import short
from sipdesk.ui.fishbone.drawing import (
    DRAFT_ID,
    ROOT_MARK,
    FontBook,
    LabelItem,
    Theme,
    base_pixel_size,
    box_rect,
    draw_layout,
    outline_path,
    segment_path,
    style_for,
    vote_badge,
)
from sipdesk.ui.fishbone.drop import CategoryDrop, CauseDrop, Marker, category_drop, cause_drop
from sipdesk.ui.fishbone.round_keeper import RoundKeeper

Target = tuple[HitKind, int]
_MOVES: dict[Qt.Key, Move] = {
    Qt.Key.Key_Up: "up",
    Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left",
    Qt.Key.Key_Right: "right",
    Qt.Key.Key_Home: "home",
    Qt.Key.Key_Escape: "out",
}
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0
ZOOM_STEP = 1.2
THIN_SPACE = "\u2009"  # pads a one-letter badge to a round pill
# A newly shown diagram, and Fit, shrink it to the window, but only as far as the text stays
# readable: a cause at three quarters of the window's own text size (presentation mode makes
# that big on purpose). A diagram still too big then shows its head end first. Zoom out (−)
# goes further for whoever wants the whole picture.
READABLE_ZOOM = 0.75
FIT_MARGIN = 8
# Dropping this far from a bone (in text heights) still counts for that bone.
DROP_REACH_EM = 14.0
LOCKED = "The diagram stays as it is during the voting round; Esc ends the round."
UNDO_WAITS = "During the round Backspace takes back a dot; Ctrl+Z works again once it ends."
OWN_DOT = "•"  # the voter's own dots beside a cause's key while the totals are hidden


@dataclass
class Draft:
    """A cause or category being typed in, shown in the diagram before it is in the plan."""

    kind: HitKind  # "cause" or "category"
    index: int
    category_id: int = 0
    parent_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class _Edit:
    kind: HitKind
    ident: int
    original: str


@dataclass
class _Press:
    target: Target
    pos: QPointF
    scene_pos: QPointF


INDENT_KEYS = "Alt+Right"
OUTDENT_KEYS = "Alt+Left"


def indent_direction(event: QKeyEvent) -> bool | None:
    """True for the indent key (Alt+Right), False for outdent (Alt+Left), else None."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if mods != Qt.KeyboardModifier.AltModifier:
        return None
    return {Qt.Key.Key_Right: True, Qt.Key.Key_Left: False}.get(Qt.Key(event.key()))


class InlineEditor(QLineEdit):
    """The in-place text field over a label. Enter, Escape, Tab and Alt+arrows are the
    canvas's."""

    committed = Signal(bool)  # True: go on to the next item (Enter)
    cancelled = Signal()
    indented = Signal(bool)  # True: Alt+Right (a level down), False: Alt+Left (up)
    tabbed = Signal(bool)  # True: Tab, False: Shift+Tab (keep the text, leave the diagram)
    left = Signal()  # focus went elsewhere in the window

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            back = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.tabbed.emit(not back)
            return True
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and indent_direction(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        direction = indent_direction(event)
        if direction is not None:
            self.indented.emit(direction)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.committed.emit(True)
            return
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # Switching to another application or opening a menu keeps the edit going.
        if event.reason() not in (
            Qt.FocusReason.ActiveWindowFocusReason,
            Qt.FocusReason.PopupFocusReason,
        ):
            self.left.emit()


class FishboneCanvas(QGraphicsView):
    """Shows one fishbone and edits it through the controller."""

    selection_changed = Signal(object)  # Target | None
    message = Signal(str)  # a sentence for the user (e.g. why Tab did nothing)
    layout_changed = Signal()
    zoom_changed = Signal(float)

    def __init__(self, controller: PlanController | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._controller = controller
        self._fishbone: dict[str, Any] | None = None
        self._layout: FishboneLayout | None = None
        self._items: dict[Target, LabelItem] = {}
        self._selection: Target | None = None
        self._selection_item: QGraphicsPathItem | None = None
        self._draft: Draft | None = None
        self._override: tuple[HitKind, int, str] | None = None
        self._editing: _Edit | None = None
        self._press: _Press | None = None
        self._dragging = False
        self._drop: CauseDrop | CategoryDrop | None = None
        self._ghost: LabelItem | None = None
        self._marker_item: QGraphicsPathItem | None = None
        self._vote_mode = False
        self._voter: int | None = None
        self._keeper: RoundKeeper | None = None
        self._zoom = 1.0
        self._fit_pending = True
        # The view follows the window (fitted again on a resize) until the user moves it.
        self._auto_fit = False
        self._fit_floor = READABLE_ZOOM  # what the last fit was asked for (see fit)
        self._fitting = False
        self._badges: dict[int, str] = {}
        self._fonts = FontBook(self.font())
        self._style = style_for(base_pixel_size(self.font()))
        self._theme = Theme.from_palette(self.palette())
        self._build_ui()
        self._connect()
        self._relayout()

    # ----------------------------------------------------------------- set-up
    def _build_ui(self) -> None:
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Fishbone diagram")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._editor = InlineEditor(self.viewport())
        self._editor.setAccessibleName("Edit label")
        self._editor.hide()
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._refit_after_relayout = False  # a new font came while the view was fitted

    def _connect(self) -> None:
        self._editor.committed.connect(self._on_editor_committed)
        self._editor.cancelled.connect(self._on_editor_cancelled)
        self._editor.indented.connect(self._on_editor_indented)
        self._editor.tabbed.connect(self._on_editor_tabbed)
        self._editor.left.connect(self._on_editor_left)
        self._editor.textEdited.connect(self._on_editor_text_edited)
        self._relayout_timer.timeout.connect(self._on_relayout_timer_timeout)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._on_scroll_bar_action_triggered)

    # ----------------------------------------------------------------- public API
    @property
    def layout_result(self) -> FishboneLayout | None:
        """The layout currently drawn (None before any fishbone is shown)."""
        return self._layout

    @property
    def editor(self) -> InlineEditor:
        return self._editor

    @property
    def editing(self) -> bool:
        return self._editing is not None

    @property
    def fishbone_id(self) -> int | None:
        return int(self._fishbone["id"]) if self._fishbone else None

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fonts(self) -> FontBook:
        return self._fonts

    def selection(self) -> Target | None:
        return self._selection

    def set_fishbone(self, fishbone: Mapping[str, Any] | None) -> None:
        """Show this snapshot fishbone (or nothing); keeps the selection where it still exists."""
        changed = (self._fishbone or {}).get("id") != (fishbone or {}).get("id")
        self._fishbone = dict(fishbone) if fishbone is not None else None
        if changed:
            self._cancel_edit(relayout=False)
            self._selection = None
        self._relayout()
        if self._selection is not None and self._box(self._selection) is None:
            self.select(None)
        if changed:
            self._fit_pending = True
        self._fit_if_pending()

    def set_vote_mode(self, on: bool, voter: int | None = None) -> None:
        """In voting, a click or + places one of ``voter``'s dots (None: the typed-in tally)."""
        self._voter = voter
        if on != self._vote_mode:
            self._vote_mode = on
            self._relayout()

    def set_round_keeper(self, keeper: RoundKeeper | None) -> None:
        """Take part in the window's voting rounds (see the module docstring)."""
        self._keeper = keeper
        if keeper is not None:
            keeper.changed.connect(self._on_keeper_changed)
        self._relayout()

    def in_round(self) -> bool:
        """True while a voting round is open on this diagram."""
        return self._keeper is not None and self._keeper.open_on(self.fishbone_id) is not None

    def round_keys(self) -> dict[int, str]:
        """The single-key label of each cause while a round is open (else empty)."""
        return cause_keys(self._fishbone) if self.in_round() else {}

    def select(self, target: Target | None, *, visible: bool = True) -> bool:
        """Select a label; False if it is not on the diagram."""
        if target is not None and self._box(target) is None:
            return False
        self._selection = target
        self._draw_selection()
        if target is not None and visible:
            box = self._box(target)
            assert box is not None
            self._auto_fit = False  # keep the selection in view from now on
            self.show_with_head(box_rect(box))
        self._describe()
        self.selection_changed.emit(target)
        return True

    def show_with_head(self, rect: QRectF) -> None:
        """Scroll so that ``rect`` shows, with the problem box beside it whenever both fit
        the view: while the team draws, the room keeps seeing what the causes answer."""
        layout = self._layout
        if layout is not None:
            both = rect.united(box_rect(layout.head))
            view = self.viewport().rect()
            margin = 2 * 8
            if (
                both.width() * self._zoom + margin <= view.width()
                and both.height() * self._zoom + margin <= view.height()
            ):
                self.ensureVisible(both, 8, 8)
                return
        self.ensureVisible(rect, 24, 24)

    def viewport_point(self, target: Target) -> QPoint:
        """Where a label's centre is in the viewport (for tests and keyboard menus)."""
        box = self._box(target)
        if box is None:
            raise KeyError(target)
        return self.mapFromScene(QPointF(*box.center))

    def box_of(self, target: Target) -> Box | None:
        return self._box(target)

    @property
    def auto_fit(self) -> bool:
        """True while the view is fitted and follows the window's size."""
        return self._auto_fit

    @property
    def layout_pending(self) -> bool:
        """True while a new look or a change waits to be laid out (on the next turn)."""
        return self._relayout_timer.isActive()

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1 = 100%); the view stays where the user puts it."""
        self._auto_fit = False
        self._apply_zoom(zoom)

    def _apply_zoom(self, zoom: float) -> None:
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self.setTransform(QTransform.fromScale(self._zoom, self._zoom))
        self._place_editor()
        self.zoom_changed.emit(self._zoom)

    def fit(self, floor: float = READABLE_ZOOM) -> None:
        """Zoom so the whole diagram fits the window, never above 100% nor below ``floor``.

        When it still does not fit, the head end shows: the problem box, at the right, with
        the bones nearest to it. Until the user zooms or scrolls, the view fits itself again
        when the window changes size.
        """
        if self._layout is None or self._fitting:
            return
        self._fit_floor = floor
        self._fitting = True
        try:
            layout = self._layout
            view = self.viewport().rect()
            # Fit within the room left beside scroll bars that may still be showing from the
            # zoom before, so that a diagram that fits never needs them (and shows whole).
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            bars_w = 0 if self.verticalScrollBar().isVisible() else bar
            bars_h = 0 if self.horizontalScrollBar().isVisible() else bar
            sx = (view.width() - bars_w - 2 * FIT_MARGIN) / max(layout.width, 1)
            sy = (view.height() - bars_h - 2 * FIT_MARGIN) / max(layout.height, 1)
            self._apply_zoom(max(min(sx, sy, 1.0), floor))
            # Measured again: the scroll bars may have come or gone with the new zoom.
            view = self.viewport().rect()
            seen_w, seen_h = view.width() / self._zoom, view.height() / self._zoom
            x = layout.width / 2 if seen_w >= layout.width else layout.width - seen_w / 2
            y = layout.height / 2 if seen_h >= layout.height else layout.head.center[1]
            self.centerOn(x, y)
            self._auto_fit = True
            # A new look (presentation) waits a turn to be drawn: fit that drawing too, or
            # the view keeps this one's scroll place on the larger one, head off screen.
            self._refit_after_relayout = self._refit_after_relayout or self.layout_pending
        finally:
            self._fitting = False

    def _fit_if_pending(self) -> None:
        """A newly shown diagram starts fitted to the window (see :meth:`fit`)."""
        if not self._fit_pending or not self.isVisible() or self.viewport().width() < 100:
            return
        self._fit_pending = False
        self.fit(READABLE_ZOOM)

    def export_png(self, path: Path) -> Path:
        """Write the diagram as a PNG picture, the same size whatever the window's zoom."""
        layout, fonts = self._picture()
        return export.export_png(layout, fonts, path, badges=self._badges)

    def export_svg(self, path: Path) -> Path:
        layout, fonts = self._picture()
        title = str((self._fishbone or {}).get("problem") or "")
        return export.export_svg(layout, fonts, path, title, badges=self._badges)

    def _picture(self) -> tuple[FishboneLayout, FontBook]:
        """The diagram as the plan holds it (nothing half-typed) at the picture text size."""
        assert self._fishbone is not None
        fonts = export.picture_fonts(self.font())
        return export.picture_layout(self._label_input(live=False), fonts), fonts

    # ----------------------------------------------------------------- drawing
    def _label_input(self, *, live: bool = True) -> FishboneInput:
        """The layout's input from the snapshot; ``live`` adds what is being typed. Fills
        ``self._badges`` with the vote counts shown while voting."""
        fishbone = self._fishbone
        badges: dict[int, str] = {}
        self._badges = badges
        if fishbone is None:
            return FishboneInput("")
        draft, override = (self._draft, self._override) if live else (None, None)
        vote_mode = self._vote_mode
        voting = self._keeper.open_on(self.fishbone_id) if self._keeper and live else None
        keys = cause_keys(fishbone) if voting is not None else {}
        voter = voting.voter if voting is not None else None

        def text(kind: HitKind, ident: int, value: str) -> str:
            if override is not None and override[0] == kind and override[1] == ident:
                return override[2]
            return value

        def label(cause: Mapping[str, Any]) -> str:
            ident = int(cause["id"])
            value = text("cause", ident, str(cause["text"]))
            if cause["is_root"]:
                value = ROOT_MARK + value
            if voting is not None:
                badge = self._round_badge(cause, keys.get(ident, ""), voting.revealed, voter)
                if badge:
                    badges[ident] = badge
                    value = f"{badge} {value}"
            elif vote_mode:
                votes = rc.cause_votes(cause)
                if votes:
                    # In front, so the count never wraps onto a line of its own.
                    badges[ident] = vote_badge(votes)
                    value = f"{badges[ident]} {value}"
            return value

        def with_draft(
            nodes: list[CauseNode], category_id: int, parent_id: int | None
        ) -> tuple[CauseNode, ...]:
            if (
                draft is not None
                and draft.kind == "cause"
                and draft.category_id == category_id
                and draft.parent_id == parent_id
            ):
                nodes.insert(min(draft.index, len(nodes)), CauseNode(DRAFT_ID, draft.text))
            return tuple(nodes)

        categories: list[CategoryNode] = []
        for category in fishbone.get("categories") or []:
            cid = int(category["id"])
            built: dict[int, CauseNode] = {}
            # Bottom-up without recursion: a file may hold a very deep chain.
            for cause, _depth in reversed(list(rc.iter_causes(category["causes"]))):
                kids = [built[int(sub["id"])] for sub in cause["causes"]]
                ident = int(cause["id"])
                built[ident] = CauseNode(
                    ident, label(cause), bool(cause["is_root"]), with_draft(kids, cid, ident)
                )
            top = [built[int(c["id"])] for c in category["causes"]]
            categories.append(
                CategoryNode(
                    cid, text("category", cid, str(category["name"])), with_draft(top, cid, None)
                )
            )
        if draft is not None and draft.kind == "category":
            categories.insert(min(draft.index, len(categories)), CategoryNode(DRAFT_ID, draft.text))
        problem = text("problem", PROBLEM_ID, str(fishbone.get("problem") or ""))
        return FishboneInput(problem, tuple(categories))

    @staticmethod
    def _round_badge(cause: Mapping[str, Any], key: str, revealed: bool, voter: Any) -> str:
        """A cause's badge in a round: its key, then the totals once shown, else only the
        dots of whoever is voting (theirs to see; the room's totals stay hidden)."""
        parts = [key] if key else []
        if revealed:
            votes = rc.cause_votes(cause)
            if votes:
                parts.append(vote_badge(votes))
        elif voter is not None:
            own = sum(
                int(v["dots"]) for v in cause.get("dot_votes") or [] if v["member_id"] == voter.id
            )
            if own:
                parts.append(OWN_DOT * min(own, 9))
        words = " · ".join(parts) if revealed else " ".join(parts)
        # A lone key gets thin spaces either side: "i" or "1" alone made a sliver of a pill
        return f"{THIN_SPACE}{words}{THIN_SPACE}" if len(words) == 1 else words

    def _on_relayout_timer_timeout(self) -> None:
        refit, self._refit_after_relayout = self._refit_after_relayout, False
        self._relayout()
        if refit:
            self.fit(self._fit_floor)

    def _relayout(self) -> None:
        self._relayout_timer.stop()
        layout = layout_fishbone(self._label_input(), self._fonts.measure, self._style)
        self._layout = layout
        if self._fishbone is None:
            self.scene().clear()
            self.scene().setSceneRect(QRectF(0, 0, 1, 1))
            self._items = {}
        else:
            self._items = draw_layout(self.scene(), layout, self._fonts, self._theme, self._badges)
        self._selection_item = None
        self._ghost = None
        self._marker_item = None
        self._draw_selection()
        self._place_editor()
        self.layout_changed.emit()

    def _draw_selection(self) -> None:
        box = self._box(self._selection) if self._selection is not None else None
        if box is None:
            if self._selection_item is not None:
                self._selection_item.hide()
            return
        if self._selection_item is None:
            item = QGraphicsPathItem()
            item.setZValue(0.5)
            self.scene().addItem(item)
            self._selection_item = item
        color = QColor(self._theme.selection)
        pen = QPen(color, max(2.0, box.font_size / 5))
        fill = QColor(color)
        fill.setAlpha(45)
        self._selection_item.setPen(pen)
        self._selection_item.setBrush(QBrush(fill))
        self._selection_item.setPath(outline_path(box, box.font_size * 0.25))
        self._selection_item.show()

    def _describe(self) -> None:
        """Tell assistive technology what is selected."""
        target = self._selection
        if target is None or self._fishbone is None:
            self.setAccessibleDescription("Nothing selected. Press Home to select the problem.")
            return
        kind, ident = target
        if kind == "problem":
            text = f"Problem: {self._fishbone.get('problem') or 'not written yet'}"
        elif kind == "category":
            text = f"Category: {self._category(ident).get('name') or 'untitled'}"
        else:
            cause = self._cause(ident)
            root = ", root cause" if cause.get("is_root") else ""
            text = f"Cause: {cause.get('text') or 'untitled'}{root}"
        self.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        # A new look sends several of these at once (font, palette, style sheet): the
        # diagram is laid out again once, when they are all in.
        if kind == QEvent.Type.FontChange:
            # Presentation zoom: the diagram grows with the text.
            self._fonts = FontBook(self.font())
            self._style = style_for(base_pixel_size(self.font()))
            self._refit_after_relayout = self._refit_after_relayout or self._auto_fit
            self._relayout_timer.start()
        elif kind == QEvent.Type.PaletteChange:
            self._theme = Theme.from_palette(self.palette())
            self._relayout_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_pending:
            self._fit_if_pending()
        elif self._auto_fit:
            self.fit(self._fit_floor)  # as the last fit was asked for: readable, or whole
        self._place_editor()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_if_pending()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    # ----------------------------------------------------------------- looking things up
    def _box(self, target: Target | None) -> Box | None:
        if target is None or self._layout is None or self._fishbone is None:
            return None
        item = self._items.get(target)
        return item.box if item is not None else None

    def _category(self, category_id: int) -> dict[str, Any]:
        for category in (self._fishbone or {}).get("categories") or []:
            if category["id"] == category_id:
                return dict(category)
        return {}

    def _cause(self, cause_id: int) -> dict[str, Any]:
        for category in (self._fishbone or {}).get("categories") or []:
            for cause, _ in rc.iter_causes(category["causes"]):
                if cause["id"] == cause_id:
                    return dict(cause)
        return {}

    def _place(self, cause_id: int) -> tuple[int, int | None, list[int]]:
        """A cause's category, parent and the ids of its sibling list (itself included)."""
        assert self._layout is not None
        for bone in self._layout.bones:
            for twig in bone.twigs:
                if twig.cause_id == cause_id:
                    siblings = [
                        t.cause_id
                        for t in bone.twigs
                        if t.parent_id == twig.parent_id and t.cause_id != DRAFT_ID
                    ]
                    return bone.category_id, twig.parent_id, siblings
        raise KeyError(cause_id)

    def _children(self, category_id: int, parent_id: int | None) -> list[int]:
        assert self._layout is not None
        for bone in self._layout.bones:
            if bone.category_id == category_id:
                return [
                    t.cause_id
                    for t in bone.twigs
                    if t.parent_id == parent_id and t.cause_id != DRAFT_ID
                ]
        return []

    def _category_ids(self) -> list[int]:
        assert self._layout is not None
        return [b.category_id for b in self._layout.bones if b.category_id != DRAFT_ID]

    def _hit(self, pos: QPointF | QPoint) -> Target | None:
        if self._layout is None or self._fishbone is None:
            return None
        scene = self.mapToScene(QPoint(round(pos.x()), round(pos.y())))
        found = hit_test(self._layout, scene.x(), scene.y(), 4.0 / max(self._zoom, 0.1))
        if found is None or found[1] == DRAFT_ID:
            return None
        return found

    # ----------------------------------------------------------------- running edits
    def _run(self, operation: Callable[[Session], Change]) -> Change | None:
        if self._controller is None:
            return None
        return self._controller.run(operation)

    # ----------------------------------------------------------------- in-place editing
    def _can_edit(self) -> bool:
        if self._controller is None:
            return False
        if self._locked():
            return False
        if self._controller.readonly:
            self.message.emit("This plan is open read-only, so the diagram cannot be changed.")
            return False
        return True

    def start_rename(self, target: Target | None = None) -> bool:
        """Open the in-place editor on a label (F2, double-click)."""
        target = target or self._selection
        if target is None or self._fishbone is None or self._box(target) is None:
            return False
        if not self._can_edit():
            return False
        kind, ident = target
        if kind == "problem":
            original = str(self._fishbone.get("problem") or "")
        elif kind == "category":
            original = str(self._category(ident).get("name") or "")
        else:
            original = str(self._cause(ident).get("text") or "")
        self._cancel_edit(relayout=False)
        self.select(target)
        self._editing = _Edit(kind, ident, original)
        self._override = (kind, ident, original)
        self._open_editor(original)
        return True

    def start_cause_draft(self, category_id: int, parent_id: int | None, index: int) -> None:
        """Start typing a new cause at ``index`` in a bone's (or a cause's) list."""
        if not self._can_edit():
            return
        self._cancel_edit(relayout=False)
        self._draft = Draft("cause", index, category_id, parent_id)
        self._editing = _Edit("cause", DRAFT_ID, "")
        self._relayout()
        self._open_editor("")

    def start_category_draft(self, index: int) -> None:
        if not self._can_edit():
            return
        self._cancel_edit(relayout=False)
        self._draft = Draft("category", index)
        self._editing = _Edit("category", DRAFT_ID, "")
        self._relayout()
        self._open_editor("")

    def _open_editor(self, text: str) -> None:
        self._editor.setText(text)
        self._editor.selectAll()
        self._place_editor()
        self._editor.show()
        self._editor.raise_()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place_editor(self) -> None:
        if self._editing is None:
            return
        box = self._box((self._editing.kind, self._editing.ident))
        if box is None:
            return
        rect = self.mapFromScene(box_rect(box)).boundingRect()
        self._editor.setFont(self._fonts.font(box.font_size * self._zoom))
        em = self._editor.fontMetrics().averageCharWidth()
        width = max(rect.width() + 2 * em, 12 * em)
        height = max(rect.height(), self._editor.sizeHint().height())
        if self._editing.kind == "cause":
            left = rect.right() + em - width  # causes grow leftwards from their bone
        else:
            left = rect.center().x() - width // 2
        top = rect.center().y() - height // 2
        self._editor.setGeometry(QRect(left, top, width, height))

    def _cancel_edit(self, *, relayout: bool = True) -> None:
        if self._editing is None and self._draft is None:
            return
        self._editing = None
        self._draft = None
        self._override = None
        had_focus = self._editor.hasFocus()
        self._editor.hide()
        if had_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        if relayout:
            self._relayout()

    def _on_editor_text_edited(self, text: str) -> None:
        if self._draft is not None:
            self._draft.text = text
        elif self._editing is not None:
            self._override = (self._editing.kind, self._editing.ident, text)
        # The diagram makes room as the label grows; coalesce a burst of keys into one layout.
        self._relayout_timer.start()

    def _on_editor_cancelled(self) -> None:
        self._cancel_edit()

    def _on_editor_left(self) -> None:
        if self._editing is not None:
            self._commit(advance=False, keep_focus=False)

    def _on_editor_committed(self, advance: bool) -> None:
        self._commit(advance=advance)

    def _commit(self, *, advance: bool, keep_focus: bool = True) -> None:
        edit, draft = self._editing, self._draft
        if edit is None:
            return
        text = self._editor.text().strip()
        self._cancel_edit(relayout=False)
        if keep_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        fishbone_id = self.fishbone_id
        if draft is not None:
            if not text:
                self._relayout()
                return
            if draft.kind == "cause":
                change = self._run(
                    lambda s: rc.add_cause(
                        s, draft.category_id, text, parent_id=draft.parent_id, index=draft.index
                    )
                )
                new = change.created_id("causes") if change else None
                self._relayout()
                if new is not None:
                    self.select(("cause", new))
                    if advance:
                        self.start_cause_draft(draft.category_id, draft.parent_id, draft.index + 1)
            else:
                assert fishbone_id is not None
                change = self._run(lambda s: rc.add_category(s, fishbone_id, text, draft.index))
                new = change.created_id("fishbone_categories") if change else None
                self._relayout()
                if new is not None:
                    self.select(("category", new))
                    if advance:
                        self.start_category_draft(draft.index + 1)
            return
        self._relayout()
        if text == edit.original.strip():
            return
        if edit.kind == "problem":
            assert fishbone_id is not None
            self._run(
                lambda s: edits.update_row(s, Fishbone, fishbone_id, "Edit problem", problem=text)
            )
        elif edit.kind == "category":
            self._run(
                lambda s: edits.update_row(
                    s, FishboneCategory, edit.ident, "Rename category", name=text
                )
            )
        else:
            self._run(lambda s: edits.update_row(s, Cause, edit.ident, "Edit cause", text=text))

    def _on_editor_indented(self, forward: bool) -> None:
        edit, draft = self._editing, self._draft
        if edit is None:
            return
        if draft is not None and draft.kind == "cause":
            self._shift_draft(draft, forward)
            return
        if edit.kind == "cause":
            ident = edit.ident
            self._commit(advance=False)
            self._indent(ident, forward)

    def _on_editor_tabbed(self, forward: bool) -> None:
        """Tab while typing keeps what was typed and moves on, as in any other field."""
        self._commit(advance=False)
        self.focusNextPrevChild(forward)

    def _shift_draft(self, draft: Draft, forward: bool) -> None:
        """Tab on the cause being typed: hang it under the cause above, or take it out."""
        siblings = self._children(draft.category_id, draft.parent_id)
        if forward:
            if draft.index == 0 or not siblings:
                self.message.emit("There is no cause above this one to hang it under.")
                return
            above = siblings[min(draft.index, len(siblings)) - 1]
            draft.parent_id = above
            draft.index = len(self._children(draft.category_id, above))
        else:
            if draft.parent_id is None:
                self.message.emit("This cause already sits on the bone itself.")
                return
            category, grand, uncles = self._place(draft.parent_id)
            draft.index = uncles.index(draft.parent_id) + 1
            draft.parent_id = grand
            draft.category_id = category
        self._relayout()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------- commands on the selection
    def add_here(self, *, shift: bool = False) -> None:
        """What Enter does for the selection (see the module docstring)."""
        target = self._selection
        if target is None:
            self.select(("problem", PROBLEM_ID))
            return
        kind, ident = target
        if kind == "problem":
            self.start_category_draft(len(self._category_ids()))
        elif kind == "category":
            if shift:
                self.start_category_draft(self._category_ids().index(ident) + 1)
            else:
                self.start_cause_draft(ident, None, len(self._children(ident, None)))
        else:
            category, parent, siblings = self._place(ident)
            if shift:
                self.start_cause_draft(category, ident, len(self._children(category, ident)))
            else:
                self.start_cause_draft(category, parent, siblings.index(ident) + 1)

    def _locked(self) -> bool:
        """True (and the room told why) while a voting round keeps the diagram as it is."""
        if self.in_round():
            self.message.emit(LOCKED)
            return True
        return False

    def delete_selected(self) -> None:
        target = self._selection
        if target is None or self._locked():
            return
        kind, ident = target
        if kind == "cause":
            category, parent, siblings = self._place(ident)
            at = siblings.index(ident)
            rest = [s for s in siblings if s != ident]
            removed = self._cause(ident)
            if self._run(lambda s: rc.delete_cause(s, ident)) is None:
                return
            under = sum(1 for _ in rc.iter_causes(removed.get("causes") or []))
            also = f" with its {under} sub-cause{'s' if under != 1 else ''}" if under else ""
            self.message.emit(
                f"Removed {self._quote_cause(removed)}{also}. Undo (Ctrl+Z) brings it back."
            )
            if rest:
                self.select(("cause", rest[min(at, len(rest) - 1)]))
            elif parent is not None:
                self.select(("cause", parent))
            else:
                self.select(("category", category))
        elif kind == "category":
            ids = self._category_ids()
            at = ids.index(ident)
            rest = [i for i in ids if i != ident]
            name = short(str(self._category(ident).get("name") or "")) or "untitled"
            if self._run(lambda s: rc.delete_category(s, ident)) is None:
                return
            self.message.emit(
                f"Removed the category “{name}” and its causes. Undo (Ctrl+Z) brings them back."
            )
            self.select(("category", rest[min(at, len(rest) - 1)]) if rest else ("problem", 0))

    def toggle_root(self) -> None:
        if self._locked():
            return
        if self._selection is None or self._selection[0] != "cause":
            self.message.emit("Select a cause to mark it as a root cause.")
            return
        ident = self._selection[1]
        is_root = not bool(self._cause(ident).get("is_root"))
        self._run(lambda s: rc.set_root(s, ident, is_root))

    def set_actionable(self, cause_id: int, value: bool) -> None:
        label = "Mark actionable" if value else "Mark not actionable"
        self._run(lambda s: edits.update_row(s, Cause, cause_id, label, actionable=value))

    def vote(self, delta: int, cause_id: int | None = None) -> None:
        """Place (+1) or take back (-1) a dot of the current voter on a cause."""
        if cause_id is None:
            if self._selection is None or self._selection[0] != "cause":
                self.message.emit("Select a cause to vote on it.")
                return
            cause_id = self._selection[1]
        voter, ident = self._voter, cause_id
        self._run(lambda s: rc.add_dot(s, ident, voter, delta))

    def _template_adder(self, key: str) -> Callable[[], object]:
        fishbone_id = self.fishbone_id

        def run() -> object:
            if fishbone_id is None:
                return None
            return self._run(lambda s: rc.add_template_categories(s, fishbone_id, key))

        return run

    def _indent(self, cause_id: int, forward: bool) -> None:
        if self._locked():
            return
        op = rc.indent_cause if forward else rc.outdent_cause
        if self._run(lambda s: op(s, cause_id)) is not None:
            self.select(("cause", cause_id))
            self.tell_where(cause_id)

    def _quote_cause(self, cause: Mapping[str, Any]) -> str:
        return f"“{short(str(cause.get('text') or ''), 60) or 'an untitled cause'}”"

    def tell_where(self, cause_id: int) -> None:
        """Say in a sentence where a cause sits now, after a key or a drag moved it."""
        fishbone = self._fishbone or {}
        for category in fishbone.get("categories") or []:
            parents: dict[int, dict[str, Any]] = {}
            for cause, _depth in rc.iter_causes(category["causes"]):
                for child in cause.get("causes") or []:
                    parents[int(child["id"])] = cause
                if cause["id"] != cause_id:
                    continue
                what = self._quote_cause(cause)
                parent = parents.get(cause_id)
                if parent is not None:
                    where = f"is now a sub-cause of {self._quote_cause(parent)}"
                else:
                    name = short(str(category.get("name") or ""), 40) or "untitled"
                    where = f"now sits on the “{name}” bone"
                self.message.emit(f"{what} {where}. Undo (Ctrl+Z) puts it back.")
                return

    def move_selected(self, key: int) -> None:
        """Ctrl+arrow: reorder, or move a cause to the neighbouring bone."""
        target = self._selection
        if target is None or self._locked():
            return
        kind, ident = target
        if kind == "category":
            ids = self._category_ids()
            at = ids.index(ident)
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(key), 0)
            if step and 0 <= at + step < len(ids):
                self._run(lambda s: rc.move_category(s, ident, at + step))
                self.select(target)
            return
        if kind != "cause":
            return
        category, parent, siblings = self._place(ident)
        at = siblings.index(ident)
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            if 0 <= at + step < len(siblings):
                self._run(lambda s: rc.move_cause(s, ident, at + step, parent_id=parent))
        else:
            ids = self._category_ids()
            other = ids.index(category) + (-1 if key == Qt.Key.Key_Left else 1)
            if not 0 <= other < len(ids):
                return
            dest = ids[other]
            end = len(self._children(dest, None))
            self._run(lambda s: rc.move_cause(s, ident, end, category_id=dest))
        self.select(target)
        self.tell_where(ident)

    def navigate(self, key: int) -> None:
        """Arrow keys, Home and Esc: along the diagram's structure (see
        :mod:`sipdesk.diagrams.navigation`), the same with voting on or off."""
        if self._layout is None or self._fishbone is None:
            return
        move = _MOVES.get(Qt.Key(key))
        if move is None:
            return
        here = self._selection
        if move == "out" and here is not None and here[0] == "problem":
            self.select(None)  # nothing above the head: the next Esc is the window's
            return
        there = step(outline_of(self._fishbone), here, move)
        if there != here or self._box(there) is not None:
            self.select(there)

    # ----------------------------------------------------------------- keys
    _HANDLED_KEYS = frozenset(
        {
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_F2,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Home,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Plus,
            Qt.Key.Key_Minus,
            Qt.Key.Key_Equal,
        }
    )

    _CTRL_KEYS = frozenset(
        {Qt.Key.Key_R, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down}
    )

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Keys the diagram uses beat window shortcuts while it has the focus.
            # Window shortcuts with Ctrl or Alt (zoom, undo, save…) keep working, except the
            # few Ctrl keys the diagram itself uses.
            mods = event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
            )
            key = event.key()
            ours = (
                (key in self._HANDLED_KEYS and mods == Qt.KeyboardModifier.NoModifier)
                or (mods == Qt.KeyboardModifier.ControlModifier and key in self._CTRL_KEYS)
                or indent_direction(event) is not None
            )
            if key == Qt.Key.Key_Escape and self._selection is None and not self._dragging:
                ours = False  # nothing to let go of: Escape is the window's (presentation)
            if self.in_round():
                ours = ours or self._round_claims(event)
            if ours and not self._editing:
                event.accept()
                return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            # Tab and Shift+Tab only ever move the focus on (Ctrl+Tab is the page's: it
            # switches the step's tabs).
            no_ctrl = not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and no_ctrl:
                back = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                self.focusNextPrevChild(not back)
                return True
        return super().event(event)

    def _round_claims(self, event: QKeyEvent) -> bool:
        """The keys a round takes from window shortcuts: every plain key but Tab and the
        function keys (F4 and F7 are the page's round keys, F5/F6 the window's), and the
        undo keys, which a round leaves to Backspace."""
        key = event.key()
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if mods == Qt.KeyboardModifier.NoModifier:
            return not Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35 and key not in (
                Qt.Key.Key_Tab,
                Qt.Key.Key_Backtab,
            )
        return (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or (mods == Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Y, Qt.Key.Key_Z))
        )

    def _round_key(self, event: QKeyEvent) -> None:
        """A key while the round is open (see the module docstring)."""
        keeper = self._keeper
        assert keeper is not None
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        text = event.text().lower()
        selected = self._selection[1] if self._selection and self._selection[0] == "cause" else None
        if plain and len(text) == 1 and text in KEY_LABELS:
            cause = next((c for c, k in cause_keys(self._fishbone).items() if k == text), None)
            if cause is None:
                self.message.emit(f"No cause on this diagram has the key “{text}”.")
                return
            self.select(("cause", cause))
            keeper.place(cause)
        elif plain and key in (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            if selected is None:
                self.message.emit("Select a cause with the arrow keys, then press Space.")
                return
            keeper.place(selected)
        elif plain and key == Qt.Key.Key_Minus:
            if selected is None:
                self.message.emit("Select a cause to take a dot back from it.")
                return
            keeper.take_back(selected)
        elif plain and key == Qt.Key.Key_Backspace:
            cause = keeper.take_back()
            if cause is not None:
                self.select(("cause", cause))
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if shift:
                keeper.previous_voter()
            else:
                keeper.next_voter()
        elif plain and key in (Qt.Key.Key_Escape, Qt.Key.Key_F7):
            keeper.end()
        elif plain and key == Qt.Key.Key_F4:
            keeper.reveal()
        elif plain and key in _MOVES and key != Qt.Key.Key_Escape:
            self.navigate(key)
        elif not plain and key in (Qt.Key.Key_Z, Qt.Key.Key_Y):
            self.message.emit(UNDO_WAITS)
        elif key in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Insert,
            Qt.Key.Key_F2,
            Qt.Key.Key_Menu,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_R,
        ):
            self.message.emit(LOCKED)
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._auto_fit = False
        if self.in_round():
            self._round_key(event)
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        direction = indent_direction(event)
        if self._dragging and key == Qt.Key.Key_Escape:
            self._end_drag(drop=False)
        elif direction is not None:
            if self._selection is not None and self._selection[0] == "cause":
                self._indent(self._selection[1], direction)
            else:
                self.message.emit(
                    "Select a cause to make it a sub-cause (Alt+→) or take it out a level (Alt+←)."
                )
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_here(shift=shift)
        elif key == Qt.Key.Key_F2:
            self.start_rename()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif key in arrows:
            if ctrl:
                self.move_selected(key)
            else:
                self.navigate(key)
        elif key == Qt.Key.Key_R and ctrl:
            self.toggle_root()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and not ctrl:
            self._vote_key(1)
        elif key == Qt.Key.Key_Minus and not ctrl:
            self._vote_key(-1)
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_Escape) and not ctrl:
            self.navigate(key)
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            self._menu_at_selection()
        elif key == Qt.Key.Key_F7 and self._keeper is not None and not ctrl:
            # Show view has no page around it: the round's keys are the diagram's there.
            self._keeper.start(self.fishbone_id)
        elif key == Qt.Key.Key_F4 and self._keeper is not None and not ctrl:
            self._keeper.reveal()
        else:
            super().keyPressEvent(event)

    def _vote_key(self, delta: int) -> None:
        if not self._vote_mode:
            self.message.emit("Turn on voting to place dots with + and −.")
            return
        self.vote(delta)

    # ----------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._auto_fit = False
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self._hit(event.position())
        self.select(hit, visible=False)
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self._press = _Press(hit, event.position(), self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position()
        if not self._dragging:
            distance = (pos - press.pos).manhattanLength()
            if distance < QApplication.startDragDistance() or press.target[0] == "problem":
                return
            if self.in_round():
                return  # nothing moves during a round
            self._begin_drag(press)
        self._update_drag(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press = self._press
        if self._dragging:
            self._update_drag(event.position())
            self._end_drag(drop=True)
        elif (
            press is not None
            and self.in_round()
            and press.target[0] == "cause"
            and event.button() == Qt.MouseButton.LeftButton
        ):
            assert self._keeper is not None
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._keeper.take_back(press.target[1])
            else:
                self._keeper.place(press.target[1])
        elif (
            press is not None
            and self._vote_mode
            and press.target[0] == "cause"
            and event.button() == Qt.MouseButton.LeftButton
        ):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.vote(-1 if shift else 1, press.target[1])
        self._press = None
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position())
        if hit is not None and not self._vote_mode and not self.in_round():
            self.start_rename(hit)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._auto_fit = False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ----------------------------------------------------------------- dragging
    def _begin_drag(self, press: _Press) -> None:
        box = self._box(press.target)
        if box is None:
            return
        self._dragging = True
        ghost = LabelItem(
            press.target[0],
            press.target[1],
            box,
            self._fonts,
            self._theme,
            ghost=True,
            badge=self._badges.get(press.target[1], "") if press.target[0] == "cause" else "",
        )
        ghost.setOpacity(0.85)
        ghost.setZValue(3)
        self.scene().addItem(ghost)
        self._ghost = ghost
        marker = QGraphicsPathItem()
        marker.setZValue(3)
        marker.setPen(QPen(self._theme.drop, max(2.5, box.font_size / 4)))
        self.scene().addItem(marker)
        self._marker_item = marker
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _update_drag(self, pos: QPointF) -> None:
        press, layout = self._press, self._layout
        if press is None or layout is None:
            return
        scene = self.mapToScene(pos.toPoint())
        if self._ghost is not None:
            # Beside the pointer, not under it, so the place it would land stays readable.
            box = self._ghost.box
            gap = box.font_size
            self._ghost.setPos(scene.x() + gap - box.x, scene.y() + gap - box.y)
        kind, ident = press.target
        if kind == "cause":
            reach = DROP_REACH_EM * self._style.cause_font_size
            self._drop = cause_drop(layout, ident, scene.x(), scene.y(), reach)
        else:
            self._drop = category_drop(layout, ident, scene.x())
        self._show_marker(self._drop.marker if self._drop else None)
        self._autoscroll(pos)

    def _show_marker(self, marker: Marker | None) -> None:
        item = self._marker_item
        if item is None:
            return
        if marker is None:
            item.hide()
            return
        if marker.box is not None:
            item.setPath(outline_path(marker.box, marker.box.font_size * 0.35))
        else:
            item.setPath(segment_path(marker.x1, marker.y1, marker.x2, marker.y2))
        item.show()

    def _autoscroll(self, pos: QPointF) -> None:
        edge = 24
        view = self.viewport().rect()
        for bar, at, size in (
            (self.horizontalScrollBar(), pos.x(), view.width()),
            (self.verticalScrollBar(), pos.y(), view.height()),
        ):
            if at < edge:
                bar.setValue(bar.value() - bar.singleStep())
            elif at > size - edge:
                bar.setValue(bar.value() + bar.singleStep())

    def _end_drag(self, *, drop: bool) -> None:
        press, target = self._press, self._drop
        self._dragging = False
        self._press = None
        self._drop = None
        self.viewport().unsetCursor()
        for item in (self._ghost, self._marker_item):
            if item is not None:
                self.scene().removeItem(item)
        self._ghost = self._marker_item = None
        if not drop or press is None or target is None:
            return
        ident = press.target[1]
        if isinstance(target, CauseDrop):
            self._run(
                lambda s: rc.move_cause(
                    s,
                    ident,
                    target.index,
                    category_id=target.category_id,
                    parent_id=target.parent_id,
                )
            )
            self.select(press.target)
            self.tell_where(ident)
            return
        self._run(lambda s: rc.move_category(s, ident, target.index))
        self.select(press.target)

    def _on_keeper_changed(self) -> None:
        if self.in_round() and self._editing is not None:
            self._commit(advance=False)  # what was being typed is kept, then the lock holds
        self._relayout()

    def _on_scroll_bar_action_triggered(self, _action: int) -> None:
        self._auto_fit = False  # the user scrolled: the view stays where they put it

    # ----------------------------------------------------------------- context menu
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.in_round():
            self.message.emit(LOCKED)
            return
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            hit = self._hit(event.pos())
            self.select(hit, visible=False)
        menu = self.context_menu(self._selection)
        menu.exec(event.globalPos())

    def _menu_at_selection(self) -> None:
        point = (
            self.viewport_point(self._selection)
            if self._selection is not None
            else self.viewport().rect().center()
        )
        self.context_menu(self._selection).exec(self.viewport().mapToGlobal(point))

    def context_menu(self, target: Target | None) -> QMenu:
        """The menu for a label (or the empty canvas); its actions act at once."""
        menu = QMenu(self)
        menu.setAccessibleName("Diagram actions")

        def add(text: str, slot: Callable[[], object], keys: str = "") -> QAction:
            action = menu.addAction(text)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutVisibleInContextMenu(True)
            action.triggered.connect(slot)
            return action

        if self._fishbone is None:
            return menu
        if target is None or target[0] == "problem":
            add("Edit problem", lambda: self.start_rename(("problem", PROBLEM_ID)), "F2")
            add("Add category", lambda: self.start_category_draft(len(self._category_ids())))
            menu.addSeparator()
            for chosen in category_sets():
                add(f"Add the {chosen.name} categories", self._template_adder(chosen.key))
        elif target[0] == "category":
            add("Add cause", lambda: self.add_here(), "Return")
            add("Rename category", lambda: self.start_rename(target), "F2")
            add("Add category after", lambda: self.add_here(shift=True), "Shift+Return")
            menu.addSeparator()
            add("Move left", lambda: self.move_selected(Qt.Key.Key_Left), "Ctrl+Left")
            add("Move right", lambda: self.move_selected(Qt.Key.Key_Right), "Ctrl+Right")
            menu.addSeparator()
            add("Delete category", self.delete_selected, "Delete")
        else:
            ident = target[1]
            cause = self._cause(ident)
            add("Rename", lambda: self.start_rename(target), "F2")
            add("Add cause after", lambda: self.add_here(), "Return")
            add("Add sub-cause", lambda: self.add_here(shift=True), "Shift+Return")
            menu.addSeparator()
            root = add("Root cause", self.toggle_root, "Ctrl+R")
            root.setCheckable(True)
            root.setChecked(bool(cause.get("is_root")))
            actionable = add(
                "Actionable", lambda: self.set_actionable(ident, not cause.get("actionable"))
            )
            actionable.setCheckable(True)
            actionable.setChecked(bool(cause.get("actionable")))
            menu.addSeparator()
            add(
                "Make sub-cause of the cause above",
                lambda: self._indent(ident, True),
                INDENT_KEYS,
            )
            add("Take out a level", lambda: self._indent(ident, False), OUTDENT_KEYS)
            move = menu.addMenu("Move to category")
            here = self._place(ident)[0]
            for category in self._fishbone.get("categories") or []:
                cid = int(category["id"])
                action = move.addAction(str(category["name"]) or "Untitled category")
                action.setEnabled(cid != here)
                action.triggered.connect(
                    lambda _=False, c=cid: self._run(
                        lambda s: rc.move_cause(
                            s, ident, len(self._children(c, None)), category_id=c
                        )
                    )
                )
            if self._vote_mode:
                menu.addSeparator()
                add("Place a dot", lambda: self.vote(1, ident), "+")
                add("Take back a dot", lambda: self.vote(-1, ident), "-")
            menu.addSeparator()
            add("Delete cause", self.delete_selected, "Delete")
        return menu
